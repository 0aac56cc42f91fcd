#!/bin/sh
# scripts/deps.sh [GROUP...] - make sure the Debian packages pinbench needs
# are installed.  As root, installs what is missing with apt-get; otherwise
# prints the exact apt-get line and fails.  Groups: build (default), vm, kernel.
set -eu

build_pkgs="gcc make pkg-config python3 libhwloc-dev hwloc libnuma-dev numactl libpfm4-dev
linux-perf fio libaio-dev liburing-dev gnuplot-nox libtracefs-dev
libtraceevent-dev libgsl-dev libcmocka-dev libjansson-dev"
vm_pkgs="qemu-system-x86 busybox-static cpio zstd xz-utils kmod e2fsprogs"
# Real kernels (scripts/kernel-build.sh): the source and what kbuild needs.
kernel_pkgs="linux-source-6.12 gcc make flex bison bc libelf-dev libssl-dev xz-utils patch"

want=""
[ $# -eq 0 ] && set -- build
for group in "$@"; do
	case "$group" in
	build) want="$want $build_pkgs" ;;
	vm) want="$want $vm_pkgs" ;;
	kernel) want="$want $kernel_pkgs" ;;
	*) echo "deps.sh: unknown group '$group' (valid: build, vm, kernel)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "pinbench: missing Debian packages; run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "pinbench: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh image may have no package lists yet: update only when needed.
if ! apt-get install -y --no-install-recommends $missing >/dev/null 2>&1; then
	apt-get update -q >/dev/null
	apt-get install -y --no-install-recommends $missing >/dev/null
fi
