/* SPDX-License-Identifier: MIT */
/*
 * System descriptors, as both the hypervisor (arch/x86/gdt.c) and the guest
 * runtime (guest/lib/cpu.c) build them: the 64-bit TSS, IDT gates, the
 * operand of LGDT and LIDT, and the 16-byte TSS descriptor of the GDT.
 */
#ifndef TG_ARCH_X86_DESC_H
#define TG_ARCH_X86_DESC_H

#include <stdint.h>

/* IDT gate attributes (SDM 6.14.1): present, DPL 0, 64-bit interrupt gate. */
#define GATE_INTERRUPT 0x8e
#define GATE_DPL3 0x60		/* reachable by int n from CPL 3 */

/* Descriptor type 0x9: an available 64-bit TSS, present (SDM 8.2.3). */
#define TSS_DESC_ATTR 0x89ull

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

/* The operand of LGDT and LIDT: a limit and a linear base (SDM 3.5.1). */
struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/*
 * The gate that sends a vector to @handler through code segment @selector
 * with the GATE_ attributes @type_attr, on IST stack @ist (SDM 6.14.5; 0
 * keeps the stack switching of SDM 6.14.4).
 */
static inline struct idt_gate idt_gate_make(uint64_t handler, uint16_t selector,
					    uint8_t ist, uint8_t type_attr)
{
	return (struct idt_gate){
		.offset_lo = handler & 0xffff,
		.selector = selector,
		.ist = ist,
		.type_attr = type_attr,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_hi = handler >> 32,
	};
}

/*
 * Writes the 16-byte descriptor of @tss, which takes two GDT slots, into
 * @slot[0] and @slot[1] (SDM 8.2.3, Figure 8-4).
 */
static inline void tss_descriptor_write(uint64_t *slot, const struct tss64 *tss)
{
	uint64_t base = (uint64_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		  (TSS_DESC_ATTR << 40) | (((limit >> 16) & 0xf) << 48) |
		  (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

#endif
