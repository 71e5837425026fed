#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The kernel's own scripts/kallsyms (Linux 6.12, built from Debian's
# linux-source-6.12 at test time) and onelink's kallsyms get the same
# listings; both outputs are assembled with the same flags and their
# .rodata and relocations must be identical.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

ORACLE=$(oracle) || { skip "oracle" "cannot build the kernel's scripts/kallsyms"; done_testing; exit; }

# compare NAME LISTING [OPTIONS...]: one oracle test (lib.sh)
compare() {
	oracle_compare "$@"
}

# a name of N characters
long_name() {
	awk -v n="$1" -v c="$2" 'BEGIN { s = ""; while (length(s) < n) s = s c; print s }'
}

# Hand-made edge cases, in nm -n order as System.map has them.
{
	echo "ffffffff81000000 T _text"
	echo "ffffffff81000000 T startup_64"
	echo "ffffffff81000000 T _stext"
	echo "ffffffff81000000 W weak_at_stext"
	echo "ffffffff81000000 T __start_init_task"
	echo "ffffffff81000010 t local_fn"
	echo "ffffffff81000010 W weak_fn"
	echo "ffffffff81000010 T strong_fn"
	echo "ffffffff81000010 T ___three_underscores"
	echo "ffffffff81000010 T __two_underscores"
	echo "ffffffff81000010 T _one_underscore"
	echo "ffffffff81000010 T __foo_start"
	echo "ffffffff81000010 T __foo_end"
	echo "ffffffff81000010 T __end_foo"
	echo "ffffffff81000020 t dup_static"
	echo "ffffffff81000030 t dup_static"
	echo "ffffffff81000040 T $(long_name 127 a)"
	echo "ffffffff81000050 T $(long_name 128 b)"
	echo "ffffffff81000060 T $(long_name 511 c)"
	echo "ffffffff81000070 T $(long_name 600 d)"
	echo "ffffffff81000080 T $(long_name 300 abc_)"
	echo "ffffffff81001000 T _etext"
	echo "ffffffff81001000 T etext_alias"
	echo "ffffffff81001000 t etext_local_alias"
	echo "ffffffff81002000 R __start___ex_table"
	echo "ffffffff81002010 R __stop___ex_table"
	echo "ffffffff81002020 R rodata_thing"
	echo "ffffffff81003000 T _sinittext"
	echo "ffffffff81003010 t init_fn"
	echo "ffffffff81003020 T _einittext"
	echo "ffffffff81003020 T einittext_alias"
	echo "ffffffff81004000 D data_thing"
	echo "ffffffff81005000 B bss_thing"
	echo "0000000000000000 A abs_zero"
	echo "ffffffff81001234 A __gp"
	echo "ffffffff81004000 A __kernel_sigtramp"
	echo "ffffffff81006000 u unique_thing"
	echo "ffffffff81006000 n note_thing"
	echo "ffffffff81006000 V weak_object"
} >edge.map

compare edge edge.map
compare edge-all edge.map --all-symbols

# A per-cpu range at zero, below the kernel, as on x86_64 SMP.
{
	echo "0000000000000000 D __per_cpu_start"
	echo "0000000000000000 D fixed_percpu_data"
	echo "0000000000001000 D cpu_number"
	echo "0000000000002000 d local_percpu"
	echo "0000000000003000 D __per_cpu_end"
	cat edge.map
} | sort -s -k1,1 >percpu.map
compare percpu-absolute percpu.map --all-symbols --absolute-percpu
compare percpu-absolute-text percpu.map --absolute-percpu
# A per-cpu range inside the image, relative (arm64, 32-bit, UP kernels).
{
	cat edge.map
	echo "ffffffff81008000 D __per_cpu_start"
	echo "ffffffff81008000 D percpu_first"
	echo "ffffffff81008040 d percpu_local"
	echo "ffffffff81009000 D __per_cpu_end"
} | sort -s -k1,1 >percpu-in.map
compare percpu-relative percpu-in.map --all-symbols

# An empty listing: the table of the stock script's first link.
: >empty.map
compare empty empty.map --all-symbols

