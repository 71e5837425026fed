#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# link-phase.sh - the vmlinux link phase of real kernels: stock, onelink
# and a kernel whose table cost nothing, side by side, and the limit of one
# bare link.
#
# Usage: bench/link-phase.sh [--build] [--one-tree] [--pairs N] [--out DIR]
#                             [--edit touch|add-symbol] [--png FILE]
#                             [--redraw] [VARIANT...]
#
#   --build     make the trees that are missing first (see below)
#   --one-tree  stock and onelink runs alternate in the stock tree (below)
#   --pairs N   rounds per variant, one run of each mode a round (default 5)
#   --out DIR   where the results go (default bench/out/link-phase)
#   --edit E    the edit before each run: touch (default) touches
#               init/main.c, the symbol set unchanged; add-symbol appends a
#               new global and a new static function to init/main.c, so the
#               symbol set grows every run (init/main.c is restored at exit)
#   --png FILE  the chart (default DIR/link-phase.png)
#   --redraw    no runs: the summary and chart again from the last run's data
#   VARIANT     tiny, ibt, llvm, smp, defconfig, dwarf5, llvm-defconfig
#               (default: tiny llvm)
#
# Needs the trees kernel/build.sh makes: $ONELINK_BUILD/kernel/VARIANT-stock
# and VARIANT-onelink (ONELINK_BUILD defaults to build/), built onelink
# (make), GNU time and gnuplot (scripts/install-deps.sh), perl.  With
# --build a missing stock tree is built by kernel/build.sh (defconfig and
# dwarf5: about 20-40 minutes each on 2 cores), and a missing onelink tree
# is a copy of the stock tree (cp -a) that kernel/build.sh --link onelink
# then builds: in full again, as objtool's dependency files name the stock
# tree, so objtool and then every object are rebuilt.
#
# --one-tree saves that second build (use it for defconfig and dwarf5): both
# kinds of run use VARIANT-stock, and kernel/use-onelink.sh puts its shim
# into the tree before each onelink run and takes it out (--revert) before
# each stock run and at the end.  Both links start from the same vmlinux.o;
# each leaves its own temporary files, which the other does not read.
#
# Per round, in this order (A B C A B C ...: the machine's noise hits all;
# each run and replay starts after a sync, so that no run's link phase
# writes back the files of the run before it):
#   stock    the edit (--edit: an edit-build loop, one object changes);
#            make vmlinux in the stock tree, with the make arguments and
#            environment of kernel/build.sh and V=1
#   onelink  the same in the onelink tree
#   notable  the same in the stock tree, linked by
#            bench/link-vmlinux-notable.sh (a shim in the tree, taken out
#            after the run): what the phase would cost if the kallsyms
#            table cost nothing (the version step, one final link with the
#            empty table assembled once and kept, System.map by nm -n | sed,
#            sorttable as onelink's script runs it, the shell)
#   replay   single steps, each under GNU time (peak RSS), in the trees
#            with every output redirected to DIR:
#            the limit (stock's final ld, nm -n | sed mksysmap, sorttable,
#            with nm -S before it only where sorttable reads the list:
#            CONFIG_BUILDTIME_MCOUNT_SORT), stock's last scripts/kallsyms
#            and its assembly,
#            and every step of onelink's link phase.
# The link phase is the wrapper's "phase" line (OUTDIR/onelink/links.log);
# the steps come from the V=1 trace of link-vmlinux.sh, timestamped per
# line as it is written.  Results: runs.txt, steps.txt, replay.txt,
# summary.txt in DIR, and the chart.

# the sh -c scripts below expand their own arguments
# shellcheck disable=SC2016

