/* SPDX-License-Identifier: MIT */
/* Time: the TSC, calibrated at boot. */
#ifndef TG_ARCH_X86_TSC_H
#define TG_ARCH_X86_TSC_H

#include <stdint.h>

/*
 * Measures the TSC's rate against 50 ms of the PIT, and takes CPUID leaf
 * 0x15's exact figure where the two agree.  Returns the rate in kHz.
 */
uint64_t tsc_calibrate(void);

/* Microseconds since tsc_calibrate(). */
uint64_t time_us(void);

/* Spins for @us microseconds. */
void delay_us(uint64_t us);

#endif
