/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kallsyms.h - what the parts of the kallsyms program share: the symbol
 * list the readers fill, and the table built from it.
 */
#ifndef ONELINK_KALLSYMS_H
#define ONELINK_KALLSYMS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Names this long or longer are skipped, as the kernel's tool does. */
#define KSYM_NAME_LEN	512
/* The longest type+name the names array can encode (two-byte ULEB128). */
#define KSYM_MAX_ENCODED	0x3FFF

/* One symbol as nm prints it: address, type letter, name. */
struct ksym {
	uint64_t addr;
	char type;
	bool undef;		/* undefined: nm prints no address */
	bool vis_hidden;	/* a global definition with hidden or internal
				 * visibility (libbfd readers) */
	char *name;
	const char *section;	/* holding input section (interned), or NULL */
	const char *object;	/* libbfd readers: the object file defining it
				 * (a thin archive's member's path; interned) */
};

struct namechunk;

/* The names live in chunks the list owns, not in one allocation each. */
struct symlist {
	struct ksym *v;
	size_t n, cap;
	struct namechunk *names;
};

void symlist_add(struct symlist *l, uint64_t addr, char type, const char *name);
/* The same, recording the section that holds the symbol. */
void symlist_add_sec(struct symlist *l, uint64_t addr, char type, const char *name,
		     const char *section);
/* One shared copy of s for the life of the program. */
const char *intern(const char *s);
void symlist_free(struct symlist *l);
/* Sort as `nm -n` does: undefined first, then by address, then by name. */
void symlist_sort_nm(struct symlist *l);
/* Print as nm does ("%016llx T name"; 8 digits when word == 4). */
void symlist_print_nm(FILE *out, const struct symlist *l, int word);

/*
 * A hash of one symbol's type and name (FNV-1a, mixed): summed over a
 * list, it gives a digest of the list as a multiset.
 */
uint64_t symbol_hash(char type, const char *name);
/* FNV-1a of n bytes at p, continuing from h (FNV1A_INIT to start). */
#define FNV1A_INIT	0xcbf29ce484222325ULL
uint64_t fnv1a(uint64_t h, const void *p, size_t n);
/* splitmix64's finalizer: every bit of x moves about half of the result */
uint64_t mix64(uint64_t x);

/* True if scripts/mksysmap would delete this symbol's line (sysmap.c). */
bool mksysmap_drops(char type, const char *name);
/* The same for Linux 6.1's scripts/mksysmap. */
bool mksysmap_drops_6_1(char type, const char *name);

/* ---- readers; each returns 0, or -1 after reporting the error ---- */

/* An `nm -n` listing ("-" is stdin), as scripts/kallsyms reads it. */
int read_listing(const char *path, struct symlist *out);
/* The same from an open stream; path names it in messages. */
int read_listing_file(FILE *fp, const char *path, struct symlist *out);

/*
 * A linked (or relocatable) ELF file read with libelf: every symbol nm
 * would print, with nm's type letters, unsorted.  *word gets 4 or 8.
 */
int read_elf_symbols(const char *path, struct symlist *out, int *word);
/* The same from an ELF file already open. */
struct elf_file;
int read_elf_file(const struct elf_file *ef, struct symlist *out);
/* The value nm prints for one of its symbols. */
struct elf_sym;
uint64_t elf_sym_nm_value(const struct elf_file *ef, const struct elf_sym *es);

/*
 * The symbols of read_bfd_symbols()'s inputs kept in a file between runs
 * (symcache.c).  symcache_open() never fails (a missing or bad cache is
 * empty); symcache_close() writes the entries of this run (-1 after an
 * error report) and frees; symcache_discard() only frees.
 */
struct symcache;

/* What the file at path is by its first bytes: a thin archive's members
 * are files of their own; a missing file is ARCHIVE_NONE. */
enum archive_kind { ARCHIVE_NONE, ARCHIVE_REGULAR, ARCHIVE_THIN };
enum archive_kind archive_kind(const char *path);

/*
 * Objects and archives (thin archives included) of any target the
 * multi-target libbfd knows, LTO IR objects through the bfd plugin:
 * every symbol nm would print, unsorted.  *word gets 4 or 8.  With a
 * cache (else NULL), an unchanged file's symbols (a thin archive's
 * member, an object, a regular archive) come from it, and what is read
 * is added to it.
 */
