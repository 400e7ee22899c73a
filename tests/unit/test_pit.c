/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dev/pit.c, the 8254 and port 0x61, against the Intel
 * 82C54 datasheet: the TSC-derived clock, modes 0-5, IRQ 0's edges and
 * next event, a mode change and new counts mid-count, mode 3's halves,
 * the latch and read-back commands, LSB/MSB access, BCD, the gate and
 * OUT of counter 2 in port 0x61, and Linux's two TSC calibrations
 * (arch/x86/kernel/tsc.c pit_calibrate_tsc() and quick_pit_calibrate()).
 * Build: make build/host/test_pit
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev/pit.h"

#define HZ 2893123457ull	/* an awkward TSC rate */
#define T0 1000000007ull	/* the TSC at pit_init() */

struct irq_log {
	unsigned int rises;
	bool level;
};

static void irq_set(void *ctx, unsigned int irq, bool level)
{
	struct irq_log *log = ctx;

	assert_int_equal(irq, 0);
	if (level && !log->level)
		log->rises++;
	log->level = level;
}

static struct irq_log log0;

static void setup(struct pit *p, uint64_t hz)
{
	log0 = (struct irq_log){ 0 };
	assert_true(pit_init(p, hz, T0,
			     (struct dev_irq_line){ irq_set, &log0, 0 }));
}

static void out(struct pit *p, uint64_t tsc, uint16_t port, uint8_t v)
{
	assert_true(pit_io(p, tsc, port, false, &v));
}

static uint8_t in(struct pit *p, uint64_t tsc, uint16_t port)
{
	uint8_t v = 0x5a;

	assert_true(pit_io(p, tsc, port, true, &v));
	return v;
}

/* The TSC of PIT tick @k. */
static uint64_t at(struct pit *p, uint64_t k)
{
	return pit_tick_tsc(p, k);
}

/* Programs counter @ch with @cw and a 16-bit count at tick @k; the count
 * loads at tick k + 1. */
static void program(struct pit *p, uint64_t k, unsigned int ch, uint8_t cw,
		    uint16_t n)
{
	out(p, at(p, k), PIT_PORT_CTRL, cw);
	out(p, at(p, k), 0x40 + ch, (uint8_t)n);
	out(p, at(p, k), 0x40 + ch, (uint8_t)(n >> 8));
}

static uint16_t read16(struct pit *p, uint64_t k, unsigned int ch)
{
	uint8_t lo = in(p, at(p, k), 0x40 + ch);

	return (uint16_t)(lo | in(p, at(p, k), 0x40 + ch) << 8);
}

static uint8_t status(struct pit *p, uint64_t k, unsigned int ch)
{
	out(p, at(p, k), PIT_PORT_CTRL, 0xe0 | 2 << ch); /* status only */
	return in(p, at(p, k), 0x40 + ch);
}

static bool out_of(struct pit *p, uint64_t k, unsigned int ch)
{
	return status(p, k, ch) & PIT_ST_OUT;
}

static void clock_exact(void **state)
{
	static const uint64_t rates[] = { 1000, PIT_HZ, 999999937,
					  2893123457ull, 5000000000ull,
					  8000000000000ull };
	struct pit p;
	unsigned int i;
	uint64_t k;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		setup(&p, rates[i]);
		for (k = 1; k < 100000000000ull; k = k * 7 + 3) {
			uint64_t t = pit_tick_tsc(&p, k);

			/* Slower than the PIT: several ticks a cycle. */
			if (rates[i] >= PIT_HZ)
				assert_int_equal(pit_ticks(&p, t), k);
			assert_true(pit_ticks(&p, t) >= k);
			if (t > T0)
				assert_true(pit_ticks(&p, t - 1) < k);
		}
	}
	assert_int_equal(pit_ticks(&p, T0 - 5), 0);
	/* One second of TSC is PIT_HZ ticks, exactly. */
	setup(&p, HZ);
	assert_int_equal(pit_ticks(&p, T0 + HZ), PIT_HZ);
	assert_int_equal(pit_ticks(&p, T0 + 3600 * HZ), 3600ull * PIT_HZ);
	assert_false(pit_init(&p, 999, 0, (struct dev_irq_line){ 0 }));
}

