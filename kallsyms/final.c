// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * final.c - the final pass, after the one link.
 *
 *   kelf_load()     each array's label, file offset, capacity, and the
 *                   reserve the pre-link table gave it (its st_size);
 *                   check_layout() and check_reserves() against the
 *                   layout file
 *   table_build()   the exact table of the linked file's own symbols
 *                   (its System.map, read_system_map_elf())
 *   fits()          every array within its reserve, or an overflow
 *                   report naming the symbols the superset lacked
 *   patch()         each array written in place, zero-filled to its
 *                   reserve; kallsyms_relative_base from final addresses,
 *                   or (7.0) each offset relative to its own slot; the
 *                   addend of a RELA relocation on an array (a PIE's
 *                   kallsyms_relative_base) follows it (dynrel.c)
 *   verify()        the arrays read back from the file and compared
 *                   with the table; decoded (from the same bytes, on a
 *                   second thread while they are written)
 *
 * System.map (--write-map) is written on a second thread from the moment
 * the linked file's symbols are read, and renamed into place only after
 * the verification.
 *
 * With --write-provenance, once the table is patched, verified and
 * synced (and System.map in place), each symbol of the decoded table
 * gets its object file and built-in modules (provenance.c).  The table
 * is valid whatever happens then: a provenance that cannot be made is
 * exit status 4, with no provenance file left (an old one is removed, so
 * that none describes another link).
 *
 * Every write goes through a journal that keeps the bytes it replaces:
 * if a write, the addend update or the verification fails, the journal
 * is played back in reverse and the file is as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "job.h"
#include "kallsyms.h"
#include "provenance.h"
#include "util.h"

struct undo {
	uint64_t off;
	size_t n;		/* bytes written (and to put back) */
	unsigned char *old;
};

struct final {
	const char *path;
	struct undo *undo;
	size_t nundo, capundo;
	struct elf_file ef;
	struct kelf k;
	struct ktable t;
	unsigned char *image[KA_COUNT];
	size_t len[KA_COUNT];
	struct layout lay;
	bool have_layout;
	const char *layout_path;
	bool have_superset;	/* lay.superset read (only to name culprits) */
	const struct kformat *fmt;
};

static int check_reserves(struct final *f)
{
	int a;

	for (a = 0; a < KA_COUNT; a++) {
		const struct kplace *p = &f->k.place[a];

		if (!kformat_has(f->fmt, a))
			continue;
		if (!p->size) {
			error(f->path, "%s has no reserved size: not linked with a "
			      "'kallsyms --prelink' table", karray_name[a]);
			return -1;
		}
		if (p->size > p->capacity) {
			error(f->path, "%s: reserve of %llu bytes overlaps the next symbol "
			      "(room for %llu)", karray_name[a], (unsigned long long)p->size,
			      (unsigned long long)p->capacity);
			return -1;
		}
		if (f->have_layout && f->lay.reserve[a] != p->size) {
			error(f->path, "%s: reserve is %llu bytes, the layout says %llu: "
			      "linked with another layout?", karray_name[a],
			      (unsigned long long)p->size, (unsigned long long)f->lay.reserve[a]);
			return -1;
		}
	}
	return 0;
}

static int check_layout(struct final *f, const struct table_opts *o)
{
	if (!f->have_layout)
		return 0;
	if (f->lay.opts.fmt != f->fmt) {
		error(f->path, "layout is for Linux %s's table format, --format is %s",
		      f->lay.opts.fmt->name, f->fmt->name);
		return -1;
	}
	if (f->lay.word != f->ef.word) {
		error(f->path, "layout is for a %d-bit target, the file is %d-bit",
		      f->lay.word * 8, f->ef.word * 8);
		return -1;
	}
	if (f->lay.opts.all_symbols != o->all_symbols ||
	    f->lay.opts.absolute_percpu != o->absolute_percpu ||
	    f->lay.opts.lto_clang != o->lto_clang) {
		error(f->path, "options differ from the layout's (--all-symbols %s, "
		      "--absolute-percpu %s%s)", f->lay.opts.all_symbols ? "on" : "off",
		      f->lay.opts.absolute_percpu ? "on" : "off",
		      f->lay.opts.lto_clang != o->lto_clang ?
		      (f->lay.opts.lto_clang ? ", --lto-clang on" : ", --lto-clang off") : "");
		return -1;
	}
	return 0;
}

