#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make hw-test-smmuv3: DMA through our armv8 tables in QEMU's emulated
# SMMUv3. Builds the arm64 KUnit kernel of KUNIT_BUILD_TAG=arm64-smmuv3
# (kunit/arch/arm64-smmuv3.config: PCI on, the kernel's SMMUv3 driver
# off, the hwtest_smmuv3 suite in) and boots it with kunit.py on QEMU's
# virt machine with iommu=smmuv3 and the edu device
# (kunit/arch/arm64-smmuv3.py). The suite programs the SMMU itself and
# runs hwtest/'s cases once per granule (4K, 16K, 64K); each run prints
# "hw-test: smmuv3 granule <g>: N passed, M failed". Passes when every
# KUnit case passed and the runs add up to "N passed, 0 failed".
# Usage: scripts/hw-test-smmuv3.sh [kunit.py run options]
# Environment: GENERIC_PT_CACHE as for make kunit; KUNIT_TIMEOUT.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cache=${GENERIC_PT_CACHE:-/var/cache/generic-pt}
tag=arm64-smmuv3
log=$repo/results/hw-test-smmuv3.log
mkdir -p "$repo/results"

# Only the walk besides the core suites: the io-pgtable differential
# suites run in make check-arches, and without them and the io-pgtable
# front end a change to the armv8 format rebuilds in minutes. (Options
# of the base kunitconfig cannot be turned off by another kunitconfig.)
off=()
for o in GENERIC_PT_KUNIT_ARMV8 GENERIC_PT_KUNIT_DART GENERIC_PT_KUNIT_ARMV7S \
	GENERIC_PT_KUNIT_IO_PGTABLE IOMMU_PT_IO_PGTABLE IOMMU_PT_ARMV8_MALI; do
	off+=(--kconfig_add "# CONFIG_$o is not set")
done

# The first build turns PCI on: from the plain arm64 KUnit build of
# make check-arches (when there is one) that recompiles part of the
# kernel instead of all of it.
build=$cache/build-$tag
if [ ! -e "$build/.config" ] && [ -e "$cache/build-arm64/.config" ]; then
	echo "hw-test-smmuv3: starting from a copy of $cache/build-arm64"
	mkdir -p "$build"
	(
		flock 8
		cp -a "$cache/build-arm64/." "$build/"
	) 8>>"$cache/build-arm64/.kunit.lock"
fi

# The console of this run only
rm -f "$build/test.log"
start=$SECONDS
rc=0
KUNIT_BUILD_TAG=$tag "$repo/scripts/kunit.sh" --arch=arm64 \
	--qemu_config="$repo/kunit/arch/$tag.py" "${off[@]}" "$@" \
	'hwtest_smmuv3' || rc=$?

# kunit.py keeps the kernel's whole console in the build directory
lines=$(grep -ao 'hw-test: .*' "$build/test.log" 2>/dev/null || true)
cp "$build/test.log" "$log" 2>/dev/null || true
grep -E 'hw-test: (smmuv3|iommu|random|FAIL)' <<<"$lines" || true
runs=$(grep -c 'hw-test: smmuv3 granule' <<<"$lines" || true)
passed=0
failed=0
while read -r p f; do
	passed=$((passed + p))
	failed=$((failed + f))
done < <(sed -n 's/^hw-test: smmuv3 granule [0-9]*K: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' <<<"$lines")

echo "hw-test-smmuv3: $passed passed, $failed failed in $runs granule runs" \
	"($((SECONDS - start)) s, console $log)"
if [ "$rc" -ne 0 ] || [ "$runs" -ne 3 ] || [ "$failed" -ne 0 ] ||
	[ "$passed" -eq 0 ]; then
	echo "hw-test-smmuv3: FAIL" >&2
	exit 1
fi
