/* SPDX-License-Identifier: MIT */
/* Inside the VMX back end: the controls it runs every guest with. */
#ifndef TG_VMX_VMX_OPS_H
#define TG_VMX_VMX_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmx/vmcs.h"

struct vmx_controls {
	uint32_t pin, proc, proc2, exit, entry;
	bool vpid;		/* secondary control 5 is on */
	bool mtf;		/* the monitor trap flag may be set */
	/* Virtual NMIs and NMI-window exiting may be set (soft=user). */
	bool iret_exits;
	bool bus_lock_vmexit;	/* secondary control 30 is on */
	bool preempt;		/* pin-based control 6, the preemption timer */
	unsigned int preempt_shift;	/* it counts TSC >> this: SDM 26.5.1 */
};

/*
 * Adjusts every control from the capability MSRs (the TRUE_ ones where
 * IA32_VMX_BASIC[55] says they exist).  Returns -1 with every required bit
 * the CPU refuses named in @err.
 */
int vmx_compute_controls(struct vmx_controls *c, char *err, size_t errlen);

/* The VM-instruction error of the current VMCS, in words (SDM 31.4). */
const char *vmx_instruction_error(void);

#endif
