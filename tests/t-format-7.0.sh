#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# --format=7.0 on the kernel-like test program: no kallsyms_relative_base,
# each kallsyms_offsets slot holds "_text - . + off", the distance from
# the slot itself to the symbol, which the final pass writes from the
# final addresses.  The program is linked once by scripts/onelink-link;
# its own run-time decoder (tests/kprog/selftest.c built with
# -DPC_RELATIVE, after 7.0's kernel/kallsyms.c) checks every symbol's
# name -> address and address -> name.  Expected values come from nm and
# od, not from kallsyms.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

LINK="$top/scripts/onelink-link"
MKSYSMAP=$(mksysmap) || { skip "7.0 format" "no scripts/mksysmap"; done_testing; exit; }
"$KPROG/gen.sh" src 4 300
objs=$(kprog_objects . src -ffunction-sections -fdata-sections -DPC_RELATIVE) ||
	not_ok "compile the test program"

# link NAME LD-FLAG [KALLSYMS-OPTIONS]: one onelink-link of the program
link() {
	_name=$1 _ld=$2
	shift 2
	mkdir -p "$_name"
	# shellcheck disable=SC2086
	"$LINK" --lds="$KPROG/prog.lds" --format=7.0 "$@" --as="cc -c -Wa,--noexecstack" \
		-o "$_name/prog" -- cc -nostdlib -static -no-pie -Wl,--build-id=none $_ld \
		-Wl,-T,"$KPROG/prog.lds" $objs >"$_name/link.log" 2>&1
}

# addr NAME FILE: the address nm gives NAME, in decimal
addr() {
	printf '%d' "0x$(nm "$2" | awk -v n="$1" '$3 == n { print $1; exit }')"
}

# check_prog NAME [KALLSYMS-OPTIONS]
check_prog() {
	_name=$1
	shift
	_p=$_name/prog
	ok "$_name: linked once ($(grep -c '^  LD ' "$_name/link.log") link)"
	if nm "$_p" | grep -q ' kallsyms_relative_base$'; then
		not_ok "$_name: no kallsyms_relative_base"
	else
		ok "$_name: no kallsyms_relative_base"
	fi
	expect_ok "$_name: kallsyms --verify --format=7.0" "$KALLSYMS" --verify --format=7.0 "$@" "$_p"
	selftest "$_name: run-time 7.0 decoder" "./$_p"
	# slot 0 and the last slot, read with od: slot address + value is
	# the address nm gives the first and the last symbol of the table
	_offs=$(addr kallsyms_offsets "$_p")
	_n=$(od -An -td4 -j "$(file_off kallsyms_num_syms "$_p")" -N4 "$_p" | tr -d ' ')
	_v0=$(od -An -td4 -j "$(file_off kallsyms_offsets "$_p")" -N4 "$_p" | tr -d ' ')
	_vl=$(od -An -td4 -j "$(($(file_off kallsyms_offsets "$_p") + 4 * (_n - 1)))" -N4 "$_p" | tr -d ' ')
	"$KALLSYMS" --decode --format=7.0 "$_p" >"$_name/decoded"
	nm -n "$_p" | sed -f "$MKSYSMAP" | grep -v ' [aA] ' >"$_name/map"
	if [ "${1:-}" != --all-symbols ]; then
		# the text ranges and the __start_/__stop_ symbols only
		awk 'NR == FNR { a[$3] = $1; next }
			($1 >= a["_stext"] && $1 <= a["_etext"]) ||
			($1 >= a["_sinittext"] && $1 <= a["_einittext"]) ||
			$3 ~ /^__(start|stop)_/' "$_name/map" "$_name/map" >"$_name/map.text"
		mv "$_name/map.text" "$_name/map"
	fi
	_first=$(printf '%d' "0x$(head -n 1 "$_name/map" | cut -d' ' -f1)")
	_last=$(printf '%d' "0x$(tail -n 1 "$_name/map" | cut -d' ' -f1)")
	if [ $((_offs + _v0)) -eq "$_first" ] && [ $((_offs + 4 * (_n - 1) + _vl)) -eq "$_last" ]; then
		ok "$_name: first and last slot: own address + value = the symbol's (nm)"
	else
		not_ok "$_name: first and last slot: own address + value = the symbol's (nm)"
		diag "offsets $_offs n $_n v0 $_v0 vl $_vl first $_first last $_last"
	fi
}

# file_off NAME FILE: file offset of symbol NAME in .rodata (readelf + nm)
file_off() {
	_sec=$(readelf -SW "$2" | sed -n 's/^ *\[ *[0-9]*\] *\.rodata  *PROGBITS  *\([0-9a-f]*\)  *\([0-9a-f]*\) .*/\1 \2/p')
	echo $(($(addr "$1" "$2") - 0x${_sec% *} + 0x${_sec#* }))
}

if link gnu-ld "" --all-symbols; then
	check_prog gnu-ld --all-symbols
	# every decoded line is a System.map line (all symbols but absolute ones)
	sort gnu-ld/decoded >d.sorted
	sort gnu-ld/map >m.sorted
	same_file "gnu-ld: --decode lists System.map's symbols (nm)" m.sorted d.sorted
else
	not_ok "gnu-ld: onelink-link --format=7.0"
	diag "$(tail -n 15 gnu-ld/link.log)"
fi

if need ld.lld && link lld -fuse-ld=lld; then
	check_prog lld
else
	skip "lld 7.0 link" "ld.lld missing or the link failed: $(tail -n 3 lld/link.log 2>/dev/null)"
fi

# The stock 7.0 generator's output: one PC-relative relocation to _text
# per slot, and the labels aligned to 4.
"$KALLSYMS" --system-map gnu-ld/prog >sysmap
"$KALLSYMS" --format=7.0 --all-symbols sysmap >t70.S
cc -c -o t70.o t70.S
n=$(grep -c '^[0-9a-f]* [^aA] ' sysmap)
r=$(readelf -rW t70.o | grep -c 'R_X86_64_PC32 .* _text')
if [ "$r" -eq "$n" ] && ! grep -q 'kallsyms_relative_base\|balign 8' t70.S; then
	ok "7.0 assembler: $r PC-relative relocations to _text, one per symbol"
else
	not_ok "7.0 assembler: PC-relative relocations to _text, one per symbol ($r of $n)"
fi

# Mixing formats is refused, the target untouched.
cp gnu-ld/prog mixed
expect_fail "--final --format=6.12 with a 7.0 layout: refused" 1 \
	"layout is for Linux 7.0's table format, --format is 6.12" \
	"$KALLSYMS" --final --all-symbols --layout=gnu-ld/prog.layout mixed
same_file "... the file untouched" gnu-ld/prog mixed
expect_fail "--verify --format=6.12 of a 7.0 table: no relative base" 1 \
	"kallsyms_relative_base" "$KALLSYMS" --verify --all-symbols gnu-ld/prog
expect_fail "--absolute-percpu is not in 7.0: usage" 2 \
	"--absolute-percpu: not in Linux 7.0's table format" \
	"$KALLSYMS" --format=7.0 --absolute-percpu sysmap
expect_fail "--raw of 7.0: usage" 2 "--raw" "$KALLSYMS" --format=7.0 --raw=. sysmap
expect_fail "an unknown format: usage" 2 "--format: 6.1, 6.12 or 7.0, not '5.4'" \
	"$KALLSYMS" --format=5.4 sysmap

done_testing
