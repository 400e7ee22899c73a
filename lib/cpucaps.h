/* SPDX-License-Identifier: MIT */
/*
 * What this CPU offers Tollgate, decoded from raw CPUID leaves and MSR
 * values.  arch/x86/cpuprobe.c collects the raw values on the machine; the
 * decoding is pure so that host tests can feed it recorded CPUs.
 * The bits are listed, with their sources, in shared/BUSLOCK.md.
 */
#ifndef TG_LIB_CPUCAPS_H
#define TG_LIB_CPUCAPS_H

#include <stdbool.h>
#include <stdint.h>

struct cpuid_leaf {
	uint32_t eax, ebx, ecx, edx;
};

/* MSR numbers: SDM Vol. 4 ch. 2, APM Vol. 2 15.30.1. */
#define MSR_IA32_FEATURE_CONTROL 0x3a
#define MSR_IA32_CORE_CAPABILITIES 0xcf
#define MSR_IA32_VMX_PROCBASED_CTLS 0x482
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48b
#define MSR_VM_CR 0xc0010114

/* IA32_FEATURE_CONTROL: SDM 24.7 (Vol. 3C "Enabling and entering VMX operation"). */
#define FEATURE_CONTROL_LOCKED (1u << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX (1u << 2)
/* VM_CR: APM 15.30.1. */
#define VM_CR_LOCK (1u << 3)
#define VM_CR_SVMDIS (1u << 4)
/* Allowed-1 settings are the high 32 bits of a VMX control MSR: SDM A.3.2/A.3.3. */
#define PROCBASED_ACTIVATE_SECONDARY (1u << 31)
#define PROCBASED2_BUS_LOCK_DETECT (1u << 30)
/* IA32_CORE_CAPABILITIES bit 5: split-lock #AC (SDM Vol. 4, MSR 0xCF). */
#define CORE_CAP_SPLIT_LOCK_AC (1u << 5)

/* The raw readings; an MSR's value is meaningful only when its has_ flag is set. */
struct cpu_raw {
	struct cpuid_leaf leaf0;	/* max leaf, vendor */
	struct cpuid_leaf leaf1;	/* family/model, VMX */
	struct cpuid_leaf leaf7;	/* subleaf 0: bus-lock #DB, core caps */
	struct cpuid_leaf ext0;		/* 8000_0000: max extended leaf */
	struct cpuid_leaf ext1;		/* 8000_0001: SVM, long mode */
	struct cpuid_leaf ext_a;	/* 8000_000A: SVM features */
	bool has_feature_control;
	uint64_t feature_control;
	bool has_procbased;
	uint64_t procbased;
	bool has_procbased2;
	uint64_t procbased2;
	bool has_vm_cr;
	uint64_t vm_cr;
	bool has_core_caps;
	uint64_t core_caps;
};

enum cpu_vendor { VENDOR_OTHER, VENDOR_INTEL, VENDOR_AMD };

struct cpu_caps {
	enum cpu_vendor vendor;
	char vendor_id[13];		/* "GenuineIntel", NUL-terminated */
	uint32_t family, model, stepping;	/* display values: SDM CPUID leaf 1 */
	bool vmx, svm;			/* present in CPUID */
	bool vmx_firmware_disabled;	/* FEATURE_CONTROL locked without VMX */
	bool vmx_feature_control_unlocked;	/* Tollgate may set and lock it */
	bool svm_firmware_disabled;	/* VM_CR.SVMDIS */
	bool svm_disable_locked;	/* VM_CR.LOCK: only firmware can undo it */
	bool bus_lock_db;		/* CPUID.7.0:ECX[24] */
	bool bus_lock_vmexit;		/* PROCBASED_CTLS2 allowed-1 bit 30 */
	bool bus_lock_threshold;	/* CPUID 8000_000A:EDX[29] */
	bool split_lock_ac;		/* IA32_CORE_CAPABILITIES bit 5 */
};

