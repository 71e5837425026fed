/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * endian.h - byte-order accessors for target data.
 *
 * Data read out of an ELF file stays in the file's byte order; these
 * decode and encode it without casting pointers into the buffer.
 * "big" selects big-endian; the byte order is decided once per file.
 */
#ifndef ONELINK_ENDIAN_H
#define ONELINK_ENDIAN_H

#include <stdbool.h>
#include <stdint.h>

static inline uint16_t get_u16(const unsigned char *p, bool big)
{
	return big ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static inline uint32_t get_u32(const unsigned char *p, bool big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static inline uint64_t get_u64(const unsigned char *p, bool big)
{
	uint64_t hi = get_u32(p + (big ? 0 : 4), big);
	uint64_t lo = get_u32(p + (big ? 4 : 0), big);

	return hi << 32 | lo;
}

static inline void put_u16(unsigned char *p, uint16_t v, bool big)
{
	p[big ? 0 : 1] = v >> 8;
	p[big ? 1 : 0] = v;
}

static inline void put_u32(unsigned char *p, uint32_t v, bool big)
{
	put_u16(p + (big ? 0 : 2), v >> 16, big);
	put_u16(p + (big ? 2 : 0), v, big);
}

static inline void put_u64(unsigned char *p, uint64_t v, bool big)
{
	put_u32(p + (big ? 0 : 4), v >> 32, big);
	put_u32(p + (big ? 4 : 0), v, big);
}

/* Pointer-sized word: 4 or 8 bytes. */
static inline uint64_t get_word(const unsigned char *p, int size, bool big)
{
	return size == 8 ? get_u64(p, big) : get_u32(p, big);
}

static inline void put_word(unsigned char *p, uint64_t v, int size, bool big)
{
	if (size == 8)
		put_u64(p, v, big);
	else
		put_u32(p, (uint32_t)v, big);
}

#endif
