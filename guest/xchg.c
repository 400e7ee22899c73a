/* SPDX-License-Identifier: MIT */
/*
 * xchg: the guest that takes bus locks.  At CPL 3 it runs `count` XCHGs on
 * an 8-byte operand that straddles two cache lines: XCHG with a memory
 * operand is locked without a prefix (SDM Vol. 2B, XCHG), and a locked
 * access split across lines is a bus lock.  On the way it makes the other
 * exits Tollgate handles: CPUID, port I/O, HLT and MSRs.  Where the CPU has
 * bus-lock #DB it also expects one #DB per split lock (unless db=0: then it
 * leaves DEBUGCTL bit 2 clear and expects none).  It counts the times it saw
 * RFLAGS.TF, which it never sets: a hypervisor's stepping showing through.
 * With `movss` set, each XCHG comes right after a load of SS, alternately
 * MOV SS from a register and from memory, which holds a single step's trap
 * until the XCHG is done too (SDM Vol. 3A 6.8.3): a single-stepper must
 * still count every one.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define CACHE_LINE 64
#define SPLIT_OFFSET (CACHE_LINE - 4)	/* 4 bytes in each line */
#define DEFAULT_COUNT 1000
#define CPUID_LEAF_EXT_FEATURES 7

/* A misaligned 8-byte slot: packed, so C may access it where it lies. */
struct split_slot {
	uint64_t v;
} __attribute__((packed));

/* What the CPL 3 loop was asked to do and what it saw. */
struct xchg_run {
	struct split_slot *slot;
	unsigned long count;	/* XCHGs to do */
	unsigned long done;	/* XCHGs whose old value checked out */
	unsigned int cpl;	/* the CPL the loop ran at */
	bool movss;		/* each XCHG right after a MOV SS */
	uint64_t bad_old;	/* on a mismatch, what XCHG gave back */
	unsigned long tf_seen;	/* PUSHFs after an XCHG that showed TF */
};

static uint8_t line_pair[2 * CACHE_LINE] __attribute__((aligned(CACHE_LINE)));

/* XCHGs @v into @slot right after reloading SS with its own selector. */
static uint64_t xchg_after_movss(struct split_slot *slot, uint64_t v,
				 unsigned long i)
{
	uint16_t ss;

	asm volatile("mov %%ss, %0" : "=r"(ss));
	if (i & 1)
		asm volatile("mov %2, %%ss\n\txchgq %0, %1"
			     : "+r"(v), "+m"(slot->v) : "m"(ss) : "memory");
	else
		asm volatile("mov %k2, %%ss\n\txchgq %0, %1"
			     : "+r"(v), "+m"(slot->v) : "r"((uint32_t)ss)
			     : "memory");
	return v;
}

/*
 * At CPL 3: XCHGs i into the slot for i = 1..count and checks that the old
 * value is i - 1, which only a real exchange leaves.  Stops at a mismatch
 * or if it finds itself at any CPL but 3.
 */
static void split_xchg_loop(void *arg)
{
	struct xchg_run *run = arg;
	unsigned long i;

	run->cpl = current_cpl();
	run->slot->v = 0;
	for (i = 1; i <= run->count && run->cpl == 3; i++) {
		uint64_t v = i;

		uint64_t flags;

		if (run->movss)
			v = xchg_after_movss(run->slot, v, i);
		else
			asm volatile("xchgq %0, %1"
				     : "+r"(v), "+m"(run->slot->v)
				     : : "memory");
		asm volatile("pushfq\n\tpopq %0" : "=r"(flags));
		if (flags & RFLAGS_TF)
			run->tf_seen++;
		if (v != i - 1) {
			run->bad_old = v;
			return;
		}
		run->done++;
		run->cpl = current_cpl();
	}
}

