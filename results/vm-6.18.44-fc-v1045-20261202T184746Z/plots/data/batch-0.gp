reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/cmodel-latency.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/cmodel-latency"; title="cmodel: latency, median [95% CI], quartiles, min-max\nscenario=both, mode=zone"; ylabel="latency (ms, lower is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=8; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/cmodel-order9_blocks.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/cmodel-order9_blocks"; title="cmodel: order9 blocks, median [95% CI], quartiles, min-max\nscenario=long, mode=zone"; ylabel="order9_blocks (blocks, higher is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=8; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/hotpath-ratio_to_baseline-op_page_to_pfn.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/hotpath-ratio_to_baseline-op_page_to_pfn"; title="hotpath: ratio to baseline, median [95% CI], quartiles, min-max\nop=page_to_pfn, size=16K, order=seq, pinned=0%, place=-, threads=1,\nmem=local"; ylabel="ratio_to_baseline (ratio, lower is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=7; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/hotpath-ratio_to_baseline-op_pin_unpin.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/hotpath-ratio_to_baseline-op_pin_unpin"; title="hotpath: ratio to baseline, median [95% CI], quartiles, min-max\nop=pin_unpin, size=16K, order=seq, pinned=0%, place=-, threads=1,\nmem=local, pin_batch=16"; ylabel="ratio_to_baseline (ratio, lower is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=7; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kcompact-compact_wall_ms.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kcompact-compact_wall_ms"; title="kcompact: compact wall ms, median [95% CI], quartiles, min-max\nfrag=alt4k-1024M, rw=randread, bs=4k, qd=32, jobs=1, node=0, pass=1"; ylabel="compact_wall_ms (ms, lower is better)"; xlabel="scenario, engine"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=6; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kcompact-thp_huge_share.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kcompact-thp_huge_share"; title="kcompact: thp huge share, median [95% CI], quartiles, min-max\nfrag=alt4k-1024M, rw=randread, bs=4k, qd=32, jobs=1"; ylabel="thp_huge_share (%, higher is better)"; xlabel="scenario, engine"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=6; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kcontig-huge_obtained.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kcontig-huge_obtained"; title="kcontig: huge obtained, median and quartiles"; ylabel="huge_obtained (pages, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=5; per_run=5; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kcontig-measured_free_blocks.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kcontig-measured_free_blocks"; title="kcontig: measured free blocks, median and quartiles"; ylabel="measured_free_blocks (blocks, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=5; per_run=5; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kcontig-measured_over_predicted.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kcontig-measured_over_predicted"; title="kcontig: measured over predicted, median and quartiles"; ylabel="measured_over_predicted (ratio, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=5; per_run=5; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kgup-collapse_errno.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kgup-collapse_errno"; title="kgup: collapse errno, median [95% CI], quartiles, min-max\npath=madv_collapse"; ylabel="collapse_errno (errno, lower is better)"; xlabel="pinned"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kgup-pin_vs_get_ratio.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kgup-pin_vs_get_ratio"; title="kgup: pin vs get ratio, median [95% CI], quartiles, min-max\npath=pin_vs_get, pages=4096"; ylabel="pin_vs_get_ratio (x, lower is better)"; xlabel="backing"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kgup-reg_ns_per_page.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kgup-reg_ns_per_page"; title="kgup: reg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="reg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=3; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
