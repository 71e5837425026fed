#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# seed.sh KALLSYMS OUTDIR - seed corpora for the fuzz harnesses, made from
# the kinds of input the tests use: a listing with the tests' edge cases,
# a layout file written by --prelink, the arrays of a real table, and small
# objects, executables and an archive of every class and byte order the
# installed compilers make (x86-64; arm, aarch64, riscv64, powerpc and
# s390x when their cross gcc is installed).

set -eu
ks=$1 out=$2
mkdir -p "$out/listing" "$out/layout" "$out/decode" "$out/elf" "$out/offset" "$out/tokcache" \
	"$out/patch" "$out/bfd"
tmp=$out/tmp
mkdir -p "$tmp"

{
	printf '\001'
	printf '%s\n' "ffffffff81000000 T _text" "ffffffff81000000 T _stext" \
		"ffffffff81000010 t local_fn" "ffffffff81000010 W weak_fn" \
		"ffffffff81000020 T __start_sec" "ffffffff81001000 T _etext" \
		"0000000000000000 D __per_cpu_start" "0000000000001000 D __per_cpu_end" \
		"ffffffff81001234 A __gp" "ffffffff81002000 R rodata_thing"
} >"$out/listing/edge"
printf '\003%s\n' "0000000000000000 D __per_cpu_start" "ffffffff81000000 T _text" >"$out/listing/percpu"

# a layout file: --prelink of a small object
printf 'int f(void) { return 1; }\nint d = 2;\n' >"$tmp/a.c"
cc -c -o "$tmp/a.o" "$tmp/a.c"
"$ks" --prelink --all-symbols --layout="$out/layout/small" "$tmp/a.o" >/dev/null
# a symbol cache: of that object and of a thin archive of two
mkdir -p "$out/symcache"
cp "$tmp/a.o" "$tmp/a2.o"
rm -f "$tmp/thin.a"
ar rcsT "$tmp/thin.a" "$tmp/a.o" "$tmp/a2.o"
"$ks" --prelink --all-symbols --layout="$tmp/l" --cache="$out/symcache/small" \
	"$tmp/a.o" "$tmp/thin.a" >/dev/null

# the decoder's input: the arrays of a table, in the harness's framing
tail -c +2 "$out/listing/edge" | grep -v per_cpu >"$tmp/edge.map"
"$ks" --all-symbols --raw="$tmp" "$tmp/edge.map"
{
	printf '\000'
	for a in num_syms names markers token_table token_index offsets relative_base seqs_of_names; do
		f=$tmp/kallsyms_$a.bin
		n=$(wc -c <"$f")
		# shellcheck disable=SC2059
		printf "$(printf '\\%03o\\%03o' $((n % 256)) $((n / 256)))"
		cat "$f"
	done
} >"$out/decode/edge"

# ELF files: an object and a tiny executable (no page alignment) per compiler
printf 'static int s[4] = { 1 };\nint *g(void) { return s; }\n' >"$tmp/b.c"
link='-nostdlib -static -Wl,--build-id=none -Wl,-e,f -Wl,-z,max-page-size=16 -Wl,-z,noseparate-code'
for c in cc aarch64-linux-gnu-gcc arm-linux-gnueabihf-gcc riscv64-linux-gnu-gcc \
	powerpc-linux-gnu-gcc s390x-linux-gnu-gcc; do
	command -v "$c" >/dev/null 2>&1 || continue
	if ! "$c" -c -o "$tmp/$c.o" "$tmp/a.c" || ! "$c" -c -o "$tmp/$c.b.o" "$tmp/b.c"; then
		continue
	fi
	# shellcheck disable=SC2086
	"$c" $link -o "$tmp/$c.exe" "$tmp/$c.o" "$tmp/$c.b.o" || continue
	for d in elf offset bfd; do
		cp "$tmp/$c.o" "$out/$d/$c.o"
		cp "$tmp/$c.exe" "$out/$d/$c.exe"
	done
done
ar rcs "$out/bfd/lib.a" "$tmp/cc.o" "$tmp/cc.b.o"
ar rcsT "$out/bfd/thin.a" "$tmp/cc.o"

# patchfile: flags, OFFSET (or symbol index), blob length (see fuzz_patch.c)
# on the executable, at d in .data
exe=$tmp/cc.exe
off=$(elf_offset/elf_offset -o "$exe" d 2>/dev/null || echo 0)
le() { # le N BYTES: N as BYTES little-endian bytes, octal escapes
	n=$1 i=0
	while [ "$i" -lt "$2" ]; do
		printf '\\%03o' $((n % 256))
		n=$((n / 256)) i=$((i + 1))
	done
}
for flags in 0 1 2 4 12 13; do
	# shellcheck disable=SC2059
	{ printf "$(printf '\\%03o' "$flags")$(le $((off)) 4)$(le 3 2)"; cat "$exe"; } \
		>"$out/patch/f$flags"
done
rm -rf "$tmp"
