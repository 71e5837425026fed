#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-deb.sh - build onelink's Debian package and check it with lintian.
#
# Usage: scripts/build-deb.sh [OUTDIR]
#
# Copies the files git knows of (tracked, or new and not ignored) to
# OUTDIR/onelink-VERSION (default OUTDIR: $ONELINK_BUILD/deb, else
# build/deb), runs "dpkg-buildpackage -us -uc -b" there, and then lintian
# on the packages it made (the .changes), which must report no error
# (docs/packaging.md explains what lintian reports).  The package is
# OUTDIR/onelink_VERSION_ARCH.deb; its path is the last line printed.
# The source tree itself is left as it was (dpkg-buildpackage writes
# beside the tree it builds).  Needs debhelper and lintian
# (scripts/install-deps.sh --package).

set -eu

die()
{
	echo "build-deb.sh: $*" >&2
	exit 1
}

top=$(cd "$(dirname "$0")/.." && pwd -P)
out=${1:-${ONELINK_BUILD:-$top/build}/deb}
version=$(cat "$top/VERSION")
changelog=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
[ "$changelog" = "$version" ] ||
	die "$top/debian/changelog: version $changelog, but VERSION says $version"

git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
	die "$top: not a git checkout (the package is built from the files git knows of)"

dir=$out/onelink-$version
rm -rf "$dir"
mkdir -p "$dir"
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp -P --parents -t "$dir")

printf '  %-7s %s\n' DEB "$dir"
(cd "$dir" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
	die "dpkg-buildpackage failed (last lines of $out/build.log):
$(tail -n 20 "$out/build.log")"
deb=$out/onelink_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || die "$deb: not built"

changes=$out/onelink_${version}_$(dpkg --print-architecture).changes
printf '  %-7s %s\n' LINTIAN "$changes"
lintian --fail-on error --info "$changes" || die "$changes: lintian reports errors"
echo "$deb"
