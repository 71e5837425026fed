#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# matrix.sh - the results matrix of docs/kernel.md from kernel/demo.sh's
# result records.
#
# Usage: kernel/matrix.sh [--write FILE]
#
# Reads $ONELINK_BUILD/kernel/results/*.rec (default build/kernel/results),
# one per variant, and prints a Markdown table: kernel version x
# architecture x toolchain x configuration, with the links (stock and
# onelink), kallsyms --verify, the boot in QEMU TCG, the selftest and
# /proc/kallsyms == System.map (check.sh checks both in one go), and the
# build (the last make run: "(relink)" when it was not a full build),
# link-phase and boot times.  --write FILE replaces the lines
# between "<!-- matrix begin -->" and "<!-- matrix end -->" in FILE
# instead (through a temporary file; FILE is untouched on any error).

set -eu

die()
{
	echo "matrix.sh: $*" >&2
	exit 1
}

top=$(cd "$(dirname "$0")/.." && pwd -P)
ONELINK_BUILD=${ONELINK_BUILD:-$top/build}
dir=$ONELINK_BUILD/kernel/results
write=
case "${1-}" in
--write) [ $# -eq 2 ] || die "usage: matrix.sh [--write FILE]"; write=$2 ;;
'') ;;
*) die "usage: matrix.sh [--write FILE]" ;;
esac

set -- "$dir"/*.rec
[ -f "$1" ] || die "$dir: no result records (run kernel/demo.sh first)"

table()
{
	echo "| variant | kernel | arch | toolchain | config | links stock / onelink | --verify | boot, selftest, /proc/kallsyms = System.map | KASLR boot | build / link phase / boot (s) | padding | symbols |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	for rec in "$@"; do
		awk -F= '
		{ k = $1; sub(/^[^=]*=/, ""); v[k] = $0 }
		function dash(x) { return x == "" ? "-" : x }
		END {
			ok = v["result"] == "pass"
			printf "| `%s` | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s / %s / %s | %s | %s |\n",
				v["variant"], v["version"], v["arch"], v["toolchain"], v["config"],
				dash(v["links_stock"]), dash(v["links_onelink"]),
				dash(v["verify"]), ok ? v["boot"] : "**" v["result"] "**",
				dash(v["kaslr_boot"]),
				dash(v["build_seconds"]) (v["full_build"] == "no" ? " (relink)" : ""),
				dash(v["phase_onelink"]),
				dash(v["boot_seconds"]), dash(v["padding"]), dash(v["symbols"])
		}' "$rec"
	done
}

if [ -z "$write" ]; then
	table "$@"
	exit 0
fi
[ -f "$write" ] || die "$write: not found"
if ! grep -q '^<!-- matrix begin -->$' "$write" || ! grep -q '^<!-- matrix end -->$' "$write"; then
	die "$write: no '<!-- matrix begin -->' and '<!-- matrix end -->' lines"
fi
# no temporary left whatever fails (set -e ends the script at once)
trap 'rm -f "$write.matrix.tmp" "$write.tmp"' EXIT
table "$@" > "$write.matrix.tmp"
awk -v t="$write.matrix.tmp" '
/^<!-- matrix begin -->$/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
/^<!-- matrix end -->$/ { skip = 0 }
!skip' "$write" > "$write.tmp" || die "$write: cannot rewrite"
mv "$write.tmp" "$write"
