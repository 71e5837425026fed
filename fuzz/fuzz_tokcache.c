// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_tokcache.c - libFuzzer harness: a token cache file, taken (or not)
 * by table_build() as "kallsyms --final --token-cache=FILE" takes it.
 *
 * The input changes the valid cache of the one table the harness builds:
 * its bytes are XORed over the file's body (tokens and records), the
 * first two, if there are more than two, set a length to cut the body
 * to; the header (magic, the table's digest and symbol count) and the
 * checksum are made right, so that the fuzzer works on what tokcache.c
 * checks beyond them (the empty input is the valid cache).  Whatever the
 * body, every name of the table built must expand back to its own text:
 * a cache that would make a wrong table is never taken.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kallsyms.h"
#include "util.h"

#define MAGIC		"onelink-token-cache 1\n"
#define HEAD		(sizeof(MAGIC) - 1 + 12)

static char path[] = "/tmp/fuzz_tokcache.XXXXXX";
static struct symlist list;
static unsigned char head[HEAD];
static unsigned char *body;	/* the valid cache's body */
static size_t body_len;

static void make_list(void)
{
	static const char *const names[] = {
		"_text", "_stext", "start_kernel", "rest_init", "kernel_init", "do_one_initcall",
		"__start_set", "__stop_set", "helper", "helper", "printk", "vprintk_emit",
		"_etext", "_sinittext", "init_one", "_einittext",
	};
	char name[32];
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		symlist_add(&list, 0x1000 + 16 * i, i % 3 ? 'T' : 't', names[i]);
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "fn_%u_%s", i, i % 2 ? "read" : "write");
		symlist_add(&list, 0x2000 + 8 * i, 'T', name);
	}
}

/* A table of the list, with the cache at path (written when not taken). */
static int build(struct ktable *t)
{
	struct table_opts o = { .all_symbols = true, .fmt = kformat_default(), .token_cache = path };

	return table_build(&list, &o, t, "fuzz");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ktable t;
	unsigned char *p;
	size_t len;
	int fd;

	(void)argc;
	(void)argv;
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	unlink(path);
	make_list();
	/* no cache yet: compressed, then saved; its header is every input's */
	if (build(&t) < 0 || read_file(path, &p, &len) < 0 || len < HEAD)
		abort();
	memcpy(head, p, HEAD);
	body_len = len - HEAD - 8;
	body = xmalloc(body_len);
	memcpy(body, p + HEAD, body_len);
	free(p);
	table_free(&t);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *file = xmalloc(HEAD + body_len + 8);
	char buf[KSYM_MAX_ENCODED + 1];
	size_t n = body_len, i;
	uint64_t sum;
	struct ktable t;
	FILE *f;
	int k;

	memcpy(file, head, HEAD);
	memcpy(file + HEAD, body, body_len);
	if (size > 2) {
		n = (data[0] | (size_t)data[1] << 8) % (body_len + 1);
		data += 2;
		size -= 2;
	}
	for (i = 0; i < size; i++)
		file[HEAD + i % body_len] ^= data[i];
	sum = fnv1a(FNV1A_INIT, file, HEAD + n);
	for (k = 0; k < 8; k++)
		file[HEAD + n + k] = (unsigned char)(sum >> (8 * k));
	f = fopen(path, "wb");
	if (!f || fwrite(file, 1, HEAD + n + 8, f) != HEAD + n + 8)
		abort();
	fclose(f);
	free(file);
	if (build(&t) < 0)
		abort();
	for (i = 0; i < t.n; i++)
		if (table_expand(&t, t.e[i]->sym, t.e[i]->len, buf) != strlen(t.e[i]->text) ||
		    strcmp(buf, t.e[i]->text))
			abort();
	table_free(&t);
	return 0;
}
