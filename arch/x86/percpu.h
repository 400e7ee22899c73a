/* SPDX-License-Identifier: MIT */
/*
 * What each CPU owns: its index, its local APIC ID, its stacks, GDT and TSS,
 * and the virtualization state that is per CPU by definition (the VMXON
 * region and current VMCS, SDM 24.11; the SVM host save area, APM 15.30.4).
 * A CPU finds its own record through the GS base, which points at it.
 */
#ifndef TG_ARCH_X86_PERCPU_H
#define TG_ARCH_X86_PERCPU_H

#include <stdint.h>

#include "arch/x86/desc.h"
#include "lib/sched.h"

#define MAX_CPUS SCHED_MAX_CPUS
#define AP_STACK_SIZE 16384
#define IST_STACK_SIZE 4096
#define IST_COUNT 3		/* #DF, NMI, #MC: arch/x86/gdt.c */
#define GDT_ENTRIES 7		/* null, code64, data, code32, TSS (two) */

/* A CPU's descriptor tables and the interrupt stacks its TSS names. */
struct cpu_tables {
	uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
	struct tss64 tss __attribute__((aligned(16)));
	uint8_t ist[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));
};

/* A CPU's life, in order; CPU_FAILED and CPU_ABSENT end it early. */
enum cpu_state {
	CPU_ABSENT,		/* not listed, not tried, or did not answer */
	CPU_STARTING,		/* INIT-SIPI-SIPI sent */
	CPU_ONLINE,		/* running C on its own stack */
	CPU_READY,		/* virtualization on: it can run guests */
	CPU_FAILED,		/* it started, but virtualization did not */
	CPU_RUNNING,		/* in its scheduling loop */
	CPU_FINISHED,		/* every guest of it is done */
};

struct vcpu;

struct per_cpu {
	struct per_cpu *self;	/* at %gs:0, for this_cpu() */
	unsigned int index;	/* 0 is the boot CPU; NAME.cpu= counts these */
	uint32_t apic_id;
	int state;		/* enum cpu_state, read and written atomically */
	uint64_t stack_bottom, stack_top;
	uint64_t current_vmcs_pa;	/* VMX: the VMCS VMPTRLD made current */
	uint64_t svm_host_state_pa;	/* SVM: VMSAVE'd host FS, GS, TR... */
	struct vcpu *state_owner;	/* whose core/cpustate.h state it holds */
	uint64_t nmis;			/* NMIs the host took (arch/x86/trap.c) */
	struct cpu_tables tables;
};

extern struct per_cpu cpus[MAX_CPUS];

/* This CPU's record (the GS base is set by percpu_init()). */
static inline struct per_cpu *this_cpu(void)
{
	struct per_cpu *c;

	asm volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

static inline int cpu_state_get(const struct per_cpu *c)
{
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
}

static inline void cpu_state_set(struct per_cpu *c, enum cpu_state s)
{
	__atomic_store_n(&c->state, s, __ATOMIC_RELEASE);
}

/*
 * Loads @c's GDT and TSS and the shared IDT on this CPU, and points the GS
 * base at @c (arch/x86/gdt.c).
 */
void percpu_init(struct per_cpu *c);

#endif
