// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * provenance.c - the object file and the built-in modules of every symbol
 * of a linked file's kallsyms table.
 *
 * The link's inputs are read as the pre-link pass reads them (libbfd;
 * each symbol knows its object: a thin archive's member by its path).
 * An input called vmlinux.o with kbuild's .vmlinux.o.cmd beside it
 * stands for what that command linked with ld -r (vmlinux.a and the
 * libraries), so that the objects are those before the ld -r.
 *
 * Each symbol of the table is then matched with its definition:
 *   - a global name has one definition in the link: the first strong one
 *     in link order (a member of an archive that is not linked whole only
 *     if no whole input defines it), else the first weak one;
 *   - a local name may be defined in many objects.  The linker writes
 *     the local symbols of each input object together, in link order,
 *     so the k-th local definition of a name in the linked file's symbol
 *     table is the k-th local definition of it among the linked inputs
 *     (those in sections the linker script discards left out).  When the
 *     counts differ, the one input definition of the same type letter
 *     decides, if there is one; otherwise the object is "?".  A local
 *     with no local definition is a global made hidden: as a global;
 *   - a name no input defines: the linker script's path if the script
 *     assigns it; "(linker)" for what the link makes itself (the kallsyms
 *     arrays, __start_/__stop_ of orphan sections, names only referenced,
 *     thunks and veneers); __pfx_NAME and __cfi_NAME, which objtool adds
 *     before a function in vmlinux.o, get the object of NAME; else "?".
 *
 * Modules (--modules-builtin): kbuild compiles every built-in object
 * with -DKBUILD_MODFILE naming the module(s) it is part of, which its
 * .NAME.o.cmd records; a name that modules.builtin lists is a built-in
 * module, named as modules.builtin.modinfo's NAME.file= says (else the
 * file's base name with '-' as '_').
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "provenance.h"
#include "util.h"

/* ---- the inputs ---- */

struct pinput {
	char *path;
	bool lazy;		/* an archive not linked whole: members on demand */
};

struct pinputs {
	struct pinput *v;
	size_t n, cap;
};

static void add_input(struct pinputs *l, const char *path, bool lazy)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].path = xstrdup(path);
	l->v[l->n++].lazy = lazy;
}

/* dir/name, or name when dir is "." */
static char *join(const char *dir, const char *name)
{
	char *s;

	if (!strcmp(dir, ".") || name[0] == '/')
		return xstrdup(name);
	s = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(s, "%s/%s", dir, name);
	return s;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (!slash)
		return xstrdup(".");
	d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = 0;
	return d;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * The inputs of kbuild's "ld -r" of vmlinux.o, from the command line its
 * .vmlinux.o.cmd records: every .o and .a, an archive after
 * --whole-archive linked whole, others on demand; up to the first ";"
 * (objtool's command follows).  -1 if there is no such file.
 */
static int expand_vmlinux_o(const char *path, struct pinputs *l)
{
	char *dir = dir_of(path), *cmd, *tok, *save = NULL;
	unsigned char *buf;
	size_t len, n0 = l->n;
	bool whole = false, skip = false;
	char *line;

	cmd = join(dir, ".vmlinux.o.cmd");
	if (access(cmd, R_OK) < 0 || read_file(cmd, &buf, &len) < 0) {
		free(cmd);
		free(dir);
		return -1;
	}
	line = strstr((char *)buf, ":= ");
	line = line ? line + 3 : (char *)buf;
	line[strcspn(line, "\n;")] = 0;
	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		size_t tl = strlen(tok);

		if (skip) {
			skip = false;
		} else if (!strcmp(tok, "-o") || !strcmp(tok, "-T")) {
			skip = true;
		} else if (!strcmp(tok, "--whole-archive")) {
			whole = true;
		} else if (!strcmp(tok, "--no-whole-archive")) {
			whole = false;
		} else if (tok[0] != '-' && (has_suffix(tok, tl, ".o") || has_suffix(tok, tl, ".a"))) {
			char *p = join(dir, tok);

			add_input(l, p, has_suffix(tok, tl, ".a") && !whole);
			free(p);
		}
	}
	free(buf);
	free(cmd);
	free(dir);
	if (l->n == n0) {
		error(path, "no inputs in the command of .vmlinux.o.cmd");
		return -2;
	}
	return 0;
}

/* The inputs: vmlinux.o expanded; the first archive linked whole. */
static int expand_inputs(char **inputs, int n, struct pinputs *l)
{
	bool seen_archive = false;
	int i, r;

	for (i = 0; i < n; i++) {
		if (!strcmp(base_of(inputs[i]), "vmlinux.o")) {
			r = expand_vmlinux_o(inputs[i], l);
			if (r == 0)
				continue;
			if (r < -1)
				return -1;
			warn(inputs[i], "no .vmlinux.o.cmd beside it: its symbols' object is vmlinux.o");
		}
		if (archive_kind(inputs[i]) != ARCHIVE_NONE) {
			add_input(l, inputs[i], seen_archive);
			seen_archive = true;
		} else {
			add_input(l, inputs[i], false);
		}
	}
	return 0;
}

/* ---- objects: lazily linked or not, loaded, modules ---- */

struct pobject {
	const char *name;	/* interned */
	bool loaded;		/* as a member of an archive not linked whole */
	bool mods_done;
	char *mods;		/* " [a] [b]", or "" */
};

struct pobjects {
	struct pobject *v;
	size_t n;
};

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct pobject *)a)->name;
	uintptr_t y = (uintptr_t)((const struct pobject *)b)->name;

	return x < y ? -1 : x > y;
}

