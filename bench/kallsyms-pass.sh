#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck disable=SC2086 # $kopts holds the table options, one word each
#
# kallsyms-pass.sh - time ONE kallsyms pass on a linked ELF with 100k+
# symbols: the stock kernel pipeline against onelink's kallsyms.
#
# Usage: bench/kallsyms-pass.sh [RUNS]        (default 5 rounds)
#
# Environment: BENCH_SYMS (symbols to generate, default 120000),
# KSRC_TAR (kernel source tarball, default /usr/src/linux-source-6.12.tar.xz),
# BENCH_ELF (a real vmlinux with a stock table instead of the generated
# ELF: its System.map is made from it, and steps 2 and 3 are skipped),
# BENCH_KOPTS (the table options, default --all-symbols; a vmlinux of
# CONFIG_KALLSYMS_ABSOLUTE_PERCPU needs "--all-symbols --absolute-percpu").
#
# Setup, in bench/out/ (not timed):
#   1. build onelink (make) and the kernel's own scripts/kallsyms from the
#      tarball, with its scripts/mksysmap;
#   2. generate assembler with BENCH_SYMS functions and data objects of
#      kernel-like names, assemble it in parallel;
#   3. link it with `cc -no-pie` the way kbuild does (empty table, then
#      relink with a table until System.map is stable), so the ELF carries
#      a correct --all-symbols table.
#
# Timed, interleaved in every round (one line per run):
#   stock     nm -n ELF | sed -f mksysmap | kallsyms --all-symbols | cc -c
#   verify    onelink: kallsyms --verify --all-symbols ELF (read the ELF,
#             build the whole table, compare it with the one in the file)
#   verify-4k the same without glibc's huge-page heap (onelink's other
#             runs get GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as
#             scripts/link-vmlinux.sh runs kallsyms)
#   sysmap    onelink: kallsyms --system-map ELF >/dev/null
#   k-build   the kernel's scripts/kallsyms on System.map (table only)
#   o-build   onelink: kallsyms --all-symbols System.map (table only)
# Then median, minimum and maximum of each, peak RSS, and the ratio
# verify/stock.  Peak RSS comes from GNU time (/usr/bin/time -f %M): for
# a pipeline it is the largest single process; the RSS of each stage of
# the stock pipeline is shown once, after the rounds.

set -eu
LC_ALL=C
export LC_ALL

runs=${1:-5}
kopts=${BENCH_KOPTS:---all-symbols}
nsyms=${BENCH_SYMS:-120000}
KSRC_TAR=${KSRC_TAR:-/usr/src/linux-source-6.12.tar.xz}
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/bench/out"
KALLSYMS="$top/kallsyms/kallsyms"
jobs=$(nproc 2>/dev/null || echo 2)

info() {
	printf '  %-7s %s\n' "$1" "$2"
}

die() {
	echo "kallsyms-pass.sh: $*" >&2
	exit 1
}

# now: wall clock in nanoseconds
now() {
	date +%s%N
}

# GNU time for peak RSS, when installed
if /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	gnutime=/usr/bin/time
else
	gnutime=""
fi

# ---- setup ----------------------------------------------------------------

# kernel_tools: the kernel's scripts/kallsyms and scripts/mksysmap
kernel_tools() {
	[ -x "$out/kernel-kallsyms" ] && [ -f "$out/mksysmap" ] && return 0
	[ -f "$KSRC_TAR" ] || die "$KSRC_TAR: not found (install linux-source-6.12)"
	info TAR "scripts/kallsyms.c scripts/mksysmap"
	rm -rf "$out/src"
	mkdir -p "$out/src"
	tar -xJf "$KSRC_TAR" -C "$out/src" linux-source-6.12/scripts/kallsyms.c \
		linux-source-6.12/scripts/include/xalloc.h linux-source-6.12/scripts/mksysmap
	info HOSTCC "kernel-kallsyms"
	cc -O2 -I"$out/src/linux-source-6.12/scripts/include" -o "$out/kernel-kallsyms" \
		"$out/src/linux-source-6.12/scripts/kallsyms.c"
	cp "$out/src/linux-source-6.12/scripts/mksysmap" "$out/mksysmap"
}

