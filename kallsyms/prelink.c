// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * prelink.c - the pre-link pass (do_prelink): the superset, its table,
 * the reserves, the layout file and the padded table.
 *
 * The superset holds every symbol the final table could hold:
 *   - every defined symbol of the inputs that System.map keeps (without
 *     --all-symbols: only code and __start_/__stop_ symbols), unless the
 *     linker script discards its section;
 *   - every symbol the link itself defines: names the objects use but
 *     none defines (__start_SEC, __stop_SEC, PROVIDEd names, --defsym),
 *     the linker script's assignments, and the table's own labels.
 * Its table, built with the kernel's rules, fixes what each array needs;
 * a margin on top gives the reserve (layout_plan).  The reserve policy
 * (plan_reserves) then keeps the layout file of the same superset, grows
 * from an older layout (--grow) and pins (--reserve); layout.c writes the
 * layout file and the padded table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

static bool keep_defined(const struct ksym *s, const struct table_opts *o)
{
	if (s->undef || o->fmt->map_drops(s->type, s->name))
		return false;
	if (o->all_symbols)
		return true;
	return strchr("tTWi", s->type) || has_prefix(s->name, "__start_") ||
	       has_prefix(s->name, "__stop_");
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
	if (has_prefix(name, "__start_") || has_prefix(name, "__stop_"))
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

/*
 * The symbols of every input, then of every library (--lib), whose
 * members the link does not take are dropped, through the symbol cache;
 * *word gets the link's word size, that of its widest input: an LTO IR
 * object (ThinLTO's init/version-timestamp.o after vmlinux.o) has no ELF
 * class and reads as 32-bit.
 */
static int read_inputs(char **files, int nfiles, const struct prelink_opts *po,
		       struct symlist *in, int *word)
{
	struct symcache *sc = po->cache ? symcache_open(po->cache) : NULL;
	size_t lib_start = 0;
	int f, ret = 0;

	*word = 4;
	for (f = 0; f < nfiles + po->nlibs; f++) {
		const char *path = f < nfiles ? files[f] : po->libs[f - nfiles];
		int w;

		bool lib = f >= nfiles;

		if (f == nfiles)
			lib_start = in->n;
		/* the cache keeps a regular archive whole: a library's members
		 * must stay apart (kbuild's libraries are thin archives) */
		if (read_bfd_symbols(path, lib && archive_kind(path) == ARCHIVE_REGULAR ? NULL : sc,
				     in, &w) < 0)
			ret = -1;
		else if (w > *word)
			*word = w;
	}
	if (ret == 0 && po->nlibs)
		drop_unlinked_members(in, lib_start);
	/* a failed run keeps the old cache: its entries are still true */
	if (ret == 0 && symcache_close(sc) < 0)
		ret = -1;
	else if (ret)
		symcache_discard(sc);
	return ret;
}

/*
 * The letter a symbol of the inputs has in the linked file: its own,
 * lowercase when the link makes it local: a global definition with hidden
 * or internal visibility, with --localize-hidden.  The System V ABI
 * ("Symbol Visibility") has the link make such symbols local; ld.lld does,
 * GNU ld keeps them global in its symbol table (static and -pie links
 * seen).  ThinLTO's vmlinux.o (ld.lld) has thousands.  A weak
 * one then takes the letter of its section's kind, a common one 'b'.
 */
static char linked_type(const struct ksym *s, bool localize_hidden)
{
	const char *sec = s->section ? s->section : "";

	if (!s->vis_hidden || !localize_hidden)
		return s->type;
	switch (s->type) {
	case 'W':
	case 'V':
		if (has_prefix(sec, ".text") || has_prefix(sec, ".init.text"))
			return 't';
		if (strstr(sec, "rodata"))
			return 'r';
		return strstr(sec, "bss") ? 'b' : 'd';
	case 'C':
		return 'b';
	default:
		return (char)tolower((unsigned char)s->type);
	}
}

/*
 * What an output section holds, from the letters of its input sections'
 * symbols: code, writable (data or bss), with contents (not bss only).
 */
enum { OUT_CODE = 1, OUT_WRITE = 2, OUT_CONTENTS = 4 };

static unsigned int letter_flags(char type)
{
	switch (tolower((unsigned char)type)) {
	case 't': return OUT_CODE | OUT_CONTENTS;
	case 'r': return OUT_CONTENTS;
	case 'd': return OUT_WRITE | OUT_CONTENTS;
	case 'b': return OUT_WRITE;
	default: return 0;
	}
}

/*
 * nm's letter for a linked symbol comes from its output section's flags,
 * which are those of all the input sections the script puts there: on
 * x86, .rodata also holds .data..ro_after_init, so its read-only data is
 * 'd' in the linked file.  A t/r/d/b letter (its case kept) becomes that
 * of the output section: code 't', else writable 'd' (or 'b' without
 * contents), else 'r'.  Other letters (weak, absolute...) stay.
 */
static char output_letter(char type, unsigned int f)
{
	char c;

	if (!letter_flags(type) || !f)
		return type;
	c = (f & OUT_CODE) ? 't' : !(f & OUT_WRITE) ? 'r' : (f & OUT_CONTENTS) ? 'd' : 'b';
	return isupper((unsigned char)type) ? (char)toupper((unsigned char)c) : c;
}

/* The inputs' definitions the final table could hold, onto out. */
static void add_defined(const struct symlist *in, struct lds *script,
			const struct table_opts *o, bool localize_hidden, struct symlist *out)
{
	bool *keep = xcalloc(in->n ? in->n : 1, sizeof(*keep));
	unsigned int *oflags = xcalloc(script->nout > 0 ? (size_t)script->nout : 1,
				       sizeof(*oflags));
	int *osec = xreallocarray(NULL, in->n ? in->n : 1, sizeof(*osec));
	size_t i;

	for (i = 0; i < in->n; i++) {
		const struct ksym *s = &in->v[i];

		keep[i] = keep_defined(s, o) && !lds_discards(script, s->section);
		osec[i] = s->undef ? -1 : lds_output(script, s->section);
		if (osec[i] >= 0)
			oflags[osec[i]] |= letter_flags(s->type);
	}
	drop_duplicate_globals(in, keep);
	for (i = 0; i < in->n; i++) {
		char type;

		if (!keep[i])
			continue;
		type = linked_type(&in->v[i], localize_hidden);
		if (osec[i] >= 0)
			type = output_letter(type, oflags[osec[i]]);
		symlist_add(out, 0, type, in->v[i].name);
	}
	free(osec);
	free(oflags);
	free(keep);
}

/*
 * The names the link defines that no input does, onto out: the table's
 * labels, the names the inputs use undefined, the script's assignments.
 */
static void add_link_defined(const struct symlist *in, const struct lds *script,
			     const struct table_opts *o, struct symlist *out)
{
	struct nameset set = { 0 };
	size_t i;
	int a;

	set.v = sorted_names(in, &set.n);
	for (a = 0; a < KA_COUNT; a++)
		if (kformat_has(o->fmt, a))
			add_link_symbol(&set, out, 'R', karray_name[a], o);
	for (i = 0; i < in->n; i++)
		if (in->v[i].type == 'U')
			add_link_symbol(&set, out, undefined_type(in->v[i].name), in->v[i].name, o);
	for (i = 0; i < script->symbols.n; i++)
		add_link_symbol(&set, out, script->symbols.v[i].type, script->symbols.v[i].name, o);
	free(set.v);
	symlist_free(&set.added);
}

/*
 * The superset of the inputs (objects, archives, linked ELF) and the
 * linker script; *word gets the link's word size.
 */
static int superset_collect(char **files, int nfiles, const struct prelink_opts *po,
			    struct symlist *out, int *word)
{
	struct symlist in = { 0 };
	struct lds script = { 0 };
	int ret = read_inputs(files, nfiles, po, &in, word);

	if (po->lds && lds_read(po->lds, &script) < 0)
		ret = -1;
	if (ret == 0) {
		add_defined(&in, &script, &po->table, po->localize_hidden, out);
		add_link_defined(&in, &script, &po->table, out);
	}
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
 * that the table fits and relinks if it does not.  Never 0.
 */
static uint64_t superset_digest(const struct symlist *super)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < super->n; i++)
		sum += symbol_hash(super->v[i].type, super->v[i].name);
	/* the plan's rule is part of it: a layout planned by another rule
	 * (layout_plan's coarse steps) is not taken over */
	return mix64(sum ^ mix64(super->n) ^ LAYOUT_PLAN_RULE) | 1;
}

