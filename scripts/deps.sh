#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install every Debian package the build, the tests and the QEMU boot need.
# Idempotent and quiet: does nothing when everything is already installed.
set -euo pipefail

PKGS=(
	build-essential bc flex bison libelf-dev libssl-dev cpio kmod python3
	xz-utils rsync
	linux-headers-amd64 linux-image-amd64 linux-source-6.1
	sparse qemu-system-x86 busybox-static gnuplot-nox perl dkms
	# make check-arches: the KUnit kernels of arm64, arm and i386
	gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-i686-linux-gnu
	qemu-system-arm
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
