#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Round trip: a test program gets a kallsyms table the way stock kbuild
# makes one (nm | mksysmap | kallsyms | cc, linked three times), with GNU
# ld and with ld.lld; kallsyms --decode reads it back, --verify passes;
# one corrupted byte makes --verify fail, naming the array and the byte.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "round trip" "no kernel source for scripts/mksysmap"; done_testing; exit; }

mkdir -p inc/asm
echo '#define BITS_PER_LONG 64' >inc/asm/bitsperlong.h

awk 'BEGIN {
	for (i = 0; i < 3000; i++) {
		printf "int fn_%d(int x) { return x * %d + %d; }\n", i, i + 1, i
		printf "static int lfn_%d(int x) __attribute__((noinline, used));\n", i
		printf "static int lfn_%d(int x) { return x ^ %d; }\n", i, i
		printf "int data_%d = %d;\nconst int rodata_%d = %d;\n", i, i, i, i
	}
	print "__attribute__((weak)) int weak_fn(void) { return 1; }"
	print "int main(void) { return fn_1(0) + weak_fn() - 2; }"
}' >prog.c
cat >text.S <<'ASM'
	.text
	.globl _text, _stext
_text:
_stext:
	nop
ASM
if ! cc -O1 -c prog.c -o prog.o || ! cc -c -Wa,--noexecstack text.S -o text.o; then
	not_ok "compile the program"
	done_testing
	exit
fi

# kallsyms_object IN.map OUT: assemble a table from a listing
kallsyms_object() {
	"$KALLSYMS" --all-symbols "$1" >"$2.S" &&
		cc -c -Wa,--noexecstack -x assembler-with-cpp -Iinc -o "$2.o" "$2.S"
}

# stock LINKER: link, regenerate, relink until System.map is stable
stock() {
	_ld=$1
	: >empty.map
	kallsyms_object empty.map "$_ld.k0" || return 1
	_prev=$_ld.k0
	for _i in 1 2 3 4; do
		cc -no-pie -fuse-ld="$_ld" -o "$_ld.p$_i" text.o prog.o "$_prev.o" || return 1
		nm -n "$_ld.p$_i" | sed -f "$MKSYSMAP" >"$_ld.m$_i"
		if [ "$_i" -gt 2 ] && cmp -s "$_ld.m$_i" "$_ld.m$((_i - 1))"; then
			cp "$_ld.p$_i" "$_ld.final"
			cp "$_ld.m$_i" "$_ld.map"
			return 0
		fi
		kallsyms_object "$_ld.m$_i" "$_ld.k$_i" || return 1
		_prev=$_ld.k$_i
	done
	return 1
}

# file offset of SYMBOL in ELF from readelf and nm alone
offset_of() {
	_addr=$(nm "$1" | awk -v s="$2" '$3 == s { print $1 }')
	readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\]//' |
		awk -v a="$_addr" '
		function hex(s,  i, v, c) { v = 0; s = tolower(s)
			for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
			return v }
		$2 == "PROGBITS" && hex($3) <= hex(a) && hex(a) < hex($3) + hex($5) {
			printf "%d\n", hex($4) + hex(a) - hex($3); exit }'
}

for ld in bfd lld; do
	if ! need "ld.$ld"; then
		skip "round trip with ld.$ld" "ld.$ld not installed"
		continue
	fi
	if ! stock "$ld"; then
		not_ok "ld.$ld: stock-style links converge"
		continue
	fi
	if ./"$ld.final"; then
		ok "ld.$ld: the program runs"
	else
		not_ok "ld.$ld: the program runs"
	fi

	expect_ok "ld.$ld: --verify passes" "$KALLSYMS" --verify --all-symbols "$ld.final"

	# what the table must hold: System.map less what kallsyms ignores
	awk '$2 !~ /^[uUnNaA]$/ || $3 == "__gp"' "$ld.map" | sort >"$ld.expect"
	"$KALLSYMS" --decode "$ld.final" | sort >"$ld.decoded"
	if [ "$(wc -l <"$ld.expect")" -gt 12000 ] && cmp -s "$ld.expect" "$ld.decoded"; then
		ok "ld.$ld: --decode lists System.map's symbols ($(wc -l <"$ld.decoded"))"
	else
		not_ok "ld.$ld: --decode lists System.map's symbols"
		diag "$(diff "$ld.expect" "$ld.decoded" | head -n 6)"
	fi

	for arr in kallsyms_names kallsyms_seqs_of_names kallsyms_offsets kallsyms_token_table; do
		off=$(offset_of "$ld.final" "$arr")
		cp "$ld.final" "$ld.bad"
		byte=$(od -An -tu1 -j "$((off + 5))" -N1 "$ld.bad" | tr -d ' ')
		# shellcheck disable=SC2059
		printf "$(printf '\\%03o' "$(((byte + 1) % 256))")" |
			dd of="$ld.bad" bs=1 seek="$((off + 5))" conv=notrunc 2>/dev/null
		if cmp -s "$ld.final" "$ld.bad"; then
			not_ok "ld.$ld: corrupt $arr"
			continue
		fi
		# the message names the file, the array and the byte changed
		expect_fail "ld.$ld: --verify fails on a corrupted $arr" 1 \
			"^kallsyms: $ld.bad: $arr: differs from the expected table at byte 5 of [0-9]*$" \
			"$KALLSYMS" --verify --all-symbols "$ld.bad"
	done
done

done_testing
