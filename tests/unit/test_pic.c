/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dev/pic.c, the 8259A pair, against the Intel 8259A
 * datasheet: Linux's initialisation (arch/x86/kernel/i8259.c
 * init_8259A), the fully nested priorities, specific and non-specific
 * EOI (of the wrong level too), automatic EOI, the cascade, spurious
 * IRQ 7 and 15, OCW3 status reads and poll, special mask mode, rotation
 * and the ELCR.
 * Build: make build/host/test_pic
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev/pic.h"

static void out(struct pic *p, uint16_t port, uint8_t v)
{
	assert_true(pic_io(p, port, false, &v));
}

static uint8_t in(struct pic *p, uint16_t port)
{
	uint8_t v = 0x5a;

	assert_true(pic_io(p, port, true, &v));
	return v;
}

/* What Linux's init_8259A() writes, with vectors 0x30 and 0x38. */
static void linux_init(struct pic *p, bool auto_eoi)
{
	pic_init(p);
	out(p, 0x21, 0xff);
	out(p, 0xa1, 0xff);
	out(p, 0x20, 0x11);	/* ICW1: edge, cascade, ICW4 */
	out(p, 0x21, 0x30);	/* ICW2 */
	out(p, 0x21, 0x04);	/* ICW3: slave on IR2 */
	out(p, 0x21, auto_eoi ? 0x03 : 0x01);
	out(p, 0xa0, 0x11);
	out(p, 0xa1, 0x38);
	out(p, 0xa1, 0x02);	/* ICW3: slave identity 2 */
	out(p, 0xa1, 0x01);
	out(p, 0x21, 0x00);	/* unmask all */
	out(p, 0xa1, 0x00);
}

static void pulse(struct pic *p, unsigned int irq)
{
	pic_set_irq(p, irq, true);
	pic_set_irq(p, irq, false);
	pic_set_irq(p, irq, true);
}

static uint8_t isr(struct pic *p, uint16_t cmd)
{
	out(p, cmd, 0x0b);	/* OCW3: read ISR */
	return in(p, cmd);
}

static uint8_t irr(struct pic *p, uint16_t cmd)
{
	out(p, cmd, 0x0a);	/* OCW3: read IRR */
	return in(p, cmd);
}

static void init_state(void **state)
{
	struct pic p;
	uint8_t v = 0;

	(void)state;
	pic_init(&p);
	assert_int_equal(in(&p, 0x21), 0xff);
	assert_int_equal(in(&p, 0xa1), 0xff);
	pic_set_irq(&p, 0, true);
	assert_false(pic_intr(&p));	/* masked */
	assert_false(pic_io(&p, 0x22, true, &v));
	assert_false(pic_io(&p, 0x60, false, &v));
}

static void irq0_edge_and_eoi(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	assert_int_equal(in(&p, 0x21), 0x00);
	assert_false(pic_intr(&p));
	assert_int_equal(pic_vector(&p), -1);
	pic_set_irq(&p, 0, true);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_vector(&p), 0x30);
	assert_int_equal(irr(&p, 0x20), 0x01);
	assert_int_equal(pic_inta(&p), 0x30);
	assert_int_equal(isr(&p, 0x20), 0x01);
	assert_int_equal(irr(&p, 0x20), 0x00);
	assert_false(pic_intr(&p));
	/* The line stays high: no new edge, no new request. */
	pic_set_irq(&p, 0, true);
	out(&p, 0x20, 0x20);	/* non-specific EOI */
	assert_int_equal(isr(&p, 0x20), 0x00);
	assert_false(pic_intr(&p));
	pic_set_irq(&p, 0, false);
	pic_set_irq(&p, 0, true);
	assert_true(pic_intr(&p));
}

static void masking(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	out(&p, 0x21, 0x10);
	pulse(&p, 4);
	assert_false(pic_intr(&p));
	assert_int_equal(irr(&p, 0x20), 0x10);	/* requested, masked */
	out(&p, 0x21, 0x00);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_inta(&p), 0x34);
}

/* Fully nested: a higher level interrupts a lower, not the reverse. */
static void nesting(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pulse(&p, 3);
	assert_int_equal(pic_inta(&p), 0x33);
	pulse(&p, 5);
	assert_false(pic_intr(&p));
	pulse(&p, 1);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_inta(&p), 0x31);
	assert_int_equal(isr(&p, 0x20), 0x0a);
	out(&p, 0x20, 0x20);	/* ends 1, the highest in service */
	assert_int_equal(isr(&p, 0x20), 0x08);
	assert_false(pic_intr(&p));
	out(&p, 0x20, 0x20);
	assert_int_equal(pic_inta(&p), 0x35);
}

