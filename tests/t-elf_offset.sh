#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-elf_offset.sh - elf_offset prints the offsets nm + readelf -SW imply,
# on x86_64 (GNU ld, ld.lld, a kernel-like VMA != LMA link), ELF32 LE/BE,
# ELF64 BE, a sparse file with a section above 4 GiB; refuses every bad
# symbol and file with its own message.

# shellcheck disable=SC1091,SC2034,SC2154 # lib.sh sets top, fixtures.sh uses NM
# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
. "$top/tests/fixtures.sh"

# --- x86_64 with GNU ld, ld.lld, and kernel-like -----------------------------
if build_fixture bfd gcc -fuse-ld=bfd; then
	check_offsets bfd "gcc + GNU ld" data_arr data_next ro_arr main
else
	not_ok "build with gcc + GNU ld"
fi

if need ld.lld && build_fixture lld gcc -fuse-ld=lld; then
	check_offsets lld "gcc + ld.lld" data_arr data_next ro_arr main
elif need ld.lld && need clang && build_fixture lld clang -fuse-ld=lld; then
	check_offsets lld "clang + ld.lld" data_arr data_next ro_arr main
else
	skip "gcc + ld.lld" "ld.lld missing or link failed"
fi

if build_kernel_like kern; then
	check "kernel-like: p_paddr != p_vaddr" has_lma kern
	check_offsets kern "kernel-like" data_arr ro_arr
else
	not_ok "build kernel-like fixture"
	diag "$(cat kern.log)"
fi

# --- cross targets: ELF32 LE, ELF32 BE, ELF64 BE, ELF64 LE aarch64 -----------
for triple in arm-linux-gnueabihf powerpc-linux-gnu s390x-linux-gnu aarch64-linux-gnu; do
	if ! need "$triple-gcc"; then
		skip "$triple" "$triple-gcc not installed"
		continue
	fi
	if ! build_fixture "$triple" "$triple-gcc" -fno-pie -no-pie -static -nostdlib start.c; then
		skip "$triple" "link failed: $(head -n 1 "$triple.log")"
		continue
	fi
	NM=nm READELF=readelf
	need "$triple-nm" && NM=$triple-nm
	need "$triple-readelf" && READELF=$triple-readelf
	check_offsets "$triple" "$triple" data_arr data_next ro_arr
	NM=nm READELF=readelf
done

# --- a section above 4 GiB in a sparse file -----------------------------------
if need python3 && craft big big.elf; then
	check_offsets big.elf "above 4 GiB" far_array far_next
	# by construction: .data at file offset 0x100001000, far_next 0x40 later
	# shellcheck disable=SC2016
	expect_ok "above 4 GiB: by construction" sh -c \
		'[ "$("$1" -c big.elf far_array)" = "far_array 0x100001000 .data 0x40" ]' \
		sh "$ELF_OFFSET"
	rm -f big.elf
else
	skip "above 4 GiB" "python3 missing or disk full"
fi

# --- output forms --------------------------------------------------------------
E=$ELF_OFFSET
want=$(derive bfd data_arr | cut -d' ' -f1-3)
got=$("$E" bfd data_arr)
if [ "$got" = "$want" ]; then ok "no -c: three fields"; else not_ok "no -c: three fields"; diag "$got"; fi
want=$(derive bfd ro_arr | cut -d' ' -f2)
got=$("$E" --offset-only bfd ro_arr)
if [ "$got" = "$want" ]; then ok "--offset-only"; else not_ok "--offset-only"; diag "$got"; fi
want=$(derive bfd ro_arr | cut -d' ' -f2,4)
got=$("$E" -o --capacity bfd ro_arr)
if [ "$got" = "$want" ]; then ok "-o --capacity"; else not_ok "-o --capacity"; diag "$got"; fi
want=$( (derive bfd ro_arr; derive bfd data_arr) | cut -d' ' -f1-3)
got=$("$E" bfd ro_arr data_arr)
if [ "$got" = "$want" ]; then ok "two symbols, in order"; else not_ok "two symbols, in order"; diag "$got"; fi

