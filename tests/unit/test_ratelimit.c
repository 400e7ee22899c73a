/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/ratelimit.c, at most N events per second in 1-second
 * slices.  Scripted charges check exact waits; simulated guests that cause
 * a bus lock every X us and honour the waits, against a fake clock, check
 * that no second holds more than N of them, that no wait is longer than it
 * needs to be, and the total wait for K events.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_ratelimit.c lib/ratelimit.c -lcmocka -o /tmp/test_ratelimit && /tmp/test_ratelimit
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ratelimit.h"

#define SEC RATELIMIT_SLICE_US
#define T0 123456789ull		/* the fake clock starts anywhere */

enum mode { BEFORE, AFTER };	/* ratelimit_charge(), ratelimit_charge_ran() */

static uint64_t charge(struct ratelimit *r, enum mode m, uint64_t now,
		       uint64_t n)
{
	return m == BEFORE ? ratelimit_charge(r, now, n) :
			     ratelimit_charge_ran(r, now, n);
}

static void test_init(void **state)
{
	struct ratelimit r;

	(void)state;
	memset(&r, 0x5a, sizeof(r));
	ratelimit_init(&r, 7);
	assert_int_equal(r.per_second, 7);
	assert_int_equal(r.used, 0);
	assert_int_equal(r.events, 0);
	assert_int_equal(r.waits, 0);
	assert_int_equal(r.throttled_us, 0);
}

