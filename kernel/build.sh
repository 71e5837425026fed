#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build.sh - configure and build a real Linux 6.12 kernel for the onelink harness.
#
# Usage: kernel/build.sh [--variant NAME] [--onelink]
#                        [--link stock|onelink] [--relink]
#                        [--src DIR] [--target TARGET] [OUTDIR]
#
#   --variant NAME  configuration to build (default tiny):
#                     tiny  ARCH=x86_64 tinyconfig + harness options (IBT off,
#                           vmlinux links read the thin archive vmlinux.a)
#                     ibt   plain tinyconfig + 64BIT + harness options
#                           (X86_KERNEL_IBT=y, vmlinux links read vmlinux.o)
#                     llvm  tiny, built with LLVM=1
#                     smp   tiny + SMP + MODULES (KALLSYMS_ABSOLUTE_PERCPU),
#                           VMLINUX_MAP, BUILTIN_MODULE_RANGES (needs gawk)
#                           and five CRC libraries built in as modules' objects
#                     v61   tiny from Linux 6.1 (linux-source-6.1; 6.1 has
#                           no kallsyms selftest)
#                     thinlto  llvm + LTO_CLANG_THIN (links read vmlinux.o)
#                     btf   tiny + DWARF debug info + DEBUG_INFO_BTF (pahole)
#                     defconfig  ARCH=x86_64 defconfig + the harness options
#                           (the benchmark's big kernel: ~20 min on 2 cores)
#                     dwarf5   defconfig + DEBUG_INFO_DWARF5
#                     llvm-defconfig  defconfig built with LLVM=1
#                              (clang, ld.lld)
#                     arm64    ARCH=arm64 tinyconfig, relocatable (KASLR),
#                              cross gcc, booted on qemu-system-aarch64 virt
#                     riscv64  ARCH=riscv tinyconfig, cross gcc, booted on
#                              qemu-system-riscv64 virt (OpenSBI)
#                     arm      ARCH=arm tinyconfig (ARCH_VIRT), cross gcc,
#                              booted on qemu-system-arm virt
#                   (kernel/arch.sh has each architecture's options)
#   --onelink       link with onelink: kernel/use-onelink.sh puts its shim
#                   into OUTDIR, so vmlinux is linked by
#                   $ONELINK_TOP/scripts/link-vmlinux.sh
#   --link MODE     stock (default) or onelink (the same as --onelink)
#   --relink        remove vmlinux first so that the link phase runs again
#                   (always done with --onelink)
#   --src DIR       build from the kernel source tree DIR (extracted from
#                   the tarball first if it does not exist) instead of the
#                   shared one; OUTDIR = DIR is an in-tree build (make
#                   without O=).  With --onelink the shim goes into DIR
#                   (use-onelink.sh DIR: every build from DIR links with
#                   onelink), not into OUTDIR
#   --target TARGET what make builds: all (the default), or bindeb-pkg:
#                   the Debian packages of the kernel, with the package
#                   revision set to the fixed build count (KDEB_PKGVERSION
#                   RELEASE-1: debian/rules passes it as
#                   KBUILD_BUILD_VERSION), moved from OUTDIR/.. into
#                   OUTDIR/onelink/package
#   OUTDIR          kbuild output directory
#                   (default $ONELINK_BUILD/kernel/VARIANT-stock|onelink)
#
# Environment: ONELINK_BUILD (default: build/ at the repository root),
# ONELINK_TOP (default: the repository root), KERNEL_TARBALL (default
# /usr/src/linux-source-6.12.tar.xz), JOBS (default 2), V=1 traces the script.
#
# The tarball is extracted once into $ONELINK_BUILD/kernel/src; every build is
# out of tree (make O=OUTDIR), unless --src says otherwise.  The linker is
# replaced by a generated wrapper, OUTDIR/onelink/ld, which runs the real
# linker and records every invocation that writes vmlinux, .tmp_vmlinux* or
# vmlinux.o in the build directory.
# After a build that relinked vmlinux the records go to OUTDIR/onelink/links.log:
#
#   link OUTPUT START END STATUS    one line per link, in order
#   phase START END                 the link-vmlinux.sh process
#
# with times in seconds since the epoch.  The phase line is written when the
# final vmlinux link finds its link-vmlinux.sh ancestor in /proc: START is that
# process's start time (10 ms resolution), END the moment it has exited
# (polled every 10 ms).  So the link phase is the whole of link-vmlinux.sh
# (or of the onelink shim and the script it execs), without the arch postlink
# step.  Summary values go to OUTDIR/onelink/build.env, the make output to
# OUTDIR/onelink/build.log.
#
# While make runs, a line shows the objects compiled so far against the
# count of the variant's last full build ($ONELINK_BUILD/kernel/progress/
# VARIANT; a full build only), the time so far and the time left
# (kernel/progress.sh): on a terminal updated in place, otherwise a plain
# line every 30 seconds (PROGRESS_INTERVAL).

set -eu

info()
{
	printf '  %-7s %s\n' "$1" "$2"
}

die()
{
	echo "build.sh: $*" >&2
	exit 1
}

usage()
{
	sed -n 's/^# \{0,1\}//; 6,8p' "$0" >&2
	exit 2
}

case "${V-}" in
*1*) set -x ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd -P)
variant=tiny
link=stock
relink=
srcopt=
target=all
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) [ $# -ge 2 ] || usage; variant=$2; shift 2 ;;
	--variant=*) variant=${1#--variant=}; shift ;;
	--onelink) link=onelink; shift ;;
	--link) [ $# -ge 2 ] || usage; link=$2; shift 2 ;;
	--link=*) link=${1#--link=}; shift ;;
	--relink) relink=1; shift ;;
	--src) [ $# -ge 2 ] || usage; srcopt=$2; shift 2 ;;
	--src=*) srcopt=${1#--src=}; shift ;;
	--target) [ $# -ge 2 ] || usage; target=$2; shift 2 ;;
	--target=*) target=${1#--target=}; shift ;;
	-h|--help) usage ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage

case "$link" in
stock|onelink) ;;
*) die "unknown link mode '$link' (stock, onelink)" ;;
esac
case "$target" in
all|bindeb-pkg) ;;
*) die "unknown target '$target' (all, bindeb-pkg)" ;;
esac
case "$variant" in
tiny|ibt|llvm|smp|thinlto|btf|defconfig|dwarf5|llvm-defconfig) ;;
arm64|riscv64|arm) ;;
v61) ;;
*) die "unknown variant '$variant' (tiny, ibt, llvm, smp, v61, thinlto, btf, defconfig, dwarf5, llvm-defconfig, arm64, riscv64, arm)" ;;
esac

# the variants built with LLVM=1 (clang and ld.lld)
is_llvm()
{
	case "$variant" in
	llvm|thinlto|llvm-defconfig) return 0 ;;
	esac
	return 1
}

ONELINK_BUILD=${ONELINK_BUILD:-$top/build}
ONELINK_TOP=${ONELINK_TOP:-$top}
# the source tree of the variant's kernel version
ksrcname=linux-source-6.12
[ "$variant" != v61 ] || ksrcname=linux-source-6.1
tarball=${KERNEL_TARBALL:-/usr/src/$ksrcname.tar.xz}
jobs=${JOBS:-2}
mkdir -p "$ONELINK_BUILD"
ONELINK_BUILD=$(cd "$ONELINK_BUILD" && pwd -P)
# DIR as an absolute path, its parent made and resolved (DIR may not exist)
abspath()
{
	mkdir -p "$(dirname "$1")"
	echo "$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")"
}
srcbase=$ONELINK_BUILD/kernel/src
src=$srcbase/$ksrcname
[ -z "$srcopt" ] || src=$(abspath "$srcopt")
out=$(abspath "${1:-$ONELINK_BUILD/kernel/$variant-$link}")
if [ -d "$out" ]; then
	out=$(cd "$out" && pwd -P)
fi
export ONELINK_TOP

# no outer make flags, a reproducible image
. "$top/kernel/env.sh"
# shellcheck source=kernel/progress.sh
. "$top/kernel/progress.sh"
# the objects and seconds of the variant's last full build (stock and
# onelink compile the same objects)
progress=$ONELINK_BUILD/kernel/progress/$variant

