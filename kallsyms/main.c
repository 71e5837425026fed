// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * kallsyms - generate, read back and verify the Linux kernel's kallsyms table.
 *
 * Usage: see usage() below and docs/kallsyms.1.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

enum mode { MODE_TABLE, MODE_NM, MODE_SYSTEM_MAP };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kallsyms [--all-symbols] [--absolute-percpu] in.map > out.S\n"
		"       kallsyms --system-map ELF\n"
		"       kallsyms --nm [--reader=elf|bfd] FILE...\n");
}

/* Read any file: an ELF executable with libelf, anything else with libbfd. */
static int read_symbols(const char *path, const char *reader, struct symlist *l, int *word)
{
	if (reader && !strcmp(reader, "bfd"))
		return read_bfd_symbols(path, l, word);
	return read_elf_symbols(path, l, word);
}

static int do_nm(char **files, int nfiles, const char *reader)
{
	int i, status = EXIT_OK;

	for (i = 0; i < nfiles; i++) {
		struct symlist l = { 0 };
		int word = 8;

		if (read_symbols(files[i], reader, &l, &word) < 0) {
			status = EXIT_ERROR;
			continue;
		}
		symlist_sort_nm(&l);
		symlist_print_nm(stdout, &l, word);
		symlist_free(&l);
	}
	return status;
}

static int do_table(const char *path, const struct table_opts *opts)
{
	struct symlist l = { 0 };
	struct ktable t;
	int ret = EXIT_ERROR;

	if (read_listing(path, &l) < 0)
		goto out;
	if (table_build(&l, opts, &t, path) < 0)
		goto out_table;
	table_write_asm(stdout, &t);
	if (fflush(stdout) || ferror(stdout))
		error("<stdout>", "write failed");
	else
		ret = EXIT_OK;
out_table:
	table_free(&t);
out:
	symlist_free(&l);
	return ret;
}

static int do_system_map(const char *path)
{
	struct symlist l = { 0 }, map = { 0 };
	int word = 8;
	size_t i;

	if (read_elf_symbols(path, &l, &word) < 0)
		return EXIT_ERROR;
	symlist_sort_nm(&l);
	for (i = 0; i < l.n; i++)
		if (!l.v[i].undef && !mksysmap_drops(l.v[i].type, l.v[i].name))
			symlist_add(&map, l.v[i].addr, l.v[i].type, l.v[i].name);
	symlist_print_nm(stdout, &map, word);
	symlist_free(&l);
	symlist_free(&map);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all-symbols", no_argument, NULL, 'a' },
		{ "absolute-percpu", no_argument, NULL, 'p' },
		{ "system-map", no_argument, NULL, 'm' },
		{ "nm", no_argument, NULL, 'n' },
		{ "reader", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct table_opts topts = { 0 };
	enum mode mode = MODE_TABLE;
	const char *reader = NULL;
	int c;

	set_progname(argv[0]);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': topts.all_symbols = true; break;
		case 'p': topts.absolute_percpu = true; break;
		case 'm': mode = MODE_SYSTEM_MAP; break;
		case 'n': mode = MODE_NM; break;
		case 'r': reader = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (mode == MODE_SYSTEM_MAP)
		return do_system_map(argv[optind]);
	if (mode == MODE_NM)
		return do_nm(argv + optind, argc - optind, reader);
	return do_table(argv[optind], &topts);
}
