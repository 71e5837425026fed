#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# t-diag-lib.sh - the diagnostics of the shared ELF and file layer (lib/),
# elf_offset and patchfile (docs/diagnostics.md), each provoked from
# outside: crafted ELF files (tests/elfcraft.py), a file size limit, and
# system call faults injected with strace.  Each checks the exact text,
# the exit status, and that the target is byte-identical afterwards.

# shellcheck disable=SC1091,SC2034,SC2154 # lib.sh sets top, fixtures.sh uses NM
# shellcheck disable=SC2016 # sh -c scripts get their arguments as $1
. "$(dirname "$0")/lib.sh"
. "$top/tests/fixtures.sh"

E=$ELF_OFFSET
P=$PATCHFILE

if ! need python3 || ! build_fixture bfd gcc -fuse-ld=bfd; then
	skip "lib diagnostics" "python3 or the fixture missing"
	done_testing
	exit
fi
printf 'ABCDEFGHIJKLMNOP' >b16

# fails DESC STATUS TEXT FILE CMD...: CMD exits STATUS, its stderr has the
# line TEXT (exactly), and FILE is byte-identical afterwards
fails() {
	_d=$1 _s=$2 _t=$3 _f=$4
	shift 4
	cp "$_f" target.orig
	"$@" >"$work/.out" 2>"$work/.err"
	_st=$?
	if [ "$_st" -eq "$_s" ] && grep -qxF -e "$_t" "$work/.err"; then
		ok "$_d"
	else
		not_ok "$_d"
		diag "command: $*" "exit $_st, expected $_s" "expected line: $_t" "$(head -n 5 "$work/.err")"
	fi
	same_file "$_d: target unchanged" target.orig "$_f"
}

# hex N: N as %#x prints it
hex() {
	printf '%#x' "$1"
}

# the fixture's facts, from nm and readelf alone
data_off=$(derive bfd data_arr | cut -d' ' -f2)
data_addr=0x$(nm bfd | awk '$3 == "data_arr" { print $1 }')
nsec=$(readelf -hW bfd | awk '/Number of section headers/ { print $NF }')
# the program header (index) of the PT_LOAD holding data_arr, and its offset
load_idx="" load_off="" i=0
readelf -lW bfd | grep -E '^ *[A-Z_]+ +0x' >phdrs.txt
while read -r type off vaddr paddr filesz rest; do
	if [ "$type" = LOAD ] && [ $((data_addr)) -ge $((vaddr)) ] &&
		[ $((data_addr)) -lt $((vaddr + filesz)) ]; then
		load_idx=$i load_off=$off
	fi
	i=$((i + 1))
done <phdrs.txt

# --- the ELF header
cp bfd ver.elf
printf '\002' | dd of=ver.elf bs=1 seek=6 conv=notrunc 2>/dev/null
fails "ELF version 2" 1 "elf_offset: ver.elf: unknown ELF version 2" ver.elf "$E" ver.elf data_arr
mkdir -p adir
fails "a directory" 1 "elf_offset: adir: not a regular file" bfd "$E" adir data_arr
fails "a directory to patch" 1 "patchfile: adir: cannot open for writing: Is a directory" bfd "$P" --raw adir 0 b16
fails "a directory to look at" 1 "patchfile: adir: not a regular file" bfd "$P" -n --raw adir 0 b16
fails "a directory as the blob" 1 "patchfile: adir: not a regular file" bfd "$P" -s data_arr bfd adir

# --- the section table
cp bfd c1.elf && craft ehdr c1.elf shentsize 12
fails "section header size" 1 "patchfile: c1.elf: corrupt section table: entry size 12, expected 64" \
	c1.elf "$P" -s data_arr c1.elf b16
cp bfd c2.elf && craft ehdr c2.elf shstrndx $((nsec + 3))
fails "section name table index" 1 \
	"patchfile: c2.elf: corrupt section table: string table index $((nsec + 3)) of $nsec" \
	c2.elf "$P" -s data_arr c2.elf b16

