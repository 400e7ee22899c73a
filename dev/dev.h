/* SPDX-License-Identifier: MIT */
/*
 * What every device model of the virtual PC (dev/) shares.
 *
 * A device model is pure logic: a state struct, what a port access does to
 * it, and (for the timers) what the passing of time does to it.  Nothing
 * here reads a clock, touches hardware or knows about vCPUs.  Time is the
 * guest's TSC, passed in by the caller.  The glue in core/ routes I/O exits
 * to the models and delivers their interrupts.
 *
 * The port interface, the same for every byte-wide device:
 *
 *	bool X_io(struct X *, [uint64_t tsc,] uint16_t port, bool in,
 *		  uint8_t *val);
 *
 * returns false if @port is not the device's (nothing is changed), else
 * does the access: for an IN it stores the byte read in *@val, for an OUT
 * it takes the byte from *@val.  Wider accesses to byte devices are split
 * into bytes by the caller.
 */
#ifndef TG_DEV_DEV_H
#define TG_DEV_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/bits.h"

/*
 * An interrupt request line from a device to the PIC (dev/pic.h): the
 * device calls set(ctx, irq, level) when the level of its line changes.
 * A device with no line connected has set == NULL.
 */
struct dev_irq_line {
	void (*set)(void *ctx, unsigned int irq, bool level);
	void *ctx;
	unsigned int irq;
};

static inline void dev_irq_set(const struct dev_irq_line *l, bool level)
{
	if (l->set)
		l->set(l->ctx, l->irq, level);
}

#endif
