// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_bfd.c - libFuzzer harness: the object and archive reader of
 * --prelink (read_bfd.c, libbfd of every target).  The input is the file.
 * libbfd itself is not instrumented: ASan sees its heap, not its reads.
 *
 * Without the LTO plugins: GCC's liblto_plugin exits the program on a
 * corrupt object ("out of memory allocating N bytes", nm does the same),
 * which ends every run within seconds.  libbfd loads plugins only once a
 * program name is set, and this definition takes the place of libbfd's.
 */
#include "fuzz.h"
#include "kallsyms.h"

void bfd_plugin_set_program_name(const char *name);

void bfd_plugin_set_program_name(const char *name)
{
	(void)name;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64];
	struct symlist l = { 0 };
	int word, fd = fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	read_bfd_symbols(path, NULL, &l, &word);
	symlist_free(&l);
	close(fd);
	return 0;
}
