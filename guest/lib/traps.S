/* SPDX-License-Identifier: MIT */
/*
 * The guest's two ways between privilege levels, which C cannot express:
 * exception stubs (SDM 6.14) that save the registers as a struct
 * guest_frame and call guest_trap(), and run_at_cpl3(), which IRETQs onto
 * a user stack and comes back through int $0x80.
 */
#include "arch/x86/asm_macros.h"
#include "guest/lib/layout.h"

	.text
	.balign GUEST_STUB_SIZE
	.globl guest_trap_stubs
guest_trap_stubs:
	TRAP_STUBS GVEC_EXCEPTIONS, GUEST_STUB_SIZE, trap_common

trap_common:
	TRAP_COMMON guest_trap

/*
 * void run_at_cpl3(void (*fn)(void *), void *arg): runs fn(arg) at CPL 3
 * and returns once it has.  Not reentrant: one caller's RSP is kept.
 */
	.globl run_at_cpl3
run_at_cpl3:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, cpl3_caller_rsp(%rip)
	movq %rdi, %rbx			/* callee-saved: user code keeps it */
	movq %rsi, %rdi
	/* An IRETQ frame for CPL 3, interrupts and IOPL 0 (SDM 6.14.3). */
	pushq $(GSEL_UDATA | SEL_RPL3)
	leaq user_stack_top(%rip), %rax
	pushq %rax
	pushq $RFLAGS_FIXED
	pushq $(GSEL_UCODE | SEL_RPL3)
	leaq cpl3_entry(%rip), %rax
	pushq %rax
	movw $(GSEL_UDATA | SEL_RPL3), %ax
	movw %ax, %ds
	movw %ax, %es
	xorl %ebp, %ebp			/* backtraces end at the ring change */
	iretq

cpl3_entry:
	call *%rbx
	int $GVEC_RETURN
	ud2				/* int $0x80 never comes back here */

/*
 * The DPL 3 gate of vector 0x80.  From CPL 3 it abandons the trap stack
 * and returns from run_at_cpl3(); from CPL 0 it is an unexpected vector.
 */
	.globl guest_return_stub
guest_return_stub:
	testb $SEL_RPL3, 8(%rsp)	/* the CS the CPU pushed */
	jz 1f
	movw $GSEL_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movq cpl3_caller_rsp(%rip), %rsp
	pushq $RFLAGS_FIXED		/* drop whatever flags user code set */
	popfq
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
1:	pushq $0
	pushq $GVEC_RETURN
	jmp trap_common

	.section .bss
	.balign 8
cpl3_caller_rsp:
	.skip 8

	.section .stack, "aw", @nobits
	.balign 16
	.skip GUEST_STACK_SIZE
user_stack_top:
	.skip GUEST_STACK_SIZE
	.globl guest_trap_stack_top
guest_trap_stack_top:
