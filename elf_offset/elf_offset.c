// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * elf_offset - print where symbols of an ELF file lie in the file.
 *
 * Usage: elf_offset [-c] [-o] ELF SYMBOL...
 *
 * For each SYMBOL, one line on standard output, fields separated by one
 * space, numbers in hexadecimal with a 0x prefix:
 *
 *	SYMBOL OFFSET SECTION			(default)
 *	SYMBOL OFFSET SECTION CAPACITY		(--capacity)
 *	OFFSET [CAPACITY]			(--offset-only)
 *
 * Algorithm: open and validate the file once (lib/elf.c decides class
 * and byte order, checks that every section with a file image lies
 * inside the file).  For each symbol: look it up by name (it must be
 * defined, once or several times at one address); locate it through its
 * own section, offset = sh_offset + st_value - sh_addr, refusing
 * absolute symbols and symbols in non-allocated, NOBITS or compressed
 * sections, and cross-check the offset with the PT_LOAD segment that
 * maps the address by p_vaddr; on request measure its capacity, the
 * bytes up to the next symbol of the section or to the section end.
 * Every symbol is tried; a failed one gets an error line on standard
 * error and makes the exit status 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "elf.h"
#include "util.h"

struct options {
	bool capacity;		/* print the capacity too */
	bool offset_only;	/* print only the numbers */
};

static const char help_text[] =
	"Print the file offset of each SYMBOL of ELF and the section holding it.\n"
	"\n"
	"  -c, --capacity     also print the capacity: the bytes from the symbol\n"
	"                     to the next symbol of its section or the section end\n"
	"  -o, --offset-only  print only the offset (and capacity with -c)\n"
	"  -h, --help         print this help and exit\n"
	"  -V, --version      print the version and exit\n"
	"\n"
	"One line per symbol, numbers in hexadecimal with a 0x prefix:\n"
	"  SYMBOL OFFSET SECTION [CAPACITY]\n"
	"Exit status: 0 if every symbol was found, 1 if any was not or the file\n"
	"is unusable, 2 on a usage error.\n";

static void NORETURN usage_error(const char *msg)
{
	error(NULL, "%s", msg);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname());
	exit(EXIT_USAGE);
}

/* Parse the options; return the index of ELF in argv. */
static int parse_args(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "capacity",	 no_argument, NULL, 'c' },
		{ "offset-only", no_argument, NULL, 'o' },
		{ "help",	 no_argument, NULL, 'h' },
		{ "version",	 no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "cohV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt->capacity = true;
			break;
		case 'o':
			opt->offset_only = true;
			break;
		case 'h':
			printf("Usage: %s [OPTION]... ELF SYMBOL...\n%s",
			       progname(), help_text);
			exit(EXIT_OK);
		case 'V':
			printf("%s (onelink) %s\n", progname(), ONELINK_VERSION);
			exit(EXIT_OK);
		default:
			usage_error("unknown option or missing argument");
		}
	}
	if (argc - optind < 2)
		usage_error(argc == optind ? "missing ELF file" : "missing SYMBOL");
	return optind;
}

static void print_line(const struct options *opt, const char *name,
		       const struct elf_loc *loc, uint64_t cap)
{
	if (!opt->offset_only)
		printf("%s ", name);
	printf("0x%llx", (unsigned long long)loc->offset);
	if (!opt->offset_only)
		printf(" %s", loc->secname);
	if (opt->capacity)
		printf(" 0x%llx", (unsigned long long)cap);
	putchar('\n');
}

/* Look one symbol up and print its line; -1 after an error report. */
static int report_symbol(const struct elf_file *ef, const struct options *opt,
			 const char *name)
{
	struct elf_sym es;
	struct elf_loc loc;
	uint64_t cap = 0;

	if (elf_file_lookup(ef, name, &es) < 0 || elf_file_locate_sym(ef, &es, &loc) < 0)
		return -1;
	if (opt->capacity)
		cap = elf_file_capacity(ef, &es, &loc);
	print_line(opt, name, &loc, cap);
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct elf_file ef;
	int status = EXIT_OK;
	int i;

	set_progname(argv[0]);
	i = parse_args(argc, argv, &opt);
	if (elf_file_open(&ef, argv[i], false) < 0)
		return EXIT_ERROR;
	for (i++; i < argc; i++)
		if (report_symbol(&ef, &opt, argv[i]) < 0)
			status = EXIT_ERROR;
	elf_file_close(&ef);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error(NULL, "cannot write to standard output");
		status = EXIT_ERROR;
	}
	return status;
}
