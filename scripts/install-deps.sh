#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# install-deps.sh - install the Debian 12 packages onelink needs.
#
# Usage: scripts/install-deps.sh [--check] [--demo] [--kernel] [--package]
#
#   --check    build onelink and run its tests, make check (the default)
#   --demo     build onelink, build and boot Linux 6.12 x86_64, make demo
#   --kernel   all of --check and --demo, and what every make kernel-check
#              variant needs (arm64, arm, riscv64; Linux 6.1; BTF; make
#              bindeb-pkg)
#   --package  build and check the Debian package (debhelper, lintian)
#
# Installs only what is missing and does nothing when everything is
# present.  As root it installs the missing packages (apt-get update once,
# then apt-get install).  Otherwise it installs nothing and fails at once,
# printing the one apt-get install line that would install them.  Without
# dpkg-query (not a Debian system) it checks nothing.
#
# make check and make demo run it first (--check, --demo).

set -eu

# build: compiler, libelf (pkg-config), multi-target libbfd
build="build-essential pkg-config libelf-dev zlib1g-dev binutils-multiarch
binutils-multiarch-dev libzstd-dev"
# tests: oracle source, second linker, cross compilers, user-mode emulation,
# crafted ELF files (python3), fault injection (strace), pgrep (procps);
# bench: peak RSS (GNU time), charts (gnuplot)
check="linux-source-6.12 xz-utils clang lld llvm gcc-aarch64-linux-gnu
gcc-arm-linux-gnueabihf gcc-powerpc-linux-gnu gcc-s390x-linux-gnu qemu-user
python3 strace procps shellcheck time gnuplot-nox"
# a Linux 6.12 x86_64 build booted in QEMU
demo="linux-source-6.12 xz-utils flex bison bc cpio libssl-dev qemu-system-x86
busybox-static"
# other architectures (arm64, arm, riscv64), BTF (pahole), Linux 6.1,
# smp's modules.builtin.ranges (kbuild runs gawk); make bindeb-pkg
# (debhelper, kmod, rsync: dpkg-buildpackage checks the kernel package's
# build dependencies)
kernel="gcc-riscv64-linux-gnu qemu-system-arm qemu-system-misc opensbi dwarves
linux-source-6.1 gawk debhelper kmod rsync"
# dpkg-buildpackage (dpkg-dev comes with build-essential), lintian
package="debhelper lintian"

pkgs=
[ $# -gt 0 ] || set -- --check
for opt in "$@"; do
	case $opt in
	--check) pkgs="$pkgs $build $check" ;;
	--demo) pkgs="$pkgs $build $demo" ;;
	--kernel) pkgs="$pkgs $build $check $demo $kernel" ;;
	--package) pkgs="$pkgs $build $package" ;;
	*)
		echo "install-deps.sh: unknown option '$opt'" >&2
		exit 2
		;;
	esac
done

command -v dpkg-query >/dev/null 2>&1 || exit 0

# every package once, in the order named
# shellcheck disable=SC2086 # the lists split into words
pkgs=$(printf '%s\n' $pkgs | awk 'NF && !seen[$0]++')
# shellcheck disable=SC2086
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $pkgs 2>/dev/null |
	awk '$NF == "installed" && $(NF - 1) == "ok" { printf "%s ", $1 }') " || true
missing=
for p in $pkgs; do
	case $installed in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: Debian packages missing; as root, run:" >&2
	echo "apt-get install --no-install-recommends$missing" >&2
	exit 1
fi

echo "  APT    $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
