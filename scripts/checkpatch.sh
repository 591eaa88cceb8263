#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the kernel's checkpatch.pl --strict over every C source and header of
# this repository (tracked, or new and not ignored); any ERROR, WARNING or
# CHECK fails.  This file is the one place where checkpatch message types
# may be excepted, each with the reason on the line above it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

# Excepted findings, "<file>:<TYPE>", each with its reason above it. Only
# that type in that one file is excepted, never globally.
exceptions=(
	# The one place that tests the kernel version (PT_KERNEL_AT_LEAST)
	"include/linux/generic_pt/compat.h:LINUX_VERSION_CODE"
	# PT_MAKE_LEVELS() generates one function per level: the "return" is
	# inside the generated function bodies and the names are pasted
	# several times, which checkpatch reads as a statement macro.
	"generic_pt/pt_iter.h:MACRO_WITH_FLOW_CONTROL"
	"generic_pt/pt_iter.h:MACRO_ARG_REUSE"
	# The granule builds name their variant 4k/16k/64k: a bare token
	# pasted into symbol names (pt_iommu_armv8_4k_map_pages), which
	# parentheses would break; checkpatch reads a leading digit as a value.
	"fmt/iommu_armv8_4k.c:COMPLEX_MACRO"
	"fmt/iommu_armv8_16k.c:COMPLEX_MACRO"
	"fmt/iommu_armv8_64k.c:COMPLEX_MACRO"
	"fmt/iommu_dart_4k.c:COMPLEX_MACRO"
	"fmt/iommu_dart_16k.c:COMPLEX_MACRO"
)

src=$("$repo/scripts/kernel-source.sh")
cd "$repo"
if git rev-parse --git-dir >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files --cached --others --exclude-standard \
		-- '*.c' '*.h' | sort -u)
else
	mapfile -t files < <(find . -path ./.git -prune -o \
		-name '*.[ch]' ! -name '*.mod.c' -type f -print | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
	echo "checkpatch: no .c/.h files found" >&2
	exit 1
fi

opts=(--strict --no-tree --show-types --color=never --quiet --terse)

mkdir -p results
log=results/checkpatch.log
rc=0
perl "$src/scripts/checkpatch.pl" "${opts[@]}" -f "${files[@]}" \
	>"$log" 2>&1 || rc=$?
# Terse lines read "<file>:<line>: <LEVEL>:<TYPE>: <message>"
for e in "${exceptions[@]}"; do
	f=${e%:*}
	t=${e##*:}
	grep -vE "^${f//./\\.}:[0-9]+: (ERROR|WARNING|CHECK):${t}:" "$log" \
		>"$log.tmp" || true
	mv "$log.tmp" "$log"
done
findings=$(grep -cE '^[^:]+:[0-9]+: (ERROR|WARNING|CHECK):' "$log" || true)

# checkpatch.pl exits 1 on any finding, excepted ones included: only a
# failure to run at all (no per-file totals) counts besides the findings.
if ! grep -q '^total: ' "$log"; then
	cat "$log"
	echo "checkpatch: FAIL: checkpatch.pl did not run (exit $rc)" >&2
	exit 1
fi
if [ "$findings" -ne 0 ]; then
	cat "$log"
	echo "checkpatch: FAIL: $findings findings in ${#files[@]} files" >&2
	exit 1
fi
echo "checkpatch: ${#files[@]} files clean (--strict)"
