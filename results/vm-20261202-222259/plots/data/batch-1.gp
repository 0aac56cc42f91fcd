reset
datafile="results/vm-20261202-222259/plots/data/kcontig-measured_over_predicted.dat"; outbase="results/vm-20261202-222259/plots/kcontig-measured_over_predicted"; title="kcontig: measured over predicted, median and quartiles\npin=longterm"; ylabel="measured_over_predicted (ratio, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
reset
datafile="results/vm-20261202-222259/plots/data/kcontig-region_blocks_hugetlb.dat"; outbase="results/vm-20261202-222259/plots/kcontig-region_blocks_hugetlb"; title="kcontig: region blocks hugetlb, median and quartiles\npin=longterm, layout=spread"; ylabel="region_blocks_hugetlb (blocks, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=1; per_run=1; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
