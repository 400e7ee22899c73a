/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/sched.c, the scheduler's decisions, against a fake
 * clock.  Scripted cases check placement (pins, spreading, CPUs missing or
 * not started), the round robin, yields, sleepers, idling, finished CPUs and
 * deadlines; a long random simulation of several CPUs checks the invariants
 * against a model of its own after every decision.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_sched.c lib/sched.c -lcmocka -o /tmp/test_sched && /tmp/test_sched
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/sched.h"

#define T0 123456789ull		/* the fake clock starts anywhere */
#define SLICE SCHED_DEFAULT_SLICE_US
#define NONE SCHED_NO_CPU

/* A scheduler with one task per entry of @pins, not yet placed. */
static void add_tasks(struct sched *s, const int *pins, unsigned int n)
{
	unsigned int i;

	sched_init(s, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(sched_add(s, pins[i]), i);
}

/* Asserts that @cpu runs a task at @now and returns it. */
static unsigned int run_at(struct sched *s, unsigned int cpu, uint64_t now)
{
	struct sched_pick p = sched_next(s, cpu, now);

	assert_int_equal(p.kind, SCHED_RUN);
	assert_true(p.until_us > now);
	return p.task;
}

static void test_init(void **state)
{
	struct sched s;

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	sched_init(&s, 0);
	assert_int_equal(s.slice_us, SLICE);
	assert_int_equal(s.ntasks, 0);
	assert_int_equal(s.cpu[0].last, -1);
	assert_int_equal(s.cpu[SCHED_MAX_CPUS - 1].last, -1);
	sched_init(&s, 2500);
	assert_int_equal(s.slice_us, 2500);
	/* No tasks: every CPU is finished at once. */
	assert_int_equal(sched_next(&s, 0, T0).kind, SCHED_FINISHED);
	assert_true(sched_cpu_finished(&s, 0));
}

static void test_add(void **state)
{
	struct sched s;
	int i;

	(void)state;
	sched_init(&s, 0);
	assert_int_equal(sched_add(&s, -2), -1);
	for (i = 0; i < SCHED_MAX_TASKS; i++)
		assert_int_equal(sched_add(&s, i % 2 ? NONE : i), i);
	assert_int_equal(sched_add(&s, NONE), -1);
	assert_int_equal(s.ntasks, SCHED_MAX_TASKS);
	assert_int_equal(s.task[2].pin, 2);
	assert_int_equal(s.task[3].pin, NONE);
	assert_int_equal(s.task[3].cpu, NONE);
	assert_int_equal(s.task[3].state, SCHED_RUNNABLE);
	assert_null(s.task[3].error);
}

/* Pins are kept; the others go to the emptiest CPUs, lowest first. */
static void test_place_pins(void **state)
{
	static const int pins[] = { 2, 0, NONE, NONE, 2 };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 5);
	assert_int_equal(sched_place(&s, 4, NULL), 0);
	assert_int_equal(s.task[0].cpu, 2);
	assert_int_equal(s.task[1].cpu, 0);
	assert_int_equal(s.task[2].cpu, 1);
	assert_int_equal(s.task[3].cpu, 3);
	assert_int_equal(s.task[4].cpu, 2);
	assert_int_equal(s.cpu[2].tasks, 2);
	assert_null(s.task[4].error);
}

static void test_place_spread_three_over_two(void **state)
{
	static const int pins[] = { NONE, NONE, NONE };
	static const bool ok[] = { true, true };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 2, ok), 0);
	assert_int_equal(s.task[0].cpu, 0);
	assert_int_equal(s.task[1].cpu, 1);
	assert_int_equal(s.task[2].cpu, 0);
	assert_int_equal(s.cpu[0].tasks, 2);
	assert_int_equal(s.cpu[1].tasks, 1);
}

/* Pinned tasks count toward a CPU's load, whatever their order. */
static void test_place_spread_counts_pins(void **state)
{
	static const int pins[] = { NONE, 0, NONE, 0, NONE };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 5);
	assert_int_equal(sched_place(&s, 2, NULL), 0);
	assert_int_equal(s.task[0].cpu, 1);
	assert_int_equal(s.task[2].cpu, 1);
	assert_int_equal(s.task[4].cpu, 0);
	assert_int_equal(s.cpu[0].tasks, 3);
	assert_int_equal(s.cpu[1].tasks, 2);
}

