#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-arches: the KUnit suites on the kernels of other
# architectures, cross-compiled with Debian's compilers and booted by
# kunit.py under QEMU without KVM, one after the other, each in its own
# build directory (build-<tag> in GENERIC_PT_CACHE, beside the x86 UML
# build of make kunit, sharing its extracted source):
#   arm64     64-bit arm, where the kernel's io-pgtable is native
#   arm       32-bit arm without LPAE: 32-bit unsigned long, phys_addr_t
#             and dma_addr_t
#   i386      32-bit x86 with PAE (kunit/arch/i386.config): 32-bit
#             unsigned long, 64-bit phys_addr_t and dma_addr_t
#   arm-lpae  32-bit arm with LPAE (not in the default list: i386
#             already covers that combination of types)
# Prints one totals line per kernel and fails when any kernel fails.
# Usage: scripts/check-arches.sh [tag]...   (default: arm64 arm i386)
# Environment: KUNIT_TIMEOUT (seconds per kernel run, default 3600).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
tags=("$@")
[ ${#tags[@]} -eq 0 ] && tags=(arm64 arm i386)
export KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-3600}

"$repo/scripts/deps.sh"
mkdir -p "$repo/results"

# What does not run on a kernel, with the reason
excluded() {
	echo "pt_bench: a benchmark (make bench), asserts nothing"
	echo "pt_items (skipped): needs two CPUs; these kernels boot one"
	case $1 in
	arm | arm-lpae | i386)
		echo "upper-half (TTBR1) armv8 tables: their IOVAs are beyond" \
			"a 32-bit unsigned long; a case checks that init refuses" \
			"them with -EOVERFLOW"
		echo "dart_16k_diff at ias 37 and 38: io-pgtable-dart picks" \
			"the TTBR by shifting the unsigned long IOVA by 36" \
			"(undefined at 32 bits; i386 looks in the wrong" \
			"TTBR); dart_16k_dart runs those widths"
		;;
	esac
	case $1 in
	arm)
		echo "io-pgtable v7s _np_mtk: the kernel's v7s has MediaTek" \
			"only with a 64-bit phys_addr_t"
		;;
	esac
}

status=0
lines=()
for tag in "${tags[@]}"; do
	arch=${tag%-lpae}
	start=$SECONDS
	rc=0
	echo "check-arches: $tag: building and running (log results/kunit-$tag.log)"
	KUNIT_BUILD_TAG=$tag "$repo/scripts/kunit.sh" --arch="$arch" \
		>"$repo/results/check-arches-$tag.log" 2>&1 || rc=$?
	tail -n 3 "$repo/results/check-arches-$tag.log"
	excluded "$tag" | sed "s/^/check-arches: $tag: not run: /"
	summary=$(cat "$repo/results/kunit-$tag.summary" 2>/dev/null ||
		  echo "kunit: no totals")
	[ "$rc" -eq 0 ] || status=1
	lines+=("$tag: ${summary#kunit: } ($((SECONDS - start)) s)")
done
for l in "${lines[@]}"; do
	echo "check-arches: $l"
done
if [ "$status" -ne 0 ]; then
	echo "check-arches: FAIL (logs in results/)" >&2
fi
exit "$status"
