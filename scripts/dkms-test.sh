#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS round trip: register a copy of this tree with dkms, build and install
# it for the newest installed Debian 6.1 headers (by version: not the
# running kernel, which may have no headers), check that every module
# dkms.conf names landed in that kernel's updates/dkms/ and that modinfo
# reads it, then remove it all again and check that nothing is left. The
# copy gets its own version (<version>-dkmstest) so that a real
# installation of the same version is never touched. Needs root.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
say() { echo "dkms-test: $*"; }
fail() {
	echo "dkms-test: FAIL: $*" >&2
	exit 1
}

command -v dkms >/dev/null || fail "dkms missing (run 'make deps')"
[ "$(id -u)" -eq 0 ] || fail "dkms needs root"

kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.0-*-amd64' |
	sort -V | tail -n 1)
[ -n "$kdir" ] || fail "no linux-headers-6.1.0-*-amd64 (run 'make deps')"
kver=${kdir#/usr/src/linux-headers-}
# dkms finds the headers through the build link of the kernel's module tree
[ -e "/lib/modules/$kver/build" ] ||
	fail "/lib/modules/$kver/build missing for $kdir"

name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$repo/dkms.conf")
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")-dkmstest
mapfile -t mods < <(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"$/\1/p' \
	"$repo/dkms.conf")
[ -n "$name" ] && [ ${#mods[@]} -ne 0 ] || fail "dkms.conf lacks names"
dest=/lib/modules/$kver/updates/dkms
log=$repo/results/dkms-test.log
mkdir -p "$repo/results"
: >"$log"

stage=$(mktemp -d "${TMPDIR:-/tmp}/pt-dkms.XXXXXX")
cleanup() {
	dkms remove "$name/$version" --all >>"$log" 2>&1 || true
	rm -rf "/usr/src/$name-$version" "$stage"
}
trap cleanup EXIT

# What git tracks (and new files not ignored): no build products
cd "$repo"
git ls-files --cached --others --exclude-standard -z |
	xargs -0 cp --parents -t "$stage"
sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$version\"/" "$stage/dkms.conf"

start=$SECONDS
run() {
	echo "+ $*" >>"$log"
	if ! "$@" >>"$log" 2>&1; then
		cat "$log" >&2
		fail "'$*' failed"
	fi
}
say "dkms add/build/install $name/$version for $kver"
run dkms add "$stage"
run dkms build "$name/$version" -k "$kver"
run dkms install "$name/$version" -k "$kver"

for m in "${mods[@]}"; do
	ko=$(find "$dest" -maxdepth 1 -name "$m.ko*" | head -n 1)
	[ -n "$ko" ] || fail "$m.ko not installed under $dest"
	[ "$(modinfo -F license "$ko")" = GPL ] ||
		fail "modinfo cannot read $ko"
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ] ||
		fail "$ko is not built for $kver"
	modinfo -k "$kver" -n "$m" | grep -q "^$dest/" ||
		fail "depmod does not resolve $m to $dest"
done
dkms status "$name/$version" -k "$kver" | grep -q installed ||
	fail "dkms status does not say installed"
say "${#mods[@]} modules installed in $dest ($((SECONDS - start)) s)"

run dkms remove "$name/$version" --all
for m in "${mods[@]}"; do
	[ -z "$(find "$dest" -maxdepth 1 -name "$m.ko*" 2>/dev/null)" ] ||
		fail "$m.ko still under $dest after dkms remove"
done
[ -z "$(dkms status "$name/$version")" ] ||
	fail "dkms still lists $name/$version"
say "removed again, nothing left"
