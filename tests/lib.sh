# shellcheck shell=sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lib.sh - shared by every tests/t-*.sh script (sourced, POSIX sh).
#
# Each script gets a private, fresh work directory ($work, the current
# directory), prints TAP ("ok N - what", "not ok N - what",
# "ok N - what # SKIP why") and ends with done_testing.
#
# Helpers:
#   ok DESC / not_ok DESC / skip DESC WHY     record one result
#   diag TEXT...                               TAP comment lines
#   expect_ok DESC CMD...                      CMD must exit 0
#   check DESC CMD...                          ok if CMD succeeds (its
#                                              output not redirected)
#   expect_fail DESC STATUS PATTERN CMD...     CMD must exit STATUS (any
#                                              non-zero if "!"), print one
#                                              stderr line matching PATTERN
#   logged LOG CMD...                          CMD's output into LOG; its
#                                              tail on stderr if CMD fails
#   selftest DESC PROG [RUNNER...]             the test program's kallsyms
#                                              selftest passes when it runs
#   same_file DESC A B                         A and B byte-identical
#   check DESC CMD...                          ok if CMD succeeds (a test
#                                              command, a shell function)
#   craft ARGS...                              tests/elfcraft.py: the odd
#                                              ELF files the tests need
#   help_matches_man PROG NAME                 PROG --help against the
#                                              man page docs/NAME.1
#   need CMD...                                true if every CMD exists
#   fsize BYTES CMD...                         CMD under a file size limit
#
# The kernel's own tools as oracles (from the kernel source tarball):
#   mksysmap                                   path of scripts/mksysmap
#   oracle                                     path of the kernel's own
#                                              scripts/kallsyms (built once)
#   oracle_compare NAME LISTING [OPTIONS...]   $ORACLE and kallsyms agree
#   long_name N CHARS                          a name of N characters
#   edge_listing FORMAT [percpu]               hand-made edge cases (nm -n)
#   generated_listing SEED COUNT               kernel-like names (nm -n)
#   half_text LISTING                          _etext moved half way
#   oracle_edge_cases FORMAT                   oracle_compare on them
#   oracle_generated SEED COUNT                oracle_compare on those
#   compare_real_maps [VERSION]                oracle_compare on the
#                                              System.map of kernel builds
#
# The kernel-like test program (tests/kprog) and a fake kbuild tree for
# scripts/link-vmlinux.sh:
#   compile DIR CFLAGS SRC...                  SRC to DIR/*.o; print them
#   kprog_objects DIR SRCDIR [CFLAGS...]       compile it; print the objects
#   kbuild_tree VERSION PATCHLEVEL MKSYSMAP    src/, fakemake and ./kbuild
#   kbuild_objtree DIR [LDS]                   an object tree's fixed files
#   kbuild_config DIR CONFIG...                DIR/include/config/auto.conf
#   kbuild_link DIR [VAR=VALUE...]             link-vmlinux.sh in DIR
#   no_table_defsyms                           --defsym=kallsyms_ARRAY=0 for
#                                              a link without a table

set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd)
KALLSYMS="$top/kallsyms/kallsyms"
# shellcheck disable=SC2034 # used by the scripts that source this file
ELF_OFFSET="$top/elf_offset/elf_offset"
# shellcheck disable=SC2034
PATCHFILE="$top/patchfile/patchfile"
KSRC_TAR=${KSRC_TAR:-/usr/src/linux-source-6.12.tar.xz}
BUILD="$top/build"
KPROG="$top/tests/kprog"
# the kernel-like test program's code generation (no PIC, no unwind tables)
KPROG_CFLAGS="-O1 -ffreestanding -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables"

# Built with SANITIZE=1: suppress the leaks inside libbfd's LTO plugins
# (tests/lsan.supp); full unwinding reaches past the unloaded plugin.
if grep -q __asan_init "$KALLSYMS" 2>/dev/null; then
	LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export LSAN_OPTIONS
fi

test_name=$(basename "$0" .sh)
work="$top/tests/out/$test_name"
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

n_tests=0
n_failed=0

ok() {
	n_tests=$((n_tests + 1))
	echo "ok $n_tests - $*"
}

not_ok() {
	n_tests=$((n_tests + 1))
	n_failed=$((n_failed + 1))
	echo "not ok $n_tests - $*"
}

skip() {
	n_tests=$((n_tests + 1))
	echo "ok $n_tests - $1 # SKIP $2"
}

