# shellcheck shell=sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# fixtures.sh - ELF fixtures for the elf_offset and patchfile tests, built
# at test time in $work, and an independent oracle for file offsets.
# Sourced after lib.sh.
#
#   build_fixture NAME CC [CFLAGS...]   compile fixture.c + dup.c into NAME
#   build_kernel_like NAME              static, VMA != LMA (linker script AT())
#   derive FILE SYMBOL                  "SYMBOL 0xOFFSET SECTION 0xCAPACITY"
#                                       from nm and readelf -SW alone
#
# The fixture: data_arr/data_next in .data, ro_arr in .rodata, bss_arr in
# .bss, abs_sym absolute (--defsym), weak_undef undefined, dup_local a
# local defined in two files at two addresses.

# shellcheck disable=SC2034
NM="nm"
READELF="readelf"

write_sources() {
	cat >fixture.c <<'EOF'
char data_arr[48] = { 1, 2, 3 };
char data_next[16] = { 4 };
const char ro_arr[32] = { 5 };
char bss_arr[64];
static char dup_local[8] = { 7 };
extern int weak_undef __attribute__((weak));
char *dup_other(void);

int main(void)
{
	return data_arr[0] + data_next[0] + ro_arr[1] + bss_arr[2] +
		dup_local[0] + *dup_other() + (&weak_undef ? 1 : 0);
}
EOF
	cat >dup.c <<'EOF'
static char dup_local[8] = { 9 };

char *dup_other(void)
{
	return dup_local;
}
EOF
	cat >start.c <<'EOF'
int main(void);

void _start(void)
{
	for (;;)
		main();
}
EOF
	cat >kernel.lds <<'EOF'
ENTRY(_start)
SECTIONS
{
	. = 0x10000000;
	.text : AT(0x1000000) { *(.text*) }
	.rodata : AT(LOADADDR(.text) + ADDR(.rodata) - ADDR(.text)) { *(.rodata*) }
	.data : AT(LOADADDR(.text) + ADDR(.data) - ADDR(.text)) { *(.data*) }
	.bss : { *(.bss*) *(COMMON) }
	/DISCARD/ : { *(.note*) *(.eh_frame*) *(.comment) }
}
EOF
}

# build_fixture NAME CC [FLAGS...]: 0 on success
build_fixture() {
	_name=$1 _cc=$2
	shift 2
	[ -f fixture.c ] || write_sources
	"$_cc" -O0 -g0 -o "$_name" fixture.c dup.c -Wl,--defsym=abs_sym=0x12345 \
		"$@" >"$_name.log" 2>&1
}

build_kernel_like() {
	[ -f fixture.c ] || write_sources
	gcc -O0 -g0 -fno-pie -no-pie -static -nostdlib -fno-asynchronous-unwind-tables \
		-Wl,-T,kernel.lds -Wl,--defsym=abs_sym=0x12345 -o "$1" \
		start.c fixture.c dup.c >"$1.log" 2>&1
}

# has_lma FILE: some PT_LOAD has p_paddr != p_vaddr
has_lma() {
	"$READELF" -lW "$1" | awk '$1 == "LOAD" && $3 != $4 { f = 1 } END { exit !f }'
}

# sections FILE: "NAME TYPE ADDR OFF SIZE FLAGS" per section (hex, no 0x)
sections() {
	"$READELF" -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk '{ f = ($7 ~ /^[0-9]+$/) ? "" : $7; print $1, $2, $3, $4, $5, f }'
}

# derive FILE SYMBOL: the expected elf_offset -c line, from nm and readelf
derive() {
	_val=$("$NM" "$1" | awk -v s="$2" '$3 == s { print $1; exit }')
	[ -n "$_val" ] || return 1
	_v=$((0x$_val))
	# shellcheck disable=SC2034
	sections "$1" | while read -r _sn _st _sa _so _ss _sf; do
		case $_sf in *A*) ;; *) continue ;; esac
		[ "$_st" != NOBITS ] || continue
		_a=$((0x$_sa)) _end=$((0x$_sa + 0x$_ss))
		if [ "$_v" -lt "$_a" ] || [ "$_v" -ge "$_end" ]; then
			continue
		fi
		_next=$("$NM" -n "$1" | while read -r _nv _nt _nn; do
			[ -n "$_nn" ] || continue
			if [ $((0x$_nv)) -gt "$_v" ] && [ $((0x$_nv)) -lt "$_end" ]; then
				echo $((0x$_nv))
				break
			fi
		done)
		printf '%s 0x%x %s 0x%x\n' "$2" $((0x$_so + _v - _a)) "$_sn" \
			$((${_next:-$_end} - _v))
		break
	done
}

# check_offsets FILE DESC SYMBOL...: elf_offset -c agrees with derive
check_offsets() {
	_f=$1 _d=$2
	shift 2
	for _s in "$@"; do
		_want=$(derive "$_f" "$_s")
		_got=$("$ELF_OFFSET" -c "$_f" "$_s" 2>&1)
		if [ -n "$_want" ] && [ "$_got" = "$_want" ]; then
			ok "$_d: $_s at $_want"
		else
			not_ok "$_d: $_s"
			diag "expected: $_want" "got: $_got"
		fi
	done
}
