#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# scripts/link-vmlinux.sh with CONFIG_DEBUG_INFO_BTF, without a kernel: the
# kernel-like test program built with DWARF in a fake object tree, pahole
# from the system.  Without per-cpu sections in vmlinux.o the BTF comes
# from vmlinux.o and vmlinux is linked once; its .BTF equals what pahole
# makes of a linked image (stock's way).  With per-cpu variables outside
# .data..percpu (as SMP kernels have) the script links once more for
# pahole, as stock does, because pahole on vmlinux.o would miss them.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

MKSYSMAP=$(mksysmap) || { skip "link-vmlinux.sh BTF" "no scripts/mksysmap"; done_testing; exit; }
need pahole readelf objcopy || { skip "link-vmlinux.sh BTF" "no pahole"; done_testing; exit; }
SCRIPT="$top/scripts/link-vmlinux.sh"
PFLAGS=--btf_gen_floats

# a Linux 6.12 source tree with what the script reads from it
kbuild_tree 6 12 "$MKSYSMAP"
# resolve_btfids stand-in: records the file it was given and its .BTF
cat >btfids <<SH
#!/bin/sh
echo "\$1" >>"$work/btfids.log"
objcopy -O binary --only-section=.BTF "\$1" "$work/btfids.btf"
SH
chmod +x btfids

"$KPROG/gen.sh" gen 2 100
# without SMP the kernel's per-cpu variables are ordinary data
mkdir -p gen-up
for f in gen/*.c; do
	sed 's/__attribute__((section(".data..percpu"))) //' "$f" >"gen-up/${f#gen/}"
done
# the per-cpu variables of an SMP kernel: one in .data..percpu, one in
# a ..read_mostly section that only the link puts before it
cat >percpu.c <<'EOF'
struct pcp_stat { long hits; int cpu; };
__attribute__((section(".data..percpu..read_mostly"))) int pcp_mostly = 1;
__attribute__((section(".data..percpu"))) struct pcp_stat pcp_stat = { 2, 3 };
EOF
mkdir -p gen-pcp
cp gen/*.c percpu.c gen-pcp/
# the kernel's order: ..first, ..page_aligned, ..read_mostly, then the rest
sed 's/^\(\t*\)\*(\.data\.\.percpu)$/\1*(.data..percpu..read_mostly)\n&/' \
	"$KPROG/prog.lds" >percpu.lds

# objtree DIR SRCDIR: a fake object tree with vmlinux.a and vmlinux.o of
# the sources in SRCDIR, with DWARF
objtree() {
	kbuild_objtree "$1" percpu.lds
	kprog_objects "$1" "$2" -g >/dev/null || return 1
	(cd "$1" && ar rcsT vmlinux.a ./*.o && ld -r -o vmlinux.o --whole-archive vmlinux.a)
}

# run_script DIR: the script in DIR with kbuild's variables and BTF
run_script() {
	kbuild_config "$1" CONFIG_KALLSYMS=y CONFIG_KALLSYMS_ALL=y CONFIG_DEBUG_INFO_BTF=y
	kbuild_link "$1" PAHOLE="${PAHOLE:-pahole}" PAHOLE_FLAGS="$PFLAGS" \
		RESOLVE_BTFIDS="$work/btfids"
}

# stock_btf DIR OUT: pahole's BTF of a plain link of DIR's objects (what
# stock reads from .tmp_vmlinux1) as raw bytes
stock_btf() {
	# shellcheck disable=SC2046 # one word per option
	(cd "$1" && ld -static --build-id=none --script=arch/vmlinux.lds -o stock.elf \
		--whole-archive vmlinux.a --no-whole-archive init/version-timestamp.o \
		$(no_table_defsyms)) &&
		pahole -J $PFLAGS --btf_encode_detached="$2" "$1/stock.elf"
}

# is_alloc FILE: .BTF is an allocated section of FILE
is_alloc() {
	readelf -S -W "$1" | grep ' \.BTF ' | grep -q ' A '
}

# fail_pahole DIR: the script in DIR with a pahole that fails
fail_pahole() {
	PAHOLE=false
	run_script "$1"
	_st=$?
	unset PAHOLE
	return "$_st"
}

# 1. No per-cpu sections in vmlinux.o: BTF from vmlinux.o, one link.
check "object tree with DWARF" objtree one gen-up
expect_ok "link-vmlinux.sh with BTF succeeds" logged one.log run_script one
n=$(grep -c '^  LD ' one.log)
expect_ok "one link (got $n)" [ "$n" -eq 1 ]
expect_ok "BTF from vmlinux.o before the link" grep -q '^  BTF     .tmp_vmlinux.btf.o$' one.log
objcopy -O binary --only-section=.BTF one/vmlinux one.btf
rm -f stock-one.btf
stock_btf one "$work/stock-one.btf"
expect_ok "vmlinux has a .BTF section" [ -s one.btf ]
expect_ok "... allocated" is_alloc one/vmlinux
same_file "... equal to pahole's BTF of a linked image" stock-one.btf one.btf
expect_ok "resolve_btfids ran once, on the linked file" \
	[ "$(cat btfids.log)" = .tmp_vmlinux.onelink ]
same_file "... which had the .BTF" one.btf btfids.btf
expect_ok "vmlinux passes --verify" "$KALLSYMS" --verify --all-symbols one/vmlinux
selftest "vmlinux runs its selftest" one/vmlinux
expect_ok "clean" sh -c "cd one && srctree=$work/src sh $SCRIPT clean"
expect_ok "clean removes the BTF files" [ -z "$(find one -name '.tmp_vmlinux.btf.*')" ]

# pahole fails: the link fails, no vmlinux.
rm -f one/vmlinux
expect_fail "a failing pahole fails the link" 1 "Failed to generate BTF" \
	fail_pahole one
expect_ok "... and leaves no vmlinux" [ ! -e one/vmlinux ]

# 2. Per-cpu variables: pahole on vmlinux.o would miss the one outside
# .data..percpu, so the script links .tmp_vmlinux1 for pahole, as stock.
: >btfids.log
objtree pcp gen-pcp || not_ok "object tree with per-cpu variables"
expect_ok "link-vmlinux.sh with per-cpu variables succeeds" logged pcp.log run_script pcp
pahole -J $PFLAGS --btf_encode_detached=pcp-o.btf pcp/vmlinux.o
stock_btf pcp "$work/stock-pcp.btf"
if cmp -s pcp-o.btf stock-pcp.btf; then
	not_ok "pahole on vmlinux.o differs from the linked image with per-cpu variables"
else
	ok "pahole on vmlinux.o differs from the linked image with per-cpu variables"
fi
n=$(grep -c '^  LD ' pcp.log)
expect_ok "two links, .tmp_vmlinux1 and the final one (got $n)" [ "$n" -eq 2 ]
objcopy -O binary --only-section=.BTF pcp/vmlinux pcp.btf
same_file "... .BTF equal to pahole's BTF of a linked image" stock-pcp.btf pcp.btf
expect_ok "vmlinux passes --verify" "$KALLSYMS" --verify --all-symbols pcp/vmlinux

rm -f pcp/vmlinux
expect_fail "a failing pahole fails the link with the extra link too" 1 \
	"Failed to generate BTF" fail_pahole pcp
expect_ok "... and leaves no vmlinux" [ ! -e pcp/vmlinux ]

done_testing
