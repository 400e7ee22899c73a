/* SPDX-License-Identifier: MIT */
/*
 * The local APIC (SDM Vol. 3A chapter 11): each CPU's timer, its
 * end-of-interrupt, and the INIT and start-up IPIs that wake the other
 * processors.  xAPIC through its MMIO page, mapped uncacheable, or x2APIC
 * through MSRs when the firmware left it in that mode (SDM 11.12).
 */
#ifndef TG_ARCH_X86_LAPIC_H
#define TG_ARCH_X86_LAPIC_H

#define VEC_TIMER 0xf0		/* the one interrupt Tollgate takes */
#define VEC_SPURIOUS 0xff	/* SVR's spurious vector: SDM 11.9 */

/*
 * The EOI register, for lapic.c and the timer's stub (trap_entry.S): at
 * this offset in the xAPIC page (SDM Table 11-1), and in x2APIC mode the
 * MSR of the same register (SDM 11.12.1.2).
 */
#define LAPIC_REG_EOI 0xb0
#define X2APIC_MSR_BASE 0x800	/* register at MMIO offset R is MSR 0x800 + R/16 */
#define X2APIC_MSR(reg) (X2APIC_MSR_BASE + (reg) / 16)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/*
 * On the boot CPU: finds the local APIC, maps its page uncacheable, masks
 * the 8259 PICs and measures the timer against the TSC.  Returns false
 * with the reason in words if there is no usable local APIC.
 */
bool lapic_init(const char **why);

/* On every CPU, the boot CPU included: software-enables its local APIC. */
void lapic_cpu_init(void);

uint32_t lapic_id(void);

/* True once lapic_init() has found the local APIC. */
bool lapic_ready(void);
void lapic_eoi(void);

/* INIT, then start-up at physical @page (4 KiB-aligned, below 1 MiB). */
void lapic_send_init(uint32_t apic_id);
/* An NMI to the CPU with @apic_id (delivery mode 100b, SDM 11.6.1). */
void lapic_send_nmi(uint32_t apic_id);

void lapic_send_sipi(uint32_t apic_id, uint64_t page);

/* One-shot timer: VEC_TIMER after @us microseconds (at least one tick). */
void lapic_timer_arm_us(uint64_t us);
/* The same after @tsc_ticks of the TSC, never earlier: a multiply, no divide. */
void lapic_timer_arm_tsc(uint64_t tsc_ticks);
void lapic_timer_stop(void);

/* Timer ticks per millisecond, as measured; 0 before lapic_init(). */
uint64_t lapic_timer_khz(void);

/* "x2apic" or "xapic". */
const char *lapic_mode(void);

#endif /* __ASSEMBLER__ */
#endif
