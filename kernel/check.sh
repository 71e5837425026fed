#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check.sh - check the kallsyms of a booted kernel against its System.map.
#
# Usage: kernel/check.sh BUILDDIR [LOG]
#
# LOG is the serial log written by kernel/boot.sh (default
# BUILDDIR/onelink/boot.log).  Checks:
#   1. the log has "kallsyms_selftest: finish" and no selftest failure line
#      (a kernel without CONFIG_KALLSYMS_SELFTEST, such as Linux 6.1, which
#      has none, is checked by 2 and 3 alone);
#   2. every /proc/kallsyms line (between the boot.sh markers, CRs stripped)
#      is in BUILDDIR/System.map with the same address, type and name;
#      with CONFIG_KALLSYMS_ABSOLUTE_PERCPU a symbol inside
#      [__per_cpu_start, __per_cpu_end] may show as type A instead;
#   3. every System.map symbol that is not absolute (A/a) is in /proc/kallsyms
#      (Linux 6.1: but the table's own kallsyms_* labels, which 6.1's
#      scripts/kallsyms leaves out).
# Then prints a summary: symbol counts, the vmlinux links of the last link
# phase (from BUILDDIR/onelink/links.log) and the build, link-phase and boot
# times recorded by build.sh and boot.sh.  Exits 1 on any failure.

set -eu

die()
{
	echo "check.sh: $*" >&2
	exit 1
}

info()
{
	printf '  %-7s %s\n' "$1" "$2"
}

# value of KEY in BUILDDIR/onelink/FILE.env
val()
{
	sed -n "s/^$1=//p" "$out/onelink/$2.env"
}

case "${V-}" in
*1*) set -x ;;
esac

case $# in
1|2) ;;
*) die "usage: check.sh BUILDDIR [LOG]" ;;
esac
out=$1
log=${2:-$out/onelink/boot.log}
map=$out/System.map
[ -f "$log" ] || die "$log: not found (run kernel/boot.sh first)"
[ -f "$map" ] || die "$map: not found"
[ -f "$out/.config" ] || die "$out/.config: not found"
export LC_ALL=C

tmp=$out/onelink/check
rm -rf "$tmp"
mkdir -p "$tmp"
tr -d '\r' < "$log" > "$tmp/log"
top=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=kernel/arch.sh
. "$top/kernel/arch.sh"
arch_set "$(arch_of_config "$out/.config")"
[ "$(stat -c %Y "$out/$karch_image")" -le "$(stat -c %Y "$log")" ] ||
	die "$log: older than $out/$karch_image (boot again)"

# 1. selftest
grep 'kallsyms_selftest: ' "$tmp/log" | sed 's/^.*kallsyms_selftest: //' |
	sort -u > "$tmp/selftest"
if ! grep -q '^CONFIG_KALLSYMS_SELFTEST=y$' "$out/.config"; then
	info SELFTST "none in this kernel: /proc/kallsyms against System.map only"
	echo finish >> "$tmp/selftest"
fi
if grep -E 'failed|mismatch|Never found|abort|\?!|!=' "$tmp/selftest" > "$tmp/bad"; then
	sed 's/^/check.sh: selftest: /' "$tmp/bad" | head -n 20 >&2
	die "$log: kallsyms selftest reported failures"
fi
grep -qx 'finish' "$tmp/selftest" ||
	die "$log: no 'kallsyms_selftest: finish' (selftest did not run or did not finish)"

# 2. the dump: exactly the lines between the markers, each well formed
sed -n '/^onelink: kallsyms begin$/,/^onelink: kallsyms end$/p' "$tmp/log" |
	sed '1d;$d' > "$tmp/kallsyms"
grep -qx 'onelink: kallsyms end' "$tmp/log" || die "$log: /proc/kallsyms dump incomplete"
[ -s "$tmp/kallsyms" ] || die "$log: /proc/kallsyms dump is empty"
hex=16
[ "$karch_bits" = 64 ] || hex=8
if grep -Evn "^[0-9a-f]{$hex} [^ ] [^ ]+\$" "$tmp/kallsyms" > "$tmp/bad"; then
	sed 's/^/check.sh: malformed: /' "$tmp/bad" | head -n 10 >&2
	die "$log: $(wc -l < "$tmp/bad") malformed /proc/kallsyms line(s)"
fi

# Booted with KASLR (boot.sh --kaslr): every address moved by one
# constant, the load offset; take it from _text and undo it.
if grep -q '^kaslr=yes$' "$out/onelink/boot.env" 2>/dev/null; then
	awk -v hex="$hex" -v map="$map" '
	BEGIN {
		while ((getline l < map) > 0) {
			split(l, f, " ")
			if (f[3] == "_text") want = f[1]
		}
	}
	FNR == NR { if ($3 == "_text") got = $1; next }
	FNR == 1 {
		if (want == "" || got == "") { print "no _text" > "/dev/stderr"; exit 1 }
		# hex strings to numbers in 32-bit halves (awk doubles are exact to 2^53)
		delta_hi = hexval(substr(got, 1, hex - 8)) - hexval(substr(want, 1, hex - 8))
		delta_lo = hexval(substr(got, hex - 7)) - hexval(substr(want, hex - 7))
	}
	function hexval(h,   i, v) {
		v = 0
		for (i = 1; i <= length(h); i++)
			v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return v
	}
	{
		if ($2 == "A" || $2 == "a") { print; next }
		hi = hexval(substr($1, 1, hex - 8)) - delta_hi
		lo = hexval(substr($1, hex - 7)) - delta_lo
		if (lo < 0) { lo += 4294967296; hi-- }
		if (lo >= 4294967296) { lo -= 4294967296; hi++ }
		if (hex == 8) printf "%08x %s %s\n", lo, $2, $3
		else printf "%08x%08x %s %s\n", hi % 4294967296, lo, $2, $3
		n++
	}
	END {
		if (!n) exit
		# the offset as one number: a borrow from the high half when
		# the low halves of got and want went the other way
		if (delta_lo < 0) { delta_lo += 4294967296; delta_hi-- }
		printf "%s%s\n", delta_hi ? sprintf("%x", delta_hi) : "", sprintf("%08x", delta_lo) > "/dev/stderr"
	}
	' "$tmp/kallsyms" "$tmp/kallsyms" > "$tmp/kallsyms.unshifted" 2> "$tmp/kaslr" ||
		die "$log: cannot undo the KASLR offset: $(cat "$tmp/kaslr")"
	mv "$tmp/kallsyms.unshifted" "$tmp/kallsyms"
	kaslr_offset=$(cat "$tmp/kaslr")
	[ "$kaslr_offset" != 00000000 ] ||
		die "$log: booted with --kaslr but the kernel was not moved (no seed?)"
