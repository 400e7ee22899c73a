/* SPDX-License-Identifier: MIT */
/*
 * The PIT, the UART and the PICs wired together as the glue in core/ is
 * to wire them: the devices' interrupt lines call pic_set_irq(), and a
 * simulated vCPU that halts until pit_next_event(), injects pic_inta()
 * and runs a handler per vector the way Linux's would.  Checks the
 * periodic tick's count over a second, a one-shot, the ticks lost while
 * interrupts are off, and printing by the THR-empty interrupt.
 * Build: make build/host/test_devs
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dev/pic.h"
#include "dev/pit.h"
#include "dev/uart.h"

#define HZ 2100000037ull
#define T0 5000ull
#define VEC_TIMER 0x30
#define VEC_COM1 (0x30 + UART_COM1_IRQ)

struct machine {
	struct pic pic;
	struct pit pit;
	struct uart uart;
	uint64_t tsc;
	unsigned int count[256];
	char printed[64];
	unsigned int n_printed;
	const char *to_print;
};

static void to_pic(void *ctx, unsigned int irq, bool level)
{
	pic_set_irq(&((struct machine *)ctx)->pic, irq, level);
}

static void tx(void *ctx, uint8_t byte)
{
	struct machine *m = ctx;

	assert_true(m->n_printed < sizeof(m->printed) - 1);
	m->printed[m->n_printed++] = (char)byte;
}

/* The glue's port dispatch, byte devices first. */
static uint8_t io(struct machine *m, uint16_t port, bool in, uint8_t v)
{
	if (pic_io(&m->pic, port, in, &v) ||
	    pit_io(&m->pit, m->tsc, port, in, &v) ||
	    uart_io(&m->uart, port, in, &v))
		return v;
	fail_msg("port %#x claimed by nothing", port);
	return 0;
}

static void out(struct machine *m, uint16_t port, uint8_t v)
{
	io(m, port, false, v);
}

static uint8_t in(struct machine *m, uint16_t port)
{
	return io(m, port, true, 0);
}

static void boot(struct machine *m)
{
	memset(m, 0, sizeof(*m));
	m->tsc = T0;
	pic_init(&m->pic);
	assert_true(pit_init(&m->pit, HZ, T0,
			     (struct dev_irq_line){ to_pic, m, 0 }));
	uart_init(&m->uart, UART_COM1_BASE,
		  (struct dev_irq_line){ to_pic, m, UART_COM1_IRQ }, tx, m);
	/* Linux's init_8259A(), vectors 0x30 and 0x38. */
	out(m, 0x20, 0x11);
	out(m, 0x21, 0x30);
	out(m, 0x21, 0x04);
	out(m, 0x21, 0x01);
	out(m, 0xa0, 0x11);
	out(m, 0xa1, 0x38);
	out(m, 0xa1, 0x02);
	out(m, 0xa1, 0x01);
	out(m, 0x21, (uint8_t)~(BIT(0) | BIT(2) | BIT(UART_COM1_IRQ)));
	out(m, 0xa1, 0xff);
}

/* Linux's serial8250_handle_irq(), reduced: send or stop sending. */
static void com1_handler(struct machine *m)
{
	uint8_t iir = in(m, UART_COM1_BASE + UART_IIR);

	if ((iir & 0x0f) != UART_IIR_THRI)
		return;
	if (*m->to_print)
		out(m, UART_COM1_BASE + UART_THR, (uint8_t)*m->to_print++);
	else
		out(m, UART_COM1_BASE + UART_IER, 0);
}

/* Everything pending is injected and handled, then the EOI. */
static void take_interrupts(struct machine *m)
{
	pit_update(&m->pit, m->tsc);
	while (pic_intr(&m->pic)) {
		uint8_t v = pic_inta(&m->pic);

		m->count[v]++;
		if (v == VEC_COM1)
			com1_handler(m);
		out(m, 0x20, 0x20);
	}
}

