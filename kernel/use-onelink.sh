#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# use-onelink.sh - make a kernel tree link vmlinux with onelink, or undo it.
#
# Usage: kernel/use-onelink.sh TREE
#        kernel/use-onelink.sh --revert TREE
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
# The shim execs "${ONELINK_TOP:-<this repository>}/scripts/link-vmlinux.sh"
# with the same arguments.  Both directions are idempotent.  Files are
# renamed and recreated, never rewritten in place, so a tree made with
# "cp -al" does not change the tree it shares inodes with.

set -eu

die()
{
	echo "use-onelink.sh: $*" >&2
	exit 1
}

case "${V-}" in
*1*) set -x ;;
esac

revert=
if [ "${1-}" = --revert ]; then
	revert=1
	shift
fi
[ $# -eq 1 ] || die "usage: use-onelink.sh [--revert] TREE"

top=$(cd "$(dirname "$0")/.." && pwd -P)
script=$1/scripts/link-vmlinux.sh
stock=$script.stock
objdir=
if [ -L "$1/source" ] && [ -f "$1/Makefile" ]; then
	objdir=1
elif [ ! -f "$script" ] && [ ! -f "$stock" ]; then
	die "$1: neither a kernel source tree nor a kbuild output directory"
fi

shim="#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# onelink shim (kernel/use-onelink.sh)
exec \"\${ONELINK_TOP:-$top}/scripts/link-vmlinux.sh\" \"\$@\""

if [ -n "$revert" ]; then
	if [ -n "$objdir" ]; then
		[ ! -f "$script" ] || rm -f "$script"
	elif [ -f "$stock" ]; then
		rm -f "$script"
		mv "$stock" "$script"
	else
		exit 0
	fi
	printf '  %-7s %s\n' REVERT "$script"
	exit 0
fi

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