static uint64_t per_mille(uint64_t v, unsigned int m)
{
	return (v * m + 999) / 1000;
}

/*
 * The reserves are planned in coarse steps: v rounded up to a multiple of
 * the largest power of two not above v / LAYOUT_GRANULE, and not below
 * min.  An edit that adds or drops a few symbols then gives the same plan,
 * so the table object and the early link made with it stay valid
 * (link-vmlinux.sh); the step costs at most 1/LAYOUT_GRANULE of padding
 * (or min bytes, for the token table, whose size moves with the tokens).
 * On tiny (16,864 symbols), steps of 128 symbols and 1 KB of names: an
 * edit adding two functions (some 35 bytes of names) changes the plan
 * about once in 30 builds; 1/512 changed it once in 7.
 */
#define LAYOUT_GRANULE	128

static uint64_t coarse(uint64_t v, uint64_t min)
{
	uint64_t g = min;

	while (g * 2 * LAYOUT_GRANULE <= v)
		g *= 2;
	return (v + g - 1) / g * g;
}

/* Reserves for the superset table t, grown by margin per mille, in coarse steps. */
static void layout_plan(struct layout *lay, const struct ktable *t)
{
	uint64_t n = t->n, extra = per_mille(n, lay->margin) + 16;
	uint64_t rs = coarse(n + extra, 1), avg = n ? (t->names_len + n - 1) / n : 16;
	int a;

	lay->symbols = t->n;
	lay->reserved_symbols = (unsigned int)rs;
	lay->need[KA_NUM_SYMS] = 4;
	lay->need[KA_NAMES] = t->names_len;
	lay->need[KA_MARKERS] = 4 * ((n + 255) / 256);
	lay->need[KA_TOKEN_TABLE] = t->token_table_len;
	lay->need[KA_TOKEN_INDEX] = 2 * 256;
	lay->need[KA_OFFSETS] = 4 * n;
	lay->need[KA_RELATIVE_BASE] = (uint64_t)lay->word;
	lay->need[KA_SEQS_OF_NAMES] = 3 * n;
	if (!kformat_has(lay->opts.fmt, KA_RELATIVE_BASE))
		lay->need[KA_RELATIVE_BASE] = 0;
	for (a = 0; a < KA_COUNT; a++)
		lay->reserve[a] = lay->need[a];
	/* the margin's symbols, at the average length: the margin is counted once */
	lay->reserve[KA_NAMES] = coarse(t->names_len + extra * avg + 64, 1);
	lay->reserve[KA_MARKERS] = 4 * ((rs + 255) / 256);
	/* fewer symbols make longer tokens: leave a quarter more */
	lay->reserve[KA_TOKEN_TABLE] = coarse(t->token_table_len + t->token_table_len / 4 + 64, 256);
	lay->reserve[KA_OFFSETS] = 4 * rs;
	lay->reserve[KA_SEQS_OF_NAMES] = 3 * rs;
}

