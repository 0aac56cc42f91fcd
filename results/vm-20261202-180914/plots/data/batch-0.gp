reset
datafile="results/vm-20261202-180914/plots/data/kgup-collapse_errno.dat"; outbase="results/vm-20261202-180914/plots/kgup-collapse_errno"; title="kgup: collapse errno, median [95% CI], quartiles, min-max\npath=madv_collapse"; ylabel="collapse_errno (errno, lower is better)"; xlabel="pinned"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=2; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-180914/plots/data/kgup-moved_pages.dat"; outbase="results/vm-20261202-180914/plots/kgup-moved_pages"; title="kgup: moved pages, median [95% CI], quartiles, min-max\npath=move_pages, pages=512"; ylabel="moved_pages (pages, higher is better)"; xlabel="pinned"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=2; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-180914/plots/data/kgup-pin_vs_get_ratio.dat"; outbase="results/vm-20261202-180914/plots/kgup-pin_vs_get_ratio"; title="kgup: pin vs get ratio, median [95% CI], quartiles, min-max\npath=pin_vs_get, pages=4096"; ylabel="pin_vs_get_ratio (x, lower is better)"; xlabel="backing"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=2; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-180914/plots/data/kgup-reg_ns_per_page.dat"; outbase="results/vm-20261202-180914/plots/kgup-reg_ns_per_page"; title="kgup: reg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="reg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=3; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
