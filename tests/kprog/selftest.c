// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * selftest.c - the run-time half of the kernel-like test program: it
 * decodes its own kallsyms table the way kernel/kallsyms.c does and
 * checks, like CONFIG_KALLSYMS_SELFTEST, that every name resolves to its
 * address and every address to its name, and that the addresses the
 * program knows from the compiler (KNOWN[]) are the table's.
 *
 * Freestanding: no libc; sys_write/sys_exit come from start.S.
 * Build with -DABS_PERCPU when the table was made with --absolute-percpu,
 * with -DPC_RELATIVE when it is in Linux 7.0's format (--format=7.0).
 */
#include <stddef.h>
#include <stdint.h>

extern const int kallsyms_num_syms;
extern const uint8_t kallsyms_names[];
extern const unsigned int kallsyms_markers[];
extern const char kallsyms_token_table[];
extern const uint16_t kallsyms_token_index[];
extern const int kallsyms_offsets[];
#ifndef PC_RELATIVE
extern const unsigned long kallsyms_relative_base;
#endif
extern const uint8_t kallsyms_seqs_of_names[];

long sys_write(int fd, const void *buf, unsigned long len);
void sys_exit(int status) __attribute__((noreturn));

struct known {
	const char *name;
	unsigned long addr;
};
extern const struct known known_symbols[];
extern const unsigned int known_count;

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

static int str_cmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void puts_out(const char *s)
{
	sys_write(1, s, str_len(s));
}

static void put_hex(unsigned long v)
{
	char buf[2 + 2 * sizeof(v) + 1];
	int i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < (int)(2 * sizeof(v)); i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (4 * (2 * sizeof(v) - 1 - i))) & 15];
	buf[sizeof(buf) - 1] = 0;
	puts_out(buf);
}

static void put_dec(unsigned long v)
{
	char buf[24];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	puts_out(buf + i);
}

/* Offset in kallsyms_names of symbol idx, via the markers. */
static unsigned int name_offset(unsigned int idx)
{
	const uint8_t *p = kallsyms_names + kallsyms_markers[idx >> 8];
	unsigned int i;

	for (i = 0; i < (idx & 0xff); i++) {
		unsigned int len = *p;

		if (len & 0x80)
			len = (len & 0x7f) + (p[1] << 7), p++;
		p += len + 1;
	}
	return (unsigned int)(p - kallsyms_names);
}

/* Expand symbol at off into type and name; return the next offset. */
static unsigned int expand(unsigned int off, char *type, char *name, size_t max)
{
	const uint8_t *data = kallsyms_names + off;
	unsigned int len = *data++, n = 0;
	int first = 1;

	if (len & 0x80)
		len = (len & 0x7f) + (*data++ << 7), off++;
	off += len + 1;
	while (len--) {
		const char *t = kallsyms_token_table + kallsyms_token_index[*data++];

		for (; *t; t++) {
			if (first) {
				*type = *t;
				first = 0;
			} else if (n + 1 < max) {
				name[n++] = *t;
			}
		}
	}
	name[n] = 0;
	return off;
}

static unsigned long sym_address(unsigned int idx)
{
#if defined(PC_RELATIVE)
	/* 7.0: no base; a slot holds the signed distance from itself */
	const int *slot = &kallsyms_offsets[idx];

	return (unsigned long)slot + (unsigned long)(long)*slot;
#elif defined(ABS_PERCPU)
	if (kallsyms_offsets[idx] >= 0)
		return (unsigned long)kallsyms_offsets[idx];
	return kallsyms_relative_base - 1 - kallsyms_offsets[idx];
#else
	return kallsyms_relative_base + (uint32_t)kallsyms_offsets[idx];
#endif
}

static unsigned int seq_of(unsigned int i)
{
	const uint8_t *p = kallsyms_seqs_of_names + 3 * i;

	return (unsigned int)p[0] << 16 | (unsigned int)p[1] << 8 | p[2];
}

static char name_buf[512], other_buf[512];

static const char *name_of(unsigned int idx, char *buf)
{
	char type;

	expand(name_offset(idx), &type, buf, 512);
	return buf;
}

/* First position in seqs_of_names whose name is >= name (binary search). */
static unsigned int lower_bound(const char *name)
{
	unsigned int lo = 0, hi = (unsigned int)kallsyms_num_syms;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (str_cmp(name_of(seq_of(mid), other_buf), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does some symbol called name sit at addr? */
static int name_has_address(const char *name, unsigned long addr)
{
	unsigned int i;

	for (i = lower_bound(name); i < (unsigned int)kallsyms_num_syms; i++) {
		if (str_cmp(name_of(seq_of(i), other_buf), name))
			return 0;
		if (sym_address(seq_of(i)) == addr)
			return 1;
	}
	return 0;
}

/* The first symbol at the highest address <= addr, as get_symbol_pos. */
static unsigned int symbol_pos(unsigned long addr)
{
	unsigned int lo = 0, hi = (unsigned int)kallsyms_num_syms;

	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (sym_address(mid) <= addr)
			lo = mid;
		else
			hi = mid;
	}
	while (lo && sym_address(lo - 1) == sym_address(lo))
		lo--;
	return lo;
}

/* Is name among the symbols at addr? */
static int address_has_name(unsigned long addr, const char *name)
{
	unsigned int i = symbol_pos(addr);

	for (; i < (unsigned int)kallsyms_num_syms && sym_address(i) == addr; i++)
		if (!str_cmp(name_of(i, other_buf), name))
			return 1;
	return 0;
}

static int fail(const char *what, const char *name, unsigned long addr)
{
	puts_out("kallsyms selftest: FAIL: ");
	puts_out(what);
	puts_out(" ");
	puts_out(name);
	puts_out(" ");
	put_hex(addr);
	puts_out("\n");
	return 1;
}

int main(void)
{
	unsigned int i, off = 0, n = (unsigned int)kallsyms_num_syms;
	unsigned long prev = 0;
	int bad = 0;
	char type;

	for (i = 0; i < n && bad < 10; i++) {
		unsigned long addr = sym_address(i);

		if (name_offset(i) != off)
			bad += fail("marker", "", i);
		off = expand(off, &type, name_buf, sizeof(name_buf));
		if (i && addr < prev)
			bad += fail("order", name_buf, addr);
		if (!name_has_address(name_buf, addr))
			bad += fail("name->address", name_buf, addr);
		if (!address_has_name(addr, name_buf))
			bad += fail("address->name", name_buf, addr);
		prev = addr;
	}
	for (i = 0; i < known_count && bad < 10; i++) {
		if (!name_has_address(known_symbols[i].name, known_symbols[i].addr))
			bad += fail("known name->address", known_symbols[i].name,
				    known_symbols[i].addr);
		if (!address_has_name(known_symbols[i].addr, known_symbols[i].name))
			bad += fail("known address->name", known_symbols[i].name,
				    known_symbols[i].addr);
	}
	puts_out("kallsyms selftest: ");
	put_dec(n);
	puts_out(" symbols, ");
	put_dec(known_count);
	puts_out(bad ? " known addresses: FAILED\n" : " known addresses: finish\n");
	return bad != 0;
}