# diag TEXT: a comment line in the TAP stream
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

expect_ok() {
	_desc=$1
	shift
	if "$@" >"$work/.out" 2>"$work/.err"; then
		ok "$_desc"
	else
		_st=$?
		not_ok "$_desc"
		diag "command: $*" "exit: $_st"
		diag "$(head -n 20 "$work/.err")"
	fi
}

# expect_fail DESC STATUS PATTERN CMD...
expect_fail() {
	_desc=$1 _want=$2 _pat=$3
	shift 3
	"$@" >"$work/.out" 2>"$work/.err"
	_st=$?
	if [ "$_st" -eq 0 ]; then
		not_ok "$_desc"
		diag "command: $*" "succeeded, expected failure"
	elif [ "$_want" != "!" ] && [ "$_st" -ne "$_want" ]; then
		not_ok "$_desc"
		diag "command: $*" "exit $_st, expected $_want" "$(head -n 5 "$work/.err")"
	elif [ "$_st" -ge 128 ]; then
		not_ok "$_desc"
		diag "command: $*" "killed by signal $((_st - 128))"
	elif ! grep -q -e "$_pat" "$work/.err"; then
		not_ok "$_desc"
		diag "command: $*" "stderr does not match: $_pat" "$(head -n 5 "$work/.err")"
	else
		ok "$_desc"
	fi
}

# logged LOG CMD...: CMD with its stdout and stderr in LOG; when CMD fails,
# the last lines of LOG on stderr too (where expect_ok's diagnosis looks)
logged() {
	_log=$1
	shift
	"$@" >"$_log" 2>&1 && return 0
	_st=$?
	tail -n 10 "$_log" >&2
	return "$_st"
}

# selftest DESC PROG [RUNNER...]: one test: PROG (a build of tests/kprog,
# a path with a slash) runs, under RUNNER if given (an emulator), and its
# run-time kallsyms selftest reaches its end; its summary is added to DESC
selftest() {
	_desc=$1 _prog=$2
	shift 2
	if "$@" "$_prog" >"$work/.run" 2>&1 && grep -q 'known addresses: finish' "$work/.run"; then
		ok "$_desc: $(sed -n 's/kallsyms selftest: //p' "$work/.run")"
	else
		not_ok "$_desc"
		diag "$(head -n 5 "$work/.run")"
	fi
}

same_file() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diag "$(cmp "$2" "$3" 2>&1 | head -n 3)"
	fi
}

# check DESC CMD...: ok if CMD succeeds, not ok otherwise
check() {
	_desc=$1
	shift
	if "$@"; then
		ok "$_desc"
	else
		not_ok "$_desc"
	fi
}

# craft ARGS...: tests/elfcraft.py (python3): one field of an ELF file
# rewritten in place, or a file made from scratch (its usage comment)
craft() {
	python3 "$top/tests/elfcraft.py" "$@"
}

# help_matches_man PROG NAME: two tests: PROG --help exits 0, prints
# "Usage: NAME ..." on stdout and nothing on stderr; the long options it
# names are those of the entries of docs/NAME.1 (the lines after .TP)
help_matches_man() {
	if "$1" --help >"$work/.out" 2>"$work/.err" &&
		grep -q "^Usage: $2 " "$work/.out" && [ ! -s "$work/.err" ]; then
		ok "$2 --help: usage on stdout, exit 0"
	else
		not_ok "$2 --help: usage on stdout, exit 0"
		diag "$(head -n 3 "$work/.out" "$work/.err")"
	fi
	grep -o -e '--[a-z][a-z-]*' "$work/.out" | sort -u >"$work/$2.help-opts"
	awk '/^\.TP/ { getline; print }' "$top/docs/$2.1" | sed 's/\\-/-/g' |
		grep -o -e '--[a-z][a-z-]*' | sort -u >"$work/$2.man-opts"
	if [ -s "$work/$2.help-opts" ] && cmp -s "$work/$2.help-opts" "$work/$2.man-opts"; then
		ok "$2 --help and $2.1 list the same options ($(wc -l <"$work/$2.man-opts"))"
	else
		not_ok "$2 --help and $2.1 list the same options"
		diag "only in --help: $(comm -23 "$work/$2.help-opts" "$work/$2.man-opts" | tr '\n' ' ')" \
			"only in $2.1: $(comm -13 "$work/$2.help-opts" "$work/$2.man-opts" | tr '\n' ' ')"
	fi
}

need() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || return 1
	done
	return 0
}

# Extract files from the kernel source tarball into $BUILD/linux-6.12 once.
ksrc() {
	_dir="$BUILD/linux-6.12"
	_missing=""
	for _f in "$@"; do
		[ -f "$_dir/$_f" ] || _missing="$_missing linux-source-6.12/$_f"
	done
	if [ -n "$_missing" ]; then
		[ -f "$KSRC_TAR" ] || return 1
		mkdir -p "$BUILD/tar.$$"
		# shellcheck disable=SC2086
		tar -xJf "$KSRC_TAR" -C "$BUILD/tar.$$" $_missing || return 1
		mkdir -p "$_dir"
		cp -R "$BUILD/tar.$$/linux-source-6.12/." "$_dir/"
		rm -rf "$BUILD/tar.$$"
	fi
	echo "$_dir"
}

# oracle: build the kernel's own scripts/kallsyms once; print its path.
oracle() {
	_src=$(ksrc scripts/kallsyms.c scripts/include/xalloc.h scripts/mksysmap) || return 1
	if [ ! -x "$BUILD/oracle-kallsyms" ]; then
		cc -O2 -I"$_src/scripts/include" -o "$BUILD/oracle-kallsyms.tmp" \
			"$_src/scripts/kallsyms.c" || return 1
		mv "$BUILD/oracle-kallsyms.tmp" "$BUILD/oracle-kallsyms"
	fi
	echo "$BUILD/oracle-kallsyms"
}

# mksysmap: path of the kernel's scripts/mksysmap (a sed script)
mksysmap() {
	_src=$(ksrc scripts/mksysmap) || return 1
	echo "$_src/scripts/mksysmap"
}

# oracle_assemble FILE: FILE.S to FILE.o (inc/ has asm/bitsperlong.h), then
# its .rodata to FILE.rodata and its relocations to FILE.relocs
oracle_assemble() {
	cc -c -x assembler-with-cpp -Iinc -o "$1.o" "$1.S" &&
		objcopy -O binary -j .rodata "$1.o" "$1.rodata" &&
		readelf -rW "$1.o" | sed -n '/^ *[0-9a-f]\{8,\} /s/^ *[0-9a-f]* *//p' >"$1.relocs"
}

# oracle_compare NAME LISTING [OPTIONS...]: the kernel's tool ($ORACLE
# $ORACLE_OPTS) and ours ($KALLSYMS $ONELINK_OPTS) on LISTING; one test:
# both succeed and their .rodata and relocations are identical.
oracle_compare() {
	_name=$1 _list=$2
	shift 2
	mkdir -p inc/asm
	echo '#define BITS_PER_LONG 64' >inc/asm/bitsperlong.h
	# shellcheck disable=SC2086 # the option lists split into words
	"$ORACLE" ${ORACLE_OPTS:-} "$@" "$_list" >"$_name.kernel.S" 2>"$_name.kernel.err"
	_kst=$?
	# shellcheck disable=SC2086
	"$KALLSYMS" ${ONELINK_OPTS:-} "$@" "$_list" >"$_name.onelink.S" 2>"$_name.onelink.err"
	_ost=$?
	if [ "$_kst" -ne 0 ] || [ "$_ost" -ne 0 ]; then
		not_ok "$_name: both succeed (kernel $_kst, onelink $_ost)"
		diag "$(cut -c1-200 "$_name.kernel.err" "$_name.onelink.err")"
		return
	fi
	if ! oracle_assemble "$_name.kernel" || ! oracle_assemble "$_name.onelink"; then
		not_ok "$_name: both assemble"
		return
	fi
	if cmp -s "$_name.kernel.rodata" "$_name.onelink.rodata" &&
		cmp -s "$_name.kernel.relocs" "$_name.onelink.relocs" &&
		[ -s "$_name.kernel.relocs" ]; then
		ok "$_name: .rodata and relocations equal ($(wc -c <"$_name.kernel.rodata") bytes)"
	else
		not_ok "$_name: .rodata and relocations equal"
		diag "$(cmp "$_name.kernel.rodata" "$_name.onelink.rodata" 2>&1)"
		diag "$(diff "$_name.kernel.relocs" "$_name.onelink.relocs" | head -n 5)"
	fi
}

