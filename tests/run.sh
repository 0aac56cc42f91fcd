#!/bin/sh
# tests/run.sh PINBENCH TEST_BINARY... - run each cmocka test program and
# close with one summary line: "tests: N passed, N failed, N skipped".
# PINBENCH is exported so tests that drive the CLI find the binary.
set -u
PINBENCH=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
export PINBENCH
passed=0 failed=0 skipped=0 bad=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
	echo "== $t"
	"$t" >"$log" 2>&1; rc=$?
	cat "$log"
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	s=$(sed -n 's/.*\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0})) skipped=$((skipped + ${s:-0}))
	f=${f:-0}
	# A program that crashed or exited non-zero without a cmocka tally failed.
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	failed=$((failed + f))
	[ "$f" -ne 0 ] && bad="$bad $t"
done
[ -n "$bad" ] && echo "failing:$bad"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