static void power_on(void **state)
{
	struct pit p;
	uint8_t v = 0;

	(void)state;
	setup(&p, HZ);
	assert_int_equal(pit_next_event(&p), PIT_NO_EVENT);
	pit_update(&p, T0 + HZ);
	assert_int_equal(log0.rises, 0);
	assert_false(pit_io(&p, T0, 0x44, true, &v));
	assert_false(pit_io(&p, T0, 0x3f, false, &v));
	assert_int_equal(in(&p, T0, 0x43), 0xff);
	assert_int_equal(in(&p, T0, 0x61) & ~PORTB_REFRESH, 0);
}

/* Mode 0: OUT low, high N + 1 clocks after the count is written. */
static void mode0_irq(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 50, 0, 0x30, 100);
	assert_false(log0.level);
	assert_int_equal(pit_next_event(&p), at(&p, 151));
	assert_int_equal(read16(&p, 51, 0), 100);
	assert_int_equal(read16(&p, 150, 0), 1);
	pit_update(&p, at(&p, 151) - 1);
	assert_int_equal(log0.rises, 0);
	pit_update(&p, at(&p, 151));
	assert_int_equal(log0.rises, 1);
	assert_true(log0.level);
	assert_int_equal(pit_next_event(&p), PIT_NO_EVENT);
	/* The count wraps and goes on; OUT stays high. */
	assert_int_equal(read16(&p, 152, 0), 0xffff);
	pit_update(&p, at(&p, 100000));
	assert_int_equal(log0.rises, 1);
	/* A new count: OUT low at once, high again N + 1 later. */
	out(&p, at(&p, 200000), 0x40, 10);
	assert_false(log0.level);	/* the first byte stops counting */
	out(&p, at(&p, 200000), 0x40, 0);
	assert_false(log0.level);
	assert_int_equal(pit_next_event(&p), at(&p, 200011));
}

/* Mode 2, Linux's periodic tick: a rising edge every N clocks. */
static void mode2_periodic(void **state)
{
	struct pit p;
	uint64_t k;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x34, 1193);		/* 1 kHz */
	/* The control word set OUT high: that was an edge too. */
	assert_true(log0.level);
	assert_int_equal(log0.rises, 1);
	log0.rises = 0;
	for (k = 1; k <= 5; k++) {
		uint64_t t = pit_next_event(&p);

		assert_int_equal(t, at(&p, 1 + 1193 * k));
		pit_update(&p, t);
		assert_int_equal(log0.rises, k);
		assert_true(log0.level);
	}
	/* OUT is low for the one clock the count is 1. */
	assert_int_equal(read16(&p, 1 + 1193 * 6 - 1, 0), 1);
	assert_false(out_of(&p, 1 + 1193 * 6 - 1, 0));
	assert_true(out_of(&p, 1 + 1193 * 6, 0));
	assert_int_equal(read16(&p, 1 + 1193 * 6, 0), 1193);
	assert_int_equal(log0.rises, 6);	/* seen by that read */
	/* Many periods missed: one edge, as the PIC would latch it. */
	pit_update(&p, at(&p, 1 + 1193 * 100 + 7));
	assert_int_equal(log0.rises, 7);
	assert_int_equal(pit_next_event(&p), at(&p, 1 + 1193 * 101));
}

/* Mode 3: high for (N+1)/2 clocks, low for N/2, counting by two. */
static void mode3_halves(void **state)
{
	static const uint16_t odd[] = { 4, 2, 0, 4, 2 };
	struct pit p;
	unsigned int i;

	(void)state;
	setup(&p, HZ);
	program(&p, 9, 0, 0x36, 5);		/* load at tick 10 */
	for (i = 0; i < 10; i++) {
		assert_int_equal(out_of(&p, 10 + i, 0), i % 5 < 3);
		assert_int_equal(read16(&p, 10 + i, 0), odd[i % 5]);
	}
	program(&p, 99, 0, 0x36, 8);
	for (i = 0; i < 16; i++) {
		assert_int_equal(out_of(&p, 100 + i, 0), i % 8 < 4);
		assert_int_equal(read16(&p, 100 + i, 0), 8 - 2 * (i % 4));
	}
	assert_int_equal(pit_next_event(&p), at(&p, 116));
	/* Count 0 is 65536: halves of 32768. */
	program(&p, 999, 0, 0x36, 0);
	assert_true(out_of(&p, 1000 + 32767, 0));
	assert_false(out_of(&p, 1000 + 32768, 0));
	assert_int_equal(pit_next_event(&p), at(&p, 1000 + 65536));
}