set -eu
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd -P)
pairs=5
png=
res=
build=
redraw=
one_tree=
edit='touch'
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=1; shift ;;
	--redraw) redraw=1; shift ;;
	--pairs) [ $# -ge 2 ] || exit 2; pairs=$2; shift 2 ;;
	--pairs=*) pairs=${1#--pairs=}; shift ;;
	--png) [ $# -ge 2 ] || exit 2; png=$2; shift 2 ;;
	--png=*) png=${1#--png=}; shift ;;
	--one-tree) one_tree=1; shift ;;
	--edit) [ $# -ge 2 ] || exit 2; edit=$2; shift 2 ;;
	--edit=*) edit=${1#--edit=}; shift ;;
	--out) [ $# -ge 2 ] || exit 2; res=$2; shift 2 ;;
	--out=*) res=${1#--out=}; shift ;;
	-h|--help) sed -n 's/^# \{0,1\}//; 6,24p' "$0"; exit 0 ;;
	-*) echo "link-phase.sh: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- tiny llvm
case "$edit" in
touch|add-symbol) ;;
*) echo "link-phase.sh: --edit: touch or add-symbol, not '$edit'" >&2; exit 2 ;;
esac

ONELINK_BUILD=${ONELINK_BUILD:-$top/build}
src=$ONELINK_BUILD/kernel/src/linux-source-6.12
[ -n "$res" ] || res=$top/bench/out/link-phase
case "$res" in
/*) ;;
*) res=$(pwd -P)/$res ;;
esac
[ -n "$png" ] || png=$res/link-phase.png
case "$png" in
/*) ;;
*) png=$(pwd -P)/$png ;;
esac
mkdir -p "$res"
KALLSYMS=$top/kallsyms/kallsyms

die() {
	echo "link-phase.sh: $*" >&2
	exit 1
}

# the tree of variant ${1} that mode ${2} (stock, onelink, notable) runs in
tree() {
	if [ -n "$one_tree" ] || [ "$2" != onelink ]; then
		echo "$ONELINK_BUILD/kernel/$1-stock"
	else
		echo "$ONELINK_BUILD/kernel/$1-$2"
	fi
}

# make the tree of variant ${1} that mode ${2} runs in link as that mode:
# onelink's shim (--one-tree), the notable script's, or none (stock)
use_mode() {
	_t=$(tree "$1" "$2")
	case "$2" in
	onelink) [ -z "$one_tree" ] || sh "$top/kernel/use-onelink.sh" "$_t" ;;
	notable)
		printf '#!/bin/sh\n# link-phase.sh: the notable mode\nexec "%s" "$@"\n' \
			"$top/bench/link-vmlinux-notable.sh" >"$_t/scripts/link-vmlinux.sh.tmp" &&
			chmod 755 "$_t/scripts/link-vmlinux.sh.tmp" &&
			mv -f "$_t/scripts/link-vmlinux.sh.tmp" "$_t/scripts/link-vmlinux.sh" ;;
	stock) sh "$top/kernel/use-onelink.sh" --revert "$_t" >/dev/null ;;
	esac || die "$_t: switching to $2 links failed"
}

# The edit before each run (--edit).  add-symbol keeps init/main.c as it
# was in $res/main.c.orig and appends two functions to it each time.
edits=0
do_edit() {
	if [ "$edit" = touch ]; then
		touch "$src/init/main.c"
		return
	fi
	[ -f "$res/main.c.orig" ] || cp -p "$src/init/main.c" "$res/main.c.orig"
	edits=$((edits + 1))
	# a prototype for the global: kernels built with CONFIG_WERROR and
	# -Wmissing-prototypes (defconfig) refuse a definition without one
	printf '\n/* bench/link-phase.sh --edit add-symbol: edit %d */\n%s\n%s\n%s\n' "$edits" \
		"int onelink_bench_global$edits(int x);" \
		"static noinline int onelink_bench_static$edits(int x) { return x * $edits + 1; }" \
		"int onelink_bench_global$edits(int x) { return onelink_bench_static$edits(x) + 1; }" \
		>>"$src/init/main.c"
}

restore_edit() {
	[ -f "$res/main.c.orig" ] || return 0
	cp -p "$res/main.c.orig" "$src/init/main.c"
	rm -f "$res/main.c.orig"
}

