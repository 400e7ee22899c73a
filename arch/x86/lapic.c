/* SPDX-License-Identifier: MIT */
/* The local APIC: SDM Vol. 3A chapter 11 (arch/x86/lapic.h). */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/bits.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/mmio.h"
#include "arch/x86/tsc.h"
#include "lib/scale.h"

#define MSR_APIC_BASE 0x1b	/* SDM 11.4.4 */
#define APIC_BASE_EXTD BIT(10)	/* x2APIC mode: SDM 11.12.1 */
#define APIC_BASE_EN BIT(11)
#define APIC_BASE_ADDR_MASK 0xffffff000ull

/* Register offsets in the xAPIC page: SDM Table 11-1. */
#define REG_ID 0x20
#define REG_TPR 0x80
#define REG_SVR 0xf0
#define REG_ESR 0x280
#define REG_ICR_LO 0x300
#define REG_ICR_HI 0x310
#define REG_LVT_TIMER 0x320
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CUR 0x390
#define REG_TIMER_DIV 0x3e0

#define SVR_ENABLE BIT(8)
#define LVT_MASKED BIT(16)
#define TIMER_DIV_16 0x3	/* SDM Figure 11-10 */
/* ICR (SDM 11.6.1): delivery mode, level, and the send-pending status. */
#define ICR_NMI (4u << 8)
#define ICR_INIT (5u << 8)
#define ICR_STARTUP (6u << 8)
#define ICR_ASSERT BIT(14)
#define ICR_PENDING BIT(12)

#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define CALIBRATE_US 10000

/* Read by the timer's interrupt stub too (arch/x86/trap_entry.S). */
volatile uint32_t *lapic_mmio;
bool lapic_x2apic;
static uint64_t timer_khz;	/* timer ticks per ms, after the divider */
static uint64_t ticks_per_tsc;	/* timer ticks per TSC tick (lib/scale.h) */

static uint32_t reg_read(uint32_t reg)
{
	if (lapic_x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return lapic_mmio[reg / 4];
}

static void reg_write(uint32_t reg, uint32_t val)
{
	if (lapic_x2apic)
		wrmsr(X2APIC_MSR(reg), val);
	else
		lapic_mmio[reg / 4] = val;
}

/*
 * Counts timer ticks over CALIBRATE_US of the (calibrated) TSC, and sets
 * the ratio of the two clocks.  The timer counts from before the TSC's
 * window opens to after it closes, so the ratio is never below the true
 * one: a timer armed by it never fires early (a delay while the window is
 * read, a descheduled emulator's say, only makes it later).
 */
static uint64_t measure_timer(void)
{
	uint64_t start, tsc, window = CALIBRATE_US * tsc_rate_khz() / 1000;
	uint32_t left;

	reg_write(REG_TIMER_DIV, TIMER_DIV_16);
	reg_write(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	reg_write(REG_TIMER_INIT, 0xffffffff);
	start = rdtsc();
	while ((tsc = rdtsc()) - start < window)
		cpu_relax();
	left = reg_read(REG_TIMER_CUR);
	reg_write(REG_TIMER_INIT, 0);
	reg_write(REG_LVT_TIMER, VEC_TIMER);	/* as lapic_cpu_init() left it */
	if (left == 0xffffffff)
		return 0;	/* it did not count */
	ticks_per_tsc = scale_ratio(0xffffffffull - left, tsc - start);
	return (0xffffffffull - left) * tsc_rate_khz() / (tsc - start);
}

bool lapic_init(const char **why)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (!(cpuid(1, 0).edx & BIT(9))) {	/* CPUID.1:EDX[9] APIC */
		*why = "this CPU has no local APIC";
		return false;
	}
	if (!(base & APIC_BASE_EN)) {
		*why = "the local APIC is disabled in IA32_APIC_BASE";
		return false;
	}
	lapic_x2apic = base & APIC_BASE_EXTD;
	if (!lapic_x2apic) {
		uint64_t pa = base & APIC_BASE_ADDR_MASK;

		if (pa >= (4ull << 30)) {
			*why = "the local APIC page is above 4 GiB, outside the "
			       "identity map";
			return false;
		}
		identity_map_uncached(pa);	/* SDM 11.4.1 */
		lapic_mmio = (volatile uint32_t *)(uintptr_t)pa;
	}
	/* No legacy interrupts: the 8259s' IRQ 0 would arrive as vector 8. */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	lapic_cpu_init();
	timer_khz = measure_timer();
	if (!timer_khz) {
		*why = "the local APIC timer does not count";
		return false;
	}
	return true;
}

/*
 * The timer's LVT entry is one-shot and unmasked from here on: a timer
 * with an initial count of 0 is stopped and raises nothing (SDM 11.5.4),
 * so arming it is one write of the initial count.
 */
void lapic_cpu_init(void)
{
	reg_write(REG_TPR, 0);
	reg_write(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
	reg_write(REG_TIMER_DIV, TIMER_DIV_16);
	reg_write(REG_TIMER_INIT, 0);
	reg_write(REG_LVT_TIMER, VEC_TIMER);	/* one-shot, unmasked */
}

bool lapic_ready(void)
{
	return lapic_x2apic || lapic_mmio;
}

uint32_t lapic_id(void)
{
	/* x2APIC: the whole 32-bit ID; xAPIC: bits 31:24 (SDM 11.4.6). */
	return lapic_x2apic ? reg_read(REG_ID) : reg_read(REG_ID) >> 24;
}

void lapic_eoi(void)
{
	reg_write(LAPIC_REG_EOI, 0);
}

/* Sends one IPI and waits (xAPIC) until the APIC has taken it: SDM 11.6.1. */
static void send_ipi(uint32_t apic_id, uint32_t lo)
{
	unsigned int spins;

	if (lapic_x2apic) {
		wrmsr(X2APIC_MSR(REG_ICR_LO),
		      ((uint64_t)apic_id << 32) | lo);
		return;
	}
	reg_write(REG_ESR, 0);
	reg_write(REG_ICR_HI, apic_id << 24);
	reg_write(REG_ICR_LO, lo);
	for (spins = 0; spins < 1000000 && (reg_read(REG_ICR_LO) & ICR_PENDING);
	     spins++)
		cpu_relax();
}

void lapic_send_init(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_INIT | ICR_ASSERT);
}

void lapic_send_nmi(uint32_t apic_id)
{
	send_ipi(apic_id, ICR_NMI | ICR_ASSERT);
}

void lapic_send_sipi(uint32_t apic_id, uint64_t page)
{
	send_ipi(apic_id, ICR_STARTUP | ICR_ASSERT | (uint32_t)(page >> 12));
}

/* At least one tick (0 would stop it), at most the 32-bit count's. */
static void arm_ticks(uint64_t ticks)
{
	if (!ticks)
		ticks = 1;
	if (ticks > 0xffffffffull)
		ticks = 0xffffffffull;
	reg_write(REG_TIMER_INIT, (uint32_t)ticks);
}

void lapic_timer_arm_us(uint64_t us)
{
	arm_ticks(us * timer_khz / 1000);
}

void lapic_timer_arm_tsc(uint64_t tsc_ticks)
{
	arm_ticks(scale_up(tsc_ticks, ticks_per_tsc));
}

void lapic_timer_stop(void)
{
	reg_write(REG_TIMER_INIT, 0);
}

uint64_t lapic_timer_khz(void)
{
	return timer_khz;
}

const char *lapic_mode(void)
{
	return lapic_x2apic ? "x2apic" : "xapic";
}
