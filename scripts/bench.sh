#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: build the UML KUnit kernel with the pt_bench suite, run only
# that suite, and turn its BENCH lines into results/bench/bench.md (also
# printed), bench.csv and bench.png, and the scaling curve into
# scale.csv and scale.png. Numbers are ns per operation: the median, min
# and max over the interleaved rounds, and the median ratio ours/theirs
# where the kernel has the same format; the scaling curve is in ns per
# page.
# Environment: BENCH_ONLY, a glob over "<format>/<row>" of the rows to
# run (pt_bench.only, e.g. "armv8_4k/1x4K"); BENCH_ROUND_MS, the least
# length of a round in ms (pt_bench.round_ms, default 1).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cache=${GENERIC_PT_CACHE:-/var/cache/generic-pt}
out=$repo/results/bench
mkdir -p "$out"

"$repo/scripts/kunit.sh" --kconfig_add CONFIG_GENERIC_PT_BENCH=y \
	"--kernel_args=pt_bench.only=${BENCH_ONLY:-*}" \
	"--kernel_args=pt_bench.round_ms=${BENCH_ROUND_MS:-1}" 'pt_bench'

log=$cache/build-um/test.log
csv=$out/bench.csv
md=$out/bench.md
png=$out/bench.png
scsv=$out/scale.csv
spng=$out/scale.png

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
# The scaling rows (layer "scale", row "<op> N", ns per call) per page
echo "impl,op,pages,ns_per_page,theirs_ns_per_page,ratio" >"$scsv"
awk -F, '$2 == "scale" {
	split($3, w, " ");
	printf "%s,%s,%s,%.2f,%s,%s\n", $1, w[1], w[2], $4 / w[2],
		($7 > 0) ? sprintf("%.2f", $7 / w[2]) : "", $10
}' "$csv" >>"$scsv"
{
	echo "Benchmark of $(date -u '+%Y-%m-%d %H:%M UTC'), \`make bench\`, Linux"
	echo "6.1 UML KUnit kernel on $cpu ($(nproc) CPUs). ns per operation,"
	echo "median [min-max] of interleaved rounds; ratio = ours/theirs."
	awk -F, '$2 != "scale" && $10 != "" {
		n++; if ($10 <= 1.0) le1++; if ($10 <= 0.8) le08++
	} END {
		printf "Paired rows: %d; at or below 1.0: %d; at or below 0.8: %d.\n",
			n, le1, le08
	}' "$csv"
	echo
	echo "| implementation | layer | row | ns | io-pgtable ns | ratio |"
	echo "|---|---|---|---|---|---|"
	tail -n +2 "$csv" | awk -F, '$2 != "scale" {
		theirs = ($7 > 0) ? sprintf("%s [%s-%s]", $7, $8, $9) : "-";
		printf "| %s | %s | %s | %s [%s-%s] | %s | %s |\n",
			$1, $2, $3, $4, $5, $6, theirs, ($10 == "") ? "-" : $10
	}'
	echo
	echo "The paired rows at the format layer, one column per pair: ratio"
	echo "(ours/theirs ns); granule, block and large block are each pair's"
	echo "leaf sizes in that order."
	echo
	awk -F, '$2 == "format" && $7 > 0 {
		if (!($1 in seen)) { seen[$1] = 1; pair[++np] = $1 }
		# "map 1x4K", "unmap 256x4K first touch", "dma mix"
		label = $3
		if (split($3, w, " ") >= 2 && w[2] ~ /^[0-9]+x/) {
			split(w[2], nx, "x")
			key = $1 SUBSEP nx[2]
			if (!(key in class))
				class[key] = ++nsizes[$1]
			split("granule,block,large block", names, ",")
			label = w[1] " " nx[1] " x " names[class[key]]
			if (w[3] != "")
				label = label " " w[3] " " w[4]
		}
		if (!(label in known)) { known[label] = 1; row[++nr] = label }
		cell[label, $1] = sprintf("%.2f (%s/%s)", $4 / $7, $4, $7)
	} END {
		printf "| row |"
		for (j = 1; j <= np; j++) printf " %s |", pair[j]
		printf "\n|---|"
		for (j = 1; j <= np; j++) printf "---|"
		printf "\n"
		for (i = 1; i <= nr; i++) {
			printf "| %s |", row[i]
			for (j = 1; j <= np; j++) {
				c = "-"
				if ((row[i], pair[j]) in cell)
					c = cell[row[i], pair[j]]
				printf " %s |", c
			}
			printf "\n"
		}
	}' "$csv"
	echo
	echo "Batch rows against the descriptor floor (256 computed descriptors"
	echo "stored into a table-sized buffer): ns / floor ns, each side."
	echo
	echo "| implementation | row | ours / floor | io-pgtable / floor |"
	echo "|---|---|---|---|"
	awk -F, '$1 == "descriptors" && $2 == "floor" { floor = $4 }
		$2 == "format" && $3 ~ /^(un)?map 256x/ { row[++n] = $0 }
		END {
			for (i = 1; i <= n; i++) {
				split(row[i], f, ",");
				theirs = "-";
				if (f[7] > 0)
					theirs = sprintf("%.1f", f[7] / floor);
				printf "| %s | %s | %.1f | %s |\n", f[1], f[3],
					f[4] / floor, theirs
			}
		}' "$csv"
	echo
	echo "Scaling: map and unmap of N granule pages in one call (output"
	echo "addresses one granule off larger leaves), ns per page, ours"
	echo "(io-pgtable)."
	echo
	printf "| implementation | op |"
	for n in 1 4 16 64 256 1024 4096; do printf " %s |" "$n"; done
	echo
	echo "|---|---|---|---|---|---|---|---|---|"
	tail -n +2 "$scsv" | awk -F, '{
		key = $1 "|" $2
		if (!(key in cell)) order[++n] = key
		cell[key] = cell[key] sprintf(" %s%s |", $4,
			($5 == "") ? "" : " (" $5 ")")
	} END {
		for (i = 1; i <= n; i++) {
			split(order[i], k, "|");
			printf "| %s | %s |%s\n", k[1], k[2], cell[order[i]]
		}
	}'
	echo
	echo "Memory for the same final mapping set: pages taken from the page"
	echo "allocator (free pages before and after, per-CPU lists drained);"
	echo "for ours also the table pages our allocator counted."
	echo
	echo "| implementation | mapping | pages | counted table pages |"
	echo "|---|---|---|---|"
	# None when BENCH_ONLY left out the iova_to_phys rows
	{ grep -ao 'BENCH-MEM,[^[:cntrl:]]*' "$log" || true; } | awk -F, '{
		printf "| %s | %s | %s | %s |\n", $2, $3, $4,
			($5 < 0) ? "-" : $5
	}'
} >"$md"
cat "$md"