/* Asserts that task @t was not placed, for a reason containing @why. */
static void assert_unplaced(const struct sched *s, unsigned int t,
			    const char *why)
{
	assert_int_equal(s->task[t].state, SCHED_DONE);
	assert_int_equal(s->task[t].cpu, NONE);
	assert_non_null(s->task[t].error);
	assert_non_null(strstr(s->task[t].error, why));
}

static void test_place_pin_missing_cpu(void **state)
{
	static const int pins[] = { 3, NONE, 1 };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 2, NULL), 1);
	assert_unplaced(&s, 0, "does not exist");
	assert_int_equal(s.task[1].cpu, 0);
	assert_int_equal(s.task[2].cpu, 1);
	/* The unplaced task is never run, on any CPU. */
	assert_int_equal(run_at(&s, 0, T0), 1);
	assert_int_equal(run_at(&s, 0, T0 + 1), 1);
	assert_int_equal(run_at(&s, 1, T0), 2);
	assert_int_equal(s.task[0].picks, 0);
}

/* A CPU that did not start gets no tasks, pinned or not. */
static void test_place_pin_failed_cpu(void **state)
{
	static const int pins[] = { NONE, 1, NONE, NONE, NONE };
	static const bool ok[] = { true, false, true };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 5);
	assert_int_equal(sched_place(&s, 3, ok), 1);
	assert_unplaced(&s, 1, "did not start");
	assert_int_equal(s.task[0].cpu, 0);
	assert_int_equal(s.task[2].cpu, 2);
	assert_int_equal(s.task[3].cpu, 0);
	assert_int_equal(s.task[4].cpu, 2);
	assert_int_equal(s.cpu[1].tasks, 0);
	assert_int_equal(sched_next(&s, 1, T0).kind, SCHED_FINISHED);
}

static void test_place_no_cpu_started(void **state)
{
	static const int pins[] = { NONE, NONE, 0 };
	static const bool ok[] = { false, false };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 2, ok), 3);
	assert_unplaced(&s, 0, "no CPU started");
	assert_unplaced(&s, 1, "no CPU started");
	assert_unplaced(&s, 2, "did not start");
	assert_int_equal(sched_place(&s, 0, NULL), 3);
	assert_unplaced(&s, 2, "does not exist");
}

/* CPUs past SCHED_MAX_CPUS exist but are not used. */
static void test_place_beyond_max_cpus(void **state)
{
	static const int pins[] = { 17, 20, NONE, 15 };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 4);
	assert_int_equal(sched_place(&s, 20, NULL), 2);
	assert_unplaced(&s, 0, "past the 16");
	assert_unplaced(&s, 1, "does not exist");
	assert_int_equal(s.task[2].cpu, 0);
	assert_int_equal(s.task[3].cpu, 15);
}

/* Placing again starts from scratch: the result depends on nothing earlier. */
static void test_place_again(void **state)
{
	static const int pins[] = { 1, NONE, NONE };
	static const bool ok[] = { true, false };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 2, ok), 1);
	assert_int_equal(sched_place(&s, 2, NULL), 0);
	assert_int_equal(s.task[0].cpu, 1);
	assert_int_equal(s.task[0].state, SCHED_RUNNABLE);
	assert_null(s.task[0].error);
	assert_int_equal(s.task[1].cpu, 0);
	assert_int_equal(s.task[2].cpu, 0);
	assert_int_equal(s.cpu[0].tasks, 2);
	assert_int_equal(s.cpu[1].tasks, 1);
}

