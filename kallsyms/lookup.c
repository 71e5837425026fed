// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lookup.c - kallsyms --lookup: addresses and names in a provenance file
 * (provenance.c writes it; docs/provenance.md describes it).
 *
 * An address prints as the kernel's %pS does, with the provenance after
 * it: "name+0xOFF/0xSIZE [module] object".  As the kernel's lookup, the
 * symbol is the last one at or below the address (the first in table
 * order of those at its address), and its size reaches to the next
 * higher address (the last symbol: its own size).  A name prints every
 * line of the file that defines it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "provenance.h"
#include "util.h"

struct pline {
	uint64_t addr, size;
	const char *name;	/* NUL-terminated inside the buffer */
	const char *rest;	/* " [mod] object" */
	const char *line;	/* the whole line */
};

struct pfile {
	const char *path;
	unsigned char *buf;
	struct pline *v;
	size_t n;
	int digits;		/* of an address */
};

static bool parse_hex(const char *s, size_t n, uint64_t *v)
{
	size_t i;

	if (!n || n > 16)
		return false;
	*v = 0;
	for (i = 0; i < n; i++) {
		int c = tolower((unsigned char)s[i]);

		if (!isxdigit(c))
			return false;
		*v = *v << 4 | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	return true;
}

/* "ADDR SIZE T NAME REST": the line split in place; false if malformed. */
static bool parse_line(char *s, struct pline *l, int *digits)
{
	char *sp1 = strchr(s, ' '), *sp2, *sp3;

	l->line = s;
	if (!sp1 || !(sp2 = strchr(sp1 + 1, ' ')) || sp2[1] == 0 || sp2[2] != ' ')
		return false;
	sp3 = sp2 + 3;
	if (!parse_hex(s, (size_t)(sp1 - s), &l->addr) ||
	    !parse_hex(sp1 + 1, (size_t)(sp2 - sp1 - 1), &l->size))
		return false;
	*digits = (int)(sp1 - s);
	l->name = sp3;
	l->rest = strchr(sp3, ' ');
	return l->rest && l->rest[1];
}

static int pfile_read(const char *path, struct pfile *f)
{
	size_t len, cap = 0, lineno = 0;
	char *p, *end;

	f->path = path;
	if (read_file(path, &f->buf, &len) < 0)
		return -1;
	for (p = (char *)f->buf; p < (char *)f->buf + len; p = end + 1) {
		end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		lineno++;
		if (end == p)
			continue;
		*end = 0;
		if (f->n == cap) {
			cap = cap ? 2 * cap : 1024;
			f->v = xreallocarray(f->v, cap, sizeof(*f->v));
		}
		if (!parse_line(p, &f->v[f->n], &f->digits)) {
			error(path, "line %zu: not a provenance line (ADDR SIZE TYPE NAME [MODULE]... OBJECT)",
			      lineno);
			return -1;
		}
		f->n++;
	}
	/* the name ends at its space (after the line was taken whole) */
	for (len = 0; len < f->n; len++) {
		struct pline *l = &f->v[len];
		size_t nl = (size_t)(l->rest - l->name);
		char *name = xmalloc(nl + 1);

		memcpy(name, l->name, nl);
		name[nl] = 0;
		l->name = name;
	}
	return 0;
}

static void pfile_free(struct pfile *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free((char *)f->v[i].name);
	free(f->v);
	free(f->buf);
}

/* An address: 0x and hex digits, or as many hex digits as the file's addresses. */
static int parse_address(const struct pfile *f, const char *q, uint64_t *addr)
{
	size_t n = strlen(q);

	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X'))
		return parse_hex(q + 2, n - 2, addr) ? 1 : -1;
	return (int)n == f->digits && parse_hex(q, n, addr) ? 1 : 0;
}

static int lookup_address(const struct pfile *f, uint64_t a, const char *q)
{
	size_t lo = 0, hi = f->n, i, j;
	uint64_t size;

	while (lo < hi) {	/* the first line above a */
		size_t mid = (lo + hi) / 2;

		if (f->v[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo) {
		error(f->path, "%s: no symbol at or below this address", q);
		return -1;
	}
	i = lo - 1;
	while (i > 0 && f->v[i - 1].addr == f->v[i].addr)
		i--;
	for (j = i; j < f->n && f->v[j].addr == f->v[i].addr; j++)
		;
	size = j < f->n ? f->v[j].addr - f->v[i].addr : f->v[i].size;
	if (j == f->n && a - f->v[i].addr >= size) {
		error(f->path, "%s: past the last symbol", q);
		return -1;
	}
	printf("%s+0x%llx/0x%llx%s\n", f->v[i].name, (unsigned long long)(a - f->v[i].addr),
	       (unsigned long long)size, f->v[i].rest);
	return 0;
}

static int lookup_name(const struct pfile *f, const char *q)
{
	size_t i;
	int found = 0;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].name, q)) {
			puts(f->v[i].line);
			found = 1;
		}
	if (!found)
		error(f->path, "%s: no such symbol", q);
	return found ? 0 : -1;
}

int do_lookup(const char *elf, const char *file, char **queries, int n)
{
	struct pfile f = { 0 };
	char *def = NULL;
	int i, ret = EXIT_OK;

	if (!file) {
		def = xmalloc(strlen(elf) + 12);
		sprintf(def, "%s.provenance", elf);
		file = def;
	}
	if (pfile_read(file, &f) < 0) {
		ret = EXIT_ERROR;
		goto out;
	}
	for (i = 0; i < n; i++) {
		uint64_t a;
		int kind = parse_address(&f, queries[i], &a);

		if (kind < 0) {
			error(f.path, "%s: not an address (0x and hex digits)", queries[i]);
			ret = EXIT_ERROR;
		} else if ((kind ? lookup_address(&f, a, queries[i]) :
			    lookup_name(&f, queries[i])) < 0) {
			ret = EXIT_ERROR;
		}
	}
	if (fflush(stdout) || ferror(stdout)) {
		error("<stdout>", "write failed");
		ret = EXIT_ERROR;
	}
out:
	pfile_free(&f);
	free(def);
	return ret;
}
