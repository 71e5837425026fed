// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * format.c - the table formats of the kernel versions onelink knows.
 *
 * One descriptor per format says what differs from version to version;
 * the builder, the writers, the decoder and the final pass read it
 * instead of testing version numbers.  docs/format.md has the details.
 * Each format's scripts/mksysmap rules (map_drops) are in sysmap.c.
 *
 *   6.1    offsets, relative_base, num_syms, names, markers,
 *          seqs_of_names, token_table, token_index; scripts/kallsyms
 *          itself drops the kallsyms_* labels, thunks, veneers...;
 *          no __start_/__stop_ exception; --lto-clang sorts names
 *          without their ".llvm." suffix; an empty table is an error
 *   6.12   num_syms, names, markers, token_table, token_index,
 *          offsets, relative_base, seqs_of_names
 *   7.0    the same without relative_base: each offset is the
 *          distance from its own slot to the symbol (_text - . + off),
 *          every label aligned to 4
 */
#include <string.h>

#include "kallsyms.h"
#include "util.h"

const char *const karray_name[KA_COUNT] = {
	[KA_NUM_SYMS] = "kallsyms_num_syms",
	[KA_NAMES] = "kallsyms_names",
	[KA_MARKERS] = "kallsyms_markers",
	[KA_TOKEN_TABLE] = "kallsyms_token_table",
	[KA_TOKEN_INDEX] = "kallsyms_token_index",
	[KA_OFFSETS] = "kallsyms_offsets",
	[KA_RELATIVE_BASE] = "kallsyms_relative_base",
	[KA_SEQS_OF_NAMES] = "kallsyms_seqs_of_names",
};

const struct kformat kformats[] = {
	{
		.name = "6.1",
		.order = { KA_OFFSETS, KA_RELATIVE_BASE, KA_NUM_SYMS, KA_NAMES, KA_MARKERS,
			   KA_SEQS_OF_NAMES, KA_TOKEN_TABLE, KA_TOKEN_INDEX },
		.narrays = 8,
		.own_ignore_list = true,
		.empty_is_error = true,
		.has_absolute_percpu = true,
		.has_lto_clang = true,
		.map_drops = mksysmap_drops_6_1,
	},
	{
		.name = "6.12",
		.order = { KA_NUM_SYMS, KA_NAMES, KA_MARKERS, KA_TOKEN_TABLE, KA_TOKEN_INDEX,
			   KA_OFFSETS, KA_RELATIVE_BASE, KA_SEQS_OF_NAMES },
		.narrays = 8,
		.keep_start_stop = true,
		.has_absolute_percpu = true,
		.map_drops = mksysmap_drops,
	},
	{
		.name = "7.0",
		.order = { KA_NUM_SYMS, KA_NAMES, KA_MARKERS, KA_TOKEN_TABLE, KA_TOKEN_INDEX,
			   KA_OFFSETS, KA_SEQS_OF_NAMES },
		.narrays = 7,
		.keep_start_stop = true,
		.pc_relative = true,
		.align4 = true,
		.map_drops = mksysmap_drops,
	},
};

const struct kformat *kformat_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kformats); i++)
		if (!strcmp(name, kformats[i].name))
			return &kformats[i];
	return NULL;
}

const struct kformat *kformat_default(void)
{
	return &kformats[1];
}

bool kformat_has(const struct kformat *f, enum karray a)
{
	unsigned int i;

	for (i = 0; i < f->narrays; i++)
		if (f->order[i] == a)
			return true;
	return false;
}

/*
 * Linux 6.1's scripts/kallsyms drops these names itself (later versions
 * leave it to scripts/mksysmap, which runs before): the table's own
 * labels, linker-made names that vary between links, stubs and thunks.
 */
bool kformat_6_1_ignores(const char *name)
{
	static const char *const exact[] = {
		"kallsyms_addresses", "kallsyms_offsets", "kallsyms_relative_base",
		"kallsyms_num_syms", "kallsyms_names", "kallsyms_markers",
		"kallsyms_token_table", "kallsyms_token_index", "kallsyms_seqs_of_names",
		"_SDA_BASE_", "_SDA2_BASE_",
	};
	static const char *const prefixes[] = {
		"__efistub_", "__kvm_nvhe_$", "__kvm_nvhe_.L", "__AArch64ADRPThunk_",
		"__ARMV5PILongThunk_", "__ARMV7PILongThunk_", "__ThumbV7PILongThunk_",
		"__LA25Thunk_", "__microLA25Thunk_", "__kcfi_typeid_",
	};
	static const char *const suffixes[] = { "_from_arm", "_from_thumb", "_veneer" };
	size_t i, len = strlen(name);

	for (i = 0; i < ARRAY_SIZE(exact); i++)
		if (!strcmp(name, exact[i]))
			return true;
	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (has_prefix(name, prefixes[i]))
			return true;
	for (i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (has_suffix(name, len, suffixes[i]))
			return true;
	return strstr(name, ".long_branch.") || strstr(name, ".plt_branch.");
}
