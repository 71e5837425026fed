#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One link: the kernel-like test program (tests/kprog) is linked once by
# scripts/onelink-link with GNU ld and ld.lld, with and without
# --gc-sections, with gcc -flto and clang ThinLTO, and for aarch64 and arm
# under qemu-user.  Each binary must pass kallsyms --verify, run its own
# selftest (names <-> addresses), and take one link (two on overflow,
# where the report must name the culprits).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

LINK="$top/scripts/onelink-link"
"$KPROG/gen.sh" src 8 400

mkdir -p inc/asm
cat >inc/asm/bitsperlong.h <<'H'
#ifdef __LP64__
#define BITS_PER_LONG 64
#else
#define BITS_PER_LONG 32
#endif
H

# build NAME CC RUN LINK-EXTRA CFLAGS-EXTRA [KALLSYMS-OPTIONS]
# compile, link once with onelink-link, verify, run the selftest
build() {
	_name=$1 _cc=$2 _run=$3 _ldx=$4 _cfx=$5
	shift 5
	mkdir -p "$_name"
	_cflags="-O1 -ffreestanding -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections $_cfx"
	case " $* " in *" --absolute-percpu "*) _cflags="$_cflags -DABS_PERCPU" ;; esac
	_objs=""
	for _src in ${SRCS:-src/*.c} "$KPROG/selftest.c" "$KPROG/start.S"; do
		_o="$_name/$(basename "$_src" | sed 's/\.[cS]$/.o/')"
		# shellcheck disable=SC2086
		$_cc $_cflags -c -o "$_o" "$_src" || { not_ok "$_name: compile $_src"; return 1; }
		_objs="$_objs $_o"
	done
	# shellcheck disable=SC2086
	"$LINK" --explain --lds="${LDS:-$KPROG/prog.lds}" ${LINK_EXTRA:-} "$@" --as="$_cc -c -Wa,--noexecstack -Iinc" -o "$_name/prog" -- \
		$_cc -nostdlib -static -no-pie -Wl,--build-id=none $_ldx -Wl,-T,"${LDS:-$KPROG/prog.lds}" $_objs \
		>"$_name/link.log" 2>&1
	_st=$?
	_links=$(grep -c '^  LD ' "$_name/link.log")
	if [ "$_st" -ne 0 ]; then
		not_ok "$_name: onelink-link"
		diag "$(tail -n 15 "$_name/link.log")"
		return 1
	fi
	ok "$_name: linked ($_links link(s))"
	expect_ok "$_name: kallsyms --verify" "$KALLSYMS" --verify "$@" "$_name/prog"
	# shellcheck disable=SC2086 # the runner's words
	selftest "$_name: run-time selftest" "$_name/prog" $_run
	echo "$_links" >"$_name/links"
}

# links NAME COUNT: the build took COUNT links
links() {
	if [ "$(cat "$1/links" 2>/dev/null)" = "$2" ]; then
		ok "$1: $2 link(s)"
	else
		not_ok "$1: $2 link(s), got $(cat "$1/links" 2>/dev/null)"
	fi
}

# in_log NAME PATTERN DESC: the link log of NAME reports PATTERN
in_log() {
	if grep -q -e "$2" "$1/link.log"; then
		ok "$1: $3"
	else
		not_ok "$1: $3"
		diag "$(grep -v '^  [A-Z]' "$1/link.log" | head -n 12)"
	fi
}

build gnu-ld cc "" "-fuse-ld=bfd" "" --all-symbols
links gnu-ld 1
diag "$(grep 'padding' gnu-ld/link.log)"

# --final --write-map writes what nm -n | sed -f scripts/mksysmap prints
if MKSYSMAP=$(mksysmap); then
	cp gnu-ld/prog gnu-ld/prog.again
	"$KALLSYMS" --final --all-symbols --layout=gnu-ld/prog.layout \
		--write-map=gnu-ld/System.map gnu-ld/prog.again 2>/dev/null
	nm -n gnu-ld/prog.again | sed -f "$MKSYSMAP" >gnu-ld/System.map.nm
	same_file "gnu-ld: --write-map equals nm -n | sed -f mksysmap" gnu-ld/System.map.nm gnu-ld/System.map
	same_file "gnu-ld: a second --final leaves the file as it was" gnu-ld/prog gnu-ld/prog.again
else
	skip "--write-map" "no scripts/mksysmap"
fi

# Determinism: the same build twice gives byte-identical files.
build gnu-ld-again cc "" "-fuse-ld=bfd" "" --all-symbols
same_file "two builds give identical binaries" gnu-ld/prog gnu-ld-again/prog
same_file "two builds give identical layouts" gnu-ld/prog.layout gnu-ld-again/prog.layout
build gnu-ld-text cc "" "-fuse-ld=bfd" ""
# --gc-sections empties .data..percpu: __per_cpu_start/end change type
# after the link (seed 001's case); the margin absorbs it
build gnu-ld-gc cc "" "-fuse-ld=bfd -Wl,--gc-sections" "" --all-symbols
links gnu-ld-gc 1
in_log gnu-ld-gc "changed type: __per_cpu_start" "report names __per_cpu_start's type change"
build gnu-ld-percpu cc "" "-fuse-ld=bfd" "" --all-symbols --absolute-percpu
if need ld.lld; then
	build lld cc "" "-fuse-ld=lld" "" --all-symbols
	links lld 1
	build lld-gc cc "" "-fuse-ld=lld -Wl,--gc-sections" "" --all-symbols
else
	skip "ld.lld builds" "ld.lld not installed"
fi
build gcc-lto cc "" "-fuse-ld=bfd -flto -O1" "-flto" --all-symbols
if need clang ld.lld; then
	build clang-thinlto clang "" "-fuse-ld=lld -flto=thin -O1" "-flto=thin" --all-symbols
else
	skip "clang ThinLTO build" "clang or ld.lld not installed"
fi
# The linker adds symbols the objects lack: 120 --defsym names overflow
# the reserve; the second link fits, and the report names them.
defsyms=$(awk 'BEGIN { for (i = 0; i < 120; i++) printf " -Wl,--defsym=defsym_extra_%d=fn_0_%d", i, i }')
build gnu-ld-defsym cc "" "-fuse-ld=bfd $defsyms" "" --all-symbols
links gnu-ld-defsym 2
in_log gnu-ld-defsym "not in the superset: T defsym_extra_" "report names the --defsym symbols"

# Overflow of each array in turn (a pinned, too small reserve).
for arr in names markers token_table offsets seqs_of_names; do
	LINK_EXTRA="--reserve=$arr=4" build "overflow-$arr" cc "" "-fuse-ld=bfd" "" --all-symbols
	links "overflow-$arr" 2
	in_log "overflow-$arr" "kallsyms_$arr .* OVERFLOW" "report shows kallsyms_$arr overflowing"
done

if need aarch64-linux-gnu-gcc qemu-aarch64; then
	build aarch64 aarch64-linux-gnu-gcc qemu-aarch64 "" "" --all-symbols
	# branch veneers: a function 256 MiB away from the rest
	mkdir -p far
	cp src/*.c far/
	cat >far/far.c <<'C'
int fn_0_0(int x), fn_1_1(int x);
__attribute__((section(".far"), noinline)) int far_fn(int x) { return fn_0_0(x) + 1; }
__attribute__((noinline)) int far_caller(int x) { return far_fn(x) + fn_1_1(x); }
C
	sed 's|^	_end = .;|	.far 0x10400000 : { *(.far) }\n	_end = .;|' "$KPROG/prog.lds" >far.lds
	# gcc drives ld.lld through -B: a directory whose "ld" is ld.lld
	mkdir -p lldbin
	ln -sf "$(command -v ld.lld || echo /nonexistent)" lldbin/ld
	for ld in bfd lld; do
		need "ld.$ld" || continue
		ldflag="-fuse-ld=bfd"
		[ "$ld" = lld ] && ldflag="-B$work/lldbin"
		SRCS="far/*.c" LDS="$work/far.lds" build "aarch64-far-$ld" aarch64-linux-gnu-gcc \
			qemu-aarch64 "$ldflag" "" --all-symbols
		links "aarch64-far-$ld" 1
		n=$(nm "aarch64-far-$ld/prog" | grep -c -e '_veneer$' -e 'Thunk_')
		if [ "$n" -gt 0 ]; then
			ok "aarch64-far-$ld: the linker added $n veneer symbol(s)"
		else
			not_ok "aarch64-far-$ld: the linker added veneers"
		fi
	done
else
	skip "aarch64 build" "aarch64-linux-gnu-gcc or qemu-aarch64 missing"
fi
if need arm-linux-gnueabihf-gcc qemu-arm; then
	build arm arm-linux-gnueabihf-gcc qemu-arm "" "-marm" --all-symbols
else
	skip "arm build" "arm-linux-gnueabihf-gcc or qemu-arm missing"
fi

done_testing
