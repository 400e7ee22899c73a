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
#include "arch/x86/asm_macros.h"

	.text
	.globl vmx_enter, vmx_exit
vmx_enter:
	PUSH_CALLEE_SAVED
	pushq %rdi			/* regs, found again at vmx_exit */

	movq $VMCS_HOST_RSP_FIELD, %rax
	vmwrite %rsp, %rax
	jbe entry_failed		/* CF or ZF: the VMWRITE failed */

	testl %esi, %esi		/* MOVs below leave the flags alone */
	movq REGS_RAX(%rdi), %rax
	LOAD_GUEST_GPRS %rdi
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
	STORE_GUEST_GPRS %rdi
	popq REGS_RDI(%rdi)
	xorl %eax, %eax

2:	POP_CALLEE_SAVED
	ret
