# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh
#
# env.sh - sourced by kernel/build.sh and bench/link-phase.sh before they
# run the kernel's make: no make flags or variables from an outer make,
# and a reproducible image (no date, user, host or build count), so that
# two builds of one variant can be compared byte for byte.

unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES V
KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 1970'
KBUILD_BUILD_USER=onelink
KBUILD_BUILD_HOST=onelink
KBUILD_BUILD_VERSION=1
export KBUILD_BUILD_TIMESTAMP KBUILD_BUILD_USER KBUILD_BUILD_HOST KBUILD_BUILD_VERSION
