#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-patchfile.sh - patchfile writes exactly the intended bytes (checked with
# cmp -l against offsets from nm + readelf -SW), on x86_64, ELF32 BE, ELF64
# BE and a sparse file above 4 GiB; every refusal leaves the file identical.

# shellcheck disable=SC1091,SC2034,SC2154 # lib.sh sets top, fixtures.sh uses NM
# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"
. "$top/tests/fixtures.sh"

P=$PATCHFILE

# blob N [SEED]: N bytes, none zero, none equal to the fixture's data
blob() {
	awk -v n="$1" -v s="${2:-0}" 'BEGIN { for (i = 0; i < n; i++) printf "%c", 65 + (i + s) % 26 }'
}

# field FILE SYMBOL N: field N of the derived line (2 offset, 3 section, 4 capacity)
field() {
	derive "$1" "$2" | cut -d' ' -f"$3"
}

# changed_exactly DESC ORIG NEW OFF BLOB LEN: cmp -l lists exactly bytes
# OFF..OFF+LEN-1, and NEW holds BLOB's first LEN bytes there
changed_exactly() {
	_want=$(awk -v o="$(($4))" -v n="$6" 'BEGIN { for (i = 1; i <= n; i++) print o + i }')
	_got=$(cmp -l "$2" "$3" | awk '{ print $1 }')
	dd if="$3" bs=1 skip="$(($4))" count="$6" 2>/dev/null >changed.bytes
	head -c "$6" "$5" >changed.want
	if [ "$_got" = "$_want" ] && cmp -s changed.bytes changed.want; then
		ok "$1"
	else
		not_ok "$1"
		diag "cmp -l:" "$(cmp -l "$2" "$3" | head -n 5)" "wanted bytes $(($4 + 1))..$(($4 + $6))"
	fi
}

# refuse DESC PATTERN FILE CMD...: CMD exits 1 with PATTERN on stderr and
# FILE stays byte-identical
refuse() {
	_d=$1 _p=$2 _f=$3
	shift 3
	cp "$_f" refuse.before
	expect_fail "$_d" 1 "$_p" "$@"
	same_file "$_d: file unchanged" refuse.before "$_f"
}

if ! build_fixture bfd gcc -fuse-ld=bfd; then
	not_ok "build fixture"
	diag "$(cat bfd.log)"
	done_testing
	exit
fi
cp bfd orig

blob 16 >b16
blob 32 3 >b32
blob 4096 >b4k
data_off=$(field bfd data_arr 2)
data_cap=$(field bfd data_arr 4)
ro_off=$(field bfd ro_arr 2)

# --- writing --------------------------------------------------------------------
cp orig t1
expect_ok "--symbol data_arr" "$P" --symbol data_arr t1 b16
changed_exactly "--symbol: cmp -l shows exactly 16 bytes at data_arr" orig t1 "$data_off" b16 16

cp orig t2
expect_ok "OFFSET form with LEN 5" "$P" t2 "$ro_off" b32 5
changed_exactly "OFFSET form: exactly 5 bytes at ro_arr" orig t2 "$ro_off" b32 5

cp orig t3
expect_ok "whole capacity, --sync" "$P" --sync -s data_arr t3 b4k "$data_cap"
changed_exactly "whole capacity written" orig t3 "$data_off" b4k "$((data_cap))"

cp orig t4
dd if=orig bs=1 skip="$((data_off))" count=16 2>/dev/null >old16
sum=$(cksum <old16 | awk '{ print $2 ":" $1 }')
expect_ok "--expect with the cksum of the old bytes" "$P" --expect="$sum" -s data_arr t4 b16
changed_exactly "--expect: written" orig t4 "$data_off" b16 16
cp orig t5
expect_ok "--expect-file with the old bytes" "$P" --expect-file=old16 t5 "$data_off" b16
changed_exactly "--expect-file: written" orig t5 "$data_off" b16 16
expect_ok "--expect-file: patch back" "$P" -E b16 t5 "$data_off" old16
same_file "--expect-file: round trip restores the file" orig t5

