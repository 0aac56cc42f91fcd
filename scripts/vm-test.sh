#!/bin/sh
# scripts/vm-test.sh [--pinbench PATH] [-- KERNEL] - `make test-vm`.
#
# Boots one kernel (default: Debian's newest 6.12, whose O_DIRECT pins with
# FOLL_PIN) with 2 NUMA nodes under scripts/vm-bench.sh, runs the quickest
# subset of the suite inside, and checks what came back:
#   - a complete run whose manifest says 2 nodes (as pinbench measured them
#     in the guest) and how the guest was run (virt=),
#   - rows for node 0 and node 1 from the multi-node benchmarks,
#   - pin counter rows from the fio benchmark.
# The whole test must stay under 15 minutes (CI): one boot, bounded.
set -u

VM_HERE=$(dirname "$0")
. "$VM_HERE/vm/common.sh"
. "$VM_HERE/vm/kernel.sh"

PINBENCH=build/pinbench
# Benchmarks with per-node rows, and the one reading nr_foll_pin_* under fio.
NODE_BENCHES=${VM_TEST_NODE_BENCHES:-"hotpath pinhash"}
PIN_BENCH=${VM_TEST_PIN_BENCH:-kpins}
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

# Rows of BENCH.tsv whose case names node N (node=N among its key=value).
node_rows() {
	awk -F '\t' -v n="$2" 'NR > 1 && ("," $3 ",") ~ (",node=" n ",") { c++ } END { print c + 0 }' \
		"$1/$3.tsv" 2>/dev/null || echo 0
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
	for b in $NODE_BENCHES; do
		for n in 0 1; do
			rows=$(node_rows "$run" "$n" "$b")
			[ "$rows" -gt 0 ]
			expect $? "$b: $rows rows for node $n"
		done
	done
	pins=$(awk -F '\t' 'NR > 1 && $4 ~ /foll_pin/ { c++ } END { print c + 0 }' \
		"$run/$PIN_BENCH.tsv" 2>/dev/null || echo 0)
	[ "$pins" -gt 0 ]
	expect $? "$PIN_BENCH: $pins nr_foll_pin rows"
}

main() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--pinbench) PINBENCH=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	kernel=${1:-$(vm_default_kernels | cut -d ' ' -f 2)}
	[ -n "$kernel" ] || exit 2
	out=$(mktemp -d "${TMPDIR:-/tmp}/pinbench-test-vm.XXXXXX")
	args="--quick --reps 3"
	for b in $NODE_BENCHES $PIN_BENCH; do args="$args -b $b"; done
	echo "test-vm: $kernel, 2 nodes, $args"
	VM_QUIET=${VM_QUIET:-1} sh "$VM_HERE/vm-bench.sh" --pinbench "$PINBENCH" --nodes 2 --cpus 2 \
		--mem 2G --timeout "$LIMIT" --out "$out" --no-compare --args "$args" "$kernel"
	run=$(find "$out" -mindepth 2 -maxdepth 2 -name '*-2node' | head -n 1)
	if [ -n "$run" ]; then
		check_run "$run"
	else
		expect 1 "a run came back (see above)"
	fi
	if [ $FAILS -eq 0 ]; then
		rm -rf "$out"
		echo "test-vm: all checks passed"
	else
		echo "test-vm: $FAILS checks failed; the run is in $out" >&2
		exit 1
	fi
}

main "$@"
