/* SPDX-License-Identifier: MIT */
/* Time: the TSC, calibrated at boot. */
#ifndef TG_ARCH_X86_TSC_H
#define TG_ARCH_X86_TSC_H

#include <stdint.h>

/*
 * Measures the TSC's rate against 50 ms of the PIT, and takes CPUID leaf
 * 0x15's (or 0x16's) figure where the two agree.  Returns the rate in kHz.
 */
uint64_t tsc_calibrate(void);

/* Microseconds since tsc_calibrate(). */
uint64_t time_us(void);

/* The TSC's rate in kHz, as tsc_calibrate() found it. */
uint64_t tsc_rate_khz(void);

/* The TSC value at which time_us() reaches @us. */
uint64_t tsc_at_us(uint64_t us);

/* Spins for @us microseconds. */
void delay_us(uint64_t us);

#endif
