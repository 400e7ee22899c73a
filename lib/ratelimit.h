/* SPDX-License-Identifier: MIT */
/*
 * At most N events per second, counted in 1-second slices: the scheme of
 * QEMU's -machine bus-lock-ratelimit=N (util/ratelimit.h) and of Linux's
 * split_lock_detect=ratelimit:N.
 *
 * A slice is the interval [start, start + 1 s) and has a budget of N events.
 * A slice begins at the first event charged after the previous slice ended
 * (not on a fixed grid), so a caller that was idle starts with a full
 * budget.  The events of a charge are accounted in order: as many as the
 * current slice has budget for go there, the rest fill the slices that
 * follow it back to back, N to a slice, so a batch larger than N spans
 * several slices.
 *
 * There are two ways to charge, for the two kinds of caller:
 *
 *  - ratelimit_charge(): the events have not run yet.  The wait returned
 *    lasts until the slice of the last of them begins (0 if they all fit in
 *    the current slice), and the events are to run then.
 *  - ratelimit_charge_ran(): the events have run already, as bus locks
 *    reported by a trap-like exit have.  The wait returned lasts until the
 *    first slice with budget left begins, so that the next event fits: what
 *    QEMU calls the delay for the next request.
 *
 * The guarantee: a caller that honours every wait and charges one event at
 * a time, before it runs with ratelimit_charge() or after it ran with
 * ratelimit_charge_ran(), never has more than N events run in a slice.  As
 * with any limiter in slices, the end of one slice and the start of the
 * next can together hold up to 2N events within one second; a caller that
 * runs at a steady pace, waits honoured, has at most N in any second.
 *
 * Times are microseconds of a clock the caller reads and passes in; nothing
 * here reads a clock.  The arithmetic saturates: a slice that would begin
 * past UINT64_MAX microseconds begins at UINT64_MAX, so a wait never wraps
 * to a short one.  Charging while an earlier wait is still running (before
 * the slice it waits for) accounts the new events after the earlier ones.
 */
#ifndef TG_LIB_RATELIMIT_H
#define TG_LIB_RATELIMIT_H

#include <stdint.h>

#define RATELIMIT_SLICE_US 1000000ull	/* one slice: one second */

struct ratelimit {
	uint64_t per_second;	/* the budget N of a slice; 0: no limit */
	uint64_t slice_start;	/* us: the current slice, maybe ahead of now */
	uint64_t used;		/* events accounted in the current slice */
	uint64_t events;	/* every event charged */
	uint64_t waits;		/* charges that returned a wait */
	uint64_t throttled_us;	/* time covered by waits, overlaps once */
	uint64_t wait_end;	/* us: when the latest wait ends */
};

/* Starts with no events and a budget of @per_second (0: no limit). */
void ratelimit_init(struct ratelimit *r, uint64_t per_second);

/*
 * Changes the budget to @per_second from the next charge on.  The current
 * slice keeps the events it holds; if they are more than the new budget,
 * the next events go to the slices after it.
 */
void ratelimit_set_rate(struct ratelimit *r, uint64_t per_second);

/*
 * Charges @n events that are about to run, at @now_us.  Returns how long
 * to wait before they run, in microseconds: 0 if they fit in the current
 * slice, else until the slice that holds the last of them begins.
 */
uint64_t ratelimit_charge(struct ratelimit *r, uint64_t now_us, uint64_t n);

/*
 * Charges @n events that have run, at @now_us.  Returns how long to wait
 * before any further event, in microseconds: until the first slice that
 * still has budget after them begins (0 if that is the current slice).
 */
uint64_t ratelimit_charge_ran(struct ratelimit *r, uint64_t now_us,
			      uint64_t n);

#endif
