#!/usr/bin/env python3
"""scripts/summary-table.py - REPORT.md tables from committed runs.

    scripts/summary-table.py --bench B --metric M[,M...] [--case GLOB]
                             [--design GLOB] RUN_DIR...

Prints a markdown table: one row per (design, case), one column per run and
metric, each cell "median [95% interval of the median]" from the run's
summary.tsv (the interval is the order-statistic one; under 6 samples it does
not exist and the cell shows "(min-max)").  Every figure in a table is read,
never typed, so REPORT.md stays traceable to the runs it names.
"""
import argparse
import fnmatch
import os
import sys

from summary_rows import load, num


def fmt(x):
    if x is None:
        return "NA"
    # Whole numbers from 100 up to 1e5, three significant digits otherwise.
    return f"{x:.0f}" if 100 <= abs(x) < 1e5 else f"{x:.3g}"


def cell(row):
    med, lo, hi = num(row["median"]), num(row.get("med_ci95_lo")), num(row.get("med_ci95_hi"))
    if lo is not None and hi is not None:
        return f"{fmt(med)} [{fmt(lo)}, {fmt(hi)}]"
    return f"{fmt(med)} ({fmt(num(row['min']))}-{fmt(num(row['max']))})"


def label(run):
    with open(os.path.join(run, "manifest.tsv")) as f:
        kv = dict(l.rstrip("\n").split("\t", 1) for l in f if "\t" in l)
    return kv.get("kernel_release", os.path.basename(run.rstrip("/")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--metric", required=True)
    ap.add_argument("--case", default="*")
    ap.add_argument("--design", default="*")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    metrics = a.metric.split(",")
    data = {}
    keys = []
    for i, run in enumerate(a.runs):
        for r in load(run):
            if r["bench"] != a.bench or r["metric"] not in metrics:
                continue
            if not fnmatch.fnmatch(r["case"], a.case) or not fnmatch.fnmatch(r["design"], a.design):
                continue
            k = (r["design"], r["case"])
            if k not in keys:
                keys.append(k)
            data[(k, i, r["metric"])] = cell(r)
    if not keys:
        print(f"summary-table: nothing matches in {', '.join(a.runs)}", file=sys.stderr)
        return 2
    heads = [f"{m} ({label(run)})" for run in a.runs for m in metrics]
    print("| design | case | " + " | ".join(heads) + " |")
    print("| --- | --- |" + " --- |" * len(heads))
    for k in keys:
        cells = [data.get((k, i, m), "-") for i in range(len(a.runs)) for m in metrics]
        print(f"| {k[0]} | {k[1]} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
