#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-prelink-libs.sh - kallsyms --prelink --lib=ARCHIVE counts only the
# library members the link takes, as link-vmlinux.sh links the libraries
# (KBUILD_VMLINUX_LIBS) in a group after the whole vmlinux.a.  What the
# link takes is asked of the linkers themselves: GNU ld and ld.lld link
# the same inputs (ld -r), and the defined names of their output must be
# those of the superset.  The libraries cover: a member used directly, one
# used only by another member, one used across the two libraries in both
# directions (only a group finds it), one used by a weak reference only
# (not taken), one whose name an object defines too (not taken), one
# nobody uses; thin archives as kbuild makes them and regular ones.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and KALLSYMS
. "$(dirname "$0")/lib.sh"

mkdir -p src
cat >src/main.c <<'SRC'
extern int used_direct(int);
extern int weak_only(int) __attribute__((weak));
int defined_by_obj(int x) { return x + 1; }
int entry(int x) { return used_direct(x) + (weak_only ? weak_only(x) : 0); }
SRC
cat >src/direct.c <<'SRC'
extern int via_member(int);
static int direct_helper(int x) { return x * 2; }
int used_direct(int x) { return via_member(direct_helper(x)); }
SRC
cat >src/member.c <<'SRC'
extern int in_second_lib(int);
int via_member(int x) { return in_second_lib(x) - 1; }
SRC
cat >src/back.c <<'SRC'
int back_in_first(int x) { return x ^ 5; }
SRC
cat >src/weak.c <<'SRC'
int weak_only(int x) { return x - 3; }
SRC
cat >src/dup.c <<'SRC'
extern int only_via_dup(int);
int defined_by_obj(int x) { return only_via_dup(x); }
SRC
cat >src/viadup.c <<'SRC'
int only_via_dup(int x) { return x + 7; }
SRC
cat >src/unused.c <<'SRC'
static int unused_helper(int x) { return x * 9; }
int nobody_calls(int x) { return unused_helper(x); }
SRC
cat >src/second.c <<'SRC'
extern int back_in_first(int);
int in_second_lib(int x) { return back_in_first(x) + 2; }
SRC
cat >src/second_unused.c <<'SRC'
int second_nobody(int x) { return x; }
SRC
for f in src/*.c; do
	# as the kernel compiles: no PIC, so no _GLOBAL_OFFSET_TABLE_
	cc -O1 -fno-pie -c -o "${f%.c}.o" "$f" || not_ok "compile $f"
done

# libs KIND: vmlinux.a (whole) and the two libraries, thin (T) or regular
libs() {
	rm -f "$1-vmlinux.a" "$1-lib1.a" "$1-lib2.a"
	_t=
	[ "$1" = regular ] || _t=T
	ar "rcs$_t" "$1-vmlinux.a" src/main.o &&
		ar "rcs$_t" "$1-lib1.a" src/direct.o src/member.o src/back.o src/weak.o \
			src/dup.o src/viadup.o src/unused.o &&
		ar "rcs$_t" "$1-lib2.a" src/second.o src/second_unused.o
}

# defined NM-OUTPUT: the defined names, sorted
defined() {
	awk 'NF == 3 { print $3 }' "$1" | LC_ALL=C sort -u
}

# superset LAYOUT: the superset's names but the table's own arrays, sorted
superset() {
	sed '1,/^superset$/d' "$1" | cut -d' ' -f2- | grep -v '^kallsyms_' | LC_ALL=C sort -u
}

for kind in thin regular; do
	libs "$kind" || { not_ok "$kind archives"; continue; }
	expect_ok "$kind: --prelink with --lib" \
		"$KALLSYMS" --prelink --all-symbols --layout="$kind.layout" \
		--lib="$kind-lib1.a" --lib="$kind-lib2.a" "$kind-vmlinux.a"
	superset "$kind.layout" >"$kind.super"
	for ld in ld ld.lld; do
		if ! need "$ld"; then
			skip "$kind: the superset is what $ld takes" "no $ld"
			continue
		fi
		if ! "$ld" -r -o "$kind-$ld.o" --whole-archive "$kind-vmlinux.a" --no-whole-archive \
				--start-group "$kind-lib1.a" "$kind-lib2.a" --end-group; then
			not_ok "$kind: $ld links the inputs"
			continue
		fi
		nm "$kind-$ld.o" >"$kind-$ld.nm"
		defined "$kind-$ld.nm" >"$kind-$ld.defined"
		if cmp -s "$kind-$ld.defined" "$kind.super"; then
			ok "$kind: the superset is what $ld takes ($(wc -l <"$kind.super") names)"
		else
			not_ok "$kind: the superset is what $ld takes"
			diag "$(diff "$kind-$ld.defined" "$kind.super")"
		fi
	done
done

# the premises: the libraries hold members no link takes, and without
# --lib every member counts (the test above can fail)
check "nobody_calls left out" sh -c '! grep -qx nobody_calls thin.super'
if need ld && ! grep -qx nobody_calls thin-ld.defined && ! grep -qx weak_only thin-ld.defined &&
		! grep -qx only_via_dup thin-ld.defined && grep -qx back_in_first thin-ld.defined; then
	ok "premise: ld takes the member used across the libraries, not the unused, weakly used or shadowed ones"
else
	not_ok "premise: ld takes the member used across the libraries, not the unused, weakly used or shadowed ones"
fi
expect_ok "the libraries as plain inputs" \
	"$KALLSYMS" --prelink --all-symbols --layout=plain.layout \
	thin-vmlinux.a thin-lib1.a thin-lib2.a
superset plain.layout >plain.super
check "... count every member" grep -qx nobody_calls plain.super

# the symbol cache knows the members, and the selection is the same
expect_ok "with --cache, first run" \
	"$KALLSYMS" --prelink --all-symbols --layout=c1.layout --cache=c.cache \
	--lib=thin-lib1.a --lib=thin-lib2.a thin-vmlinux.a
for i in 1 2; do
	expect_ok "with --cache, from the cache, a regular library ($i)" \
		"$KALLSYMS" --prelink --all-symbols --layout=c2.layout --cache=c.cache \
		--lib=regular-lib1.a --lib=thin-lib2.a thin-vmlinux.a
done
superset c1.layout >c1.super
superset c2.layout >c2.super
same_file "... the same superset as without the cache" thin.super c1.super
same_file "... a regular library, run twice: the same superset" thin.super c2.super

expect_fail "--lib goes with --prelink" 2 "lib" "$KALLSYMS" --lib=thin-lib1.a --verify x
expect_fail "a --lib that is missing" 1 "kallsyms: nowhere.a: " \
	"$KALLSYMS" --prelink --layout=m.layout --lib=nowhere.a thin-vmlinux.a
done_testing