for variant in "$@"; do
	case "$variant" in
	tiny|ibt|llvm|smp|defconfig|dwarf5|llvm-defconfig) ;;
	*) die "unknown variant '$variant'" ;;
	esac
done

# --build: the stock tree by kernel/build.sh, the onelink tree as its copy
if [ -n "$build" ]; then
	for variant in "$@"; do
		stock=$ONELINK_BUILD/kernel/$variant-stock
		ol=$(tree "$variant" onelink)
		[ -f "$stock/vmlinux.a" ] && [ -x "$stock/onelink/ld" ] ||
			"$top/kernel/build.sh" --variant "$variant" --link stock "$stock" ||
			die "building $stock failed"
		if [ -z "$one_tree" ] && { [ ! -f "$ol/vmlinux.a" ] || [ ! -x "$ol/onelink/ld" ]; }; then
			echo "  COPY    $stock -> $ol"
			rm -rf "$ol.tmp"
			cp -a "$stock" "$ol.tmp"
			echo "$variant onelink" >"$ol.tmp/onelink/config.stamp"
			mv "$ol.tmp" "$ol"
			"$top/kernel/build.sh" --variant "$variant" --link onelink "$ol" ||
				die "building $ol failed"
		fi
	done
fi

[ -d "$src" ] || die "$src: no kernel source (kernel/build.sh)"
[ -x "$KALLSYMS" ] || die "$KALLSYMS: not built (make)"
/usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
	die "GNU time not found (scripts/install-deps.sh)"

# as kernel/build.sh: no make flags from outside, a reproducible image
. "$top/kernel/env.sh"
jobs=${JOBS:-2}

now() {
	date +%s.%N
}

# wait until no other make works in tree ${1} (other users of the trees)
wait_idle() {
	i=0
	while pgrep -f -- "(O=|-C )$1( |\$)" >/dev/null 2>&1; do
		[ "$i" -gt 0 ] || echo "  (waiting for another build in $1)" >&2
		i=$((i + 1))
		[ "$i" -lt 600 ] || die "$1: busy for 10 minutes"
		sleep 1
	done
}

# One traced "make vmlinux": ${1} variant, ${2} stock|onelink, ${3} pair.
# Appends to runs.txt: variant mode pair phase make_wall links link_sum rss,
# and the steps of the trace to steps.txt.
run_make() {
	out=$(tree "$1" "$2")
	if [ ! -x "$out/onelink/ld" ] || [ ! -f "$out/vmlinux.a" ]; then
		die "$out: not built (kernel/build.sh --variant $1 --link $2)"
	fi
	makeargs="ARCH=x86_64 LD=$out/onelink/ld"
	case "$1" in
	llvm|llvm-defconfig) makeargs="$makeargs LLVM=1" ;;
	esac
	wait_idle "$out"
	use_mode "$1" "$2"
	do_edit

	rm -f "$out/onelink/links.new"
	trace=$res/$1-$2.trace
	# the last run's files on disk first: the kernel writes dirty data
	# back 30 s after it was written, which would land in the next run's
	# link phase (stock's three links just before onelink's, every round)
	sync
	t0=$(now)
	# shellcheck disable=SC2086
	if ! /usr/bin/time -f %M -o "$res/make.rss" \
			make -C "$src" O="$out" $makeargs -j"$jobs" V=1 vmlinux 2>&1 |
			perl -MTime::HiRes=time -ne '$|=1; printf "%.6f %s", time(), $_' >"$trace"; then
		die "make vmlinux failed in $out; see $trace"
	fi
	t1=$(now)
	[ -f "$out/vmlinux" ] || die "$out/vmlinux: not made; see $trace"
	i=0
	while ! grep -q '^phase ' "$out/onelink/links.new" 2>/dev/null && [ "$i" -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q '^phase ' "$out/onelink/links.new" || die "$out: no phase line in links.new"
	mv "$out/onelink/links.new" "$out/onelink/links.log"
	phase=$(awk '$1 == "phase" { printf "%.3f", $3 - $2; exit }' "$out/onelink/links.log")
	awk -v v="$1" -v m="$2" -v p="$3" -v ph="$phase" -v a="$t0" -v b="$t1" \
		-v rss="$(tail -n 1 "$res/make.rss")" '
		$1 == "link" { n++; s += $4 - $3 }
		END { printf "%s %s %s %s %.3f %d %.3f %s\n", v, m, p, ph, b - a, n, s, rss }' \
		"$out/onelink/links.log" >>"$res/runs.txt"
	steps "$1" "$2" "$3" "$phase" <"$trace" >>"$res/steps.txt"
	printf '  %-5s %-8s pair %s: link phase %s s, make vmlinux %.2f s\n' "$1" "$2" "$3" \
		"$phase" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
}

