#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# install-deps.sh - install the Debian 12 packages onelink needs to build and test.
#
# Usage: scripts/install-deps.sh [--kernel]
#
# Installs only what is missing; does nothing when everything is present.
# Needs root to install (it runs apt-get update once, then apt-get install).
# With --kernel it also installs what a real kernel build and boot needs
# (x86_64, arm64, arm, riscv64; Linux 6.12 and 6.1; BTF).

set -eu

# build: compiler, libelf (pkg-config), multi-target libbfd
pkgs="build-essential pkg-config libelf-dev zlib1g-dev binutils-multiarch
binutils-multiarch-dev libzstd-dev"
# tests: oracle source, second linker, cross compilers, user-mode emulation
pkgs="$pkgs linux-source-6.12 xz-utils clang lld llvm gcc-aarch64-linux-gnu
gcc-arm-linux-gnueabihf gcc-powerpc-linux-gnu gcc-s390x-linux-gnu qemu-user
shellcheck"
# bench: peak RSS (GNU time), charts (gnuplot)
pkgs="$pkgs time gnuplot-nox"

if [ "${1-}" = "--kernel" ]; then
	pkgs="$pkgs flex bison bc cpio libssl-dev qemu-system-x86 busybox-static"
	# other architectures (arm64, arm, riscv64), BTF (pahole), Linux 6.1
	pkgs="$pkgs gcc-riscv64-linux-gnu qemu-system-arm qemu-system-misc opensbi
dwarves linux-source-6.1"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: missing Debian packages:$missing" >&2
	echo "install-deps.sh: run as root, or install them with apt-get" >&2
	exit 1
fi

echo "  APT    $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
