#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Load every module into Debian's own kernel, booted under QEMU (TCG) with
# a busybox initramfs: build against the installed Debian headers, insmod
# the modules in dependency order, then the sample driver, whose load-time
# self-check prints "pt_sample: N passed, M failed", and the external
# consumer of samples/external/, built as a separate out-of-tree module
# against a 'make install' copy staged in a temporary root (its check
# prints "pt_external: N passed, M failed"); show the sample's debugfs
# dump of its table, rmmod them all, and judge the console transcript and
# dmesg.
#
# Usage: scripts/qemu-test.sh [--run] [--verbose]
#   (default)  test mode: fail on any load/unload failure, a failed or
#              missing self-check, a kernel warning or an unexpected taint
#   --run      the same boot, printed as a readable transcript
#   --verbose  show the whole console, kernel messages included
# Environment: QEMU_TEST_TIMEOUT (seconds, default 600: a boot takes ~10 s,
# but ten times that on a busy machine).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
mode="test"
verbose=0
for a in "$@"; do
	case $a in
	--run) mode=run ;;
	--verbose | -v) verbose=1 ;;
	-h | --help)
		sed -n '3,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "qemu-test: unknown argument '$a'" >&2
		exit 2
		;;
	esac
done

timeout_s=${QEMU_TEST_TIMEOUT:-600}
results=$repo/results
console=$results/qemu-console.log
mkdir -p "$results"

say() { echo "qemu-test: $*"; }
# Prefix every line of stdin with $1.
indent() { sed "s/^/$1/"; }
die() {
	echo "qemu-test: FAIL: $*" >&2
	exit 1
}

for tool in qemu-system-x86_64 modinfo cpio /bin/busybox; do
	command -v "$tool" >/dev/null || die "$tool missing (run 'make deps')"
done

# The newest installed Debian 6.1 amd64 headers and the matching kernel.
kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' |
	sort -V | tail -n 1)
[ -n "$kdir" ] || die "no linux-headers-6.1.0-*-amd64 (run 'make deps')"
kver=${kdir#/usr/src/linux-headers-}
kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || die "$kernel missing or unreadable (run 'make deps')"

work=$(mktemp -d "${TMPDIR:-/tmp}/pt-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Install first: it builds without the sample, 'make modules' then with it.
say "installing into a staged root and building samples/external against it"
stage=$work/stage
if ! make -C "$repo" install KDIR="$kdir" INSTALL_MOD_PATH="$stage" \
		>"$results/qemu-install.log" 2>&1; then
	cat "$results/qemu-install.log"
	die "make install into $stage failed"
fi
devdir=$(find "$stage/usr/src" -maxdepth 1 -name 'generic-pt-*' | head -n 1)
[ -n "$devdir" ] || die "make install left no $stage/usr/src/generic-pt-*"
# depmod ran on the staged root: it resolves our modules under extra/
for m in generic_pt pt_iommu_amdv1 pt_io_pgtable; do
	modinfo -b "$stage" -k "$kver" -n "$m" 2>/dev/null |
		grep -q "^$stage/lib/modules/$kver/extra/$m.ko" ||
		die "depmod of the staged install does not resolve $m"
done
[ ! -e "$stage/lib/modules/$kver/extra/pt_sample.ko" ] ||
	die "make install installed the sample driver"
# A copy outside the repository: nothing but the installed copy to use
cp -r "$repo/samples/external" "$work/external"
if ! make -C "$work/external" KDIR="$kdir" GENERIC_PT="$devdir" \
		>"$results/qemu-external.log" 2>&1; then
	cat "$results/qemu-external.log"
	die "samples/external does not build against the installed copy"
fi

say "building the modules against $kdir"
if ! make -C "$repo" modules KDIR="$kdir" >"$results/qemu-build.log" 2>&1; then
	cat "$results/qemu-build.log"
	die "module build failed"
fi

# Our modules, in build order; modules.order names .ko files on 6.1 and
# .o files on newer kernels.
mapfile -t built < <(sed 's/\.o$/.ko/' "$repo/modules.order")
[ ${#built[@]} -ne 0 ] || die "no modules built"

declare -A path=()
for ko in "${built[@]}"; do
	[ "${ko#/}" != "$ko" ] || ko=$repo/$ko
	name=$(basename "$ko" .ko)
	path[${name//-/_}]=$ko
done

# Depth-first over "modinfo -F depends": a dependency goes before its user.
# Dependencies that are not ours come from the kernel's own module tree.
order=()
declare -A seen=()
visit() {
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
		visit "${dep//-/_}"
	done
	order+=("$name")
}
sample=
for ko in "${built[@]}"; do
	name=$(basename "$ko" .ko)
	name=${name//-/_}
	case $name in
	*sample*) sample=$name ;;
	*) visit "$name" ;;
	esac
done
[ -n "$sample" ] || die "the sample driver was not built"
visit "$sample"
path[pt_external]=$work/external/pt_external.ko
visit pt_external

root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,modules}
cp /bin/busybox "$root/bin/busybox"
for name in "${order[@]}"; do
	case ${path[$name]} in
	*.ko) cp "${path[$name]}" "$root/modules/$name.ko" ;;
	*.ko.xz) xz -dc "${path[$name]}" >"$root/modules/$name.ko" ;;
	*.ko.zst) zstd -qdc "${path[$name]}" >"$root/modules/$name.ko" ;;
	*) die "cannot use module file ${path[$name]}" ;;
	esac
