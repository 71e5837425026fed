// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * kallsyms - generate, read back and verify the Linux kernel's kallsyms table.
 *
 *   kallsyms [--all-symbols] [--absolute-percpu] in.map > out.S
 *	the kernel's own interface: an `nm -n` listing in, assembler out
 *   kallsyms --system-map ELF
 *	System.map of a linked ELF, read directly with libelf
 *   kallsyms --nm [--reader=elf|bfd] FILE...
 *	every symbol, as `nm -n` lists it (objects and archives: bfd)
 *   kallsyms --decode [--absolute-percpu] ELF
 *	the table inside ELF, as /proc/kallsyms would show it
 *   kallsyms --verify [--all-symbols] [--absolute-percpu] ELF
 *	exit 0 only if the table in ELF is exactly what its symbols call for
 *   kallsyms --prelink --layout=FILE [--lds=SCRIPT] [options] INPUT... > out.S
 *	before the one link: a table with room for every array
 *   kallsyms --final [--layout=FILE] [--explain] [options] ELF
 *	after it: the exact table, patched into ELF and verified
 *   kallsyms --final --write-provenance=FILE [options] ELF INPUT...
 *	the same, then each symbol's object and built-in module into FILE
 *   kallsyms --provenance [--lds=SCRIPT] [--modules-builtin=FILE] ELF INPUT...
 *	the same lines for a linked ELF, on stdout
 *   kallsyms --lookup [--provenance-file=FILE] ELF ADDR|NAME...
 *	addresses and names in ELF's provenance file
 *
 * Every mode that makes or reads a table takes --format=6.1|6.12|7.0, the
 * kernel version whose table layout to use (default 6.12; format.c).
 *
 * main() parses the options (the format default resolved here, once) and
 * dispatches: the two passes of one link are do_prelink() (prelink.c) and
 * do_final() (final.c), each given its options struct; the other modes
 * are in modes.c, provenance in provenance.c and lookup.c.
 *
 * See docs/kallsyms.1 for every option and exit status.
 */
#include <getopt.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "provenance.h"
#include "util.h"

enum mode {
	MODE_TABLE, MODE_NM, MODE_SYSTEM_MAP, MODE_DECODE, MODE_VERIFY,
	MODE_PRELINK, MODE_FINAL, MODE_PROVENANCE, MODE_LOOKUP,
};

struct options {
	enum mode mode;
	struct table_opts table;	/* of every mode; copied into the passes' */
	struct prelink_opts prelink;
	struct final_opts final;
	struct prov_opts prov;		/* --final --write-provenance, --provenance */
	const char *prov_file;		/* --lookup's --provenance-file */
	const char *reader;
	const char *raw;		/* --raw: directory for the arrays */
	int word;			/* --word */
	bool big_endian;
	bool base_relative;		/* 6.1's --base-relative: its only layout here */
};

