#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# link-vmlinux.sh - onelink's drop-in for the scripts/link-vmlinux.sh of
# Linux 6.12 and 6.1: vmlinux is linked once, and its kallsyms table
# patched in afterwards.
#
# Called by kbuild (scripts/Makefile.vmlinux) exactly as the stock script:
#	link-vmlinux.sh "$(LD)" "$(KBUILD_LDFLAGS)" "$(LDFLAGS_vmlinux)"
#	link-vmlinux.sh clean
# with kbuild's exported environment (NM, OBJCOPY, CC, srctree, objtree,
# KBUILD_VMLINUX_LIBS, KBUILD_LDS, SRCARCH, MAKE, KBUILD_VERBOSE, PAHOLE,
# RESOLVE_BTFIDS, NOSTDINC_FLAGS, LINUXINCLUDE, KBUILD_CPPFLAGS,
# KBUILD_AFLAGS, KBUILD_AFLAGS_KERNEL, ...) in the object tree.
#
# Steps with CONFIG_KALLSYMS:
#   KSYMS  kallsyms --prelink: the superset table of the link's inputs and
#          linker script, every array padded to its reserve, and a layout
#   AS     the padded table (skipped when the .S, the command and the
#          configuration are those of the object already there)
#   LD     the one link of vmlinux (into .tmp_vmlinux.onelink); when the
#          last plan's object is there and make's jobserver lends a
#          second job slot, it starts before KSYMS with that object and
#          runs beside it, and is kept if the new plan is the same (else
#          STOP, AS, LD again: early_link)
#   KSYMS  kallsyms --final: the exact table of the linked file, patched in
#          place and verified by decoding it (this replaces stock's
#          "Inconsistent kallsyms data" check), and System.map, read from
#          the same symbols; if the table does not fit, a new layout from
#          the linked file's symbols and one more link
#   then as stock: BTFIDS, SORTTAB, and .vmlinux.d; the file is renamed to
#   vmlinux only when every step succeeded.
# With CONFIG_DEBUG_INFO_BTF, pahole reads vmlinux.o before the link and
# its BTF goes into the one link (BTF); with per-cpu variables, which
# the link moves, pahole reads an extra link as in the stock script.
# Everything else (the version timestamp, clean, V=1, the kbuild output
# lines) is as in the stock script.
#
# The kernel version comes from the source tree's Makefile (VERSION,
# PATCHLEVEL) and selects the table format (kallsyms --format) and what
# the two stock scripts do differently (kernel_version below); any other
# version is refused.
#
# Environment: ONELINK_KALLSYMS  the kallsyms program (default: the one
# of this script's onelink: the source tree's kallsyms/kallsyms, or
# installed, the kallsyms make install put next to it; never PATH's);
# ONELINK_PRELINK_FLAGS  extra options for the first "kallsyms --prelink"
# (e.g. --margin=N, or --reserve=names=4096 to exercise the relink);
# ONELINK_PROVENANCE=1  the final pass also writes vmlinux.provenance:
# each symbol's object file and built-in modules (kallsyms
# --write-provenance, docs/provenance.md), renamed into place with
# vmlinux; a link without it removes an old one.  If only the provenance
# fails, vmlinux is kept and a warning says so.

# kbuild exports srctree, objtree, KBUILD_AFLAGS and the rest
# shellcheck disable=SC2154,SC2153

set -e

LD="$1"
KBUILD_LDFLAGS="$2"
LDFLAGS_vmlinux="$3"

# kallsyms is found from this script's own directory, never in PATH: in
# a source tree of onelink ../kallsyms/kallsyms, installed BINDIR/kallsyms
# (make install writes onelink_bindir, BINDIR relative to DATADIR).
onelink_bindir=
if [ -z "${ONELINK_KALLSYMS:-}" ]; then
	onelink_here=$(cd "$(dirname "$0")" && pwd)
	ONELINK_KALLSYMS=$onelink_here/${onelink_bindir:-../kallsyms}/kallsyms
	if [ ! -x "${ONELINK_KALLSYMS}" ]; then
		echo >&2 "onelink: ${ONELINK_KALLSYMS}: not found (make, or make install, onelink)"
		exit 1
	fi
fi

# kallsyms allocates some 100 MB in small steps on a large kernel: glibc
# (2.35 and later; older ones ignore it) gives its heap transparent huge
# pages when asked, which halves its page faults and takes a quarter off
# its CPU time.  Only kallsyms gets it, added to the caller's tunables.
kallsyms_tunables=${GLIBC_TUNABLES:+${GLIBC_TUNABLES}:}glibc.malloc.hugetlb=1