# Extract the tarball once into $src, atomically: a finished tree is renamed
# into place.
extract()
{
	[ -d "$src" ] && return 0
	[ -f "$tarball" ] || die "$tarball: not found (scripts/install-deps.sh --kernel)"
	info TAR "$src"
	tmp=$(dirname "$src")/tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xJf "$tarball" -C "$tmp"
	[ -f "$tmp/$ksrcname/Makefile" ] ||
		die "$tarball: no $ksrcname/Makefile inside"
	mv "$tmp/$ksrcname" "$src"
	rmdir "$tmp"
}

# The onelink build: the shim goes into the output directory (make finds
# OUTDIR/scripts/link-vmlinux.sh before the source tree's), so the pristine
# source tree serves stock and onelink builds alike.  A source tree of its
# own (--src) gets the shim itself, and an output directory built from it
# none (one left from an earlier build is removed), so that its links show
# that the source tree's shim serves O= builds too.
onelink_tree()
{
	[ -x "$ONELINK_TOP/scripts/link-vmlinux.sh" ] ||
		die "$ONELINK_TOP/scripts/link-vmlinux.sh: not found or not executable (needed by --onelink)"
	if [ -z "$srcopt" ]; then
		sh "$top/kernel/use-onelink.sh" "$out"
		return 0
	fi
	[ "$out" = "$src" ] || [ ! -f "$out/scripts/link-vmlinux.sh" ] ||
		sh "$top/kernel/use-onelink.sh" --revert "$out"
	sh "$top/kernel/use-onelink.sh" "$src"
}

