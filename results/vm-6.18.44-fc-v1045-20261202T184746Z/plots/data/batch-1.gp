reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kgup-unreg_ns_per_page.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kgup-unreg_ns_per_page"; title="kgup: unreg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="unreg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=1; from_zero=0; nblocks=2; per_run=2; xbinary=0; nslots=3; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kmemmap-boot_reserved_kib.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kmemmap-boot_reserved_kib"; title="kmemmap: boot reserved kib, median [95% CI], quartiles, min-max\nnode=all"; ylabel="boot_reserved_kib (KiB, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=1; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kmemmap-model_extra_bytes.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kmemmap-model_extra_bytes"; title="kmemmap: model extra bytes, median [95% CI], quartiles, min-max\nnode=all"; ylabel="model_extra_bytes (bytes, lower is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=8; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kmemmap-reserved_pages.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kmemmap-reserved_pages"; title="kmemmap: reserved pages, median [95% CI], quartiles, min-max\nnode=all"; ylabel="reserved_pages (pages, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=1; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kpins-pins_held_midrun.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kpins-pins_held_midrun"; title="kpins: pins held midrun, median [95% CI], quartiles, min-max\nengine=io_uring-fixedbufs, rw=randread, jobs=1"; ylabel="pins_held_midrun (pages, lower is better)"; xlabel="bs, qd"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/kpins-pins_per_io.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/kpins-pins_per_io"; title="kpins: pins per io, median [95% CI], quartiles, min-max\nrw=randread, bs=4k, qd=32, jobs=1"; ylabel="pins_per_io (pages, lower is better)"; xlabel="engine"; logx=0; logy=1; from_zero=0; nblocks=2; per_run=2; xbinary=0; nslots=4; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/pinhash-lock_contended_share.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/pinhash-lock_contended_share"; title="pinhash: lock contended share, median [95% CI], quartiles, min-max\nmix=mixed, threads=2, node=all"; ylabel="lock_contended_share (share, lower is better)"; xlabel="design"; logx=0; logy=1; from_zero=0; nblocks=2; per_run=2; xbinary=0; nslots=7; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/pinhash-probes_hit.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/pinhash-probes_hit"; title="pinhash: probes hit, median [95% CI], quartiles, min-max\nm=4096, load=1, pattern=stride4096"; ylabel="probes_hit (probes, lower is better)"; xlabel="design"; logx=0; logy=1; from_zero=0; nblocks=2; per_run=2; xbinary=0; nslots=7; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/timer-calibration_drift.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/timer-calibration_drift"; title="timer: calibration drift, median [95% CI], quartiles, min-max\nclock=tsc"; ylabel="calibration_drift (ppm, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=1; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/timer-ns_per_op.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/timer-ns_per_op"; title="timer: ns per op, median [95% CI], quartiles, min-max\nloop=empty"; ylabel="ns_per_op (ns, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=1; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/timer-read_overhead.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/timer-read_overhead"; title="timer: read overhead, median [95% CI], quartiles, min-max"; ylabel="read_overhead (ns, lower is better)"; xlabel="clock"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/timer-resolution.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/timer-resolution"; title="timer: resolution, median [95% CI], quartiles, min-max"; ylabel="resolution (ns, lower is better)"; xlabel="clock"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/data/timer-tsc_ticks_per_op.dat"; outbase="results/vm-6.18.44-fc-v1045-20261202T184746Z/plots/timer-tsc_ticks_per_op"; title="timer: tsc ticks per op, median [95% CI], quartiles, min-max\nloop=empty"; ylabel="tsc_ticks_per_op (tsc_ticks, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=1; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
