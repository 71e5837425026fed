#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-prelink-visibility.sh - ld.lld makes a global definition with hidden
# or internal visibility local (ThinLTO's vmlinux.o has thousands), so nm
# lists it with a lowercase letter in the linked file; GNU ld keeps it
# global in its symbol table.  kallsyms --prelink --localize-hidden gives such symbols
# ld.lld's letters in its superset, read directly and through the symbol
# cache; without the option they keep their letters, as GNU ld's.
# Protected and default ones stay global either way.  The expected
# letters are those of each linker's output, read by nm.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

cat >vis.c <<'SRC'
#define HIDDEN __attribute__((visibility("hidden")))
HIDDEN int hidden_func(int x) { return x + 1; }
__attribute__((visibility("internal"))) int internal_func(int x) { return x + 2; }
__attribute__((visibility("protected"))) int protected_func(int x) { return x + 3; }
HIDDEN __attribute__((weak)) int hidden_weak_func(int x) { return x + 4; }
HIDDEN int hidden_data = 5;
HIDDEN const int hidden_rodata[4] = { 1, 2, 3, 4 };
HIDDEN int hidden_bss;
HIDDEN __attribute__((weak)) int hidden_weak_data = 6;
int default_data = 7;
int entry(int x)
{
	return hidden_func(x) + internal_func(x) + protected_func(x) + hidden_weak_func(x) +
	       hidden_data + hidden_rodata[x & 3] + hidden_bss + hidden_weak_data + default_data;
}
SRC
cc -O1 -fno-pie -c -o vis.o vis.c || not_ok "compile vis.c"
ar rcsT vis.a vis.o

# superset LAYOUT: "TYPE NAME" of the superset, sorted by name
superset() {
	sed '1,/^superset$/d' "$1" | grep -v ' kallsyms_' | LC_ALL=C sort -k2
}

expect_ok "--prelink" "$KALLSYMS" --prelink --all-symbols --layout=g.layout vis.o
superset g.layout >ld.super
expect_ok "--prelink --localize-hidden" \
	"$KALLSYMS" --prelink --all-symbols --localize-hidden --layout=v.layout vis.o
superset v.layout >ld.lld.super
expect_ok "--prelink --localize-hidden through the cache (first run)" \
	"$KALLSYMS" --prelink --all-symbols --localize-hidden --layout=c.layout --cache=c.cache vis.a
expect_ok "--prelink --localize-hidden through the cache (from the cache)" \
	"$KALLSYMS" --prelink --all-symbols --localize-hidden --layout=c.layout --cache=c.cache vis.a
superset c.layout >c.super
same_file "... the same letters as without the cache" ld.lld.super c.super

# ld: GNU ld, without the option; ld.lld, with it
for ld in ld ld.lld; do
	if ! need "$ld"; then
		skip "$ld: the superset's letters are the linked file's" "no $ld"
		continue
	fi
	if ! "$ld" -static -e entry -o "vis-$ld" vis.o; then
		not_ok "$ld links vis.o"
		continue
	fi
	# the letters nm gives the same names in the linked file
	nm "vis-$ld" | awk 'NF == 3 { print $2, $3 }' | LC_ALL=C sort -k2 >"$ld.nm"
	join -1 2 -2 2 -o 1.1,1.2,2.1 "$ld.super" "$ld.nm" >"$ld.joined"
	if [ "$(wc -l <"$ld.joined")" -eq "$(wc -l <"$ld.super")" ] &&
		awk '$1 != $3 { bad = 1 } END { exit bad }' "$ld.joined"; then
		ok "$ld: the superset's letters are the linked file's ($(wc -l <"$ld.super") symbols)"
	else
		not_ok "$ld: the superset's letters are the linked file's"
		diag "$(awk '$1 != $3' "$ld.joined")" "$(wc -l <"$ld.joined") of $(wc -l <"$ld.super") joined"
	fi
done
# the premises: the objects' letters are global ones, ld.lld's local
check "premise: vis.o lists hidden_func as T" sh -c 'nm vis.o | grep -q " T hidden_func$"'
if need ld.lld; then
	check "premise: ld.lld lists hidden_func as t, protected_func as T" \
		sh -c 'grep -qx "t hidden_func" ld.lld.nm && grep -qx "T protected_func" ld.lld.nm'
fi
done_testing
