/* SPDX-License-Identifier: MIT */
/*
 * The software bus-lock detector: the guest runs one instruction per VM
 * entry (VMX's monitor trap flag; on SVM, RFLAGS.TF with the #DB intercept),
 * and before each entry Tollgate decodes the instruction about to run.
 * Under soft=user, only the instructions at CPL 3 (core/soft.c).
 */
#ifndef TG_CORE_SOFT_H
#define TG_CORE_SOFT_H

#include "core/vm.h"

/* Starts the detector for @v (its virtual threshold counter). */
void soft_init(struct vcpu *v);

/*
 * Called before every VM entry of a guest under DETECT_SOFT: accounts the
 * split lock that just ran, and inspects the next instruction.
 */
void soft_before_entry(struct vcpu *v);

/* Counts what the virtual threshold counter has let run, e.g. at the end. */
void soft_flush(struct vcpu *v);

/* soft=user: an IRET exit (EXIT_IRET); SVM's comes before it, to be stepped. */
void soft_iret(struct vcpu *v);

/*
 * soft=user: a #UD while EFER.SCE was hidden from the guest; true if it
 * is a SYSCALL or SYSRET the guest may run, to be stepped with SCE.
 */
bool soft_ud(struct vcpu *v);

#endif