/* Before: N fit in a slice; the next waits for the slice after it. */
static void test_before_budget(void **state)
{
	struct ratelimit r;
	int i;

	(void)state;
	ratelimit_init(&r, 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(ratelimit_charge(&r, T0 + 1000 * i, 1), 0);
	assert_int_equal(ratelimit_charge(&r, T0 + 5000, 1), SEC - 5000);
	assert_int_equal(r.slice_start, T0 + SEC);
	assert_int_equal(r.used, 1);
	/* It ran at T0 + 1 s; four more fit in that slice. */
	for (i = 0; i < 4; i++)
		assert_int_equal(ratelimit_charge(&r, T0 + SEC + i, 1), 0);
	assert_int_equal(ratelimit_charge(&r, T0 + SEC + 4, 1), SEC - 4);
	assert_int_equal(r.events, 11);
	assert_int_equal(r.waits, 2);
	assert_int_equal(r.throttled_us, SEC - 5000 + SEC - 4);
}

/* After: the event that fills the slice makes the caller wait. */
static void test_after_budget(void **state)
{
	struct ratelimit r;
	int i;

	(void)state;
	ratelimit_init(&r, 5);
	for (i = 0; i < 4; i++)
		assert_int_equal(ratelimit_charge_ran(&r, T0 + 1000 * i, 1), 0);
	assert_int_equal(ratelimit_charge_ran(&r, T0 + 4000, 1), SEC - 4000);
	/* After the wait a new slice begins with the next event. */
	assert_int_equal(ratelimit_charge_ran(&r, T0 + SEC + 70, 1), 0);
	assert_int_equal(r.slice_start, T0 + SEC + 70);
	assert_int_equal(r.used, 1);
	assert_int_equal(r.throttled_us, SEC - 4000);
}

/* A slice begins at the first event after the last one ended, not on a grid. */
static void test_slice_starts_at_first_event(void **state)
{
	struct ratelimit r;

	(void)state;
	ratelimit_init(&r, 2);
	assert_int_equal(ratelimit_charge(&r, 500000, 1), 0);
	assert_int_equal(r.slice_start, 500000);
	assert_int_equal(ratelimit_charge(&r, 1400000, 1), 0);
	/* 1.49999 s is still the slice that began at 0.5 s: full. */
	assert_int_equal(ratelimit_charge(&r, 1499999, 1), 1);
	/* That event ran at 1.5 s, in the next slice, which has room for 1. */
	assert_int_equal(ratelimit_charge(&r, 1500000, 1), 0);
	assert_int_equal(ratelimit_charge(&r, 1500001, 1), SEC - 1);
	/* Idle for 10 s: a fresh slice. */
	assert_int_equal(ratelimit_charge(&r, 12345678, 2), 0);
	assert_int_equal(r.slice_start, 12345678);
	assert_int_equal(r.used, 2);
}

/* A batch larger than N spans slices; the caller waits for the last. */
static void test_batch_spans_slices(void **state)
{
	struct ratelimit r;

	(void)state;
	ratelimit_init(&r, 100);
	/* 100 + 100 + 50: the last 50 run in the third slice. */
	assert_int_equal(ratelimit_charge(&r, T0, 250), 2 * SEC);
	assert_int_equal(r.slice_start, T0 + 2 * SEC);
	assert_int_equal(r.used, 50);
	assert_int_equal(ratelimit_charge(&r, T0 + 2 * SEC, 50), 0);
	assert_int_equal(ratelimit_charge(&r, T0 + 2 * SEC + 9, 1), SEC - 9);

	/* Exactly 3N before: three slices, the last one full, no extra wait. */
	ratelimit_init(&r, 100);
	assert_int_equal(ratelimit_charge(&r, T0, 300), 2 * SEC);
	assert_int_equal(r.used, 100);

	/* After: 250 ran; the third slice has room, so wait for it. */
	ratelimit_init(&r, 100);
	assert_int_equal(ratelimit_charge_ran(&r, T0, 250), 2 * SEC);
	assert_int_equal(r.used, 50);
	/* 300 ran: all three slices full, the next event needs a fourth. */
	ratelimit_init(&r, 100);
	assert_int_equal(ratelimit_charge_ran(&r, T0, 300), 3 * SEC);
	/* Part of the budget used first: 30 + 270 = 70 + 100 + 100. */
	ratelimit_init(&r, 100);
	assert_int_equal(ratelimit_charge_ran(&r, T0, 30), 0);
	assert_int_equal(ratelimit_charge_ran(&r, T0 + 10, 270), 3 * SEC - 10);
}

/* Charging again before a wait is over queues behind the earlier events. */
static void test_charge_while_waiting(void **state)
{
	struct ratelimit r;

	(void)state;
	ratelimit_init(&r, 10);
	assert_int_equal(ratelimit_charge(&r, T0, 15), SEC);
	/* Half a second later, not having waited: 5 more fit in slice 2. */
	assert_int_equal(ratelimit_charge(&r, T0 + SEC / 2, 5), SEC / 2);
	assert_int_equal(ratelimit_charge(&r, T0 + SEC / 2, 1), SEC / 2 + SEC);
	/* The waits overlap: the time they cover is counted once. */
	assert_int_equal(r.waits, 3);
	assert_int_equal(r.throttled_us, 2 * SEC);
}

static void test_no_limit_and_no_events(void **state)
{
	struct ratelimit r, before;
	int m;

	(void)state;
	ratelimit_init(&r, 0);
	assert_int_equal(ratelimit_charge(&r, T0, UINT64_MAX / 2), 0);
	assert_int_equal(ratelimit_charge_ran(&r, T0, UINT64_MAX / 2), 0);
	assert_int_equal(r.events, UINT64_MAX - 1);
	assert_int_equal(r.waits, 0);
	for (m = BEFORE; m <= AFTER; m++) {
		ratelimit_init(&r, 3);
		assert_int_equal(charge(&r, m, T0, 3), m == AFTER ? SEC : 0);
		before = r;
		/* Zero events: no wait and no change, even when full. */
		assert_int_equal(charge(&r, m, T0 + 1, 0), 0);
		assert_memory_equal(&r, &before, sizeof(r));
	}
}

static void test_set_rate(void **state)
{
	struct ratelimit r;

	(void)state;
	ratelimit_init(&r, 100);
	assert_int_equal(ratelimit_charge(&r, T0, 50), 0);
	/* Lowered below what the slice holds: the next one waits a slice. */
	ratelimit_set_rate(&r, 10);
	assert_int_equal(ratelimit_charge(&r, T0 + 1, 1), SEC - 1);
	assert_int_equal(r.used, 1);
	/* Raised: that slice now has room for 19 more. */
	ratelimit_set_rate(&r, 20);
	assert_int_equal(ratelimit_charge(&r, T0 + SEC, 19), 0);
	assert_int_equal(ratelimit_charge(&r, T0 + SEC, 1), SEC);
	/* Turned off: no more waits. */
	ratelimit_set_rate(&r, 0);
	assert_int_equal(ratelimit_charge(&r, T0 + SEC, 1000), 0);

	/* A wait inside an earlier one adds no throttled time. */
	ratelimit_init(&r, 10);
	assert_int_equal(ratelimit_charge_ran(&r, T0, 20), 2 * SEC);
	ratelimit_set_rate(&r, 20);
	assert_int_equal(ratelimit_charge(&r, T0, 1), SEC);
	assert_int_equal(r.waits, 2);
	assert_int_equal(r.throttled_us, 2 * SEC);
}

/* Waits saturate at the end of the clock instead of wrapping. */
static void test_huge_values(void **state)
{
	struct ratelimit r;
	uint64_t n = UINT64_MAX, mil = 1000000;

	(void)state;
	ratelimit_init(&r, 1);
	assert_int_equal(ratelimit_charge(&r, 0, n), UINT64_MAX);
	assert_int_equal(r.slice_start, UINT64_MAX);
	assert_int_equal(ratelimit_charge(&r, 5, 1), UINT64_MAX - 5);

	/* N = 10^6, n = 2^64 - 1 at 0: exactly the slices it needs. */
	ratelimit_init(&r, mil);
	assert_int_equal(ratelimit_charge(&r, 0, n),
			 ((n - mil - 1) / mil + 1) * SEC);
	assert_int_equal(r.used, (n - mil) - (n - mil - 1) / mil * mil);

	/* A clock near its end. */
	ratelimit_init(&r, 3);
	assert_int_equal(ratelimit_charge(&r, UINT64_MAX - 10, 3), 0);
	assert_int_equal(ratelimit_charge(&r, UINT64_MAX - 9, 1), 9);
	assert_int_equal(ratelimit_charge_ran(&r, UINT64_MAX - 9, n), 9);
	assert_int_equal(ratelimit_charge(&r, UINT64_MAX, 1), 0);
	assert_int_equal(ratelimit_charge(&r, UINT64_MAX, 1), 0);
	ratelimit_init(&r, 3);
	assert_int_equal(ratelimit_charge(&r, UINT64_MAX, 2), 0);
	assert_int_equal(ratelimit_charge_ran(&r, UINT64_MAX, 1), 0);
	assert_int_equal(r.slice_start, UINT64_MAX);
	assert_int_equal(r.events, 3);
	assert_int_equal(r.waits, 0);
}

/*
 * K events at rate N, back to back from the start: the K-th runs after
 * floor((K - 1) / N) seconds of waiting, charged one by one or at once.
 * Charged after they ran, the wait is floor(K / N) seconds, no less.
 */
static void check_total_wait(uint64_t n_rate, uint64_t k)
{
	uint64_t t = 0, i, waited_ran = 0;
	struct ratelimit r, ran;

	ratelimit_init(&r, n_rate);
	ratelimit_init(&ran, n_rate);
	for (i = 0; i < k; i++) {
		t += ratelimit_charge(&r, t, 1);
		waited_ran += ratelimit_charge_ran(&ran, waited_ran, 1);
	}
	assert_int_equal(t, (k - 1) / n_rate * SEC);
	assert_int_equal(r.throttled_us, t);
	assert_true(waited_ran >= (k - 1) / n_rate * SEC);
	assert_int_equal(waited_ran, k / n_rate * SEC);
	ratelimit_init(&r, n_rate);
	assert_int_equal(ratelimit_charge(&r, 0, k), (k - 1) / n_rate * SEC);
}

static void test_total_wait(void **state)
{
	static const uint64_t rates[] = { 1, 2, 3, 7, 100, 1000000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint64_t n = rates[i];

		check_total_wait(n, 1);
		check_total_wait(n, n);
		check_total_wait(n, n + 1);
		check_total_wait(n, 2 * n);
		check_total_wait(n, 2 * n + 1);
		check_total_wait(n, 3 * n - 1);
		if (n <= 1000)
			check_total_wait(n, 10 * n + 7);
	}
}

/* A guest's run: when each of its bus locks ran, and the waits after them. */
struct run {
	size_t count;
	uint64_t *at;		/* when event i ran */
	uint64_t *wait;		/* the wait its charge returned */
	uint64_t waited;
	struct ratelimit r;
};

static void run_alloc(struct run *g, size_t count, uint64_t n_rate)
{
	g->count = count;
	g->at = calloc(count, sizeof(*g->at));
	g->wait = calloc(count, sizeof(*g->wait));
	assert_non_null(g->at);
	assert_non_null(g->wait);
	g->waited = 0;
	ratelimit_init(&g->r, n_rate);
}

static void run_free(struct run *g)
{
	free(g->at);
	free(g->wait);
}

/*
 * Event i comes gap(i) us of running after the previous one.  BEFORE:
 * charged first, it runs once the wait is over.  AFTER: it runs, then is
 * charged and the guest waits.
 */
static void run_guest(struct run *g, enum mode m, uint64_t (*gap)(size_t),
		      uint64_t start)
{
	uint64_t t = start;
	size_t i;

	for (i = 0; i < g->count; i++) {
		if (i)
			t += gap(i);
		if (m == BEFORE) {
			g->wait[i] = ratelimit_charge(&g->r, t, 1);
			t += g->wait[i];
			g->at[i] = t;
		} else {
			g->at[i] = t;
			g->wait[i] = ratelimit_charge_ran(&g->r, t, 1);
			t += g->wait[i];
		}
		g->waited += g->wait[i];
	}
}

/*
 * The slices as Linux and QEMU define them, from the run alone: the first
 * event begins one; the first event a second or more later begins the
 * next.  None may hold more than N events.
 */
static void check_slices(const struct run *g, uint64_t n_rate)
{
	uint64_t start = g->at[0], in = 0;
	size_t i;

	for (i = 0; i < g->count; i++) {
		if (g->at[i] - start >= SEC) {
			start = g->at[i];
			in = 0;
		}
		assert_true(++in <= n_rate);
	}
}

/* Every 1-second window holds at most @most events. */
static void check_windows(const struct run *g, uint64_t most)
{
	size_t i;

	for (i = 0; i + most < g->count; i++)
		assert_true(g->at[i + most] - g->at[i] >= SEC);
}

/*
 * No wait is longer than needed: a wait ends exactly one second after the
 * first event of the full slice that caused it.
 */
static void check_waits_needed(const struct run *g, enum mode m,
			       uint64_t n_rate)
{
	size_t i;

	for (i = 0; i < g->count; i++) {
		if (!g->wait[i])
			continue;
		if (m == BEFORE) {
			assert_true(i >= n_rate);
			assert_int_equal(g->at[i] - g->at[i - n_rate], SEC);
		} else {
			assert_true(i + 1 >= n_rate);
			assert_int_equal(g->at[i] + g->wait[i] -
					 g->at[i + 1 - n_rate], SEC);
		}
	}
	assert_int_equal(g->r.throttled_us, g->waited);
}

static uint64_t steady_gap;

static uint64_t gap_steady(size_t i)
{
	(void)i;
	return steady_gap;
}

/* A guest with a bus lock every X us never has N + 1 in one second. */
static void test_steady_guest(void **state)
{
	static const uint64_t rates[] = { 1, 2, 3, 10, 1000, 1000000 };
	static const uint64_t gaps[] = { 0,	  1,	   250,	    999,
					 1000,	  1001,	   33333,   999999,
					 1000000, 1000001, 2500000 };
	size_t i, j;
	int m;
	struct run g;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		for (j = 0; j < sizeof(gaps) / sizeof(gaps[0]); j++) {
			uint64_t n = rates[i];

			steady_gap = gaps[j];
			/* Enough for several slices at the fastest pace. */
			if (n == 1000000 && steady_gap > 1)
				continue;
			for (m = BEFORE; m <= AFTER; m++) {
				run_alloc(&g, 4 * n + 50, n);
				run_guest(&g, m, gap_steady, T0);
				check_windows(&g, n);
				check_slices(&g, n);
				check_waits_needed(&g, m, n);
				run_free(&g);
			}
		}
	}
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t random_scale;

/* Mostly bursts at about the rate, now and then a pause of up to 3 s. */
static uint64_t gap_random(size_t i)
{
	(void)i;
	if (next_random() % 50 == 0)
		return next_random() % (3 * SEC);
	return next_random() % (2 * random_scale + 1);
}

/*
 * An irregular guest: slices as Linux and QEMU count them hold at most N,
 * any one second at most 2N (the end of one slice and the start of the
 * next), and no wait is longer than needed.
 */
static void test_random_guest(void **state)
{
	static const uint64_t rates[] = { 1, 2, 5, 50, 1000 };
	size_t i, round;
	int m;
	struct run g;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		for (round = 0; round < 4; round++) {
			random_scale = SEC / rates[i] >> round;
			for (m = BEFORE; m <= AFTER; m++) {
				run_alloc(&g, 20000, rates[i]);
				run_guest(&g, m, gap_random,
					  next_random() % (1ull << 40));
				check_slices(&g, rates[i]);
				check_windows(&g, 2 * rates[i]);
				check_waits_needed(&g, m, rates[i]);
				run_free(&g);
			}
		}
	}
}

