#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-prelink-reuse.sh - kallsyms --prelink keeps the layout file it finds
# when that was planned for the same superset (its "digest" line) with the
# same options: no table is built, the file is left as it is, and the
# padded table is the one a fresh run writes.  Anything else (a new
# symbol, another margin or option, a pinned reserve, a damaged file)
# plans and writes the layout again.  A grown layout takes over the
# digest of the layout it grows from.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

"$KPROG/gen.sh" src 3 40
compile objs -O1 src/*.c >/dev/null || not_ok "compile the sources"
set -- objs/*.o
objs=$*
# the same objects, last first
rev=$(printf '%s\n' "$@" | sort -r | tr '\n' ' ')

# prelink LAYOUT OUT.S [OPTION...] -- OBJ...: one run
prelink() {
	_l=$1 _s=$2
	shift 2
	"$KALLSYMS" --prelink --all-symbols --lds="$KPROG/prog.lds" --layout="$_l" "$@" >"$_s"
}
inode() {
	stat -c %i "$1"
}
# header FILE: the layout without its superset list
header() {
	sed '/^superset$/q' "$1"
}
# kept LAYOUT INODE: the file is the one of inode INODE (replace_file
# makes a new one whenever it writes)
kept() {
	[ "$(inode "$1")" = "$2" ]
}
rewritten() {
	! kept "$@"
}
# differ A B: the files differ
differ() {
	! cmp -s "$1" "$2"
}
# lacks PATTERN FILE: no line of FILE matches PATTERN
lacks() {
	! grep -q "$1" "$2"
}

# shellcheck disable=SC2086
expect_ok "a first run" prelink a.layout a.S $objs
check "... records the superset's digest" grep -Eq '^digest [0-9a-f]{16}$' a.layout
ino=$(inode a.layout)
cp a.layout a.layout.1

# shellcheck disable=SC2086
prelink a.layout a2.S $objs 2>a2.err
check "the same inputs again: the layout file is kept" kept a.layout "$ino"
same_file "... byte for byte" a.layout.1 a.layout
same_file "... and the padded table is the first run's" a.S a2.S
check "... silently" [ ! -s a2.err ]

# shellcheck disable=SC2086
prelink r.layout r.S $rev
header r.layout >r.head
header a.layout >a.head
same_file "premise: the objects in another order plan the same reserves" a.head r.head
# shellcheck disable=SC2086
prelink a.layout a3.S $rev
check "the same symbols in another order: kept" kept a.layout "$ino"
same_file "... the same padded table" a.S a3.S

# a symbol more: planned again, as a fresh run plans it
echo 'int reuse_test_new_symbol(void) { return 9; }' >new.c
cc -O1 -c -o new.o new.c
# shellcheck disable=SC2086
prelink a.layout b.S $objs new.o
check "a new symbol: the layout is written again" rewritten a.layout "$ino"
check "... with the symbol in its superset" grep -qx 'T reuse_test_new_symbol' a.layout
# shellcheck disable=SC2086
prelink fresh.layout fresh.S $objs new.o
same_file "... the layout of a fresh run" fresh.layout a.layout
same_file "... and its padded table" fresh.S b.S
check "... whose reserves differ from the first run's" differ a.S b.S

# options and margins are part of what is compared
ino=$(inode a.layout)
# shellcheck disable=SC2086
prelink a.layout m.S --margin=9 $objs new.o
check "another margin: written again" rewritten a.layout "$ino"
check "... with that margin" grep -qx 'margin 9' a.layout
ino=$(inode a.layout)
# shellcheck disable=SC2086
"$KALLSYMS" --prelink --lds="$KPROG/prog.lds" --layout=a.layout --margin=9 $objs new.o >o.S
check "without --all-symbols: written again" rewritten a.layout "$ino"
check "... its options" grep -qx 'options -' a.layout

# a pinned reserve holds no plan of the superset: no digest, and the
# next plain run plans again
# shellcheck disable=SC2086
prelink p.layout p.S --reserve=names=100000 $objs
check "--reserve: no digest" lacks '^digest ' p.layout
cp p.layout pinned.layout
ino=$(inode p.layout)
# shellcheck disable=SC2086
prelink p.layout p2.S $objs
check "... the next plain run plans again" rewritten p.layout "$ino"
same_file "... as a fresh run" a.layout.1 p.layout

# A grown layout (the relink after an overflow: --grow=OLD with the
# linked file's symbols) holds at least what OLD planned, so it takes
# over OLD's digest: the next build with OLD's superset keeps it and
# links once, where the model of the superset fell short.
# digest FILE: its digest line's value
digest() {
	sed -n 's/^digest //p' "$1"
}
# covers A B: every reserve of layout A is at least B's
covers() {
	awk '$1 == "array" { if (FILENAME == ARGV[1]) r[$2] = $4; else if (r[$2] < $4) bad = 1 }
		END { exit bad }' "$1" "$2"
}
# shellcheck disable=SC2086
prelink g.layout g.S --grow=a.layout.1 $objs new.o
check "--grow: the digest of the layout it grows from" [ -n "$(digest g.layout)" ] &&
	[ "$(digest g.layout)" = "$(digest a.layout.1)" ]
check "... and at least its reserves" covers g.layout a.layout.1
ino=$(inode g.layout)
# shellcheck disable=SC2086
prelink g.layout g2.S $objs
check "... the next run with that superset keeps it" kept g.layout "$ino"
same_file "... and its reserves" g.S g2.S
check "... which are not a fresh plan's" differ a.S g2.S
# shellcheck disable=SC2086
prelink g3.layout g3.S --grow=pinned.layout $objs
check "--grow from a layout without a digest: none" lacks '^digest ' g3.layout
# shellcheck disable=SC2086
prelink g4.layout g4.S --margin=9 --grow=a.layout.1 $objs
check "--grow with another margin: no digest" lacks '^digest ' g4.layout
# shellcheck disable=SC2086
prelink g5.layout g5.S --reserve=names=100000 --grow=a.layout.1 $objs
check "--grow with a pinned reserve: no digest" lacks '^digest ' g5.layout

# a damaged or foreign file where the layout goes: planned again, silently
for how in truncated nosuperset garbage digest version; do
	case $how in
	truncated) head -c 100 a.layout.1 >d.layout ;;
	nosuperset) header a.layout.1 | sed '$d' >d.layout ;;
	garbage) head -c 2048 /dev/urandom >d.layout ;;
	digest) sed 's/^digest .*/digest 0123456789abcdef/' a.layout.1 >d.layout ;;
	version) sed '1s/ 1$/ 9/' a.layout.1 >d.layout ;;
	esac
	ino=$(inode d.layout)
	# shellcheck disable=SC2086
	prelink d.layout d.S $objs 2>d.err
	check "a layout file ($how) in the way: written again" rewritten d.layout "$ino"
	same_file "... as a fresh run" a.layout.1 d.layout
	check "... silently" [ ! -s d.err ]
