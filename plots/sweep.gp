# plots/sweep.gp - a sweep: a case parameter on x, one line per run and
# design (and other parameters): the median, bars from the 1st to the 3rd
# quartile.
#
# Variables (gnuplot -e, set by `pinbench plot`): datafile, outbase, title,
# xlabel, ylabel, logx, logy, from_zero, xbinary, nblocks, per_run.  datafile holds
# nblocks blocks, each a quoted line name, then "x median q1 q3 mean min
# max n" rows; run after run, per_run lines each, so a line keeps
# its colour across runs and each run has its own dashes.
# Writes outbase.png, outbase.svg and outbase.txt (80 columns).
set title title noenhanced
set xlabel xlabel noenhanced
set ylabel ylabel noenhanced
set key noenhanced outside below
set grid
set offsets graph 0.02, graph 0.02, graph 0.08, graph 0.08
if (logx) set logscale x 2
if (logx && xbinary) set format x "%.0b%B"
if (logy) set logscale y
# Costs and rates are never negative: their axis starts at 0.
if (from_zero) set yrange [0:*]

fig = "plot for [i=0:nblocks-1] datafile index i using 1:2:3:4 " . \
      "with yerrorlines lt (i % per_run + 1) dt int(i / per_run) + 1 " . \
      "pt (i % per_run + 1) title columnheader(1)"

set terminal pngcairo size 960,640 noenhanced
set output outbase . '.png'
@fig
set terminal svg size 960,640 noenhanced
set output outbase . '.svg'
replot
# The e-mail version: 80 columns of text.  Text has no dashes: every line
# gets its own characters.
per_run = nblocks
set key below maxcols 1
set terminal dumb size 80,32 nofeed
set output outbase . '.txt'
replot
set output
