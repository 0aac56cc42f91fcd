# scripts/vm/boot.sh - one qemu boot with a NUMA topology, a time limit and
# nothing left behind (sourced after common.sh and initramfs.sh).

VM_QEMU=${VM_QEMU:-qemu-system-x86_64}
VM_BOOT_LIMIT=${VM_BOOT_LIMIT:-180}	# seconds to reach /init
VM_QEMU_PID=
VM_TAIL_PID=

# -object/-numa options: MEM and CPUS split evenly over NODES, node i has
# CPUs [i*c, (i+1)*c) and is 10 from itself, DIST from every other node
# (qemu wants every node declared before the first distance).
vm_numa_args() {
	local nodes="$1" cpus="$2" mem_mib="$3" dist="$4" i j per_cpu mib
	per_cpu=$((cpus / nodes))
	i=0
	while [ $i -lt "$nodes" ]; do
		mib=$((mem_mib / nodes))
		[ $i -eq 0 ] && mib=$((mib + mem_mib % nodes))
		printf ' -object memory-backend-ram,id=m%d,size=%dM' $i $mib
		printf ' -numa node,nodeid=%d,cpus=%d-%d,memdev=m%d' \
			$i $((i * per_cpu)) $(((i + 1) * per_cpu - 1)) $i
		i=$((i + 1))
	done
	i=0
	while [ $i -lt "$nodes" ]; do
		j=$((i + 1))
		while [ $j -lt "$nodes" ]; do
			printf ' -numa dist,src=%d,dst=%d,val=%d' $i $j "$dist"
			j=$((j + 1))
		done
		i=$((i + 1))
	done
}

vm_accel_args() {
	case "$1" in
	kvm) echo "-accel kvm -cpu host" ;;
	*) echo "-accel tcg,thread=multi -cpu max" ;;
	esac
}

# Kills the running qemu (and the console follower): TERM, then KILL.
vm_stop_qemu() {
	if [ -n "$VM_QEMU_PID" ] && kill -0 "$VM_QEMU_PID" 2>/dev/null; then
		kill -TERM "$VM_QEMU_PID" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$VM_QEMU_PID" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$VM_QEMU_PID" 2>/dev/null
	fi
	if [ -n "$VM_QEMU_PID" ]; then
		wait "$VM_QEMU_PID" 2>/dev/null
		VM_QEMU_STATUS=$?
	fi
	VM_QEMU_PID=
}

# The follower ends by itself within a second of qemu (tail --pid); on an
# interrupt it is killed.
vm_stop_follower() {
	[ -n "$VM_TAIL_PID" ] || return 0
	[ "$1" = kill ] && kill "$VM_TAIL_PID" 2>/dev/null
	wait "$VM_TAIL_PID" 2>/dev/null
	VM_TAIL_PID=
}

# Shows the guest's own lines (not the kernel's "[ time]" lines) as they come.
vm_follow_console() {
	tail -n +1 -F --pid="$VM_QEMU_PID" "$1" 2>/dev/null |
		grep --line-buffered -v '^\[ *[0-9]*\.[0-9]*\]' | sed -u 's/^/  guest| /' &
	VM_TAIL_PID=$!
}

# Waits for qemu to end; kills it when it has not reached /init after
# VM_BOOT_LIMIT s or not ended after $2 s.  Sets VM_FAIL to why, or empty.
vm_watch_qemu() {
	local log="$1" limit="$2" start now
	start=$(date +%s)
	VM_FAIL=
	while kill -0 "$VM_QEMU_PID" 2>/dev/null; do
		sleep 1
		now=$(($(date +%s) - start))
		if [ $now -ge "$limit" ]; then
			VM_FAIL="no end after ${limit} s (hung or too slow: raise VM_TIMEOUT)"
		elif [ $now -ge "$VM_BOOT_LIMIT" ] && ! grep -q '^pinbench-vm: init reached' "$log"; then
			VM_FAIL="did not reach /init in ${VM_BOOT_LIMIT} s"
		fi
		[ -n "$VM_FAIL" ] && break
	done
	vm_stop_qemu
	vm_stop_follower wait
	if [ -z "$VM_FAIL" ] && [ "$VM_QEMU_STATUS" -ne 0 ]; then
		VM_FAIL="qemu exited with status $VM_QEMU_STATUS"
	fi
}

