/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's decisions (see lib/sched.h).  With at most 8 tasks, each
 * decision scans every task and keeps those of the CPU asked about: no
 * queues to keep consistent, and a CPU's scan reads only the placement,
 * which no longer changes, and the records of its own tasks.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/sched.h"
#include "lib/sat.h"

void sched_init(struct sched *s, uint64_t slice_us)
{
	unsigned int i;

	*s = (struct sched){ .slice_us = slice_us ? slice_us :
						    SCHED_DEFAULT_SLICE_US };
	for (i = 0; i < SCHED_MAX_CPUS; i++)
		s->cpu[i].last = -1;
}

int sched_add(struct sched *s, int pin)
{
	struct sched_task *t;

	if (s->ntasks >= SCHED_MAX_TASKS || pin < SCHED_NO_CPU)
		return -1;
	t = &s->task[s->ntasks];
	*t = (struct sched_task){ .state = SCHED_RUNNABLE, .pin = pin,
				  .cpu = SCHED_NO_CPU };
	return (int)s->ntasks++;
}

/* The task numbered @task, or NULL if there is none. */
static struct sched_task *task_of(struct sched *s, unsigned int task)
{
	return task < s->ntasks ? &s->task[task] : NULL;
}

/* True if CPU @cpu of @ncpus (already at most SCHED_MAX_CPUS) started. */
static bool cpu_started(unsigned int ncpus, const bool *cpu_ok,
			unsigned int cpu)
{
	return cpu < ncpus && (!cpu_ok || cpu_ok[cpu]);
}

/* Puts @t on @cpu, or leaves it unplaced and done with @error if @cpu < 0. */
static void assign(struct sched *s, struct sched_task *t, int cpu,
		   const char *error)
{
	if (cpu < 0) {
		t->state = SCHED_DONE;
		t->error = error;
		return;
	}
	t->cpu = cpu;
	s->cpu[cpu].tasks++;
}

_Static_assert(SCHED_MAX_CPUS == 16, "pin_error() names the limit");

/* Why pinned task @t cannot go to its CPU, or NULL if it can. */
static const char *pin_error(const struct sched_task *t, unsigned int ncpus,
			     unsigned int used, const bool *cpu_ok)
{
	unsigned int pin = (unsigned int)t->pin;

	if (pin >= ncpus)
		return "pinned to a CPU that does not exist";
	if (pin >= used)
		return "pinned to a CPU past the 16 Tollgate schedules";
	if (!cpu_started(used, cpu_ok, pin))
		return "pinned to a CPU that did not start";
	return NULL;
}

/* The started CPU with the fewest tasks, the lowest on a tie; -1 if none. */
static int least_loaded(const struct sched *s, unsigned int used,
			const bool *cpu_ok)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < used; i++) {
		if (!cpu_started(used, cpu_ok, i))
			continue;
		if (best < 0 || s->cpu[i].tasks < s->cpu[best].tasks)
			best = (int)i;
	}
	return best;
}

/* Forgets any earlier placement: every task unplaced and runnable. */
static void unplace(struct sched *s)
{
	unsigned int i;

	for (i = 0; i < SCHED_MAX_CPUS; i++)
		s->cpu[i] = (struct sched_cpu){ .last = -1 };
	for (i = 0; i < s->ntasks; i++) {
		s->task[i].state = SCHED_RUNNABLE;
		s->task[i].cpu = SCHED_NO_CPU;
		s->task[i].error = NULL;
	}
}

unsigned int sched_place(struct sched *s, unsigned int ncpus,
			 const bool *cpu_ok)
{
	unsigned int used = ncpus < SCHED_MAX_CPUS ? ncpus : SCHED_MAX_CPUS;
	unsigned int i, failed = 0;
	const char *error;

	unplace(s);
	/* Pins first, so that the spreading counts them. */
	for (i = 0; i < s->ntasks; i++) {
		struct sched_task *t = &s->task[i];

		if (t->pin == SCHED_NO_CPU)
			continue;
		error = pin_error(t, ncpus, used, cpu_ok);
		assign(s, t, error ? -1 : t->pin, error);
		failed += error != NULL;
	}
	for (i = 0; i < s->ntasks; i++) {
		struct sched_task *t = &s->task[i];
		int cpu;

		if (t->pin != SCHED_NO_CPU)
			continue;
		cpu = least_loaded(s, used, cpu_ok);
		assign(s, t, cpu, "no CPU started");
		failed += cpu < 0;
	}
	return failed;
}

