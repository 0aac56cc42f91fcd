reset
datafile="results/vm-20261202-184447/plots/data/kgup-reg_ns_per_page.dat"; outbase="results/vm-20261202-184447/plots/kgup-reg_ns_per_page"; title="kgup: reg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="reg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=2; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-184447/plots/data/kgup-unreg_ns_per_page.dat"; outbase="results/vm-20261202-184447/plots/kgup-unreg_ns_per_page"; title="kgup: unreg ns per page, median [95% CI], quartiles, min-max\npath=io_uring_register, size=64M"; ylabel="unreg_ns_per_page (ns, lower is better)"; xlabel="backing"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=2; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