/*
 * Batches of 1..2N bus locks that have run, as exits report them: over any
 * stretch [a, b] of the run, the batches in it hold at most N for each
 * second it could touch, plus the last batch (whose wait comes after b).
 */
static void test_random_batches_after(void **state)
{
	enum { BATCHES = 1500 };
	static uint64_t at[BATCHES], size[BATCHES];
	static const uint64_t rates[] = { 1, 3, 64, 1000 };
	uint64_t t, sum, span, bound;
	struct ratelimit r;
	size_t i, a, b;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint64_t n = rates[i];

		ratelimit_init(&r, n);
		t = T0;
		for (b = 0; b < BATCHES; b++) {
			t += next_random() % (SEC / 2);
			at[b] = t;
			size[b] = 1 + next_random() % (2 * n);
			t += ratelimit_charge_ran(&r, t, size[b]);
		}
		for (a = 0; a < BATCHES; a++) {
			sum = 0;
			for (b = a; b < BATCHES; b++) {
				sum += size[b];
				span = at[b] - at[a];
				bound = n * ((span + SEC - 1) / SEC + 1) +
					size[b];
				assert_true(sum <= bound);
			}
		}
		/* And the whole run, waits included, averages at most N. */
		assert_true(r.events <= n * ((t - T0) / SEC + 2));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_before_budget),
		cmocka_unit_test(test_after_budget),
		cmocka_unit_test(test_slice_starts_at_first_event),
		cmocka_unit_test(test_batch_spans_slices),
		cmocka_unit_test(test_charge_while_waiting),
		cmocka_unit_test(test_no_limit_and_no_events),
		cmocka_unit_test(test_set_rate),
		cmocka_unit_test(test_huge_values),
		cmocka_unit_test(test_total_wait),
		cmocka_unit_test(test_steady_guest),
		cmocka_unit_test(test_random_guest),
		cmocka_unit_test(test_random_batches_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
