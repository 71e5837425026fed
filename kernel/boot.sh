#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# boot.sh - boot a kernel built by kernel/build.sh in QEMU and capture its kallsyms.
#
# Usage: kernel/boot.sh [--timeout SECONDS] [--kaslr] BUILDDIR [LOG]
#
# The architecture comes from BUILDDIR/.config (kernel/arch.sh has the QEMU
# machine, image and console of each).  On x86_64 it builds
# BUILDDIR/onelink/initramfs.cpio.gz from a static busybox and an /init
# that mounts /proc, waits for "kallsyms_selftest: finish" in the kernel log
# (not with a kernel that has no CONFIG_KALLSYMS_SELFTEST, such as Linux 6.1),
# mutes console printk (dmesg -n 1) so that messages cannot land inside the
# dump, prints the selftest lines of dmesg and /proc/kallsyms between marker
# lines, and reboots (tinyconfig has no ACPI, so power-off would hang;
# -no-reboot makes QEMU exit instead).  The kernel runs under TCG with the
# serial console on stdout, captured to LOG (default BUILDDIR/onelink/boot.log).
#
# --timeout bounds the whole QEMU run (default $BOOT_TIMEOUT or 600 s); /init
# gives up waiting for the selftest 30 s before that.  The boot time goes to
# BUILDDIR/onelink/boot.env.  On arm64, riscv and arm, where Debian has no
# static busybox for the target, the /init is kernel/init.c instead, which does
# the same; boot.sh builds it with the cross gcc against the kernel's nolibc
# and the UAPI headers of the build ("make headers" into
# BUILDDIR/onelink/uapi, once).  The kernel runs with "nokaslr" unless
# --kaslr is given (boot.env then says kaslr=yes, and kernel/check.sh
# allows one constant offset).  V=1 traces the script.

set -eu

info()
{
	printf '  %-7s %s\n' "$1" "$2"
}

die()
{
	echo "boot.sh: $*" >&2
	exit 1
}

case "${V-}" in
*1*) set -x ;;
esac

timeout=${BOOT_TIMEOUT:-600}
kaslr=no
while [ $# -gt 0 ]; do
	case "$1" in
	--timeout) [ $# -ge 2 ] || die "--timeout needs a value"; timeout=$2; shift 2 ;;
	--timeout=*) timeout=${1#--timeout=}; shift ;;
	--kaslr) kaslr=yes; shift ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
case $# in
1|2) ;;
*) die "usage: boot.sh [--timeout SECONDS] BUILDDIR [LOG]" ;;
esac
case "$timeout" in
''|*[!0-9]*) die "--timeout: '$timeout' is not a number of seconds" ;;
esac
[ "$timeout" -gt 40 ] || die "--timeout: $timeout s is too short (at least 41)"

out=$(cd "$1" && pwd -P) || die "$1: not a directory"
log=${2:-$out/onelink/boot.log}
[ -f "$out/.config" ] || die "$out/.config: not found (run kernel/build.sh first)"
top=$(cd "$(dirname "$0")/.." && pwd -P)
# shellcheck source=kernel/arch.sh
. "$top/kernel/arch.sh"
karch=$(arch_of_config "$out/.config")
arch_set "$karch"
bzimage=$out/$karch_image
# no selftest to wait for (Linux 6.1 has none)
selftest=yes
grep -q '^CONFIG_KALLSYMS_SELFTEST=y$' "$out/.config" || selftest=no
[ -f "$bzimage" ] || die "$bzimage: not found (run kernel/build.sh first)"
qemu=$(command -v "$karch_qemu") ||
	die "$karch_qemu not found (scripts/install-deps.sh --kernel)"
append="console=$karch_console panic=-1"
[ "$kaslr" = yes ] || append="$append nokaslr"
if [ "$karch" != x86_64 ]; then
	# kernel/init.c, cross-compiled against nolibc and the build's UAPI headers
	work=$out/onelink/initramfs
	initrd=$out/onelink/initramfs.cpio.gz
	rm -rf "$work"
	mkdir -p "$work"
	if [ ! -f "$out/onelink/uapi/usr/include/linux/types.h" ]; then
		info HEADERS "$out/onelink/uapi"
		make -s -C "$out/source" O="$out/onelink/uapi" ARCH="$karch" \
			CROSS_COMPILE="$karch_cross" headers > "$work/headers.log" 2>&1 || {
			tail -n 20 "$work/headers.log" >&2
			die "make headers failed, see $work/headers.log"
		}
	fi
	info CC "$work/init"
	"${karch_cross}gcc" -Wall -Os -static -nostdlib -fno-stack-protector \
		-fno-asynchronous-unwind-tables -DWAIT_SECONDS=$((timeout - 30)) \
		-isystem "$out/onelink/uapi/usr/include" \
		-include "$out/source/tools/include/nolibc/nolibc.h" \
		-o "$work/init" "$top/kernel/init.c" -lgcc ||
		die "$top/kernel/init.c: cross-compiling /init failed"
	cat > "$work/list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