static const char usage_text[] =
	"Usage: kallsyms [--format=V] [--all-symbols] [--absolute-percpu] in.map > out.S\n"
	"       kallsyms [--all-symbols] [--absolute-percpu] --raw=DIR [--word=4|8]\n"
	"                [--big-endian] in.map\n"
	"       kallsyms --system-map ELF\n"
	"       kallsyms --nm [--reader=elf|bfd] FILE...\n"
	"       kallsyms --decode [--absolute-percpu] ELF\n"
	"       kallsyms --verify [--all-symbols] [--absolute-percpu] ELF\n"
	"       kallsyms --prelink --layout=FILE [--lds=SCRIPT] [--margin=N] [--grow=OLD]\n"
	"                [--cache=FILE] [--reserve=ARRAY=N]... [--lib=ARCHIVE]...\n"
	"                [--localize-hidden]\n"
	"                [--all-symbols] [--absolute-percpu] INPUT... > out.S\n"
	"       kallsyms --final [--layout=FILE] [--explain] [--dry-run] [--write-map=FILE]\n"
	"                [--token-cache=FILE] [--sync] [--all-symbols] [--absolute-percpu] ELF\n"
	"       kallsyms --final --write-provenance=FILE [--lds=SCRIPT] [--cache=FILE]\n"
	"                [--modules-builtin=FILE] [final options] ELF INPUT...\n"
	"       kallsyms --provenance [--lds=SCRIPT] [--cache=FILE] [--modules-builtin=FILE]\n"
	"                [--absolute-percpu] ELF INPUT...\n"
	"       kallsyms --lookup [--provenance-file=FILE] ELF ADDR|NAME...\n"
	"\n"
	"  --format=V          the table of Linux V: 6.1, 6.12 (default) or 7.0; every\n"
	"                      mode that makes or reads a table takes it\n"
	"  --all-symbols       keep every symbol, not only text and __start_/__stop_\n"
	"  --absolute-percpu   store per-cpu symbols as absolute values (6.1, 6.12)\n"
	"  --lto-clang         6.1: sort names without their .llvm. suffix\n"
	"  --base-relative     6.1: accepted; the only 6.1 layout onelink writes\n"
	"  --raw=DIR           write each array's bytes to DIR/NAME.bin instead\n"
	"  --word=4|8          for --raw: pointer size of the target (default 8)\n"
	"  --big-endian        for --raw: a big-endian target\n"
	"  --system-map        print the System.map of a linked ELF\n"
	"  --nm                print every symbol as nm -n does\n"
	"  --reader=elf|bfd    for --nm: libelf (linked ELF) or libbfd (objects, archives)\n"
	"  --decode            print the table inside ELF like /proc/kallsyms\n"
	"  --verify            check the table inside ELF against ELF's own symbols\n"
	"  --prelink           write the padded table for the one link (assembler)\n"
	"  --layout=FILE       the layout file: written by --prelink, read by --final\n"
	"  --lds=SCRIPT        add the symbols the linker script defines (provenance:\n"
	"                      they come from SCRIPT)\n"
	"  --margin=N          extra room, per mille of the superset (default 1)\n"
	"  --grow=OLD          never reserve less than the layout OLD\n"
	"  --cache=FILE        keep the inputs' symbols in FILE; read only changed files\n"
	"                      (prelink, provenance)\n"
	"  --reserve=ARRAY=N   reserve exactly N bytes for ARRAY (e.g. names=4096)\n"
	"  --lib=ARCHIVE       an archive linked as a library, in a group: only\n"
	"                      the members that define a name the link uses count\n"
	"  --localize-hidden   the link makes hidden globals local (ld.lld)\n"
	"  --final             patch the exact table into ELF and verify it\n"
	"  --explain           print need, reserve and the culprits of an overflow\n"
	"  --write-map=FILE    with --final: also write the file's System.map to FILE\n"
	"  --token-cache=FILE  with --final: take the names' compression from FILE when\n"
	"                      the symbols are those it was made for; keep it there\n"
	"  --dry-run           with --final: check everything, write nothing\n"
	"  --sync              with --final: fsync ELF once it is patched and verified\n"
	"  --write-provenance=FILE  with --final: then each symbol's object file and\n"
	"                      built-in modules into FILE, from the link's INPUTs\n"
	"  --provenance        print those lines for a linked ELF and its INPUTs\n"
	"  --modules-builtin=FILE  kbuild's modules.builtin: name the built-in modules\n"
	"  --lookup            print the symbol at each ADDR (name+0xoff/0xsize [module]\n"
	"                      object) and every definition of each NAME\n"
	"  --provenance-file=FILE  for --lookup: the provenance file (ELF.provenance)\n"
	"  -h, --help          print this help\n"
	"\n"
	"Exit status: 0 success, 1 error, 2 usage, 3 (--final) the table does not fit,\n"
	"4 (--final) the table patched and verified, the provenance file not written.\n";

/* --reserve=ARRAY=BYTES, ARRAY with or without the kallsyms_ prefix */
static void parse_pin(const char *arg, struct options *o)
{
	const char *eq = strchr(arg, '=');
	uint64_t v;
	int a;

	for (a = 0; eq && a < KA_COUNT; a++) {
		const char *name = karray_name[a];
		size_t len = (size_t)(eq - arg);

		if ((strlen(name) == len && !strncmp(name, arg, len)) ||
		    (strlen(name) - 9 == len && !strncmp(name + 9, arg, len))) {
			if (parse_u64(eq + 1, &v) < 0 || v == 0)
				break;
			o->prelink.pin[a] = v;
			return;
		}
	}
	error(NULL, "--reserve: expected ARRAY=BYTES with a kallsyms array, got '%s'", arg);
	exit(EXIT_USAGE);
}

