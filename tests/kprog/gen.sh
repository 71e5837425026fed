#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# gen.sh DIR [FILES] [FUNCS] - write the sources of the kernel-like test
# program into DIR: FILES C files of FUNCS functions each, with duplicate
# static names, weak and strong definitions, init text, per-cpu data, a
# __start_/__stop_ section, and known.c listing addresses to check.

set -eu
dir=$1 files=${2:-8} funcs=${3:-400}
mkdir -p "$dir"

awk -v dir="$dir" -v files="$files" -v funcs="$funcs" 'BEGIN {
	for (f = 0; f < files; f++) {
		out = dir "/part" f ".c"
		printf "/* generated */\n" > out
		printf "static int __attribute__((noinline, used)) helper(int x) { return x + %d; }\n", f > out
		for (j = 0; j < funcs; j++) {
			printf "int __attribute__((noinline)) fn_%d_%d(int x) { return helper(x) * %d; }\n", f, j, j + 1 > out
			if (j % 5 == 0)
				printf "static int __attribute__((noinline, used)) local_%d(int x) { return x - %d; }\n", j, f > out
			if (j % 7 == 0)
				printf "int data_%d_%d = %d;\nconst int rodata_%d_%d = %d;\nint bss_%d_%d;\n", f, j, j, f, j, j, f, j > out
		}
		printf "int __attribute__((weak, noinline)) hook_%d(void) { return 0; }\n", f > out
		if (f > 0)
			printf "int __attribute__((noinline)) hook_%d(void) { return 1; }\n", f - 1 > out
		printf "int __attribute__((section(\".init.text\"), noinline, used)) init_%d(void) { return %d; }\n", f, f > out
		printf "__attribute__((section(\".data..percpu\"))) int pcpu_%d = %d;\n", f, f > out
		printf "__attribute__((section(\"kl_table\"), used)) static const int kl_entry_%d = %d;\n", f, f > out
		close(out)
	}
	out = dir "/known.c"
	print "/* generated: addresses the compiler knows, checked against the table */" > out
	print "struct known { const char *name; unsigned long addr; };" > out
	for (f = 0; f < files; f++) {
		printf "extern int init_%d(void), pcpu_%d, hook_%d(void);\n", f, f, f > out
		for (j = 0; j < funcs; j += 13)
			printf "extern int fn_%d_%d(int);\n", f, j > out
	}
	print "extern const int __start_kl_table[], __stop_kl_table[];" > out
	print "const struct known known_symbols[] = {" > out
	for (f = 0; f < files; f++) {
		printf "\t{ \"init_%d\", (unsigned long)init_%d },\n", f, f > out
		printf "\t{ \"hook_%d\", (unsigned long)hook_%d },\n", f, f > out
		for (j = 0; j < funcs; j += 13)
			printf "\t{ \"fn_%d_%d\", (unsigned long)fn_%d_%d },\n", f, j, f, j > out
	}
	print "\t{ \"__start_kl_table\", (unsigned long)__start_kl_table }," > out
	print "\t{ \"__stop_kl_table\", (unsigned long)__stop_kl_table }," > out
	print "};" > out
	print "const unsigned int known_count = sizeof(known_symbols) / sizeof(known_symbols[0]);" > out
	close(out)
}'
