# scripts/vm/common.sh - shared by the VM lab scripts (sourced, POSIX sh).
#
# The VM lab boots kernel images under qemu with a chosen NUMA topology and
# runs pinbench inside.  Everything it downloads or builds lives in one cache
# directory (not in git): kernels, initramfs layers, per-boot scratch.

VM_CACHE=${PINBENCH_VM_CACHE:-.cache/vm}

vm_say() { echo "vm-bench: $*" >&2; }
vm_die() { echo "vm-bench: $*" >&2; exit 2; }

# A name that is safe as a file name: keep [A-Za-z0-9._-], map the rest to _.
vm_safe_name() { printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_'; }

# sha256 of the given files' contents, short, for cache keys.
vm_content_key() { cat "$@" | sha256sum | cut -c1-16; }

# Writes DIR's contents as one uncompressed newc cpio archive to stdout.
# Owner root so the guest sees its own files; uncompressed because the
# archives are concatenated per boot (the kernel unpacks them in order).
vm_cpio_of_dir() {
	(cd "$1" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet)
}

# Size strings as qemu takes them (4G, 512M, 4096) to MiB.
vm_size_mib() {
	case "$1" in
	*[Gg]) n=${1%?}; unit=1024 ;;
	*[Mm]) n=${1%?}; unit=1 ;;
	*) n=$1; unit=1 ;;
	esac
	case "$n" in
	''|*[!0-9]*) return 1 ;;
	esac
	echo $((n * unit))
}
