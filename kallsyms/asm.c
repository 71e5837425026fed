// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * asm.c - the table as kernel assembler, in the order and with the
 * labels of its format: the exact table (table_write_asm: what
 * scripts/kallsyms writes, byte for byte once assembled) and the padded
 * table of the pre-link pass (layout_write_asm: each array's label with
 * its reserve as .size, zero-filled).  Both share the preamble and the
 * labels, so the two stay in step.
 */
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

/*
 * <asm/bitsperlong.h> gives PTR and ALGN for the word size, unless the
 * format aligns every label to 4; the arrays go to .rodata.
 */
static void write_preamble(FILE *out, const struct kformat *fmt)
{
	if (!fmt->align4)
		fputs("#include <asm/bitsperlong.h>\n"
		      "#if BITS_PER_LONG == 64\n#define PTR .quad\n#define ALGN .balign 8\n"
		      "#else\n#define PTR .long\n#define ALGN .balign 4\n#endif\n", out);
	fputs("\t.section .rodata, \"a\"\n", out);
}

/* The global label of array a; with a reserve, its type and .size too. */
static void write_label(FILE *out, const struct kformat *fmt, enum karray a,
			const uint64_t *reserve)
{
	const char *name = karray_name[a];

	fprintf(out, ".globl %s\n\t%s\n", name, fmt->align4 ? ".balign 4" : "ALGN");
	if (reserve)
		fprintf(out, "\t.type %s, STT_OBJECT\n\t.size %s, %llu\n", name, name,
			(unsigned long long)*reserve);
	fprintf(out, "%s:\n", name);
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

	write_preamble(out, t->fmt);
	for (i = 0; i < t->fmt->narrays; i++) {
		write_label(out, t->fmt, t->fmt->order[i], NULL);
		write[t->fmt->order[i]](out, t);
	}
}

void layout_write_asm(FILE *out, const struct layout *lay)
{
	const struct kformat *fmt = lay->opts.fmt;
	unsigned int i;

	fputs("/* onelink: kallsyms arrays reserved before the link, patched after it */\n", out);
	write_preamble(out, fmt);
	for (i = 0; i < fmt->narrays; i++) {
		enum karray a = fmt->order[i];

		write_label(out, fmt, a, &lay->reserve[a]);
		if (a == KA_RELATIVE_BASE)
			fputs("\tPTR\t_text\n", out);	/* keeps the relocation */
		else
			fprintf(out, "\t.zero\t%llu\n", (unsigned long long)lay->reserve[a]);
	}
}
