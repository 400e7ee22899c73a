/* SPDX-License-Identifier: MIT */
/*
 * The CPU a guest sees (docs/platform.md, "The CPU"): CPUID as the host's
 * less what Tollgate keeps to itself or does not virtualize, and the MSRs
 * it offers.  Anything else is #GP, as the hardware gives, never a killed
 * guest.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "arch/x86/xstate.h"
#include "core/cpumodel.h"
#include "core/cpustate.h"
#include "core/guest.h"
#include "core/hv.h"
#include "lib/cpucaps.h"
#include "lib/string.h"

#define MSR_IA32_TSC 0x10
#define MSR_IA32_DEBUGCTL 0x1d9
#define DEBUGCTL_LBR BIT(0)
#define DEBUGCTL_BTF BIT(1)
#define DEBUGCTL_BUS_LOCK_DETECT BIT(2)	/* Intel ISE "Bus Lock Detection" */
#define MSR_FEATURE_CONTROL 0x3a
#define FEATURE_CONTROL_LOCK BIT(0)		/* locked, VMX off */
#define MSR_BIOS_SIGN_ID 0x8b
#define MSR_PLATFORM_INFO 0xce
#define PLATFORM_INFO_RATIO_SHIFT 8		/* bits 15:8, x 100 MHz */
#define MSR_MTRRCAP 0xfe
#define MTRRCAP_WC BIT(10)
#define MSR_MISC_ENABLE 0x1a0
#define MISC_ENABLE_READ (BIT(0) | BIT(11) | BIT(12))
#define MSR_MTRR_DEF_TYPE 0x2ff
#define MTRR_DEF_TYPE_WRITABLE 0xcffull	/* type, FE, E (SDM 11.11.2.1) */
/* AMD's model-specific MSRs an OS reads (BKDG for Family 10h, 31116, 2.16). */
#define MSR_AMD_NB_CFG 0xc001001f
#define MSR_AMD_HWCR 0xc0010015
#define HWCR_TSC_FREQ_SEL BIT(24)	/* the TSC counts at the P0 frequency */
#define MSR_AMD_INT_PENDING 0xc0010055
#define MSR_AMD_OSVW_ID_LENGTH 0xc0010140
#define MSR_AMD_OSVW_STATUS 0xc0010141

/*
 * Whether @v sees bus-lock #DB (CPUID.7.0:ECX[24]): where the CPU has it,
 * or where the software detector gives it to this guest; not to a guest
 * whose detection is off (NAME.buslock=off) or another source's (a
 * threshold guest beside a software-detected one) on a CPU without it.
 */
bool cpumodel_sees_bus_lock_db(const struct vcpu *v)
{
	return vendor_caps.guest_bus_lock_db &&
	       (vendor_caps.bus_lock_db || v->detect == DETECT_SOFT);
}

/*
 * Leaf 0DH, the XSAVE components (SDM Vol. 1 13.2): only those guests may
 * enable (arch/x86/xstate.h); no supervisor state (IA32_XSS is not offered,
 * so no XSAVES) and no XFD.  EBX of subleaf 0 is the hardware's own, for the
 * guest's XCR0, which is in force while its exits are handled.
 */
static void cpuid_xsave(uint32_t subleaf, struct cpuid_regs *r)
{
	uint64_t mask = xstate_guest_mask();

	if (!xstate_has_xsave())
		return;
	if (subleaf == 0) {
		r->eax = (uint32_t)mask;
		r->edx = (uint32_t)(mask >> 32);
		r->ecx = (uint32_t)xstate_area_size();
	} else if (subleaf == 1) {
		r->eax &= CPUID_D1_EAX_XSAVEOPT | CPUID_D1_EAX_XSAVEC |
			  CPUID_D1_EAX_XGETBV1;
		r->ecx = r->edx = 0;
	} else if (subleaf >= 64 || !(mask & (1ull << subleaf))) {
		*r = (struct cpuid_regs){ 0 };
	}
}

