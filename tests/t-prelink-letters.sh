#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-prelink-letters.sh - nm's letter for a linked symbol is that of its
# output section, whose flags are those of every input section the
# linker script puts there: x86's .rodata output section also holds the
# writable .data..ro_after_init, so its read-only data is 'd' in vmlinux.
# kallsyms --prelink --lds gives the superset those letters.  Expected:
# the letters of GNU ld's and ld.lld's output, read by nm, for a script
# that puts writable data into .rodata, bss into .data, and leaves the
# other output sections alone.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

cat >let.c <<'SRC'
const int ro_alone[4] = { 1, 2, 3, 4 };
static const int ro_local[2] = { 5, 6 };
__attribute__((section(".data..ro_after_init"))) int after_init = 7;
int plain_data = 8;
int bss_in_data;
static int bss_local;
__attribute__((section(".bss.only"))) int bss_alone;
int entry(int x)
{
	return ro_alone[x & 3] + ro_local[x & 1] + after_init + plain_data + bss_in_data +
	       bss_local + bss_alone;
}
SRC
cat >let.lds <<'LDS'
ENTRY(entry)
SECTIONS
{
	. = 0x100000;
	.text : { *(.text .text.*) }
	.rodata : { *(.rodata .rodata.*) *(.data..ro_after_init) }
	.data : { *(.data .data.*) *(.bss .bss.[!o]*) }
	.bssonly : { *(.bss.only) }
	/DISCARD/ : { *(.comment) *(.note.*) *(.eh_frame) }
}
LDS
cc -O1 -fno-pie -fno-common -fno-asynchronous-unwind-tables -c -o let.o let.c ||
	not_ok "compile let.c"

# superset LAYOUT: "TYPE NAME" of the superset, sorted by name
superset() {
	sed '1,/^superset$/d' "$1" | grep -v ' kallsyms_' | LC_ALL=C sort -k2
}

expect_ok "--prelink --lds" \
	"$KALLSYMS" --prelink --all-symbols --lds=let.lds --layout=l.layout let.o
superset l.layout >l.super
check "premise: the object's letters are r for ro_alone, d for after_init" \
	sh -c 'nm let.o | grep -q " R ro_alone$" && nm let.o | grep -q " D after_init$"'
for ld in ld ld.lld; do
	if ! need "$ld"; then
		skip "$ld: the superset's letters are the linked file's" "no $ld"
		continue
	fi
	"$ld" -static -T let.lds -o "let-$ld" let.o || { not_ok "$ld links let.o"; continue; }
	nm "let-$ld" | awk 'NF == 3 { print $2, $3 }' | LC_ALL=C sort -k2 >"$ld.nm"
	join -1 2 -2 2 -o 1.1,1.2,2.1 l.super "$ld.nm" >"$ld.joined"
	if [ "$(wc -l <"$ld.joined")" -eq "$(wc -l <l.super)" ] &&
		awk '$1 != $3 { bad = 1 } END { exit bad }' "$ld.joined"; then
		ok "$ld: the superset's letters are the linked file's ($(wc -l <l.super) symbols)"
	else
		not_ok "$ld: the superset's letters are the linked file's"
		diag "$(awk '$1 != $3' "$ld.joined")" "$(wc -l <"$ld.joined") of $(wc -l <l.super) joined"
	fi
done
check "premise: ld lists ro_alone as D, bss_alone as B" \
	sh -c 'grep -qx "D ro_alone" ld.nm && grep -qx "B bss_alone" ld.nm && grep -qx "D bss_in_data" ld.nm'
done_testing
