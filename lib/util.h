/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util.h - diagnostics, allocation and string tests shared by every
 * onelink program.
 *
 * Every message has one shape: "prog: file: what went wrong[: cause]".
 * The program name is set once in main() with set_progname().
 */
#ifndef ONELINK_UTIL_H
#define ONELINK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Does s start with prefix? */
static inline bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Does s, len bytes long, end with suffix? */
static inline bool has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

#ifndef ONELINK_VERSION
#define ONELINK_VERSION "0.1"
#endif

/* Exit statuses shared by all programs. */
#define EXIT_OK		0
#define EXIT_ERROR	1	/* bad input, I/O error, refusal */
#define EXIT_USAGE	2	/* bad command line */

#if defined(__GNUC__)
#define PRINTF(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF(f, a)
#define NORETURN
#endif

void set_progname(const char *argv0);
const char *progname(void);

/* "prog: file: msg\n" (file may be NULL: "prog: msg\n") */
void error(const char *file, const char *fmt, ...) PRINTF(2, 3);
void warn(const char *file, const char *fmt, ...) PRINTF(2, 3);
/* error() then exit(EXIT_ERROR) */
void fatal(const char *file, const char *fmt, ...) PRINTF(2, 3) NORETURN;
/*
 * Send this thread's error() and warn() messages to f (NULL: stderr
 * again); returns the previous stream.  fatal() goes there too, just
 * before the exit: only a thread's own held messages are lost then.
 */
FILE *report_to(FILE *f);

/* Allocation: on failure report "prog: out of memory" and exit. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* xrealloc for arrays, with overflow check on n * size */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

/* Parse an unsigned number (0x.. hex, 0.. octal or decimal); 0 on success. */
int parse_u64(const char *s, uint64_t *val);

/*
 * Whole-file I/O.  read_file() reads all of path into a fresh buffer
 * (NUL-terminated past *len); pwrite_all() writes every byte at offset,
 * retrying short writes and EINTR.  Both report errors and return -1.
 */
int read_file(const char *path, unsigned char **buf, size_t *len);
int pwrite_all(int fd, const void *buf, size_t len, uint64_t off, const char *path);
/* pwrite_all(), and in *done how many bytes were written, also on failure */
int pwrite_count(int fd, const void *buf, size_t len, uint64_t off, const char *path,
		 size_t *done);
int pread_all(int fd, void *buf, size_t len, uint64_t off, const char *path);

/*
 * Replace the file at path with what write(f, arg) writes: into
 * "path.tmp", then renamed over path, so that readers never see half a
 * file.  write returns 0 or -1; replace_file reports errors, returns -1.
 */
int replace_file(const char *path, int (*write)(FILE *f, const void *arg), const void *arg);

/*
 * The same in two steps, for a file written beside other work: the
 * contents into "path.tmp" (*tmp), then commit_file() renames it over
 * path or discard_file() removes it.  Each reports its errors.
 */
int write_temp_file(const char *path, int (*write)(FILE *f, const void *arg), const void *arg,
		    char **tmp);
int commit_file(char *tmp, const char *path);
void discard_file(char *tmp);

#endif
