#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-readers-lto.sh - LTO IR objects through the bfd reader, against nm -n
# (which reads them with the compiler's plugin from /usr/lib/bfd-plugins):
# gcc -flto (slim and fat), clang -flto=thin and -flto (bitcode), and an
# archive and a thin archive mixing them with a plain ELF object.
#
# nm prints plugin-read objects with 8-digit addresses (the plugin target
# has no ELF class) and all of them at address 0; the single objects are
# compared byte for byte, the archives after writing addresses without
# leading zeros (see check_archive).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
. "$top/tests/readers.sh"

write_c_source
mkdir -p sub/dir
members=""

# lto NAME CC FLAGS...: build sub/NAME.o, compare it, add it to $members
lto() {
	_n=$1 _cc=$2
	shift 2
	if ! need "$_cc"; then
		skip "$_n" "$_cc not installed"
		return
	fi
	if ! "$_cc" -O1 "$@" -c fix.c -o "sub/$_n.o"; then
		not_ok "$_cc $* builds sub/$_n.o"
		return
	fi
	check_nm "bfd reader: $_n object equals nm -n" bfd nm "sub/$_n.o"
	members="$members sub/$_n.o"
}

lto gcc-slim gcc -flto
lto gcc-fat gcc -flto -ffat-lto-objects
lto clang-thin clang -flto=thin
lto clang-full clang -flto

# the listing really came from the plugin, not from the ELF symbol table
if [ -f sub/gcc-slim.o ]; then
	if grep -q ' T use$' sub/gcc-slim.o.bfd && ! grep -q __gnu_lto_slim sub/gcc-slim.o.bfd; then
		ok "gcc slim LTO object: symbols from the IR"
	else
		not_ok "gcc slim LTO object: symbols from the IR"
	fi
fi

gcc -O1 -c fix.c -o sub/dir/plain.o
members="$members sub/dir/plain.o"
# shellcheck disable=SC2086
ar rcs lib.a $members && check_archive "bfd reader: LTO archive lists nm's symbols" nm lib.a 1
# shellcheck disable=SC2086
ar rcsT thin.a $members &&
	check_archive "bfd reader: LTO thin archive lists nm's symbols" nm thin.a 1

done_testing
