reset
datafile="results/vm-20261202-182416/plots/data/kcontig-huge_obtained-pin_longterm.dat"; outbase="results/vm-20261202-182416/plots/kcontig-huge_obtained-pin_longterm"; title="kcontig: huge obtained, median [95% CI], quartiles, min-max\npin=longterm"; ylabel="huge_obtained (pages, higher is better)"; xlabel="layout, k"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=4; boxwidth=0.233333333; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kcontig-huge_obtained-pin_none.dat"; outbase="results/vm-20261202-182416/plots/kcontig-huge_obtained-pin_none"; title="kcontig: huge obtained, median [95% CI], quartiles, min-max\npin=none, layout=none, k=0"; ylabel="huge_obtained (pages, higher is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=1; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kcontig-measured_free_blocks-pin_longterm.dat"; outbase="results/vm-20261202-182416/plots/kcontig-measured_free_blocks-pin_longterm"; title="kcontig: measured free blocks, median [95% CI], quartiles, min-max\npin=longterm"; ylabel="measured_free_blocks (blocks, higher is better)"; xlabel="layout, k"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=4; boxwidth=0.233333333; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kcontig-measured_free_blocks-pin_none.dat"; outbase="results/vm-20261202-182416/plots/kcontig-measured_free_blocks-pin_none"; title="kcontig: measured free blocks, median [95% CI], quartiles, min-max\npin=none, layout=none, k=0"; ylabel="measured_free_blocks (blocks, higher is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=1; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kcontig-measured_over_predicted-pin_longterm.dat"; outbase="results/vm-20261202-182416/plots/kcontig-measured_over_predicted-pin_longterm"; title="kcontig: measured over predicted, median [95% CI], quartiles, min-max\npin=longterm"; ylabel="measured_over_predicted (ratio, higher is better)"; xlabel="layout, k"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=4; boxwidth=0.233333333; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-182416/plots/data/kcontig-measured_over_predicted-pin_none.dat"; outbase="results/vm-20261202-182416/plots/kcontig-measured_over_predicted-pin_none"; title="kcontig: measured over predicted, median [95% CI], quartiles, min-max\npin=none, layout=none, k=0"; ylabel="measured_over_predicted (ratio, higher is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=4; per_run=4; xbinary=0; nslots=1; boxwidth=0.233333333; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
