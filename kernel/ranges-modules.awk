#!/usr/bin/gawk -f
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ranges-modules.awk - compare the built-in modules of a provenance file
# (kallsyms --write-provenance) with the kernel's modules.builtin.ranges.
#
# Usage: gawk -f kernel/ranges-modules.awk modules.builtin.ranges System.map PROVENANCE
#
# modules.builtin.ranges (CONFIG_BUILTIN_MODULE_RANGES, made by the
# kernel's scripts/generate_builtin_ranges.awk from vmlinux.map) gives,
# per output section, an anchor symbol ("SECTION OFF-OFF = SYMBOL") and
# ranges of offsets from it ("SECTION START-END MODULE..."); each anchor
# is looked up in System.map (an anchor not there is an error).  For
# every code symbol (type t or T) of the provenance file, the modules of
# the range that holds its address must be the modules the file names,
# and a symbol in no range must have none.  Prints each difference,
#   differ ADDRESS NAME provenance [MODULES] ranges [MODULES]
# then
#   ranges-modules: N code symbols, N in modules agree, N in no module agree, N differ; N anchors
# and exits 1 on any difference or unresolved anchor.  gawk (strtonum);
# addresses keep their low 48 bits, as the kernel's verify_builtin_ranges.awk.

function addr2val(v) {
	sub(/^0x/, "", v)
	if (length(v) == 16)
		v = substr(v, 5)
	return strtonum("0x" v)
}

# the words of s, sorted, space-separated
function sorted(s,  a, n, i, r) {
	n = split(s, a, " ")
	asort(a)
	r = ""
	for (i = 1; i <= n; i++)
		r = r (i > 1 ? " " : "") a[i]
	return r
}

ARGIND == 1 {
	line[++nl] = $0
	if ($3 == "=")
		want[$4] = 1
	next
}

ARGIND == 2 {
	if (($3 in want) && !($3 in at))
		at[$3] = addr2val($1)
	next
}

ARGIND == 3 && FNR == 1 {
	# the ranges, absolute
	for (i = 1; i <= nl; i++) {
		$0 = line[i]
		split($2, se, "-")
		if ($3 == "=") {
			anchors++
			if (!($4 in at)) {
				printf "anchor %s of %s not in System.map\n", $4, $1
				bad++
				base = -1
				continue
			}
			base = at[$4] - strtonum("0x" se[1])
			continue
		}
		if (base < 0)
			continue
		nr++
		rs[nr] = base + strtonum("0x" se[1])
		re[nr] = base + strtonum("0x" se[2])
		mods = ""
		for (k = 3; k <= NF; k++)
			mods = mods " " $k
		rm[nr] = sorted(mods)
	}
}

ARGIND == 3 && ($3 == "t" || $3 == "T") {
	a = addr2val($1)
	inr = ""
	for (i = 1; i <= nr; i++)
		if (a >= rs[i] && a < re[i]) {
			inr = rm[i]
			break
		}
	pm = ""
	for (k = 5; k < NF; k++)
		if ($k ~ /^\[.*\]$/)
			pm = pm " " substr($k, 2, length($k) - 2)
	pm = sorted(pm)
	code++
	if (pm == inr) {
		if (pm == "")
			none++
		else
			inmod++
	} else {
		differ++
		printf "differ %s %s provenance [%s] ranges [%s]\n", $1, $4, pm, inr
	}
}

END {
	printf "ranges-modules: %d code symbols, %d in modules agree, %d in no module agree, %d differ; %d anchors\n",
		code, inmod, none, differ, anchors
	exit (differ || bad || !inmod) ? 1 : 0
}
