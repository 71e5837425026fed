#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-deb.sh - install onelink's Debian package, test it, remove it.
#
# Usage: scripts/check-deb.sh DEB     (as root)
#
# Lists the files under /usr, /etc, /opt and /var/lib/dpkg/info, installs
# DEB with dpkg, runs tests/t-install.sh on the installed files
# (ONELINK_INSTALLED=/), purges the package, lists the files again and
# fails if the two lists differ: the package must leave the system as it
# found it.  A system where onelink is installed already is refused.

set -eu

die()
{
	echo "check-deb.sh: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: check-deb.sh DEB"
deb=$1
top=$(cd "$(dirname "$0")/.." && pwd -P)
[ "$(id -u)" -eq 0 ] || die "$deb: installing a package needs root"
[ -f "$deb" ] || die "$deb: not found"
! dpkg-query -W -f='${Status}' onelink 2>/dev/null | grep -q installed ||
	die "onelink is installed already: dpkg --purge onelink first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files()
{
	find /usr /etc /opt /var/lib/dpkg/info -xdev 2>/dev/null | LC_ALL=C sort
}

files >"$tmp/before"
printf '  %-7s %s\n' DPKG "$deb"
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || die "dpkg -i failed: $(cat "$tmp/dpkg.log")"
status=0
ONELINK_INSTALLED=/ sh "$top/tests/run" "$top/tests/t-install.sh" || status=1
printf '  %-7s %s\n' PURGE onelink
dpkg --purge onelink >"$tmp/dpkg.log" 2>&1 || die "dpkg --purge failed: $(cat "$tmp/dpkg.log")"
files >"$tmp/after"
if ! diff "$tmp/before" "$tmp/after" >"$tmp/diff"; then
	echo "check-deb.sh: installing and removing $deb changed these files:" >&2
	cat "$tmp/diff" >&2
	exit 1
fi
echo "check-deb.sh: $deb: installed, tested and removed; the files are as before"
exit "$status"
