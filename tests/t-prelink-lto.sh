#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-prelink-lto.sh - kallsyms --prelink on the inputs of a ThinLTO kernel's
# link: a native 64-bit vmlinux.o and an LLVM IR init/version-timestamp.o
# (kbuild compiles it with -flto=thin and passes it after vmlinux.o).  The
# IR object has no ELF class (the plugin target reads as 32-bit); the
# layout's word size must be the 64-bit object's whatever the input order.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

if ! need clang; then
	skip "prelink with an LLVM IR input" "clang not installed"
	done_testing
	exit
fi

cat >obj.c <<'SRC'
int counter;
int __attribute__((noinline)) bump(int x) { return counter += x; }
SRC
cat >stamp.c <<'SRC'
const char linux_banner_stamp[] = "onelink";
SRC
clang -O1 -c -o vmlinux.o obj.c || not_ok "clang builds vmlinux.o"
clang -O1 -flto=thin -c -o stamp.o stamp.c || not_ok "clang -flto=thin builds stamp.o"
# the premise: one input is 64-bit ELF, the other LLVM IR
expect_ok "vmlinux.o is a 64-bit ELF object" sh -c 'readelf -h vmlinux.o | grep -q ELF64'
expect_ok "stamp.o is LLVM IR" sh -c 'od -An -c -N2 stamp.o | grep -q "B *C"'

# word N LAYOUT: the layout's word size is N
word() {
	grep -qx "word $1" "$2"
}

for order in "vmlinux.o stamp.o" "stamp.o vmlinux.o"; do
	rm -f lay
	# shellcheck disable=SC2086
	expect_ok "--prelink $order" "$KALLSYMS" --prelink --all-symbols --layout=lay $order
	expect_ok "... layout word 8" word 8 lay
	expect_ok "... the superset has the IR object's symbol" \
		grep -q ' linux_banner_stamp$' lay
done

done_testing
