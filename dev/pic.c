/* SPDX-License-Identifier: MIT */
/*
 * The 8259A pair (see dev/pic.h).  Priorities are kept as the chip keeps
 * them: a "lowest" level, the next one up being the highest priority, so
 * rotation is a change of that one number ("Automatic Rotation").
 */
#include "dev/pic.h"

#define MASTER 0
#define SLAVE 1

/* The IRQs that are edge-only on the PC: timer, keyboard, cascade, RTC,
 * FPU (PIIX4 datasheet 4.1.11, ELCR1 and ELCR2). */
#define ELCR_MASK_MASTER 0xf8
#define ELCR_MASK_SLAVE 0xde

static uint8_t level_bit(unsigned int level)
{
	return (uint8_t)BIT(level & 7);
}

/* The priority of @level: 0 the highest, 7 the lowest. */
static unsigned int priority(const struct pic_chip *c, unsigned int level)
{
	return (level - c->lowest - 1) & 7;
}

/* The level of highest priority set in @bits, or -1. */
static int highest(const struct pic_chip *c, uint8_t bits)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		unsigned int level = (c->lowest + 1 + i) & 7;

		if (bits & level_bit(level))
			return (int)level;
	}
	return -1;
}

static bool is_level(const struct pic_chip *c, unsigned int level)
{
	return c->ltim || (c->elcr & level_bit(level));
}

/*
 * The request the chip would give the CPU now, or -1 ("The Fully Nested
 * Mode"): the highest unmasked IRR bit, if of higher priority than every
 * level in service.  The master's IR2 in service does not block its slave
 * in special fully nested mode; in special mask mode, masked levels in
 * service block nothing ("Special Mask Mode").
 */
static int pending(const struct pic_chip *c, bool is_master)
{
	uint8_t isr = c->isr;
	int req = highest(c, c->irr & ~c->imr);
	int svc;

	if (req < 0)
		return -1;
	if (c->special_mask)
		isr &= ~c->imr;
	if (is_master && c->sfnm && !c->single)
		isr &= ~c->icw3;
	svc = highest(c, isr);
	if (svc >= 0 &&
	    priority(c, (unsigned int)svc) <= priority(c, (unsigned int)req))
		return -1;
	return req;
}

/*
 * Sets input @level of chip @c to @high.  Edge mode latches a rising edge
 * in the IRR; the request must stay high until the acknowledge, so a
 * falling input withdraws it (@withdraw) and the acknowledge gives the
 * default IR7 ("Edge and Level Triggered Modes", and the note in
 * "Interrupt Sequence").  Level mode follows the input.
 */
static void chip_set_line(struct pic_chip *c, unsigned int level, bool high,
			  bool withdraw)
{
	uint8_t bit = level_bit(level);

	if (!high) {
		c->lines &= ~bit;
		if (withdraw || is_level(c, level))
			c->irr &= ~bit;
		return;
	}
	if (is_level(c, level) || !(c->lines & bit))
		c->irr |= bit;
	c->lines |= bit;
}

/*
 * The slave's INT output drives the master's IR2.  A slave request that
 * goes away after the master latched IR2 is not withdrawn from the master:
 * the slave finds it gone when it is acknowledged and gives its IR7, with
 * IR2 in service on the master, as in the race within the INTA cycle that
 * makes the real pair give a spurious IRQ 15.
 */
static void update_cascade(struct pic *p)
{
	bool up = pending(&p->chip[SLAVE], false) >= 0;

	chip_set_line(&p->chip[MASTER], PIC_CASCADE_IRQ, up, false);
}

void pic_set_irq(struct pic *p, unsigned int irq, bool level)
{
	if (irq >= PIC_IRQS)
		return;
	if (irq < 8) {
		if (irq != PIC_CASCADE_IRQ)
			chip_set_line(&p->chip[MASTER], irq, level, true);
		return;
	}
	chip_set_line(&p->chip[SLAVE], irq - 8, level, true);
	update_cascade(p);
}