/* True if @t is placed on @cpu. */
static bool on_cpu(const struct sched_task *t, unsigned int cpu)
{
	return t->cpu >= 0 && (unsigned int)t->cpu == cpu;
}

/*
 * One pass over the tasks of @cpu, in round-robin order from the one after
 * the last picked: a sleeper whose wake-up time is @now or earlier becomes
 * runnable; the first runnable task met is the pick (so the last one comes
 * again only if it is alone), -1 if none; @sleeper says whether a sleeper
 * is left, and @wake when the earliest of them wakes.  Waking depends on
 * each task alone, so one pass decides as waking every sleeper first
 * would, and a turn's end costs one look at each task.
 */
static int scan(struct sched *s, unsigned int cpu, uint64_t now,
		uint64_t *wake, bool *sleeper)
{
	unsigned int n = s->ntasks, i = (unsigned int)(s->cpu[cpu].last + 1), k;
	int pick = -1;

	*wake = UINT64_MAX;
	*sleeper = false;
	for (k = 0; k < n; k++, i++) {
		struct sched_task *t;

		if (i >= n)
			i = 0;
		t = &s->task[i];
		if (!on_cpu(t, cpu))
			continue;
		if (t->state == SCHED_SLEEPING) {
			if (t->wake_us > now) {
				*sleeper = true;
				if (t->wake_us < *wake)
					*wake = t->wake_us;
				continue;
			}
			t->state = SCHED_RUNNABLE;
		}
		if (t->state == SCHED_RUNNABLE && pick < 0)
			pick = (int)i;
	}
	return pick;
}

struct sched_pick sched_next(struct sched *s, unsigned int cpu,
			     uint64_t now_us)
{
	struct sched_pick p = { .kind = SCHED_FINISHED,
				.until_us = UINT64_MAX };
	uint64_t wake;
	bool sleeper;
	int t;

	if (cpu >= SCHED_MAX_CPUS)
		return p;
	/* Every sleeper left wakes after now_us. */
	t = scan(s, cpu, now_us, &wake, &sleeper);
	if (t >= 0) {
		s->cpu[cpu].last = t;
		s->task[t].picks++;
		p.kind = SCHED_RUN;
		p.task = (unsigned int)t;
		p.until_us = sat_add(now_us, s->slice_us);
		if (sleeper && wake < p.until_us)
			p.until_us = wake;
	} else if (sleeper) {
		p.kind = SCHED_IDLE;
		p.until_us = wake;
	}
	return p;
}

void sched_halted(struct sched *s, unsigned int task)
{
	struct sched_task *t = task_of(s, task);

	/* Its turn is over; the round robin already starts after it. */
	if (t)
		t->halts++;
}

void sched_sleep(struct sched *s, unsigned int task, uint64_t until_us)
{
	struct sched_task *t = task_of(s, task);

	if (!t || t->state == SCHED_DONE)
		return;
	t->state = SCHED_SLEEPING;
	t->wake_us = until_us;
}

void sched_done(struct sched *s, unsigned int task)
{
	struct sched_task *t = task_of(s, task);

	if (t)
		t->state = SCHED_DONE;
}

void sched_account(struct sched *s, unsigned int task, uint64_t ran_us)
{
	struct sched_task *t = task_of(s, task);

	if (t)
		t->run_us = sat_add(t->run_us, ran_us);
}

bool sched_cpu_finished(const struct sched *s, unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < s->ntasks; i++) {
		if (on_cpu(&s->task[i], cpu) &&
		    s->task[i].state != SCHED_DONE)
			return false;
	}
	return true;
}