/* HLT with interrupts on: the vCPU sleeps until the PIT's next edge. */
static bool halt(struct machine *m, uint64_t until)
{
	uint64_t next = pit_next_event(&m->pit);

	if (next == PIT_NO_EVENT || next > until)
		return false;
	m->tsc = next > m->tsc ? next : m->tsc;
	take_interrupts(m);
	return true;
}

/* Linux's periodic PIT clockevent: mode 2, LATCH for HZ=1000. */
static void periodic_tick_for_a_second(void **state)
{
	static struct machine m;
	const uint16_t latch = (PIT_HZ + 500) / 1000;
	uint64_t load, ticks;

	(void)state;
	boot(&m);
	m.tsc = T0 + 777777;
	out(&m, 0x43, 0x34);
	out(&m, 0x40, latch & 0xff);
	out(&m, 0x40, latch >> 8);
	load = pit_ticks(&m.pit, m.tsc) + 1;
	take_interrupts(&m);		/* the control word's edge */
	assert_int_equal(m.count[VEC_TIMER], 1);
	while (halt(&m, T0 + 777777 + HZ))
		;
	ticks = pit_ticks(&m.pit, T0 + 777777 + HZ) - load;
	assert_int_equal(m.count[VEC_TIMER], 1 + ticks / latch);
	assert_in_range(m.count[VEC_TIMER], 999, 1001);
	assert_int_equal(m.count[0x37], 0);	/* no spurious */
}

/* Interrupts off for five periods: one tick comes, four are lost. */
static void ticks_lost_with_interrupts_off(void **state)
{
	static struct machine m;

	(void)state;
	boot(&m);
	out(&m, 0x43, 0x34);
	out(&m, 0x40, 0xe8);
	out(&m, 0x40, 0x03);	/* 1000 */
	take_interrupts(&m);
	m.tsc = pit_tick_tsc(&m.pit, 1 + 5 * 1000 + 10);
	take_interrupts(&m);
	assert_int_equal(m.count[VEC_TIMER], 2);
	assert_true(halt(&m, UINT64_MAX));
	assert_int_equal(m.count[VEC_TIMER], 3);
	assert_int_equal(m.tsc, pit_tick_tsc(&m.pit, 1 + 6 * 1000));
}

/* Linux's one-shot PIT clockevent: mode 4, one interrupt, then none. */
static void one_shot(void **state)
{
	static struct machine m;

	(void)state;
	boot(&m);
	out(&m, 0x43, 0x38);
	out(&m, 0x40, 0x10);
	out(&m, 0x40, 0x27);	/* 10000: 8.4 ms */
	take_interrupts(&m);
	m.count[VEC_TIMER] = 0;
	assert_true(halt(&m, UINT64_MAX));
	assert_int_equal(m.count[VEC_TIMER], 1);
	assert_int_equal(m.tsc, pit_tick_tsc(&m.pit, 1 + 10000 + 1));
	assert_false(halt(&m, UINT64_MAX));
}

/* Printing by the THR-empty interrupt, as the 8250 driver does. */
static void print_by_interrupt(void **state)
{
	static struct machine m;

	(void)state;
	boot(&m);
	m.to_print = "hello\n";
	out(&m, UART_COM1_BASE + UART_MCR, UART_MCR_OUT2 | UART_MCR_DTR |
					   UART_MCR_RTS);
	out(&m, UART_COM1_BASE + UART_IER, UART_IER_ETBEI);
	take_interrupts(&m);
	assert_string_equal(m.printed, "hello\n");
	/* One to start, one per byte sent; the last finds nothing to send. */
	assert_int_equal(m.count[VEC_COM1], 7);
	assert_false(pic_intr(&m.pic));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(periodic_tick_for_a_second),
		cmocka_unit_test(ticks_lost_with_interrupts_off),
		cmocka_unit_test(one_shot),
		cmocka_unit_test(print_by_interrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
