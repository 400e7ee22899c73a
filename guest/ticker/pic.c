// SPDX-License-Identifier: MIT
/*
 * The 8259A pair of a PC (Intel 8259A datasheet, order 231468): the master
 * at 0x20/0x21, the slave at 0xA0/0xA1 on the master's IR2.
 */
#include "guest/ticker/io.h"
#include "guest/ticker/ticker.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define CASCADE_IRQ 2

/* 8259A "Initialization Command Words", Figure 7 (ICW formats). */
#define ICW1_INIT (1 << 4) /* D4 = 1: this is ICW1 */
#define ICW1_IC4 (1 << 0)  /* ICW4 follows; SNGL = 0 cascade, LTIM = 0 edge */
#define ICW4_8086 (1 << 0) /* uPM: 8086 mode; AEOI = 0, not buffered */

/* 8259A "Operation Command Words", Figure 8 (OCW formats). */
#define OCW2_EOI 0x20	   /* non-specific EOI */
#define OCW3_READ_ISR 0x0b /* D3 = 1 OCW3, RR = 1, RIS = 1 */

static uint8_t masks[2] = { 0xff, 0xff };

/* Each write separated by the ISA delay, as PC BIOSes and Linux do. */
static void pic_out(uint16_t port, uint8_t v)
{
	outb(port, v);
	io_delay();
}

/*
 * ICW1-ICW4 to each chip (8259A Figure 6, "Initialization sequence"):
 * edge-triggered, cascaded, vectors 0x20-0x27 and 0x28-0x2F, the slave on
 * IR2, 8086 mode, normal EOI.  Every IRQ is left masked (OCW1).
 */
void pic_init(void)
{
	pic_out(PIC1_CMD, ICW1_INIT | ICW1_IC4);
	pic_out(PIC2_CMD, ICW1_INIT | ICW1_IC4);
	pic_out(PIC1_DATA, PIC_VECTOR_BASE); /* ICW2 */
	pic_out(PIC2_DATA, PIC_VECTOR_BASE + 8);
	pic_out(PIC1_DATA, 1 << CASCADE_IRQ); /* ICW3: slave on IR2 */
	pic_out(PIC2_DATA, CASCADE_IRQ);      /* ICW3: slave ID 2 */
	pic_out(PIC1_DATA, ICW4_8086);
	pic_out(PIC2_DATA, ICW4_8086);
	pic_out(PIC1_DATA, masks[0]); /* OCW1 */
	pic_out(PIC2_DATA, masks[1]);
}

static void write_masks(void)
{
	outb(PIC1_DATA, masks[0]);
	outb(PIC2_DATA, masks[1]);
}

/* Lets @irq through (OCW1), and the cascade with it for a slave IRQ. */
void pic_unmask(unsigned int irq)
{
	if (irq >= 8)
		masks[0] &= (uint8_t) ~(1 << CASCADE_IRQ);
	masks[irq / 8] &= (uint8_t) ~(1 << (irq % 8));
	write_masks();
}

void pic_mask(unsigned int irq)
{
	masks[irq / 8] |= (uint8_t)(1 << (irq % 8));
	write_masks();
}

/* Whether @irq's ISR bit is set, read through OCW3. */
bool pic_in_service(unsigned int irq)
{
	uint16_t cmd = irq >= 8 ? PIC2_CMD : PIC1_CMD;

	outb(cmd, OCW3_READ_ISR);
	return inb(cmd) & (1 << (irq % 8));
}

/* Non-specific EOI (OCW2) to the slave for a slave IRQ, then the master. */
void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}
