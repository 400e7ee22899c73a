/* SPDX-License-Identifier: MIT */
#ifndef TG_VMX_VMX_DECODE_H
#define TG_VMX_VMX_DECODE_H

#include <stdint.h>

#include "core/vm.h"

/* The VM-exit information fields of one exit (SDM 24.9, 27.2). */
struct vmx_exit_info {
	uint32_t reason;	/* exit reason, VMCS 0x4402 */
	uint64_t qual;		/* exit qualification, 0x6400 */
	uint32_t intr_info;	/* VM-exit interruption information, 0x4404 */
	uint32_t intr_error;	/* VM-exit interruption error code, 0x4406 */
	uint32_t insn_len;	/* VM-exit instruction length, 0x440C */
	uint64_t gpa;		/* guest-physical address, 0x2400 */
};

/*
 * Decodes @x into the vendor-neutral record @e.  Pure: the caller reads the
 * VMCS.  A bus lock reported by exit reason 74 or exit-reason bit 26, or
 * both, is one in e->bus_locks; one a #DB reports stays in e->exc.qual.
 */
void vmx_decode_exit(const struct vmx_exit_info *x, struct vm_exit *e);

#endif
