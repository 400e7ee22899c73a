/* SPDX-License-Identifier: MIT */
/*
 * At most N events per second in 1-second slices (see lib/ratelimit.h).
 * The state is one slice, the current one: where it begins and how much of
 * its budget is used.  Events that do not fit move it forward by whole
 * slices, so a batch of any size costs one division, not a loop.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/ratelimit.h"
#include "lib/sat.h"

void ratelimit_init(struct ratelimit *r, uint64_t per_second)
{
	*r = (struct ratelimit){ .per_second = per_second };
}

void ratelimit_set_rate(struct ratelimit *r, uint64_t per_second)
{
	r->per_second = per_second;
}

/*
 * Begins a new slice at @now when the current one has ended, or has no
 * events yet (so that its second counts from the first event).  A slice
 * ahead of @now stays: earlier events are waiting for it.
 */
static void roll(struct ratelimit *r, uint64_t now)
{
	if (now < r->slice_start)
		return;
	if (r->used == 0 || now - r->slice_start >= RATELIMIT_SLICE_US) {
		r->slice_start = now;
		r->used = 0;
	}
}

/*
 * Accounts @n > 0 events from the current slice on: what its budget
 * allows, then N to each following slice; the slice of the last event
 * becomes the current one.
 */
static void account(struct ratelimit *r, uint64_t n)
{
	uint64_t room = r->used < r->per_second ? r->per_second - r->used : 0;
	uint64_t over, slices;

	if (n <= room) {
		r->used += n;
		return;
	}
	over = n - room;
	/* The following slices needed, the last one perhaps part full. */
	slices = (over - 1) / r->per_second + 1;
	r->slice_start = sat_add(r->slice_start,
				 sat_mul(slices, RATELIMIT_SLICE_US));
	r->used = over - (slices - 1) * r->per_second;
}

/*
 * The wait from @now until @until, remembered for the totals: the time
 * covered by waits grows only by what this wait adds to the earlier ones.
 */
static uint64_t wait_until(struct ratelimit *r, uint64_t now, uint64_t until)
{
	uint64_t from;

	if (until <= now)
		return 0;
	r->waits = sat_add(r->waits, 1);
	from = now > r->wait_end ? now : r->wait_end;
	if (until > from) {
		r->throttled_us = sat_add(r->throttled_us, until - from);
		r->wait_end = until;
	}
	return until - now;
}

/* Counts @n > 0 events; false when there is no limit to apply. */
static bool charge_begin(struct ratelimit *r, uint64_t now, uint64_t n)
{
	r->events = sat_add(r->events, n);
	if (!r->per_second)
		return false;
	roll(r, now);
	account(r, n);
	return true;
}

uint64_t ratelimit_charge(struct ratelimit *r, uint64_t now_us, uint64_t n)
{
	if (!n || !charge_begin(r, now_us, n))
		return 0;
	return wait_until(r, now_us, r->slice_start);
}

uint64_t ratelimit_charge_ran(struct ratelimit *r, uint64_t now_us,
			      uint64_t n)
{
	uint64_t next;

	if (!n || !charge_begin(r, now_us, n))
		return 0;
	next = r->slice_start;
	/* A full slice: the next event belongs to the one after it. */
	if (r->used >= r->per_second)
		next = sat_add(r->slice_start, RATELIMIT_SLICE_US);
	return wait_until(r, now_us, next);
}
