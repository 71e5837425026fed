// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * symlist.c - the symbol list the readers fill: add, sort as `nm -n`,
 * print in nm's BSD format.
 */
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

/*
 * A list's names are copied into chunks of NAMECHUNK bytes (a longer
 * name gets one of its own): a large table's 100,000 names cost some
 * fifty allocations instead of one each, and are freed as many.
 */
#define NAMECHUNK	(64 * 1024)

struct namechunk {
	struct namechunk *next;
	size_t used, size;
	char data[];
};

static char *name_copy(struct symlist *l, const char *name)
{
	size_t len = strlen(name) + 1;
	struct namechunk *c = l->names;
	char *p;

	if (!c || c->size - c->used < len) {
		size_t size = len > NAMECHUNK ? len : NAMECHUNK;

		c = xmalloc(sizeof(*c) + size);
		c->next = l->names;
		c->used = 0;
		c->size = size;
		l->names = c;
	}
	p = c->data + c->used;
	memcpy(p, name, len);
	c->used += len;
	return p;
}

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
	s->vis_hidden = false;
	s->name = name_copy(l, name);
	s->section = NULL;
	s->object = NULL;
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
	struct namechunk *c, *next;

	for (c = l->names; c; c = next) {
		next = c->next;
		free(c);
	}
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
	static const char hex[] = "0123456789abcdef";
	int digits = word == 4 ? 8 : 16;
	char head[20];
	size_t i;

	/* formatted by hand and written unlocked: nm's format without printf */
	flockfile(out);
	for (i = 0; i < l->n; i++) {
		const struct ksym *s = &l->v[i];
		uint64_t v = s->addr;
		int d;

		for (d = digits - 1; d >= 0; d--, v >>= 4)
			head[d] = s->undef ? ' ' : hex[v & 15];
		head[digits] = ' ';
		head[digits + 1] = s->type;
		head[digits + 2] = ' ';
		fwrite_unlocked(head, 1, digits + 3, out);
		fwrite_unlocked(s->name, 1, strlen(s->name), out);
		putc_unlocked('\n', out);
	}
	funlockfile(out);
}

uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

uint64_t symbol_hash(char type, const char *name)
{
	return mix64(fnv1a(fnv1a(FNV1A_INIT, &type, 1), name, strlen(name)));
}
