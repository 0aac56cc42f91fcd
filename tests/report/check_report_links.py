#!/usr/bin/env python3
"""tests/report/check_report_links.py [REPORT.md] - every results/ path the
report names exists in the tree.

A path is a `results/...` run of path characters, in a link target or in
code; `{1..5}` and `{a,b}` are expanded as the shell does, `*` matches as a
glob, and trailing punctuation of the sentence is not part of the path.
Prints one line per path that names nothing and "report links: N passed,
N failed"; exits 1 on any failure.
"""
import glob
import os
import re
import sys

PATH = re.compile(r"results/[A-Za-z0-9_./=,:+*{}-]*")
RANGE = re.compile(r"\{(\d+)\.\.(\d+)\}")
ALTERNATIVES = re.compile(r"\{([^{}]*,[^{}]*)\}")


def expand(path):
    """The paths a shell brace expression stands for."""
    m = RANGE.search(path)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return [q for i in range(lo, hi + 1)
                for q in expand(path[:m.start()] + str(i) + path[m.end():])]
    m = ALTERNATIVES.search(path)
    if m:
        return [q for alt in m.group(1).split(",")
                for q in expand(path[:m.start()] + alt + path[m.end():])]
    return [path]


def named_paths(text):
    for m in PATH.finditer(text):
        path = m.group(0)
        # Commas and dots close a sentence, unless they sit inside braces.
        while path and path[-1] in ".,:" and path.count("{") == path.count("}"):
            path = path[:-1]
        yield path


def exists(path):
    if "*" in path:
        return bool(glob.glob(path))
    return os.path.exists(path.rstrip("/"))


def main():
    report = sys.argv[1] if len(sys.argv) > 1 else "REPORT.md"
    with open(report, encoding="utf-8") as f:
        text = f.read()
    passed = failed = 0
    for path in sorted(set(named_paths(text))):
        missing = [p for p in expand(path) if not exists(p)]
        if missing:
            failed += 1
            print(f"{report}: {path} names nothing: {', '.join(missing)}")
        else:
            passed += 1
    print(f"report links: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
