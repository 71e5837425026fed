// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * tokcache.c - the names' compression of the last table, kept between
 * runs (kallsyms --final --token-cache=FILE).
 *
 * The tokens, and each symbol's compressed bytes, depend only on the
 * multiset of the table's symbols (type letter and name): the greedy
 * choice of the next token counts pairs over all symbols, and each
 * replacement works within one symbol.  Addresses and order play no part.
 * So an edit that changes code but not the symbol set (the edit-build
 * loop) gives the very compression of the last build.
 *
 * tokcache_save() records the multiset's digest, the tokens and, per
 * symbol, its text and compressed bytes.  tokcache_take() gives a table
 * of the same digest those tokens and bytes instead of compressing, and
 * only after checking that every symbol of the table is in the file and
 * that its bytes expand, with those tokens, back to its own text; any
 * doubt (no file, another digest, a damaged file) and the caller
 * compresses as before.  The final pass then checks the patched table
 * as always.
 *
 * File (little-endian): the line "onelink-token-cache 1\n"; u64 digest;
 * u32 symbols; the token of each byte value (u8 length, 2 bytes);
 * per symbol u16 text length, text, u16 compressed length, bytes; u64
 * FNV-1a of everything before it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

#define TOKCACHE_MAGIC	"onelink-token-cache 1\n"

/* The multiset of the table's texts; never 0. */
static uint64_t table_digest(const struct ktable *t)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < t->n; i++)
		sum += symbol_hash(t->e[i]->text[0], t->e[i]->text + 1);
	return mix64(sum ^ mix64(t->n)) | 1;
}

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct buf *b, const void *v, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, v, n);
	b->n += n;
}

static void put_le(struct buf *b, uint64_t v, int bytes)
{
	unsigned char le[8];
	int i;

	for (i = 0; i < bytes; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	put(b, le, (size_t)bytes);
}

static int write_buf(FILE *f, const void *arg)
{
	const struct buf *b = arg;

	return fwrite(b->p, 1, b->n, f) == b->n ? 0 : -1;
}

void tokcache_save(const struct ktable *t, const char *path)
{
	struct buf b = { 0 };
	unsigned int i;

	put(&b, TOKCACHE_MAGIC, strlen(TOKCACHE_MAGIC));
	put_le(&b, table_digest(t), 8);
	put_le(&b, t->n, 4);
	for (i = 0; i < 256; i++) {
		put_le(&b, t->token_len[i], 1);
		put(&b, t->token[i], 2);
	}
	for (i = 0; i < t->n; i++) {
		const struct kentry *e = t->e[i];
		size_t tl = strlen(e->text);

		put_le(&b, tl, 2);
		put(&b, e->text, tl);
		put_le(&b, e->len, 2);
		put(&b, e->sym, e->len);
	}
	put_le(&b, fnv1a(FNV1A_INIT, b.p, b.n), 8);
	/* a cache that cannot be written only costs the next run time */
	if (replace_file(path, write_buf, &b) < 0)
		warn(path, "token cache not written");
	free(b.p);
}

/* The whole file, or NULL (a missing file is no error: no cache yet). */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		p = xmalloc((size_t)size);
		if (fread(p, 1, (size_t)size, f) != (size_t)size) {
			free(p);
			p = NULL;
		}
		*len = (size_t)size;
	}
	fclose(f);
	return p;
}

struct reader {
	const unsigned char *p, *end;
};

static bool get_le(struct reader *r, int bytes, uint64_t *v)
{
	int i;

	if (r->end - r->p < bytes)
		return false;
	for (*v = 0, i = 0; i < bytes; i++)
		*v |= (uint64_t)r->p[i] << (8 * i);
	r->p += bytes;
	return true;
}

/* One symbol's record: its text and compressed bytes (pointers into the file). */
struct record {
	const unsigned char *text, *sym;
	unsigned int text_len, len;
};

static uint64_t text_hash(const unsigned char *s, size_t n)
{
	return mix64(fnv1a(FNV1A_INIT, s, n));
}

/*
 * The records by text, open addressing (size a power of two, at least
 * twice n); a text listed twice (the same name and type) is kept once.
 */
static struct record **index_records(struct record *rec, unsigned int n, size_t *mask)
{
	size_t size = 16, i, h;
	struct record **slot;

	while (size < 2 * (size_t)n)
		size *= 2;
	slot = xcalloc(size, sizeof(*slot));
	for (i = 0; i < n; i++) {
		for (h = text_hash(rec[i].text, rec[i].text_len) & (size - 1); slot[h];
		     h = (h + 1) & (size - 1))
			if (slot[h]->text_len == rec[i].text_len &&
			    !memcmp(slot[h]->text, rec[i].text, rec[i].text_len))
				break;
		if (!slot[h])
			slot[h] = &rec[i];
	}
	*mask = size - 1;
	return slot;
}

static const struct record *find_record(struct record **slot, size_t mask, const char *text,
					 size_t n)
{
	size_t h;

	for (h = text_hash((const unsigned char *)text, n) & mask; slot[h]; h = (h + 1) & mask)
		if (slot[h]->text_len == n && !memcmp(slot[h]->text, text, n))
			return slot[h];
	return NULL;
}

/* Parse the file into the tokens of t and the records; false if it is not whole. */
static bool parse(const unsigned char *p, size_t len, struct ktable *t, uint64_t digest,
		  struct record **recp)
{
	size_t ml = strlen(TOKCACHE_MAGIC);
	struct reader r = { p + ml, p + len - 8 };
	struct record *rec;
	uint64_t v, n;
	unsigned int i;