static int cmp_ksym_name(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : x->type - y->type;
}

/*
 * The layout's superset, for the report: the rest of the pass needs
 * only the header, and the superset is most of the file.
 */
static bool read_superset(struct final *f)
{
	struct layout full;

	if (f->have_superset)
		return true;
	if (layout_read(f->layout_path, &full) < 0)
		return false;
	layout_free(&f->lay);
	f->lay = full;
	f->have_superset = true;
	return true;
}

/* Symbols of the final table the superset lacks, or has with another type. */
static void report_culprits(const struct final *f)
{
	struct ksym *sup = xreallocarray(NULL, f->lay.superset.n + 1, sizeof(*sup));
	unsigned int i, missing = 0, changed = 0;
	size_t n = f->lay.superset.n;

	memcpy(sup, f->lay.superset.v, n * sizeof(*sup));
	qsort(sup, n, sizeof(*sup), cmp_ksym_name);
	for (i = 0; i < f->t.n; i++) {
		const char *text = f->t.e[i]->text;
		struct ksym key = { .type = 0, .name = (char *)text + 1 };
		size_t lo = 0, hi = n;

		while (lo < hi) {	/* first entry with this name */
			size_t mid = (lo + hi) / 2;

			if (strcmp(sup[mid].name, key.name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || strcmp(sup[lo].name, key.name)) {
			if (missing++ < 20)
				fprintf(stderr, "  not in the superset: %c %s\n", text[0], text + 1);
			continue;
		}
		for (hi = lo; hi < n && !strcmp(sup[hi].name, key.name); hi++)
			if (sup[hi].type == text[0])
				break;
		if ((hi == n || strcmp(sup[hi].name, key.name)) && changed++ < 20)
			fprintf(stderr, "  changed type: %s %c -> %c\n", text + 1,
				sup[lo].type, text[0]);
	}
	fprintf(stderr, "  %u symbols not in the superset, %u changed type "
		"(superset %u symbols, final %u)\n", missing, changed,
		f->lay.symbols, f->t.n);
	free(sup);
}

static void report_padding(const struct final *f)
{
	uint64_t need = 0, reserve = 0;
	int a;

	for (a = 0; a < KA_COUNT; a++) {
		if (!kformat_has(f->fmt, a))
			continue;
		need += f->len[a];
		reserve += f->k.place[a].size;
	}
	fprintf(stderr, "  %u symbols; table %llu bytes in %llu reserved: padding %llu bytes "
		"(%.2f%%)\n", f->t.n, (unsigned long long)need, (unsigned long long)reserve,
		(unsigned long long)(reserve - need),
		need ? 100.0 * (double)(reserve - need) / (double)need : 0.0);
}

/* 0 if every array fits; with report, print need vs reserve per array. */
static int fits(struct final *f, bool report)
{
	int a, over = 0;

	for (a = 0; a < KA_COUNT; a++)
		over |= f->len[a] > f->k.place[a].size;
	if (!over && !report)
		return 0;
	if (over)
		error(f->path, "kallsyms table does not fit its reserve: relink with a "
		      "layout from this file's symbols");
	fprintf(stderr, "  %-24s %10s %10s %10s\n", "array", "need", "reserve", "superset");
	for (a = 0; a < KA_COUNT; a++)
		if (kformat_has(f->fmt, a))
			fprintf(stderr, "  %-24s %10zu %10llu %10llu%s\n", karray_name[a], f->len[a],
			(unsigned long long)f->k.place[a].size,
			(unsigned long long)(f->have_layout ? f->lay.need[a] : 0),
			f->len[a] > f->k.place[a].size ? "  OVERFLOW" : "");
	if (f->have_layout && read_superset(f))
		report_culprits(f);
	if (!over)
		report_padding(f);
	return over ? -1 : 0;
}

/*
 * Write buf to off, after saving the bytes it replaces in the journal.
 * On a failed write the journal keeps exactly the bytes that went
 * through.  The kelf_write_fn of kelf_patch_dynrels().
 */
static int jwrite(void *arg, const void *buf, size_t n, uint64_t off)
{
	struct final *f = arg;
	struct undo *u;

	if (f->nundo == f->capundo) {
		f->capundo = f->capundo ? 2 * f->capundo : 16;
		f->undo = xreallocarray(f->undo, f->capundo, sizeof(*f->undo));
	}
	u = &f->undo[f->nundo];
	u->off = off;
	u->old = xmalloc(n ? n : 1);
	if (elf_file_read(&f->ef, off, u->old, n) < 0) {
		free(u->old);
		return -1;
	}
	f->nundo++;
	return pwrite_count(f->ef.fd, buf, n, off, f->path, &u->n);
}

/* Put back every byte the journal saved, newest first. */
static void rollback(struct final *f)
{
	size_t i;

	if (!f->nundo)
		return;
	for (i = f->nundo; i-- > 0;) {
		const struct undo *u = &f->undo[i];

		if (u->n && pwrite_all(f->ef.fd, u->old, u->n, u->off, f->path) < 0) {
			error(f->path, "PARTIALLY PATCHED: the kallsyms arrays may be damaged");
			return;
		}
	}
	error(f->path, "table not patched: the original bytes were restored");
}

static void journal_free(struct final *f)
{
	size_t i;

	for (i = 0; i < f->nundo; i++)
		free(f->undo[i].old);
	free(f->undo);
}

/* Each array, zero-filled to its reserve. */
static int patch(struct final *f)
{
	int a;

	for (a = 0; a < KA_COUNT; a++) {
		const struct kplace *p = &f->k.place[a];
		unsigned char *buf;
		int ret;

		if (!kformat_has(f->fmt, a))
			continue;
		buf = xcalloc(p->size ? p->size : 1, 1);
		memcpy(buf, f->image[a], f->len[a]);
		ret = jwrite(f, buf, p->size, p->offset);
		free(buf);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int sync_file(const struct final *f)
{
	if (fsync(f->ef.fd) == 0)
		return 0;
	error(f->path, "fsync failed: %s", strerror(errno));
	return -1;
}

/*
 * The table decoded as the kernel reads it, on a thread while the arrays
 * are written: from their images, which verify() then finds byte for
 * byte in the file, so the list is the file's table decoded.
 */
struct decode_job {
	struct kelf k;		/* the images, borrowed: not kelf_free()d */
	bool absolute_percpu;
	const char *path;
	struct symlist *out;
	int ret;
	struct job job;
};

static void run_decode(void *arg)
{
	struct decode_job *d = arg;

	d->ret = kelf_decode(&d->k, d->absolute_percpu, d->path, d->out);
}

static void decode_start(struct decode_job *d, const struct final *f,
			 const struct table_opts *o, struct symlist *out)
{
	int a;

	memset(&d->k, 0, sizeof(d->k));
	d->k.fmt = f->fmt;
	d->k.target = f->k.target;
	for (a = 0; a < KA_COUNT; a++) {
		if (!kformat_has(f->fmt, a))
			continue;
		d->k.place[a] = f->k.place[a];
		d->k.place[a].capacity = f->len[a];
		d->k.data[a] = f->image[a];
	}
	d->absolute_percpu = o->absolute_percpu;
	d->path = f->path;
	d->out = out;
	job_start(&d->job, run_decode, d);
}

/*
 * Read the arrays back from the file and compare them with the table;
 * then the decoded table (d) is the file's.  The decoder's messages are
 * shown only when the arrays are the ones it decoded.
 */
static int verify(struct final *f, const struct table_opts *o, struct decode_job *d)
{
	struct kelf k;
	bool same;

	same = kelf_load(&f->ef, f->fmt, &k) == 0 &&
	       kelf_compare(&k, &f->t, o->absolute_percpu, f->path) == 0;
	kelf_free(&k);
	job_finish(&d->job, same);
	return same && d->ret == 0 ? 0 : -1;
}

/* The provenance of the verified table's symbols (decoded) into its file. */
static int write_provenance(struct final *f, const struct final_opts *o,
			    const struct symlist *decoded)
{
	if (provenance_write(o->prov_out, &f->ef, decoded, o->inputs, o->ninputs,
			     &o->prov) == 0)
		return EXIT_OK;
	unlink(o->prov_out);
	error(f->path, "table patched and verified; no provenance file written");
	return EXIT_NO_PROVENANCE;
}

/*
 * System.map is written beside the table's work, on a thread of its own
 * (its list is read-only from then on), into a temporary name; it takes
 * its place only once the table is patched and verified, and is removed
 * when anything fails: a failed final pass leaves neither a patched file
 * nor a new System.map.
 */
struct map_job {
	const char *path;
	const struct symlist *map;
	int word;
	char *tmp;		/* written, waiting for commit_file() */
	int ret;
	struct job job;
};

static int print_map(FILE *f, const void *arg)
{
	const struct map_job *m = arg;

	/* a large buffer: 8 MB of lines in few writes */
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	symlist_print_nm(f, m->map, m->word);
	return 0;
}

static void run_map_job(void *arg)
{
	struct map_job *m = arg;

	m->ret = write_temp_file(m->path, print_map, m, &m->tmp);
}

/* Wait for m; put it in place when commit, remove it otherwise. */
static int map_job_finish(struct map_job *m, bool commit)
{
	job_finish(&m->job, true);
	if (m->ret < 0)
		return -1;
	if (!commit) {
		discard_file(m->tmp);
		m->tmp = NULL;
		return 0;
	}
	m->ret = commit_file(m->tmp, m->path);
	m->tmp = NULL;
	return m->ret;
}

int do_final(const char *path, const struct final_opts *o)
{
	struct final f = { .path = path, .fmt = o->table.fmt };
	struct symlist map = { 0 }, decoded = { 0 };
	struct map_job mj = { .path = o->map_out, .map = &map };
	struct decode_job dj = { .ret = -1 };
	bool map_started = false;
	int a, ret = EXIT_ERROR;

	if (o->layout) {
		/* the header, silently; read again in full to report what is wrong */
		if (layout_read_header(o->layout, &f.lay) < 0 && layout_read(o->layout, &f.lay) < 0)
			return EXIT_ERROR;
		f.have_layout = true;
		f.layout_path = o->layout;
	}
	if (elf_file_open(&f.ef, path, !o->dry_run) < 0)
		goto out_layout;
	if (check_layout(&f, &o->table) < 0 || kelf_load(&f.ef, f.fmt, &f.k) < 0 ||
	    check_reserves(&f) < 0 ||
	    read_system_map_elf(&f.ef, f.fmt, &map) < 0)
		goto out;
	if (o->map_out && !o->dry_run) {
		mj.word = f.ef.word;
		job_start(&mj.job, run_map_job, &mj);
		map_started = true;
	}
	if (table_build(&map, &o->table, &f.t, path) < 0)
		goto out;
	for (a = 0; a < KA_COUNT; a++)
		if (kformat_has(f.fmt, a))
			f.image[a] = table_image(&f.t, a, &f.k.target, &f.len[a]);
	if (fits(&f, o->explain) < 0) {
		ret = EXIT_OVERFLOW;
		goto out;
	}
	if (o->dry_run) {
		ret = EXIT_OK;
		goto out;
	}
	decode_start(&dj, &f, &o->table, &decoded);
	if (patch(&f) < 0 || kelf_patch_dynrels(&f.ef, &f.k, f.image, f.len, jwrite, &f) < 0 ||
	    verify(&f, &o->table, &dj) < 0) {
		rollback(&f);
		goto out;
	}
	/* the table verified: System.map takes its place, or the patch is undone */
	if (map_started) {
		map_started = false;
		if (map_job_finish(&mj, true) < 0) {
			rollback(&f);
			goto out;
		}
	}
	if (!o->sync || sync_file(&f) == 0)
		ret = o->prov_out ? write_provenance(&f, o, &decoded) : EXIT_OK;
out:
	job_finish(&dj.job, false);
	if (map_started)
		map_job_finish(&mj, false);
	journal_free(&f);
	symlist_free(&map);
	symlist_free(&decoded);
	for (a = 0; a < KA_COUNT; a++)
		free(f.image[a]);
	table_free(&f.t);
	kelf_free(&f.k);
	elf_file_close(&f.ef);
out_layout:
	if (f.have_layout)
		layout_free(&f.lay);
	return ret;
}
