// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * dynrel.c - kallsyms arrays that are the target of dynamic relocations.
 *
 * An executable linked -pie or -shared (an arm64 kernel with
 * CONFIG_RELOCATABLE, a PIE) relocates itself, or is relocated, at load
 * time.  kallsyms_relative_base holds "_text + k" and so gets a relative
 * dynamic relocation.  What counts is the value in memory after that
 * relocation at the link address: for RELA the addend (the slot itself
 * may hold anything: arm64 links with --no-apply-dynamic-relocs and
 * leaves it 0), for REL and RELR what the slot holds.
 *
 * kelf_apply_dynrels() puts those values into the arrays read from the
 * file, so that verification sees what the kernel will see;
 * kelf_patch_dynrels() makes the addends of RELA relocations follow the
 * patched words.  Any other kind of dynamic relocation on an array
 * (symbolic, or not a whole word inside it) is refused: its value depends
 * on the loader's symbol resolution, which a patch cannot follow.
 */
#include <stdlib.h>

#include "kallsyms.h"
#include "../lib/elf.h"
#include "../lib/endian.h"
#include "../lib/util.h"

static int check(const struct elf_file *ef, enum karray a, const struct kplace *p,
		 const struct elf_dynrel *r)
{
	uint64_t off = r->addr - p->addr;

	if (!r->relative) {
		error(ef->path, "%s+%#llx is the target of a dynamic relocation of type %u: "
		      "only relative ones can be patched safely", karray_name[a],
		      (unsigned long long)off, r->type);
		return -1;
	}
	if (off % (uint64_t)ef->word || p->capacity - off < (uint64_t)ef->word) {
		error(ef->path, "%s+%#llx is the target of a relative dynamic relocation "
		      "that is not an aligned word inside the array", karray_name[a],
		      (unsigned long long)off);
		return -1;
	}
	return 0;
}

/*
 * The dynamic relocations on the len bytes of array a from its label,
 * each checked: their number, or -1 after an error report.
 */
static int array_dynrels(const struct elf_file *ef, enum karray a, const struct kplace *p,
			 uint64_t len, struct elf_dynrel **v)
{
	int i, n = elf_file_dynrels(ef, p->addr, len, v);

	for (i = 0; i < n; i++) {
		if (check(ef, a, p, &(*v)[i]) < 0) {
			free(*v);
			*v = NULL;
			return -1;
		}
	}
	return n;
}

int kelf_apply_dynrels(const struct elf_file *ef, struct kelf *k)
{
	int a;

	for (a = 0; a < KA_COUNT; a++) {
		const struct kplace *p = &k->place[a];
		struct elf_dynrel *v = NULL;
		int i, n;

		if (!k->data[a] || !p->capacity)
			continue;
		n = array_dynrels(ef, (enum karray)a, p, p->capacity, &v);
		if (n < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (v[i].rela)
				put_word(k->data[a] + (v[i].addr - p->addr), (uint64_t)v[i].addend,
					 ef->word, ef->big);
		free(v);
	}
	return 0;
}

int kelf_patch_dynrels(const struct elf_file *ef, const struct kelf *k,
		       unsigned char *const image[], const size_t len[],
		       kelf_write_fn write, void *arg)
{
	int a;

	for (a = 0; a < KA_COUNT; a++) {
		const struct kplace *p = &k->place[a];
		struct elf_dynrel *v = NULL;
		int i, n;

		if (!k->data[a] || !p->size)
			continue;
		n = array_dynrels(ef, (enum karray)a, p, p->size, &v);
		if (n < 0)
			return -1;
		for (i = 0; i < n; i++) {
			uint64_t off = v[i].addr - p->addr, value = 0;

			if (!v[i].rela)
				continue;	/* the patched slot is the value */
			if (off + (uint64_t)ef->word <= len[a])
				value = get_word(image[a] + off, ef->word, ef->big);
			if (value != (uint64_t)v[i].addend) {
				unsigned char buf[8];

				put_word(buf, value, ef->word, ef->big);
				if (write(arg, buf, (size_t)ef->word, v[i].addend_offset) < 0) {
					free(v);
					return -1;
				}
			}
		}
		free(v);
	}
	return 0;
}
