// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * read_elf.c - read the symbols of one ELF file with libelf, as nm lists
 * them: the letters come from lib/elf.c, the values are adjusted the way
 * libbfd adjusts them before nm prints them.
 */
#include <stdlib.h>

#include "elf.h"
#include "kallsyms.h"
#include "util.h"

/*
 * Name of the section holding es, NULL for special indices; interned
 * once per section into names[] (shnum entries).
 */
static const char *section_of(const struct elf_file *ef, const struct elf_sym *es,
			      const char **names)
{
	GElf_Shdr sh;

	if (es->shndx == SHN_UNDEF || es->shndx >= ef->shnum)
		return NULL;
	if (!names[es->shndx]) {
		if (elf_file_shdr(ef, es->shndx, &sh) < 0)
			return NULL;
		names[es->shndx] = intern(elf_file_secname(ef, &sh));
	}
	return names[es->shndx];
}

/* The value nm prints for a symbol. */
uint64_t elf_sym_nm_value(const struct elf_file *ef, const struct elf_sym *es)
{
	int type = GELF_ST_TYPE(es->sym.st_info);
	uint64_t v = es->sym.st_value;
	GElf_Shdr sh;

	/* common symbols: libbfd puts the size where the value goes */
	if (es->type == 'C' || es->type == 'c')
		return es->sym.st_size;
	/* ARM code symbols carry the Thumb bit in bit 0; libbfd clears it */
	if (ef->ehdr.e_machine == EM_ARM && (type == STT_FUNC || type == STT_GNU_IFUNC))
		v &= ~(uint64_t)1;
	/* in relocatable files values are section-relative; nm adds the address */
	if (ef->ehdr.e_type == ET_REL && es->shndx != SHN_UNDEF &&
	    es->shndx < ef->shnum && es->shndx != SHN_ABS &&
	    elf_file_shdr(ef, es->shndx, &sh) == 0)
		v += sh.sh_addr;
	if (!ef->is64)
		v &= 0xffffffffu;
	return v;
}

int read_elf_file(const struct elf_file *ef, struct symlist *out)
{
	const char **names;
	size_t i;
	int ret = 0;

	if (!ef->symdata) {
		error(ef->path, "no symbols");
		return -1;
	}
	names = xcalloc(ef->shnum ? ef->shnum : 1, sizeof(*names));
	for (i = 1; i < ef->nsyms; i++) {
		struct elf_sym es;

		if (elf_file_sym(ef, i, &es) < 0) {
			ret = -1;
			break;
		}
		if (es.hidden)
			continue;
		symlist_add(out, elf_sym_nm_value(ef, &es), es.type, es.name);
		out->v[out->n - 1].section = section_of(ef, &es, names);
	}
	free(names);
	return ret;
}

int read_elf_symbols(const char *path, struct symlist *out, int *word)
{
	struct elf_file ef;
	int ret;

	if (elf_file_open(&ef, path, false) < 0)
		return -1;
	*word = ef.word;
	ret = read_elf_file(&ef, out);
	elf_file_close(&ef);
	return ret;
}
