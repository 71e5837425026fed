// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * table.c - build the kallsyms table from a symbol listing, in the format
 * of one kernel version (struct kformat: 6.1, 6.12 or 7.0).
 *
 * The result must equal, byte for byte, what the kernel's own
 * scripts/kallsyms makes of the same listing, so each phase follows the
 * same rules (docs/format.md describes them):
 *
 *   take_symbols()     skip names too long, ignored types, absolute
 *                      symbols; note _text and the range boundaries
 *   keep_valid()       without --all-symbols keep the text ranges and
 *                      __start_/__stop_ symbols only
 *   mark_percpu()      --absolute-percpu: per-cpu symbols become 'A'
 *   sort by address    ties: strong before weak, then names that do not
 *                      look linker-provided, then fewer leading '_',
 *                      then input order
 *   compress()         unused byte values become tokens for the most
 *                      frequent adjacent pair, greedily, from 255 down
 *   lay_out_*()        names, markers, token table/index, offsets,
 *                      relative base, name-order sequence numbers
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "kallsyms.h"
#include "util.h"

struct range {
	const char *start_name, *end_name;
	uint64_t start, end;
};

struct builder {
	struct range text[2];
	struct range percpu;
	const struct table_opts *opts;
	const struct kformat *fmt;
};

static bool is_ignored(const struct kformat *fmt, const char *name, char type)
{
	static const char *const kept_absolute[] = {
		"__kernel_syscall_via_break", "__kernel_syscall_via_epc",
		"__kernel_sigtramp", "__gp",
	};
	size_t i;

	if (type == 'u' || type == 'n')
		return true;
	if (fmt->own_ignore_list &&
	    (type == 'U' || type == 'N' || kformat_6_1_ignores(name)))
		return true;
	if (type != 'a' && type != 'A')
		return false;
	for (i = 0; i < ARRAY_SIZE(kept_absolute); i++)
		if (!strcmp(name, kept_absolute[i]))
			return false;
	return true;
}

static void note_range(struct range *r, size_t nr, const char *name, uint64_t addr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		if (!strcmp(name, r[i].start_name)) {
			r[i].start = addr;
			return;
		}
		if (!strcmp(name, r[i].end_name)) {
			r[i].end = addr;
			return;
		}
	}
}

/* Entry seq for s, its strings at *str (2 * len + 5 bytes), advanced. */
static struct kentry *new_entry(struct ktable *t, const struct ksym *s, size_t nlen,
				unsigned int seq, char **str)
{
	struct kentry *e = &t->entries[seq];

	e->addr = s->addr;
	e->len = (unsigned int)nlen + 1;
	e->seq = seq;
	e->percpu_abs = false;
	e->text = *str;
	e->text[0] = s->type;
	memcpy(e->text + 1, s->name, nlen + 1);
	/* one spare byte: compression moves the terminator down */
	e->sym = (unsigned char *)e->text + nlen + 2;
	memcpy(e->sym, e->text, nlen + 2);
	e->sym[nlen + 2] = 0;
	*str += 2 * nlen + 5;
	return e;
}

/* Room for every entry and its strings in two blocks, not three per entry. */
static void alloc_entries(struct ktable *t, const struct symlist *in)
{
	size_t i, size = 1;

	for (i = 0; i < in->n; i++)
		size += 2 * strlen(in->v[i].name) + 5;
	t->e = xreallocarray(NULL, in->n ? in->n : 1, sizeof(*t->e));
	t->entries = xreallocarray(NULL, in->n ? in->n : 1, sizeof(*t->entries));
	t->strings = xmalloc(size);
}

static void take_symbols(struct builder *b, const struct symlist *in,
			 struct ktable *t, const char *what)
{
	char *str;
	size_t i;

