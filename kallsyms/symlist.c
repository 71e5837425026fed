// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * symlist.c - the symbol list the readers fill: add, sort as `nm -n`,
 * print in nm's BSD format, and the System.map filter of the kernel's
 * scripts/mksysmap.
 */
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

void symlist_add(struct symlist *l, uint64_t addr, char type, const char *name)
{
	struct ksym *s;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	s = &l->v[l->n++];
	s->addr = addr;
	s->type = type;
	s->undef = type == 'U' || type == 'w' || type == 'v';
	s->name = xstrdup(name);
	s->section = NULL;
}

void symlist_add_sec(struct symlist *l, uint64_t addr, char type, const char *name,
		     const char *section)
{
	symlist_add(l, addr, type, name);
	l->v[l->n - 1].section = section ? intern(section) : NULL;
}

/* A hash set of strings, never freed: section names repeat a lot. */
static struct {
	const char **slot;
	size_t cap, n;
} strings;

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void intern_grow(void)
{
	const char **old = strings.slot;
	size_t i, oldcap = strings.cap;

	strings.cap = oldcap ? 2 * oldcap : 1024;
	strings.slot = xcalloc(strings.cap, sizeof(*strings.slot));
	for (i = 0; i < oldcap; i++) {
		size_t h;

		if (!old[i])
			continue;
		for (h = hash_str(old[i]) & (strings.cap - 1); strings.slot[h];
		     h = (h + 1) & (strings.cap - 1))
			;
		strings.slot[h] = old[i];
	}
	free(old);
}

const char *intern(const char *s)
{
	size_t h;

	if (2 * (strings.n + 1) > strings.cap)
		intern_grow();
	for (h = hash_str(s) & (strings.cap - 1); strings.slot[h];
	     h = (h + 1) & (strings.cap - 1))
		if (!strcmp(strings.slot[h], s))
			return strings.slot[h];
	strings.n++;
	return strings.slot[h] = xstrdup(s);
}

void symlist_free(struct symlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/*
 * nm -n: undefined symbols first, then by address, then by name (strcmp:
 * kbuild runs nm with LC_COLLATE=C).  nm leaves full ties to qsort, which
 * glibc implements as a stable merge sort; here the input order decides.
 */
static int cmp_nm(const struct ksym *a, const struct ksym *b)
{
	int c;

	if (a->undef != b->undef)
		return a->undef ? -1 : 1;
	if (!a->undef && a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a < b ? -1 : a > b;
}

static void merge(struct ksym *v, struct ksym *tmp, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		tmp[k++] = cmp_nm(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < hi)
		tmp[k++] = v[j++];
	memcpy(v + lo, tmp + lo, (hi - lo) * sizeof(*v));
}

/* Bottom-up merge sort: stable, so full ties keep their input order. */
void symlist_sort_nm(struct symlist *l)
{
	struct ksym *tmp;
	size_t width, lo;

	if (l->n < 2)
		return;
	tmp = xreallocarray(NULL, l->n, sizeof(*tmp));
	for (width = 1; width < l->n; width *= 2) {
		for (lo = 0; lo + width < l->n; lo += 2 * width) {
			size_t hi = lo + 2 * width < l->n ? lo + 2 * width : l->n;

			merge(l->v, tmp, lo, lo + width, hi);
		}
	}
	free(tmp);
}

void symlist_print_nm(FILE *out, const struct symlist *l, int word)
{
	int digits = word == 4 ? 8 : 16;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct ksym *s = &l->v[i];

		if (s->undef)
			fprintf(out, "%*s %c %s\n", digits, "", s->type, s->name);
		else
			fprintf(out, "%0*llx %c %s\n", digits,
				(unsigned long long)s->addr, s->type, s->name);
	}
}

/* ---- scripts/mksysmap ---- */

/*
 * The sed script matches its patterns against whole `nm -n` lines,
 * "ADDRESS T NAME".  The address never contains a space, so matching the
 * same patterns against " T NAME" gives the same answers.
 */

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool has_suffix(const char *s, const char *p)
{
	size_t ls = strlen(s), lp = strlen(p);

	return ls >= lp && !strcmp(s + ls - lp, p);
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "/ __[[:alnum:]]*Thunk_/": an alnum run after " __" ending in "Thunk", then '_' */
static bool has_thunk(const char *line)
{
	const char *p = line, *q;

	while ((p = strstr(p, " __"))) {
		p += 3;
		for (q = p; is_alnum(*q); q++)
			;
		if (q - p >= 5 && !strncmp(q - 5, "Thunk", 5) && *q == '_')
			return true;
	}
	return false;
}

/* Patterns "/ PREFIX/d": the prefix after any space of the line. */
static bool has_space_prefix(const char *line, const char *prefix)
{
	const char *p;

	for (p = line; (p = strchr(p, ' ')); p++)
		if (has_prefix(p + 1, prefix))
			return true;
	return false;
}

static bool line_dropped(const char *line)
{
	static const char *const prefixes[] = {
		"$", ".L", "__efistub_", "__pi_$", "__pi_.L", "__kvm_nvhe_$",
		"__kvm_nvhe_.L", "__kcfi_typeid_", "__kvm_nvhe___kcfi_typeid_",
		"__pi___kcfi_typeid_", "__crc_", "__kstrtab_", "__kstrtabns_",
	};
	static const char *const suffixes[] = {
		"_from_arm", "_from_thumb", "_veneer", " L0", " _SDA_BASE_", " _SDA2_BASE_",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (has_space_prefix(line, prefixes[i]))
			return true;
	for (i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (has_suffix(line, suffixes[i]))
			return true;
	return has_thunk(line) || strstr(line, ".long_branch.") || strstr(line, ".plt_branch.");
}

/* "/ [aNUw] /d": one of these letters between two spaces */
static bool has_dropped_type(const char *line)
{
	const char *p;

	for (p = line; (p = strchr(p, ' ')); p++)
		if (p[1] && strchr("aNUw", p[1]) && p[2] == ' ')
			return true;
	return false;
}

bool mksysmap_drops(char type, const char *name)
{
	size_t len = strlen(name);
	char *line = xmalloc(len + 4);
	bool drop;

	line[0] = ' ';
	line[1] = type;
	line[2] = ' ';
	memcpy(line + 3, name, len + 1);
	drop = has_dropped_type(line) || line_dropped(line);
	free(line);
	return drop;
}
