/* SPDX-License-Identifier: MIT */
/* Switching the CPU state no control block holds (core/cpustate.h). */
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/xstate.h"
#include "core/cpustate.h"
#include "core/guest.h"
#include "core/hv.h"
#include "core/memory.h"
#include "lib/dr6.h"

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define CANONICAL_BITS 48	/* SDM Vol. 1 3.3.7.1, 4-level paging */

/* The MSRs kept here, in struct vcpu_cpustate.msr order. */
static const uint32_t switched_msrs[CPUSTATE_MSRS] = {
	[CPUSTATE_TSC_AUX] = MSR_TSC_AUX,
	[CPUSTATE_KERNEL_GS_BASE] = MSR_KERNEL_GS_BASE,
	[CPUSTATE_STAR] = MSR_STAR, [CPUSTATE_LSTAR] = MSR_LSTAR,
	[CPUSTATE_CSTAR] = MSR_CSTAR, [CPUSTATE_SFMASK] = MSR_SFMASK,
};

/* MSRs switched here: all on VMX; only TSC_AUX where VMLOAD does the rest. */
static unsigned int msr_count(void)
{
	return vendor_caps.switches_syscall_state ? CPUSTATE_TSC_AUX + 1 :
						    CPUSTATE_MSRS;
}

static unsigned int area_pages(void)
{
	return (xstate_area_size() + PAGE_SIZE - 1) / PAGE_SIZE;
}

int cpustate_create(struct vcpu *v)
{
	struct vcpu_cpustate *s = &v->cpu;

	*s = (struct vcpu_cpustate){ .xcr0 = XFEATURE_X87, .dr6 = DR6_RESET };
	s->xsave_pa = alloc_zeroed_pages(area_pages());
	if (s->xsave_pa == PMM_NONE) {
		s->xsave_pa = 0;
		return -1;
	}
	xstate_area_init((void *)(uintptr_t)s->xsave_pa);
	return 0;
}

void cpustate_destroy(struct vcpu *v)
{
	struct per_cpu *c = this_cpu();

	if (c->state_owner == v)
		c->state_owner = NULL;
	if (v->cpu.xsave_pa)
		free_pages(v->cpu.xsave_pa, area_pages());
	v->cpu.xsave_pa = 0;
}

static void save(struct vcpu_cpustate *s)
{
	unsigned int i;

	xstate_save((void *)(uintptr_t)s->xsave_pa);
	for (i = 0; i < 4; i++)
		s->dr[i] = read_dr(i);
	for (i = 0; i < msr_count(); i++)
		s->msr[i] = rdmsr(switched_msrs[i]);
	if (!vendor_caps.switches_syscall_state) {
		s->dr6 = read_dr(6);
		s->cr2 = read_cr2();
	}
}

static void restore(const struct vcpu_cpustate *s)
{
	unsigned int i;

	xstate_restore((const void *)(uintptr_t)s->xsave_pa);
	for (i = 0; i < 4; i++)
		write_dr(i, s->dr[i]);
	for (i = 0; i < msr_count(); i++)
		wrmsr(switched_msrs[i], s->msr[i]);
	if (!vendor_caps.switches_syscall_state) {
		write_dr(6, s->dr6);
		write_cr2(s->cr2);
	}
}

/*
 * While a CPU holds a guest's state, the register is its XCR0: XSETBV is
 * intercepted and checked, but an emulator that ignores the intercept (QEMU
 * TCG does) lets the guest set it itself.  Such a value is taken as the
 * guest's when the CPU turns to another guest, unless it enables state
 * Tollgate does not switch: that guest is stopped.  Until then the state
 * is on the CPU that runs it and no other guest runs there, so a guest
 * that keeps its CPU is not looked at each turn.
 */
static void note_xcr0(struct vcpu *v)
{
	uint64_t x = xcr0_read();

	if (x == v->cpu.xcr0)
		return;
	if (x & ~xstate_guest_mask())
		guest_stop(v->guest, GUEST_KILLED, "set XCR0 to 0x%llx past the "
			   "XSETBV intercept, with state Tollgate does not "
			   "switch", (unsigned long long)x);
	v->cpu.xcr0 = x;
}

/*
 * Every switched component is saved and restored with XCR0 at the full
 * mask, so that a component one guest has disabled still never shows
 * another guest's values when it enables it again.
 */
static __attribute__((noinline)) void switch_state(struct per_cpu *c,
						   struct vcpu *v)
{
	if (c->state_owner)
		note_xcr0(c->state_owner);
	xcr0_write(xstate_guest_mask());
	if (c->state_owner)
		save(&c->state_owner->cpu);
	restore(&v->cpu);
	xcr0_write(v->cpu.xcr0);
	c->state_owner = v;
}

void cpustate_load(struct vcpu *v)
{
	struct per_cpu *c = this_cpu();

	if (c->state_owner != v)
		switch_state(c, v);
}

/* Whether @a is canonical: bits 63:47 all equal (SDM Vol. 1 3.3.7.1). */
static bool canonical(uint64_t a)
{
	int64_t s = (int64_t)(a << (64 - CANONICAL_BITS));

	return (uint64_t)(s >> (64 - CANONICAL_BITS)) == a;
}

/* A WRMSR value the hardware takes for MSR index @i (SDM Vol. 4 table 2-2). */
static bool msr_value_ok(unsigned int i, uint64_t val)
{
	switch (i) {
	case CPUSTATE_TSC_AUX:
	case CPUSTATE_SFMASK:
		return !(val >> 32);	/* bits 63:32 reserved */
	case CPUSTATE_STAR:
		return true;
	default:
		return canonical(val);	/* an address */
	}
}

/*
 * This CPU holds @v's state while its exits are handled (cpustate_load),
 * so an MSR is read from and written to the register itself.
 */
int cpustate_msr(struct vcpu *v, uint32_t msr, bool write, uint64_t *val)
{
	unsigned int i;

	for (i = 0; i < msr_count(); i++) {
		if (switched_msrs[i] != msr)
			continue;
		if (!write) {
			*val = rdmsr(msr);
			return 1;
		}
		if (!msr_value_ok(i, *val))
			return -1;
		wrmsr(msr, *val);
		v->cpu.msr[i] = *val;
		return 1;
	}
	return 0;
}

bool cpustate_xsetbv(struct vcpu *v, uint32_t xcr, uint64_t val)
{
	if (xcr != 0 || !xcr0_valid_for_guest(val))
		return false;
	v->cpu.xcr0 = val;
	xcr0_write(val);
	return true;
}