	alloc_entries(t, in);
	str = t->strings;
	for (i = 0; i < in->n; i++) {
		const struct ksym *s = &in->v[i];
		size_t len = strlen(s->name);

		if (len >= KSYM_NAME_LEN) {
			warn(what, "symbol %.40s... too long for kallsyms (%zu >= %d), skipped",
			     s->name, len, KSYM_NAME_LEN);
			continue;
		}
		if (!strcmp(s->name, "_text"))
			t->text = s->addr;
		if (is_ignored(t->fmt, s->name, s->type))
			continue;
		note_range(b->text, 2, s->name, s->addr);
		note_range(&b->percpu, 1, s->name, s->addr);
		t->e[t->n] = new_entry(t, s, len, t->n, &str);
		t->n++;
	}
}

static bool in_ranges(uint64_t addr, const struct range *r, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (addr >= r[i].start && addr <= r[i].end)
			return true;
	return false;
}

static bool is_valid(const struct builder *b, const struct kentry *e)
{
	const char *name = e->text + 1;
	size_t i;

	if (b->opts->all_symbols)
		return true;
	if (b->fmt->keep_start_stop &&
	    (has_prefix(name, "__start_") || has_prefix(name, "__stop_")))
		return true;
	if (!in_ranges(e->addr, b->text, 2))
		return false;
	/* a symbol sharing the end address of a range may move away from it */
	for (i = 0; i < 2; i++)
		if (e->addr == b->text[i].end && strcmp(name, b->text[i].end_name))
			return false;
	return true;
}

static void keep_valid(struct builder *b, struct ktable *t)
{
	unsigned int i, n = 0;

	for (i = 0; i < t->n; i++) {
		if (is_valid(b, t->e[i]))
			t->e[n++] = t->e[i];
	}
	t->n = n;
}

static void mark_percpu(struct builder *b, struct ktable *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		if (in_ranges(t->e[i]->addr, &b->percpu, 1)) {
			t->e[i]->sym[0] = 'A';
			t->e[i]->text[0] = 'A';
			t->e[i]->percpu_abs = true;
		}
	}
}

/* Names like __start_X, __stop_X, __end_X, __X_start, __X_end. */
static bool looks_linker_provided(const struct kentry *e)
{
	const char *s = e->text + 1;
	size_t len = e->len - 1;

	if (len < 8 || s[0] != '_' || s[1] != '_')
		return false;
	return !memcmp(s + 2, "start_", 6) || !memcmp(s + 2, "stop_", 5) ||
	       !memcmp(s + 2, "end_", 4) || !memcmp(s + len - 6, "_start", 6) ||
	       !memcmp(s + len - 4, "_end", 4);
}

static int cmp_addr(const void *pa, const void *pb)
{
	const struct kentry *a = *(const struct kentry *const *)pa;
	const struct kentry *b = *(const struct kentry *const *)pb;
	int wa, wb;

	if (a->addr != b->addr)
		return a->addr > b->addr ? 1 : -1;
	wa = a->text[0] == 'w' || a->text[0] == 'W';
	wb = b->text[0] == 'w' || b->text[0] == 'W';
	if (wa != wb)
		return wa - wb;
	wa = looks_linker_provided(a);
	wb = looks_linker_provided(b);
	if (wa != wb)
		return wa - wb;
	wa = (int)strspn(a->text + 1, "_");
	wb = (int)strspn(b->text + 1, "_");
	if (wa != wb)
		return wa - wb;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * cmp_addr's order.  A listing in nm -n order is sorted by address
 * already: then only the runs of equal addresses need sorting.
 */
static void sort_by_addr(struct kentry **e, unsigned int n)
{
	unsigned int i, start;

	for (i = 1; i < n; i++) {
		if (e[i - 1]->addr > e[i]->addr) {
			qsort(e, n, sizeof(*e), cmp_addr);
			return;
		}
	}
	for (start = 0; start < n; start = i) {
		for (i = start + 1; i < n && e[i]->addr == e[start]->addr; i++)
			;
		if (i - start > 1)
			qsort(e + start, i - start, sizeof(*e), cmp_addr);
	}
}

/*
 * Sorting by name: the first 16 bytes of a name, big-endian and padded
 * with zeros, compare as integers the way strcmp compares them, so most
 * comparisons need no strcmp (and no trip to the name in memory).
 */
struct name_key {
	uint64_t prefix[2];
	const char *name;	/* the name compared: text + 1, or a cleaned copy */
	const struct kentry *e;
};

/* 8 bytes of *s, advanced to the NUL at most */
static uint64_t name_prefix(const char **s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		v = v << 8 | (unsigned char)**s;
		if (**s)
			(*s)++;
	}
	return v;
}