if command -v gnuplot >/dev/null; then
	# A plot whose rows BENCH_ONLY left out is not drawn, nor left stale
	rm -f "$png" "$spng"
	# The paired rows at the format layer: ours/io-pgtable, with the goal
	# (0.8) and parity (1.0) drawn across
	tail -n +2 "$csv" | awk -F, '$2 == "format" && $10 != "" {
		printf "\"%s %s\" %s\n", $1, $3, $10
	}' >"$out/bench.dat"
	[ -s "$out/bench.dat" ] && gnuplot <<GP
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
	# The scaling curve: one line per implementation and op, ns per
	# page against N on log axes; ours solid, io-pgtable dashed
	rm -f "$out"/scale-*.dat
	tail -n +2 "$scsv" | awk -F, -v dir="$out" '{
		f = dir "/scale-" $2 ".dat"
		# One block per implementation, two blank lines apart
		if ((f, $1) in seen)
			;
		else if (f in blocks)
			printf "\n\n" >>f
		seen[f, $1] = 1
		blocks[f] = 1
		printf "%s %s %s\n", $3, $4, ($5 == "") ? "NaN" : $5 >>f
	}'
	names=$(tail -n +2 "$scsv" | awk -F, '$2 == "map" { print $1 }' |
		uniq | tr '\n' ' ')
	# BENCH_ONLY may have left out every scaling row
	[ -s "$out/scale-map.dat" ] && [ -s "$out/scale-unmap.dat" ] &&
		gnuplot <<GP
set terminal pngcairo noenhanced size 1800,900
set output "$spng"
set multiplot layout 1,2 title "ns per page against pages per call (log N), median of interleaved rounds; solid ours, dashed io-pgtable of the same hardware"
names = "$names"
set logscale x 2
set logscale y 2
set xlabel "pages per call (N)"
set ylabel "ns per page"
set key top right font ",8"
set grid
do for [op in "map unmap"] {
	set title op
	f = "$out/scale-".op.".dat"
	plot for [i=1:words(names)] f index i-1 using 1:2 with linespoints \
		lc i title word(names, i), \
		for [i=1:words(names)] f index i-1 using 1:3 with linespoints \
		lc i dt 2 notitle
}
unset multiplot
GP
	echo "bench: $csv, $md, $png, $scsv, $spng"
fi
