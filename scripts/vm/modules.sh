# scripts/vm/modules.sh - the per-kernel initramfs layer: the modules the
# guest needs that the kernel did not build in (sourced after common.sh).
#
# Debian builds virtio_blk and ext4 as modules (and, in 6.1, virtio_pci).
# The layer holds them decompressed (busybox insmod reads plain ELF) under
# /lib/modules/ with load.list naming them in load order, dependencies
# first.  crc32c_generic is listed by hand: ext4 and jbd2 ask for crc32c
# through the crypto API (a softdep, not a symbol dependency).

VM_WANT_MODULES="virtio_pci virtio_blk crc32c_generic ext4 ${VM_MODULES:-}"

# "name path" for every module file under the modules directory, with the
# name spelt as the kernel does (dashes as underscores).
vm_module_index() {
	find "$1" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' |
		while read -r f; do
			n=$(basename "$f"); n=${n%%.ko*}
			echo "$(echo "$n" | tr - _) $f"
		done
}

vm_module_path() { awk -v n="$(echo "$1" | tr - _)" '$1 == n { print $2; exit }' "$2"; }

# Appends NAME and, before it, what it depends on (modinfo depends=) to
# the load list, each once.  A module with no file is built in or absent:
# the guest's own checks say which device is missing.
vm_module_closure() {
	local name path dep
	name=$(echo "$1" | tr - _)
	grep -qx "$name" "$3" && return 0
	path=$(vm_module_path "$name" "$2")
	[ -n "$path" ] || return 0
	for dep in $(modinfo -F depends "$path" | tr , ' '); do
		vm_module_closure "$dep" "$2" "$3"
	done
	echo "$name" >>"$3"
}

vm_decompress_module() {
	case "$1" in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac
}

# Prints the path of the cached module layer for modules directory $1
# (an empty archive when there is none: a kernel with everything built in).
vm_module_layer() {
	local moddir="$1" key out stage name
	key=$(printf '%s\n' "$moddir" "$VM_WANT_MODULES" | sha256sum | cut -c1-16)
	out="$VM_CACHE/modules-$key.cpio"
	[ -s "$out" ] && { echo "$out"; return 0; }
	stage=$(mktemp -d "$VM_CACHE/stage.XXXXXX")
	mkdir -p "$stage/lib/modules"
	: >"$stage/lib/modules/load.list"
	if [ -n "$moddir" ]; then
		vm_module_index "$moddir" >"$stage/index"
		for name in $VM_WANT_MODULES; do
			vm_module_closure "$name" "$stage/index" "$stage/lib/modules/load.list"
		done
		while read -r name; do
			vm_decompress_module "$(vm_module_path "$name" "$stage/index")" \
				>"$stage/lib/modules/$name.ko" || { rm -rf "$stage"; return 1; }
		done <"$stage/lib/modules/load.list"
		rm "$stage/index"
	fi
	vm_cpio_of_dir "$stage" >"$out.tmp" && mv "$out.tmp" "$out"
	rm -rf "$stage"
	echo "$out"
}
