# scripts/vm/kernel.sh - turn a KERNELS entry into an image, its version and
# its modules directory (sourced after common.sh).
#
# An entry is one of
#   PATH/TO/bzImage[:MODULES_DIR]   a built kernel; the modules directory is
#                                   found next to it or in /lib/modules/VER
#                                   when not given
#   DIR                             an unpacked package or install root
#                                   (DIR/boot/vmlinuz-*, DIR/lib/modules/*)
#   FILE.deb                        a kernel package file
#   linux-image-...                 a Debian package: `apt-get download`ed
#                                   and unpacked into the cache, never
#                                   installed
#   patch:NAME                      linux-source-6.12 with the series
#                                   kernels/patches/NAME, built (or taken
#                                   from the cache) by scripts/kernel-build.sh
# Sets K_IMAGE, K_VERSION, K_MODDIR (empty when none) and K_SOURCE.

# The kernel release a bzImage carries in its setup header: the 16-bit field
# kernel_version at 0x20e points (minus 0x200) at a NUL-terminated string
# "6.1.0-56-amd64 (debian-kernel@...) #1 ..." (Documentation/arch/x86/boot.rst).
vm_image_version() {
	magic=$(dd if="$1" bs=1 skip=$((0x202)) count=4 2>/dev/null)
	[ "$magic" = HdrS ] || return 1
	ptr=$(od -A n -t u2 -j $((0x20e)) -N 2 "$1" | tr -d ' ')
	dd if="$1" bs=1 skip=$((ptr + 0x200)) count=256 2>/dev/null |
		tr '\0' '\n' | head -n 1 | cut -d ' ' -f 1
}

# Newest Debian kernel package of a series (6.1, 6.12) the apt lists know,
# e.g. linux-image-6.1.0-56-amd64 or linux-image-6.12.117+deb12-amd64;
# the lists are fetched once when they have none.
vm_newest_kernel() {
	pattern="^linux-image-$(echo "$1" | sed 's/\./\\./g')(\.[0-9]+)?(-[0-9]+|\.[0-9]+\+deb[0-9]+)-amd64\$"
	name=$(apt-cache search --names-only "$pattern" | cut -d ' ' -f 1 | sort -V | tail -n 1)
	if [ -z "$name" ] && [ "$(id -u)" -eq 0 ]; then
		apt-get update -q >/dev/null 2>&1
		name=$(apt-cache search --names-only "$pattern" | cut -d ' ' -f 1 | sort -V | tail -n 1)
	fi
	[ -n "$name" ] || vm_die "no Debian $1 kernel package in the apt lists; give KERNELS=..."
	echo "$name"
}

# Default: Debian's newest 6.1 and 6.12.  6.1 takes plain page references
# for O_DIRECT, 6.12 pins with FOLL_PIN: the difference pinbench's pin
# counters show.
vm_default_kernels() {
	k61=$(vm_newest_kernel 6.1) && k612=$(vm_newest_kernel 6.12) && echo "$k61 $k612"
}

# Unpacks a .deb into the cache once; prints the unpacked root.
vm_unpack_deb() {
	root="$VM_CACHE/kernels/$(vm_safe_name "$(basename "$1" .deb)")"
	if [ ! -f "$root/.unpacked" ]; then
		rm -rf "$root" && mkdir -p "$root"
		dpkg-deb -x "$1" "$root" || { rm -rf "$root"; return 1; }
		touch "$root/.unpacked"
	fi
	echo "$root"
}

vm_cached_deb() { find "$VM_CACHE/kernels" -maxdepth 1 -name "$1_*.deb" | head -n 1; }

# apt-get download NAME into the cache (once); prints the .deb path.
vm_download_package() {
	dir="$VM_CACHE/kernels"
	mkdir -p "$dir"
	deb=$(vm_cached_deb "$1")
	if [ -z "$deb" ]; then
		vm_say "downloading $1"
		# apt drops privileges to _apt for downloads; the cache may not be
		# readable by it, so download as we are (-o APT::Sandbox::User).
		(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$1" >/dev/null) ||
			return 1
		deb=$(vm_cached_deb "$1")
	fi
	[ -n "$deb" ] && echo "$deb"
}

# An unpacked root: its one boot/vmlinuz-* and lib/modules/VER.
vm_kernel_from_root() {
	set -- "$1" "$1"/boot/vmlinuz-*
	[ $# -eq 2 ] && [ -f "$2" ] ||
		{ vm_say "$1: expected exactly one boot/vmlinuz-* in it"; return 1; }
	K_IMAGE=$2
	K_VERSION=${2##*/vmlinuz-}
	K_MODDIR=$1/lib/modules/$K_VERSION
	[ -d "$K_MODDIR" ] || K_MODDIR=
}

# A bare image: version from its header; modules as given, or next to it in
# an unpacked tree, or the installed ones of the same release.
vm_kernel_from_image() {
	K_IMAGE=$1
	K_VERSION=$(vm_image_version "$1") ||
		{ vm_say "$1: not a bzImage (no HdrS setup header)"; return 1; }
	K_MODDIR=$2
	if [ -z "$K_MODDIR" ]; then
		for d in "$(dirname "$1")/../lib/modules/$K_VERSION" "/lib/modules/$K_VERSION"; do
			[ -d "$d" ] && { K_MODDIR=$d; break; }
		done
	fi
	if [ -n "$K_MODDIR" ] && [ ! -d "$K_MODDIR" ]; then
		vm_say "$K_MODDIR: no such modules directory"
		return 1
	fi
}

vm_resolve_kernel() {
	K_SOURCE=$1
	spec=$1 mods=
	case "$spec" in
	*:*) [ -f "${spec%:*}" ] && { mods=${spec##*:}; spec=${spec%:*}; } ;;
	esac
	if [ "${spec#patch:}" != "$spec" ]; then
		img=$(sh "$VM_HERE/kernel-build.sh" "${spec#patch:}") ||
			{ vm_say "$spec: the kernel did not build (above)"; return 1; }
		vm_kernel_from_image "$img" ""
	elif [ -d "$spec" ]; then
		vm_kernel_from_root "$spec"
	elif [ -f "$spec" ]; then
		case "$spec" in
		*.deb) root=$(vm_unpack_deb "$spec") && vm_kernel_from_root "$root" ;;
		*) vm_kernel_from_image "$spec" "$mods" ;;
		esac
	else
		case "$spec" in
		*/*) vm_say "$spec: no such file or directory"; return 1 ;;
		esac
		deb=$(vm_download_package "$spec") ||
			{ vm_say "$spec: not a file and apt-get download failed"; return 1; }
		root=$(vm_unpack_deb "$deb") && vm_kernel_from_root "$root"
	fi
}
