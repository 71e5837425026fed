// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * elf.c - the ELF layer: open and validate, sections, symbols with nm's
 * type letters, address-to-file-offset resolution.
 *
 * The type letters follow what binutils' nm prints for ELF files:
 * undefined U (weak: w, weak object: v), common C, ifunc i, weak W
 * (object: V), unique u, absolute A, then by the holding section: code
 * T, read-only data R, data D, no contents B, debugging N, other
 * non-allocated read-only n; lower case for local symbols.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "endian.h"
#include "util.h"

static char section_letter(const struct elf_file *ef, size_t shndx);

static int elf_fail(const struct elf_file *ef, const char *what)
{
	error(ef->path, "%s: %s", what, elf_errmsg(-1));
	return -1;
}

/* The section header table itself: the right entry size, inside the file. */
static int check_shdr_table(const struct elf_file *ef)
{
	uint64_t off = ef->ehdr.e_shoff;
	uint64_t entsize = ef->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	/* libelf counts no sections when the table is out of the file */
	size_t n = ef->ehdr.e_shnum ? ef->ehdr.e_shnum : ef->shnum;

	if (!n && !off)
		return 0;
	if (ef->ehdr.e_shentsize != entsize) {
		error(ef->path, "corrupt section table: entry size %u, expected %llu",
		      ef->ehdr.e_shentsize, (unsigned long long)entsize);
		return -1;
	}
	if (off > ef->size || n > (ef->size - off) / entsize) {
		error(ef->path, "section header table (%zu entries at %#llx) lies past "
		      "the end of the file (%#llx bytes): truncated?", n,
		      (unsigned long long)off, (unsigned long long)ef->size);
		return -1;
	}
	return 0;
}

static int check_sections(struct elf_file *ef)
{
	size_t i;

	if (check_shdr_table(ef) < 0)
		return -1;

	for (i = 1; i < ef->shnum; i++) {
		GElf_Shdr sh;

		if (elf_file_shdr(ef, i, &sh) < 0)
			return -1;
		if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL)
			continue;
		if (sh.sh_offset > ef->size || sh.sh_size > ef->size - sh.sh_offset) {
			error(ef->path, "section [%zu] extends past the end of the file "
			      "(offset %#llx, size %#llx, file %#llx bytes): truncated?",
			      i, (unsigned long long)sh.sh_offset,
			      (unsigned long long)sh.sh_size, (unsigned long long)ef->size);
			return -1;
		}
	}
	return 0;
}

static int find_symtab(struct elf_file *ef)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return elf_fail(ef, "cannot read section header");
		if (sh.sh_type == SHT_SYMTAB && !ef->symdata) {
			if (!sh.sh_entsize || sh.sh_link >= ef->shnum) {
				error(ef->path, "corrupt symbol table header");
				return -1;
			}
			ef->symdata = elf_getdata(scn, NULL);
			if (!ef->symdata)
				return elf_fail(ef, "cannot read symbol table");
			ef->symstr = sh.sh_link;
			ef->nsyms = sh.sh_size / sh.sh_entsize;
		} else if (sh.sh_type == SHT_SYMTAB_SHNDX && !ef->shndxdata) {
			ef->shndxdata = elf_getdata(scn, NULL);
			if (!ef->shndxdata)
				return elf_fail(ef, "cannot read extended section indices");
		}
	}
	return 0;
}

/*
 * Symbol names are read straight from the string table when it is a
 * whole, uncompressed SHT_STRTAB ending in a NUL: then every offset
 * inside it is a name elf_strptr() would return.  Otherwise elf_strptr()
 * decides, as before.
 */
static void find_strtab(struct elf_file *ef)
{
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;

	if (!ef->symdata || !(scn = elf_getscn(ef->elf, ef->symstr)) ||
	    !gelf_getshdr(scn, &sh) || sh.sh_type != SHT_STRTAB ||
	    (sh.sh_flags & SHF_COMPRESSED) || !(d = elf_getdata(scn, NULL)) ||
	    !d->d_buf || !d->d_size || d->d_size != sh.sh_size ||
	    ((const char *)d->d_buf)[d->d_size - 1])
		return;
	ef->strtab = d->d_buf;
	ef->strtab_size = d->d_size;
}

