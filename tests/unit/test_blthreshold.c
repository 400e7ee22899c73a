/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/blthreshold.c, the Bus Lock Threshold accounting.
 * Scripted exit sequences give the counter the processor would write back;
 * then a random simulation runs guests against a model of the hardware
 * (APM 15.14.5) and checks that every bus lock is counted exactly once.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_blthreshold.c lib/blthreshold.c -lcmocka -o /tmp/test_blthreshold && /tmp/test_blthreshold
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/blthreshold.h"

#define BUSLOCK true	/* exit code 0xA5 */
#define OTHER false	/* any other exit: IOIO, HLT, INTR ... */

static struct blt t;

/* One exit: checks what was newly counted and the running total. */
static void exit_with(uint16_t written_back, bool buslock, uint64_t counted,
		      uint64_t total)
{
	assert_int_equal(blt_on_exit(&t, written_back, buslock), counted);
	assert_false(blt_last_exit_inconsistent(&t));
	assert_int_equal(t.count, total);
	assert_int_equal(t.loaded, written_back);
}

static void test_init(void **state)
{
	(void)state;
	memset(&t, 0x5a, sizeof(t));
	blt_init(&t, 7);
	assert_int_equal(t.budget, 7);
	assert_int_equal(t.loaded, 0);
	assert_false(t.stalled);
	assert_false(t.inconsistent);
	assert_int_equal(t.count, 0);
	assert_int_equal(t.exits, 0);
	assert_int_equal(t.inconsistencies, 0);
	assert_int_equal(blt_counter_for_vmrun(&t), 7);
}

