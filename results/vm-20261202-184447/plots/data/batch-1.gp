reset
datafile="results/vm-20261202-184447/plots/data/kmemmap-boot_reserved_kib.dat"; outbase="results/vm-20261202-184447/plots/kmemmap-boot_reserved_kib"; title="kmemmap: boot reserved kib, median [95% CI], quartiles, min-max\nnode=all"; ylabel="boot_reserved_kib (KiB, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=1; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-184447/plots/data/kmemmap-model_extra_bytes.dat"; outbase="results/vm-20261202-184447/plots/kmemmap-model_extra_bytes"; title="kmemmap: model extra bytes, median [95% CI], quartiles, min-max\nnode=all"; ylabel="model_extra_bytes (bytes, lower is better)"; xlabel="design"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=8; boxwidth=0.35; numbered=1; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
reset
datafile="results/vm-20261202-184447/plots/data/kmemmap-reserved_pages.dat"; outbase="results/vm-20261202-184447/plots/kmemmap-reserved_pages"; title="kmemmap: reserved pages, median [95% CI], quartiles, min-max\nnode=all"; ylabel="reserved_pages (pages, lower is better)"; xlabel="case"; logx=0; logy=0; from_zero=1; nblocks=3; per_run=3; xbinary=0; nslots=1; boxwidth=0.35; numbered=0; pinbench_template="/work/main/build/../plots/box.gp"
load pinbench_template