/* Each CPU takes its own tasks in turn, in task order. */
static void test_round_robin(void **state)
{
	/* Task 4 is pinned to CPU 0, so CPU 1 gets task 0 first. */
	static const int pins[] = { NONE, NONE, NONE, NONE, 0 };
	static const unsigned int cpu0[] = { 1, 3, 4, 1, 3, 4, 1 };
	static const unsigned int cpu1[] = { 0, 2, 0, 2, 0 };
	struct sched s;
	unsigned int i;

	(void)state;
	add_tasks(&s, pins, 5);
	assert_int_equal(sched_place(&s, 2, NULL), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(run_at(&s, 0, T0 + i * SLICE), cpu0[i]);
	for (i = 0; i < 5; i++)
		assert_int_equal(run_at(&s, 1, T0 + i * SLICE), cpu1[i]);
	assert_int_equal(s.cpu[0].last, 1);
}

/* Over many turns, each task gets the same number and the same time. */
static void test_fairness(void **state)
{
	static const int pins[] = { 0, 0, 0 };
	struct sched s;
	uint64_t now = T0;
	unsigned int i, t;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 1, NULL), 0);
	for (i = 0; i < 3000; i++) {
		struct sched_pick p = sched_next(&s, 0, now);

		assert_int_equal(p.kind, SCHED_RUN);
		assert_int_equal(p.task, i % 3);
		assert_int_equal(p.until_us, now + SLICE);
		sched_account(&s, p.task, p.until_us - now);
		now = p.until_us;
	}
	for (t = 0; t < 3; t++) {
		assert_int_equal(s.task[t].picks, 1000);
		assert_int_equal(s.task[t].run_us, 1000 * SLICE);
	}
}

/* A task that halts lets the other run; alone, it runs again. */
static void test_yield(void **state)
{
	static const int pins[] = { 0, 0, 1 };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 2, NULL), 0);
	assert_int_equal(run_at(&s, 0, T0), 0);
	sched_yield(&s, 0);
	assert_int_equal(run_at(&s, 0, T0 + 7), 1);
	assert_int_equal(s.task[0].yields, 1);
	assert_int_equal(s.task[0].state, SCHED_RUNNABLE);
	assert_int_equal(run_at(&s, 1, T0), 2);
	sched_yield(&s, 2);
	assert_int_equal(run_at(&s, 1, T0 + 3), 2);
}

/* A sleeper is skipped until its time; then its turn comes at once. */
static void test_sleeper_skipped(void **state)
{
	static const int pins[] = { 0, 0 };
	struct sched s;
	struct sched_pick p;

	(void)state;
	add_tasks(&s, pins, 2);
	assert_int_equal(sched_place(&s, 1, NULL), 0);
	assert_int_equal(run_at(&s, 0, T0), 0);
	sched_sleep(&s, 0, T0 + 25000);
	assert_int_equal(run_at(&s, 0, T0 + 100), 1);
	assert_int_equal(run_at(&s, 0, T0 + 10100), 1);
	/* The deadline is cut to the sleeper's wake-up. */
	p = sched_next(&s, 0, T0 + 20000);
	assert_int_equal(p.kind, SCHED_RUN);
	assert_int_equal(p.task, 1);
	assert_int_equal(p.until_us, T0 + 25000);
	assert_int_equal(s.task[0].state, SCHED_SLEEPING);
	assert_int_equal(run_at(&s, 0, T0 + 25000), 0);
	assert_int_equal(s.task[0].state, SCHED_RUNNABLE);
	assert_int_equal(run_at(&s, 0, T0 + 35000), 1);
}

/* With every task asleep the CPU idles until the earliest wakes. */
static void test_idle_until_earliest_wake(void **state)
{
	static const int pins[] = { 0, 0, 0 };
	struct sched s;
	struct sched_pick p;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 1, NULL), 0);
	sched_sleep(&s, 0, T0 + 500);
	sched_sleep(&s, 1, T0 + 300);
	sched_sleep(&s, 2, T0 + 900);
	p = sched_next(&s, 0, T0);
	assert_int_equal(p.kind, SCHED_IDLE);
	assert_int_equal(p.until_us, T0 + 300);
	assert_false(sched_cpu_finished(&s, 0));
	/* Woken early (an interrupt): still nothing to run. */
	p = sched_next(&s, 0, T0 + 299);
	assert_int_equal(p.kind, SCHED_IDLE);
	assert_int_equal(p.until_us, T0 + 300);
	p = sched_next(&s, 0, T0 + 300);
	assert_int_equal(p.kind, SCHED_RUN);
	assert_int_equal(p.task, 1);
	assert_int_equal(p.until_us, T0 + 500);
	sched_sleep(&s, 1, T0 + 2000);
	p = sched_next(&s, 0, T0 + 600);
	assert_int_equal(p.task, 0);
	assert_int_equal(p.until_us, T0 + 900);
}