/*
 * Leaf 1 (SDM Vol. 2A CPUID, Table 3-10 and 3-11): one logical processor
 * with APIC ID 0; a hypervisor; OSXSAVE as the guest's own CR4 says; none
 * of what Tollgate does not virtualize: VMX, the local APIC, x2APIC, the
 * TSC deadline, MONITOR/MWAIT, machine checks, debug store, thermal and
 * power management, performance monitoring capabilities.
 */
static void cpuid_leaf1(struct vcpu *v, struct cpuid_regs *r)
{
	struct vcpu_sysregs sr;

	vendor->get_sysregs(v, &sr);
	r->ebx = (r->ebx & 0xffff) | (1u << 16);	/* 1 logical CPU, ID 0 */
	r->ecx &= ~(CPUID_1_ECX_HIDDEN | CPUID_1_ECX_OSXSAVE);
	r->ecx |= BIT(31);		/* hypervisor present */
	if (sr.cr4 & CR4_OSXSAVE)
		r->ecx |= CPUID_1_ECX_OSXSAVE;
	r->edx &= ~CPUID_1_EDX_HIDDEN;
}

/* Leaf 7.0: no state Tollgate does not switch, no speculation controls. */
static void cpuid_leaf7(struct vcpu *v, struct cpuid_regs *r)
{
	r->ebx &= ~CPUID_7_EBX_HIDDEN;
	if (!vendor_caps.invpcid)
		r->ebx &= ~CPUID_7_EBX_INVPCID;
	r->ecx &= ~CPUID_7_ECX_HIDDEN;
	r->edx &= ~CPUID_7_EDX_HIDDEN;
	/* Shown where Tollgate gives guests the #DB, even on a CPU without it. */
	if (cpumodel_sees_bus_lock_db(v))
		r->ecx |= CPUID_7_ECX_BUS_LOCK_DETECT;
	else
		r->ecx &= ~CPUID_7_ECX_BUS_LOCK_DETECT;
}

/*
 * Leaves that describe what a guest does not have: all zero.  8000_001F
 * is AMD's memory encryption (SME, SEV; APM Vol. 3 E.4.17, Vol. 2 15.34):
 * Tollgate runs no guest encrypted, and a kernel that sees SEV reads
 * SEV_STATUS (MSR C001_0131), which is not offered: the #GP comes before
 * the kernel has an IDT that handles it, a triple fault (Linux's
 * get_sev_encryption_bit() at its 32-bit entry, sev_enable() at its 64-bit
 * one).
 */
static bool cpuid_empty(uint32_t leaf)
{
	return leaf == 6 || leaf == 0xa || leaf == 0xb || leaf == 0x1f ||
	       (leaf >= 0x40000000 && leaf < 0x50000000) ||
	       leaf == 0x8000000a || leaf == CPUID_MEM_ENCRYPTION;
}

/* The CPU the guest sees: the host's, less what Tollgate keeps to itself. */
void cpumodel_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
		    struct cpuid_regs *r)
{
	static const char sig[12] = "TollgateHV\0";

	if (leaf == 1) {
		cpuid_leaf1(v, r);
	} else if (leaf == 0xd) {
		cpuid_xsave(subleaf, r);
	} else if (leaf == 7 && subleaf == 0) {
		cpuid_leaf7(v, r);
	} else if (leaf == 0x80000001) {
		r->ecx &= ~CPUID_80000001_ECX_HIDDEN;
		if (!vendor_caps.rdtscp)
			r->edx &= ~CPUID_80000001_EDX_RDTSCP;
	} else if (leaf == 0x80000008) {
		r->ebx &= ~CPUID_80000008_EBX_HIDDEN;
	} else if (leaf == TG_CPUID_SIGNATURE) {
		r->eax = TG_CPUID_ABI;
		memcpy(&r->ebx, sig, 4);
		memcpy(&r->ecx, sig + 4, 4);
		memcpy(&r->edx, sig + 8, 4);
	} else if (leaf == TG_CPUID_ABI) {
		*r = (struct cpuid_regs){ TG_ABI_VERSION,
			!strcmp(vendor->name, "svm") ? TG_HYPERCALL_VMMCALL :
						       TG_HYPERCALL_VMCALL, 0, 0 };
	} else if (cpuid_empty(leaf)) {
		*r = (struct cpuid_regs){ 0 };
	}
}

