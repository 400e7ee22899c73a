/* SPDX-License-Identifier: MIT */
/*
 * The application processors' way in (SDM 9.4.4.1, 10.8.5).  A start-up IPI
 * wakes an AP in real mode at CS:IP = page >> 4 : 0, where arch/x86/smp.c
 * has copied this code (it must run from below 1 MiB).  It works out its own
 * physical address from CS, patches the addresses of its GDT and of the two
 * far jumps, then goes to protected mode, turns on long mode with the boot
 * CPU's page tables, and calls ap_params.entry(ap_params.arg) on
 * ap_params.stack.  EBX holds the page's address throughout.
 */
#include "arch/x86/asm_macros.h"
#include "arch/x86/bits.h"

#define OFF(sym) ((sym) - ap_trampoline)

	.section .rodata
	.balign 16
	.globl ap_trampoline, ap_trampoline_end, ap_trampoline_params
	.code16
ap_trampoline:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	movzwl %ax, %ebx
	shll $4, %ebx
	leal OFF(tr_gdt)(%ebx), %eax
	movl %eax, OFF(tr_gdt_ptr) + 2
	leal OFF(tr_pm32)(%ebx), %eax
	movl %eax, OFF(tr_pm32_jump)
	leal OFF(tr_lm64)(%ebx), %eax
	movl %eax, OFF(tr_lm64_jump)
	lgdtl OFF(tr_gdt_ptr)
	/* INIT leaves caching off (CR0.CD, NW: SDM 10.1.1); turn it on. */
	movl %cr0, %eax
	andl $~(CR0_CD | CR0_NW), %eax
	orl $(CR0_PE | CR0_NE), %eax
	movl %eax, %cr0
	ljmpl *OFF(tr_pm32_jump)

	.code32
tr_pm32:
	movw $GDT_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	ENABLE_LONG_MODE boot_pml4, (CR0_PG | CR0_PE | CR0_WP)
	ljmpl *OFF(tr_lm64_jump)(%ebx)

	.code64
tr_lm64:
	LOAD_DATA_SEGMENTS64
	movl %ebx, %ebx
	movq OFF(ap_trampoline_params)(%rbx), %rsp
	movq OFF(ap_trampoline_params) + 8(%rbx), %rdi
	movq OFF(ap_trampoline_params) + 16(%rbx), %rax
	xorl %ebp, %ebp			/* ends the backtrace */
	call *%rax
1:	cli
	hlt
	jmp 1b

	/* The same selectors as the hypervisor's GDT (arch/x86/bits.h). */
	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00cf9a000000ffff	/* 0x18: 32-bit code */
tr_gdt_end:
	.balign 4
tr_gdt_ptr:
	.short tr_gdt_end - tr_gdt - 1
	.long 0				/* patched: tr_gdt's address */
	.balign 4
tr_pm32_jump:
	.long 0				/* patched: tr_pm32's address */
	.short GDT_CODE32
	.balign 4
tr_lm64_jump:
	.long 0				/* patched: tr_lm64's address */
	.short GDT_CODE64

	/* struct ap_params (arch/x86/smp.c), written before each start-up. */
	.balign 8
ap_trampoline_params:
	.quad 0				/* stack */
	.quad 0				/* arg */
	.quad 0				/* entry */
ap_trampoline_end:
