/* SPDX-License-Identifier: MIT */
/*
 * The guest runtime's fixed layout, shared by its C and its assembly (no C
 * syntax outside the __ASSEMBLER__ guard): GDT selectors, the vectors the
 * IDT serves, stack sizes, and the bit names Tollgate's own headers lack.
 */
#ifndef TG_GUEST_LIB_LAYOUT_H
#define TG_GUEST_LIB_LAYOUT_H

#include "arch/x86/bits.h"

/* Where guest/guest.ld links every guest: 1 MiB, as Tollgate loads it. */
#define GUEST_LOAD_ADDR 0x100000

/* RAM a guest assumes when a Multiboot 1 loader (bare mode) started it. */
#define GUEST_BARE_RAM_SIZE 0x400000

/*
 * The guest's GDT (guest/lib/cpu.c).  Kernel code and data keep the
 * selectors Tollgate starts the guest with (lib/hypercall.h), so the
 * switch to long mode reloads nothing but CS.
 */
#define GSEL_KCODE 0x08
#define GSEL_KDATA 0x10
#define GSEL_UCODE 0x18
#define GSEL_UDATA 0x20
#define GSEL_TSS 0x28		/* 16 bytes: two slots (SDM 8.2.3) */
#define GDT_SLOTS 7
#define SEL_RPL3 3

/* The IDT serves the exceptions and one software interrupt (SDM 6.3.1). */
#define GVEC_EXCEPTIONS 32
#define GVEC_DB 1
#define GVEC_UD 6
#define GVEC_GP 13
#define GVEC_PF 14
#define GVEC_RETURN 0x80	/* int $0x80: CPL 3 code returns to CPL 0 */
#define GUEST_STUB_SIZE 16	/* bytes per stub in guest/lib/traps.S */

#define GUEST_STACK_SIZE 16384

/* RFLAGS with every flag clear; bit 1 always reads 1 (SDM 2.3). */
#define RFLAGS_FIXED BIT(1)
/* RFLAGS.TF, the trap flag: a #DB after each instruction (SDM 17.3.1.4). */
#define RFLAGS_TF BIT(8)

/* Page-size bit of a directory entry: a 2 MiB page (SDM 4.5, Table 4-17). */
#define PD_2M_PAGE (PTE_P | PTE_W | PTE_U | PTE_PS)
#define PAGE_2M 0x200000

/* The 16550 transmitter, as Tollgate and QEMU present it. */
#define COM1_LSR (COM1_PORT + UART_LSR)

/* QEMU's isa-debug-exit: a write of v ends QEMU with status (v << 1) | 1. */
#define QEMU_DEBUG_EXIT_PORT 0xf4

/* IA32_DEBUGCTL: SDM Vol. 4 Table 2-2, MSR 0x1D9; bit 2 is bus-lock #DB. */
#define MSR_DEBUGCTL 0x1d9
#define DEBUGCTL_BUS_LOCK_DETECT BIT(2)

/*
 * DR6 (SDM 17.2.3): bit 11 BLD is cleared by a bus-lock #DB and, like bit
 * 16 RTM, is otherwise 1; 0xffff0ff0 is DR6 with no debug condition.
 */
#define DR6_BUS_LOCK BIT(11)
#define DR6_CLEAR 0xffff0ff0

/* CPUID.(EAX=7,ECX=0):ECX[24]: bus-lock #DB (Intel ISE, Bus Lock Detection). */
#define CPUID7_ECX_BUS_LOCK_DETECT BIT(24)

#endif
