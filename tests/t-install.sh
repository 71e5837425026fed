#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The installed onelink alone links a kernel tree: make install from a
# copy of this source tree into a temporary DESTDIR (PREFIX=/usr), the
# copy deleted, then onelink-use points a fake kbuild tree at the
# installed files, whose link-vmlinux.sh must link once with the
# installed kallsyms (a kallsyms in PATH that fails proves PATH is not
# searched).  Also: --status and --revert, an unsupported kernel version
# refused before the tree changes, --help against the man page, and
# make uninstall leaving no file behind.
#
# ONELINK_INSTALLED=/ runs the same checks on the onelink installed in /
# (the Debian package) instead of installing one.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "installed onelink" "no scripts/mksysmap"; done_testing; exit; }

version=$(cat "$top/VERSION")
# what make install is to install, relative to the prefix
expected="bin/elf_offset bin/kallsyms bin/onelink-link bin/onelink-use bin/patchfile
share/onelink/VERSION share/onelink/link-vmlinux.sh"
for f in "$top"/docs/*.1; do
	expected="$expected share/man/man1/${f##*/}"
done

if [ -n "${ONELINK_INSTALLED-}" ]; then
	root=${ONELINK_INSTALLED%/}
	missing=
	for f in $expected; do
		# dh_installman compresses the manuals
		[ -f "$root/usr/$f" ] || [ -f "$root/usr/$f.gz" ] || missing="$missing $f"
	done
	check "the package installed every file (missing:${missing:- none})" [ -z "$missing" ]
else
	root=$work/dest
	# a copy of what make install reads, with the times of the build
	mkdir copy
	cp -Rp "$top/Makefile" "$top/VERSION" "$top/kallsyms" "$top/elf_offset" \
		"$top/patchfile" "$top/lib" "$top/scripts" copy/
	mkdir copy/kernel copy/docs
	cp -p "$top/kernel/use-onelink.sh" copy/kernel/
	cp -p "$top/docs/"*.1 copy/docs/
	expect_ok "make install DESTDIR=... PREFIX=/usr" \
		make -C copy -s install DESTDIR="$root" PREFIX=/usr
	rm -rf copy
	(cd "$root/usr" && find . -type f | sed 's|^\./||' | sort) >installed.list
	echo "$expected" | tr ' ' '\n' | sort >expected.list
	same_file "it installs exactly the programs, scripts and man pages" \
		expected.list installed.list
fi
use=$root/usr/bin/onelink-use
lvs=$root/usr/share/onelink/link-vmlinux.sh

# a kallsyms in PATH that must not run; no source tree's programs
mkdir -p bin
printf '#!/bin/sh\necho "kallsyms from PATH ran" >&2\nexit 1\n' >bin/kallsyms
chmod +x bin/kallsyms
PATH=$work/bin:$PATH
export PATH
unset ONELINK_KALLSYMS ONELINK_TOP

# a Linux 6.12 tree (lib.sh's fake kbuild tree) with the test program
kbuild_tree 6 12 "$MKSYSMAP"
kbuild_objtree obj
kbuild_config obj CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y
"$KPROG/gen.sh" gen 4 200
kprog_objects obj gen >/dev/null || not_ok "compile the test program"
(cd obj && ar rcsT vmlinux.a ./*.o)
printf '#!/bin/sh\necho "the stock script ran" >&2\nexit 1\n' >src/scripts/link-vmlinux.sh
chmod +x src/scripts/link-vmlinux.sh
cp src/scripts/link-vmlinux.sh stock.sh

expect_ok "onelink-use --status of a stock tree" "$use" --status src
check "... says the kernel's own script" \
	grep -qx "src: links with the kernel's own link-vmlinux.sh" .out
expect_ok "onelink-use TREE" "$use" src
check "... keeps the stock script as link-vmlinux.sh.stock" \
	cmp -s stock.sh src/scripts/link-vmlinux.sh.stock
expect_ok "onelink-use --status" "$use" --status src
check "... names the installed version and script" \
	grep -qx "src: links with onelink $version ($lvs)" .out

expect_ok "the shim links through the installed files" logged run.log \
	"$work/kbuild" obj sh "$work/src/scripts/link-vmlinux.sh" ld -static --build-id=none
n=$(grep -c '^  LD ' run.log)
check "... once (got $n)" [ "$n" -eq 1 ]
check "... without PATH's kallsyms" sh -c '! grep -q "from PATH" run.log'
expect_ok "... and vmlinux passes the installed kallsyms --verify" \
	"$root/usr/bin/kallsyms" --verify --all-symbols obj/vmlinux

# an output directory (O=): the shim in OUTDIR/scripts
mkdir -p out
ln -s ../src out/source
echo 'include source/Makefile' >out/Makefile
expect_ok "onelink-use OUTDIR" "$use" out
check "... writes OUTDIR/scripts/link-vmlinux.sh" grep -q "^exec '$lvs'" out/scripts/link-vmlinux.sh
expect_ok "... --revert OUTDIR" "$use" --revert out
check "... deletes it" [ ! -e out/scripts/link-vmlinux.sh ]

expect_ok "onelink-use --revert TREE" "$use" --revert src
check "... puts the stock script back" cmp -s stock.sh src/scripts/link-vmlinux.sh
check "... and no .stock is left" [ ! -e src/scripts/link-vmlinux.sh.stock ]
expect_ok "... --revert again changes nothing" "$use" --revert src

# refused at once: the tree is left as it was
printf 'VERSION = 6\nPATCHLEVEL = 9\n' >src/Makefile
expect_fail "Linux 6.9 is refused, naming the supported versions" 1 \
	"^onelink-use: src/Makefile: Linux 6.9 is not supported (Linux 6.1 and 6.12 only)$" \
	"$use" src
check "... and the tree is unchanged" cmp -s stock.sh src/scripts/link-vmlinux.sh
printf 'VERSION = 6\nPATCHLEVEL = 1\n' >src/Makefile
expect_ok "Linux 6.1 is taken" "$use" src
printf 'VERSION = 6\nPATCHLEVEL = 12\n' >src/Makefile

# --help and the man page name the same options
if [ -z "${ONELINK_INSTALLED-}" ]; then
	# long options of --help, and of the tags (.TP) under OPTIONS
	for cmd in onelink-use onelink-link; do
		"$root/usr/bin/$cmd" --help | grep -o -e '--[a-z][a-z-]*' | sort -u >"$cmd.help"
		awk '/^\.SH/ { o = ($2 == "OPTIONS") } o && t { print } { t = o && /^\.TP/ }' \
			"$top/docs/$cmd.1" | sed 's/\\-/-/g' | grep -o -e '--[a-z][a-z-]*' |
			sort -u >"$cmd.man"
		same_file "$cmd --help and $cmd(1) name the same options" "$cmd.help" "$cmd.man"
	done
	expect_ok "--version" "$use" --version
	check "... is $version" grep -qx "onelink-use (onelink) $version" .out

	# the shim follows the install: uninstalled, the status is an error
	expect_ok "make uninstall DESTDIR=... PREFIX=/usr" \
		make -C "$top" -s uninstall DESTDIR="$root" PREFIX=/usr
	left=$(find "$root" -type f)
	check "... leaves no file (left: ${left:-none})" [ -z "$left" ]
	expect_fail "--status after uninstall: the shim's script is gone" 1 \
		"^use-onelink.sh: src/scripts/link-vmlinux.sh: runs $lvs, which is gone (install onelink again, or --revert)$" \
		sh "$top/kernel/use-onelink.sh" --status src
fi

done_testing