/* The options a format does not have are usage errors. */
static void check_format_options(const struct options *o)
{
	const struct kformat *f = o->table.fmt;
	const char *bad = NULL;

	if (o->table.absolute_percpu && !f->has_absolute_percpu)
		bad = "--absolute-percpu";
	else if ((o->table.lto_clang || o->base_relative) && !f->has_lto_clang)
		bad = o->table.lto_clang ? "--lto-clang" : "--base-relative";
	else if (o->raw && f->pc_relative)
		bad = "--raw (offsets depend on where the table is linked)";
	if (bad) {
		error(NULL, "%s: not in Linux %s's table format", bad, f->name);
		exit(EXIT_USAGE);
	}
}

static const struct option long_opts[] = {
	{ "all-symbols", no_argument, NULL, 'a' },
	{ "absolute-percpu", no_argument, NULL, 'p' },
	{ "system-map", no_argument, NULL, 'm' },
	{ "nm", no_argument, NULL, 'n' },
	{ "reader", required_argument, NULL, 'r' },
	{ "decode", no_argument, NULL, 'd' },
	{ "verify", no_argument, NULL, 'v' },
	{ "prelink", no_argument, NULL, 'P' },
	{ "final", no_argument, NULL, 'F' },
	{ "lds", required_argument, NULL, 'L' },
	{ "layout", required_argument, NULL, 'Y' },
	{ "margin", required_argument, NULL, 'M' },
	{ "grow", required_argument, NULL, 'G' },
	{ "cache", required_argument, NULL, 'C' },
	{ "lib", required_argument, NULL, 'l' },
	{ "localize-hidden", no_argument, NULL, 'H' },
	{ "explain", no_argument, NULL, 'E' },
	{ "write-map", required_argument, NULL, 'W' },
	{ "raw", required_argument, NULL, 'B' },
	{ "word", required_argument, NULL, 'w' },
	{ "big-endian", no_argument, NULL, 'e' },
	{ "reserve", required_argument, NULL, 'R' },
	{ "dry-run", no_argument, NULL, 'N' },
	{ "sync", no_argument, NULL, 'S' },
	{ "format", required_argument, NULL, 'f' },
	{ "token-cache", required_argument, NULL, 'T' },
	{ "lto-clang", no_argument, NULL, 'c' },
	{ "base-relative", no_argument, NULL, 'b' },
	{ "write-provenance", required_argument, NULL, 'V' },
	{ "modules-builtin", required_argument, NULL, 'U' },
	{ "provenance", no_argument, NULL, 'O' },
	{ "lookup", no_argument, NULL, 'K' },
	{ "provenance-file", required_argument, NULL, 'Q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define M(mode)		(1u << (mode))
/* the modes that build a table from symbols */
#define M_BUILD		(M(MODE_TABLE) | M(MODE_VERIFY) | M(MODE_PRELINK) | M(MODE_FINAL))
/* the modes that tell provenance (--final with --write-provenance) */
#define M_PROV		(M(MODE_FINAL) | M(MODE_PROVENANCE))

/*
 * The modes each option belongs to (docs/kallsyms.1's SYNOPSIS); of
 * those not listed, --word and --big-endian go with --raw, --help with
 * every mode.
 */
static const struct {
	int opt;
	unsigned int modes;
} option_modes[] = {
	{ 'a', M_BUILD }, { 'p', M_BUILD | M(MODE_DECODE) | M(MODE_PROVENANCE) },
	{ 'c', M_BUILD }, { 'b', M_BUILD },
	{ 'f', ~(M(MODE_NM) | M(MODE_LOOKUP)) }, { 'r', M(MODE_NM) },
	{ 'B', M(MODE_TABLE) },
	{ 'L', M_PROV | M(MODE_PRELINK) }, { 'M', M(MODE_PRELINK) }, { 'G', M(MODE_PRELINK) },
	{ 'C', M_PROV | M(MODE_PRELINK) }, { 'R', M(MODE_PRELINK) }, { 'l', M(MODE_PRELINK) },
	{ 'H', M(MODE_PRELINK) },
	{ 'V', M(MODE_FINAL) }, { 'U', M_PROV }, { 'Q', M(MODE_LOOKUP) },
	{ 'Y', M(MODE_PRELINK) | M(MODE_FINAL) },
	{ 'E', M(MODE_FINAL) }, { 'W', M(MODE_FINAL) }, { 'N', M(MODE_FINAL) },
	{ 'T', M(MODE_FINAL) }, { 'S', M(MODE_FINAL) },
};

/* How the usage errors name a mode, in enum mode's order. */
static const char *const mode_name[] = {
	"a listing", "--nm", "--system-map", "--decode", "--verify", "--prelink", "--final",
	"--provenance", "--lookup",
};

static const char *long_name(int c)
{
	const struct option *p;

	for (p = long_opts; p->name && p->val != c; p++)
		;
	return p->name;
}

/* A second, different mode option is a usage error. */
static void set_mode(struct options *o, enum mode m, int c, int *mode_opt)
{
	if (*mode_opt && *mode_opt != c) {
		error(NULL, "--%s and --%s: give one mode", long_name(*mode_opt), long_name(c));
		exit(EXIT_USAGE);
	}
	*mode_opt = c;
	o->mode = m;
}

/* "--OPTION goes with MODE, MODE or MODE": the modes of mask. */
static void wrong_mode(int c, unsigned int mask)
{
	char with[128] = "";
	unsigned int m, left = 0;

	for (m = 0; m < ARRAY_SIZE(mode_name); m++)
		left += !!(mask & M(m));
	for (m = 0; m < ARRAY_SIZE(mode_name); m++) {
		if (!(mask & M(m)))
			continue;
		left--;
		strcat(with, mode_name[m]);
		strcat(with, left > 1 ? ", " : left == 1 ? " or " : "");
	}
	error(NULL, "--%s goes with %s", long_name(c), with);
	exit(EXIT_USAGE);
}

/* Every option given (seen[c]) must belong to the mode. */
static void check_option_modes(const struct options *o, const bool seen[128])
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(option_modes); i++)
		if (seen[option_modes[i].opt] && !(option_modes[i].modes & M(o->mode)))
			wrong_mode(option_modes[i].opt, option_modes[i].modes);
	/* in --final, the provenance options go with --write-provenance */
	if (o->mode == MODE_FINAL && !o->final.prov_out && (seen['L'] || seen['C'] || seen['U'])) {
		error(NULL, "--%s goes with --final only with --write-provenance",
		      long_name(seen['L'] ? 'L' : seen['C'] ? 'C' : 'U'));
		exit(EXIT_USAGE);
	}
	/* --word and --big-endian describe --raw's target */
	if ((seen['w'] || seen['e']) && !o->raw) {
		error(NULL, "--%s goes with --raw", long_name(seen['w'] ? 'w' : 'e'));
		exit(EXIT_USAGE);
	}
}