# gen_asm: $jobs assembler files holding $nsyms symbols, plus _text/main
gen_asm() {
	awk -v n="$nsyms" -v files="$jobs" -v dir="$out/src" 'BEGIN {
		srand(12)
		np = split("do_ __ ksys_ sys_ x86_ pci_ acpi_ ext4_ tcp_ udp_ mm_ irq_ " \
			"_raw_ vfs_ blk_ dev_ drm_ usb_ sched_ rcu_ kvm_ bpf_ xfs_ nfs_ " \
			"sock_ page_ cgroup_ perf_ trace_ crypto_", pre, " ")
		nw = split("init exit read write open close lock unlock alloc free " \
			"get put show store probe remove start stop queue work timer " \
			"entry table device driver buffer state event handler node list " \
			"map page cpu task file inode mount sync flush", w, " ")
		for (f = 0; f < files; f++)
			printf "\t.text\n" > (dir "/gen" f ".s")
		for (i = 0; i < n; i++) {
			name = pre[1 + int(rand() * np)] w[1 + int(rand() * nw)] "_" \
				w[1 + int(rand() * nw)]
			if (rand() < 0.5)
				name = name "_" w[1 + int(rand() * nw)]
			if (name in seen)
				name = name "_" i
			seen[name] = 1
			file = dir "/gen" (i % files) ".s"
			r = rand()
			glob = rand() < 0.6
			if (r < 0.55) {
				sec = "\t.text"; kind = "@function"; body = "\tret"
				align = 4
			} else if (r < 0.70) {
				sec = "\t.data"; kind = "@object"; body = "\t.quad " i
				align = 3
			} else if (r < 0.85) {
				sec = "\t.section .rodata"; kind = "@object"; body = "\t.quad " i
				align = 3
			} else {
				sec = "\t.bss"; kind = "@object"; body = "\t.zero 8"
				align = 3
			}
			printf "%s\n\t.p2align %d\n", sec, align > file
			if (glob)
				printf "\t.%s %s\n", (rand() < 0.03 ? "weak" : "globl"), name > file
			printf "\t.type %s, %s\n%s:\n%s\n\t.size %s, .-%s\n",
				name, kind, name, body, name, name > file
		}
		for (f = 0; f < files; f++)
			printf "\t.section .note.GNU-stack,\"\",@progbits\n" > (dir "/gen" f ".s")
	}'
	cat >"$out/src/head.s" <<'ASM'
	.text
	.globl _text, _stext, main
_text:
_stext:
main:
	xorl	%eax, %eax
	ret
	.section .note.GNU-stack,"",@progbits
ASM
}

# assemble_all: gen*.s -> gen*.o, $jobs at a time
assemble_all() {
	_pids=""
	for _s in "$out"/src/gen*.s "$out/src/head.s"; do
		cc -c -o "${_s%.s}.o" "$_s" &
		_pids="$_pids $!"
	done
	for _p in $_pids; do
		wait "$_p" || die "assembling failed"
	done
}

# table_object MAP OBJ: the kernel's table for MAP, assembled
table_object() {
	"$out/kernel-kallsyms" $kopts "$1" >"$2.S"
	cc -c -Wa,--noexecstack -x assembler-with-cpp -I"$out/inc" -o "$2" "$2.S"
}

# link_elf: link as kbuild does until System.map is stable; leaves $elf
link_elf() {
	: >"$out/empty.map"
	table_object "$out/empty.map" "$out/k0.o"
	_prev="$out/k0.o"
	for _i in 1 2 3 4; do
		cc -no-pie -o "$out/vmlinux$_i" "$out"/src/head.o "$out"/src/gen*.o "$_prev"
		nm -n "$out/vmlinux$_i" | sed -f "$out/mksysmap" >"$out/map$_i"
		if [ "$_i" -gt 2 ] && cmp -s "$out/map$_i" "$out/map$((_i - 1))"; then
			mv "$out/vmlinux$_i" "$elf"
			mv "$out/map$_i" "$out/System.map"
			return 0
		fi
		table_object "$out/map$_i" "$out/k$_i.o"
		_prev="$out/k$_i.o"
	done
	die "System.map did not become stable"
}

setup() {
	mkdir -p "$out/inc/asm"
	echo '#define BITS_PER_LONG 64' >"$out/inc/asm/bitsperlong.h"
	info MAKE "onelink"
	make -s -C "$top" kallsyms/kallsyms
	kernel_tools
	elf="$out/vmlinux.$nsyms"
	if [ -n "${BENCH_ELF-}" ]; then
		elf=$BENCH_ELF
		nm -n "$elf" | sed -f "$out/mksysmap" >"$out/System.map"
	elif [ ! -f "$elf" ] || [ ! -f "$out/System.map" ] ||
		[ "$(cat "$out/nsyms" 2>/dev/null)" != "$nsyms" ]; then
		rm -f "$out/nsyms" "$elf"
		_t0=$(now)
		info GEN "$nsyms symbols in $jobs files"
		gen_asm
		info AS "gen*.s"
		assemble_all
		info LD "$elf (linked as kbuild does)"
		link_elf
		echo "$nsyms" >"$out/nsyms"
		info SETUP "$((($(now) - _t0) / 1000000)) ms"
	fi
	"$KALLSYMS" --verify $kopts "$elf" ||
		die "$elf: onelink does not verify the stock table"
	info ELF "$elf: $(wc -l <"$out/System.map") System.map lines"
}

# ---- timing ---------------------------------------------------------------

# timed NAME SHELL-COMMAND: run it once; append "ns rss-KB cpu-s" to
# $out/NAME.runs and print the run
timed() {
	_name=$1 _cmd=$2
	_t0=$(now)
	if [ -n "$gnutime" ]; then
		"$gnutime" -f '%M %U %S' -o "$out/.rss" sh -c "$_cmd" ||
			die "$_name failed: $_cmd"
	else
		sh -c "$_cmd" || die "$_name failed: $_cmd"
		echo '0 0 0' >"$out/.rss"
	fi
	_ns=$(($(now) - _t0))
	tail -n 1 "$out/.rss" | awk -v ns="$_ns" '{ print ns, $1, $2 + $3 }' >>"$out/$_name.runs"
	tail -n 1 "$out/$_name.runs" | awk -v r="$_r" -v n="$_name" \
		'{ printf "round %d  %-9s %7.3f s  cpu %6.2f s  %8d KB\n", r, n, $1 / 1e9, $3, $2 }'
}

