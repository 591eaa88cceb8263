#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# DMA through our page tables in QEMU's emulated IOMMUs: boot Debian's 6.1
# kernel under QEMU (TCG, q35) with the edu device behind an intel-iommu
# (aw-bits=39, then 48) and then an amd-iommu, the kernel's own IOMMU
# drivers off, and load hwtest/'s module, which programs the IOMMU itself
# and checks every edu DMA against a model. Each boot must print
# "hw-test: N passed, 0 failed" for the expected IOMMU and table depth,
# with no kernel warning and no QEMU error.
#
# Usage: scripts/hw-test.sh [--verbose] [vtd39] [vtd48] [amd]
#   (no machine named)  all three
#   --verbose           show each whole console
# Environment: HW_TEST_DMAS (random DMAs per boot, ~0.1 s each, default
# 100), HW_TEST_SEED (default 1), HW_TEST_TIMEOUT (seconds per boot,
# default 600).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
tag=hw-test
verbose=0
machines=()
for a in "$@"; do
	case $a in
	--verbose | -v) verbose=1 ;;
	vtd39 | vtd48 | amd) machines+=("$a") ;;
	-h | --help)
		sed -n '3,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "hw-test: unknown argument '$a'" >&2
		exit 2
		;;
	esac
done
[ ${#machines[@]} -ne 0 ] || machines=(vtd39 vtd48 amd)

timeout_s=${HW_TEST_TIMEOUT:-600}
dmas=${HW_TEST_DMAS:-100}
seed=${HW_TEST_SEED:-1}
results=$repo/results
mkdir -p "$results"
# shellcheck source=scripts/qemu-lib.sh
. "$repo/scripts/qemu-lib.sh"

qemu_check_tools
qemu_find_kernel
qemu_build_modules "$results/hw-build.log"
# The test module and what it depends on, nothing else.
declare -A margs=([pt_hwtest]="random_dmas=$dmas seed=$seed")
qemu_module_order pt_hwtest '*'

work=$(mktemp -d "${TMPDIR:-/tmp}/pt-hw.XXXXXX")
trap 'rm -rf "$work"' EXIT
qemu_initramfs "$work"

edu=(-device "edu,dma_mask=0xffffffffffffffff")
expected_qemu_notes='detected (slpte permission error|translation failure|IOVA overflow)|Interrupt Mask set|New fault is not recorded'
failed=()
start_all=$SECONDS
for m in "${machines[@]}"; do
	# The IOMMU goes first: QEMU wants it before the devices behind it.
	case $m in
	vtd39)
		iommu=(-device "intel-iommu,aw-bits=39,intremap=off")
		append=intel_iommu=off want="vtd, 3 levels"
		;;
	vtd48)
		iommu=(-device "intel-iommu,aw-bits=48,intremap=off")
		append=intel_iommu=off want="vtd, 4 levels"
		;;
	amd)
		iommu=(-device "amd-iommu,intremap=off")
		append=amd_iommu=off want="amd, 3 levels"
		;;
	esac
	console=$results/hw-test-$m.log
	say "$m: booting with ${iommu[*]} ${edu[*]} (timeout ${timeout_s} s)"
	qemu_boot "$work" "$console" "$verbose" "$append" -M q35 -smp 1 \
		"${iommu[@]}" "${edu[@]}"

	problems=()
	qemu_judge "$console"
	lines=$(grep '^hw-test:' <<<"$dmesg_test" || true)
	qemu_judge_summary hw-test "$lines"
	grep -q "^hw-test: iommu $want," <<<"$lines" ||
		problems+=("no 'hw-test: iommu $want' line: wrong IOMMU or depth")
	# QEMU's own complaints on stderr, but for the (once-only) notes
	# about the faults the cases cause on purpose.
	qerr=$(grep -E '^qemu-system-x86_64: ' "$console" |
		grep -vE "$expected_qemu_notes" || true)
	[ -z "$qerr" ] || problems+=("QEMU reported: $qerr")

	indent '  ' <<<"$(grep -E '^hw-test: (iommu|vtd|amd|random|grow|[0-9]+ IOTLB)' <<<"$lines" || true)"
	fails=$(grep 'FAIL' <<<"$lines" || true)
	[ -z "$fails" ] || indent '  ' <<<"$fails" >&2
	[ -z "$bad" ] || indent '  dmesg:' <<<"$bad" >&2
	if [ ${#problems[@]} -ne 0 ]; then
		for p in "${problems[@]}"; do
			echo "hw-test: $m: FAIL: $p" >&2
		done
		failed+=("$m")
	fi
	say "$m: ${summary:-no summary}, boot+test ${boot_s} s, console $console"
done

if [ ${#failed[@]} -ne 0 ]; then
	echo "hw-test: FAIL: ${failed[*]}" >&2
	exit 1
fi
say "${#machines[@]} machines passed in $((SECONDS - start_all)) s"
