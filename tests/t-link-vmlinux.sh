#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# scripts/link-vmlinux.sh without a kernel: a fake object tree gives it
# what kbuild would (auto.conf, a thin vmlinux.a of the kernel-like test
# program, its linker script, the exported variables).  It must link
# once, leave a vmlinux that passes --verify and runs its selftest, write
# System.map as nm | mksysmap would, and on any failure leave no vmlinux.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
# shellcheck disable=SC2010 # ls | grep on file names the test made
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "link-vmlinux.sh" "no scripts/mksysmap"; done_testing; exit; }
SCRIPT="$top/scripts/link-vmlinux.sh"

# a Linux 6.12 source tree with what the script reads from it, and an
# object tree with a thin vmlinux.a of the test program
kbuild_tree 6 12 "$MKSYSMAP"
kbuild_objtree obj
"$KPROG/gen.sh" gen 4 200
kprog_objects obj gen >/dev/null || not_ok "compile the test program"
(cd obj && ar rcsT vmlinux.a ./*.o)

# no vmlinux and no temporary in obj/
no_vmlinux() {
	[ ! -e obj/vmlinux ] && [ ! -e obj/.tmp_vmlinux.onelink ]
}

# run_script: the script in obj/ with kbuild's variables; auto.conf is
# written anew unless KEEP_CONFIG is set, AFLAGS_KERNEL goes into
# KBUILD_AFLAGS_KERNEL
run_script() {
	[ -n "${KEEP_CONFIG-}" ] || kbuild_config obj CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y
	kbuild_link obj KBUILD_AFLAGS_KERNEL="${AFLAGS_KERNEL-}"
}

expect_ok "link-vmlinux.sh succeeds" logged run.log run_script
n=$(grep -c '^  LD ' run.log)
check "one link (got $n)" [ "$n" -eq 1 ]
kbuild_link obj KALLSYMS_EXTRA_PASS=1 >extra.log 2>&1
check "KALLSYMS_EXTRA_PASS=1: one link all the same, and a note of why" \
	sh -c '[ "$(grep -c "^  LD " extra.log)" -eq 1 ] && grep -q "^onelink: KALLSYMS_EXTRA_PASS ignored: " extra.log'
expect_ok "vmlinux passes --verify" "$KALLSYMS" --verify --all-symbols obj/vmlinux
selftest "vmlinux runs its selftest" obj/vmlinux
nm -n obj/vmlinux | sed -f "$MKSYSMAP" >System.map.nm
same_file "System.map equals nm -n | sed -f mksysmap" System.map.nm obj/System.map
check ".vmlinux.d written" [ -f obj/.vmlinux.d ]
check "no temporary left" [ ! -e obj/.tmp_vmlinux.onelink ]
check "the inputs' symbols kept for the next link (.tmp_vmlinux.kallsyms.cache)" \
	[ -s obj/.tmp_vmlinux.kallsyms.cache ]

# The padded table's .S holds only the reserves: a relink whose inputs
# have the same symbols gives the same .S, and the object assembled for
# the last link is used again, unless the command that assembles it or
# the configuration changed.
# assembled LOG: the run logged in LOG assembled the table
assembled() {
	grep -q '^  AS      \.tmp_vmlinux\.kallsyms\.o$' "$1"
}
not_assembled() {
	! assembled "$1"
}
# relinked LOG: the run logged in LOG made a vmlinux that passes --verify
relinked() {
	grep -q '^  LD ' "$1" && "$KALLSYMS" --verify --all-symbols obj/vmlinux >/dev/null
}
check "a first link assembles the table" assembled run.log
before=$(stat -c '%i %.9Y' obj/.tmp_vmlinux.kallsyms.o)
KEEP_CONFIG=1 run_script >as-same.log 2>&1
check "the same symbols: relinked, with a verified vmlinux" relinked as-same.log
check "... and the table is not assembled again" not_assembled as-same.log
check "... its object is the file of the last link (inode, mtime)" \
	[ "$(stat -c '%i %.9Y' obj/.tmp_vmlinux.kallsyms.o)" = "$before" ]
KEEP_CONFIG=1 AFLAGS_KERNEL=-DONELINK_TEST run_script >as-cmd.log 2>&1
check "another assembler command: assembled again" assembled as-cmd.log
check "... and relinked" relinked as-cmd.log
check "... the command is recorded in .tmp_vmlinux.kallsyms.o.cmd" grep -qx \
	"cc  -Iinc  -Wa,--noexecstack -DONELINK_TEST -c -o .tmp_vmlinux.kallsyms.o .tmp_vmlinux.kallsyms.S" \
	obj/.tmp_vmlinux.kallsyms.o.cmd
KEEP_CONFIG=1 AFLAGS_KERNEL=-DONELINK_TEST run_script >as-cmd2.log 2>&1
check "... and then used again" not_assembled as-cmd2.log
KEEP_CONFIG=1 ONELINK_PRELINK_FLAGS=--margin=7 run_script >as-margin.log 2>&1
check "other reserves (another .S): assembled again" assembled as-margin.log
check "... and relinked" relinked as-margin.log
sleep 0.01
touch obj/include/config/auto.conf
KEEP_CONFIG=1 run_script >as-conf.log 2>&1
check "a configuration newer than the object: assembled again" assembled as-conf.log
rm -f obj/.tmp_vmlinux.kallsyms.o
KEEP_CONFIG=1 run_script >as-gone.log 2>&1
check "no object left: assembled again" assembled as-gone.log
check "... and relinked" relinked as-gone.log
rm -f obj/.tmp_vmlinux.kallsyms.o.cmd
KEEP_CONFIG=1 run_script >as-nocmd.log 2>&1
check "no command recorded: assembled again" assembled as-nocmd.log
check "no .S.new left behind" [ ! -e obj/.tmp_vmlinux.kallsyms.S.new ]

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

# kallsyms runs with transparent huge pages for glibc's heap, the
# caller's own glibc tunables kept in front.
cat >envks <<SH
#!/bin/sh
echo "\$1 \${GLIBC_TUNABLES-unset}" >>"$work/tunables.log"
exec "$KALLSYMS" "\$@"
SH
chmod +x envks
rm -f obj/vmlinux tunables.log
GLIBC_TUNABLES=glibc.malloc.perturb=0 ONELINK_KALLSYMS=$work/envks run_script >tunables.run 2>&1
printf '%s glibc.malloc.perturb=0:glibc.malloc.hugetlb=1\n' --prelink --final >tunables.want
check "kallsyms gets glibc's huge-page heap, after the caller's tunables" \
	cmp tunables.want tunables.log

# SIGKILL of the whole link at each step: before the step's tool runs,
# while it writes its output, and after it finished.  The script runs in
# a process group of its own (setsid); the step's tool is a wrapper that
# does its part and then kills that whole group, so nothing of the
# script (no trap, no cleanup) runs afterwards.  Afterwards there is no
# vmlinux, or one that passes --verify; a rerun (what make does next)
# recovers: a verified vmlinux and System.map as nm -n | mksysmap.
mkdir -p obj/scripts bin
cat >wrap <<SH
#!/bin/sh
# a step's tool (named by \$0): with KILL_AT=STEP:WHEN it kills the link's
# process group before, during or after doing the real work
step=\$(basename "\$0")
real=\$REAL_DIR/\$step
case \$step in
ld|cc|nm) real=\$(PATH=/usr/local/bin:/usr/bin:/bin command -v "\$step") ;;
sorttable) real=true ;;
esac
kill_group() {
	pg=\$(cut -d' ' -f5 /proc/\$\$/stat)
	# never the test's own group
	[ "\$pg" != "\$TEST_PGID" ] && kill -KILL -"\$pg"
	echo "wrap: no process group of its own" >&2
	exit 1
}
# the output file (-o FILE) of cc and ld
out=
prev=
for a in "\$@"; do
	[ "\$prev" = -o ] && out=\$a
	prev=\$a
done
case \$step in
kallsyms) case \$1 in --prelink) step=prelink ;; --final) step=final ;; esac ;;
cc) case "\$*" in *.S) step=as ;; esac ;;
esac
[ -z "\${WRAP_LOG:-}" ] || echo "\$step" >>"\$WRAP_LOG"
case \${KILL_AT:-}:\$step in
\$step:before:\$step) kill_group ;;
\$step:during:\$step | map:during:final)
	case \$step in
	prelink)
		# half of the .S written
		"\$real" "\$@" >wrap.S || exit
		head -c \$((\$(wc -c <wrap.S) / 2)) wrap.S
		rm -f wrap.S ;;
	as|ld)
		# half of the object written
		"\$real" "\$@" || exit
		truncate -s \$((\$(wc -c <"\$out") / 2)) "\$out" ;;
	final)
		# killed at its second write: the table half patched, or (map)
		# at its first write of System.map's temporary
		case \$KILL_AT in
		map:*) strace -o /dev/null -e trace=write -e inject=write:signal=KILL:when=1 "\$real" "\$@" ;;
		*) strace -o /dev/null -e trace=pwrite64 -e inject=pwrite64:signal=KILL:when=2 "\$real" "\$@" ;;
		esac ;;
	sorttable)
		# a few bytes of the file rewritten
		printf 'sorted' | dd of="\$2" bs=1 seek=4096 conv=notrunc 2>/dev/null ;;
	esac
	kill_group ;;
\$step:after:\$step) "\$real" "\$@" || exit; kill_group ;;
esac
exec "\$real" "\$@"
SH
chmod +x wrap
for t in kallsyms cc ld sorttable nm; do ln -sf ../wrap "bin/$t"; done
ln -sf ../../bin/sorttable obj/scripts/sorttable

# run_wrapped: the script with every step's tool wrapped, sorttable on
# (with MCOUNT_SORT=1 also CONFIG_BUILDTIME_MCOUNT_SORT), in a process
# group of its own
run_wrapped() {
	kbuild_config obj CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y CONFIG_BUILDTIME_TABLE_SORT=y \
		${MCOUNT_SORT:+CONFIG_BUILDTIME_MCOUNT_SORT=y}
	./kbuild obj TEST_PGID="$(cut -d' ' -f5 /proc/$$/stat)" REAL_DIR="$top/kallsyms" \
		NM="$work/bin/nm" CC="$work/bin/cc" ONELINK_KALLSYMS="$work/bin/kallsyms" \
		setsid -w sh "$SCRIPT" "$work/bin/ld" -static --build-id=none
}
# intact: no vmlinux, or one that passes --verify
intact() {
	[ ! -e obj/vmlinux ] || "$KALLSYMS" --verify --all-symbols obj/vmlinux 2>/dev/null
}
# recovered: the plain rerun made a verified vmlinux and its System.map
recovered() {
	run_wrapped >rerun.log 2>&1 && "$KALLSYMS" --verify --all-symbols obj/vmlinux &&
		nm -n obj/vmlinux | sed -f "$MKSYSMAP" | cmp -s - obj/System.map
}
if ! need setsid strace || ! strace -o /dev/null -e trace=none true 2>/dev/null; then
	skip "SIGKILL at each step" "needs setsid and strace"
elif run_wrapped >wrapped.log 2>&1 && grep -q '^  SORTTAB ' wrapped.log &&
	"$KALLSYMS" --verify --all-symbols obj/vmlinux; then
	ok "link with every step wrapped, and sorttable"
	for at in prelink:before prelink:during prelink:after as:before as:during as:after \
		ld:before ld:during ld:after final:before final:during map:during final:after \
		nm:before nm:after sorttable:before sorttable:during sorttable:after; do
		rm -f obj/vmlinux obj/System.map
		KILL_AT=$at MCOUNT_SORT=1 run_wrapped >kill.log 2>&1
		st=$?
		check "SIGKILL $at: the link is killed (exit $st)" [ "$st" -eq 137 ]
		check "SIGKILL $at: no vmlinux that fails --verify" intact
		check "SIGKILL $at: a rerun recovers" recovered
	done
	# sorttable fails: the kernel script's message, and no vmlinux
	rm -f obj/vmlinux
	ln -sf /bin/false obj/scripts/sorttable
	expect_fail "sorttable fails" 1 "^Failed to sort kernel tables$" run_wrapped
	check "... and leaves no vmlinux" no_vmlinux
	# the list sorttable -s reads: nm -S of vmlinux with
	# CONFIG_BUILDTIME_MCOUNT_SORT (sorttable is built to read it only
	# then), else an empty one, and no nm run at all
	# shellcheck disable=SC2016
	printf '#!/bin/sh\ncp "$2" ../sort.list\n' >sortlist
	chmod +x sortlist
	ln -sf ../../sortlist obj/scripts/sorttable
	rm -f obj/vmlinux sort.list steps.log
	MCOUNT_SORT=1 run_wrapped >/dev/null 2>&1
	nm -S obj/vmlinux >want.list
	same_file "CONFIG_BUILDTIME_MCOUNT_SORT: sorttable -s gets nm -S of vmlinux" want.list sort.list
	rm -f obj/vmlinux sort.list
	WRAP_LOG=$work/steps.log run_wrapped >/dev/null 2>&1
	check "without it: an empty list" [ -f sort.list ] && [ ! -s sort.list ]
	check "... and no nm run" [ -s steps.log ] && ! grep -qx nm steps.log
	ln -sf ../../bin/sorttable obj/scripts/sorttable
	run_wrapped >/dev/null 2>&1
	left=""
	for f in obj/*.tmp obj/.*.tmp obj/.tmp_vmlinux.onelink; do
		[ -e "$f" ] && left="$left $f"
	done
	check "no temporary left after the reruns${left:+:$left}" [ -z "$left" ]
else
	not_ok "link with every step wrapped, and sorttable"
	diag "$(tail -n 10 wrapped.log)"
fi

# Two builds of different O= trees at once, several times: each tree
# has an object of its own (a symbol only it defines); both vmlinux pass
# --verify, each table and System.map holds its own symbol and not the
# other's, and nothing is written outside the two trees.
cat >runlink <<SH
#!/bin/sh
# runlink DIR: link-vmlinux.sh in the object tree DIR, as kbuild calls it
exec "$work/kbuild" "\$1" sh "$SCRIPT" ld -static --build-id=none
SH
chmod +x runlink
for t in A B; do
	rm -rf "o$t"
	mkdir "o$t"
	cp -R obj/. "o$t/"
	rm -f "o$t"/vmlinux "o$t"/System.map "o$t"/.tmp_vmlinux* "o$t"/*.tmp "o$t"/.*.tmp "o$t"/vmlinux.a
	kbuild_config "o$t" CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y
	echo "int only_in_$t(void) { return 1; }" >"o$t/only.c"
	cc -c -o "o$t/only.o" "o$t/only.c"
	(cd "o$t" && ar rcsT vmlinux.a ./*.o)
done
# own_table DIR MINE OTHER: DIR's vmlinux verified, its table and
# System.map have MINE and not OTHER, System.map as nm | mksysmap
own_table() {
	"$KALLSYMS" --verify --all-symbols "$1/vmlinux" 2>/dev/null &&
		"$KALLSYMS" --decode "$1/vmlinux" >"$1.decoded" &&
		grep -q " $2\$" "$1.decoded" && ! grep -q " $3\$" "$1.decoded" &&
		grep -q " $2\$" "$1/System.map" && ! grep -q " $3\$" "$1/System.map" &&
		nm -n "$1/vmlinux" | sed -f "$MKSYSMAP" | cmp -s - "$1/System.map"
}
ls -a | grep -v -e '\.log$' -e '\.decoded$' -e '^outside\.' >outside.before
for round in 1 2 3; do
	./runlink oA >A.log 2>&1 &
	pa=$!
	./runlink oB >B.log 2>&1 &
	pb=$!
	wait "$pa"
	sa=$?
	wait "$pb"
	sb=$?
	check "round $round: both concurrent links succeed ($sa, $sb)" [ "$sa" -eq 0 ] && [ "$sb" -eq 0 ]
	check "round $round: O=A has its own table and System.map" own_table oA only_in_A only_in_B
	check "round $round: O=B has its own table and System.map" own_table oB only_in_B only_in_A
done
ls -a | grep -v -e '\.log$' -e '\.decoded$' -e '^outside\.' >outside.after
same_file "nothing written outside the two trees" outside.before outside.after

# A read-only output directory: the link fails, and the vmlinux and
# System.map already there stay byte-identical; writable again, a rerun
# recovers.
if [ "$(id -u)" -ne 0 ]; then
	chmod -R a-w oA
	ro_run() { ./runlink oA; }
elif need unshare && unshare -m true 2>/dev/null; then
	# shellcheck disable=SC2016
	ro_run() {
		# init/ stays writable: the script itself meets the read-only tree
		unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&
			mount -t tmpfs -o size=4m tmpfs "$1/init" && ./runlink "$1"' sh oA
	}
else
	ro_run() { return 2; }
fi
cp oA/vmlinux ro.vmlinux
cp oA/System.map ro.System.map
if ro_run >ro.log 2>&1; then
	not_ok "read-only output directory: the link fails"
	diag "$(tail -n 5 ro.log)"
elif [ "$(id -u)" -eq 0 ] && ! grep -q 'Read-only file system' ro.log; then
	skip "read-only output directory" "no read-only bind mount"
else
	ok "read-only output directory: the link fails: $(grep -m1 'Read-only\|Permission' ro.log)"
	same_file "read-only output directory: vmlinux unchanged" ro.vmlinux oA/vmlinux
	same_file "read-only output directory: System.map unchanged" ro.System.map oA/System.map
fi
chmod -R u+w oA
check "writable again: a rerun recovers" sh -c './runlink oA >/dev/null 2>&1' && \
	check "... to its own table" own_table oA only_in_A only_in_B

# A full disk: the object tree on a small tmpfs (in a mount namespace of
# its own), filled up to 40 KiB; then the space freed and a rerun.
if [ "$(id -u)" -eq 0 ] && need unshare && unshare -m true 2>/dev/null; then
	mkdir -p small
	# shellcheck disable=SC2016
	unshare -m sh -c '
		mount -t tmpfs -o size=4m tmpfs small || exit
		cp -R obj/. small/ 2>/dev/null
		rm -f small/vmlinux small/System.map small/.tmp_vmlinux* small/*.tmp small/.*.tmp
		printf "%s\n" CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y >small/include/config/auto.conf
		dd if=/dev/zero of=small/fill bs=4096 2>/dev/null
		truncate -s -40K small/fill
		./runlink small >disk.log 2>&1
		echo "full $?" >disk.status
		[ -e small/vmlinux ]
		echo "vmlinux $?" >>disk.status
		rm small/fill
		./runlink small >disk2.log 2>&1 && "$1" --verify --all-symbols small/vmlinux >>disk2.log 2>&1
		echo "rerun $?" >>disk.status' sh "$KALLSYMS"
	check "a full disk fails the link" grep -qx 'full [1-9][0-9]*' disk.status
	check "... and leaves no vmlinux" grep -qx 'vmlinux 1' disk.status
	check "space freed: a rerun links a verified vmlinux" grep -qx 'rerun 0' disk.status
else
	skip "a full disk" "needs root and mount namespaces"
fi

# Neither Linux 6.12 nor 6.1: refused before anything is linked.
rm -f obj/vmlinux
printf 'VERSION = 5\nPATCHLEVEL = 15\n' >src/Makefile
expect_fail "Linux 5.15 is refused" 1 "Linux 5.15 is not supported" run_script
check "... and no vmlinux" no_vmlinux
# 6.1 without base-relative offsets (ia64's table): refused too
printf 'VERSION = 6\nPATCHLEVEL = 1\n' >src/Makefile
expect_fail "Linux 6.1 without CONFIG_KALLSYMS_BASE_RELATIVE is refused" 1 \
	"^onelink: include/config/auto.conf: Linux 6.1 without CONFIG_KALLSYMS_BASE_RELATIVE is not supported$" run_script
check "... and no vmlinux" no_vmlinux
printf 'VERSION = 6\nPATCHLEVEL = 12\n' >src/Makefile

# Without CONFIG_KALLSYMS: the stock flow, one link, no table (the test
# program's references to the arrays are satisfied by --defsym).
rm -f obj/vmlinux
kbuild_config obj CONFIG_FOO=y
./kbuild obj sh "$SCRIPT" ld -static "--build-id=none $(no_table_defsyms)" >nok.log 2>&1
check "without CONFIG_KALLSYMS: links" [ -f obj/vmlinux ]
one_plain_link() {
	[ "$(grep -c '^  LD ' nok.log)" -eq 1 ] && ! grep -q KSYMS nok.log
}
check "... once, with no KSYMS step" one_plain_link

# KBUILD_VMLINUX_LIBS: a thin lib/lib.a linked as a group after
# vmlinux.a; the table counts only the members the link takes.
kbuild_objtree objlib
kprog_objects objlib gen >/dev/null || not_ok "compile the test program again"
mkdir -p objlib/lib
cat >objlib/lib/used.c <<'SRC'
int lib_used(int x) { return x + 11; }
SRC
cat >objlib/lib/unused.c <<'SRC'
int lib_nobody_calls(int x) { return x * 13; }
SRC
cat >objlib/caller.c <<'SRC'
extern int lib_used(int);
int call_lib(int x) { return lib_used(x); }
SRC
# shellcheck disable=SC2086
for f in objlib/lib/used objlib/lib/unused objlib/caller; do
	cc $KPROG_CFLAGS -c -o "$f.o" "$f.c" || not_ok "compile $f.c"
done
(cd objlib && ar rcsT vmlinux.a ./*.o && ar rcsT lib/lib.a lib/used.o lib/unused.o)
kbuild_config objlib CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y
expect_ok "with KBUILD_VMLINUX_LIBS=lib/lib.a: links" logged libs.log \
	kbuild_link objlib KBUILD_VMLINUX_LIBS=lib/lib.a
check "... once" [ "$(grep -c '^  LD ' libs.log)" -eq 1 ]
expect_ok "... a vmlinux that passes --verify" "$KALLSYMS" --verify --all-symbols objlib/vmlinux
check "... with the member it uses" grep -q ' lib_used$' objlib/System.map
check "... and not the one nobody uses" sh -c '! grep -q " lib_nobody_calls$" objlib/System.map'
check "the layout's superset leaves that member out too" \
	sh -c '! grep -qx "T lib_nobody_calls" objlib/.tmp_vmlinux.kallsyms.layout'

expect_ok "clean" sh -c "cd obj && srctree=$work/src sh $SCRIPT clean"
cleaned() {
	no_vmlinux && [ ! -e obj/System.map ] && [ ! -e obj/.tmp_vmlinux.kallsyms.cache ]
}
check "clean removes vmlinux, System.map and the symbol cache" cleaned

done_testing
