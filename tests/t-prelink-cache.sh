#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-prelink-cache.sh - kallsyms --prelink --cache=FILE: the symbols of
# unchanged inputs come from FILE, the changed ones are read again.
# Whatever the cache holds, the padded table and the layout must be those
# of a run without it: after a member of a thin archive changes (a new
# symbol; the same size and modification time but other bytes), after a
# plain object or a regular archive changes, after the cache file is
# damaged, and a run that fails keeps the cache it had.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

"$KPROG/gen.sh" src 4 40
compile objs -O1 src/*.c >/dev/null || not_ok "compile the sources"
ar rcsT thin.a objs/*.o
set -- objs/*.o
first=$1
shift $(($# - 1))
last=$1
cp "$last" plain.o
ar rcs regular.a "$first"

# reads ARGS...: how many read calls a prelink run makes
reads() {
	strace -o reads.log -e trace=read "$KALLSYMS" --prelink --all-symbols \
		--layout=r.layout "$@" thin.a plain.o regular.a >/dev/null 2>&1
	grep -c '^read(' reads.log
}

# prelink NAME [--cache=FILE]: the padded table and layout into NAME.S and
# NAME.layout, from the thin archive, a plain object and a regular archive
prelink() {
	_n=$1
	shift
	"$KALLSYMS" --prelink --all-symbols --lds="$KPROG/prog.lds" --layout="$_n.layout" \
		"$@" thin.a plain.o regular.a >"$_n.S"
}
# same NAME DESC: NAME's outputs are those of a run without the cache
same() {
	prelink ref &&
	if cmp -s ref.S "$1.S" && cmp -s ref.layout "$1.layout"; then
		ok "$2"
	else
		not_ok "$2"
		diag "$(diff ref.layout "$1.layout" | head -n 5)"
	fi
}

expect_ok "--cache: first run" prelink c1 --cache=sym.cache
check "... writes the cache" [ -s sym.cache ]
same c1 "... the same table and layout as without the cache"
cp sym.cache sym.cache.1
expect_ok "--cache: second run" prelink c2 --cache=sym.cache
same c2 "... from the cache: the same table and layout"
same_file "... an unchanged run leaves the cache as it was" sym.cache.1 sym.cache
if need strace && strace -o /dev/null -e trace=none true 2>/dev/null; then
	without=$(reads) with=$(reads --cache=sym.cache)
	check "... reads less from the cache ($with read calls, $without without)" \
		[ "$with" -lt "$without" ]
else
	skip "read calls with the cache" "no strace, or ptrace not allowed"
fi

# a member gets a new symbol
echo 'int cache_test_new_symbol(void) { return 7; }' >>"src/$(basename "$first" .o).c"
cc -O1 -c -o "$first" "src/$(basename "$first" .o).c"
expect_ok "a member changed: run" prelink c3 --cache=sym.cache
same c3 "... the new symbol is in, as without the cache"
check "... and in the layout's superset" grep -q cache_test_new_symbol c3.layout

# the same size and modification time, other bytes: only the status
# change time tells
sed 's/cache_test_new_symbol/cache_test_new_symbOL/' "$first" >same-size.o
check "premise: the same size" [ "$(wc -c <same-size.o)" = "$(wc -c <"$first")" ]
touch -r "$first" same-size.o
cp -p same-size.o "$first"
expect_ok "same size and mtime, other bytes: run" prelink c4 --cache=sym.cache
same c4 "... the renamed symbol is in, as without the cache"
check "... and in the layout's superset" grep -q cache_test_new_symbOL c4.layout

# a plain object and a regular archive, cached as a whole
echo 'int cache_test_plain(void) { return 8; }' >plain.c
cc -O1 -c -o plain.o plain.c
expect_ok "a plain object changed: run" prelink c5 --cache=sym.cache
same c5 "... as without the cache"
ar rcs regular.a plain.o
expect_ok "a regular archive changed: run" prelink c6 --cache=sym.cache
same c6 "... as without the cache"

# a damaged cache is ignored and rewritten; one of no entries is read
for how in truncate garbage magic empty; do
	case $how in
	empty) head -n 1 sym.cache >bad.cache ;;
	truncate) head -c "$(($(wc -c <sym.cache) / 2))" sym.cache >bad.cache ;;
	garbage) head -c 4096 /dev/urandom >bad.cache ;;
	magic) sed '1s/1$/9/' sym.cache >bad.cache ;;
	esac
	expect_ok "a damaged cache ($how): run" prelink c7 --cache=bad.cache
	same c7 "... as without the cache"
	expect_ok "... then read from the rewritten one" prelink c8 --cache=bad.cache
	same c8 "... as without the cache"
done

# a failing run keeps the cache (an input that is not an object)
cp sym.cache keep.cache
echo 'not an object' >junk.o
expect_fail "a failing run" 1 "junk.o: file format not recognized" \
	"$KALLSYMS" --prelink --layout=j.layout --cache=keep.cache thin.a junk.o
same_file "... keeps the cache" sym.cache keep.cache
expect_fail "a cache in a missing directory" 1 "nodir/sym.cache.tmp: cannot create" \
	prelink c9 --cache=nodir/sym.cache
expect_fail "--cache without --prelink" 2 "kallsyms: --cache goes with --prelink" \
	"$KALLSYMS" --nm --cache=sym.cache plain.o

done_testing
