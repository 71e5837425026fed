/* SPDX-License-Identifier: GPL-3.0-or-later */
/* start.S - entry point and the two system calls of the test program. */
	.section .text.entry, "ax"
	.globl _start, sys_write, sys_exit
#if defined(__x86_64__)
_start:
	xor	%ebp, %ebp
	and	$-16, %rsp
	call	main
	mov	%eax, %edi
sys_exit:
	mov	$60, %eax
	syscall
sys_write:
	mov	$1, %eax
	syscall
	ret
#elif defined(__aarch64__)
_start:
	bl	main
sys_exit:
	mov	x8, #93
	svc	#0
sys_write:
	mov	x8, #64
	svc	#0
	ret
#elif defined(__arm__)
	.arm
_start:
	bl	main
sys_exit:
	mov	r7, #1
	svc	#0
sys_write:
	push	{r7, lr}
	mov	r7, #4
	svc	#0
	pop	{r7, pc}
#else
#error "no start code for this target"
#endif
	.section .note.GNU-stack, "", %progbits
