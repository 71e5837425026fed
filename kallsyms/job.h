/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * job.h - one piece of work on a second thread, beside the main one.
 *
 * The job's messages are held until job_finish(), which prints them or
 * drops them: what a run prints does not depend on which thread got
 * there first, and a job whose result is not wanted says nothing.  When
 * no thread can be had, job_start() does the work at once, in series,
 * with the same output.
 */
#ifndef ONELINK_JOB_H
#define ONELINK_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct job {
	void (*fn)(void *arg);
	void *arg;
	char *msgs;		/* what fn reported, held */
	size_t msgs_len;
	bool thread;		/* running on a thread, to be joined */
	bool started;
	pthread_t tid;
};

void job_start(struct job *j, void (*fn)(void *arg), void *arg);
/* Wait for j; print its messages when report, drop them otherwise. */
void job_finish(struct job *j, bool report);

/*
 * qsort() of n elements, for a cmp that never finds two elements equal
 * (so that the order is the one possible): from min elements up, each
 * half on a thread of its own, then the halves merged.
 */
void sort_two(void *base, size_t n, size_t size, size_t min,
	      int (*cmp)(const void *, const void *));

#endif
