#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# kallsyms --final --token-cache: the names' compression of the last run
# is taken over when the symbols are the same, and the patched file is
# byte for byte the one a run without the cache makes; a cache that is
# damaged, for other symbols, or whose bytes do not expand back to the
# names is never taken.  (tokcache.c)

# shellcheck disable=SC1091,SC2154 # lib.sh sets top, work and the program paths
. "$(dirname "$0")/lib.sh"

need python3 ld || { skip "token cache" "python3 or ld missing"; done_testing; exit; }

# the kernel-like program linked once with a padded table, not patched
"$KPROG/gen.sh" src 4 300
mkdir -p inc/asm
echo '#define BITS_PER_LONG 64' >inc/asm/bitsperlong.h
kprog_objects obj src >/dev/null || not_ok "compile the test program"
if ! "$KALLSYMS" --prelink --all-symbols --layout=lay --lds="$KPROG/prog.lds" obj/*.o >table.S ||
		! cc -Iinc -Wa,--noexecstack -c -o table.o table.S ||
		! ld -static --build-id=none -T "$KPROG/prog.lds" -o linked obj/*.o table.o; then
	not_ok "link the program"
fi

# final COPY [ARGS...]: a copy of the linked file, patched by --final
final() {
	cp linked "$1"
	_f=$1
	shift
	"$KALLSYMS" --final --all-symbols --layout=lay "$@" "$_f"
}

expect_ok "--final without a cache" final plain
expect_ok "--final writes the cache" final first --token-cache=tok
expect_ok "... a file" test -s tok
same_file "... the same file as without a cache" plain first
cp tok tok.orig
expect_ok "--final with the cache of the same symbols" final again --token-cache=tok
same_file "... the same file" plain again
same_file "... and the same cache" tok.orig tok

# mutate MODE: rewrite tok.orig into tok (python: the file format of
# tokcache.c, its checksum made right again)
cat >mutate.py <<'PY'
import struct, sys
mode = sys.argv[1]
data = open("tok.orig", "rb").read()
magic = b"onelink-token-cache 1\n"
p = len(magic)
digest, n = struct.unpack_from("<QI", data, p)
p += 12
tokens = []
for i in range(256):
    tokens.append([data[p], data[p + 1:p + 3]])
    p += 3
recs = []
for i in range(n):
    (tl,) = struct.unpack_from("<H", data, p); p += 2
    text = data[p:p + tl]; p += tl
    (sl,) = struct.unpack_from("<H", data, p); p += 2
    recs.append([text, data[p:p + sl]]); p += sl
if mode in ("other", "other-shuffled"):
    # a valid compression, not the kernel's: in one name, one token
    # written as the two it stands for
    k, j = next((k, j) for k in range(n) for j in range(len(recs[k][1]))
                if tokens[recs[k][1][j]][0] == 2)
    s = recs[k][1]
    recs[k][1] = s[:j] + tokens[s[j]][1] + s[j + 1:]
    if mode == "other-shuffled":
        # the records in another order than the table's
        recs.reverse()
elif mode == "swap":
    i = next(k for k in range(1, n) if recs[k][1] != recs[0][1])
    recs[0][1], recs[i][1] = recs[i][1], recs[0][1]
elif mode == "cycle":
    c = recs[0][1][0]
    tokens[c] = [2, bytes([c, c])]
elif mode == "digest":
    digest ^= 1
out = bytearray(magic + struct.pack("<QI", digest, n))
for l, b in tokens:
    out += bytes([l]) + b
for t, s in recs:
    out += struct.pack("<H", len(t)) + t + struct.pack("<H", len(s)) + s
h = 0xcbf29ce484222325
for b in out:
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
out += struct.pack("<Q", h)
open("tok", "wb").write(out)
PY

python3 mutate.py same
same_file "the test's writer reproduces the cache" tok.orig tok

python3 mutate.py other
expect_ok "a cache of another valid compression: --final" final other --token-cache=tok
"$KALLSYMS" --decode other >other.decode 2>&1
"$KALLSYMS" --decode plain >plain.decode 2>&1
same_file "... is taken (the file decodes to the same symbols)" plain.decode other.decode
expect_fail "... and so differs from the kernel's table (the cache was used)" 1 \
	"kallsyms_names" "$KALLSYMS" --verify --all-symbols other

python3 mutate.py other-shuffled
expect_ok "the same, its records in another order: --final" final shuffled --token-cache=tok
"$KALLSYMS" --decode shuffled >shuffled.decode 2>&1
same_file "... is taken (the file decodes to the same symbols)" plain.decode shuffled.decode
same_file "... and gives the same file as in the table's order" other shuffled

for mode in swap cycle digest; do
	python3 mutate.py "$mode"
	expect_ok "a cache with $mode: --final" final "$mode" --token-cache=tok
	same_file "... not taken: the file is the same as without a cache" plain "$mode"
	same_file "... and the cache written anew" tok.orig tok
done

head -c 100 tok.orig >tok
expect_ok "a truncated cache: --final" final cut --token-cache=tok
same_file "... not taken" plain cut
same_file "... and written anew" tok.orig tok

expect_fail "--token-cache without --final is a usage error" 2 "goes with --final" \
	"$KALLSYMS" --verify --token-cache=tok plain

done_testing
