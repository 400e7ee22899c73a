/* SPDX-License-Identifier: MIT */
/*
 * Bus Lock Threshold accounting: the state machine described in
 * lib/blthreshold.h.  Two states, "no lock stalled" and "stalled"; the
 * transitions happen only in blt_on_exit() (and blt_skip_stalled()).
 */
#include "lib/blthreshold.h"

void blt_init(struct blt *t, uint16_t budget)
{
	*t = (struct blt){ .budget = budget };
}

void blt_set_budget(struct blt *t, uint16_t budget)
{
	t->budget = budget;
}

/* True if @written_back can follow a VMRUN with t->loaded. */
static bool writeback_ok(const struct blt *t, uint16_t written_back,
			 bool buslock_exit)
{
	if (written_back > t->loaded)
		return false;
	/* 0xA5 is taken only when the counter has reached 0: APM 15.14.5. */
	return !buslock_exit || written_back == 0;
}

uint64_t blt_on_exit(struct blt *t, uint16_t written_back, bool buslock_exit)
{
	uint64_t ran, counted;

	if (buslock_exit)
		t->exits++;
	t->inconsistent = !writeback_ok(t, written_back, buslock_exit);
	if (t->inconsistent) {
		t->inconsistencies++;
		t->loaded = written_back;
		return 0;
	}
	ran = (uint64_t)(t->loaded - written_back);
	counted = ran;
	/* The first lock to run after a stall was counted at its 0xA5 exit. */
	if (t->stalled && ran > 0) {
		counted--;
		t->stalled = false;
	}
	/*
	 * A new stalled lock is counted now.  Still stalled with nothing run
	 * means the same lock exited again: it is counted already.
	 */
	if (buslock_exit && !t->stalled) {
		counted++;
		t->stalled = true;
	}
	t->count += counted;
	t->loaded = written_back;
	return counted;
}

bool blt_last_exit_inconsistent(const struct blt *t)
{
	return t->inconsistent;
}

void blt_skip_stalled(struct blt *t)
{
	t->stalled = false;
}