# The steps of link-vmlinux.sh from its timestamped V=1 trace on stdin: each
# traced command lasts until the next one starts.  Prints
# "variant mode pair step seconds"; "other" is the link phase (${4}) minus
# the named steps: the shell itself, its greps, cmp, file-size.sh, start-up.
# onelink's early link (": early link" in the trace) runs the plan and ld
# side by side: "overlap" is the time from its start to ": waiting for
# ld" (or to STOP, when the plan changed), "ld" the rest of the link.
steps() {
	awk -v v="$1" -v m="$2" -v p="$3" -v ph="$4" '
	function cls(c) {
		if (c ~ /Makefile\.build obj=init /) return "version"
		if (c ~ /kallsyms --prelink/ || c ~ /scripts\/kallsyms /) return "kallsyms"
		if (c ~ /kallsyms --final/) return "final"
		if (c ~ /^(gcc|clang|[^ ]*-gcc) .* -c -o /) return "as"
		if (c ~ /^(exec )?[^ ]*\/onelink\/ld /) return "ld"
		# onelink waits for nothing but its early link
		if (c ~ /^wait [0-9]+$/) return "ld"
		if (c ~ /nm -n .*\.kallsyms\.o$/) return "other"
		if (c ~ /nm -n / || c ~ /^sed -f [^ ]*mksysmap$/) return "sysmap"
		if (c ~ /nm -S / || c ~ /sorttable -s /) return "sorttable"
		return "other"
	}
	$2 != "+" { next }
	{ c = $0; sub(/^[^ ]* \+ /, "", c) }
	!on && c ~ /^\[ .* = clean \]$/ { on = 1 }
	!on { next }
	# the early link: the lines of the two jobs interleave, so none of
	# them ends the overlap but the wait for ld or the STOP
	hold && c !~ /^: waiting for ld$/ && c !~ /^info STOP / { next }
	{
		if (prev != "") t[prev] += $1 - pt
		prev = cls(c); pt = $1
		hold = 0
		if (c ~ /^: early link$/) { prev = "overlap"; hold = 1 }
		if (c ~ /^: waiting for ld$/) prev = "ld"
		if (c ~ /^echo vmlinux: /) exit
	}
	END {
		n = split("version kallsyms as ld overlap final sysmap sorttable", s, " ")
		for (i = 1; i <= n; i++) { printf "%s %s %s %s %.4f\n", v, m, p, s[i], t[s[i]]; sum += t[s[i]] }
		printf "%s %s %s other %.4f\n", v, m, p, ph - sum
	}'
}

# The traced command line that matches the ERE ${2} in trace ${1} (last
# one), without the exec of onelink's early link; a command of a pipeline
# in a subshell is traced with one "+ " more
traced() {
	grep -a -E "^[0-9.]+ (\+ )+(exec )?([A-Z_]+=[^ ]* )*$2" "$1" | tail -n 1 |
		sed 's/^[0-9.]* \(+ \)*//; s/^exec //'
}

