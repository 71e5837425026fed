/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * elf.h - the one ELF layer of onelink, on top of libelf.
 *
 * elf_file_open() validates what every tool relies on (an ELF file, a
 * section table whose every non-NOBITS section lies inside the file, a
 * program header table inside the file), decides class and byte order
 * once, and finds the symbol table.  Every failure is reported as
 * "prog: file: what went wrong: cause" and the caller gets -1.
 */
#ifndef ONELINK_ELF_H
#define ONELINK_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>

struct elf_file {
	const char *path;
	int fd;
	Elf *elf;
	bool is64;		/* ELFCLASS64 */
	bool big;		/* ELFDATA2MSB */
	int word;		/* pointer size: 4 or 8 */
	GElf_Ehdr ehdr;
	size_t shnum;
	size_t shstrndx;
	size_t phnum;
	uint64_t size;		/* file size in bytes */
	/* symbol table (SHT_SYMTAB), or none when symdata is NULL */
	Elf_Data *symdata;
	Elf_Data *shndxdata;	/* SHT_SYMTAB_SHNDX, may be NULL */
	size_t symstr;		/* section index of its string table */
	size_t nsyms;
	/* symbol names straight from the string table, when it is sound */
	const char *strtab;
	size_t strtab_size;
	char *secletter;	/* per section: nm's lower-case letter */
};

/* One symbol of the symbol table. */
struct elf_sym {
	const char *name;
	GElf_Sym sym;
	size_t shndx;		/* real section index (SHN_XINDEX resolved) */
	char type;		/* nm's letter for it */
	bool hidden;		/* one nm would not print (file, section, mapping) */
};

/* Where an address lies in the file. */
struct elf_loc {
	size_t shndx;
	GElf_Shdr shdr;
	const char *secname;
	uint64_t offset;	/* file offset of the address */
	uint64_t room;		/* bytes from the address to the section end */
};

/* writable: open O_RDWR (the file is never re-laid out by libelf). */
int elf_file_open(struct elf_file *ef, const char *path, bool writable);
void elf_file_close(struct elf_file *ef);

/* Section header and name; -1 after an error report. */
int elf_file_shdr(const struct elf_file *ef, size_t idx, GElf_Shdr *sh);
const char *elf_file_secname(const struct elf_file *ef, const GElf_Shdr *sh);

/* Symbol i (0 < i < nsyms); -1 after an error report. */
int elf_file_sym(const struct elf_file *ef, size_t i, struct elf_sym *es);

/*
 * Look a defined symbol up by name.  Returns 0 and fills es when it is
 * defined exactly once (or several times at one address); otherwise
 * reports why (missing, undefined, defined twice) and returns -1.
 */
int elf_file_lookup(const struct elf_file *ef, const char *name, struct elf_sym *es);

/*
 * elf_file_lookup() for n names in one pass over the symbol table:
 * ok[k] tells whether es[k] holds names[k].  A name that fails is not
 * reported; elf_file_lookup() on it says why.  -1 after an error report
 * (an unreadable symbol).
 */
int elf_file_lookup_many(const struct elf_file *ef, const char *const names[], size_t n,
			 struct elf_sym es[], bool ok[]);

/*
 * Capacity of a symbol: bytes from es to the next higher symbol address
 * in its section, or to the end of the section.  Symbols nm hides
 * (section, file and mapping symbols) and absolute ones do not count.
 */
uint64_t elf_file_capacity(const struct elf_file *ef, const struct elf_sym *es,
			   const struct elf_loc *loc);
/* The same for n symbols in one pass: cap[k] for es[k] located at loc[k]. */
void elf_file_capacity_many(const struct elf_file *ef, const struct elf_sym es[],
			    const struct elf_loc loc[], size_t n, uint64_t cap[]);

/*
 * Locate the symbol es in the file through its own section (st_shndx,
 * not its address: sections may share addresses, e.g. per-CPU data at
 * 0).  Refuses, with a report naming the symbol, absolute, common and
 * thread-local symbols, symbols in no section or outside their
 * section, and symbols in non-allocated, NOBITS or compressed sections.
 * A symbol may sit at the very end of its section (room 0).  The
 * address is cross-checked against the PT_LOAD segment that holds it
 * (by p_vaddr).  -1 after an error report.
 */
int elf_file_locate_sym(const struct elf_file *ef, const struct elf_sym *es,
			struct elf_loc *loc);

/*
 * Map the file range [off, off+len) (len > 0) to the one section whose
 * file image [sh_offset, sh_offset+sh_size) holds all of it.  The
 * section must be allocated, have a file image (not NOBITS) and not be
 * compressed; loc->room is then the bytes from off to the section end.
 * -1 after an error report.
 */
int elf_file_range(const struct elf_file *ef, uint64_t off, uint64_t len,
		   struct elf_loc *loc);

/* Read len bytes at file offset off; -1 after an error report. */
int elf_file_read(const struct elf_file *ef, uint64_t off, void *buf, size_t len);

/* nm's type letter for sym (also used for sections of relocatable files). */
char elf_file_symtype(const struct elf_file *ef, const GElf_Sym *sym, size_t shndx);

/*
 * One dynamic relocation: from an allocated SHT_RELA or SHT_REL section,
 * or a slot of a SHT_RELR one (always relative, its addend in the slot).
 * After the loader (or a self-relocating kernel) has run, a relative
 * slot holds load offset + the addend: r_addend for RELA, whatever the
 * slot holds for REL and RELR.
 */
struct elf_dynrel {
	uint64_t addr;		/* r_offset: the address of the slot */
	uint32_t type;		/* 0 for RELR */
	bool relative;		/* the machine's RELATIVE type, or RELR */
	bool rela;		/* the addend is r_addend, not the slot */
	int64_t addend;		/* RELA: r_addend */
	uint64_t addend_offset;	/* RELA: file offset of r_addend */
};

/*
 * Every dynamic relocation whose slot starts in [addr, addr+len), in
 * *out (to be freed); returns how many, or -1 after an error report.
 */
int elf_file_dynrels(const struct elf_file *ef, uint64_t addr, uint64_t len,
		     struct elf_dynrel **out);

#endif