/* Mode 4, Linux's one-shot: OUT low for one clock at terminal count. */
static void mode4_strobe(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x38, 50);
	assert_true(log0.level);
	log0.rises = 0;
	assert_int_equal(pit_next_event(&p), at(&p, 52));
	assert_true(out_of(&p, 50, 0));
	assert_false(out_of(&p, 51, 0));
	assert_true(out_of(&p, 52, 0));
	assert_int_equal(log0.rises, 1);
	pit_update(&p, at(&p, 60));
	assert_int_equal(log0.rises, 1);
	assert_int_equal(pit_next_event(&p), PIT_NO_EVENT);
	/* Rearmed by a new count, from the next clock. */
	program(&p, 70, 0, 0x38, 5);
	assert_int_equal(pit_next_event(&p), at(&p, 77));
	/* A new count during counting restarts it. */
	out(&p, at(&p, 74), 0x40, 20);
	out(&p, at(&p, 74), 0x40, 0);
	assert_int_equal(pit_next_event(&p), at(&p, 96));
}

/* A control word mid-count stops the count; the new mode takes over. */
static void mode_change_mid_count(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x34, 1000);
	log0.rises = 0;
	pit_update(&p, at(&p, 1500));
	assert_int_equal(log0.rises, 1);
	out(&p, at(&p, 1600), 0x43, 0x30);	/* mode 0, no count yet */
	assert_false(log0.level);
	assert_int_equal(pit_next_event(&p), PIT_NO_EVENT);
	pit_update(&p, at(&p, 5000));
	assert_int_equal(log0.rises, 1);
	out(&p, at(&p, 5000), 0x40, 0x10);
	out(&p, at(&p, 5000), 0x40, 0x00);
	assert_int_equal(pit_next_event(&p), at(&p, 5017));
	/* And back to mode 2 while mode 0 counts. */
	program(&p, 5010, 0, 0x34, 100);
	assert_true(log0.level);
	assert_int_equal(pit_next_event(&p), at(&p, 5111));
}

/* A new count in mode 2 waits for the end of the cycle. */
static void mode2_new_count(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x34, 1000);		/* cycles from tick 1 */
	log0.rises = 0;
	out(&p, at(&p, 400), 0x40, 0x64);	/* 100 */
	out(&p, at(&p, 400), 0x40, 0x00);
	assert_int_equal(read16(&p, 500, 0), 1000 - 499);
	assert_int_equal(pit_next_event(&p), at(&p, 1001));
	pit_update(&p, at(&p, 1001));
	assert_int_equal(log0.rises, 1);
	assert_int_equal(pit_next_event(&p), at(&p, 1101));
	assert_int_equal(read16(&p, 1050, 0), 51);
	pit_update(&p, at(&p, 1101));
	assert_int_equal(log0.rises, 2);
	/* Updated only after the switch: the edge at it is not lost. */
	program(&p, 2050, 0, 0x34, 1000);	/* cycles from 2051 */
	assert_int_equal(log0.rises, 3);	/* 1201 to 2001 as one */
	out(&p, at(&p, 2100), 0x40, 0x64);
	out(&p, at(&p, 2100), 0x40, 0x00);
	pit_update(&p, at(&p, 3100));
	assert_int_equal(log0.rises, 4);
	assert_int_equal(pit_next_event(&p), at(&p, 3151));
}

/* Mode 3: a new count waits for the end of the half-cycle. */
static void mode3_new_count(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x36, 100);		/* high 1-50, low 51-100 */
	log0.rises = 0;
	out(&p, at(&p, 20), 0x40, 10);
	out(&p, at(&p, 20), 0x40, 0);
	assert_int_equal(pit_next_event(&p), at(&p, 56));
	assert_true(out_of(&p, 50, 0));
	assert_int_equal(read16(&p, 50, 0), 2);
	/* The low half of the new count: 5 clocks, then its cycles. */
	assert_false(out_of(&p, 51, 0));
	assert_int_equal(read16(&p, 51, 0), 10);
	assert_false(out_of(&p, 55, 0));
	assert_int_equal(log0.rises, 0);
	assert_true(out_of(&p, 56, 0));
	assert_int_equal(log0.rises, 1);
	assert_int_equal(pit_next_event(&p), at(&p, 66));
	/* Written in the low half: at the end of the cycle. */
	out(&p, at(&p, 62), 0x40, 20);
	out(&p, at(&p, 62), 0x40, 0);
	assert_int_equal(pit_next_event(&p), at(&p, 66));
	pit_update(&p, at(&p, 66));
	assert_int_equal(pit_next_event(&p), at(&p, 86));
	assert_int_equal(log0.rises, 2);
}

