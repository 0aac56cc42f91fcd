"""scripts/summary_rows.py - reading a run's summary.tsv, for the scripts
that draw REPORT.md's tables and figures from committed runs."""
import csv
import os


def load(run):
    """The rows of RUN/summary.tsv as dicts keyed by its header."""
    with open(os.path.join(run, "summary.tsv"), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def num(v):
    """A cell as a float; None for NA, NaN or anything not a number."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if x == x else None
