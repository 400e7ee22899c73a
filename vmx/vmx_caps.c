/* SPDX-License-Identifier: MIT */
/*
 * VMX control adjustment from the capability MSRs, the one place that
 * decides what Tollgate asks of a CPU and says in words what it refuses.
 * SDM Vol. 3D A.2 (reserved controls and defaults), A.3-A.5 (the control
 * MSRs), A.7 and A.8 (CR0 and CR4 fixed bits).
 */
#include "lib/format.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_caps.h"

#define NR_CTL_BITS 32

struct ctls_desc {
	const char *prefix;			/* how its name starts */
	uint32_t msr, true_msr;			/* true_msr 0: none */
	const char *const *bits;		/* NR_CTL_BITS names */
};

/* Pin-based controls: SDM 24.6.1, Table 24-5. */
static const char *const pin_bits[NR_CTL_BITS] = {
	[0] = "external-interrupt exiting",
	[3] = "NMI exiting",
	[5] = "virtual NMIs",
	[6] = "activate VMX-preemption timer",
	[7] = "process posted interrupts",
};

/* Primary processor-based controls: SDM 24.6.2, Table 24-6. */
static const char *const proc_bits[NR_CTL_BITS] = {
	[2] = "interrupt-window exiting",
	[3] = "use TSC offsetting",
	[7] = "HLT exiting",
	[9] = "INVLPG exiting",
	[10] = "MWAIT exiting",
	[11] = "RDPMC exiting",
	[12] = "RDTSC exiting",
	[15] = "CR3-load exiting",
	[16] = "CR3-store exiting",
	[19] = "CR8-load exiting",
	[20] = "CR8-store exiting",
	[21] = "use TPR shadow",
	[22] = "NMI-window exiting",
	[23] = "MOV-DR exiting",
	[24] = "unconditional I/O exiting",
	[25] = "use I/O bitmaps",
	[27] = "monitor trap flag",
	[28] = "use MSR bitmaps",
	[29] = "MONITOR exiting",
	[30] = "PAUSE exiting",
	[31] = "activate secondary controls",
};

/* Secondary processor-based controls: SDM 24.6.2, Table 24-7. */
static const char *const proc2_bits[NR_CTL_BITS] = {
	[0] = "virtualize APIC accesses",
	[1] = "enable EPT",
	[2] = "descriptor-table exiting",
	[3] = "enable RDTSCP",
	[4] = "virtualize x2APIC mode",
	[5] = "enable VPID",
	[6] = "WBINVD exiting",
	[7] = "unrestricted guest",
	[12] = "enable INVPCID",
	[20] = "enable XSAVES/XRSTORS",
	[30] = "bus-lock detection",
};

/* VM-exit controls: SDM 24.7.1, Table 24-10. */
static const char *const exit_bits[NR_CTL_BITS] = {
	[2] = "save debug controls",
	[9] = "host address-space size",
	[12] = "load IA32_PERF_GLOBAL_CTRL",
	[15] = "acknowledge interrupt on exit",
	[18] = "save IA32_PAT",
	[19] = "load IA32_PAT",
	[20] = "save IA32_EFER",
	[21] = "load IA32_EFER",
	[22] = "save VMX-preemption timer value",
};

/* VM-entry controls: SDM 24.8.1, Table 24-12. */
static const char *const entry_bits[NR_CTL_BITS] = {
	[2] = "load debug controls",
	[9] = "IA-32e mode guest",
	[13] = "load IA32_PERF_GLOBAL_CTRL",
	[14] = "load IA32_PAT",
	[15] = "load IA32_EFER",
};

static const struct ctls_desc ctls[VMX_CAP_COUNT] = {
	[VMX_CAP_PINBASED] = { "pin-based", MSR_IA32_VMX_PINBASED_CTLS,
			       MSR_IA32_VMX_TRUE_PINBASED_CTLS, pin_bits },
	[VMX_CAP_PROCBASED] = { "primary", MSR_IA32_VMX_PROCBASED_CTLS,
				MSR_IA32_VMX_TRUE_PROCBASED_CTLS, proc_bits },
	[VMX_CAP_PROCBASED2] = { "secondary", MSR_IA32_VMX_PROCBASED_CTLS2, 0,
				 proc2_bits },
	[VMX_CAP_EXIT] = { "VM-exit", MSR_IA32_VMX_EXIT_CTLS,
			   MSR_IA32_VMX_TRUE_EXIT_CTLS, exit_bits },
	[VMX_CAP_ENTRY] = { "VM-entry", MSR_IA32_VMX_ENTRY_CTLS,
			    MSR_IA32_VMX_TRUE_ENTRY_CTLS, entry_bits },
};

/* Whether @s begins with @prefix. */
static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix) {
		s++;
		prefix++;
	}
	return !*prefix;
}

/* The bit names of the field called @which, or NULL for an unknown name. */
static const char *const *bit_names(const char *which)
{
	unsigned int i;

	for (i = 0; which && i < VMX_CAP_COUNT; i++)
		if (starts_with(which, ctls[i].prefix))
			return ctls[i].bits;
	return NULL;
}

uint32_t vmx_cap_msr(bool true_ctls, enum vmx_cap which)
{
	const struct ctls_desc *d;

	if ((unsigned int)which >= VMX_CAP_COUNT)
		return 0;
	d = &ctls[which];
	return true_ctls && d->true_msr ? d->true_msr : d->msr;
}

/* Where the next piece of a message goes: past *@at, if there is room. */
static char *tail(char *err, size_t errlen, size_t at, size_t *room)
{
	*room = at < errlen ? errlen - at : 0;
	return *room ? err + at : NULL;
}

/* Names, in @err, every bit of @refused: "bit 1 (enable EPT), bit 7 (...)". */
static void name_refused(const char *which, uint32_t refused, char *err,
			 size_t errlen)
{
	const char *const *names = bit_names(which);
	const char *sep = "";
	size_t at, room;
	unsigned int n;
	int len;

	len = ksnprintf(err, errlen, "%s: the CPU refuses required ",
			which ? which : "controls");
	at = len > 0 ? (size_t)len : 0;
	for (n = 0; n < NR_CTL_BITS; n++) {
		const char *what = names ? names[n] : NULL;
		char *p;

		if (!(refused & BIT(n)))
			continue;
		p = tail(err, errlen, at, &room);
		len = ksnprintf(p, room, "%sbit %u (%s)", sep, n,
				what ? what : "unnamed");
		at += len > 0 ? (size_t)len : 0;
		sep = ", ";
	}
}

int vmx_adjust_controls(const char *which, uint64_t cap, uint32_t required,
			uint32_t optional, uint32_t *out, char *err,
			size_t errlen)
{
	uint32_t allowed0 = (uint32_t)cap;		/* 1: must be 1 */
	uint32_t allowed1 = (uint32_t)(cap >> 32);	/* 0: must be 0 */
	uint32_t refused = required & ~allowed1;

	if (refused) {
		name_refused(which, refused, err, errlen);
		return -1;
	}
	*out = required | (optional & allowed1) | allowed0;
	return 0;
}

uint64_t vmx_fixed_bits(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value | fixed0) & fixed1;
}