/* Budget 0: every bus lock exits once and is counted once. */
static void test_budget_0(void **state)
{
	(void)state;
	blt_init(&t, 0);
	assert_int_equal(blt_counter_for_vmrun(&t), 0);
	exit_with(0, BUSLOCK, 1, 1);		/* lock A stalls */
	assert_true(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(0, BUSLOCK, 1, 2);		/* A ran; lock B stalls */
	assert_true(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(0, OTHER, 0, 2);		/* B ran, then HLT */
	assert_false(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 0);
	exit_with(0, OTHER, 0, 2);		/* a CPUID exit, no locks */
	assert_int_equal(t.exits, 2);
}

/* Budget 5: five run, the sixth exits. */
static void test_budget_5(void **state)
{
	(void)state;
	blt_init(&t, 5);
	assert_int_equal(blt_counter_for_vmrun(&t), 5);
	exit_with(0, BUSLOCK, 6, 6);		/* 5 ran, the 6th stalls */
	assert_int_equal(blt_counter_for_vmrun(&t), 6);
	/* The 6th and 5 more ran, the 12th stalls. */
	exit_with(0, BUSLOCK, 6, 12);
	assert_int_equal(blt_counter_for_vmrun(&t), 6);
	exit_with(3, OTHER, 2, 14);		/* the 12th, 2 more; IOIO */
	assert_false(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 5);
	exit_with(3, OTHER, 2, 16);
	assert_int_equal(t.exits, 2);
}

/* Other exits take part of the budget; each is reloaded in full. */
static void test_partial_consumption(void **state)
{
	(void)state;
	blt_init(&t, 10);
	assert_int_equal(blt_counter_for_vmrun(&t), 10);
	exit_with(6, OTHER, 4, 4);		/* IOIO after 4 locks */
	assert_int_equal(blt_counter_for_vmrun(&t), 10);
	exit_with(10, OTHER, 0, 4);		/* INTR, no locks */
	assert_int_equal(blt_counter_for_vmrun(&t), 10);
	exit_with(1, OTHER, 9, 13);
	/* Running on without a reload: the VMCB still holds 1. */
	exit_with(0, OTHER, 1, 14);
	exit_with(0, BUSLOCK, 1, 15);
	assert_int_equal(t.exits, 1);
}

/*
 * An exit lands between the reload and the stalled instruction (an
 * interrupt): nothing ran, the stall is still pending, nothing is counted
 * twice, and the next VMRUN gives the extra 1 again.
 */
static void test_exit_before_stalled_runs(void **state)
{
	(void)state;
	blt_init(&t, 0);
	blt_counter_for_vmrun(&t);
	exit_with(0, BUSLOCK, 1, 1);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(1, OTHER, 0, 1);		/* INTR before the lock ran */
	assert_true(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(1, OTHER, 0, 1);		/* and again */
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(0, OTHER, 0, 1);		/* it ran, then HLT */
	assert_false(t.stalled);

	blt_init(&t, 3);
	blt_counter_for_vmrun(&t);
	exit_with(0, BUSLOCK, 4, 4);
	assert_int_equal(blt_counter_for_vmrun(&t), 4);
	exit_with(4, OTHER, 0, 4);
	assert_true(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 4);
	exit_with(0, BUSLOCK, 4, 8);		/* 1 + 3 ran, the next stalls */
}

/* Resumed without a reload, the stalled lock exits again: counted once. */
static void test_same_lock_exits_again(void **state)
{
	(void)state;
	blt_init(&t, 0);
	blt_counter_for_vmrun(&t);
	exit_with(0, BUSLOCK, 1, 1);
	exit_with(0, BUSLOCK, 0, 1);		/* VMCB counter left at 0 */
	exit_with(0, BUSLOCK, 0, 1);
	assert_true(t.stalled);
	assert_int_equal(t.exits, 3);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(0, OTHER, 0, 1);
	assert_false(t.stalled);
}

static void test_saturation(void **state)
{
	(void)state;
	blt_init(&t, 0xffff);
	assert_int_equal(blt_counter_for_vmrun(&t), 0xffff);
	/* All ran, and one more stalls. */
	exit_with(0, BUSLOCK, 0x10000, 0x10000);
	assert_int_equal(blt_counter_for_vmrun(&t), 0xffff); /* not 0x10000 */
	exit_with(0, BUSLOCK, 0xffff, 0x1ffff);	/* stalled + 0xfffe ran */
	blt_set_budget(&t, 0xfffe);
	assert_int_equal(blt_counter_for_vmrun(&t), 0xffff);
	blt_set_budget(&t, 0xfffd);
	assert_int_equal(blt_counter_for_vmrun(&t), 0xfffe);
}

/* A write-back the hardware cannot produce is counted as nothing, and said. */
static void test_inconsistent_writeback(void **state)
{
	(void)state;
	blt_init(&t, 5);
	blt_counter_for_vmrun(&t);
	assert_int_equal(blt_on_exit(&t, 7, OTHER), 0);	/* above the 5 loaded */
	assert_true(blt_last_exit_inconsistent(&t));
	assert_int_equal(t.count, 0);
	assert_int_equal(t.inconsistencies, 1);
	assert_int_equal(t.loaded, 7);
	/* The next consistent exit clears the flag and counts again. */
	assert_int_equal(blt_counter_for_vmrun(&t), 5);
	exit_with(2, OTHER, 3, 3);
	/* A 0xA5 exit with a counter above 0. */
	assert_int_equal(blt_counter_for_vmrun(&t), 5);
	assert_int_equal(blt_on_exit(&t, 1, BUSLOCK), 0);
	assert_true(t.inconsistent);
	assert_false(t.stalled);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.exits, 1);
	assert_int_equal(t.inconsistencies, 2);
	/* A stall survives an inconsistent exit. */
	blt_init(&t, 0);
	blt_counter_for_vmrun(&t);
	exit_with(0, BUSLOCK, 1, 1);
	blt_counter_for_vmrun(&t);
	assert_int_equal(blt_on_exit(&t, 9, OTHER), 0);
	assert_true(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
}

/* A budget change while the guest runs does not disturb the counting. */
static void test_set_budget(void **state)
{
	(void)state;
	blt_init(&t, 2);
	assert_int_equal(blt_counter_for_vmrun(&t), 2);
	blt_set_budget(&t, 100);
	exit_with(0, BUSLOCK, 3, 3);
	assert_int_equal(blt_counter_for_vmrun(&t), 101);
	blt_set_budget(&t, 0);
	exit_with(51, OTHER, 49, 52);		/* 50 ran, 1 was stalled */
	assert_int_equal(blt_counter_for_vmrun(&t), 0);
}

/* The VMM emulated the stalled lock: the next lock to run is a new one. */
static void test_skip_stalled(void **state)
{
	(void)state;
	blt_init(&t, 1);
	blt_counter_for_vmrun(&t);
	exit_with(0, BUSLOCK, 2, 2);
	blt_skip_stalled(&t);
	assert_false(t.stalled);
	assert_int_equal(blt_counter_for_vmrun(&t), 1);
	exit_with(0, OTHER, 1, 3);
}

/* ---- The random simulation ---- */

enum op { OP_NOP, OP_LOCK, OP_IO, OP_HLT };

#define PROG_LEN 3000

/* The simulated guest and processor. */
struct sim {
	uint64_t rng;
	enum op prog[PROG_LEN];
	size_t pc;
	unsigned int handler_locks;	/* an interrupt handler's, to run */
	uint16_t vmcb_counter;		/* VMCB 0x120 */
	uint64_t locks_total;		/* K: program's and handlers' locks */
	uint64_t locks_ran;		/* in the guest */
	uint64_t locks_emulated;	/* by the VMM, after a stall */
};

static struct sim sim;

static uint64_t rnd(void)
{
	sim.rng ^= sim.rng << 13;
	sim.rng ^= sim.rng >> 7;
	sim.rng ^= sim.rng << 17;
	return sim.rng;
}

/* True with probability 1 / @n. */
static bool one_in(uint64_t n)
{
	return rnd() % n == 0;
}

static void sim_program(void)
{
	for (size_t i = 0; i < PROG_LEN - 1; i++) {
		uint64_t r = rnd() % 10;

		sim.prog[i] = r < 4 ? OP_LOCK : r < 5 ? OP_IO : OP_NOP;
		sim.locks_total += sim.prog[i] == OP_LOCK;
	}
	sim.prog[PROG_LEN - 1] = OP_HLT;
}

/* One bus lock attempt under the threshold; false if it takes 0xA5. */
static bool sim_try_lock(uint16_t *counter)
{
	if (*counter == 0)
		return false;
	(*counter)--;
	sim.locks_ran++;
	return true;
}

/*
 * VMRUN until the next #VMEXIT, as APM 15.14.5 describes the counter;
 * external interrupts arrive at random between instructions.  Returns
 * true for a 0xA5 exit; sets *@halted at the final HLT.
 */
static bool sim_vmrun(bool *halted)
{
	uint16_t counter = sim.vmcb_counter;
	bool buslock = false;

	for (;;) {
		if (one_in(25)) {
			/* INTR; its handler, injected next time, may lock. */
			if (one_in(3)) {
				unsigned int n = 1 + rnd() % 3;

				sim.handler_locks += n;
				sim.locks_total += n;
			}
			break;
		}
		if (sim.handler_locks) {
			if (!sim_try_lock(&counter)) {
				buslock = true;
				break;
			}
			sim.handler_locks--;
			continue;
		}
		if (sim.prog[sim.pc] == OP_HLT) {
			*halted = true;
			break;
		}
		if (sim.prog[sim.pc] == OP_LOCK && !sim_try_lock(&counter)) {
			buslock = true;
			break;
		}
		if (sim.prog[sim.pc++] == OP_IO)
			break;
	}
	sim.vmcb_counter = counter;	/* written back on every #VMEXIT */
	return buslock;
}

/* The VMM emulates the lock the guest is stalled on, and moves past it. */
static void sim_emulate_stalled(void)
{
	if (sim.handler_locks)
		sim.handler_locks--;
	else
		sim.pc++;
	sim.locks_emulated++;
	blt_skip_stalled(&t);
}

static void sim_pick_budget(void)
{
	static const uint16_t budgets[] = { 0, 1, 2, 5, 64, 0xfffe, 0xffff };

	if (one_in(2))
		blt_set_budget(&t, budgets[rnd() % 7]);
	else
		blt_set_budget(&t, (uint16_t)(rnd() % 20));
}

/* One guest from start to HLT; checks the invariant after every exit. */
static void sim_run(uint64_t seed)
{
	bool halted = false;
	uint64_t exits = 0, counted = 0;

	memset(&sim, 0, sizeof(sim));
	sim.rng = seed;
	sim_program();
	blt_init(&t, (uint16_t)(rnd() % 4));
	while (!halted) {
		bool buslock;

		if (one_in(50))
			sim_pick_budget();
		/* Now and then the VMM resumes without a reload. */
		if (!one_in(20))
			sim.vmcb_counter = blt_counter_for_vmrun(&t);
		buslock = sim_vmrun(&halted);
		exits += buslock;
		counted += blt_on_exit(&t, sim.vmcb_counter, buslock);
		assert_false(t.inconsistent);
		assert_true(!buslock || t.stalled);
		assert_int_equal(t.count, sim.locks_ran + sim.locks_emulated +
					  (t.stalled ? 1 : 0));
		if (buslock && one_in(30))
			sim_emulate_stalled();
	}
	/* Every lock of the program and of the handlers is done: K of them. */
	assert_false(t.stalled);
	assert_int_equal(sim.locks_ran + sim.locks_emulated, sim.locks_total);
	assert_int_equal(t.count, sim.locks_total);
	assert_int_equal(counted, t.count);
	assert_int_equal(t.exits, exits);
	assert_int_equal(t.inconsistencies, 0);
}

static void test_random_simulation(void **state)
{
	uint64_t all = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 2000; seed++) {
		sim_run(seed * 0x9e3779b97f4a7c15ull);
		all += t.count;
	}
	assert_true(all > 2000 * 1000);	/* the runs did real work */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_budget_0),
		cmocka_unit_test(test_budget_5),
		cmocka_unit_test(test_partial_consumption),
		cmocka_unit_test(test_exit_before_stalled_runs),
		cmocka_unit_test(test_same_lock_exits_again),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_inconsistent_writeback),
		cmocka_unit_test(test_set_budget),
		cmocka_unit_test(test_skip_stalled),
		cmocka_unit_test(test_random_simulation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
