/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "core/console.h"
#include "core/hv.h"
#include "core/stats.h"
#include "lib/json.h"

#define STATS_BUF 2048

static uint64_t interval_us, next_us;
static char buf[STATS_BUF];

void stats_start(void)
{
	interval_us = the_run.config.stats_ms * 1000;
	next_us = time_us() + interval_us;
}

static void write_guest(struct json *j, struct guest *g)
{
	json_object_begin(j);
	json_kv_string(j, "name", g->name);
	json_kv_string(j, "state", guest_state_name(g->state));
	json_kv_u64(j, "bus_locks", g->bus_locks);
	json_kv_u64(j, "bus_locks_interval", g->bus_locks - g->stats_bus_locks);
	json_kv_u64(j, "throttled_us", g->throttled_us);
	json_object_end(j);
	g->stats_bus_locks = g->bus_locks;
}

void stats_tick(void)
{
	uint64_t now;
	struct json j;
	unsigned int i;

	if (!interval_us)
		return;
	now = time_us();
	if (now < next_us)
		return;
	while (next_us <= now)
		next_us += interval_us;
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
