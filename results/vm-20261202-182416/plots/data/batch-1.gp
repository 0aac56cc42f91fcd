reset
datafile="results/vm-20261202-182416/plots/data/kgup-collapse_errno.dat"; outbase="results/vm-20261202-182416/plots/kgup-collapse_errno"; title="kgup: collapse errno, median [95% CI], quartiles, min-max\npath=madv_collapse"; ylabel="collapse_errno (errno, lower is better)"; xlabel="pinned"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=2; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kgup-moved_pages.dat"; outbase="results/vm-20261202-182416/plots/kgup-moved_pages"; title="kgup: moved pages, median [95% CI], quartiles, min-max\npath=move_pages, pages=512"; ylabel="moved_pages (pages, higher is better)"; xlabel="pinned"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=2; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kgup-reg_ns_per_page.dat"; outbase="results/vm-20261202-182416/plots/kgup-reg_ns_per_page"; title="kgup: reg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="reg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=1; from_zero=0; nblocks=4; per_run=4; xbinary=0; nslots=2; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kgup-unreg_ns_per_page.dat"; outbase="results/vm-20261202-182416/plots/kgup-unreg_ns_per_page"; title="kgup: unreg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="unreg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=1; from_zero=0; nblocks=4; per_run=4; xbinary=0; nslots=2; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kmemmap-boot_reserved_kib.dat"; outbase="results/vm-20261202-182416/plots/kmemmap-boot_reserved_kib"; title="kmemmap: boot reserved kib, median [95% CI], quartiles, min-max\nnode=all"; ylabel="boot_reserved_kib (KiB, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=1; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kmemmap-model_extra_bytes.dat"; outbase="results/vm-20261202-182416/plots/kmemmap-model_extra_bytes"; title="kmemmap: model extra bytes, median [95% CI], quartiles, min-max\nnode=all"; ylabel="model_extra_bytes (bytes, lower is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=8; boxwidth=0.233333333; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kmemmap-reserved_pages.dat"; outbase="results/vm-20261202-182416/plots/kmemmap-reserved_pages"; title="kmemmap: reserved pages, median [95% CI], quartiles, min-max\nnode=all"; ylabel="reserved_pages (pages, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=1; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