# Write the linker wrapper with every path fixed at generation time, so that a
# later plain "make" in OUTDIR behaves the same.
write_ld_wrapper()
{
	if is_llvm; then
		real_ld=$(command -v ld.lld) || die "ld.lld not found"
	else
		real_ld=$(command -v "${karch_cross}ld") || die "${karch_cross}ld not found"
	fi
	mkdir -p "$out/onelink"
	cat > "$out/onelink/ld.tmp" <<EOF
#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Generated by onelink kernel/build.sh: run $real_ld and record the links
# of vmlinux, .tmp_vmlinux* and vmlinux.o made in $out.
real=$real_ld
objtree=$out
log=$out/onelink/links.new
EOF
	cat >> "$out/onelink/ld.tmp" <<'EOF'
output=
prev=
for a in "$@"; do
	case "$prev" in
	-o|--output) output=$a ;;
	esac
	case "$a" in
	--output=*) output=${a#--output=} ;;
	-o?*) output=${a#-o} ;;
	esac
	prev=$a
done
case "$output" in
"$objtree"/*) output=${output#"$objtree"/} ;;
./*) output=${output#./} ;;
esac
case "$output" in
vmlinux|vmlinux.o|.tmp_vmlinux*) ;;
*) exec "$real" "$@" ;;
esac
# onelink links the final vmlinux under a temporary name
final=vmlinux
[ "$output" != .tmp_vmlinux.onelink ] || final=$output
[ "$(pwd -P)" = "$objtree" ] || exec "$real" "$@"

# The process running link-vmlinux.sh (or link-vmlinux.sh.stock, set aside by
# kernel/use-onelink.sh, or bench/link-vmlinux-notable.sh): the outermost of
# the ancestors whose first or second argument names it.  A subshell of the
# script has the same arguments; the
# "sh -c" of make's recipe does not match.
script_pid()
{
	pid=$PPID
	found=
	while [ "$pid" -gt 1 ] 2>/dev/null; do
		if tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | head -n 2 |
				grep -q '\(^\|/\)link-vmlinux\(-notable\)\{0,1\}\.sh\(\.stock\)\{0,1\}$'; then
			found=$pid
		elif [ -n "$found" ]; then
			break
		fi
		pid=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f2)
	done
	[ -n "$found" ] && echo "$found"
}

# Record "phase START END" for the link-vmlinux.sh process: START from its
# start time in clock ticks since boot, END by polling until it exits.
watch_phase()
{
	pid=$(script_pid) || return 0
	ticks=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)
	now=$(date +%s.%N)
	up=$(cut -d' ' -f1 /proc/uptime)
	pstart=$(awk -v n="$now" -v u="$up" -v t="$ticks" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.2f", n - u + t / hz }')
	(
		while [ -d "/proc/$pid" ]; do
			sleep 0.01
		done
		echo "phase $pstart $(date +%s.%N)" >> "$log"
	) < /dev/null > /dev/null 2>&1 &
}

start=$(date +%s.%N)
# onelink's script stops an early link it throws away with SIGTERM: the
# linker gets it too, and the link's status is the linker's
"$real" "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
while :; do
	status=0
	wait "$child" || status=$?
	kill -0 "$child" 2>/dev/null || break
done
end=$(date +%s.%N)
echo "link $output $start $end $status" >> "$log"
# the phase ends with the last link (a stopped early link is not it)
[ "$status" -ne 0 ] || [ "$output" != "$final" ] || watch_phase
exit "$status"
EOF
	chmod +x "$out/onelink/ld.tmp"
	mv "$out/onelink/ld.tmp" "$out/onelink/ld"
}

# Run a command with its output appended to the log; on failure show the
# end of the log and stop.
logged()
{
	if ! "$@" >> "$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "failed: $*; see $log"
	fi
}

kmake()
{
	# shellcheck disable=SC2086
	make -C "$src" $oarg $makeargs "$@"
}

# Turn options on, and check that they really ended up set.
configure()
{
	# shellcheck disable=SC2086
	set -- PRINTK KALLSYMS KALLSYMS_ALL KALLSYMS_SELFTEST \
		PROC_FS SYSFS TTY BLK_DEV_INITRD \
		RD_GZIP BINFMT_ELF BINFMT_SCRIPT DEVTMPFS DEVTMPFS_MOUNT FUTEX \
		MULTIUSER $karch_options
	# smp: tristate library code built in (=y) makes modules.builtin
	# non-empty (one object each; 8250 and binfmt_script are built-in
	# modules already); the link map and the kernel's own ranges file are
	# the oracles of the provenance check (kernel/demo.sh)
	[ "$variant" != smp ] || set -- "$@" SMP MODULES VMLINUX_MAP \
		BUILTIN_MODULE_RANGES CRC_CCITT CRC16 CRC_ITU_T CRC7 CRC8
	if [ "$variant" = v61 ]; then
		# 6.1 has no kallsyms selftest
		for o; do
			shift
			[ "$o" = KALLSYMS_SELFTEST ] || set -- "$@" "$o"
		done
	fi
	[ "$variant" != thinlto ] || set -- "$@" LTO_CLANG_THIN
	[ "$variant" != btf ] || set -- "$@" DEBUG_KERNEL \
		DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT BPF_SYSCALL DEBUG_INFO_BTF
	[ "$variant" != dwarf5 ] || set -- "$@" DEBUG_KERNEL DEBUG_INFO_DWARF5
	# the configuration the options go on top of
	base=tinyconfig
	case "$variant" in
	defconfig|dwarf5|llvm-defconfig) base=defconfig ;;
	esac

	info CONFIG "$variant ($out/.config)"
	if [ "$variant" = ibt ]; then
		# no ARCH: tinyconfig is 32-bit, 64BIT then brings IBT in
		# shellcheck disable=SC2086 # no O= in-tree
		logged make -C "$src" $oarg LD="$out/onelink/ld" $base
	else
		logged kmake $base
	fi
	opts=
	for o in "$@"; do
		opts="$opts -e $o"
	done
	# the other member of a choice
	[ "$variant" != thinlto ] || opts="$opts -d LTO_NONE"
	case "$variant" in
	btf|dwarf5) opts="$opts -d DEBUG_INFO_NONE" ;;
	esac
	for o in $karch_off; do
		opts="$opts -d $o"
	done
	# shellcheck disable=SC2086
	logged "$src/scripts/config" --file "$out/.config" $opts
	logged kmake olddefconfig

	[ "$variant" != smp ] || set -- "$@" KALLSYMS_ABSOLUTE_PERCPU
	case "$variant" in
	llvm|llvm-defconfig) set -- "$@" CC_IS_CLANG LD_IS_LLD ;;
	esac
	[ "$variant" != thinlto ] || set -- "$@" CC_IS_CLANG LD_IS_LLD LTO_CLANG
	[ "$variant" != ibt ] || set -- "$@" X86_KERNEL_IBT
	bad=
	for o in "$@"; do
		grep -q "^CONFIG_$o=y\$" "$out/.config" || bad="$bad $o"
	done
	[ -z "$bad" ] || die "$out/.config: not set after olddefconfig:$bad"
	for o in $karch_off; do
		! grep -q "^CONFIG_$o=y\$" "$out/.config" ||
			die "$out/.config: $o is set after olddefconfig"
	done
	case "$variant" in
	ibt|defconfig|dwarf5|llvm-defconfig) ;;
	*)	! grep -q '^CONFIG_X86_KERNEL_IBT=y$' "$out/.config" ||
			die "$out/.config: X86_KERNEL_IBT is set in variant $variant" ;;
	esac
	echo "$variant $link" > "$out/onelink/config.stamp"
}

extract
mkdir -p "$out"
# shellcheck source=kernel/arch.sh
. "$top/kernel/arch.sh"
karch=$(arch_of_variant "$variant")
arch_set "$karch"
makeargs="ARCH=$karch LD=$out/onelink/ld"
oarg="O=$out"
[ "$out" != "$src" ] || oarg=
[ -z "$karch_cross" ] || makeargs="$makeargs CROSS_COMPILE=$karch_cross"
! is_llvm || makeargs="$makeargs LLVM=1"

if [ -f "$out/onelink/config.stamp" ]; then
	[ "$(cat "$out/onelink/config.stamp")" = "$variant $link" ] ||
		die "$out: configured as '$(cat "$out/onelink/config.stamp")', not '$variant $link'"
fi
write_ld_wrapper
log=$out/onelink/build.log
: > "$log"
# configured before, unless make mrproper removed the configuration since
if [ ! -f "$out/onelink/config.stamp" ] || [ ! -f "$out/.config" ]; then
	configure
fi
[ "$link" = stock ] || onelink_tree

full=no
[ -f "$out/vmlinux.o" ] || full=yes
# kbuild cannot see changes to the script the shim execs: always relink.
if [ -n "$relink" ] || [ "$link" = onelink ]; then
	rm -f "$out/vmlinux"
fi
rm -f "$out/onelink/links.new"
if [ "$target" = bindeb-pkg ]; then
	[ -f "$out/include/config/kernel.release" ] ||
		die "$out: --target bindeb-pkg needs a tree built before"
	# debian/rules passes the revision as the build count (init/version.o)
	KDEB_PKGVERSION=$(cat "$out/include/config/kernel.release")-$KBUILD_BUILD_VERSION
	export KDEB_PKGVERSION
	rm -rf "$out/onelink/package"
fi
info MAKE "-j$jobs $target ($log)"
t0=$(date +%s.%N)
# an incremental build has no count to compare with
precord=
[ "$full" = no ] || precord=$progress
progress_start "$log" "$precord"
logged kmake -j"$jobs" "$target"
progress_stop
t1=$(date +%s.%N)
if [ "$target" = bindeb-pkg ]; then
	# dpkg-buildpackage writes its files into the parent directory
	mkdir -p "$out/onelink/package"
	for f in "$out"/../*_"${KDEB_PKGVERSION}"_*; do
		[ ! -f "$f" ] || mv "$f" "$out/onelink/package/"
	done
	[ -n "$(ls "$out/onelink/package")" ] || die "$out: bindeb-pkg left no package in $out/.."
fi
[ "$full" = no ] || progress_record "$progress"

# A run that relinked vmlinux replaces the records of the previous link phase.
relinked=no
if [ -f "$out/onelink/links.new" ] &&
		grep -q -e '^link vmlinux ' -e '^link \.tmp_vmlinux\.onelink ' "$out/onelink/links.new"; then
	relinked=yes
	# the watcher records the end of link-vmlinux.sh, which has exited
	i=0
	while ! grep -q '^phase ' "$out/onelink/links.new" && [ "$i" -lt 20 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	mv "$out/onelink/links.new" "$out/onelink/links.log"
fi
rm -f "$out/onelink/links.new"

{
	echo "variant=$variant"
	echo "link=$link"
	echo "srctree=$src"
	echo "full_build=$full"
	echo "relinked=$relinked"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "build_seconds=%.1f\n", b - a }'
} > "$out/onelink/build.env"
[ -f "$out/$karch_image" ] || die "$out/$karch_image: not built"
info DONE "$out ($(sed -n 's/^build_seconds=//p' "$out/onelink/build.env") s, relinked: $relinked)"