# Run "${@}" under GNU time in the tree ${out}; append
# "variant mode pair STEP seconds rss" to replay.txt.  Outputs of the
# replays go to ${res}/r.*: nothing in the trees changes.
replay() {
	step=$1
	shift
	sync
	t0=$(now)
	(cd "$out" && /usr/bin/time -f %M -o "$res/r.rss" "$@") ||
		die "replay of $step failed: $*"
	t1=$(now)
	awk -v v="$variant" -v m="$mode" -v p="$pair" -v s="$step" -v a="$t0" -v b="$t1" \
		-v rss="$(tail -n 1 "$res/r.rss")" \
		'BEGIN { printf "%s %s %s %s %.4f %s\n", v, m, p, s, b - a, rss }' >>"$res/replay.txt"
}

# The words of a traced command with the tree's outputs mapped to ${res}/r.*
# and the ld wrapper to the real linker; the result is in "$@" of the caller
# through ${cmd} (one word per line).  Leading VAR=VALUE words (the script's
# GLIBC_TUNABLES for kallsyms) are kept, run through env.
mapcmd() {
	cmd=
	for a in $1; do
		case "$cmd$a" in
		[A-Z_]*=*) cmd="env
" ;;
		esac
		case "$a" in
		*/onelink/ld) a=$real_ld ;;
		vmlinux|.tmp_vmlinux.onelink) a=$res/r.vmlinux ;;
		.tmp_vmlinux.kallsyms.o|.tmp_vmlinux2.kallsyms.o) a=$res/r.kallsyms.o ;;
		.tmp_vmlinux.kallsyms.S|.tmp_vmlinux2.kallsyms.S) a=$res/r.kallsyms.S ;;
		--layout=*) a=--layout=$res/r.layout ;;
		--write-map=*) a=--write-map=$res/r.map ;;
		esac
		cmd="$cmd$a
"
	done
}

# replay_traced PATTERN STEP [CMD-PREFIX...]: replay as STEP the command of
# trace $tr that matches PATTERN, its files mapped into $res (mapcmd);
# the command's words are split on newlines, so arguments keep their spaces.
replay_traced() {
	_pat=$1
	shift
	_cmd=$(traced "$tr" "$_pat")
	[ -n "$_cmd" ] || die "$tr: no command matches '$_pat'"
	mapcmd "$_cmd"
	IFS='
'
	# shellcheck disable=SC2086
	replay "$@" $cmd
	IFS=$old_ifs
}

# The list sorttable -s reads into r.nm-sort: nm -S (replayed) where it
# reads it (CONFIG_BUILDTIME_MCOUNT_SORT), else empty
sort_list() {
	if grep -q '^CONFIG_BUILDTIME_MCOUNT_SORT=y' "$out/include/config/auto.conf"; then
		replay nm-S sh -c '"$1" -S "$2" >"$3"' sh "$nm" "$res/r.vmlinux" "$res/r.nm-sort"
	else
		: >"$res/r.nm-sort"
	fi
}

