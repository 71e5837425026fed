// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_symcache.c - libFuzzer harness: a symbol cache file, loaded as
 * "kallsyms --prelink --cache=FILE" loads it (every record checked; a
 * bad file is dropped as a whole), then dropped without writing.
 */
#include <unistd.h>

#include "kallsyms.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64];
	struct symcache *c;
	struct symlist l = { 0 };
	int fd = fuzz_file(data, size, path, sizeof(path)), word = 4;

	if (fd < 0)
		return 0;
	c = symcache_open(path);
	/* a file of the cache's own name is never one of its entries */
	symcache_get(c, path, &l, &word);
	symcache_discard(c);
	symlist_free(&l);
	close(fd);
	return 0;
}
