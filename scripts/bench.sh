#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: build the UML KUnit kernel with the pt_bench suite, run only
# that suite, and turn its BENCH lines into results/bench/bench.md (also
# printed), bench.csv and bench.png. Numbers are ns per operation: the
# median, min and max over the interleaved rounds, and the median ratio
# ours/theirs where the kernel has the same format.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cache=${GENERIC_PT_CACHE:-/var/cache/generic-pt}
out=$repo/results/bench
mkdir -p "$out"

"$repo/scripts/kunit.sh" --kconfig_add CONFIG_GENERIC_PT_BENCH=y 'pt_bench'

log=$cache/build-um/test.log
csv=$out/bench.csv
md=$out/bench.md
png=$out/bench.png

echo "impl,layer,row,med_ns,min_ns,max_ns,theirs_med_ns,theirs_min_ns,theirs_max_ns,ratio" >"$csv"
grep -ao 'BENCH,[^[:cntrl:]]*' "$log" | awk -F, '{
	ratio = ($8 > 0) ? sprintf("%.2f", $5 / $8) : "";
	printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
		$2, $3, $4, $5, $6, $7, $8, $9, $10, ratio
}' >>"$csv"
if [ "$(wc -l <"$csv")" -le 1 ]; then
	echo "bench: FAIL: no BENCH lines in $log" >&2
	exit 1
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
{
	echo "Benchmark of $(date -u +%Y-%m-%d), \`make bench\`, Linux 6.1 UML"
	echo "KUnit kernel on $cpu ($(nproc) CPUs). ns per operation,"
	echo "median [min-max] of interleaved rounds; ratio = ours/theirs."
	echo
	echo "| implementation | layer | row | ns | io-pgtable ns | ratio |"
	echo "|---|---|---|---|---|---|"
	tail -n +2 "$csv" | awk -F, '{
		theirs = ($7 > 0) ? sprintf("%s [%s-%s]", $7, $8, $9) : "-";
		printf "| %s | %s | %s | %s [%s-%s] | %s | %s |\n",
			$1, $2, $3, $4, $5, $6, theirs, ($10 == "") ? "-" : $10
	}'
	echo
	echo "Memory for the same final mapping set: pages taken from the page"
	echo "allocator (free pages before and after, per-CPU lists drained);"
	echo "for ours also the table pages our allocator counted."
	echo
	echo "| implementation | mapping | pages | counted table pages |"
	echo "|---|---|---|---|"
	grep -ao 'BENCH-MEM,[^[:cntrl:]]*' "$log" | awk -F, '{
		printf "| %s | %s | %s | %s |\n", $2, $3, $4,
			($5 < 0) ? "-" : $5
	}'
} >"$md"
cat "$md"

if command -v gnuplot >/dev/null; then
	# The paired rows at the format layer: ours/io-pgtable, with the goal
	# (0.8) and parity (1.0) drawn across
	tail -n +2 "$csv" | awk -F, '$2 == "format" && $10 != "" {
		printf "\"%s %s\" %s\n", $1, $3, $10
	}' >"$out/bench.dat"
	gnuplot <<GP
set terminal png noenhanced size 1800,900
set output "$png"
set title "ours / io-pgtable, median of interleaved rounds (format layer)"
set style fill solid
set ylabel "ratio (lower is faster)"
set yrange [0:3]
set xtics rotate by 60 right font ",8"
set boxwidth 0.8
set key top left
plot "$out/bench.dat" using 0:2:xtic(1) with boxes title "ratio", \
	0.8 with lines dt 2 lw 2 title "goal 0.8", \
	1.0 with lines lw 1 title "parity"
GP
	echo "bench: $csv, $md, $png"
fi