/* CPUID leaves and MSRs that cpu_caps_decode() reads. */
#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
/*
 * What guests are not shown (core/cpumodel.c), SDM Vol. 2A CPUID and APM
 * Vol. 3 Appendix E.  Leaf 1 ECX: MONITOR 3, DS-CPL 4, VMX 5, SMX 6, EST 7,
 * TM2 8, PDCM 15, x2APIC 21, TSC-deadline 24; EDX: MCE 7, APIC 9, MCA 14,
 * DS 21, ACPI 22, HTT 28, TM 29, PBE 31.
 */
#define CPUID_1_ECX_HIDDEN ((1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | \
			    (1u << 7) | (1u << 8) | (1u << 15) | (1u << 21) | \
			    (1u << 24))
#define CPUID_1_EDX_HIDDEN ((1u << 7) | (1u << 9) | (1u << 14) | (1u << 21) | \
			    (1u << 22) | (1u << 28) | (1u << 29) | (1u << 31))
/* Leaf 7.0: TSC_ADJUST (its MSR 0x3B is not offered), MPX, RDT-M, RDT-A,
 * PT; PKU, OSPKE, WAITPKG, CET-SS; CET-IBT, AMX, and the speculation
 * controls (EDX 26-31). */
#define CPUID_7_EBX_HIDDEN ((1u << 1) | (1u << 12) | (1u << 14) | \
			    (1u << 15) | (1u << 25))
#define CPUID_7_ECX_HIDDEN ((1u << 3) | (1u << 4) | (1u << 5) | (1u << 7))
#define CPUID_7_EDX_HIDDEN ((1u << 20) | (1u << 22) | (1u << 24) | (1u << 25) | \
			    (0x3fu << 26))
#define CPUID_7_EBX_INVPCID (1u << 10)
#define CPUID_80000001_EDX_RDTSCP (1u << 27)
/* 8000_0001 ECX: SVM 2, IBS 10, PerfCtrExtCore 23, MWAITX 29. */
#define CPUID_80000001_ECX_HIDDEN ((1u << 2) | (1u << 10) | (1u << 23) | \
				   (1u << 29))
/* 8000_0008 EBX: IBPB 12, IBRS 14, STIBP 15, SSBD 24, VIRT_SSBD 25. */
#define CPUID_80000008_EBX_HIDDEN ((1u << 12) | (1u << 14) | (1u << 15) | \
				   (1u << 24) | (1u << 25))
/* Features whose state Tollgate does not switch: SDM Vol. 2A CPUID. */
#define CPUID_7_EBX_MPX (1u << 14)
#define CPUID_7_ECX_PKU (1u << 3)
#define CPUID_7_ECX_OSPKE (1u << 4)
#define CPUID_7_ECX_CET_SS (1u << 7)
#define CPUID_7_EDX_CET_IBT (1u << 20)
#define CPUID_7_EDX_AMX ((1u << 22) | (1u << 24) | (1u << 25))
#define CPUID_D1_EAX_XSAVEOPT (1u << 0)
#define CPUID_D1_EAX_XSAVEC (1u << 1)
#define CPUID_D1_EAX_XGETBV1 (1u << 2)
#define CPUID_7_ECX_BUS_LOCK_DETECT (1u << 24)
#define CPUID_7_EDX_CORE_CAPABILITIES (1u << 30)
#define CPUID_80000001_ECX_SVM (1u << 2)
#define CPUID_8000000A_EDX_BUS_LOCK_THRESHOLD (1u << 29)
#define CPUID_MEM_ENCRYPTION 0x8000001fu	/* SME/SEV: APM Vol. 3 E.4.17 */

/* Which MSRs exist, by CPUID alone, so the probe reads no missing MSR. */
bool cpu_raw_has_leaf7(const struct cpu_raw *raw);
bool cpu_raw_has_ext_a(const struct cpu_raw *raw);

/* Fills @caps from @raw. */
void cpu_caps_decode(const struct cpu_raw *raw, struct cpu_caps *caps);

/* "vmx", "svm" or "none": the extension Tollgate can use on this CPU. */
const char *cpu_caps_virt(const struct cpu_caps *caps);

/* "intel", "amd" or "other". */
const char *cpu_caps_vendor_name(const struct cpu_caps *caps);

#endif