int read_bfd_symbols(const char *path, struct symcache *cache, struct symlist *out,
		     int *word);

struct symcache *symcache_open(const char *file);
int symcache_get(struct symcache *c, const char *path, struct symlist *out, int *word);
void symcache_put(struct symcache *c, const char *path, const struct ksym *v, size_t n, int word);
int symcache_close(struct symcache *c);
void symcache_discard(struct symcache *c);

/* ---- the table (table.c) ---- */

/* The arrays of a table, by name (format.c). */
enum karray {
	KA_NUM_SYMS, KA_NAMES, KA_MARKERS, KA_TOKEN_TABLE, KA_TOKEN_INDEX,
	KA_OFFSETS, KA_RELATIVE_BASE, KA_SEQS_OF_NAMES, KA_COUNT
};
extern const char *const karray_name[KA_COUNT];

/* What one kernel version's table looks like (format.c). */
struct kformat {
	const char *name;		/* "6.12": --format=NAME, "format linux-NAME" */
	enum karray order[KA_COUNT];	/* the arrays it has, in .rodata order */
	unsigned int narrays;
	bool keep_start_stop;		/* __start_/__stop_ kept without --all-symbols */
	bool own_ignore_list;		/* the tool drops kallsyms_*, stubs, U, N itself */
	bool empty_is_error;		/* no symbol left: "No valid symbol" */
	bool pc_relative;		/* offsets[i] = address - &offsets[i]; no relative_base */
	bool align4;			/* every label .balign 4, not the word size */
	bool has_absolute_percpu;	/* --absolute-percpu exists */
	bool has_lto_clang;		/* --lto-clang exists */
	bool (*map_drops)(char type, const char *name);	/* its scripts/mksysmap */
};
extern const struct kformat kformats[];
/* The format called name ("6.1", "6.12", "7.0"), or NULL. */
const struct kformat *kformat_find(const char *name);
/* The format without --format (6.12); options and layouts resolve it once. */
const struct kformat *kformat_default(void);
bool kformat_has(const struct kformat *f, enum karray a);
/* Names Linux 6.1's scripts/kallsyms drops by itself. */
bool kformat_6_1_ignores(const char *name);

struct table_opts {
	bool all_symbols;	/* keep symbols outside the text ranges */
	bool absolute_percpu;	/* per-cpu symbols as absolute values */
	bool lto_clang;		/* 6.1: sort names without their ".llvm." suffix */
	const struct kformat *fmt;	/* never NULL: kformat_default() without --format */
	const char *token_cache;	/* --token-cache: the last compression (tokcache.c) */
};

/* One symbol of the table. */
struct kentry {
	uint64_t addr;
	unsigned int len;	/* bytes of sym (shrinks while compressing) */
	unsigned int seq;	/* input order, then table index */
	bool percpu_abs;
	unsigned char *sym;	/* type letter + name, compressed in place */
	char *text;		/* type letter + name, as read */
};

/* The arrays of a table, host byte order. */
struct ktable {
	const struct kformat *fmt;
	struct kentry **e;	/* by address: the table order */
	unsigned int n;
	uint64_t text;		/* address of _text (0 if not listed) */
	uint64_t relative_base;
	unsigned char token[256][2];
	unsigned char token_len[256];
	unsigned char *names;
	size_t names_len;
	uint32_t *markers;
	unsigned int nmarkers;
	char *token_table;
	size_t token_table_len;
	uint16_t token_index[256];
	uint32_t *offsets;	/* pc_relative: address - _text */
	uint32_t *seqs;		/* table indices in name order */
	struct kentry *entries;	/* where e[] points */
	char *strings;		/* where the entries' text and sym live */
};

/*
 * Build the table from a listing in nm -n order, as scripts/kallsyms
 * would: filter, sort, compress, lay out.  -1 after an error report.
 */
int table_build(const struct symlist *in, const struct table_opts *opts,
		struct ktable *t, const char *what);
void table_free(struct ktable *t);
/*
 * The names' compression of a table kept in a file between runs
 * (tokcache.c): tokcache_take() gives t (filtered and sorted, not yet
 * compressed) the tokens and compressed names of the file if they were
 * made for the same multiset of symbols, checked to expand back to each
 * name (0), or leaves t as it was (-1, silently);  tokcache_save()
 * writes t's (after compression; a failure is only a warning).
 */