/* Option c of getopt_long() (its argument in optarg). */
static void take_option(struct options *o, int c, int *mode_opt)
{
	uint64_t v;

	switch (c) {
	case 'a': o->table.all_symbols = true; break;
	case 'p': o->table.absolute_percpu = true; break;
	case 'm': set_mode(o, MODE_SYSTEM_MAP, c, mode_opt); break;
	case 'n': set_mode(o, MODE_NM, c, mode_opt); break;
	case 'r': o->reader = optarg; break;
	case 'd': set_mode(o, MODE_DECODE, c, mode_opt); break;
	case 'v': set_mode(o, MODE_VERIFY, c, mode_opt); break;
	case 'P': set_mode(o, MODE_PRELINK, c, mode_opt); break;
	case 'F': set_mode(o, MODE_FINAL, c, mode_opt); break;
	case 'L': o->prelink.lds = o->prov.lds = optarg; break;
	case 'Y': o->prelink.layout = o->final.layout = optarg; break;
	case 'G': o->prelink.grow = optarg; break;
	case 'H': o->prelink.localize_hidden = true; break;
	case 'l':
		o->prelink.libs = xreallocarray(o->prelink.libs, (size_t)o->prelink.nlibs + 1,
						sizeof(*o->prelink.libs));
		o->prelink.libs[o->prelink.nlibs++] = optarg;
		break;
	case 'C': o->prelink.cache = o->prov.cache = optarg; break;
	case 'V': o->final.prov_out = optarg; break;
	case 'U': o->prov.modules_builtin = optarg; break;
	case 'O': set_mode(o, MODE_PROVENANCE, c, mode_opt); break;
	case 'K': set_mode(o, MODE_LOOKUP, c, mode_opt); break;
	case 'Q': o->prov_file = optarg; break;
	case 'E': o->final.explain = true; break;
	case 'W': o->final.map_out = optarg; break;
	case 'B': o->raw = optarg; break;
	case 'e': o->big_endian = true; break;
	case 'w':
		if (strcmp(optarg, "4") && strcmp(optarg, "8")) {
			error(NULL, "--word: 4 or 8, not '%s'", optarg);
			exit(EXIT_USAGE);
		}
		o->word = atoi(optarg);
		break;
	case 'R': parse_pin(optarg, o); break;
	case 'N': o->final.dry_run = true; break;
	case 'S': o->final.sync = true; break;
	case 'f':
		o->table.fmt = kformat_find(optarg);
		if (!o->table.fmt) {
			error(NULL, "--format: 6.1, 6.12 or 7.0, not '%s'", optarg);
			exit(EXIT_USAGE);
		}
		break;
	case 'c': o->table.lto_clang = true; break;
	case 'T': o->table.token_cache = optarg; break;
	case 'b': o->base_relative = true; break;
	case 'M':
		if (parse_u64(optarg, &v) < 0 || v > 1000) {
			error(NULL, "--margin: not a number of per mille: '%s'", optarg);
			exit(EXIT_USAGE);
		}
		o->prelink.margin = (unsigned int)v;
		break;
	case 'h': fputs(usage_text, stdout); exit(EXIT_OK);
	default: fputs(usage_text, stderr); exit(EXIT_USAGE);
	}
}

