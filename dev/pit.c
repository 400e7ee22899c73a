/* SPDX-License-Identifier: MIT */
/*
 * The 8254 (see dev/pit.h).  A counter is not stepped: its state says when
 * its count was (re)loaded and with what, and its count and OUT at any
 * tick are computed from that.  Ticks are PIT clock edges counted from
 * pit_init(); all times inside are ticks, TSC values only at the edges of
 * the interface.
 */
#include "dev/pit.h"

#define NO_TICK UINT64_MAX

/* floor((tsc - base) * PIT_HZ / tsc_hz) without overflow: split the
 * quotient, since the remainder times PIT_HZ fits in 64 bits. */
uint64_t pit_ticks(const struct pit *p, uint64_t tsc)
{
	uint64_t d = tsc < p->base_tsc ? 0 : tsc - p->base_tsc;

	return d / p->tsc_hz * PIT_HZ + d % p->tsc_hz * PIT_HZ / p->tsc_hz;
}

/* base + ceil(tick * tsc_hz / PIT_HZ), the first TSC of tick @tick. */
uint64_t pit_tick_tsc(const struct pit *p, uint64_t tick)
{
	uint64_t r = tick % PIT_HZ * p->tsc_hz;

	return p->base_tsc + tick / PIT_HZ * p->tsc_hz +
	       (r + PIT_HZ - 1) / PIT_HZ;
}

static uint32_t modulus(const struct pit_channel *c)
{
	return c->bcd ? 10000 : 65536;
}

/* Modes 6 and 7 are modes 2 and 3 ("Control Word Format"). */
static unsigned int mode_of(const struct pit_channel *c)
{
	return c->mode >= 6 ? c->mode - 4u : c->mode;
}

static bool periodic(const struct pit_channel *c)
{
	return mode_of(c) == 2 || mode_of(c) == 3;
}

/* Mode 3's high half: N/2 clocks, (N+1)/2 for an odd N ("Mode 3"). */
static uint32_t high_len(uint32_t n)
{
	return (n + 1) / 2;
}

/* Where tick @k is in the current cycle of a periodic count. */
static uint32_t cycle_pos(const struct pit_channel *c, uint64_t k)
{
	if (k < c->start)
		return 0;
	return (uint32_t)((k - c->start + c->phase) % c->n);
}

/* A one-shot's count at its start: the count it was loaded with, or
 * (modes 0 and 4, after the gate paused it) what was left of it. */
static uint32_t one_shot_from(const struct pit_channel *c)
{
	return mode_of(c) == 0 || mode_of(c) == 4 ? c->start_val : c->n;
}

/* OUT of a one-shot count: modes 0, 1, 4 and 5 ("Mode Definitions"). */
static bool one_shot_out(const struct pit_channel *c, uint64_t k)
{
	uint64_t tc = c->start + one_shot_from(c);

	switch (mode_of(c)) {
	case 0:		/* low from the control word to terminal count */
		return c->armed && (c->tc_done || (!c->paused && k >= tc));
	case 1:		/* low from the trigger to terminal count */
		return !c->armed || k < c->start || k >= tc;
	case 4:		/* high, low for the clock after terminal count */
		return !c->armed || c->tc_done || c->paused || k != tc;
	default:	/* 5: the same, from the trigger */
		return !c->armed || k != tc;
	}
}

static bool out_at(const struct pit_channel *c, uint64_t k)
{
	uint32_t e;

	if (!c->programmed)
		return false;
	if (!periodic(c))
		return one_shot_out(c, k);
	if (!c->armed || c->paused || k < c->start)
		return true;
	e = cycle_pos(c, k);
	if (mode_of(c) == 2)	/* low while the count is 1 */
		return e != c->n - 1;
	return e < high_len(c->n);
}

/* The counting element at tick @k, 0..modulus-1 ("Read Operations"). */
static uint32_t count_at(const struct pit_channel *c, uint64_t k)
{
	uint32_t m = modulus(c), e;

	if (!c->armed)
		return c->n % m;
	if (c->paused)
		return (uint32_t)c->paused_val;
	if (k < c->start)
		return (periodic(c) ? c->n : c->start_val) % m;
	if (!periodic(c)) {
		e = (uint32_t)((k - c->start) % m);
		return (one_shot_from(c) % m + m - e) % m;
	}
	e = cycle_pos(c, k);
	if (mode_of(c) == 2)
		return (c->n - e) % m;
	/* Mode 3 counts down by two from N (N - 1 if odd), each half. */
	if (e >= high_len(c->n))
		e -= high_len(c->n);
	return ((c->n & ~1u) - 2 * e) % m;
}

