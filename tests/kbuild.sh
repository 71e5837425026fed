# shellcheck shell=sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kbuild.sh - a fake kbuild tree for the link-vmlinux.sh tests (sourced
# after lib.sh, in $work): what kbuild would give the link script, built
# from the kernel-like test program in tests/kprog.
#
#   fake_kbuild            src/ (Makefile of Linux 6.12, scripts/mksysmap),
#                          obj/ (vmlinux.a, its linker script, inc/) and
#                          fakemake (makes init/version-timestamp.o)
#   run_script             $SCRIPT run in obj/ with kbuild's variables;
#                          auto.conf written anew unless KEEP_CONFIG is set,
#                          AFLAGS_KERNEL goes into KBUILD_AFLAGS_KERNEL
#   expect_link DESC LOG   run_script succeeds (its output in LOG)

# shellcheck disable=SC2154 # lib.sh sets top and work

KPROG="$top/tests/kprog"

fake_kbuild() {
	_mksysmap=$(mksysmap) || return 1
	mkdir -p src/scripts obj/include/config obj/init obj/inc/asm obj/arch
	printf 'VERSION = 6\nPATCHLEVEL = 12\n' >src/Makefile
	cp "$_mksysmap" src/scripts/mksysmap
	echo '#define BITS_PER_LONG 64' >obj/inc/asm/bitsperlong.h
	cp "$KPROG/prog.lds" obj/arch/vmlinux.lds
	"$KPROG/gen.sh" gen 4 200
	_cflags="-O1 -ffreestanding -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables"
	for _f in gen/*.c "$KPROG/selftest.c" "$KPROG/start.S"; do
		_o=obj/$(basename "$_f" | sed 's/\.[cS]$/.o/')
		# shellcheck disable=SC2086
		cc $_cflags -c -o "$_o" "$_f" || not_ok "compile $_f"
	done
	(cd obj && ar rcsT vmlinux.a ./*.o)
	# "make ... init/version-timestamp.o": a fake make that builds it
	cat >fakemake <<'SH'
#!/bin/sh
echo 'const char linux_banner_stamp[] = "onelink";' >init/version-timestamp.c
cc -c -o init/version-timestamp.o init/version-timestamp.c
SH
	chmod +x fakemake
}

run_script() {
	[ -n "${KEEP_CONFIG-}" ] ||
		printf '%s\n' CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y >obj/include/config/auto.conf
	(cd obj && env srctree="$work/src" objtree=. KBUILD_LDS=arch/vmlinux.lds \
		KBUILD_VMLINUX_LIBS= SRCARCH=x86 MAKE="$work/fakemake" KBUILD_VERBOSE= \
		NM=nm OBJCOPY=objcopy CC=cc NOSTDINC_FLAGS= LINUXINCLUDE=-Iinc \
		KBUILD_CPPFLAGS= KBUILD_AFLAGS=-Wa,--noexecstack \
		KBUILD_AFLAGS_KERNEL="${AFLAGS_KERNEL-}" \
		sh "$SCRIPT" ld "-static" "--build-id=none")
}

expect_link() {
	if run_script >"$2" 2>&1; then
		ok "$1"
	else
		not_ok "$1"
		diag "$(tail -n 10 "$2")"
	fi
}