done

# The reserves move in coarse steps (docs/design.md): the symbols, with a
# margin of 1 per mille and 16, rounded up to a multiple of the largest
# power of two not above 1/128 of them; the names likewise, with room for
# the margin's symbols at the average length and 64 bytes more.
awk 'BEGIN {
	print ".text"
	for (i = 0; i < 20000; i++)
		printf ".globl coarse_step_function_%d\ncoarse_step_function_%d:\n\tnop\n", i, i
}' >steps.s
# step V: the largest power of two G with 2 * 128 * G <= V (at least 1)
step() {
	awk -v v="$1" 'BEGIN { g = 1; while (g * 256 <= v) g *= 2; print g }'
}
# rounded R V G: R is V rounded up to a multiple of G
rounded() {
	[ $(($1 % $3)) -eq 0 ] && [ "$1" -ge "$2" ] && [ "$1" -lt $(($2 + $3)) ]
}
if cc -c steps.s -o steps.o && "$KALLSYMS" --prelink --all-symbols --layout=steps.layout \
	steps.o >steps.S; then
	read -r _ n rs <<EOF_SYMS
$(grep '^symbols ' steps.layout)
EOF_SYMS
	read -r _ _ names rnames <<EOF_NAMES
$(grep '^array kallsyms_names ' steps.layout)
EOF_NAMES
	extra=$(( (n + 999) / 1000 + 16 ))
	g=$(step $((n + extra)))
	check "20,000 functions: $rs symbols reserved for $n, in steps of $g" \
		rounded "$rs" $((n + extra)) "$g"
	want=$((names + extra * ((names + n - 1) / n) + 64))
	g=$(step "$want")
	check "... $rnames bytes of names reserved for $names, in steps of $g" \
		rounded "$rnames" "$want" "$g"
else
	not_ok "a 20,000-function object planned"
fi

done_testing