/* A specific EOI of a level not in service changes nothing. */
static void eoi_wrong_level(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pulse(&p, 3);
	assert_int_equal(pic_inta(&p), 0x33);
	pulse(&p, 5);
	out(&p, 0x20, 0x65);	/* specific EOI, level 5 */
	assert_int_equal(isr(&p, 0x20), 0x08);
	assert_false(pic_intr(&p));
	out(&p, 0x20, 0x63);	/* specific EOI, level 3 */
	assert_int_equal(isr(&p, 0x20), 0x00);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_inta(&p), 0x35);
	/* A non-specific EOI with nothing in service does nothing either. */
	out(&p, 0x20, 0x20);
	out(&p, 0x20, 0x20);
	assert_int_equal(isr(&p, 0x20), 0x00);
}

static void auto_eoi(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, true);
	pulse(&p, 0);
	assert_int_equal(pic_inta(&p), 0x30);
	assert_int_equal(isr(&p, 0x20), 0x00);
	pulse(&p, 6);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_inta(&p), 0x36);
}

/* A request gone before the acknowledge: the default IR7, nothing in
 * service (the note in "Interrupt Sequence"). */
static void spurious_irq7(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pic_set_irq(&p, 4, true);
	assert_true(pic_intr(&p));
	pic_set_irq(&p, 4, false);
	assert_int_equal(pic_inta(&p), 0x37);
	assert_int_equal(isr(&p, 0x20), 0x00);
	/* Masked after pic_intr(): spurious too. */
	pulse(&p, 4);
	assert_true(pic_intr(&p));
	out(&p, 0x21, 0x10);
	assert_int_equal(pic_inta(&p), 0x37);
	assert_int_equal(isr(&p, 0x20), 0x00);
	assert_int_equal(irr(&p, 0x20), 0x10);
}

static void cascade(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pulse(&p, 10);
	assert_true(pic_intr(&p));
	assert_int_equal(irr(&p, 0x20), 0x04);
	assert_int_equal(pic_vector(&p), 0x3a);
	assert_int_equal(pic_vector(&p), 0x3a);	/* changes nothing */
	assert_int_equal(pic_inta(&p), 0x3a);
	assert_int_equal(pic_vector(&p), -1);
	assert_int_equal(isr(&p, 0x20), 0x04);
	assert_int_equal(isr(&p, 0xa0), 0x04);
	assert_false(pic_intr(&p));
	/* IRQ 0 still beats the slave's IR2 in service; IRQ 3 does not. */
	pulse(&p, 3);
	assert_false(pic_intr(&p));
	pulse(&p, 0);
	assert_int_equal(pic_inta(&p), 0x30);
	out(&p, 0x20, 0x20);
	/* A higher slave request waits for the master's IR2 EOI. */
	pulse(&p, 8);
	assert_false(pic_intr(&p));
	out(&p, 0xa0, 0x20);	/* slave EOI ends 10 */
	out(&p, 0x20, 0x20);	/* master EOI ends 2 */
	assert_true(pic_intr(&p));
	assert_int_equal(pic_inta(&p), 0x38);
	out(&p, 0xa0, 0x20);
	out(&p, 0x20, 0x20);
	assert_int_equal(pic_inta(&p), 0x33);
	/* Masking IR2 on the master hides the slave. */
	out(&p, 0x20, 0x20);
	out(&p, 0x21, 0x04);
	pulse(&p, 14);
	assert_false(pic_intr(&p));
	out(&p, 0x21, 0x00);
	assert_int_equal(pic_inta(&p), 0x3e);
}

/* The slave's request gone after the master took IR2: IRQ 15's vector,
 * IR2 in service on the master, nothing on the slave. */
static void spurious_irq15(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pic_set_irq(&p, 12, true);
	assert_true(pic_intr(&p));
	pic_set_irq(&p, 12, false);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_vector(&p), 0x3f);
	assert_int_equal(pic_inta(&p), 0x3f);
	assert_int_equal(isr(&p, 0x20), 0x04);
	assert_int_equal(isr(&p, 0xa0), 0x00);
	out(&p, 0x20, 0x20);	/* what Linux does for a spurious 15 */
	assert_int_equal(isr(&p, 0x20), 0x00);
	assert_false(pic_intr(&p));
}

