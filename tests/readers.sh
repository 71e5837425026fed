# shellcheck shell=sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# readers.sh - fixtures and comparisons shared by the t-readers*.sh tests
# (sourced after lib.sh).
#
# The expected output always comes from binutils' nm (or the kernel's
# scripts/mksysmap applied to it), never from kallsyms itself.
#
#   write_sources                    fix.c, fix.s, defs.c in $work
#   check_nm DESC READER NM FILE     kallsyms --nm --reader=READER FILE
#                                    must equal NM -n FILE, byte for byte
#   check_archive DESC NM ARCHIVE    the bfd reader lists the same symbol
#                                    lines as NM -n ARCHIVE (see below)
#   check_system_map DESC NM ELF     kallsyms --system-map ELF must equal
#                                    NM -n ELF | sed -f scripts/mksysmap

# A C file with one symbol of every kind a compiler makes.
write_c_source() {
	cat >fix.c <<'EOF'
int glob = 1;
static int loc = 2;
int bss_var;
int common_var __attribute__((common));
static int lbss;
const int ro = 3;
__attribute__((weak)) int weak_obj = 4;
__attribute__((weak)) void weak_fn(void) {}
extern int undef_var;
extern void undef_fn(void);
extern __attribute__((weak)) int weak_undef_obj;
extern __attribute__((weak)) void weak_undef_fn(void);
__thread int tls_var = 5;
static __thread int tls_bss;
__attribute__((section(".init.text"))) int init_fn(void) { return 0; }
extern char __start_mysec[], __stop_mysec[];
__attribute__((section("mysec"), used)) int in_mysec = 1;
static int impl(void) { return 1; }
static void *resolve(void) { return (void *)impl; }
int ifn(void) __attribute__((ifunc("resolve")));
static int lfn(void) { return loc + lbss + tls_bss; }
int use(void)
{
	undef_fn();
	if (weak_undef_fn)
		weak_undef_fn();
	return lfn() + undef_var + weak_undef_obj + (int)(__stop_mysec - __start_mysec);
}
EOF
}

# Assembler for what C cannot say; '%' types work on every target.
write_asm_source() {
	cat >fix.s <<'EOF'
	.text
	.globl	asm_func
	.type	asm_func, %function
asm_func:
	.long	0
	.weak	wdef
	.type	wdef, %function
wdef:
	.long	0
	.type	my_ifunc, %gnu_indirect_function
	.globl	my_ifunc
my_ifunc:
	.long	0
	.data
	.globl	uniq
	.type	uniq, %gnu_unique_object
uniq:	.long	1
lab$dollar:
	.long	2
.L_kept:
	.long	3
	.globl	gdollar$x
gdollar$x:
	.long	4
	.weak	weak_undef_obj2
	.type	weak_undef_obj2, %object
	.dc.a	weak_undef_obj2
	.dc.a	undef_in_asm
	.globl	abs_sym
	.set	abs_sym, 0x1234
	.equ	loc_abs, 0x42
	.globl	__crc_foo
	.set	__crc_foo, 0x5678
	.section .sdata,"aw",%progbits
	.globl	sdata_var
sdata_var:
	.long	5
sdata_local:
	.long	6
	.section .sbss,"aw",%nobits
	.globl	sbss_var
sbss_var:
	.zero	4
	.section .init.text,"ax",%progbits
	.globl	init_asm
init_asm:
	.long	0
	.section .rodata
	.globl	ro_asm
ro_asm:	.long	7
	.globl	__kstrtab_ro_asm
__kstrtab_ro_asm:
	.long	0
	.section .tdata,"awT",%progbits
	.globl	tls_asm
	.type	tls_asm, %tls_object
tls_asm: .long	8
	.section .comment_like,"",%progbits
in_nonalloc:
	.long	9
	.section .debug_foo,"",%progbits
in_debug:
	.long	10
	.section .wnoalloc,"w",%progbits
in_wnoalloc:
	.long	11
	.comm	acomm, 8, 4
	.local	lcomm_sym
	.comm	lcomm_sym, 4, 4
	.section __ex_table,"aw",%progbits
	.globl	ex_user
ex_user:
	.dc.a	__start___ex_table
	.dc.a	__stop___ex_table
	.data
"$dollar_first":
	.long	12
	.globl	__AArch64ADRPThunk_foo
__AArch64ADRPThunk_foo:
	.long	13
	.globl	__x86_indirect_Thunk_bar
__x86_indirect_Thunk_bar:
	.long	14
	.globl	foo_veneer
foo_veneer:
	.long	15
	.globl	_SDA_BASE_
_SDA_BASE_:
	.long	16
L0:	.long	17
	.globl	x.long_branch.y
x.long_branch.y:
	.long	18
	.section .note.GNU-stack,"",%progbits
EOF
}

