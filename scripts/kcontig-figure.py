#!/usr/bin/env python3
"""scripts/kcontig-figure.py - huge pages lost to pins, measured beside the
predictions, from one committed kcontig run.

    scripts/kcontig-figure.py RUN_DIR [--pins longterm] [--out DIR]

Two panels per layout (spread, clustered), x = k pinned pages per 64
pageblocks:
  left:  the huge pages the kernel made of the region's blocks
         (region_blocks_hugetlb, median with min-max bars) against the exact
         prediction (predicted_free_blocks);
  right: the node-wide loss against the k = 0 run of the same repetition
         (huge_lost, median with its 95% interval of the median, or min-max
         under 6 samples) against one block per pinned block
         (huge_lost_predicted) and the fill-aware prediction
         (huge_lost_filled).
Writes DIR/kcontig-huge-<pins>.png and .txt (the numbers plotted, 80
columns); DIR defaults to RUN_DIR/figures.  Every number is read from
RUN_DIR/summary.tsv, never typed.  Exit 2 on bad input.
"""
import argparse
import os
import re
import subprocess
import sys

import summary_rows
from summary_rows import num

CASE = re.compile(r"^pin=(\w+),layout=(\w+),k=(\d+)$")


def fail(msg):
    print(f"kcontig-figure: {msg}", file=sys.stderr)
    sys.exit(2)


def load(run, pins):
    """{(layout, k): {metric: row}} for the run's kcontig rows of pins."""
    path = os.path.join(run, "summary.tsv")
    if not os.path.isfile(path):
        fail(f"{path}: no such file")
    out = {}
    for r in summary_rows.load(run):
        m = CASE.match(r.get("case", ""))
        if r.get("bench") != "kcontig" or not m or m.group(1) != pins:
            continue
        out.setdefault((m.group(2), int(m.group(3))), {})[r["metric"]] = r
    if not out:
        fail(f"{path}: no kcontig rows with pin={pins}")
    return out


def interval(row):
    lo, hi = num(row.get("med_ci95_lo")), num(row.get("med_ci95_hi"))
    if lo is None or hi is None:
        lo, hi = num(row["min"]), num(row["max"])
    return lo, hi


def series(data, layout):
    """Lines k, measured median/lo/hi and the predictions, ascending k."""
    lines = []
    for (lay, k), rows in sorted(data.items()):
        if lay != layout or "huge_lost" not in rows:
            continue
        reg, lost = rows["region_blocks_hugetlb"], rows["huge_lost"]
        rlo, rhi = num(reg["min"]), num(reg["max"])
        llo, lhi = interval(lost)
        lines.append([k, num(reg["median"]), rlo, rhi,
                      num(rows["predicted_free_blocks"]["median"]),
                      num(lost["median"]), llo, lhi,
                      num(rows["huge_lost_predicted"]["median"]),
                      num(rows["huge_lost_filled"]["median"]), int(lost["n"])])
    return lines


def write_text(path, run, pins, by_layout):
    with open(path, "w") as f:
        f.write(f"# kcontig pin={pins}: measured vs predicted ({os.path.basename(os.path.normpath(run))})\n")
        f.write("# region: huge pages made of the region's blocks; node: lost vs k=0\n")
        f.write(f"# {'layout':9} {'k':>3} {'region':>7} {'exact':>6} "
                f"{'node lost [interval]':>22} {'1/block':>7} {'filled':>7} {'n':>2}\n")
        for layout, lines in by_layout.items():
            for l in lines:
                lost = f"{l[5]:.0f} [{l[6]:.0f}, {l[7]:.0f}]"
                f.write(f"  {layout:9} {l[0]:3d} {l[1]:7.0f} {l[4]:6.0f} {lost:>22} "
                        f"{l[8]:7.0f} {l[9]:7.0f} {l[10]:2d}\n")


def gnuplot(png, pins, by_layout, datadir):
    cmds = ["set terminal pngcairo size 1100,%d font ',10'" % (440 * len(by_layout)),
            f"set output '{png}'",
            f"set multiplot layout {len(by_layout)},2",
            "set grid; set key below maxrows 3; set xlabel 'k (pinned pages per 64 pageblocks)'",
            "set xrange [-2:66]"]
    for layout in by_layout:
        dat = os.path.join(datadir, f"kcontig-huge-{pins}-{layout}.dat")
        cmds += [f"set title 'region: huge pages made of its blocks ({pins}, {layout})'",
                 "set ylabel '2 MiB pages'; set yrange [0:*]",
                 f"plot '{dat}' u 1:2:3:4 w yerrorlines t 'measured (min-max)', "
                 f"'' u 1:5 w linespoints dt 2 t 'predicted: blocks with no pin'",
                 f"set title 'node: huge pages lost against k=0 ({pins}, {layout})'",
                 "set autoscale y",
                 f"plot '{dat}' u 1:6:7:8 w yerrorlines t 'measured (95% CI of median)', "
                 f"'' u 1:9 w linespoints dt 2 t 'predicted: 1 per pinned block', "
                 f"'' u 1:10 w linespoints dt 3 t 'predicted: blocks filled'"]
    cmds.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(cmds), text=True, check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--pins", default="longterm", choices=("longterm", "odirect"))
    ap.add_argument("--out")
    a = ap.parse_args()
    data = load(a.run, a.pins)
    by_layout = {lay: series(data, lay) for lay in ("spread", "clustered")}
    by_layout = {lay: l for lay, l in by_layout.items() if l}
    if not by_layout:
        fail(f"{a.run}: no huge_lost rows (asked with huge_mib=max, with k=0?)")
    out = a.out or os.path.join(a.run, "figures")
    os.makedirs(out, exist_ok=True)
    for layout, lines in by_layout.items():
        with open(os.path.join(out, f"kcontig-huge-{a.pins}-{layout}.dat"), "w") as f:
            for l in lines:
                f.write(" ".join("NaN" if v is None else str(v) for v in l) + "\n")
    write_text(os.path.join(out, f"kcontig-huge-{a.pins}.txt"), a.run, a.pins, by_layout)
    gnuplot(os.path.join(out, f"kcontig-huge-{a.pins}.png"), a.pins, by_layout, out)
    print(os.path.join(out, f"kcontig-huge-{a.pins}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
