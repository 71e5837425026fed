#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-readers.sh - kallsyms' symbol readers on x86_64 against nm: objects
# from gcc and clang (both readers), an archive and a thin archive with
# members in subdirectories, an `ld -r` object (both readers), executables
# linked by GNU ld and ld.lld (both readers, and --system-map against
# `nm -n | sed -f scripts/mksysmap`).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
. "$top/tests/readers.sh"

write_sources

# objects ($1: compiler); leaves $1-fix.o, $1-asm.o, $1-defs.o
objects() {
	_cc=$1
	if ! need "$_cc"; then
		skip "$_cc objects" "$_cc not installed"
		return 1
	fi
	if ! { "$_cc" -O1 -c fix.c -o "$_cc-fix.o" &&
		"$_cc" -c -Wa,-L fix.s -o "$_cc-asm.o" &&
		"$_cc" -O1 -c defs.c -o "$_cc-defs.o"; }; then
		not_ok "$_cc builds the fixtures"
		return 1
	fi
	for _o in "$_cc-fix.o" "$_cc-asm.o"; do
		check_nm "elf reader: $_o equals nm -n" elf nm "$_o"
		check_nm "bfd reader: $_o equals nm -n" bfd nm "$_o"
	done
}

# linked ($1: compiler, $2: linker, $3: extra flags)
linked() {
	_cc=$1 _ld=$2
	_exe="$_cc-$_ld.exe"
	if [ "$_ld" = lld ] && ! need ld.lld; then
		skip "$_exe" "ld.lld not installed"
		return
	fi
	# shellcheck disable=SC2086
	if ! "$_cc" -fuse-ld="$_ld" $3 -o "$_exe" "$_cc-fix.o" "$_cc-asm.o" \
		"$_cc-defs.o"; then
		not_ok "$_cc links $_exe with $_ld"
		return
	fi
	check_nm "elf reader: $_exe equals nm -n" elf nm "$_exe"
	check_nm "bfd reader: $_exe equals nm -n" bfd nm "$_exe"
	check_system_map "--system-map $_exe equals nm -n | mksysmap" nm "$_exe"
}

for cc in gcc clang; do
	objects "$cc" || continue
	# a dynamic executable (glibc, versioned names) and a static one
	printf 'int use(void);\nint main(void) { return use(); }\n' >main.c
	"$cc" -O1 -c main.c -o "$cc-main.o"
	ld -r -o "$cc-defs.tmp" "$cc-defs.o" "$cc-main.o" && mv "$cc-defs.tmp" "$cc-defs.o"
	linked "$cc" bfd ""
	linked "$cc" lld -no-pie
done

# ld -r, as the kernel's vmlinux.o
if ld -r -o rel.o gcc-fix.o gcc-asm.o; then
	check_nm "elf reader: ld -r object equals nm -n" elf nm rel.o
	check_nm "bfd reader: ld -r object equals nm -n" bfd nm rel.o
else
	not_ok "ld -r links rel.o"
fi

# a static, -nostdlib executable like vmlinux
for ld in bfd lld; do
	[ "$ld" = bfd ] || need ld.lld || continue
	exe=static-$ld.exe
	if gcc -fuse-ld="$ld" -static -nostdlib -Wl,-e,use -o "$exe" gcc-fix.o \
		gcc-asm.o gcc-defs.o; then
		check_nm "elf reader: static $ld executable equals nm -n" elf nm "$exe"
		check_system_map "--system-map static $ld executable equals nm -n | mksysmap" \
			nm "$exe"
	else
		not_ok "gcc links $exe"
	fi
done

# a linked file of a kernel's order of size: 60,000 symbols, locals of
# two files (the same names in both) before the globals, aliases at one
# address, symbols mksysmap drops, the globals at addresses among the
# locals'
for f in 1 2; do
	awk -v f="$f" 'BEGIN {
		print ".text"
		for (i = 0; i < 12000; i++) {
			if (i % 3 == 0) print ".globl g" f "_" i
			if (i % 7 == 0) print ".weak w" f "_" i "\nw" f "_" i ":"
			if (i % 11 == 0) print "__crc_s" i ":"
			print "s" i ":\nalias" i ":"
			if (i % 3 == 0) print "g" f "_" i ":"
			print "\tnop"
		}
	}' >"big$f.s"
done
if gcc -c big1.s -o big1.o && gcc -c big2.s -o big2.o &&
	ld -e 0 -o big.exe big1.o big2.o; then
	check_system_map "--system-map of $(nm big.exe | wc -l | tr -d ' ') symbols equals nm -n | mksysmap" \
		nm big.exe
else
	not_ok "gcc and ld build big.exe"
fi

# archives: members in subdirectories like the kernel's built-in.a
mkdir -p sub/dir
cp gcc-fix.o sub/fix.o
cp gcc-asm.o sub/dir/asm.o
cp clang-fix.o sub/dir/clang.o 2>/dev/null || true
members=$(find sub -name '*.o' | sort)
# shellcheck disable=SC2086
ar rcs lib.a $members && check_archive "bfd reader: archive lists nm's symbols" nm lib.a
# shellcheck disable=SC2086
ar rcsT thin.a $members && check_archive "bfd reader: thin archive lists nm's symbols" nm thin.a
expect_fail "elf reader refuses a thin archive" 1 "^kallsyms: thin.a: " \
	"$KALLSYMS" --nm --reader=elf thin.a

done_testing
