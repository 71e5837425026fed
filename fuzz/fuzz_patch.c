// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * fuzz_patch.c - libFuzzer harness: patchfile's checks, run by its own
 * main() on a memfd copy of a fuzzed ELF file.  Input: a flags byte (bit
 * 0: --symbol, bit 1: --dry-run, bit 2: LEN given, bit 3: --expect-file
 * with the bytes being replaced), 4 bytes of OFFSET (or, with --symbol,
 * the index of the symbol whose name is used), 2 bytes of blob length,
 * then the ELF file; the blob is a pattern.  Whenever patchfile fails or
 * dry-runs, the file must be unchanged; when it patches, exactly one
 * window of LEN bytes may differ and it must hold the blob.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define main patchfile_main
#include "../patchfile/patchfile.c"
#undef main

#define HEAD	7

static uint32_t le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The name of symbol idx of the file, copied to buf ("x" if none). */
static void symbol_name(const char *path, uint32_t idx, char *buf, size_t len)
{
	struct elf_file ef;
	struct elf_sym es;

	snprintf(buf, len, "x");
	if (elf_file_open(&ef, path, false) < 0)
		return;
	if (ef.nsyms > 1 && elf_file_sym(&ef, 1 + idx % (ef.nsyms - 1), &es) == 0 && es.name)
		snprintf(buf, len, "%s", es.name);
	elf_file_close(&ef);
}

/* After a patch: one window of len bytes differs at most, holding blob. */
static void check_patched(const unsigned char *old, const unsigned char *now, size_t size,
			  const unsigned char *blob, size_t len)
{
	size_t first = 0, last, o;

	while (first < size && old[first] == now[first])
		first++;
	if (first == size)
		return;
	for (last = size - 1; old[last] == now[last]; last--)
		;
	if (last - first >= len)
		abort();
	for (o = last + 1 >= len ? last + 1 - len : 0; o <= first; o++)
		if (o + len <= size && !memcmp(now + o, blob, len))
			return;
	abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[64], blob_path[64], old_path[64], sym[600], opt_sym[620], off[24], lenarg[24];
	char *argv[10];
	unsigned char *blob, *now;
	size_t blob_len, len, i;
	int argc = 0, fd, bfd, ofd = -1, status;
	uint32_t where;

	if (size <= HEAD)
		return 0;
	where = le32(data + 1);
	blob_len = 1 + ((data[5] | (size_t)data[6] << 8) % 4096);
	len = data[0] & 4 ? 1 + where % blob_len : blob_len;
	data += HEAD;
	size -= HEAD;
	blob = malloc(blob_len);
	for (i = 0; i < blob_len; i++)
		blob[i] = (unsigned char)(0xa5 ^ i);
	fd = fuzz_file(data, size, path, sizeof(path));
	bfd = fuzz_file(blob, blob_len, blob_path, sizeof(blob_path));
	if (fd < 0 || bfd < 0)
		goto out;

	argv[argc++] = "patchfile";
	if (data[-HEAD] & 2)
		argv[argc++] = "--dry-run";
	if (data[-HEAD] & 1) {
		symbol_name(path, where, sym, sizeof(sym));
		snprintf(opt_sym, sizeof(opt_sym), "--symbol=%s", sym);
		argv[argc++] = opt_sym;
	}
	if (data[-HEAD] & 8) {
		/* the bytes patchfile will find there, when they are in the file */
		size_t at = data[-HEAD] & 1 ? 0 : where;

		if (at < size && len <= size - at)
			ofd = fuzz_file(data + at, len, old_path, sizeof(old_path));
		if (ofd >= 0) {
			static char opt_old[80];

			snprintf(opt_old, sizeof(opt_old), "--expect-file=%s", old_path);
			argv[argc++] = opt_old;
		}
	}
	argv[argc++] = path;
	if (!(data[-HEAD] & 1)) {
		snprintf(off, sizeof(off), "%u", where);
		argv[argc++] = off;
	}
	argv[argc++] = blob_path;
	if (data[-HEAD] & 4) {
		snprintf(lenarg, sizeof(lenarg), "%zu", len);
		argv[argc++] = lenarg;
	}
	argv[argc] = NULL;

	optind = 0;
	status = patchfile_main(argc, argv);

	if (fuzz_size(fd) != (off_t)size)
		abort();
	now = malloc(size);
	if (fuzz_read_back(fd, now, size) < 0)
		abort();
	if (status != 0 || data[-HEAD] & 2) {
		if (memcmp(now, data, size))
			abort();
	} else {
		check_patched(data, now, size, blob, len);
	}
	free(now);
out:
	if (ofd >= 0)
		close(ofd);
	if (bfd >= 0)
		close(bfd);
	if (fd >= 0)
		close(fd);
	free(blob);
	return 0;
}
