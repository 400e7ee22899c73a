/* SPDX-License-Identifier: MIT */
/*
 * The PC's pair of Intel 8259A programmable interrupt controllers: the
 * master at ports 0x20/0x21 with the slave cascaded on its IR2, the slave
 * at 0xA0/0xA1, and the edge/level control registers (ELCR) of the PIIX
 * and ICH south bridges at 0x4D0/0x4D1.
 *
 * Sections cited are those of the Intel 8259A datasheet (order number
 * 231468): "Interrupt Sequence", "Programming the 8259A", the ICW and OCW
 * tables (Figures 7 and 8), "The Fully Nested Mode", "End of Interrupt",
 * "Automatic Rotation", "Special Mask Mode", "Poll Command", "Reading the
 * 8259A Status", "Edge and Level Triggered Modes" and "The Cascade Buffer/
 * Comparator".
 *
 * The glue uses four calls: pic_io() for the ports, pic_set_irq() when a
 * device's line changes, pic_intr() to ask whether the master's INT output
 * is up, and pic_inta() to acknowledge it and get the vector to inject.
 */
#ifndef TG_DEV_PIC_H
#define TG_DEV_PIC_H

#include "dev/dev.h"

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_DATA 0xa1
#define PIC_ELCR_MASTER 0x4d0
#define PIC_ELCR_SLAVE 0x4d1
#define PIC_CASCADE_IRQ 2
#define PIC_IRQS 16

/* ICW1, written to the command port with bit 4 set (Figure 7). */
#define PIC_ICW1_IC4 BIT(0)	/* ICW4 follows */
#define PIC_ICW1_SNGL BIT(1)	/* single chip: no ICW3 */
#define PIC_ICW1_LTIM BIT(3)	/* level-triggered inputs */
#define PIC_ICW1_INIT BIT(4)

/* ICW4 (Figure 7). */
#define PIC_ICW4_8086 BIT(0)
#define PIC_ICW4_AEOI BIT(1)
#define PIC_ICW4_SFNM BIT(4)	/* special fully nested mode */

/* OCW2: command port, bits 4:3 = 00 (Figure 8). */
#define PIC_OCW2_LEVEL 0x07
#define PIC_OCW2_EOI BIT(5)
#define PIC_OCW2_SL BIT(6)	/* the level in bits 2:0 applies */
#define PIC_OCW2_R BIT(7)	/* rotate */

/* OCW3: command port, bits 4:3 = 01 (Figure 8). */
#define PIC_OCW3_RIS BIT(0)	/* with RR: read ISR, not IRR */
#define PIC_OCW3_RR BIT(1)	/* act on RIS */
#define PIC_OCW3_P BIT(2)	/* poll */
#define PIC_OCW3_SEL BIT(3)
#define PIC_OCW3_SMM BIT(5)	/* with ESMM: set special mask mode */
#define PIC_OCW3_ESMM BIT(6)

/* One 8259A. */
struct pic_chip {
	uint8_t irr;		/* interrupt request register */
	uint8_t isr;		/* in-service register */
	uint8_t imr;		/* interrupt mask register (OCW1) */
	uint8_t lines;		/* the levels of the IR inputs */
	uint8_t elcr;		/* level-triggered inputs (ELCR) */
	uint8_t elcr_mask;	/* the ELCR bits that can be set */
	uint8_t base;		/* vector of IR0: ICW2 bits 7:3 */
	uint8_t icw3;
	uint8_t init_step;	/* 0, or the ICW expected next: 2, 3 or 4 */
	uint8_t lowest;		/* the level of lowest priority (rotation) */
	bool icw4_wanted;	/* ICW1.IC4 */
	bool single;		/* ICW1.SNGL */
	bool ltim;		/* ICW1.LTIM: every input level-triggered */
	bool auto_eoi;		/* ICW4.AEOI */
	bool sfnm;		/* ICW4.SFNM */
	bool rotate_aeoi;	/* OCW2 rotate in automatic EOI mode */
	bool special_mask;	/* OCW3 special mask mode */
	bool read_isr;		/* OCW3: the command port reads the ISR */
	bool poll;		/* OCW3 P: the next command-port read polls */
};

struct pic {
	struct pic_chip chip[2];	/* master, slave */
};

/*
 * Puts both chips in the state a BIOS leaves them in: initialised for
 * x86 with vectors 0x08 (master) and 0x70 (slave), cascade on IR2, edge
 * triggered, every input masked, nothing requested or in service.
 */
void pic_init(struct pic *p);

/* Ports 0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1 (see dev/dev.h). */
bool pic_io(struct pic *p, uint16_t port, bool in, uint8_t *val);

/*
 * Sets the level of input @irq (0-15; 8-15 are the slave's IR0-7).  IRQ 2
 * is the cascade, driven by the slave: a request for it is ignored (a
 * device wired to "IRQ 2" on the ISA bus is IRQ 9 on a PC).
 */
void pic_set_irq(struct pic *p, unsigned int irq, bool level);

/* Whether the master's INT output is up: an interrupt for the CPU. */
bool pic_intr(const struct pic *p);

/*
 * The vector pic_inta() would return now, or -1 if pic_intr() is false;
 * changes nothing.  For a glue that must name the vector before the
 * guest takes it.
 */
int pic_vector(const struct pic *p);

/*
 * The CPU's interrupt acknowledge cycle (the two INTA pulses): returns the
 * vector and moves the request to the in-service register.  Without an
 * unmasked request left (it went away after pic_intr() said yes), returns
 * the chip's IR7 vector and sets nothing in service: the spurious IRQ 7
 * of the master, or 15 of the slave with the master's IR2 in service.
 */
uint8_t pic_inta(struct pic *p);

#endif
