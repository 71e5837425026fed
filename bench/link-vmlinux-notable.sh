#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# link-vmlinux-notable.sh - bench only: the link phase of Linux 6.12 as it
# would be if the kallsyms table cost nothing, the reference that
# bench/link-phase.sh measures onelink against (mode "notable").
#
# Called by kbuild exactly as scripts/link-vmlinux.sh (link-phase.sh puts
# a shim into the tree that execs this file).  Steps:
#   the version step (init/version-timestamp.o), as every link phase;
#   the table of an empty symbol list, the one stock links first: made by
#     the tree's own scripts/kallsyms and assembled once, then kept (a
#     kernel without a table has no table step);
#   one link of vmlinux, made as the final one (debug info kept);
#   System.map by nm -n | sed -f scripts/mksysmap;
#   sorttable, with an nm -S list only where it reads one
#     (CONFIG_BUILDTIME_MCOUNT_SORT), as onelink's script does;
#   .vmlinux.d.
# The vmlinux it makes has an empty table: it is for timing only.

# kbuild exports srctree, objtree, KBUILD_AFLAGS and the rest
# shellcheck disable=SC2154,SC2153

set -e

LD="$1"
KBUILD_LDFLAGS="$2"
LDFLAGS_vmlinux="$3"

info() {
	printf "  %-7s %s\n" "${1}" "${2}"
}

is_enabled() {
	grep -q "^$1=y" include/config/auto.conf
}

case "${KBUILD_VERBOSE}" in
*1*) set -x ;;
esac

base=.tmp_notable.kallsyms
if [ "$1" = clean ]; then
	rm -f "${base}".* .tmp_notable.nm-sort System.map vmlinux
	exit 0
fi

if is_enabled CONFIG_DEBUG_INFO_BTF || [ "${SRCARCH}" = um ]; then
	echo >&2 "link-vmlinux-notable.sh: BTF and UML kernels are not measured"
	exit 1
fi

${MAKE} -f "${srctree}/scripts/Makefile.build" obj=init init/version-timestamp.o

if is_enabled CONFIG_LTO_CLANG || is_enabled CONFIG_X86_KERNEL_IBT; then
	objs=vmlinux.o
	libs=
else
	objs=vmlinux.a
	libs="${KBUILD_VMLINUX_LIBS}"
fi
if is_enabled CONFIG_MODULES; then
	objs="${objs} .vmlinux.export.o"
fi
objs="${objs} init/version-timestamp.o"

kallsymso=
if is_enabled CONFIG_KALLSYMS; then
	kallsymso=${base}.o
	if [ ! -f "${kallsymso}" ]; then
		opts=
		! is_enabled CONFIG_KALLSYMS_ALL || opts="${opts} --all-symbols"
		! is_enabled CONFIG_KALLSYMS_ABSOLUTE_PERCPU || opts="${opts} --absolute-percpu"
		: >"${base}.syms"
		info KSYMS "${base}.S"
		# shellcheck disable=SC2086
		"${objtree}/scripts/kallsyms" ${opts} "${base}.syms" >"${base}.S"
		info AS "${kallsymso}"
		# shellcheck disable=SC2086
		${CC} ${NOSTDINC_FLAGS} ${LINUXINCLUDE} ${KBUILD_CPPFLAGS} \
			${KBUILD_AFLAGS} ${KBUILD_AFLAGS_KERNEL} -c -o "${kallsymso}" "${base}.S"
	fi
fi

info LD vmlinux
# shellcheck disable=SC2086
${LD} ${KBUILD_LDFLAGS} ${LDFLAGS_vmlinux} --script="${objtree}/${KBUILD_LDS}" \
	-o vmlinux --whole-archive ${objs} --no-whole-archive \
	--start-group ${libs} --end-group ${kallsymso}

info NM System.map
${NM} -n vmlinux | sed -f "${srctree}/scripts/mksysmap" >System.map

if is_enabled CONFIG_BUILDTIME_TABLE_SORT; then
	info SORTTAB vmlinux
	if is_enabled CONFIG_BUILDTIME_MCOUNT_SORT; then
		${NM} -S vmlinux >.tmp_notable.nm-sort
	else
		: >.tmp_notable.nm-sort
	fi
	"${objtree}/scripts/sorttable" -s .tmp_notable.nm-sort vmlinux
fi

echo "vmlinux: $0" >.vmlinux.d
