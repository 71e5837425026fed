// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * patchfile - overwrite bytes of a file in place, safely.
 *
 * Usage: patchfile [OPTION]... FILE OFFSET BLOB [LEN]
 *        patchfile [OPTION]... --symbol NAME FILE BLOB [LEN]
 *
 * Writes the first LEN bytes of BLOB (default: all of it) over FILE at
 * file offset OFFSET, or at the file offset of symbol NAME.  The file
 * never changes size and is never re-laid out.
 *
 * Algorithm, every check before the first byte is written:
 *  1. read BLOB; LEN must be at least 1 and at most its size;
 *  2. open FILE (read-only for --dry-run) and, unless --raw, validate
 *     it as ELF (lib/elf.c);
 *  3. resolve the range [off, off+LEN):
 *     --raw:    it must lie inside the file;
 *     OFFSET:   it must lie inside the file image of one allocated,
 *               uncompressed section with contents (not NOBITS), and
 *               inside a PT_LOAD segment's file image;
 *     --symbol: NAME must be defined once, in such a section; LEN must
 *               fit its capacity (bytes to the next symbol of the section
 *               or the section end); then the OFFSET checks again;
 *  4. read the bytes being replaced and compare them with --expect
 *     (size and POSIX cksum CRC) and --expect-file;
 *  5. --dry-run: say what would be written and stop; otherwise pwrite the
 *     range (retrying short writes and EINTR), and on a failed write put
 *     the old bytes back; --sync: fsync.
 * Exit status 0 only when every byte was written (and synced).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "util.h"

struct options {
	const char *symbol;		/* --symbol NAME, or NULL */
	const char *expect_file;	/* --expect-file FILE, or NULL */
	bool expect;			/* --expect SIZE:CKSUM given */
	uint64_t expect_size;
	uint32_t expect_cksum;
	bool dry_run, sync, raw;
};

struct patch {
	const char *path;		/* FILE */
	const char *blob_path;		/* BLOB */
	uint64_t off;			/* file offset of the range */
	uint64_t len;			/* LEN; 0 until known */
	bool len_given;
	unsigned char *blob;		/* BLOB's bytes */
	size_t blob_len;
	unsigned char *old;		/* the bytes being replaced */
	char where[128];		/* "section .data" or "raw file" */
	int fd;				/* FILE, owned by ef unless raw */
	uint64_t size;			/* FILE's size */
	struct elf_file ef;
};

static const char help_text[] =
	"Overwrite LEN bytes of FILE (default: all of BLOB) with the bytes of BLOB,\n"
	"at file offset OFFSET or at the file offset of symbol NAME.\n"
	"The range must lie inside one allocated section with contents (not NOBITS,\n"
	"not compressed) of the ELF file FILE, and inside NAME's capacity.\n"
	"\n"
	"  -s, --symbol=NAME         patch at symbol NAME instead of an OFFSET\n"
	"  -e, --expect=SIZE:CKSUM   refuse unless the bytes being replaced are SIZE\n"
	"                            bytes with this POSIX cksum CRC (as printed by\n"
	"                            'dd if=FILE bs=1 skip=OFF count=SIZE | cksum')\n"
	"  -E, --expect-file=OLD     refuse unless the bytes being replaced equal OLD\n"
	"  -n, --dry-run             check everything, print what would be written,\n"
	"                            change nothing\n"
	"      --sync                fsync FILE before exiting\n"
	"      --raw                 FILE need not be ELF: only check that the range\n"
	"                            lies inside the file (it is never extended)\n"
	"  -h, --help                print this help and exit\n"
	"  -V, --version             print the version and exit\n"
	"\n"
	"Numbers are decimal, or hexadecimal with 0x.  Every check is made before\n"
	"the first byte is written; a refused patch leaves FILE unchanged.\n"
	"Exit status: 0 if every byte was written, 1 on an error or refusal,\n"
	"2 on a usage error.\n";

static void NORETURN usage_error(const char *msg, const char *arg)
{
	if (arg)
		error(NULL, "%s: '%s'", msg, arg);
	else
		error(NULL, "%s", msg);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname());
	exit(EXIT_USAGE);
}

static void NORETURN print_help(void)
{
	printf("Usage: %s [OPTION]... FILE OFFSET BLOB [LEN]\n"
	       "  or:  %s [OPTION]... --symbol=NAME FILE BLOB [LEN]\n%s",
	       progname(), progname(), help_text);
	exit(EXIT_OK);
}

static uint64_t number_arg(const char *what, const char *s)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0)
		usage_error(what, s);
	return v;
}

/* --expect=SIZE:CKSUM */
static void parse_expect(struct options *opt, const char *s)
{
	const char *colon = strchr(s, ':');
	char *size;
	uint64_t crc;

	if (!colon)
		usage_error("--expect wants SIZE:CKSUM", s);
	size = xstrdup(s);
	size[colon - s] = 0;
	if (parse_u64(size, &opt->expect_size) < 0 || parse_u64(colon + 1, &crc) < 0 ||
	    crc > UINT32_MAX)
		usage_error("--expect wants SIZE:CKSUM", s);
	free(size);
	opt->expect_cksum = (uint32_t)crc;
	opt->expect = true;
}

