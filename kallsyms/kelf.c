// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * kelf.c - the kallsyms table inside a linked ELF file: the byte image
 * of each array for the file's target (byte order, word size), finding
 * each array by its label and reading it, decoding it as
 * kernel/kallsyms.c does at run time, and comparing it with the table
 * the file's own symbols call for.
 */
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "endian.h"
#include "kallsyms.h"
#include "util.h"

static unsigned char *image_u32(const uint32_t *v, size_t n, bool big, size_t *len)
{
	unsigned char *p = xmalloc(n * 4);
	size_t i;

	for (i = 0; i < n; i++)
		put_u32(p + 4 * i, v[i], big);
	*len = n * 4;
	return p;
}

static unsigned char *image_bytes(const void *v, size_t n, size_t *len)
{
	unsigned char *p = xmalloc(n);

	memcpy(p, v, n);
	*len = n;
	return p;
}

unsigned char *table_image(const struct ktable *t, enum karray a,
			   const struct ktarget *tg, size_t *len)
{
	unsigned char *p;
	size_t i;

	switch (a) {
	case KA_NUM_SYMS:
		return image_u32(&t->n, 1, tg->big, len);
	case KA_NAMES:
		return image_bytes(t->names, t->names_len, len);
	case KA_MARKERS:
		return image_u32(t->markers, t->nmarkers, tg->big, len);
	case KA_TOKEN_TABLE:
		return image_bytes(t->token_table, t->token_table_len, len);
	case KA_TOKEN_INDEX:
		p = xmalloc(2 * 256);
		for (i = 0; i < 256; i++)
			put_u16(p + 2 * i, t->token_index[i], tg->big);
		*len = 2 * 256;
		return p;
	case KA_OFFSETS:
		if (t->fmt->pc_relative) {
			/* _text - . + off: the distance from the slot to the symbol */
			p = xmalloc((size_t)t->n * 4 + 1);
			for (i = 0; i < t->n; i++)
				put_u32(p + 4 * i, (uint32_t)(t->text + t->offsets[i] -
							      (tg->offsets_addr + 4 * i)), tg->big);
			*len = (size_t)t->n * 4;
			return p;
		}
		return image_u32(t->offsets, t->n, tg->big, len);
	case KA_RELATIVE_BASE:
		p = xmalloc(8);
		put_word(p, t->relative_base, tg->word, tg->big);
		*len = (size_t)tg->word;
		return p;
	case KA_SEQS_OF_NAMES:
		p = xmalloc((size_t)t->n * 3 + 1);
		for (i = 0; i < t->n; i++) {
			p[3 * i] = (unsigned char)(t->seqs[i] >> 16);
			p[3 * i + 1] = (unsigned char)(t->seqs[i] >> 8);
			p[3 * i + 2] = (unsigned char)t->seqs[i];
		}
		*len = (size_t)t->n * 3;
		return p;
	case KA_COUNT:
		break;
	}
	*len = 0;
	return NULL;
}

/*
 * Find every array's label of the format and where it lies, in table
 * order, so that the first problem is the one reported.  The symbol
 * table is scanned once for all the labels, not once per label.
 * Entry i of es and loc is array fmt->order[i].
 */
static int place_arrays(const struct elf_file *ef, const struct kformat *fmt,
			struct elf_sym es[], struct elf_loc loc[])
{
	const char *names[KA_COUNT];
	bool ok[KA_COUNT];
	unsigned int i;

	for (i = 0; i < fmt->narrays; i++)
		names[i] = karray_name[fmt->order[i]];
	if (elf_file_lookup_many(ef, names, fmt->narrays, es, ok) < 0)
		return -1;
	for (i = 0; i < fmt->narrays; i++) {
		/* elf_file_lookup() tells why the label is missing */
		if (!ok[i] && elf_file_lookup(ef, names[i], &es[i]) < 0)
			return -1;
		if (elf_file_locate_sym(ef, &es[i], &loc[i]) < 0)
			return -1;
	}
	return 0;
}

int kelf_load(const struct elf_file *ef, const struct kformat *fmt, struct kelf *k)
{
	struct elf_sym es[KA_COUNT];
	struct elf_loc loc[KA_COUNT];
	uint64_t cap[KA_COUNT];
	unsigned int i;

	memset(k, 0, sizeof(*k));
	k->fmt = fmt;
	k->target.big = ef->big;
	k->target.word = ef->word;
	if (place_arrays(ef, fmt, es, loc) < 0)
		return -1;
	elf_file_capacity_many(ef, es, loc, fmt->narrays, cap);
	for (i = 0; i < fmt->narrays; i++) {
		enum karray a = fmt->order[i];
		struct kplace *p = &k->place[a];

		p->addr = es[i].sym.st_value;
		p->offset = loc[i].offset;
		p->size = es[i].sym.st_size;
		p->capacity = cap[i] < loc[i].room ? cap[i] : loc[i].room;
		k->data[a] = xmalloc(p->capacity ? p->capacity : 1);
		if (elf_file_read(ef, p->offset, k->data[a], p->capacity) < 0)
			return -1;
	}
	k->target.offsets_addr = k->place[KA_OFFSETS].addr;
	return kelf_apply_dynrels(ef, k);
}

