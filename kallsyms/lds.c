// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * lds.c - the symbols a linker script can define.
 *
 * Scans a (preprocessed) GNU ld script for symbol assignments:
 * "name = expr;", "name += expr;" and the like, and the same inside
 * PROVIDE(), PROVIDE_HIDDEN() and HIDDEN().  Each name gets the type
 * letter nm would most likely show for it: that of the output section
 * the assignment is in, or of the last output section before it.  The
 * guess only steers the size estimate of the pre-link table; the final
 * pass uses the real letters.
 */
#include <ctype.h>
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

int lds_symbols(const char *path, struct symlist *out)
{
	unsigned char *buf;
	size_t len;
	char *s, *p, *stmt;
	char type = 'T';
	int depth = 0;

	if (read_file(path, &buf, &len) < 0)
		return -1;
	s = (char *)buf;
	strip(s);
	stmt = s;
	for (p = s; *p; ) {
		if (*p == '{') {
			if (depth == 1)
				type = scan_section(stmt, p);
			depth++;
			stmt = ++p;
		} else if (*p == '}' || *p == ';') {
			if (*p == '}' && depth > 0)
				depth--;
			stmt = ++p;
		} else if (is_name_char((unsigned char)*p) && !isdigit((unsigned char)*p)) {
			char *w = p;

			while (is_name_char((unsigned char)*p))
				p++;
			if (!(p - w == 1 && *w == '.') && assigns(p)) {
				char c = *p;

				*p = 0;
				symlist_add(out, 0, type, w);
				*p = c;
			}
		} else {
			p++;
		}
	}
	free(buf);
	return 0;
}
