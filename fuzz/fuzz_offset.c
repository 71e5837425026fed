// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_offset.c - libFuzzer harness: offset resolution, what elf_offset
 * and patchfile --symbol do.  The input is an ELF file; for its first
 * symbols: lookup by name, location through the symbol's section,
 * capacity (one by one and in one pass), the file range from the offset.
 * A location that succeeds must lie inside the file, and the one-pass
 * capacities must equal the others.
 */
#include <stdlib.h>

#include "elf.h"
#include "fuzz.h"

#define SYMS	16

static void check_in_file(const struct elf_file *ef, const struct elf_loc *loc)
{
	if (loc->offset > ef->size || loc->room > ef->size - loc->offset)
		abort();
}

/* Symbol i as elf_offset resolves it; true when es/loc are filled. */
static bool resolve(const struct elf_file *ef, size_t i, struct elf_sym *es,
		    struct elf_loc *loc)
{
	struct elf_sym sym;
	struct elf_loc at;

	if (elf_file_sym(ef, i, &sym) < 0 || !sym.name)
		return false;
	if (elf_file_lookup(ef, sym.name, es) < 0 || elf_file_locate_sym(ef, es, loc) < 0)
		return false;
	check_in_file(ef, loc);
	if (elf_file_range(ef, loc->offset, 1 + i % 16, &at) == 0) {
		check_in_file(ef, &at);
		if (at.offset != loc->offset || at.room < 1 + i % 16)
			abort();
	}
	return true;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64];
	struct elf_file ef;
	struct elf_sym es[SYMS];
	struct elf_loc loc[SYMS];
	uint64_t cap[SYMS];
	size_t i, n = 0;
	int fd = fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (elf_file_open(&ef, path, false) == 0) {
		for (i = 1; i < ef.nsyms && n < SYMS; i++)
			if (resolve(&ef, i, &es[n], &loc[n]))
				n++;
		elf_file_capacity_many(&ef, es, loc, n, cap);
		for (i = 0; i < n; i++)
			if (cap[i] != elf_file_capacity(&ef, &es[i], &loc[i]))
				abort();
		elf_file_close(&ef);
	}
	close(fd);
	return 0;
}
