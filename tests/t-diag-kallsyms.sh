#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kallsyms' diagnostics (docs/diagnostics.md): each provoked once, with its
# text, its exit status, and the target file byte-identical afterwards.

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
# shellcheck disable=SC2016 # sh -c and python -c scripts get their arguments
. "$(dirname "$0")/lib.sh"

LINK="$top/scripts/onelink-link"
"$KPROG/gen.sh" src 2 60
mkdir -p inc/asm
echo '#define BITS_PER_LONG 64' >inc/asm/bitsperlong.h

objs=$(kprog_objects . src -ffunction-sections -fdata-sections) ||
	{ not_ok "compile the test program"; done_testing; exit; }
# link_cmd: the link of the test program, without -o
link_cmd="cc -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-T,$KPROG/prog.lds"
# shellcheck disable=SC2086
if ! "$LINK" --lds="$KPROG/prog.lds" --as="cc -c -Wa,--noexecstack -Iinc" -o prog -- $link_cmd $objs >link.log 2>&1; then
	not_ok "link the test program"
	diag "$(tail -n 5 link.log)"
	done_testing
	exit
fi
# a program linked as stock links it: a table of the kernel's layout, no reserves
: >empty.map
# shellcheck disable=SC2086
"$KALLSYMS" --all-symbols empty.map >stock.S &&
	cc -c -Wa,--noexecstack -x assembler-with-cpp -Iinc -o stock.o stock.S &&
	$link_cmd -o plain $objs stock.o 2>/dev/null

# fails DESC STATUS PATTERN FILE CMD...: CMD fails as expected and FILE
# (a copy of which CMD is given) is byte-identical afterwards
fails() {
	_d=$1 _s=$2 _p=$3 _f=$4
	shift 4
	cp "$_f" target.orig
	expect_fail "$_d" "$_s" "$_p" "$@"
	same_file "$_d: target unchanged" target.orig "$_f"
}

# corrupt FILE SYMBOL DELTA BYTES: write BYTES (printf octal escapes) at
# SYMBOL+DELTA of FILE
corrupt() {
	_off=$("$ELF_OFFSET" "$1" "$2" | awk '{ print $2 }')
	# shellcheck disable=SC2059
	printf "$4" | dd of="$1" bs=1 seek=$((_off + $3)) conv=notrunc 2>/dev/null
}

# --- layout files
lay=prog.layout
cp prog t.elf
sed '1s/.*/onelink-kallsyms-layout 99/' $lay >v.layout
fails "layout version" 1 "v.layout: line 1: layout version 99, this kallsyms reads version" t.elf "$KALLSYMS" --final --layout=v.layout t.elf
sed '1s/.*/hello/' $lay >h.layout
fails "not a layout" 1 "h.layout: not an onelink kallsyms layout file" t.elf "$KALLSYMS" --final --layout=h.layout t.elf
sed '/^array kallsyms_names /d' $lay >a.layout
fails "missing array" 1 "a.layout: incomplete layout: an array or the word size is missing" t.elf "$KALLSYMS" --final --layout=a.layout t.elf
sed '2a\
garbage here' $lay >g.layout
fails "garbage line" 1 "g.layout: line 3: not a layout record: garbage here" t.elf "$KALLSYMS" --final --layout=g.layout t.elf
# the superset is read only for the report of what the superset lacked
printf 'xyz\n' | cat $lay - >s.layout
cp prog t.elf
expect_ok "bad superset line: --final reads only the layout's header" \
	"$KALLSYMS" --final --layout=s.layout t.elf
same_file "bad superset line: the table patched as with a good layout" prog t.elf
if "$KALLSYMS" --final --explain --layout=s.layout t.elf 2>s.err &&
		grep -q 's.layout: line [0-9]*: expected "TYPE NAME"' s.err; then
	ok "bad superset line: --explain reports it"
else
	not_ok "bad superset line: --explain reports it"
