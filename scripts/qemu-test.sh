#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Load every module (but the hardware test, see hw-test.sh) into Debian's own
# kernel, booted under QEMU (TCG) with a busybox initramfs: build against the
# installed Debian headers, insmod the modules in dependency order (the
# sample driver last, whose load-time self-check prints "pt_sample: N
# passed, M failed"), rmmod them all, and judge the console and dmesg.
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
tag=qemu-test
mkdir -p "$results"
# shellcheck source=scripts/qemu-lib.sh
. "$repo/scripts/qemu-lib.sh"

qemu_check_tools
qemu_find_kernel
qemu_build_modules "$results/qemu-build.log"
# Every module but the hardware test (make hw-test), the sample last.
declare -A margs=()
qemu_module_order pt_sample pt_hwtest

work=$(mktemp -d "${TMPDIR:-/tmp}/pt-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT
qemu_initramfs "$work"

say "booting $kernel under qemu-system-x86_64 (TCG, timeout ${timeout_s} s)"
qemu_boot "$work" "$console" "$verbose" "" -smp 2

problems=()
qemu_judge "$console"
sample_lines=$(echo "$dmesg_test" | grep '^pt_sample:' || true)
qemu_judge_summary pt_sample "$sample_lines"
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
	grep '^QT: rmmod ' <<<"$steps" | sed 's/^QT: /  /' || true
	echo
	echo "tainted: ${taint:-?} (${taint_flags:-none})"
else
	grep -o ' .*' <<<"$steps" | indent ' '
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
say "${#order[@]} modules loaded and unloaded, $summary"
