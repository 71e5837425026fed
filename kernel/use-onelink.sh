#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# use-onelink.sh - make a kernel tree link vmlinux with onelink, or undo it.
# "make install" installs it as onelink-use (docs/onelink-use.1).
#
# Usage: onelink-use TREE
#        onelink-use --revert TREE
#        onelink-use --status TREE
#        onelink-use --help | --version
#
# TREE is a kernel source tree or a kbuild output directory (O=...).
#
# In a source tree, TREE/scripts/link-vmlinux.sh is renamed to
# link-vmlinux.sh.stock and a shim takes its place; --revert renames the
# stock script back.  Every build from that source tree links with onelink.
#
# In an output directory (it has the "source" link kbuild makes), the shim
# is written to TREE/scripts/link-vmlinux.sh, where make finds it before the
# source tree's script; --revert deletes it.  Only builds into TREE change.
#
# The shim execs the link-vmlinux.sh of this onelink with the same
# arguments: in a source tree of onelink, scripts/link-vmlinux.sh next to
# this script's kernel/; installed, DATADIR/link-vmlinux.sh, found from
# this script's own directory (make install writes onelink_datadir below,
# relative to BINDIR), so an installed onelink never runs a source tree's
# files.  ONELINK_TOP, when set at build time, names a source tree of
# onelink whose scripts/link-vmlinux.sh runs instead.
#
# A tree whose Makefile (VERSION, PATCHLEVEL) is not Linux 6.1 or 6.12 is
# refused before anything changes; --revert and --status take any tree.
# Both directions are idempotent.  Files are renamed and recreated, never
# rewritten in place, so a tree made with "cp -al" does not change the
# tree it shares inodes with.

set -eu

prog=$(basename "$0")
supported="6.1 6.12"

# set by make install: DATADIR relative to BINDIR
onelink_datadir=

die()
{
	echo "$prog: $*" >&2
	exit 1
}

usage()
{
	cat <<EOF
Usage: $prog TREE            link TREE's vmlinux with onelink from now on
       $prog --revert TREE   back to the kernel's own link-vmlinux.sh
       $prog --status TREE   which script links TREE's vmlinux
       $prog --help | --version
TREE is a kernel source tree (Linux 6.1 or 6.12) or a kbuild output
directory (O=...).  See onelink-use(1).
EOF
}

case "${V-}" in
*1*) set -x ;;
esac

here=$(cd "$(dirname "$0")" && pwd -P)
if [ -n "$onelink_datadir" ]; then
	datadir=$(cd "$here/$onelink_datadir" && pwd -P)
	target=$datadir/link-vmlinux.sh
else
	datadir=$(cd "$here/.." && pwd -P)
	target=$datadir/scripts/link-vmlinux.sh
fi

# onelink_version SCRIPT: the version of the onelink SCRIPT belongs to (its
# directory's VERSION when installed, the source tree's VERSION otherwise)
onelink_version()
{
	_d=$(dirname "$1")
	for _v in "$_d/VERSION" "$_d/../VERSION"; do
		if [ -f "$_v" ]; then
			cat "$_v"
			return 0
		fi
	done
	echo "unknown version"
}

mode=use
case "${1-}" in
--revert) mode=revert; shift ;;
--status) mode=status; shift ;;
--help|-h) usage; exit 0 ;;
--version) echo "onelink-use (onelink) $(onelink_version "$target")"; exit 0 ;;
-*) usage >&2; die "unknown option '$1'" ;;
esac
[ $# -eq 1 ] || { usage >&2; exit 1; }

tree=$1
script=$tree/scripts/link-vmlinux.sh
stock=$script.stock
objdir=
if [ -L "$tree/source" ] && [ -f "$tree/Makefile" ]; then
	objdir=1
	makefile=$tree/source/Makefile
elif [ -f "$script" ] || [ -f "$stock" ]; then
	makefile=$tree/Makefile
else
	die "$tree: neither a kernel source tree nor a kbuild output directory"
fi

# the path a shim in TREE execs (nothing if it is not onelink's shim); a
# shim of an older onelink names its source tree in its last line
shim_target()
{
	# shellcheck disable=SC2016 # the shim's text, not expansions
	sed -n -e "s/^exec '\\(.*\\)' \"\\\$@\"\$/\\1/p" \
		-e 's|^exec "${ONELINK_TOP:-\(.*\)}/scripts/link-vmlinux.sh" "$@"$|\1/scripts/link-vmlinux.sh|p' \
		"$script" 2>/dev/null
}

if [ "$mode" = status ]; then
	t=$(shim_target)
	if [ -z "$t" ]; then
		echo "$tree: links with the kernel's own link-vmlinux.sh"
	elif [ -x "$t" ]; then
		echo "$tree: links with onelink $(onelink_version "$t") ($t)"
	else
		die "$script: runs $t, which is gone (install onelink again, or --revert)"
	fi
	exit 0
fi

if [ "$mode" = revert ]; then
	if [ -n "$objdir" ]; then
		[ -f "$script" ] || exit 0
		rm -f "$script"
	elif [ -f "$stock" ]; then
		rm -f "$script"
		mv "$stock" "$script"
	else
		exit 0
	fi
	printf '  %-7s %s\n' REVERT "$script"
	exit 0
fi

# Only a version whose table onelink writes: refuse now, not after the build.
kversion=$(sed -n -e '/^VERSION = /{s///;h;}' \
	-e '/^PATCHLEVEL = /{s///;H;x;s/\n/./p;q;}' "$makefile" 2>/dev/null) || true
case " $supported " in
*" ${kversion:-none} "*) ;;
*)
	[ -n "$kversion" ] || die "$makefile: no kernel version (VERSION, PATCHLEVEL)"
	die "$makefile: Linux $kversion is not supported (Linux 6.1 and 6.12 only)"
	;;
esac

[ -x "$target" ] || die "$target: not found or not executable"
case "$target" in
*"'"*) die "$target: a path with a quote cannot go into the shim" ;;
esac
shim="#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# onelink shim (onelink-use); ONELINK_TOP names another onelink source tree
[ -z \"\${ONELINK_TOP-}\" ] || exec \"\$ONELINK_TOP/scripts/link-vmlinux.sh\" \"\$@\"
exec '$target' \"\$@\""

# installed already?
[ "$(cat "$script" 2>/dev/null)" != "$shim" ] || exit 0
if [ -z "$objdir" ] && [ ! -f "$stock" ]; then
	mv "$script" "$stock"
fi
mkdir -p "$(dirname "$script")"
printf '%s\n' "$shim" > "$script.tmp"
chmod 755 "$script.tmp"
mv "$script.tmp" "$script"
printf '  %-7s %s\n' SHIM "$script"