void kelf_free(struct kelf *k)
{
	int a;

	for (a = 0; a < KA_COUNT; a++)
		free(k->data[a]);
	memset(k, 0, sizeof(*k));
}

/* Bounds-checked reads of the arrays. */
static int need(const struct kelf *k, enum karray a, uint64_t off, uint64_t len,
		const char *what)
{
	if (off <= k->place[a].capacity && len <= k->place[a].capacity - off)
		return 0;
	error(what, "corrupt table: %s: %llu bytes at %llu run past its %llu bytes",
	      karray_name[a], (unsigned long long)len, (unsigned long long)off,
	      (unsigned long long)k->place[a].capacity);
	return -1;
}

static uint32_t u32_at(const struct kelf *k, enum karray a, uint64_t i)
{
	return get_u32(k->data[a] + 4 * i, k->target.big);
}

/* Append the expansion of token byte c to buf (len used); -1 if corrupt. */
static int expand_token(const struct kelf *k, unsigned char c, char *buf, size_t *len,
			const char *what)
{
	uint64_t start, i;

	if (need(k, KA_TOKEN_INDEX, 2u * c, 2, what) < 0)
		return -1;
	start = get_u16(k->data[KA_TOKEN_INDEX] + 2 * c, k->target.big);
	for (i = start; ; i++) {
		if (need(k, KA_TOKEN_TABLE, i, 1, what) < 0)
			return -1;
		if (!k->data[KA_TOKEN_TABLE][i])
			return 0;
		if (*len >= KSYM_MAX_ENCODED) {
			error(what, "corrupt table: a name expands past %d bytes",
			      KSYM_MAX_ENCODED);
			return -1;
		}
		buf[(*len)++] = (char)k->data[KA_TOKEN_TABLE][i];
	}
}

/* Decode the name at *off in kallsyms_names into buf; advance *off. */
static int decode_name(const struct kelf *k, uint64_t *off, char *buf, const char *what)
{
	const unsigned char *names = k->data[KA_NAMES];
	uint64_t len, i, start;
	size_t n = 0;

	if (need(k, KA_NAMES, *off, 1, what) < 0)
		return -1;
	start = *off;
	len = names[*off];
	if (len & 0x80) {
		if (need(k, KA_NAMES, *off, 2, what) < 0)
			return -1;
		len = (len & 0x7f) | (uint64_t)names[*off + 1] << 7;
		*off += 1;
	}
	*off += 1;
	if (len == 0 || need(k, KA_NAMES, *off, len, what) < 0) {
		if (len == 0)
			error(what, "corrupt table: empty name at byte %llu of kallsyms_names",
			      (unsigned long long)start);
		return -1;
	}
	for (i = 0; i < len; i++)
		if (expand_token(k, names[*off + i], buf, &n, what) < 0)
			return -1;
	buf[n] = 0;
	*off += len;
	/*
	 * The type alone is a valid entry: GNU nm lists an arm mapping
	 * symbol at the end of a section with an empty name, and
	 * scripts/kallsyms keeps that line of System.map.
	 */
	if (n < 1) {
		error(what, "corrupt table: name at byte %llu has no type",
		      (unsigned long long)*off);
		return -1;
	}
	return 0;
}

static uint64_t sym_address(const struct kelf *k, uint64_t i, bool absolute_percpu,
			    uint64_t base)
{
	uint32_t off = u32_at(k, KA_OFFSETS, i);
	uint64_t mask = k->target.word == 8 ? UINT64_MAX : UINT32_MAX;

	/* 7.0: the slot's own address plus the signed value it holds */
	if (k->fmt->pc_relative)
		return (k->place[KA_OFFSETS].addr + 4 * i + (uint64_t)(int64_t)(int32_t)off) & mask;
	if (!absolute_percpu)
		return (base + off) & mask;
	if ((int32_t)off >= 0)
		return off;
	return (base - 1 - (uint64_t)(int64_t)(int32_t)off) & mask;
}

