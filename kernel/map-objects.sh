#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# map-objects.sh - check the objects of a provenance file (kallsyms
# --write-provenance) against the GNU ld link map of the same link.
#
# Usage: kernel/map-objects.sh MAP PROVENANCE
#
# The map's "Linker script and memory map" names, for every input
# section, its address, size and file ("ARCHIVE(MEMBER)" for an archive's
# member: the member is the object).  Each provenance line whose object
# is a file (not the linker script, "(linker)" or "?") and whose address
# lies inside an input section of non-zero size must name that section's
# file; a symbol of size 0 may also be at the very end of the section
# before, or in a section of size 0 at its address (the next section
# starts there).  Prints one line per
# disagreement,
#   differ ADDRESS NAME PROVENANCE-OBJECT MAP-OBJECT
# then a summary
#   map-objects: N symbols checked, N agree, N differ; N outside any input section, N not objects
# and exits 1 if any differ (or nothing was checked).  POSIX sh, sort and
# any awk: addresses are compared as 16-digit hex strings (after an "x":
# awk takes "4050e8" for a number), sums done in 32-bit halves.

set -eu
LC_ALL=C
export LC_ALL

[ $# -eq 2 ] || { echo "usage: map-objects.sh MAP PROVENANCE" >&2; exit 2; }
map=$1 prov=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the input sections: START END FILE, sorted by START (16 hex digits)
awk '
function hexval(s,  i, v) {
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function pad(h) {
	h = tolower(h)
	sub(/^0x/, "", h)
	while (length(h) < 16)
		h = "0" h
	return h
}
function emit(start, size, file,  s, lo, hi, n) {
	n = hexval(substr(pad(size), 9))
	s = pad(start)
	lo = hexval(substr(s, 9)) + n
	hi = hexval(substr(s, 1, 8)) + int(lo / 4294967296)
	lo = lo % 4294967296
	if (file ~ /\(.*\)$/) {
		sub(/^[^(]*\(/, "", file)
		sub(/\)$/, "", file)
	}
	printf "x%s x%08x%08x %s\n", s, hi, lo, file
}
/^Linker script and memory map/ { inmap = 1; next }
!inmap { next }
pending && /^ +0x/ {
	if (NF >= 3 && $2 ~ /^0x/)
		emit($1, $2, $3)
	pending = 0
	next
}
{ pending = 0 }
/^ [^ *]/ {
	if (NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/)
		emit($2, $3, $4)
	else if (NF == 1)
		pending = 1
}' "$map" | sort >"$tmp/ranges"

# each provenance line with a file for object: ADDRESS NAME OBJECT
awk '$NF != "?" && $NF != "(linker)" && $NF !~ /\.lds$/ {
	a = $1
	while (length(a) < 16)
		a = "0" a
	print "x" a, $4, $NF, $2
}
$NF == "?" || $NF == "(linker)" || $NF ~ /\.lds$/ { print "skip" >"/dev/stderr" }
' "$prov" 2>"$tmp/skipped" | sort >"$tmp/syms"

# merge: the section with the greatest start not above each address
awk -v skipped="$(wc -l <"$tmp/skipped")" '
# sections of size 0: only their files, by address
FNR == NR && $1 == $2 { empty[$1] = empty[$1] " " $3 " "; next }
FNR == NR { n++; start[n] = $1; end[n] = $2; file[n] = $3; next }
{
	while (i < n && start[i + 1] <= $1)
		i++
	inside = i > 0 && $1 < end[i]
	# a symbol of size 0 at the end of its section, or in a section of
	# size 0 (a lock class key without lockdep), has the address of what
	# follows: the next section, or the fill before it
	edge = $4 ~ /^0*$/ && (index(empty[$1], " " $3 " ") ||
		(i > 0 && end[i] == $1 && file[i] == $3) ||
		(i > 1 && end[i - 1] == $1 && file[i - 1] == $3))
	if (!inside && !edge) {
		outside++
		next
	}
	checked++
	if (inside && file[i] == $3)
		agree++
	else if (edge) {
		agree++
		boundary++
	} else {
		differ++
		print "differ", substr($1, 2), $2, $3, file[i]
	}
}
END {
	printf "map-objects: %d symbols checked, %d agree (%d of size 0 at the end of their section), %d differ; %d outside any input section, %d not objects\n",
		checked, agree, boundary, differ, outside, skipped
	exit (differ || !checked) ? 1 : 0
}' "$tmp/ranges" "$tmp/syms"