# Replay, one at a time, the steps of the last traced runs of ${variant}.
# The assembler's command is the first word ($CC), not a printf or an
# assignment that holds it.
replay_steps() {
	as_pat='[^ =]*(cc|clang) .* -c -o \.tmp_vmlinux\.kallsyms\.o '
	set -f
	old_ifs=$IFS
	# stock: its last table and assembly, then the limit: the final link,
	# System.map, sorttable
	mode=stock
	out=$(tree "$variant" stock)
	real_ld=$(sed -n 's/^real=//p' "$out/onelink/ld")
	tr=$res/$variant-stock.trace
	nm=$(traced "$tr" '[^ ]*nm -n vmlinux$' | cut -d' ' -f1)
	[ -n "$nm" ] || die "$tr: no 'nm -n vmlinux' traced"
	replay_traced '[^ ]*scripts/kallsyms .*\.tmp_vmlinux2\.syms$' kallsyms sh -c '"$@" >"$0"' "$res/r.kallsyms.S"
	replay_traced '[^ =]*(cc|clang) .* -c -o \.tmp_vmlinux2\.kallsyms\.o ' as
	replay_traced '[^ ]*/onelink/ld .* -o vmlinux ' ld
	replay sysmap sh -c '"$1" -n "$2" | sed -f "$3" >"$4"' sh "$nm" "$res/r.vmlinux" \
		"$src/scripts/mksysmap" "$res/r.map"
	sort_list
	replay sorttable "$out/scripts/sorttable" -s "$res/r.nm-sort" "$res/r.vmlinux"

	# onelink: every step of its link phase
	mode=onelink
	out=$(tree "$variant" onelink)
	real_ld=$(sed -n 's/^real=//p' "$out/onelink/ld")
	tr=$res/$variant-onelink.trace
	replay_traced '[^ ]*kallsyms --prelink ' kallsyms sh -c '"$@" >"$0"' "$res/r.kallsyms.S"
	# the script assembles the table only when its .S changed: else the
	# link takes the tree's object, and the step took no time
	if [ -n "$(traced "$tr" "$as_pat")" ]; then
		replay_traced "$as_pat" as
	else
		cp "$out/.tmp_vmlinux.kallsyms.o" "$res/r.kallsyms.o"
		echo "$variant $mode $pair as 0 0" >>"$res/replay.txt"
	fi
	replay_traced '[^ ]*/onelink/ld .* -o \.tmp_vmlinux\.onelink ' ld
	replay_traced '[^ ]*kallsyms --final ' final
	sort_list
	replay sorttable "$out/scripts/sorttable" -s "$res/r.nm-sort" "$res/r.vmlinux"
	set +f
}

# padding of the onelink table: "variant bytes percent table reserved", from
# the last replay of onelink's link and final pass (the tree's vmlinux is the
# notable run's, whose table is empty)
padding() {
	out=$(tree "$1" onelink)
	opts=--all-symbols
	! grep -q '^CONFIG_KALLSYMS_ABSOLUTE_PERCPU=y' "$out/include/config/auto.conf" ||
		opts="$opts --absolute-percpu"
	# shellcheck disable=SC2086
	"$KALLSYMS" --final --dry-run --explain $opts \
		--layout="$out/.tmp_vmlinux.kallsyms.layout" "$res/r.vmlinux" 2>&1 |
		sed -n "s/.*table \([0-9]*\) bytes in \([0-9]*\) reserved: padding \([0-9]*\) bytes (\([0-9.]*\)%).*/$1 \3 \4 \1 \2/p"
}

if [ -z "$redraw" ]; then
	: >"$res/runs.txt"
	: >"$res/steps.txt"
	: >"$res/replay.txt"
	: >"$res/padding.txt"
	{
		echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
		echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "rounds: $pairs; variants: $*; edit: $edit"

		[ -z "$one_tree" ] || echo "trees: one per variant (--one-tree)"
	} >"$res/info.txt"

	# a run that fails leaves the stock trees linking stock again, and
	# init/main.c as it was
	variants=$*
	trap 'IFS=" "; for variant in $variants; do use_mode "$variant" stock; done; restore_edit' EXIT
	for variant in "$@"; do
		pair=1
		while [ "$pair" -le "$pairs" ]; do
			run_make "$variant" stock "$pair"
			run_make "$variant" onelink "$pair"
			run_make "$variant" notable "$pair"
			replay_steps
			pair=$((pair + 1))
		done
		padding "$variant" >>"$res/padding.txt"
		use_mode "$variant" stock
	done
	echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$res/info.txt"
fi

# ---- summary ----------------------------------------------------------------