/* Never shrink below an earlier layout (a relink after an overflow). */
static void layout_grow(struct layout *lay, const struct layout *old)
{
	int a;

	for (a = 0; a < KA_COUNT; a++)
		if (old->reserve[a] > lay->reserve[a])
			lay->reserve[a] = old->reserve[a];
	if (old->reserved_symbols > lay->reserved_symbols)
		lay->reserved_symbols = old->reserved_symbols;
}

/* Planned with the same format, word size, options and margin. */
static bool layout_same_plan(const struct layout *a, const struct layout *b)
{
	const struct table_opts *x = &a->opts, *y = &b->opts;

	return a->word == b->word && a->margin == b->margin &&
	       x->fmt == y->fmt &&
	       x->all_symbols == y->all_symbols && x->absolute_percpu == y->absolute_percpu &&
	       x->lto_clang == y->lto_clang;
}

/*
 * Take the reserves of the layout at path if it was planned for the same
 * superset (lay->digest) with the same options and margin: true then.
 */
static bool superset_reuse(const char *path, struct layout *lay)
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

/*
 * Plan lay (word, margin, opts set) from the superset's own table:
 * addresses do not change any array's size.
 */
static int superset_layout(const struct symlist *super, struct layout *lay, const char *what)
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

/* No --reserve pins a reserve. */
static bool no_pins(const struct prelink_opts *o)
{
	int a;

	for (a = 0; a < KA_COUNT; a++)
		if (o->pin[a])
			return false;
	return true;
}

/*
 * The reserve policy.  The digest says for which superset the reserves
 * suffice.  A plain run records its own; the same superset as the layout
 * file's (an edit that adds no symbol) keeps that file as it is, and its
 * reserves: no table to build (*kept).  A grown layout holds at least
 * what the one it grows from planned, so it takes over that one's digest
 * (the next build with that superset links once, where the model of the
 * superset fell short); a pinned reserve holds no plan: no digest.
 */
static int plan_reserves(const struct symlist *super, const struct prelink_opts *o,
			 struct layout *lay, const char *what, bool *kept)
{
	struct layout old;
	int a;

	*kept = false;
	if (!o->grow && no_pins(o)) {
		lay->digest = superset_digest(super);
		*kept = superset_reuse(o->layout, lay);
	}
	if (!*kept && superset_layout(super, lay, what) < 0)
		return -1;
	if (o->grow) {
		if (layout_read(o->grow, &old) < 0)
			return -1;
		layout_grow(lay, &old);
		if (no_pins(o) && layout_same_plan(lay, &old))
			lay->digest = old.digest;
		layout_free(&old);
	}
	for (a = 0; a < KA_COUNT; a++)
		if (o->pin[a])
			lay->reserve[a] = o->pin[a];
	return 0;
}

int do_prelink(char **inputs, int n, const struct prelink_opts *o)
{
	struct symlist super = { 0 };
	struct layout lay = { .opts = o->table, .word = 8, .margin = o->margin };
	bool kept;
	int ret = EXIT_ERROR;

	if (superset_collect(inputs, n, o, &super, &lay.word) == 0 &&
	    plan_reserves(&super, o, &lay, inputs[0], &kept) == 0 &&
	    (kept || layout_write(o->layout, &lay) == 0)) {
		layout_write_asm(stdout, &lay);
		if (fflush(stdout) || ferror(stdout))
			error("<stdout>", "write failed");
		else
			ret = EXIT_OK;
	}
	layout_free(&lay);
	symlist_free(&super);
	return ret;
}
