/* SPDX-License-Identifier: MIT */
/*
 * Every bus lock of every source arrives here (core/buslock.h): it is
 * counted for its guest, then the guest's policy decides what happens.
 */
#include "arch/x86/tsc.h"
#include "core/buslock.h"
#include "core/console.h"
#include "core/guest.h"
#include "core/profile.h"

/* Records @n bus locks of @g, seen by @src at @rip. */
static void count(struct guest *g, enum buslock_source src, uint64_t rip,
		  uint64_t n)
{
	counter_add(&g->bus_locks, n);
	g->bus_locks_by_source[src] += n;
	if (!g->saw_bus_lock) {
		g->saw_bus_lock = true;
		g->first_bus_lock_rip = rip;
	}
}

/* The policy's rate-limited line: at most one a second per guest. */
static void log_line(const struct guest *g, enum buslock_source src,
		     uint64_t rip, const struct policy_verdict *verdict)
{
	if (!verdict->log_now)
		return;
	console_lock();		/* one line, whatever the other CPUs print */
	kprintf("Tollgate: guest '%s': bus lock at rip 0x%llx (%s detector)",
		g->name, (unsigned long long)rip, buslock_source_names[src]);
	if (verdict->suppressed)
		kprintf(", and %llu more since the last line",
			(unsigned long long)verdict->suppressed);
	kprintf("\n");
	console_unlock();
}

/* What the verdict asks for beyond counting: a line, a throttle, a stop. */
static __attribute__((noinline)) void act(struct guest *g,
					  enum buslock_source src,
					  uint64_t rip, uint64_t now,
					  const struct policy_verdict *verdict)
{
	switch (verdict->action) {
	case POLICY_WARN:
		log_line(g, src, rip, verdict);
		break;
	case POLICY_THROTTLE:
		log_line(g, src, rip, verdict);
		/*
		 * The guest's vCPU sleeps until its budget refills: its turn
		 * ends, and its CPU runs the others or idles (core/hv.c).
		 */
		if (now + verdict->wait_us > g->sleep_until_us)
			g->sleep_until_us = now + verdict->wait_us;
		counter_add(&g->throttled_us, verdict->wait_us);
		break;
	case POLICY_STOP:
		guest_stop(g, GUEST_KILLED, "bus lock at rip 0x%llx (buslock=fatal)",
			   (unsigned long long)rip);
		break;
	default:
		break;
	}
}

void buslock_event(struct vcpu *v, enum buslock_source src, uint64_t rip,
		   uint64_t n)
{
	struct guest *g = v->guest;
	struct policy_verdict verdict;
	enum exit_phase was = profile_push(v, PHASE_ACCOUNT);
	uint64_t now = time_us();

	count(g, src, rip, n);
	verdict = policy_on_bus_locks(&g->policy_state, now, n);
	/* Most bus locks under warn are counted and no more: no line yet. */
	if (verdict.log_now || verdict.action == POLICY_THROTTLE ||
	    verdict.action == POLICY_STOP)
		act(g, src, rip, now, &verdict);
	profile_phase(v, was);
}
