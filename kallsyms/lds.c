// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lds.c - the symbols a linker script can define.
 *
 * Scans a (preprocessed) GNU ld script for
 *   - symbol assignments: "name = expr;", "name += expr;" and the like,
 *     also inside PROVIDE(), PROVIDE_HIDDEN() and HIDDEN().  Each name
 *     gets the type letter nm would most likely show for it: that of the
 *     output section the assignment is in, or of the last one before it.
 *     The guess only steers the size estimate of the pre-link table;
 *     the final pass uses the real letters.
 *   - input section rules "*(pattern ...)", in script order, each noting
 *     whether its output section is /DISCARD/.  As the linker does, the
 *     first rule whose pattern matches an input section decides where it
 *     goes, so lds_discards() can tell which symbols the link drops, and
 *     lds_output() which input sections share an output section.
 *     Rules for particular files ("foo.o(.text)") are not recorded.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "kallsyms.h"
#include "util.h"

static bool is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

/* The letter of symbols in an output section called name. */
static char section_type(const char *name, size_t len)
{
	char buf[128];

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, name, len);
	buf[len] = 0;
	if (strstr(buf, "text"))
		return 'T';
	if (strstr(buf, "rodata") || strstr(buf, "ex_table") || strstr(buf, "notes"))
		return 'R';
	if (strstr(buf, "bss") || strstr(buf, "brk"))
		return 'B';
	return 'D';
}

/* Blank out comments and string literals, keeping the length. */
static void strip(char *s)
{
	char *p = s;

	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			char *end = strstr(p + 2, "*/");
			char *stop = end ? end + 2 : p + strlen(p);

			memset(p, ' ', (size_t)(stop - p));
			p = stop;
		} else if (*p == '"') {
			char *end = strchr(p + 1, '"');
			char *stop = end ? end + 1 : p + strlen(p);

			memset(p, ' ', (size_t)(stop - p));
			p = stop;
		} else {
			p++;
		}
	}
}

/* Is the word at s..e followed by an assignment operator? */
static bool assigns(const char *e)
{
	while (*e == ' ' || *e == '\t' || *e == '\n')
		e++;
	if (e[0] == '=')
		return e[1] != '=';
	return (e[0] && strchr("+-*/&|", e[0]) && e[1] == '=') ||
	       (e[0] == '<' && e[1] == '<' && e[2] == '=') ||
	       (e[0] == '>' && e[1] == '>' && e[2] == '=');
}

/* First word of the statement that opens an output section at brace. */
static char scan_section(const char *stmt, const char *brace)
{
	const char *p = stmt;

	while (p < brace && !is_name_char((unsigned char)*p))
		p++;
	if (p >= brace)
		return 'D';
	stmt = p;
	while (p < brace && is_name_char((unsigned char)*p))
		p++;
	return section_type(stmt, (size_t)(p - stmt));
}

static void add_rule(struct lds *l, const char *pat, size_t len, bool discard)
{
	int out = l->nout - 1;

	char *p = xmalloc(len + 1);

	memcpy(p, pat, len);
	p[len] = 0;
	l->rules = xreallocarray(l->rules, l->nrules + 1, sizeof(*l->rules));
	l->rules[l->nrules].pattern = p;
	l->rules[l->nrules].discard = discard;
	l->rules[l->nrules].out = out;
	l->nrules++;
}

/* Is the word that ends just before p (blanks skipped) a lone "*" file pattern? */
static bool after_star(const char *start, const char *p)
{
	while (p > start && isspace((unsigned char)p[-1]))
		p--;
	return p > start && p[-1] == '*' &&
	       (p - 1 == start || isspace((unsigned char)p[-2]) || strchr("({", p[-2]));
}

/*
 * The input section list that opens at paren: record its patterns,
 * skipping EXCLUDE_FILE(...) and sort keywords; return its end.
 */
static char *scan_rule(struct lds *l, char *paren, bool discard)
{
	char *p = paren + 1;
	int depth = 1;

	while (*p && depth) {
		if (*p == '(') {
			depth++;
			p++;
		} else if (*p == ')') {
			depth--;
			p++;
		} else if (isspace((unsigned char)*p)) {
			p++;
		} else {
			char *w = p;

			while (*p && !isspace((unsigned char)*p) && *p != '(' && *p != ')')
				p++;
			if (*p == '(' && !strncmp(w, "EXCLUDE_FILE", 12)) {
				while (*p && *p != ')')
					p++;
			} else if (*p != '(') {
				add_rule(l, w, (size_t)(p - w), discard);
			}
		}
	}
	return p;
}

