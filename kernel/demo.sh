#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# demo.sh - a real Linux 6.12 kernel, stock and onelink, side by side.
#
# Usage: kernel/demo.sh [VARIANT...]        (default: tiny)
#
# For each variant (tiny, ibt, llvm, smp; see kernel/build.sh) builds the
# kernel twice, with the stock scripts/link-vmlinux.sh and with onelink's,
# boots both in QEMU and checks:
#   - onelink linked vmlinux exactly once, stock at least three times
#     (kernel/build.sh's linker wrapper counts them);
#   - onelink's vmlinux passes "kallsyms --verify", and its System.map
#     (written by the final pass) equals nm -n | sed -f scripts/mksysmap;
#   - its arrays equal, byte for byte (padding aside), what the kernel's
#     own scripts/kallsyms makes of its System.map;
#   - both boot, kallsyms_selftest finishes without failure, and
#     /proc/kallsyms equals System.map (kernel/check.sh);
# then prints a summary per variant: links, link-phase time, padding,
# symbols.  For the first variant it also forces an overflow of the
# names array (ONELINK_PRELINK_FLAGS): two links, verified, booted.
# Exits 1 on the first failure.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
ONELINK_BUILD=${ONELINK_BUILD:-$top/build}
KALLSYMS=$top/kallsyms/kallsyms
ELF_OFFSET=$top/elf_offset/elf_offset
export ONELINK_BUILD

info() {
	printf '  %-7s %s\n' "$1" "$2"
}

die() {
	echo "demo.sh: $*" >&2
	exit 1
}

# vmlinux links of the last link phase of build DIR (vmlinux.o not counted)
links() {
	grep -c -v -e '^phase ' -e '^link vmlinux\.o ' "$1/onelink/links.log"
}

phase() {
	awk '$1 == "phase" { printf "%.2f", $3 - $2; exit }' "$1/onelink/links.log"
}

# table options of build DIR
options() {
	opts=
	grep -q '^CONFIG_KALLSYMS_ALL=y' "$1/.config" && opts="$opts --all-symbols"
	grep -q '^CONFIG_KALLSYMS_ABSOLUTE_PERCPU=y' "$1/.config" && opts="$opts --absolute-percpu"
	echo "$opts"
}

# The kernel's own scripts/kallsyms, built from the source tree once.
oracle() {
	src=$ONELINK_BUILD/kernel/src/linux-source-6.12
	if [ ! -x "$ONELINK_BUILD/kernel/oracle-kallsyms" ]; then
		cc -O2 -I"$src/scripts/include" -o "$ONELINK_BUILD/kernel/oracle-kallsyms.tmp" \
			"$src/scripts/kallsyms.c"
		mv "$ONELINK_BUILD/kernel/oracle-kallsyms.tmp" "$ONELINK_BUILD/kernel/oracle-kallsyms"
	fi
	echo "$ONELINK_BUILD/kernel/oracle-kallsyms"
}

# Compare onelink's arrays in DIR/vmlinux with the oracle's table made from
# DIR/System.map, linked alone with _text at its System.map address: each
# array's bytes up to the next label (alignment included: onelink
# zero-fills, as the assembler pads), kallsyms_relative_base resolved.
compare_oracle() {
	d=$1 w=$1/onelink/oracle
	rm -rf "$w"
	mkdir -p "$w/inc/asm"
	echo '#define BITS_PER_LONG 64' >"$w/inc/asm/bitsperlong.h"
	# shellcheck disable=SC2046
	"$(oracle)" $(options "$d") "$d/System.map" >"$w/table.S"
	cc -c -x assembler-with-cpp -I"$w/inc" -o "$w/table.o" "$w/table.S"
	text=$(awk '$3 == "_text" { print $1; exit }' "$d/System.map")
	ld -e 0 --defsym=_text="0x$text" -o "$w/table.elf" "$w/table.o" 2>/dev/null
	objcopy -O binary -j .rodata "$w/table.elf" "$w/rodata"
	total=$(wc -c <"$w/rodata")
	nm -n "$w/table.elf" | awk '$2 == "R" && $3 ~ /^kallsyms_/ { print $1, $3 }' >"$w/labels"
	base=$(printf '%d' "0x$(head -n 1 "$w/labels" | cut -d' ' -f1)")
	# the end of each array: the next label, or the end of .rodata
	awk 'NR > 1 { print prev, $1 } { prev = $0 } END { print prev, "" }' "$w/labels" >"$w/ranges"
	bad=
	while read -r off name next; do
		start=$(($(printf '%d' "0x$off") - base))
		end=$total
		[ -z "$next" ] || end=$(($(printf '%d' "0x$next") - base))
		foff=$("$ELF_OFFSET" --offset-only "$d/vmlinux" "$name")
		dd if="$w/rodata" of="$w/$name.want" bs=4096 iflag=skip_bytes,count_bytes \
			skip="$start" count=$((end - start)) 2>/dev/null
		dd if="$d/vmlinux" of="$w/$name.got" bs=4096 iflag=skip_bytes,count_bytes \
			skip="$((foff))" count=$((end - start)) 2>/dev/null
		cmp -s "$w/$name.want" "$w/$name.got" || bad="$bad $name"
	done <"$w/ranges"
	[ "$(wc -l <"$w/ranges")" -eq 8 ] || bad="$bad (expected 8 arrays)"
	[ -z "$bad" ] || die "$d: arrays differ from the kernel's scripts/kallsyms:$bad"
}