/* DEBUGCTL bits a guest may set: bus-lock detect only where it sees CPUID bit 24. */
static uint64_t debugctl_allowed(const struct vcpu *v)
{
	return DEBUGCTL_LBR | DEBUGCTL_BTF |
	       (cpumodel_sees_bus_lock_db(v) ? DEBUGCTL_BUS_LOCK_DETECT : 0);
}

static bool intel(void)
{
	return !strcmp(cpu_caps_vendor_name(&the_run.cpu), "intel");
}

static bool amd(void)
{
	return !strcmp(cpu_caps_vendor_name(&the_run.cpu), "amd");
}

/*
 * What an OS reads at boot, answered as a plain CPU without the features
 * CPUID hides (SDM Vol. 4): no variable or fixed MTRRs but write-combining
 * (MTRRCAP, 11.11.1), a default type of its own (MTRR_DEF_TYPE), no
 * microcode update, VMX locked off; on Intel, MISC_ENABLE with fast strings
 * and no BTS or PEBS, and PLATFORM_INFO's ratio from the TSC.  On AMD the
 * model-specific ones Linux reads without a fixup: HWCR with only
 * TscFreqSel, as the TSC the guest reads is the host's, at a constant rate
 * (family 10h and later; Linux warns of a firmware bug without it); and,
 * read as 0 as under KVM, NB_CFG (no northbridge options), Interrupt
 * Pending (no C1E: the E400 erratum's check), and the OS-visible
 * workarounds (OSVW_ID_Length 0: no status bit is valid, so the OS goes by
 * its own tables; APM Vol. 2 has the OSVW MSRs as the BKDGs do).
 */
static bool model_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_IA32_TSC:
		*val = rdtsc();
		return true;
	case MSR_MTRRCAP:
		*val = MTRRCAP_WC;
		return true;
	case MSR_MTRR_DEF_TYPE:
		*val = v->mtrr_def_type;
		return true;
	case MSR_BIOS_SIGN_ID:
		*val = 0;
		return true;
	case MSR_FEATURE_CONTROL:
		*val = FEATURE_CONTROL_LOCK;
		return true;
	case MSR_MISC_ENABLE:
		*val = MISC_ENABLE_READ;
		return intel();
	case MSR_PLATFORM_INFO:
		*val = (tsc_rate_khz() / 100000) << PLATFORM_INFO_RATIO_SHIFT;
		return intel();
	case MSR_AMD_HWCR:
		*val = HWCR_TSC_FREQ_SEL;
		return amd();
	case MSR_AMD_NB_CFG:
	case MSR_AMD_INT_PENDING:
	case MSR_AMD_OSVW_ID_LENGTH:
	case MSR_AMD_OSVW_STATUS:
		*val = 0;
		return amd();
	}
	return false;
}

/* Writes an OS makes at boot that change nothing it can see, or are kept. */
static bool model_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_MTRR_DEF_TYPE:
		if (val & ~MTRR_DEF_TYPE_WRITABLE)
			return false;
		v->mtrr_def_type = val;
		return true;
	case MSR_BIOS_SIGN_ID:
		return true;
	case MSR_MISC_ENABLE:
		return intel();
	case MSR_AMD_NB_CFG:
		return amd();	/* Linux's PCI code sets a bit it never reads back */
	}
	return false;
}

bool cpumodel_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	int kept = cpustate_msr(v, msr, false, val);

	if (kept)
		return kept > 0;
	if (msr == MSR_IA32_DEBUGCTL) {
		*val = v->debugctl;
		return true;
	}
	return model_msr_read(v, msr, val) || vendor->msr_read(v, msr, val);
}

bool cpumodel_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	int kept = cpustate_msr(v, msr, true, &val);

	if (kept)
		return kept > 0;
	if (msr == MSR_IA32_DEBUGCTL) {
		if (val & ~debugctl_allowed(v))
			return false;
		v->debugctl = val;
		return true;
	}
	return model_msr_write(v, msr, val) || vendor->msr_write(v, msr, val);
}