/* nm's letter depends on the section only: decide it once per section. */
static void cache_letters(struct elf_file *ef)
{
	size_t i;

	ef->secletter = xcalloc(ef->shnum ? ef->shnum : 1, 1);
	/* check_sections() read every header: section_letter() cannot fail */
	for (i = 1; i < ef->shnum; i++)
		ef->secletter[i] = section_letter(ef, i);
}

static int check_header(struct elf_file *ef)
{
	const unsigned char *id;

	if (elf_kind(ef->elf) != ELF_K_ELF) {
		unsigned char ident[EI_NIDENT];

		if (ef->size < SELFMAG || pread(ef->fd, ident, SELFMAG, 0) != SELFMAG ||
		    memcmp(ident, ELFMAG, SELFMAG))
			error(ef->path, "not an ELF file");
		else if (ef->size < sizeof(Elf32_Ehdr) ||
			 pread(ef->fd, ident, EI_NIDENT, 0) != EI_NIDENT)
			error(ef->path, "truncated: too short for an ELF header");
		else if (ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64)
			error(ef->path, "unknown ELF class %u", ident[EI_CLASS]);
		else if (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB)
			error(ef->path, "unknown ELF byte order %u", ident[EI_DATA]);
		else if (ident[EI_VERSION] != EV_CURRENT)
			error(ef->path, "unknown ELF version %u", ident[EI_VERSION]);
		else
			error(ef->path, "truncated: too short for an ELF header");
		return -1;
	}
	id = (const unsigned char *)elf_getident(ef->elf, NULL);
	if (!id || !gelf_getehdr(ef->elf, &ef->ehdr))
		return elf_fail(ef, "cannot read ELF header");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64) {
		error(ef->path, "unknown ELF class %u", id[EI_CLASS]);
		return -1;
	}
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB) {
		error(ef->path, "unknown ELF byte order %u", id[EI_DATA]);
		return -1;
	}
	ef->is64 = id[EI_CLASS] == ELFCLASS64;
	ef->big = id[EI_DATA] == ELFDATA2MSB;
	ef->word = ef->is64 ? 8 : 4;
	if (elf_getshdrnum(ef->elf, &ef->shnum) < 0 ||
	    elf_getshdrstrndx(ef->elf, &ef->shstrndx) < 0)
		return elf_fail(ef, "corrupt section table");
	if (elf_getphdrnum(ef->elf, &ef->phnum) < 0)
		return elf_fail(ef, "corrupt program header table");
	if (ef->shnum && ef->shstrndx >= ef->shnum) {
		error(ef->path, "corrupt section table: string table index %zu of %zu",
		      ef->shstrndx, ef->shnum);
		return -1;
	}
	return 0;
}

