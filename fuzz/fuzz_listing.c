// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_listing.c - libFuzzer harness: an nm listing, read and turned into
 * a table with and without --all-symbols / --absolute-percpu, as
 * "kallsyms in.map" does.  The first byte picks the options.
 */
#include <stdio.h>

#include "kallsyms.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct table_opts o = { .fmt = kformat_default() };
	struct symlist l = { 0 };
	struct ktable t;
	FILE *fp;

	if (size < 1)
		return 0;
	o.all_symbols = data[0] & 1;
	o.absolute_percpu = data[0] & 2;
	fp = fmemopen((void *)(data + 1), size - 1, "r");
	if (!fp)
		return 0;
	if (read_listing_file(fp, "fuzz", &l) == 0) {
		if (table_build(&l, &o, &t, "fuzz") == 0) {
			FILE *null = fopen("/dev/null", "w");

			if (null) {
				table_write_asm(null, &t);
				fclose(null);
			}
		}
		table_free(&t);
	}
	fclose(fp);
	symlist_free(&l);
	return 0;
}
