/* SPDX-License-Identifier: MIT */
/*
 * One stub per vector.  Each pushes a zero where the CPU pushes no error
 * code (SDM 6.13), then the vector, and jumps to trap_common, which saves the
 * general registers as a struct trap_frame and calls trap_dispatch().
 */
#include "arch/x86/bits.h"



	.text
	.balign TRAP_STUB_SIZE
	.globl trap_stubs
trap_stubs:
	vector = 0
	.rept 256
	.balign TRAP_STUB_SIZE
	/* Vectors with an error code: 8, 10-14, 17, 21, 29, 30. */
	.if (vector == 8) || (vector >= 10 && vector <= 14) || (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30)
	.else
	pushq $0
	.endif
	pushq $vector
	jmp trap_common
	vector = vector + 1
	.endr

trap_common:
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rbp
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rbx
	pushq %rax
	cld
	movq %rsp, %rdi
	call trap_dispatch
	popq %rax
	popq %rbx
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbp
	popq %r8
	popq %r9
	popq %r10
	popq %r11
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	addq $16, %rsp			/* vector and error code */
	iretq
