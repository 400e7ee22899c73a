/* SPDX-License-Identifier: MIT */
/*
 * victimtest: the Linux guest's memory-bound victim, a user-space twin of
 * the `victim` guest (guest/victim.c): it links one node per 64-byte line of
 * a buffer larger than the L2 cache into one random cycle (the same seed and
 * algorithm, so the same cycle) and chases the pointers, each hop a load
 * whose address comes from the previous one.  Time is the TSC, as there:
 * INTERVALS intervals of INTERVAL_TSC ticks, each printed as it ends with
 * the victim guest's fields, so scripts/plot reads both:
 *
 *   VICTIM {"i":0,"t_tsc":123456789,"dt_tsc":100000064,"hops":812544}
 *
 *   usage: victimtest [INTERVALS [INTERVAL_TSC [BUFFER_KIB]]]
 *          (defaults 50, 100000000, 2048)
 *
 * The line is printed between intervals, so its system call falls outside
 * every measured interval.  Exit status 0, or 2 for a bad argument.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CACHE_LINE 64
#define DEFAULT_INTERVALS 50UL
#define DEFAULT_INTERVAL_TSC 100000000UL
#define DEFAULT_BUF_KIB 2048UL
#define MAX_BUF_KIB (1024UL * 1024) /* 1 GiB */
#define HOPS_PER_TSC_READ 64	    /* hops between two looks at the TSC */
#define SEED 0x7467766963746d31UL   /* guest/victim.c's: the same cycle */

/* One node per cache line: the next node's address, then padding. */
struct node {
	struct node *next;
	uint8_t pad[CACHE_LINE - sizeof(struct node *)];
};

_Static_assert(sizeof(struct node) == CACHE_LINE, "one node per line");

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

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
 * Links @n nodes into one cycle in random order (Sattolo's algorithm, as in
 * guest/victim.c): a[i] is kept as an index in node i's pointer slot, then
 * turned into the address.
 */
static void link_cycle(struct node *nodes, unsigned long n)
{
	uint64_t state = SEED;
	unsigned long i;

	for (i = 0; i < n; i++)
		nodes[i].next = (struct node *)i;
	for (i = n - 1; i > 0; i--) {
		unsigned long j = xorshift64(&state) % i; /* 0 <= j < i */
		struct node *t = nodes[i].next;

		nodes[i].next = nodes[j].next;
		nodes[j].next = t;
	}
	for (i = 0; i < n; i++)
		nodes[i].next = &nodes[(uintptr_t)nodes[i].next];
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

/* Argument @i of @argv as a number in [@lo, @hi], else @def; -1 if bad. */
static int parse_arg(int argc, char **argv, int i, unsigned long lo,
		     unsigned long hi, unsigned long *out)
{
	char *end;

	if (i >= argc)
		return 0;
	*out = strtoul(argv[i], &end, 10);
	if (argv[i][0] < '0' || argv[i][0] > '9' || *end || *out < lo ||
	    *out > hi)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long intervals = DEFAULT_INTERVALS;
	unsigned long interval_tsc = DEFAULT_INTERVAL_TSC;
	unsigned long kib = DEFAULT_BUF_KIB, n, i, total = 0;
	struct node *nodes, *p;

	if (argc > 4 || parse_arg(argc, argv, 1, 1, 1000000, &intervals) ||
	    parse_arg(argc, argv, 2, 1, UINT64_MAX / 2, &interval_tsc) ||
	    parse_arg(argc, argv, 3, 4, MAX_BUF_KIB, &kib)) {
		fprintf(stderr,
			"usage: victimtest [INTERVALS [INTERVAL_TSC "
			"[BUFFER_KIB]]]  (defaults %lu %lu %lu; BUFFER_KIB "
			"4..%lu)\n",
			DEFAULT_INTERVALS, DEFAULT_INTERVAL_TSC,
			DEFAULT_BUF_KIB, MAX_BUF_KIB);
		return 2;
	}
	n = kib * 1024 / CACHE_LINE;
	nodes = aligned_alloc(CACHE_LINE, n * sizeof(*nodes));
	if (!nodes) {
		fprintf(stderr, "victimtest: no memory for %lu KiB\n", kib);
		return 1;
	}
	printf("victimtest: %lu intervals of %lu TSC ticks, chasing %lu "
	       "nodes (%lu KiB)\n",
	       intervals, interval_tsc, n, kib);
	fflush(stdout);
	link_cycle(nodes, n);
	p = nodes;
	for (i = 0; i < intervals; i++) {
		uint64_t start = rdtsc();
		unsigned long hops = chase_until(&p, start + interval_tsc);
		uint64_t end = rdtsc();

		printf("VICTIM {\"i\":%lu,\"t_tsc\":%lu,\"dt_tsc\":%lu,"
		       "\"hops\":%lu}\n",
		       i, (unsigned long)end, (unsigned long)(end - start),
		       hops);
		fflush(stdout);
		total += hops;
	}
	printf("victimtest: %lu hops in %lu intervals\n", total, intervals);
	return 0;
}
