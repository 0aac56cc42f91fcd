#!/bin/sh
# scripts/kernel-build.sh [--check] NAME... - the designs as real kernels.
#
# Builds Debian's linux-source-6.12 with kernels/patches/guest.config on top
# of x86_64_defconfig + kvm_guest.config and the series
# kernels/patches/NAME/*.patch applied in order; prints the bzImage's path.
# `make kernel PATCH=NAME` is the usual way in (README.md, "Real kernels").
#
#   --check   apply every series to the pristine source (dry run) and check
#             that olddefconfig keeps every option of guest.config; no build.
#             CI runs this.
#
# The image is cached under build/kernel/images/NAME-HASH/, HASH over the
# source version, the config fragments and the series, so asking again is
# instant.  All series share one source tree and one object tree, kept
# between calls: switching to a patch that touches one .c file rebuilds
# that file and the link.  Exit status:
# 0 built (or checked), 1 a build or check failed, 2 bad usage.
set -eu

HERE=$(cd "$(dirname "$0")/.." && pwd)
PATCHES=$HERE/kernels/patches
KDIR=${PINBENCH_KERNEL_DIR:-$HERE/build/kernel}
SERIES=6.12
TARBALL=/usr/src/linux-source-$SERIES.tar.xz
PRISTINE=$KDIR/linux-source-$SERIES

die() { echo "kernel-build: $*" >&2; exit 1; }
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

series_of() { ls "$PATCHES/$1"/*.patch 2>/dev/null | sort || true; }

check_names() {
	[ $# -gt 0 ] || usage
	for n in "$@"; do
		case "$n" in
		*/*|.*|'') echo "kernel-build: bad patch name '$n'" >&2; exit 2 ;;
		esac
		[ -d "$PATCHES/$n" ] || {
			echo "kernel-build: no series kernels/patches/$n (have: $(cd "$PATCHES" && ls -d */ | tr -d / | tr '\n' ' '))" >&2
			exit 2
		}
	done
}

unpack_source() {
	[ -f "$PRISTINE/.unpacked" ] && return 0
	[ -f "$TARBALL" ] || die "$TARBALL missing: run sh scripts/deps.sh kernel"
	echo "kernel-build: unpacking $TARBALL (about 20 s)" >&2
	rm -rf "$PRISTINE" && mkdir -p "$KDIR"
	tar -C "$KDIR" -xf "$TARBALL"
	touch "$PRISTINE/.unpacked"
}

source_version() { make -s -C "$PRISTINE" kernelversion; }

# What an image depends on: source version, fragments, the series.
build_hash() {
	{ source_version; cat "$PRISTINE/kernel/configs/kvm_guest.config" \
		"$PATCHES/guest.config"; for p in $(series_of "$1"); do cat "$p"; done; } |
		sha256sum | cut -c1-16
}

apply_series() {
	for p in $(series_of "$1"); do
		patch -d "$2" -p1 -s --no-backup-if-mismatch $3 <"$p" ||
			die "$(basename "$p") does not apply to linux-source-$SERIES ($(source_version))"
	done
}

patched_files() {
	for p in $(series_of "$1"); do sed -n 's|^+++ b/\([^	]*\).*|\1|p' "$p"; done | sort -u
}

# One source tree and one object tree for every series, so that switching
# series rebuilds only what differs: hard links to the pristine source
# (kbuild with O= writes nothing into it); the files the previous series
# patched are restored as copies and touched, the new series applied on
# copies, so make sees exactly those files change.  A series that only
# touches mm/compaction.c rebuilds one object and the link; one that changes
# struct page rebuilds everything.
TREE=$KDIR/tree OUT=$KDIR/out

prepare_tree() {
	stamp=$TREE/.pinbench-series want="$1 $(build_hash "$1")"
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	[ -f "$PRISTINE/.linked" ] && [ -d "$TREE" ] || {
		rm -rf "$TREE" && cp -al "$PRISTINE" "$TREE" && touch "$PRISTINE/.linked"
	}
	# Files a series created (not in the pristine source) go; the others
	# come back as fresh copies.
	for f in $(cat "$TREE/.pinbench-files" 2>/dev/null) $(patched_files "$1"); do
		if [ -f "$PRISTINE/$f" ]; then
			cp --remove-destination "$PRISTINE/$f" "$TREE/$f" && touch "$TREE/$f"
		else
			rm -f "$TREE/$f"
		fi
	done
	apply_series "$1" "$TREE" ""
	patched_files "$1" >"$TREE/.pinbench-files"
	echo "$want" >"$stamp"
}