file /init $work/init 0755 0 0
EOF
	[ -x "$out/usr/gen_init_cpio" ] || die "$out/usr/gen_init_cpio: not built"
	info CPIO "$initrd"
	"$out/usr/gen_init_cpio" -t 0 "$work/list" | gzip -n -9 > "$initrd"
fi
busybox=$(command -v busybox) || die "busybox not found (scripts/install-deps.sh --kernel)"
if [ "$karch" != x86_64 ]; then
	:
elif LC_ALL=C ldd "$busybox" > /dev/null 2>&1; then
	die "$busybox: not statically linked (install busybox-static)"
fi

if [ "$karch" = x86_64 ]; then
work=$out/onelink/initramfs
initrd=$out/onelink/initramfs.cpio.gz
rm -rf "$work"
mkdir -p "$work"

# /init runs under busybox sh; every applet is called through busybox, which
# is all the initramfs holds.
cat > "$work/init" <<EOF
#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# onelink kernel/boot.sh: wait for the kallsyms selftest, dump /proc/kallsyms.
bb=/bin/busybox
wait=$((timeout - 30))
selftest=$selftest
EOF
cat >> "$work/init" <<'EOF'
$bb mount -t proc proc /proc
i=0
until [ "$selftest" = no ] || $bb dmesg | $bb grep -q 'kallsyms_selftest: finish'; do
	i=$((i + 1))
	if [ "$i" -gt "$wait" ]; then
		echo "onelink: selftest did not finish within $wait s"
		break
	fi
	$bb sleep 1
done
$bb dmesg -n 1
echo "onelink: selftest begin"
$bb dmesg | $bb grep 'kallsyms_selftest'
echo "onelink: selftest end"
echo "onelink: kallsyms begin"
$bb cat /proc/kallsyms
echo "onelink: kallsyms end"
# with CONFIG_DEBUG_INFO_BTF: the size and MD5 of the kernel's own BTF
$bb mkdir -p /sys
if $bb mount -t sysfs sysfs /sys && [ -e /sys/kernel/btf/vmlinux ]; then
	echo "onelink: btf $($bb wc -c < /sys/kernel/btf/vmlinux) $($bb md5sum < /sys/kernel/btf/vmlinux)"
fi
$bb sync
$bb reboot -f
EOF

# initramfs description for the kernel's gen_init_cpio; fixed mtimes
cat > "$work/list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /bin 0755 0 0
file /bin/busybox $busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $work/init 0755 0 0
EOF

info CPIO "$initrd"
if [ -x "$out/usr/gen_init_cpio" ]; then
	"$out/usr/gen_init_cpio" -t 0 "$work/list" > "$work/initramfs.cpio"
else
	# no gen_init_cpio in this build: stage the tree and use cpio(1)
	command -v cpio >/dev/null || die "neither $out/usr/gen_init_cpio nor cpio found"
	mkdir -p "$work/root/dev" "$work/root/proc" "$work/root/bin"
	cp "$busybox" "$work/root/bin/busybox"
	ln -s busybox "$work/root/bin/sh"
	cp "$work/init" "$work/root/init"
	chmod 755 "$work/root/init" "$work/root/bin/busybox"
	find "$work/root" -exec touch -h -d @0 {} +
	(cd "$work/root" && find . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet) > "$work/initramfs.cpio"
	# no /dev/console node here: the kernel's built-in initramfs has one
fi
gzip -n -9 < "$work/initramfs.cpio" > "$initrd"
fi

info QEMU "$bzimage (log: $log, timeout ${timeout} s)"
t0=$(date +%s.%N)
status=0
# shellcheck disable=SC2086
timeout "$timeout" "$qemu" -accel tcg $karch_machine -kernel "$bzimage" -initrd "$initrd" \
	-append "$append" -nographic -no-reboot -m 256 \
	< /dev/null > "$log" 2>&1 || status=$?
t1=$(date +%s.%N)
seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
printf 'boot_seconds=%s\nkaslr=%s\n' "$seconds" "$kaslr" > "$out/onelink/boot.env"

if [ "$status" -eq 124 ]; then
	tail -n 20 "$log" >&2
	die "QEMU did not finish within $timeout s, see $log"
fi
if [ "$status" -ne 0 ]; then
	tail -n 20 "$log" >&2
	die "QEMU exited with status $status, see $log"
fi
tr -d '\r' < "$log" | grep -q '^onelink: kallsyms end$' || {
	tail -n 20 "$log" >&2
	die "$log: no 'onelink: kallsyms end' line: the guest did not finish the dump"
}
info DONE "$log ($seconds s)"
