/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * provenance.h - which object file and which built-in module each symbol
 * of a linked file's kallsyms table came from (provenance.c), and the
 * lookup in the file that records it (lookup.c).
 */
#ifndef ONELINK_PROVENANCE_H
#define ONELINK_PROVENANCE_H

#include "kallsyms.h"

/* Exit status of --final when the table is patched but the provenance
 * file could not be written. */
#define EXIT_NO_PROVENANCE	4

struct elf_file;

/* struct prov_opts is in kallsyms.h: --final's options hold one. */
/*
 * Write to out (through a temporary name) one line per symbol of table
 * (the decoded table of ef, in table order): address, size, type, name,
 * the built-in modules and the object file.  inputs are the link's
 * inputs, as the pre-link pass got them.  0, or -1 after an error report.
 */
int provenance_write(const char *out, const struct elf_file *ef, const struct symlist *table,
		     char **inputs, int ninputs, const struct prov_opts *o);

/* --provenance: the same for a linked file's table, on stdout; exit status. */
int do_provenance(const char *elf, char **inputs, int ninputs, const struct table_opts *t,
		  const struct prov_opts *o);

/* --lookup: each query (address or name) in ELF's provenance file (file,
 * or ELF.provenance); exit status. */
int do_lookup(const char *elf, const char *file, char **queries, int n);

#endif