# --- the symbol table
cp bfd s1.elf && craft shdr s1.elf .symtab entsize 0
fails "symbol table entry size 0" 1 "patchfile: s1.elf: corrupt symbol table header" s1.elf "$P" -s data_arr s1.elf b16
cp bfd s2.elf && craft shdr s2.elf .symtab link $((nsec + 5))
fails "symbol table linked to no section" 1 "patchfile: s2.elf: corrupt symbol table header" s2.elf "$P" -s data_arr s2.elf b16
symsize=$(readelf -SW bfd | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$1 == ".symtab" { print $5 }')
cp bfd s3.elf && craft shdr s3.elf .symtab size $((0x$symsize - 1))
fails "symbol table of a partial entry" 1 "patchfile: s3.elf: cannot read symbol table: invalid data" \
	s3.elf "$P" -s data_arr s3.elf b16
# .comment turned into an extended index table of 2 entries: symbol 2 has none
cp bfd s4.elf && craft shdr s4.elf .comment type 18 && craft shdr s4.elf .comment size 8
fails "extended section indices too short" 1 \
	"patchfile: s4.elf: corrupt symbol table: cannot read symbol 2: invalid section index" \
	s4.elf "$P" -s data_arr s4.elf b16
cmt_idx=$(readelf -SW bfd | sed -n 's/^ *\[ *\([0-9]*\)\] \.comment .*/\1/p')
cmt_size=0x$(readelf -SW bfd | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$1 == ".comment" { print $5 }')
cp bfd s5.elf && craft shdr s5.elf .comment type 18 && craft shdr s5.elf .comment offset 0x7fff0
fails "extended section indices out of the file" 1 \
	"patchfile: s5.elf: section [$cmt_idx] extends past the end of the file (offset 0x7fff0, size $(hex "$cmt_size"), file $(hex "$(wc -c <bfd)") bytes): truncated?" \
	s5.elf "$P" -s data_arr s5.elf b16
cmt_off=0x$(readelf -SW bfd | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$1 == ".comment" { print $4 }')
cp bfd s8.elf && craft shdr s8.elf .comment type 18 && craft shdr s8.elf .comment offset $((cmt_off + 1))
fails "extended section indices misaligned" 1 \
	"patchfile: s8.elf: cannot read extended section indices: invalid data" s8.elf "$P" -s data_arr s8.elf b16
cp bfd s6.elf && craft sym s6.elf data_arr name 0xffffff
idx=$(readelf -sW bfd | awk '$8 == "data_arr" { sub(":", "", $1); print $1; exit }')
fails "symbol name outside the string table" 1 \
	"patchfile: s6.elf: corrupt symbol table: bad name of symbol $idx" s6.elf "$P" -s data_arr s6.elf b16
cp bfd s7.elf && craft sym s7.elf data_arr shndx 0xff01
fails "symbol in a reserved section index" 1 \
	"patchfile: s7.elf: symbol 'data_arr' is in no section (index 0xff01)" s7.elf "$P" -s data_arr s7.elf b16

# --- program headers
cp bfd p1.elf && craft ehdr p1.elf phoff 0x7fffff
fails "program header table out of the file" 1 \
	"patchfile: p1.elf: corrupt program header table: invalid data" p1.elf "$P" -s data_arr p1.elf b16
cp bfd p2.elf && craft ehdr p2.elf phnum 0xfff0
fails "program header count too large" 1 \
	"patchfile: p2.elf: corrupt program header 0: invalid data" p2.elf "$P" -s data_arr p2.elf b16
cp bfd p3.elf && craft phdr p3.elf "$load_idx" offset $((load_off + 4))
fails "segment maps the address elsewhere" 1 \
	"patchfile: p3.elf: address $(hex "$data_addr"): section and segment disagree on its file offset ($(hex "$data_off") vs $(hex $((data_off + 4))))" \
	p3.elf "$P" -s data_arr p3.elf b16
cp bfd p4.elf && craft phdr p4.elf "$load_idx" type 0
fails "no segment loads the address" 1 \
	"patchfile: p4.elf: address $(hex "$data_addr") is in no loadable segment" p4.elf "$P" -s data_arr p4.elf b16

# --- symbols that have no bytes to patch
cat >odd.c <<'EOF'
__thread int tls_var = 3;
int common_var;
__asm__(".section .mine,\"\",@progbits\n.globl nonalloc_sym\nnonalloc_sym: .byte 1\n.previous");
int main(void) { return tls_var + common_var; }
EOF
if gcc -fcommon -c -o odd.o odd.c && gcc -o odd odd.o; then
	fails "thread-local symbol" 1 "patchfile: odd: symbol 'tls_var' is thread-local: its value is no address" \
		odd "$P" -s tls_var odd b16
	fails "symbol in a non-allocated section" 1 \
		"patchfile: odd: symbol 'nonalloc_sym' is in non-allocated section .mine: not patchable" \
		odd "$P" -s nonalloc_sym odd b16
	fails "common symbol of an object file" 1 "elf_offset: odd.o: symbol 'common_var' is common: in no section" \
		odd.o "$E" odd.o common_var
else
	not_ok "compile odd.c"
fi

# --- patchfile's own checks
printf 'ABCD' >b4
fails "--expect-file of another length" 1 "patchfile: b4: has 4 bytes, the patch 16" bfd "$P" -E b4 -s data_arr bfd b16
fails "--expect of another size" 1 "patchfile: bfd: --expect: size 8 differs from the patch length 16" bfd \
	"$P" --expect=8:1 -s data_arr bfd b16

# --- output and I/O faults
fails "elf_offset: standard output full" 1 "elf_offset: cannot write to standard output" bfd \
	sh -c '"$1" bfd data_arr >/dev/full' sh "$E"
fails "patchfile --dry-run: standard output full" 1 "patchfile: cannot write to standard output" bfd \
	sh -c '"$1" -n -s data_arr bfd b16 >/dev/full' sh "$P"

fails "a write past the file size limit" 1 "patchfile: bfd: write failed at offset $(hex "$data_off"): File too large" \
	bfd fsize $((data_off)) "$P" -s data_arr bfd b16
# half of the blob written, then the limit: the half is put back
fails "a write stopped half-way is rolled back" 1 "patchfile: bfd: patch not applied: the original bytes were restored" \
	bfd fsize $((data_off + 8)) "$P" -s data_arr bfd b16

# syscall faults: strace injects the error into the Nth call on the target
if need strace && strace -o /dev/null -e trace=none true 2>/dev/null; then
	# nth SYSCALL FILE CMD...: the number of the first SYSCALL CMD makes on FILE
	nth() {
		_sc=$1 _file=$2
		shift 2
		strace -o nth.log -y -e trace="$_sc" "$@" >/dev/null 2>&1
		awk -v f="$work/$_file>" '{ n++ } index($0, f) { print n; exit }' nth.log
	}
	# (counted on a dry run, which reads as the real one does)
	n=$(nth pread64 bfd "$P" -n -s data_arr bfd b16)
	fails "libelf's read error" 1 "patchfile: bfd: cannot read ELF: invalid file descriptor" bfd \
		strace -o /dev/null -e trace=pread64 -e inject=pread64:error=EIO:when="$n" "$P" -s data_arr bfd b16
	n=$(nth pread64 b16 "$P" -n -s data_arr bfd b16)
	fails "read error" 1 "patchfile: b16: read failed: Input/output error" bfd \
		strace -o /dev/null -e trace=pread64 -e inject=pread64:error=EIO:when="$n" "$P" -s data_arr bfd b16
	fails "read returns 0: the file shrank" 1 "patchfile: b16: unexpected end of file at offset 0" bfd \
		strace -o /dev/null -e trace=pread64 -e inject=pread64:retval=0:when="$n" "$P" -s data_arr bfd b16
	fails "write returns 0" 1 "patchfile: bfd: write made no progress at offset $(hex "$data_off")" bfd \
		strace -o /dev/null -e trace=pwrite64 -e inject=pwrite64:retval=0:when=1 "$P" -s data_arr bfd b16
	fails "write error" 1 "patchfile: bfd: write failed at offset $(hex "$data_off"): Input/output error" bfd \
		strace -o /dev/null -e trace=pwrite64 -e inject=pwrite64:error=EIO:when=1 "$P" -s data_arr bfd b16
	# 8 bytes written before the limit, then the rollback fails too: the
	# message names exactly the bytes that changed
	cp bfd part.elf
	fsize $((data_off + 8)) strace -o /dev/null -e trace=pwrite64 -e inject=pwrite64:error=EIO:when=3 \
		"$P" -s data_arr part.elf b16 2>part.err
	st=$?
	if [ "$st" -eq 1 ] && grep -qxF "patchfile: part.elf: PARTIALLY PATCHED: bytes [$(hex "$data_off"), $(hex $((data_off + 8)))) may be damaged" part.err &&
		[ "$(cmp -l bfd part.elf | awk '{ print $1 - 1 }' | tr '\n' ' ')" = "$(seq "$((data_off))" "$((data_off + 7))" | tr '\n' ' ')" ]; then
		ok "failed rollback: PARTIALLY PATCHED names exactly the changed bytes"
	else
		not_ok "failed rollback: PARTIALLY PATCHED names exactly the changed bytes"
		diag "exit $st" "$(cat part.err)" "$(cmp -l bfd part.elf | head -n 3)"
	fi
	cp bfd sync.elf
	expect_fail "fsync error" 1 "^patchfile: sync.elf: fsync failed: Input/output error$" \
		strace -o /dev/null -e trace=fsync -e inject=fsync:error=EIO "$P" --sync -s data_arr sync.elf b16
else
	skip "syscall fault injection" "no strace, or ptrace not allowed"
fi

# --- out of memory: a 4 GiB (sparse) blob under a 1 GiB address space limit
if grep -q __asan_init "$P" 2>/dev/null; then
	skip "out of memory" "the sanitizer needs a large address space"
elif truncate -s 4G big.blob 2>/dev/null; then
	fails "out of memory" 1 "patchfile: out of memory" bfd sh -c 'ulimit -v 1048576 && exec "$1" -s data_arr bfd big.blob' sh "$P"
	rm -f big.blob
else
	skip "out of memory" "no room for a sparse 4 GiB file"
fi

done_testing