# compile DIR CFLAGS SRC...: each C or assembler SRC compiled with cc
# CFLAGS (split into words) into DIR/NAME.o (NAME.o when DIR is .);
# prints the objects' names; 1 at the first that does not compile
compile() {
	_dir=$1 _cflags=$2
	shift 2
	mkdir -p "$_dir"
	for _src in "$@"; do
		_o=$(basename "$_src" | sed 's/\.[cS]$/.o/')
		[ "$_dir" = . ] || _o=$_dir/$_o
		# shellcheck disable=SC2086
		cc $_cflags -c -o "$_o" "$_src" >&2 || return 1
		echo "$_o"
	done
}

# kprog_objects DIR SRCDIR [CFLAGS...]: the test program compiled into
# DIR: the C files of SRCDIR (written by tests/kprog/gen.sh), selftest.c
# and start.S, with KPROG_CFLAGS and CFLAGS; prints the objects' names
kprog_objects() {
	_kdir=$1 _ksrc=$2
	shift 2
	compile "$_kdir" "$KPROG_CFLAGS $*" "$_ksrc"/*.c "$KPROG/selftest.c" "$KPROG/start.S"
}

# kbuild_tree VERSION PATCHLEVEL MKSYSMAP: in $work what kbuild gives
# scripts/link-vmlinux.sh besides the object tree: src/ (a Makefile of
# that version, scripts/mksysmap copied from MKSYSMAP), fakemake (the
# "make init/version-timestamp.o" the script runs: it compiles the
# banner stamp) and kbuild, a script that runs a command in an object
# tree with the variables kbuild exports to link-vmlinux.sh:
#   ./kbuild DIR [VAR=VALUE...] CMD [ARG...]
# (a script, not a function, so that setsid or unshare can run it too)
kbuild_tree() {
	mkdir -p src/scripts
	printf 'VERSION = %s\nPATCHLEVEL = %s\n' "$1" "$2" >src/Makefile
	cp "$3" src/scripts/mksysmap
	cat >fakemake <<'SH'
#!/bin/sh
echo 'const char linux_banner_stamp[] = "onelink";' >init/version-timestamp.c
cc -c -o init/version-timestamp.o init/version-timestamp.c
SH
	cat >kbuild <<SH
#!/bin/sh
# kbuild DIR [VAR=VALUE...] CMD [ARG...]: CMD in the object tree DIR with
# the variables kbuild exports to scripts/link-vmlinux.sh (VAR=VALUE adds
# to them or replaces one)
cd "\$1" || exit
shift
exec env srctree="$work/src" objtree=. KBUILD_LDS=arch/vmlinux.lds \\
	KBUILD_VMLINUX_LIBS= SRCARCH=x86 MAKE="$work/fakemake" KBUILD_VERBOSE= \\
	NM=nm OBJCOPY=objcopy READELF=readelf CC=cc CONFIG_SHELL=sh \\
	NOSTDINC_FLAGS= LINUXINCLUDE=-Iinc KBUILD_CPPFLAGS= \\
	KBUILD_AFLAGS=-Wa,--noexecstack KBUILD_AFLAGS_KERNEL= "\$@"
SH
	chmod +x fakemake kbuild
}

# kbuild_objtree DIR [LDS]: the object tree DIR's directories and fixed
# files: include/config/, init/, inc/asm/bitsperlong.h (64-bit) and
# arch/vmlinux.lds (LDS, by default tests/kprog/prog.lds); vmlinux.a and
# auto.conf are the test's
kbuild_objtree() {
	mkdir -p "$1/include/config" "$1/init" "$1/inc/asm" "$1/arch"
	echo '#define BITS_PER_LONG 64' >"$1/inc/asm/bitsperlong.h"
	cp "${2:-$KPROG/prog.lds}" "$1/arch/vmlinux.lds"
}

# kbuild_config DIR CONFIG...: DIR's include/config/auto.conf, a line each
kbuild_config() {
	_dir=$1
	shift
	printf '%s\n' "$@" >"$_dir/include/config/auto.conf"
}

# kbuild_link DIR [VAR=VALUE...]: scripts/link-vmlinux.sh in the object
# tree DIR as kbuild runs it, with GNU ld, -static and no build ID
kbuild_link() {
	_dir=$1
	shift
	"$work/kbuild" "$_dir" "$@" sh "$top/scripts/link-vmlinux.sh" ld -static --build-id=none
}

# no_table_defsyms: linker options that define every kallsyms_* array as
# 0, for a link of the test program without a table
no_table_defsyms() {
	for _a in offsets relative_base num_syms names markers seqs_of_names token_table token_index; do
		printf ' --defsym=kallsyms_%s=0' "$_a"
	done
}

# long_name N CHARS: a name of N characters, CHARS repeated (and cut)
long_name() {
	awk -v n="$1" -v c="$2" 'BEGIN { s = ""; while (length(s) < n) s = s c; print substr(s, 1, n) }'
}

# edge_listing FORMAT [percpu]: hand-made edge cases for the oracle
# tests, in nm -n order as System.map has them: aliases at _text, _etext
# and _einittext, underscores, __start_/__stop_ and _start/_end names,
# duplicate statics, long names, every symbol type kallsyms meets.  A
# line tagged "*" is in every FORMAT's listing, one tagged 6.12 or 6.1
# only in that one's:
# - 6.1: the names 6.1's tool drops by itself (later versions leave them
#   to scripts/mksysmap): the table's own labels, stubs, thunks, U and N;
#   a 400-character name instead of 511, because 6.1's tool expands
#   names for its name sort into a 512-byte buffer, which "T" + 511
#   characters + NUL overruns (its kallsyms_seqs_of_names then repeats
#   and loses entries);
# - 6.12: more aliases, a long name of a repeated word, absolute symbols
#   in relative mode (A __gp, A __kernel_sigtramp), B and n.
# With "percpu", a per-cpu range at address 0, below the kernel, as on
# x86_64 SMP (for --absolute-percpu), merged in by address.
edge_listing() {
	_fmt=$1
	awk -v f="$_fmt" '$1 == "*" || $1 == f { sub(/^[^ ]+ /, ""); print }' <<EOF >"$work/.edge"
* ffffffff81000000 T _text
* ffffffff81000000 T startup_64
* ffffffff81000000 T _stext
* ffffffff81000000 W weak_at_stext
* ffffffff81000000 T __start_init_task
* ffffffff81000010 t local_fn
* ffffffff81000010 W weak_fn
* ffffffff81000010 T strong_fn
* ffffffff81000010 T ___three_underscores
6.12 ffffffff81000010 T __two_underscores
6.12 ffffffff81000010 T _one_underscore
* ffffffff81000010 T __foo_start
6.12 ffffffff81000010 T __foo_end
* ffffffff81000010 T __end_foo
* ffffffff81000020 t dup_static
* ffffffff81000030 t dup_static
6.1 ffffffff81000038 t __efistub_thing
6.1 ffffffff81000038 t __AArch64ADRPThunk_foo
6.1 ffffffff81000038 t __kcfi_typeid_foo
6.1 ffffffff81000038 t foo_veneer
6.1 ffffffff81000038 t bar_from_thumb
6.1 ffffffff81000038 t baz.long_branch.x
6.1 ffffffff81000038 t __SomeOtherThunk_kept
* ffffffff81000040 T $(long_name 127 a)
* ffffffff81000050 T $(long_name 128 b)
6.12 ffffffff81000060 T $(long_name 511 c)
6.1 ffffffff81000060 T $(long_name 400 c)
* ffffffff81000070 T $(long_name 600 d)
6.12 ffffffff81000080 T $(long_name 300 abc_)
* ffffffff81001000 T _etext
* ffffffff81001000 T etext_alias
6.12 ffffffff81001000 t etext_local_alias
* ffffffff81002000 R __start___ex_table
* ffffffff81002010 R __stop___ex_table
6.12 ffffffff81002020 R rodata_thing
6.1 ffffffff81002020 R kallsyms_names
6.1 ffffffff81002030 R kallsyms_seqs_of_names
6.1 ffffffff81002040 R _SDA_BASE_
6.1 ffffffff81002050 R rodata_thing
* ffffffff81003000 T _sinittext
* ffffffff81003010 t init_fn
* ffffffff81003020 T _einittext
6.12 ffffffff81003020 T einittext_alias
* ffffffff81004000 D data_thing
6.12 ffffffff81005000 B bss_thing
6.1 ffffffff81004000 U undefined_thing
6.1 ffffffff81004000 N debug_thing
* 0000000000000000 A abs_zero
6.12 ffffffff81001234 A __gp
6.1 ffffffff81001234 a __gp
6.12 ffffffff81004000 A __kernel_sigtramp
* ffffffff81006000 u unique_thing
6.12 ffffffff81006000 n note_thing
* ffffffff81006000 V weak_object
EOF
	if [ "${2-}" != percpu ]; then
		cat "$work/.edge"
		return
	fi
	{
		echo "0000000000000000 D __per_cpu_start"
		echo "0000000000000000 D fixed_percpu_data"
		echo "0000000000001000 D cpu_number"
		[ "$_fmt" = 6.1 ] || echo "0000000000002000 d local_percpu"
		echo "0000000000003000 D __per_cpu_end"
		cat "$work/.edge"
	} | sort -s -k1,1
}

# generated_listing SEED COUNT: _text, COUNT kernel-like names (prefix,
# two words, some a number) of random types 16 bytes apart (plus up to 7),
# _etext, and an init text range; random but the same for the same SEED
generated_listing() {
	awk -v seed="$1" -v n="$2" 'BEGIN {
		srand(seed)
		split("T t D d R r B b W", types, " ")
		split("do_ __ ksys_ sys_ x86_ pci_ acpi_ ext4_ tcp_ mm_ irq_ _raw_", pre, " ")
		split("init exit read write open close lock unlock alloc free get put show store probe remove", mid, " ")
		base = 2164260864 + 16777216
		printf "ffffffff%08x T _text\nffffffff%08x T _stext\n", base, base
		for (i = 0; i < n; i++) {
			a = base + i * 16 + int(rand() * 8)
			name = pre[1 + int(rand() * 12)] mid[1 + int(rand() * 15)] "_" mid[1 + int(rand() * 15)]
			if (rand() < 0.3) name = name "_" i
			printf "ffffffff%08x %s %s\n", a, types[1 + int(rand() * 9)], name
		}
		printf "ffffffff%08x T _etext\n", base + n * 16 + 64
		printf "ffffffff%08x T _sinittext\n", base + n * 16 + 4096
		printf "ffffffff%08x T _einittext\n", base + n * 16 + 8192
	}'
}

# half_text LISTING: LISTING with _etext moved to its middle line, so that
# without --all-symbols half the symbols are outside the text range
half_text() {
	awk -v half="$(($(wc -l <"$1") / 2))" '$3 == "_etext" { next }
		NR == half { print substr($0, 1, 16) " T _etext" } { print }' "$1"
}

# oracle_edge_cases FORMAT: four oracle tests on FORMAT's edge_listing
# (edge.map): as it is, with --all-symbols, and with the per-cpu range at
# 0 (percpu.map) as absolute, with and without --all-symbols
oracle_edge_cases() {
	edge_listing "$1" >edge.map
	oracle_compare edge edge.map
	oracle_compare edge-all edge.map --all-symbols
	edge_listing "$1" percpu >percpu.map
	oracle_compare percpu-absolute percpu.map --all-symbols --absolute-percpu
	oracle_compare percpu-absolute-text percpu.map --absolute-percpu
}

# oracle_generated SEED COUNT: two oracle tests on generated_listing SEED
# COUNT (big.map): with --all-symbols (big-all), and without it with the
# text range ending half way (big-text)
oracle_generated() {
	generated_listing "$1" "$2" >big.map
	oracle_compare big-all big.map --all-symbols
	half_text big.map >big-half.map
	oracle_compare big-text big-half.map
}

# compare_real_maps [VERSION]: oracle_compare on the System.map of each
# kernel built under $BUILD/kernel (of Linux VERSION only, if given; say
# 6.1), with the kallsyms options of its .config
compare_real_maps() {
	_ver=${1-}
	for _map in "$BUILD"/kernel/*/System.map; do
		[ -f "$_map" ] || continue
		_conf=$(dirname "$_map")/.config
		if [ -n "$_ver" ] && ! grep -q "^# Linux/.* $_ver\." "$_conf" 2>/dev/null; then
			continue
		fi
		set --
		grep -q '^CONFIG_KALLSYMS_ALL=y' "$_conf" 2>/dev/null && set -- "$@" --all-symbols
		grep -q '^CONFIG_KALLSYMS_ABSOLUTE_PERCPU=y' "$_conf" 2>/dev/null &&
			set -- "$@" --absolute-percpu
		oracle_compare "sysmap-$(basename "$(dirname "$_map")")" "$_map" "$@"
	done
}

# fsize BYTES CMD...: CMD under a file size limit of BYTES (a write past
# it fails with EFBIG; SIGXFSZ ignored)
fsize() {
	python3 -c 'import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
n = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
os.execvp(sys.argv[2], sys.argv[2:])' "$@"
}

done_testing() {
	echo "1..$n_tests"
	[ "$n_failed" -eq 0 ]
}
