/* SPDX-License-Identifier: MIT */
/*
 * aligned: the guest whose locked operations must not count as bus locks.
 * At CPL 3 it runs `count` iterations of one XCHG on a naturally aligned
 * 8-byte operand and one LOCK ADD on a 4-byte operand, each wholly inside
 * one 64-byte line.  A locked access to write-back memory that a cache
 * line contains is a cache lock, not a bus lock (SDM Vol. 3A 9.1.4), so a
 * split-lock detector must count none here, and where the CPU has bus-lock
 * #DB, no #DB may arrive.  The two operands sit on either side of a line
 * boundary, so a detector that gets the last byte of an operand wrong
 * flags them.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define CACHE_LINE 64
/* The last 8 bytes of the first line: aligned, ending at the boundary. */
#define XCHG_OFFSET (CACHE_LINE - 8)
/* The first 4 bytes of the second line: starting at the boundary. */
#define ADD_OFFSET CACHE_LINE
#define DEFAULT_COUNT 1000

/* What the CPL 3 loop was asked to do and what it saw. */
struct aligned_run {
	uint64_t *xchg_slot;
	uint32_t *add_slot;
	unsigned long count;	/* iterations to do */
	unsigned long xchg_done;	/* XCHGs whose old value checked out */
	unsigned long add_done;	/* LOCK ADDs whose result checked out */
	unsigned int cpl;	/* the CPL the loop ran at */
	uint64_t bad_value;	/* on a mismatch, what the operand held */
};

static uint8_t line_pair[2 * CACHE_LINE] __attribute__((aligned(CACHE_LINE)));

/*
 * At CPL 3: for i = 1..count, XCHGs i into the 8-byte slot, which must
 * give back i - 1, then LOCK ADDs 1 to the 4-byte slot, which must then
 * hold i.  Only operations that really happened leave those values.  Stops
 * at a mismatch or if it finds itself at any CPL but 3.
 */
static void aligned_loop(void *arg)
{
	struct aligned_run *run = arg;
	unsigned long i;

	run->cpl = current_cpl();
	*run->xchg_slot = 0;
	*run->add_slot = 0;
	for (i = 1; i <= run->count && run->cpl == 3; i++) {
		uint64_t v = i;

		/* XCHG with memory is locked without a prefix (SDM Vol. 2B). */
		asm volatile("xchgq %0, %1"
			     : "+r"(v), "+m"(*run->xchg_slot)
			     : : "memory");
		if (v != i - 1) {
			run->bad_value = v;
			return;
		}
		run->xchg_done++;

		asm volatile("lock addl %1, %0"
			     : "+m"(*run->add_slot)
			     : "ri"(1u)
			     : "memory", "cc");
		if (*run->add_slot != (uint32_t)i) {
			run->bad_value = *run->add_slot;
			return;
		}
		run->add_done++;
		run->cpl = current_cpl();
	}
}

/*
 * Fails unless the @size bytes at @p are naturally aligned and lie in one
 * cache line; the alignment alone implies the latter for sizes up to 64,
 * but the line is what a detector looks at, so check it as such.
 */
static void check_in_line(const void *p, unsigned int size, const char *what)
{
	uintptr_t first = (uintptr_t)p;
	uintptr_t last = first + size - 1;

	if (first % size)
		guest_fail("%s operand at 0x%lx is not %u-byte aligned", what,
			   first, size);
	if (first / CACHE_LINE != last / CACHE_LINE)
		guest_fail("%s operand at 0x%lx crosses a cache line", what,
			   first);
}

/*
 * Fails with the first thing the CPL 3 loop got wrong, if any.  A failed
 * XCHG stops the loop before that iteration's LOCK ADD, so equal counts
 * short of `count` mean the XCHG failed; one XCHG more than LOCK ADDs
 * means the LOCK ADD did.
 */
static void check_run(const struct aligned_run *run)
{
	if (run->cpl != 3)
		guest_fail("aligned loop ran at CPL %u, not 3", run->cpl);
	if (run->xchg_done == run->add_done && run->xchg_done != run->count)
		guest_fail("XCHG %lu gave back %lu, expected %lu",
			   run->xchg_done + 1, run->bad_value, run->xchg_done);
	if (run->add_done != run->count)
		guest_fail("LOCK ADD %lu left %lu, expected %lu",
			   run->add_done + 1, run->bad_value,
			   run->add_done + 1);
	if (*run->xchg_slot != run->count)
		guest_fail("XCHG slot holds %lu after %lu XCHGs",
			   *run->xchg_slot, run->count);
	if (*run->add_slot != (uint32_t)run->count)
		guest_fail("LOCK ADD slot holds %u after %lu LOCK ADDs",
			   *run->add_slot, run->count);
}

int guest_main(void)
{
	unsigned long count = guest_param("count", DEFAULT_COUNT);
	struct aligned_run run = {
		.xchg_slot = (uint64_t *)(line_pair + XCHG_OFFSET),
		.add_slot = (uint32_t *)(line_pair + ADD_OFFSET),
		.count = count,
	};
	bool bus_lock_detect = guest_has_bus_lock_db();
	unsigned long db_seen;

	guest_printf("aligned: %lu aligned XCHGs and LOCK ADDs at CPL 3; "
		     "bus-lock #DB %s\n", count,
		     bus_lock_detect ? "yes" : "no");
	check_in_line(run.xchg_slot, sizeof(*run.xchg_slot), "XCHG");
	check_in_line(run.add_slot, sizeof(*run.add_slot), "LOCK ADD");

	if (bus_lock_detect)
		guest_watch_bus_locks(true);
	run_at_cpl3(aligned_loop, &run);
	if (bus_lock_detect)
		guest_watch_bus_locks(false);
	/* Each one is a detector's mistake: failed after the report. */
	db_seen = guest_bus_lock_dbs();

	guest_report("aligned_ops", run.xchg_done + run.add_done);
	guest_report("cpl", run.cpl);
	guest_report("db_seen", db_seen);
	guest_report("count", count);
	check_run(&run);
	if (db_seen)
		guest_fail("%lu bus-lock #DBs for %lu locked operations that "
			   "split no line", db_seen, 2 * count);
	guest_printf("aligned: %lu locked operations at CPL %u done, "
		     "no bus lock\n", run.xchg_done + run.add_done, run.cpl);
	return 0;
}
