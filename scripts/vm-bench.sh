#!/bin/sh
# scripts/vm-bench.sh - compare kernel builds on an emulated NUMA machine.
#
#   scripts/vm-bench.sh [--nodes N] [--cpus N] [--mem SIZE] [--args 'RUN ARGS']
#                       [--timeout S] [--virt auto|kvm|tcg] [--out DIR]
#                       [--pinbench PATH] [--no-compare] [KERNEL...]
#
# For each kernel (a bzImage[:modules dir], an unpacked root, a .deb or a
# Debian package name; default Debian's newest 6.1 and 6.12), boots it under
# qemu with N NUMA nodes, runs `pinbench run` inside (--quick unless the
# arguments say otherwise), copies the run directory back to
# OUT/vm-STAMP/KERNEL-Nnode, then runs `pinbench compare` and `pinbench plot`
# over the runs.  A kernel that panics, hangs or brings back nothing is
# reported with the end of its console log and the others still run.
# Exit status: 0 all kernels gave complete runs, 1 some did not, 2 bad usage.
# `make vm-bench` is the usual way in (see README.md).
set -u

VM_HERE=$(dirname "$0")
. "$VM_HERE/vm/common.sh"
. "$VM_HERE/vm/kernel.sh"
. "$VM_HERE/vm/modules.sh"
. "$VM_HERE/vm/initramfs.sh"
. "$VM_HERE/vm/boot.sh"

NODES=2 CPUS=2 MEM=4G RUN_ARGS='' TIMEOUT=5400 OUT=results PINBENCH=build/pinbench
# 5400 s per boot: the whole quick suite took about 40 minutes per kernel
# under TCG on the 2-core lab machine.
COMPARE=1 VM_DISK=${VM_DISK:-4G}
VM_SCRATCH=

usage() {
	sed -n '3,6p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# Empty values count as "not given" (make passes empty variables through).
parse_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--nodes) NODES=${2:-$NODES}; shift 2 ;;
		--cpus) CPUS=${2:-$CPUS}; shift 2 ;;
		--mem) MEM=${2:-$MEM}; shift 2 ;;
		--args) RUN_ARGS=$2; shift 2 ;;
		--timeout) TIMEOUT=${2:-$TIMEOUT}; shift 2 ;;
		--virt) VM_VIRT_WANT=${2:-auto}; shift 2 ;;
		--out) OUT=${2:-$OUT}; shift 2 ;;
		--pinbench) PINBENCH=$2; shift 2 ;;
		--no-compare) COMPARE=0; shift ;;
		--help|-h) usage ;;
		--) shift; break ;;
		-*) echo "vm-bench: unknown option $1" >&2; usage ;;
		*) break ;;
		esac
	done
	KERNELS=$*
}

check_args() {
	for n in "$NODES" "$CPUS" "$TIMEOUT"; do
		case "$n" in ''|*[!0-9]*|0) vm_die "'$n' is not a positive integer" ;; esac
	done
	[ $((CPUS % NODES)) -eq 0 ] ||
		vm_die "CPUS=$CPUS must be a multiple of NODES=$NODES (each node gets CPUS/NODES)"
	MEM_MIB=$(vm_size_mib "$MEM") || vm_die "MEM=$MEM: give a size like 4G or 4096M"
	[ $((MEM_MIB / NODES)) -ge 256 ] || vm_die "MEM=$MEM leaves under 256 MiB per node"
	case "${VM_VIRT_WANT:-auto}" in auto|kvm|tcg) ;; *) vm_die "VIRT must be auto, kvm or tcg" ;; esac
	[ -x "$PINBENCH" ] || vm_die "$PINBENCH: not built (make)"
	command -v "$VM_QEMU" >/dev/null || vm_die "$VM_QEMU not installed (sh scripts/deps.sh vm)"
}

cleanup() {
	vm_stop_qemu
	vm_stop_follower kill
	[ -n "$VM_SCRATCH" ] && rm -rf "$VM_SCRATCH"
	VM_SCRATCH=
}

# The `pinbench run` arguments: ARGS as the user gave them (split on
# blanks, no globbing), --quick unless they choose a mode, the label and
# the manifest keys that say how the guest was made.
run_args() {
	set -f
	# shellcheck disable=SC2086 # ARGS is a word list on purpose
	set -- $RUN_ARGS
	set +f
	case " $* " in
	*" --quick "*|*" --full "*) ;;
	*) set -- --quick "$@" ;;
	esac
	printf '%s\n' "$@" --label "$K_VERSION ${NODES}-node"
	manifest_keys | while IFS= read -r kv; do printf '%s\n' --manifest "$kv"; done
}

manifest_keys() {
	echo "virt=$VM_VIRT"
	echo "virt_reason=$VM_VIRT_WHY"
	echo "vm_nodes=$NODES"
	echo "vm_cpus=$CPUS"
	echo "vm_mem_mib=$MEM_MIB"
	echo "vm_kernel=$K_VERSION"
	echo "vm_kernel_source=$K_SOURCE"
	echo "vm_qemu=$($VM_QEMU --version | head -n 1)"
	echo "vm_host_kernel=$(uname -r)"
}

# A fresh ext4 work disk for fio's files (made here: mke2fs needs no root
# on an image file; no lazy init, so no kernel thread writes during the
# run) and an empty raw disk the guest writes its results tar onto.
make_disks() {
	truncate -s "$VM_DISK" "$1/work.img" &&
		mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$1/work.img" &&
		truncate -s 1G "$1/results.img"
}

