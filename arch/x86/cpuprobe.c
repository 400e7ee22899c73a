/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/cpuprobe.h"
#include "lib/string.h"

static struct cpuid_leaf read_leaf(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = cpuid(leaf, subleaf);

	return (struct cpuid_leaf){ r.eax, r.ebx, r.ecx, r.edx };
}

/* SDM A.3.2: the TRUE_ MSR is not needed to know what may be set to 1. */
static void probe_vmx_msrs(struct cpu_raw *raw)
{
	/* IA32_FEATURE_CONTROL exists if CPUID.1:ECX[5] or [6] (SDM Vol. 4). */
	raw->has_feature_control = rdmsr_safe(MSR_IA32_FEATURE_CONTROL,
					      &raw->feature_control);
	raw->has_procbased = rdmsr_safe(MSR_IA32_VMX_PROCBASED_CTLS,
					&raw->procbased);
	if (raw->has_procbased &&
	    ((raw->procbased >> 32) & PROCBASED_ACTIVATE_SECONDARY))
		raw->has_procbased2 = rdmsr_safe(MSR_IA32_VMX_PROCBASED_CTLS2,
						 &raw->procbased2);
}

void cpu_probe(struct cpu_raw *raw)
{
	memset(raw, 0, sizeof(*raw));
	raw->leaf0 = read_leaf(0, 0);
	if (raw->leaf0.eax >= 1)
		raw->leaf1 = read_leaf(1, 0);
	if (cpu_raw_has_leaf7(raw))
		raw->leaf7 = read_leaf(7, 0);
	raw->ext0 = read_leaf(0x80000000, 0);
	if (raw->ext0.eax >= 0x80000001 && raw->ext0.eax < 0x8000ffff)
		raw->ext1 = read_leaf(0x80000001, 0);
	if (cpu_raw_has_ext_a(raw))
		raw->ext_a = read_leaf(0x8000000a, 0);

	if (raw->leaf1.ecx & CPUID_1_ECX_VMX)
		probe_vmx_msrs(raw);
	if (raw->ext1.ecx & CPUID_80000001_ECX_SVM)
		raw->has_vm_cr = rdmsr_safe(MSR_VM_CR, &raw->vm_cr);
	if (raw->leaf7.edx & CPUID_7_EDX_CORE_CAPABILITIES)
		raw->has_core_caps = rdmsr_safe(MSR_IA32_CORE_CAPABILITIES,
						&raw->core_caps);
}
