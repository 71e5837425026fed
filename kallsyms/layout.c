// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * layout.c - the reserve of every kallsyms array that the pre-link pass
 * planned (prelink.c), written as a padded table for the assembler and as
 * a layout file for the final pass, and read back from that file.
 *
 * Layout file, version 1 (text, one record per line; docs/design.md):
 *
 *	onelink-kallsyms-layout 1
 *	format linux-6.12			(linux-6.1, linux-6.12, linux-7.0)
 *	word 8
 *	options all-symbols absolute-percpu	("options -" for none; lto-clang)
 *	margin 1				(per mille)
 *	symbols SUPERSET RESERVED
 *	digest HEX				(optional: superset_digest)
 *	array NAME NEED RESERVE			(one per array of the format)
 *	superset				(then one "TYPE NAME" per line;
 *					 "TYPE " for an empty name)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kallsyms.h"
#include "util.h"

void layout_free(struct layout *lay)
{
	symlist_free(&lay->superset);
}

static int print_layout(FILE *f, const void *arg)
{
	const struct layout *lay = arg;
	const struct table_opts *o = &lay->opts;
	size_t i;
	int a;

	fprintf(f, "onelink-kallsyms-layout %d\nformat linux-%s\nword %d\noptions%s%s%s%s\n"
		"margin %u\nsymbols %u %u\n", LAYOUT_VERSION, o->fmt->name,
		lay->word, o->all_symbols ? " all-symbols" : "",
		o->absolute_percpu ? " absolute-percpu" : "", o->lto_clang ? " lto-clang" : "",
		o->all_symbols || o->absolute_percpu || o->lto_clang ? "" : " -",
		lay->margin, lay->symbols, lay->reserved_symbols);
	if (lay->digest)
		fprintf(f, "digest %016llx\n", (unsigned long long)lay->digest);
	for (a = 0; a < KA_COUNT; a++)
		if (kformat_has(o->fmt, a))
			fprintf(f, "array %s %llu %llu\n", karray_name[a],
			(unsigned long long)lay->need[a], (unsigned long long)lay->reserve[a]);
	fputs("superset\n", f);
	for (i = 0; i < lay->superset.n; i++)
		fprintf(f, "%c %s\n", lay->superset.v[i].type, lay->superset.v[i].name);
	return 0;
}

int layout_write(const char *path, const struct layout *lay)
{
	return replace_file(path, print_layout, lay);
}

/* "options WORD..." ("options -" for none); -1 if a word is unknown. */
static int parse_options(struct table_opts *o, char *words)
{
	char *w;

	for (w = strtok(words, " "); w; w = strtok(NULL, " ")) {
		if (!strcmp(w, "all-symbols"))
			o->all_symbols = true;
		else if (!strcmp(w, "absolute-percpu"))
			o->absolute_percpu = true;
		else if (!strcmp(w, "lto-clang"))
			o->lto_clang = true;
		else if (strcmp(w, "-"))
			return -1;
	}
	return 0;
}

/* One "key values..." line of the header; -1 after a report (none if
 * path is NULL). */
static int parse_header_line(struct layout *lay, char *line, const char *path,
			     unsigned long lineno, unsigned int *arrays)
{
	char name[64];
	unsigned long long need, reserve, digest;
	unsigned int v, w;
	int a;

	if (sscanf(line, "onelink-kallsyms-layout %u", &v) == 1) {
		if (v != LAYOUT_VERSION)
			goto bad_version;
		return 0;
	}
	if (!strncmp(line, "format linux-", 13) && kformat_find(line + 13)) {
		lay->opts.fmt = kformat_find(line + 13);
		return 0;
	}
	if (sscanf(line, "word %u", &v) == 1 && (v == 4 || v == 8)) {
		lay->word = (int)v;
		return 0;
	}
	if (!strncmp(line, "options ", 8) && parse_options(&lay->opts, line + 8) == 0)
		return 0;
	if (sscanf(line, "margin %u", &v) == 1) {
		lay->margin = v;
		return 0;
	}
	if (sscanf(line, "symbols %u %u", &v, &w) == 2) {
		lay->symbols = v;
		lay->reserved_symbols = w;
		return 0;
	}
	if (sscanf(line, "digest %16llx", &digest) == 1) {
		lay->digest = digest;
		return 0;
	}
	if (sscanf(line, "array %63s %llu %llu", name, &need, &reserve) == 3) {
		for (a = 0; a < KA_COUNT; a++) {
			if (!strcmp(name, karray_name[a])) {
				lay->need[a] = need;
				lay->reserve[a] = reserve;
				*arrays |= 1u << a;
				return 0;
			}
		}
	}
	if (path)
		error(path, "line %lu: not a layout record: %.60s", lineno, line);
	return -1;
bad_version:
	if (path)
		error(path, "line %lu: layout version %u, this kallsyms reads version %d",
		      lineno, v, LAYOUT_VERSION);
	return -1;
}

int layout_read(const char *path, struct layout *lay)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		memset(lay, 0, sizeof(*lay));
		error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	ret = layout_read_file(f, path, lay);
	fclose(f);
	return ret;
}

/* The layout in f; with header_only, up to "superset" and silently. */
static int parse_layout(FILE *f, const char *path, struct layout *lay, bool header_only)
{
	const char *report = header_only ? NULL : path;
	unsigned long lineno = 0;
	unsigned int arrays = 0, want = 0;
	int a;
	bool in_superset = false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	memset(lay, 0, sizeof(*lay));
	while (ret == 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		/* "TYPE NAME"; an empty name leaves "TYPE " */
		if (in_superset && len >= 2 && line[1] == ' ')
			symlist_add(&lay->superset, 0, line[0], line + 2);
		else if (in_superset)
			ret = -1, error(path, "line %lu: expected \"TYPE NAME\"", lineno);
		else if (!strcmp(line, "superset") && header_only) {
			in_superset = true;
			break;
		} else if (!strcmp(line, "superset"))
			in_superset = true;
		else if (lineno == 1 && strncmp(line, "onelink-kallsyms-layout ", 24)) {
			ret = -1;
			if (report)
				error(path, "not an onelink kallsyms layout file");
		} else
			ret = parse_header_line(lay, line, report, lineno, &arrays);
	}
	free(line);
	if (!lay->opts.fmt)	/* written before formats: 6.12's */
		lay->opts.fmt = kformat_default();
	for (a = 0; a < KA_COUNT; a++)
		want |= kformat_has(lay->opts.fmt, a) ? 1u << a : 0;
	if (ret == 0 && (arrays != want || !lay->word)) {
		if (report)
			error(path, "incomplete layout: an array or the word size is missing");
		ret = -1;
	}
	/* a header without the superset after it was not written whole */
	if (ret == 0 && header_only && !in_superset)
		ret = -1;
	if (ret < 0)
		layout_free(lay);
	return ret;
}

int layout_read_file(FILE *f, const char *path, struct layout *lay)
{
	return parse_layout(f, path, lay, false);
}

int layout_read_header_file(FILE *f, struct layout *lay)
{
	return parse_layout(f, NULL, lay, true);
}

int layout_read_header(const char *path, struct layout *lay)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		memset(lay, 0, sizeof(*lay));
		return -1;
	}
	ret = layout_read_header_file(f, lay);
	fclose(f);
	return ret;
}
