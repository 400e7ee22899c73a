/* SPDX-License-Identifier: MIT */
/*
 * ticker's way in, as any Multiboot 1 kernel's: the header a loader looks
 * for, then the start in the machine state of Multiboot 3.2 (32-bit
 * protected mode, paging off, interrupts off, EAX = 0x2BADB002, EBX = the
 * information structure, no stack, GDTR not to be trusted).  We clear .bss,
 * take a stack, load a GDT of our own before touching a segment register
 * (3.2 says why), and call ticker_main(magic, info).  Below that: the 48
 * interrupt stubs the IDT points at (trap.c).
 */
#include "guest/ticker/mb1.h"
#include "guest/ticker/ticker_asm.h"

/*
 * Multiboot 3.1.1 "The layout of Multiboot header", in the first 8 KiB and
 * 4-byte aligned.  Flag bit 16 (3.1.3 "The address fields") makes the
 * loader place the image by these addresses rather than by the ELF headers,
 * so a loader that knows only the a.out kludge loads it as well as one that
 * reads ELF: bytes [load_addr, load_end_addr) are the file from this
 * header's offset minus (header_addr - load_addr), zeros up to bss_end_addr.
 */
	.section .multiboot, "a"
	.balign 4
mb1_header:
	.long MB1_HEADER_MAGIC
	.long MB1_HEADER_FLAGS
	.long -(MB1_HEADER_MAGIC + MB1_HEADER_FLAGS)
	.long mb1_header		/* header_addr */
	.long __image_start		/* load_addr */
	.long __load_end		/* load_end_addr */
	.long __bss_end			/* bss_end_addr */
	.long ticker_entry		/* entry_addr */

	.text
	.code32
	.globl ticker_entry
ticker_entry:
	cli
	cld
	/* Loaders zero .bss (3.1.3 bss_end_addr); make sure. EAX, EBX kept. */
	movl %eax, %edx
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl $stack_top, %esp
	pushl $0			/* EFLAGS: no AC, TF, NT or IOPL */
	popfl

	lgdt gdt_ptr
	ljmp $TICKER_CS, $1f
1:	movw $TICKER_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss

	pushl %ebx			/* info */
	pushl %edx			/* magic */
	call ticker_main
2:	cli
	hlt
	jmp 2b

/*
 * Vector v's stub is at isr_stubs + v * ISR_STUB_SIZE (ticker.ld checks
 * the size).  Each pushes a zero where the CPU pushes no error code (SDM
 * Vol. 3A 6.13: 8, 10-14, 17, 21, 29 and 30 have one), then the vector,
 * so every frame is struct trap_frame (trap.c).
 */
	.balign ISR_STUB_SIZE
	.globl isr_stubs
isr_stubs:
	vec = 0
	.rept ISR_VECTORS
	.balign ISR_STUB_SIZE
	.if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || \
	      vec == 21 || vec == 29 || vec == 30)
	pushl $0
	.endif
	pushl $vec
	jmp isr_common
	vec = vec + 1
	.endr
	.balign ISR_STUB_SIZE
	.globl isr_stubs_end
isr_stubs_end:

isr_common:
	pushal
	pushl %esp			/* struct trap_frame * */
	call ticker_trap
	addl $4, %esp
	popal
	addl $8, %esp			/* vector and error code */
	iret

	.section .rodata
	.balign 8
/* SDM Vol. 3A 3.4.5: flat 4 GiB segments, 32-bit (D/B = 1), 4 KiB granular. */
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* TICKER_CS: code, execute/read */
	.quad 0x00cf92000000ffff	/* TICKER_DS: data, read/write */
gdt_end:
	.balign 4
	.short 0
gdt_ptr:
	.short gdt_end - gdt - 1
	.long gdt

	.section .bss
	.balign 16
	.skip TICKER_STACK_SIZE
stack_top:
