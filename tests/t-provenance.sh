#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-provenance.sh - the object file and built-in modules of each symbol
# (kallsyms --final --write-provenance, --provenance, --lookup, and
# link-vmlinux.sh with ONELINK_PROVENANCE=1) on a fake kbuild tree: the
# test program in a thin vmlinux.a in two directories (static helpers of
# the same name in every file), a library archive linked on demand, the
# vmlinux.o of an IBT build with its .vmlinux.o.cmd, and a fake
# modules.builtin with .o.cmd files.  The expected objects come from the
# link map (ld -Map) and nm of each object; the modules from the files
# the test wrote.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "provenance" "no scripts/mksysmap"; done_testing; exit; }
SCRIPT="$top/scripts/link-vmlinux.sh"
MAPCHECK="$top/kernel/map-objects.sh"

kbuild_tree 6 12 "$MKSYSMAP"
kbuild_objtree obj
"$KPROG/gen.sh" gen 4 60
cflags=$KPROG_CFLAGS
# part0, part1 in drv/a; part2, part3, known, selftest, start in drv/b
if ! { compile obj/drv/a "$cflags" gen/part0.c gen/part1.c &&
	compile obj/drv/b "$cflags" gen/part2.c gen/part3.c gen/known.c \
		"$KPROG/selftest.c" "$KPROG/start.S"; } >/dev/null; then
	not_ok "compile the test program"
fi
# one more object of the whole archive, which calls a library function,
# and a library (linked on demand) whose other member is not linked; each
# has a static helper() as the test program's files do.  The library
# also holds drv/a/part0.o, a member of vmlinux.a too (kbuild does that
# with arch/x86/lib/insn-eval.o): linked once, from vmlinux.a
mkdir -p lsrc
cat >lsrc/user.c <<'EOF'
int lib_used(int);
static int __attribute__((noinline, used)) helper(int x) { return x * 3; }
int __attribute__((noinline)) lib_user(int x) { return lib_used(helper(x)); }
EOF
cat >lsrc/used.c <<'EOF'
static int __attribute__((noinline, used)) helper(int x) { return x ^ 5; }
int __attribute__((noinline)) lib_used(int x) { return helper(x); }
EOF
cat >lsrc/unused.c <<'EOF'
static int __attribute__((noinline, used)) helper(int x) { return x ^ 7; }
int __attribute__((noinline)) lib_unused(int x) { return helper(x); }
EOF
# two static variables of size 0 and one name, each alone in its .bss:
# one address (as lock class keys without lockdep)
for z in z1 z2; do
	echo 'static struct { } zkey __attribute__((used, aligned(64)));' >lsrc/$z.c
done
if ! { compile obj/drv/c "$cflags" lsrc/user.c lsrc/z1.c lsrc/z2.c &&
	compile obj/lib "$cflags" lsrc/used.c lsrc/unused.c; } >/dev/null; then
	not_ok "compile the library"