/* ELCR: level inputs follow the line; IRQ 0-2, 8 and 13 are edge only. */
static void level_elcr(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	out(&p, 0x4d0, 0xff);
	out(&p, 0x4d1, 0xff);
	assert_int_equal(in(&p, 0x4d0), 0xf8);
	assert_int_equal(in(&p, 0x4d1), 0xde);
	out(&p, 0x4d0, 0x20);
	pic_set_irq(&p, 5, true);
	assert_int_equal(pic_inta(&p), 0x35);
	assert_int_equal(irr(&p, 0x20), 0x20);	/* still high */
	out(&p, 0x20, 0x20);
	assert_true(pic_intr(&p));		/* again, no new edge */
	pic_set_irq(&p, 5, false);
	assert_false(pic_intr(&p));
	/* Level on the slave, through the cascade. */
	out(&p, 0x4d1, 0x02);
	pic_set_irq(&p, 9, true);
	assert_int_equal(pic_inta(&p), 0x39);
	out(&p, 0xa0, 0x20);
	out(&p, 0x20, 0x20);
	assert_int_equal(pic_inta(&p), 0x39);
}

static void poll_command(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	out(&p, 0x20, 0x0c);	/* OCW3 poll */
	assert_int_equal(in(&p, 0x20), 0x00);
	pulse(&p, 6);
	out(&p, 0x20, 0x0c);
	assert_int_equal(in(&p, 0x20), 0x86);
	assert_int_equal(isr(&p, 0x20), 0x40);
	assert_false(pic_intr(&p));
}

/* Special mask mode: a level in service and masked blocks nothing. */
static void special_mask(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pulse(&p, 1);
	assert_int_equal(pic_inta(&p), 0x31);
	pulse(&p, 5);
	assert_false(pic_intr(&p));
	out(&p, 0x21, 0x02);
	out(&p, 0x20, 0x68);	/* OCW3: set special mask */
	assert_true(pic_intr(&p));
	assert_int_equal(pic_inta(&p), 0x35);
	out(&p, 0x20, 0x48);	/* reset special mask */
	out(&p, 0x20, 0x65);
	out(&p, 0x20, 0x61);
	assert_int_equal(isr(&p, 0x20), 0x00);
}

static void rotation(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	out(&p, 0x20, 0xc3);	/* set priority: 3 lowest, 4 highest */
	pulse(&p, 1);
	pulse(&p, 4);
	assert_int_equal(pic_inta(&p), 0x34);
	/* Rotate on non-specific EOI: 4 becomes the lowest. */
	out(&p, 0x20, 0xa0);
	pulse(&p, 4);
	assert_int_equal(pic_inta(&p), 0x31);
	out(&p, 0x20, 0x20);
	assert_int_equal(pic_inta(&p), 0x34);
	/* Rotate on specific EOI of 1: 2 highest, then 3, 4... */
	out(&p, 0x20, 0xe4);
	out(&p, 0x20, 0xe1);
	pulse(&p, 0);
	pulse(&p, 7);
	assert_int_equal(pic_inta(&p), 0x37);
}

/* ICW1 resets IMR, ISR and the edge sense; single mode has no ICW3. */
static void reinit(void **state)
{
	struct pic p;

	(void)state;
	linux_init(&p, false);
	pic_set_irq(&p, 3, true);
	assert_int_equal(pic_inta(&p), 0x33);
	out(&p, 0x21, 0x80);
	out(&p, 0x20, 0x13);	/* single, ICW4 */
	out(&p, 0x21, 0x50);
	out(&p, 0x21, 0x01);	/* ICW4, no ICW3 */
	assert_int_equal(in(&p, 0x21), 0x00);
	assert_int_equal(isr(&p, 0x20), 0x00);
	assert_false(pic_intr(&p));	/* 3 still high: no edge */
	pic_set_irq(&p, 3, false);
	pic_set_irq(&p, 3, true);
	assert_int_equal(pic_inta(&p), 0x53);
	out(&p, 0x21, 0xff);		/* OCW1 again */
	assert_int_equal(in(&p, 0x21), 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_state),
		cmocka_unit_test(irq0_edge_and_eoi),
		cmocka_unit_test(masking),
		cmocka_unit_test(nesting),
		cmocka_unit_test(eoi_wrong_level),
		cmocka_unit_test(auto_eoi),
		cmocka_unit_test(spurious_irq7),
		cmocka_unit_test(cascade),
		cmocka_unit_test(spurious_irq15),
		cmocka_unit_test(level_elcr),
		cmocka_unit_test(poll_command),
		cmocka_unit_test(special_mask),
		cmocka_unit_test(rotation),
		cmocka_unit_test(reinit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
