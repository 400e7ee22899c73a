/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/mmio.h"
#include "arch/x86/tsc.h"
#include "lib/format.h"

#define PIT_HZ 1193182u			/* the 8254's input clock */
#define PIT_CH2_DATA 0x42
#define PIT_COMMAND 0x43
#define PIT_CH2_GATE 0x61		/* bit 0 gate, bit 1 speaker, bit 5 out */
#define PIT_GATE BIT(0)
#define PIT_SPEAKER BIT(1)
#define PIT_OUT2 BIT(5)
#define PIT_CH2_MODE0 0xb0		/* channel 2, lo/hi byte, mode 0 */
#define CALIBRATE_MS 50
#define CALIBRATE_SPINS 100000000u	/* a clock that never gets there */
#define HPET_CAP 0x000			/* HPET 1.0a, 2.3.4 */
#define HPET_CONFIG 0x010
#define HPET_COUNTER 0x0f0
#define HPET_COUNT_SIZE_64 BIT(13)
#define HPET_ENABLE BIT(0)
#define HPET_MAX_PERIOD_FS 100000000ull	/* 100 ns */
#define GUESS_KHZ 1000000		/* 1 GHz, when nothing tells */

struct tsc_clock tsc_clock;
static uint64_t pit_khz;		/* what the PIT measured, 0 if nothing */
static bool by_hpet;			/* measured again against the HPET */
static char tsc_how[96];

/*
 * CPUID 0x15: TSC/crystal ratio EBX/EAX and crystal Hz in ECX (SDM Vol. 2A
 * CPUID, leaf 15H); else leaf 16H's processor base frequency in MHz, which
 * is the TSC's rate on the CPUs that have an invariant TSC and no 15H
 * crystal.  Zero where neither names a rate.
 */
static uint64_t tsc_khz_from_cpuid(void)
{
	uint32_t max = cpuid(0, 0).eax;
	struct cpuid_regs r;

	if (max >= 0x15) {
		r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax / 1000;
	}
	if (max >= 0x16) {
		r = cpuid(0x16, 0);
		if (r.eax & 0xffff)
			return (uint64_t)(r.eax & 0xffff) * 1000;
	}
	return 0;
}

/* Counts TSC ticks across a PIT channel-2 countdown of CALIBRATE_MS. */
static uint64_t tsc_khz_from_pit(void)
{
	uint32_t count = PIT_HZ / 1000 * CALIBRATE_MS;
	uint64_t t0, t1;
	uint32_t spins = 0;

	outb(PIT_CH2_GATE, (inb(PIT_CH2_GATE) & ~PIT_SPEAKER) & ~PIT_GATE);
	outb(PIT_COMMAND, PIT_CH2_MODE0);
	outb(PIT_CH2_DATA, count & 0xff);
	outb(PIT_CH2_DATA, count >> 8);
	outb(PIT_CH2_GATE, inb(PIT_CH2_GATE) | PIT_GATE);
	t0 = rdtsc();
	/* Mode 0 holds OUT2 low until the count is done: high now, no 8254. */
	if (inb(PIT_CH2_GATE) & PIT_OUT2)
		return 0;
	while (!(inb(PIT_CH2_GATE) & PIT_OUT2) && ++spins < CALIBRATE_SPINS)
		cpu_relax();
	if (spins == CALIBRATE_SPINS)
		return 0;
	t1 = rdtsc();
	return (t1 - t0) / CALIBRATE_MS;
}

/*
 * Counts TSC ticks across CALIBRATE_MS of the HPET's main counter (IA-PC
 * HPET Specification 1.0a, 2.3): its period in femtoseconds is in the
 * capabilities register's high half, at most 100 ns; the counter runs once
 * the configuration's ENABLE_CNF is set, and may be 32 bits wide.
 */
static uint64_t tsc_khz_from_hpet(uint64_t base)
{
	volatile uint64_t *hpet = (volatile uint64_t *)(uintptr_t)base;
	uint64_t cap, period, ticks, mask, c0, c, t0, t1, us;
	uint32_t spins = 0;

	if (!base || base >= (4ull << 30))
		return 0;
	identity_map_uncached(base);
	cap = hpet[HPET_CAP / 8];
	period = cap >> 32;
	if (!period || period > HPET_MAX_PERIOD_FS)
		return 0;
	mask = cap & HPET_COUNT_SIZE_64 ? ~0ull : 0xffffffffull;
	if (!(hpet[HPET_CONFIG / 8] & HPET_ENABLE))
		hpet[HPET_CONFIG / 8] |= HPET_ENABLE;
	ticks = CALIBRATE_MS * 1000000000000ull / period;
	c0 = hpet[HPET_COUNTER / 8] & mask;
	t0 = rdtsc();
	do {
		c = hpet[HPET_COUNTER / 8] & mask;
		cpu_relax();
	} while (((c - c0) & mask) < ticks && ++spins < CALIBRATE_SPINS);
	t1 = rdtsc();
	if (spins == CALIBRATE_SPINS)
		return 0;
	us = ((c - c0) & mask) * period / 1000000000ull;
	return us ? (t1 - t0) * 1000 / us : 0;
}

/*
 * CPUID 0x15 (or 0x16) is exact where it is true, but an emulator may report a
 * crystal its TSC does not follow (Bochs' tigerlake: 2.4 GHz, while its TSC
 * counts instructions): it is used only when the clock measured (@clock,
 * @measured kHz; 0 if there is none) agrees within 10%.
 */
static void choose(uint64_t measured, const char *clock)
{
	uint64_t named = tsc_khz_from_cpuid();

	if (named && measured && named < measured + measured / 10 &&
	    named + measured / 10 > measured) {
		tsc_clock.khz = named;
		ksnprintf(tsc_how, sizeof(tsc_how), "CPUID, which %s confirms",
			  clock);
	} else if (measured) {
		tsc_clock.khz = measured;
		ksnprintf(tsc_how, sizeof(tsc_how), "measured against %s", clock);
	} else if (named) {
		tsc_clock.khz = named;
		ksnprintf(tsc_how, sizeof(tsc_how), "CPUID, with no clock to "
			  "check it against");
	} else {
		tsc_clock.khz = GUESS_KHZ;
		ksnprintf(tsc_how, sizeof(tsc_how), "a guess: no PIT, no HPET, "
			  "no CPUID rate");
	}
}

uint64_t tsc_calibrate(void)
{
	pit_khz = tsc_khz_from_pit();
	choose(pit_khz, "the PIT");
	tsc_clock.start = rdtsc();
	return tsc_clock.khz;
}

bool tsc_calibrate_hpet(uint64_t base)
{
	uint64_t khz = tsc_khz_from_hpet(base);

	if (!khz)
		return false;
	choose(khz, "the HPET");
	by_hpet = true;
	return true;
}

uint64_t tsc_pit_khz(void)
{
	return pit_khz;
}

bool tsc_by_hpet(void)
{
	return by_hpet;
}

bool tsc_has_clock(void)
{
	return pit_khz || by_hpet;
}

const char *tsc_source(void)
{
	return tsc_how;
}

void delay_us(uint64_t us)
{
	uint64_t end = time_us() + us;

	while (time_us() < end)
		cpu_relax();
}

uint64_t tsc_rate_khz(void)
{
	return tsc_clock.khz;
}

uint64_t tsc_to_us(uint64_t tsc)
{
	return tsc > tsc_clock.start ?
		(tsc - tsc_clock.start) * 1000 / tsc_clock.khz : 0;
}
