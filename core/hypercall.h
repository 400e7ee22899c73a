/* SPDX-License-Identifier: MIT */
#ifndef TG_CORE_HYPERCALL_H
#define TG_CORE_HYPERCALL_H

#include "core/vm.h"

/* The hypercall exit: the ABI of lib/hypercall.h, the same on both vendors. */
void hypercall_handle(struct vcpu *v, const struct vm_exit *e);

#endif