/* CPUID exits: Tollgate's leaves, then leaf 7; true if bus-lock #DB exists. */
static bool probe_cpuid(void)
{
	struct cpuid_regs sig = cpuid(TG_CPUID_SIGNATURE, 0);
	struct cpuid_regs abi = cpuid(TG_CPUID_ABI, 0);
	struct cpuid_regs ext = { 0 };

	guest_printf("xchg: CPUID 0x%x: 0x%x 0x%x 0x%x 0x%x; 0x%x: 0x%x 0x%x\n",
		     TG_CPUID_SIGNATURE, sig.eax, sig.ebx, sig.ecx, sig.edx,
		     TG_CPUID_ABI, abi.eax, abi.ebx);
	if (cpuid(0, 0).eax >= CPUID_LEAF_EXT_FEATURES)
		ext = cpuid(CPUID_LEAF_EXT_FEATURES, 0);
	guest_printf("xchg: CPUID.(7,0): ebx 0x%x ecx 0x%x edx 0x%x; "
		     "bus-lock #DB %s\n", ext.ebx, ext.ecx, ext.edx,
		     ext.ecx & CPUID7_ECX_BUS_LOCK_DETECT ? "yes" : "no");
	return ext.ecx & CPUID7_ECX_BUS_LOCK_DETECT;
}

/* An IN exit beside the console's OUTs: the transmitter must be empty. */
static void probe_port_in(void)
{
	uint8_t lsr = inb(COM1_LSR);

	guest_printf("xchg: COM1 LSR reads 0x%02x\n", lsr);
	if (!(lsr & UART_LSR_THRE))
		guest_fail("COM1 LSR reads 0x%02x: transmitter not empty", lsr);
}

/* A HLT exit; interrupts are off, so only a hypervisor resumes it. */
static void probe_hlt(void)
{
	if (guest_is_bare()) {
		guest_printf("xchg: bare mode: no HLT, nothing wakes it\n");
		return;
	}
	asm volatile("hlt" : : : "memory");
	guest_printf("xchg: resumed after HLT\n");
}

/* Fails unless @slot's 8 bytes really lie in two cache lines. */
static void check_split(const struct split_slot *slot)
{
	uintptr_t first = (uintptr_t)slot;
	uintptr_t last = first + sizeof(*slot) - 1;

	if (first / CACHE_LINE == last / CACHE_LINE)
		guest_fail("XCHG operand at 0x%lx does not cross a cache line",
			   first);
}

/* Fails with the first thing the CPL 3 loop got wrong, if any. */
static void check_run(const struct xchg_run *run)
{
	if (run->cpl != 3)
		guest_fail("split-lock loop ran at CPL %u, not 3", run->cpl);
	if (run->done != run->count)
		guest_fail("XCHG %lu gave back %lu, expected %lu",
			   run->done + 1, run->bad_old, run->done);
	if (run->slot->v != run->count)
		guest_fail("slot holds %lu after %lu XCHGs", run->slot->v,
			   run->count);
}

int guest_main(void)
{
	unsigned long count = guest_param("count", DEFAULT_COUNT);
	bool want_db = guest_param("db", 1);
	struct xchg_run run = {
		.slot = (struct split_slot *)(line_pair + SPLIT_OFFSET),
		.count = count,
		.movss = guest_param("movss", 0),
	};
	bool bus_lock_detect, watched;
	unsigned long db_seen;

	guest_printf("xchg: %lu split-locked XCHGs at CPL 3%s\n", count,
		     run.movss ? ", each after a MOV SS" : "");
	bus_lock_detect = probe_cpuid();
	probe_port_in();
	probe_hlt();
	check_split(run.slot);

	/*
	 * MSR exits either way: DEBUGCTL is written and read back.  A #DB is
	 * caught (and counted) even with bit 2 clear.
	 */
	watched = bus_lock_detect && want_db;
	guest_catch_bus_lock_dbs(true);
	guest_debugctl_set(watched ? DEBUGCTL_BUS_LOCK_DETECT : 0);
	run_at_cpl3(split_xchg_loop, &run);
	guest_watch_bus_locks(false);
	db_seen = guest_bus_lock_dbs();

	guest_report("split_xchg", run.done);
	guest_report("cpl", run.cpl);
	guest_report("db_seen", db_seen);
	guest_report("count", count);
	guest_report("db_watched", watched);
	guest_report("tf_seen", run.tf_seen + guest_db_frames_with_tf());
	check_run(&run);
	if (watched && db_seen != count)
		guest_fail("%lu bus-lock #DBs for %lu split locks", db_seen,
			   count);
	if (!watched && db_seen)
		guest_fail("%lu bus-lock #DBs with DEBUGCTL bit 2 clear",
			   db_seen);
	guest_printf("xchg: %lu split-locked XCHGs at CPL %u done\n", run.done,
		     run.cpl);
	return 0;
}
