#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kernel/matrix.sh, without a kernel: result records as kernel/demo.sh
# writes them give one row each in the table, a field left empty shows as
# "-", and --write replaces only the lines between the markers (and
# leaves a file without them untouched).  Run with the system's awk and
# with every awk installed (gawk has or() built in, mawk does not).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top and work
# shellcheck disable=SC2016 # the rows hold Markdown's backquotes
. "$(dirname "$0")/lib.sh"

mkdir -p kernel/results
cat >kernel/results/arm.rec <<'REC'
variant=arm
result=pass
version=6.12.118
arch=arm
toolchain=gcc 12.2.0, GNU ld 2.40.0
config=tinyconfig
links_stock=
links_onelink=1
verify=pass
boot=pass
kaslr_boot=
build_seconds=4.8
full_build=no
phase_stock=
phase_onelink=0.61
boot_seconds=7.5
padding=2357 bytes (0.85%)
symbols=15230
REC
cat >kernel/results/tiny.rec <<'REC'
variant=tiny
result=boot failed
version=6.12.118
arch=x86_64
toolchain=gcc 12.2.0, GNU ld 2.40.0
config=tinyconfig
links_stock=3
links_onelink=1
verify=pass
boot=pass
kaslr_boot=pass
build_seconds=242.0
full_build=yes
phase_stock=1.96
phase_onelink=0.81
boot_seconds=6.4
padding=1592 bytes (0.51%)
symbols=16828
REC
arm_row='| `arm` | 6.12.118 | arm | gcc 12.2.0, GNU ld 2.40.0 | tinyconfig | - / 1 | pass | pass | - | 4.8 (relink) / 0.61 / 7.5 | 2357 bytes (0.85%) | 15230 |'
tiny_row='| `tiny` | 6.12.118 | x86_64 | gcc 12.2.0, GNU ld 2.40.0 | tinyconfig | 3 / 1 | pass | **boot failed** | pass | 242.0 / 0.81 / 6.4 | 1592 bytes (0.51%) | 16828 |'

cat >doc.md <<'MD'
# before
<!-- matrix begin -->
| stale | row |
<!-- matrix end -->
# after
MD
printf '# before\n# after\n' >nomarkers.md
cp nomarkers.md nomarkers.orig

for awk in awk gawk mawk original-awk; do
	command -v "$awk" >/dev/null 2>&1 || { skip "matrix with $awk" "$awk not installed"; continue; }
	mkdir -p "bin-$awk"
	ln -sf "$(command -v "$awk")" "bin-$awk/awk"
	run() { PATH="$work/bin-$awk:$PATH" ONELINK_BUILD="$work" sh "$top/kernel/matrix.sh" "$@"; }
	if run >"table-$awk" 2>"err-$awk"; then
		ok "$awk: the table made"
	else
		not_ok "$awk: the table made"
		diag "$(cat "err-$awk")"
		continue
	fi
	check "... a row per record, empty fields as -, a relink marked" \
		grep -qxF "$arm_row" "table-$awk"
	check "... a failed check in bold in place of the boot" \
		grep -qxF "$tiny_row" "table-$awk"
	cp doc.md "doc-$awk.md"
	run --write "doc-$awk.md"
	{
		echo '# before'
		echo '<!-- matrix begin -->'
		cat "table-$awk"
		echo '<!-- matrix end -->'
		echo '# after'
	} >"doc-$awk.expected"
	same_file "... --write: the table between the markers, the rest kept" \
		"doc-$awk.expected" "doc-$awk.md"
	expect_fail "... --write to a file without the markers fails" 1 \
		"matrix.sh: nomarkers.md: no '<!-- matrix begin -->'" run --write nomarkers.md
	same_file "... and leaves it untouched" nomarkers.orig nomarkers.md
done

# an awk that fails: an error, the file as it was, no temporary left
mkdir -p bin-broken
printf '#!/bin/sh\necho "awk: broken" >&2\nexit 2\n' >bin-broken/awk
chmod +x bin-broken/awk
cp doc.md doc-broken.md
PATH="$work/bin-broken:$PATH" ONELINK_BUILD="$work" \
	sh "$top/kernel/matrix.sh" --write doc-broken.md 2>/dev/null && status=0 || status=$?
check "an awk that fails: matrix.sh --write fails" [ "$status" -ne 0 ]
same_file "... the file untouched" doc.md doc-broken.md
check "... no temporary left" eval '[ -z "$(ls doc-broken.md.* 2>/dev/null)" ]'

done_testing