static struct pobject *find_object(const struct pobjects *o, const char *name)
{
	struct pobject key = { .name = name };

	return name ? bsearch(&key, o->v, o->n, sizeof(*o->v), cmp_ptr) : NULL;
}

/* One entry per object of the symbols. */
static void collect_objects(const struct symlist *in, struct pobjects *o)
{
	size_t i, k = 0;

	o->v = xcalloc(in->n ? in->n : 1, sizeof(*o->v));
	for (i = 0; i < in->n; i++) {
		if (!in->v[i].object || (k && o->v[k - 1].name == in->v[i].object))
			continue;
		o->v[k++].name = in->v[i].object;
	}
	qsort(o->v, k, sizeof(*o->v), cmp_ptr);
	o->n = 0;
	for (i = 0; i < k; i++)
		if (!o->n || o->v[o->n - 1].name != o->v[i].name)
			o->v[o->n++] = o->v[i];
}

/* ---- the modules of kbuild ---- */

struct modmap {
	char *dir;		/* the object tree: modules.builtin's directory */
	char **file;		/* module files (drivers/x/y), sorted */
	char **name;		/* each one's module name */
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* modules.builtin.modinfo's "NAME.file=FILE" for file, or NULL. */
static char *modinfo_name(const unsigned char *mi, size_t len, const char *file)
{
	size_t i = 0, fl = strlen(file);

	while (mi && i < len) {
		const char *rec = (const char *)mi + i;
		size_t rl = strnlen(rec, len - i);
		const char *dot = memchr(rec, '.', rl);

		if (dot && rl - (size_t)(dot - rec) == 6 + fl && !memcmp(dot, ".file=", 6) &&
		    !memcmp(dot + 6, file, fl)) {
			char *s = xmalloc((size_t)(dot - rec) + 1);

			memcpy(s, rec, (size_t)(dot - rec));
			s[dot - rec] = 0;
			return s;
		}
		i += rl + 1;
	}
	return NULL;
}

static int modmap_read(const char *path, struct modmap *m)
{
	unsigned char *buf, *mi = NULL;
	size_t len, milen = 0, cap = 0, i;
	char *line, *save = NULL, *mipath;

	if (read_file(path, &buf, &len) < 0)
		return -1;
	mipath = xmalloc(strlen(path) + 9);
	sprintf(mipath, "%s.modinfo", path);
	if (access(mipath, R_OK) == 0 && read_file(mipath, &mi, &milen) < 0) {
		free(mipath);
		free(buf);
		return -1;
	}
	free(mipath);
	m->dir = dir_of(path);
	for (line = strtok_r((char *)buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t ll = strlen(line);

		if (!ll)
			continue;
		if (!has_prefix(line, "kernel/") || !has_suffix(line, ll, ".ko")) {
			error(path, "not a line of modules.builtin: '%s'", line);
			free(buf);
			free(mi);
			return -1;
		}
		line[ll - 3] = 0;
		if (m->n == cap) {
			cap = cap ? 2 * cap : 64;
			m->file = xreallocarray(m->file, cap, sizeof(*m->file));
		}
		m->file[m->n++] = xstrdup(line + 7);
	}
	free(buf);
	qsort(m->file, m->n, sizeof(*m->file), cmp_str);
	m->name = xcalloc(m->n ? m->n : 1, sizeof(*m->name));
	for (i = 0; i < m->n; i++) {
		char *p;

		m->name[i] = modinfo_name(mi, milen, m->file[i]);
		if (m->name[i])
			continue;
		m->name[i] = xstrdup(base_of(m->file[i]));
		for (p = m->name[i]; *p; p++)
			if (*p == '-')
				*p = '_';
	}
	free(mi);
	return 0;
}

static void modmap_free(struct modmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->file[i]);
		free(m->name[i]);
	}
	free(m->file);
	free(m->name);
	free(m->dir);
}

/* The value of -DKBUILD_MODFILE in the first line of the .o.cmd file. */
static char *modfile_of(const char *cmdpath)
{
	FILE *f = fopen(cmdpath, "r");
	char *line = NULL, *p, *v = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	if (getline(&line, &cap, f) > 0 && (p = strstr(line, "KBUILD_MODFILE="))) {
		size_t n;

		p += strlen("KBUILD_MODFILE=");
		p += strspn(p, "'\"\\");
		n = strcspn(p, "'\"\\\n");
		v = xmalloc(n + 1);
		memcpy(v, p, n);
		v[n] = 0;
	}
	free(line);
	fclose(f);
	return v;
}

/* " [a] [b]": the built-in modules object is part of. */
static char *modules_of(const struct modmap *m, const char *object)
{
	char *dir, *cmd, *base, *mf, *tok, *save = NULL, *out;
	size_t len = 0;

	out = xstrdup("");
	if (!m->n || strchr(object, '(') || !has_suffix(object, strlen(object), ".o"))
		return out;
	dir = dir_of(object);
	base = xmalloc(strlen(base_of(object)) + 6);
	sprintf(base, ".%s.cmd", base_of(object));
	cmd = join(dir, base);
	free(base);
	base = cmd;
	cmd = join(m->dir, base);
	free(base);
	free(dir);
	mf = modfile_of(cmd);
	free(cmd);
	for (tok = mf ? strtok_r(mf, " ", &save) : NULL; tok; tok = strtok_r(NULL, " ", &save)) {
		char **hit = bsearch(&tok, m->file, m->n, sizeof(*m->file), cmp_str);
		const char *name;

		if (!hit)
			continue;
		name = m->name[hit - m->file];
		out = xrealloc(out, len + strlen(name) + 4);
		len += (size_t)sprintf(out + len, " [%s]", name);
	}
	free(mf);
	return out;
}

/* ---- the linked file's symbols ---- */

struct esym {
	const char *name;	/* in the ELF file's data */
	uint64_t value, size;
	char type;
	size_t rank;		/* among the local definitions of its name */
	bool taken;		/* matched with a symbol of the table */
};

struct eindex {
	struct esym *v;
	size_t n;
	size_t *by_name;	/* indices sorted by name, then symbol table order */
};

static const struct esym *esym_base;

static int cmp_esym(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int r = strcmp(esym_base[x].name, esym_base[y].name);

	return r ? r : x < y ? -1 : x > y;
}

static int read_esyms(const struct elf_file *ef, struct eindex *e)
{
	size_t i, k;

	e->v = xcalloc(ef->nsyms ? ef->nsyms : 1, sizeof(*e->v));
	for (i = 1; i < ef->nsyms; i++) {
		struct elf_sym es;

		if (elf_file_sym(ef, i, &es) < 0)
			return -1;
		if (es.hidden || es.shndx == SHN_UNDEF)
			continue;
		e->v[e->n].name = es.name;
		e->v[e->n].value = elf_sym_nm_value(ef, &es);
		e->v[e->n].size = es.sym.st_size;
		e->v[e->n++].type = es.type;
	}
	e->by_name = xreallocarray(NULL, e->n ? e->n : 1, sizeof(*e->by_name));
	for (i = 0; i < e->n; i++)
		e->by_name[i] = i;
	esym_base = e->v;
	qsort(e->by_name, e->n, sizeof(*e->by_name), cmp_esym);
	/* the rank of each local among the locals of its name */
	for (i = 0; i < e->n; i = k) {
		size_t r = 0;

		for (k = i; k < e->n && !strcmp(e->v[e->by_name[k]].name, e->v[e->by_name[i]].name); k++)
			if (islower((unsigned char)e->v[e->by_name[k]].type))
				e->v[e->by_name[k]].rank = r++;
	}
	return 0;
}

