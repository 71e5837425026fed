#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The early link of scripts/link-vmlinux.sh, run by a real make -j (its
# jobserver) in a fake object tree as t-link-vmlinux.sh makes it: with the
# last plan's table object there and a free job slot, vmlinux is linked
# at once while the new plan is made; the link is kept when the plan is the
# same, stopped and made again when it is not; with no jobserver or no
# free slot the phase runs in series.  Whatever the history, the same
# inputs give the same vmlinux bytes; SIGINT or SIGTERM at any moment
# leaves no vmlinux and no temporary, and the next run links correctly.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
# shellcheck disable=SC2016 # check's eval expands its argument when it runs
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "early link" "no scripts/mksysmap"; done_testing; exit; }
need make setsid pgrep || { skip "early link" "make, setsid or pgrep missing"; done_testing; exit; }

kbuild_tree 6 12 "$MKSYSMAP"
kbuild_objtree obj
kbuild_config obj CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y

# objects DIR FILES FUNCS: the test program's objects and thin archive in
# obj/, FILES files of FUNCS functions each
objects() {
	rm -rf "$1" obj/*.o obj/vmlinux.a
	"$KPROG/gen.sh" "$1" "$2" "$3"
	kprog_objects obj "$1" >/dev/null || not_ok "compile the test program"
	(cd obj && ar rcsT vmlinux.a ./*.o)
}
objects gen 4 200
# a linker slow enough for a signal to land while it runs (before and
# after it writes its output); like a linker, SIGTERM ends all of it
# before it exits
cat >slowld <<'SH'
#!/bin/sh
trap 'kill "$!" 2>/dev/null; wait "$!"; exit 143' TERM
sleep 0.3 & wait "$!"
ld "$@" & wait "$!" || exit
sleep 0.3 & wait "$!"
SH
# the script in obj/ with kbuild's variables, exec'd (make's child is the
# script itself); V=1 traces it
cat >runlink <<SH
#!/bin/sh
exec "$work/kbuild" obj KBUILD_VERBOSE=1 sh "$top/scripts/link-vmlinux.sh" \\
	"\${LINKER:-ld}" -static --build-id=none
SH
# a linker with a message (as ld's warnings) on standard error
cat >noisyld <<'SH'
#!/bin/sh
echo "noisyld: a warning" >&2
exec ld "$@"
SH
chmod +x slowld noisyld runlink
# "link" as kbuild's vmlinux rule runs it (+: the jobserver is passed on);
# "busy" holds make's other job slot while the link runs
cat >Makefile <<'MK'
link obj/vmlinux: FORCE
	+./runlink
busy:
	sleep 5
both: busy link
FORCE:
MK

# mk LOG ARGS...: make ARGS with the link's output in LOG
mk() {
	_log=$1
	shift
	make --no-print-directory "$@" >"$_log" 2>&1
}

# the traced run in LOG: linked early / stopped the early link / number of links
early() { grep -q '^+ : early link$' "$1"; }
stopped() { grep -q '^  STOP    \.tmp_vmlinux\.onelink ' "$1"; }
links() { grep -c '^  LD      ' "$1"; }
verified() {
	"$KALLSYMS" --verify --all-symbols obj/vmlinux >/dev/null 2>&1 &&
		obj/vmlinux 2>&1 | grep -q 'known addresses: finish'
}
no_temporary() {
	[ ! -e obj/.tmp_vmlinux.onelink ] && [ ! -e obj/.tmp_vmlinux.onelink.log ] &&
		[ ! -e obj/.tmp_vmlinux.kallsyms.S.new ]
}
# the linker's messages in LOG: how many / only after the wait for it
warnings() { grep -c '^noisyld: a warning$' "$1"; }
warned_after_wait() {
	awk '/^\+ : waiting for ld$/ { w = 1 } /^noisyld: / && !w { exit 1 }' "$1"
}

mk first.log -j2 link
check "first link: no table object yet, so no early link" eval '! early first.log'
check "... one link, vmlinux verified" eval '[ "$(links first.log)" -eq 1 ] && verified'

LINKER="$work/noisyld" mk same.log -j2 link
check "the same inputs under make -j2: linked early" early same.log
check "... one link, not stopped, the table not assembled again" \
	eval '[ "$(links same.log)" -eq 1 ] && ! stopped same.log &&
		! grep -q "^  AS " same.log'
check "... vmlinux verified, no temporary" eval 'verified && no_temporary'
check "... the job slot given back (make reports no missing token)" \
	eval '! grep -q "jobserver tokens" same.log'
cp obj/vmlinux vmlinux.same
# dash traces a word at a time: the early link's trace and messages wait
# for the end of the plan, whose trace would cut their lines
check "... the linker's message shown once, after the plan" \
	eval '[ "$(warnings same.log)" -eq 1 ] && warned_after_wait same.log'
check "... its LD line whole, before the plan's KSYMS" \
	awk '$0 == "  LD      .tmp_vmlinux.onelink" { ld = NR }
		/^  KSYMS   \.tmp_vmlinux\.kallsyms\.S$/ && !k { k = NR }
		END { exit !(ld && k && ld < k) }' same.log
check "... its command traced on a line of its own" \
	grep -q "^+ exec [^ ]*/noisyld .* -o \.tmp_vmlinux\.onelink " same.log

ONELINK_PRELINK_FLAGS=--margin=9 LINKER="$work/noisyld" mk changed.log -j2 link
check "another plan under make -j2: linked early, then stopped" \
	eval 'early changed.log && stopped changed.log'
check "... assembled and linked again: two links, vmlinux verified" \
	eval 'grep -q "^  AS " changed.log && [ "$(links changed.log)" -eq 2 ] && verified'
check "... no temporary left" no_temporary
check "... the stopped link's messages not shown: the second link's only" \
	eval '[ "$(warnings changed.log)" -eq 1 ]'
cp obj/vmlinux vmlinux.changed
ONELINK_PRELINK_FLAGS=--margin=9 mk changed-series.log -j1 link
check "make -j1 (no jobserver): no early link" eval '! early changed-series.log'
same_file "... the same vmlinux as the early link's" vmlinux.changed obj/vmlinux

mk busy.log -j2 both
check "make -j2 with the other slot busy: no early link" eval '! early busy.log'
check "... vmlinux verified" verified
same_file "... the same vmlinux as the early link's of these inputs" vmlinux.same obj/vmlinux

# Whatever the history: a clean build, and the same sources after
# symbols were added and removed again, give the same bytes.
rm -f obj/.tmp_vmlinux* obj/vmlinux
mk clean.log -j2 link
cp obj/vmlinux vmlinux.clean
objects gen2 4 230
mk more.log -j2 link
check "more symbols: vmlinux verified" verified
objects gen 4 200
mk back.log -j2 link
check "the symbols removed again: vmlinux verified" verified
same_file "... byte-identical with the clean build of the same sources" vmlinux.clean obj/vmlinux

# signal_at SIG DELAY: make -j2 obj/vmlinux (a file target: make deletes
# it when a signal stops its recipe, as kbuild's vmlinux) with the slow
# linker, SIG to its process group after DELAY seconds (as Ctrl-C sends
# SIGINT to the terminal's foreground group)
signal_at() {
	rm -f obj/vmlinux
	LINKER="$work/slowld" env --default-signal=INT setsid \
		make --no-print-directory -j2 obj/vmlinux >"sig-$1-$2.log" 2>&1 &
	_pid=$!
	sleep "$2"
	env kill -s "$1" -- "-$_pid" 2>/dev/null
	_status=0
	wait "$_pid" || _status=$?
	sleep 0.5
}
# the linkers of this test still running: processes writing the
# temporary (its name in their command line) in obj/
linkers() {
	for _p in $(pgrep -f -- '-o \.tmp_vmlinux\.onelink'); do
		[ "$(readlink "/proc/$_p/cwd")" != "$work/obj" ] || echo "$_p"
	done
}
no_linker() { [ -z "$(linkers)" ]; }

# after the signal: no vmlinux, or (the signal came after the phase) a
# verified one; never a temporary or a linker left running
after_signal() {
	if [ -e obj/vmlinux ]; then
		verified || { diag "wrong vmlinux left (make: $_status)"; return 1; }
	fi
	no_temporary || { diag "temporary left: $(cd obj && ls -d .tmp_vmlinux.onelink .tmp_vmlinux.kallsyms.S.new 2>/dev/null)"; return 1; }
	no_linker || { diag "linker left: $(linkers)"; return 1; }
}
for sig in INT TERM; do
	for delay in 0.1 0.3 0.5 0.7 0.9 1.2; do
		signal_at "$sig" "$delay"
		check "SIG$sig after ${delay} s: no wrong vmlinux, no temporary, no linker left" \
			after_signal
	done
done
mk after.log -j2 link
check "... and the next make links a verified vmlinux" verified
same_file "... the same as before the signals" vmlinux.clean obj/vmlinux

done_testing
