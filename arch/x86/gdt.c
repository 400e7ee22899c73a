/* SPDX-License-Identifier: MIT */
/*
 * The boot CPU's GDT, TSS and IDT.  The TSS exists for its interrupt stack
 * table: a double fault, NMI or machine check gets a known-good stack even
 * when the hypervisor's own stack is what broke (SDM 6.14.5).
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/bits.h"
#include "arch/x86/trap.h"

#define IST_STACK_SIZE 4096

/* The 64-bit TSS: SDM 8.7, Figure 8-11. */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "SDM Figure 8-11");

/* A 64-bit interrupt gate: SDM 6.14.1, Figure 6-8. */
struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "SDM Figure 6-8");

struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define GATE_INTERRUPT 0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3

extern const char trap_stubs[];

static uint64_t gdt[7] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

/* Writes the 16-byte TSS descriptor at gdt[GDT_TSS / 8]: SDM 8.2.3. */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (0x89ull << 40) | /* present, 64-bit TSS available */
			   (((limit >> 16) & 0xf) << 48) |
			   (((base >> 24) & 0xff) << 56);
	gdt[GDT_TSS / 8 + 1] = base >> 32;
}

/* Loads the GDT, reloads every segment register, and loads the task register. */
static void gdt_load(void)
{
	struct descriptor_ptr ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[GDT_CODE64 / 8] = 0x00af9a000000ffffull;	/* L=1, DPL 0 */
	gdt[GDT_DATA / 8] = 0x00cf92000000ffffull;
	gdt[GDT_CODE32 / 8] = 0x00cf9a000000ffffull;
	set_tss_descriptor();
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

static void set_gate(unsigned int vec, unsigned int ist)
{
	uint64_t addr = (uint64_t)trap_stubs + vec * TRAP_STUB_SIZE;

	idt[vec] = (struct idt_gate){
		.offset_lo = addr & 0xffff,
		.selector = GDT_CODE64,
		.ist = ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (addr >> 16) & 0xffff,
		.offset_hi = addr >> 32,
	};
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
