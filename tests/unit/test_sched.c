/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/sched.c, the scheduler's decisions, against a fake
 * clock.  Scripted cases check placement (pins, spreading, CPUs missing or
 * not started), the round robin, halts, sleepers, idling, finished CPUs and
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
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A scheduler with one task per entry of @pins, not yet placed. */
static void add_tasks(struct sched *s, const int *pins, unsigned int n)
{
	unsigned int i;

	sched_init(s, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(sched_add(s, pins[i]), i);
}

/* add_tasks(), then every task placed on CPUs 0..@ncpus-1. */
static void place_tasks(struct sched *s, const int *pins, unsigned int n,
			unsigned int ncpus)
{
	add_tasks(s, pins, n);
	assert_int_equal(sched_place(s, ncpus, NULL), 0);
}

/* Asserts that @cpu, at @now, does @kind with @task until @until. */
static void expect(struct sched *s, unsigned int cpu, uint64_t now,
		   enum sched_pick_kind kind, unsigned int task, uint64_t until)
{
	struct sched_pick p = sched_next(s, cpu, now);

	assert_int_equal(p.kind, kind);
	assert_int_equal(p.until_us, until);
	if (kind == SCHED_RUN)
		assert_int_equal(p.task, task);
}

/* Asserts that @cpu runs a task at @now and returns it. */
static unsigned int run_at(struct sched *s, unsigned int cpu, uint64_t now)
{
	struct sched_pick p = sched_next(s, cpu, now);

	assert_int_equal(p.kind, SCHED_RUN);
	assert_true(p.until_us > now);
	return p.task;
}

/* A fresh scheduler, and tasks added up to the limit. */
static void test_init_and_add(void **state)
{
	struct sched s;
	int i;

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	sched_init(&s, 0);
	assert_int_equal(s.slice_us, SLICE);
	assert_int_equal(s.cpu[SCHED_MAX_CPUS - 1].last, -1);
	/* No tasks: every CPU is finished at once. */
	expect(&s, 0, T0, SCHED_FINISHED, 0, UINT64_MAX);
	assert_true(sched_cpu_finished(&s, 0));
	sched_init(&s, 2500);
	assert_int_equal(s.slice_us, 2500);
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

/* One placement and what it should give. */
struct place_case {
	const char *what;
	unsigned int ncpus;
	unsigned int down;		/* CPUs not started, a bit each */
	unsigned int ntasks;
	int pin[SCHED_MAX_TASKS];
	int cpu[SCHED_MAX_TASKS];	/* where each goes; NONE: not run */
	const char *why[SCHED_MAX_TASKS]; /* part of each error */
};

static const struct place_case place_cases[] = {
	{ "pins kept, the others to the emptiest CPU, lowest first",
	  4, 0, 5, { 2, 0, NONE, NONE, 2 }, { 2, 0, 1, 3, 2 }, { NULL } },
	{ "three tasks over two CPUs",
	  2, 0, 3, { NONE, NONE, NONE }, { 0, 1, 0 }, { NULL } },
	{ "pinned tasks count toward the load, whatever their order",
	  2, 0, 5, { NONE, 0, NONE, 0, NONE }, { 1, 0, 1, 0, 0 }, { NULL } },
	{ "a pin to a CPU that does not exist",
	  2, 0, 3, { 3, NONE, 1 }, { NONE, 0, 1 }, { "does not exist" } },
	{ "a CPU that did not start gets no task, pinned or not",
	  3, 1u << 1, 5, { NONE, 1, NONE, NONE, NONE },
	  { 0, NONE, 2, 0, 2 }, { [1] = "did not start" } },
	{ "no CPU started",
	  2, 3, 3, { NONE, NONE, 0 }, { NONE, NONE, NONE },
	  { "no CPU started", "no CPU started", "did not start" } },
	{ "no CPUs at all",
	  0, 0, 2, { NONE, 0 }, { NONE, NONE },
	  { "no CPU started", "does not exist" } },
	{ "CPUs past SCHED_MAX_CPUS exist but are not used",
	  20, 0, 4, { 17, 20, NONE, 15 }, { NONE, NONE, 0, 15 },
	  { "past the 16", "does not exist" } },
};

/* True if task @i of @s was placed as @c says. */
static bool placed_as_expected(const struct place_case *c,
			       const struct sched *s, unsigned int i)
{
	const struct sched_task *t = &s->task[i];

	if (t->cpu != c->cpu[i])
		return false;
	if (c->cpu[i] != NONE)
		return t->state == SCHED_RUNNABLE && !t->error;
	return t->state == SCHED_DONE && t->error &&
	       strstr(t->error, c->why[i]);
}

/*
 * Places @c's tasks, then checks each task and each CPU's load, and that a
 * CPU's first picks are its own tasks only (never one left unplaced).
 */
static void check_place_case(const struct place_case *c)
{
	unsigned int load[SCHED_MAX_CPUS] = { 0 }, failed = 0, n, i;
	bool ok[32];
	struct sched s;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		ok[i] = !(c->down & (1u << i));
	add_tasks(&s, c->pin, c->ntasks);
	/* Placing again starts afresh: nothing of the first one is left. */
	sched_place(&s, SCHED_MAX_CPUS, NULL);
	n = sched_place(&s, c->ncpus, ok);
	for (i = 0; i < c->ntasks; i++) {
		const struct sched_task *t = &s.task[i];

		if (!placed_as_expected(c, &s, i))
			fail_msg("%s: task %u on CPU %d, error \"%s\"", c->what,
				 i, t->cpu, t->error ? t->error : "");
		failed += t->cpu == NONE;
		if (t->cpu != NONE)
			load[t->cpu]++;
	}
	if (n != failed)
		fail_msg("%s: sched_place() said %u, but %u are not placed",
			 c->what, n, failed);
	for (i = 0; i < SCHED_MAX_CPUS; i++) {
		struct sched_pick p = sched_next(&s, i, T0);

		assert_int_equal(s.cpu[i].tasks, load[i]);
		assert_int_equal(p.kind, load[i] ? SCHED_RUN : SCHED_FINISHED);
		if (load[i])
			assert_int_equal(s.task[p.task].cpu, i);
	}
}

static void test_place(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(place_cases); i++)
		check_place_case(&place_cases[i]);
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
	place_tasks(&s, pins, 5, 2);
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
	place_tasks(&s, pins, 3, 1);
	for (i = 0; i < 3000; i++, now += SLICE) {
		expect(&s, 0, now, SCHED_RUN, i % 3, now + SLICE);
		sched_account(&s, i % 3, SLICE);
	}
	for (t = 0; t < 3; t++) {
		assert_int_equal(s.task[t].picks, 1000);
		assert_int_equal(s.task[t].run_us, 1000 * SLICE);
	}
}

/* A task that halts lets the other run; alone, it runs again. */
static void test_halt_yields(void **state)
{
	static const int pins[] = { 0, 0, 1 };
	struct sched s;

	(void)state;
	place_tasks(&s, pins, 3, 2);
	assert_int_equal(run_at(&s, 0, T0), 0);
	sched_halted(&s, 0);
	assert_int_equal(run_at(&s, 0, T0 + 7), 1);
	assert_int_equal(s.task[0].halts, 1);
	assert_int_equal(s.task[0].state, SCHED_RUNNABLE);
	assert_int_equal(run_at(&s, 1, T0), 2);
	sched_halted(&s, 2);
	assert_int_equal(run_at(&s, 1, T0 + 3), 2);
}

/* A sleeper is skipped until its time; then its turn comes at once. */
static void test_sleeper_skipped(void **state)
{
	static const int pins[] = { 0, 0 };
	struct sched s;

	(void)state;
	place_tasks(&s, pins, 2, 1);
	assert_int_equal(run_at(&s, 0, T0), 0);
	sched_sleep(&s, 0, T0 + 25000);
	expect(&s, 0, T0 + 100, SCHED_RUN, 1, T0 + 10100);
	expect(&s, 0, T0 + 10100, SCHED_RUN, 1, T0 + 20100);
	/* The deadline is cut to the sleeper's wake-up. */
	expect(&s, 0, T0 + 20000, SCHED_RUN, 1, T0 + 25000);
	assert_int_equal(s.task[0].state, SCHED_SLEEPING);
	expect(&s, 0, T0 + 25000, SCHED_RUN, 0, T0 + 35000);
	assert_int_equal(s.task[0].state, SCHED_RUNNABLE);
	/* Sleeping until now or earlier is no sleep at all. */
	sched_sleep(&s, 1, T0 + 35000);
	sched_sleep(&s, 0, T0 + 34000);
	expect(&s, 0, T0 + 35000, SCHED_RUN, 1, T0 + 45000);
	expect(&s, 0, T0 + 35001, SCHED_RUN, 0, T0 + 45001);
}

/* With every task asleep the CPU idles until the earliest wakes. */
static void test_idle_until_earliest_wake(void **state)
{
	static const int pins[] = { 0, 0, 0 };
	struct sched s;

	(void)state;
	place_tasks(&s, pins, 3, 1);
	sched_sleep(&s, 0, T0 + 500);
	sched_sleep(&s, 1, T0 + 300);
	sched_sleep(&s, 2, T0 + 900);
	expect(&s, 0, T0, SCHED_IDLE, 0, T0 + 300);
	assert_false(sched_cpu_finished(&s, 0));
	/* Woken early (an interrupt): still nothing to run. */
	expect(&s, 0, T0 + 299, SCHED_IDLE, 0, T0 + 300);
	/* Its deadline is the next sleeper's wake-up. */
	expect(&s, 0, T0 + 300, SCHED_RUN, 1, T0 + 500);
	sched_sleep(&s, 1, T0 + 2000);
	expect(&s, 0, T0 + 600, SCHED_RUN, 0, T0 + 900);
}

/* A CPU is finished once every task placed on it is done, for good. */
static void test_cpu_finished(void **state)
{
	static const int pins[] = { 0, 0, 1 };
	struct sched s;

	(void)state;
	place_tasks(&s, pins, 3, 3);
	assert_false(sched_cpu_finished(&s, 0));
	assert_true(sched_cpu_finished(&s, 2));
	expect(&s, 2, T0, SCHED_FINISHED, 0, UINT64_MAX);
	sched_done(&s, 0);
	assert_false(sched_cpu_finished(&s, 0));
	expect(&s, 0, T0, SCHED_RUN, 1, T0 + SLICE);
	sched_sleep(&s, 1, T0 + 50);
	expect(&s, 0, T0 + 1, SCHED_IDLE, 0, T0 + 50);
	sched_done(&s, 1);
	assert_true(sched_cpu_finished(&s, 0));
	expect(&s, 0, T0 + 2, SCHED_FINISHED, 0, UINT64_MAX);
	/* Done is final: sleeping cannot bring a task back. */
	sched_sleep(&s, 1, T0 + 10);
	assert_int_equal(s.task[1].state, SCHED_DONE);
	expect(&s, 0, T0 + 20, SCHED_FINISHED, 0, UINT64_MAX);
	assert_false(sched_cpu_finished(&s, 1));
}

/* A task done on CPU 0 changes nothing for CPU 1. */
static void test_cpus_independent(void **state)
{
	static const int pins[] = { 0, 1, 1 };
	struct sched s;
	unsigned int i;

	(void)state;
	place_tasks(&s, pins, 3, 2);
	for (i = 0; i < 6; i++) {
		assert_int_equal(run_at(&s, 1, T0 + i * SLICE), 1 + i % 2);
		if (i != 2)
			continue;
		assert_int_equal(run_at(&s, 0, T0), 0);
		sched_done(&s, 0);
		expect(&s, 0, T0 + 1, SCHED_FINISHED, 0, UINT64_MAX);
	}
	assert_true(sched_cpu_finished(&s, 0));
	assert_false(sched_cpu_finished(&s, 1));
}

/* Deadlines are after now, a slice away, saturating at the clock's end. */
static void test_deadline_never_past(void **state)
{
	static const int pins[] = { 0 };
	struct sched s;

	(void)state;
	place_tasks(&s, pins, 1, 1);
	expect(&s, 0, 0, SCHED_RUN, 0, SLICE);
	expect(&s, 0, UINT64_MAX - SLICE - 1, SCHED_RUN, 0, UINT64_MAX - 1);
	expect(&s, 0, UINT64_MAX - SLICE, SCHED_RUN, 0, UINT64_MAX);
	expect(&s, 0, UINT64_MAX - 3, SCHED_RUN, 0, UINT64_MAX);
	/* At the very end of the clock the deadline can only be now. */
	expect(&s, 0, UINT64_MAX, SCHED_RUN, 0, UINT64_MAX);
}

/* Numbers out of range are ignored, not trusted; run time saturates. */
static void test_out_of_range(void **state)
{
	static const int pins[] = { 0 };
	struct sched s;

	(void)state;
	place_tasks(&s, pins, 1, 1);
	sched_halted(&s, 1);
	sched_sleep(&s, 5, T0);
	sched_done(&s, SCHED_MAX_TASKS);
	sched_account(&s, 99, 10);
	expect(&s, SCHED_MAX_CPUS, T0, SCHED_FINISHED, 0, UINT64_MAX);
	assert_true(sched_cpu_finished(&s, 100));
	assert_int_equal(run_at(&s, 0, T0), 0);
	assert_int_equal(s.task[1].halts, 0);
	assert_int_equal(s.task[1].state, SCHED_RUNNABLE);
	sched_account(&s, 0, 42);
	assert_int_equal(s.task[0].run_us, 42);
	sched_account(&s, 0, UINT64_MAX - 1);
	assert_int_equal(s.task[0].run_us, UINT64_MAX);
}

/*
 * The random simulation: random CPUs (some not started, some past 16),
 * random tasks and pins, then random decisions of random CPUs, each CPU
 * with its own clock, and guests that run to the deadline or exit early,
 * halt, sleep or finish.  A model of its own says what the scheduler
 * should do, and every decision is checked against it.
 */

#define SIM_SEEDS 1000
#define SIM_STEPS 6000

struct sim {
	struct sched s;
	uint64_t rng;
	unsigned int ncpus;	/* CPUs the machine has */
	unsigned int used;	/* of those, the ones the scheduler may use */
	bool ok[SCHED_MAX_CPUS + 4];
	uint64_t now[SCHED_MAX_CPUS];
	/* The model: what the scheduler should believe. */
	unsigned int live;	/* tasks placed and not done */
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

/* Random CPUs and tasks, placed; returns what sched_place() did. */
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

/* Part of the error a task pinned to @pin should get; NULL: none. */
static const char *sim_place_error(const struct sim *m, int pin)
{
	if (pin == NONE) {
		unsigned int c;

		for (c = 0; c < m->used; c++) {
			if (m->ok[c])
				return NULL;
		}
		return "no CPU started";
	}
	if ((unsigned int)pin >= m->ncpus)
		return "does not exist";
	if ((unsigned int)pin >= m->used)
		return "past the 16";
	return m->ok[pin] ? NULL : "did not start";
}

/*
 * Checks the placement: pins kept, errors as expected, only started CPUs
 * used, the loads, and that a CPU given an unpinned task has at most one
 * more than the emptiest started CPU.  The model starts from it.
 */
static void check_placement(struct sim *m, unsigned int failed)
{
	unsigned int load[SCHED_MAX_CPUS] = { 0 }, min = ~0u, i, n = 0;

	for (i = 0; i < m->s.ntasks; i++) {
		const struct sched_task *t = &m->s.task[i];
		const char *why = sim_place_error(m, t->pin);

		m->done[i] = why != NULL;
		if (why) {
			assert_int_equal(t->state, SCHED_DONE);
			assert_int_equal(t->cpu, NONE);
			assert_non_null(strstr(t->error, why));
			n++;
			continue;
		}
		assert_true(t->cpu >= 0 && (unsigned int)t->cpu < m->used);
		assert_true(m->ok[t->cpu]);
		if (t->pin != NONE)
			assert_int_equal(t->cpu, t->pin);
		load[t->cpu]++;
	}
	assert_int_equal(failed, n);
	m->live = m->s.ntasks - n;
	for (i = 0; i < m->used; i++) {
		assert_int_equal(m->s.cpu[i].tasks, load[i]);
		if (m->ok[i] && load[i] < min)
			min = load[i];
	}
	for (i = 0; i < m->s.ntasks; i++) {
		if (!m->done[i] && m->s.task[i].pin == NONE)
			assert_true(load[m->s.task[i].cpu] <= min + 1);
	}
}

/*
 * The tasks of CPU @c the model says are runnable at @now, as a mask, and
 * in @earliest the earliest later wake-up of its sleepers (or UINT64_MAX).
 */
static unsigned int sim_view(const struct sim *m, unsigned int c,
			     uint64_t now, uint64_t *earliest)
{
	unsigned int i, mask = 0;

	*earliest = UINT64_MAX;
	for (i = 0; i < m->s.ntasks; i++) {
		if (m->s.task[i].cpu != (int)c || m->done[i])
			continue;
		if (m->wake[i] <= now)
			mask |= 1u << i;
		else if (m->wake[i] < *earliest)
			*earliest = m->wake[i];
	}
	return mask;
}

/*
 * Every runnable task is picked within as many picks as there were tasks
 * runnable meanwhile: count the picks that pass each one by.  @runnable
 * and @picked are masks of tasks.
 */
static void check_fairness(struct sim *m, unsigned int runnable,
			   unsigned int picked)
{
	unsigned int i;

	for (i = 0; i < m->s.ntasks; i++) {
		if (!(runnable & (1u << i)) || (picked & (1u << i))) {
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
	unsigned int what = below(m, 1000);

	if (what >= 400)
		ran = rnd(m) % (ran + 1); /* an exit before the deadline */
	sched_account(&m->s, t, ran);
	m->run[t] += ran;
	m->now[c] = now + ran;
	if (what < 3) {
		sched_done(&m->s, t);
		m->done[t] = true;
		m->live--;
	} else if (what < 200) {
		m->wake[t] = m->now[c] + rnd(m) % (3 * m->s.slice_us + 1);
		sched_sleep(&m->s, t, m->wake[t]);
	} else if (what < 500) {
		sched_halted(&m->s, t);
	}
}

/* A CPU to decide for, while a task is live: mostly one of a live task. */
static unsigned int sim_cpu(struct sim *m)
{
	unsigned int t;

	if (!below(m, 8))
		return below(m, m->used);
	do
		t = below(m, m->s.ntasks);
	while (m->done[t]);
	return (unsigned int)m->s.task[t].cpu;
}

/* One decision of CPU @c, checked against the model. */
static void sim_step(struct sim *m, unsigned int c)
{
	uint64_t now = m->now[c], earliest, end = now + m->s.slice_us;
	unsigned int runnable = sim_view(m, c, now, &earliest);
	struct sched_pick p = sched_next(&m->s, c, now);
	bool finished = !runnable && earliest == UINT64_MAX;

	assert_int_equal(sched_cpu_finished(&m->s, c), finished);
	assert_int_equal(p.kind, runnable ? SCHED_RUN :
				 finished ? SCHED_FINISHED : SCHED_IDLE);
	if (p.kind == SCHED_RUN) {
		/* On its own CPU, not done, not before its time. */
		assert_true(p.task < m->s.ntasks);
		assert_int_equal(m->s.task[p.task].cpu, c);
		assert_true(runnable & (1u << p.task));
		/* Never in the past; cut to the next wake-up. */
		assert_true(p.until_us > now);
		assert_int_equal(p.until_us, earliest < end ? earliest : end);
		check_fairness(m, runnable, 1u << p.task);
		sim_turn(m, c, p.task, p.until_us);
	} else if (p.kind == SCHED_IDLE) {
		assert_int_equal(p.until_us, earliest);
		check_fairness(m, 0, 0);
		/* Sometimes an interrupt ends the halt early. */
		m->now[c] = below(m, 4) ? p.until_us :
					  now + 1 + rnd(m) % (p.until_us - now);
	}
}

static void test_random_simulation(void **state)
{
	static struct sim m;
	unsigned int seed, step, i;

	(void)state;
	for (seed = 0; seed < SIM_SEEDS; seed++) {
		check_placement(&m, sim_setup(&m, seed));
		for (step = 0; step < SIM_STEPS && m.live; step++)
			sim_step(&m, sim_cpu(&m));
		/* Each CPU, finished or not, agrees with the model. */
		for (i = 0; i < m.used; i++)
			sim_step(&m, i);
		/* The scheduler's records agree with the model. */
		for (i = 0; i < m.s.ntasks; i++) {
			assert_int_equal(m.s.task[i].state == SCHED_DONE,
					 m.done[i]);
			assert_int_equal(m.s.task[i].run_us, m.run[i]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_add),
		cmocka_unit_test(test_place),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_fairness),
		cmocka_unit_test(test_halt_yields),
		cmocka_unit_test(test_sleeper_skipped),
		cmocka_unit_test(test_idle_until_earliest_wake),
		cmocka_unit_test(test_cpu_finished),
		cmocka_unit_test(test_cpus_independent),
		cmocka_unit_test(test_deadline_never_past),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_random_simulation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