/* Sleeping until now or earlier is no sleep at all. */
static void test_sleep_in_the_past(void **state)
{
	static const int pins[] = { 0 };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 1);
	assert_int_equal(sched_place(&s, 1, NULL), 0);
	sched_sleep(&s, 0, T0 - 5);
	assert_int_equal(run_at(&s, 0, T0), 0);
	sched_sleep(&s, 0, T0);
	assert_int_equal(run_at(&s, 0, T0), 0);
}

static void test_cpu_finished(void **state)
{
	static const int pins[] = { 0, 0, 1 };
	struct sched s;
	struct sched_pick p;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 3, NULL), 0);
	assert_false(sched_cpu_finished(&s, 0));
	assert_true(sched_cpu_finished(&s, 2));
	assert_int_equal(sched_next(&s, 2, T0).kind, SCHED_FINISHED);
	sched_done(&s, 0);
	assert_false(sched_cpu_finished(&s, 0));
	assert_int_equal(run_at(&s, 0, T0), 1);
	sched_sleep(&s, 1, T0 + 50);
	assert_int_equal(sched_next(&s, 0, T0 + 1).kind, SCHED_IDLE);
	sched_done(&s, 1);
	assert_true(sched_cpu_finished(&s, 0));
	p = sched_next(&s, 0, T0 + 2);
	assert_int_equal(p.kind, SCHED_FINISHED);
	/* Done is final: sleeping cannot bring a task back. */
	sched_sleep(&s, 1, T0 + 10);
	assert_int_equal(s.task[1].state, SCHED_DONE);
	assert_int_equal(sched_next(&s, 0, T0 + 20).kind, SCHED_FINISHED);
	assert_false(sched_cpu_finished(&s, 1));
}

/* A task done on CPU 0 changes nothing for CPU 1. */
static void test_cpus_independent(void **state)
{
	static const int pins[] = { 0, 1, 1 };
	static const unsigned int cpu1[] = { 1, 2, 1, 2, 1, 2 };
	struct sched s;
	unsigned int i;

	(void)state;
	add_tasks(&s, pins, 3);
	assert_int_equal(sched_place(&s, 2, NULL), 0);
	for (i = 0; i < 6; i++) {
		assert_int_equal(run_at(&s, 1, T0 + i * SLICE), cpu1[i]);
		if (i == 2) {
			assert_int_equal(run_at(&s, 0, T0), 0);
			sched_done(&s, 0);
			assert_int_equal(sched_next(&s, 0, T0 + 1).kind,
					 SCHED_FINISHED);
		}
	}
	assert_true(sched_cpu_finished(&s, 0));
	assert_false(sched_cpu_finished(&s, 1));
}

/* Deadlines are after now, at most a slice away, even near the clock's end. */
static void test_deadline_never_past(void **state)
{
	static const int pins[] = { 0 };
	static const uint64_t nows[] = { 0, 1, T0, UINT64_MAX - SLICE - 1,
					 UINT64_MAX - SLICE, UINT64_MAX - 3 };
	struct sched s;
	struct sched_pick p;
	unsigned int i;

	(void)state;
	add_tasks(&s, pins, 1);
	assert_int_equal(sched_place(&s, 1, NULL), 0);
	for (i = 0; i < sizeof(nows) / sizeof(nows[0]); i++) {
		p = sched_next(&s, 0, nows[i]);
		assert_int_equal(p.kind, SCHED_RUN);
		assert_true(p.until_us > nows[i]);
		assert_true(p.until_us - nows[i] <= SLICE);
	}
	assert_int_equal(p.until_us, UINT64_MAX);
	/* At the very end of the clock the deadline can only be now. */
	p = sched_next(&s, 0, UINT64_MAX);
	assert_int_equal(p.until_us, UINT64_MAX);
}

