/* SPDX-License-Identifier: MIT */
/*
 * void svm_vmrun(struct vcpu_regs *regs, uint64_t vmcb_pa, uint64_t host_pa)
 *
 * Runs the guest once.  VMRUN itself switches RAX, RSP, RIP, RFLAGS and the
 * segment and control registers (APM 15.5.1); the other general registers
 * are ours to swap, and VMLOAD/VMSAVE move the state VMRUN leaves alone:
 * FS, GS, TR, LDTR and the SYSCALL/SYSENTER MSRs (APM 15.5.2).  The host's
 * copy of that state is in the VMCB at @host_pa (saved once at enable).
 * GIF is clear throughout, so nothing interrupts the switch (APM 15.17).
 */
#include "asm_offsets.h"

	.text
	.globl svm_vmrun
svm_vmrun:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdx			/* host_pa */
	pushq %rdi			/* regs */

	clgi
	movq %rsi, %rax			/* VMLOAD/VMRUN/VMSAVE take RAX */
	movq REGS_RBX(%rdi), %rbx
	movq REGS_RCX(%rdi), %rcx
	movq REGS_RDX(%rdi), %rdx
	movq REGS_RSI(%rdi), %rsi
	movq REGS_RBP(%rdi), %rbp
	movq REGS_R8(%rdi), %r8
	movq REGS_R9(%rdi), %r9
	movq REGS_R10(%rdi), %r10
	movq REGS_R11(%rdi), %r11
	movq REGS_R12(%rdi), %r12
	movq REGS_R13(%rdi), %r13
	movq REGS_R14(%rdi), %r14
	movq REGS_R15(%rdi), %r15
	movq REGS_RDI(%rdi), %rdi
	vmload %rax
	vmrun %rax
	vmsave %rax			/* RAX is the VMCB again: APM 15.6 */

	xchgq %rdi, (%rsp)		/* regs back, guest RDI onto the stack */
	movq %rbx, REGS_RBX(%rdi)
	movq %rcx, REGS_RCX(%rdi)
	movq %rdx, REGS_RDX(%rdi)
	movq %rsi, REGS_RSI(%rdi)
	movq %rbp, REGS_RBP(%rdi)
	movq %r8, REGS_R8(%rdi)
	movq %r9, REGS_R9(%rdi)
	movq %r10, REGS_R10(%rdi)
	movq %r11, REGS_R11(%rdi)
	movq %r12, REGS_R12(%rdi)
	movq %r13, REGS_R13(%rdi)
	movq %r14, REGS_R14(%rdi)
	movq %r15, REGS_R15(%rdi)
	popq REGS_RDI(%rdi)
	popq %rax			/* host_pa: the host's TR, FS, GS... */
	vmload %rax
	stgi

	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
