#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# scripts/link-vmlinux.sh without a kernel: a fake object tree gives it
# what kbuild would (auto.conf, a thin vmlinux.a of the kernel-like test
# program, its linker script, the exported variables).  It must link
# once, leave a vmlinux that passes --verify and runs its selftest, write
# System.map as nm | mksysmap would, and on any failure leave no vmlinux.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "link-vmlinux.sh" "no scripts/mksysmap"; done_testing; exit; }
SCRIPT="$top/scripts/link-vmlinux.sh"
KPROG="$top/tests/kprog"

# a source tree with what the script reads from it
mkdir -p src/scripts obj/include/config obj/init obj/inc/asm obj/arch
printf 'VERSION = 6\nPATCHLEVEL = 12\n' >src/Makefile
cp "$MKSYSMAP" src/scripts/mksysmap
echo '#define BITS_PER_LONG 64' >obj/inc/asm/bitsperlong.h
cp "$KPROG/prog.lds" obj/arch/vmlinux.lds
"$KPROG/gen.sh" gen 4 200
cflags="-O1 -ffreestanding -fno-pic -fno-stack-protector -fno-asynchronous-unwind-tables"
for f in gen/*.c "$KPROG/selftest.c" "$KPROG/start.S"; do
	o=obj/$(basename "$f" | sed 's/\.[cS]$/.o/')
	# shellcheck disable=SC2086
	cc $cflags -c -o "$o" "$f" || not_ok "compile $f"
done
(cd obj && ar rcsT vmlinux.a ./*.o)
# "make ... init/version-timestamp.o": a fake make that builds it
cat >fakemake <<'SH'
#!/bin/sh
echo 'const char linux_banner_stamp[] = "onelink";' >init/version-timestamp.c
cc -c -o init/version-timestamp.o init/version-timestamp.c
SH
chmod +x fakemake

run_script_quiet() {
	run_script >/dev/null 2>&1 && "$KALLSYMS" --verify --all-symbols obj/vmlinux
}

# check DESC CONDITION...: ok if the test command succeeds
check() {
	_desc=$1
	shift
	if "$@"; then
		ok "$_desc"
	else
		not_ok "$_desc"
	fi
}

# no vmlinux and no temporary in obj/
no_vmlinux() {
	[ ! -e obj/vmlinux ] && [ ! -e obj/.tmp_vmlinux.onelink ]
}

# run_script: the script in obj/ with kbuild's variables
run_script() {
	printf '%s\n' CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y >obj/include/config/auto.conf
	(cd obj && env srctree="$work/src" objtree=. KBUILD_LDS=arch/vmlinux.lds \
		KBUILD_VMLINUX_LIBS= SRCARCH=x86 MAKE="$work/fakemake" KBUILD_VERBOSE= \
		NM=nm OBJCOPY=objcopy CC=cc NOSTDINC_FLAGS= LINUXINCLUDE=-Iinc \
		KBUILD_CPPFLAGS= KBUILD_AFLAGS=-Wa,--noexecstack KBUILD_AFLAGS_KERNEL= \
		sh "$SCRIPT" ld "-static" "--build-id=none")
}

if run_script >run.log 2>&1; then
	ok "link-vmlinux.sh succeeds"
else
	not_ok "link-vmlinux.sh succeeds"
	diag "$(tail -n 10 run.log)"
fi
n=$(grep -c '^  LD ' run.log)
check "one link (got $n)" [ "$n" -eq 1 ]
expect_ok "vmlinux passes --verify" "$KALLSYMS" --verify --all-symbols obj/vmlinux
if obj/vmlinux >run.out 2>&1 && grep -q 'known addresses: finish' run.out; then
	ok "vmlinux runs its selftest: $(sed -n 's/kallsyms selftest: //p' run.out)"
else
	not_ok "vmlinux runs its selftest"
	diag "$(head -n 3 run.out)"
fi
nm -n obj/vmlinux | sed -f "$MKSYSMAP" >System.map.nm
same_file "System.map equals nm -n | sed -f mksysmap" System.map.nm obj/System.map
check ".vmlinux.d written" [ -f obj/.vmlinux.d ]
check "no temporary left" [ ! -e obj/.tmp_vmlinux.onelink ]

# Failures leave no vmlinux (and no temporary).
rm -f obj/vmlinux
if ONELINK_KALLSYMS=/bin/false run_script >fail.log 2>&1; then
	not_ok "a failing kallsyms fails the link"
else
	ok "a failing kallsyms fails the link"
fi
check "... and leaves no vmlinux" no_vmlinux

# The final pass fails (a layout that does not match the link): no vmlinux.
cat >badks <<SH
#!/bin/sh
case "\$1" in
--final) echo "kallsyms: injected failure" >&2; exit 1 ;;
esac
exec "$KALLSYMS" "\$@"
SH
chmod +x badks
rm -f obj/vmlinux
if ONELINK_KALLSYMS=$work/badks run_script >fail2.log 2>&1; then
	not_ok "a failing final pass fails the link"
else
	ok "a failing final pass fails the link"
fi
check "... and leaves no vmlinux" no_vmlinux

# SIGKILL of the whole script at each step: afterwards there is no vmlinux,
# or one that passes --verify; a rerun recovers.
cat >killks <<SH
#!/bin/sh
# kallsyms that kills the link script (its parent) after the step in \$KILL_AT
case "\$1" in
"\$KILL_AT") "$KALLSYMS" "\$@"; kill -KILL \$PPID; exit 1 ;;
esac
exec "$KALLSYMS" "\$@"
SH
chmod +x killks
for step in --prelink --final; do
	rm -f obj/vmlinux
	(KILL_AT=$step ONELINK_KALLSYMS=$work/killks run_script) >kill.log 2>&1
	intact() {
		[ ! -e obj/vmlinux ] || "$KALLSYMS" --verify --all-symbols obj/vmlinux 2>/dev/null
	}
	check "SIGKILL after kallsyms $step: no vmlinux that fails --verify" intact
	check "... and a rerun recovers" run_script_quiet
done

# A full disk: the object tree on a small tmpfs, filled up to 40 KiB.
if [ "$(id -u)" -eq 0 ] && mkdir -p small && mount -t tmpfs -o size=4m tmpfs small 2>/dev/null; then
	cp -R obj/. small/ 2>/dev/null
	rm -f small/vmlinux small/System.map small/.tmp_vmlinux*
	dd if=/dev/zero of=small/fill bs=4096 2>/dev/null
	truncate -s -40K small/fill
	if (cd small && env srctree="$work/src" objtree=. KBUILD_LDS=arch/vmlinux.lds \
		KBUILD_VMLINUX_LIBS= SRCARCH=x86 MAKE="$work/fakemake" NM=nm CC=cc \
		LINUXINCLUDE=-Iinc KBUILD_AFLAGS=-Wa,--noexecstack \
		sh "$SCRIPT" ld "-static" "--build-id=none") >disk.log 2>&1; then
		not_ok "a full disk fails the link"
	else
		ok "a full disk fails the link"
	fi
	check "... and leaves no vmlinux" [ ! -e small/vmlinux ]
	umount small
else
	skip "a full disk" "needs root and tmpfs"
fi

# Not Linux 6.12: refused before anything is linked.
rm -f obj/vmlinux
printf 'VERSION = 6\nPATCHLEVEL = 1\n' >src/Makefile
expect_fail "Linux 6.1 is refused" 1 "Linux 6.1 is not supported" run_script
check "... and no vmlinux" no_vmlinux
printf 'VERSION = 6\nPATCHLEVEL = 12\n' >src/Makefile

# Without CONFIG_KALLSYMS: the stock flow, one link, no table (the test
# program's references to the arrays are satisfied by --defsym).
rm -f obj/vmlinux
printf 'CONFIG_FOO=y\n' >obj/include/config/auto.conf
defs=""
for arr in num_syms names markers token_table token_index offsets relative_base seqs_of_names; do
	defs="$defs --defsym=kallsyms_$arr=0"
done
(cd obj && env srctree="$work/src" objtree=. KBUILD_LDS=arch/vmlinux.lds \
	KBUILD_VMLINUX_LIBS= SRCARCH=x86 MAKE="$work/fakemake" NM=nm CC=cc \
	sh "$SCRIPT" ld "-static" "--build-id=none $defs") >nok.log 2>&1
check "without CONFIG_KALLSYMS: links" [ -f obj/vmlinux ]
one_plain_link() {
	[ "$(grep -c '^  LD ' nok.log)" -eq 1 ] && ! grep -q KSYMS nok.log
}
check "... once, with no KSYMS step" one_plain_link

expect_ok "clean" sh -c "cd obj && srctree=$work/src sh $SCRIPT clean"
cleaned() {
	no_vmlinux && [ ! -e obj/System.map ]
}
check "clean removes vmlinux and System.map" cleaned

done_testing
