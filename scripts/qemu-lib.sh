# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by scripts/qemu-test.sh and scripts/hw-test.sh (sourced, not run):
# find Debian's 6.1 kernel and headers, build our modules against them,
# order them by dependency, pack them with busybox into an initramfs whose
# init loads and unloads them, boot it under QEMU (TCG), and judge the
# console transcript. The caller sets $repo, $tag (message prefix) and
# $timeout_s; the functions set variables for the caller to read.
# shellcheck disable=SC2034,SC2154

say() { echo "$tag: $*"; }
# Prefix every line of stdin with $1.
indent() { sed "s/^/$1/"; }
die() {
	echo "$tag: FAIL: $*" >&2
	exit 1
}

qemu_check_tools() {
	local tool
	for tool in qemu-system-x86_64 modinfo cpio /bin/busybox; do
		command -v "$tool" >/dev/null ||
			die "$tool missing (run 'make deps')"
	done
}

# Sets kdir, kver and kernel: the newest installed Debian 6.1 amd64
# headers and the matching kernel.
qemu_find_kernel() {
	kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' |
		sort -V | tail -n 1)
	[ -n "$kdir" ] || die "no linux-headers-6.1.0-*-amd64 (run 'make deps')"
	kver=${kdir#/usr/src/linux-headers-}
	kernel=/boot/vmlinuz-$kver
	[ -r "$kernel" ] ||
		die "$kernel missing or unreadable (run 'make deps')"
}

# Build every module against $kdir, the log in $1.
qemu_build_modules() {
	say "building the modules against $kdir"
	if ! make -C "$repo" modules KDIR="$kdir" >"$1" 2>&1; then
		cat "$1"
		die "module build failed"
	fi
}