/* The range [*lo, *hi) of by_name (into v via key) holding name. */
static void name_range(const size_t *by, size_t n, const char *(*key)(const void *, size_t),
		       const void *base, const char *name, size_t *lo, size_t *hi)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t mid = (a + b) / 2;

		if (strcmp(key(base, by[mid]), name) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	for (b = a; b < n && !strcmp(key(base, by[b]), name); b++)
		;
	*hi = b;
}

static const char *esym_key(const void *base, size_t i)
{
	return ((const struct esym *)base)[i].name;
}

static const char *ksym_key(const void *base, size_t i)
{
	return ((const struct ksym *)base)[i].name;
}

/* ---- matching ---- */

struct prov {
	struct symlist in;	/* the inputs' symbols, in link order */
	size_t *by_name;	/* their indices by name, then link order */
	bool *lazy;		/* in.v[i] from an archive not linked whole */
	struct pobjects objs;
	struct eindex elf;
	struct lds script;
	bool have_script;
	const char *lds;
	struct modmap mods;
};

static const struct ksym *ksym_base;

static int cmp_ksym(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int r = strcmp(ksym_base[x].name, ksym_base[y].name);

	return r ? r : x < y ? -1 : x > y;
}

/*
 * A definition the link can keep: defined, not discarded, its object
 * linked.  An archive member not linked whole counts only if the link
 * loads it, even when the same file is also a member of a whole archive
 * (kbuild puts some objects both in vmlinux.a and a lib.a).
 */
static bool usable(const struct prov *p, size_t i)
{
	const struct ksym *s = &p->in.v[i];
	const struct pobject *o;

	if (s->undef)
		return false;
	if (p->have_script && s->section && lds_discards((struct lds *)&p->script, s->section))
		return false;
	o = find_object(&p->objs, s->object);
	return !p->lazy[i] || (o && o->loaded);
}

static bool is_weak(char t)
{
	return t == 'W' || t == 'V';
}

/*
 * The definition of global name in [lo, hi) that the link takes: strong
 * before weak, a whole input before an archive member, link order; a
 * member it takes is loaded.  -1 if none.
 */
static long chosen_global(struct prov *p, size_t lo, size_t hi)
{
	int pass;
	size_t k;

	for (pass = 0; pass < 4; pass++) {
		bool weak = pass >= 2, lazy = pass & 1;

		for (k = lo; k < hi; k++) {
			size_t i = p->by_name[k];
			const struct ksym *s = &p->in.v[i];

			if (s->undef || !isupper((unsigned char)s->type) || is_weak(s->type) != weak ||
			    p->lazy[i] != lazy)
				continue;
			if (p->have_script && s->section && lds_discards(&p->script, s->section))
				continue;
			if (lazy) {
				struct pobject *o = find_object(&p->objs, s->object);

				if (o)
					o->loaded = true;
			}
			return (long)i;
		}
	}
	return -1;
}

/* Mark the archive members the link loads: those defining a global of ELF. */
static void mark_loaded(struct prov *p)
{
	size_t i, lo, hi;

	for (i = 0; i < p->elf.n; i++) {
		if (!isupper((unsigned char)p->elf.v[i].type))
			continue;
		name_range(p->by_name, p->in.n, ksym_key, p->in.v, p->elf.v[i].name, &lo, &hi);
		chosen_global(p, lo, hi);
	}
}

static bool linker_made(const struct prov *p, const char *name, size_t lo, size_t hi)
{
	static const char *const contains[] = { "_veneer", ".long_branch.", ".plt_branch.",
						"Thunk_", "_from_arm", "_from_thumb" };
	size_t k;
	int a;

	for (a = 0; a < KA_COUNT; a++)
		if (!strcmp(name, karray_name[a]))
			return true;
	if (has_prefix(name, "__start_") || has_prefix(name, "__stop_"))
		return true;
	for (a = 0; a < (int)ARRAY_SIZE(contains); a++)
		if (strstr(name, contains[a]))
			return true;
	/* referenced, defined by none: --defsym or the like */
	for (k = lo; k < hi; k++)
		if (p->in.v[p->by_name[k]].type == 'U')
			return true;
	return false;
}

static bool script_defines(const struct prov *p, const char *name)
{
	size_t i;

	for (i = 0; p->have_script && i < p->script.symbols.n; i++)
		if (!strcmp(p->script.symbols.v[i].name, name))
			return true;
	return false;
}

static const char *resolve(struct prov *p, const struct esym *e, int depth);

/* __pfx_NAME or __cfi_NAME: the object of NAME just after it. */
static const char *resolve_prefix(struct prov *p, const struct esym *e, int depth)
{
	size_t lo, hi, k;

	if (depth || (!has_prefix(e->name, "__pfx_") && !has_prefix(e->name, "__cfi_")))
		return NULL;
	name_range(p->elf.by_name, p->elf.n, esym_key, p->elf.v, e->name + 6, &lo, &hi);
	for (k = lo; k < hi; k++) {
		const struct esym *f = &p->elf.v[p->elf.by_name[k]];

		if (f->value > e->value && f->value - e->value <= 256)
			return resolve(p, f, depth + 1);
	}
	return NULL;
}

/* The object of a symbol of the linked file (interned, or a fixed string). */
static const char *resolve(struct prov *p, const struct esym *e, int depth)
{
	size_t lo, hi, k, nloc = 0, nsame = 0;
	long g, same = -1;
	const char *o;

	name_range(p->by_name, p->in.n, ksym_key, p->in.v, e->name, &lo, &hi);
	if (islower((unsigned char)e->type)) {
		size_t nelf = 0, elo, ehi;
		long at = -1;

		name_range(p->elf.by_name, p->elf.n, esym_key, p->elf.v, e->name, &elo, &ehi);
		for (k = elo; k < ehi; k++)
			nelf += islower((unsigned char)p->elf.v[p->elf.by_name[k]].type) != 0;
		for (k = lo; k < hi; k++) {
			size_t i = p->by_name[k];

			if (!islower((unsigned char)p->in.v[i].type) || !usable(p, i))
				continue;
			if (nloc == e->rank)
				at = (long)i;
			nloc++;
			if (p->in.v[i].type == e->type) {
				nsame++;
				same = (long)i;
			}
		}
		if (nloc && nloc == nelf)
			return p->in.v[at].object;
		if (nloc)
			return nsame == 1 ? p->in.v[same].object : "?";
	}
	g = chosen_global(p, lo, hi);
	if (g >= 0)
		return p->in.v[g].object;
	if (script_defines(p, e->name))
		return p->lds;
	if (linker_made(p, e->name, lo, hi))
		return "(linker)";
	o = resolve_prefix(p, e, depth);
	return o ? o : "?";
}

/*
 * The symbol of the linked file that the table's symbol s is: of its
 * name and address, the first in symbol table order not taken yet (two
 * locals of one name can share an address, e.g. lock class keys of size
 * 0; the table keeps their symbol table order, as nm -n does).
 */
static const struct esym *elf_symbol(struct prov *p, const struct ksym *s)
{
	size_t lo, hi, k;
	struct esym *e;

	name_range(p->elf.by_name, p->elf.n, esym_key, p->elf.v, s->name, &lo, &hi);
	for (k = lo; k < hi; k++) {
		e = &p->elf.v[p->elf.by_name[k]];
		if (e->value == s->addr && !e->taken) {
			e->taken = true;
			return e;
		}
	}
	return lo < hi ? &p->elf.v[p->elf.by_name[lo]] : NULL;
}

static const char *modules_of_object(struct prov *p, const char *object)
{
	struct pobject *o = find_object(&p->objs, object);

	if (!o)
		return "";
	if (!o->mods_done) {
		o->mods = modules_of(&p->mods, object);
		o->mods_done = true;
	}
	return o->mods;
}

/* ---- the whole run ---- */

