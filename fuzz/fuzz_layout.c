// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_layout.c - libFuzzer harness: a layout file, parsed as
 * "kallsyms --final --layout=FILE" parses it, and written back as the
 * padded assembler table when it is valid; then its header alone, as
 * "kallsyms --prelink" reads the layout it may keep.
 */
#include <stdio.h>

#include "kallsyms.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct layout lay;
	FILE *fp = fmemopen((void *)data, size, "r");

	if (!fp)
		return 0;
	if (layout_read_file(fp, "fuzz", &lay) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			layout_write_asm(null, &lay);
			fclose(null);
		}
		layout_free(&lay);
	}
	rewind(fp);
	if (layout_read_header_file(fp, &lay) == 0)
		layout_free(&lay);
	fclose(fp);
	return 0;
}
