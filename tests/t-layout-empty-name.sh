#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-layout-empty-name.sh - a superset symbol with an empty name (GNU nm
# lists an arm mapping symbol at the end of .text that way, and
# scripts/kallsyms keeps it) is written to the layout file as "TYPE "
# and read back: --grow and --final take the layout --prelink wrote.
# The object here gets its empty name by pointing a local function's
# st_name at the string table's first byte (elfcraft.py).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

cat >a.c <<'SRC'
static int helper(int x) { return x * 3; }
int entry(int x) { return helper(x) + 1; }
int (*keep)(int) = helper;
SRC
if ! cc -O1 -c -o a.o a.c || ! python3 "$top/tests/elfcraft.py" sym a.o helper name 0; then
	not_ok "build an object with an empty-named symbol"
	done_testing
	exit
fi
# the independent view: binutils' nm lists "t " with nothing after it
if need nm && nm a.o | grep -q '^[0-9a-f]* t $'; then
	ok "nm lists the crafted symbol with an empty name"
else
	not_ok "nm lists the crafted symbol with an empty name"
fi

expect_ok "--prelink over the empty-named symbol" \
	"$KALLSYMS" --prelink --layout=one.layout a.o
if grep -qx 't ' one.layout; then
	ok "the layout lists it as \"t \""
else
	not_ok "the layout lists it as \"t \""
	diag "$(sed -n '/^superset$/,$p' one.layout)"
fi
expect_ok "--grow reads that layout" \
	"$KALLSYMS" --prelink --layout=two.layout --grow=one.layout a.o
if grep -qx 't ' two.layout; then
	ok "the grown layout keeps it"
else
	not_ok "the grown layout keeps it"
fi
# --final reads the layout before it opens the file: a missing file is
# the first thing it reports once the layout was read
expect_fail "--final reads that layout (then misses the file)" 1 \
	"kallsyms: missing.elf: cannot open" \
	"$KALLSYMS" --final --layout=one.layout missing.elf
done_testing
