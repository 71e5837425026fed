// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_elf.c - libFuzzer harness: the ELF symbol reader.  The input is an
 * ELF file, opened and validated by lib/elf.c, read as nm would list it
 * (read_elf_file), its symbols looked up by name one at a time and all
 * at once, and turned into the table its System.map calls for
 * (table_from_elf_file, as --verify and --final do).
 */
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "fuzz.h"
#include "kallsyms.h"

#define LOOKUPS	8

/* Look up the first names of l, one by one and in one pass: the same answers. */
static void lookups(const struct elf_file *ef, const struct symlist *l)
{
	const char *names[LOOKUPS];
	struct elf_sym one, many[LOOKUPS];
	bool ok[LOOKUPS];
	size_t n = l->n < LOOKUPS ? l->n : LOOKUPS, k;

	for (k = 0; k < n; k++)
		names[k] = l->v[k].name;
	if (elf_file_lookup_many(ef, names, n, many, ok) < 0)
		return;
	for (k = 0; k < n; k++) {
		bool found = elf_file_lookup(ef, names[k], &one) == 0;

		if (found != ok[k] ||
		    (found && one.sym.st_value != many[k].sym.st_value))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64];
	struct elf_file ef;
	int fd = fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (elf_file_open(&ef, path, false) == 0) {
		struct symlist l = { 0 };
		struct table_opts o = { .fmt = kformat_default() };
		struct ktable t;

		if (read_elf_file(&ef, &l) == 0)
			lookups(&ef, &l);
		symlist_free(&l);
		o.all_symbols = size & 1;
		table_from_elf_file(&ef, &o, &t);
		table_free(&t);
		elf_file_close(&ef);
	}
	close(fd);
	return 0;
}