# defconfig + kvm_guest.config + guest.config, then olddefconfig.
make_config() {
	mkdir -p "$2"
	make -s -C "$1" O="$2" x86_64_defconfig >/dev/null
	KCONFIG_CONFIG="$2/.config" "$1/scripts/kconfig/merge_config.sh" -m -O "$2" \
		"$2/.config" "$1/kernel/configs/kvm_guest.config" "$PATCHES/guest.config" >/dev/null
	make -s -C "$1" O="$2" olddefconfig >/dev/null
	verify_config "$2/.config"
}

# Every option guest.config asks for survived olddefconfig.
verify_config() {
	bad=0
	for line in $(grep -E '^CONFIG_[A-Z0-9_]+=' "$PATCHES/guest.config"); do
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -qE "^$opt=[ym]" "$1" && { echo "kernel-build: $opt=n asked, Kconfig kept it on" >&2; bad=1; }
		else
			grep -qx "$line" "$1" || { echo "kernel-build: $line asked, olddefconfig dropped it ($(grep -E "^(# )?$opt[= ]" "$1" || echo absent))" >&2; bad=1; }
		fi
	done
	[ "$bad" -eq 0 ] || die "guest.config is not what Kconfig gives (above)"
}

# Compiles with every CPU (the release names the series, e.g.
# 6.12.118-pinbench-stock, so runs and comparisons tell kernels apart);
# one progress line: objects so far of the last
# build's count, and the time left at the pace so far.
compile() {
	out=$1 log=$out/build.log total=$(cat "$out/.pinbench-objects" 2>/dev/null || echo 0)
	start=$(date +%s)
	make -C "$TREE" O="$out" -j"$(nproc)" LOCALVERSION="-pinbench-$2" bzImage >"$log" 2>&1 &
	pid=$!
	trap 'kill $pid 2>/dev/null; exit 1' INT TERM
	while kill -0 $pid 2>/dev/null; do
		sleep 5
		n=$(grep -c '^  CC ' "$log" || true) el=$(($(date +%s) - start))
		if [ "$total" -gt "$n" ] && [ "$n" -gt 0 ]; then
			printf '\rkernel-build %s: %d/%d objects, %ds, ~%ds left ' "$2" "$n" "$total" "$el" $((el * (total - n) / n)) >&2
		else
			printf '\rkernel-build %s: %d objects, %ds ' "$2" "$n" "$el" >&2
		fi
	done
	wait $pid || { echo >&2; tail -n 30 "$log" >&2; die "build of $2 failed (log: $log)"; }
	echo >&2
	n=$(grep -c '^  CC ' "$log" || true)
	[ "$n" -gt "$total" ] && echo "$n" >"$out/.pinbench-objects"
	BUILD_S=$(($(date +%s) - start)) BUILD_OBJS=$n
}

build_one() {
	hash=$(build_hash "$1") img=$KDIR/images/$1-$hash
	if [ -f "$img/bzImage" ]; then
		echo "kernel-build: $1 cached ($img)" >&2
		echo "$img/bzImage"
		return 0
	fi
	prepare_tree "$1"
	out=$OUT
	make_config "$TREE" "$out"
	compile "$out" "$1"
	mkdir -p "$img"
	cp "$out/arch/x86/boot/bzImage" "$out/.config" "$img/"
	printf 'patch\t%s\nhash\t%s\nsource\tlinux-source-%s %s\nseconds\t%s\nobjects_compiled\t%s\ncpus\t%s\nload_at_start\t%s\n' \
		"$1" "$hash" "$SERIES" "$(source_version)" "$BUILD_S" "$BUILD_OBJS" "$(nproc)" \
		"$(cut -d ' ' -f 1-3 /proc/loadavg)" >"$img/build.tsv"
	echo "kernel-build: $1 built in ${BUILD_S}s, $BUILD_OBJS objects compiled ($img)" >&2
	echo "$img/bzImage"
}

check_one() {
	apply_series "$1" "$PRISTINE" --dry-run
	echo "kernel-build: $1: $(series_of "$1" | wc -l) patch(es) apply to linux-source-$SERIES $(source_version)"
}

main() {
	check=0
	[ "${1:-}" = --check ] && { check=1; shift; }
	case "${1:-}" in -h|--help) usage ;; esac
	check_names "$@"
	unpack_source
	if [ "$check" -eq 1 ]; then
		for n in "$@"; do check_one "$n"; done
		tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
		make_config "$PRISTINE" "$tmp"
		echo "kernel-build: guest.config: every option kept by olddefconfig"
		return 0
	fi
	for n in "$@"; do build_one "$n"; done
}

main "$@"
