#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# --format=6.1: Linux 6.1's own scripts/kallsyms (built from Debian's
# linux-source-6.1 at test time) and onelink's kallsyms get the same
# listings; both outputs are assembled with the same flags and their
# .rodata and relocations must be identical.  The 6.1 tool is always
# run with --base-relative, as every 6.1 architecture but ia64 does.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

TAR61=${KSRC_TAR_61:-/usr/src/linux-source-6.1.tar.xz}

# oracle61: build 6.1's scripts/kallsyms once; print its path.
oracle61() {
	if [ ! -x "$BUILD/oracle-kallsyms-6.1" ]; then
		[ -f "$TAR61" ] || return 1
		tar -xJf "$TAR61" -O linux-source-6.1/scripts/kallsyms.c >kallsyms61.c &&
			tar -xJf "$TAR61" -O linux-source-6.1/scripts/mksysmap >"$BUILD/mksysmap-6.1" &&
			cc -O2 -o "$BUILD/oracle-kallsyms-6.1.tmp" kallsyms61.c || return 1
		mv "$BUILD/oracle-kallsyms-6.1.tmp" "$BUILD/oracle-kallsyms-6.1"
	fi
	echo "$BUILD/oracle-kallsyms-6.1"
}

mkdir -p "$BUILD"
ORACLE=$(oracle61) || { skip "oracle 6.1" "cannot build 6.1's scripts/kallsyms"; done_testing; exit; }

# shellcheck disable=SC2034 # read by oracle_compare in lib.sh
ORACLE_OPTS=--base-relative ONELINK_OPTS=--format=6.1

# Edge cases, and the names 6.1's tool drops by itself, also with a
# per-cpu range at zero (lib.sh).
oracle_edge_cases 6.1

# --lto-clang: names sort as if cut at ".llvm."; ties by address.
{
	echo "ffffffff81000000 T _text"
	echo "ffffffff81000000 T _stext"
	echo "ffffffff81000010 t foo.llvm.123"
	echo "ffffffff81000020 t foo"
	echo "ffffffff81000030 t foo_bar"
	echo "ffffffff81000040 t foo.llvm.9"
	echo "ffffffff81000050 t foo.isra.0"
	echo "ffffffff81000060 T _etext"
} >lto.map
oracle_compare lto lto.map --lto-clang
oracle_compare lto-plain lto.map
if cmp -s lto.onelink.rodata lto-plain.onelink.rodata; then
	not_ok "--lto-clang changes the name order"
else
	ok "--lto-clang changes the name order"
fi

# Generated kernel-like names, all symbols and half text.
oracle_generated 61 30000

# An empty table: 6.1's tool refuses it, and so does --format=6.1.
: >empty.map
"$ORACLE" --base-relative empty.map >/dev/null 2>&1
kst=$?
expect_fail "an empty table is refused as by 6.1's tool ($kst)" 1 \
	"no valid symbol" "$KALLSYMS" --format=6.1 --all-symbols empty.map

# 6.1's mksysmap keeps what 6.12's drops (thunks, __pi_ locals): the
# System.map of a linked file follows the format's mksysmap.
cat >m.c <<'SRC'
int __attribute__((used)) __pi_$x = 1;
int __attribute__((used)) __ABCThunk_foo = 2;
int __attribute__((used)) plain = 3;
int main(void) { return 0; }
SRC
if cc -o m.elf m.c 2>/dev/null; then
	# 6.1's mksysmap takes the ELF and the output file
	NM="nm" sh "$BUILD/mksysmap-6.1" m.elf want.map
	"$KALLSYMS" --format=6.1 --system-map m.elf >got.map
	same_file "--format=6.1 --system-map == nm -n | 6.1's mksysmap" want.map got.map
	if grep -q '__ABCThunk_foo' got.map && ! "$KALLSYMS" --system-map m.elf | grep -q '__ABCThunk_foo'; then
		ok "6.1's System.map keeps a thunk name that 6.12's drops"
	else
		not_ok "6.1's System.map keeps a thunk name that 6.12's drops"
	fi
else
	skip "6.1 System.map" "cc cannot link"
fi

