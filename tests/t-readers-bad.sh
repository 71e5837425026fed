#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-readers-bad.sh - both readers on bad input: a missing, an empty, a
# non-ELF (text) file, a directory, ELF files cut short (inside the ELF
# header, inside the sections, before the section header table), a file
# without symbols, and a bad archive member.  Each must exit 1 with one
# message "kallsyms: FILE: ...", print nothing on stdout and not crash;
# good files named with a bad one are still listed.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top
. "$(dirname "$0")/lib.sh"

printf 'int x = 1;\nint f(void) { return x; }\n' >good.c
gcc -O1 -c good.c -o good.o
gcc -o good.exe good.c -nostdlib -Wl,-e,f
size=$(wc -c <good.exe)

: >empty.o
echo 'this is not an object' >text.o
mkdir dir.o
head -c 40 good.o >short-header.o
head -c 1000 good.o >short-sections.o
head -c $((size - 100)) good.exe >short-table.exe
strip -o stripped.o good.o

# bad READER FILE: exit 1, one "kallsyms: FILE: " line, empty stdout
bad() {
	_r=$1 _f=$2
	"$KALLSYMS" --nm --reader="$_r" "$_f" >"$_f.$_r.out" 2>"$_f.$_r.err"
	_st=$?
	_lines=$(wc -l <"$_f.$_r.err")
	if [ "$_st" -eq 1 ] && [ "$_lines" -eq 1 ] && [ ! -s "$_f.$_r.out" ] &&
		grep -q "^kallsyms: $_f: ." "$_f.$_r.err"; then
		ok "$_r reader: $_f refused: $(cat "$_f.$_r.err")"
	else
		not_ok "$_r reader: $_f refused"
		diag "exit $_st, $_lines stderr lines" "$(head -n 3 "$_f.$_r.err")" \
			"stdout: $(head -n 3 "$_f.$_r.out")"
	fi
}

for r in elf bfd; do
	for f in missing.o empty.o text.o dir.o short-header.o short-sections.o \
		short-table.exe stripped.o; do
		bad "$r" "$f"
	done
	# keeps going: the good file is listed, the status says one failed
	"$KALLSYMS" --nm --reader="$r" text.o good.o >both.out 2>both.err
	st=$?
	if [ "$st" -eq 1 ] && grep -q ' T f$' both.out && [ "$(wc -l <both.err)" -eq 1 ]; then
		ok "$r reader: a bad file does not stop the next one"
	else
		not_ok "$r reader: a bad file does not stop the next one"
		diag "exit $st" "$(cat both.err)"
	fi
done

# archive with bad members: each one reported as "kallsyms: ARCHIVE(MEMBER): ..."
cp text.o text2.o
ar rcS bad.a text.o good.o text2.o
"$KALLSYMS" --nm --reader=bfd bad.a >bad.a.out 2>bad.a.err
st=$?
if [ "$st" -eq 1 ] && grep -q '^kallsyms: bad.a(text.o): ' bad.a.err &&
	grep -q '^kallsyms: bad.a(text2.o): ' bad.a.err; then
	ok "bfd reader: every bad archive member named as archive(member)"
else
	not_ok "bfd reader: every bad archive member named as archive(member)"
	diag "exit $st" "$(cat bad.a.err)"
fi

# a thin archive whose member is gone
mkdir -p sub
cp good.o sub/gone.o
ar rcsT thin.a sub/gone.o
rm sub/gone.o
expect_fail "bfd reader: thin archive with a missing member" 1 '^kallsyms: thin.a' \
	"$KALLSYMS" --nm --reader=bfd thin.a

expect_fail "--system-map of a text file" 1 '^kallsyms: text.o: ' \
	"$KALLSYMS" --system-map text.o
expect_fail "--system-map of a missing file" 1 '^kallsyms: missing.o: ' \
	"$KALLSYMS" --system-map missing.o

done_testing
