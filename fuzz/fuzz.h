/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz.h - what the harnesses that need a file share: the input as an
 * anonymous memory file (memfd), named /proc/self/fd/N for the readers
 * that take a path.
 */
#ifndef ONELINK_FUZZ_H
#define ONELINK_FUZZ_H

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* A memfd holding size bytes of data, its name in path; -1 on failure. */
static inline int fuzz_file(const void *data, size_t size, char *path, size_t pathlen)
{
	const char *p = data;
	int fd = memfd_create("fuzz", 0);

	if (fd < 0)
		return -1;
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		size -= (size_t)n;
	}
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

/* The whole content of fd (size bytes) into buf; 0 on success. */
static inline int fuzz_read_back(int fd, void *buf, size_t size)
{
	return pread(fd, buf, size, 0) == (ssize_t)size ? 0 : -1;
}

/* The size of fd now. */
static inline off_t fuzz_size(int fd)
{
	return lseek(fd, 0, SEEK_END);
}
#endif
