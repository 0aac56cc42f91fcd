#!/usr/bin/env python3
"""tests/layout/check_layout.py BUILD_DIR - the house rules of README's
"Layout", checked on the tree and on the plain build's objects:

- no two source files call each other, directly or round a longer circle
  (from each object's defined and undefined symbols, `nm`);
- no source file outside tests/ over MAX_FILE lines, no function over
  MAX_FUNC lines (kernel style: a function's body opens with "{" alone in
  column 0 and closes with "}" in column 0);
- no benchmark source names a design: benchmarks ask the ops table's
  flags (bench/cli/ holds the defaults a user sees and is exempt).

Prints one line per breach and "layout: N passed, N failed".
"""
import os
import re
import subprocess
import sys

MAX_FILE = 420
MAX_FUNC = 60
SRC_DIRS = ("bench", "kernels", "workloads")
DESIGN_NAMES = ("baseline", "foll-pin", "page-callbacks", "movable-ops",
                "page-ext", "proxy", "dynamic-page")


def sources():
    for top in SRC_DIRS:
        for root, _, files in os.walk(top):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(root, f)


def symbols(obj):
    out = subprocess.run(["nm", "--defined-only", "-g", obj],
                         capture_output=True, text=True, check=True).stdout
    defined = {l.split()[-1] for l in out.splitlines() if l.strip()}
    out = subprocess.run(["nm", "-u", obj], capture_output=True, text=True,
                         check=True).stdout
    used = {l.split()[-1] for l in out.splitlines() if l.strip()}
    return defined, used


def call_graph(build):
    """source file -> set of source files whose functions it uses."""
    owner, uses = {}, {}
    for src in sources():
        if not src.endswith(".c"):
            continue
        obj = os.path.join(build, "plain", src[:-2] + ".o")
        if not os.path.exists(obj):
            continue
        defined, used = symbols(obj)
        for s in defined:
            owner[s] = src
        uses[src] = used
    return {src: {owner[s] for s in used if s in owner and owner[s] != src}
            for src, used in uses.items()}


def cycles(graph):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def long_functions(path, lines):
    start, name, prev = None, "", ""
    for i, line in enumerate(lines, 1):
        if line.rstrip("\n") == "{":
            start, name = i, prev.strip()
        elif line.startswith("}") and start:
            if i - start - 1 > MAX_FUNC:
                yield f"{path}:{start}: function of {i - start - 1} lines (max {MAX_FUNC}): {name}"
            start = None
        prev = line


def design_names(path, text):
    if not path.startswith("bench/") or path.startswith("bench/cli/"):
        return
    for name in DESIGN_NAMES:
        for m in re.finditer(r'"%s"' % re.escape(name), text):
            line = text.count("\n", 0, m.start()) + 1
            yield f"{path}:{line}: names design \"{name}\" (ask the ops table's flags)"


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    failures, checks = [], 0
    for src in sources():
        with open(src) as f:
            lines = f.readlines()
        checks += 1
        if len(lines) > MAX_FILE:
            failures.append(f"{src}: {len(lines)} lines (max {MAX_FILE})")
        failures += list(long_functions(src, lines))
        failures += list(design_names(src, "".join(lines)))
    checks += 1
    for comp in cycles(call_graph(build)):
        failures.append("files that call each other: " + " <-> ".join(comp))
    for f in failures:
        print(f)
    print(f"layout: {checks - len(failures) if checks > len(failures) else 0} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
