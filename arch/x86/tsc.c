/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"

#define PIT_HZ 1193182u			/* the 8254's input clock */
#define PIT_CH2_DATA 0x42
#define PIT_COMMAND 0x43
#define PIT_CH2_GATE 0x61		/* bit 0 gate, bit 1 speaker, bit 5 out */
#define PIT_GATE BIT(0)
#define PIT_SPEAKER BIT(1)
#define PIT_OUT2 BIT(5)
#define PIT_CH2_MODE0 0xb0		/* channel 2, lo/hi byte, mode 0 */
#define CALIBRATE_MS 50

static uint64_t tsc_khz;
static uint64_t tsc_start;

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
	/* OUT2 rises when the count reaches zero; give up on a missing PIT. */
	while (!(inb(PIT_CH2_GATE) & PIT_OUT2) && ++spins < 100000000u)
		cpu_relax();
	t1 = rdtsc();
	return (t1 - t0) / CALIBRATE_MS;
}

/*
 * CPUID 0x15 (or 0x16) is exact where it is true, but an emulator may report a
 * crystal its TSC does not follow (Bochs' tigerlake: 2.4 GHz, while its TSC
 * counts instructions): it is used only when the PIT agrees within 10%.
 */
uint64_t tsc_calibrate(void)
{
	uint64_t pit = tsc_khz_from_pit();
	uint64_t named = tsc_khz_from_cpuid();

	tsc_khz = pit;
	if (named && pit && named < pit + pit / 10 && named + pit / 10 > pit)
		tsc_khz = named;
	if (!tsc_khz)
		tsc_khz = named ? named : 1000000;	/* no PIT: trust CPUID */
	tsc_start = rdtsc();
	return tsc_khz;
}

uint64_t time_us(void)
{
	return (rdtsc() - tsc_start) * 1000 / tsc_khz;
}

void delay_us(uint64_t us)
{
	uint64_t end = time_us() + us;

	while (time_us() < end)
		cpu_relax();
}

uint64_t tsc_rate_khz(void)
{
	return tsc_khz;
}

uint64_t tsc_at_us(uint64_t us)
{
	return tsc_start + us * tsc_khz / 1000;
}
