/* SPDX-License-Identifier: MIT */
/*
 * The virtual PC a Multiboot guest gets (docs/platform.md): the device
 * models of dev/ wired together, its port I/O routed to them, the PIC's
 * interrupts delivered to its vCPU, and its time driven by the TSC.
 */
#ifndef TG_CORE_PLATFORM_H
#define TG_CORE_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "dev/isa.h"
#include "dev/pic.h"
#include "dev/pit.h"
#include "dev/rtc.h"
#include "dev/uart.h"

struct guest;
struct vcpu;

struct platform {
	struct pic pic;
	struct pit pit;
	struct uart uart;
	struct rtc rtc;
	struct isa isa;
	uint64_t irqs;		/* interrupts delivered to the vCPU */
	bool window;		/* an interrupt-window exit is asked for */
};

/* Reads the host's CMOS clock, once, for every guest's RTC to start from. */
void platform_read_host_clock(void);

/* Powers on @g's PC: every device in its reset state; false if it cannot. */
bool platform_init(struct guest *g);

/*
 * A port access of @size bytes by @g, *@val in or out; a reset through port
 * 0x92 or 0x64 stops the guest with state reset.
 */
void platform_io(struct guest *g, uint16_t port, unsigned int size, bool in,
		 uint32_t *val);

/*
 * Before each entry: brings the PIT up to now and gives the vCPU the PIC's
 * interrupt, or asks for an interrupt window when it cannot take it.
 */
void platform_before_entry(struct guest *g);

/* The TSC at which the PC next raises an interrupt, or PIT_NO_EVENT. */
uint64_t platform_next_event(const struct guest *g);

/* Whether an interrupt waits for the vCPU (its IF decides when). */
bool platform_intr_pending(const struct guest *g);

#endif
