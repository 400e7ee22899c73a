/* SPDX-License-Identifier: MIT */
/*
 * Counting a guest's bus locks with AMD's Bus Lock Threshold (APM Vol. 2
 * 15.14.5; CPUID Fn8000_000A_EDX[29]; intercept VMCB 0x014 bit 5).
 *
 * The hardware: VMRUN loads the 16-bit counter at VMCB 0x120.  Before each
 * bus lock in the guest, a counter above 0 lets the lock run and drops by
 * one; a counter of 0 stops the lock before it runs and takes #VMEXIT 0xA5
 * with RIP at the instruction.  Every #VMEXIT writes the counter back.  For
 * the stalled instruction to run, the VMM must load at least 1.
 *
 * The accounting: a budget of N lets N bus locks run between bus-lock exits
 * (0: every bus lock exits).  The locks that ran since VMRUN are the
 * counter loaded minus the counter written back.  A lock is counted once,
 * when it is first seen: a 0xA5 exit counts its lock at once and marks it
 * stalled; the reload adds one to the budget for it, and the first lock to
 * run after that is taken to be the stalled one, not counted again.  So
 * after every exit
 *
 *	count == locks that ran in the guest + (stalled ? 1 : 0)
 *
 * which stays exact even when an interrupt handler's lock runs before the
 * stalled instruction does (the two only swap names).
 */
#ifndef TG_LIB_BLTHRESHOLD_H
#define TG_LIB_BLTHRESHOLD_H

#include <stdbool.h>
#include <stdint.h>

#define BLT_COUNTER_MAX 0xffff	/* VMCB 0x120 bits 15:0 */

struct blt {
	/* Bus locks allowed to run between exits: 0 = an exit for every one. */
	uint16_t budget;
	/* The counter the VMCB holds: as loaded, or as written back. */
	uint16_t loaded;
	/* A 0xA5 exit counted a lock that has not run yet. */
	bool stalled;
	/* The last exit's write-back made no sense: nothing was counted. */
	bool inconsistent;
	uint64_t count;			/* bus locks counted */
	uint64_t exits;			/* bus-lock (0xA5) exits taken */
	uint64_t inconsistencies;	/* write-backs that made no sense */
};

/* Starts counting from zero with @budget bus locks per exit. */
void blt_init(struct blt *t, uint16_t budget);

/* Changes the budget from the next VMRUN on; counting is unaffected. */
void blt_set_budget(struct blt *t, uint16_t budget);

/*
 * The counter to write at VMCB 0x120 before VMRUN: the budget, plus one
 * while a stalled lock has to run, at most BLT_COUNTER_MAX.  Remembered as
 * what the guest was given.
 */
static inline uint16_t blt_counter_for_vmrun(struct blt *t)
{
	uint32_t n = (uint32_t)t->budget + (t->stalled ? 1 : 0);

	t->loaded = n > BLT_COUNTER_MAX ? BLT_COUNTER_MAX : (uint16_t)n;
	return t->loaded;
}

/*
 * Accounts for one #VMEXIT of any kind: @written_back is the counter the
 * processor wrote to VMCB 0x120, @buslock_exit whether the exit code is
 * 0xA5.  Returns the bus locks newly counted.  A write-back above what was
 * loaded, or a 0xA5 exit with a counter other than 0, cannot come from the
 * hardware described above: nothing is counted, t->inconsistent is set
 * (until the next exit) and t->inconsistencies grows, for the caller to
 * report.
 */
uint64_t blt_on_exit(struct blt *t, uint16_t written_back, bool buslock_exit);

/* True if the last blt_on_exit() found the write-back inconsistent. */
bool blt_last_exit_inconsistent(const struct blt *t);

/*
 * The VMM moved the guest past the stalled instruction without letting it
 * run (emulated or skipped it): the lock stays counted, and the next lock
 * to run is a new one.
 */
void blt_skip_stalled(struct blt *t);

#endif