# include/config/auto.conf is read once (read_config), and every test of
# an option is a match in the shell, not a grep process of its own
is_enabled() {
	case "${autoconf}" in
	*"
$1=y
"*) return 0 ;;
	esac
	return 1
}

read_config() {
	autoconf="
$(cat include/config/auto.conf)
"
}

# kbuild's output format; make -s silences it
info() {
	printf "  %-7s %s\n" "${1}" "${2}"
}

# The objects every vmlinux link reads (without --whole-archive etc.)
link_objects() {
	if is_enabled CONFIG_LTO_CLANG || is_enabled CONFIG_X86_KERNEL_IBT; then
		# vmlinux.o: the LTO / objtool link is not redone
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
	# what kallsyms --prelink models of the link: it counts only the
	# members of libs the link takes, and ld.lld makes hidden globals
	# local (ThinLTO's vmlinux.o has thousands)
	link_opts=
	for lib in ${libs}; do
		link_opts="${link_opts} --lib=${lib}"
	done
	if is_enabled CONFIG_LD_IS_LLD; then
		link_opts="${link_opts} --localize-hidden"
	fi
}

# Link of vmlinux
# ${1} - output file
vmlinux_link() {
	${ld_info} LD "${1}"
	link_objects

	if [ "${SRCARCH}" = "um" ]; then
		wl=-Wl,
		ld="${CC}"
		ldflags="${CFLAGS_vmlinux}"
		ldlibs="-lutil -lrt -lpthread"
	else
		wl=
		ld="${LD}"
		ldflags="${KBUILD_LDFLAGS} ${LDFLAGS_vmlinux}"
		ldlibs=
	fi

	ldflags="${ldflags} ${wl}--script=${objtree}/${KBUILD_LDS}"

	if [ -n "${strip_debug}" ]; then
		ldflags="${ldflags} ${wl}--strip-debug"
	fi

	if is_enabled CONFIG_VMLINUX_MAP; then
		ldflags="${ldflags} ${wl}-Map=${2:-${1}}.map"
	fi

	# shellcheck disable=SC2086
	${ld_exec} ${ld} ${ldflags} -o "${1}" \
		${wl}--whole-archive ${objs} ${wl}--no-whole-archive \
		${wl}--start-group ${libs} ${wl}--end-group \
		${kallsymso} ${btf_vmlinux_bin_o} ${ldlibs}
}

# generate .BTF typeinfo from DWARF debuginfo
# ${1} - vmlinux image
gen_btf() {
	btf_data=${1}.btf.o

	info BTF "${btf_data}"
	# called as "gen_btf || ...", where set -e does not apply
	# shellcheck disable=SC2086
	LLVM_OBJCOPY="${OBJCOPY}" ${PAHOLE} -J ${PAHOLE_FLAGS} "${1}" || return 1

	# only the .BTF section, allocated, no symbols
	${OBJCOPY} --only-section=.BTF --set-section-flags .BTF=alloc,readonly \
		--strip-all "${1}" "${btf_data}" 2>/dev/null
	# an ET_REL input for the final link
	if is_enabled CONFIG_CPU_BIG_ENDIAN; then
		et_rel='\0\1'
	else
		et_rel='\1\0'
	fi
	# shellcheck disable=SC2059
	printf "${et_rel}" | dd of="${btf_data}" conv=notrunc bs=1 seek=16 status=none

	btf_vmlinux_bin_o=${btf_data}
}

# Whether the BTF of vmlinux.o is the BTF of the linked vmlinux.  pahole
# encodes types and functions, neither depends on the layout, and per-cpu
# variables at their offsets in .data..percpu, which do: vmlinux.o keeps
# .data..percpu..first, ..page_aligned, ..read_mostly, ... apart (pahole
# would miss their variables) and only the link merges them (CONFIG_SMP).
# pahole writes a detached file in the host's byte order: little-endian.
btf_from_vmlinux_o() {
	! is_enabled CONFIG_CPU_BIG_ENDIAN &&
		! ${READELF:-readelf} -S -W vmlinux.o | grep -q ' \.data\.\.percpu'
}