static int cmp_name(const void *pa, const void *pb)
{
	const struct name_key *ka = pa, *kb = pb;
	const struct kentry *a = ka->e, *b = kb->e;
	int r = 0;

	if (ka->prefix[0] != kb->prefix[0])
		return ka->prefix[0] > kb->prefix[0] ? 1 : -1;
	if (ka->prefix[1] != kb->prefix[1])
		return ka->prefix[1] > kb->prefix[1] ? 1 : -1;
	/* equal prefixes ending in a zero byte: equal names */
	if (ka->prefix[1] & 0xff)
		r = strcmp(ka->name + 16, kb->name + 16);
	if (r)
		return r;
	if (a->addr != b->addr)
		return a->addr > b->addr ? 1 : -1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Compression.  profit[] counts every adjacent byte pair over all
 * symbols, kept exact after every replacement; users[pair] lists the
 * symbols that may hold the pair (stale entries are skipped), so
 * replacing a pair touches only its holders.
 *
 * Visiting a holder costs a cache miss or more, so each symbol is one
 * record in one buffer, in table order: its length and the last token
 * applied to it (2 bytes each), then its bytes.  A symbol is known by
 * the offset of its record, and a holder visit touches nothing else.
 *
 * The records are cut in two parts of about the same size, each with its
 * own counts and holder lists, and the parts are worked on by two
 * threads: a replacement in one record changes only that record and its
 * part's counts, so the parts never meet.  A pair's profit is the sum
 * over the parts, exact as before, and the choice of each token (the
 * highest sum, the lowest pair among equals) is the single-part one: the
 * bytes are those of one thread, or of the kernel's own scripts/kallsyms.
 *
 * Holder lists start in one arena per part, each sized by its pair's
 * first count (an upper bound on its holders then); a list that grows
 * later moves to its own allocation.  Records are followed by PAIR_SLACK
 * zero bytes, so find_pair() can read 8 + 1 bytes at a time past a
 * record's end.
 *
 * The best pair is searched per block of 256 pairs: blockmax[k] is the
 * highest sum in block k; a part marks the blocks whose counts it
 * changed, and only those are summed again.
 */
#define REC_HEAD	4
#define PAIR_SLACK	16
#define PARTS		2
/* below this many bytes of names one thread does both parts */
#define PARALLEL_MIN	(1u << 20)
/* below this many symbols, the name sort is done on one thread */
#define SORT_PARALLEL_MIN	16384

struct pairlist {
	uint32_t *v;
	uint32_t n, cap;
};

struct part {
	unsigned char *rec;	/* the records (all parts') */
	size_t first, end;	/* this part's records: [first, end) */
	int *profit;
	struct pairlist *users;
	uint32_t *stamp;	/* per pair: last record appended + 1 */
	uint32_t *arena;	/* the first holder lists */
	size_t arena_n;
	bool touched[256];	/* blocks whose counts changed */
	bool seen[256];		/* byte values present */
};

struct compressor {
	struct part part[PARTS];
	int blockmax[256];	/* per block of 256 pairs: highest sum */
	/* the second thread: the pair to replace now, or quit */
	pthread_t tid;
	pthread_barrier_t go, done;
	bool threaded, quit;
	unsigned int pair;
	unsigned char idx;
};

static unsigned int get16(const unsigned char *p)
{
	return p[0] | (unsigned int)p[1] << 8;
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static bool in_arena(const struct part *c, const uint32_t *v)
{
	return v >= c->arena && v < c->arena + c->arena_n;
}

static inline void pair_add_user(struct part *c, unsigned int pair, uint32_t sym)
{
	struct pairlist *l = &c->users[pair];

	if (c->stamp[pair] == sym + 1)
		return;
	c->stamp[pair] = sym + 1;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		if (in_arena(c, l->v)) {
			uint32_t *v = xreallocarray(NULL, l->cap, sizeof(*v));

			memcpy(v, l->v, l->n * sizeof(*v));
			l->v = v;
		} else {
			l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
		}
	}
	l->v[l->n++] = sym;
}

static unsigned int pair_of(unsigned char a, unsigned char b)
{
	return a | (unsigned int)b << 8;
}

static inline void profit_inc(struct part *c, unsigned int pair)
{
	c->profit[pair]++;
	c->touched[pair >> 8] = true;
}

static inline void profit_dec(struct part *c, unsigned int pair)
{
	c->profit[pair]--;
	c->touched[pair >> 8] = true;
}

static unsigned int pair_at(const unsigned char *s)
{
	return pair_of(s[0], s[1]);
}

/*
 * Index of the first pair a,b in s[from..len), or len if none.  Eight
 * positions per step: z has a zero byte where s[i] == a and s[i+1] == b;
 * hit has the top bit of exactly those bytes set (no carries between
 * bytes).  Reads up to 9 bytes past len (PAIR_SLACK); a hit there is
 * no pair of this record.
 */
static inline unsigned int find_pair(const unsigned char *s, unsigned int from, unsigned int len,
				     unsigned char a, unsigned char b)
{
	const uint64_t ones = 0x0101010101010101ull, low7 = 0x7f7f7f7f7f7f7f7full;
	const uint64_t wa = ones * a, wb = ones * b;
	uint64_t x, y, z, hit;

	for (; from + 1 < len; from += 8) {
		memcpy(&x, s + from, 8);
		memcpy(&y, s + from + 1, 8);
		z = (x ^ wa) | (y ^ wb);
		hit = ~(((z & low7) + low7) | z | low7);
		if (hit) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			from += (unsigned int)__builtin_clzll(hit) / 8;
#else
			from += (unsigned int)__builtin_ctzll(hit) / 8;
#endif
			return from + 1 < len ? from : len;
		}
	}
	return len;
}

