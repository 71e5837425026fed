#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-readers-cross.sh - kallsyms' symbol readers against each target's own
# nm: arm (ARM and Thumb code), aarch64, ppc32 (ELF32 big endian) and s390x
# (ELF64 big endian).  Per target: the C and assembler objects with both
# readers, an archive and a thin archive, an `ld -r` object, and a static
# -nostdlib executable (both readers, and --system-map).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
. "$top/tests/readers.sh"

write_sources

# target TRIPLE [CFLAGS...]: $1-gcc, $1-nm, $1-ld, $1-ar; objects in $name/
target() {
	triple=$1
	shift
	name=$triple${1+"$*"}
	name=$(echo "$name" | tr -c 'A-Za-z0-9_\n-' '_')
	if ! need "$triple-gcc" "$triple-nm" "$triple-ld" "$triple-ar"; then
		skip "$name" "$triple toolchain not installed"
		return
	fi
	mkdir -p "$name/sub/dir"
	if ! { "$triple-gcc" -O1 "$@" -c fix.c -o "$name/sub/fix.o" &&
		"$triple-gcc" -c -Wa,-L fix.s -o "$name/sub/dir/asm.o" &&
		"$triple-gcc" -O1 "$@" -c defs.c -o "$name/defs.o"; }; then
		not_ok "$name: fixtures build"
		return
	fi
	cross_objects "$triple" "$name"
	cross_archives "$triple" "$name"
	cross_linked "$triple" "$name"
}

cross_objects() {
	for o in "$2/sub/fix.o" "$2/sub/dir/asm.o"; do
		check_nm "elf reader: $o equals $1-nm -n" elf "$1-nm" "$o"
		check_nm "bfd reader: $o equals $1-nm -n" bfd "$1-nm" "$o"
	done
	if "$1-ld" -r -o "$2/rel.o" "$2/sub/fix.o" "$2/sub/dir/asm.o"; then
		check_nm "elf reader: $2 ld -r object equals $1-nm -n" elf "$1-nm" "$2/rel.o"
		check_nm "bfd reader: $2 ld -r object equals $1-nm -n" bfd "$1-nm" "$2/rel.o"
	else
		not_ok "$2: ld -r"
	fi
}

cross_archives() {
	(cd "$2" && "$1-ar" rcs lib.a sub/fix.o sub/dir/asm.o &&
		"$1-ar" rcsT thin.a sub/fix.o sub/dir/asm.o) || {
		not_ok "$2: ar"
		return
	}
	check_archive "bfd reader: $2 archive lists $1-nm's symbols" "$1-nm" "$2/lib.a"
	check_archive "bfd reader: $2 thin archive lists $1-nm's symbols" "$1-nm" "$2/thin.a"
}

cross_linked() {
	exe=$2/static.exe
	if ! "$1-gcc" -static -nostdlib -Wl,-e,use -o "$exe" "$2/sub/fix.o" \
		"$2/sub/dir/asm.o" "$2/defs.o"; then
		not_ok "$2: static link"
		return
	fi
	check_nm "elf reader: $exe equals $1-nm -n" elf "$1-nm" "$exe"
	check_nm "bfd reader: $exe equals $1-nm -n" bfd "$1-nm" "$exe"
	check_system_map "--system-map $exe equals $1-nm -n | mksysmap" "$1-nm" "$exe"
}

target arm-linux-gnueabihf -marm
target arm-linux-gnueabihf -mthumb
target aarch64-linux-gnu
target powerpc-linux-gnu
target s390x-linux-gnu

done_testing
