// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * job.c - one piece of work on a second thread (job.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "util.h"

static void *run_job(void *arg)
{
	struct job *j = arg;
	FILE *msgs = open_memstream(&j->msgs, &j->msgs_len);
	FILE *old = report_to(msgs);

	j->fn(j->arg);
	report_to(old);
	if (msgs)
		fclose(msgs);
	return NULL;
}

void job_start(struct job *j, void (*fn)(void *arg), void *arg)
{
	j->fn = fn;
	j->arg = arg;
	j->msgs = NULL;
	j->msgs_len = 0;
	j->started = true;
	j->thread = pthread_create(&j->tid, NULL, run_job, j) == 0;
	if (!j->thread)
		run_job(j);
}

void job_finish(struct job *j, bool report)
{
	if (!j->started)
		return;
	if (j->thread)
		pthread_join(j->tid, NULL);
	j->thread = j->started = false;
	if (report && j->msgs_len) {
		fflush(stdout);
		fwrite(j->msgs, 1, j->msgs_len, stderr);
	}
	free(j->msgs);
	j->msgs = NULL;
	j->msgs_len = 0;
}

struct sort_half {
	void *base;
	size_t n, size;
	int (*cmp)(const void *, const void *);
};

static void sort_half(void *arg)
{
	struct sort_half *h = arg;

	qsort(h->base, h->n, h->size, h->cmp);
}

void sort_two(void *base, size_t n, size_t size, size_t min,
	      int (*cmp)(const void *, const void *))
{
	struct sort_half h = { (char *)base + n / 2 * size, n - n / 2, size, cmp };
	struct job job = { 0 };
	char *a = base, *b, *end, *out, *tmp;

	if (n < min || n < 2) {
		qsort(base, n, size, cmp);
		return;
	}
	job_start(&job, sort_half, &h);
	qsort(base, n / 2, size, cmp);
	job_finish(&job, true);
	/* merge: the first half moves out of the way, the output fills base */
	tmp = xmalloc(n / 2 * size);
	memcpy(tmp, base, n / 2 * size);
	a = tmp;
	end = tmp + n / 2 * size;
	b = h.base;
	out = base;
	while (a < end && b < (char *)base + n * size) {
		if (cmp(b, a) < 0) {
			memcpy(out, b, size);
			b += size;
		} else {
			memcpy(out, a, size);
			a += size;
		}
		out += size;
	}
	/* what is left of b is already in place */
	memcpy(out, a, (size_t)(end - a));
	free(tmp);
}