static void add_pair(struct part *c, unsigned char a, unsigned char b, uint32_t sym)
{
	profit_inc(c, pair_of(a, b));
	pair_add_user(c, pair_of(a, b), sym);
}

/*
 * Replace every pair a,b of record sym, left to right from its first one
 * at i, with the token x, and update profit[] exactly as a full recount
 * would.  x appears in no symbol yet, so the pairs that vanish are the
 * old pairs touching a replaced byte, and the pairs that appear are
 * those holding x; all others survive.  Output goes over the input,
 * behind every old byte still to be read.
 */
static void replace_pair(struct part *c, uint32_t sym, unsigned char a,
			 unsigned char b, unsigned char x, unsigned int i)
{
	unsigned char *s = c->rec + sym + REC_HEAD;
	unsigned int len = get16(c->rec + sym), o = i, last = 0, next;

	while (i < len) {
		next = find_pair(s, i + 2, len, a, b);
		/* (s[i-1], a) already went with the previous pair if adjacent */
		if (i != last)
			profit_dec(c, pair_of(s[i - 1], a));
		profit_dec(c, pair_of(a, b));
		if (i + 2 < len)
			profit_dec(c, pair_of(b, s[i + 2]));
		if (o > 0)
			add_pair(c, s[o - 1], x, sym);
		/* (x, x) of adjacent pairs is added by the next one */
		if (i + 2 < next)
			add_pair(c, x, s[i + 2], sym);
		s[o++] = x;
		memmove(s + o, s + i + 2, next - i - 2);
		o += next - i - 2;
		last = i + 2;
		i = next;
	}
	put16(c->rec + sym, o);
}