/* A latched count is read however the counter moves on. */
static void latch_command(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x34, 10000);
	out(&p, at(&p, 1000), 0x43, 0x00);	/* latch counter 0 */
	assert_int_equal(in(&p, at(&p, 3000), 0x40), (10000 - 999) & 0xff);
	/* A second latch before the MSB is read is ignored. */
	out(&p, at(&p, 3000), 0x43, 0x00);
	assert_int_equal(in(&p, at(&p, 4000), 0x40), (10000 - 999) >> 8);
	/* Released: live again. */
	assert_int_equal(read16(&p, 5000, 0), 10000 - 4999);
	/* Latch with MSB-only access. */
	out(&p, at(&p, 6000), 0x43, 0x24);	/* counter 0, MSB, mode 2 */
	out(&p, at(&p, 6000), 0x40, 0x20);	/* 0x2000 */
	out(&p, at(&p, 6100), 0x43, 0x00);
	assert_int_equal(in(&p, at(&p, 7000), 0x40), (0x2000 - 99) >> 8);
	assert_int_equal(in(&p, at(&p, 7000), 0x40), (0x2000 - 999) >> 8);
}

/* Read-back: status first, then the count; each latched once. */
static void read_back_command(void **state)
{
	struct pit p;
	uint8_t st;

	(void)state;
	setup(&p, HZ);
	out(&p, at(&p, 0), 0x61, PORTB_GATE2);
	out(&p, at(&p, 10), 0x43, 0xb0);	/* counter 2, word, mode 0 */
	st = status(&p, 10, 2);
	assert_int_equal(st, PIT_ST_NULL | 0x30);	/* OUT low, null */
	out(&p, at(&p, 10), 0x42, 0x00);
	out(&p, at(&p, 10), 0x42, 0x01);	/* 256, loads at 11 */
	assert_int_equal(status(&p, 10, 2), PIT_ST_NULL | 0x30);
	assert_int_equal(status(&p, 11, 2), 0x30);
	out(&p, at(&p, 100), 0x43, 0xc8);	/* count and status of 2 */
	out(&p, at(&p, 150), 0x43, 0xc8);	/* ignored: still latched */
	assert_int_equal(in(&p, at(&p, 200), 0x42), 0x30);
	assert_int_equal(read16(&p, 300, 2), 256 - 89);
	assert_int_equal(status(&p, 267, 2), PIT_ST_OUT | 0x30);
	/* Count only, of counters 0 and 2 together. */
	program(&p, 400, 0, 0x34, 500);
	out(&p, at(&p, 450), 0x43, 0xda);
	assert_int_equal(read16(&p, 600, 0), 500 - 49);
	assert_int_equal(read16(&p, 600, 2), (uint16_t)(256 - 439));
}

static void lsb_msb_access(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	out(&p, at(&p, 0), 0x43, 0x14);		/* counter 0, LSB, mode 2 */
	out(&p, at(&p, 0), 0x40, 200);
	assert_int_equal(in(&p, at(&p, 11), 0x40), 190);
	assert_int_equal(in(&p, at(&p, 12), 0x40), 189);
	assert_int_equal(pit_next_event(&p), at(&p, 201));
	out(&p, at(&p, 0), 0x43, 0x94);		/* counter 2, LSB */
	out(&p, at(&p, 0), 0x43, 0x74);		/* counter 1, word */
	out(&p, at(&p, 0), 0x41, 0x34);
	out(&p, at(&p, 0), 0x41, 0x12);
	assert_int_equal(read16(&p, 1, 1), 0x1234);
}