int elf_file_open(struct elf_file *ef, const char *path, bool writable)
{
	struct stat st;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ef->fd = -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return elf_fail(ef, "libelf is out of date");
	ef->fd = open(path, writable ? O_RDWR : O_RDONLY);
	if (ef->fd < 0) {
		error(path, "cannot open%s: %s", writable ? " for writing" : "",
		      strerror(errno));
		return -1;
	}
	if (fstat(ef->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error(path, "not a regular file");
		goto fail;
	}
	ef->size = (uint64_t)st.st_size;
	if (ef->size == 0) {
		error(path, "empty file");
		goto fail;
	}
	/* ELF_C_READ even when writable: libelf never writes, pwrite does. */
	ef->elf = elf_begin(ef->fd, ELF_C_READ, NULL);
	if (!ef->elf) {
		elf_fail(ef, "cannot read ELF");
		goto fail;
	}
	if (check_header(ef) < 0 || check_sections(ef) < 0 || find_symtab(ef) < 0)
		goto fail;
	find_strtab(ef);
	cache_letters(ef);
	return 0;
fail:
	elf_file_close(ef);
	return -1;
}

void elf_file_close(struct elf_file *ef)
{
	if (ef->elf)
		elf_end(ef->elf);
	if (ef->fd >= 0)
		close(ef->fd);
	free(ef->secletter);
	ef->secletter = NULL;
	ef->strtab = NULL;
	ef->elf = NULL;
	ef->fd = -1;
}

int elf_file_shdr(const struct elf_file *ef, size_t idx, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(ef->elf, idx);

	if (!scn || !gelf_getshdr(scn, sh)) {
		error(ef->path, "corrupt section table: cannot read section [%zu]: %s",
		      idx, elf_errmsg(-1));
		return -1;
	}
	return 0;
}

const char *elf_file_secname(const struct elf_file *ef, const GElf_Shdr *sh)
{
	const char *name = elf_strptr(ef->elf, ef->shstrndx, sh->sh_name);

	return name ? name : "?";
}

/*
 * How libbfd classifies a section when it reads an ELF file: by name for
 * debugging sections (only non-allocated ones), and by the flags.
 */
static bool is_debug_name(const char *name)
{
	static const char *const prefixes[] = {
		".debug", ".gnu.debuglto_.debug_", ".gnu.linkonce.wi.", ".zdebug",
		".line", ".stab",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return !strcmp(name, ".gdb_index");
}

/*
 * PE section names that keep their letter in any object format: the name,
 * then the end of the name, a '.', a '$' or a digit.
 */
static char pe_section_letter(const char *name)
{
	static const struct {
		const char *name;
		char letter;
	} pe[] = {
		{ ".drectve", 'i' }, { ".edata", 'e' }, { ".idata", 'i' }, { ".pdata", 'p' },
	};
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(pe); i++) {
		len = strlen(pe[i].name);
		if (!strncmp(name, pe[i].name, len) &&
		    (!name[len] || strchr(".$0123456789", name[len])))
			return pe[i].letter;
	}
	return 0;
}

/*
 * nm's letter for a symbol defined in section shndx (lower case).  libbfd
 * knows small-data letters (g, s), but sets them for no ELF section it
 * reads: .sdata/.sbss on ppc32 and SHF_MIPS_GPREL ones on MIPS get d/b.
 */
static char section_letter(const struct elf_file *ef, size_t shndx)
{
	const char *name;
	GElf_Shdr sh;
	bool contents, readonly;
	char c;

	/* libbfd has no section for these: such symbols become absolute */
	if (shndx >= ef->shnum || elf_file_shdr(ef, shndx, &sh) < 0)
		return 'a';
	name = elf_file_secname(ef, &sh);
	c = pe_section_letter(name);
	if (c)
		return c;
	contents = sh.sh_type != SHT_NOBITS;
	readonly = !(sh.sh_flags & SHF_WRITE);
	if (sh.sh_flags & SHF_EXECINSTR)
		return 't';
	if ((sh.sh_flags & SHF_ALLOC) && contents)
		return readonly ? 'r' : 'd';
	if (!contents)
		return 'b';
	if (!(sh.sh_flags & SHF_ALLOC) && is_debug_name(name))
		return 'N';
	return readonly ? 'n' : '?';
}

/* Reserved section indices that hold common symbols on some machines. */
#define SHN_X86_64_LCOMMON	0xff02

static char common_letter(const struct elf_file *ef, size_t shndx)
{
	uint16_t m = ef->ehdr.e_machine;

	if (shndx == SHN_COMMON)
		return 'C';
	if (shndx == SHN_X86_64_LCOMMON && m == EM_X86_64)
		return 'C';
	if (shndx == SHN_MIPS_SCOMMON && m == EM_MIPS)
		return 'c';
	return 0;
}

char elf_file_symtype(const struct elf_file *ef, const GElf_Sym *sym, size_t shndx)
{
	int bind = GELF_ST_BIND(sym->st_info);
	int type = GELF_ST_TYPE(sym->st_info);
	bool object = type == STT_OBJECT || type == STT_COMMON;
	char c = common_letter(ef, shndx);

	if (c)
		return c;
	if (shndx == SHN_UNDEF) {
		if (bind == STB_WEAK)
			return object ? 'v' : 'w';
		return 'U';
	}
	if (type == STT_GNU_IFUNC)
		return 'i';
	if (bind == STB_WEAK)
		return object ? 'V' : 'W';
	if (bind == STB_GNU_UNIQUE)
		return 'u';
	if (bind != STB_GLOBAL && bind != STB_LOCAL)
		return '?';
	if (shndx == SHN_ABS || shndx >= ef->shnum)
		c = 'a';
	else
		c = ef->secletter[shndx];
	if (bind == STB_GLOBAL && c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c;
}

/* ARM: '$', a lower-case letter, then the end or a '.' ($a $t $d ...). */
static bool arm_special(const char *n)
{
	return n[0] == '$' && n[1] >= 'a' && n[1] <= 'z' && (!n[2] || n[2] == '.');
}

/* AArch64: $x $d (mapping), $m $f $p (tags), optionally ".suffix". */
static bool aarch64_special(const char *n)
{
	return n[0] == '$' && n[1] && strchr("xdmfp", n[1]) && (!n[2] || n[2] == '.');
}

/* "L<digits>" then ^A or ^B markers and digits: an assembler local label. */
static bool elf_local_label_digits(const char *n)
{
	bool marker = false;
	const char *p;

	if (n[0] != 'L' || n[1] < '0' || n[1] > '9')
		return false;
	if (n[2] == 1)
		return true;
	for (p = n + 2; *p; p++) {
		if (*p == 1 || *p == 2)
			marker = true;
		else if (*p < '0' || *p > '9')
			return false;
	}
	return marker;
}

/* RISC-V: empty names, local labels and mapping symbols ($d..., $x...). */
static bool riscv_special(const char *n)
{
	if (!n[0] || !strncmp(n, ".L", 2) || !strncmp(n, "..", 2) ||
	    !strncmp(n, "_.L_", 4) || elf_local_label_digits(n))
		return true;
	return !strncmp(n, "$d", 2) || !strncmp(n, "$x", 2);
}

/*
 * Symbols nm does not list: file and section symbols (libbfd's debugging
 * symbols) and the target's special symbols, whatever their binding.
 */
static bool nm_hides(const struct elf_file *ef, const struct elf_sym *es)
{
	int type = GELF_ST_TYPE(es->sym.st_info);

	if (type == STT_SECTION || type == STT_FILE)
		return true;
	switch (ef->ehdr.e_machine) {
	case EM_ARM:
		return arm_special(es->name);
	case EM_AARCH64:
		return aarch64_special(es->name);
	case EM_RISCV:
		return riscv_special(es->name);
	default:
		return false;
	}
}

int elf_file_sym(const struct elf_file *ef, size_t i, struct elf_sym *es)
{
	Elf32_Word xndx = 0;

	if (!ef->symdata || i >= ef->nsyms ||
	    !gelf_getsymshndx(ef->symdata, ef->shndxdata, (int)i, &es->sym, &xndx)) {
		error(ef->path, "corrupt symbol table: cannot read symbol %zu: %s",
		      i, elf_errmsg(-1));
		return -1;
	}
	if (ef->strtab)
		es->name = es->sym.st_name < ef->strtab_size ?
			   ef->strtab + es->sym.st_name : NULL;
	else
		es->name = elf_strptr(ef->elf, ef->symstr, es->sym.st_name);
	if (!es->name) {
		error(ef->path, "corrupt symbol table: bad name of symbol %zu", i);
		return -1;
	}
	es->shndx = es->sym.st_shndx == SHN_XINDEX ? xndx : es->sym.st_shndx;
	es->type = elf_file_symtype(ef, &es->sym, es->shndx);
	es->hidden = nm_hides(ef, es);
	return 0;
}

/* What a scan of the symbol table found for one name. */
struct lookup {
	const char *name;
	struct elf_sym es;	/* the last definition seen */
	bool found;
	bool undef;		/* seen undefined or as a section symbol */
	bool twice;		/* defined at two places: the scan stopped here */
	uint64_t other;		/* the second address then */
};

static void lookup_step(struct lookup *l, const struct elf_sym *cur)
{
	if (l->twice || cur->name[0] != l->name[0] || strcmp(cur->name, l->name))
		return;
	if (cur->sym.st_shndx == SHN_UNDEF || GELF_ST_TYPE(cur->sym.st_info) == STT_SECTION) {
		l->undef = true;
		return;
	}
	if (l->found && (l->es.sym.st_value != cur->sym.st_value || l->es.shndx != cur->shndx)) {
		l->twice = true;
		l->other = cur->sym.st_value;
		return;
	}
	l->es = *cur;
	l->found = true;
}

/* Feed every symbol to the n lookups; stop once all of them failed. */
static int lookup_scan(const struct elf_file *ef, struct lookup *l, size_t n)
{
	struct elf_sym cur;
	size_t i, k, twice;

	for (i = 1; i < ef->nsyms; i++) {
		if (elf_file_sym(ef, i, &cur) < 0)
			return -1;
		for (k = twice = 0; k < n; k++) {
			lookup_step(&l[k], &cur);
			twice += l[k].twice;
		}
		if (twice == n)
			break;
	}
	return 0;
}

static int lookup_report(const struct elf_file *ef, const struct lookup *l)
{
	if (l->twice)
		error(ef->path, "symbol '%s' is defined twice, at %#llx and %#llx",
		      l->name, (unsigned long long)l->es.sym.st_value,
		      (unsigned long long)l->other);
	else if (l->found)
		return 0;
	else if (l->undef)
		error(ef->path, "symbol '%s' is undefined", l->name);
	else if (!ef->symdata)
		error(ef->path, "no symbol table");
	else
		error(ef->path, "symbol '%s' not found", l->name);
	return -1;
}

int elf_file_lookup(const struct elf_file *ef, const char *name, struct elf_sym *es)
{
	struct lookup l = { .name = name };

	if (lookup_scan(ef, &l, 1) < 0 || lookup_report(ef, &l) < 0)
		return -1;
	*es = l.es;
	return 0;
}

int elf_file_lookup_many(const struct elf_file *ef, const char *const names[], size_t n,
			 struct elf_sym es[], bool ok[])
{
	struct lookup *l = xcalloc(n ? n : 1, sizeof(*l));
	size_t k;
	int ret;

	for (k = 0; k < n; k++)
		l[k].name = names[k];
	ret = lookup_scan(ef, l, n);
	for (k = 0; k < n; k++) {
		ok[k] = ret == 0 && l[k].found && !l[k].twice;
		es[k] = l[k].es;
	}
	free(l);
	return ret;
}

/* The PT_LOAD segment holding [addr, addr+1) must map it to offset. */
static int check_segment(const struct elf_file *ef, uint64_t addr, uint64_t offset)
{
	size_t i;

	if (ef->ehdr.e_type == ET_REL || ef->phnum == 0)
		return 0;
	for (i = 0; i < ef->phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(ef->elf, (int)i, &ph)) {
			error(ef->path, "corrupt program header %zu: %s", i, elf_errmsg(-1));
			return -1;
		}
		if (ph.p_type != PT_LOAD || addr < ph.p_vaddr ||
		    addr - ph.p_vaddr >= ph.p_filesz)
			continue;
		if (ph.p_offset + (addr - ph.p_vaddr) != offset) {
			error(ef->path, "address %#llx: section and segment disagree on "
			      "its file offset (%#llx vs %#llx)", (unsigned long long)addr,
			      (unsigned long long)offset,
			      (unsigned long long)(ph.p_offset + (addr - ph.p_vaddr)));
			return -1;
		}
		return 0;
	}
	error(ef->path, "address %#llx is in no loadable segment", (unsigned long long)addr);
	return -1;
}

/* Why a section's bytes cannot be patched, or NULL if they can. */
static const char *image_problem(const GElf_Shdr *sh)
{
	/* an inactive header: its offset and size mean nothing (and are unchecked) */
	if (sh->sh_type == SHT_NULL)
		return "SHT_NULL";
	if (!(sh->sh_flags & SHF_ALLOC))
		return "non-allocated";
	if (sh->sh_type == SHT_NOBITS)
		return "NOBITS";
	if (sh->sh_flags & SHF_COMPRESSED)
		return "compressed";
	return NULL;
}

/* Fill loc for the byte delta bytes into section idx. */
static void fill_loc(const struct elf_file *ef, size_t idx, const GElf_Shdr *sh,
		     uint64_t delta, struct elf_loc *loc)
{
	loc->shndx = idx;
	loc->shdr = *sh;
	loc->secname = elf_file_secname(ef, sh);
	loc->offset = sh->sh_offset + delta;
	loc->room = sh->sh_size - delta;
}

/* The real section index of a defined symbol, or 0 after a report. */
static size_t sym_section(const struct elf_file *ef, const struct elf_sym *es)
{
	unsigned int st = es->sym.st_shndx;

	if (st == SHN_ABS) {
		error(ef->path, "symbol '%s' is absolute", es->name);
		return 0;
	}
	if (st == SHN_COMMON) {
		error(ef->path, "symbol '%s' is common: in no section", es->name);
		return 0;
	}
	if (GELF_ST_TYPE(es->sym.st_info) == STT_TLS) {
		error(ef->path, "symbol '%s' is thread-local: its value is no address",
		      es->name);
		return 0;
	}
	if (st == SHN_UNDEF || (st >= SHN_LORESERVE && st != SHN_XINDEX) ||
	    es->shndx >= ef->shnum) {
		error(ef->path, "symbol '%s' is in no section (index %#x)", es->name, st);
		return 0;
	}
	return es->shndx;
}

int elf_file_locate_sym(const struct elf_file *ef, const struct elf_sym *es,
			struct elf_loc *loc)
{
	uint64_t addr = es->sym.st_value;
	const char *why;
	GElf_Shdr sh;
	size_t idx;

	idx = sym_section(ef, es);
	if (!idx || elf_file_shdr(ef, idx, &sh) < 0)
		return -1;
	why = image_problem(&sh);
	if (why) {
		error(ef->path, "symbol '%s' is in %s section %s: not patchable",
		      es->name, why, elf_file_secname(ef, &sh));
		return -1;
	}
	if (addr < sh.sh_addr || addr - sh.sh_addr > sh.sh_size) {
		error(ef->path, "symbol '%s' at %#llx lies outside its section %s "
		      "[%#llx, %#llx): in no section", es->name, (unsigned long long)addr,
		      elf_file_secname(ef, &sh), (unsigned long long)sh.sh_addr,
		      (unsigned long long)(sh.sh_addr + sh.sh_size));
		return -1;
	}
	fill_loc(ef, idx, &sh, addr - sh.sh_addr, loc);
	return loc->room ? check_segment(ef, addr, loc->offset) : 0;
}

/*
 * The section whose file image holds offset off (allocated ones win over
 * others); 0 if none, (size_t)-1 after an error report.
 */
static size_t section_at_offset(const struct elf_file *ef, uint64_t off, GElf_Shdr *out)
{
	size_t i, found = 0;

	for (i = 1; i < ef->shnum; i++) {
		GElf_Shdr sh;

		if (elf_file_shdr(ef, i, &sh) < 0)
			return (size_t)-1;
		if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL ||
		    off < sh.sh_offset || off - sh.sh_offset >= sh.sh_size)
			continue;
		if (!found || (sh.sh_flags & SHF_ALLOC)) {
			*out = sh;
			found = i;
		}
		if (sh.sh_flags & SHF_ALLOC)
			break;
	}
	return found;
}

