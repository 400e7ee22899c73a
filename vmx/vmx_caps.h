/* SPDX-License-Identifier: MIT */
/*
 * What a CPU allows in the VMX controls and in CR0/CR4, decided from its
 * capability MSRs (SDM Vol. 3D Appendix A).  Pure: the MSR values come in
 * as numbers, so host tests can feed recorded CPUs.
 */
#ifndef TG_VMX_VMX_CAPS_H
#define TG_VMX_VMX_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The five 32-bit control fields a capability MSR describes. */
enum vmx_cap {
	VMX_CAP_PINBASED,	/* pin-based, SDM A.3.1 */
	VMX_CAP_PROCBASED,	/* primary processor-based, A.3.2 */
	VMX_CAP_PROCBASED2,	/* secondary processor-based, A.3.3 */
	VMX_CAP_EXIT,		/* VM-exit, A.4 */
	VMX_CAP_ENTRY,		/* VM-entry, A.5 */
	VMX_CAP_COUNT
};

/*
 * The MSR that reports the allowed settings of @which: the TRUE_ one when
 * @true_ctls (IA32_VMX_BASIC bit 55, SDM A.1) and one exists, which is so
 * for all but the secondary controls (A.3.3, which exist only when the
 * primary controls allow bit 31).  0 for an unknown @which.
 */
uint32_t vmx_cap_msr(bool true_ctls, enum vmx_cap which);

/*
 * Computes a control field from its capability MSR value @cap: bits 31:0
 * are the allowed-0 settings (a 1 forces the control on), bits 63:32 the
 * allowed-1 settings (a 0 forces it off); SDM A.3-A.5.  The result is
 * @required, plus those of @optional the CPU allows, plus what it forces
 * on.  Returns 0 and writes *@out; or, when the CPU refuses a required
 * control, returns -1, leaves *@out alone and names every refused bit in
 * @err: "@which: the CPU refuses required bit 1 (enable EPT)".  @which is
 * the field's name, and its first word ("pin-based", "primary",
 * "secondary", "VM-exit", "VM-entry") picks the names of its bits.
 */
int vmx_adjust_controls(const char *which, uint64_t cap, uint32_t required,
			uint32_t optional, uint32_t *out, char *err,
			size_t errlen);

/*
 * @value with the bits VMX operation fixes: those set in @fixed0 forced to
 * 1, those clear in @fixed1 forced to 0.  For CR0 (IA32_VMX_CR0_FIXED0/1,
 * SDM A.7) and CR4 (IA32_VMX_CR4_FIXED0/1, A.8).
 */
uint64_t vmx_fixed_bits(uint64_t value, uint64_t fixed0, uint64_t fixed1);

#endif
