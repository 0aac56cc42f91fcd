# plots/box.gp - distributions: for each design/case one box per run.
# Box: the quartiles; whiskers: min and max; thick bar: the median; black
# error bar on it: the 95% interval of the median (order statistics; none
# under 6 samples), so that two boxes whose bars do not overlap differ.
#
# Variables (gnuplot -e, set by `pinbench plot`): datafile, outbase, title,
# xlabel, ylabel, logy, from_zero, nblocks, nslots, boxwidth, numbered.  datafile's
# block 0 holds the x tics ("slot label number"), blocks 1.. one run each:
# a quoted run name, then "x q1 min max q3 median n med_lo med_hi" rows.
# Writes outbase.png, outbase.svg and outbase.txt (80 columns).
set title title noenhanced
set xlabel xlabel noenhanced
set ylabel ylabel noenhanced
set key noenhanced outside below
set grid ytics
set xrange [-0.6:nslots - 0.4]
set boxwidth boxwidth absolute
set style fill solid 0.3 border
set offsets 0, 0, graph 0.08, graph 0.08
if (logy) set logscale y
# Costs and rates are never negative: their axis starts at 0.
if (from_zero) set yrange [0:*]
set xtics nomirror
if (nslots > 4) set xtics rotate by -30; set xlabel offset 0, -1
ticcol = 2

fig = "plot datafile index 0 using 1:(NaN):xticlabels(ticcol) notitle, " . \
      "for [i=1:nblocks-1] datafile index i using 1:2:3:4:5 " . \
      "with candlesticks whiskerbars 0.5 lt i title columnheader(1), " . \
      "for [i=1:nblocks-1] datafile index i using 1:6:6:6:6 " . \
      "with candlesticks lt i lw 3 notitle, " . \
      "for [i=1:nblocks-1] datafile index i using 1:6:8:9 " . \
      "with yerrorbars lc black lw 1 pt 0 notitle"

set terminal pngcairo size 960,640 noenhanced
set output outbase . '.png'
@fig
set terminal svg size 960,640 noenhanced
set output outbase . '.svg'
replot
# The e-mail version: 80 columns of text, tic labels unrotated; too many to
# fit are numbered, and pinbench writes their names below the figure.
set xtics norotate
set xlabel offset 0, 0
if (numbered) ticcol = 3
set key below maxcols 1
set terminal dumb size 80,32 nofeed
set output outbase . '.txt'
replot
set output