bool pic_intr(const struct pic *p)
{
	return pending(&p->chip[MASTER], true) >= 0;
}

static bool is_cascade(const struct pic_chip *master, unsigned int level)
{
	return !master->single && (master->icw3 & level_bit(level));
}

int pic_vector(const struct pic *p)
{
	const struct pic_chip *m = &p->chip[MASTER], *s = &p->chip[SLAVE];
	int level = pending(m, true), slave_level;

	if (level < 0)
		return -1;
	if (!is_cascade(m, (unsigned int)level))
		return m->base + level;
	slave_level = pending(s, false);
	return s->base + (slave_level < 0 ? 7 : slave_level);
}

/*
 * The acknowledge of one chip: the highest request goes in service (not
 * in automatic EOI mode, which ends it at the second INTA, rotating if
 * asked) and an edge request is cleared.  Returns the level, or 7 for a
 * spurious acknowledge with nothing set in service.
 */
static unsigned int chip_ack(struct pic_chip *c, bool is_master)
{
	int req = pending(c, is_master);
	uint8_t bit;

	if (req < 0)
		return 7;
	bit = level_bit((unsigned int)req);
	if (!is_level(c, (unsigned int)req))
		c->irr &= ~bit;
	if (!c->auto_eoi)
		c->isr |= bit;
	else if (c->rotate_aeoi)
		c->lowest = (uint8_t)req;
	return (unsigned int)req;
}

/* "Interrupt Sequence": the master, then (for its IR2) the slave. */
uint8_t pic_inta(struct pic *p)
{
	struct pic_chip *m = &p->chip[MASTER], *s = &p->chip[SLAVE];
	bool spurious_master = pending(m, true) < 0;
	unsigned int level = chip_ack(m, true);
	uint8_t vector;

	if (spurious_master || !is_cascade(m, level))
		return (uint8_t)(m->base + level);
	vector = (uint8_t)(s->base + chip_ack(s, false));
	update_cascade(p);
	return vector;
}

/* An EOI command (OCW2 bits 7:5 = R, SL, EOI). */
static void do_ocw2(struct pic_chip *c, uint8_t v)
{
	unsigned int level = v & PIC_OCW2_LEVEL;
	int svc = highest(c, c->isr);

	switch (v & (PIC_OCW2_R | PIC_OCW2_SL | PIC_OCW2_EOI)) {
	case PIC_OCW2_EOI:	/* non-specific EOI */
	case PIC_OCW2_R | PIC_OCW2_EOI:	/* rotate on non-specific EOI */
		if (svc < 0)
			return;
		c->isr &= ~level_bit((unsigned int)svc);
		if (v & PIC_OCW2_R)
			c->lowest = (uint8_t)svc;
		return;
	case PIC_OCW2_SL | PIC_OCW2_EOI:	/* specific EOI */
		c->isr &= ~level_bit(level);
		return;
	case PIC_OCW2_R | PIC_OCW2_SL | PIC_OCW2_EOI:	/* rotate on SEOI */
		c->isr &= ~level_bit(level);
		c->lowest = (uint8_t)level;
		return;
	case PIC_OCW2_R | PIC_OCW2_SL:	/* set priority */
		c->lowest = (uint8_t)level;
		return;
	case PIC_OCW2_R:	/* rotate in automatic EOI mode: set */
	case 0:			/* ... clear */
		c->rotate_aeoi = v & PIC_OCW2_R;
		return;
	default:		/* no operation */
		return;
	}
}

static void do_ocw3(struct pic_chip *c, uint8_t v)
{
	if (v & PIC_OCW3_ESMM)
		c->special_mask = v & PIC_OCW3_SMM;
	if (v & PIC_OCW3_RR)
		c->read_isr = v & PIC_OCW3_RIS;
	c->poll = v & PIC_OCW3_P;
}

/*
 * ICW1 starts the initialisation sequence ("Initialization Command
 * Words"): the edge sense is reset (an input must rise again), IMR, IRR
 * and ISR cleared, IR7 the lowest priority, special mask mode off and
 * status reads give the IRR.  ICW4's functions are zero until it comes.
 */
