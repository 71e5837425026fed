// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * read_bfd.c - read the symbols of objects and archives with libbfd, as
 * nm lists them.
 *
 * The multi-target libbfd reads every object format it knows, archives
 * and thin archives (the kernel's vmlinux.a and built-in.a) included.
 * Like nm: open, check the format (archive first, then object),
 * canonicalize the symbol table, drop debugging symbols (section and
 * file symbols) and target-special ones (mapping symbols), take nm's
 * letter from bfd_get_symbol_info().
 *
 * LTO IR objects hold no real symbol table; the compiler's linker plugin
 * lists their symbols.  LLVM bitcode is recognized by no other target, so
 * the default search ends at the plugin target by itself.  GCC's objects
 * are ELF files with .gnu.lto_ sections: nm lists them (slim or fat) from
 * the IR, so they are opened a second time with the "plugin" target,
 * which is slow, so only those.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PACKAGE "onelink"
#define PACKAGE_VERSION "0"
#include <bfd.h>

#include "kallsyms.h"
#include "util.h"

/* From bfd/plugin.h, which is not installed. */
void bfd_plugin_set_program_name(const char *name);

/*
 * libbfd looks for plugins in ../lib/bfd-plugins relative to the program's
 * directory, taking the path from its bin directory to its lib directory.
 * A bare "kallsyms" is not found in $PATH and no plugin loads; so give
 * the name as if the program lived in libbfd's bin directory, as nm does.
 */
#ifndef BFD_BINDIR
#define BFD_BINDIR	"/usr/bin"
#endif

enum archive_kind archive_kind(const char *path)
{
	char magic[8];
	FILE *f = fopen(path, "rb");
	enum archive_kind k = ARCHIVE_NONE;

	if (f && fread(magic, 1, 8, f) == 8) {
		if (!memcmp(magic, "!<thin>\n", 8))
			k = ARCHIVE_THIN;
		else if (!memcmp(magic, "!<arch>\n", 8))
			k = ARCHIVE_REGULAR;
	}
	if (f)
		fclose(f);
	return k;
}

/*
 * libbfd's plugin support prints the plugins' messages on stdout ("bfd
 * plugin: LLVM gold plugin has failed to create LTO module: ..." for any
 * file no real target recognizes), which would land in the listing.
 * Format checks run with stdout on /dev/null; the error we report says
 * what went wrong.
 */
static int mute_stdout(void)
{
	int saved, null;

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, STDOUT_FILENO);
	if (null >= 0)
		close(null);
	return saved;
}

static void unmute_stdout(int saved)
{
	if (saved < 0)
		return;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
}

static bool check_format(bfd *abfd, bfd_format format, char ***matching)
{
	int saved = mute_stdout();
	bool ok = bfd_check_format_matches(abfd, format, matching);

	unmute_stdout(saved);
	return ok;
}

static int bfd_fail(const char *name, const char *what)
{
	error(name, "%s: %s", what, bfd_errmsg(bfd_get_error()));
	return -1;
}

static int init_bfd(void)
{
	static int state;	/* 0 not yet, 1 ready, -1 failed */

	if (state)
		return state;
	if (bfd_init() != BFD_INIT_MAGIC) {
		error(NULL, "libbfd does not match the bfd.h it was built with");
		state = -1;
		return state;
	}
	bfd_plugin_set_program_name(BFD_BINDIR "/kallsyms");
	state = 1;
	return state;
}

/* nm's print width: the ELF class, else a guess from the target name. */
static int bfd_word(bfd *abfd)
{
	int bits = bfd_get_arch_size(abfd);

	if (bits == -1)
		bits = strstr(bfd_get_target(abfd), "64") ? 64 : 32;
	return bits == 64 ? 8 : 4;
}

static bool nm_lists(bfd *abfd, asymbol *sym)
{
	if (sym->flags & BSF_DEBUGGING)
		return false;
	return !bfd_is_target_special_symbol(abfd, sym);
}

/*
 * binutils' elf_symbol_type (bfd/elf-bfd.h, which is not installed): the
 * asymbol of an ELF target is its first member and the ELF symbol, as
 * read, comes next.  Nothing else of libbfd's API gives the visibility.
 * elf_visibility() checks the ELF symbol against what the asymbol says
 * (binding, value) before it trusts the layout.
 */
