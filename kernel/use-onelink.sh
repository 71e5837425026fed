#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# use-onelink.sh - make a kernel source tree link vmlinux with onelink, or undo it.
#
# Usage: kernel/use-onelink.sh TREE
#        kernel/use-onelink.sh --revert TREE
#
# Installing renames TREE/scripts/link-vmlinux.sh to link-vmlinux.sh.stock
# and puts in its place a shim that execs
# "${ONELINK_TOP:-<this repository>}/scripts/link-vmlinux.sh" with the same
# arguments.  --revert renames the stock script back.  Both are idempotent.
# Files are renamed and recreated, never rewritten in place, so a tree made
# with "cp -al" does not change the tree it shares inodes with.

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
[ -f "$script" ] || [ -f "$stock" ] || die "$script: not found"

if [ -n "$revert" ]; then
	if [ -f "$stock" ]; then
		rm -f "$script"
		mv "$stock" "$script"
		printf '  %-7s %s\n' REVERT "$script"
	fi
	exit 0
fi

shim="#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# onelink shim (kernel/use-onelink.sh); the stock script is link-vmlinux.sh.stock
exec \"\${ONELINK_TOP:-$top}/scripts/link-vmlinux.sh\" \"\$@\""

if [ -f "$stock" ]; then
	# installed already; refresh the shim if it differs
	[ "$(cat "$script" 2>/dev/null)" != "$shim" ] || exit 0
else
	mv "$script" "$stock"
fi
printf '%s\n' "$shim" > "$script.tmp"
chmod 755 "$script.tmp"
mv "$script.tmp" "$script"
printf '  %-7s %s\n' SHIM "$script"
