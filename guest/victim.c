/* SPDX-License-Identifier: MIT */
/*
 * victim: the noisy neighbour's victim, a memory-bound loop whose
 * throughput shows what another core's bus locks cost it.  It links the
 * nodes of a buffer larger than the L2 cache into one random cycle, one
 * node per 64-byte line, and chases the pointers: each hop is a load whose
 * address comes from the previous one, so the loop runs at the speed of the
 * memory behind the caches and cannot be prefetched.
 *
 * Time is the TSC and nothing else: the guest knows no TSC frequency, so
 * the run is `intervals` intervals of `interval_tsc` ticks each, and every
 * interval is printed as it ends, on one line of JSON:
 *
 *   VICTIM {"i":0,"t_tsc":123456789,"dt_tsc":100000064,"hops":812544}
 *
 * t_tsc is the TSC when the interval ended, dt_tsc its exact length and
 * hops the pointers chased in it.  The same figures go to Tollgate through
 * HC_PROGRESS, for its STATS lines.  The hypercall and the line come
 * between intervals, so their exits fall outside every measured interval;
 * the chase itself is plain loads and RDTSC, which Tollgate does not
 * intercept.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define CACHE_LINE 64
#define BUF_BASE 0x200000UL		/* above the image, which ends below 2 MiB */
#define BUF_MAX_KIB 2048UL		/* up to the end of the 4 MiB RAM */
#define DEFAULT_BUF_KIB BUF_MAX_KIB
#define DEFAULT_INTERVALS 50
#define DEFAULT_INTERVAL_TSC 100000000UL
#define HOPS_PER_TSC_READ 64		/* hops between two looks at the TSC */
#define SEED 0x7467766963746d31UL	/* fixed: every run links the same cycle */

/* One node per cache line: the next node's address, then padding. */
struct node {
	struct node *next;
	uint8_t pad[CACHE_LINE - sizeof(struct node *)];
};

_Static_assert(sizeof(struct node) == CACHE_LINE, "one node per line");

/* xorshift64 (Marsaglia 2003): a fixed, portable stream of random numbers. */
static uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

/*
 * Links @n nodes into one cycle in random order.  Sattolo's algorithm
 * shuffles the identity so that i -> a[i] is a single cycle through all
 * @n elements; a[i] is kept as an index in node i's pointer slot, then
 * turned into the address.
 */
static void link_cycle(struct node *nodes, unsigned long n)
{
	uint64_t state = SEED;
	unsigned long i;

	for (i = 0; i < n; i++)
		nodes[i].next = (struct node *)i;
	for (i = n - 1; i > 0; i--) {
		unsigned long j = xorshift64(&state) % i;	/* 0 <= j < i */
		struct node *t = nodes[i].next;

		nodes[i].next = nodes[j].next;
		nodes[j].next = t;
	}
	for (i = 0; i < n; i++)
		nodes[i].next = &nodes[(uintptr_t)nodes[i].next];
}

/* Fails unless the pointers from node 0 visit all @n nodes, then return. */
static void check_cycle(struct node *nodes, unsigned long n)
{
	struct node *p = nodes;
	unsigned long steps = 0;

	do {
		if (p < nodes || p >= nodes + n)
			guest_fail("node %lu links outside the buffer (0x%lx)",
				   steps, (unsigned long)(uintptr_t)p);
		p = p->next;
		steps++;
	} while (p != nodes && steps <= n);
	if (steps != n)
		guest_fail("the chase returns to node 0 after %lu of %lu nodes",
			   steps, n);
}

/*
 * Chases pointers from *@pp until the TSC reaches @end, HOPS_PER_TSC_READ
 * hops at a time; returns the hops done and leaves the position in *@pp.
 */
static unsigned long chase_until(struct node **pp, uint64_t end)
{
	struct node *p = *pp;
	unsigned long hops = 0;

	do {
		unsigned int k;

		for (k = 0; k < HOPS_PER_TSC_READ; k++)
			p = p->next;
		hops += HOPS_PER_TSC_READ;
	} while (rdtsc() < end);
	*pp = p;
	return hops;
}

int guest_main(void)
{
	unsigned long intervals = guest_param("intervals", DEFAULT_INTERVALS);
	unsigned long interval_tsc = guest_param("interval_tsc",
						 DEFAULT_INTERVAL_TSC);
	unsigned long kib = guest_param("buffer_kib", DEFAULT_BUF_KIB);
	struct node *nodes = (struct node *)BUF_BASE;
	unsigned long n, i, total = 0, least = ~0UL, most = 0;
	struct node *p = nodes;

	if (!intervals || !interval_tsc)
		guest_fail("intervals and interval_tsc must be at least 1");
	if (kib < 4 || kib > BUF_MAX_KIB)
		guest_fail("buffer_kib %lu is not in 4..%lu", kib, BUF_MAX_KIB);
	if (guest_ram_size < BUF_BASE + kib * 1024)
		guest_fail("RAM of %lu KiB has no room for %lu KiB at 0x%lx",
			   (unsigned long)(guest_ram_size >> 10), kib, BUF_BASE);
	n = kib * 1024 / CACHE_LINE;

	guest_printf("victim: %lu intervals of %lu TSC ticks, chasing %lu "
		     "nodes (%lu KiB at 0x%lx)\n", intervals, interval_tsc, n,
		     kib, BUF_BASE);
	link_cycle(nodes, n);
	check_cycle(nodes, n);

	for (i = 0; i < intervals; i++) {
		uint64_t start = rdtsc();
		unsigned long hops = chase_until(&p, start + interval_tsc);
		uint64_t end = rdtsc();

		guest_progress(hops, end - start);
		guest_printf("VICTIM {\"i\":%lu,\"t_tsc\":%lu,\"dt_tsc\":%lu,"
			     "\"hops\":%lu}\n", i, (unsigned long)end,
			     (unsigned long)(end - start), hops);
		total += hops;
		if (hops < least)
			least = hops;
		if (hops > most)
			most = hops;
	}
	if (p < nodes || p >= nodes + n)
		guest_fail("the chase ended outside the buffer (0x%lx)",
			   (unsigned long)(uintptr_t)p);

	guest_report("hops_total", total);
	guest_report("intervals", intervals);
	guest_report("tsc_per_interval", interval_tsc);
	guest_report("hops_min", least);
	guest_report("hops_max", most);
	guest_report("buffer_kib", kib);
	guest_printf("victim: %lu hops in %lu intervals, %lu to %lu per "
		     "interval\n", total, intervals, least, most);
	return 0;
}
