reset
datafile="results/vm-20261202-222259/plots/data/kcontig-huge_lost.dat"; outbase="results/vm-20261202-222259/plots/kcontig-huge_lost"; title="kcontig: huge lost, median and quartiles\npin=longterm, layout=spread"; ylabel="huge_lost (pages, lower is better)"; xlabel="k"; logx=0; logy=0; from_zero=0; nblocks=1; per_run=1; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
