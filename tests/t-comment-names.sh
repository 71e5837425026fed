#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-comment-names.sh - every function a C comment names as "name()" is
# one that exists: defined in a C file or header of the tree (a function,
# or a function-like macro), or declared by a system header (libc, libelf,
# libbfd).  Names without a lower-case letter are linker-script and
# assembler keywords (PROVIDE(), HIDDEN()), not functions.  A comment
# that names a function renamed or removed since fails here.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top and work
. "$(dirname "$0")/lib.sh"

if ! need git python3 || ! git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	skip "comments name existing functions" "needs git and python3 in a checkout"
	done_testing
	exit
fi
# the C sources and headers of the tree (tracked, or new and not ignored)
git -C "$top" ls-files --cached --others --exclude-standard -- '*.c' '*.h' |
	sed "s|^|$top/|" >files.txt
# NAME FILE:LINE for each name() in a comment; then DEFINED NAME for each
# function or function-like macro defined
python3 - files.txt >names.txt <<'PY'
import re, sys
named, defined = {}, set()
for path in open(sys.argv[1]).read().split("\n"):
    if not path:
        continue
    try:
        s = open(path, errors="replace").read()
    except OSError:
        continue
    for m in re.finditer(r"/\*.*?\*/|//[^\n]*", s, re.S):
        for n in re.finditer(r"\b([A-Za-z_]\w*)\(\)", m.group(0)):
            if re.search("[a-z]", n.group(1)):
                line = s.count("\n", 0, m.start() + n.start()) + 1
                named.setdefault(n.group(1), "%s:%d" % (path, line))
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", s, flags=re.S)
    # a definition: NAME(PARAMETERS) followed by its body, or a
    # function-like macro; a prototype alone does not count
    for d in re.finditer(r"\b(\w+)\s*\([^;{}()]*(?:\([^()]*\)[^;{}()]*)*\)\s*\{", code):
        defined.add(d.group(1))
    for d in re.finditer(r"^#\s*define\s+(\w+)\(", code, re.M):
        defined.add(d.group(1))
for name, where in sorted(named.items()):
    print(name, where, "defined" if name in defined else "-")
PY
# all_exist: 0 if every name names.txt lists exists; the others on stderr
all_exist() {
	[ "$(wc -l <names.txt)" -gt 10 ] || { echo "too few names found" >&2 && return 1; }
	_st=0
	while read -r name where state; do
		[ "$state" = defined ] && continue
		# a system library's function: declared by a header
		grep -rqsw --include='*.h' -e "$name" /usr/include && continue
		echo "${name}() (${where#"$top"/}) is defined nowhere" >&2
		_st=1
	done <names.txt
	return "$_st"
}
expect_ok "the functions comments name all exist ($(wc -l <names.txt))" all_exist
done_testing
