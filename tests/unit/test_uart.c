/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dev/uart.c, the 16550A, against the PC16550D datasheet
 * and against what Linux's 8250 driver does to it: autoconfig() and
 * autoconfig_16550a() (drivers/tty/serial/8250/8250_port.c) must find a
 * plain 16550A; the THR-empty interrupt as serial8250_do_startup() tests
 * it; loopback; the divisor latch; receive, overrun and modem status.
 * Build: make build/host/test_uart
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev/uart.h"

#define B UART_COM1_BASE

struct sink {
	uint8_t bytes[64];
	unsigned int n;
	unsigned int rises;
	bool level;
};

static struct sink sink;

static void tx(void *ctx, uint8_t byte)
{
	struct sink *s = ctx;

	assert_true(s->n < sizeof(s->bytes));
	s->bytes[s->n++] = byte;
}

static void irq_set(void *ctx, unsigned int irq, bool level)
{
	struct sink *s = ctx;

	assert_int_equal(irq, UART_COM1_IRQ);
	assert_int_not_equal(level, s->level);
	if (level)
		s->rises++;
	s->level = level;
}

static void setup(struct uart *u)
{
	sink = (struct sink){ 0 };
	uart_init(u, B, (struct dev_irq_line){ irq_set, &sink,
					       UART_COM1_IRQ }, tx, &sink);
}

static void out(struct uart *u, unsigned int reg, uint8_t v)
{
	assert_true(uart_io(u, (uint16_t)(B + reg), false, &v));
}

static uint8_t in(struct uart *u, unsigned int reg)
{
	uint8_t v = 0x5a;

	assert_true(uart_io(u, (uint16_t)(B + reg), true, &v));
	return v;
}

static void reset_state(void **state)
{
	struct uart u;
	uint8_t v = 0;

	(void)state;
	setup(&u);
	assert_int_equal(in(&u, UART_IER), 0);
	assert_int_equal(in(&u, UART_IIR), 0x01);
	assert_int_equal(in(&u, UART_LCR), 0);
	assert_int_equal(in(&u, UART_MCR), 0);
	assert_int_equal(in(&u, UART_LSR), 0x60);
	assert_int_equal(in(&u, UART_MSR), 0xb0);
	assert_false(uart_io(&u, B + 8, true, &v));
	assert_false(uart_io(&u, B - 1, false, &v));
	assert_false(sink.level);
}

static void transmit_and_divisor(void **state)
{
	struct uart u;

	(void)state;
	setup(&u);
	out(&u, UART_LCR, 0x83);		/* DLAB, 8N1 */
	out(&u, UART_THR, 0x01);		/* DLL: 115200 */
	out(&u, UART_IER, 0x00);		/* DLM */
	assert_int_equal(in(&u, UART_RBR), 0x01);
	assert_int_equal(in(&u, UART_IER), 0x00);
	out(&u, UART_LCR, 0x03);
	assert_int_equal(in(&u, UART_IER), 0x00);	/* IER again */
	out(&u, UART_THR, 'h');
	out(&u, UART_THR, 'i');
	assert_int_equal(sink.n, 2);
	assert_memory_equal(sink.bytes, "hi", 2);
	assert_int_equal(in(&u, UART_LSR), 0x60);	/* THRE, TEMT */
	out(&u, UART_SCR, 0xa5);
	assert_int_equal(in(&u, UART_SCR), 0xa5);
}

