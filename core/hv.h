/* SPDX-License-Identifier: MIT */
/* The hypervisor proper: the vendor in use and the guests it runs. */
#ifndef TG_CORE_HV_H
#define TG_CORE_HV_H

#include "core/guest.h"
#include "core/vm.h"

extern const struct vendor_ops svm_ops;
extern const struct vendor_ops vmx_ops;

/* The back end chosen at boot, or NULL when guests cannot run. */
extern const struct vendor_ops *vendor;
extern struct vendor_caps vendor_caps;

extern struct guest guests[MAX_GUESTS];

/* CPUs that run guests: the boot CPU and every AP that started (SUMMARY). */
extern unsigned int cpus_running;
extern unsigned int guest_count;

/*
 * Handles one decoded exit of @v: the one place every exit kind is handled.
 * It completes @e where the vendor could not (the prefixes of an
 * instruction whose length was only its opcode's).
 */
void exit_handle(struct vcpu *v, struct vm_exit *e);

/*
 * Chooses the vendor, turns it on on every CPU, creates the guests, places
 * them on the CPUs and runs them all; returns when every CPU is done.
 */
void hv_run(void);

#endif