	if (len < ml + 8 + 12 + 3 * 256 || memcmp(p, TOKCACHE_MAGIC, ml) ||
	    !get_le(&(struct reader){ p + len - 8, p + len }, 8, &v) ||
	    v != fnv1a(FNV1A_INIT, p, len - 8) ||
	    !get_le(&r, 8, &v) || v != digest || !get_le(&r, 4, &n) || n != t->n)
		return false;
	for (i = 0; i < 256; i++) {
		if (!get_le(&r, 1, &v) || v > 2 || r.end - r.p < 2)
			return false;
		t->token_len[i] = (unsigned char)v;
		memcpy(t->token[i], r.p, 2);
		r.p += 2;
	}
	rec = xreallocarray(NULL, n ? n : 1, sizeof(*rec));
	for (i = 0; i < n; i++) {
		if (!get_le(&r, 2, &v) || (uint64_t)(r.end - r.p) < v)
			break;
		rec[i].text = r.p;
		rec[i].text_len = (unsigned int)v;
		r.p += v;
		if (!get_le(&r, 2, &v) || (uint64_t)(r.end - r.p) < v)
			break;
		rec[i].sym = r.p;
		rec[i].len = (unsigned int)v;
		r.p += v;
	}
	if (i < n || r.p != r.end) {
		free(rec);
		return false;
	}
	*recp = rec;
	return true;
}

/*
 * The expanded length of token c into explen[] (0: not known yet), or
 * false if c refers to itself through other tokens or expands past
 * what a name can hold: table_expand() may then be run on the tokens.
 */
static bool token_length(const struct ktable *t, unsigned int c, size_t explen[256],
			 bool busy[256])
{
	unsigned int k;

	if (explen[c])
		return true;
	if (t->token_len[c] == 1 && t->token[c][0] == c) {
		explen[c] = 1;
		return true;
	}
	if (busy[c])
		return false;
	busy[c] = true;
	for (k = 0; k < t->token_len[c]; k++) {
		if (!token_length(t, t->token[c][k], explen, busy))
			return false;
		explen[c] += explen[t->token[c][k]];
	}
	busy[c] = false;
	return explen[c] <= KSYM_MAX_ENCODED;
}

/* Every token expands, to a bounded length, without a cycle. */
static bool tokens_sound(const struct ktable *t, size_t explen[256])
{
	bool busy[256] = { false };
	unsigned int c;

	memset(explen, 0, 256 * sizeof(*explen));
	for (c = 0; c < 256; c++)
		if (!token_length(t, c, explen, busy))
			return false;
	return true;
}

/* Record r expands (with the tokens) to text. */
static bool expands_to(const struct ktable *t, const size_t explen[256],
		       const struct record *r, const char *text)
{
	char buf[KSYM_MAX_ENCODED + 1];
	size_t n = 0;
	unsigned int k;

	for (k = 0; k < r->len; k++)
		n += explen[r->sym[k]];
	return n == r->text_len && table_expand(t, r->sym, r->len, buf) == n &&
	       !memcmp(buf, text, n);
}

/*
 * The record of entry i (e, not yet compressed: e->len is its text's
 * length): record i when it holds e's text, as when the symbols are in
 * the order of the run that wrote the file (an edit that moved no
 * symbol); else the one the index by text finds, built at the first need.
 */
static const struct record *record_of(const struct kentry *e, unsigned int i, struct record *rec,
				      unsigned int n, struct record ***slot, size_t *mask)
{
	const struct record *r = &rec[i];

	if (r->text_len == e->len && !memcmp(r->text, e->text, e->len))
		return r;
	if (!*slot)
		*slot = index_records(rec, n, mask);
	return find_record(*slot, *mask, e->text, e->len);
}

/*
 * Every entry's compressed bytes from its record, each first checked to
 * expand back to the entry's text; nothing changes unless all are good.
 */
static bool take_records(struct ktable *t, struct record *rec)
{
	const struct record **use = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*use));
	struct record **slot = NULL;
	size_t explen[256], mask = 0;
	unsigned int i;
	bool good;

	good = tokens_sound(t, explen);
	for (i = 0; i < t->n && good; i++) {
		const struct kentry *e = t->e[i];
		const struct record *r = record_of(e, i, rec, t->n, &slot, &mask);

		/* compression never makes a name longer: it fits e->sym */
		good = r && r->len > 0 && r->len <= e->len && expands_to(t, explen, r, e->text);
		use[i] = r;
	}
	for (i = 0; i < t->n && good; i++) {
		struct kentry *e = t->e[i];

		memcpy(e->sym, use[i]->sym, use[i]->len);
		e->sym[use[i]->len] = 0;
		e->len = use[i]->len;
	}
	free(use);
	free(slot);
	return good;
}

int tokcache_take(struct ktable *t, const char *path)
{
	unsigned char token[256][2], token_len[256];
	struct record *rec = NULL;
	unsigned char *p;
	size_t len = 0;
	bool good;

	p = slurp(path, &len);
	if (!p)
		return -1;
	memcpy(token, t->token, sizeof(token));
	memcpy(token_len, t->token_len, sizeof(token_len));
	good = parse(p, len, t, table_digest(t), &rec) && take_records(t, rec);
	if (!good) {
		memcpy(t->token, token, sizeof(token));
		memcpy(t->token_len, token_len, sizeof(token_len));
	}
	free(rec);
	free(p);
	return good ? 0 : -1;
}
