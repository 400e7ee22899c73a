/* SPDX-License-Identifier: MIT */
/*
 * A guest's way in.  Tollgate starts it in 32-bit protected mode, paging
 * off, EAX = GUEST_BOOT_MAGIC and EBX = its RAM size (lib/hypercall.h); in
 * bare mode QEMU's Multiboot loader starts it the same way with EAX =
 * 0x2BADB002 and EBX = the Multiboot information (Multiboot 3.2).  We load
 * the guest's GDT, switch to long mode on page tables that identity-map the
 * low 4 GiB (SDM 10.8.5), and call guest_start(magic, ebx) in guest/lib/cpu.c.
 */
#include "arch/x86/asm_macros.h"
#include "boot/multiboot.h"
#include "guest/lib/layout.h"
#include "lib/hypercall.h"

/* Multiboot 1 header (Multiboot 3.1.1), so QEMU -kernel can boot a guest. */
	.section .multiboot, "a"
	.balign 4
	.long MB1_HEADER_MAGIC
	.long 0				/* flags: QEMU loads the ELF segments */
	.long -MB1_HEADER_MAGIC
	/* Tollgate gives it its own start, not Multiboot's (lib/mbkernel.h). */
	.long 0x41424754

	.section .entry.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl $boot_stack_top, %esp
	pushl $RFLAGS_FIXED		/* no TF, AC or IOPL from the loader */
	popfl
	/* Keep the magic and EBX for guest_start() across the setup. */
	movl %eax, %edi
	movl %ebx, %esi
	cmpl $GUEST_BOOT_MAGIC, %edi
	je 1f
	cmpl $MB1_LOADER_MAGIC, %edi
	jne bad_magic
1:
	/* Loaders zero .bss, but the ABI does not promise it; be sure. */
	ZERO_BSS32

	/* The 64-bit GDT; its 0x10 data segment is flat in 32-bit mode too. */
	lgdt guest_gdt_ptr
	movw $GSEL_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss

	/* Into long mode on the identity map (SDM 10.8.5). */
	ENABLE_LONG_MODE guest_pml4, (CR0_PG | CR0_PE)
	ljmp $GSEL_KCODE, $long_mode_entry

/*
 * Not started by Tollgate or a Multiboot loader: say so on COM1, then shut
 * down (an IDT of limit 0 turns the int3 into a triple fault, SDM 6.15),
 * which stops the guest on Tollgate and ends QEMU under -no-reboot.
 */
bad_magic:
	movl $msg_bad_magic, %esi
	movw $COM1_PORT, %dx
2:	lodsb
	testb %al, %al
	jz 3f
	outb %al, %dx
	jmp 2b
3:	lidt null_idt_ptr
	int3

	.code64
long_mode_entry:
	movabsq $boot_stack_top, %rsp
	/* SDM 3.4.1.1: upper halves are undefined after the switch. */
	movl %edi, %edi
	movl %esi, %esi
	xorl %ebp, %ebp
	call guest_start		/* does not return */
	ud2

	.section .rodata
msg_bad_magic:
	.asciz "guest: not started by Tollgate or Multiboot (bad EAX)\n"

	.section .data
	.balign 8
null_idt_ptr:
	.short 0
	.long 0
	/* In 32-bit mode lgdt reads the limit and the base's low half. */
	.balign 8
	.short 0
guest_gdt_ptr:
	.short GDT_SLOTS * 8 - 1
	.quad guest_gdt

/*
 * Identity map of the low 4 GiB in 2 MiB pages (SDM 4.5), user-accessible
 * so CPL 3 code runs from the same image, and reaching past the guest's RAM
 * so the hostile guest can try to touch what lies there.
 */
	.balign 4096
guest_pml4:
	.quad guest_pdpt + (PTE_P | PTE_W | PTE_U)
	.fill 511, 8, 0
guest_pdpt:
	.quad guest_pd + 0 * 4096 + (PTE_P | PTE_W | PTE_U)
	.quad guest_pd + 1 * 4096 + (PTE_P | PTE_W | PTE_U)
	.quad guest_pd + 2 * 4096 + (PTE_P | PTE_W | PTE_U)
	.quad guest_pd + 3 * 4096 + (PTE_P | PTE_W | PTE_U)
	.fill 508, 8, 0
guest_pd:
	page = 0
	.rept 4 * 512
	.quad page * PAGE_2M + PD_2M_PAGE
	page = page + 1
	.endr

	/* Not in .bss: the stack is in use while .bss is cleared. */
	.section .stack, "aw", @nobits
	.balign 16
	.skip GUEST_STACK_SIZE
boot_stack_top:
