// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * symcache.c - the symbols of the pre-link inputs, kept between runs.
 *
 * In an edit-build loop one object of the thousand in vmlinux.a changes;
 * kallsyms --prelink --cache=FILE reads only the files that changed with
 * libbfd and takes the others' symbols from FILE.  A file is unchanged
 * when its path, device, inode, size, modification and status-change
 * times (nanoseconds) all match: any write or rename changes the status
 * change time, so a match means the very bytes that were read before.
 *
 * The file holds, per input file (a thin archive's member, an object, or
 * a whole regular archive), its word size and its symbols as the reader
 * gave them (flags: the type letter in bits 0-7, bit 8 a section name
 * follows, bit 9 undefined, bit 10 a hidden global).  It is private to this program and this machine: host byte
 * order, a version line first.  A cache that cannot be read or does not
 * parse is ignored as a whole (the inputs are read again); it is
 * rewritten, through a temporary name, with only the files of this run.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kallsyms.h"
#include "util.h"

#define SYMCACHE_MAGIC	"onelink-symcache 2\n"

struct symcache_key {
	uint64_t dev, ino, size, mtime_s, mtime_ns, ctime_s, ctime_ns;
};

struct symcache_entry {
	char *path;
	struct symcache_key key;
	uint32_t word;
	bool used;
	/*
	 * The symbols' records, parsed on use: in the loaded file's buffer,
	 * or (added in this run) in own
	 */
	const unsigned char *rec, *rec_end;
	uint64_t nsyms;
	unsigned char *own;
};

struct symcache {
	const char *file;
	struct symcache_entry *v;
	size_t n, cap;
	size_t nloaded;		/* v[0..nloaded) came from the file, by path */
	unsigned char *buf;	/* the file */
	bool changed;
};

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct symcache_entry *)a)->path,
		      ((const struct symcache_entry *)b)->path);
}

static struct symcache_key key_of(const struct stat *st)
{
	struct symcache_key k = {
		.dev = (uint64_t)st->st_dev, .ino = (uint64_t)st->st_ino,
		.size = (uint64_t)st->st_size,
		.mtime_s = (uint64_t)st->st_mtim.tv_sec, .mtime_ns = (uint64_t)st->st_mtim.tv_nsec,
		.ctime_s = (uint64_t)st->st_ctim.tv_sec, .ctime_ns = (uint64_t)st->st_ctim.tv_nsec,
	};

	return k;
}

static struct symcache_entry *new_entry(struct symcache *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	memset(&c->v[c->n], 0, sizeof(c->v[c->n]));
	return &c->v[c->n++];
}

static void drop_all(struct symcache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].own);
	}
	c->n = c->nloaded = 0;
}

/* The parser's position in the loaded file. */
struct cursor {
	const unsigned char *p, *end;
	bool bad;
};

static const void *take(struct cursor *r, size_t n)
{
	const unsigned char *p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	return p;
}

static uint64_t take64(struct cursor *r)
{
	const void *p = take(r, 8);
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, 8);
	return v;
}

/* A string: its length, its bytes, no NUL inside, then a NUL. */
static const char *take_str(struct cursor *r)
{
	uint64_t n = take64(r);
	const char *s;

	if (r->bad || n >= (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	s = take(r, (size_t)n + 1);
	if (memchr(s, 0, (size_t)n) || s[n]) {
		r->bad = true;
		return NULL;
	}
	return s;
}

/* One symbol's record, into out (NULL: only checked). */
static void take_sym(struct cursor *r, struct symlist *out)
{
	uint64_t addr = take64(r), flags = take64(r);
	const char *name = take_str(r), *sec = take_str(r);

	if (!r->bad && (flags & ~0x7ffULL || !(flags & 0xff)))
		r->bad = true;
	if (r->bad || !out)
		return;
	symlist_add_sec(out, addr, (char)(flags & 0xff), name, (flags & 0x100) ? sec : NULL);
	out->v[out->n - 1].undef = (flags >> 9) & 1;
	out->v[out->n - 1].vis_hidden = (flags >> 10) & 1;
}

static void parse(struct symcache *c, struct cursor *r)
{
	while (!r->bad && r->p < r->end) {
		struct symcache_entry *e = new_entry(c);
		const char *path = take_str(r);
		uint64_t i, n;

		e->path = xstrdup(path ? path : "");
		e->key.dev = take64(r);
		e->key.ino = take64(r);
		e->key.size = take64(r);
		e->key.mtime_s = take64(r);
		e->key.mtime_ns = take64(r);
		e->key.ctime_s = take64(r);
		e->key.ctime_ns = take64(r);
		e->word = (uint32_t)take64(r);
		n = take64(r);
		if (r->bad || (e->word != 4 && e->word != 8) || n > (uint64_t)(r->end - r->p)) {
			r->bad = true;
			return;
		}
		e->rec = r->p;
		e->nsyms = n;
		for (i = 0; i < n && !r->bad; i++)
			take_sym(r, NULL);
		e->rec_end = r->p;
	}
}

struct symcache *symcache_open(const char *file)
{
	struct symcache *c = xcalloc(1, sizeof(*c));
	unsigned char *buf = NULL;
	size_t len = 0;
	struct stat st;
	struct cursor r;

	c->file = file;
	c->changed = true;
	if (stat(file, &st) < 0 || read_file(file, &buf, &len) < 0)
		return c;	/* none yet, or unreadable: start afresh */
	r.p = buf;
	r.end = buf + len;
	r.bad = false;
	if (len < strlen(SYMCACHE_MAGIC) || memcmp(buf, SYMCACHE_MAGIC, strlen(SYMCACHE_MAGIC)))
		r.bad = true;
	else
		r.p += strlen(SYMCACHE_MAGIC);
	parse(c, &r);
	if (r.bad) {
		drop_all(c);
		free(buf);
	} else {
		c->changed = false;
		if (c->n)
			qsort(c->v, c->n, sizeof(*c->v), cmp_path);
		c->nloaded = c->n;
		c->buf = buf;
	}
	return c;
}

static struct symcache_entry *find(struct symcache *c, const char *path,
				   const struct symcache_key *k)
{
	struct symcache_entry want = { .path = (char *)path }, *e;

	if (!c->nloaded)
		return NULL;
	e = bsearch(&want, c->v, c->nloaded, sizeof(*c->v), cmp_path);
	return e && !memcmp(&e->key, k, sizeof(*k)) ? e : NULL;
}

int symcache_get(struct symcache *c, const char *path, struct symlist *out, int *word)
{
	struct symcache_entry *e;
	struct stat st;
	struct symcache_key k;
	struct cursor r;
	uint64_t i;

	if (!c || stat(path, &st) < 0)
		return -1;
	k = key_of(&st);
	e = find(c, path, &k);
	if (!e)
		return -1;
	r.p = e->rec;
	r.end = e->rec_end;
	r.bad = false;
	for (i = 0; i < e->nsyms; i++)
		take_sym(&r, out);
	if ((int)e->word > *word)
		*word = (int)e->word;
	e->used = true;
	return 0;
}

static int put64(FILE *f, uint64_t v)
{
	return fwrite(&v, 8, 1, f) == 1 ? 0 : -1;
}

static int put_str(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return put64(f, n) < 0 || fwrite(s ? s : "", 1, n + 1, f) != n + 1 ? -1 : 0;
}

/* One symbol's record (flags: see the top of the file). */
static int put_sym(FILE *f, const struct ksym *s)
{
	uint64_t flags = (unsigned char)s->type | (s->section ? 0x100 : 0) | (s->undef ? 0x200 : 0) |
			 (s->vis_hidden ? 0x400 : 0);

	return put64(f, s->addr) | put64(f, flags) | put_str(f, s->name) | put_str(f, s->section);
}

void symcache_put(struct symcache *c, const char *path, const struct ksym *v, size_t n, int word)
{
	struct symcache_entry *e;
	struct stat st;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m;
	int bad = 0;

	if (!c || stat(path, &st) < 0)
		return;
	m = open_memstream(&buf, &len);
	if (!m)
		return;
	for (i = 0; i < n; i++)
		bad |= put_sym(m, &v[i]);
	if (fclose(m) || bad) {
		free(buf);
		return;
	}
	e = new_entry(c);
	e->path = xstrdup(path);
	e->key = key_of(&st);
	e->word = (uint32_t)word;
	e->used = true;
	e->own = (unsigned char *)buf;
	e->rec = e->own;
	e->rec_end = e->own + len;
	e->nsyms = n;
	c->changed = true;
}

static int write_cache(FILE *f, const void *arg)
{
	const struct symcache *c = arg;
	size_t i;
	int bad = fputs(SYMCACHE_MAGIC, f) < 0;

	for (i = 0; i < c->n && !bad; i++) {
		const struct symcache_entry *e = &c->v[i];

		if (!e->used)
			continue;
		bad |= put_str(f, e->path) | put64(f, e->key.dev) | put64(f, e->key.ino) |
		       put64(f, e->key.size) | put64(f, e->key.mtime_s) |
		       put64(f, e->key.mtime_ns) | put64(f, e->key.ctime_s) |
		       put64(f, e->key.ctime_ns) | put64(f, e->word) | put64(f, e->nsyms);
		if (fwrite(e->rec, 1, (size_t)(e->rec_end - e->rec), f) !=
		    (size_t)(e->rec_end - e->rec))
			bad = 1;
	}
	return bad ? -1 : 0;
}

void symcache_discard(struct symcache *c)
{
	if (!c)
		return;
	drop_all(c);
	free(c->v);
	free(c->buf);
	free(c);
}

int symcache_close(struct symcache *c)
{
	int ret = 0;
	size_t i;

	if (!c)
		return 0;
	for (i = 0; i < c->n; i++)
		if (!c->v[i].used)
			c->changed = true;
	if (c->changed)
		ret = replace_file(c->file, write_cache, c);
	symcache_discard(c);
	return ret;
}
