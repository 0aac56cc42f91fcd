# scripts/vm/initramfs.sh - the guest's root filesystem (sourced after
# common.sh).
#
# The guest boots from three concatenated cpio archives:
#   base     busybox, fio, numactl, pinbench and their shared libraries,
#            pinbench's fio job files and /init (scripts/vm/init); cached
#            under a key of their contents, so a new pinbench rebuilds it
#   modules  per kernel (scripts/vm/modules.sh)
#   boot     per boot: the arguments for `pinbench run`

VM_HERE=${VM_HERE:-scripts}
VM_GUEST_TOOLS="fio numactl ${VM_EXTRA_TOOLS:-}"

# Copies a program and every shared library it loads (ldd) into the stage,
# each at the path the dynamic loader will look for it.
vm_stage_program() {
	local stage="$1" prog="$2" lib
	mkdir -p "$stage/usr/bin"
	cp -L "$prog" "$stage/usr/bin/"
	for lib in $(ldd "$prog" | awk '/=> \// { print $3 } /^\t\// { print $1 }'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

# pinbench looks for its fio job files in workloads/ next to or above its
# binary: /usr/workloads for /usr/bin/pinbench.
vm_fio_jobs() { find "$VM_HERE/../workloads" -maxdepth 1 -name '*.fio' 2>/dev/null | sort; }

vm_stage_fio_jobs() {
	mkdir -p "$1/usr/workloads"
	vm_fio_jobs | while read -r job; do cp "$job" "$1/usr/workloads/"; done
}

vm_stage_base() {
	local stage="$1" pinbench="$2" tool path
	mkdir -p "$stage/bin" "$stage/etc" "$stage/dev" "$stage/proc" "$stage/sys" \
		"$stage/tmp" "$stage/mnt/work" "$stage/results" "$stage/root"
	cp /bin/busybox "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	cp "$VM_HERE/vm/init" "$stage/init"
	chmod 755 "$stage/init"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
	echo 'root:x:0:' >"$stage/etc/group"
	vm_stage_program "$stage" "$pinbench"
	vm_stage_fio_jobs "$stage"
	for tool in $VM_GUEST_TOOLS; do
		path=$(command -v "$tool") || { vm_say "$tool not installed"; return 1; }
		vm_stage_program "$stage" "$path"
	done
}

# Prints the path of the base layer for this pinbench binary, building it
# when pinbench, its fio job files, /init or this builder changed.
vm_base_layer() {
	local pinbench="$1" key out stage
	# shellcheck disable=SC2046 # job file names have no blanks
	key=$(vm_content_key "$pinbench" "$VM_HERE/vm/init" "$VM_HERE/vm/initramfs.sh" $(vm_fio_jobs))
	out="$VM_CACHE/base-$key.cpio"
	# Another session may still boot from an older base: drop only those
	# unused for 6 hours (each use touches its file).
	find "$VM_CACHE" -maxdepth 1 -name 'base-*.cpio' -mmin +360 -delete
	[ -s "$out" ] && { touch "$out"; echo "$out"; return 0; }
	vm_say "building the guest initramfs (busybox, $VM_GUEST_TOOLS, pinbench)"
	stage=$(mktemp -d "$VM_CACHE/stage.XXXXXX")
	if ! vm_stage_base "$stage" "$pinbench"; then
		rm -rf "$stage"
		return 1
	fi
	vm_cpio_of_dir "$stage" >"$out.tmp" && mv "$out.tmp" "$out"
	rm -rf "$stage"
	echo "$out"
}

# The per-boot layer: /etc/pinbench-vm/mode (run or probe); args, the
# `pinbench run` arguments one per line as read from stdin, so no quoting
# has to survive two shells; env, the host's PINBENCH_* variables for the
# guest to export (a benchmark's parameters go in args, as --param).
vm_boot_layer() {
	local out="$1" mode="$2" stage
	stage=$(mktemp -d "$VM_CACHE/stage.XXXXXX")
	mkdir -p "$stage/etc/pinbench-vm"
	echo "$mode" >"$stage/etc/pinbench-vm/mode"
	cat >"$stage/etc/pinbench-vm/args"
	# Host paths mean nothing in the guest: not PINBENCH_VM_* (this
	# script's), PINBENCH_WORKLOADS or PINBENCH_PLOTS.
	env | grep '^PINBENCH_' | grep -v -e '^PINBENCH_VM_' -e '^PINBENCH_WORKLOADS=' \
		-e '^PINBENCH_PLOTS=' >"$stage/etc/pinbench-vm/env"
	vm_cpio_of_dir "$stage" >"$out"
	rm -rf "$stage"
}
