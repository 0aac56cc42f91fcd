#!/bin/sh
# tests/run.sh PINBENCH TEST_BINARY... - run each cmocka test program and
# close with one summary line: "tests: N passed, N failed, N skipped".
# PINBENCH is exported so tests that drive the CLI find the binary.
set -u
PINBENCH=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
export PINBENCH
# An UBSan report fails the test program (by default it prints and goes on).
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS
passed=0 failed=0 skipped=0 bad=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
# Runs one test program, bounded: a hung program fails, it cannot stall CI.
run_one() {
	timeout -k 10 1200 "$1" >"$log" 2>&1
}

for t in "$@"; do
	echo "== $t"
	run_one "$t"; rc=$?
	# Whole-system tests (Ctrl-C of a real kernel benchmark) depend on what
	# else the machine is doing: one retry, said in the output.
	case "$t" in *_interrupt) if [ "$rc" -ne 0 ]; then
		cat "$log"; echo "== $t failed (rc $rc); retrying once"; run_one "$t"; rc=$?
	fi ;; esac
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