# One link of the kernel-like test program in the 6.1 format: the arrays
# in 6.1's order (nm), none of the table's own labels in the table, the
# run-time selftest (6.1 decodes offsets as 6.12 does) passes.
"$KPROG/gen.sh" src 2 200
mkdir -p inc/asm
echo '#define BITS_PER_LONG 64' >inc/asm/bitsperlong.h
objs=$(kprog_objects . src -ffunction-sections) || not_ok "compile the test program"
# shellcheck disable=SC2086
if "$top/scripts/onelink-link" --lds="$KPROG/prog.lds" --format=6.1 --all-symbols \
	--as="cc -c -Wa,--noexecstack -Iinc" -o prog -- cc -nostdlib -static -no-pie \
	-Wl,--build-id=none -Wl,-T,"$KPROG/prog.lds" $objs >link.log 2>&1; then
	ok "kprog: linked once in the 6.1 format ($(grep -c '^  LD ' link.log) link)"
	expect_ok "kprog: kallsyms --verify --format=6.1" "$KALLSYMS" --verify --format=6.1 --all-symbols prog
	nm -n prog | awk '$3 ~ /^kallsyms_/ { printf "%s ", $3 }' >order
	if [ "$(cat order)" = "kallsyms_offsets kallsyms_relative_base kallsyms_num_syms kallsyms_names kallsyms_markers kallsyms_seqs_of_names kallsyms_token_table kallsyms_token_index " ]; then
		ok "kprog: the arrays in 6.1's order"
	else
		not_ok "kprog: the arrays in 6.1's order: $(cat order)"
	fi
	if "$KALLSYMS" --decode --format=6.1 prog | grep -q ' kallsyms_'; then
		not_ok "kprog: no kallsyms_* label in the 6.1 table"
	else
		ok "kprog: no kallsyms_* label in the 6.1 table"
	fi
	selftest "kprog: run-time selftest" ./prog
	# the layout says 6.1; --final with the default format refuses it
	cp prog prog.mixed
	expect_fail "kprog: --final without --format=6.1 refuses the 6.1 layout" 1 \
		"layout is for Linux 6.1's table format, --format is 6.12" \
		"$KALLSYMS" --final --all-symbols --layout=prog.layout prog.mixed
	same_file "... the file untouched" prog prog.mixed
else
	not_ok "kprog: onelink-link --format=6.1"
	diag "$(tail -n 10 link.log)"
fi

# scripts/link-vmlinux.sh in a fake Linux 6.1 tree (what kbuild would
# give it: auto.conf, a thin vmlinux.a of the test program, its linker
# script): the 6.1 format from the tree's Makefile, one link, a vmlinux
# that passes --verify --format=6.1 and runs; without CONFIG_KALLSYMS,
# System.map from 6.1's own mksysmap, a shell script.
kbuild_tree 6 1 "$BUILD/mksysmap-6.1"
kbuild_objtree obj
# shellcheck disable=SC2086
cp $objs obj/
(cd obj && ar rcsT vmlinux.a ./*.o)
# run61 CONFIG...: the script in obj/ with kbuild's variables (output in
# run61.log, and its tail on stderr too when it fails)
run61() {
	kbuild_config obj "$@"
	logged run61.log kbuild_link obj
}
if run61 CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y CONFIG_KALLSYMS_BASE_RELATIVE=y; then
	ok "link-vmlinux.sh, Linux 6.1 tree: linked ($(grep -c '^  LD ' run61.log) link)"
	expect_ok "... vmlinux passes kallsyms --verify --format=6.1" \
		"$KALLSYMS" --verify --format=6.1 --all-symbols obj/vmlinux
	NM="nm" sh "$BUILD/mksysmap-6.1" obj/vmlinux want61.map
	same_file "... System.map equals 6.1's mksysmap" want61.map obj/System.map
	selftest "... and runs its selftest" obj/vmlinux
else
	not_ok "link-vmlinux.sh, Linux 6.1 tree: linked"
	diag "$(tail -n 10 run61.log)"
fi
rm -f obj/vmlinux obj/System.map
expect_fail "link-vmlinux.sh, Linux 6.1 without CONFIG_KALLSYMS_BASE_RELATIVE: refused" 1 \
	"Linux 6.1 without CONFIG_KALLSYMS_BASE_RELATIVE is not supported" \
	run61 CONFIG_KALLSYMS=y
# no table: the objects' references to the arrays are resolved by --defsym
kbuild_config obj CONFIG_FOO=y
if ./kbuild obj sh "$top/scripts/link-vmlinux.sh" ld "-static $(no_table_defsyms)" "" >nok.log 2>&1; then
	NM="nm" sh "$BUILD/mksysmap-6.1" obj/vmlinux want-nok.map
	same_file "link-vmlinux.sh, 6.1 without CONFIG_KALLSYMS: System.map by 6.1's mksysmap" \
		want-nok.map obj/System.map
else
	not_ok "link-vmlinux.sh, 6.1 without CONFIG_KALLSYMS: links"
	diag "$(tail -n 5 nok.log)"
fi

# A real 6.1 kernel's System.map, when a build is at hand.
compare_real_maps 6.1

done_testing
