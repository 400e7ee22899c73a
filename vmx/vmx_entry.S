/* SPDX-License-Identifier: MIT */
/*
 * int vmx_enter(struct vcpu_regs *regs, int launched)
 *
 * Enters the guest of the current VMCS with VMLAUNCH (first time) or
 * VMRESUME, and returns 0 after its VM exit, or 1 if the instruction itself
 * failed (VMfailInvalid or VMfailValid: SDM 31.2, 26.1).  The VMCS switches
 * RSP, RIP, RFLAGS and the control and segment registers (SDM 26.3, 28.5);
 * the general registers are ours to swap.  The host RSP in the VMCS is
 * written on every entry, so a VM exit comes back onto this very stack, at
 * vmx_exit, which the VMCS names as the host RIP.
 */
#include "asm_offsets.h"

	.text
	.globl vmx_enter, vmx_exit
vmx_enter:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi			/* regs, found again at vmx_exit */

	movq $VMCS_HOST_RSP_FIELD, %rax
	vmwrite %rsp, %rax
	jbe entry_failed		/* CF or ZF: the VMWRITE failed */

	testl %esi, %esi		/* MOVs below leave the flags alone */
	movq REGS_RAX(%rdi), %rax
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
	jnz 1f
	vmlaunch
	jmp entry_failed
1:	vmresume

entry_failed:
	popq %rdi
	movl $1, %eax
	jmp 2f

vmx_exit:
	xchgq %rdi, (%rsp)		/* regs back, guest RDI onto the stack */
	movq %rax, REGS_RAX(%rdi)
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
	xorl %eax, %eax

2:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
