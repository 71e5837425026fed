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

# Hand-made edge cases, and with a per-cpu range at zero, below the
# kernel, as on x86_64 SMP (lib.sh).
oracle_edge_cases 6.12
# A per-cpu range inside the image, relative (arm64, 32-bit, UP kernels).
{
	cat edge.map
	echo "ffffffff81008000 D __per_cpu_start"
	echo "ffffffff81008000 D percpu_first"
	echo "ffffffff81008040 d percpu_local"
	echo "ffffffff81009000 D __per_cpu_end"
} | sort -s -k1,1 >percpu-in.map
oracle_compare percpu-relative percpu-in.map --all-symbols

# An empty listing: the table of the stock script's first link.
: >empty.map
oracle_compare empty empty.map --all-symbols

# 120,000 generated symbols of kernel-like names; without --all-symbols
# the text range ends half way.
oracle_generated 42 120000

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

# Real kernels' System.map, when a build is at hand, with their options.
compare_real_maps

done_testing
