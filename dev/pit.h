/* SPDX-License-Identifier: MIT */
/*
 * The PC's Intel 8254 programmable interval timer at ports 0x40-0x43, and
 * the bits of port 0x61 (system control port B) that belong to it: the
 * gate of counter 2 and its OUT, the speaker enable and the refresh
 * toggle.  Counter 0's OUT is IRQ 0; counter 2's OUT is read in 0x61.
 *
 * Sections cited are those of the Intel 82C54 datasheet (order number
 * 231244): "Control Word Format", "Write Operations", "Read Operations"
 * (with "Counter Latch Command" and "Read-Back Command", Figures 8-12),
 * "Mode Definitions" (modes 0 to 5), "Operation Common to All Modes" and
 * Table 5 (gate pin operations).
 *
 * Time is the guest's TSC.  The counters are clocked at 1,193,182 Hz: the
 * clock edges are at fixed TSC values from the one given to pit_init(),
 * tick k at base + ceil(k * tsc_hz / 1193182), computed exactly in 64-bit
 * integers, so that a guest calibrating its TSC against the PIT finds
 * tsc_hz whatever it reads when.
 *
 * The glue calls pit_io() for the ports, pit_update() when the timer it
 * armed for pit_next_event() expires (and may call it at any time), and
 * gets IRQ 0's level changes through the dev_irq_line given at init.
 */
#ifndef TG_DEV_PIT_H
#define TG_DEV_PIT_H

#include "dev/dev.h"

#define PIT_HZ 1193182u
#define PIT_PORT_CH0 0x40
#define PIT_PORT_CTRL 0x43
#define PIT_PORT_B 0x61		/* system control port B */
#define PIT_NO_EVENT UINT64_MAX

/* Control word, port 0x43 ("Control Word Format", Figure 7). */
#define PIT_CW_BCD BIT(0)
#define PIT_CW_MODE_SHIFT 1
#define PIT_CW_MODE_MASK 0x0e
#define PIT_CW_RW_SHIFT 4
#define PIT_CW_RW_MASK 0x30
#define PIT_CW_SC_SHIFT 6
#define PIT_RW_LATCH 0		/* counter latch command */
#define PIT_RW_LSB 1
#define PIT_RW_MSB 2
#define PIT_RW_WORD 3		/* LSB, then MSB */
#define PIT_SC_READBACK 3

/* Read-back command (Figure 11): active-low COUNT and STATUS. */
#define PIT_RB_CNT(i) BIT((i) + 1)
#define PIT_RB_NO_STATUS BIT(4)
#define PIT_RB_NO_COUNT BIT(5)

/* Status byte (Figure 12). */
#define PIT_ST_NULL BIT(6)
#define PIT_ST_OUT BIT(7)

/* Port 0x61, as the PC/AT and its south bridges have it. */
#define PORTB_GATE2 BIT(0)	/* counter 2's gate */
#define PORTB_SPEAKER BIT(1)	/* speaker data enable */
#define PORTB_WRITABLE 0x0f
#define PORTB_REFRESH BIT(4)	/* toggles every refresh cycle */
#define PORTB_OUT2 BIT(5)	/* counter 2's OUT */
#define PIT_REFRESH_TICKS 18	/* the BIOS's counter 1: 15.09 us */

struct pit_channel {
	uint8_t mode;		/* 0-5 (6 and 7 are 2 and 3) */
	uint8_t rw;		/* PIT_RW_LSB, _MSB or _WORD */
	bool bcd;
	bool gate;
	bool programmed;	/* a control word was written */
	bool armed;		/* a count was loaded (or triggered) */
	bool paused;		/* gate low stops modes 0, 2, 3 and 4 */
	bool tc_done;		/* one-shot: terminal count reached */
	bool null_count;	/* a count written, not yet loaded */
	uint32_t n;		/* the count register, 1..modulus */
	uint64_t start;		/* the tick the count was (re)loaded */
	uint32_t phase;		/* mode 3: start is this far into a cycle */
	uint32_t start_val;	/* one-shot: the count at start */
	uint64_t paused_val;	/* the count while paused */
	bool has_pending;	/* mode 2, 3: a count for the next cycle */
	uint32_t pending_n;
	uint32_t pending_phase;
	uint64_t pending_at;	/* the tick it is loaded */
	bool write_msb;		/* PIT_RW_WORD: the MSB is written next */
	uint8_t write_lsb;
	bool read_msb;		/* PIT_RW_WORD: the MSB is read next */
	bool count_latched;
	uint16_t latch;
	bool status_latched;
	uint8_t status;
};

struct pit {
	struct pit_channel ch[3];
	uint64_t tsc_hz;
	uint64_t base_tsc;	/* the TSC of tick 0 */
	uint64_t last_tick;	/* the tick of the last update */
	uint8_t port_b;		/* port 0x61 bits 3:0 as written */
	bool irq_level;		/* IRQ 0 as last reported */
	struct dev_irq_line irq0;
};

/*
 * The counters as at power-on with no BIOS: no control word written,
 * nothing counting, every OUT low; counter 2's gate low.  @tsc_hz is the
 * guest's TSC rate, 1 kHz to 8 THz; @tsc_now the time of tick 0.
 * Returns false (and sets up nothing) if @tsc_hz is out of that range.
 */
bool pit_init(struct pit *p, uint64_t tsc_hz, uint64_t tsc_now,
	      struct dev_irq_line irq0);

/* Ports 0x40-0x43 and 0x61 at TSC @tsc (see dev/dev.h). */
bool pit_io(struct pit *p, uint64_t tsc, uint16_t port, bool in,
	    uint8_t *val);

/* Brings IRQ 0 up to @tsc: a rising edge since the last update is
 * reported as low then high, so the PIC latches it. */
void pit_update(struct pit *p, uint64_t tsc);

/* The TSC at which IRQ 0 next rises, or PIT_NO_EVENT. */
uint64_t pit_next_event(const struct pit *p);

/* The clock, exposed for the tests and the glue: ticks elapsed by @tsc,
 * and the first TSC at which @tick has elapsed. */
uint64_t pit_ticks(const struct pit *p, uint64_t tsc);
uint64_t pit_tick_tsc(const struct pit *p, uint64_t tick);

#endif