static void apply_token(struct part *c, unsigned int pair, unsigned char idx)
{
	struct pairlist l = c->users[pair];
	unsigned char a = pair & 0xff, b = pair >> 8;
	uint32_t k;

	memset(&c->users[pair], 0, sizeof(l));
	for (k = 0; k < l.n; k++) {
		unsigned char *r = c->rec + l.v[k];
		unsigned int first, len = get16(r);

		/* a record listed twice for this pair is done the first time */
		if (get16(r + 2) == idx + 1u)
			continue;
		first = find_pair(r + REC_HEAD, 0, len, a, b);
		if (first == len)
			continue;
		put16(r + 2, idx + 1u);
		replace_pair(c, l.v[k], a, b, idx, first);
	}
	if (!in_arena(c, l.v))
		free(l.v);
}

/*
 * The part's pairs: count them, then list their holders in the arena.
 */
static void load_part(struct part *c)
{
	size_t off;
	unsigned int i, j, len;

	c->profit = xcalloc(0x10000, sizeof(*c->profit));
	c->users = xcalloc(0x10000, sizeof(*c->users));
	c->stamp = xcalloc(0x10000, sizeof(*c->stamp));
	c->arena_n = 0;
	for (off = c->first; off < c->end; off += REC_HEAD + len) {
		const unsigned char *s = c->rec + off + REC_HEAD;

		len = get16(c->rec + off);
		for (j = 0; j < len; j++) {
			c->seen[s[j]] = true;
			if (j + 1 < len)
				profit_inc(c, pair_at(s + j));
		}
		if (len > 1)
			c->arena_n += len - 1;
	}
	c->arena = xreallocarray(NULL, c->arena_n ? c->arena_n : 1, sizeof(*c->arena));
	for (i = 0, off = 0; i < 0x10000; i++)
		if (c->profit[i]) {
			c->users[i].v = c->arena + off;
			c->users[i].cap = (uint32_t)c->profit[i];
			off += (size_t)c->profit[i];
		}
	for (off = c->first; off < c->end; off += REC_HEAD + len) {
		const unsigned char *s = c->rec + off + REC_HEAD;

		len = get16(c->rec + off);
		for (j = 0; j + 1 < len; j++)
			pair_add_user(c, pair_at(s + j), (uint32_t)off);
	}
}

static void free_part(struct part *c)
{
	unsigned int i;

	/* most pairs never had holders: free() only lists (cheaper under ASan) */
	for (i = 0; i < 0x10000; i++)
		if (c->users[i].v && !in_arena(c, c->users[i].v))
			free(c->users[i].v);
	free(c->arena);
	free(c->users);
	free(c->stamp);
	free(c->profit);
}

/* The second thread: load part 1, then replace each pair it is given. */
static void *compress_thread(void *arg)
{
	struct compressor *c = arg;

	load_part(&c->part[1]);
	pthread_barrier_wait(&c->done);
	for (;;) {
		pthread_barrier_wait(&c->go);
		if (c->quit)
			return NULL;
		apply_token(&c->part[1], c->pair, c->idx);
		pthread_barrier_wait(&c->done);
	}
}

/*
 * The records, in table order, cut in PARTS parts of about equal size;
 * every part loaded (the second on its own thread when the names are
 * large enough to be worth one, and a thread can be had).
 */
