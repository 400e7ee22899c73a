/* SPDX-License-Identifier: MIT */
/*
 * Architectural bit names, shared by C and assembly (no C syntax outside
 * the __ASSEMBLER__ guard).  Sections are from the Intel SDM (Vol. 3A unless
 * said otherwise) and the AMD APM Vol. 2.
 */
#ifndef TG_ARCH_X86_BITS_H
#define TG_ARCH_X86_BITS_H

#ifdef __ASSEMBLER__
#define BIT(n) (1 << (n))
#define BITL(n) (1 << (n))
#else
#define BIT(n) (1u << (n))
#define BITL(n) (1ull << (n))
#endif

/* Control registers: SDM 2.5. */
#define CR0_PE BIT(0)
#define CR0_MP BIT(1)
#define CR0_ET BIT(4)
#define CR0_NE BIT(5)
#define CR0_WP BIT(16)
#define CR0_NW BIT(29)
#define CR0_CD BIT(30)
#define CR0_PG BIT(31)
#define CR4_DE BIT(3)
#define CR4_PAE BIT(5)
#define CR4_OSFXSR BIT(9)
#define CR4_VMXE BIT(13)
#define CR4_OSXSAVE BIT(18)

/* Extended feature enable register, MSR 0xC0000080: SDM 2.2.1, APM 3.1.7. */
#define MSR_EFER 0xc0000080
#define EFER_SCE BIT(0)
#define EFER_LME BIT(8)
#define EFER_LMA BIT(10)
#define EFER_NXE BIT(11)
#define EFER_SVME BIT(12)

/* The GS base (SDM 3.4.4): the hypervisor's points at its struct per_cpu. */
#define MSR_GS_BASE 0xc0000101

/* Page-table entries: SDM 4.5. */
#define PTE_P BIT(0)
#define PTE_W BIT(1)
#define PTE_U BIT(2)
#define PTE_PWT BIT(3)
#define PTE_PCD BIT(4)
#define PTE_PS BIT(7)

/* RFLAGS: SDM 2.3. */
#define RFLAGS_TF BIT(8)
#define RFLAGS_IF BIT(9)

/* Segment selectors of the hypervisor's GDT (arch/x86/gdt.c). */
#define GDT_CODE64 0x08
#define GDT_DATA 0x10
#define GDT_CODE32 0x18
#define GDT_TSS 0x20

/* Bytes per entry stub in arch/x86/trap_entry.S. */
#define TRAP_STUB_SIZE 16

/* The 16550 UART at COM1. */
#define COM1_PORT 0x3f8
#define UART_LSR 5
#define UART_LSR_THRE BIT(5)

#endif
