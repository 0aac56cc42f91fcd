#!/usr/bin/env python3
"""tests/report/test_kcontig_figure.py - scripts/kcontig-figure.py on a
synthetic run: the numbers it plots are the run's, and bad input exits 2."""
import os
import subprocess
import sys
import tempfile

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "kcontig-figure.py")
HEAD = ("bench\tdesign\tcase\tmetric\tunit\tbetter\tn\tn_missing\tmin\tmedian\tmean\t"
        "stddev\tcv\tp95\tp99\tmax\tci95_lo\tci95_hi\tmed_ci95_lo\tmed_ci95_hi\n")


def row(case, metric, median, lo, hi, n=6, ci=("NA", "NA")):
    return (f"kcontig\t-\t{case}\t{metric}\tpages\tlower\t{n}\t0\t{lo}\t{median}\t{median}\t"
            f"0\t0\t{hi}\t{hi}\t{hi}\tNA\tNA\t{ci[0]}\t{ci[1]}\n")


def synthetic(run):
    os.makedirs(run)
    case = "pin=longterm,layout=spread,k=16"
    with open(os.path.join(run, "summary.tsv"), "w") as f:
        f.write(HEAD)
        f.write(row(case, "region_blocks_hugetlb", 1536, 1535, 1536))
        f.write(row(case, "predicted_free_blocks", 1536, 1536, 1536))
        f.write(row(case, "huge_lost", 401, 300, 500, ci=(333, 466)))
        f.write(row(case, "huge_lost_predicted", 512, 512, 512))
        f.write(row(case, "huge_lost_filled", 256, 256, 256))
        f.write(row("pin=none,layout=none,k=0", "huge_obtained", 11000, 10900, 11100))


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)


def main():
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good")
        synthetic(good)
        p = run(good, "--out", os.path.join(tmp, "fig"))
        text = open(os.path.join(tmp, "fig", "kcontig-huge-longterm.txt")).read()
        # the median, its interval (not min-max) and both predictions, read
        if p.returncode != 0 or "401 [333, 466]" not in text or " 1536   1536 " not in text \
                or " 512     256 " not in text:
            print(f"FAIL figure numbers:\n{p.stderr}{text}")
            failed += 1
        if not os.path.getsize(os.path.join(tmp, "fig", "kcontig-huge-longterm.png")):
            print("FAIL empty png")
            failed += 1
        for bad in (os.path.join(tmp, "missing"), good + "-odirect"):
            os.makedirs(good + "-odirect", exist_ok=True)
            p = run(bad)
            if p.returncode != 2 or len(p.stderr.strip().splitlines()) != 1:
                print(f"FAIL bad input {bad}: rc {p.returncode} {p.stderr}")
                failed += 1
        p = run(good, "--pins", "odirect", "--out", os.path.join(tmp, "fig2"))
        if p.returncode != 2:
            print(f"FAIL no odirect rows: rc {p.returncode}")
            failed += 1
    print(f"kcontig-figure: {5 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
