#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kernel/progress.sh, the progress line of kernel/build.sh, without a
# kernel: a stand-in build appends kbuild's output lines to a log.  The
# line's text for given counts and times; plain lines when standard
# output is not a terminal, one line rewritten in place on a terminal
# (script(1) gives a pty); the record of a finished build.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top and work
. "$(dirname "$0")/lib.sh"
. "$top/kernel/progress.sh"

line() {
	_got=$(progress_line "$1" "$2" "$3")
	if [ "$_got" = "$4" ]; then
		ok "$1 of $2 after $3 s: $4"
	else
		not_ok "$1 of $2 after $3 s: $4"
		diag "got: $_got"
	fi
}
line 500 2000 90 "500/2000 objects (25%), 1:30 so far, about 4:30 left"
line 99 2000 10 "99/2000 objects (4%), 0:10 so far"
line 100 2000 10 "100/2000 objects (5%), 0:10 so far, about 3:10 left"
line 2000 2000 600 "2000/2000 objects (100%), 10:00 so far"
line 2100 2000 601 "2100 objects (the last full build had 2000), 10:01 so far"
line 7 0 65 "7 objects, 1:05 so far"

# a build of 10 objects, 5 of them compiled before the first line
build() {
	sleep 0.2
	printf '  %-7s %s\n' HOSTCC fixdep CC a.o CC b.o AS c.o "CC [M]" m.o CC d.o >>build.log
	sleep 2.5
}
echo "  CC      configure.o" >build.log
echo "10 100" >record
PROGRESS_INTERVAL=1
export PROGRESS_INTERVAL
( progress_start build.log record; build; progress_stop ) >plain.out
check "not a terminal: plain lines, one a second" [ "$(grep -c '^  BUILD   ' plain.out)" -ge 2 ]
check "... counting the CC, AS and CC [M] lines written since the start" \
	grep -q '^  BUILD   5/10 objects (50%), 0:0[12] so far, about 0:0[12] left$' plain.out
check "... and nothing else" [ "$(grep -vc '^  BUILD   ' plain.out)" -eq 0 ]
(
	progress_start build.log record
	printf '  %-7s %s\n' CC x.o CC y.o LD vmlinux >>build.log
	progress_record record2
	progress_stop
) >/dev/null
check "the record: objects and seconds" grep -qx '2 0' record2
( progress_start build.log none; build; progress_stop ) >none.out
check "no record: the count and the time so far" grep -qx '  BUILD   5 objects, 0:01 so far' none.out

if need script; then
	script -qec "sh -c '. \"$top/kernel/progress.sh\"; progress_start build.log record; printf \"  CC      %s\\n\" p.o q.o r.o >>build.log; sleep 2.5; progress_stop'" \
		/dev/null >tty.out </dev/null
	cr=$(printf '\r')
	check "a terminal: the line rewritten in place" \
		[ "$(grep -o "$cr  BUILD   3/10 objects" tty.out | wc -l)" -ge 2 ]
	check "... without a newline, and cleared at the end" \
		[ "$(grep -c BUILD tty.out)" -eq 1 ] && tail -c 4 tty.out | od -c | grep -q '\\r 033   \[   K'
else
	skip "a terminal" "no script(1)"
fi

done_testing
