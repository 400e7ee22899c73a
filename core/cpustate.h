/* SPDX-License-Identifier: MIT */
/*
 * Guest-visible CPU state that no control block switches: the x87, SSE and
 * AVX registers with the guest's own XCR0, DR0-DR3, TSC_AUX, and on VMX also
 * DR6, CR2, KERNEL_GS_BASE and the SYSCALL MSRs (STAR, LSTAR, CSTAR,
 * SFMASK), which SVM's VMCB and VMLOAD/VMSAVE switch themselves.  The
 * hypervisor uses none of it, so a CPU keeps the state of the guest it ran
 * last, and it is switched only when a CPU turns to another guest.
 */
#ifndef TG_CORE_CPUSTATE_H
#define TG_CORE_CPUSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* Gives @v its save area, all in the processor's reset state; <0 if no memory. */
int cpustate_create(struct vcpu *v);

/* Gives the save area back; the CPU forgets @v if it held its state. */
void cpustate_destroy(struct vcpu *v);

/*
 * Makes this CPU hold @v's state, saving that of the guest it held before:
 * before @v's turn, on the CPU that runs it.  XCR0 is @v's afterwards.
 */
void cpustate_load(struct vcpu *v);

/*
 * RDMSR/WRMSR of an MSR kept here: 1 done, 0 not one of these, -1 the
 * access raises #GP (a reserved bit, a non-canonical address).
 */
int cpustate_msr(struct vcpu *v, uint32_t msr, bool write, uint64_t *val);

/* XSETBV with ECX @xcr: false when it raises #GP (SDM Vol. 2C XSETBV). */
bool cpustate_xsetbv(struct vcpu *v, uint32_t xcr, uint64_t val);

#endif
