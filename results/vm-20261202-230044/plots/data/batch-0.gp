reset
datafile="results/vm-20261202-230044/plots/data/kcontig-huge_lost.dat"; outbase="results/vm-20261202-230044/plots/kcontig-huge_lost"; title="kcontig: huge lost, median [95% CI], quartiles, min-max\npin=longterm, layout=spread"; ylabel="huge_lost (pages, lower is better)"; xlabel="k"; logx=0; logy=0; from_zero=0; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
