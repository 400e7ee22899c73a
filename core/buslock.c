/* SPDX-License-Identifier: MIT */
#include "core/buslock.h"
#include "core/console.h"
#include "core/guest.h"

void buslock_event(struct vcpu *v, enum buslock_source src, uint64_t rip,
		   uint64_t n)
{
	struct guest *g = v->guest;

	if (!g->bus_locks)
		kprintf("Tollgate: guest '%s': first bus lock at rip 0x%llx (%s)\n",
			g->name, (unsigned long long)rip,
			buslock_source_names[src]);
	g->bus_locks += n;
}
