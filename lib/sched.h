/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's decisions: which guest each CPU runs, for how long, and
 * when a CPU idles.  Pure logic: it does no I/O, takes no locks and reads no
 * clock; times are microseconds of a clock the caller reads and passes in.
 *
 * A task is one guest's vCPU; task numbers are given by sched_add(), in the
 * order of guests=.  The life of a run:
 *
 *  1. sched_init(), then sched_add() for each guest with its NAME.cpu=
 *     (or SCHED_NO_CPU), then sched_place() once the CPUs are started.
 *     A pinned task goes to its CPU; the others go one by one, in task
 *     order, to the started CPU with the fewest tasks so far (pinned ones
 *     included; ties: the lowest CPU number).  A task pinned to a CPU that
 *     does not exist or did not start is not run: its state is SCHED_DONE,
 *     its cpu SCHED_NO_CPU and its error says why, for the caller to report.
 *     A CPU that did not start gets no tasks.
 *
 *  2. Each CPU loops on sched_next(), which returns one of:
 *       SCHED_RUN       run @task until @until_us, the deadline;
 *       SCHED_IDLE      no task is runnable: halt until @until_us, when the
 *                       earliest sleeper wakes;
 *       SCHED_FINISHED  every task of this CPU is done: nothing to wait for.
 *     The runnable tasks of a CPU take turns (round robin in task order,
 *     starting after the last one picked).  The deadline is now + the
 *     slice, or the wake-up time of a sleeper of this CPU if that is
 *     sooner, so that a guest whose budget has refilled gets its turn
 *     promptly; it is always after @now_us (unless @now_us is UINT64_MAX).
 *
 *  3. The turn of a task ends at its deadline, or earlier when the caller
 *     tells: sched_halted() (it ran HLT: it stays runnable, and the others
 *     of the CPU go first), sched_sleep() (its bus-lock budget is spent:
 *     it is not picked before the time given), sched_done() (it finished,
 *     failed or was killed: it is never picked again).  sched_account()
 *     adds the time it ran.  Then the CPU calls sched_next() again.
 *     A task number out of range is ignored by all four.
 *
 * Concurrency, without locks: sched_init(), sched_add() and sched_place()
 * run on one CPU before the others enter their loops (the start-up
 * handshake publishes the structure to them).  After that the placement
 * (each task's cpu, pin and error) is read-only, and everything else is
 * written only by the CPU that owns it: a CPU calls sched_next() and
 * sched_cpu_finished() with its own number, and sched_halted(), sched_sleep(),
 * sched_done() and sched_account() for its own tasks.  No two CPUs write the
 * same field; per-task and per-CPU records each have their own cache line.
 * Another CPU may read a task's state or counters only after the owner has
 * published them (a flag written with release once its CPU is finished).
 */
#ifndef TG_LIB_SCHED_H
#define TG_LIB_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_MAX_CPUS 16
#define SCHED_MAX_TASKS 8
#define SCHED_NO_CPU (-1)		/* no pin, or placed nowhere */
#define SCHED_DEFAULT_SLICE_US 10000ull	/* slice=10 (ms) */
#define SCHED_CACHE_LINE 64

enum sched_state {
	SCHED_RUNNABLE,		/* to be picked in its turn */
	SCHED_SLEEPING,		/* not picked before wake_us */
	SCHED_DONE,		/* finished, failed, killed, or not placed */
};

struct sched_task {
	_Alignas(SCHED_CACHE_LINE) enum sched_state state;
	int pin;		/* NAME.cpu=, or SCHED_NO_CPU */
	int cpu;		/* where it runs, or SCHED_NO_CPU */
	const char *error;	/* why it was not placed, or NULL */
	uint64_t wake_us;	/* SCHED_SLEEPING: when it is runnable again */
	uint64_t run_us;	/* time it ran, from sched_account() */
	uint64_t picks;		/* turns sched_next() gave it */
	uint64_t halts;		/* sched_halted() calls */
};

struct sched_cpu {
	_Alignas(SCHED_CACHE_LINE) int last;	/* task picked last, or -1 */
	unsigned int tasks;	/* tasks placed on it */
};

struct sched {
	uint64_t slice_us;	/* the longest turn */
	unsigned int ntasks;
	struct sched_task task[SCHED_MAX_TASKS];
	struct sched_cpu cpu[SCHED_MAX_CPUS];
};

enum sched_pick_kind { SCHED_RUN, SCHED_IDLE, SCHED_FINISHED };

struct sched_pick {
	enum sched_pick_kind kind;
	unsigned int task;	/* SCHED_RUN: the task to run */
	uint64_t until_us;	/* SCHED_RUN: deadline; SCHED_IDLE: wake-up */
};

/* Starts with no tasks and turns of @slice_us (0: SCHED_DEFAULT_SLICE_US). */
void sched_init(struct sched *s, uint64_t slice_us);

/*
 * Adds a runnable task pinned to CPU @pin (SCHED_NO_CPU: any CPU).  Returns
 * its number, or -1 if there are SCHED_MAX_TASKS already or @pin is
 * negative but not SCHED_NO_CPU.
 */
int sched_add(struct sched *s, int pin);

/*
 * Places every task on one of CPUs 0..@ncpus-1, of which CPU i started if
 * @cpu_ok[i] (@cpu_ok NULL: all started); CPUs from SCHED_MAX_CPUS on are
 * not used.  Returns how many tasks cannot run, each with its error set.
 * Called once, before any sched_next(); calling it again places afresh.
 */
unsigned int sched_place(struct sched *s, unsigned int ncpus,
			 const bool *cpu_ok);

/*
 * Chooses what CPU @cpu does at @now_us: run a task until a deadline, idle
 * until a sleeper wakes, or stop (see above).  Sleepers whose time has come
 * become runnable first.  A CPU out of range is SCHED_FINISHED.
 */
struct sched_pick sched_next(struct sched *s, unsigned int cpu,
			     uint64_t now_us);

/*
 * Ends @task's turn early because it halted: it stays runnable, after the
 * others of its CPU.  (Not "sched_yield", the C library's function, which
 * the host tests and their sanitizers link with.)
 */
void sched_halted(struct sched *s, unsigned int task);

/* Keeps @task from being picked before @until_us.  A done task stays done. */
void sched_sleep(struct sched *s, unsigned int task, uint64_t until_us);

/* Marks @task done: it is never picked again. */
void sched_done(struct sched *s, unsigned int task);

/* Adds @ran_us to the time @task ran (saturating). */
void sched_account(struct sched *s, unsigned int task, uint64_t ran_us);

/* True when every task placed on @cpu is done (or it has none). */
bool sched_cpu_finished(const struct sched *s, unsigned int cpu);

#endif