fi
fails "missing layout" 1 "nosuch.layout: cannot open: No such file" t.elf "$KALLSYMS" --final --layout=nosuch.layout t.elf
sed 's/^word 8$/word 4/' $lay >w.layout
fails "word size" 1 "layout is for a 32-bit target, the file is 64-bit" t.elf "$KALLSYMS" --final --layout=w.layout t.elf
fails "options" 1 "t.elf: options differ from the layout's (--all-symbols off, --absolute-percpu off)" t.elf "$KALLSYMS" --final --all-symbols --layout=$lay t.elf
awk '$1 == "array" && $2 == "kallsyms_names" { $4 = $4 - 8 } { print }' $lay >r.layout
fails "reserve" 1 "t.elf: kallsyms_names: reserve is [0-9]* bytes, the layout says [0-9]*: linked with another layout?" t.elf "$KALLSYMS" --final --layout=r.layout t.elf
chmod a-w t.elf
if [ ! -w t.elf ]; then
	fails "read-only target" 1 "t.elf: cannot open for writing" t.elf "$KALLSYMS" --final --layout=$lay t.elf
elif mkdir -p ro && mount -t tmpfs -o size=8m tmpfs ro 2>/dev/null; then
	# root writes any file: a read-only file system stops it
	cp t.elf ro/t.elf
	mount -o remount,ro ro
	fails "read-only target" 1 "ro/t.elf: cannot open for writing" ro/t.elf \
		"$KALLSYMS" --final --layout=$lay ro/t.elf
	umount ro
else
	skip "read-only target" "root, and no tmpfs to mount read-only"
fi
chmod u+w t.elf
if [ -f plain ]; then
	fails "no reserved size" 1 "plain: kallsyms_[a-z_]* has no reserved size: not linked with a 'kallsyms --prelink' table" plain "$KALLSYMS" --final --layout=$lay plain
else
	not_ok "no reserved size: link a program with a stock table"
fi

# --- --explain: the report when the table fits
if "$KALLSYMS" --final --explain --dry-run --layout=$lay prog 2>explain.err &&
	grep -q '^  [0-9]* symbols; table [0-9]* bytes in [0-9]* reserved: padding [0-9]* bytes ([0-9.]*%)$' explain.err &&
	grep -q '^  kallsyms_names  *[0-9]*  *[0-9]*  *[0-9]*$' explain.err; then
	ok "--explain: need, reserve and superset per array, and the padding"
else
	not_ok "--explain: need, reserve and superset per array, and the padding"
	diag "$(cat explain.err)"
fi

# --- a table that does not fit: a pinned reserve too small, exit 3
# shellcheck disable=SC2086
if "$KALLSYMS" --prelink --lds="$KPROG/prog.lds" --reserve=kallsyms_names=64 --layout=small.layout $objs >small.S &&
	cc -c -Wa,--noexecstack -Iinc -x assembler-with-cpp -o small.o small.S &&
	$link_cmd -o small $objs small.o; then
	fails "does not fit" 3 "small: kallsyms table does not fit its reserve" small "$KALLSYMS" --final --layout=small.layout small
else
	not_ok "link with a small pinned reserve"
fi

# --- corrupt tables, read by --decode and --verify
cp prog c1; corrupt c1 kallsyms_names 0 '\000'
fails "empty name" 1 "corrupt table: empty name at byte 0 of kallsyms_names" c1 "$KALLSYMS" --decode c1
cp prog c2; corrupt c2 kallsyms_markers 0 '\377'
fails "bad marker" 1 "corrupt table: marker 0 is" c2 "$KALLSYMS" --decode c2
cp prog c3; corrupt c3 kallsyms_seqs_of_names 0 '\377\377\377'
fails "seqs out of range" 1 "corrupt table: kallsyms_seqs_of_names\[0\] = [0-9]* is out of range" c3 "$KALLSYMS" --decode c3
cp prog c5; corrupt c5 kallsyms_num_syms 0 '\377\377\377\000'
fails "too many symbols" 1 "corrupt table: " c5 "$KALLSYMS" --decode c5
cp prog c6; corrupt c6 kallsyms_offsets 0 '\001'
fails "verify: differs" 1 "kallsyms_offsets: differs from the expected table at byte 0 of" c6 "$KALLSYMS" --verify c6
# --verify decodes the file's table on a second thread while it builds the
# expected one; the decoder's messages are held, and dropped when the
# arrays already differ (the comparison's report decodes them itself):
# the same lines, once each, on every run
ok_runs=0
for run in 1 2 3 4 5; do
	"$KALLSYMS" --verify c1 2>c1.err$run
	if [ "$(grep -c 'corrupt table: empty name at byte 0' c1.err$run)" -eq 1 ] &&
		grep -q 'kallsyms_names: differs from the expected table at byte' c1.err$run &&
		cmp -s c1.err1 c1.err$run; then
		ok_runs=$((ok_runs + 1))
	fi