static void bcd_count(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 0, 0x35, 0x1000);	/* mode 2, BCD 1000 */
	assert_int_equal(read16(&p, 1, 0), 0x1000);
	assert_int_equal(read16(&p, 2, 0), 0x0999);
	assert_int_equal(pit_next_event(&p), at(&p, 1001));
	program(&p, 2000, 0, 0x31, 0x0000);	/* mode 0, BCD 10000 */
	assert_int_equal(read16(&p, 2002, 0), 0x9999);
	assert_int_equal(pit_next_event(&p), at(&p, 12001));
}

/* Port 0x61: counter 2's gate and OUT, the speaker bit, refresh. */
static void port_b(void **state)
{
	struct pit p;
	uint8_t v;

	(void)state;
	setup(&p, HZ);
	out(&p, at(&p, 0), 0x61, 0xff);
	v = in(&p, at(&p, 0), 0x61);
	assert_int_equal(v & 0x0f, 0x0f);
	assert_int_equal(v & 0xc0, 0);
	/* Refresh toggles every 18 clocks. */
	assert_int_equal(in(&p, at(&p, 17), 0x61) & PORTB_REFRESH, 0);
	assert_int_equal(in(&p, at(&p, 18), 0x61) & PORTB_REFRESH,
			 PORTB_REFRESH);
	assert_int_equal(in(&p, at(&p, 36), 0x61) & PORTB_REFRESH, 0);
	/* Mode 0 with the gate low waits; counts when it rises. */
	out(&p, at(&p, 100), 0x61, 0x00);
	program(&p, 100, 2, 0xb0, 10);
	assert_int_equal(in(&p, at(&p, 200), 0x61) & PORTB_OUT2, 0);
	assert_int_equal(read16(&p, 200, 2), 10);
	out(&p, at(&p, 300), 0x61, PORTB_GATE2);
	assert_int_equal(in(&p, at(&p, 310), 0x61) & PORTB_OUT2, 0);
	assert_int_equal(in(&p, at(&p, 311), 0x61) & PORTB_OUT2, PORTB_OUT2);
	/* Gate low in mode 0 holds the count; then it goes on. */
	program(&p, 400, 2, 0xb0, 10);		/* 10 at 401 */
	out(&p, at(&p, 405), 0x61, 0);		/* 6 left */
	assert_int_equal(read16(&p, 500, 2), 6);
	out(&p, at(&p, 600), 0x61, PORTB_GATE2);
	assert_int_equal(in(&p, at(&p, 606), 0x61) & PORTB_OUT2, 0);
	assert_int_equal(in(&p, at(&p, 607), 0x61) & PORTB_OUT2, PORTB_OUT2);
	/* Mode 2 with the gate low: OUT high; the gate rising reloads. */
	program(&p, 700, 2, 0xb4, 50);
	out(&p, at(&p, 720), 0x61, 0);
	assert_int_equal(in(&p, at(&p, 800), 0x61) & PORTB_OUT2, PORTB_OUT2);
	out(&p, at(&p, 800), 0x61, PORTB_GATE2);
	assert_int_equal(read16(&p, 801, 2), 50);
}

/* Modes 1 and 5 on counter 2: triggered by the gate rising. */
static void gate_triggered(void **state)
{
	struct pit p;

	(void)state;
	setup(&p, HZ);
	program(&p, 0, 2, 0xb2, 20);		/* mode 1 */
	assert_true(out_of(&p, 100, 2));
	out(&p, at(&p, 100), 0x61, PORTB_GATE2);
	assert_false(out_of(&p, 101, 2));
	assert_false(out_of(&p, 120, 2));
	assert_true(out_of(&p, 121, 2));
	/* Retriggered: a fresh count. */
	out(&p, at(&p, 130), 0x61, 0);
	out(&p, at(&p, 140), 0x61, PORTB_GATE2);
	assert_false(out_of(&p, 150, 2));
	assert_int_equal(read16(&p, 150, 2), 11);
	program(&p, 200, 2, 0xba, 5);		/* mode 5 */
	out(&p, at(&p, 201), 0x61, 0);
	out(&p, at(&p, 210), 0x61, PORTB_GATE2);
	assert_true(out_of(&p, 215, 2));
	assert_false(out_of(&p, 216, 2));
	assert_true(out_of(&p, 217, 2));
}

#define POLL 997	/* TSC cycles between polls: an exit each */

