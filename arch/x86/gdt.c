/* SPDX-License-Identifier: MIT */
/*
 * Each CPU's GDT and TSS, and the IDT they share.  The TSS exists for its
 * interrupt stack table: a double fault, NMI or machine check gets a
 * known-good stack even when the hypervisor's own stack is what broke
 * (SDM 6.14.5).  The GS base points at the CPU's struct per_cpu.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/bits.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"

/* Interrupt stack table slots, numbered as a gate's IST field (SDM 6.14.5). */
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3

extern const char trap_stubs[], timer_stub[];
extern const char boot_stack_bottom[], boot_stack_top[];

static struct idt_gate idt[256] __attribute__((aligned(16)));

/* Loads @t's GDT, reloads every segment register, and loads the task register. */
static void gdt_load(struct cpu_tables *t)
{
	struct descriptor_ptr ptr = { sizeof(t->gdt) - 1, (uint64_t)t->gdt };
	unsigned int i;

	for (i = 0; i < IST_COUNT; i++)
		t->tss.ist[i] = (uint64_t)t->ist[i] + IST_STACK_SIZE;
	t->tss.iomap_base = sizeof(t->tss);	/* no I/O bitmap */
	t->gdt[GDT_CODE64 / 8] = 0x00af9a000000ffffull;	/* L=1, DPL 0 */
	t->gdt[GDT_DATA / 8] = 0x00cf92000000ffffull;
	t->gdt[GDT_CODE32 / 8] = 0x00cf9a000000ffffull;
	tss_descriptor_write(&t->gdt[GDT_TSS / 8], &t->tss);

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

void percpu_init(struct per_cpu *c)
{
	struct descriptor_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };

	c->self = c;
	gdt_load(&c->tables);
	asm volatile("lidt %0" : : "m"(ptr) : "memory");
	/* After the segment loads: loading GS would reset its base. */
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c);
}

void trap_init(void)
{
	struct per_cpu *bsp = &cpus[0];
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, 0);
	set_gate(VEC_DF, IST_DF);
	set_gate(VEC_NMI, IST_NMI);
	set_gate(VEC_MC, IST_MC);
	/* The timer's own stub: its EOI and no more (arch/x86/trap_entry.S). */
	idt[VEC_TIMER] = idt_gate_make((uint64_t)timer_stub, GDT_CODE64, 0,
				       GATE_INTERRUPT);
	bsp->index = 0;
	bsp->stack_bottom = (uint64_t)(uintptr_t)boot_stack_bottom;
	bsp->stack_top = (uint64_t)(uintptr_t)boot_stack_top;
	percpu_init(bsp);
}