# BTF of vmlinux.o, before the link, into an object holding .BTF alone
# ${1} - the object
gen_btf_prelink() {
	info BTF "${1}"
	rm -f "${1%.o}.raw"
	# pahole writes nothing if there are no types
	# shellcheck disable=SC2086
	${PAHOLE} -J ${PAHOLE_FLAGS} --btf_encode_detached="${1%.o}.raw" vmlinux.o &&
		[ -s "${1%.o}.raw" ] || return 1
	printf '\t.section .BTF, "a"\n\t.incbin "%s"\n' "${1%.o}.raw" >"${1%.o}.S"
	# shellcheck disable=SC2086
	${CC} ${NOSTDINC_FLAGS} ${LINUXINCLUDE} ${KBUILD_CPPFLAGS} \
	      ${KBUILD_AFLAGS} ${KBUILD_AFLAGS_KERNEL} -c -o "${1}" "${1%.o}.S" ||
		return 1
	btf_vmlinux_bin_o=${1}
}

btf_failed() {
	echo >&2 "Failed to generate BTF for vmlinux"
	echo >&2 "Try to disable CONFIG_DEBUG_INFO_BTF"
	exit 1
}

# the kallsyms options of this configuration
kallsyms_options() {
	kallsymopt=--format=${kversion}
	# 6.1: CONFIG_KALLSYMS_BASE_RELATIVE is checked by kernel_version
	if [ "${kversion}" = 6.1 ] && is_enabled CONFIG_LTO_CLANG; then
		kallsymopt="${kallsymopt} --lto-clang"
	fi
	if is_enabled CONFIG_KALLSYMS_ALL; then
		kallsymopt="${kallsymopt} --all-symbols"
	fi
	if is_enabled CONFIG_KALLSYMS_ABSOLUTE_PERCPU; then
		kallsymopt="${kallsymopt} --absolute-percpu"
	fi
}

# The padded table from ${@} (the link's inputs, or a linked vmlinux)
# into ${kallsyms_base}.S.new; ${kallsyms_base}.layout records the reserves.
plan_kallsyms() {
	info KSYMS "${kallsyms_base}.S"
	# shellcheck disable=SC2086
	GLIBC_TUNABLES=${kallsyms_tunables} "${ONELINK_KALLSYMS}" --prelink ${kallsymopt} ${prelink_flags} \
		--lds="${objtree}/${KBUILD_LDS}" \
		--layout="${kallsyms_base}.layout" "$@" >"${kallsyms_base}.S.new"
}

# Whether ${kallsyms_base}.o is the object of ${kallsyms_base}.S.new (then
# the .S.new is removed).  The .S holds only the reserves, so an edit that
# adds or drops no symbol gives the same .S as the last link: then, as
# kbuild's if_changed, the object is current if the command that made it
# (recorded in ${kallsyms_base}.o.cmd) and the configuration did not change
# either.
table_current() {
	kallsymso=${kallsyms_base}.o
	as_cmd="${CC} ${NOSTDINC_FLAGS} ${LINUXINCLUDE} ${KBUILD_CPPFLAGS}"
	as_cmd="${as_cmd} ${KBUILD_AFLAGS} ${KBUILD_AFLAGS_KERNEL}"
	as_cmd="${as_cmd} -c -o ${kallsymso} ${kallsyms_base}.S"
	old_cmd=
	[ ! -f "${kallsymso}.cmd" ] || IFS= read -r old_cmd <"${kallsymso}.cmd" || :
	# -nt: dash, bash and busybox sh all have it (the header the .S includes
	# follows the configuration)
	# shellcheck disable=SC3013
	if [ "${old_cmd}" = "${as_cmd}" ] && [ "${kallsymso}" -nt include/config/auto.conf ] &&
			cmp -s "${kallsyms_base}.S.new" "${kallsyms_base}.S"; then
		rm -f "${kallsyms_base}.S.new"
		return 0
	fi
	return 1
}

# ${kallsyms_base}.S.new becomes the .S, assembled into ${kallsyms_base}.o
# (table_current sets as_cmd)
assemble_kallsyms() {
	rm -f "${kallsymso}" "${kallsymso}.cmd"
	mv -f "${kallsyms_base}.S.new" "${kallsyms_base}.S"
	info AS "${kallsymso}"
	# shellcheck disable=SC2086
	${as_cmd}
	printf '%s\n' "${as_cmd}" >"${kallsymso}.cmd"
}

# The padded table of ${@} planned and, unless current, assembled
prelink_kallsyms() {
	plan_kallsyms "$@"
	table_current || assemble_kallsyms
}

