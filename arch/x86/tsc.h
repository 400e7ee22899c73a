/* SPDX-License-Identifier: MIT */
/* Time: the TSC, calibrated at boot. */
#ifndef TG_ARCH_X86_TSC_H
#define TG_ARCH_X86_TSC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/cpu.h"

/*
 * Measures the TSC's rate against 50 ms of the PIT, and takes CPUID leaf
 * 0x15's (or 0x16's) figure where the two agree; without a PIT, CPUID's
 * figure or a guess, until tsc_calibrate_hpet().  Returns the rate in kHz.
 */
uint64_t tsc_calibrate(void);

/*
 * Measures the rate again against the HPET whose registers are at @base
 * (when the PIT could not be used), with the same CPUID preference;
 * false, the rate unchanged, if the HPET does not count.
 */
bool tsc_calibrate_hpet(uint64_t base);

/* What the PIT measured at tsc_calibrate(), 0 if there is no PIT. */
uint64_t tsc_pit_khz(void);

/* True once tsc_calibrate_hpet() has measured the rate. */
bool tsc_by_hpet(void);

/* True if the rate was measured against a clock (PIT or HPET). */
bool tsc_has_clock(void);

/* How the rate was found, in words ("measured against the PIT"...). */
const char *tsc_source(void);

/*
 * The rate and the TSC at time_us() 0, set by the calibration; read inline
 * on every exit, so that reading the clock is no call.
 */
struct tsc_clock {
	uint64_t khz;
	uint64_t start;
};
extern struct tsc_clock tsc_clock;

/* Microseconds since tsc_calibrate(). */
static inline uint64_t time_us(void)
{
	return (rdtsc() - tsc_clock.start) * 1000 / tsc_clock.khz;
}

/* The TSC's rate in kHz, as tsc_calibrate() found it. */
uint64_t tsc_rate_khz(void);

/* The TSC value at which time_us() reaches @us. */
static inline uint64_t tsc_at_us(uint64_t us)
{
	return tsc_clock.start + us * tsc_clock.khz / 1000;
}

/* The time_us() at which the TSC reads @tsc (0 for a TSC before the start). */
uint64_t tsc_to_us(uint64_t tsc);

/* Spins for @us microseconds. */
void delay_us(uint64_t us);

#endif
