// SPDX-License-Identifier: MIT
/*
 * The 8254 of a PC (Intel 8254 datasheet, order 231164), clocked at
 * 1.193182 MHz: channel 0 drives IRQ 0, channel 2's gate and output are
 * bits of port 0x61 (IBM PC/AT Technical Reference, "System control
 * port B"): bit 0 gates channel 2, bit 1 feeds its output to the speaker,
 * bit 5 reads OUT2.
 */
#include "guest/ticker/io.h"
#include "guest/ticker/ticker.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 (1 << 0)
#define PORT_B_SPEAKER (1 << 1)
#define PORT_B_OUT2 (1 << 5)

/* 8254 "Control Word Format": SC1-SC0, RW1-RW0 (3: LSB then MSB), M2-M0. */
#define PIT_SEL(ch) ((ch) << 6)
#define PIT_RW_LSB_MSB (3 << 4)
#define PIT_MODE(m) ((m) << 1) /* BCD = 0: binary */

#define CAL_MIN_POLLS 1000	 /* Linux's loopmin for a 10 ms latch */
#define CAL_MAX_POLLS 100000000u /* OUT2 never rose: no working PIT */

/*
 * Linux's pit_calibrate_tsc() (arch/x86/kernel/tsc.c): channel 2 in mode 0
 * ("Interrupt on terminal count": OUT low after the count is written, high
 * when it reaches zero) with a count of @ms milliseconds, gate on and
 * speaker off; the TSC is read before the first poll and at the poll that
 * sees OUT2 high.  The result counts the latch's exact clocks, not @ms.
 */
void pit_calibrate_tsc(uint32_t ms, struct pit_calibration *cal)
{
	uint32_t latch = (uint32_t)udiv64((uint64_t)PIT_HZ * ms, 1000, NULL);
	uint64_t t1, t2;
	uint32_t polls = 0;

	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_CMD, PIT_SEL(2) | PIT_RW_LSB_MSB | PIT_MODE(0));
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);

	t1 = t2 = rdtsc();
	cal->gap_min = ~0ull;
	cal->gap_max = 0;
	while (!(inb(PORT_B) & PORT_B_OUT2) && polls < CAL_MAX_POLLS) {
		uint64_t now = rdtsc();

		if (now - t2 < cal->gap_min)
			cal->gap_min = now - t2;
		if (now - t2 > cal->gap_max)
			cal->gap_max = now - t2;
		t2 = now;
		polls++;
	}
	outb(PORT_B, inb(PORT_B) & ~PORT_B_GATE2);

	cal->latch = latch;
	cal->tsc_delta = t2 - t1;
	cal->polls = polls;
	cal->tsc_khz = 0;
	/*
	 * As Linux: a poll that took over ten times the shortest means the
	 * CPU was taken away (an SMI, or a hypervisor running another guest)
	 * in the middle, and the measurement is thrown away.
	 */
	if (polls >= CAL_MIN_POLLS && polls < CAL_MAX_POLLS &&
	    cal->gap_max <= 10 * cal->gap_min)
		cal->tsc_khz = tsc_khz_from_pit(cal->tsc_delta, latch);
}

/*
 * Channel 0 in mode 2 ("Rate generator"): OUT pulses low for one clock
 * every @divisor clocks, and the 8259A takes each rising edge as IRQ 0.
 */
void pit_start_periodic(uint32_t divisor)
{
	outb(PIT_CMD, PIT_SEL(0) | PIT_RW_LSB_MSB | PIT_MODE(2));
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, (divisor >> 8) & 0xff);
}

/* Channel 0 in mode 0 with no count written: OUT stays low, no more IRQ 0. */
void pit_stop(void)
{
	outb(PIT_CMD, PIT_SEL(0) | PIT_RW_LSB_MSB | PIT_MODE(0));
}