# A job slot of make's jobserver for a second process: true, with the
# token taken (js_token, octal), if MAKEFLAGS offers a jobserver (make
# 4.3's pipe or 4.4's fifo) and a token is free now; false otherwise, and
# then the phase runs in series.  The pipe is opened anew without blocking
# (dd iflag=nonblock), so a read never waits and make's own descriptor
# keeps its flags.
jobserver_take() {
	js_token=
	js_in=
	js_out=
	for w in ${MAKEFLAGS:-}; do
		case "${w}" in
		--jobserver-auth=fifo:*)
			js_in=${w#--jobserver-auth=fifo:}
			js_out=${js_in} ;;
		--jobserver-auth=*,*|--jobserver-fds=*,*)
			w=${w#--jobserver-*=}
			js_in=/dev/fd/${w%,*}
			js_out=/dev/fd/${w#*,} ;;
		--) break ;;
		esac
	done
	[ -n "${js_in}" ] && [ -p "${js_in}" ] && [ -p "${js_out}" ] || return 1
	js_token=$(dd if="${js_in}" bs=1 count=1 iflag=nonblock 2>/dev/null | od -An -to1 | tr -d ' \n')
	[ -n "${js_token}" ]
}

# Give the token of jobserver_take back
jobserver_give() {
	[ -n "${js_token}" ] || return 0
	# shellcheck disable=SC2059
	printf "\\${js_token}" >>"${js_out}"
	js_token=
}

# The one link while the table is planned.  When the last plan is
# assembled already (its object, command and layout exist) and make lends
# a second job slot, vmlinux is linked at once with that object, in the
# background, while the plan of this link's inputs runs.  The link is kept
# only if the new plan assembles to the same object (table_current);
# otherwise it is stopped, its file removed, and the caller links again
# with the new object.  Sets linked when ${output} is linked.
early_link() {
	linked=
	[ -f "${kallsyms_base}.o" ] && [ -f "${kallsyms_base}.o.cmd" ] &&
		[ -f "${kallsyms_base}.layout" ] && jobserver_take || return 0
	kallsymso=${kallsyms_base}.o
	: early link
	# the background shell execs the linker: ld_pid is the linker's.
	# ld_started (and $! against ld_before) tells on_exit of a linker
	# forked by a signal's time but not yet in ld_pid.  Nothing of it
	# may cut into the lines of the plan (dash writes V=1's trace a word
	# at a time): its LD line comes before the fork, its standard error
	# (the linker's messages, the trace) waits in ${output}.log, shown
	# whole once the link is kept or failed, never for a stopped link.
	info LD "${output}"
	ld_before=$!
	ld_started=1
	ld_exec='exec'
	ld_info=:
	vmlinux_link "${output}" vmlinux 2>"${output}.log" &
	ld_pid=$!
	ld_exec=
	ld_info=info
	plan_status=0
	# shellcheck disable=SC2086
	plan_kallsyms ${link_opts} ${objs} || plan_status=$?
	[ "${plan_status}" -eq 0 ] || exit "${plan_status}"
	if table_current; then
		ld_status=0
		# the old vmlinux goes while ld runs (see the mv at the end)
		rm -f vmlinux
		: waiting for ld
		wait "${ld_pid}" || ld_status=$?
		ld_pid='' ld_started=''
		jobserver_give
		cat "${output}.log" >&2
		rm -f "${output}.log"
		[ "${ld_status}" -eq 0 ] || exit "${ld_status}"
		linked=1
		return 0
	fi
	info STOP "${output} (the table's plan changed)"
	kill "${ld_pid}" 2>/dev/null || :
	wait "${ld_pid}" 2>/dev/null || :
	ld_pid='' ld_started=''
	jobserver_give
	rm -f "${output}" "${output}.log"
	assemble_kallsyms
}