static void do_icw1(struct pic_chip *c, uint8_t v)
{
	c->icw4_wanted = v & PIC_ICW1_IC4;
	c->single = v & PIC_ICW1_SNGL;
	c->ltim = v & PIC_ICW1_LTIM;
	c->imr = 0;
	c->isr = 0;
	c->irr = c->lines & (c->ltim ? 0xff : c->elcr);
	c->lowest = 7;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->auto_eoi = false;
	c->sfnm = false;
	c->rotate_aeoi = false;
	c->init_step = 2;
}

/* ICW2, ICW3 and ICW4 on the data port, in turn. */
static void do_icw(struct pic_chip *c, uint8_t v)
{
	switch (c->init_step) {
	case 2:
		c->base = v & 0xf8;
		c->init_step = c->single ? 4 : 3;
		break;
	case 3:
		c->icw3 = v;
		c->init_step = 4;
		break;
	default:
		c->auto_eoi = v & PIC_ICW4_AEOI;
		c->sfnm = v & PIC_ICW4_SFNM;
		c->init_step = 0;
		return;
	}
	if (c->init_step == 4 && !c->icw4_wanted)
		c->init_step = 0;
}

/* "Poll Command": a read that acknowledges, 0x80 | level or 0. */
static uint8_t do_poll(struct pic *p, unsigned int i)
{
	struct pic_chip *c = &p->chip[i];
	int req = pending(c, i == MASTER);

	c->poll = false;
	if (req < 0)
		return 0;
	chip_ack(c, i == MASTER);
	return (uint8_t)(0x80 | req);
}

static uint8_t chip_read(struct pic *p, unsigned int i, bool data)
{
	struct pic_chip *c = &p->chip[i];

	if (data)
		return c->imr;
	if (c->poll)
		return do_poll(p, i);
	return c->read_isr ? c->isr : c->irr;
}

static void chip_write(struct pic_chip *c, bool data, uint8_t v)
{
	if (!data && (v & PIC_ICW1_INIT))
		do_icw1(c, v);
	else if (data && c->init_step)
		do_icw(c, v);
	else if (data)
		c->imr = v;	/* OCW1 */
	else if (v & PIC_OCW3_SEL)
		do_ocw3(c, v);
	else
		do_ocw2(c, v);
}

static bool elcr_io(struct pic *p, unsigned int i, bool in, uint8_t *val)
{
	struct pic_chip *c = &p->chip[i];

	if (in)
		*val = c->elcr;
	else
		c->elcr = *val & c->elcr_mask;
	c->irr |= c->lines & c->elcr;
	return true;
}

bool pic_io(struct pic *p, uint16_t port, bool in, uint8_t *val)
{
	unsigned int i;
	bool data;

	if (port == PIC_ELCR_MASTER || port == PIC_ELCR_SLAVE)
		return elcr_io(p, port - PIC_ELCR_MASTER, in, val);
	if ((port & ~1u) == PIC_MASTER_CMD)
		i = MASTER;
	else if ((port & ~1u) == PIC_SLAVE_CMD)
		i = SLAVE;
	else
		return false;
	data = port & 1;
	if (in)
		*val = chip_read(p, i, data);
	else
		chip_write(&p->chip[i], data, *val);
	if (i == SLAVE)
		update_cascade(p);
	return true;
}

static void chip_init(struct pic_chip *c, uint8_t base, uint8_t icw3,
		      uint8_t elcr_mask)
{
	*c = (struct pic_chip){
		.imr = 0xff,
		.elcr_mask = elcr_mask,
		.base = base,
		.icw3 = icw3,
		.lowest = 7,
	};
}

void pic_init(struct pic *p)
{
	chip_init(&p->chip[MASTER], 0x08, BIT(PIC_CASCADE_IRQ),
		  ELCR_MASK_MASTER);
	chip_init(&p->chip[SLAVE], 0x70, PIC_CASCADE_IRQ, ELCR_MASK_SLAVE);
}
