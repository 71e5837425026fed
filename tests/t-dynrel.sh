#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Dynamic relocations on the table: the kernel-like test program linked
# -pie (as an arm64 CONFIG_RELOCATABLE kernel is), where
# kallsyms_relative_base is the target of a relative dynamic relocation.
# What the program sees after relocation at its link address is the
# RELA addend (x86_64 GNU ld; aarch64 GNU ld with
# --no-apply-dynamic-relocs, whose slot stays 0) or the slot itself
# (GNU ld -z pack-relative-relocs: RELR).  Each build must take one link and pass --verify, and
# that value must equal the lowest non-absolute System.map address,
# taken from nm and readelf alone.  With a symbol below _text (a
# .head.text section) the final value differs from the pre-link table's
# _text, so the addend must have been patched.  A -shared link makes the
# word a symbolic relocation against _text: refused, nothing written.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

LINK="$top/scripts/onelink-link"
"$KPROG/gen.sh" src 2 100
cat >head.c <<'EOF'
/* SPDX-License-Identifier: GPL-3.0-or-later */
int __attribute__((section(".head.text"), noinline, used)) head_fn(int x) { return x + 1; }
EOF
# prog.lds with a .head.text section before _text
sed 's/^\t\.text : {$/\t.head.text : { *(.head.text) }\n&/' "$KPROG/prog.lds" >head.lds
grep -q '^	\.head\.text' head.lds || { not_ok "head.lds: no .head.text"; done_testing; exit; }

mkdir -p inc/asm
cat >inc/asm/bitsperlong.h <<'H'
#ifdef __LP64__
#define BITS_PER_LONG 64
#else
#define BITS_PER_LONG 32
#endif
H

MKSYSMAP=$(mksysmap) || MKSYSMAP=