/* The first tick after @k at which OUT rises, or NO_TICK. */
static uint64_t rise_after(const struct pit_channel *c, uint64_t k)
{
	uint64_t t;

	if (!c->programmed || !c->armed || c->paused || c->tc_done)
		return NO_TICK;
	if (periodic(c)) {	/* each cycle begins with OUT rising */
		if (k < c->start)
			k = c->start;
		return k + c->n - cycle_pos(c, k);
	}
	/* Modes 0 and 1 rise at terminal count, 4 and 5 a clock after. */
	t = c->start + one_shot_from(c) + (mode_of(c) >= 4);
	return t > k ? t : NO_TICK;
}

/* A count written in mode 2 or 3 during counting takes over here. */
static void apply_pending(struct pit_channel *c)
{
	c->start = c->pending_at;
	c->phase = c->pending_phase;
	c->n = c->pending_n;
	c->has_pending = false;
}

static void normalize(struct pit_channel *c, uint64_t k)
{
	if (c->has_pending && k >= c->pending_at)
		apply_pending(c);
	if (c->null_count && c->armed && !c->paused && !c->has_pending &&
	    k >= c->start)
		c->null_count = false;
}

/*
 * Whether OUT rose in the ticks (@from, @to]; takes in a pending count
 * on the way, the rise at its load counted with the count before it.
 */
static bool rose(struct pit_channel *c, uint64_t from, uint64_t to)
{
	bool r = false;

	if (c->has_pending && c->pending_at <= to) {
		r = rise_after(c, from) <= c->pending_at;
		apply_pending(c);
		if (from < c->start)
			from = c->start;
	}
	return r || rise_after(c, from) <= to;
}

void pit_update(struct pit *p, uint64_t tsc)
{
	struct pit_channel *c = &p->ch[0];
	uint64_t k = pit_ticks(p, tsc);
	bool out;

	if (k < p->last_tick)
		k = p->last_tick;
	if (rose(c, p->last_tick, k)) {
		if (p->irq_level)
			dev_irq_set(&p->irq0, false);
		dev_irq_set(&p->irq0, true);
		p->irq_level = true;
	}
	normalize(c, k);
	out = out_at(c, k);
	if (out != p->irq_level) {
		dev_irq_set(&p->irq0, out);
		p->irq_level = out;
	}
	p->last_tick = k;
}

uint64_t pit_next_event(const struct pit *p)
{
	struct pit_channel c = p->ch[0];
	uint64_t t = rise_after(&c, p->last_tick);

	if (c.has_pending && (t == NO_TICK || t > c.pending_at)) {
		apply_pending(&c);
		t = rise_after(&c, c.start > p->last_tick ? c.start :
							   p->last_tick);
	}
	return t == NO_TICK ? PIT_NO_EVENT : pit_tick_tsc(p, t);
}

/*
 * Loads count @n at tick @k: on the next clock, or when the gate lets it
 * (modes 0 and 4 wait for the gate with the count loaded).
 */
static void load(struct pit_channel *c, uint64_t k, uint32_t n)
{
	c->armed = true;
	c->tc_done = false;
	c->has_pending = false;
	c->start = k + 1;
	c->phase = 0;
	c->start_val = n;
	c->paused = !c->gate && mode_of(c) != 1 && mode_of(c) != 5;
	c->paused_val = n % modulus(c);
}

/*
 * A new count in mode 2 or 3 while counting waits for the end of the
 * cycle (mode 2) or of the half-cycle (mode 3: the new count then begins
 * with the half the old one was to begin).  "Mode 2", "Mode 3".
 */
static void set_pending(struct pit_channel *c, uint64_t k, uint32_t n)
{
	uint32_t e = cycle_pos(c, k);
	uint64_t cycle = k - e;

	c->has_pending = true;
	c->pending_n = n;
	c->pending_phase = 0;
	c->pending_at = cycle + c->n;
	if (mode_of(c) == 3 && e < high_len(c->n)) {
		c->pending_at = cycle + high_len(c->n);
		c->pending_phase = high_len(n);
	}
}