# median_of FILE COLUMN: median of one column of a runs file
median_of() {
	sort -g -k"$2,$2" "$1" | awk -v c="$2" '
		{ v[NR] = $c }
		END { printf "%.4f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# stats NAME: "median min max peak-rss median-cpu" of the runs (s, KB)
stats() {
	_f="$out/$1.runs"
	awk -v m="$(median_of "$_f" 1)" -v c="$(median_of "$_f" 3)" '
		NR == 1 || $1 < lo { lo = $1 }
		NR == 1 || $1 > hi { hi = $1 }
		$2 > rss { rss = $2 }
		END { printf "%.4f %.4f %.4f %d %.4f\n", m / 1e9, lo / 1e9, hi / 1e9, rss, c }' "$_f"
}

# stage_rss: peak RSS of each stage of the stock pipeline, one run
stage_rss() {
	[ -n "$gnutime" ] || return 0
	"$gnutime" -f %M -o "$out/.rss.nm" nm -n "$elf" |
		"$gnutime" -f %M -o "$out/.rss.sed" sed -f "$out/mksysmap" |
		"$gnutime" -f %M -o "$out/.rss.ks" "$out/kernel-kallsyms" $kopts /dev/stdin |
		"$gnutime" -f %M -o "$out/.rss.cc" cc -c -x assembler-with-cpp -I"$out/inc" \
			-o "$out/stock.o" -
	printf 'stock stages, peak RSS: nm %s KB, sed %s KB, kallsyms %s KB, cc %s KB\n' \
		"$(tail -n 1 "$out/.rss.nm")" "$(tail -n 1 "$out/.rss.sed")" \
		"$(tail -n 1 "$out/.rss.ks")" "$(tail -n 1 "$out/.rss.cc")"
	echo "(cc: the driver; the assembler it runs, as, is its child and is included)"
}

main() {
	setup
	stock="nm -n '$elf' | sed -f '$out/mksysmap' |
		'$out/kernel-kallsyms' $kopts /dev/stdin |
		cc -c -x assembler-with-cpp -I'$out/inc' -o '$out/stock.o' -"
	# onelink's runs get the huge-page heap link-vmlinux.sh gives kallsyms
	huge="GLIBC_TUNABLES=glibc.malloc.hugetlb=1"
	verify="$huge '$KALLSYMS' --verify $kopts '$elf'"
	verify4k="GLIBC_TUNABLES=glibc.malloc.hugetlb=0 '$KALLSYMS' --verify $kopts '$elf'"
	sysmap="$huge '$KALLSYMS' --system-map '$elf' >/dev/null"
	kbuild="'$out/kernel-kallsyms' $kopts '$out/System.map' >/dev/null"
	obuild="$huge '$KALLSYMS' $kopts '$out/System.map' >/dev/null"

	names="stock verify verify-4k sysmap k-build o-build"
	for _n in $names; do
		rm -f "$out/$_n.runs"
	done
	echo "onelink $(git -C "$top" describe --always --dirty 2>/dev/null || echo '?')," \
		"$(nproc) CPUs, $runs rounds"
	_r=1
	while [ "$_r" -le "$runs" ]; do
		timed stock "$stock"
		timed verify "$verify"
		timed verify-4k "$verify4k"
		timed sysmap "$sysmap"
		timed k-build "$kbuild"
		timed o-build "$obuild"
		_r=$((_r + 1))
	done

	echo
	printf '%-9s %10s %10s %10s %11s %12s\n' run median min max "median cpu" "peak RSS"
	for _n in $names; do
		stats "$_n" | awk -v n="$_n" \
			'{ printf "%-9s %9.3fs %9.3fs %9.3fs %10.2fs %9d KB\n", n, $1, $2, $3, $5, $4 }'
	done
	_s=$(stats stock | cut -d' ' -f1)
	_v=$(stats verify | cut -d' ' -f1)
	_k=$(stats k-build | cut -d' ' -f1)
	_o=$(stats o-build | cut -d' ' -f1)
	_sc=$(stats stock | cut -d' ' -f5)
	_vc=$(stats verify | cut -d' ' -f5)
	echo
	awk -v s="$_s" -v v="$_v" 'BEGIN {
		printf "ratio onelink/stock (verify/stock, medians): %.3f  (goal <= 0.100: %s)\n",
			v / s, v / s <= 0.1 ? "met" : "NOT met" }'
	[ -z "$gnutime" ] || awk -v s="$_sc" -v v="$_vc" 'BEGIN {
		printf "ratio in CPU time (user+sys, medians):       %.3f\n", v / s }'
	awk -v k="$_k" -v o="$_o" 'BEGIN {
		printf "table build alone, onelink/kernel (medians): %.3f\n", o / k }'
	stage_rss
}

main
