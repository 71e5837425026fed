#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The test library (tests/lib.sh) itself: what its helpers report when
# the command they run fails.  Each helper under test runs in a subshell
# whose TAP goes to a file, so its deliberate "not ok" stays out of this
# script's own results.

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

done_testing
