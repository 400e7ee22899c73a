/* SPDX-License-Identifier: MIT */
/*
 * STATS lines (core/stats.h).  The boot CPU prints them: a line takes
 * tens of milliseconds at 115200 baud, which would be stolen from whatever
 * guest the printing CPU runs, so one CPU pays, and the noisy-neighbour
 * experiment keeps the victim off it.  So the interval clock and what
 * the last line showed are the boot CPU's alone.  The guests' counters are
 * read as their own CPUs last stored them, each a whole 64-bit word
 * (counter_add()); the interval's share is the difference from what the
 * previous line showed.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/tsc.h"
#include "core/console.h"
#include "core/hv.h"
#include "core/stats.h"
#include "lib/json.h"
#include "lib/string.h"

/*
 * The longest STATS line: its head (t_ms and tsc at 20 digits) and
 * MAX_GUESTS guest records, each at most 411 bytes with a name of
 * GUEST_NAME_MAX - 1 bytes all escaped and every number at 20 digits.  Names
 * come from the catalogue (letters, digits, _ and -) and nothing else a
 * guest hands over is shown, so no guest can cut the line.
 */
#define STATS_HEAD_MAX 80
#define STATS_GUEST_MAX (340 + JSON_ESCAPED_MAX * (GUEST_NAME_MAX - 1))
#define STATS_BUF 4096
_Static_assert(STATS_BUF >= STATS_HEAD_MAX + MAX_GUESTS * STATS_GUEST_MAX,
	       "a STATS line with every guest must fit its buffer");

static uint64_t interval_us, next_us;
static uint64_t next_tsc;	/* next_us on the TSC: one read per exit */
static char buf[STATS_BUF];

void stats_start(void)
{
	interval_us = the_run.config.stats_ms * 1000;
	next_us = time_us() + interval_us;
	next_tsc = tsc_at_us(next_us);
}

/* Units per second of the guest's own time, from its HC_PROGRESS reports. */
static uint64_t per_second(uint64_t units, uint64_t tsc_ticks)
{
	uint64_t ticks_per_s = tsc_rate_khz() * 1000;

	if (!tsc_ticks)
		return 0;
	if (units <= UINT64_MAX / ticks_per_s)
		return units * ticks_per_s / tsc_ticks;
	return units / tsc_ticks * ticks_per_s;
}

static void write_guest(struct json *j, struct guest *g)
{
	uint64_t locks = counter_read(&g->bus_locks);
	uint64_t throttled = counter_read(&g->throttled_us);
	uint64_t work = counter_read(&g->work);
	uint64_t work_tsc = counter_read(&g->work_tsc);

	json_object_begin(j);
	json_key(j, "name");
	json_string_n(j, g->name, strnlen(g->name, sizeof(g->name) - 1));
	json_kv_string(j, "state",
		       guest_state_name(__atomic_load_n(&g->state,
							__ATOMIC_RELAXED)));
	json_kv_i64(j, "cpu", g->cpu);
	json_kv_bool(j, "sleeping", __atomic_load_n(&g->asleep, __ATOMIC_RELAXED));
	json_kv_u64(j, "bus_locks", locks);
	json_kv_u64(j, "bus_locks_interval", locks - g->stats_bus_locks);
	json_kv_u64(j, "throttled_us", throttled);
	json_kv_u64(j, "throttled_us_interval", throttled - g->stats_throttled_us);
	json_kv_u64(j, "work", work);
	json_kv_u64(j, "work_interval", work - g->stats_work);
	json_kv_u64(j, "work_per_s", per_second(work - g->stats_work,
						work_tsc - g->stats_work_tsc));
	json_object_end(j);
	g->stats_bus_locks = locks;
	g->stats_throttled_us = throttled;
	g->stats_work = work;
	g->stats_work_tsc = work_tsc;
}

void stats_tick(void)
{
	uint64_t now;
	struct json j;
	unsigned int i;

	/* Every exit of every CPU comes here: the TSC alone says "not yet". */
	if (!interval_us || rdtsc() < next_tsc || this_cpu()->index != 0)
		return;
	now = time_us();
	if (now < next_us)
		return;
	while (next_us <= now)
		next_us += interval_us;
	next_tsc = tsc_at_us(next_us);
	json_init(&j, buf, sizeof(buf));
	json_object_begin(&j);
	json_kv_u64(&j, "t_ms", now / 1000);
	json_kv_u64(&j, "tsc", rdtsc());	/* places guests' TSC readings */
	json_key(&j, "guests");
	json_array_begin(&j);
	for (i = 0; i < guest_count; i++)
		write_guest(&j, &guests[i]);
	json_array_end(&j);
	json_object_end(&j);
	kprintf("STATS %s\n", buf);
}
