#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# scripts/install-deps.sh with stand-ins for dpkg-query (every package
# installed but those in $MISSING, which have only their configuration
# files left; "all": none installed), id and apt-get (records its
# arguments): as a user it fails at once with the one apt-get line, as
# root it installs exactly the missing packages, and with nothing missing
# it does nothing.  Every command a test needs comes from a package it
# installs (or one every Debian system has).

# shellcheck disable=SC1091,SC2154 # lib.sh sets top and work
. "$(dirname "$0")/lib.sh"

DEPS="$top/scripts/install-deps.sh"
mkdir bin
cat >bin/dpkg-query <<'SH'
#!/bin/sh
shift 2
for p in "$@"; do
	case " $MISSING " in
	" all "|*" $p "*) echo "$p deinstall ok config-files" ;;
	*) echo "$p install ok installed" ;;
	esac
done
SH
# shellcheck disable=SC2016 # the stand-in's text
printf '#!/bin/sh\necho "$UID_IS"\n' >bin/id
printf '#!/bin/sh\necho "$*" >>"%s/apt.log"\n' "$work" >bin/apt-get
chmod +x bin/*
PATH=$work/bin:$PATH
export PATH MISSING UID_IS

UID_IS=1000 MISSING="libelf-dev shellcheck"
expect_fail "a user, packages missing: fails" 1 \
	"^apt-get install --no-install-recommends libelf-dev shellcheck$" sh "$DEPS"
check "... with the apt-get line as its last line" \
	[ "$(tail -n 1 .err)" = "apt-get install --no-install-recommends libelf-dev shellcheck" ]
check "... and runs no apt-get" [ ! -e apt.log ]
MISSING=shellcheck
expect_ok "--demo needs no shellcheck" sh "$DEPS" --demo
MISSING=libelf-dev
expect_fail "--demo needs libelf-dev" 1 "^apt-get install --no-install-recommends libelf-dev$" \
	sh "$DEPS" --demo
MISSING="lintian qemu-system-x86"
expect_fail "--demo --package: both sets, each package once" 1 \
	"^apt-get install --no-install-recommends qemu-system-x86 lintian$" \
	sh "$DEPS" --demo --package
expect_ok "--check needs neither" sh "$DEPS"

UID_IS=0 MISSING="libelf-dev shellcheck"
expect_ok "root, packages missing: installs" sh "$DEPS"
printf '%s\n' "update -qq" "install -y -qq --no-install-recommends libelf-dev shellcheck" >apt.want
same_file "... exactly the missing packages, after apt-get update" apt.want apt.log
rm -f apt.log
MISSING=
expect_ok "nothing missing" sh "$DEPS" --kernel --package
check "... runs no apt-get" [ ! -e apt.log ]
check "... and prints nothing" [ ! -s .out ] && [ ! -s .err ]
expect_fail "an unknown option" 2 "^install-deps.sh: unknown option '--nope'$" sh "$DEPS" --nope

# Every command the tests look for (need CMD...) comes from a package of
# install-deps.sh --check, or of --kernel where named, or from one every
# Debian 12 system has (essential: util-linux, bsdutils; build-essential
# brings binutils and make).  git: the tests that need it check the
# checkout itself.
pkg_of() {
	case $1 in
	python3) echo python3 ;;
	strace) echo strace ;;
	pgrep) echo procps ;;
	clang) echo clang ;;
	ld.lld) echo lld ;;
	aarch64-linux-gnu-gcc|aarch64-linux-gnu-readelf) echo gcc-aarch64-linux-gnu ;;
	arm-linux-gnueabihf-gcc) echo gcc-arm-linux-gnueabihf ;;
	qemu-arm|qemu-aarch64) echo qemu-user ;;
	pahole) echo "kernel:dwarves" ;;
	setsid|unshare|script) echo essential ;;
	nm|ld|readelf|objcopy|make) echo build-essential ;;
	git) echo checkout ;;
	*) echo unknown ;;
	esac
}
UID_IS=1000 MISSING=all
sh "$DEPS" --check 2>check.pkgs
sh "$DEPS" --kernel 2>kernel.pkgs
# the calls of need, comments (and this file's messages) aside
cmds=$(for f in "$top"/tests/*.sh; do
		[ "${f##*/}" = t-install-deps.sh ] || cat "$f"
	done | grep -v '^[[:space:]]*#' |
	grep -o '\(^\|[^_a-z]\)need [a-z][a-z0-9_. -]*' | sed 's/^.*need //' | tr ' ' '\n' | grep . |
	sort -u)
bad=
for c in $cmds; do
	p=$(pkg_of "$c")
	case $p in
	essential|build-essential|checkout) ;;
	kernel:*) grep -q " ${p#kernel:}\( \|$\)" kernel.pkgs || bad="$bad $c(${p#kernel:})" ;;
	unknown) bad="$bad $c(?)" ;;
	*) grep -q " $p\( \|$\)" check.pkgs || bad="$bad $c($p)" ;;
	esac
done
if [ -n "$cmds" ] && [ -z "$bad" ]; then
	ok "every command the tests need is installed by --check: $(echo "$cmds" | wc -l) commands"
else
	not_ok "every command the tests need is installed by --check"
	diag "missing or unknown:$bad"
fi

done_testing