# median, min and max of the numbers on stdin: "median min max"
stats() {
	sort -g | awk '{ a[NR] = $1 }
		END { if (NR == 0) { print "- - -"; exit }
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.3f %.3f %.3f\n", m, a[1], a[NR] }' | sed 's/\.000//g'
}

# column ${3} of runs.txt for variant ${1}, mode ${2}
col() {
	awk -v v="$1" -v m="$2" -v c="$3" '$1 == v && $2 == m { print $c }' "$res/runs.txt"
}

# replayed step ${3} of variant ${1}, mode ${2}: column ${4} (5 time, 6 RSS)
rcol() {
	awk -v v="$1" -v m="$2" -v s="$3" -v c="$4" '$1 == v && $2 == m && $4 == s { print $c }' \
		"$res/replay.txt"
}

# traced step ${3} of variant ${1}, mode ${2}
scol() {
	awk -v v="$1" -v m="$2" -v s="$3" '$1 == v && $2 == m && $4 == s { print $5 }' \
		"$res/steps.txt"
}

# per round, onelink's link phase over mode ${2}'s, variant ${1}
ratios() {
	awk -v v="$1" -v m="$2" '$1 == v { ph[$2 "," $3] = $4 }
		END { for (k in ph) if (k ~ /^onelink,/) { p = substr(k, 9)
			if (ph[m "," p] > 0) print ph[k] / ph[m "," p] } }' "$res/runs.txt"
}

# the limit per pair: replayed ld + sysmap + nm-S + sorttable of stock

limits() {
	awk -v v="$1" '$1 == v && $2 == "stock" && $4 ~ /^(ld|sysmap|nm-S|sorttable)$/ {
			t[$3] += $5 }
		END { for (p in t) printf "%.4f\n", t[p] }' "$res/replay.txt"
}

{
	cat "$res/info.txt"
	for variant in "$@"; do
		echo
		echo "== $variant: per round (link phase and make vmlinux in seconds; links)"
		echo "round  stock:phase make links  onelink:phase make links  notable:phase make links  onelink/stock  onelink/notable"
		awk -v v="$variant" '$1 == v { k = $2 "," $3; ph[k] = $4; mk[k] = $5; ln[k] = $6; if ($3 > n) n = $3 }
			END { for (p = 1; p <= n; p++)
				printf "%5d  %11s %5s %5s  %13s %5s %5s  %13s %5s %5s  %13.3f  %15.3f\n", p,
					ph["stock," p], mk["stock," p], ln["stock," p],
					ph["onelink," p], mk["onelink," p], ln["onelink," p],
					ph["notable," p], mk["notable," p], ln["notable," p],
					ph["onelink," p] / ph["stock," p], ph["onelink," p] / ph["notable," p] }' \
			"$res/runs.txt"
		echo "-- median min max"
		echo "link phase stock     $(col "$variant" stock 4 | stats)"
		echo "link phase onelink   $(col "$variant" onelink 4 | stats)"
		echo "link phase notable   $(col "$variant" notable 4 | stats)"
		echo "onelink/stock        $(ratios "$variant" stock | stats)"
		echo "onelink/notable      $(ratios "$variant" notable | stats)"
		echo "links onelink        $(col "$variant" onelink 6 | stats)"
		echo "make vmlinux stock   $(col "$variant" stock 5 | stats)"
		echo "make vmlinux onelink $(col "$variant" onelink 5 | stats)"
		echo "make vmlinux notable $(col "$variant" notable 5 | stats)"
		echo "limit (ld+map+sort)  $(limits "$variant" | stats)"
		echo "onelink/limit        $(awk -v a="$(col "$variant" onelink 4 | stats | cut -d' ' -f1)" \
			-v b="$(limits "$variant" | stats | cut -d' ' -f1)" 'BEGIN { printf "%.2f", a / b }')"
		echo "-- steps in the link phase (V=1 trace; median seconds; overlap: onelink's"
		echo "   plan and link side by side, ld then the rest of its link)"
		printf '%-10s %8s %8s %8s\n' step stock onelink notable
		for s in version kallsyms as ld overlap final sysmap sorttable other; do
			printf '%-10s %8s %8s %8s\n' "$s" "$(scol "$variant" stock "$s" | stats | cut -d' ' -f1)" \
				"$(scol "$variant" onelink "$s" | stats | cut -d' ' -f1)" \
				"$(scol "$variant" notable "$s" | stats | cut -d' ' -f1)"
		done
		echo "-- replayed steps (median seconds, peak RSS in KB)"
		printf '%-10s %8s %8s %8s %8s\n' step stock:s RSS onelink:s RSS
		for s in kallsyms as ld final sysmap nm-S sorttable; do
			printf '%-10s %8s %8s %8s %8s\n' "$s" \
				"$(rcol "$variant" stock "$s" 5 | stats | cut -d' ' -f1)" \
				"$(rcol "$variant" stock "$s" 6 | stats | cut -d' ' -f3)" \
				"$(rcol "$variant" onelink "$s" 5 | stats | cut -d' ' -f1)" \
				"$(rcol "$variant" onelink "$s" 6 | stats | cut -d' ' -f3)"
		done
		echo "make vmlinux peak RSS (KB, max): stock $(col "$variant" stock 8 | stats | cut -d' ' -f3)," \
			"onelink $(col "$variant" onelink 8 | stats | cut -d' ' -f3)"
		awk -v v="$variant" '$1 == v { printf "padding: %s bytes of %s reserved (%s%%; table %s bytes)\n", $2, $5, $3, $4 }' \
			"$res/padding.txt"
	done
} >"$res/summary.txt"
cat "$res/summary.txt"

