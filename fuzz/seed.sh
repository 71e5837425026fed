#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# seed.sh KALLSYMS OUTDIR - seed corpora for the fuzz harnesses, made from
# the kinds of input the tests use: a listing with the tests' edge cases,
# a layout file written by --prelink, and the arrays of a real table.

set -eu
ks=$1 out=$2
mkdir -p "$out/listing" "$out/layout" "$out/decode"
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
rm -rf "$tmp"