int tokcache_take(struct ktable *t, const char *path);
void tokcache_save(const struct ktable *t, const char *path);
/* Expand a compressed symbol with the table's tokens into buf (KSYM_MAX_ENCODED+1). */
size_t table_expand(const struct ktable *t, const unsigned char *data, size_t len, char *buf);

/* ---- the table's assembler (asm.c) ---- */

/* Kernel assembler on out, .byte data (stock scripts/kallsyms layout). */
void table_write_asm(FILE *out, const struct ktable *t);

/* ---- a table inside a linked ELF (kelf.c) ---- */

struct elf_file;

/* Target properties that fix the byte image of the arrays. */
struct ktarget {
	bool big;
	int word;		/* 4 or 8 */
	uint64_t offsets_addr;	/* pc_relative formats: address of kallsyms_offsets */
};

/* The byte image of array a for target tg; *len gets its size. */
unsigned char *table_image(const struct ktable *t, enum karray a,
			   const struct ktarget *tg, size_t *len);

/* Where each array sits in the file. */
struct kplace {
	uint64_t addr;		/* st_value of its label */
	uint64_t offset;	/* file offset */
	uint64_t capacity;	/* bytes to the next symbol or section end */
	uint64_t size;		/* st_size of the label (onelink's reserve) */
};

struct kelf {
	const struct kformat *fmt;
	struct kplace place[KA_COUNT];
	unsigned char *data[KA_COUNT];	/* capacity bytes, file byte order */
	struct ktarget target;
};

/* Find and read every array of format fmt; -1 after an error report. */
int kelf_load(const struct elf_file *ef, const struct kformat *fmt, struct kelf *k);
void kelf_free(struct kelf *k);

/*
 * Dynamic relocations on the arrays (dynrel.c): only relative ones, each
 * on a whole word.  kelf_apply_dynrels() (run by kelf_load()) puts into
 * k->data the value each relocated word has after the loader's
 * relocation at the link address; kelf_patch_dynrels(), after the arrays
 * are patched with image[] (len[] bytes each), sets the addend of every
 * RELA relocation to the patched word, through write (n bytes at file
 * offset off; -1 after an error report).  -1 after an error report.
 */
typedef int (*kelf_write_fn)(void *arg, const void *buf, size_t n, uint64_t off);
int kelf_apply_dynrels(const struct elf_file *ef, struct kelf *k);
int kelf_patch_dynrels(const struct elf_file *ef, const struct kelf *k,
		       unsigned char *const image[], const size_t len[],
		       kelf_write_fn write, void *arg);

/*
 * Decode the table as the kernel does at run time into out (table
 * order), checking every index and length; -1 after an error report.
 */
int kelf_decode(const struct kelf *k, bool absolute_percpu, const char *what,
		struct symlist *out);

/*
 * Compare the arrays in the file with the table t: 0 if every array
 * holds exactly t's bytes (padding after them aside); otherwise report
 * the first differences and return -1.
 */
int kelf_compare(const struct kelf *k, const struct ktable *t, bool absolute_percpu,
		 const char *what);

/* ---- System.map of a linked ELF (sysmap.c) ---- */

/* What `nm -n ELF | sed -f scripts/mksysmap` prints (format fmt's mksysmap). */
int read_system_map(const char *path, const struct kformat *fmt, struct symlist *out,
		    int *word);
int read_system_map_elf(const struct elf_file *ef, const struct kformat *fmt,
			struct symlist *out);
/* The table nm's view of the file gives (what stock would build from System.map). */
int table_from_elf_file(const struct elf_file *ef, const struct table_opts *opts,
			struct ktable *t);

/* ---- one link: pre-link superset and layout, final patch ---- */

/* What a linker script tells: the symbols it may define (type guessed),
 * and which input sections it discards. */
struct lds_rule {
	char *pattern;		/* input section glob */
	bool discard;		/* its output section is /DISCARD/ */
	int out;		/* its output section, counted from 0 in script order */
};

struct lds {
	struct symlist symbols;
	struct lds_rule *rules;
	size_t nrules;
	int nout;		/* output sections */
	/* the first matching rule by section (names are interned), or -1 */
	const char **seen;
	long *seen_rule;
	size_t seen_cap, seen_n;
};

int lds_read(const char *path, struct lds *l);
/* Does the first rule matching section put it in /DISCARD/?  section
 * must come from intern(): answers are remembered by its address. */