fi
(cd obj && ar rcsT vmlinux.a drv/a/*.o drv/b/*.o drv/c/*.o && ar rcsT lib/lib.a lib/*.o drv/a/part0.o)
# CONFIG_MODULES links kbuild's .vmlinux.export.o too
echo 'int onelink_export_stub;' >export.c
cc -c -o obj/.vmlinux.export.o export.c

# built-in modules: drv/a/part0.o is module "part0"; drv/a/part1.o is part
# of two modules, "m_two" (its modinfo name) and "three"; drv/b/part2.o
# names a module file modules.builtin does not list (not a module)
cmdfile() { # OBJECT MODFILE...
	_o=$1
	shift
	printf "savedcmd_%s := gcc -Wp,-MMD -DKBUILD_MODFILE='\"%s\"' -DKBUILD_MODNAME='\"x\"' -c -o %s\n\nsource_%s := x.c\n" \
		"$_o" "$*" "$_o" "$_o" >"obj/$(dirname "$_o")/.$(basename "$_o").cmd"
}
cmdfile drv/a/part0.o drv/a/part0
cmdfile drv/a/part1.o drv/a/two drv/a/three
cmdfile drv/b/part2.o drv/b/part2
cmdfile drv/b/part3.o drv/b/part3-x
printf 'kernel/drv/a/part0.ko\nkernel/drv/a/two.ko\nkernel/drv/a/three.ko\nkernel/drv/b/part3-x.ko\n' \
	>obj/modules.builtin
printf 'm_two.file=drv/a/two\0m_two.license=GPL\0part0.file=drv/a/part0\0' \
	>obj/modules.builtin.modinfo

# the link (CONFIG_VMLINUX_MAP: with its map)
link() { # DIR [VAR=VALUE...]
	_d=$1
	shift
	"$work/kbuild" "$_d" KBUILD_VMLINUX_LIBS=lib/lib.a "$@" \
		sh "$SCRIPT" ld -static --build-id=none
}
kbuild_config obj CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y CONFIG_MODULES=y CONFIG_VMLINUX_MAP=y
cp -R obj ibt
expect_ok "link-vmlinux.sh with ONELINK_PROVENANCE=1" logged link.log \
	link obj ONELINK_PROVENANCE=1
n=$(grep -c '^  LD ' link.log)
check "one link (got $n)" [ "$n" -eq 1 ]
check "vmlinux.provenance beside vmlinux, no temporary left" \
	sh -c '[ -s obj/vmlinux.provenance ] && [ ! -e obj/.tmp_vmlinux.provenance ]'
expect_ok "vmlinux passes --verify" "$KALLSYMS" --verify --all-symbols obj/vmlinux
P=obj/vmlinux.provenance
cp "$P" first.prov

# the addresses, types and names are the table's, in its order
"$KALLSYMS" --decode obj/vmlinux >decoded
cut -d' ' -f1,3,4 "$P" >prov.ats
cut -d' ' -f1-3 decoded >decoded.ats
same_file "address, type, name: the decoded table's, line for line" decoded.ats prov.ats
# sizes: nm -S of the linked file
nm -S obj/vmlinux | awk 'NF == 4 { print $1, $2, $4 }' | sort >nm.sizes
awk '{ print $1, $2, $4 }' "$P" | grep -v ' 0000000000000000 ' | sort >prov.sizes
# shellcheck disable=SC2016 # expanded by that shell
check "every non-zero size is nm -S's ($(wc -l <prov.sizes))" \
	sh -c '[ -s prov.sizes ] && [ -z "$(comm -23 prov.sizes nm.sizes)" ]'

# the objects: the link map's
if sh "$MAPCHECK" obj/vmlinux.map "$P" >mapcheck.out; then
	ok "objects agree with the link map: $(tail -n 1 mapcheck.out)"
else
	not_ok "objects agree with the link map"
	diag "$(head -n 20 mapcheck.out)"
fi
# every helper() and local_0() told apart: one line each, each in its file
for name in helper local_0; do
	nm -A obj/drv/*/*.o obj/lib/used.o | sed -n "s/^obj\/\(.*\):[0-9a-f]* t $name\$/\1/p" |
		sort >"$name.nm"
	awk -v n="$name" '$4 == n { print $NF }' "$P" | sort >"$name.prov"
	same_file "each static $name() (nm: $(wc -l <"$name.nm")) with its own object" \
		"$name.nm" "$name.prov"
done
zaddr=$(nm obj/vmlinux | awk '$3 == "zkey" { print $1 }' | sort -u)
awk '$4 == "zkey" { print $NF }' "$P" | sort >zkey.prov
printf 'drv/c/z1.o\ndrv/c/z2.o\n' >zkey.nm
check "two zkey of size 0 at one address ($zaddr): one line each" [ "$(echo "$zaddr" | wc -w)" -eq 1 ]
same_file "... each with its own object" zkey.nm zkey.prov
check "lib/unused.o, not linked, is nobody's object" sh -c "! grep -q 'lib/unused.o' $P"
check "a global: fn_2_3 from drv/b/part2.o" grep -qx '[0-9a-f]* [0-9a-f]* T fn_2_3 drv/b/part2.o' "$P"
# hook_1: weak in one file, strong in the next (nm)
weak=$(cd obj && nm -A drv/*/*.o | sed -n 's/:[0-9a-f]* W hook_1$//p')
strong=$(cd obj && nm -A drv/*/*.o | sed -n 's/:[0-9a-f]* T hook_1$//p')
check "a weak definition ($weak) overridden: hook_1 from the strong one's $strong" \
	grep -q " T hook_1 $strong\$" "$P"
# the linker script's symbols (assigned in it) name it; the table's own
# arrays are the link's
for s in _stext _etext __per_cpu_start __bss_stop; do
	check "$s from the linker script" grep -q " $s arch/vmlinux.lds\$" "$P"
done
check "kallsyms_names: (linker)" grep -q ' kallsyms_names (linker)$' "$P"
check "no '?' line" sh -c "! grep -q ' ?\$' $P"

# modules: from modules.builtin, its modinfo and the .o.cmd files
check "a module of one object: [part0]" grep -q ' t helper \[part0\] drv/a/part0.o$' "$P"
check "an object of two modules: both, modinfo's name first" \
	grep -q ' t helper \[m_two\] \[three\] drv/a/part1.o$' "$P"
check "a module file modules.builtin does not list: no module" \
	grep -q ' t helper drv/b/part2.o$' "$P"
check "a module without modinfo: its file's name, '-' as '_'" \
	grep -q ' t helper \[part3_x\] drv/b/part3.o$' "$P"
check "no .o.cmd: no module" grep -q ' t helper drv/c/user.o$' "$P"

# --provenance on the linked file, with the same inputs: the same lines
(cd obj && "$KALLSYMS" --provenance --lds=arch/vmlinux.lds --modules-builtin=modules.builtin \
	vmlinux vmlinux.a .vmlinux.export.o init/version-timestamp.o lib/lib.a >../standalone.prov)
same_file "--provenance gives the link's lines" "$P" standalone.prov
expect_fail "--provenance: a missing input is an error naming it" 1 \
	"^kallsyms: obj/nothere.o: cannot open: No such file or directory$" \
	"$KALLSYMS" --provenance obj/vmlinux obj/vmlinux.a obj/nothere.o

# --lookup
addr=$(awk '$4 == "helper" && $NF == "drv/b/part3.o" { print $1 }' "$P")
size=$(awk '$4 == "helper" && $NF == "drv/b/part3.o" { print $2 }' "$P")
next_addr=$(awk -v a="$addr" 'f { print $1; exit } $1 == a { f = 1 }' "$P")
# the expected offset and size from sh arithmetic on nm's address
exp_size=$(printf '%x' $((0x$next_addr - 0x$addr)))
plus=$(printf '%x' $((0x$addr + 3)))
(cd obj && "$KALLSYMS" --lookup vmlinux "0x$plus") >lookup.addr
check "--lookup ADDR: name+0xoff/0xsize [module] object" \
	grep -qx "helper+0x3/0x$exp_size \[part3_x\] drv/b/part3.o" lookup.addr
diag "size $size, to the next symbol 0x$exp_size"
(cd obj && "$KALLSYMS" --lookup vmlinux helper) >lookup.name
awk '$4 == "helper"' "$P" >helper.lines
same_file "--lookup NAME: every definition, with its module and object" helper.lines lookup.name
check "... $(wc -l <helper.nm) of them" [ "$(wc -l <lookup.name)" -eq "$(wc -l <helper.nm)" ] &&
	[ -s lookup.name ]
cp "$P" other.prov
"$KALLSYMS" --lookup --provenance-file=other.prov obj/vmlinux "$addr" >lookup.bare
check "--provenance-file, and a bare address of the file's width" \
	grep -qx "helper+0x0/0x$exp_size \[part3_x\] drv/b/part3.o" lookup.bare
expect_fail "--lookup: an unknown name" 1 "^kallsyms: obj/vmlinux.provenance: no_such_fn: no such symbol$" \
	"$KALLSYMS" --lookup obj/vmlinux no_such_fn
expect_fail "--lookup: a bad address" 1 "^kallsyms: obj/vmlinux.provenance: 0xzz: not an address (0x and hex digits)$" \
	"$KALLSYMS" --lookup obj/vmlinux 0xzz
expect_fail "--lookup: below every symbol" 1 "^kallsyms: obj/vmlinux.provenance: 0x10: no symbol at or below this address$" \
	"$KALLSYMS" --lookup obj/vmlinux 0x10
expect_fail "--lookup: no provenance file" 1 "^kallsyms: nothere.provenance: cannot open: No such file or directory$" \
	"$KALLSYMS" --lookup nothere helper
printf 'not a line\n' >bad.prov
expect_fail "--lookup: a malformed file" 1 "^kallsyms: bad.prov: line 1: not a provenance line " \
	"$KALLSYMS" --lookup --provenance-file=bad.prov x helper
expect_fail "--write-provenance without inputs: usage" 2 "^Usage: " \
	"$KALLSYMS" --final --write-provenance=p obj/vmlinux
expect_fail "--lds with --final needs --write-provenance" 2 \
	"^kallsyms: --lds goes with --final only with --write-provenance$" \
	"$KALLSYMS" --final --lds=x obj/vmlinux

# a failing provenance leaves the table patched and verified: exit 4, no
# provenance file (an old one removed)
cp obj/vmlinux v4
: >v4.provenance
"$KALLSYMS" --final --all-symbols --write-provenance=v4.provenance v4 missing.a 2>v4.err
st=$?
check "--final with an unreadable input: exit 4 ($st)" [ "$st" -eq 4 ]
check "... the message names the input, then says the table is done" \
	sh -c 'grep -q "^kallsyms: missing.a: " v4.err &&
		grep -qx "kallsyms: v4: table patched and verified; no provenance file written" v4.err'
check "... no provenance file left" [ ! -e v4.provenance ]
expect_ok "... and the table verifies" "$KALLSYMS" --verify --all-symbols v4

# link-vmlinux.sh: a link without ONELINK_PROVENANCE removes an old file;
# clean removes it too
link obj >plain.log 2>&1
check "a link without ONELINK_PROVENANCE: no vmlinux.provenance" [ ! -e obj/vmlinux.provenance ]
link obj ONELINK_PROVENANCE=1 >again.log 2>&1
"$work/kbuild" obj sh "$SCRIPT" clean
check "link-vmlinux.sh clean removes vmlinux.provenance" [ ! -e obj/vmlinux.provenance ]

# vmlinux.o (an IBT build): objects from the inputs of its ld -r
(cd ibt && ld -r -o vmlinux.o --whole-archive vmlinux.a --no-whole-archive \
	--start-group lib/lib.a --end-group &&
	printf 'savedcmd_vmlinux.o := ld -m elf_x86_64 -z noexecstack -r -o vmlinux.o --whole-archive vmlinux.a --no-whole-archive --start-group lib/lib.a --end-group; ./tools/objtool/objtool --hacks=jump_label vmlinux.o\n' \
		>.vmlinux.o.cmd)
# objtool adds __pfx_NAME symbols before functions to vmlinux.o (function
# padding): one for fn_0_1, 4 bytes before it
fnoff=$(nm ibt/vmlinux.o | awk '$2 == "T" && $3 == "fn_0_1" { print $1 }')
objcopy --add-symbol "__pfx_fn_0_1=.text:0x$(printf '%x' $((0x$fnoff - 4))),function,local" \
	ibt/vmlinux.o
kbuild_config ibt CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y CONFIG_MODULES=y CONFIG_X86_KERNEL_IBT=y
expect_ok "an IBT link (vmlinux.o) with ONELINK_PROVENANCE=1" logged ibt.log \
	link ibt ONELINK_PROVENANCE=1
check "... it read vmlinux.o" grep -q 'vmlinux\.o' ibt/.tmp_vmlinux.kallsyms.cache
# the map names vmlinux.o for everything: the expected objects are those
# of the vmlinux.a link (checked against its map above).  ld -r keeps the
# order of each object's .text, so code has the same addresses in both
# links; data and rodata move (ld -r merges their sections), so for them
# the lines are compared without the address
awk '$3 ~ /^[tT]$/' first.prov >a.text
awk '$3 ~ /^[tT]$/ && $4 != "__pfx_fn_0_1"' ibt/vmlinux.provenance >ibt.text
check "... code: the same lines as the vmlinux.a link ($(wc -l <a.text))" \
	sh -c '[ -s a.text ] && cmp -s a.text ibt.text'
# (the table's arrays have reserves of their own superset)
cut -d' ' -f2- first.prov | grep -v ' kallsyms_' | sort >a.rest
cut -d' ' -f2- ibt/vmlinux.provenance | grep -v ' kallsyms_\| __pfx_' | sort >ibt.rest
same_file "... all: the same lines but for the address (and the table's sizes)" a.rest ibt.rest
fnobj=$(cd obj && nm -A drv/*/*.o | sed -n 's/:[0-9a-f]* T fn_0_1$//p')
check "... __pfx_fn_0_1, which only vmlinux.o has: fn_0_1's object ($fnobj)" \
	grep -q " t __pfx_fn_0_1 \[part0\] $fnobj\$" ibt/vmlinux.provenance
check "... no line names vmlinux.o" sh -c '[ -s ibt/vmlinux.provenance ] &&
	! grep -q " vmlinux\.o$" ibt/vmlinux.provenance'
rm ibt/.vmlinux.o.cmd
(cd ibt && "$KALLSYMS" --provenance --lds=arch/vmlinux.lds vmlinux vmlinux.o \
	init/version-timestamp.o >../nocmd.prov 2>../nocmd.err)
check "vmlinux.o without .vmlinux.o.cmd: a warning, objects 'vmlinux.o'" \
	sh -c 'grep -q "^kallsyms: vmlinux.o: warning: no .vmlinux.o.cmd beside it" nocmd.err &&
		grep -q " helper vmlinux.o$" nocmd.prov'
done_testing