# Sets order (module names, each after its dependencies) and path (name ->
# file). $1: the module that must come last; $2: a glob of module names to
# leave out. Dependencies that are not ours come from the kernel's own
# module tree.
qemu_module_order() {
	local last=$1 skip=$2 ko name found=
	local -a built
	# modules.order names .ko files on 6.1 and .o files on newer kernels.
	mapfile -t built < <(sed 's/\.o$/.ko/' "$repo/modules.order")
	[ ${#built[@]} -ne 0 ] || die "no modules built"

	declare -gA path=() seen=()
	order=()
	for ko in "${built[@]}"; do
		[ "${ko#/}" != "$ko" ] || ko=$repo/$ko
		name=$(basename "$ko" .ko)
		path[${name//-/_}]=$ko
	done
	for ko in "${built[@]}"; do
		name=$(basename "$ko" .ko)
		name=${name//-/_}
		# shellcheck disable=SC2053 # $skip is a glob
		if [ "$name" = "$last" ]; then
			found=1
		elif [[ $name != $skip ]]; then
			qemu_visit "$name"
		fi
	done
	[ -n "$found" ] || die "module $last was not built"
	qemu_visit "$last"
}

# Depth-first over "modinfo -F depends": a dependency goes before its user.
qemu_visit() {
	local name=$1 file dep
	[ -z "${seen[$name]:-}" ] || return 0
	seen[$name]=1
	file=${path[$name]:-}
	if [ -z "$file" ]; then
		file=$(modinfo -k "$kver" -F filename "$name" 2>/dev/null) ||
			die "dependency $name not found for $kver"
		path[$name]=$file
	fi
	for dep in $(modinfo -F depends "$file" | tr ',' ' '); do
		qemu_visit "${dep//-/_}"
	done
	order+=("$name")
}

# Pack busybox, the modules in $order and the init below into $1/initrd.cpio.
# Module arguments come from the associative array margs (name -> args);
# $init_extra, when set, holds shell lines the init runs once every module
# is loaded, before unloading them.
qemu_initramfs() {
	local work=$1 root=$1/root name
	mkdir -p "$root"/{bin,dev,proc,sys,modules/args}
	cp /bin/busybox "$root/bin/busybox"
	for name in "${order[@]}"; do
		case ${path[$name]} in
		*.ko) cp "${path[$name]}" "$root/modules/$name.ko" ;;
		*.ko.xz) xz -dc "${path[$name]}" >"$root/modules/$name.ko" ;;
		*.ko.zst) zstd -qdc "${path[$name]}" >"$root/modules/$name.ko" ;;
		*) die "cannot use module file ${path[$name]}" ;;
		esac
		if [ -n "${margs[$name]:-}" ]; then
			echo "${margs[$name]}" >"$root/modules/args/$name"
		fi
	done
	printf '%s\n' "${order[@]}" >"$root/modules/order"
	if [ -n "${init_extra:-}" ]; then
		printf '#!/bin/busybox sh\n%s\n' "$init_extra" >"$root/extra"
		chmod +x "$root/extra"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		mknod "$root/dev/console" c 5 1
	fi

	cat >"$root/init" <<'INIT'
#!/bin/busybox sh
# Initramfs of scripts/qemu-lib.sh: load the modules listed in
# /modules/order (arguments from /modules/args/<name>), unload them, report
# each step on the console, dump dmesg, power off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec 0</dev/console 1>/dev/console 2>&1

echo
echo "QT: kernel $(uname -r)"
echo "QT: tainted-before $(cat /proc/sys/kernel/tainted)"
echo "qemu-test: begin" >/dev/kmsg
loaded=
for m in $(cat /modules/order); do
	args=
	[ ! -r "/modules/args/$m" ] || args=$(cat "/modules/args/$m")
	# shellcheck disable=SC2086 # one word per module argument
	insmod "/modules/$m.ko" $args
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "QT: insmod $m.ko FAIL $rc"
		break
	fi
	echo "QT: insmod $m.ko ok"
	loaded="$m $loaded"
done
[ ! -x /extra ] || /extra
for m in $loaded; do
	rmmod "$m"
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "QT: rmmod $m ok"
	else
		echo "QT: rmmod $m FAIL $rc"
	fi
done
echo "qemu-test: end" >/dev/kmsg
echo "QT: dmesg begin"
dmesg
echo "QT: dmesg end"
echo "QT: tainted $(cat /proc/sys/kernel/tainted)"
echo "QT: done"
poweroff -f
INIT
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initrd.cpio"
}

# Boot $kernel with $1/initrd.cpio under TCG; console in $2, $3 = 1 to
# also show it, $4 = extra kernel command line, the rest = extra QEMU
# arguments. Sets rc (QEMU's exit status, 124 on timeout) and boot_s.
qemu_boot() {
	local work=$1 console=$2 show=$3 append=$4 loglevel=3 start
	shift 4
	[ "$show" -eq 0 ] || loglevel=7
	start=$SECONDS
	rc=0
	if [ "$show" -eq 1 ]; then
		timeout "$timeout_s" qemu-system-x86_64 "$@" -m 1G -nic none \
			-nographic -no-reboot -kernel "$kernel" \
			-initrd "$work/initrd.cpio" \
			-append "console=ttyS0 panic=-1 quiet loglevel=$loglevel $append" \
			</dev/null 2>&1 | tee "$console" || rc=${PIPESTATUS[0]}
	else
		timeout "$timeout_s" qemu-system-x86_64 "$@" -m 1G -nic none \
			-nographic -no-reboot -kernel "$kernel" \
			-initrd "$work/initrd.cpio" \
			-append "console=ttyS0 panic=-1 quiet loglevel=$loglevel $append" \
			</dev/null >"$console" 2>&1 || rc=$?
	fi
	boot_s=$((SECONDS - start))
	# Drop carriage returns and the firmware's terminal escape sequences.
	sed -i -E 's/\r$//; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' "$console"
}

# Judge the console $1 of a boot: sets dmesg_all, dmesg_test (between the
# first insmod and the last rmmod), steps, bad, taint, taint_flags, and
# adds to problems: QEMU failures, a missing insmod/rmmod of $order, a
# kernel warning and any taint beyond O and E.
qemu_judge() {
	local console=$1 name
	# Kernel messages without their "[    1.234567] " time stamps.
	dmesg_all=$(sed -n '/^QT: dmesg begin$/,/^QT: dmesg end$/p' "$console" |
		sed '1d;$d' | sed 's/^\[ *[0-9.]*\] //')
	dmesg_test=$(echo "$dmesg_all" |
		sed -n '/^qemu-test: begin$/,/^qemu-test: end$/p')
	steps=$(grep -E '^QT: (insmod|rmmod) ' "$console" || true)

	if [ "$rc" -eq 124 ]; then
		problems+=("QEMU timed out after ${timeout_s} s")
	elif [ "$rc" -ne 0 ]; then
		problems+=("QEMU exited with $rc")
	fi
	grep -q '^QT: done$' "$console" ||
		problems+=("the initramfs did not finish")
	for name in "${order[@]}"; do
		grep -qx "QT: insmod $name.ko ok" <<<"$steps" ||
			problems+=("insmod $name.ko failed")
		grep -qx "QT: rmmod $name ok" <<<"$steps" ||
			problems+=("rmmod $name failed")
	done

	bad=$(grep -nE 'WARNING:|BUG|Oops|Call Trace|KASAN|kmemleak' \
		<<<"$dmesg_all" || true)
	[ -z "$bad" ] || problems+=("dmesg reports kernel problems")

	taint=$(sed -n 's/^QT: tainted \([0-9]*\)$/\1/p' "$console" |
		tail -n 1)
	taint_flags=
	if [ -z "$taint" ]; then
		problems+=("no taint value")
	else
		# Only O (out-of-tree, 4096) and E (unsigned, 8192) are expected.
		[ $((taint & 4096)) -eq 0 ] || taint_flags+=O
		[ $((taint & 8192)) -eq 0 ] || taint_flags+=E
		[ $((taint & ~(4096 | 8192))) -eq 0 ] ||
			problems+=("kernel tainted $taint (beyond O/E)")
	fi
}

# Check a "<prefix>: N passed, M failed" line in $2 (prefix $1): adds to
# problems when it is missing, passed nothing or failed anything. Sets
# summary to the line.
qemu_judge_summary() {
	local prefix=$1 lines=$2 n_pass n_fail
	summary=$(grep -E "^$prefix: [0-9]+ passed, [0-9]+ failed" \
		<<<"$lines" | tail -n 1 || true)
	if [ -z "$summary" ]; then
		problems+=("no '$prefix: N passed, M failed' line in dmesg")
		return
	fi
	n_pass=$(sed -E "s/^$prefix: ([0-9]+) passed.*/\\1/" <<<"$summary")
	n_fail=$(sed -E "s/^$prefix: [0-9]+ passed, ([0-9]+) failed.*/\\1/" \
		<<<"$summary")
	[ "$n_pass" -gt 0 ] || problems+=("$prefix passed nothing")
	[ "$n_fail" -eq 0 ] || problems+=("$prefix had $n_fail failures")
}