# vm_boot DIR IMAGE INITRD ACCEL NODES CPUS MEM_MIB LIMIT [DISK...]
# Boots with console log DIR/console.log; returns 1 with VM_FAIL set if it
# was killed.  DISKs are raw images, attached as virtio disks in order.
vm_boot() {
	local dir="$1" image="$2" initrd="$3" accel="$4" nodes="$5" cpus="$6" mib="$7" \
		limit="$8" d drives=
	shift 8
	for d in "$@"; do
		drives="$drives -drive file=$d,if=virtio,format=raw,cache=unsafe"
	done
	: >"$dir/console.log"
	# shellcheck disable=SC2046 # the option strings are meant to split
	$VM_QEMU -machine q35 $(vm_accel_args "$accel") \
		-smp "$cpus,sockets=$nodes,cores=$((cpus / nodes)),threads=1" \
		-m "${mib}M" $(vm_numa_args "$nodes" "$cpus" "$mib" "${VM_DIST:-20}") \
		-kernel "$image" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 ${VM_APPEND:-}" $drives \
		-display none -serial "file:$dir/console.log" -monitor none \
		-no-reboot -nodefaults </dev/null >"$dir/qemu.log" 2>&1 &
	VM_QEMU_PID=$!
	[ "${VM_QUIET:-0}" = 1 ] || vm_follow_console "$dir/console.log"
	vm_watch_qemu "$dir/console.log" "$limit"
	[ -z "$VM_FAIL" ]
}

# Prints why a boot gave nothing, with the end of its console log and of
# what qemu itself said (vm_report_failure WHY CONSOLE_LOG [QEMU_LOG]).
vm_report_failure() {
	vm_say "$1"
	echo "---- last 30 lines of $2 ----" >&2
	tail -n 30 "$2" >&2
	if [ -s "${3:-}" ]; then
		echo "---- qemu said ----" >&2
		tail -n 10 "$3" >&2
	fi
	echo "----" >&2
}

# Does KVM really run this kernel?  /dev/kvm can exist without hardware
# virtualisation (a PVM module, as on the lab machine, where stock kernels
# crawl in KVM's instruction emulator or die in their decompressor), so ask
# the CPU flags first and then boot the kernel once to /init with a short
# limit.  Sets VM_VIRT (kvm or tcg) and VM_VIRT_WHY.
vm_pick_accel() {
	case "${VM_VIRT_WANT:-auto}" in
	tcg|kvm) VM_VIRT=$VM_VIRT_WANT VM_VIRT_WHY="asked for (VIRT=$VM_VIRT_WANT)"; return 0 ;;
	esac
	VM_VIRT=tcg
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		VM_VIRT_WHY="no usable /dev/kvm"
	elif ! grep -qw -e vmx -e svm /proc/cpuinfo; then
		VM_VIRT_WHY="/dev/kvm without vmx/svm in the CPU flags (stock kernels do not run under it)"
	elif ! vm_kvm_probe "$@"; then
		VM_VIRT_WHY="a KVM probe boot did not reach /init in ${VM_KVM_PROBE_LIMIT:-60} s"
	else
		VM_VIRT=kvm VM_VIRT_WHY="a KVM probe boot reached /init"
	fi
}

# vm_kvm_probe IMAGE PROBE_INITRD SCRATCH: one quiet 1-CPU boot to /init.
vm_kvm_probe() {
	local saved_limit="$VM_BOOT_LIMIT" saved_quiet="${VM_QUIET:-0}" ok=0
	VM_BOOT_LIMIT=${VM_KVM_PROBE_LIMIT:-60} VM_QUIET=1
	vm_boot "$3" "$1" "$2" kvm 1 1 512 "$VM_BOOT_LIMIT" &&
		grep -q '^pinbench-vm: init reached' "$3/console.log" && ok=1
	VM_BOOT_LIMIT=$saved_limit VM_QUIET=$saved_quiet
	[ $ok = 1 ]
}