# Boots the kernel just resolved with initrd layers base+mods, then moves
# the run it brought back to $1.
boot_and_collect() {
	dest=$1 base=$2 mods=$3
	make_disks "$VM_SCRATCH" || { vm_say "could not make the disk images"; return 1; }
	run_args | vm_boot_layer "$VM_SCRATCH/boot.cpio" run
	cat "$base" "$mods" "$VM_SCRATCH/boot.cpio" >"$VM_SCRATCH/initrd.cpio"
	vm_say "booting $K_VERSION: $NODES nodes, $CPUS CPUs, $MEM, $VM_VIRT (limit ${TIMEOUT} s)"
	if ! vm_boot "$VM_SCRATCH" "$K_IMAGE" "$VM_SCRATCH/initrd.cpio" "$VM_VIRT" \
		"$NODES" "$CPUS" "$MEM_MIB" "$TIMEOUT" "$VM_SCRATCH/work.img" "$VM_SCRATCH/results.img"; then
		vm_report_failure "$K_SOURCE: $VM_FAIL" "$VM_SCRATCH/console.log" "$VM_SCRATCH/qemu.log"
		return 1
	fi
	mkdir -p "$VM_SCRATCH/out"
	tar -xf "$VM_SCRATCH/results.img" -C "$VM_SCRATCH/out" 2>/dev/null
	if [ ! -f "$VM_SCRATCH/out/run/manifest.tsv" ]; then
		vm_report_failure "$K_SOURCE: the guest brought back no run" \
			"$VM_SCRATCH/console.log" "$VM_SCRATCH/qemu.log"
		return 1
	fi
	cp "$VM_SCRATCH/console.log" "$VM_SCRATCH/out/run/vm-console.log"
	mv "$VM_SCRATCH/out/run" "$dest"
}

# One kernel, start to end; prints nothing on stdout, returns 0 when a
# complete run landed in the session directory.
bench_kernel() {
	session=$1 spec=$2
	vm_resolve_kernel "$spec" || return 1
	mods=$(vm_module_layer "$K_MODDIR") || { vm_say "$spec: could not pack its modules"; return 1; }
	[ -n "$K_MODDIR" ] || vm_say "$spec: no modules directory; assuming virtio_blk and ext4 are built in"
	VM_SCRATCH=$(mktemp -d "$VM_CACHE/boot.XXXXXX")
	vm_boot_layer "$VM_SCRATCH/probe.cpio" probe </dev/null
	cat "$BASE" "$mods" "$VM_SCRATCH/probe.cpio" >"$VM_SCRATCH/initrd.cpio"
	vm_pick_accel "$K_IMAGE" "$VM_SCRATCH/initrd.cpio" "$VM_SCRATCH"
	vm_say "$K_VERSION: $VM_VIRT ($VM_VIRT_WHY)"
	[ "$VM_VIRT" = tcg ] && vm_say "TCG emulates every instruction: its timings are functional only"
	dest="$session/$(vm_safe_name "$K_VERSION")-${NODES}node" n=2
	while [ -e "$dest" ]; do	# the same kernel twice (KERNELS="A A")
		dest="$session/$(vm_safe_name "$K_VERSION")-${NODES}node-$n" n=$((n + 1))
	done
	boot_and_collect "$dest" "$BASE" "$mods"
	ok=$?
	cleanup
	[ $ok -eq 0 ] || return 1
	status=$(awk -F '\t' '$1 == "status" { print $2 }' "$dest/manifest.tsv")
	vm_say "$K_VERSION: run in $dest (status ${status:-unknown})"
	if [ "$status" != complete ]; then
		vm_report_failure "$spec: the run is not complete" "$dest/vm-console.log"
		return 1
	fi
	echo "$dest" >>"$session/.runs"
}

compare_runs() {
	session=$1
	runs=$(cat "$session/.runs" 2>/dev/null)
	[ -n "$runs" ] || return 0
	# shellcheck disable=SC2086 # run directories have safe names
	set -- $runs
	if [ $# -ge 2 ]; then
		"$PINBENCH" compare "$@" >"$session/compare.txt" ||
			vm_say "pinbench compare failed (see above)"
		cat "$session/compare.txt"
	fi
	"$PINBENCH" plot -o "$session/plots" "$@" || vm_say "plots not written (see above)"
}

main() {
	parse_args "$@"
	check_args
	mkdir -p "$VM_CACHE" "$OUT"
	trap cleanup EXIT
	trap 'exit 130' INT TERM HUP
	BASE=$(vm_base_layer "$PINBENCH") || vm_die "could not build the guest initramfs"
	[ -n "$KERNELS" ] || KERNELS=$(vm_default_kernels) || exit 2
	session="$OUT/vm-$(date -u +%Y%m%d-%H%M%S)"
	mkdir -p "$session"
	failed=
	for k in $KERNELS; do
		bench_kernel "$session" "$k" || failed="$failed $k"
	done
	[ "$COMPARE" = 1 ] && compare_runs "$session"
	rm -f "$session/.runs"
	if rmdir "$session" 2>/dev/null; then
		vm_say "no runs came back"
	else
		vm_say "runs in $session"
	fi
	[ -z "$failed" ] || { vm_say "no complete run from:$failed"; exit 1; }
}

main "$@"