/* Task and CPU numbers out of range are ignored, not trusted. */
static void test_out_of_range(void **state)
{
	static const int pins[] = { 0 };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 1);
	assert_int_equal(sched_place(&s, 1, NULL), 0);
	sched_yield(&s, 1);
	sched_sleep(&s, 5, T0);
	sched_done(&s, SCHED_MAX_TASKS);
	sched_account(&s, 99, 10);
	assert_int_equal(sched_next(&s, SCHED_MAX_CPUS, T0).kind,
			 SCHED_FINISHED);
	assert_true(sched_cpu_finished(&s, 100));
	assert_int_equal(run_at(&s, 0, T0), 0);
	assert_int_equal(s.task[1].yields, 0);
	assert_int_equal(s.task[1].state, SCHED_RUNNABLE);
}

static void test_account_saturates(void **state)
{
	static const int pins[] = { NONE };
	struct sched s;

	(void)state;
	add_tasks(&s, pins, 1);
	sched_account(&s, 0, 40);
	sched_account(&s, 0, 2);
	assert_int_equal(s.task[0].run_us, 42);
	sched_account(&s, 0, UINT64_MAX - 1);
	assert_int_equal(s.task[0].run_us, UINT64_MAX);
}

/* The random simulation: several CPUs, each with its own clock. */

#define SIM_SEEDS 300
#define SIM_STEPS 6000

struct sim {
	struct sched s;
	uint64_t rng;
	unsigned int ncpus;	/* CPUs the machine has (some past 16) */
	unsigned int used;	/* CPUs the scheduler may use */
	bool ok[SCHED_MAX_CPUS + 4];
	uint64_t now[SCHED_MAX_CPUS];
	bool finished[SCHED_MAX_CPUS];
	/* The model: what the scheduler should believe. */
	bool done[SCHED_MAX_TASKS];
	uint64_t wake[SCHED_MAX_TASKS];	/* sleeping until; 0: runnable */
	uint64_t run[SCHED_MAX_TASKS];
	/* Fairness: picks that passed each task by while it was runnable. */
	bool waiting[SCHED_MAX_TASKS];
	unsigned int passed[SCHED_MAX_TASKS];
	unsigned int seen[SCHED_MAX_TASKS];	/* tasks runnable meanwhile */
};

/* xorshift64*: a fixed sequence for each seed. */
static uint64_t rnd(struct sim *m)
{
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return m->rng * 2685821657736338717ull;
}

/* A random number in 0..@n-1. */
static unsigned int below(struct sim *m, unsigned int n)
{
	return (unsigned int)(rnd(m) % n);
}

/* Random CPUs and tasks, placed; the model starts from the placement. */
static unsigned int sim_setup(struct sim *m, uint64_t seed)
{
	static const uint64_t slices[] = { 0, 1, 700, 10000, 50000 };
	unsigned int i, ntasks;

	memset(m, 0, sizeof(*m));
	m->rng = seed * 0x9e3779b97f4a7c15ull + 1;
	m->ncpus = 1 + below(m, SCHED_MAX_CPUS + 4);
	m->used = m->ncpus < SCHED_MAX_CPUS ? m->ncpus : SCHED_MAX_CPUS;
	for (i = 0; i < m->ncpus; i++)
		m->ok[i] = below(m, 5) != 0;
	sched_init(&m->s, slices[below(m, 5)]);
	ntasks = 1 + below(m, SCHED_MAX_TASKS);
	for (i = 0; i < ntasks; i++) {
		int pin = below(m, 5) < 3 ? NONE :
					    (int)below(m, m->ncpus + 2);

		assert_int_equal(sched_add(&m->s, pin), i);
	}
	for (i = 0; i < m->used; i++)
		m->now[i] = rnd(m) % (1ull << 40);
	return sched_place(&m->s, m->ncpus, m->ok);
}