static uint32_t from_bcd(uint16_t v)
{
	return (v >> 12 & 15) * 1000u + (v >> 8 & 15) * 100u +
	       (v >> 4 & 15) * 10u + (v & 15);
}

static uint16_t to_bcd(uint32_t v)
{
	return (uint16_t)((v / 1000 % 10) << 12 | (v / 100 % 10) << 8 |
			  (v / 10 % 10) << 4 | v % 10);
}

/* A whole count written: "Write Operations" and each mode's rules. */
static void write_count(struct pit_channel *c, uint64_t k, uint16_t raw)
{
	uint32_t n = c->bcd ? from_bcd(raw) : raw;

	if (n == 0)
		n = modulus(c);
	if (periodic(c) && n < 2)
		n = 2;		/* 1 is illegal in modes 2 and 3 */
	c->null_count = true;
	switch (mode_of(c)) {
	case 1:
	case 5:		/* used from the next trigger on */
		c->n = n;
		return;
	case 2:
	case 3:
		if (c->armed && !c->paused && k >= c->start) {
			set_pending(c, k, n);
			return;
		}
		c->n = n;
		load(c, k, n);
		return;
	default:	/* 0, 4: restart from the new count */
		c->n = n;
		load(c, k, n);
	}
}

static void write_data(struct pit_channel *c, uint64_t k, uint8_t v)
{
	if (!c->programmed)
		return;
	switch (c->rw) {
	case PIT_RW_LSB:
		write_count(c, k, v);
		return;
	case PIT_RW_MSB:
		write_count(c, k, (uint16_t)(v << 8));
		return;
	}
	if (!c->write_msb) {
		c->write_lsb = v;
		c->write_msb = true;
		if (mode_of(c) == 0)	/* the first byte stops mode 0 */
			c->armed = false;
		return;
	}
	c->write_msb = false;
	write_count(c, k, (uint16_t)(c->write_lsb | v << 8));
}

static uint16_t read_value(const struct pit_channel *c, uint64_t k)
{
	uint32_t v = count_at(c, k);

	return c->bcd ? to_bcd(v) : (uint16_t)v;
}

static uint8_t status_of(const struct pit_channel *c, uint64_t k)
{
	return (uint8_t)((out_at(c, k) ? PIT_ST_OUT : 0) |
			 (c->null_count ? PIT_ST_NULL : 0) |
			 c->rw << PIT_CW_RW_SHIFT |
			 c->mode << PIT_CW_MODE_SHIFT | (c->bcd ? 1 : 0));
}

/* A latched or live count, a byte at a time per the RW bits. */
static uint8_t read_data(struct pit_channel *c, uint64_t k)
{
	uint16_t v;
	bool msb;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	v = c->count_latched ? c->latch : read_value(c, k);
	msb = c->rw == PIT_RW_MSB || (c->rw == PIT_RW_WORD && c->read_msb);
	if (c->rw == PIT_RW_WORD)
		c->read_msb = !c->read_msb;
	if (c->rw != PIT_RW_WORD || msb)
		c->count_latched = false;
	return msb ? (uint8_t)(v >> 8) : (uint8_t)v;
}

/* "Counter Latch Command": ignored while an earlier latch is unread. */
static void latch_count(struct pit_channel *c, uint64_t k)
{
	if (c->count_latched)
		return;
	c->latch = read_value(c, k);
	c->count_latched = true;
}

static void latch_status(struct pit_channel *c, uint64_t k)
{
	if (c->status_latched)
		return;
	c->status = status_of(c, k);
	c->status_latched = true;
}

/* "Read-Back Command": any of the counters, count and/or status. */
static void read_back(struct pit *p, uint64_t k, uint8_t v)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!(v & PIT_RB_CNT(i)))
			continue;
		if (!(v & PIT_RB_NO_COUNT))
			latch_count(&p->ch[i], k);
		if (!(v & PIT_RB_NO_STATUS))
			latch_status(&p->ch[i], k);
	}
}

