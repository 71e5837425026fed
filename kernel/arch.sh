# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh disable=SC2034
#
# arch.sh - sourced by kernel/*.sh: what differs between the architectures
# the harness builds and boots (x86_64, arm64, riscv, arm).
#
#   arch_of_variant VARIANT   prints the kernel ARCH of a build.sh variant
#   arch_of_config CONFIG     prints the ARCH a .config was made for
#   arch_set ARCH             sets karch_cross (CROSS_COMPILE), karch_image
#                             (the boot image, relative to the build
#                             directory), karch_console, karch_qemu,
#                             karch_machine (QEMU's machine options),
#                             karch_bits and karch_options (the Kconfig
#                             options a tinyconfig needs on top of the
#                             harness's to boot under QEMU with a serial
#                             console), karch_off (options it must not
#                             have)

arch_of_variant()
{
	case "$1" in
	arm64) echo arm64 ;;
	riscv64) echo riscv ;;
	arm) echo arm ;;
	*) echo x86_64 ;;
	esac
}

arch_of_config()
{
	if grep -q '^CONFIG_ARM64=y$' "$1"; then
		echo arm64
	elif grep -q '^CONFIG_RISCV=y$' "$1"; then
		echo riscv
	elif grep -q '^CONFIG_ARM=y$' "$1"; then
		echo arm
	else
		echo x86_64
	fi
}

arch_set()
{
	karch_bits=64
	karch_off=
	case "$1" in
	x86_64)
		karch_cross=
		karch_image=arch/x86/boot/bzImage
		karch_console=ttyS0
		karch_qemu=qemu-system-x86_64
		karch_machine=
		karch_options="64BIT EARLY_PRINTK SERIAL_8250 SERIAL_8250_CONSOLE"
		;;
	arm64)
		# RELOCATABLE (and KASLR) on: vmlinux is linked -pie, with
		# kallsyms_relative_base the target of a dynamic relocation
		karch_cross=aarch64-linux-gnu-
		karch_image=arch/arm64/boot/Image
		karch_console=ttyAMA0
		karch_qemu=qemu-system-aarch64
		karch_machine="-M virt -cpu cortex-a57"
		karch_options="SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE RELOCATABLE RANDOMIZE_BASE"
		;;
	riscv)
		karch_cross=riscv64-linux-gnu-
		karch_image=arch/riscv/boot/Image
		karch_console=ttyS0
		karch_qemu=qemu-system-riscv64
		karch_machine="-M virt"
		karch_options="64BIT SERIAL_8250 SERIAL_8250_CONSOLE SERIAL_OF_PLATFORM SIFIVE_PLIC"
		;;
	arm)
		# the /init is built for the hard-float ABI: VFP
		karch_bits=32
		karch_cross=arm-linux-gnueabihf-
		karch_image=arch/arm/boot/zImage
		karch_console=ttyAMA0
		karch_qemu=qemu-system-arm
		karch_machine="-M virt"
		karch_options="MMU ARCH_MULTI_V7 ARCH_VIRT SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE VFP VFPv3 AEABI"
		# a Thumb-2 kernel's function pointers have bit 0 set, which
		# the kallsyms selftest compares with the symbol's address: it
		# fails on any Thumb-2 kernel, stock or onelink
		karch_off=THUMB2_KERNEL
		;;
	*)
		return 1
		;;
	esac
}
