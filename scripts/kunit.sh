#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the KUnit suites with the kernel's kunit.py: extract Debian's kernel
# source once into the cache, overlay this repository into drivers/iommu/
# (a symlink plus one Kconfig and one Makefile line) and build/boot in a
# per-architecture build directory kept in the cache.
#
# Usage: scripts/kunit.sh [kunit.py run options] [suite glob]
#   e.g. scripts/kunit.sh 'amdv1*'   or   scripts/kunit.sh --arch=x86_64
# Exits non-zero when kunit.py fails, a test fails or crashes, or no test ran.
# Environment: KUNIT_TIMEOUT (seconds for the test run, default 1200: far
# more than needed, but a busy machine can be ten times slower);
# KUNIT_BUILD_TAG names the build directory and the log (default: the
# arch), so that kernels of one arch with different options (make
# sanitize, arm-lpae) keep their own builds, and adds
# kunit/arch/<tag>.config when that file exists; KUNIT_ACTION=build only configures and
# builds the kernel (kunit.py build), without running it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cache=${GENERIC_PT_CACHE:-/var/cache/generic-pt}
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3

arch=um
prev=
for a in "$@"; do
	case $a in
	--arch=*) arch=${a#--arch=} ;;
	*) [ "$prev" = --arch ] && arch=$a ;;
	esac
	prev=$a
done

src=$("$repo/scripts/kernel-source.sh")
tag=${KUNIT_BUILD_TAG:-$arch}
build=$cache/build-$tag
log=$repo/results/kunit-$tag.log
mkdir -p "$build" "$repo/results"

# One build directory per tag: serialise the runs that share it. The
# overlay in the shared source is set up under a second, short lock.
exec 8>"$build/.kunit.lock"
flock 8
exec 9>"$cache/.kunit.lock"
flock 9

link=$src/drivers/iommu/generic_pt_oot
if [ "$(readlink "$link" 2>/dev/null || true)" != "$repo" ]; then
	ln -sfn "$repo" "$link"
	# Objects of another checkout must not be mistaken for up to date.
	rm -rf "$build/drivers/iommu/generic_pt_oot"
fi

kconfig=$src/drivers/iommu/Kconfig
line='source "drivers/iommu/generic_pt_oot/Kconfig"'
if ! grep -qxF "$line" "$kconfig"; then
	# Inside the IOMMU_SUPPORT block: before the file's last endif.
	n=$(grep -n '^endif' "$kconfig" | tail -n 1 | cut -d: -f1)
	if [ -n "$n" ]; then
		sed -i "${n}i $line" "$kconfig"
	else
		echo "$line" >>"$kconfig"
	fi
fi

makefile=$src/drivers/iommu/Makefile
line='obj-y += generic_pt_oot/'
grep -qxF "$line" "$makefile" || echo "$line" >>"$makefile"
flock -u 9

# The UML-only options do not exist on other architectures, and kunit.py
# fails when a requested option is missing from the final .config.
kunitconfig=$repo/kunit/.kunitconfig
if [ "$arch" != um ]; then
	kunitconfig=$build/generic_pt.kunitconfig
	grep -vE '^CONFIG_(VIRTIO_UML|UML_)' "$repo/kunit/.kunitconfig" \
		>"$kunitconfig"
fi

# The other architectures: Debian's cross compilers (make deps) unless
# the caller names one, and the suites sized for emulation
# (kunit/arch/cross.config); then the options of one build
# (kunit/arch/<tag>.config, e.g. i386 or arm-lpae).
cross=()
arch_config=()
case $arch in
arm64) cross=(--cross_compile=aarch64-linux-gnu-) ;;
arm) cross=(--cross_compile=arm-linux-gnueabihf-) ;;
i386) cross=(--cross_compile=i686-linux-gnu-) ;;
esac
if [ ${#cross[@]} -ne 0 ]; then
	arch_config+=(--kunitconfig "$repo/kunit/arch/cross.config")
	case " $* " in
	*" --cross_compile"*) cross=() ;;
	esac
fi
[ -f "$repo/kunit/arch/$tag.config" ] &&
	arch_config+=(--kunitconfig "$repo/kunit/arch/$tag.config")

echo "kunit: source $src, build dir $build, log $log"
start=$SECONDS
set +e
action=${KUNIT_ACTION:-run}
opts=(--kunitconfig "$kunitconfig" "${arch_config[@]}" --build_dir "$build"
      --jobs "$(nproc)" "${cross[@]}")
[ "$action" = run ] && opts+=(--timeout "${KUNIT_TIMEOUT:-1200}")
(cd "$src" && "$python" tools/testing/kunit/kunit.py "$action" "${opts[@]}" \
	"$@") 2>&1 |
	tee "$log"
rc=${PIPESTATUS[0]}
set -e

# Compiler warnings about our files in this kernel's configuration.
if grep -E 'generic_pt_oot/[^:]+:[0-9]+:([0-9]+:)? warning:' "$log"; then
	# Recompile next time so that the warnings are shown again.
	rm -rf "$build/drivers/iommu/generic_pt_oot"
	echo "kunit: FAIL: compiler warnings in our files" >&2
	exit 1
fi

if [ "$action" = build ]; then
	if [ "$rc" -ne 0 ]; then
		echo "kunit: FAIL: kunit.py build exited with $rc" >&2
		exit 1
	fi
	echo "kunit: built in $((SECONDS - start)) s"
	exit 0
fi

# "Testing complete. Ran 12 tests: passed: 11, skipped: 1"
totals=$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
	grep -o 'Testing complete\. Ran [0-9]* tests.*' | tail -n 1 || true)
count() {
	local n
	n=$(echo "$totals" | grep -o "$1: [0-9]*" | grep -o '[0-9]*$' || true)
	echo "${n:-0}"
}
ran=$(echo "$totals" | grep -o 'Ran [0-9]*' | grep -o '[0-9]*$' || true)
ran=${ran:-0}
passed=$(count passed)
failed=$(count failed)
crashed=$(count crashed)
skipped=$(count skipped)
errors=$(count errors)

echo "kunit: ${totals:-no totals line} ($((SECONDS - start)) s)"
rm -f "$repo/results/kunit-$tag.summary"
bad=$((failed + crashed + errors))
if [ -n "$totals" ]; then
	echo "kunit: $passed passed, $bad failed, $skipped skipped" |
		tee "$repo/results/kunit-$tag.summary"
fi

if [ "$rc" -ne 0 ]; then
	echo "kunit: FAIL: kunit.py exited with $rc" >&2
	exit 1
fi
if [ -z "$totals" ] || [ "$ran" -eq 0 ]; then
	echo "kunit: FAIL: no test ran" >&2
	exit 1
fi
if [ "$bad" -ne 0 ]; then
	echo "kunit: FAIL: $failed failed, $crashed crashed, $errors errors" >&2
	exit 1
fi