/* True if CPU @c may be used: below the limit and started. */
static bool sim_cpu_ok(const struct sim *m, int c)
{
	return c >= 0 && (unsigned int)c < m->used && m->ok[c];
}

/* Checks why a task was left unplaced. */
static void check_unplaced(const struct sim *m, const struct sched_task *t)
{
	bool any = false;
	unsigned int c;

	assert_int_equal(t->state, SCHED_DONE);
	assert_int_equal(t->cpu, NONE);
	assert_non_null(t->error);
	if (t->pin == NONE) {
		for (c = 0; c < m->used; c++)
			any |= m->ok[c];
		assert_false(any);
	} else if ((unsigned int)t->pin >= m->ncpus) {
		assert_non_null(strstr(t->error, "does not exist"));
	} else if ((unsigned int)t->pin >= m->used) {
		assert_non_null(strstr(t->error, "past the 16"));
	} else {
		assert_non_null(strstr(t->error, "did not start"));
	}
}

/*
 * Checks the placement: pins kept, only started CPUs used, the loads, and
 * that a CPU given an unpinned task has at most one more than the emptiest.
 */
static void check_placement(struct sim *m, unsigned int failed)
{
	unsigned int load[SCHED_MAX_CPUS] = { 0 }, min = ~0u, i, n = 0;

	for (i = 0; i < m->s.ntasks; i++) {
		const struct sched_task *t = &m->s.task[i];

		m->done[i] = t->error != NULL;
		if (t->error) {
			check_unplaced(m, t);
			n++;
			continue;
		}
		assert_true(sim_cpu_ok(m, t->cpu));
		if (t->pin != NONE)
			assert_int_equal(t->cpu, t->pin);
		load[t->cpu]++;
	}
	assert_int_equal(failed, n);
	for (i = 0; i < m->used; i++) {
		assert_int_equal(m->s.cpu[i].tasks, load[i]);
		if (m->ok[i] && load[i] < min)
			min = load[i];
	}
	for (i = 0; i < m->s.ntasks; i++) {
		const struct sched_task *t = &m->s.task[i];

		if (!t->error && t->pin == NONE)
			assert_true(load[t->cpu] <= min + 1);
	}
}

/* The tasks of CPU @c the model says are runnable at @now, as a mask. */
static unsigned int sim_runnable(const struct sim *m, unsigned int c,
				 uint64_t now)
{
	unsigned int i, mask = 0;

	for (i = 0; i < m->s.ntasks; i++) {
		if (m->s.task[i].cpu == (int)c && !m->done[i] &&
		    m->wake[i] <= now)
			mask |= 1u << i;
	}
	return mask;
}

/* The earliest wake-up after @now of a sleeper of CPU @c, or UINT64_MAX. */
static uint64_t sim_earliest(const struct sim *m, unsigned int c,
			     uint64_t now)
{
	uint64_t earliest = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < m->s.ntasks; i++) {
		if (m->s.task[i].cpu == (int)c && !m->done[i] &&
		    m->wake[i] > now && m->wake[i] < earliest)
			earliest = m->wake[i];
	}
	return earliest;
}

/*
 * Every runnable task is picked within as many picks as there were tasks
 * runnable meanwhile: count the picks that pass each one by.
 */
static void check_fairness(struct sim *m, unsigned int runnable,
			   unsigned int picked)
{
	unsigned int i;

	for (i = 0; i < m->s.ntasks; i++) {
		if (!(runnable & (1u << i)) || i == picked) {
			m->waiting[i] = false;
			continue;
		}
		if (!m->waiting[i]) {
			m->waiting[i] = true;
			m->passed[i] = 0;
			m->seen[i] = 0;
		}
		m->seen[i] |= runnable;
		m->passed[i]++;
		assert_true(m->passed[i] <
			    (unsigned int)__builtin_popcount(m->seen[i]));
	}
}

