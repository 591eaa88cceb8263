#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Check the kernel-doc of the project with the kernel's own scripts/kernel-doc
# (from the extracted Debian source, see kernel-source.sh):
#  - every public header, every core and format header and every file that
#    exports a symbol is parsed with -v (the extra checks 6.1 has, such as
#    a missing "Return:"); any warning fails;
#  - every symbol in Module.symvers (so the modules must be built) has a
#    kernel-doc entry: under its own name, or for the per-build functions
#    pt_iommu_<build>_<op> the function type that declares them in
#    include/linux/generic_pt/iommu.h (typedef pt_iommu_<op>_t, or
#    pt_iommu_<base>_<op>_t for init and hw_info);
#  - every documented function type there carries a "Context:" line.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
src=$("$repo/scripts/kernel-source.sh")
symvers=$repo/Module.symvers
iommu_h=include/linux/generic_pt/iommu.h
log=$repo/results/kernel-doc.log
mkdir -p "$repo/results"

fail() {
	echo "kernel-doc: FAIL: $*" >&2
	exit 1
}

[ -s "$symvers" ] || fail "no $symvers: build the modules first"

mapfile -t files < <({
	ls include/linux/generic_pt/*.h generic_pt/*.h fmt/*.h
	grep -rl --include='*.c' --include='*.h' EXPORT_SYMBOL \
		generic_pt fmt io_pgtable include samples
} | sort -u)

rc=0
perl "$src/scripts/kernel-doc" -v -none "${files[@]}" >"$log" 2>&1 || rc=$?
warnings=$(grep -cE '(warning|error):' "$log" || true)
if [ "$warnings" -ne 0 ]; then
	grep -E '(warning|error):' "$log" >&2
	fail "$warnings kernel-doc warnings in ${#files[@]} files"
fi
[ "$rc" -eq 0 ] || fail "kernel-doc exited with $rc (log $log)"

# "<file>:<line>: info: Scanning doc for <kind> <name>"
documented=$(sed -nE 's/.*: info: Scanning doc for (function|typedef) ([A-Za-z0-9_]+)$/\2/p' \
	"$log" | sort -u)
is_doc() { grep -qx "$1" <<<"$documented"; }

# IOMMU_FORMAT_BUILD(build, base) lines name each build's base format.
declare -A base_of=()
while read -r build base; do
	base_of[$build]=$base
done < <(sed -nE 's/^IOMMU_FORMAT_BUILD\(([a-z0-9_]+), *([a-z0-9_]+)\);/\1 \2/p' \
	"$iommu_h")

missing=()
nsyms=0
# Module.symvers: crc, symbol, module, export type, namespace
while read -r _ sym module _; do
	nsyms=$((nsyms + 1))
	is_doc "$sym" && continue
	build=$(basename "$module")
	build=${build#pt_iommu_}
	op=${sym#pt_iommu_"$build"_}
	if [ "$op" != "$sym" ] && [ -n "${base_of[$build]:-}" ]; then
		case $op in
		init | hw_info) type=pt_iommu_${base_of[$build]}_${op}_t ;;
		*) type=pt_iommu_${op}_t ;;
		esac
		is_doc "$type" && continue
		missing+=("$sym (module $(basename "$module"), no typedef $type)")
	else
		missing+=("$sym (module $(basename "$module"))")
	fi
done <"$symvers"
[ "$nsyms" -ne 0 ] || fail "no exported symbols in $symvers"
if [ ${#missing[@]} -ne 0 ]; then
	printf '  undocumented export: %s\n' "${missing[@]}" >&2
	fail "${#missing[@]} exported symbols without kernel-doc"
fi

# Each documented function type of the public header says its context.
nocontext=$(awk '
	/^\/\*\*$/ { inblock = 1; name = ""; ctx = 0; next }
	inblock && /^ \* typedef / { name = $3 }
	inblock && /^ \* Context:/ { ctx = 1 }
	inblock && /^ \*\/$/ {
		if (name != "" && !ctx)
			print name
		inblock = 0
	}' "$iommu_h")
[ -z "$nocontext" ] || fail "no Context: line for $(echo $nocontext)"

echo "kernel-doc: ${#files[@]} files, 0 warnings;" \
	"$nsyms exported symbols, all documented"
