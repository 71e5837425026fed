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
 * "ADDRESS T NAME".  The address never contains a space, so matching
 * against " T NAME" gives the same answers, and that line is never
 * built: no pattern holds a space but at its start, so each one either
 * starts right after a space (before NAME or inside it), or lies inside
 * NAME, or (a suffix " X") takes the space before NAME.  The letter T
 * matters only to "/ [aNUw] /" and to "/ \$/".
 */

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "/ __[[:alnum:]]*Thunk_/" at s, just after the "__" */
static bool is_thunk(const char *s)
{
	const char *q;

	for (q = s; is_alnum(*q); q++)
		;
	return q - s >= 5 && !strncmp(q - 5, "Thunk", 5) && *q == '_';
}

/* Does one of the "/ PATTERN/d" patterns start at s, just after a space? */
static bool dropped_after_space(const char *s)
{
	static const char *const prefixes[] = {	/* after the "__" */
		"efistub_", "pi_$", "pi_.L", "kvm_nvhe_$", "kvm_nvhe_.L",
		"kcfi_typeid_", "kvm_nvhe___kcfi_typeid_", "pi___kcfi_typeid_",
		"crc_", "kstrtab_", "kstrtabns_",
	};
	size_t i;

	/* "/ [aNUw] /" */
	if ((s[0] == 'a' || s[0] == 'N' || s[0] == 'U' || s[0] == 'w') && s[1] == ' ')
		return true;
	if (s[0] == '$' || (s[0] == '.' && s[1] == 'L'))
		return true;
	if (s[0] != '_' || s[1] != '_')
		return false;
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (s[2] == prefixes[i][0] && !strncmp(s + 2, prefixes[i], strlen(prefixes[i])))
			return true;
	return is_thunk(s + 2);
}

static bool has_suffix(const char *s, size_t len, const char *p)
{
	size_t lp = strlen(p);

	return len >= lp && !memcmp(s + len - lp, p, lp);
}

/* "/SUFFIX$/d": " X" suffixes may take the space before the name. */
static bool dropped_suffix(const char *name, size_t len)
{
	static const char *const suffixes[] = {
		"_from_arm", "_from_thumb", "_veneer", " L0", " _SDA_BASE_", " _SDA2_BASE_",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		const char *p = suffixes[i];

		if (has_suffix(name, len, p) || (p[0] == ' ' && !strcmp(name, p + 1)))
			return true;
	}
	return false;
}

bool mksysmap_drops(char type, const char *name)
{
	const char *p;

	/* the letter between two spaces, or "/ \$/" at the letter */
	if (type == 'a' || type == 'N' || type == 'U' || type == 'w' || type == '$')
		return true;
	/* the name follows a space, and so does the text after each space in it */
	for (p = name; ; p++) {
		if (dropped_after_space(p))
			return true;
		p = strchr(p, ' ');
		if (!p)
			break;
	}
	if (dropped_suffix(name, strlen(name)))
		return true;
	return strchr(name, '.') &&
	       (strstr(name, ".long_branch.") || strstr(name, ".plt_branch."));
}

uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t symbol_hash(char type, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	uint64_t h = 0xcbf29ce484222325ULL;

	h = (h ^ (unsigned char)type) * 0x100000001b3ULL;
	for (; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return mix64(h);
}
