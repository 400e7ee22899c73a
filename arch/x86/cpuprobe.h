/* SPDX-License-Identifier: MIT */
#ifndef TG_ARCH_X86_CPUPROBE_H
#define TG_ARCH_X86_CPUPROBE_H

#include "lib/cpucaps.h"

/*
 * Reads the CPUID leaves and MSRs that describe this CPU's virtualization
 * and bus-lock features.  An MSR is read only where CPUID says it exists,
 * and through rdmsr_safe(), so an emulator that lies costs a flag, not a #GP.
 */
void cpu_probe(struct cpu_raw *raw);

#endif