/* A control word resets the counter's logic; OUT goes to its initial
 * state, low in mode 0 and high in the others ("Control Word Format"). */
static void write_control(struct pit *p, uint64_t k, uint8_t v)
{
	unsigned int sc = v >> PIT_CW_SC_SHIFT;
	unsigned int rw = (v & PIT_CW_RW_MASK) >> PIT_CW_RW_SHIFT;
	struct pit_channel *c;

	if (sc == PIT_SC_READBACK) {
		read_back(p, k, v);
		return;
	}
	c = &p->ch[sc];
	if (rw == PIT_RW_LATCH) {
		latch_count(c, k);
		return;
	}
	c->mode = (v & PIT_CW_MODE_MASK) >> PIT_CW_MODE_SHIFT;
	c->rw = (uint8_t)rw;
	c->bcd = v & PIT_CW_BCD;
	c->programmed = true;
	c->armed = false;
	c->paused = false;
	c->tc_done = false;
	c->has_pending = false;
	c->null_count = true;
	c->write_msb = false;
	c->read_msb = false;
	c->count_latched = false;
	c->status_latched = false;
}

/* The gate input: Table 5 ("Gate Pin Operations Summary"). */
static void set_gate(struct pit_channel *c, uint64_t k, bool level)
{
	bool one_shot_trigger = mode_of(c) == 1 || mode_of(c) == 5;

	if (level == c->gate)
		return;
	c->gate = level;
	if (!c->programmed)
		return;
	if (one_shot_trigger) {
		if (level)
			load(c, k, c->n);
		return;
	}
	if (!c->armed)
		return;
	if (!level) {		/* counting stops; OUT high in 2 and 3 */
		c->tc_done = !periodic(c) && k >= c->start + c->start_val;
		c->paused_val = count_at(c, k);
		if (c->has_pending)
			c->n = c->pending_n;
		c->has_pending = false;
		c->paused = true;
		return;
	}
	c->paused = false;	/* 2, 3 reload; 0, 4 go on from the count */
	c->start = k + 1;
	c->phase = 0;
	if (!periodic(c))
		c->start_val = c->paused_val ? (uint32_t)c->paused_val :
					      modulus(c);
}

static uint8_t port_b_read(struct pit *p, uint64_t k)
{
	uint8_t v = p->port_b & PORTB_WRITABLE;

	if (k / PIT_REFRESH_TICKS & 1)
		v |= PORTB_REFRESH;
	if (out_at(&p->ch[2], k))
		v |= PORTB_OUT2;
	return v;
}

bool pit_io(struct pit *p, uint64_t tsc, uint16_t port, bool in,
	    uint8_t *val)
{
	uint64_t k;

	if (port != PIT_PORT_B && (port < PIT_PORT_CH0 || port > PIT_PORT_CTRL))
		return false;
	pit_update(p, tsc);
	k = p->last_tick;
	normalize(&p->ch[1], k);
	normalize(&p->ch[2], k);
	if (port == PIT_PORT_B && in) {
		*val = port_b_read(p, k);
	} else if (port == PIT_PORT_B) {
		p->port_b = *val & PORTB_WRITABLE;
		set_gate(&p->ch[2], k, *val & PORTB_GATE2);
	} else if (port == PIT_PORT_CTRL) {
		if (in)
			*val = 0xff;	/* the control word is write-only */
		else
			write_control(p, k, *val);
	} else if (in) {
		*val = read_data(&p->ch[port - PIT_PORT_CH0], k);
	} else {
		write_data(&p->ch[port - PIT_PORT_CH0], k, *val);
	}
	pit_update(p, tsc);
	return true;
}

bool pit_init(struct pit *p, uint64_t tsc_hz, uint64_t tsc_now,
	      struct dev_irq_line irq0)
{
	unsigned int i;

	if (tsc_hz < 1000 || tsc_hz > (UINT64_MAX >> 21))
		return false;
	*p = (struct pit){
		.tsc_hz = tsc_hz,
		.base_tsc = tsc_now,
		.irq0 = irq0,
	};
	for (i = 0; i < 3; i++) {
		p->ch[i].n = 65536;
		p->ch[i].rw = PIT_RW_WORD;
		p->ch[i].gate = i != 2;
	}
	return true;
}
