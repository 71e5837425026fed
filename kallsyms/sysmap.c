// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * sysmap.c - System.map: what `nm -n ELF | sed -f scripts/mksysmap`
 * prints, read from a linked ELF file with libelf, the rules of the
 * kernel's scripts/mksysmap (6.12's sed script, 6.1's grep patterns),
 * and the table the kernel would build from it.
 */
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "kallsyms.h"
#include "util.h"

/* ---- the rules of scripts/mksysmap ---- */

/*
 * The sed script matches its patterns against whole `nm -n` lines,
 * "ADDRESS T NAME".  The address never contains a space, so matching
 * against " T NAME" gives the same answers, and that line is never
 * built: no pattern holds a space but at its start, so each one either
 * starts right after a space (before NAME or inside it), or lies inside
 * NAME, or (a suffix " X") takes the space before NAME.  The letter T
 * matters only to "/ [aNUw] /" and to "/ \$/".
 */

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "/ __[[:alnum:]]*Thunk_/" at s, just after the "__" */
static bool is_thunk(const char *s)
{
	const char *q;

	for (q = s; is_alnum(*q); q++)
		;
	return q - s >= 5 && !strncmp(q - 5, "Thunk", 5) && *q == '_';
}

/* Does one of the "/ PATTERN/d" patterns start at s, just after a space? */
static bool dropped_after_space(const char *s)
{
	static const char *const prefixes[] = {	/* after the "__" */
		"efistub_", "pi_$", "pi_.L", "kvm_nvhe_$", "kvm_nvhe_.L",
		"kcfi_typeid_", "kvm_nvhe___kcfi_typeid_", "pi___kcfi_typeid_",
		"crc_", "kstrtab_", "kstrtabns_",
	};
	size_t i;

	/* "/ [aNUw] /" */
	if ((s[0] == 'a' || s[0] == 'N' || s[0] == 'U' || s[0] == 'w') && s[1] == ' ')
		return true;
	if (s[0] == '$' || (s[0] == '.' && s[1] == 'L'))
		return true;
	if (s[0] != '_' || s[1] != '_')
		return false;
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (s[2] == prefixes[i][0] && has_prefix(s + 2, prefixes[i]))
			return true;
	return is_thunk(s + 2);
}

/* "/SUFFIX$/d": " X" suffixes may take the space before the name. */
static bool dropped_suffix(const char *name, size_t len)
{
	static const char *const suffixes[] = {
		"_from_arm", "_from_thumb", "_veneer", " L0", " _SDA_BASE_", " _SDA2_BASE_",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		const char *p = suffixes[i];

		if (has_suffix(name, len, p) || (p[0] == ' ' && !strcmp(name, p + 1)))
			return true;
	}
	return false;
}

bool mksysmap_drops(char type, const char *name)
{
	const char *p;

	/* the letter between two spaces, or "/ \$/" at the letter */
	if (type == 'a' || type == 'N' || type == 'U' || type == 'w' || type == '$')
		return true;
	/* the name follows a space, and so does the text after each space in it */
	for (p = name; ; p++) {
		if (dropped_after_space(p))
			return true;
		p = strchr(p, ' ');
		if (!p)
			break;
	}
	if (dropped_suffix(name, strlen(name)))
		return true;
	return strchr(name, '.') &&
	       (strstr(name, ".long_branch.") || strstr(name, ".plt_branch."));
}

/* Linux 6.1's scripts/mksysmap: grep -v of a few patterns. */
bool mksysmap_drops_6_1(char type, const char *name)
{
	static const char *const prefixes[] = {
		"$", ".L", "__crc_", "__kstrtab_", "__kstrtabns_",
	};
	size_t i;

	if (type == 'a' || type == 'N' || type == 'U' || type == 'w')
		return true;
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (has_prefix(name, prefixes[i]))
			return true;
	return !strcmp(name, "L0");
}

/* ---- System.map of a linked file ---- */

/* Move the symbols of from to the end of to. */
static void symlist_move(struct symlist *to, struct symlist *from)
{
	size_t i;

	if (!to->n) {
		symlist_free(to);
		*to = *from;
		memset(from, 0, sizeof(*from));
		return;
	}
	for (i = 0; i < from->n; i++)
		symlist_add(to, from->v[i].addr, from->v[i].type, from->v[i].name);
	symlist_free(from);
}

/*
 * The symbols of ef that nm lists and the format's scripts/mksysmap
 * keeps, as nm -n sorts them.  The filter comes before the sort, and the
 * names it drops are never copied: nm -n's order is stable, so dropping
 * symbols first leaves the others in the same order.
 */
int read_system_map_elf(const struct elf_file *ef, const struct kformat *fmt,
			struct symlist *out)
{
	struct symlist l = { 0 };
	size_t i;

	if (!ef->symdata) {
		error(ef->path, "no symbols");
		return -1;
	}
	for (i = 1; i < ef->nsyms; i++) {
		struct elf_sym es;

		if (elf_file_sym(ef, i, &es) < 0) {
			symlist_free(&l);
			return -1;
		}
		if (es.hidden || fmt->map_drops(es.type, es.name))
			continue;
		symlist_add(&l, elf_sym_nm_value(ef, &es), es.type, es.name);
	}
	symlist_sort_nm(&l);
	symlist_move(out, &l);
	return 0;
}

int read_system_map(const char *path, const struct kformat *fmt, struct symlist *out,
		    int *word)
{
	struct elf_file ef;
	int ret;

	if (elf_file_open(&ef, path, false) < 0)
		return -1;
	*word = ef.word;
	ret = read_system_map_elf(&ef, fmt, out);
	elf_file_close(&ef);
	return ret;
}

int table_from_elf_file(const struct elf_file *ef, const struct table_opts *opts,
			struct ktable *t)
{
	struct symlist map = { 0 };
	int ret;

	ret = read_system_map_elf(ef, opts->fmt, &map);
	if (ret == 0)
		ret = table_build(&map, opts, t, ef->path);
	else
		memset(t, 0, sizeof(*t));
	symlist_free(&map);
	return ret;
}