done
if [ "$ok_runs" -eq 5 ]; then
	ok "verify of a corrupt table: each message once, the same on 5 runs"
else
	not_ok "verify of a corrupt table: each message once, the same on 5 runs"
	diag "$(cat c1.err1)"
fi

# tbl FILE ARRAY: the file offset of ARRAY in FILE (elf_offset)
tbl() {
	"$ELF_OFFSET" "$1" "$2" | awk '{ print $2 }'
}
# put FILE OFF PYEXPR: write the bytes of the python expression at OFF
put() {
	python3 -c 'import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2], 0)); f.write(eval(sys.argv[3]))' "$@"
}
# get FILE OFF N: N bytes at OFF, as hex
get() {
	od -An -tx1 -v -j "$(($2))" -N "$3" "$1" | tr -d ' \n'
}
names=$(tbl prog kallsyms_names) tt=$(tbl prog kallsyms_token_table)
ti=$(tbl prog kallsyms_token_index) seqs=$(tbl prog kallsyms_seqs_of_names)
# name 0 made of 20 tokens 0, token 0 made 1000 characters long
cp prog c7
put c7 "$(($(get prog "$ti" 2 | sed 's/\(..\)\(..\)/0x\2\1/') + tt))" 'b"A" * 1000 + b"\0"'
put c7 "$names" 'bytes([20] + [0] * 20)'
fails "a name too long" 1 "corrupt table: a name expands past 16383 bytes" c7 "$KALLSYMS" --decode c7
# name 0 one token long: a token of one character is a type alone (an
# empty name, as arm's System.map can have), a token of none is corrupt
one=$(python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
tt, ti = int(sys.argv[2], 0), int(sys.argv[3], 0)
for c in range(256):
    s = tt + int.from_bytes(d[ti + 2 * c:ti + 2 * c + 2], "little")
    if d[s] and not d[s + 1]:
        print(c)
        break' prog "$tt" "$ti")
cp prog c8
# entry 0 rewritten as that one token, the others moved up, the markers
# (every 256th entry's offset) moved with them; the empty name sorts
# first in kallsyms_seqs_of_names
markers=$(tbl prog kallsyms_markers) nsyms=$(tbl prog kallsyms_num_syms)
python3 -c 'import sys
f = open(sys.argv[1], "r+b"); d = bytearray(f.read())
names, markers, nsyms, seqs, one = (int(a, 0) for a in sys.argv[2:7])
n = int.from_bytes(d[nsyms:nsyms + 4], "little")
def entry_len(o):
    return 1 + d[o] if d[o] < 0x80 else 2 + ((d[o] & 0x7f) | d[o + 1] << 7)
end = names
for i in range(n):
    end += entry_len(end)
shift = entry_len(names) - 2
d[names:end] = bytes([1, one]) + d[names + entry_len(names):end] + bytes(shift)
for i in range(1, (n + 255) // 256):
    o = markers + 4 * i
    d[o:o + 4] = (int.from_bytes(d[o:o + 4], "little") - shift).to_bytes(4, "little")
v = [bytes(d[seqs + 3 * i:seqs + 3 * i + 3]) for i in range(n)]
v.remove(bytes(3))
d[seqs:seqs + 3 * n] = bytes(3) + b"".join(v)
f.seek(0); f.write(d)' c8 "$names" "$markers" "$nsyms" "$seqs" "$one"
if "$KALLSYMS" --decode c8 >c8.out 2>c8.err && awk 'NR == 1 && NF == 2' c8.out | grep -q .; then
	ok "a name of the type alone decodes (an empty name)"
else
	not_ok "a name of the type alone decodes (an empty name)"
	diag "$(head -n 3 c8.err)" "$(head -n 2 c8.out)"
fi
# and that token emptied: entry 0 expands to nothing
cp c8 c8b
put c8b "$((tt + $(od -An -tu2 -j "$((ti + 2 * one))" -N2 c8 | tr -d ' ')))" 'bytes([0])'
fails "a name that expands to nothing" 1 "corrupt table: name at byte 2 has no type" c8b "$KALLSYMS" --decode c8b
cp prog c9
put c9 "$((seqs + 3))" "bytes.fromhex('$(get prog "$seqs" 3)')"
fails "seqs repeated" 1 "corrupt table: kallsyms_seqs_of_names\[1\] = [0-9]* is repeated" c9 "$KALLSYMS" --decode c9
cp prog c10
put c10 "$seqs" "bytes.fromhex('$(get prog "$((seqs + 3))" 3)$(get prog "$seqs" 3)')"
fails "seqs out of order" 1 "corrupt table: kallsyms_seqs_of_names out of name order at 1 (.* after .*)" c10 "$KALLSYMS" --decode c10

# --verify: a symbol of the file undefined: the table has one too many
cp prog v1
craft sym v1 "$(nm prog | awk '$2 == "T" && $3 !~ /^_/ { print $3; exit }')" shndx 0
fails "verify: a symbol too many" 1 "table has [0-9]* symbols, the file's symbols call for [0-9]*" v1 "$KALLSYMS" --verify v1
# the symbol after kallsyms_names moved into it: no room for the array
next=$(nm -n prog | awk '$3 == "kallsyms_names" { getline; print $3 }')
cp prog v2
craft symvalue v2 "$next" $((0x$(nm prog | awk '$3 == "kallsyms_names" { print $1 }') + 8))
fails "verify: no room" 1 "kallsyms_names: needs [0-9]* bytes, the file has room for 8" v2 "$KALLSYMS" --verify v2
fails "final: reserve overlaps" 1 "v2: kallsyms_names: reserve of [0-9]* bytes overlaps the next symbol (room for 8)" v2 \
	"$KALLSYMS" --final --layout=$lay v2

# --- output and I/O
printf 'ffffffff81000000 T a\n' >one.map
fails "standard output full" 1 "kallsyms: <stdout>: write failed" one.map sh -c '"$1" one.map >/dev/full' sh "$KALLSYMS"
mkdir -p adir
expect_fail "a directory as the listing" 1 "^kallsyms: adir: read failed: Is a directory$" "$KALLSYMS" adir
# the one link again, without the final pass: a file --final changes
# shellcheck disable=SC2086
$link_cmd -o unpatched $objs prog.kallsyms.o
if cmp -s prog unpatched; then
	not_ok "a link without the final pass differs from the patched program"
fi
cp unpatched t.elf
fails "--write-map into a missing directory: the file is not patched" 1 \
	"nodir/System.map.tmp: cannot create: No such file or directory" t.elf \
	"$KALLSYMS" --final --layout=$lay --write-map=nodir/System.map t.elf
cp $lay keep.layout
# (another margin: the layout of the same superset would be kept as it is)
# shellcheck disable=SC2086
fails "a layout past the file size limit: the old one kept" 1 "kallsyms: keep.layout: cannot write: File too large" \
	keep.layout fsize 100 "$KALLSYMS" --prelink --margin=9 --lds="$KPROG/prog.lds" \
	--layout=keep.layout $objs
# a limit inside the last array --final writes: the bytes written are put
# back (the pwrite calls of a successful run, counted with strace)
if need strace && strace -o /dev/null -e trace=none true 2>/dev/null; then
	cp unpatched k.elf
	strace -o k.log -e trace=pwrite64 "$KALLSYMS" --final --layout=$lay k.elf 2>/dev/null
	k=$(grep -c '^pwrite64' k.log)
	off=$(sed -n 's/^pwrite64(.*, \([0-9]*\)) = [0-9]*$/\1/p' k.log | tail -n 1)
	cp unpatched t.elf
	fails "a write past the file size limit: the table is restored" 1 \
		"kallsyms: t.elf: table not patched: the original bytes were restored" t.elf \
		fsize "$((off + 1))" "$KALLSYMS" --final --layout=$lay t.elf
	# the same, and the restore fails: call k+1 meets the limit, k+2 restores
	fsize "$((off + 1))" strace -o /dev/null -e trace=pwrite64 -e inject=pwrite64:error=EIO:when=$((k + 2))+ \
		"$KALLSYMS" --final --layout=$lay t.elf 2>part.err
	if grep -qx "kallsyms: t.elf: PARTIALLY PATCHED: the kallsyms arrays may be damaged" part.err &&
		! cmp -s t.elf unpatched; then
		ok "a failed restore: PARTIALLY PATCHED"
	else
		not_ok "a failed restore: PARTIALLY PATCHED"
		diag "$(cat part.err)"
	fi
	cp unpatched t.elf
	expect_fail "fsync error" 1 "^kallsyms: t.elf: fsync failed: Input/output error$" \
		strace -o /dev/null -e trace=fsync -e inject=fsync:error=EIO "$KALLSYMS" --final --sync --layout=$lay t.elf
	# without --sync the patch is left to the page cache: no fsync at all
	# (the traced run's status is not taken: LeakSanitizer fails under
	# ptrace; the file must equal an untraced run's)
	cp unpatched t.elf
	cp unpatched nosync.elf
	strace -f -o nosync.trace -e trace=fsync,fdatasync "$KALLSYMS" --final --layout=$lay t.elf 2>/dev/null
	if "$KALLSYMS" --final --layout=$lay nosync.elf && cmp -s t.elf nosync.elf &&
		! grep -q 'sync(' nosync.trace && ! cmp -s t.elf unpatched; then
		ok "--final without --sync patches and syncs nothing"
	else
		not_ok "--final without --sync patches and syncs nothing"
		diag "$(cat nosync.trace)"
	fi
	# System.map is renamed into place only after the table verified: a
	# failed patch leaves the old one and no temporary file
	cp unpatched t.elf
	echo old >old.map
	fails "a failed patch keeps the old System.map" 1 \
		"kallsyms: t.elf: table not patched: the original bytes were restored" t.elf \
		fsize "$((off + 1))" "$KALLSYMS" --final --layout=$lay --write-map=old.map t.elf
	if [ "$(cat old.map)" = old ] && [ ! -e old.map.tmp ]; then
		ok "a failed patch: System.map unchanged, no old.map.tmp"
	else
		not_ok "a failed patch: System.map unchanged, no old.map.tmp"
	fi
	# the map's writes (on their own thread: -f) fail: the patch is undone
	# (-P: only the map's; strace counts "when" per thread, and the
	# messages of a thread reach stderr in the main thread's first write)
	cp unpatched t.elf
	fails "System.map cannot be written: the table is restored" 1 \
		"kallsyms: old.map: cannot write: No space left on device" t.elf \
		strace -f -o /dev/null -P "$PWD/old.map.tmp" -e trace=write \
		-e inject=write:error=ENOSPC:when=1 \
		"$KALLSYMS" --final --layout=$lay --write-map=old.map t.elf
	if [ "$(cat old.map)" = old ] && [ ! -e old.map.tmp ]; then
		ok "System.map write error: the old one kept, no old.map.tmp"
	else
		not_ok "System.map write error: the old one kept, no old.map.tmp"
	fi
	cp prog t.elf
else
	skip "--final write faults" "no strace, or ptrace not allowed"
fi

# --- the reader of relocatable inputs (libbfd)
ar rc inner.a part0.o
ar rc outer.a inner.a part1.o
expect_fail "nested archive" 1 "^kallsyms: outer.a(inner.a): nested archives are not supported$" \
	"$KALLSYMS" --nm --reader=bfd outer.a
cp part0.o gone.o
ar rcT thin.a part1.o gone.o
rm gone.o
expect_fail "thin archive member missing" 1 "^kallsyms: thin.a: cannot read archive member: No such file or directory$" \
	"$KALLSYMS" --nm --reader=bfd thin.a
expect_fail "bfd: missing input" 1 "^kallsyms: nosuch.o: cannot open: No such file or directory$" \
	"$KALLSYMS" --nm --reader=bfd nosuch.o
cp prog stripped2.elf && strip stripped2.elf
expect_fail "elf reader: no symbols" 1 "^kallsyms: stripped2.elf: no symbols$" "$KALLSYMS" --nm --reader=elf stripped2.elf
expect_fail "bfd reader: no symbols" 1 "^kallsyms: stripped2.elf: no symbols$" "$KALLSYMS" --nm --reader=bfd stripped2.elf
printf 'ffffffff81000000 T _text\nffffffff81000010 T a\n0000000000001000 T low\n' >far.map
expect_fail "relative mode: too far" 1 "^kallsyms: far.map: relative symbol _text value 0xffffffff81000000 out of range in relative mode$" \
	"$KALLSYMS" --all-symbols far.map

# --- a PIE: a relative relocation on kallsyms_relative_base, moved off
# its word
pobjs=$(kprog_objects pie src -ffunction-sections -fdata-sections -fPIE)
# shellcheck disable=SC2086
if "$LINK" --lds="$KPROG/prog.lds" --as="cc -c -Wa,--noexecstack -Iinc" -o pie/prog -- \
	cc -nostdlib -pie -Wl,--build-id=none -Wl,-T,"$KPROG/prog.lds" $pobjs >pie/link.log 2>&1; then
	base=0x$(nm pie/prog | awk '$3 == "kallsyms_relative_base" { print $1 }')
	cp pie/prog pie/moved
	python3 -c 'import sys
d = bytearray(open(sys.argv[1], "rb").read())
base = int(sys.argv[2], 0)
shoff = int.from_bytes(d[0x28:0x30], "little")
for i in range(int.from_bytes(d[0x3c:0x3e], "little")):
    sh = shoff + 64 * i
    if int.from_bytes(d[sh + 4:sh + 8], "little") != 4:  # SHT_RELA
        continue
    off, size = (int.from_bytes(d[sh + k:sh + k + 8], "little") for k in (24, 32))
    for r in range(off, off + size, 24):
        if int.from_bytes(d[r:r + 8], "little") == base:
            d[r:r + 8] = (base + 1).to_bytes(8, "little")
open(sys.argv[1], "wb").write(d)' pie/moved "$base"
	fails "PIE: a relocation off its word" 1 \
		"^kallsyms: pie/moved: kallsyms_relative_base+0x1 is the target of a relative dynamic relocation that is not an aligned word inside the array$" \
		pie/moved "$KALLSYMS" --verify pie/moved
	# relative relocations packed (RELR), the section one byte short
	# shellcheck disable=SC2086
	if "$LINK" --lds="$KPROG/prog.lds" --as="cc -c -Wa,--noexecstack -Iinc" -o pie/relr -- \
		cc -nostdlib -pie -Wl,-z,pack-relative-relocs -Wl,--build-id=none \
		-Wl,-T,"$KPROG/prog.lds" $pobjs >pie/relr.log 2>&1 &&
		size=$(readelf -SW pie/relr | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$1 == ".relr.dyn" { print $5 }') &&
		[ -n "$size" ]; then
		craft shdr pie/relr .relr.dyn size $((0x$size - 1))
		fails "RELR section of a partial word" 1 \
			"^kallsyms: pie/relr: section .relr.dyn: size $((0x$size - 1)) is not a multiple of 8$" \
			pie/relr "$KALLSYMS" --verify pie/relr
	else
		skip "RELR section of a partial word" "the linker cannot pack relative relocations"
	fi
else
	not_ok "link a PIE"
	diag "$(tail -n 5 pie/link.log)"
fi

# --- table formats (--format)
expect_fail "--format unknown" 2 "^kallsyms: --format: 6.1, 6.12 or 7.0, not '5.4'$" "$KALLSYMS" --format=5.4 one.map
expect_fail "--format: an option the format lacks" 2 \
	"^kallsyms: --absolute-percpu: not in Linux 7.0's table format$" "$KALLSYMS" --format=7.0 --absolute-percpu one.map
expect_fail "--format=6.1: an empty table" 1 \
	"^kallsyms: empty.map: no valid symbol (Linux 6.1's scripts/kallsyms refuses an empty table)$" \
	"$KALLSYMS" --format=6.1 --all-symbols empty.map
cp unpatched t.elf
fails "--final: --format other than the layout's" 1 "^kallsyms: t.elf: layout is for Linux 6.12's table format, --format is 7.0$" \
	t.elf "$KALLSYMS" --final --format=7.0 --layout=$lay t.elf

# --- scripts/onelink-link
cp prog out.elf
fails "onelink-link: unknown option" 1 "^onelink-link: unknown option '--bogus'$" out.elf "$LINK" --bogus -o out.elf -- cc x.o
fails "onelink-link: no -o" 1 "^onelink-link: no output file (-o)$" out.elf "$LINK" -- cc x.o
fails "onelink-link: no link command" 1 "^onelink-link: no link command after --$" out.elf "$LINK" -o out.elf --
fails "onelink-link: no objects" 1 "^onelink-link: no object files in the link command$" out.elf "$LINK" -o out.elf -- cc nosuch.o
# a table that never fits: a kallsyms whose final pass always says so
cat >grow-ks <<SH
#!/bin/sh
[ "\$1" = --final ] && exit 3
exec "$KALLSYMS" "\$@"
SH
chmod +x grow-ks
# shellcheck disable=SC2086
fails "onelink-link: never fits" 1 "^onelink-link: out.elf: the table still does not fit after 3 links$" out.elf \
	env KALLSYMS="$work/grow-ks" "$LINK" --lds="$KPROG/prog.lds" --as="cc -c -Wa,--noexecstack -Iinc" \
	-o out.elf -- $link_cmd $objs

# --- ELF files
head -c 10 prog >short.elf
fails "short ELF" 1 "short.elf: truncated: too short for an ELF header" short.elf "$KALLSYMS" --decode short.elf
cp "$KPROG/prog.lds" text.elf
fails "not ELF" 1 "text.elf: not an ELF file" text.elf "$KALLSYMS" --decode text.elf
cp prog class.elf; printf '\003' | dd of=class.elf bs=1 seek=4 conv=notrunc 2>/dev/null
fails "ELF class" 1 "class.elf: unknown ELF class 3" class.elf "$KALLSYMS" --decode class.elf
cp prog order.elf; printf '\003' | dd of=order.elf bs=1 seek=5 conv=notrunc 2>/dev/null
fails "ELF byte order" 1 "order.elf: unknown ELF byte order 3" order.elf "$KALLSYMS" --decode order.elf
head -c $(($(wc -c <prog) / 2)) prog >half.elf
fails "truncated ELF" 1 "half.elf: section .*lies past the end of the file\|half.elf: section \[[0-9]*\] extends past the end" half.elf "$KALLSYMS" --decode half.elf
: >empty.elf
fails "empty ELF for --final" 1 "empty.elf: empty file" empty.elf "$KALLSYMS" --final --layout=$lay empty.elf
cp prog stripped.elf; strip stripped.elf
fails "no symbol table" 1 "stripped.elf: no symbol table\|stripped.elf: no symbols" stripped.elf "$KALLSYMS" --decode stripped.elf

# --- command line and listings
expect_fail "--word" 2 "kallsyms: --word: 4 or 8, not '5'" "$KALLSYMS" --raw=d --word=5 x.map
expect_fail "--margin" 2 "kallsyms: --margin: not a number of per mille: 'x'" "$KALLSYMS" --prelink --layout=l --margin=x x.o
expect_fail "--reader" 2 "kallsyms: unknown reader 'foo' (elf or bfd)" "$KALLSYMS" --nm --reader=foo x.o
expect_fail "bfd: not an object" 1 "text.elf: file format not recognized" "$KALLSYMS" --nm --reader=bfd text.elf
printf 'ffffffff81000000 T a\n' >one.map
expect_fail "--raw into a missing directory" 1 "nodir/kallsyms_[a-z_]*.bin.tmp: cannot create: No such file" "$KALLSYMS" --raw=nodir one.map
# a write that fails leaves the old file and no temporary one
mkdir -p rawd
"$KALLSYMS" --raw=rawd one.map
rm -rf rawd.orig
cp -a rawd rawd.orig
printf 'ffffffff81000000 T a_much_longer_name_than_before_%s\n' 1 2 3 4 5 6 7 8 >more.map
expect_fail "--raw past the file size limit" 1 "rawd/kallsyms_[a-z_]*.bin: cannot write: File too" \
	fsize 100 "$KALLSYMS" --raw=rawd more.map
bad=$(sed -n 's|^kallsyms: rawd/\(kallsyms_[a-z_]*\.bin\): cannot write.*|\1|p' "$work/.err")
same_file "... $bad keeps its old bytes" "rawd.orig/${bad:-none}" "rawd/${bad:-none}"
if ls rawd/*.tmp >/dev/null 2>&1; then not_ok "... no temporary file left"; else ok "... no temporary file left"; fi


# --- every message of docs/diagnostics.md is still in the sources: its
# longest piece between placeholders, found verbatim in the C sources and
# the scripts (not in the programs or objects built from them, which may
# be older than the sources).  The C sources as one line, each string
# split over lines ("..." "...") joined and \" unescaped, as the compiler
# would.
missing=""
# shellcheck disable=SC1003 # a backslash inside a sed expression
find "$top/kallsyms" "$top/lib" "$top/elf_offset" "$top/patchfile" -name '*.[ch]' \
	-exec cat {} + | tr '\n' ' ' |
	sed -e 's/\([^\\]\)"[[:space:]]*"/\1/g' -e 's/\\"/"/g' >sources.txt
echo >>sources.txt
cat "$top/scripts/onelink-link" "$top/scripts/link-vmlinux.sh" "$top/kernel/use-onelink.sh" >>sources.txt
# shellcheck disable=SC2016
grep -v 'not verbatim' "$top/docs/diagnostics.md" | sed -n 's/^| `\([^`]*\)`.*/\1/p' | sed 's/^onelink-\(link\|use\): //' |
	while IFS= read -r msg; do
		printf '%s\n' "$msg" |
			sed 's/\(FILE\|SYMBOL\|ARRAY\|SECTION\|KIND\|CAUSE\|TEXT\|VERSION\|NAME\|ADDR\|OFF\|N\|V\)\([^A-Z]\|$\)/\n\2/g' |
			awk '{ sub(/^[: ]+/, ""); sub(/[: ]+$/, "") }
				length($0) > length(best) { best = $0 } END { print best }'
	done >pieces.txt
while IFS= read -r piece; do
	grep -qF -e "$piece" sources.txt || missing="$missing [$piece]"
done <pieces.txt
if [ -z "$missing" ] && [ "$(wc -l <pieces.txt)" -gt 100 ]; then
	ok "every message of docs/diagnostics.md is in the sources ($(wc -l <pieces.txt))"
else
	not_ok "messages of docs/diagnostics.md not in the sources:$missing"
fi

done_testing
