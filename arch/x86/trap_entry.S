/* SPDX-License-Identifier: MIT */
/*
 * One stub per vector, TRAP_STUB_SIZE bytes apart, for the IDT that
 * arch/x86/gdt.c builds.  Each pushes a zero where the CPU pushes no error
 * code (SDM 6.13), then the vector, and jumps to trap_common, which saves the
 * general registers as a struct trap_frame and calls trap_dispatch().  The
 * guest runtime's stubs (guest/lib/traps.S) come from the same macros.
 */
#include "arch/x86/asm_macros.h"
#include "arch/x86/bits.h"
#include "arch/x86/lapic.h"

	.text
	.balign TRAP_STUB_SIZE
	.globl trap_stubs
trap_stubs:
	TRAP_STUBS 256, TRAP_STUB_SIZE, trap_common

trap_common:
	TRAP_COMMON trap_dispatch

/*
 * The slice and idle timer's vector (VEC_TIMER) has a stub of its own: the
 * interrupt's work is done by waking the CPU (an INTR exit, or the end of a
 * HLT), and all that is left is its EOI, a write of 0 to the local APIC's
 * EOI register (SDM 11.8.5), as lapic_eoi() does: by WRMSR in x2APIC mode
 * (SDM 11.12.1.2), else in the xAPIC page (arch/x86/lapic.h).  It needs
 * nothing of this CPU's, so it saves only the three registers it uses.
 */
	.globl timer_stub
timer_stub:
	pushq %rax
	pushq %rcx
	pushq %rdx
	xorl %eax, %eax
	cmpb $0, lapic_x2apic(%rip)
	je 1f
	movl $X2APIC_MSR(LAPIC_REG_EOI), %ecx
	xorl %edx, %edx
	wrmsr
	jmp 2f
1:	movq lapic_mmio(%rip), %rcx
	movl %eax, LAPIC_REG_EOI(%rcx)
2:	popq %rdx
	popq %rcx
	popq %rax
	iretq
