#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# demo.sh - a real Linux 6.12 kernel, stock and onelink, side by side.
#
# Usage: kernel/demo.sh [--onelink-only | --stock LIST] [--no-build] [--loop N]
#                       [--package] [--in-tree VARIANT] [VARIANT...]
#                                                              (default: tiny)
#
# For each variant (tiny, ibt, llvm, smp, thinlto, btf; see
# kernel/build.sh) builds the kernel twice, with the stock
# scripts/link-vmlinux.sh and with onelink's, boots both in QEMU and checks:
#   - onelink linked vmlinux exactly once, stock at least three times
#     (kernel/build.sh's linker wrapper counts them);
#   - onelink's vmlinux passes "kallsyms --verify", and its System.map
#     (written by the final pass) equals nm -n | sed -f scripts/mksysmap;
#   - its arrays equal, byte for byte (padding aside), what the kernel's
#     own scripts/kallsyms makes of its System.map;
#   - both boot, kallsyms_selftest finishes without failure, and
#     /proc/kallsyms equals System.map (kernel/check.sh);
#   - with CONFIG_DEBUG_INFO_BTF: the booted kernel's
#     /sys/kernel/btf/vmlinux is the .BTF of its vmlinux, and onelink's
#     .BTF equals stock's byte for byte;
#   - linked again from the same objects (make -j2: the link starts
#     beside the table's plan, the final pass takes the last compression),
#     vmlinux is linked once and is the same file, and so is System.map;
#   - with CONFIG_BUILTIN_MODULE_RANGES (smp), that relink runs with
#     ONELINK_PROVENANCE=1, and vmlinux.provenance is checked against the
#     table, the kernel's modules.builtin.ranges (and its own
#     verify_builtin_ranges.awk), vmlinux.map and System.map's duplicate
#     names; the ranges file of both trees is compared (provenance_check);
# then prints a summary per variant: links, link-phase time, padding,
# symbols.  For the first variant it also forces an overflow of the
# names array (ONELINK_PRELINK_FLAGS): two links, verified, booted; and
# runs make clean and make mrproper on copies of both trees, which must
# leave the same files (clean_check).
# Exits 1 on the first failure.
#
# --package (make kernel-check) then runs "make bindeb-pkg" in the first
# variant's onelink tree, with vmlinux removed so that the packaging links
# it (package_check): one link, the vmlinux and image it leaves are the
# ones booted and checked above, byte for byte; the linux-image package
# holds that image and System.map; the kernel inside the image is vmlinux
# stripped (x86: scripts/extract-vmlinux); with CONFIG_DEBUG_INFO the -dbg
# package's vmlinux is the tree's and passes kallsyms --verify.
#
# --in-tree VARIANT (make kernel-check: ibt) builds that variant's onelink
# kernel in-tree (no O=) in a source tree of its own,
# $ONELINK_BUILD/kernel/intree-src, pointed at onelink with
# use-onelink.sh; after its checks, make mrproper there must leave the
# files of the tarball (intree_check).  The onelink kernel of the variant
# after it in the list is then an O= build of that source tree, linked by
# the source tree's shim (its output directory has none), and the source
# tree must still hold the tarball's files afterwards.  So the pair costs
# no build beyond the ones above.  Not the first variant (its tree serves
# the overflow, loop, clean and package checks); not with --no-build.
#
# --onelink-only skips the stock build and its boot (they serve only to
# count stock's links and compare; the cross variants take 4-15 min per
# build here), and the overflow run; the stock link count is then taken
# from an earlier stock build if there is one.  --stock LIST (make
# kernel-check STOCK_VARIANTS=...) does so only for the variants not in
# the space-separated LIST.  List the variants whose checks compare with
# the stock tree: the first one (the overflow run, the loop and the clean
# check need its stock build), smp (modules.builtin.ranges) and btf
# (.BTF); each stock build left out saves a full kernel build (CI: 4-5
# minutes each).  --no-build checks the
# builds already in $ONELINK_BUILD/kernel without building again (and
# without the overflow run, which relinks).
#
# --loop N (make demo: 3) then measures the edit-build loop a developer
# lives with, on the first variant: N times, touch init/main.c and build
# the stock tree, then the onelink tree (kernel/build.sh; each compiles
# init/main.o again and relinks); the summary gets the median link phase
# of each.  The first builds above are no measure of it: there onelink
# plans its layout from nothing, afterwards it keeps it.  With
# CONFIG_RANDOMIZE_BASE (arm64) the onelink kernel also boots with KASLR
# on, and check.sh undoes the offset.  Each variant leaves a result
# record, $ONELINK_BUILD/kernel/results/VARIANT.rec (key=value lines:
# version, arch, toolchain, config, links, verify, boot, selftest,
# kallsyms, times; "result=FAILED at STEP" when it stopped), from which
# kernel/matrix.sh makes the results matrix of docs/kernel.md.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
ONELINK_BUILD=${ONELINK_BUILD:-$top/build}
KALLSYMS=$top/kallsyms/kallsyms
ELF_OFFSET=$top/elf_offset/elf_offset
export ONELINK_BUILD
# shellcheck source=kernel/arch.sh
. "$top/kernel/arch.sh"

info() {
	printf '  %-7s %s\n' "$1" "$2"
}

