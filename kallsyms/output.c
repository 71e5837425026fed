// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * output.c - the table as kernel assembler, and as the byte image of
 * each array for a given target (byte order, pointer size), in the
 * order and encoding of the table's format.
 */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "kallsyms.h"
#include "util.h"

const char *const karray_name[KA_COUNT] = {
	[KA_NUM_SYMS] = "kallsyms_num_syms",
	[KA_NAMES] = "kallsyms_names",
	[KA_MARKERS] = "kallsyms_markers",
	[KA_TOKEN_TABLE] = "kallsyms_token_table",
	[KA_TOKEN_INDEX] = "kallsyms_token_index",
	[KA_OFFSETS] = "kallsyms_offsets",
	[KA_RELATIVE_BASE] = "kallsyms_relative_base",
	[KA_SEQS_OF_NAMES] = "kallsyms_seqs_of_names",
};

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

static void label(FILE *out, const struct ktable *t, enum karray a)
{
	fprintf(out, ".globl %s\n\t%s\n%s:\n", karray_name[a],
		t->fmt->align4 ? ".balign 4" : "ALGN", karray_name[a]);
}

static void write_num_syms(FILE *out, const struct ktable *t)
{
	fprintf(out, "\t.long\t%u\n\n", t->n);
}

static void write_markers(FILE *out, const struct ktable *t)
{
	unsigned int i;

	for (i = 0; i < t->nmarkers; i++)
		fprintf(out, "\t.long\t%u\n", t->markers[i]);
	fputc('\n', out);
}

static void write_names(FILE *out, const struct ktable *t)
{
	char buf[KSYM_MAX_ENCODED + 1];
	size_t off = 0;
	unsigned int i, k, len;

	for (i = 0; i < t->n; i++) {
		const struct kentry *e = t->e[i];

		len = e->len;
		if (len <= 0x7f)
			fprintf(out, "\t.byte 0x%02x", len);
		else
			fprintf(out, "\t.byte 0x%02x, 0x%02x", (len & 0x7f) | 0x80, len >> 7);
		off += len <= 0x7f ? 1 : 2;
		for (k = 0; k < len; k++)
			fprintf(out, ", 0x%02x", t->names[off + k]);
		off += len;
		table_expand(t, e->sym, e->len, buf);
		fprintf(out, "\t/* %s */\n", buf);
	}
	fputc('\n', out);
}

static void write_token_table(FILE *out, const struct ktable *t)
{
	unsigned int i;

	for (i = 0; i < 256; i++)
		fprintf(out, "\t.asciz\t\"%s\"\n", t->token_table + t->token_index[i]);
	fputc('\n', out);
}

static void write_token_index(FILE *out, const struct ktable *t)
{
	unsigned int i;

	for (i = 0; i < 256; i++)
		fprintf(out, "\t.short\t%d\n", t->token_index[i]);
	fputc('\n', out);
}

static void write_offsets(FILE *out, const struct ktable *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		if (t->fmt->pc_relative)
			fprintf(out, "\t.long\t_text - . + (%d)\t/* %s */\n",
				(int32_t)t->offsets[i], t->e[i]->text);
		else
			fprintf(out, "\t.long\t%#x\t/* %s */\n", t->offsets[i], t->e[i]->text);
	}
	fputc('\n', out);
}

static void write_relative_base(FILE *out, const struct ktable *t)
{
	if (t->text <= t->relative_base)
		fprintf(out, "\tPTR\t_text + %#llx\n",
			(unsigned long long)(t->relative_base - t->text));
	else
		fprintf(out, "\tPTR\t_text - %#llx\n",
			(unsigned long long)(t->text - t->relative_base));
	fputc('\n', out);
}

static void write_seqs(FILE *out, const struct ktable *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		uint32_t s = t->seqs[i];

		fprintf(out, "\t.byte 0x%02x, 0x%02x, 0x%02x\t/* %s */\n",
			(s >> 16) & 0xff, (s >> 8) & 0xff, s & 0xff, t->e[s]->text);
	}
	fputc('\n', out);
}

void table_write_asm(FILE *out, const struct ktable *t)
{
	static void (*const write[KA_COUNT])(FILE *, const struct ktable *) = {
		[KA_NUM_SYMS] = write_num_syms, [KA_NAMES] = write_names,
		[KA_MARKERS] = write_markers, [KA_TOKEN_TABLE] = write_token_table,
		[KA_TOKEN_INDEX] = write_token_index, [KA_OFFSETS] = write_offsets,
		[KA_RELATIVE_BASE] = write_relative_base, [KA_SEQS_OF_NAMES] = write_seqs,
	};
	unsigned int i;

	if (!t->fmt->align4)
		fputs("#include <asm/bitsperlong.h>\n"
		      "#if BITS_PER_LONG == 64\n#define PTR .quad\n#define ALGN .balign 8\n"
		      "#else\n#define PTR .long\n#define ALGN .balign 4\n#endif\n", out);
	fputs("\t.section .rodata, \"a\"\n", out);
	for (i = 0; i < t->fmt->narrays; i++) {
		label(out, t, t->fmt->order[i]);
		write[t->fmt->order[i]](out, t);
	}
}
