// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * modes.c - the modes of one step (the two passes of one link are
 * prelink.c and final.c):
 *
 *   do_table()        a table from an `nm -n` listing: assembler on
 *                     stdout, or (--raw) each array's bytes in a file
 *   do_nm()           every symbol of each file, as nm -n lists them
 *   do_system_map()   the System.map of a linked ELF
 *   do_read_table()   the table inside a linked ELF: decoded (--decode),
 *                     or compared with what its symbols call for (--verify)
 */
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "job.h"
#include "kallsyms.h"
#include "util.h"

struct raw_arg {
	const unsigned char *img;
	size_t len;
};

static int print_raw(FILE *f, const void *arg)
{
	const struct raw_arg *r = arg;

	return fwrite(r->img, 1, r->len, f) == r->len ? 0 : -1;
}

/*
 * Each array's bytes for the target into DIR/NAME.bin, each through a
 * temporary name (a failed write leaves the old file).
 */
static int write_raw(const struct ktable *t, const char *dir, const struct ktarget *tg)
{
	int a, ret = 0;

	for (a = 0; a < KA_COUNT && ret == 0; a++) {
		struct raw_arg r;
		char *path;
		unsigned char *img;

		if (!kformat_has(t->fmt, a))
			continue;
		path = xmalloc(strlen(dir) + strlen(karray_name[a]) + 16);
		sprintf(path, "%s/%s.bin", dir, karray_name[a]);
		img = table_image(t, a, tg, &r.len);
		r.img = img;
		ret = replace_file(path, print_raw, &r);
		free(img);
		free(path);
	}
	return ret;
}

int do_table(const char *path, const struct table_opts *o, const char *raw,
	     const struct ktarget *tg)
{
	struct symlist l = { 0 };
	struct ktable t;
	int ret = EXIT_ERROR;

	if (read_listing(path, &l) < 0) {
		symlist_free(&l);
		return EXIT_ERROR;
	}
	if (table_build(&l, o, &t, path) == 0) {
		if (raw)
			ret = write_raw(&t, raw, tg) == 0 ? EXIT_OK : EXIT_ERROR;
		else
			table_write_asm(stdout, &t);
		if (fflush(stdout) || ferror(stdout))
			error("<stdout>", "write failed");
		else if (!raw)
			ret = EXIT_OK;
	}
	table_free(&t);
	symlist_free(&l);
	return ret;
}

int do_nm(char **files, int nfiles, bool bfd)
{
	int i, status = EXIT_OK;

	for (i = 0; i < nfiles; i++) {
		struct symlist l = { 0 };
		int word = 8, ret;

		if (bfd)
			ret = read_bfd_symbols(files[i], NULL, &l, &word);
		else
			ret = read_elf_symbols(files[i], &l, &word);
		if (ret == 0) {
			symlist_sort_nm(&l);
			symlist_print_nm(stdout, &l, word);
		} else {
			status = EXIT_ERROR;
		}
		symlist_free(&l);
	}
	return status;
}

int do_system_map(const char *path, const struct kformat *fmt)
{
	struct symlist map = { 0 };
	int word = 8, ret = EXIT_ERROR;

	if (read_system_map(path, fmt, &map, &word) == 0) {
		symlist_print_nm(stdout, &map, word);
		ret = EXIT_OK;
	}
	symlist_free(&map);
	return ret;
}

struct decode_job {
	const struct kelf *k;
	bool absolute_percpu;
	const char *path;
	struct symlist *out;
	int ret;
};

static void run_decode(void *arg)
{
	struct decode_job *d = arg;

	d->ret = kelf_decode(d->k, d->absolute_percpu, d->path, d->out);
}

int do_read_table(const char *path, const struct table_opts *o, bool verify)
{
	struct elf_file ef;
	struct kelf k;
	struct symlist l = { 0 };
	struct ktable t = { 0 };
	struct decode_job d = { .path = path, .absolute_percpu = o->absolute_percpu, .out = &l };
	struct job job = { 0 };
	int ret = EXIT_ERROR;

	if (elf_file_open(&ef, path, false) < 0)
		return EXIT_ERROR;
	if (kelf_load(&ef, o->fmt, &k) < 0)
		goto out;
	d.k = &k;
	if (!verify) {
		run_decode(&d);
		if (d.ret == 0) {
			symlist_print_nm(stdout, &l, ef.word);
			ret = EXIT_OK;
		}
	} else {
		/* the file's arrays decoded beside the table their symbols call for */
		bool same;

		job_start(&job, run_decode, &d);
		same = table_from_elf_file(&ef, o, &t) == 0 &&
		       kelf_compare(&k, &t, o->absolute_percpu, path) == 0;
		job_finish(&job, same);
		if (same && d.ret == 0)
			ret = EXIT_OK;
	}
	table_free(&t);
	symlist_free(&l);
out:
	kelf_free(&k);
	elf_file_close(&ef);
	return ret;
}