/*
 * What Linux's pit_calibrate_tsc() does: counter 2 in mode 0 for 10 ms
 * with the gate high through 0x61, then polling 0x61 bit 5 until OUT
 * rises.  The polls are POLL cycles apart until @coarse_until, then one
 * cycle apart.  Returns the TSC of the write of the count's MSB and sets
 * *@seen to the TSC of the poll that saw OUT high.
 */
static uint64_t calibrate(struct pit *p, uint64_t hz, uint64_t coarse_until,
			  uint64_t *seen)
{
	uint64_t t = T0 + 12345, t_write;

	setup(p, hz);
	out(p, t, 0x61, (in(p, t, 0x61) & ~PORTB_SPEAKER) | 1);
	out(p, t, 0x43, 0xb0);
	out(p, t, 0x42, (PIT_HZ / 100) & 0xff);
	t_write = t;
	out(p, t, 0x42, (PIT_HZ / 100) >> 8);
	while (!(in(p, t, 0x61) & PORTB_OUT2))
		t += t + POLL <= coarse_until ? POLL : 1;
	*seen = t;
	return t_write;
}

/*
 * OUT2 rises at the first TSC of tick (write + 1 + N): the first poll at
 * or after it sees it, and polling one cycle at a time finds that TSC
 * exactly.  So the TSC rate measured is the one given, to within one PIT
 * clock in N and the polling interval.
 */
static void linux_pit_calibrate_tsc(void **state)
{
	const uint64_t latch = PIT_HZ / 100;
	uint64_t t, t_write, want, hz;
	struct pit p;

	(void)state;
	for (hz = 1000000007ull; hz < 6000000000ull; hz += 1234567891ull) {
		t_write = calibrate(&p, hz, UINT64_MAX, &t);
		want = pit_tick_tsc(&p, pit_ticks(&p, t_write) + 1 + latch);
		assert_true(t >= want && t - POLL < want);
		/* What Linux computes: kHz = delta / ms. */
		assert_true((t - t_write) * PIT_HZ >= latch * hz);
		assert_true((t - t_write) * PIT_HZ <=
			    (latch + 1) * hz + POLL * PIT_HZ);
		calibrate(&p, hz, t - POLL, &t);
		assert_int_equal(t, want);
	}
}

/*
 * Linux's quick_pit_calibrate(): counter 2 in mode 0 from 0xffff, reading
 * LSB and MSB and timing each change of the MSB.  The MSB drops below
 * 0xff - i at exactly tick start + 256 i, for any TSC rate.
 */
static void linux_quick_pit_calibrate(void **state)
{
	struct pit p;
	uint64_t t, start;
	unsigned int i;

	(void)state;
	setup(&p, 3123456789ull);
	t = T0 + 999;
	out(&p, t, 0x61, (in(&p, t, 0x61) & ~PORTB_SPEAKER) | 1);
	out(&p, t, 0x43, 0xb0);
	out(&p, t, 0x42, 0xff);
	out(&p, t, 0x42, 0xff);
	start = pit_ticks(&p, t) + 1;
	for (i = 1; i < 64; i++) {
		for (;;) {
			(void)in(&p, t, 0x42);		/* LSB, discarded */
			if (in(&p, t, 0x42) <= 0xff - i)
				break;
			t += 97;
		}
		assert_true(t >= pit_tick_tsc(&p, start + 256 * i));
		assert_true(t < pit_tick_tsc(&p, start + 256 * i) + 97);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clock_exact),
		cmocka_unit_test(power_on),
		cmocka_unit_test(mode0_irq),
		cmocka_unit_test(mode2_periodic),
		cmocka_unit_test(mode3_halves),
		cmocka_unit_test(mode4_strobe),
		cmocka_unit_test(mode_change_mid_count),
		cmocka_unit_test(mode2_new_count),
		cmocka_unit_test(mode3_new_count),
		cmocka_unit_test(latch_command),
		cmocka_unit_test(read_back_command),
		cmocka_unit_test(lsb_msb_access),
		cmocka_unit_test(bcd_count),
		cmocka_unit_test(port_b),
		cmocka_unit_test(gate_triggered),
		cmocka_unit_test(linux_pit_calibrate_tsc),
		cmocka_unit_test(linux_quick_pit_calibrate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