static unsigned char *load_records(struct compressor *c, struct ktable *t)
{
	size_t size = PAIR_SLACK, off = 0, half;
	unsigned char *rec;
	unsigned int i, p;

	for (i = 0; i < t->n; i++)
		size += REC_HEAD + t->e[i]->len;
	rec = xmalloc(size);
	memset(rec + size - PAIR_SLACK, 0, PAIR_SLACK);
	half = (size - PAIR_SLACK) / 2;
	memset(c->part, 0, sizeof(c->part));
	for (p = 0; p < PARTS; p++)
		c->part[p].rec = rec;
	for (i = 0; i < t->n; i++) {
		const struct kentry *e = t->e[i];

		put16(rec + off, e->len);
		put16(rec + off + 2, 0);
		memcpy(rec + off + REC_HEAD, e->sym, e->len);
		off += REC_HEAD + e->len;
		if (off <= half)
			c->part[0].end = c->part[1].first = off;
	}
	c->part[1].end = off;
	c->threaded = false;
	c->quit = false;
	if (size - PAIR_SLACK >= PARALLEL_MIN && pthread_barrier_init(&c->go, NULL, 2) == 0) {
		if (pthread_barrier_init(&c->done, NULL, 2) == 0) {
			if (pthread_create(&c->tid, NULL, compress_thread, c) == 0)
				c->threaded = true;
			else
				pthread_barrier_destroy(&c->done);
		}
		if (!c->threaded)
			pthread_barrier_destroy(&c->go);
	}
	load_part(&c->part[0]);
	if (c->threaded)
		pthread_barrier_wait(&c->done);
	else
		load_part(&c->part[1]);
	memset(t->token_len, 0, sizeof(t->token_len));
	for (i = 0; i < 256; i++)
		for (p = 0; p < PARTS; p++)
			if (c->part[p].seen[i]) {
				t->token[i][0] = (unsigned char)i;
				t->token_len[i] = 1;
			}
	return rec;
}

/* Replace pair by token idx in every part, side by side when threaded. */
static void apply_everywhere(struct compressor *c, unsigned int pair, unsigned char idx)
{
	unsigned int p;

	if (!c->threaded) {
		for (p = 0; p < PARTS; p++)
			apply_token(&c->part[p], pair, idx);
		return;
	}
	c->pair = pair;
	c->idx = idx;
	pthread_barrier_wait(&c->go);
	apply_token(&c->part[0], pair, idx);
	pthread_barrier_wait(&c->done);
}

/* A pair's profit over every part. */
static int sum_profit(const struct compressor *c, unsigned int pair)
{
	int v = 0;
	unsigned int p;

	for (p = 0; p < PARTS; p++)
		v += c->part[p].profit[pair];
	return v;
}

/* The highest of one block's 256 sums (never negative); vectorizes. */
_Static_assert(PARTS == 2, "block_max() and compress_thread() know two parts");
static int block_max(const struct compressor *c, unsigned int k)
{
	const int *a = c->part[0].profit + k * 256, *b = c->part[1].profit + k * 256;
	unsigned int i;
	int top = 0;

	for (i = 0; i < 256; i++)
		top = a[i] + b[i] > top ? a[i] + b[i] : top;
	return top;
}

/*
 * The pair with the highest profit; the lowest pair value among equals:
 * the first block holding the maximum, then the first pair in it.
 */
static unsigned int best_pair(struct compressor *c, int *profit)
{
	unsigned int k, i, p;
	int top = 0;

	for (k = 0; k < 256; k++) {
		bool touched = false;

		for (p = 0; p < PARTS; p++) {
			touched |= c->part[p].touched[k];
			c->part[p].touched[k] = false;
		}
		if (touched)
			c->blockmax[k] = block_max(c, k);
		top = c->blockmax[k] > top ? c->blockmax[k] : top;
	}
	for (k = 0; c->blockmax[k] != top; k++)
		;
	for (i = k * 256; sum_profit(c, i) != top; i++)
		;
	*profit = top;
	return i;
}

/* Back from the records to the entries. */
static void store_records(const unsigned char *rec, struct ktable *t)
{
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		struct kentry *e = t->e[i];
		unsigned int old = e->len;

		e->len = get16(rec + off);
		memcpy(e->sym, rec + off + REC_HEAD, e->len);
		e->sym[e->len] = 0;
		off += REC_HEAD + old;
	}
}