cp orig t6
expect_ok "--dry-run succeeds" "$P" --dry-run -s data_arr t6 b16
if grep -q "t6: would write 16 bytes at \[$(printf '%#x' "$data_off")," .out; then
	ok "--dry-run says what it would write"
else
	not_ok "--dry-run says what it would write"
	diag "$(cat .out)"
fi
same_file "--dry-run changes nothing" orig t6

echo "plain text file, not ELF" >raw
cp raw raw.orig
expect_ok "--raw on a non-ELF file" "$P" --raw raw 6 b16 4
changed_exactly "--raw: exactly 4 bytes" raw.orig raw 6 b16 4

# --- refusals ---------------------------------------------------------------------
cp orig r
refuse "missing symbol" "symbol 'nosuch' not found" r "$P" -s nosuch r b16
refuse "undefined symbol" "symbol 'weak_undef' is undefined" r "$P" -s weak_undef r b16
refuse "absolute symbol" "symbol 'abs_sym' is absolute" r "$P" -s abs_sym r b16
refuse "symbol defined twice" "symbol 'dup_local' is defined twice" r "$P" -s dup_local r b16
refuse "NOBITS symbol" "symbol 'bss_arr' is in NOBITS section .bss" r "$P" -s bss_arr r b16
refuse "beyond capacity" "do not fit symbol 'data_arr'" r "$P" -s data_arr r b4k "$((data_cap + 1))"
# shellcheck disable=SC2046
set -- $(sections bfd | awk '$1 == ".data" { print $4, $5 }')
data_end=$((0x$1 + 0x$2))
refuse "range crossing the end of .data" "crosses the end of section .data" r \
	"$P" r "$((data_end - 4))" b16 8
refuse "offset in the ELF header: no section" "offset 0 is in no section" r "$P" r 0 b16
cmt=$(sections bfd | awk '$1 == ".comment" { print "0x" $4 }')
refuse "offset in non-allocated .comment" "non-allocated section .comment" r "$P" r "$((cmt))" b16 1
size=$(wc -c <r)
refuse "range past the end of the file" "past the end of the file" r "$P" r "$((size - 2))" b16
refuse "blob shorter than LEN" "b16: blob is shorter" r "$P" r "$data_off" b16 17
: >empty.blob
refuse "empty blob" "nothing to write" r "$P" r "$data_off" empty.blob
refuse "--expect mismatch" "not the expected 1: refusing" r "$P" --expect=16:1 -s data_arr r b16
refuse "--expect size differs from LEN" "size 8 differs" r "$P" --expect=8:1 -s data_arr r b16
refuse "--expect-file mismatch" "differ from b16: refusing" r "$P" -E b16 -s data_arr r b16
refuse "--dry-run of a bad patch" "crosses the end" r "$P" -n r "$((data_end - 4))" b16 8
refuse "not ELF without --raw" "raw: not an ELF file" raw "$P" raw 6 b16 4
refuse "--raw past the end of the file" "never extends a file" raw "$P" --raw raw 20 b16
head -c 5000 orig >trunc
refuse "truncated ELF" "truncated" trunc "$P" trunc 0x100 b16 1
if need python3; then
	cp orig cmp1 && craft shflags cmp1 .data 0x800
	refuse "compressed section (--symbol)" "in compressed section .data" cmp1 "$P" -s data_arr cmp1 b16
	refuse "compressed section (OFFSET)" "in compressed section .data" cmp1 "$P" cmp1 "$data_off" b16
	cp orig bad1 && craft ehdr bad1 shentsize 12
	refuse "corrupt section table" "corrupt section table" bad1 "$P" bad1 "$data_off" b16
	cp orig nosec && craft symvalue nosec data_arr 0x7ffffff0
	refuse "symbol in no section" "in no section" nosec "$P" -s data_arr nosec b16
else
	skip "crafted files" "python3 missing"
fi

# read-only: root ignores modes, so as root use a read-only tmpfs in a
# private mount namespace
cp orig ro
if [ "$(id -u)" -ne 0 ]; then
	chmod 444 ro
	refuse "read-only file" "cannot open for writing: Permission denied" ro "$P" -s data_arr ro b16