static bool is_discard(const char *stmt, const char *brace)
{
	const char *d = strstr(stmt, "/DISCARD/");

	return d && d < brace;
}

int lds_read(const char *path, struct lds *l)
{
	unsigned char *buf;
	size_t len;
	char *s, *p, *stmt;
	char type = 'T';
	bool discard = false;
	int depth = 0;

	memset(l, 0, sizeof(*l));
	if (read_file(path, &buf, &len) < 0)
		return -1;
	s = (char *)buf;
	strip(s);
	stmt = s;
	for (p = s; *p; ) {
		if (*p == '{') {
			if (depth == 1) {
				type = scan_section(stmt, p);
				discard = is_discard(stmt, p);
				l->nout++;
			}
			depth++;
			stmt = ++p;
		} else if (*p == '}' || *p == ';') {
			if (*p == '}' && depth > 0 && --depth == 1)
				discard = false;
			stmt = ++p;
		} else if (*p == '(' && depth >= 2 && after_star(s, p)) {
			p = scan_rule(l, p, discard);
		} else if (is_name_char((unsigned char)*p) && !isdigit((unsigned char)*p)) {
			char *w = p;

			while (is_name_char((unsigned char)*p))
				p++;
			if (!(p - w == 1 && *w == '.') && assigns(p)) {
				char c = *p;

				*p = 0;
				symlist_add(&l->symbols, 0, type, w);
				*p = c;
			}
		} else {
			p++;
		}
	}
	free(buf);
	return 0;
}

/* The first rule whose pattern matches section, or -1. */
static long match_rules(const struct lds *l, const char *section)
{
	size_t i;

	for (i = 0; i < l->nrules; i++)
		if (!fnmatch(l->rules[i].pattern, section, 0))
			return (long)i;
	return -1;
}

static size_t seen_slot(const struct lds *l, const char *section)
{
	size_t h = ((uintptr_t)section >> 4) & (l->seen_cap - 1);

	while (l->seen[h] && l->seen[h] != section)
		h = (h + 1) & (l->seen_cap - 1);
	return h;
}

static void seen_grow(struct lds *l)
{
	const char **old = l->seen;
	long *old_rule = l->seen_rule;
	size_t i, h, oldcap = l->seen_cap;

	l->seen_cap = oldcap ? 2 * oldcap : 256;
	l->seen = xcalloc(l->seen_cap, sizeof(*l->seen));
	l->seen_rule = xcalloc(l->seen_cap, sizeof(*l->seen_rule));
	for (i = 0; i < oldcap; i++) {
		if (!old[i])
			continue;
		h = seen_slot(l, old[i]);
		l->seen[h] = old[i];
		l->seen_rule[h] = old_rule[i];
	}
	free(old);
	free(old_rule);
}

/* The first rule matching section, remembered; -1 for none. */
static long rule_of(struct lds *l, const char *section)
{
	size_t h;

	if (!section || !l->nrules)
		return -1;
	if (2 * (l->seen_n + 1) > l->seen_cap)
		seen_grow(l);
	h = seen_slot(l, section);
	if (!l->seen[h]) {
		l->seen[h] = section;
		l->seen_rule[h] = match_rules(l, section);
		l->seen_n++;
	}
	return l->seen_rule[h];
}

bool lds_discards(struct lds *l, const char *section)
{
	long r = rule_of(l, section);

	return r >= 0 && l->rules[r].discard;
}

int lds_output(struct lds *l, const char *section)
{
	long r = rule_of(l, section);

	return r >= 0 && !l->rules[r].discard ? l->rules[r].out : -1;
}

void lds_free(struct lds *l)
{
	size_t i;

	for (i = 0; i < l->nrules; i++)
		free(l->rules[i].pattern);
	free(l->rules);
	free(l->seen);
	free(l->seen_rule);
	symlist_free(&l->symbols);
	memset(l, 0, sizeof(*l));
}