done
printf '%s\n' "${order[@]}" >"$root/modules/order"
if [ "$(id -u)" -eq 0 ]; then
	mknod "$root/dev/console" c 5 1
fi

cat >"$root/init" <<'EOF'
#!/bin/busybox sh
# Initramfs of scripts/qemu-test.sh: load and unload the modules listed in
# /modules/order, report each step on the console, dump dmesg, power off.
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
	insmod "/modules/$m.ko"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "QT: insmod $m.ko FAIL $rc"
		break
	fi
	echo "QT: insmod $m.ko ok"
	loaded="$m $loaded"
done
mount -t debugfs debugfs /sys/kernel/debug
echo "QT: debugfs begin"
cat /sys/kernel/debug/pt_sample/amdv1
echo "QT: debugfs end"
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
EOF
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initrd.cpio"

loglevel=3
[ "$verbose" -eq 0 ] || loglevel=7
say "booting $kernel under qemu-system-x86_64 (TCG, timeout ${timeout_s} s)"
start=$SECONDS
rc=0
if [ "$verbose" -eq 1 ]; then
	timeout "$timeout_s" qemu-system-x86_64 -m 1G -smp 2 -nic none -nographic \
		-no-reboot -kernel "$kernel" -initrd "$work/initrd.cpio" \
		-append "console=ttyS0 panic=-1 quiet loglevel=$loglevel" \
		</dev/null 2>&1 | tee "$console" || rc=${PIPESTATUS[0]}
else
	timeout "$timeout_s" qemu-system-x86_64 -m 1G -smp 2 -nic none -nographic \
		-no-reboot -kernel "$kernel" -initrd "$work/initrd.cpio" \
		-append "console=ttyS0 panic=-1 quiet loglevel=$loglevel" \
		</dev/null >"$console" 2>&1 || rc=$?
fi
boot_s=$((SECONDS - start))
# Drop carriage returns and the firmware's terminal escape sequences.
sed -i -E 's/\r$//; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' "$console"

# Kernel messages without their "[    1.234567] " time stamps.
dmesg_all=$(sed -n '/^QT: dmesg begin$/,/^QT: dmesg end$/p' "$console" |
	sed '1d;$d' | sed 's/^\[ *[0-9.]*\] //')
dmesg_test=$(echo "$dmesg_all" |
	sed -n '/^qemu-test: begin$/,/^qemu-test: end$/p')
steps=$(grep -E '^QT: (insmod|rmmod) ' "$console" || true)
sample_lines=$(echo "$dmesg_test" | grep -E '^pt_(sample|external):' || true)
dump=$(sed -n '/^QT: debugfs begin$/,/^QT: debugfs end$/p' "$console" |
	sed '1d;$d')

problems=()
if [ "$rc" -eq 124 ]; then
	problems+=("QEMU timed out after ${timeout_s} s")
elif [ "$rc" -ne 0 ]; then
	problems+=("QEMU exited with $rc")
