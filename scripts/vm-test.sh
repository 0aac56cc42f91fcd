#!/bin/sh
# scripts/vm-test.sh [--pinbench PATH] [-- KERNEL] - `make test-vm`.
#
# Boots one kernel (default: Debian's newest 6.12, whose O_DIRECT pins with
# FOLL_PIN) with 2 NUMA nodes under scripts/vm-bench.sh, runs the quickest
# subset of the suite inside, and checks what came back:
#   - a complete run whose manifest says 2 nodes (as pinbench measured them
#     in the guest) and how the guest was run (virt=),
#   - rows for node 0 and node 1 from the multi-node benchmarks,
#   - pins per I/O from the fio benchmark (nr_foll_pin_* under fio).
# The whole test must stay under 15 minutes (CI): one boot, bounded.
set -u

VM_HERE=$(dirname "$0")
. "$VM_HERE/vm/common.sh"
. "$VM_HERE/vm/kernel.sh"

PINBENCH=build/pinbench
# What must come back: bench:item rows for each node (hotpath places the
# memmap on the threads' node or the other one; pinhash keys lock traffic
# by node), and kpins' pins per I/O read from nr_foll_pin_* under fio.
NODE_CHECKS=${VM_TEST_NODE_CHECKS:-"hotpath:mem=local hotpath:mem=remote pinhash:node=0 pinhash:node=1"}
PIN_BENCH=kpins PIN_METRIC=pins_per_io
# The quickest subset: a small hotpath grid with both placements and two
# threads (one per node), pinhash and kpins in quick mode, 2 repetitions,
# two designs: foll-pin (what Linux merged) and pinhash-node (a table per
# node; naming it rather than pinhash keeps pinhash's other variants out).
# The hotpath grid reaches the guest as --param arguments (VM_TEST_HOTPATH
# replaces them).
HOTPATH_PARAMS=${VM_TEST_HOTPATH:-"--param hotpath.sizes=16K,1M --param hotpath.orders=seq \
--param hotpath.pinned=0,50 --param hotpath.places=random --param hotpath.threads=1,2 \
--param hotpath.mem=local,remote --param hotpath.chase=0"}
RUN_ARGS="--quick --reps 2 -d foll-pin -d pinhash-node -b hotpath -b pinhash -b $PIN_BENCH \
$HOTPATH_PARAMS"
LIMIT=${VM_TEST_LIMIT:-720}
FAILS=0

# expect TEST_STATUS WHAT: one line, ok or FAIL.
expect() {
	if [ "$1" -eq 0 ]; then
		echo "test-vm: ok: $2"
	else
		echo "test-vm: FAIL: $2" >&2
		FAILS=$((FAILS + 1))
	fi
}

# Rows of RUN/BENCH.tsv whose case has ITEM (key=value) among its items.
rows_with() {
	awk -F '\t' -v item="$3" 'NR > 1 && ("," $3 ",") ~ ("," item ",") { c++ } END { print c + 0 }' \
		"$1/$2.tsv" 2>/dev/null || echo 0
}

# Rows of RUN/BENCH.tsv with METRIC and a value (not NA).
measured_rows() {
	awk -F '\t' -v m="$3" 'NR > 1 && $4 == m && $8 != "NA" { c++ } END { print c + 0 }' \
		"$1/$2.tsv" 2>/dev/null || echo 0
}

manifest_key() { awk -F '\t' -v k="$2" '$1 == k { print $2; exit }' "$1/manifest.tsv"; }

check_run() {
	run=$1
	status=$(manifest_key "$run" status)
	[ "$status" = complete ]
	expect $? "run status is '$status' $(manifest_key "$run" status_reason)"
	nodes=$(manifest_key "$run" numa_nodes)
	[ "$nodes" = 2 ]
	expect $? "the guest's pinbench saw '$nodes' NUMA nodes (want 2)"
	virt=$(manifest_key "$run" virt)
	[ "$virt" = kvm ] || [ "$virt" = tcg ]
	expect $? "manifest virt='$virt'"
	for check in $NODE_CHECKS; do
		rows=$(rows_with "$run" "${check%%:*}" "${check#*:}")
		[ "$rows" -gt 0 ]
		expect $? "${check%%:*}: $rows rows with ${check#*:}"
	done
	rows=$(measured_rows "$run" "$PIN_BENCH" "$PIN_METRIC")
	[ "$rows" -gt 0 ]
	expect $? "$PIN_BENCH: $rows $PIN_METRIC values under fio"
	# Where the time went, to keep the test under its 15 minutes.
	awk -F '\t' '$1 ~ /^bench\..*\.seconds$/ { printf "test-vm: %s %s s\n", $1, $2 }' \
		"$run/manifest.tsv"
}

main() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--pinbench) PINBENCH=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	kernel=${1:-$(vm_newest_kernel 6.12)}
	[ -n "$kernel" ] || exit 2
	out=$(mktemp -d "${TMPDIR:-/tmp}/pinbench-test-vm.XXXXXX")
	echo "test-vm: $kernel, 2 nodes, pinbench run $RUN_ARGS"
	VM_QUIET=${VM_QUIET:-1} sh "$VM_HERE/vm-bench.sh" --pinbench "$PINBENCH" --nodes 2 --cpus 2 \
		--mem 2G --timeout "$LIMIT" --out "$out" --no-compare --args "$RUN_ARGS" "$kernel"
	run=$(find "$out" -mindepth 2 -maxdepth 2 -name '*-2node' | head -n 1)
	if [ -n "$run" ]; then
		check_run "$run"
	else
		expect 1 "a run came back (see above)"
	fi
	if [ $FAILS -eq 0 ] && [ "${VM_TEST_KEEP:-0}" != 1 ]; then
		rm -rf "$out"
		echo "test-vm: all checks passed"
	else
		echo "test-vm: $FAILS checks failed; the run is in $out" >&2
		exit 1
	fi
}

main "$@"