static void parse_options(int argc, char **argv, struct options *opt)
{
	enum { OPT_SYNC = 256, OPT_RAW };
	static const struct option longopts[] = {
		{ "symbol",	 required_argument, NULL, 's' },
		{ "expect",	 required_argument, NULL, 'e' },
		{ "expect-file", required_argument, NULL, 'E' },
		{ "dry-run",	 no_argument,	    NULL, 'n' },
		{ "sync",	 no_argument,	    NULL, OPT_SYNC },
		{ "raw",	 no_argument,	    NULL, OPT_RAW },
		{ "help",	 no_argument,	    NULL, 'h' },
		{ "version",	 no_argument,	    NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:e:E:nhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opt->symbol = optarg; break;
		case 'e': parse_expect(opt, optarg); break;
		case 'E': opt->expect_file = optarg; break;
		case 'n': opt->dry_run = true; break;
		case OPT_SYNC: opt->sync = true; break;
		case OPT_RAW: opt->raw = true; break;
		case 'h': print_help();
		case 'V':
			printf("%s (onelink) %s\n", progname(), ONELINK_VERSION);
			exit(EXIT_OK);
		default:
			usage_error("unknown option or missing argument", argv[optind - 1]);
		}
	}
	if (opt->symbol && opt->raw)
		usage_error("--symbol needs an ELF file: it cannot go with --raw", NULL);
}

/* The operands: FILE OFFSET BLOB [LEN], or FILE BLOB [LEN] with --symbol. */
static void parse_args(int argc, char **argv, struct options *opt, struct patch *p)
{
	int n, want;

	parse_options(argc, argv, opt);
	argv += optind;
	n = argc - optind;
	want = opt->symbol ? 2 : 3;
	if (n < want)
		usage_error("missing operand", NULL);
	if (n > want + 1)
		usage_error("extra operand", argv[want + 1]);
	p->path = *argv++;
	if (!opt->symbol)
		p->off = number_arg("bad OFFSET", *argv++);
	p->blob_path = *argv++;
	if (*argv) {
		p->len = number_arg("bad LEN", *argv);
		p->len_given = true;
	}
}

/* Step 1: BLOB, and LEN from it. */
static int read_blob(struct patch *p)
{
	if (read_file(p->blob_path, &p->blob, &p->blob_len) < 0)
		return -1;
	if (!p->len_given)
		p->len = p->blob_len;
	if (p->len > p->blob_len) {
		error(p->blob_path, "blob is shorter (%zu bytes) than LEN (%llu bytes)",
		      p->blob_len, (unsigned long long)p->len);
		return -1;
	}
	if (!p->len) {
		error(p->blob_path, "nothing to write: length is 0");
		return -1;
	}
	return 0;
}