int elf_file_range(const struct elf_file *ef, uint64_t off, uint64_t len,
		   struct elf_loc *loc)
{
	unsigned long long o = off, end = off + len;
	const char *why;
	uint64_t addr;
	GElf_Shdr sh;
	size_t idx;

	if (off >= ef->size || len > ef->size - off) {
		error(ef->path, "range [%#llx, %#llx) lies past the end of the file "
		      "(%#llx bytes)", o, o + len, (unsigned long long)ef->size);
		return -1;
	}
	idx = section_at_offset(ef, off, &sh);
	if (idx == (size_t)-1)
		return -1;
	if (!idx) {
		error(ef->path, "offset %#llx is in no section", o);
		return -1;
	}
	why = image_problem(&sh);
	if (why) {
		error(ef->path, "offset %#llx is in %s section %s: not patchable",
		      o, why, elf_file_secname(ef, &sh));
		return -1;
	}
	if (len > sh.sh_size - (off - sh.sh_offset)) {
		error(ef->path, "range [%#llx, %#llx) crosses the end of section %s at %#llx",
		      o, end, elf_file_secname(ef, &sh),
		      (unsigned long long)(sh.sh_offset + sh.sh_size));
		return -1;
	}
	fill_loc(ef, idx, &sh, off - sh.sh_offset, loc);
	addr = sh.sh_addr + (off - sh.sh_offset);
	if (check_segment(ef, addr, off) < 0)
		return -1;
	return len > 1 ? check_segment(ef, addr + len - 1, off + len - 1) : 0;
}