die() {
	echo "demo.sh: $*" >&2
	exit 1
}

# vmlinux links of the last link phase of build DIR that made a file: not
# vmlinux.o, not an early link stopped because the plan changed
links() {
	awk '$1 == "link" && $2 != "vmlinux.o" && $5 == 0 { n++ } END { print n + 0 }' \
		"$1/onelink/links.log"
}

# seconds from date +%s.%N T0 to T1
seconds() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
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

# kernel version of build DIR (6.12, 6.1) from its .config header
kversion() {
	sed -n 's/^# Linux\/[^ ]* \([0-9]*\.[0-9]*\)\..* Kernel Configuration$/\1/p' "$1/.config"
}

# onelink's kallsyms options for build DIR: the table's, and its format
kopts() {
	echo "$(options "$1") --format=$(kversion "$1")"
}

# The kernel's own scripts/kallsyms of version V (6.12, 6.1), built from
# its source tree once.
oracle() {
	src=$ONELINK_BUILD/kernel/src/linux-source-$1
	bin=$ONELINK_BUILD/kernel/oracle-kallsyms
	[ "$1" = 6.12 ] || bin=$bin-$1
	if [ ! -x "$bin" ]; then
		cc -O2 -I"$src/scripts/include" -o "$bin.tmp" "$src/scripts/kallsyms.c"
		mv "$bin.tmp" "$bin"
	fi
	echo "$bin"
}

