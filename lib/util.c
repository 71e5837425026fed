// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * util.c - diagnostics, allocation and file I/O shared by every onelink program.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static const char *prog = "onelink";

void set_progname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	prog = slash ? slash + 1 : argv0;
}

const char *progname(void)
{
	return prog;
}

/* where this thread's messages go instead of stderr (report_to()) */
static __thread FILE *held;

FILE *report_to(FILE *f)
{
	FILE *old = held;

	held = f;
	return old;
}

static void PRINTF(3, 0) vreport(const char *kind, const char *file, const char *fmt,
				  va_list ap)
{
	FILE *out = held ? held : stderr;

	if (!held)
		fflush(stdout);
	/* one locked stream for the whole line: a thread's message never splits another's */
	flockfile(out);
	fprintf(out, "%s: ", prog);
	if (file)
		fprintf(out, "%s: ", file);
	if (kind)
		fprintf(out, "%s: ", kind);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	funlockfile(out);
}

void error(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, file, fmt, ap);
	va_end(ap);
}

void warn(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning", file, fmt, ap);
	va_end(ap);
}

void fatal(const char *file, const char *fmt, ...)
{
	va_list ap;

	held = NULL;	/* the last word goes to stderr, whoever held this thread's */
	va_start(ap, fmt);
	vreport(NULL, file, fmt, ap);
	va_end(ap);
	exit(EXIT_ERROR);
}

static void *check_alloc(void *p)
{
	if (!p)
		fatal(NULL, "out of memory");
	return p;
}

void *xmalloc(size_t size)
{
	return check_alloc(malloc(size ? size : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t size)
{
	return check_alloc(realloc(p, size ? size : 1));
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		fatal(NULL, "out of memory");
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

int parse_u64(const char *s, uint64_t *val)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return (errno || *end) ? -1 : 0;
}

int read_file(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	unsigned char *p;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error(path, "not a regular file");
		close(fd);
		return -1;
	}
	p = xmalloc((size_t)st.st_size + 1);
	if (pread_all(fd, p, (size_t)st.st_size, 0, path) < 0) {
		free(p);
		close(fd);
		return -1;
	}
	close(fd);
	p[st.st_size] = 0;
	*buf = p;
	*len = (size_t)st.st_size;
	return 0;
}

int pread_all(int fd, void *buf, size_t len, uint64_t off, const char *path)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error(path, "read failed: %s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			error(path, "unexpected end of file at offset %#llx",
			      (unsigned long long)off);
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int pwrite_all(int fd, const void *buf, size_t len, uint64_t off, const char *path)
{
	size_t done;

	return pwrite_count(fd, buf, len, off, path, &done);
}

int pwrite_count(int fd, const void *buf, size_t len, uint64_t off, const char *path,
		 size_t *done)
{
	const unsigned char *p = buf;

	*done = 0;
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error(path, "write failed at offset %#llx: %s",
			      (unsigned long long)off, strerror(errno));
			return -1;
		}
		if (n == 0) {
			error(path, "write made no progress at offset %#llx",
			      (unsigned long long)off);
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
		*done += (size_t)n;
	}
	return 0;
}

/*
 * Write path's new contents to path.tmp through write(); on success *tmp
 * is that name, to be given to commit_file() or discard_file().  Safe to
 * call from a thread of its own.
 */
int write_temp_file(const char *path, int (*write)(FILE *f, const void *arg), const void *arg,
		    char **tmp)
{
	FILE *f;
	int bad;

	*tmp = xmalloc(strlen(path) + 5);
	sprintf(*tmp, "%s.tmp", path);
	f = fopen(*tmp, "w");
	if (!f) {
		error(*tmp, "cannot create: %s", strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	bad = write(f, arg) < 0;
	bad |= fflush(f) != 0;
	bad |= ferror(f) != 0;
	bad |= fclose(f) != 0;
	if (!bad)
		return 0;
	error(path, "cannot write: %s", strerror(errno));
	discard_file(*tmp);
	*tmp = NULL;
	return -1;
}

/* Rename tmp from write_temp_file() to path; tmp is freed either way. */
int commit_file(char *tmp, const char *path)
{
	if (rename(tmp, path) == 0) {
		free(tmp);
		return 0;
	}
	error(path, "cannot write: %s", strerror(errno));
	discard_file(tmp);
	return -1;
}

/* Remove and free tmp from write_temp_file(); NULL is allowed. */
void discard_file(char *tmp)
{
	if (!tmp)
		return;
	unlink(tmp);
	free(tmp);
}

/* Write path through write(), by a temporary name renamed into place. */
int replace_file(const char *path, int (*write)(FILE *f, const void *arg), const void *arg)
{
	char *tmp;

	if (write_temp_file(path, write, arg, &tmp) < 0)
		return -1;
	return commit_file(tmp, path);
}