elif need unshare && unshare -m true 2>/dev/null; then
	mkdir -p romnt
	# shellcheck disable=SC2016
	unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs romnt && cp ro b16 romnt/ &&
		mount -o remount,ro romnt && "$1" -s data_arr romnt/ro romnt/b16 2>ro.err
		echo "$?" >ro.status; cmp romnt/ro ro >ro.cmp 2>&1; echo "$?" >>ro.status' sh "$P"
	if [ "$(cat ro.status 2>/dev/null)" = "$(printf '1\n0')" ] &&
		grep -q "ro: cannot open for writing: Read-only file system" ro.err; then
		ok "read-only file system: refused, file unchanged"
	else
		not_ok "read-only file system: refused, file unchanged"
		diag "$(cat ro.status ro.err ro.cmp 2>&1)"
	fi
else
	skip "read-only file" "running as root without mount namespaces"
fi

# --- usage ------------------------------------------------------------------------
expect_fail "no operands" 2 "missing operand" "$P"
expect_fail "bad OFFSET" 2 "bad OFFSET: 'zz'" "$P" r zz b16
expect_fail "bad LEN" 2 "bad LEN" "$P" r 0 b16 -- -1
expect_fail "extra operand" 2 "extra operand" "$P" r 0 b16 1 2
expect_fail "--symbol with --raw" 2 "cannot go with --raw" "$P" --raw -s x r b16
expect_fail "bad --expect" 2 "wants SIZE:CKSUM" "$P" --expect=12 r 0 b16
same_file "usage errors leave the file alone" orig r
help_matches_man "$P" patchfile
expect_ok "--version exits 0" "$P" --version

# --- other targets: ELF32 BE, ELF64 BE, ELF32 LE ------------------------------------
for triple in powerpc-linux-gnu s390x-linux-gnu arm-linux-gnueabihf; do
	if ! need "$triple-gcc" ||
		! build_fixture "$triple" "$triple-gcc" -fno-pie -no-pie -static -nostdlib start.c; then
		skip "$triple" "$triple-gcc missing or link failed"
		continue
	fi
	need "$triple-nm" && NM=$triple-nm
	need "$triple-readelf" && READELF=$triple-readelf
	off=$(field "$triple" data_next 2)
	cp "$triple" "$triple.orig"
	expect_ok "$triple: --symbol data_next" "$P" -s data_next "$triple" b16
	changed_exactly "$triple: exactly data_next's 16 bytes" "$triple.orig" "$triple" "$off" b16 16
	refuse "$triple: beyond capacity" "do not fit" "$triple" "$P" -s data_next "$triple" b32
	NM=nm READELF=readelf
done

# --- above 4 GiB in a sparse file -----------------------------------------------------
if need python3 && craft big big.elf; then
	off=$(field big.elf far_next 2)
	dd if=big.elf bs=1 skip="$((off - 64))" count=256 2>/dev/null >big.before
	size=$(wc -c <big.elf)
	expect_ok "above 4 GiB: --symbol far_next" "$P" -s far_next big.elf b32
	dd if=big.elf bs=1 skip="$((off - 64))" count=256 2>/dev/null >big.after
	{ head -c 64 big.before; cat b32; tail -c 160 big.before; } >big.want
	same_file "above 4 GiB: exactly the 32 bytes at $off changed" big.want big.after
	check "above 4 GiB: size unchanged" [ "$(wc -c <big.elf)" -eq "$size" ]
	# (no refuse: a byte compare of 4 GiB is slow; compare the region)
	expect_fail "above 4 GiB: beyond capacity of far_array" 1 "capacity is 64 bytes" \
		"$P" -s far_array big.elf b4k 65
	dd if=big.elf bs=1 skip="$((off - 64))" count=256 2>/dev/null >big.after2
	same_file "above 4 GiB: refusal changed nothing" big.after big.after2
	rm -f big.elf
else
	skip "above 4 GiB" "python3 missing or disk full"
fi

done_testing