void elf_file_capacity_many(const struct elf_file *ef, const struct elf_sym es[],
			    const struct elf_loc loc[], size_t n, uint64_t cap[])
{
	struct elf_sym cur;
	size_t i, k;

	for (k = 0; k < n; k++)
		cap[k] = loc[k].shdr.sh_addr + loc[k].shdr.sh_size;	/* the end, for now */
	for (i = 1; i < ef->nsyms; i++) {
		if (elf_file_sym(ef, i, &cur) < 0)
			break;
		if (cur.sym.st_shndx == SHN_UNDEF || cur.sym.st_shndx == SHN_ABS || cur.hidden)
			continue;
		for (k = 0; k < n; k++)
			if (cur.shndx == loc[k].shndx && cur.sym.st_value > es[k].sym.st_value &&
			    cur.sym.st_value < cap[k])
				cap[k] = cur.sym.st_value;
	}
	for (k = 0; k < n; k++)
		cap[k] -= es[k].sym.st_value;
}

uint64_t elf_file_capacity(const struct elf_file *ef, const struct elf_sym *es,
			   const struct elf_loc *loc)
{
	uint64_t cap;

	elf_file_capacity_many(ef, es, loc, 1, &cap);
	return cap;
}

int elf_file_read(const struct elf_file *ef, uint64_t off, void *buf, size_t len)
{
	if (off > ef->size || len > ef->size - off) {
		error(ef->path, "read of %zu bytes at offset %#llx is past the end of the file",
		      len, (unsigned long long)off);
		return -1;
	}
	return pread_all(ef->fd, buf, len, off, ef->path);
}

