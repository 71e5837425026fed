// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * listing.c - read an `nm -n` listing ("ADDRESS TYPE NAME" per line) the
 * way the kernel's scripts/kallsyms reads its input.
 *
 * A line that is not "hex-address SP type SP name" is an error, named by
 * file and line.  Names that cannot be encoded at all (longer than the
 * two-byte length of the names array) are an error too; names the kernel
 * only refuses by policy (KSYM_NAME_LEN) are kept here and skipped with a
 * warning by the table builder, exactly as the kernel's tool does.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

static int parse_line(const char *path, unsigned long lineno, char *line,
		      struct symlist *out)
{
	unsigned long long addr;
	char *p, type;

	errno = 0;
	addr = strtoull(line, &p, 16);
	if (p == line || errno || p[0] != ' ' || !isascii((unsigned char)p[1]) ||
	    !p[1] || p[2] != ' ') {
		error(path, "line %lu: expected \"ADDRESS TYPE NAME\"", lineno);
		return -1;
	}
	type = p[1];
	p += 3;
	if (strlen(p) >= KSYM_MAX_ENCODED) {
		error(path, "line %lu: symbol name of %zu bytes cannot be encoded "
		      "(limit %d)", lineno, strlen(p), KSYM_MAX_ENCODED - 1);
		return -1;
	}
	symlist_add(out, addr, type, p);
	return 0;
}

int read_listing_file(FILE *fp, const char *path, struct symlist *out)
{
	unsigned long lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	errno = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = 0;
		if (parse_line(path, lineno, line, out) < 0) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && ferror(fp)) {
		error(path, "read failed: %s", strerror(errno));
		ret = -1;
	}
	free(line);
	return ret;
}

int read_listing(const char *path, struct symlist *out)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int ret;

	if (!fp) {
		error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	ret = read_listing_file(fp, path, out);
	if (fp != stdin)
		fclose(fp);
	return ret;
}
