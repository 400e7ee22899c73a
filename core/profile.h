/* SPDX-License-Identifier: MIT */
/*
 * The exit-path profile (`make PROFILE=1`, used by `make bench`): the TSC
 * read at each boundary between the phases of an exit, summed per guest
 * and per exit kind, and printed as a `PROFILE {json}` line when the guest
 * stops.  Under QEMU's -icount the TSC counts instructions, so each phase's
 * sum is the instructions it executed; each probe's own instructions are
 * measured once and taken off.  In the normal build every call below is an
 * empty inline function: the exit path is not one instruction longer.
 */
#ifndef TG_CORE_PROFILE_H
#define TG_CORE_PROFILE_H

#include "core/vm.h"

/*
 * One exit, in the order its phases run: its own world switch, then the
 * work until the next entry.  A phase may be entered again (a bus-lock event
 * found by the software detector is accounting inside its inspection).
 */
enum exit_phase {
	PHASE_SWITCH,	/* entry stub, register swap, VMRUN/VMRESUME, guest */
	PHASE_READ,	/* control-block reads after the exit */
	PHASE_DECODE,	/* the exit decoded into struct vm_exit */
	PHASE_HANDLER,	/* its handler in core/exit.c */
	PHASE_ACCOUNT,	/* exit counters, bus-lock events and the policy */
	PHASE_SCHED,	/* after handling: end-of-turn checks, STATS */
	PHASE_SOFT,	/* the software detector's inspection */
	PHASE_ENTRY,	/* re-entry: deadline, virtual PC, control-block writes */
	PHASE_TURN,	/* from the end of a turn to the start of the next */
	PHASE_COUNT
};

#ifdef TG_PROFILE
/* The phase @v's exit path is in from now on. */
void profile_phase(struct vcpu *v, enum exit_phase p);
/* As profile_phase(), returning the phase left, to go back to it. */
enum exit_phase profile_push(struct vcpu *v, enum exit_phase p);
/* The exit being handled is of @kind. */
void profile_exit_kind(struct vcpu *v, enum exit_kind kind);
/* @v is about to be entered: its last exit's record is complete. */
void profile_entry(struct vcpu *v);
/* Prints the guest's `PROFILE {json}` line. */
void profile_report(struct vcpu *v);
#else
static inline void profile_phase(struct vcpu *v, enum exit_phase p)
{
	(void)v;
	(void)p;
}

static inline enum exit_phase profile_push(struct vcpu *v, enum exit_phase p)
{
	(void)v;
	return p;
}

static inline void profile_exit_kind(struct vcpu *v, enum exit_kind kind)
{
	(void)v;
	(void)kind;
}

static inline void profile_entry(struct vcpu *v)
{
	(void)v;
}

static inline void profile_report(struct vcpu *v)
{
	(void)v;
}
#endif

#endif