/* autoconfig() and autoconfig_16550a(), step by step. */
static void linux_autoconfig(void **state)
{
	struct uart u;
	uint8_t save_mcr, save_lcr, s1, s2, s3, ier;

	(void)state;
	setup(&u);
	/* The IER test: only bits 3:0 exist. */
	s1 = in(&u, UART_IER);
	out(&u, UART_IER, 0);
	s2 = in(&u, UART_IER) & 0x0f;
	out(&u, UART_IER, 0x0f);
	s3 = in(&u, UART_IER) & 0x0f;
	out(&u, UART_IER, s1);
	assert_int_equal(s2, 0);
	assert_int_equal(s3, 0x0f);
	/* The scratch register holds what is written. */
	out(&u, UART_SCR, 0x55);
	assert_int_equal(in(&u, UART_SCR), 0x55);
	out(&u, UART_SCR, 0xaa);
	assert_int_equal(in(&u, UART_SCR), 0xaa);
	save_mcr = in(&u, UART_MCR);
	save_lcr = in(&u, UART_LCR);
	/* Loopback: OUT2 and RTS come back as DCD and CTS. */
	out(&u, UART_MCR, UART_MCR_LOOP | 0x0a);
	s1 = in(&u, UART_MSR) & 0xf0;
	out(&u, UART_MCR, save_mcr);
	assert_int_equal(s1, 0x90);
	/* EFR at LCR 0xBF is FCR on a 16550A; then the FIFO bits. */
	out(&u, UART_LCR, 0xbf);
	out(&u, 2, 0);
	out(&u, UART_LCR, 0);
	out(&u, UART_FCR, UART_FCR_ENABLE);
	assert_int_equal(in(&u, UART_IIR) >> 6, 3);
	/* autoconfig_16550a(): no EFR, in either configuration mode. */
	out(&u, UART_LCR, 0xbf);
	assert_int_not_equal(in(&u, 2), 0);
	out(&u, UART_LCR, 0x80);
	assert_int_not_equal(in(&u, 2), 0);
	/* Not a National SuperIO: "EXCR1" does not follow MCR.LOOP. */
	out(&u, UART_LCR, 0);
	s1 = in(&u, UART_MCR);
	out(&u, UART_LCR, 0xe0);
	s2 = in(&u, 2);
	assert_int_equal((s1 ^ s2) & UART_MCR_LOOP, 0);
	out(&u, UART_LCR, 0);
	out(&u, UART_MCR, s1 ^ UART_MCR_LOOP);
	out(&u, UART_LCR, 0xe0);
	s2 = in(&u, 2);
	out(&u, UART_LCR, 0);
	out(&u, UART_MCR, s1);
	assert_int_equal((s1 ^ s2) & UART_MCR_LOOP, 0);
	/* Not a 16750: no 64-byte FIFO bit in IIR. */
	out(&u, UART_FCR, UART_FCR_ENABLE | 0x20);
	s1 = in(&u, UART_IIR) & 0xe0;
	out(&u, UART_FCR, UART_FCR_ENABLE);
	out(&u, UART_LCR, 0x80);
	out(&u, UART_FCR, UART_FCR_ENABLE | 0x20);
	s2 = in(&u, UART_IIR) & 0xe0;
	out(&u, UART_LCR, 0);
	assert_int_equal(s1, 0xc0);
	assert_int_equal(s2, 0xc0);
	/* Not an XScale: IER bit 6 (UUE) is not writable. */
	ier = in(&u, UART_IER);
	out(&u, UART_IER, ier | 0x40);
	assert_int_equal(in(&u, UART_IER) & 0x40, 0);
	out(&u, UART_LCR, save_lcr);
	out(&u, UART_MCR, save_mcr);
	out(&u, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX |
			  UART_FCR_CLEAR_TX);
	out(&u, UART_FCR, 0);
	(void)in(&u, UART_RBR);
	out(&u, UART_IER, 0);
	assert_int_equal(in(&u, UART_LSR) & 0xff, 0x60);	/* not 0xff */
	assert_int_equal(sink.n, 0);
}

/* The THR-empty interrupt (Table IV): set when THR is empty and ETBEI
 * becomes set, or THR empties; cleared by reading IIR when it is the
 * source, or by writing THR. */
static void thre_interrupt(void **state)
{
	struct uart u;

	(void)state;
	setup(&u);
	out(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_DTR | UART_MCR_RTS);
	out(&u, UART_IER, UART_IER_ETBEI);
	assert_true(sink.level);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_THRI);
	assert_false(sink.level);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_NO_INT);
	/* Each byte sent empties THR again: a new edge. */
	out(&u, UART_THR, 'x');
	assert_true(sink.level);
	assert_int_equal(sink.rises, 2);
	out(&u, UART_FCR, UART_FCR_ENABLE);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_FIFOS | UART_IIR_THRI);
	/* serial8250_do_startup()'s test: re-enabling ETBEI re-raises it. */
	out(&u, UART_IER, 0);
	out(&u, UART_IER, UART_IER_ETBEI);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_FIFOS | UART_IIR_THRI);
	/* Writing IER with ETBEI already set does not. */
	out(&u, UART_IER, UART_IER_ETBEI | UART_IER_ERBFI);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_FIFOS | UART_IIR_NO_INT);
	/* Disabled: pending stays, the line drops. */
	out(&u, UART_THR, 'y');
	assert_true(sink.level);
	out(&u, UART_IER, 0);
	assert_false(sink.level);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_FIFOS | UART_IIR_NO_INT);
}

/* Without OUT2 (or in loopback) the interrupt does not reach the PIC. */
static void out2_gates_irq(void **state)
{
	struct uart u;

	(void)state;
	setup(&u);
	out(&u, UART_IER, UART_IER_ETBEI);
	assert_false(sink.level);
	out(&u, UART_MCR, UART_MCR_OUT2);
	assert_true(sink.level);
	out(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_LOOP);
	assert_false(sink.level);
	out(&u, UART_MCR, UART_MCR_OUT2);
	assert_true(sink.level);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_THRI);
	assert_false(sink.level);
}

