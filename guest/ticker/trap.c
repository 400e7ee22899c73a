// SPDX-License-Identifier: MIT
/*
 * ticker's IDT: 32-bit interrupt gates for the exceptions (vectors 0-31),
 * which print the vector and stop, and for the 8259A pair's vectors
 * 0x20-0x2F, which call the handler set for that IRQ and send the EOI.
 */
#include "guest/ticker/io.h"
#include "guest/ticker/ticker.h"
#include "guest/ticker/ticker_asm.h"

/* What entry.S's stubs and PUSHAD leave on the stack, lowest first. */
struct trap_frame {
	uint32_t edi, esi, ebp, esp_pushad, ebx, edx, ecx, eax;
	uint32_t vector, error;
	uint32_t eip, cs, eflags; /* pushed by the CPU */
};

/* SDM Vol. 3A 6.11, Figure 6-2: a 32-bit interrupt gate. */
struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t zero;
	uint8_t type; /* P, DPL 0, type 0xE */
	uint16_t offset_hi;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 8, "SDM 6.11: 8-byte gates");

#define GATE_INTR32 0x8e
#define IRQS 16

static struct idt_gate idt[ISR_VECTORS] __attribute__((aligned(8)));
static irq_handler_t irq_handlers[IRQS];
static unsigned int spurious;

extern char isr_stubs[];
void ticker_trap(struct trap_frame *f);

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint32_t)idt };
	unsigned int v;

	for (v = 0; v < ISR_VECTORS; v++) {
		uint32_t stub = (uint32_t)isr_stubs + v * ISR_STUB_SIZE;

		idt[v] = (struct idt_gate){ .offset_lo = stub & 0xffff,
					    .selector = TICKER_CS,
					    .type = GATE_INTR32,
					    .offset_hi = stub >> 16 };
	}
	asm volatile("lidt %0" : : "m"(idtr));
}

void irq_set_handler(unsigned int irq, irq_handler_t fn)
{
	irq_handlers[irq] = fn;
}

/* IRQ 7 and 15 raised with nothing in service (8259A "Interrupt sequence"). */
unsigned int irq_spurious(void)
{
	return spurious;
}

/* An exception is a bug in ticker or its machine: say which, and stop. */
static void exception(const struct trap_frame *f)
{
	struct text t;

	text_clear(&t);
	text_str(&t, "TICKER exception vector=");
	text_u64(&t, f->vector);
	text_str(&t, " error=");
	text_hex(&t, f->error);
	text_str(&t, " eip=");
	text_hex(&t, f->eip);
	con_line(&t);
	ticker_stop(false);
}

/*
 * One IRQ: a spurious IRQ 7 or 15 (its ISR bit clear) gets no EOI from
 * its own PIC (a slave's still owes the master its cascade EOI); any other
 * runs its handler and is acknowledged.
 */
static void irq(unsigned int n)
{
	if ((n == 7 || n == 15) && !pic_in_service(n)) {
		spurious++;
		if (n == 15)
			pic_eoi(2);
		return;
	}
	if (irq_handlers[n])
		irq_handlers[n]();
	pic_eoi(n);
}

void ticker_trap(struct trap_frame *f)
{
	if (f->vector >= PIC_VECTOR_BASE && f->vector < PIC_VECTOR_BASE + IRQS)
		irq(f->vector - PIC_VECTOR_BASE);
	else
		exception(f);
}
