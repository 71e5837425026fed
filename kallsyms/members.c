// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * members.c - which members of the link's libraries the link takes.
 *
 * link-vmlinux.sh links vmlinux.a whole (--whole-archive) and the
 * libraries (KBUILD_VMLINUX_LIBS: lib/lib.a and the architecture's) as a
 * group: ld takes a library member only when it defines a name that the
 * objects taken so far use and no object defines, and repeats until
 * nothing more is taken (the ELF gABI's archive rule; GNU ld's
 * --start-group and ld.lld give the same set).  A reference from a weak
 * undefined symbol takes no member.  Members nobody calls (on a tinyconfig
 * arm kernel, 64 symbols of lib/: the fdt writer, objpool, ...) are not
 * linked and their symbols are not in the final table: counting them in
 * the superset would only pad the reserves.
 *
 * The selection here errs on the side of taking a member.  A name the
 * objects use that several members define takes all of them (ld takes
 * the first it meets); a name any object defines, however weakly, takes
 * none, but a common symbol (which a member's definition replaces).  By
 * induction over ld's own order, each member ld takes is taken
 * here: what it defines was used by a member already taken and defined by
 * no object.  The only thing the inputs cannot show is a name the linker
 * script alone uses; a member taken for such a name reaches the final pass
 * as symbols "not in the superset", which relinks correctly and says so.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "util.h"

/* A library member: its symbols in[first .. first + n). */
struct member {
	size_t first, n;
	bool taken;
};

/* A name a library member defines. */
struct libdef {
	const char *name;
	size_t member;
};

static int cmp_libdef(const void *a, const void *b)
{
	const struct libdef *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->member < y->member ? -1 : x->member > y->member;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A definition another object's undefined name can bind to. */
static bool defines_global(const struct ksym *s)
{
	return !s->undef && (isupper((unsigned char)s->type) || s->type == 'u' ||
			     s->type == 'i');
}

/* The first libdef of name, or NULL. */
static const struct libdef *first_def(const struct libdef *d, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(d[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(d[lo].name, name) ? &d[lo] : NULL;
}

/*
 * Keep in in->v only the symbols of what the link takes: every symbol
 * before lib_start (the whole objects) and the symbols of the library
 * members taken.  A member is a run of symbols with one object (thin
 * archives name each member; a regular archive read from the symbol
 * cache is one object, taken or left as a whole).
 */
void drop_unlinked_members(struct symlist *in, size_t lib_start)
{
	struct member *m = NULL;
	struct libdef *defs = NULL;
	const char **objdef;
	const char **work;
	size_t nm = 0, nd = 0, nobj = 0, nwork = 0, capwork, i, k;

	if (lib_start >= in->n)
		return;
	/* the names the whole objects define, sorted */
	objdef = xreallocarray(NULL, lib_start ? lib_start : 1, sizeof(*objdef));
	for (i = 0; i < lib_start; i++)
		/* a common symbol is replaced by a member's definition */
		if (defines_global(&in->v[i]) && in->v[i].type != 'C')
			objdef[nobj++] = in->v[i].name;
	qsort(objdef, nobj, sizeof(*objdef), cmp_name);

	/* the members and the names they define */
	m = xreallocarray(NULL, in->n - lib_start, sizeof(*m));
	defs = xreallocarray(NULL, in->n - lib_start, sizeof(*defs));
	for (i = lib_start; i < in->n; i++) {
		if (i == lib_start || in->v[i].object != in->v[i - 1].object ||
		    !in->v[i].object)
			m[nm++] = (struct member){ .first = i };
		m[nm - 1].n++;
		if (defines_global(&in->v[i]))
			defs[nd++] = (struct libdef){ in->v[i].name, nm - 1 };
	}
	qsort(defs, nd, sizeof(*defs), cmp_libdef);

	/* the names used (strong undefined), from the whole objects first */
	capwork = lib_start + 64;
	work = xreallocarray(NULL, capwork, sizeof(*work));
	for (i = 0; i < lib_start; i++)
		if (in->v[i].type == 'U')
			work[nwork++] = in->v[i].name;
	while (nwork) {
		const char *name = work[--nwork];
		const struct libdef *d;

		if (bsearch(&name, objdef, nobj, sizeof(*objdef), cmp_name))
			continue;
		for (d = first_def(defs, nd, name); d && d < defs + nd && !strcmp(d->name, name); d++) {
			struct member *t = &m[d->member];

			if (t->taken)
				continue;
			t->taken = true;
			for (k = t->first; k < t->first + t->n; k++) {
				if (in->v[k].type != 'U')
					continue;
				if (nwork == capwork) {
					capwork *= 2;
					work = xreallocarray(work, capwork, sizeof(*work));
				}
				work[nwork++] = in->v[k].name;
			}
		}
	}

	/* compact: the names stay in the list's chunks */
	k = lib_start;
	for (i = 0; i < nm; i++) {
		if (!m[i].taken)
			continue;
		memmove(&in->v[k], &in->v[m[i].first], m[i].n * sizeof(*in->v));
		k += m[i].n;
	}
	in->n = k;
	free(work);
	free(defs);
	free(m);
	free(objdef);
}
