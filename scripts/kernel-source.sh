#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Make sure Debian's linux-source tarball is extracted (once) in the cache
# directory and print the path of the extracted tree.  The tree is
# extracted into a temporary directory and renamed into place, and a stamp
# inside it records which tarball it came from, so an interrupted run
# never leaves a half-extracted tree behind.  Used by kunit.sh and
# checkpatch.sh.
set -euo pipefail

cache=${GENERIC_PT_CACHE:-/var/cache/generic-pt}
tarball=${GENERIC_PT_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}

if [ ! -r "$tarball" ]; then
	echo "kernel-source: $tarball not found (run 'make deps')" >&2
	exit 1
fi

name=$(basename "$tarball" .tar.xz)
src=$cache/$name
stamp=$src/.generic-pt-extracted
want="$(stat -c '%s %Y' "$tarball") $tarball"

mkdir -p "$cache"
exec 9>"$cache/.extract.lock"
flock 9

if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
	echo "kernel-source: extracting $tarball into $cache" >&2
	start=$SECONDS
	tmp=$(mktemp -d "$cache/.extract.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	tar -C "$tmp" -xf "$tarball"
	if [ ! -f "$tmp/$name/Makefile" ]; then
		echo "kernel-source: $tarball has no $name/Makefile" >&2
		exit 1
	fi
	echo "$want" >"$tmp/$name/.generic-pt-extracted"
	# Move a stale or partial tree out of the way; it goes with $tmp.
	if [ -e "$src" ]; then
		mv "$src" "$tmp/old"
	fi
	mv "$tmp/$name" "$src"
	# Objects built from another tree must not look up to date (tar
	# restores the archive's time stamps).
	rm -rf "$cache"/build-*
	echo "kernel-source: extracted in $((SECONDS - start)) s" >&2
fi

echo "$src"