struct elf_symbol_mirror {
	asymbol symbol;
	struct {
		bfd_vma st_value;
		bfd_vma st_size;
		unsigned long st_name;
		unsigned char st_info;
		unsigned char st_other;
		unsigned char st_target_internal;
		unsigned int st_shndx;
	} elf;
};

/*
 * The ELF visibility (STV_*) of sym of abfd, or -1 when abfd is no ELF
 * file or its symbol does not look like the mirror's.
 */
static int elf_visibility(bfd *abfd, asymbol *sym)
{
	const struct elf_symbol_mirror *m = (const struct elf_symbol_mirror *)sym;
	unsigned int bind = m->elf.st_info >> 4;
	bool agrees;

	if (bfd_get_flavour(abfd) != bfd_target_elf_flavour || (sym->flags & BSF_SYNTHETIC))
		return -1;
	if (sym->flags & BSF_LOCAL)
		agrees = bind == 0;			/* STB_LOCAL */
	else if (sym->flags & BSF_WEAK)
		agrees = bind == 2;			/* STB_WEAK */
	else if (sym->flags & BSF_GLOBAL)
		agrees = bind == 1;			/* STB_GLOBAL */
	else
		agrees = true;
	if (agrees && !bfd_is_com_section(sym->section) && !bfd_is_und_section(sym->section))
		agrees = m->elf.st_value == sym->value + sym->section->vma;
	return agrees ? m->elf.st_other & 3 : -1;
}

/*
 * A global definition with hidden or internal visibility, which the link
 * may make local (prelink.c's --localize-hidden).  Protected (3) and
 * default (0) ones stay global.
 */
static bool vis_hidden(bfd *abfd, asymbol *sym)
{
	int vis;

	if (!(sym->flags & (BSF_GLOBAL | BSF_WEAK)) || bfd_is_und_section(sym->section))
		return false;
	vis = elf_visibility(abfd, sym);
	return vis == 1 || vis == 2;		/* STV_INTERNAL, STV_HIDDEN */
}

/* The symbols of one object, as nm lists them. */
static int read_object(bfd *abfd, const char *name, struct symlist *out, int *word)
{
	asymbol **syms;
	long size, n, i;

	if (bfd_word(abfd) > *word)
		*word = bfd_word(abfd);
	if (!(bfd_get_file_flags(abfd) & HAS_SYMS)) {
		/*
		 * The plugin target accepts what no other target does and the
		 * plugin could not read (a truncated ELF file): no symbols.
		 */
		if (!strcmp(bfd_get_target(abfd), "plugin"))
			error(name, "file format not recognized");
		else
			error(name, "no symbols");
		return -1;
	}
	size = bfd_get_symtab_upper_bound(abfd);
	if (size < 0)
		return bfd_fail(name, "cannot read symbol table");
	syms = xmalloc((size_t)size);
	n = bfd_canonicalize_symtab(abfd, syms);
	if (n < 0) {
		free(syms);
		return bfd_fail(name, "cannot read symbol table");
	}
	for (i = 0; i < n; i++) {
		symbol_info info;

		if (!nm_lists(abfd, syms[i]))
			continue;
		bfd_get_symbol_info(abfd, syms[i], &info);
		symlist_add_sec(out, info.value, info.type, info.name,
				bfd_section_name(bfd_asymbol_section(syms[i])));
		out->v[out->n - 1].vis_hidden = vis_hidden(abfd, syms[i]);
	}
	free(syms);
	return 0;
}

/* Has GCC's LTO sections: slim or fat, nm lists such objects from the IR. */
static bool is_gcc_lto(bfd *abfd)
{
	asection *sec;

	for (sec = abfd->sections; sec; sec = sec->next)
		if (!strncmp(bfd_section_name(sec), ".gnu.lto_", 9))
			return true;
	return false;
}

static int report_format(const char *name, char **matching)
{
	bfd_error_type err = bfd_get_error();
	int i;

	if (err == bfd_error_file_ambiguously_recognized && matching) {
		error(name, "file format is ambiguous; matching formats:");
		for (i = 0; matching[i]; i++)
			error(name, "  %s", matching[i]);
	} else {
		error(name, "%s", bfd_errmsg(err));
	}
	free(matching);
	return -1;
}