/* The machine's word-sized "base + addend" relocation type, or 0. */
static uint32_t relative_type(const struct elf_file *ef)
{
	switch (ef->ehdr.e_machine) {
	case EM_X86_64:
	case EM_386:
		return R_X86_64_RELATIVE;	/* 8 for both */
	case EM_AARCH64:
		return R_AARCH64_RELATIVE;
	case EM_ARM:
		return R_ARM_RELATIVE;
	case EM_RISCV:
		return R_RISCV_RELATIVE;
	case EM_PPC64:
		return R_PPC64_RELATIVE;
	case EM_PPC:
		return R_PPC_RELATIVE;
	case EM_S390:
		return R_390_RELATIVE;
	default:
		return 0;
	}
}

static void add_dynrel(struct elf_dynrel **v, size_t *n, const struct elf_dynrel *r)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = *r;
}

/* The slots of a SHT_RELR section that lie in [addr, addr+len). */
static int relr_dynrels(const struct elf_file *ef, const GElf_Shdr *sh, uint64_t addr,
			uint64_t len, struct elf_dynrel **v, size_t *n)
{
	size_t w = (size_t)ef->word, i, count;
	unsigned char *buf;
	uint64_t where = 0;

	if (sh->sh_size % w) {
		error(ef->path, "section %s: size %llu is not a multiple of %zu",
		      elf_file_secname(ef, sh), (unsigned long long)sh->sh_size, w);
		return -1;
	}
	count = sh->sh_size / w;
	buf = xmalloc(sh->sh_size ? sh->sh_size : 1);
	if (elf_file_read(ef, sh->sh_offset, buf, sh->sh_size) < 0) {
		free(buf);
		return -1;
	}
	for (i = 0; i < count; i++) {
		uint64_t e = get_word(buf + i * w, ef->word, ef->big);
		struct elf_dynrel r = { .relative = true };
		unsigned int bit;

		if (!(e & 1)) {
			/* an address; the bitmaps that follow start after it */
			r.addr = e;
			if (e >= addr && e - addr < len)
				add_dynrel(v, n, &r);
			where = e + w;
			continue;
		}
		for (bit = 1; bit < 8 * w; bit++) {
			r.addr = where + (bit - 1) * w;
			if ((e >> bit) & 1 && r.addr >= addr && r.addr - addr < len)
				add_dynrel(v, n, &r);
		}
		where += (8 * w - 1) * w;
	}
	free(buf);
	return 0;
}