static void compress(struct ktable *t)
{
	struct compressor c;
	unsigned char *rec;
	unsigned int p;
	int slot;

	rec = load_records(&c, t);
	/* every block was counted: every block's top is to be found */
	for (p = 0; p < PARTS; p++)
		memset(c.part[p].touched, 1, sizeof(c.part[p].touched));
	/* slot 0 last, so that names stay C strings as long as possible */
	for (slot = 255; slot >= 0; slot--) {
		unsigned int pair;
		int profit;

		if (t->token_len[slot])
			continue;
		pair = best_pair(&c, &profit);
		if (profit == 0)
			break;
		t->token[slot][0] = pair & 0xff;
		t->token[slot][1] = pair >> 8;
		t->token_len[slot] = 2;
		apply_everywhere(&c, pair, (unsigned char)slot);
	}
	if (c.threaded) {
		c.quit = true;
		pthread_barrier_wait(&c.go);
		pthread_join(c.tid, NULL);
		pthread_barrier_destroy(&c.go);
		pthread_barrier_destroy(&c.done);
	}
	store_records(rec, t);
	for (p = 0; p < PARTS; p++)
		free_part(&c.part[p]);
	free(rec);
}

size_t table_expand(const struct ktable *t, const unsigned char *data, size_t len, char *buf)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = data[i];

		if (t->token_len[c] == 1 && t->token[c][0] == c)
			buf[n++] = (char)c;
		else
			n += table_expand(t, t->token[c], t->token_len[c], buf + n);
	}
	buf[n] = 0;
	return n;
}

static int lay_out_names(struct ktable *t, const char *what)
{
	unsigned int i;
	size_t off = 0;

	t->nmarkers = (t->n + 255) / 256;
	t->markers = xcalloc(t->nmarkers, sizeof(*t->markers));
	for (i = 0; i < t->n; i++)
		off += t->e[i]->len + (t->e[i]->len > 0x7f ? 2 : 1);
	t->names = xmalloc(off);
	off = 0;
	for (i = 0; i < t->n; i++) {
		struct kentry *e = t->e[i];

		if (!(i & 0xff))
			t->markers[i >> 8] = (uint32_t)off;
		e->seq = i;
		if (e->len == 0 || e->len > KSYM_MAX_ENCODED) {
			error(what, "symbol %s: compressed length %u cannot be encoded",
			      e->text + 1, e->len);
			return -1;
		}
		if (e->len <= 0x7f) {
			t->names[off++] = (unsigned char)e->len;
		} else {
			t->names[off++] = (unsigned char)((e->len & 0x7f) | 0x80);
			t->names[off++] = (unsigned char)(e->len >> 7);
		}
		memcpy(t->names + off, e->sym, e->len);
		off += e->len;
	}
	t->names_len = off;
	return 0;
}

static void lay_out_tokens(struct ktable *t)
{
	char buf[KSYM_MAX_ENCODED + 1];
	size_t off = 0, len;
	unsigned int i;

	t->token_table = xmalloc(256 * (KSYM_MAX_ENCODED + 1));
	for (i = 0; i < 256; i++) {
		t->token_index[i] = (uint16_t)off;
		len = table_expand(t, t->token[i], t->token_len[i], buf);
		memcpy(t->token_table + off, buf, len + 1);
		off += len + 1;
	}
	t->token_table_len = off;
	t->token_table = xrealloc(t->token_table, off);
}

static int lay_out_offsets(struct ktable *t, bool absolute_percpu, const char *what)
{
	unsigned int i;

	t->offsets = xcalloc(t->n ? t->n : 1, sizeof(*t->offsets));
	for (i = 0; i < t->n; i++) {
		const struct kentry *e = t->e[i];
		long long off;
		bool bad;

		if (t->fmt->pc_relative) {
			/* the slot holds _text - . + off; the final pass adds the - . */
			off = (long long)(e->addr - t->text);
			bad = off < INT_MIN || off > INT_MAX;
		} else if (!absolute_percpu) {
			off = (long long)(e->addr - t->relative_base);
			bad = e->addr < t->relative_base || e->addr - t->relative_base > UINT_MAX;
		} else if (e->percpu_abs) {
			off = (long long)e->addr;
			bad = e->addr > INT_MAX;
		} else {
			off = (long long)(t->relative_base - e->addr - 1);
			bad = off < INT_MIN || off >= 0;
		}
		if (bad) {
			error(what, "%s symbol %s value %#llx out of range in relative mode",
			      e->percpu_abs ? "absolute" : "relative", e->text + 1,
			      (unsigned long long)e->addr);
			return -1;
		}
		t->offsets[i] = (uint32_t)off;
	}
	return 0;
}