demo() {
	variant=$1
	stock=$ONELINK_BUILD/kernel/$variant-stock
	one=$ONELINK_BUILD/kernel/$variant-onelink
	info DEMO "$variant: stock"
	sh "$top/kernel/build.sh" --variant "$variant" --relink "$stock"
	sh "$top/kernel/boot.sh" "$stock"
	sh "$top/kernel/check.sh" "$stock"
	info DEMO "$variant: onelink"
	sh "$top/kernel/build.sh" --variant "$variant" --onelink "$one"
	sh "$top/kernel/boot.sh" "$one"
	sh "$top/kernel/check.sh" "$one"

	n=$(links "$one")
	[ "$n" -eq 1 ] || die "$one: onelink linked vmlinux $n times, not once"
	s=$(links "$stock")
	[ "$s" -ge 3 ] || die "$stock: stock linked vmlinux only $s times"
	# shellcheck disable=SC2046
	"$KALLSYMS" --verify $(options "$one") "$one/vmlinux" ||
		die "$one/vmlinux: kallsyms --verify failed"
	info VERIFY "$one/vmlinux"
	"${NM:-nm}" -n "$one/vmlinux" | sed -f "$ONELINK_BUILD/kernel/src/linux-source-6.12/scripts/mksysmap" |
		cmp -s - "$one/System.map" || die "$one/System.map differs from nm -n | sed -f scripts/mksysmap"
	info SYSMAP "$one/System.map equals nm -n | sed -f scripts/mksysmap"
	compare_oracle "$one"
	info ORACLE "arrays equal the kernel's scripts/kallsyms on System.map"
	# shellcheck disable=SC2046
	"$KALLSYMS" --final --dry-run --explain $(options "$one") \
		--layout="$one/.tmp_vmlinux.kallsyms.layout" "$one/vmlinux" \
		2>"$one/onelink/explain.txt" || die "$one/vmlinux: kallsyms --final --dry-run failed"
	pad=$(sed -n 's/.*padding \([0-9]* bytes ([0-9.]*%)\).*/\1/p' "$one/onelink/explain.txt")
	syms=$(grep -c . "$one/System.map")
	printf '%-6s links: stock %d, onelink %d; link phase: stock %s s, onelink %s s; padding %s; System.map %d symbols\n' \
		"$variant" "$s" "$n" "$(phase "$stock")" "$(phase "$one")" "$pad" "$syms" >>"$summary"
}

# The relink after an overflow, on a real kernel: a pinned, too small
# reserve for kallsyms_names; two links, then everything as before.
overflow() {
	one=$ONELINK_BUILD/kernel/$1-onelink
	info DEMO "$1: onelink, overflow of kallsyms_names"
	ONELINK_PRELINK_FLAGS=--reserve=names=4096 \
		sh "$top/kernel/build.sh" --variant "$1" --onelink "$one"
	n=$(links "$one")
	[ "$n" -eq 2 ] || die "$one: $n links after an overflow, not 2"
	grep -q 'kallsyms_names .*OVERFLOW' "$one/onelink/build.log" ||
		die "$one: no overflow report in onelink/build.log"
	# shellcheck disable=SC2046
	"$KALLSYMS" --verify $(options "$one") "$one/vmlinux" ||
		die "$one/vmlinux: kallsyms --verify failed after the relink"
	sh "$top/kernel/boot.sh" "$one"
	sh "$top/kernel/check.sh" "$one"
	printf '%-6s overflow of kallsyms_names: %d links, verified, booted\n' "$1" "$n" >>"$summary"
	# back to the one-link build
	sh "$top/kernel/build.sh" --variant "$1" --onelink "$one"
}

[ $# -gt 0 ] || set -- tiny
summary=$ONELINK_BUILD/kernel/demo-summary.txt
mkdir -p "$ONELINK_BUILD/kernel"
: >"$summary"
for v in "$@"; do
	demo "$v"
done
overflow "$1"
echo "onelink demo summary:"
cat "$summary"
