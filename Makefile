# SPDX-License-Identifier: GPL-3.0-or-later
#
# onelink - link vmlinux once, with an exact kallsyms table.
#
#   make [V=1]            build kallsyms, elf_offset, patchfile
#   make check            run the test suite (TAP; ends "N passed, N failed");
#                         check and demo install the Debian packages they miss
#                         first (as root; otherwise they stop with the
#                         apt-get install line to run)
#   make install          install programs, onelink-use, link-vmlinux.sh and
#                         man pages (PREFIX, BINDIR, DATADIR, MANDIR, DESTDIR)
#   make uninstall        remove every file make install installed
#   make deb              the Debian package, checked by lintian (build/deb/;
#                         docs/packaging.md)
#   make clean
#   make demo             a real Linux 6.12 tinyconfig kernel, stock and onelink:
#                         build, boot, compare (docs/kernel.md)
#   make kernel-check [VARIANTS="tiny ibt smp llvm"] [ONELINK_ONLY=1] [NO_BUILD=1]
#                     [STOCK_VARIANTS="tiny smp"] [PACKAGE=1] [IN_TREE=ibt]
#                         the same for every variant (also arm64 riscv64 arm,
#                         thinlto btf, and v61: Linux 6.1);
#                         ONELINK_ONLY=1 skips the stock builds,
#                         STOCK_VARIANTS those of the variants not in it,
#                         NO_BUILD=1 checks the builds there are; each
#                         leaves a result record; make bindeb-pkg of the
#                         first variant, and IN_TREE built in-tree, the
#                         next variant O= from it
#   make kernel-matrix    the results matrix of docs/kernel.md from those records
#   make kernel-build|kernel-boot [VARIANT=tiny|ibt|llvm|smp] [LINK=stock|onelink]
#                         one build, or one build booted and checked
#
# Each program lives in its own directory and is built from every .c file
# there plus the shared library in lib/.

CC		?= cc
PKG_CONFIG	?= pkg-config
CFLAGS		?= -O2 -g
WARNINGS	:= -Wall -Wextra -Wno-sign-compare -Wshadow -Wformat=2
LIBELF_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libelf 2>/dev/null)
LIBELF_LIBS	:= $(or $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null),-lelf)
LIBBFD_LIBS	?= -lbfd-multiarch
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
DATADIR		?= $(PREFIX)/share/onelink
INSTALL		?= install
VERSION		:= $(shell cat VERSION)

ifeq ($(SANITIZE),1)
CFLAGS		+= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS		+= -fsanitize=address,undefined
endif

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

