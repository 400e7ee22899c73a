/* SPDX-License-Identifier: MIT */
#ifndef TG_SVM_SVM_DECODE_H
#define TG_SVM_SVM_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

/* What the VMCB says about one #VMEXIT (APM 15.6, Appendix C). */
struct svm_exit_info {
	uint64_t code;		/* EXITCODE */
	uint64_t info1, info2;	/* EXITINFO1, EXITINFO2 */
	uint64_t rip;		/* guest RIP at the exit */
	uint64_t nrip;		/* next RIP, valid with NRIPS */
	bool has_nrip;		/* CPUID 8000_000A:EDX[3] */
};

/* Decodes @x into the vendor-neutral record @e.  Pure: no VMCB access. */
void svm_decode_exit(const struct svm_exit_info *x, struct vm_exit *e);

#endif
