#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-kallsyms-modes.sh - kallsyms takes one mode option, and each option
# only in the modes it belongs to; anything else is a usage error (exit 2,
# "kallsyms: ..."), not decided by the last option or ignored.  Which
# option belongs to which mode is read from docs/kallsyms.1: the options
# of each SYNOPSIS line, and what OPTIONS says of the others (--format:
# every mode but --nm and --lookup; --lto-clang and --base-relative: the
# modes that build a table; --word and --big-endian: --raw).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

modes="listing system-map nm decode verify prelink final provenance lookup"
# the options of each SYNOPSIS line as "MODE OPTION" (the line's first
# mode option, "listing" for none)
awk '/^\.SH SYNOPSIS/ { f = 1; next } /^\.SH/ { f = 0 } f' "$top/docs/kallsyms.1" |
	awk -v modes="$modes" '
	function flush(  i) {
		for (i = 1; i <= n; i++)
			print (mode == "" ? "listing" : mode), o[i]
		n = 0; mode = ""
	}
	BEGIN { split(modes, m, " "); for (i in m) ismode[m[i]] = 1 }
	/^\.br/ { flush(); next }
	{
		while (match($0, /\\-\\-[a-z]([a-z]|\\-)*/)) {
			opt = substr($0, RSTART + 4, RLENGTH - 4)
			gsub(/\\/, "", opt)
			$0 = substr($0, RSTART + RLENGTH)
			if (ismode[opt]) { if (mode == "") mode = opt } else o[++n] = opt
		}
	}
	END { flush() }' | sort -u >synopsis.txt
{
	for m in $modes; do
		case $m in nm | lookup) ;; *) echo "$m format" ;; esac
	done
	for m in listing verify prelink final; do
		echo "$m lto-clang"
		echo "$m base-relative"
	done
} >>synopsis.txt
sort -u -o allowed.txt synopsis.txt
if [ "$(wc -l <allowed.txt)" -gt 30 ] && grep -qx 'prelink grow' allowed.txt &&
	grep -qx 'final explain' allowed.txt; then
	ok "the man page's SYNOPSIS gives the options of each mode ($(wc -l <allowed.txt))"
else
	not_ok "the man page's SYNOPSIS gives the options of each mode"
	diag "$(cat allowed.txt)"
fi

# mode_args MODE: the options that select MODE (and what it requires)
mode_args() {
	case $1 in
	listing) ;;
	prelink) echo "--prelink --layout=l" ;;
	# an ELF file and one more operand
	provenance | lookup) echo "--$1 missing.elf" ;;
	*) echo "--$1" ;;
	esac
}
# option_arg MODE OPTION: OPTION with a value it accepts (an --format=6.1
# run, where every option exists); --word and --big-endian with --raw in
# a listing's mode, alone in the others
option_arg() {
	if [ "$1" != listing ]; then
		case $2 in
		word) echo "--word=4" && return ;;
		big-endian) echo "--big-endian" && return ;;
		esac
	fi
	# --final takes the provenance options along with --write-provenance,
	# and then the link's inputs
	case $1.$2 in
	final.lds | final.cache | final.modules-builtin)
		echo "--write-provenance=x --$2=x missing.o" && return ;;
	final.write-provenance) echo "--write-provenance=x missing.o" && return ;;
	esac
	case $2 in
	format) echo "--format=6.1" ;;
	reader) echo "--reader=elf" ;;
	margin) echo "--margin=5" ;;
	word) echo "--raw=d --word=4" ;;
	big-endian) echo "--raw=d --big-endian" ;;
	reserve) echo "--reserve=names=4096" ;;
	layout | lds | grow | cache | lib | write-map | raw | token-cache | write-provenance | \
		modules-builtin | provenance-file) echo "--$2=x" ;;
	*) echo "--$2" ;;
	esac
}
# every option of the man page's OPTIONS that is not a mode or --help
sed -n 's/^\.BI* \\-\\-\([a-z][a-z\\-]*\).*/\1/p; s/^\.BR \\-\\-\([a-z][a-z\\-]*\).*/\1/p' \
	"$top/docs/kallsyms.1" | sed 's/\\//g' | sort -u >all.txt
bad=""
good=0 refused=0
for m in $modes; do
	while read -r opt; do
		case " $modes help " in *" $opt "*) continue ;; esac
		# --format=6.1 where the option exists only in 6.1; --nm takes no format
		f=--format=6.1
		case $m in nm | lookup) f= ;; esac
		[ "$opt" = format ] && f=
		# shellcheck disable=SC2046 # the argument lists split into words
		"$KALLSYMS" $(mode_args "$m") $f $(option_arg "$m" "$opt") missing.file >out 2>err
		st=$?
		if grep -qx "$m $opt" allowed.txt ||
			{ [ "$m" = listing ] && { [ "$opt" = word ] || [ "$opt" = big-endian ]; }; }; then
			if [ "$st" -eq 2 ]; then
				bad="$bad [$m --$opt refused: $(head -n 1 err)]"
			else
				good=$((good + 1))
			fi
		elif [ "$st" -ne 2 ] || ! grep -q "^kallsyms: --$opt goes with " err; then
			bad="$bad [$m --$opt: exit $st, $(head -n 1 err)]"
		else
			refused=$((refused + 1))
		fi
	done <all.txt
done
if [ -z "$bad" ] && [ "$good" -gt 25 ] && [ "$refused" -gt 60 ]; then
	ok "each option in its modes only ($good accepted, $refused usage errors)"
else
	not_ok "each option in its modes only:$bad"
fi

expect_fail "--prelink --final: exit 2" 2 "^kallsyms: --prelink and --final: give one mode" \
	"$KALLSYMS" --prelink --final --layout=l x
expect_fail "--verify --decode: exit 2" 2 "^kallsyms: --verify and --decode: give one mode" \
	"$KALLSYMS" --verify --decode x
expect_fail "--nm --system-map: exit 2" 2 "^kallsyms: --nm and --system-map: give one mode" \
	"$KALLSYMS" --nm --system-map x
expect_fail "--word without --raw: exit 2" 2 "^kallsyms: --word goes with --raw" \
	"$KALLSYMS" --word=4 x.map
expect_fail "--big-endian without --raw: exit 2" 2 "^kallsyms: --big-endian goes with --raw" \
	"$KALLSYMS" --big-endian x.map
expect_fail "the same mode twice is one mode" 1 "^kallsyms: missing.elf: cannot open" \
	"$KALLSYMS" --decode --decode missing.elf
done_testing