static int prov_read_inputs(struct prov *p, char **inputs, int ninputs, const char *cache)
{
	struct pinputs l = { 0 };
	struct symcache *sc = NULL;
	size_t i;
	int ret = expand_inputs(inputs, ninputs, &l);

	if (ret == 0 && cache)
		sc = symcache_open(cache);
	for (i = 0; ret == 0 && i < l.n; i++) {
		size_t n0 = p->in.n, k;
		int w;

		if (read_bfd_symbols(l.v[i].path, sc, &p->in, &w) < 0) {
			ret = -1;
			break;
		}
		p->lazy = xreallocarray(p->lazy, p->in.n ? p->in.n : 1, sizeof(*p->lazy));
		for (k = n0; k < p->in.n; k++)
			p->lazy[k] = l.v[i].lazy;
	}
	if (ret == 0 && symcache_close(sc) < 0)
		ret = -1;
	else if (ret)
		symcache_discard(sc);
	for (i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	if (!p->lazy)
		p->lazy = xcalloc(1, sizeof(*p->lazy));
	return ret;
}

static int prov_init(struct prov *p, const struct elf_file *ef, char **inputs, int ninputs,
		     const struct prov_opts *o)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	if (prov_read_inputs(p, inputs, ninputs, o->cache) < 0)
		return -1;
	if (o->lds) {
		if (lds_read(o->lds, &p->script) < 0)
			return -1;
		p->have_script = true;
		p->lds = intern(o->lds);
	}
	if (o->modules_builtin && modmap_read(o->modules_builtin, &p->mods) < 0)
		return -1;
	if (read_esyms(ef, &p->elf) < 0)
		return -1;
	p->by_name = xreallocarray(NULL, p->in.n ? p->in.n : 1, sizeof(*p->by_name));
	for (i = 0; i < p->in.n; i++)
		p->by_name[i] = i;
	ksym_base = p->in.v;
	qsort(p->by_name, p->in.n, sizeof(*p->by_name), cmp_ksym);
	collect_objects(&p->in, &p->objs);
	mark_loaded(p);
	return 0;
}

static void prov_free(struct prov *p)
{
	size_t i;

	for (i = 0; i < p->objs.n; i++)
		free(p->objs.v[i].mods);
	free(p->objs.v);
	free(p->by_name);
	free(p->lazy);
	symlist_free(&p->in);
	free(p->elf.v);
	free(p->elf.by_name);
	if (p->have_script)
		lds_free(&p->script);
	modmap_free(&p->mods);
}

struct prov_print {
	struct prov *p;
	const struct symlist *table;
	int digits;
};

static int print_provenance(FILE *f, const void *arg)
{
	const struct prov_print *pp = arg;
	size_t i;

	setvbuf(f, NULL, _IOFBF, 1 << 20);
	for (i = 0; i < pp->table->n; i++) {
		const struct ksym *s = &pp->table->v[i];
		const struct esym *e = elf_symbol(pp->p, s);
		const char *obj = e ? resolve(pp->p, e, 0) : "?";

		fprintf(f, "%0*llx %0*llx %c %s%s %s\n", pp->digits, (unsigned long long)s->addr,
			pp->digits, (unsigned long long)(e ? e->size : 0), s->type, s->name,
			modules_of_object(pp->p, obj), obj);
	}
	return 0;
}

int provenance_write(const char *out, const struct elf_file *ef, const struct symlist *table,
		     char **inputs, int ninputs, const struct prov_opts *o)
{
	struct prov p;
	struct prov_print pp = { .p = &p, .table = table, .digits = 2 * ef->word };
	int ret = -1;

	if (prov_init(&p, ef, inputs, ninputs, o) == 0) {
		if (out)
			ret = replace_file(out, print_provenance, &pp);
		else if (print_provenance(stdout, &pp) == 0 && fflush(stdout) == 0 &&
			 !ferror(stdout))
			ret = 0;
		else
			error("<stdout>", "write failed");
	}
	prov_free(&p);
	return ret;
}

int do_provenance(const char *elf, char **inputs, int ninputs, const struct table_opts *t,
		  const struct prov_opts *o)
{
	struct elf_file ef;
	struct kelf k;
	struct symlist l = { 0 };
	int ret = EXIT_ERROR;

	if (elf_file_open(&ef, elf, false) < 0)
		return EXIT_ERROR;
	if (kelf_load(&ef, t->fmt, &k) == 0) {
		if (kelf_decode(&k, t->absolute_percpu, elf, &l) == 0 &&
		    provenance_write(NULL, &ef, &l, inputs, ninputs, o) == 0)
			ret = EXIT_OK;
		kelf_free(&k);
	}
	symlist_free(&l);
	elf_file_close(&ef);
	return ret;
}