/* A GCC LTO object read as ELF: its real symbols are in the IR. */
static bool needs_plugin(bfd *abfd)
{
	return strcmp(bfd_get_target(abfd), "plugin") && is_gcc_lto(abfd);
}

/* Read an object whose format is known: directly, or through plugin. */
static int read_checked(bfd *abfd, bfd *plugin, const char *name,
			struct symlist *out, int *word)
{
	if (!plugin || !needs_plugin(abfd))
		return read_object(abfd, name, out, word);
	if (!check_format(plugin, bfd_object, NULL) || needs_plugin(plugin))
		return bfd_fail(name, "cannot read LTO object through the plugin");
	return read_object(plugin, name, out, word);
}

static bool check_object(bfd *abfd, const char *name)
{
	char **matching = NULL;

	if (check_format(abfd, bfd_object, &matching))
		return true;
	report_format(name, matching);
	return false;
}

/*
 * The archive opened a second time with the plugin target, walked in step
 * with the first: the member with the same index, read by the plugin.
 */
struct plugin_archive {
	const char *path;
	bfd *arch;
	bfd *elt;
	size_t idx;		/* elt is member idx, counting from 1 */
	bool failed;
	const char *hint;	/* target of the last member read */
};

static bfd *plugin_member(struct plugin_archive *pa, size_t idx, const char *name)
{
	if (pa->failed)
		return NULL;
	if (!pa->arch) {
		pa->arch = bfd_openr(pa->path, "plugin");
		if (!pa->arch || !check_format(pa->arch, bfd_archive, NULL))
			goto fail;
	}
	while (pa->idx < idx) {
		bfd *next = bfd_openr_next_archived_file(pa->arch, pa->elt);

		if (pa->elt)
			bfd_close(pa->elt);
		pa->elt = next;
		if (!pa->elt)
			goto fail;
		pa->idx++;
	}
	return pa->elt;
fail:
	bfd_fail(name, "cannot open the archive through the plugin");
	pa->failed = true;
	return NULL;
}

/*
 * Try the target the previous member had first: the search through every
 * target of the multi-target bfd costs far more than reading the symbols,
 * and an archive's members nearly always share one target.
 */
static bool check_hinted(bfd *elt, const char *hint)
{
	if (!hint || !bfd_find_target(hint, elt))
		return false;
	if (check_format(elt, bfd_object, NULL))
		return true;
	bfd_find_target("default", elt);
	return false;
}

static int read_member(bfd *elt, size_t idx, struct plugin_archive *pa,
		       const char *name, struct symlist *out, int *word)
{
	bfd *plugin = NULL;

	if (!check_hinted(elt, pa->hint)) {
		if (check_format(elt, bfd_archive, NULL)) {
			error(name, "nested archives are not supported");
			return -1;
		}
		if (!check_object(elt, name))
			return -1;
	}
	if (strcmp(bfd_get_target(elt), "plugin"))
		pa->hint = bfd_get_target(elt);
	if (needs_plugin(elt)) {
		plugin = plugin_member(pa, idx, name);
		if (!plugin)
			return -1;
	}
	return read_checked(elt, plugin, name, out, word);
}

static char *member_name(const char *archive, bfd *elt)
{
	const char *m = bfd_get_filename(elt);
	char *s = xmalloc(strlen(archive) + strlen(m) + 3);

	strcpy(s, archive);
	strcat(s, "(");
	strcat(s, m);
	strcat(s, ")");
	return s;
}

/*
 * path without "./" and "DIR/../" steps (a thin archive's member is
 * named from the archive's directory: lib/lib.a's ../drv/x.o is
 * lib/../drv/x.o), so that one file has one name.
 */