write_sources() {
	write_c_source
	write_asm_source
	cat >defs.c <<'EOF'
int undef_var = 1;
int undef_in_asm;
void undef_fn(void) {}
EOF
}

check_nm() {
	_d=$1 _r=$2 _nm=$3 _f=$4
	if ! "$_nm" -n "$_f" >"$_f.nm" 2>"$_f.nm.err"; then
		skip "$_d" "$_nm -n $_f failed"
		return
	fi
	"$KALLSYMS" --nm --reader="$_r" "$_f" >"$_f.$_r" 2>"$_f.$_r.err"
	_st=$?
	if [ "$_st" -ne 0 ]; then
		not_ok "$_d"
		diag "kallsyms --nm --reader=$_r $_f: exit $_st" "$(head -n 5 "$_f.$_r.err")"
		return
	fi
	if cmp -s "$_f.nm" "$_f.$_r"; then
		ok "$_d"
	else
		not_ok "$_d"
		diag "$(diff "$_f.nm" "$_f.$_r" | head -n 20)"
	fi
}

# nm prints a header per archive member and sorts each member on its own;
# kallsyms sorts the whole archive as one list.  So compare the multisets
# of symbol lines: nm's output without headers and blank lines, and ours,
# both sorted with sort(1).  With norm=1 the address is written without
# leading zeros: nm prints LTO members (plugin target) with 8 digits
# and ELF members with 16, kallsyms one width for the whole list.
check_archive() {
	_d=$1 _nm=$2 _f=$3 _norm=${4-0}
	if ! "$_nm" -n "$_f" >"$_f.nm.raw" 2>/dev/null; then
		skip "$_d" "$_nm -n $_f failed"
		return
	fi
	if ! "$KALLSYMS" --nm --reader=bfd "$_f" >"$_f.bfd.raw" 2>"$_f.err"; then
		not_ok "$_d"
		diag "$(head -n 5 "$_f.err")"
		return
	fi
	grep -v -e '^$' -e ':$' "$_f.nm.raw" | norm_lines "$_norm" >"$_f.nm"
	norm_lines "$_norm" <"$_f.bfd.raw" >"$_f.bfd"
	if [ -s "$_f.nm" ] && cmp -s "$_f.nm" "$_f.bfd"; then
		ok "$_d"
	else
		not_ok "$_d"
		diag "$(diff "$_f.nm" "$_f.bfd" | head -n 20)"
	fi
}

norm_lines() {
	if [ "$1" = 1 ]; then
		sed -e 's/^ *//' -e 's/^0*\([0-9a-f]\)/\1/' | sort
	else
		sort
	fi
}

check_system_map() {
	_d=$1 _nm=$2 _f=$3
	_sed=$(mksysmap) || {
		skip "$_d" "no kernel source for scripts/mksysmap"
		return
	}
	"$_nm" -n "$_f" | sed -f "$_sed" >"$_f.map.nm"
	if ! "$KALLSYMS" --system-map "$_f" >"$_f.map" 2>"$_f.map.err"; then
		not_ok "$_d"
		diag "$(head -n 5 "$_f.map.err")"
		return
	fi
	if [ -s "$_f.map" ] && cmp -s "$_f.map.nm" "$_f.map"; then
		ok "$_d"
	else
		not_ok "$_d"
		diag "$(diff "$_f.map.nm" "$_f.map" | head -n 20)"
	fi
}