ALL_CPPFLAGS	= -iquote lib $(LIBELF_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS	= -std=gnu11 $(WARNINGS) $(CFLAGS)

PROGS		:= kallsyms/kallsyms elf_offset/elf_offset patchfile/patchfile
LIB		:= lib/libonelink.a
LIB_OBJS	:= $(patsubst %.c,%.o,$(wildcard lib/*.c))
MANS		:= $(wildcard docs/*.1)

all: $(PROGS)

%.o: %.c
	$(quiet) CC $@
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJS)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# program dir/name from every dir/*.c
define prog_rule
$(1): $$(patsubst %.c,%.o,$$(wildcard $(dir $(1))*.c)) $$(LIB)
	$$(quiet) LD $$@
	$$(Q)$$(CC) $$(LDFLAGS) -o $$@ $$^ $(2) $$(LIBELF_LIBS) $$(LDLIBS)
endef

$(eval $(call prog_rule,kallsyms/kallsyms,$(LIBBFD_LIBS) -pthread))
$(eval $(call prog_rule,elf_offset/elf_offset,))
$(eval $(call prog_rule,patchfile/patchfile,))

# check and demo first install the Debian packages they need
# (scripts/install-deps.sh: as root; otherwise they stop with the
# apt-get line to run), then build.
check:
	$(Q)sh scripts/install-deps.sh --check
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tests/run

# The installed onelink-use and link-vmlinux.sh find each other and the
# installed kallsyms from their own directory (DATADIR relative to BINDIR
# and back), so an install works wherever DESTDIR puts it and never runs
# the source tree's files.
REL_DATADIR	= $(shell realpath -m --relative-to='$(BINDIR)' '$(DATADIR)')
REL_BINDIR	= $(shell realpath -m --relative-to='$(DATADIR)' '$(BINDIR)')
INSTALLED	= $(addprefix $(BINDIR)/,$(notdir $(PROGS)) onelink-link onelink-use) \
		  $(addprefix $(DATADIR)/,link-vmlinux.sh VERSION) \
		  $(addprefix $(MANDIR)/man1/,$(notdir $(MANS)))

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(PROGS) scripts/onelink-link $(DESTDIR)$(BINDIR)
	sed 's|^onelink_datadir=$$|onelink_datadir=$(REL_DATADIR)|' kernel/use-onelink.sh \
		>$(DESTDIR)$(BINDIR)/onelink-use
	chmod 755 $(DESTDIR)$(BINDIR)/onelink-use
	sed 's|^onelink_bindir=$$|onelink_bindir=$(REL_BINDIR)|' scripts/link-vmlinux.sh \
		>$(DESTDIR)$(DATADIR)/link-vmlinux.sh
	chmod 755 $(DESTDIR)$(DATADIR)/link-vmlinux.sh
	grep -q '^onelink_datadir=.' $(DESTDIR)$(BINDIR)/onelink-use
	grep -q '^onelink_bindir=.' $(DESTDIR)$(DATADIR)/link-vmlinux.sh
	$(INSTALL) -m 644 VERSION $(DESTDIR)$(DATADIR)
	$(if $(MANS),$(INSTALL) -m 644 $(MANS) $(DESTDIR)$(MANDIR)/man1)

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

deb:
	$(Q)sh scripts/install-deps.sh --package
	$(Q)sh scripts/build-deb.sh

clean:
	rm -f $(PROGS) $(LIB) */*.o */*.d
	rm -rf tests/out fuzz/out $(addprefix fuzz/fuzz_,$(FUZZERS))

# Real-kernel harness (kernel/, docs/kernel.md); slow, so not part of check.
VARIANT		?= tiny
LINK		?= stock
KERNEL_OUT	?= $(or $(ONELINK_BUILD),$(CURDIR)/build)/kernel/$(VARIANT)-$(LINK)

kernel-build: $(if $(filter onelink,$(LINK)),all)
	$(Q)sh kernel/build.sh --variant '$(VARIANT)' --link '$(LINK)' '$(KERNEL_OUT)'

kernel-boot: kernel-build
	$(Q)sh kernel/boot.sh '$(KERNEL_OUT)'
	$(Q)sh kernel/check.sh '$(KERNEL_OUT)'

# libFuzzer harnesses (fuzz/, docs/diagnostics.md): each runs FUZZ_TIME
# seconds (FUZZ_FLAGS: more libFuzzer options, e.g. -runs=N) on a corpus
# seeded from the kinds of input the tests use.
FUZZ_TIME	?= 60
FUZZ_FLAGS	?=
FUZZ_CC		?= clang
FUZZERS		?= listing layout decode elf offset patch bfd symcache tokcache
FUZZ_SRCS	:= $(filter-out kallsyms/main.c,$(wildcard kallsyms/*.c)) $(wildcard lib/*.c)

fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_SRCS)
	$(quiet) FUZZCC $@
	$(Q)$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
		-iquote lib -iquote kallsyms $(LIBELF_CFLAGS) -o $@ \
		$(filter-out %.h patchfile/%,$^) $(LIBBFD_LIBS) $(LIBELF_LIBS)

# fuzz_patch runs patchfile's own main()
fuzz/fuzz_patch: patchfile/patchfile.c

fuzz: all $(addprefix fuzz/fuzz_,$(FUZZERS))
	$(Q)sh fuzz/seed.sh kallsyms/kallsyms fuzz/out/seeds
	$(Q)for f in $(FUZZERS); do \
		mkdir -p fuzz/out/corpus-$$f && \
		ASAN_OPTIONS=allocator_may_return_null=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -close_fd_mask=3 -print_final_stats=1 \
			-artifact_prefix=fuzz/out/crash-$$f- $(FUZZ_FLAGS) \
			fuzz/out/corpus-$$f fuzz/out/seeds/$$f || exit 1; \
	done

VARIANTS	?= tiny ibt smp llvm

demo:
	$(Q)sh scripts/install-deps.sh --demo
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh kernel/demo.sh --loop 3 tiny

# kernel-check also packages the first variant's onelink kernel (make
# bindeb-pkg; PACKAGE= skips it) and builds IN_TREE's in-tree, the variant
# after it O= from the same source tree (IN_TREE= skips it); neither with
# NO_BUILD=1, and IN_TREE only when it is one of VARIANTS but the first
PACKAGE		?= 1
IN_TREE		?= ibt
kernel-check: all
	$(Q)sh kernel/demo.sh $(if $(ONELINK_ONLY),--onelink-only) \
		$(if $(STOCK_VARIANTS),--stock '$(STOCK_VARIANTS)') \
		$(if $(NO_BUILD),--no-build,$(if $(PACKAGE),--package) \
		$(if $(filter $(IN_TREE),$(wordlist 2,99,$(VARIANTS))),--in-tree $(IN_TREE))) \
		$(VARIANTS)

kernel-matrix:
	$(Q)sh kernel/matrix.sh --write docs/kernel.md

-include $(wildcard */*.d)

.PHONY: all check install uninstall deb clean kernel-build kernel-boot kernel-check kernel-matrix demo fuzz
