#!/usr/bin/env python3
"""REPORT.md's hot-path tables, read from committed runs' summary.tsv.

usage: scripts/hotpath-tables.py KIND RUN...   (KIND: floor, resolution,
hand, repeat, designs, pinned, threads).  Only reads what pinbench wrote;
every number printed is a field of a summary.tsv row (or, for `repeat`,
the spread of those fields across runs).
"""
import csv
import statistics
import sys

SIZES = ["4K", "8K", "16K", "32K", "64K", "128K", "256K", "512K", "1M", "2M", "4M",
         "8M", "16M", "32M", "64M", "128M", "256M", "512M", "1G"]
DESIGNS = ["baseline", "foll-pin", "page-callbacks", "pinhash", "movable-ops",
           "proxy", "dynamic-page", "page-ext"]


def load(run):
    rows = {}
    with open(f"{run}/summary.tsv", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rows[(r["design"], r["case"], r["metric"])] = r
    return rows


def num(r, k):
    return float(r[k]) if r and r[k] not in ("", "NA", "nan") else float("nan")


def med(r, digits=2):
    """median [95% CI of the median]"""
    if not r:
        return "-"
    lo, hi = num(r, "med_ci95_lo"), num(r, "med_ci95_hi")
    ci = f" [{lo:.{digits}f}, {hi:.{digits}f}]" if lo == lo else ""
    return f"{num(r, 'median'):.{digits}f}{ci}"


def p2p(size, design_case="op=page_to_pfn", order="seq", pinned="0%", place="-",
        threads=1, extra=""):
    return (f"{design_case},size={size},order={order},pinned={pinned},place={place},"
            f"threads={threads},mem=local{extra}")


def apart(a, b):
    """The two medians' intervals do not overlap."""
    return num(a, "med_ci95_hi") < num(b, "med_ci95_lo") or \
        num(b, "med_ci95_hi") < num(a, "med_ci95_lo")


def floor(run):
    t = load(run)
    e = t[("-", "op=empty,threads=1", "ns_per_op")]
    print(f"empty loop: median {med(e, 3)}, min {num(e, 'min'):.3f}, cv {num(e, 'cv')*100:.1f}%\n")
    print("| size | input stream (load) ns/op | pointer chase ns/load |")
    print("|---|---|---|")
    for s in SIZES:
        ld = t.get(("-", f"op=load,size={s},threads=1", "ns_per_op"))
        ch = t.get(("-", f"op=chase,size={s},threads=1", "ns_per_op"))
        if ld or ch:
            print(f"| {s} | {med(ld, 3)} | {med(ch, 1)} |")


def resolution(run):
    t = load(run)
    print("| size | baseline | proxy 0% | apart | proxy / baseline, paired | naked loop | naked / baseline, paired |")
    print("|---|---|---|---|---|---|---|")
    for s in SIZES:
        b = t.get(("baseline", p2p(s), "ns_per_op"))
        if not b:
            continue
        p = t.get(("proxy", p2p(s), "ns_per_op"))
        pr = t.get(("proxy", p2p(s), "ratio_to_baseline"))
        nk = f"op=naked_page_to_pfn,size={s},order=seq,threads=1"
        n = t.get(("-", nk, "ns_per_op"))
        nr = t.get(("-", nk, "ratio_to_baseline"))
        print(f"| {s} | {med(b, 3)} | {med(p, 3)} | {'yes' if apart(b, p) else 'no'} | "
              f"{med(pr, 3)} | {med(n, 3)} | {med(nr, 3)} |")


def hand(run, figure=0.44):
    t = load(run)
    print(f"| size | baseline median | min | cv | median / {figure} | naked loop median | min |")
    print("|---|---|---|---|---|---|---|")
    for s in SIZES:
        b = t.get(("baseline", p2p(s), "ns_per_op"))
        if not b:
            continue
        n = t.get(("-", f"op=naked_page_to_pfn,size={s},order=seq,threads=1", "ns_per_op"))
        print(f"| {s} | {num(b, 'median'):.3f} | {num(b, 'min'):.3f} | {num(b, 'cv')*100:.1f}% | "
              f"{num(b, 'median')/figure:.2f} | {num(n, 'median'):.3f} | {num(n, 'min'):.3f} |")


def repeat(*runs):
    tables = [load(r) for r in runs]
    print(f"| design | size | medians of the {len(runs)} runs (ns) | cv of the medians |")
    print("|---|---|---|---|")
    for d in ("baseline", "proxy"):
        for s in SIZES:
            ms = [num(t.get((d, p2p(s), "ns_per_op")), "median") for t in tables
                  if t.get((d, p2p(s), "ns_per_op"))]
            if len(ms) < 2:
                continue
            cv = statistics.stdev(ms) / statistics.mean(ms) * 100
            print(f"| {d} | {s} | {', '.join(f'{m:.3f}' for m in ms)} | {cv:.1f}% |")
    for s in SIZES:
        rs = [num(t.get(("proxy", p2p(s), "ratio_to_baseline")), "median") for t in tables
              if t.get(("proxy", p2p(s), "ratio_to_baseline"))]
        if len(rs) >= 2:
            cv = statistics.stdev(rs) / statistics.mean(rs) * 100
            print(f"| proxy/baseline | {s} | {', '.join(f'{m:.3f}' for m in rs)} | {cv:.1f}% |")


def designs(run, op, sizes=("4K", "16K", "256K", "1M", "64M", "1G"), metric="ns_per_op"):
    t = load(run)
    if isinstance(sizes, str):
        sizes = sizes.split(",")
    extra = ",pin_batch=16" if op == "pin_unpin" else ""
    cols = [(s, o) for s in sizes for o in ("seq", "rand")]
    print("| design | " + " | ".join(f"{s} {o}" for s, o in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for d in DESIGNS:
        cells = [med(t.get((d, p2p(s, f"op={op}", o, extra=extra), metric)),
                     3 if metric == "ratio_to_baseline" else 2) for s, o in cols]
        print(f"| {d} | " + " | ".join(cells) + " |")


def pinned(run, op, size, metric="ns_per_op", order="rand"):
    t = load(run)
    extra = ",pin_batch=16" if op == "pin_unpin" else ""
    shares = [("0%", "-"), ("1%", "random"), ("1%", "block"), ("50%", "random"),
              ("50%", "block"), ("100%", "-")]
    print("| design | " + " | ".join(f"{p} {pl}" for p, pl in shares) + " |")
    print("|---|" + "---|" * len(shares))
    for d in DESIGNS:
        cells = []
        for p, pl in shares:
            r = t.get((d, p2p(size, f"op={op}", order, p, pl, extra=extra), metric))
            cells.append(f"{num(r, 'median'):.2f}" if r else "-")
        print(f"| {d} | " + " | ".join(cells) + " |")


def threads(run, size):
    t = load(run)
    ops = ("page_to_pfn", "get_put", "pin_unpin")
    print(f"| {size} | " + " | ".join(f"{o} {n}t" for o in ops for n in (1, 2)) + " |")
    print("|---|" + "---|" * 6)
    for d in DESIGNS:
        cells = []
        for o in ops:
            extra = ",pin_batch=16" if o == "pin_unpin" else ""
            for n in (1, 2):
                r = t.get((d, p2p(size, f"op={o}", threads=n, extra=extra), "ns_per_op"))
                cells.append(f"{num(r, 'median'):.2f}" if r else "-")
        print(f"| {d} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, args = sys.argv[1], sys.argv[2:]
    fn = {"floor": floor, "resolution": resolution, "hand": hand, "repeat": repeat,
          "designs": designs, "pinned": pinned, "threads": threads}.get(kind)
    if not fn:
        sys.exit(f"hotpath-tables.py: unknown kind '{kind}'")
    fn(*args)
