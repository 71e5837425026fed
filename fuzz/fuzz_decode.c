// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_decode.c - libFuzzer harness: the table decoder of --decode,
 * --verify and --final.  The input is split into the eight arrays: a
 * header byte of flags (bit 0: big endian, bit 1: 4-byte words, bit 2:
 * --absolute-percpu), then for each array a 2-byte length and its bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct symlist l = { 0 };
	struct kelf k;
	size_t off = 1;
	int a;

	if (size < 1)
		return 0;
	memset(&k, 0, sizeof(k));
	k.fmt = kformat_default();
	k.target.big = data[0] & 1;
	k.target.word = data[0] & 2 ? 4 : 8;
	for (a = 0; a < KA_COUNT; a++) {
		size_t len = 0;

		if (off + 2 <= size) {
			len = (size_t)data[off] | (size_t)data[off + 1] << 8;
			off += 2;
		}
		if (len > size - off)
			len = size - off;
		/* an exact-size copy, so that ASan sees every overrun */
		k.data[a] = malloc(len ? len : 1);
		memcpy(k.data[a], data + off, len);
		k.place[a].capacity = len;
		off += len;
	}
	kelf_decode(&k, data[0] & 4, "fuzz", &l);
	symlist_free(&l);
	kelf_free(&k);
	return 0;
}