# --- refusals: one message each, exit 1 ----------------------------------------
expect_fail "missing symbol" 1 "symbol 'nosuch' not found" "$E" bfd nosuch
expect_fail "undefined symbol" 1 "symbol 'weak_undef' is undefined" "$E" bfd weak_undef
expect_fail "absolute symbol" 1 "symbol 'abs_sym' is absolute" "$E" bfd abs_sym
expect_fail "symbol defined twice" 1 "symbol 'dup_local' is defined twice" "$E" bfd dup_local
expect_fail "NOBITS (.bss)" 1 "symbol 'bss_arr' is in NOBITS section .bss" "$E" bfd bss_arr
expect_fail "lld: absolute symbol" 1 "is absolute" "$E" lld abs_sym
expect_fail "kernel-like: NOBITS" 1 "in NOBITS section" "$E" kern bss_arr

"$E" bfd data_arr nosuch ro_arr >multi.out 2>multi.err
st=$?
if [ "$st" -eq 1 ] && [ "$(wc -l <multi.out)" -eq 2 ] && grep -q nosuch multi.err; then
	ok "bad symbol among good ones: others printed, exit 1"
else
	not_ok "bad symbol among good ones: others printed, exit 1"
	diag "exit $st" "$(cat multi.out multi.err)"
fi

echo "just text" >text
: >empty
head -c 30 bfd >short
head -c 5000 bfd >truncated
expect_fail "not ELF" 1 "text: not an ELF file" "$E" text main
expect_fail "empty file" 1 "empty: empty file" "$E" empty main
expect_fail "truncated header" 1 "short: truncated" "$E" short main
expect_fail "truncated file" 1 "truncated: section header table.*past the end.*truncated" "$E" truncated main
expect_fail "missing file" 1 "nofile: cannot open" "$E" nofile main

if need python3; then
	cp bfd corrupt1 && craft ehdr corrupt1 shentsize 12
	expect_fail "corrupt section table (entry size)" 1 "corrupt section table" "$E" corrupt1 main
	cp bfd corrupt2 && craft ehdr corrupt2 shstrndx 0xfff0
	expect_fail "corrupt section table (string index)" 1 "corrupt section table" "$E" corrupt2 main
	cp bfd cut && craft ehdr cut shoff 0x7fffffff
	expect_fail "section table past EOF" 1 "past the end of the file" "$E" cut main
	cp bfd compressed && craft shflags compressed .data 0x800
	expect_fail "compressed section" 1 "symbol 'data_arr' is in compressed section .data" \
		"$E" compressed data_arr
	cp bfd nosec && craft symvalue nosec data_arr 0x7ffffff0
	expect_fail "symbol in no section" 1 "symbol 'data_arr' at 0x7ffffff0 lies outside.*in no section" \
		"$E" nosec data_arr
	# found by fuzz/fuzz_offset: an inactive header's offset is never checked
	cp bfd nullsec && craft shdr nullsec .data type 0 && craft shdr nullsec .data offset 0x40000000 &&
		craft ehdr nullsec phnum 0
	expect_fail "symbol in an SHT_NULL section" 1 \
		"symbol 'data_arr' is in SHT_NULL section .data: not patchable" "$E" nullsec data_arr
else
	for t in corrupt1 corrupt2 cut compressed nosec nullsec; do skip "$t" "python3 missing"; done
fi

# --- usage -----------------------------------------------------------------------
expect_fail "no operands: usage, exit 2" 2 "missing ELF file" "$E"
expect_fail "no symbol: usage, exit 2" 2 "missing SYMBOL" "$E" bfd
expect_fail "unknown option: usage, exit 2" 2 "unknown option" "$E" --bogus bfd main
help_matches_man "$E" elf_offset
expect_ok "--version exits 0" "$E" --version
check "--version output" grep -q '^elf_offset (onelink) ' .out

done_testing
