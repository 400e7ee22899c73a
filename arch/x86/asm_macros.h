/* SPDX-License-Identifier: MIT */
/*
 * Assembler macros shared by the hypervisor and the guest runtime, for .S
 * files only: the way from 32-bit protected mode into long mode
 * (boot/boot.S, guest/lib/start.S), and exception entry
 * (arch/x86/trap_entry.S, guest/lib/traps.S).
 */
#ifndef TG_ARCH_X86_ASM_MACROS_H
#define TG_ARCH_X86_ASM_MACROS_H

#ifndef __ASSEMBLER__
#error "arch/x86/asm_macros.h holds assembler macros: include it from .S files"
#endif

#include "arch/x86/bits.h"

/*
 * 32-bit code: zeroes __bss_start to __bss_end, a whole number of 4-byte
 * words apart (linker.ld and guest/guest.ld assert it).  Loaders zero .bss
 * for ELF images, but do not promise it for all.  Clobbers EAX, ECX and
 * EDX; EDI is kept.
 */
.macro ZERO_BSS32
	movl %edi, %edx
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl %edx, %edi
.endm

/*
 * 32-bit code, paging off: turns on long mode with @pml4 as CR3 and sets
 * the CR0 bits @cr0 (CR0_PG | CR0_PE at least), in the order SDM 10.8.5
 * requires: PAE, then CR3, then EFER.LME, then CR0.PG.  The CPU is then in
 * compatibility mode until a far jump to a 64-bit code segment.  Clobbers
 * EAX, ECX and EDX.
 */
.macro ENABLE_LONG_MODE pml4, cr0
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $\pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(\cr0), %eax
	movl %eax, %cr0
.endm

/*
 * 64-bit code, just after the far jump into long mode: the flat data
 * selector in DS, ES and SS, null in FS and GS (boot/boot.S and the AP
 * trampoline).  Clobbers AX.
 */
.macro LOAD_DATA_SEGMENTS64
	movw $GDT_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
.endm

/*
 * @count exception stubs, from vector 0, one every @size bytes.  Each
 * pushes a zero where the CPU pushes no error code, then its vector, and
 * jumps to @common, so every frame has the same shape.  Only vectors 8,
 * 10-14, 17, 21, 29 and 30 push an error code (SDM 6.13).
 */
.macro TRAP_STUBS count, size, common
	vector = 0
	.rept \count
	.balign \size
	.if (vector == 8) || (vector >= 10 && vector <= 14) || \
	    (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30)
	.else
	pushq $0
	.endif
	pushq $vector
	jmp \common
	vector = vector + 1
	.endr
.endm

/* Pushes the 15 general registers so that RSP points at a struct trap_frame. */
.macro SAVE_GPRS
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
.endm

/* Pops what SAVE_GPRS pushed, leaving RSP at the frame's vector. */
.macro RESTORE_GPRS
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
.endm

/*
 * What every stub jumps to: saves the registers as a struct trap_frame
 * (arch/x86/trap.h), calls @handler(frame) and returns from the exception,
 * with whatever @handler left in the frame.  The CPU aligned RSP to 16
 * before its frame (SDM 6.14.2), and 22 quads keep it so for the call.
 */
.macro TRAP_COMMON handler
	SAVE_GPRS
	cld
	movq %rsp, %rdi
	call \handler
	RESTORE_GPRS
	addq $16, %rsp			/* vector and error code */
	iretq
.endm

/* The System V ABI's callee-saved registers, for the VM entry stubs. */
.macro PUSH_CALLEE_SAVED
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_CALLEE_SAVED
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
.endm

#ifdef REGS_RBX
/*
 * Moves RBX, RCX, RDX, RSI, RBP and R8-R15 between the registers and the
 * struct vcpu_regs at \regs (offsets from asm_offsets.h, included first).
 * RAX, RSP and RDI are each stub's own business.
 */
.macro LOAD_GUEST_GPRS regs
	movq REGS_RBX(\regs), %rbx
	movq REGS_RCX(\regs), %rcx
	movq REGS_RDX(\regs), %rdx
	movq REGS_RSI(\regs), %rsi
	movq REGS_RBP(\regs), %rbp
	movq REGS_R8(\regs), %r8
	movq REGS_R9(\regs), %r9
	movq REGS_R10(\regs), %r10
	movq REGS_R11(\regs), %r11
	movq REGS_R12(\regs), %r12
	movq REGS_R13(\regs), %r13
	movq REGS_R14(\regs), %r14
	movq REGS_R15(\regs), %r15
.endm

.macro STORE_GUEST_GPRS regs
	movq %rbx, REGS_RBX(\regs)
	movq %rcx, REGS_RCX(\regs)
	movq %rdx, REGS_RDX(\regs)
	movq %rsi, REGS_RSI(\regs)
	movq %rbp, REGS_RBP(\regs)
	movq %r8, REGS_R8(\regs)
	movq %r9, REGS_R9(\regs)
	movq %r10, REGS_R10(\regs)
	movq %r11, REGS_R11(\regs)
	movq %r12, REGS_R12(\regs)
	movq %r13, REGS_R13(\regs)
	movq %r14, REGS_R14(\regs)
	movq %r15, REGS_R15(\regs)
.endm
#endif

#endif