# build NAME CC READELF LDS LINK-FLAGS [EXTRA-SOURCES]: compile -fPIE and
# link with onelink-link; the exit status is onelink-link's
build() {
	_name=$1 _cc=$2 _lds=$4 _ldx=$5
	shift 5
	mkdir -p "$_name"
	_objs=""
	for _src in src/*.c "$KPROG/selftest.c" "$KPROG/start.S" "$@"; do
		_o="$_name/$(basename "$_src" | sed 's/\.[cS]$/.o/')"
		$_cc -O1 -ffreestanding "${PIC:--fPIE}" -fno-stack-protector -fno-asynchronous-unwind-tables \
			-ffunction-sections -fdata-sections -c -o "$_o" "$_src" || return 1
		_objs="$_objs $_o"
	done
	# shellcheck disable=SC2086
	"$LINK" --lds="$_lds" --all-symbols --as="$_cc -c -Wa,--noexecstack -Iinc" -o "$_name/prog" -- \
		$_cc -nostdlib -Wl,--build-id=none $_ldx -Wl,-T,"$_lds" $_objs >"$_name/link.log" 2>&1
}

# check_link NAME READELF HOW [HEAD]: one link, --verify, and the value after
# relocation (HOW: rela = the addend, slot = the word in the file) equals
# the lowest non-absolute System.map address (HEAD: and is head_fn's,
# below _text)
check_link() {
	_name=$1 _readelf=$2 _how=$3 _head=${4-}
	_links=$(grep -c '^  LD ' "$_name/link.log")
	if [ "$_links" = 1 ]; then ok "$_name: one link"; else not_ok "$_name: one link, got $_links"; fi
	expect_ok "$_name: kallsyms --verify" "$KALLSYMS" --verify --all-symbols "$_name/prog"
	_slot=$(nm "$_name/prog" | awk '$3 == "kallsyms_relative_base" { print $1 }')
	"$_readelf" -rW "$_name/prog" >"$_name/relocs"
	# readelf prints r_offset zero-padded to the word size, like nm
	_rel=$(awk -v s="$_slot" '$1 == s && $3 ~ /RELATIVE/' "$_name/relocs")
	if [ "$_how" = rela ]; then
		if [ -n "$_rel" ]; then
			ok "$_name: kallsyms_relative_base has a RELATIVE dynamic relocation"
		else
			not_ok "$_name: kallsyms_relative_base has a RELATIVE dynamic relocation"
			diag "$(head -n 8 "$_name/relocs")"
		fi
		_got=$(echo "$_rel" | awk '{ print $4 }')
	else
		if grep -q 'Relocation section .\.relr\.dyn' "$_name/relocs"; then
			ok "$_name: a .relr.dyn section"
		else
			not_ok "$_name: a .relr.dyn section"
		fi
		_off=$("$ELF_OFFSET" --offset-only "$_name/prog" kallsyms_relative_base)
		_got=$(od -An -tx8 -j "$((_off))" -N8 "$_name/prog" | tr -d ' ')
	fi
	nm -n "$_name/prog" | sed -f "$MKSYSMAP" | awk '$2 != "A" && $2 != "a"' >"$_name/map"
	_want=$(awk 'NR == 1 { print $1 }' "$_name/map")
	if [ -n "$_got" ] && [ "$((0x$_got))" = "$((0x$_want))" ]; then
		ok "$_name: value after relocation $_got is the lowest address"
	else
		not_ok "$_name: value after relocation '$_got' is the lowest address $_want"
	fi
	if [ -n "$_head" ]; then
		_fn=$(awk '$3 == "head_fn" { print $1 }' "$_name/map")
		_text=$(awk '$3 == "_text" { print $1 }' "$_name/map")
		if [ "$_fn" = "$_want" ] && [ "$((0x$_fn))" -lt "$((0x$_text))" ]; then
			ok "$_name: head_fn ($_fn) lies below _text ($_text)"
		else
			not_ok "$_name: head_fn ($_fn) lies below _text ($_text), lowest $_want"
		fi
	fi
}

# faults NAME OBJS LINK-FLAGS: the program relinked without the final
# pass, then --final with EIO injected (strace) into the RELA addend's
# write (the last pwrite), and into the read-back of the verification:
# each fails, and puts back every byte it wrote (arrays and addend)
faults() {
	if ! need strace || ! strace -o /dev/null -e trace=none true 2>/dev/null; then
		skip "$1: --final faults" "no strace, or ptrace not allowed"
		return
	fi
	# shellcheck disable=SC2086
	cc -nostdlib -Wl,--build-id=none $3 -Wl,-T,head.lds $2 "$1/prog.kallsyms.o" \
		-o "$1/unpatched" || { not_ok "$1: relink without the final pass"; return; }
	cp "$1/unpatched" "$1/t.elf"
	strace -o "$1/io.log" -e trace=pread64,pwrite64 \
		"$KALLSYMS" --final --all-symbols --layout="$1/prog.layout" "$1/t.elf"
	_w=$(grep -c '^pwrite64' "$1/io.log")
	_last=$(grep '^pwrite64' "$1/io.log" | tail -n 1)
	case $_last in
	*", 8, "*) ok "$1: the last write of --final is the 8-byte addend" ;;
	*) not_ok "$1: the last write of --final is the 8-byte addend"; diag "$_last" ;;
	esac
	# the preads up to the last pwrite; verification reads after it
	_r=$(awk '/^pwrite64/ { w = r } /^pread64/ { r++ } END { print w }' "$1/io.log")
	for _case in "pwrite64:error=EIO:when=$_w addend" "pread64:error=EIO:when=$((_r + 1))+ read-back"; do
		cp "$1/unpatched" "$1/t.elf"
		expect_fail "$1: EIO in the ${_case#* } fails --final" 1 \
			"^kallsyms: $1/t.elf: table not patched: the original bytes were restored$" \
			strace -o /dev/null -e inject="${_case% *}" \
			"$KALLSYMS" --final --all-symbols --layout="$1/prog.layout" "$1/t.elf"
		same_file "$1: ... and leaves the file as it was" "$1/unpatched" "$1/t.elf"
	done
}

if [ -z "$MKSYSMAP" ]; then
	skip "dynamic relocations" "no scripts/mksysmap"
	done_testing
fi

if build pie-gnu-ld cc readelf "$KPROG/prog.lds" "-fuse-ld=bfd -pie"; then
	check_link pie-gnu-ld readelf rela
else
	not_ok "pie-gnu-ld: onelink-link"
	diag "$(tail -n 5 pie-gnu-ld/link.log)"
fi
if build pie-head cc readelf head.lds "-fuse-ld=bfd -pie" head.c; then
	check_link pie-head readelf rela head
	faults pie-head "$_objs" "-fuse-ld=bfd -pie"
else
	not_ok "pie-head: onelink-link"
	diag "$(tail -n 5 pie-head/link.log)"
fi
if build pie-relr cc readelf head.lds "-fuse-ld=bfd -pie -Wl,-z,pack-relative-relocs" head.c; then
	check_link pie-relr readelf slot head
else
	not_ok "pie-relr: onelink-link"
	diag "$(tail -n 5 pie-relr/link.log)"
fi
if need aarch64-linux-gnu-gcc aarch64-linux-gnu-readelf; then
	# the arm64 kernel's link: -pie, relocations not applied in the file
	if build pie-aarch64 aarch64-linux-gnu-gcc aarch64-linux-gnu-readelf head.lds \
		"-pie -Wl,--no-apply-dynamic-relocs" head.c; then
		check_link pie-aarch64 aarch64-linux-gnu-readelf rela head
		_off=$("$ELF_OFFSET" --offset-only pie-aarch64/prog kallsyms_relative_base)
		_slot=$(od -An -tx8 -j "$((_off))" -N8 pie-aarch64/prog | tr -d ' ')
		diag "pie-aarch64: slot of kallsyms_relative_base in the file: $_slot"
		# the slot as the linker left it (0): the addend still counts
		cp pie-aarch64/prog pie-aarch64/zero-slot
		dd if=/dev/zero of=pie-aarch64/zero-slot bs=1 seek="$((_off))" count=8 \
			conv=notrunc 2>/dev/null
		expect_ok "pie-aarch64: --verify reads the addend, not the slot" \
			"$KALLSYMS" --verify --all-symbols pie-aarch64/zero-slot
		# a wrong addend: the kernel would see a wrong base
		_rela=$(aarch64-linux-gnu-readelf -SW pie-aarch64/prog |
			awk '$2 == ".rela.dyn" { print $5 }')
		_idx=$(awk '$1 ~ /^0/ { n++ } $1 == s { print n - 1; exit }' s="$_slot" pie-aarch64/relocs)
		cp pie-aarch64/prog pie-aarch64/bad-addend
		printf '\010' | dd of=pie-aarch64/bad-addend bs=1 seek="$((0x$_rela + _idx * 24 + 16))" \
			conv=notrunc 2>/dev/null
		expect_fail "pie-aarch64: --verify fails on a wrong addend" ! "kallsyms_relative_base" \
			"$KALLSYMS" --verify --all-symbols pie-aarch64/bad-addend
	else
		not_ok "pie-aarch64: onelink-link"
		diag "$(tail -n 5 pie-aarch64/link.log)"
	fi
else
	skip "aarch64 -pie build" "aarch64-linux-gnu-gcc missing"
fi

# -shared: _text is preemptible, the word gets R_X86_64_64 against it
if PIC=-fPIC build shared cc readelf "$KPROG/prog.lds" "-fuse-ld=bfd -shared"; then
	not_ok "shared: onelink-link refuses a symbolic dynamic relocation"
else
	if grep -q 'kallsyms_relative_base+0 is the target of a dynamic relocation of type 1: only relative ones' shared/link.log; then
		ok "shared: onelink-link refuses a symbolic dynamic relocation"
	else
		not_ok "shared: onelink-link refuses a symbolic dynamic relocation"
		diag "$(tail -n 5 shared/link.log)"
	fi
fi
check "shared: no output written" [ ! -e shared/prog ]

done_testing
