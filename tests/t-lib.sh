#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The test library itself: what tests/lib.sh's helpers report when the
# command they run fails, and how tests/run counts a script's tests
# against its plan.  Each helper under test runs in a subshell whose TAP
# goes to a file, so its deliberate "not ok" stays out of this script's
# own results; tests/run runs scripts that only print a given TAP stream.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top and work
. "$(dirname "$0")/lib.sh"

# expect_ok: a command that exits 3 is a "not ok" whose diagnosis names
# the command and its exit status (3, not the status of the reporting)
(expect_ok "exits 3" sh -c 'echo why >&2; exit 3') >eo.tap
check "expect_ok: a failing command is not ok" grep -qx 'not ok [0-9]* - exits 3' eo.tap
check "expect_ok: the diagnosis names the command" grep -qx '# command: sh -c echo why >&2; exit 3' eo.tap
check "expect_ok: the diagnosis gives its exit status" grep -qx '# exit: 3' eo.tap
check "expect_ok: the diagnosis shows its stderr" grep -qx '# why' eo.tap

# expect_fail: a wrong exit status and a stderr that does not match are
# each reported with what was expected
(expect_fail "wants 2" 2 "why" sh -c 'echo why >&2; exit 1') >ef.tap
check "expect_fail: another exit status is not ok" grep -qx 'not ok [0-9]* - wants 2' ef.tap
check "expect_fail: ... and says which" grep -qx '# exit 1, expected 2' ef.tap
(expect_fail "wants because" 1 "because" sh -c 'echo why >&2; exit 1') >ef2.tap
check "expect_fail: another message is not ok" grep -qx 'not ok [0-9]* - wants because' ef2.tap
check "expect_fail: ... and says which pattern" grep -qx '# stderr does not match: because' ef2.tap

# run_tap NAME TAP: tests/run on lib-plan-NAME.sh, a script that prints
# TAP; its report in NAME.run, its exit status returned
run_tap() {
	printf "cat <<'TAP'\n%s\nTAP\n" "$2" >"lib-plan-$1.sh"
	sh "$top/tests/run" "$work/lib-plan-$1.sh" >"$1.run"
}
# refused NAME TAP: tests/run fails on it
refused() {
	! run_tap "$@"
}
# last NAME: the summary line of NAME.run
last() {
	tail -n 1 "$1.run"
}
check "run: the plan last, as many tests as planned: passes" \
	run_tap good "$(printf 'ok 1 - a\nok 2 - b\n1..2')"
check "... 2 passed" [ "$(last good)" = "2 passed, 0 failed, 0 skipped" ]
check "run: the plan first: passes" run_tap first "$(printf '1..2\nok 1 - a\nok 2 - b')"
check "run: a skipped script: passes, 1 skipped" run_tap skip "$(printf 'ok 1 - a # SKIP why\n1..1')"
check "... 1 skipped" [ "$(last skip)" = "0 passed, 0 failed, 1 skipped" ]
check "run: fewer tests than planned: fails" refused short "$(printf 'ok 1 - a\n1..2')"
check "... named" grep -qx 'not ok - lib-plan-short planned 2 tests and ran 1' short.run
check "... counted" [ "$(last short)" = "1 passed, 1 failed, 0 skipped" ]
check "run: more tests than planned: fails" refused long "$(printf '1..1\nok 1 - a\nok 2 - b')"
check "... named" grep -qx 'not ok - lib-plan-long planned 1 tests and ran 2' long.run
check "run: no plan: fails" refused none "ok 1 - a"
check "... named" grep -qx 'not ok - lib-plan-none printed 0 plans (1..N), not one' none.run
check "run: two plans: fails" refused two "$(printf 'ok 1 - a\n1..1\nok 2 - b\n1..2')"
check "... named" grep -qx 'not ok - lib-plan-two printed 2 plans (1..N), not one' two.run
rm -f "$top"/tests/out/lib-plan-*.tap

done_testing