# ---- chart ------------------------------------------------------------------

if command -v gnuplot >/dev/null 2>&1; then
	# one file and one panel per variant: defconfig's seconds would flatten
	# tinyconfig's tenths on a common axis
	for variant in "$@"; do
		{
			echo "run version kallsyms as ld kallsyms||ld final sysmap sorttable other"
			for mode in stock onelink notable; do
				printf '%s' "$mode"
				for s in version kallsyms as ld overlap final sysmap sorttable other; do
					printf ' %s' "$(scol "$variant" "$mode" "$s" | stats | cut -d' ' -f1)"
				done
				echo
			done
			printf 'limit'
			for s in version kallsyms as ld overlap final sysmap sorttable; do
				case "$s" in
				ld|sysmap) printf ' %s' "$(rcol "$variant" stock "$s" 5 | stats | cut -d' ' -f1)" ;;
				sorttable) printf ' %s' "$( (rcol "$variant" stock nm-S 5 | stats | cut -d' ' -f1
					rcol "$variant" stock sorttable 5 | stats | cut -d' ' -f1) |
					awk '{ s += $1 } END { printf "%.4f", s }')" ;;
				*) printf ' 0' ;;
				esac
			done
			echo ' 0'
		} | sed 's/ -\( \|$\)/ 0\1/g; s/ -\( \|$\)/ 0\1/g' >"$res/chart-$variant.dat"
	done
	{
		cat <<EOF
set terminal pngcairo size $((250 * $# + 550)),520 noenhanced font ",10"
set output "$png"
set multiplot layout 1,$# title "vmlinux link phase by step, median seconds ($edit loop)\nnotable: a table that costs nothing; limit: ld + System.map + sorttable; kallsyms||ld: side by side"

set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.7
set yrange [0:*]
set grid ytics
set key off
set linetype 9 lc rgb "#909090"
EOF
		i=0
		for variant in "$@"; do
			i=$((i + 1))
			[ "$i" -ne $# ] || echo 'set key outside right top'
			echo "set title \"$variant\""
			echo "plot for [i=2:10] \"$res/chart-$variant.dat\" using i:xtic(1) title columnheader"
		done
		echo 'unset multiplot'
	} | gnuplot
	echo "chart: $png"
else
	echo "link-phase.sh: gnuplot not found: no chart (scripts/install-deps.sh)" >&2
fi
