#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kernel/check.sh on a KASLR boot, without a kernel: a serial log whose
# /proc/kallsyms dump is System.map moved by one offset.  check.sh takes
# the offset from _text, undoes it and matches every line; the offset it
# reports is the one applied, also when the low 32 bits of the addresses
# borrow from the high ones (arm64 moved its kernel by 0x215289c00000 in
# a real boot, reported as 0x2152ffffffff89c00000).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top and work
. "$(dirname "$0")/lib.sh"

# tree DIR ARCH-OPTION: a build directory with System.map, .config and
# the boot image
tree() {
	mkdir -p "$1/onelink" "$1/arch/arm64/boot"
	printf '%s\n' '# Linux/arm64 6.12.118 Kernel Configuration' "$2" >"$1/.config"
	cat >"$1/System.map" <<'MAP'
0000000000000000 A __rela_size
ffff800080000000 T _text
ffff800080010000 T start_kernel
ffff8000a0000000 D jiffies
MAP
	: >"$1/arch/arm64/boot/Image"
	echo kaslr=yes >"$1/onelink/boot.env"
}

# log DIR OFFSET-HI OFFSET-LO: the serial log, System.map's addresses
# moved by OFFSET (in 32-bit halves, hex) but the absolute ones
log() {
	awk -v hi="$2" -v lo="$3" '
	function hexval(h,   i, v) {
		v = 0
		for (i = 1; i <= length(h); i++)
			v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return v
	}
	BEGIN { print "kallsyms_selftest: finish"; print "onelink: kallsyms begin"
		dhi = hexval(hi); dlo = hexval(lo) }
	$2 == "A" { print; next }
	{
		h = hexval(substr($1, 1, 8)) + dhi
		l = hexval(substr($1, 9)) + dlo
		if (l >= 4294967296) { l -= 4294967296; h++ }
		printf "%08x%08x %s %s\r\n", h % 4294967296, l, $2, $3
	}
	END { print "onelink: kallsyms end" }' "$1/System.map" >"$1/onelink/boot.log"
}

# offset DIR HI LO EXPECTED: check.sh passes and reports EXPECTED
offset() {
	tree "$1" CONFIG_ARM64=y
	sleep 0.01
	log "$1" "$2" "$3"
	if sh "$top/kernel/check.sh" "$1" >"$1.out" 2>&1; then
		ok "$1: check.sh passes on the moved dump"
	else
		not_ok "$1: check.sh passes on the moved dump"
		diag "$(cat "$1.out")"
	fi
	check "... the offset reported: 0x$4" \
		grep -q "KASLR offset 0x$4 undone" "$1.out"
}

# ffff8000_80000000 + 2152_89c00000 = ffffa153_09c00000: the low half
# carries (0x80000000 + 0x89c00000), so got's low half < want's
offset borrow 2152 89c00000 215289c00000
offset nocarry 0000 00200000 00200000
offset high 0001 10000000 110000000

done_testing