/* Linux 6.1 --lto-clang: names sort as if cut at their first ".llvm.". */
static const char *sort_name(const struct kentry *e, bool lto_clang)
{
	const char *name = e->text + 1, *cut;
	char *copy;

	if (!lto_clang || !(cut = strstr(name, ".llvm.")))
		return name;
	copy = xmalloc((size_t)(cut - name) + 1);
	memcpy(copy, name, (size_t)(cut - name));
	copy[cut - name] = 0;
	return copy;
}

static void lay_out_seqs(struct ktable *t, bool lto_clang)
{
	struct name_key *byname = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*byname));
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		const char *name = sort_name(t->e[i], lto_clang);

		byname[i].name = name;
		byname[i].prefix[0] = name_prefix(&name);
		byname[i].prefix[1] = name_prefix(&name);
		byname[i].e = t->e[i];
	}
	/* seq breaks every tie: one order is possible, whatever the sort */
	sort_two(byname, t->n, sizeof(*byname), SORT_PARALLEL_MIN, cmp_name);
	t->seqs = xcalloc(t->n, sizeof(*t->seqs));
	for (i = 0; i < t->n; i++) {
		t->seqs[i] = byname[i].e->seq;
		if (byname[i].name != byname[i].e->text + 1)
			free((char *)byname[i].name);
	}
	free(byname);
}

int table_build(const struct symlist *in, const struct table_opts *opts,
		struct ktable *t, const char *what)
{
	struct builder *b = xcalloc(1, sizeof(*b));
	unsigned int i;
	int ret = -1;

	memset(t, 0, sizeof(*t));
	t->fmt = b->fmt = opts->fmt;
	b->opts = opts;
	b->text[0] = (struct range){ "_stext", "_etext", 0, 0 };
	b->text[1] = (struct range){ "_sinittext", "_einittext", 0, 0 };
	b->percpu = (struct range){ "__per_cpu_start", "__per_cpu_end", UINT64_MAX, 0 };

	take_symbols(b, in, t, what);
	keep_valid(b, t);
	if (!t->n && t->fmt->empty_is_error) {
		error(what, "no valid symbol (Linux %s"
		      "'s scripts/kallsyms refuses an empty table)", t->fmt->name);
		goto out;
	}
	if (opts->absolute_percpu)
		mark_percpu(b, t);
	sort_by_addr(t->e, t->n);
	for (i = 0; i < t->n; i++) {
		if (!t->e[i]->percpu_abs) {
			t->relative_base = t->e[i]->addr;
			break;
		}
	}
	/* the last build's compression when the symbols are the same */
	if (!opts->token_cache || tokcache_take(t, opts->token_cache) < 0) {
		compress(t);
		if (opts->token_cache)
			tokcache_save(t, opts->token_cache);
	}
	if (lay_out_names(t, what) < 0 || lay_out_offsets(t, opts->absolute_percpu, what) < 0)
		goto out;
	lay_out_tokens(t);
	lay_out_seqs(t, opts->lto_clang);
	ret = 0;
out:
	free(b);
	return ret;
}

void table_free(struct ktable *t)
{
	free(t->e);
	free(t->entries);
	free(t->strings);
	free(t->names);
	free(t->markers);
	free(t->token_table);
	free(t->offsets);
	free(t->seqs);
	memset(t, 0, sizeof(*t));
}