/*
 * The entries of a SHT_RELA or SHT_REL section that apply to [addr,
 * addr+len), read from the file itself (not libelf's cached copy), so
 * that an addend just written is what is read back.
 */
static int rel_dynrels(const struct elf_file *ef, const GElf_Shdr *sh, uint32_t relative,
		       uint64_t addr, uint64_t len, struct elf_dynrel **v, size_t *n)
{
	bool rela = sh->sh_type == SHT_RELA;
	size_t w = (size_t)ef->word, ent = (rela ? 3 : 2) * w, i, count;
	unsigned char *buf;

	if (sh->sh_entsize != ent) {
		error(ef->path, "section %s: entry size %llu, expected %zu",
		      elf_file_secname(ef, sh), (unsigned long long)sh->sh_entsize, ent);
		return -1;
	}
	count = sh->sh_size / ent;
	buf = xmalloc(sh->sh_size ? sh->sh_size : 1);
	if (elf_file_read(ef, sh->sh_offset, buf, count * ent) < 0) {
		free(buf);
		return -1;
	}
	for (i = 0; i < count; i++) {
		const unsigned char *e = buf + i * ent;
		uint64_t info = get_word(e + w, ef->word, ef->big);
		struct elf_dynrel r = { 0 };

		r.addr = get_word(e, ef->word, ef->big);
		r.type = ef->is64 ? (uint32_t)info : (uint32_t)(info & 0xff);
		r.relative = relative && r.type == relative;
		if (rela) {
			r.rela = true;
			r.addend = ef->is64 ? (int64_t)get_u64(e + 2 * w, ef->big) :
					      (int32_t)get_u32(e + 2 * w, ef->big);
			r.addend_offset = sh->sh_offset + i * ent + 2 * w;
		}
		if (r.addr >= addr && r.addr - addr < len)
			add_dynrel(v, n, &r);
	}
	free(buf);
	return 0;
}

int elf_file_dynrels(const struct elf_file *ef, uint64_t addr, uint64_t len,
		     struct elf_dynrel **out)
{
	uint32_t relative = relative_type(ef);
	struct elf_dynrel *v = NULL;
	Elf_Scn *scn = NULL;
	size_t n = 0;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh)) {
			free(v);
			return elf_fail(ef, "cannot read section header");
		}
		if (!(sh.sh_flags & SHF_ALLOC))
			continue;
		if (sh.sh_type == SHT_RELR) {
			if (relr_dynrels(ef, &sh, addr, len, &v, &n) < 0) {
				free(v);
				return -1;
			}
			continue;
		}
		if (!sh.sh_entsize || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL))
			continue;
		if (rel_dynrels(ef, &sh, relative, addr, len, &v, &n) < 0) {
			free(v);
			return -1;
		}
	}
	*out = v;
	return (int)n;
}
