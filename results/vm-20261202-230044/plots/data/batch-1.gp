reset
datafile="results/vm-20261202-230044/plots/data/kcontig-measured_over_predicted.dat"; outbase="results/vm-20261202-230044/plots/kcontig-measured_over_predicted"; title="kcontig: measured over predicted, median [95% CI], quartiles, min-max\npin=longterm"; ylabel="measured_over_predicted (ratio, higher is better)"; xlabel="layout, k"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=4; boxwidth=0.7; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-230044/plots/data/kcontig-region_blocks_hugetlb.dat"; outbase="results/vm-20261202-230044/plots/kcontig-region_blocks_hugetlb"; title="kcontig: region blocks hugetlb, median [95% CI], quartiles, min-max\npin=longterm, layout=spread"; ylabel="region_blocks_hugetlb (blocks, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=2; per_run=2; xbinary=0; nslots=2; boxwidth=0.7; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