# Compare onelink's arrays in DIR/vmlinux with the oracle's table made from
# DIR/System.map, linked alone with _text at its System.map address: each
# array's bytes up to the next label (alignment included: onelink
# zero-fills, as the assembler pads), kallsyms_relative_base resolved.
compare_oracle() {
	d=$1 w=$1/onelink/oracle
	rm -rf "$w"
	mkdir -p "$w/inc/asm"
	echo "#define BITS_PER_LONG $karch_bits" >"$w/inc/asm/bitsperlong.h"
	v=$(kversion "$d")
	# 6.1's tool writes the base-relative table only when told to
	set --
	[ "$v" != 6.1 ] || set -- --base-relative
	# shellcheck disable=SC2046
	"$(oracle "$v")" $(options "$d") "$@" "$d/System.map" >"$w/table.S"
	"${karch_cross}gcc" -c -x assembler-with-cpp -I"$w/inc" -o "$w/table.o" "$w/table.S"
	text=$(awk '$3 == "_text" { print $1; exit }' "$d/System.map")
	"${karch_cross}ld" -e 0 --defsym=_text="0x$text" -o "$w/table.elf" "$w/table.o" 2>/dev/null
	"${karch_cross}objcopy" -O binary -j .rodata "$w/table.elf" "$w/rodata"
	total=$(wc -c <"$w/rodata")
	"${karch_cross}nm" -n "$w/table.elf" | awk '$2 == "R" && $3 ~ /^kallsyms_/ { print $1, $3 }' >"$w/labels"
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

# With CONFIG_DEBUG_INFO_BTF: the running kernel's /sys/kernel/btf/vmlinux
# (size and MD5 printed by boot.sh's /init) is the .BTF of build DIR's
# vmlinux; with STOCK, that .BTF also equals stock's, which pahole made
# from stock's extra link .tmp_vmlinux1.
btf_check() {
	grep -q '^CONFIG_DEBUG_INFO_BTF=y' "$1/.config" || return 0
	objcopy -O binary --only-section=.BTF "$1/vmlinux" "$1/onelink/btf.bin"
	want="$(wc -c <"$1/onelink/btf.bin") $(md5sum <"$1/onelink/btf.bin")"
	got=$(tr -d '\r' <"$1/onelink/boot.log" | sed -n 's/^onelink: btf //p')
	[ "$got" = "$want" ] ||
		die "$1: /sys/kernel/btf/vmlinux (${got:-missing}) is not vmlinux's .BTF ($want)"
	info BTF "$1: /sys/kernel/btf/vmlinux is vmlinux's .BTF"
	[ -n "${2-}" ] && [ -f "$2/onelink/btf.bin" ] || return 0
	cmp -s "$2/onelink/btf.bin" "$1/onelink/btf.bin" ||
		die "$1/vmlinux: .BTF differs from stock's ($2/vmlinux)"
	info BTF "$1: .BTF equals stock's, byte for byte"
	printf '%-6s BTF: %d bytes, equal to stock, /sys/kernel/btf/vmlinux is the linked .BTF\n' \
		"$variant" "$(wc -c <"$1/onelink/btf.bin")" >>"$summary"
}

# version, architecture, toolchain and notable options of build DIR
describe() {
	c=$1/.config
	echo "version=$(cat "$1/include/config/kernel.release" 2>/dev/null || echo unknown)"
	echo "arch=$(arch_of_config "$c")"
	awk -F= '
	{ v[$1] = $2 }
	function ver(n) { return int(n / 10000) "." int(n / 100) % 100 "." n % 100 }
	END {
		cc = v["CONFIG_CC_IS_CLANG"] == "y" ? "clang " ver(v["CONFIG_CLANG_VERSION"]) : \
			"gcc " ver(v["CONFIG_GCC_VERSION"])
		ld = v["CONFIG_LD_IS_LLD"] == "y" ? "ld.lld " ver(v["CONFIG_LLD_VERSION"]) : \
			"GNU ld " ver(v["CONFIG_LD_VERSION"])
		print "toolchain=" cc ", " ld
	}' "$c"
	opts=tinyconfig
	for o in SMP MODULES X86_KERNEL_IBT KALLSYMS_ABSOLUTE_PERCPU RELOCATABLE \
		RANDOMIZE_BASE LTO_CLANG_THIN DEBUG_INFO_BTF; do
		! grep -q "^CONFIG_$o=y\$" "$c" || opts="$opts $o"
	done
	echo "config=$opts"
}

# record RESULT: the result record of the variant in progress
record() {
	mkdir -p "$results"
	{
		echo "variant=$variant"
		echo "result=$1"
		# the in-tree build's tree after make mrproper has no .config
		if [ -n "$desc" ]; then
			echo "$desc"
		elif [ -f "$one/.config" ]; then
			describe "$one"
		fi
		echo "links_stock=${s:--}"
		echo "links_onelink=${n:--}"
		echo "verify=${verified:-no}"
		echo "boot=${booted:-no}"
		echo "kaslr_boot=${kaslr:--}"
		echo "build_seconds=$(sed -n 's/^build_seconds=//p' "$one/onelink/build.env" 2>/dev/null)"
		echo "full_build=$(sed -n 's/^full_build=//p' "$one/onelink/build.env" 2>/dev/null)"
		echo "phase_stock=${sphase:--}"
		echo "phase_onelink=${ophase:--}"
		echo "boot_seconds=$(sed -n 's/^boot_seconds=//p' "$one/onelink/boot.env" 2>/dev/null)"
		echo "padding=${pad:-}"
		echo "symbols=${syms:-}"
	} >"$results/$variant.rec.tmp"
	mv "$results/$variant.rec.tmp" "$results/$variant.rec"
}

# Whether variant ${1} gets a stock build here (--onelink-only, --stock)
has_stock() {
	[ -z "$onelink_only" ] || return 1
	[ -n "$stock_list" ] || return 0
	case "$stock_list" in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# on a failure: the record says where the variant stopped
on_exit() {
	st=$?
	[ "$st" -eq 0 ] || [ -z "${variant-}" ] || [ -z "${step-}" ] || record "FAILED at $step"
}

demo() {
	variant=$1
	arch_set "$(arch_of_variant "$variant")"
	stock=$ONELINK_BUILD/kernel/$variant-stock
	one=$ONELINK_BUILD/kernel/$variant-onelink
	# the in-tree pair (--in-tree): the variant in its own source tree,
	# and the next one O= from it
	set --
	[ "$variant" != "$intree" ] || one=$intree_src
	case "$variant" in
	"$intree"|"$intree_next") set -- --src "$intree_src" ;;
	esac
	s='' n='' verified='' booted='' kaslr='' sphase='' ophase='' pad='' syms='' desc=''
	rm -f "$results/$variant.rec"
	if has_stock "$variant"; then
		step="stock build"
		info DEMO "$variant: stock"
		[ -n "$nobuild" ] || sh "$top/kernel/build.sh" --variant "$variant" --relink "$stock"
		step="stock boot"
		sh "$top/kernel/boot.sh" "$stock"
		sh "$top/kernel/check.sh" "$stock"
		btf_check "$stock"
	fi
	step="onelink build"
	info DEMO "$variant: onelink"
	[ -n "$nobuild" ] || sh "$top/kernel/build.sh" --variant "$variant" --onelink "$@" "$one"
	if grep -q '^CONFIG_RANDOMIZE_BASE=y$' "$one/.config"; then
		step="onelink boot with KASLR"
		sh "$top/kernel/boot.sh" --kaslr "$one" "$one/onelink/boot-kaslr.log"
		sh "$top/kernel/check.sh" "$one" "$one/onelink/boot-kaslr.log" >"$one/onelink/check-kaslr.txt"
		cat "$one/onelink/check-kaslr.txt"
		kaslr="pass (offset $(sed -n 's/.*KASLR offset \(0x[0-9a-f]*\).*/\1/p' "$one/onelink/check-kaslr.txt"))"
	fi
	step="onelink boot"
	sh "$top/kernel/boot.sh" "$one"
	sh "$top/kernel/check.sh" "$one"
	booted=pass

	step="link count"
	n=$(links "$one")
	[ "$n" -eq 1 ] || die "$one: onelink linked vmlinux $n times, not once"
	s=-
	[ ! -f "$stock/onelink/links.log" ] || s=$(links "$stock")
	! has_stock "$variant" || [ "$s" -ge 3 ] || die "$stock: stock linked vmlinux only $s times"
	step=verify
	# shellcheck disable=SC2046
	"$KALLSYMS" --verify $(kopts "$one") "$one/vmlinux" ||
		die "$one/vmlinux: kallsyms --verify failed"
	verified=pass
	info VERIFY "$one/vmlinux"
	step="System.map"
	if [ "$(kversion "$one")" = 6.1 ]; then
		# 6.1's mksysmap is a shell script that runs nm itself
		NM="${karch_cross}nm" sh "$ONELINK_BUILD/kernel/src/linux-source-6.1/scripts/mksysmap" \
			"$one/vmlinux" "$one/onelink/System.map.stock"
	else
		"${NM:-${karch_cross}nm}" -n "$one/vmlinux" |
			sed -f "$ONELINK_BUILD/kernel/src/linux-source-6.12/scripts/mksysmap" \
			>"$one/onelink/System.map.stock"
	fi
	cmp -s "$one/onelink/System.map.stock" "$one/System.map" ||
		die "$one/System.map differs from nm -n | sed -f scripts/mksysmap"
	info SYSMAP "$one/System.map equals nm -n | sed -f scripts/mksysmap"
	step="oracle"
	compare_oracle "$one"
	info ORACLE "arrays equal the kernel's scripts/kallsyms on System.map"
	# shellcheck disable=SC2046
	"$KALLSYMS" --final --dry-run --explain $(kopts "$one") \
		--layout="$one/.tmp_vmlinux.kallsyms.layout" "$one/vmlinux" \
		2>"$one/onelink/explain.txt" || die "$one/vmlinux: kallsyms --final --dry-run failed"
	pad=$(sed -n 's/.*padding \([0-9]* bytes ([0-9.]*%)\).*/\1/p' "$one/onelink/explain.txt")
	syms=$(grep -c . "$one/System.map")
	sphase=-
	[ ! -f "$stock/onelink/links.log" ] || sphase=$(phase "$stock")
	ophase=$(phase "$one")
	printf '%-6s links: stock %s, onelink %d; link phase: stock %s s, onelink %s s; padding %s; System.map %d symbols\n' \
		"$variant" "$s" "$n" "$sphase" "$ophase" "$pad" "$syms" >>"$summary"
	[ -z "$kaslr" ] || printf '%-6s KASLR boot: %s\n' "$variant" "$kaslr" >>"$summary"
	step=BTF
	btf_check "$one" "$stock"
	step=relink
	[ -n "$nobuild" ] || relink_same "$one" "$@"
	if grep -q '^CONFIG_BUILTIN_MODULE_RANGES=y$' "$one/.config"; then
		step=provenance
		provenance_check "$one" "$stock"
	fi
	step="in-tree"
	desc=$(describe "$one")
	[ "$variant" != "$intree" ] || intree_check mrproper "$one"
	[ "$variant" != "$intree_next" ] || intree_check o-build "$one"
	record pass
	step=
}

# Files of source tree DIR but the harness's onelink/ and the stock script
# use-onelink.sh set aside, sorted.  Not directories: kbuild leaves some
# it made empty (objtool's in-tree build, tools/objtool/arch/x86/lib).
src_files() {
	(cd "$1" && find . ! -type d ! -path './onelink/*' \
		! -path ./scripts/link-vmlinux.sh.stock | LC_ALL=C sort)
}

# The in-tree pair (--in-tree).  mrproper DIR: DIR is the in-tree build;
# make mrproper in it must leave the files of the tarball, as the shared
# source tree has them.  o-build DIR: DIR is the O= build of that source
# tree that followed; it has no shim of its own (the source tree's linked
# it, once), and the source tree still has the tarball's files.
intree_check() {
	pristine=$ONELINK_BUILD/kernel/src/linux-source-6.12
	src_files "$pristine" >"$ONELINK_BUILD/kernel/intree-src.want"
	if [ "$1" = mrproper ]; then
		info MRPROPER "$2: make mrproper of the in-tree build"
		t0=$(date +%s.%N)
		(. "$top/kernel/env.sh"
		make -s -C "$2" ARCH="$(arch_of_variant "$variant")" mrproper >/dev/null) ||
			die "$2: make mrproper failed"
		t1=$(date +%s.%N)
		src_files "$2" >"$ONELINK_BUILD/kernel/intree-src.list"
		diff "$ONELINK_BUILD/kernel/intree-src.want" "$ONELINK_BUILD/kernel/intree-src.list" >&2 ||
			die "$2: make mrproper leaves other files than the tarball's (above)"
		printf '%-6s in-tree build (no O=): linked once; make mrproper (%s s) left the tarball'"'"'s %d files\n' \
			"$variant" "$(seconds "$t0" "$t1")" "$(wc -l <"$ONELINK_BUILD/kernel/intree-src.list")" >>"$summary"
		return 0
	fi
	[ ! -e "$2/scripts/link-vmlinux.sh" ] ||
		die "$2: has a shim of its own, not linked by the source tree's"
	src_files "$intree_src" >"$ONELINK_BUILD/kernel/intree-src.list"
	diff "$ONELINK_BUILD/kernel/intree-src.want" "$ONELINK_BUILD/kernel/intree-src.list" >&2 ||
		die "$intree_src: the O= build $2 changed the source tree's files (above)"
	rm -f "$ONELINK_BUILD/kernel/intree-src.want" "$ONELINK_BUILD/kernel/intree-src.list"
	printf '%-6s O= build of %s'"'"'s in-tree source after make mrproper: linked once by the source tree'"'"'s shim, source files unchanged\n' \
		"$variant" "$intree" >>"$summary"
}

# The edit-build loop's link on a real kernel: vmlinux linked again from
# the objects of build DIR (the early link, the layout and the token cache
# of the last link) is linked once, verified, and the same file as before.
relink_same() {
	d=$1
	shift
	set -- "$@" "$d"
	cp "$d/vmlinux" "$d/onelink/vmlinux.first"
	cp "$d/System.map" "$d/onelink/System.map.first"
	# the provenance of the kernels that have its oracles (the same vmlinux)
	prov=
	! grep -q '^CONFIG_BUILTIN_MODULE_RANGES=y$' "$d/.config" || prov=1
	ONELINK_PROVENANCE=$prov sh "$top/kernel/build.sh" --variant "$variant" --onelink "$@"
	set -- "$d"
	n=$(links "$1")
	[ "$n" -eq 1 ] || die "$1: the relink linked vmlinux $n times, not once"
	cmp -s "$1/onelink/vmlinux.first" "$1/vmlinux" ||
		die "$1/vmlinux: linked again from the same objects, it differs"
	cmp -s "$1/onelink/System.map.first" "$1/System.map" ||
		die "$1/System.map: linked again from the same objects, it differs"
	# shellcheck disable=SC2046
	"$KALLSYMS" --verify $(kopts "$1") "$1/vmlinux" ||
		die "$1/vmlinux: kallsyms --verify failed after the relink"
	rm -f "$1/onelink/vmlinux.first" "$1/onelink/System.map.first"
	info RELINK "$1/vmlinux: linked once again, the same file"
	printf '%-6s relink of the same objects: 1 link, the same vmlinux and System.map\n' \
		"$variant" >>"$summary"
}

# The provenance of onelink's tree ${1} (docs/provenance.md), with stock's
# tree ${2} for its modules.builtin.ranges (when the variant has one):
#   - the link's vmlinux.provenance (relink_same; with --no-build, or if
#     that link made none, kallsyms --provenance with the link's inputs)
#     equals what kallsyms --provenance makes of the linked file;
#   - its address, type and name columns are the decoded table's, and no
#     line has "?" for object;
#   - each code symbol has the modules the kernel's modules.builtin.ranges
#     gives its address, and none outside them (kernel/ranges-modules.awk),
#     every anchor of the ranges file is in System.map, and the kernel's
#     own scripts/verify_builtin_ranges.awk passes, in both trees;
#   - stock's and onelink's ranges files: the same lines, but where the
#     padded table moves what follows it;
#   - each object is the one vmlinux.map names for the symbol's input
#     section (kernel/map-objects.sh);
#   - names defined more than once in System.map: with module and object
#     added, every line is unique.
provenance_check() {
	one=$1 stock=$2
	src=$ONELINK_BUILD/kernel/src/linux-source-$(kversion "$one")
	# kbuild's SRCARCH: the directory of the linker script it made
	lds=$(cd "$one" && ls arch/*/kernel/vmlinux.lds)
	srcarch=${lds#arch/}
	srcarch=${srcarch%%/*}
	libs=
	for l in lib/lib.a "arch/$srcarch/lib/lib.a"; do
		[ ! -f "$one/$l" ] || libs="$libs $l"
	done
	pcpu=
	! grep -q '^CONFIG_KALLSYMS_ABSOLUTE_PERCPU=y$' "$one/.config" || pcpu=--absolute-percpu
	# shellcheck disable=SC2086 # the options and inputs split into words
	(cd "$one" && "$KALLSYMS" --provenance $pcpu --format="$(kversion "$one")" \
		--lds="$lds" --modules-builtin=modules.builtin \
		vmlinux vmlinux.a .vmlinux.export.o init/version-timestamp.o $libs) \
		>"$one/onelink/provenance.standalone" ||
		die "$one/vmlinux: kallsyms --provenance failed"
	prov=$one/vmlinux.provenance
	if [ -n "$nobuild" ] && [ ! -f "$prov" ]; then
		prov=$one/onelink/provenance.standalone
	fi
	[ -s "$prov" ] || die "$prov: not written by the link with ONELINK_PROVENANCE=1"
	cmp -s "$prov" "$one/onelink/provenance.standalone" ||
		die "$prov differs from kallsyms --provenance on the linked file"
	info PROV "$prov: $(wc -l <"$prov") symbols, the same as kallsyms --provenance"

	# shellcheck disable=SC2086
	"$KALLSYMS" --decode $pcpu --format="$(kversion "$one")" "$one/vmlinux" |
		cut -d' ' -f1-3 >"$one/onelink/decoded.ats"
	cut -d' ' -f1,3,4 "$prov" | cmp -s - "$one/onelink/decoded.ats" ||
		die "$prov: addresses, types and names differ from kallsyms --decode"
	unknown=$(grep -c ' ?$' "$prov" || :)
	[ "$unknown" -eq 0 ] || die "$prov: $unknown symbols of unknown object ('?')"
	linker=$(grep -c ' (linker)$' "$prov" || :)
	nlds=$(grep -c " $lds\$" "$prov" || :)
	info PROV "table's symbols, in order; no '?'; $nlds from the linker script, $linker (linker)"

	# stock's tree too when there is one (not with --onelink-only or a
	# variant left out of --stock)
	if has_stock "$variant"; then set -- "$stock" "$one"; else set -- "$one"; fi
	for t in "$@"; do
		[ -f "$t/modules.builtin.ranges" ] || die "$t: no modules.builtin.ranges"
		(cd "$t" && gawk -f "$src/scripts/verify_builtin_ranges.awk" modules.builtin.ranges \
			System.map modules.builtin vmlinux.map vmlinux.o.map) >"$t/onelink/verify-ranges.txt" 2>&1 ||
			die "$t: verify_builtin_ranges.awk failed: $(tail -n 3 "$t/onelink/verify-ranges.txt")"
		if ! grep -q '^  Mismatches: *0 ' "$t/onelink/verify-ranges.txt" ||
			! grep -q '^  Missing: *0 ' "$t/onelink/verify-ranges.txt"; then
			die "$t/modules.builtin.ranges: $(cat "$t/onelink/verify-ranges.txt")"
		fi
	done
	matches=$(sed -n 's/^  Correct matches: *\([0-9]*\) .*/\1/p' "$one/onelink/verify-ranges.txt")
	gawk -f "$top/kernel/ranges-modules.awk" "$one/modules.builtin.ranges" "$one/System.map" \
		"$prov" >"$one/onelink/ranges-modules.txt" ||
		die "$prov: built-in modules differ from modules.builtin.ranges: $(head -n 5 "$one/onelink/ranges-modules.txt")"
	rmod=$(tail -n 1 "$one/onelink/ranges-modules.txt")
	info PROV "$rmod"
	# the table of onelink's tree is padded: what follows it in .rodata
	# moves; every other section's ranges are stock's
	if has_stock "$variant"; then
		diff "$stock/modules.builtin.ranges" "$one/modules.builtin.ranges" |
			sed -n 's/^[<>] //p' | cut -d' ' -f1 | sort | uniq -c >"$one/onelink/ranges-diff.txt" || :
		if grep -v ' \.rodata$' "$one/onelink/ranges-diff.txt" | grep -q .; then
			die "modules.builtin.ranges of $stock and $one differ outside .rodata: $(cat "$one/onelink/ranges-diff.txt")"
		fi
		rdiff=$(awk '{ n += $1 } END { print n / 2 + 0 }' "$one/onelink/ranges-diff.txt")
		rsame="stock's and onelink's the same"
		[ "$rdiff" = 0 ] || rsame="stock's and onelink's differ only in .rodata ($rdiff lines)"
	else
		rsame="no stock build to compare with"
	fi
	info PROV "modules.builtin.ranges: $rsame"

	sh "$top/kernel/map-objects.sh" "$one/vmlinux.map" "$prov" >"$one/onelink/map-objects.txt" ||
		die "$prov: objects differ from vmlinux.map: $(head -n 5 "$one/onelink/map-objects.txt")"
	mobj=$(tail -n 1 "$one/onelink/map-objects.txt")
	info PROV "$mobj"

	awk '{ print $3 }' "$one/System.map" | sort | uniq -d >"$one/onelink/dup-names.txt"
	ndup=$(wc -l <"$one/onelink/dup-names.txt")
	awk 'NR == FNR { d[$1] = 1; next } ($4 in d) { $1 = $2 = $3 = ""; print }' \
		"$one/onelink/dup-names.txt" "$prov" | sort >"$one/onelink/dup-lines.txt"
	ndef=$(wc -l <"$one/onelink/dup-lines.txt")
	nsame=$(uniq -d "$one/onelink/dup-lines.txt" | wc -l)
	[ "$nsame" -eq 0 ] || die "$prov: duplicate names still alike with module and object: $(uniq -d "$one/onelink/dup-lines.txt" | head -n 5)"
	info PROV "$ndup names defined more than once ($ndef definitions): all told apart"
	# kept in the harness's directory: in an O= tree kbuild's clean runs
	# the source tree's script, which does not know the file
	# (docs/provenance.md), and clean_check compares what clean leaves
	[ "$prov" != "$one/vmlinux.provenance" ] || mv -f "$prov" "$one/onelink/vmlinux.provenance"
	printf '%-6s provenance: %d symbols, no "?"; modules as modules.builtin.ranges (%s); objects as vmlinux.map (%s); %d duplicated names told apart; ranges verified (%s matches), %s\n' \
		"$variant" "$(wc -l <"$one/onelink/provenance.standalone")" "${rmod#ranges-modules: }" "${mobj#map-objects: }" \
		"$ndup" "$matches" "$rsame" >>"$summary"
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
	"$KALLSYMS" --verify $(kopts "$one") "$one/vmlinux" ||
		die "$one/vmlinux: kallsyms --verify failed after the relink"
	sh "$top/kernel/boot.sh" "$one"
	sh "$top/kernel/check.sh" "$one"
	printf '%-6s overflow of kallsyms_names: %d links, verified, booted\n' "$1" "$n" >>"$summary"
	# back to the one-link build
	sh "$top/kernel/build.sh" --variant "$1" --onelink "$one"
}

# The edit-build loop of variant ${1}, ${2} times (see --loop above).
edit_loop() {
	stock=$ONELINK_BUILD/kernel/$1-stock
	one=$ONELINK_BUILD/kernel/$1-onelink
	src=$(sed -n 's/^srctree=//p' "$one/onelink/build.env")
	loopdata=$one/onelink/loop.txt
	: >"$loopdata"
	i=0
	while [ "$i" -lt "$2" ]; do
		i=$((i + 1))
		info LOOP "$1: touch init/main.c, build stock and onelink ($i of $2)"
		touch "$src/init/main.c"
		for tree in "$stock" "$one"; do
			mode=stock
			[ "$tree" = "$stock" ] || mode=onelink
			sh "$top/kernel/build.sh" --variant "$1" --link "$mode" "$tree" >/dev/null
			grep -qx 'relinked=yes' "$tree/onelink/build.env" ||
				die "$tree: the build after touching init/main.c did not relink"
			echo "$mode $(phase "$tree")" >>"$loopdata"
		done
	done
	awk -v v="$1" -v n="$2" '
	{ t[$1, ++k[$1]] = $2 }
	function median(m,   i, j, x, c) {
		c = k[m]
		for (i = 1; i <= c; i++)
			for (j = i + 1; j <= c; j++)
				if (t[m, j] < t[m, i]) { x = t[m, i]; t[m, i] = t[m, j]; t[m, j] = x }
		return c % 2 ? t[m, (c + 1) / 2] : (t[m, c / 2] + t[m, c / 2 + 1]) / 2
	}
	END {
		s = median("stock"); o = median("onelink")
		printf "%-6s edit-build loop (touch init/main.c, %d builds each): link phase median stock %.2f s, onelink %.2f s (%.2f of stock)\n", v, n, s, o, o / s
	}' "$loopdata" >>"$summary"
}

# make clean, then make mrproper, on copies of variant ${1}'s stock and
# onelink trees (cp -al: the kernel's clean only deletes files): both must
# leave the same files, but for the shim and the harness's onelink/, so
# every file onelink wrote (the .tmp_vmlinux.kallsyms.* table, layout and
# symbol cache, the temporary link) is gone.  kbuild's clean runs the
# source tree's script ("link-vmlinux.sh clean"), not the shim; its
# ".tmp_*" rule is what removes them.
clean_check() {
	stock=$ONELINK_BUILD/kernel/$1-stock
	one=$ONELINK_BUILD/kernel/$1-onelink
	[ -f "$one/.tmp_vmlinux.kallsyms.layout" ] ||
		die "$one: no .tmp_vmlinux.kallsyms.layout: not linked with onelink"
	src=$(sed -n 's/^srctree=//p' "$one/onelink/build.env")
	karch=$(arch_of_variant "$1")
	arch_set "$karch"
	wrote=$(cd "$one" && find . -maxdepth 1 -name '.tmp_vmlinux.*' | wc -l)
	for tree in "$stock" "$one"; do
		rm -rf "$tree.clean"
		cp -al "$tree" "$tree.clean"
	done
	left=
	for target in clean mrproper; do
		info CLEAN "$1: make $target in copies of the stock and onelink trees"
		for tree in "$stock" "$one"; do
			(. "$top/kernel/env.sh"
			make -s -C "$src" O="$tree.clean" ARCH="$karch" \
				CROSS_COMPILE="$karch_cross" "$target" >/dev/null) ||
				die "$tree.clean: make $target failed"
			(cd "$tree.clean" && find . ! -path ./onelink ! -path './onelink/*' \
				! -path ./scripts/link-vmlinux.sh | LC_ALL=C sort) >"$tree.$target.list"
		done
		diff "$stock.$target.list" "$one.$target.list" >&2 ||
			die "make $target leaves other files in $one than in $stock (above)"
		left="$left, $(wc -l <"$one.$target.list") after make $target"
	done
	rm -rf "$stock.clean" "$one.clean"
	printf '%-6s make clean, mrproper: onelink'"'"'s %d .tmp_vmlinux files gone, the same files left as stock'"'"'s%s\n' \
		"$1" "$wrote" "$left" >>"$summary"
}

# make bindeb-pkg in variant ${1}'s onelink tree, vmlinux removed first so
# that the packaging links it (see --package above).  The tree keeps the
# files of a build only: what the packaging added (debian/, which only make
# mrproper removes, the UAPI headers and scripts/unifdef of make headers,
# which make clean leaves in part) goes again, so that a later clean check
# compares it with the stock tree as before.
# every path in build tree DIR but the harness's onelink/, sorted
tree_files() {
	(cd "$1" && find . ! -path ./onelink ! -path './onelink/*' | LC_ALL=C sort)
}

package_check() {
	one=$ONELINK_BUILD/kernel/$1-onelink
	karch=$(arch_of_variant "$1")
	arch_set "$karch"
	w=$one/onelink/pkgcheck
	rm -rf "$w"
	mkdir -p "$w"
	cp "$one/vmlinux" "$w/vmlinux.booted"
	cp "$one/$karch_image" "$w/image.booted"
	tree_files "$one" >"$w/files.before"
	info DEMO "$1: onelink, make bindeb-pkg"
	t0=$(date +%s.%N)
	sh "$top/kernel/build.sh" --variant "$1" --onelink --target bindeb-pkg "$one"
	t1=$(date +%s.%N)
	tree_files "$one" | LC_ALL=C comm -13 "$w/files.before" - |
		while read -r f; do rm -rf "${one:?}/$f"; done
	grep -qx 'relinked=yes' "$one/onelink/build.env" ||
		die "$one: make bindeb-pkg did not link vmlinux"
	n=$(links "$one")
	[ "$n" -eq 1 ] || die "$one: make bindeb-pkg linked vmlinux $n times, not once"
	# shellcheck disable=SC2046
	"$KALLSYMS" --verify $(kopts "$one") "$one/vmlinux" ||
		die "$one/vmlinux: kallsyms --verify failed after make bindeb-pkg"
	cmp -s "$w/vmlinux.booted" "$one/vmlinux" ||
		die "$one/vmlinux: linked by make bindeb-pkg, it differs from the one booted"
	cmp -s "$w/image.booted" "$one/$karch_image" ||
		die "$one/$karch_image: made by make bindeb-pkg, it differs from the one booted"
	rel=$(cat "$one/include/config/kernel.release")
	deb=$(find "$one/onelink/package" -name "linux-image-${rel}_*.deb")
	[ -n "$deb" ] || die "$one/onelink/package: no linux-image-${rel} package"
	dpkg-deb -x "$deb" "$w/image"
	cmp "$one/System.map" "$w/image/boot/System.map-$rel" >&2 ||
		die "$deb: its System.map is not the tree's"
	img=$(find "$w/image/boot" -name "vmlinu*-$rel")
	cmp "$one/$karch_image" "$img" >&2 || die "$deb: its image is not $one/$karch_image"
	what="System.map and ${img#"$w/image/"} are the tree's"
	if [ "$karch" = x86_64 ]; then
		# the kernel inside a bzImage: vmlinux without symbols and .comment,
		# compressed (relocations follow it with CONFIG_RELOCATABLE)
		sh "$ONELINK_BUILD/kernel/src/linux-source-6.12/scripts/extract-vmlinux" \
			"$img" >"$w/vmlinux.in-image" || die "$img: extract-vmlinux failed"
		objcopy -R .comment -S "$one/vmlinux" "$w/vmlinux.stripped"
		cmp -n "$(wc -c <"$w/vmlinux.stripped")" "$w/vmlinux.stripped" "$w/vmlinux.in-image" >&2 ||
			die "$img: the kernel inside is not $one/vmlinux, stripped"
		what="$what; the kernel in it is vmlinux, stripped"
	fi
	dbg=$(find "$one/onelink/package" -name "linux-image-${rel}-dbg_*.deb")
	if grep -q '^CONFIG_DEBUG_INFO=y$' "$one/.config"; then
		[ -n "$dbg" ] || die "$one/onelink/package: no linux-image-${rel}-dbg package"
		dpkg-deb -x "$dbg" "$w/dbg"
		v=$w/dbg/usr/lib/debug/lib/modules/$rel/vmlinux
		cmp "$one/vmlinux" "$v" >&2 || die "$dbg: its vmlinux is not the tree's"
		# shellcheck disable=SC2046
		"$KALLSYMS" --verify $(kopts "$one") "$v" || die "$dbg: kallsyms --verify of its vmlinux failed"
		what="$what; the -dbg package's vmlinux is the tree's and verifies"
	else
		[ -z "$dbg" ] || die "$dbg: a -dbg package without CONFIG_DEBUG_INFO"
		what="$what; no -dbg package (no CONFIG_DEBUG_INFO)"
	fi
	rm -rf "$w"
	info PACKAGE "$deb"
	printf '%-6s make bindeb-pkg (%s s): 1 link, vmlinux and image as booted, vmlinux verified; %s\n' \
		"$1" "$(seconds "$t0" "$t1")" "$what" >>"$summary"
}

onelink_only='' stock_list='' nobuild='' loops=0 package='' intree='' intree_next=''
while [ $# -gt 0 ]; do
	case "$1" in
	--onelink-only) onelink_only=1; shift ;;
	--stock) [ $# -ge 2 ] || die "--stock needs a list of variants"; stock_list=" $2 "; shift 2 ;;
	--no-build) nobuild=1; shift ;;
	--loop) [ $# -ge 2 ] || die "--loop needs a count"; loops=$2; shift 2 ;;
	--package) package=1; shift ;;
	--in-tree) [ $# -ge 2 ] || die "--in-tree needs a variant"; intree=$2; shift 2 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- tiny
intree_src=$ONELINK_BUILD/kernel/intree-src
if [ -n "$intree" ]; then
	[ -z "$nobuild" ] || die "--in-tree: not with --no-build (make mrproper removed that build)"
	[ "$intree" != "$1" ] ||
		die "--in-tree: not the first variant ($1), whose tree the later checks use"
	prev=
	for v in "$@"; do
		[ "$prev" != "$intree" ] || intree_next=$v
		prev=$v
	done
	case " $* " in
	*" $intree "*) ;;
	*) die "--in-tree: $intree is not among the variants ($*)" ;;
	esac
	case " $intree $intree_next " in
	*" v61 "*) die "--in-tree: Linux 6.12 variants only" ;;
	esac
fi
summary=$ONELINK_BUILD/kernel/demo-summary.txt
results=$ONELINK_BUILD/kernel/results
trap on_exit EXIT
mkdir -p "$ONELINK_BUILD/kernel"
: >"$summary"
for v in "$@"; do
	demo "$v"
done
! has_stock "$1" || [ -n "$nobuild" ] || overflow "$1"
! has_stock "$1" || [ -n "$nobuild" ] || [ "$loops" -eq 0 ] || edit_loop "$1" "$loops"
! has_stock "$1" || clean_check "$1"
[ -z "$package" ] || [ -n "$nobuild" ] || package_check "$1"
echo "onelink demo summary:"
cat "$summary"
