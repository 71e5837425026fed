// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_bfd.c - libFuzzer harness: the object and archive reader of
 * --prelink (read_bfd.c, libbfd of every target).  The input is the file.
 * libbfd itself is not instrumented: ASan sees its heap, not its reads.
 */
#include "fuzz.h"
#include "kallsyms.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64];
	struct symlist l = { 0 };
	int word, fd = fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	read_bfd_symbols(path, &l, &word);
	symlist_free(&l);
	close(fd);
	return 0;
}