static void loopback_data(void **state)
{
	struct uart u;

	(void)state;
	setup(&u);
	out(&u, UART_MCR, UART_MCR_LOOP);
	out(&u, UART_THR, 'a');
	assert_int_equal(sink.n, 0);
	assert_int_equal(in(&u, UART_LSR), 0x61);
	/* Without FIFOs one byte fits: the next overruns. */
	out(&u, UART_THR, 'b');
	assert_int_equal(in(&u, UART_LSR), 0x63);
	assert_int_equal(in(&u, UART_LSR), 0x61);	/* OE cleared */
	assert_int_equal(in(&u, UART_RBR), 'a');
	assert_int_equal(in(&u, UART_LSR), 0x60);
	/* With FIFOs, 16. */
	out(&u, UART_FCR, UART_FCR_ENABLE);
	for (int i = 0; i < 16; i++)
		out(&u, UART_THR, (uint8_t)('A' + i));
	assert_int_equal(in(&u, UART_LSR), 0x61);
	out(&u, UART_THR, '!');
	assert_int_equal(in(&u, UART_LSR), 0x63);
	for (int i = 0; i < 16; i++)
		assert_int_equal(in(&u, UART_RBR), 'A' + i);
	assert_int_equal(in(&u, UART_LSR), 0x60);
	out(&u, UART_MCR, 0);
	out(&u, UART_THR, 'z');
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.bytes[0], 'z');
}

/* Received data outranks THR empty; the line status error outranks it. */
static void receive_priorities(void **state)
{
	struct uart u;

	(void)state;
	setup(&u);
	out(&u, UART_MCR, UART_MCR_OUT2);
	out(&u, UART_IER, UART_IER_ERBFI | UART_IER_ETBEI | UART_IER_ELSI);
	assert_true(uart_receive(&u, 'q'));
	assert_int_equal(in(&u, UART_IIR), UART_IIR_RDI);
	assert_false(uart_receive(&u, 'r'));		/* overrun */
	assert_int_equal(in(&u, UART_IIR), UART_IIR_RLSI);
	assert_int_equal(in(&u, UART_LSR), 0x63);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_RDI);
	assert_int_equal(in(&u, UART_RBR), 'q');
	assert_int_equal(in(&u, UART_IIR), UART_IIR_THRI);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_NO_INT);
	assert_false(sink.level);
	/* FIFO at trigger 4: one byte gives the timeout, four the data. */
	out(&u, UART_FCR, UART_FCR_ENABLE | 1 << UART_FCR_TRIGGER_SHIFT);
	uart_receive(&u, '1');
	assert_true(sink.level);
	assert_int_equal(in(&u, UART_IIR), 0xc0 | UART_IIR_TIMEOUT);
	uart_receive(&u, '2');
	uart_receive(&u, '3');
	uart_receive(&u, '4');
	assert_int_equal(in(&u, UART_IIR), 0xc0 | UART_IIR_RDI);
	out(&u, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX);
	assert_int_equal(in(&u, UART_LSR), 0x60);
	assert_false(sink.level);
}

/* MSR deltas in loopback, and the modem status interrupt. */
static void modem_status(void **state)
{
	struct uart u;

	(void)state;
	setup(&u);
	out(&u, UART_MCR, UART_MCR_LOOP);
	(void)in(&u, UART_MSR);
	out(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_RTS);
	assert_int_equal(in(&u, UART_MSR), UART_MSR_CTS | UART_MSR_DCTS);
	assert_int_equal(in(&u, UART_MSR), UART_MSR_CTS);
	out(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT1);
	assert_int_equal(in(&u, UART_MSR), UART_MSR_RI | UART_MSR_DCTS);
	out(&u, UART_MCR, UART_MCR_LOOP);	/* RI falls: TERI */
	assert_int_equal(in(&u, UART_MSR), UART_MSR_TERI);
	out(&u, UART_IER, UART_IER_EDSSI);
	out(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_MSI);
	assert_int_equal(in(&u, UART_MSR), UART_MSR_DSR | 0x02);
	assert_int_equal(in(&u, UART_IIR), UART_IIR_NO_INT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_state),
		cmocka_unit_test(transmit_and_divisor),
		cmocka_unit_test(linux_autoconfig),
		cmocka_unit_test(thre_interrupt),
		cmocka_unit_test(out2_gates_irq),
		cmocka_unit_test(loopback_data),
		cmocka_unit_test(receive_priorities),
		cmocka_unit_test(modem_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
