reset
datafile="results/vm-20261202-183413/plots/data/kcontig-huge_obtained.dat"; outbase="results/vm-20261202-183413/plots/kcontig-huge_obtained"; title="kcontig: huge obtained, median and quartiles"; ylabel="huge_obtained (pages, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=6; per_run=3; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
