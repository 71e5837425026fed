# shellcheck shell=sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# progress.sh - how far a kernel build is, while it runs (sourced by
# kernel/build.sh).
#
#   progress_start LOG RECORD   from now on, count the objects the build
#                               compiles (kbuild's "  CC" and "  AS" lines
#                               appended to LOG from now on) and show them
#                               against the count in RECORD, that of the
#                               last full build of the same configuration
#                               (none if RECORD is empty or missing)
#   progress_stop               stop showing it
#   progress_record RECORD      write this build's count to RECORD
#
# On a terminal (standard output) one line is rewritten in place every
# second; otherwise a plain line is printed every PROGRESS_INTERVAL
# seconds (default 30).  The line reads
#
#     BUILD   1234/2001 objects (61%), 1:52 so far, about 1:10 left
#
# The time left is the time so far scaled by the objects still to do; it
# is shown from 5% of the objects on.  Without a record (a first build)
# the line has the count and the time so far; past the record's count
# (a bigger configuration) it says so instead of a percentage.

progress_pid=

# objects compiled since progress_start
progress_count()
{
	tail -c +"$((progress_offset + 1))" "$progress_log" 2>/dev/null |
		grep -c '^  \(CC\|AS\) ' || true
}

# progress_line DONE TOTAL ELAPSED: the text of the line
progress_line()
{
	awk -v d="$1" -v t="$2" -v e="$3" '
	function mmss(s) { s = int(s + 0.5); return sprintf("%d:%02d", s / 60, s % 60) }
	BEGIN {
		if (t > 0 && d <= t) {
			line = sprintf("%d/%d objects (%d%%), %s so far", d, t, 100 * d / t, mmss(e))
			if (d >= t / 20 && d > 0 && d < t)
				line = line sprintf(", about %s left", mmss(e * (t - d) / d))
		} else if (t > 0) {
			line = sprintf("%d objects (the last full build had %d), %s so far", d, t, mmss(e))
		} else {
			line = sprintf("%d objects, %s so far", d, mmss(e))
		}
		print line
	}'
}

progress_start()
{
	progress_log=$1
	progress_offset=$(wc -c <"$1")
	progress_total=$(cut -d' ' -f1 "$2" 2>/dev/null) || progress_total=0
	progress_t0=$(date +%s)
	_parent=$$
	if [ -t 1 ]; then
		_tty=1 _every=1
	else
		_tty='' _every=${PROGRESS_INTERVAL:-30}
	fi
	(
		_next=$_every
		while kill -0 "$_parent" 2>/dev/null; do
			sleep 1
			_e=$(($(date +%s) - progress_t0))
			if [ -n "$_tty" ]; then
				printf '\r  %-7s %s\033[K' BUILD \
					"$(progress_line "$(progress_count)" "${progress_total:-0}" "$_e")"
			elif [ "$_e" -ge "$_next" ]; then
				printf '  %-7s %s\n' BUILD \
					"$(progress_line "$(progress_count)" "${progress_total:-0}" "$_e")"
				_next=$((_next + _every))
			fi
		done
	) &
	progress_pid=$!
	trap progress_stop EXIT
}

progress_stop()
{
	[ -n "$progress_pid" ] || return 0
	kill "$progress_pid" 2>/dev/null || true
	wait "$progress_pid" 2>/dev/null || true
	progress_pid=
	trap - EXIT
	[ ! -t 1 ] || printf '\r\033[K'
}

progress_record()
{
	mkdir -p "$(dirname "$1")"
	echo "$(progress_count) $(($(date +%s) - progress_t0))" >"$1.tmp"
	mv "$1.tmp" "$1"
}