# 120,000 generated symbols of kernel-like names.
awk 'BEGIN {
	srand(42)
	split("T t D d R r B b W", types, " ")
	split("do_ __ ksys_ sys_ x86_ pci_ acpi_ ext4_ tcp_ mm_ irq_ _raw_", pre, " ")
	split("init exit read write open close lock unlock alloc free get put show store probe remove", mid, " ")
	printf "ffffffff82000000 T _text\n"
	printf "ffffffff82000000 T _stext\n"
	for (i = 0; i < 120000; i++) {
		a = 16777216 + i * 16 + int(rand() * 8)
		name = pre[1 + int(rand() * 12)] mid[1 + int(rand() * 15)] "_" mid[1 + int(rand() * 15)]
		if (rand() < 0.3) name = name "_" i
		printf "ffffffff%08x %s %s\n", 2164260864 + a, types[1 + int(rand() * 9)], name
	}
	printf "ffffffff%08x T _etext\n", 2164260864 + 16777216 + 120000 * 16 + 64
	printf "ffffffff%08x T _sinittext\n", 2164260864 + 16777216 + 120000 * 16 + 4096
	printf "ffffffff%08x T _einittext\n", 2164260864 + 16777216 + 120000 * 16 + 8192
}' >big.map
compare big-all big.map --all-symbols
# without --all-symbols: the text range ends half way
awk '$3 == "_etext" { next } NR == 60000 { print substr($0, 1, 16) " T _etext" } { print }' big.map >big-half.map
compare big-text big-half.map

# Both refuse an absolute symbol kept below the relative base.
echo "0000000000001234 A __gp" | cat - edge.map >low-gp.map
"$ORACLE" --all-symbols low-gp.map >/dev/null 2>&1
kst=$?
expect_fail "a kept absolute symbol below the base fails as in the kernel ($kst)" 1 \
	"out of range in relative mode" "$KALLSYMS" --all-symbols low-gp.map

# --raw: each array's bytes equal the oracle's, read from its .rodata at
# its label (kallsyms_relative_base: the oracle leaves it to a relocation;
# it must hold _text's address, the lowest of big.map)
mkdir -p raw
if "$KALLSYMS" --all-symbols --raw=raw big.map; then
	nm -n big-all.kernel.o | awk '$2 == "R" { print $1, $3 }' >labels
	bad=""
	while read -r off name; do
		[ "$name" = kallsyms_relative_base ] && continue
		len=$(wc -c <"raw/$name.bin")
		dd if=big-all.kernel.rodata of="raw/$name.want" bs=4096 iflag=skip_bytes,count_bytes \
			skip="$((0x$off))" count="$len" 2>/dev/null
		cmp -s "raw/$name.want" "raw/$name.bin" || bad="$bad $name"
	done <labels
	base=$(od -An -tx8 raw/kallsyms_relative_base.bin | tr -d ' ')
	[ "$base" = "$(awk '$3 == "_text" { print $1; exit }' big.map)" ] || bad="$bad kallsyms_relative_base"
	if [ -z "$bad" ] && [ "$(wc -l <labels)" -eq 8 ]; then
		ok "--raw arrays equal the kernel's"
	else
		not_ok "--raw arrays equal the kernel's:$bad"
	fi
	"$KALLSYMS" --all-symbols --raw=raw --word=4 --big-endian big.map
	if [ "$(od -An -tx1 -N4 raw/kallsyms_num_syms.bin | tr -d ' ')" = "$(printf '%08x' "$(grep -c . big.map)")" ] &&
		[ "$(wc -c <raw/kallsyms_relative_base.bin)" -eq 4 ]; then
		ok "--raw --word=4 --big-endian: big-endian count, 4-byte base"
	else
		not_ok "--raw --word=4 --big-endian: big-endian count, 4-byte base"
	fi
else
	not_ok "--raw writes the arrays"
fi

# A real kernel's System.map, when one is at hand.
# Real kernels' System.map, when a build is at hand, with their options.
for map in "$BUILD"/kernel/*/System.map; do
	[ -f "$map" ] || continue
	conf=$(dirname "$map")/.config
	set --
	grep -q '^CONFIG_KALLSYMS_ALL=y' "$conf" 2>/dev/null && set -- "$@" --all-symbols
	grep -q '^CONFIG_KALLSYMS_ABSOLUTE_PERCPU=y' "$conf" 2>/dev/null && set -- "$@" --absolute-percpu
	compare "sysmap-$(basename "$(dirname "$map")")" "$map" "$@"
done

done_testing
