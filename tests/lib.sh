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
#   expect_ok DESC CMD...                      CMD must exit 0
#   check DESC CMD...                          ok if CMD succeeds (its
#                                              output not redirected)
#   expect_fail DESC STATUS PATTERN CMD...     CMD must exit STATUS (any
#                                              non-zero if "!"), print one
#                                              stderr line matching PATTERN
#   same_file DESC A B                         A and B byte-identical
#   need CMD...                                true if every CMD exists
#   fsize BYTES CMD...                         CMD under a file size limit
#   oracle                                     path of the kernel's own
#                                              scripts/kallsyms (built once)

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
		not_ok "$_desc"
		diag "command: $*" "exit: $?"
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

check() {
	_desc=$1
	shift
	if "$@"; then
		ok "$_desc"
	else
		not_ok "$_desc"
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
