// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * prelink.c - the superset table, before the link.
 *
 * The superset holds every symbol the final table could hold:
 *   - every defined symbol of the inputs that System.map keeps (without
 *     --all-symbols: only code and __start_/__stop_ symbols), unless the
 *     linker script discards its section;
 *   - every symbol the link itself defines: names the objects use but
 *     none defines (__start_SEC, __stop_SEC, PROVIDEd names, --defsym),
 *     the linker script's assignments, and the table's own labels.
 * Its table, built with the kernel's rules, fixes what each array needs;
 * a margin on top gives the reserve (layout.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

static bool keep_defined(const struct ksym *s, const struct table_opts *o)
{
	if (s->undef || kformat_or_default(o->fmt)->map_drops(s->type, s->name))
		return false;
	if (o->all_symbols)
		return true;
	return strchr("tTWi", s->type) || !strncmp(s->name, "__start_", 8) ||
	       !strncmp(s->name, "__stop_", 7);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in sorted order for lookups; the strings stay owned by l. */
static char **sorted_names(const struct symlist *l, size_t *n)
{
	char **v = xreallocarray(NULL, l->n ? l->n : 1, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < l->n; i++)
		if (!l->v[i].undef)
			v[k++] = l->v[i].name;
	qsort(v, k, sizeof(*v), cmp_str);
	*n = k;
	return v;
}

/* The names defined so far: the inputs' (sorted) and those added since. */
struct nameset {
	char **v;
	size_t n;
	struct symlist added;
};

static bool in_set(const struct nameset *s, const char *name)
{
	size_t i;

	if (bsearch(&name, s->v, s->n, sizeof(*s->v), cmp_str))
		return true;
	for (i = 0; i < s->added.n; i++)
		if (!strcmp(s->added.v[i].name, name))
			return true;
	return false;
}

/* Add a name the link defines (type guessed) unless it is defined already. */
static void add_link_symbol(struct nameset *s, struct symlist *out, char type,
			    const char *name, const struct table_opts *o)
{
	struct ksym k = { .type = type, .name = (char *)name };

	if (in_set(s, name) || !keep_defined(&k, o))
		return;
	symlist_add(&s->added, 0, type, name);
	symlist_add(out, 0, type, name);
}

static char undefined_type(const char *name)
{
	if (!strncmp(name, "__start_", 8) || !strncmp(name, "__stop_", 7))
		return 'D';
	return 'T';
}

static const struct ksym *global_base;

/* By name; a strong definition before weak ones; then input order. */
static int cmp_global(const void *a, const void *b)
{
	const struct ksym *x = &global_base[*(const size_t *)a];
	const struct ksym *y = &global_base[*(const size_t *)b];
	int r = strcmp(x->name, y->name);
	bool wx = x->type == 'W' || x->type == 'V', wy = y->type == 'W' || y->type == 'V';

	if (r)
		return r;
	if (wx != wy)
		return wx - wy;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/*
 * A global name is defined once in the linked file, however many weak
 * definitions the inputs carry: keep[] loses all but the strongest.
 */
static void drop_duplicate_globals(const struct symlist *in, bool *keep)
{
	size_t *idx = xreallocarray(NULL, in->n ? in->n : 1, sizeof(*idx));
	size_t i, n = 0;

	for (i = 0; i < in->n; i++)
		if (keep[i] && (isupper((unsigned char)in->v[i].type)))
			idx[n++] = i;
	global_base = in->v;
	qsort(idx, n, sizeof(*idx), cmp_global);
	for (i = 1; i < n; i++)
		if (!strcmp(in->v[idx[i]].name, in->v[idx[i - 1]].name))
			keep[idx[i]] = false;
	free(idx);
}

int superset_collect(char **files, int nfiles, const char *lds, const char *cache,
		     const struct table_opts *o, struct symlist *out, int *word)
{
	struct symcache *sc = cache ? symcache_open(cache) : NULL;
	struct symlist in = { 0 };
	struct lds script = { 0 };
	struct nameset set = { 0 };
	bool *keep;
	size_t i;
	int f, ret = 0, a;

	/*
	 * The word size of the link is that of its widest input: an LTO IR
	 * object (ThinLTO's init/version-timestamp.o after vmlinux.o) has no
	 * ELF class and reads as 32-bit.
	 */
	*word = 4;
	read_bfd_cache(sc);
	for (f = 0; f < nfiles; f++) {
		int w;

		if (read_bfd_symbols(files[f], &in, &w) < 0)
			ret = -1;
		else if (w > *word)
			*word = w;
	}
	read_bfd_cache(NULL);
	/* a failed run keeps the old cache: its entries are still true */
	if (ret == 0 && symcache_close(sc) < 0)
		ret = -1;
	else if (ret)
		symcache_discard(sc);
	if (lds && lds_read(lds, &script) < 0)
		ret = -1;
	if (ret == 0) {
		keep = xcalloc(in.n ? in.n : 1, sizeof(*keep));
		for (i = 0; i < in.n; i++)
			keep[i] = keep_defined(&in.v[i], o) &&
				  !lds_discards(&script, in.v[i].section);
		drop_duplicate_globals(&in, keep);
		for (i = 0; i < in.n; i++)
			if (keep[i])
				symlist_add(out, 0, in.v[i].type, in.v[i].name);
		free(keep);
		set.v = sorted_names(&in, &set.n);
		for (a = 0; a < KA_COUNT; a++)
			if (kformat_has(o->fmt, a))
				add_link_symbol(&set, out, 'R', karray_name[a], o);
		for (i = 0; i < in.n; i++)
			if (in.v[i].type == 'U')
				add_link_symbol(&set, out, undefined_type(in.v[i].name),
						in.v[i].name, o);
		for (i = 0; i < script.symbols.n; i++)
			add_link_symbol(&set, out, script.symbols.v[i].type,
					script.symbols.v[i].name, o);
	}
	free(set.v);
	symlist_free(&set.added);
	lds_free(&script);
	symlist_free(&in);
	return ret;
}

/*
 * What the reserves depend on is the superset's types and names: its
 * table is built with every symbol valid (superset_layout) and its
 * addresses are only offsets in the inputs, which set no array's size.
 * The digest is a sum over the symbols of a hash of each (FNV-1a of the
 * type letter and the name, mixed), so any order gives the same digest.
 * Two supersets that collide only cost reserves: the final pass checks
 * that the table fits and relinks if it does not.
 */
uint64_t superset_digest(const struct symlist *super)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < super->n; i++)
		sum += symbol_hash(super->v[i].type, super->v[i].name);
	/* the plan's rule is part of it: a layout planned by another rule
	 * (layout.c's coarse steps) is not taken over */
	return mix64(sum ^ mix64(super->n) ^ LAYOUT_PLAN_RULE) | 1;
}

bool superset_reuse(const char *path, struct layout *lay)
{
	struct layout old;
	bool same;

	if (layout_read_header(path, &old) < 0)
		return false;
	same = old.digest == lay->digest && layout_same_plan(&old, lay);
	if (same) {
		lay->symbols = old.symbols;
		lay->reserved_symbols = old.reserved_symbols;
		memcpy(lay->need, old.need, sizeof(lay->need));
		memcpy(lay->reserve, old.reserve, sizeof(lay->reserve));
	}
	layout_free(&old);
	return same;
}

/* The superset's own table: addresses do not change any array's size. */
int superset_layout(const struct symlist *super, struct layout *lay, const char *what)
{
	struct table_opts all = { .all_symbols = true, .fmt = lay->opts.fmt };
	struct ktable t;
	unsigned int i;

	if (table_build(super, &all, &t, what) < 0) {
		table_free(&t);
		return -1;
	}
	layout_plan(lay, &t);
	for (i = 0; i < t.n; i++)
		symlist_add(&lay->superset, 0, t.e[i]->text[0], t.e[i]->text + 1);
	table_free(&t);
	return 0;
}
