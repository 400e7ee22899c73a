/* SPDX-License-Identifier: MIT */
/* The CPU a guest sees: CPUID and the MSRs it offers (core/cpumodel.c). */
#ifndef TG_CORE_CPUMODEL_H
#define TG_CORE_CPUMODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "core/vm.h"

/*
 * Whether @v sees bus-lock #DB (CPUID.7.0:ECX[24]): where the CPU has it,
 * or where the software detector gives it to this guest.
 */
bool cpumodel_sees_bus_lock_db(const struct vcpu *v);

/* Turns the host's answer @r to CPUID @leaf/@subleaf into the guest's. */
void cpumodel_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
		    struct cpuid_regs *r);

/* RDMSR/WRMSR of @msr by @v; false when it raises #GP. */
bool cpumodel_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
bool cpumodel_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);

#endif
