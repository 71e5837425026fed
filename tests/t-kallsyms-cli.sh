#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kallsyms' command line and listing input: --help and the man page agree,
# usage errors exit 2, bad listings one clear message and exit 1.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

help_matches_man "$KALLSYMS" kallsyms

expect_fail "unknown option: usage, exit 2" 2 "Usage: kallsyms" "$KALLSYMS" --bogus x
expect_fail "no input: usage, exit 2" 2 "Usage: kallsyms" "$KALLSYMS"
expect_fail "--prelink without --layout: exit 2" 2 "needs --layout" "$KALLSYMS" --prelink x.o
expect_fail "--reserve of no array: exit 2" 2 "--reserve" "$KALLSYMS" --prelink --layout=l --reserve=bogus=4 x.o
expect_fail "missing listing" 1 "kallsyms: missing.map: cannot open" "$KALLSYMS" missing.map

printf 'ffffffff81000000 T _text\nthis is not a listing line\n' >bad.map
expect_fail "malformed line is named by its number" 1 "bad.map: line 2: expected" "$KALLSYMS" bad.map
printf 'ffffffff81000000 T\n' >short.map
expect_fail "a line without a name" 1 "short.map: line 1" "$KALLSYMS" short.map

# 0x4000 characters cannot be encoded at all: an error
awk 'BEGIN { printf "ffffffff81000000 T "; for (i = 0; i < 16384; i++) printf "x"; print "" }' >huge.map
expect_fail "a 0x4000-character name is refused" 1 "cannot be encoded" "$KALLSYMS" --all-symbols huge.map

# 600 characters: skipped with a warning, as the kernel's tool does
awk 'BEGIN { print "ffffffff81000000 T _text"; printf "ffffffff81000010 T "; for (i = 0; i < 600; i++) printf "y"; print "" }' >long.map
"$KALLSYMS" --all-symbols long.map >long.S 2>long.err
st=$?
if [ "$st" -eq 0 ] && grep -q "too long for kallsyms (600 >= 512), skipped" long.err &&
	! grep -q yyyyyyyyyy long.S; then
	ok "a 600-character name is skipped with a warning"
else
	not_ok "a 600-character name is skipped with a warning (exit $st)"
fi

done_testing