/* What the guest does with its turn: run, then end it one way or another. */
static void sim_turn(struct sim *m, unsigned int c, unsigned int t,
		     uint64_t until)
{
	uint64_t now = m->now[c], ran = until - now;
	unsigned int what = below(m, 100);

	if (what >= 40)
		ran = rnd(m) % (ran + 1);	/* an exit before the deadline */
	sched_account(&m->s, t, ran);
	m->run[t] += ran;
	m->now[c] = now + ran;
	if (what < 2) {
		sched_done(&m->s, t);
		m->done[t] = true;
	} else if (what < 20) {
		m->wake[t] = m->now[c] + rnd(m) % (3 * m->s.slice_us + 1);
		sched_sleep(&m->s, t, m->wake[t]);
	} else if (what < 50) {
		sched_yield(&m->s, t);
	}
}

/* One decision of CPU @c, checked against the model. */
static void sim_step(struct sim *m, unsigned int c)
{
	uint64_t now = m->now[c], earliest = sim_earliest(m, c, now);
	unsigned int runnable = sim_runnable(m, c, now);
	struct sched_pick p = sched_next(&m->s, c, now);
	const struct sched_task *t = &m->s.task[p.task];

	switch (p.kind) {
	case SCHED_RUN:
		assert_true(p.task < m->s.ntasks);
		assert_int_equal(t->cpu, c);		/* its own CPU */
		assert_false(m->done[p.task]);		/* never a done one */
		assert_true(m->wake[p.task] <= now);	/* not before its time */
		assert_true(p.until_us > now);		/* never in the past */
		assert_int_equal(p.until_us, earliest < now + m->s.slice_us ?
						     earliest :
						     now + m->s.slice_us);
		check_fairness(m, runnable, p.task);
		sim_turn(m, c, p.task, p.until_us);
		break;
	case SCHED_IDLE:
		assert_int_equal(runnable, 0);
		assert_true(earliest != UINT64_MAX);
		assert_int_equal(p.until_us, earliest);
		check_fairness(m, 0, ~0u);
		/* Sometimes an interrupt ends the halt early. */
		m->now[c] = below(m, 4) ? p.until_us :
					  now + 1 + rnd(m) % (p.until_us - now);
		break;
	default:
		assert_int_equal(p.kind, SCHED_FINISHED);
		assert_int_equal(runnable, 0);
		assert_int_equal(earliest, UINT64_MAX);
		assert_true(sched_cpu_finished(&m->s, c));
		m->finished[c] = true;
		break;
	}
}

/* The scheduler's records agree with the model. */
static void check_records(const struct sim *m)
{
	unsigned int i;

	for (i = 0; i < m->s.ntasks; i++) {
		assert_int_equal(m->s.task[i].state == SCHED_DONE, m->done[i]);
		assert_int_equal(m->s.task[i].run_us, m->run[i]);
	}
}

static void test_random_simulation(void **state)
{
	static struct sim m;
	unsigned int seed, step;

	(void)state;
	for (seed = 0; seed < SIM_SEEDS; seed++) {
		check_placement(&m, sim_setup(&m, seed));
		for (step = 0; step < SIM_STEPS; step++)
			sim_step(&m, below(&m, m.used));
		check_records(&m);
		/* Once finished, a CPU stays finished. */
		for (step = 0; step < m.used; step++) {
			if (m.finished[step])
				assert_true(sched_cpu_finished(&m.s, step));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_place_pins),
		cmocka_unit_test(test_place_spread_three_over_two),
		cmocka_unit_test(test_place_spread_counts_pins),
		cmocka_unit_test(test_place_pin_missing_cpu),
		cmocka_unit_test(test_place_pin_failed_cpu),
		cmocka_unit_test(test_place_no_cpu_started),
		cmocka_unit_test(test_place_beyond_max_cpus),
		cmocka_unit_test(test_place_again),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_fairness),
		cmocka_unit_test(test_yield),
		cmocka_unit_test(test_sleeper_skipped),
		cmocka_unit_test(test_idle_until_earliest_wake),
		cmocka_unit_test(test_sleep_in_the_past),
		cmocka_unit_test(test_cpu_finished),
		cmocka_unit_test(test_cpus_independent),
		cmocka_unit_test(test_deadline_never_past),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_account_saturates),
		cmocka_unit_test(test_random_simulation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
