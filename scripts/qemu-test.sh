#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Load every module (but the hardware test, see hw-test.sh) into Debian's own
# kernel, booted under QEMU (TCG) with a busybox initramfs: build against the
# installed Debian headers, insmod the modules in dependency order, then the
# sample driver, whose load-time self-check prints "pt_sample: N passed, M
# failed", and the external consumer of samples/external/, built as a
# separate out-of-tree module against a 'make install' copy staged in a
# temporary root (its check prints "pt_external: N passed, M failed"); show
# the sample's debugfs dump of its table, rmmod them all, and judge the
# console and dmesg.
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
		sed -n '3,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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
tag=qemu-test
mkdir -p "$results"
# shellcheck source=scripts/qemu-lib.sh
. "$repo/scripts/qemu-lib.sh"

qemu_check_tools
qemu_find_kernel

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
for m in pt_sample pt_hwtest; do
	[ ! -e "$stage/lib/modules/$kver/extra/$m.ko" ] ||
		die "make install installed the test module $m"
done
# A copy outside the repository: nothing but the installed copy to use
cp -r "$repo/samples/external" "$work/external"
if ! make -C "$work/external" KDIR="$kdir" GENERIC_PT="$devdir" \
		>"$results/qemu-external.log" 2>&1; then
	cat "$results/qemu-external.log"
	die "samples/external does not build against the installed copy"
fi

qemu_build_modules "$results/qemu-build.log"
# Every module but the hardware test (make hw-test), the sample last, then
# the external consumer.
declare -A margs=()
qemu_module_order pt_sample pt_hwtest
path[pt_external]=$work/external/pt_external.ko
qemu_visit pt_external

init_extra='mount -t debugfs debugfs /sys/kernel/debug
echo "QT: debugfs begin"
cat /sys/kernel/debug/pt_sample/amdv1
echo "QT: debugfs end"'
qemu_initramfs "$work"

say "booting $kernel under qemu-system-x86_64 (TCG, timeout ${timeout_s} s)"
qemu_boot "$work" "$console" "$verbose" "" -smp 2

problems=()
qemu_judge "$console"
sample_lines=$(echo "$dmesg_test" | grep -E '^pt_(sample|external):' || true)
dump=$(sed -n '/^QT: debugfs begin$/,/^QT: debugfs end$/p' "$console" |
	sed '1d;$d')
summaries=
for who in pt_sample pt_external; do
	qemu_judge_summary "$who" "$sample_lines"
	[ -z "$summary" ] || summaries+="${summaries:+; }$summary"
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