fi
grep -q '^QT: done$' "$console" || problems+=("the initramfs did not finish")
for name in "${order[@]}"; do
	grep -qx "QT: insmod $name.ko ok" <<<"$steps" ||
		problems+=("insmod $name.ko failed")
	grep -qx "QT: rmmod $name ok" <<<"$steps" ||
		problems+=("rmmod $name failed")
done

summaries=
for who in pt_sample pt_external; do
	summary=$(grep -E "^$who: [0-9]+ passed, [0-9]+ failed" \
		<<<"$sample_lines" | tail -n 1 || true)
	if [ -z "$summary" ]; then
		problems+=("no '$who: N passed, M failed' line in dmesg")
		continue
	fi
	summaries+="${summaries:+; }$summary"
	n_pass=$(sed -E "s/^$who: ([0-9]+) passed.*/\\1/" <<<"$summary")
	n_fail=$(sed -E "s/^$who: [0-9]+ passed, ([0-9]+) failed.*/\\1/" \
		<<<"$summary")
	[ "$n_pass" -gt 0 ] || problems+=("$who passed nothing")
	[ "$n_fail" -eq 0 ] || problems+=("$who had $n_fail failures")
done

# The sample's debugfs table: a read-only 4K page, a 64K contiguous leaf,
# a 2M leaf and a write-only 8K contiguous leaf at 1G, then the tables of
# each level: 4K, 64K and 2M share the level 0 and 1 tables, 1G has its
# own two.
want_dump=(
	'^0x0000000000001000-0x0000000000001fff +4K -> 0x0000000001000000 r$'
	'^0x0000000000010000-0x000000000001ffff +64K -> 0x0000000002010000 r w$'
	'^0x0000000000200000-0x00000000003fffff +2M -> 0x0000000040200000 r w$'
	'^0x0000000040000000-0x0000000040001fff +8K -> 0x0000000080000000 w$'
	'^# level 3 tables: 1 of 4096 bytes$'
	'^# level 2 tables: 1 of 4096 bytes$'
	'^# level 1 tables: 2 of 4096 bytes$'
	'^# level 0 tables: 2 of 4096 bytes$'
)
[ "$(grep -c '^0x' <<<"$dump")" -eq 4 ] ||
	problems+=("debugfs dump does not hold exactly the 4 leaves mapped")
for re in "${want_dump[@]}"; do
	grep -qE "$re" <<<"$dump" ||
		problems+=("debugfs dump has no line matching '$re'")
done

bad=$(grep -nE 'WARNING:|BUG|Oops|Call Trace|KASAN|kmemleak' \
	<<<"$dmesg_all" || true)
[ -z "$bad" ] || problems+=("dmesg reports kernel problems")

taint=$(sed -n 's/^QT: tainted \([0-9]*\)$/\1/p' "$console" | tail -n 1)
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

if [ "$mode" = run ]; then
	echo
	echo "kernel:  $(sed -n 's/^QT: kernel //p' "$console" | head -n 1)" \
		"($kernel, booted in ${boot_s} s)"
	echo "modules: built against $kdir"
	echo
	grep '^QT: insmod ' <<<"$steps" | sed 's/^QT: /  /' || true
	echo
	indent '  ' <<<"${sample_lines:-(no pt_sample lines)}"
	echo
	echo "  cat /sys/kernel/debug/pt_sample/amdv1"
	indent '    ' <<<"${dump:-(empty)}"
	echo
	grep '^QT: rmmod ' <<<"$steps" | sed 's/^QT: /  /' || true
	echo
	echo "tainted: ${taint:-?} (${taint_flags:-none})"
else
	grep -o ' .*' <<<"$steps" | indent ' '
	echo "  debugfs pt_sample/amdv1:"
	indent '    ' <<<"$dump"
	echo "  dmesg from the first insmod to the last rmmod:"
	indent '    ' <<<"$dmesg_test"
	say "tainted ${taint:-?} (${taint_flags:-none}), boot+test ${boot_s} s," \
		"console log $console"
fi

if [ ${#problems[@]} -ne 0 ]; then
	[ -z "$bad" ] || indent '  dmesg:' <<<"$bad" >&2
	for p in "${problems[@]}"; do
		echo "qemu-test: FAIL: $p" >&2
	done
	[ "$mode" = test ] || echo "verdict: FAIL"
	exit 1
fi
[ "$mode" = test ] || echo "verdict: PASS"
say "${#order[@]} modules loaded and unloaded, $summaries"
