reset
datafile="results/vm-20261202-183413/plots/data/kcontig-measured_free_blocks.dat"; outbase="results/vm-20261202-183413/plots/kcontig-measured_free_blocks"; title="kcontig: measured free blocks, median and quartiles"; ylabel="measured_free_blocks (blocks, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=6; per_run=3; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
reset
datafile="results/vm-20261202-183413/plots/data/kcontig-measured_over_predicted.dat"; outbase="results/vm-20261202-183413/plots/kcontig-measured_over_predicted"; title="kcontig: measured over predicted, median and quartiles"; ylabel="measured_over_predicted (ratio, higher is better)"; xlabel="k"; logx=0; logy=0; from_zero=1; nblocks=6; per_run=3; xbinary=0; pinbench_template="/work/main/build/../plots/sweep.gp"
load pinbench_template