/* Modes that take more than one operand. */
static bool many_operands(const struct options *o)
{
	return o->mode == MODE_NM || o->mode == MODE_PRELINK || o->mode == MODE_PROVENANCE ||
	       o->mode == MODE_LOOKUP || (o->mode == MODE_FINAL && o->final.prov_out);
}

/* Modes that take an ELF file and at least one more operand. */
static bool needs_inputs(const struct options *o)
{
	return o->mode == MODE_PROVENANCE || o->mode == MODE_LOOKUP ||
	       (o->mode == MODE_FINAL && o->final.prov_out);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	bool seen[128] = { 0 };
	int mode_opt = 0;
	int c;

	o->prelink.margin = 1;
	o->word = 8;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (c > 0 && c < 128)
			seen[c] = true;
		take_option(o, c, &mode_opt);
	}
	if (o->reader && strcmp(o->reader, "elf") && strcmp(o->reader, "bfd")) {
		error(NULL, "unknown reader '%s' (elf or bfd)", o->reader);
		exit(EXIT_USAGE);
	}
	check_option_modes(o, seen);
	if (!o->table.fmt)
		o->table.fmt = kformat_default();
	check_format_options(o);
	o->prelink.table = o->final.table = o->table;
	if (o->mode == MODE_PRELINK && !o->prelink.layout) {
		error(NULL, "--prelink needs --layout=FILE");
		exit(EXIT_USAGE);
	}
	if (optind >= argc || (!many_operands(o) && optind + 1 != argc) ||
	    (needs_inputs(o) && optind + 2 > argc)) {
		fputs(usage_text, stderr);
		exit(EXIT_USAGE);
	}
	o->final.prov = o->prov;
	if (o->final.prov_out) {
		o->final.inputs = argv + optind + 1;
		o->final.ninputs = argc - optind - 1;
	}
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct ktarget tg;

	set_progname(argv[0]);
	/*
	 * The heap grows 64 MB at a time, not by what each allocation lacks:
	 * a pass touches some 100 MB, and under glibc.malloc.hugetlb=1
	 * (link-vmlinux.sh) each extension is then backed by huge pages.
	 */
	mallopt(M_TOP_PAD, 64 << 20);
	parse_args(argc, argv, &o);
	tg = (struct ktarget){ .big = o.big_endian, .word = o.word };
	switch (o.mode) {
	case MODE_NM:
		return do_nm(argv + optind, argc - optind, o.reader && !strcmp(o.reader, "bfd"));
	case MODE_SYSTEM_MAP:
		return do_system_map(argv[optind], o.table.fmt);
	case MODE_DECODE:
	case MODE_VERIFY:
		return do_read_table(argv[optind], &o.table, o.mode == MODE_VERIFY);
	case MODE_PRELINK: {
		int st = do_prelink(argv + optind, argc - optind, &o.prelink);

		free(o.prelink.libs);
		return st;
	}
	case MODE_FINAL:
		return do_final(argv[optind], &o.final);
	case MODE_PROVENANCE:
		return do_provenance(argv[optind], argv + optind + 1, argc - optind - 1, &o.table,
				     &o.prov);
	case MODE_LOOKUP:
		return do_lookup(argv[optind], o.prov_file, argv + optind + 1, argc - optind - 1);
	case MODE_TABLE:
		break;
	}
	return do_table(argv[optind], &o.table, o.raw, &tg);
}