static uint32_t seq_at(const struct kelf *k, uint64_t i)
{
	const unsigned char *p = k->data[KA_SEQS_OF_NAMES] + 3 * i;

	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* kallsyms_seqs_of_names must list every symbol once, in name order. */
static int check_seqs(const struct kelf *k, const struct symlist *l, const char *what)
{
	unsigned char *seen = xcalloc(l->n ? l->n : 1, 1);
	uint32_t prev = 0;
	size_t i;
	int ret = -1;

	for (i = 0; i < l->n; i++) {
		uint32_t s = seq_at(k, i);

		if (s >= l->n || seen[s]) {
			error(what, "corrupt table: kallsyms_seqs_of_names[%zu] = %u is %s",
			      i, s, s >= l->n ? "out of range" : "repeated");
			goto out;
		}
		seen[s] = 1;
		if (i && strcmp(l->v[prev].name, l->v[s].name) > 0) {
			error(what, "corrupt table: kallsyms_seqs_of_names out of name order "
			      "at %zu (%s after %s)", i, l->v[s].name, l->v[prev].name);
			goto out;
		}
		prev = s;
	}
	ret = 0;
out:
	free(seen);
	return ret;
}

int kelf_decode(const struct kelf *k, bool absolute_percpu, const char *what,
		struct symlist *out)
{
	char buf[KSYM_MAX_ENCODED + 1];
	uint64_t n, i, off = 0, base = 0;
	bool has_base = kformat_has(k->fmt, KA_RELATIVE_BASE);

	if (need(k, KA_NUM_SYMS, 0, 4, what) < 0 ||
	    (has_base && need(k, KA_RELATIVE_BASE, 0, (uint64_t)k->target.word, what) < 0))
		return -1;
	n = u32_at(k, KA_NUM_SYMS, 0);
	if (has_base)
		base = get_word(k->data[KA_RELATIVE_BASE], k->target.word, k->target.big);
	if (need(k, KA_OFFSETS, 0, 4 * n, what) < 0 ||
	    need(k, KA_MARKERS, 0, 4 * ((n + 255) / 256), what) < 0 ||
	    need(k, KA_SEQS_OF_NAMES, 0, 3 * n, what) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!(i & 0xff) && u32_at(k, KA_MARKERS, i >> 8) != off) {
			error(what, "corrupt table: marker %llu is %u, symbol %llu starts at %llu",
			      (unsigned long long)(i >> 8), u32_at(k, KA_MARKERS, i >> 8),
			      (unsigned long long)i, (unsigned long long)off);
			return -1;
		}
		if (decode_name(k, &off, buf, what) < 0)
			return -1;
		symlist_add(out, sym_address(k, i, absolute_percpu, base), buf[0], buf + 1);
	}
	return check_seqs(k, out, what);
}

/* Print the first differences between the decoded and the expected list. */
static void report_symbols(const struct symlist *got, const struct ktable *t, const char *what)
{
	unsigned int i, shown = 0;

	if (got->n != t->n)
		error(what, "table has %zu symbols, the file's symbols call for %u",
		      got->n, t->n);
	for (i = 0; i < t->n && i < got->n && shown < 10; i++) {
		const struct kentry *e = t->e[i];
		const struct ksym *g = &got->v[i];

		if (g->addr == e->addr && g->type == e->text[0] && !strcmp(g->name, e->text + 1))
			continue;
		fprintf(stderr, "  symbol %u: table %016llx %c %s, expected %016llx %c %s\n",
			i, (unsigned long long)g->addr, g->type, g->name,
			(unsigned long long)e->addr, e->text[0], e->text + 1);
		shown++;
	}
}

int kelf_compare(const struct kelf *k, const struct ktable *t, bool absolute_percpu,
		 const char *what)
{
	struct symlist got = { 0 };
	int a, bad = 0;

	for (a = 0; a < KA_COUNT; a++) {
		size_t len, i;
		unsigned char *want;

		if (!kformat_has(k->fmt, a))
			continue;
		want = table_image(t, a, &k->target, &len);

		if (len > k->place[a].capacity) {
			error(what, "%s: needs %zu bytes, the file has room for %llu",
			      karray_name[a], len, (unsigned long long)k->place[a].capacity);
			bad = 1;
		} else if (memcmp(want, k->data[a], len)) {
			for (i = 0; want[i] == k->data[a][i]; i++)
				;
			error(what, "%s: differs from the expected table at byte %zu of %zu",
			      karray_name[a], i, len);
			bad = 1;
		}
		free(want);
	}
	if (!bad)
		return 0;
	if (kelf_decode(k, absolute_percpu, what, &got) == 0)
		report_symbols(&got, t, what);
	symlist_free(&got);
	return -1;
}
