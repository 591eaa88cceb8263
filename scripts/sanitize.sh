#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make sanitize: the KUnit suites on SMP x86_64 kernels under the kernel's
# sanitizers, built and booted by kunit.py (through scripts/kunit.sh) under
# QEMU without KVM, with four CPUs:
#   kasan  every suite, with KASAN (generic), lockdep (PROVE_LOCKING),
#          DEBUG_ATOMIC_SLEEP, DEBUG_LIST, DEBUG_VM, UBSAN (bounds,
#          shift) and kmemleak: the first suite (pt_kmemleak_start)
#          sets aside what the kernel left unreferenced while booting,
#          the last (pt_kmemleak) has kmemleak scan once the others are
#          done and prints each suspect allocated since the first as
#          "kmemleak suspect:" (the kernel's older ones are counted);
#   kcsan  the concurrency suites under KCSAN, which excludes KASAN.
# Options per kernel: kunit/sanitize/<kernel>.config. Each kernel has its
# own build directory in its own cache (GENERIC_PT_SANITIZE_CACHE, default
# /var/cache/generic-pt-sanitize), apart from the UML build of make kunit.
#
# Fails on a failed or crashed test and on any report in the console
# (BUG:, WARNING:, INFO:, KASAN:, KCSAN:/data-race, UBSAN:, lockdep,
# kmemleak suspects, panic, Oops); prints one summary line per kernel.
# Usage: scripts/sanitize.sh [kasan|kcsan]...   (default: both)
# Environment: SANITIZE_TIMEOUT (seconds per kernel run, default 14400);
# SANITIZE_GLOB runs only the suites it matches (a quick look, not a pass).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export GENERIC_PT_CACHE=${GENERIC_PT_SANITIZE_CACHE:-/var/cache/generic-pt-sanitize}
out=$repo/results/sanitize
kernels=("$@")
[ ${#kernels[@]} -eq 0 ] && kernels=(kasan kcsan)

"$repo/scripts/deps.sh"
mkdir -p "$out"

# What the console of a healthy run never holds
reports='(BUG|WARNING|INFO):|KASAN:|KCSAN:|UBSAN:|data-race|DEBUG_LOCKS_WARN_ON|kmemleak suspect:|Kernel panic|Oops'

# Suites that do not run on a kernel, with the reason
excluded() {
	case $1 in
	kasan)
		echo "pt_bench: a benchmark (make bench), asserts nothing"
		;;
	kcsan)
		echo "every suite but *_concurrency: single-threaded, they run under kasan"
		echo "pt_bench: a benchmark (make bench), asserts nothing"
		;;
	esac
}

run_kernel() {
	local k=$1 glob='' rc=0 start=$SECONDS
	local args=(--arch=x86_64 --kunitconfig "$repo/kunit/sanitize/$k.config"
		    "--qemu_args=-smp 4 -m 2048")
	case $k in
	kasan) args+=(--kernel_args=kasan_multi_shot) ;;
	kcsan) glob='*_concurrency' ;;
	*) echo "sanitize: unknown kernel '$k'" >&2; return 1 ;;
	esac
	glob=${SANITIZE_GLOB:-$glob}
	[ -n "$glob" ] && args+=("$glob")

	echo "sanitize: $k: building and running in $GENERIC_PT_CACHE/build-$k"
	touch "$out/$k.start"
	KUNIT_BUILD_TAG=$k KUNIT_TIMEOUT=${SANITIZE_TIMEOUT:-14400} \
		"$repo/scripts/kunit.sh" "${args[@]}" >"$out/$k.log" 2>&1 ||
		rc=$?
	local console=$GENERIC_PT_CACHE/build-$k/test.log
	if [ ! -s "$console" ] || [ "$console" -ot "$out/$k.start" ]; then
		tail -n 30 "$out/$k.log" >&2
		echo "sanitize: $k: FAIL: no console output (log: $out/$k.log)" >&2
		return 1
	fi
	cp "$console" "$out/$k.console"
	grep -aE "$reports" "$out/$k.console" >"$out/$k.reports" || true
	local n
	n=$(wc -l <"$out/$k.reports")

	# Top-level KTAP results: "ok 3 amdv1_iommu", "not ok 4 ..."
	sed -E 's/\x1b\[[0-9;]*m//g; s/\r$//; s/^\[ *[0-9.]+\] //' \
		"$out/$k.console" |
		grep -aE '^(not )?ok [0-9]+ [a-z0-9_]+( #.*)?$' >"$out/$k.suites" ||
		true
	echo "sanitize: $k: suites: $(awk '{print ($1 == "not" ? "FAILED:" $4 : $3)}' \
		"$out/$k.suites" | tr '\n' ' ')"
	excluded "$k" | sed "s/^/sanitize: $k: not run: /"
	grep -aE 'kmemleak: (scan at the end|put aside)' "$out/$k.console" |
		sed "s/^.*kmemleak:/sanitize: $k: kmemleak:/" || true

	local summary
	summary=$(cat "$repo/results/kunit-$k.summary" 2>/dev/null ||
		  echo "kunit: no totals")
	if [ "$n" -ne 0 ]; then
		echo "sanitize: $k: reports in the console ($out/$k.reports):" >&2
		head -n 20 "$out/$k.reports" >&2
	fi
	echo "sanitize: $k: ${summary#kunit: }; $n reports ($((SECONDS - start)) s)"
	[ "$rc" -eq 0 ] && [ "$n" -eq 0 ]
}

status=0
for k in "${kernels[@]}"; do
	run_kernel "$k" || status=1
done
if [ "$status" -ne 0 ]; then
	echo "sanitize: FAIL (logs in $out)" >&2
fi
exit "$status"
