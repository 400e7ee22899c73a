/* SPDX-License-Identifier: MIT */
/* Decoding of CPUID and MSR readings into Tollgate's view of the CPU. */
#include "lib/cpucaps.h"
#include "lib/string.h"

bool cpu_raw_has_leaf7(const struct cpu_raw *raw)
{
	return raw->leaf0.eax >= 7;
}

bool cpu_raw_has_ext_a(const struct cpu_raw *raw)
{
	return raw->ext0.eax >= 0x8000000a && raw->ext0.eax < 0x8000ffff;
}

/* The vendor string is EBX, EDX, ECX of leaf 0 (SDM CPUID, leaf 0). */
static void decode_vendor(const struct cpu_raw *raw, struct cpu_caps *caps)
{
	memcpy(caps->vendor_id, &raw->leaf0.ebx, 4);
	memcpy(caps->vendor_id + 4, &raw->leaf0.edx, 4);
	memcpy(caps->vendor_id + 8, &raw->leaf0.ecx, 4);
	caps->vendor_id[12] = '\0';
	if (!strcmp(caps->vendor_id, "GenuineIntel"))
		caps->vendor = VENDOR_INTEL;
	else if (!strcmp(caps->vendor_id, "AuthenticAMD"))
		caps->vendor = VENDOR_AMD;
	else
		caps->vendor = VENDOR_OTHER;
}

/*
 * Display family and model (SDM CPUID leaf 1, "Version Information"): the
 * extended family is added when the family is 0xF, and the extended model
 * is prepended when the family is 6 or 0xF.
 */
static void decode_signature(uint32_t eax, struct cpu_caps *caps)
{
	uint32_t family = (eax >> 8) & 0xf;
	uint32_t model = (eax >> 4) & 0xf;

	caps->stepping = eax & 0xf;
	if (family == 0xf)
		family += (eax >> 20) & 0xff;
	if (family == 0x6 || family >= 0xf)
		model |= ((eax >> 16) & 0xf) << 4;
	caps->family = family;
	caps->model = model;
}

static void decode_vmx(const struct cpu_raw *raw, struct cpu_caps *caps)
{
	uint64_t fc = raw->feature_control;

	caps->vmx = raw->leaf1.ecx & CPUID_1_ECX_VMX;
	if (!caps->vmx)
		return;
	if (raw->has_feature_control) {
		caps->vmx_feature_control_unlocked =
			!(fc & FEATURE_CONTROL_LOCKED);
		caps->vmx_firmware_disabled =
			(fc & FEATURE_CONTROL_LOCKED) &&
			!(fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	}
	if (raw->has_procbased && raw->has_procbased2 &&
	    ((raw->procbased >> 32) & PROCBASED_ACTIVATE_SECONDARY))
		caps->bus_lock_vmexit = (raw->procbased2 >> 32) &
					PROCBASED2_BUS_LOCK_DETECT;
}

static void decode_svm(const struct cpu_raw *raw, struct cpu_caps *caps)
{
	caps->svm = raw->ext0.eax >= 0x80000001 &&
		    (raw->ext1.ecx & CPUID_80000001_ECX_SVM);
	if (!caps->svm)
		return;
	if (raw->has_vm_cr) {
		caps->svm_firmware_disabled = raw->vm_cr & VM_CR_SVMDIS;
		caps->svm_disable_locked = raw->vm_cr & VM_CR_LOCK;
	}
	if (cpu_raw_has_ext_a(raw))
		caps->bus_lock_threshold =
			raw->ext_a.edx & CPUID_8000000A_EDX_BUS_LOCK_THRESHOLD;
}

void cpu_caps_decode(const struct cpu_raw *raw, struct cpu_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	decode_vendor(raw, caps);
	if (raw->leaf0.eax >= 1)
		decode_signature(raw->leaf1.eax, caps);
	decode_vmx(raw, caps);
	decode_svm(raw, caps);
	if (cpu_raw_has_leaf7(raw))
		caps->bus_lock_db = raw->leaf7.ecx & CPUID_7_ECX_BUS_LOCK_DETECT;
	if (raw->has_core_caps)
		caps->split_lock_ac = raw->core_caps & CORE_CAP_SPLIT_LOCK_AC;
}

const char *cpu_caps_virt(const struct cpu_caps *caps)
{
	if (caps->vmx && !caps->vmx_firmware_disabled)
		return "vmx";
	if (caps->svm && !caps->svm_firmware_disabled)
		return "svm";
	return "none";
}

const char *cpu_caps_vendor_name(const struct cpu_caps *caps)
{
	switch (caps->vendor) {
	case VENDOR_INTEL:
		return "intel";
	case VENDOR_AMD:
		return "amd";
	default:
		return "other";
	}
}