/* Step 2, --raw: any regular file. */
static int open_raw(const struct options *opt, struct patch *p)
{
	struct stat st;

	p->fd = open(p->path, opt->dry_run ? O_RDONLY : O_RDWR);
	if (p->fd < 0) {
		error(p->path, "cannot open%s: %s", opt->dry_run ? "" : " for writing",
		      strerror(errno));
		return -1;
	}
	if (fstat(p->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error(p->path, "not a regular file");
		return -1;
	}
	p->size = (uint64_t)st.st_size;
	return 0;
}

/* Step 2: open FILE, read-only for a dry run. */
static int open_target(const struct options *opt, struct patch *p)
{
	if (opt->raw)
		return open_raw(opt, p);
	if (elf_file_open(&p->ef, p->path, !opt->dry_run) < 0)
		return -1;
	p->fd = p->ef.fd;
	p->size = p->ef.size;
	return 0;
}

static void close_target(const struct options *opt, struct patch *p)
{
	if (opt->raw && p->fd >= 0)
		close(p->fd);
	else if (!opt->raw)
		elf_file_close(&p->ef);
	p->fd = -1;
}

static int resolve_raw(struct patch *p)
{
	if (p->off > p->size || p->len > p->size - p->off) {
		error(p->path, "range [%#llx, %#llx) lies past the end of the file "
		      "(%#llx bytes): --raw never extends a file",
		      (unsigned long long)p->off, (unsigned long long)(p->off + p->len),
		      (unsigned long long)p->size);
		return -1;
	}
	snprintf(p->where, sizeof(p->where), "raw file");
	return 0;
}

/* --symbol: the range starts at the symbol and must fit its capacity. */
static int resolve_symbol(const struct options *opt, struct patch *p)
{
	struct elf_sym es;
	struct elf_loc loc;
	uint64_t cap;

	if (elf_file_lookup(&p->ef, opt->symbol, &es) < 0 ||
	    elf_file_locate_sym(&p->ef, &es, &loc) < 0)
		return -1;
	cap = elf_file_capacity(&p->ef, &es, &loc);
	if (p->len > cap) {
		error(p->path, "%llu bytes do not fit symbol '%s' in %s: its capacity "
		      "is %llu bytes", (unsigned long long)p->len, opt->symbol,
		      loc.secname, (unsigned long long)cap);
		return -1;
	}
	p->off = loc.offset;
	return 0;
}

/* Step 3: the range [off, off+len) and where it lies. */
static int resolve_range(const struct options *opt, struct patch *p)
{
	struct elf_loc loc;

	if (opt->raw)
		return resolve_raw(p);
	if (opt->symbol && resolve_symbol(opt, p) < 0)
		return -1;
	if (elf_file_range(&p->ef, p->off, p->len, &loc) < 0)
		return -1;
	snprintf(p->where, sizeof(p->where), "section %s", loc.secname);
	return 0;
}

/* One byte into the CRC of POSIX cksum (polynomial 0x04c11db7, MSB first). */
static uint32_t cksum_byte(uint32_t crc, unsigned char c)
{
	int i;

	crc ^= (uint32_t)c << 24;
	for (i = 0; i < 8; i++)
		crc = (crc & 0x80000000) ? (crc << 1) ^ 0x04c11db7 : crc << 1;
	return crc;
}

/* What POSIX cksum prints first for these bytes: data, then the length. */
static uint32_t posix_cksum(const unsigned char *buf, uint64_t len)
{
	uint32_t crc = 0;
	uint64_t i;

	for (i = 0; i < len; i++)
		crc = cksum_byte(crc, buf[i]);
	for (i = len; i; i >>= 8)
		crc = cksum_byte(crc, i & 0xff);
	return ~crc;
}

static int check_expect_cksum(const struct options *opt, const struct patch *p)
{
	uint32_t crc;

	if (opt->expect_size != p->len) {
		error(p->path, "--expect: size %llu differs from the patch length %llu",
		      (unsigned long long)opt->expect_size, (unsigned long long)p->len);
		return -1;
	}
	crc = posix_cksum(p->old, p->len);
	if (crc != opt->expect_cksum) {
		error(p->path, "bytes at %#llx have cksum %u, not the expected %u: "
		      "refusing to patch", (unsigned long long)p->off, crc,
		      opt->expect_cksum);
		return -1;
	}
	return 0;
}

static int check_expect_file(const struct options *opt, const struct patch *p)
{
	unsigned char *want;
	size_t want_len;
	int ret = -1;

	if (read_file(opt->expect_file, &want, &want_len) < 0)
		return -1;
	if (want_len != p->len)
		error(opt->expect_file, "has %zu bytes, the patch %llu", want_len,
		      (unsigned long long)p->len);
	else if (memcmp(want, p->old, want_len))
		error(p->path, "bytes at %#llx differ from %s: refusing to patch",
		      (unsigned long long)p->off, opt->expect_file);
	else
		ret = 0;
	free(want);
	return ret;
}

/* Step 4: the bytes being replaced, checked against --expect*. */
static int read_old(const struct options *opt, struct patch *p)
{
	p->old = xmalloc(p->len);
	if (pread_all(p->fd, p->old, p->len, p->off, p->path) < 0)
		return -1;
	if (opt->expect && check_expect_cksum(opt, p) < 0)
		return -1;
	if (opt->expect_file && check_expect_file(opt, p) < 0)
		return -1;
	return 0;
}

static void dry_run(const struct patch *p)
{
	printf("%s: would write %llu bytes at [%#llx, %#llx) in %s%s\n", p->path,
	       (unsigned long long)p->len, (unsigned long long)p->off,
	       (unsigned long long)(p->off + p->len), p->where,
	       memcmp(p->old, p->blob, p->len) ? "" : " (no byte would change)");
}

/*
 * After a failed write of which the first done bytes went through: put
 * those old bytes back (the rest were never touched), or say the file
 * is damaged.
 */
static void restore(const struct patch *p, size_t done)
{
	if (pwrite_all(p->fd, p->old, done, p->off, p->path) == 0)
		error(p->path, "patch not applied: the original bytes were restored");
	else
		error(p->path, "PARTIALLY PATCHED: bytes [%#llx, %#llx) may be damaged",
		      (unsigned long long)p->off, (unsigned long long)(p->off + done));
}

/* Step 5: write, and sync on request. */
static int write_patch(const struct options *opt, const struct patch *p)
{
	size_t done;

	if (pwrite_count(p->fd, p->blob, p->len, p->off, p->path, &done) < 0) {
		restore(p, done);
		return -1;
	}
	if (opt->sync && fsync(p->fd) < 0) {
		error(p->path, "fsync failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct patch p = { .fd = -1, .ef = { .fd = -1 } };
	int status = EXIT_ERROR;

	set_progname(argv[0]);
	parse_args(argc, argv, &opt, &p);
	if (read_blob(&p) < 0 || open_target(&opt, &p) < 0 ||
	    resolve_range(&opt, &p) < 0 || read_old(&opt, &p) < 0)
		goto out;
	if (opt.dry_run)
		dry_run(&p);
	else if (write_patch(&opt, &p) < 0)
		goto out;
	status = EXIT_OK;
out:
	close_target(&opt, &p);
	free(p.blob);
	free(p.old);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error(NULL, "cannot write to standard output");
		status = EXIT_ERROR;
	}
	return status;
}
