/* SPDX-License-Identifier: MIT */
/*
 * The way in: a loader hands us the CPU in 32-bit protected mode with paging
 * off (Multiboot2 spec 3.3, Multiboot 3.2).  We check that a Multiboot loader
 * really started us and that the CPU has long mode, identity-map the low
 * 4 GiB, switch to long mode (SDM 10.8.5) and call kmain(magic, info).
 * Any failure before C prints one line on COM1 and halts.
 */
#include "arch/x86/asm_macros.h"
#include "arch/x86/bits.h"
#include "boot/multiboot.h"

#define BOOT_STACK_SIZE 16384

/* Multiboot2 header, 8-aligned within the first 32 KiB (Multiboot2 3.1.1). */
	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	/* Ask for a framebuffer, any mode: BIOS GRUB keeps text with gfxpayload=text. */
	.balign 8
mb2_fb_tag:
	.short MB2_TAG_FRAMEBUFFER
	.short MB2_TAG_OPTIONAL
	.long mb2_fb_tag_end - mb2_fb_tag
	.long 0			/* width: no preference */
	.long 0			/* height */
	.long 32		/* depth */
mb2_fb_tag_end:

	.balign 8
	.short MB2_TAG_END
	.short 0
	.long 8
mb2_header_end:

/* Multiboot 1 header, for QEMU's -kernel (Multiboot 3.1.1); loaded as ELF32. */
	.balign 4
mb1_header:
	.long MB1_HEADER_MAGIC
	.long MB1_PAGE_ALIGN | MB1_MEMORY_INFO
	.long -(MB1_HEADER_MAGIC + (MB1_PAGE_ALIGN | MB1_MEMORY_INFO))

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl $boot_stack_top, %esp
	/* Keep the loader's magic and information pointer across the setup. */
	movl %eax, %edi
	movl %ebx, %esi

	cmpl $MB2_LOADER_MAGIC, %edi
	je 1f
	cmpl $MB1_LOADER_MAGIC, %edi
	je 1f
	movl $msg_bad_magic, %eax
	jmp boot_fail
1:
	/* Zero .bss; the boot stack lies outside it, so it survives this. */
	ZERO_BSS32

	call check_long_mode
	call build_page_tables

	/* Into long mode on the identity map (SDM 10.8.5). */
	ENABLE_LONG_MODE boot_pml4, (CR0_PG | CR0_PE | CR0_WP)

	lgdt boot_gdt_ptr
	ljmp $GDT_CODE64, $long_mode_entry

/* Halts with "Tollgate: <message>" on COM1 if the CPU cannot run 64-bit code. */
check_long_mode:
	pushl %ebx
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb 2f
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx		/* CPUID 8000_0001:EDX[29] LM */
	jz 2f
	popl %ebx
	ret
2:	movl $msg_no_long_mode, %eax
	jmp boot_fail

/* PML4[0] -> PDPT, PDPT[0..3] -> four PDs of 2 MiB pages: 0..4 GiB identity. */
build_page_tables:
	movl $boot_pdpt, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pml4
	movl $boot_pd, %eax
	orl $(PTE_P | PTE_W), %eax
	xorl %ecx, %ecx
3:	movl %eax, boot_pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jb 3b
	/* 2048 PD entries, each a 2 MiB page. */
	movl $(PTE_P | PTE_W | PTE_PS), %eax
	xorl %ecx, %ecx
4:	movl %eax, boot_pd(, %ecx, 8)
	addl $0x200000, %eax
	incl %ecx
	cmpl $2048, %ecx
	jb 4b
	ret

/* Prints "Tollgate: " and the string at EAX on COM1, then halts for good. */
boot_fail:
	movl %eax, %ebx
	movl $msg_prefix, %eax
	call serial_puts32
	movl %ebx, %eax
	call serial_puts32
5:	cli
	hlt
	jmp 5b

/* Writes the NUL-terminated string at EAX to COM1, waiting for the transmitter. */
serial_puts32:
	movl %eax, %esi
6:	movb (%esi), %al
	testb %al, %al
	jz 8f
	movb %al, %cl
	movw $(COM1_PORT + UART_LSR), %dx
7:	inb %dx, %al
	testb $UART_LSR_THRE, %al
	jz 7b
	movw $COM1_PORT, %dx
	movb %cl, %al
	outb %al, %dx
	incl %esi
	jmp 6b
8:	ret

	.code64
long_mode_entry:
	LOAD_DATA_SEGMENTS64
	movabsq $boot_stack_top, %rsp
	/* SDM 3.4.1.1: upper halves are undefined after the switch; clear them. */
	movl %edi, %edi
	movl %esi, %esi
	xorl %ebp, %ebp			/* ends the backtrace */
	call kmain
9:	cli
	hlt
	jmp 9b

	.section .rodata
msg_prefix:
	.asciz "Tollgate: "
msg_bad_magic:
	.asciz "not started by a Multiboot or Multiboot2 loader (bad magic in EAX); halting.\r\n"
msg_no_long_mode:
	.asciz "this CPU has no 64-bit long mode (CPUID 8000_0001:EDX[29]); halting.\r\n"

/* A temporary GDT for the jump; arch/x86/gdt.c installs the real one. */
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .bss
	.balign 4096
	.globl boot_pml4, boot_pd
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096

	/* Not in .bss: the stack is in use while .bss is cleared. */
	.section .stack, "aw", @nobits
	.balign 16
	.globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:
