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
 * RFLAGS.IF is set for VMRUN: with V_INTR_MASKING, the host's IF saved by
 * VMRUN decides whether a physical interrupt ends the guest's run (APM
 * 15.21.1), and Tollgate's slice timer must.  IF is cleared again before
 * STGI, so the interrupt stays pending until the host asks for it.
 */
#include "asm_offsets.h"
#include "arch/x86/asm_macros.h"

	.text
	.globl svm_vmrun
svm_vmrun:
	PUSH_CALLEE_SAVED
	pushq %rdx			/* host_pa */
	pushq %rdi			/* regs */

	clgi
	sti				/* held off by GIF=0 until VMRUN */
	movq %rsi, %rax			/* VMLOAD/VMRUN/VMSAVE take RAX */
	LOAD_GUEST_GPRS %rdi
	movq REGS_RDI(%rdi), %rdi
	vmload %rax
	vmrun %rax
	vmsave %rax			/* RAX is the VMCB again: APM 15.6 */

	xchgq %rdi, (%rsp)		/* regs back, guest RDI onto the stack */
	STORE_GUEST_GPRS %rdi
	popq REGS_RDI(%rdi)
	popq %rax			/* host_pa: the host's TR, FS, GS... */
	vmload %rax
	cli
	stgi

	POP_CALLEE_SAVED
	ret