# The exact table into ${1}, and System.map; exit status 3 if it does not
# fit.  With ONELINK_PROVENANCE=1 also .tmp_vmlinux.provenance, from the
# inputs the pre-link pass read (exit status 4 if only that failed).
final_kallsyms() {
	info KSYMS "${1}"
	provopt=
	provinputs=
	if [ "${ONELINK_PROVENANCE:-}" = 1 ]; then
		provopt="--write-provenance=.tmp_vmlinux.provenance --lds=${KBUILD_LDS}"
		provopt="${provopt} --cache=${kallsyms_base}.provcache"
		if is_enabled CONFIG_MODULES && [ -f modules.builtin ]; then
			provopt="${provopt} --modules-builtin=modules.builtin"
		fi
		link_objects
		provinputs="${objs} ${libs}"
	fi
	# shellcheck disable=SC2086
	GLIBC_TUNABLES=${kallsyms_tunables} "${ONELINK_KALLSYMS}" --final ${kallsymopt} \
		--layout="${kallsyms_base}.layout" --token-cache="${kallsyms_base}.tokens" \
		--write-map=System.map ${provopt} "${1}" ${provinputs}
}

# final_kallsyms's status ${1} when only the provenance failed: a warning
final_status() {
	if [ "${1}" -eq 4 ]; then
		echo >&2 "onelink: vmlinux.provenance not written (see above); vmlinux is complete"
		return 0
	fi
	return "${1}"
}

# Create map file with all symbols from ${1}
mksysmap() {
	info NM "${2}"
	if [ "${kversion}" = 6.1 ]; then
		# 6.1's mksysmap is a shell script that runs nm itself
		${CONFIG_SHELL} "${srctree}/scripts/mksysmap" "${1}" "${2}"
	else
		${NM} -n "${1}" | sed -f "${srctree}/scripts/mksysmap" >"${2}"
	fi
}

sorttable() {
	if [ "${kversion}" = 6.1 ]; then
		# 6.1's sorttable reads the symbols itself
		"${objtree}/scripts/sorttable" "${1}"
		return
	fi
	# scripts/sorttable reads the list only to sort mcount locations
	# (built with CONFIG_BUILDTIME_MCOUNT_SORT); otherwise an empty one
	# will do, and no nm of the whole vmlinux
	if is_enabled CONFIG_BUILDTIME_MCOUNT_SORT; then
		${NM} -S "${1}" >.tmp_vmlinux.nm-sort
	else
		: >.tmp_vmlinux.nm-sort
	fi
	"${objtree}/scripts/sorttable" -s .tmp_vmlinux.nm-sort "${1}"
}

# The kernel version (VERSION.PATCHLEVEL of the source tree's Makefile)
# into kversion; it names the kallsyms table format.  Refuse versions
# onelink does not know rather than build a kernel whose kallsyms are wrong.
kernel_version() {
	kversion=$(sed -n -e '/^VERSION = /{s///;h;}' \
		-e '/^PATCHLEVEL = /{s///;H;x;s/\n/./p;q;}' "${srctree}/Makefile")
	case "${kversion}" in
	6.12) ;;
	6.1)
		# 6.1 without base-relative offsets (ia64) has another table
		if is_enabled CONFIG_KALLSYMS && ! is_enabled CONFIG_KALLSYMS_BASE_RELATIVE; then
			echo >&2 "onelink: include/config/auto.conf: Linux 6.1 without CONFIG_KALLSYMS_BASE_RELATIVE is not supported"
			exit 1
		fi
		;;
	*)
		echo >&2 "onelink: ${srctree}/Makefile: Linux ${kversion:-?} is not supported (Linux 6.1 and 6.12 only)"
		echo >&2 "onelink: revert with onelink-use --revert (kernel/use-onelink.sh in a checkout)"
		exit 1
		;;
	esac
}

# The EXIT trap: the early link stopped, its token back, no ${output}.
# A second signal (make passes SIGTERM on to the script that the same
# signal reached already) must not cut the clean-up short.
on_exit() {
	trap '' INT TERM
	# a signal between the early link's fork and ld_pid=$!
	if [ -n "${ld_started}" ] && [ -z "${ld_pid}" ] && [ "$!" != "${ld_before}" ]; then
		ld_pid=$!
	fi
	if [ -n "${ld_pid}" ]; then
		kill "${ld_pid}" 2>/dev/null || :
		wait "${ld_pid}" 2>/dev/null || :
	fi
	jobserver_give
	rm -f "${output}" "${output}.log" "${kallsyms_base}.S.new" .tmp_vmlinux.provenance
}

cleanup() {
	rm -f .btf.* .tmp_vmlinux.btf.*
	rm -f .tmp_vmlinux.nm-sort
	rm -f .tmp_vmlinux.onelink .tmp_vmlinux.onelink.log .tmp_vmlinux.kallsyms.*
	rm -f .tmp_vmlinux.provenance vmlinux.provenance
	rm -f System.map
	rm -f vmlinux
	rm -f vmlinux.map
}

# Use "make V=1" to debug this script
case "${KBUILD_VERBOSE}" in
*1*)
	set -x
	;;
esac

if [ "$1" = "clean" ]; then
	cleanup
	exit 0
fi

read_config
kernel_version

${MAKE} -f "${srctree}/scripts/Makefile.build" obj=init init/version-timestamp.o

btf_vmlinux_bin_o=
kallsymso=
strip_debug=
kallsyms_base=.tmp_vmlinux.kallsyms
output=.tmp_vmlinux.onelink
linked=
ld_exec='' ld_info=info
ld_pid='' ld_started='' ld_before=''
js_token=
rm -f "${output}"
# Whatever ends the script before vmlinux is in place (an error, Ctrl-C,
# SIGTERM) stops an early link, gives its job slot back and leaves no
# linked file behind: vmlinux is only ever the result of every step.
trap on_exit EXIT
trap 'trap "" INT TERM; exit 130' INT
trap 'trap "" INT TERM; exit 143' TERM

if is_enabled CONFIG_KALLSYMS; then
	# stock's work-around for a table that does not settle in three links
	if [ -n "${KALLSYMS_EXTRA_PASS:-}" ]; then
		echo >&2 "onelink: KALLSYMS_EXTRA_PASS ignored: the table is made from the one linked file and verified by decoding it"
	fi
	kallsyms_options
	link_objects
	# the inputs' symbols are kept between runs: the next link reads
	# only the objects that changed
	prelink_flags="--cache=${kallsyms_base}.cache ${ONELINK_PRELINK_FLAGS:-}"
	# with BTF, pahole's step comes between the plan and the link
	is_enabled CONFIG_DEBUG_INFO_BTF || early_link
	# shellcheck disable=SC2086
	[ -n "${linked}" ] || prelink_kallsyms ${link_opts} ${objs}
	prelink_flags=
fi

if is_enabled CONFIG_DEBUG_INFO_BTF; then
	if btf_from_vmlinux_o; then
		# BTF from vmlinux.o, linked in by the one link
		gen_btf_prelink .tmp_vmlinux.btf.o || btf_failed
	else
		# per-cpu variables: pahole reads a linked image, one extra link
		vmlinux_link .tmp_vmlinux1
		gen_btf .tmp_vmlinux1 || btf_failed
	fi
fi

[ -n "${linked}" ] || vmlinux_link "${output}" vmlinux

if is_enabled CONFIG_KALLSYMS; then
	status=0
	final_kallsyms "${output}" || status=$?
	if [ "${status}" -eq 3 ]; then
		# the table did not fit: reserve from what the link really made
		cp "${kallsyms_base}.layout" "${kallsyms_base}.layout.old"
		prelink_kallsyms --grow="${kallsyms_base}.layout.old" "${output}"
		vmlinux_link "${output}" vmlinux
		status=0
		final_kallsyms "${output}" || status=$?
		final_status "${status}"
	elif ! final_status "${status}"; then
		exit "${status}"
	fi
fi

# fill in BTF IDs (6.1: only with CONFIG_BPF)
if is_enabled CONFIG_DEBUG_INFO_BTF && { [ "${kversion}" != 6.1 ] || is_enabled CONFIG_BPF; }; then
	info BTFIDS vmlinux
	${RESOLVE_BTFIDS} "${output}"
fi

# with kallsyms, the final pass wrote System.map (as nm -n | sed would)
if ! is_enabled CONFIG_KALLSYMS; then
	mksysmap "${output}" System.map
fi

if is_enabled CONFIG_BUILDTIME_TABLE_SORT; then
	info SORTTAB vmlinux
	if ! sorttable "${output}"; then
		echo >&2 Failed to sort kernel tables
		exit 1
	fi
fi

# the provenance of this vmlinux, or none (an old one would describe
# another link)
if [ -f .tmp_vmlinux.provenance ]; then
	mv -f .tmp_vmlinux.provenance vmlinux.provenance
else
	rm -f vmlinux.provenance
fi
# not renamed over the old vmlinux: ext4 (auto_da_alloc) would write the
# new file's data out before such a rename, 0.2-0.5 s on a kernel with
# debug info, which ld -o vmlinux does not pay either (it unlinks first)
rm -f vmlinux
mv -f "${output}" vmlinux
trap - EXIT INT TERM

# For fixdep
echo "vmlinux: $0" > .vmlinux.d