fi

percpu=0
! grep -q '^CONFIG_KALLSYMS_ABSOLUTE_PERCPU=y$' "$out/.config" || percpu=1
# Linux 6.1 (its .config header names the version): no kallsyms_* labels
v61=0
! grep -q '^# Linux/.* 6\.1\.[0-9]* Kernel Configuration$' "$out/.config" || v61=1

# Match every dump line to a System.map line with the same address and name;
# then report the non-absolute System.map lines left unmatched.
awk -v percpu="$percpu" -v v61="$v61" -v missing="$tmp/missing" -v absent="$tmp/absent" '
FNR == NR {
	key = $1 " " $3
	n = ++count[key]
	type[key, n] = $2
	if ($3 == "__per_cpu_start") pcpu_start = $1
	if ($3 == "__per_cpu_end") pcpu_end = $1
	next
}
{
	key = $1 " " $3
	hit = 0
	for (i = 1; i <= count[key]; i++)
		if (!used[key, i] && type[key, i] == $2) { hit = i; break }
	if (!hit && percpu && $2 == "A" && pcpu_start != "" &&
	    ($1 "") >= (pcpu_start "") && ($1 "") <= (pcpu_end ""))
		for (i = 1; i <= count[key]; i++)
			if (!used[key, i]) { hit = i; pcpu++; break }
	if (!hit) { print > absent; bad = 1; next }
	used[key, hit] = 1
}
END {
	for (key in count)
		for (i = 1; i <= count[key]; i++)
			if (!used[key, i]) {
				split(key, f, " ")
				if (type[key, i] == "A" || type[key, i] == "a")
					extra++
				else if (v61 && f[2] ~ /^kallsyms_(offsets|relative_base|num_syms|names|markers|seqs_of_names|token_table|token_index)$/)
					labels++
				else
					print f[1], type[key, i], f[2] > missing
			}
	printf "%d %d %d\n", pcpu, extra, labels
}' "$map" "$tmp/kallsyms" > "$tmp/counts"
read -r pcpu extra labels < "$tmp/counts"

fail=
if [ -s "$tmp/absent" ]; then
	sort "$tmp/absent" | head -n 10 | sed 's/^/check.sh: not in System.map: /' >&2
	echo "check.sh: $(wc -l < "$tmp/absent") /proc/kallsyms line(s) not in $map" >&2
	fail=1
fi
if [ -s "$tmp/missing" ]; then
	sort "$tmp/missing" | head -n 10 | sed 's/^/check.sh: not in \/proc\/kallsyms: /' >&2
	echo "check.sh: $(wc -l < "$tmp/missing") non-absolute System.map symbol(s) not in /proc/kallsyms" >&2
	fail=1
fi
[ -z "$fail" ] || die "kallsyms of the booted kernel do not match $map"

# summary
syms=$(wc -l < "$tmp/kallsyms")
note="$extra absolute only in System.map"
[ "$pcpu" -eq 0 ] || note="$note, $pcpu per-cpu shown as A"
[ "$labels" -eq 0 ] || note="$note, $labels kallsyms_* labels (6.1 leaves them out)"
[ -z "${kaslr_offset-}" ] || note="$note, KASLR offset 0x$kaslr_offset undone"
info SYMS "$syms in /proc/kallsyms, all in System.map ($note)"
if grep -q '^CONFIG_KALLSYMS_SELFTEST=y$' "$out/.config"; then
	info SELFTST "finish, no failures"
else
	info SELFTST "none in this kernel"
fi
links=$out/onelink/links.log
if [ -f "$links" ]; then
	awk '
	$1 == "phase" { phase = sprintf("%.2f s", $3 - $2); next }
	$2 == "vmlinux.o" { o = sprintf(" + vmlinux.o %.2f s", $4 - $3); next }
	{ n++; s = s sprintf("%s%s %.2f s%s", n > 1 ? ", " : "", $2, $4 - $3,
		$5 != 0 ? " (stopped, status " $5 ")" : "") }
	END {
		printf "%d (%s)%s\n", n, s, o
		print phase == "" ? "unknown (no link-vmlinux.sh process seen)" : \
			phase " (link-vmlinux.sh process)"
	}' "$links" > "$tmp/links"
	info LINKS "$(sed -n 1p "$tmp/links")"
	info PHASE "$(sed -n 2p "$tmp/links")"
else
	info LINKS "unknown (no $links: vmlinux was not linked through kernel/build.sh)"
fi
if [ -f "$out/onelink/build.env" ]; then
	info BUILD "$(val build_seconds build) s (full build: $(val full_build build), $(val variant build), $(val link build))"
fi
if [ -f "$out/onelink/boot.env" ]; then
	info BOOT "$(val boot_seconds boot) s"
fi
info OK "$out"