static char *clean_path(const char *path)
{
	char *s = xstrdup(path), *p;
	bool again = true;

	while (again) {
		again = false;
		while (has_prefix(s, "./") && s[2])
			memmove(s, s + 2, strlen(s + 2) + 1);
		for (p = strstr(s, "/./"); p; p = strstr(s, "/./"))
			memmove(p, p + 2, strlen(p + 2) + 1);
		for (p = strstr(s, "/../"); p; p = strstr(p + 1, "/../")) {
			char *seg = p;

			while (seg > s && seg[-1] != '/')
				seg--;
			if (p - seg == 2 && !strncmp(seg, "..", 2))
				continue;
			memmove(seg, p + 4, strlen(p + 4) + 1);
			again = true;
			break;
		}
	}
	return s;
}

/* The symbols out->v[n0..] that have no object yet come from object. */
static void set_object(struct symlist *out, size_t n0, const char *object)
{
	char *clean = clean_path(object);
	const char *o = intern(clean);

	free(clean);

	for (; n0 < out->n; n0++)
		if (!out->v[n0].object)
			out->v[n0].object = o;
}

static int read_archive(bfd *arch, const char *path, struct symcache *cache,
			struct symlist *out, int *word)
{
	struct plugin_archive pa = { .path = path };
	bfd *elt = NULL, *next;
	size_t idx = 0;
	int ret = 0;
	bool thin = bfd_is_thin_archive(arch);

	for (;;) {
		char *name;
		size_t n0;
		int w;

		bfd_set_error(bfd_error_no_error);
		next = bfd_openr_next_archived_file(arch, elt);
		/*
		 * Done with the previous member (as nm is): an open member
		 * keeps its section tables until the archive is closed,
		 * 40 KiB or so each, which a thin vmlinux.a's thousands of
		 * members would otherwise pile up and page in.
		 */
		if (elt)
			bfd_close(elt);
		elt = NULL;
		if (!next) {
			if (bfd_get_error() != bfd_error_no_more_archived_files)
				ret = bfd_fail(path, "cannot read archive member");
			break;
		}
		elt = next;
		idx++;
		/* a thin archive's member is a file: the cache knows it */
		n0 = out->n;
		if (thin && symcache_get(cache, bfd_get_filename(next), out, word) == 0) {
			set_object(out, n0, bfd_get_filename(next));
			continue;
		}
		name = member_name(path, next);
		w = 4;
		if (read_member(next, idx, &pa, name, out, &w) < 0) {
			ret = -1;
		} else {
			if (thin)
				symcache_put(cache, bfd_get_filename(next), out->v + n0,
					     out->n - n0, w);
			/* a thin archive's member by its path, another's as nm names it */
			set_object(out, n0, thin ? bfd_get_filename(next) : name);
			if (w > *word)
				*word = w;
		}
		free(name);
	}
	if (pa.arch)
		bfd_close(pa.arch);
	return ret;
}

static int read_single(bfd *abfd, const char *path, struct symlist *out, int *word)
{
	bfd *plugin = NULL;
	int ret;

	if (!check_object(abfd, path))
		return -1;
	if (needs_plugin(abfd)) {
		plugin = bfd_openr(path, "plugin");
		if (!plugin)
			return bfd_fail(path, "cannot open through the plugin");
	}
	ret = read_checked(abfd, plugin, path, out, word);
	if (plugin)
		bfd_close(plugin);
	return ret;
}

int read_bfd_symbols(const char *path, struct symcache *cache, struct symlist *out, int *word)
{
	bfd *abfd;
	int ret;
	size_t n0 = out->n;
	bool whole;

	if (init_bfd() < 0)
		return -1;
	*word = 4;
	/* anything but a thin archive is cached as a whole */
	whole = cache && archive_kind(path) != ARCHIVE_THIN;
	if (whole && symcache_get(cache, path, out, word) == 0) {
		/* a regular archive cached as a whole: its members go by its name */
		set_object(out, n0, path);
		return 0;
	}
	abfd = bfd_openr(path, NULL);
	if (!abfd)
		return bfd_fail(path, "cannot open");
	if (check_format(abfd, bfd_archive, NULL))
		ret = read_archive(abfd, path, cache, out, word);
	else
		ret = read_single(abfd, path, out, word);
	if (!bfd_close(abfd) && !ret)
		ret = bfd_fail(path, "cannot close");
	if (whole && !ret)
		symcache_put(cache, path, out->v + n0, out->n - n0, *word);
	set_object(out, n0, path);
	return ret;
}