bool lds_discards(struct lds *l, const char *section);
/* The output section the first matching rule puts section in (an index,
 * from 0 in script order), or -1: no rule matches (an orphan). */
int lds_output(struct lds *l, const char *section);
void lds_free(struct lds *l);

#define LAYOUT_VERSION	1
/* Which rule planned the reserves (layout_plan); part of the digest. */
#define LAYOUT_PLAN_RULE	3

/* What the pre-link pass reserved for each array (layout.c). */
struct layout {
	struct table_opts opts;
	int word;			/* 4 or 8 */
	unsigned int margin;		/* per mille added to the superset */
	unsigned int symbols;		/* superset symbols */
	unsigned int reserved_symbols;	/* symbols the arrays have room for */
	uint64_t need[KA_COUNT];	/* bytes the superset needs */
	uint64_t reserve[KA_COUNT];	/* bytes reserved */
	uint64_t digest;		/* of the superset (superset_digest); 0: none */
	struct symlist superset;	/* type letter + name; address unused */
};

int layout_write(const char *path, const struct layout *lay);
int layout_read(const char *path, struct layout *lay);
int layout_read_file(FILE *f, const char *path, struct layout *lay);
/* The header alone (no superset), silently: -1 on anything unexpected. */
int layout_read_header(const char *path, struct layout *lay);
int layout_read_header_file(FILE *f, struct layout *lay);
void layout_free(struct layout *lay);
/* The padded table: every array's label, reserve and alignment (asm.c). */
void layout_write_asm(FILE *out, const struct layout *lay);

/* ---- the modes of one step (modes.c); each returns the exit status ---- */

/* A table from a listing: assembler on stdout, or with raw (not NULL)
 * each array's bytes for target tg in raw/NAME.bin. */
int do_table(const char *path, const struct table_opts *o, const char *raw,
	     const struct ktarget *tg);
/* --nm: each file's symbols as nm -n lists them; read with libbfd if bfd. */
int do_nm(char **files, int nfiles, bool bfd);
/* --system-map */
int do_system_map(const char *path, const struct kformat *fmt);
/* --decode, or with verify --verify */
int do_read_table(const char *path, const struct table_opts *o, bool verify);

/* ---- the two passes of one link ---- */

/* What --prelink was given. */
struct prelink_opts {
	struct table_opts table;
	const char *layout;		/* the layout file, written or kept */
	const char *lds;		/* the linker script, or NULL */
	const char *grow;		/* --grow: the layout not to shrink below, or NULL */
	const char *cache;		/* --cache: the inputs' symbols between runs, or NULL */
	char **libs;			/* --lib: archives linked as a group, members on demand */
	int nlibs;
	bool localize_hidden;		/* --localize-hidden: the link makes hidden globals local */
	unsigned int margin;		/* per mille */
	uint64_t pin[KA_COUNT];		/* --reserve: pinned reserves, 0 = none */
};

/*
 * The pre-link pass (prelink.c): the superset of the inputs, the reserves
 * (planned, kept from the layout file, grown, pinned), the layout file and
 * the padded table on stdout.  Exit status 0 or 1.
 */
int do_prelink(char **inputs, int n, const struct prelink_opts *o);

/*
 * members.c: keep in in only the symbols the link takes: those before
 * lib_start (whole objects) and those of the library members that define
 * a name the taken objects use (ld's archive rule, erring on taking).
 */
void drop_unlinked_members(struct symlist *in, size_t lib_start);

/* What a provenance run was given besides the linked file and its inputs. */
struct prov_opts {
	const char *lds;		/* the linker script: its assignments' object */
	const char *modules_builtin;	/* kbuild's modules.builtin, or NULL */
	const char *cache;		/* the inputs' symbols between runs, or NULL */
};

/* What --final was given. */
struct final_opts {
	struct table_opts table;
	const char *layout;		/* the layout file to check against, or NULL */
	const char *map_out;		/* --write-map, or NULL */
	bool explain;
	bool dry_run;
	bool sync;			/* --sync: fsync the patched file */
	const char *prov_out;		/* --write-provenance, or NULL */
	struct prov_opts prov;		/* its options */
	char **inputs;			/* the link's inputs, for the provenance */
	int ninputs;
};

/* The final pass on a linked file: exit status 0, 1 (error), 3 (overflow). */
#define EXIT_OVERFLOW	3
int do_final(const char *path, const struct final_opts *o);

#endif
