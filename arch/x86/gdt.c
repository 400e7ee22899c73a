/* SPDX-License-Identifier: MIT */
/*
 * The boot CPU's GDT, TSS and IDT.  The TSS exists for its interrupt stack
 * table: a double fault, NMI or machine check gets a known-good stack even
 * when the hypervisor's own stack is what broke (SDM 6.14.5).
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/bits.h"
#include "arch/x86/desc.h"
#include "arch/x86/trap.h"

#define IST_STACK_SIZE 4096

/* Interrupt stack table slots, numbered as a gate's IST field (SDM 6.14.5). */
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3

extern const char trap_stubs[];

static uint64_t gdt[7] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

/* Loads the GDT, reloads every segment register, and loads the task register. */
static void gdt_load(void)
{
	struct descriptor_ptr ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[GDT_CODE64 / 8] = 0x00af9a000000ffffull;	/* L=1, DPL 0 */
	gdt[GDT_DATA / 8] = 0x00cf92000000ffffull;
	gdt[GDT_CODE32 / 8] = 0x00cf9a000000ffffull;
	tss_descriptor_write(&gdt[GDT_TSS / 8], &tss);
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap */

	asm volatile("lgdt %0\n"
		     "pushq %1\n"
		     "leaq 1f(%%rip), %%rax\n"
		     "pushq %%rax\n"
		     "lretq\n"
		     "1:\n"
		     "movw %w2, %%ds\n"
		     "movw %w2, %%es\n"
		     "movw %w2, %%ss\n"
		     "ltr %w3\n"
		     : : "m"(ptr), "i"(GDT_CODE64), "r"(GDT_DATA), "r"(GDT_TSS)
		     : "rax", "memory");
}

/* Points IDT entry @vec at its stub in trap_entry.S, on IST stack @ist. */
static void set_gate(unsigned int vec, unsigned int ist)
{
	uint64_t addr = (uint64_t)trap_stubs + vec * TRAP_STUB_SIZE;

	idt[vec] = idt_gate_make(addr, GDT_CODE64, ist, GATE_INTERRUPT);
}

void trap_init(void)
{
	struct descriptor_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned int v;

	tss.ist[IST_DF - 1] = (uint64_t)ist_stacks[0] + IST_STACK_SIZE;
	tss.ist[IST_NMI - 1] = (uint64_t)ist_stacks[1] + IST_STACK_SIZE;
	tss.ist[IST_MC - 1] = (uint64_t)ist_stacks[2] + IST_STACK_SIZE;
	gdt_load();

	for (v = 0; v < 256; v++)
		set_gate(v, 0);
	set_gate(VEC_DF, IST_DF);
	set_gate(VEC_NMI, IST_NMI);
	set_gate(VEC_MC, IST_MC);
	asm volatile("lidt %0" : : "m"(ptr) : "memory");
}
