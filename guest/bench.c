/* SPDX-License-Identifier: MIT */
/*
 * bench: measures what Tollgate's exits cost, in RDTSC ticks, for
 * `make bench`.  Each figure is a loop of `iterations` operations timed
 * with RDTSC, minus the same loop with the operation replaced by a NOP:
 * what is left is the operation's cost beyond one plain instruction.
 * Under QEMU TCG with `-icount shift=0` the TSC advances by one per
 * instruction the emulated CPU executes, guest and hypervisor alike, so
 * the figures are exact and the same on every run; the hypervisor turns
 * them into costs.  Measured: a hypercall round trip, a CPUID exit, one
 * plain register instruction (which Tollgate's software detector makes an
 * exit), and, at CPL 3, an XCHG on a split and on an aligned operand,
 * whose difference is the cost of one bus-lock event.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define CACHE_LINE 64
#define SPLIT_OFFSET (CACHE_LINE - 4)	/* 4 bytes in each line */
#define ALIGNED_OFFSET (2 * CACHE_LINE)	/* a line of its own */
#define DEFAULT_ITERATIONS 1000

/* A key no guest declares: HC_PARAM answers it with the default. */
#define PROBE_KEY "bench_no_such_key"
#define PROBE_DEFAULT 0x7467

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * Reads the TSC into RAX as LFENCE; RDTSC; LFENCE.  The SDM (Vol. 2B,
 * RDTSC) says RDTSC is not serializing: an LFENCE before it waits for
 * every earlier instruction to execute, one after it keeps every later
 * instruction from starting before the read.  The timed region is then
 * exactly the instructions between the two reads.
 */
#define TSC_READ                    \
	"lfence\n\t"                \
	"rdtsc\n\t"                 \
	"lfence\n\t"                \
	"shlq $32, %%rdx\n\t"       \
	"orq %%rdx, %%rax\n\t"

/*
 * The timed loop: BODY run k times, with a DEC/JNZ around it; the result
 * is the tick count between the two reads.  Each measurement and its
 * baseline come from this one template and differ only in BODY, so every
 * instruction outside BODY cancels in their difference.  Written as one
 * asm statement so the compiler can put nothing else in the region.
 * BODY may use RSI and RDI (inputs a and b), the accumulator %[acc], and
 * RAX, RBX, RCX and RDX as scratch: a hypercall and CPUID change those.
 */
#define DEFINE_TIMED_LOOP(name, body)                                      \
	static uint64_t name(unsigned long k, uint64_t a, uint64_t b,     \
			     uint64_t *acc)                               \
	{                                                                 \
		uint64_t ticks, sum = 0;                                  \
									  \
		asm volatile(TSC_READ                                     \
			     "movq %%rax, %%r8\n\t"                       \
			     "movq %[k], %%r9\n"                          \
			     "1:\n\t"                                     \
			     body "\n\t"                                  \
			     "decq %%r9\n\t"                              \
			     "jnz 1b\n\t"                                 \
			     TSC_READ                                     \
			     "subq %%r8, %%rax"                           \
			     : "=&a"(ticks), [acc] "+&r"(sum)             \
			     : [k] "r"(k), "S"(a), "D"(b)                 \
			     : "rbx", "rcx", "rdx", "r8", "r9", "memory", \
			       "cc");                                     \
		*acc = sum;                                               \
		return ticks;                                             \
	}

/*
 * A hypercall: HC_PARAM of PROBE_KEY (RSI) with default RDI.  The ABI
 * lets it change RBX, RCX and RDX; RAX is the result, which is summed.
 */
#define HC_BODY(insn)                         \
	"movl $" STR(HC_PARAM) ", %%eax\n\t"  \
	"movq %%rsi, %%rbx\n\t"               \
	"movq %%rdi, %%rcx\n\t"               \
	insn "\n\t"                           \
	"addq %%rax, %[acc]"

DEFINE_TIMED_LOOP(loop_vmcall, HC_BODY("vmcall"))
DEFINE_TIMED_LOOP(loop_vmmcall, HC_BODY("vmmcall"))
DEFINE_TIMED_LOOP(loop_hc_base, HC_BODY("nop"))

/* CPUID leaf 0; EAX, the highest basic leaf, is summed. */
#define CPUID_BODY(insn)          \
	"xorl %%eax, %%eax\n\t"   \
	"xorl %%ecx, %%ecx\n\t"   \
	insn "\n\t"               \
	"addq %%rax, %[acc]"

DEFINE_TIMED_LOOP(loop_cpuid, CPUID_BODY("cpuid"))
DEFINE_TIMED_LOOP(loop_cpuid_base, CPUID_BODY("nop"))

/* One register ADD against an empty body: the cost of one instruction. */
DEFINE_TIMED_LOOP(loop_plain, "addq $1, %[acc]")
DEFINE_TIMED_LOOP(loop_plain_base, "")

/*
 * XCHG of the counter (R9, k down to 1) with the 8 bytes at RSI; the old
 * values are summed.  XCHG with memory is locked without a prefix (SDM
 * Vol. 2B, XCHG).
 */
#define XCHG_BODY(insn)           \
	"movq %%r9, %%rax\n\t"    \
	insn "\n\t"               \
	"addq %%rax, %[acc]"

DEFINE_TIMED_LOOP(loop_xchg, XCHG_BODY("xchgq %%rax, (%%rsi)"))
DEFINE_TIMED_LOOP(loop_xchg_base, XCHG_BODY("nop"))

/* One measurement: both raw tick counts, and what the sums must be. */
struct measure {
	const char *name;	/* the report key, "<name>_tsc" */
	uint64_t loop, base;	/* ticks of the loop and of its baseline */
	uint64_t loop_sum, base_sum;
	uint64_t want_loop_sum, want_base_sum;
};

/* A misaligned 8-byte slot: packed, so C may access it where it lies. */
struct split_slot {
	uint64_t v;
} __attribute__((packed));

/* What the CPL 3 part was asked to do and what it measured. */
struct cpl3_bench {
	unsigned long k;
	struct split_slot *split;
	uint64_t *aligned;
	struct measure *split_m, *aligned_m;
	unsigned int cpl;	/* the CPL the loops ran at */
};

static uint8_t lines[3 * CACHE_LINE] __attribute__((aligned(CACHE_LINE)));

/* The sum of the old values k XCHGs of k, k - 1, ..., 1 leave from 0. */
static uint64_t xchg_old_sum(unsigned long k)
{
	return (uint64_t)k * (k + 1) / 2 - 1;
}

/* At CPL 3: the XCHG loops, each slot starting from 0. */
static void xchg_loops(void *arg)
{
	struct cpl3_bench *b = arg;
	struct measure *m;

	b->cpl = current_cpl();
	m = b->split_m;
	b->split->v = 0;
	m->base = loop_xchg_base(b->k, (uintptr_t)b->split, 0, &m->base_sum);
	m->loop = loop_xchg(b->k, (uintptr_t)b->split, 0, &m->loop_sum);

	m = b->aligned_m;
	*b->aligned = 0;
	m->base = loop_xchg_base(b->k, (uintptr_t)b->aligned, 0, &m->base_sum);
	m->loop = loop_xchg(b->k, (uintptr_t)b->aligned, 0, &m->loop_sum);
}

/* Fails unless the slots lie as their names say. */
static void check_slots(const struct cpl3_bench *b)
{
	uintptr_t s = (uintptr_t)b->split, a = (uintptr_t)b->aligned;

	if (s / CACHE_LINE == (s + 7) / CACHE_LINE)
		guest_fail("split XCHG operand at 0x%lx does not cross a "
			   "cache line", s);
	if (a % 8 || a / CACHE_LINE != (a + 7) / CACHE_LINE)
		guest_fail("aligned XCHG operand at 0x%lx is not aligned "
			   "in one line", a);
}

/* The hypercall instruction Tollgate names (docs/guest-abi.md). */
static bool measure_hypercall(unsigned long k, struct measure *m)
{
	uint32_t insn;

	if (guest_is_bare()) {
		guest_printf("bench: bare mode: no hypervisor, no hypercall "
			     "to time\n");
		return false;
	}
	insn = cpuid(TG_CPUID_ABI, 0).ebx;
	m->base = loop_hc_base(k, (uintptr_t)PROBE_KEY, PROBE_DEFAULT,
			       &m->base_sum);
	if (insn == TG_HYPERCALL_VMMCALL)
		m->loop = loop_vmmcall(k, (uintptr_t)PROBE_KEY, PROBE_DEFAULT,
				       &m->loop_sum);
	else
		m->loop = loop_vmcall(k, (uintptr_t)PROBE_KEY, PROBE_DEFAULT,
				      &m->loop_sum);
	m->want_loop_sum = (uint64_t)k * PROBE_DEFAULT;
	m->want_base_sum = (uint64_t)k * HC_PARAM;
	return true;
}

static void measure_cpuid(unsigned long k, struct measure *m)
{
	uint32_t max_leaf = cpuid(0, 0).eax;

	m->base = loop_cpuid_base(k, 0, 0, &m->base_sum);
	m->loop = loop_cpuid(k, 0, 0, &m->loop_sum);
	m->want_loop_sum = (uint64_t)k * max_leaf;
	m->want_base_sum = 0;
}

static void measure_plain(unsigned long k, struct measure *m)
{
	m->base = loop_plain_base(k, 0, 0, &m->base_sum);
	m->loop = loop_plain(k, 0, 0, &m->loop_sum);
	m->want_loop_sum = k;
	m->want_base_sum = 0;
}

static void measure_xchg(unsigned long k, struct measure *split,
			 struct measure *aligned)
{
	struct cpl3_bench b = {
		.k = k,
		.split = (struct split_slot *)(lines + SPLIT_OFFSET),
		.aligned = (uint64_t *)(lines + ALIGNED_OFFSET),
		.split_m = split,
		.aligned_m = aligned,
	};

	check_slots(&b);
	run_at_cpl3(xchg_loops, &b);
	if (b.cpl != 3)
		guest_fail("XCHG loops ran at CPL %u, not 3", b.cpl);
	if (b.split->v != 1 || *b.aligned != 1)
		guest_fail("XCHG slots hold %lu and %lu, expected 1",
			   b.split->v, *b.aligned);
	split->want_loop_sum = aligned->want_loop_sum = xchg_old_sum(k);
	split->want_base_sum = aligned->want_base_sum =
		(uint64_t)k * (k + 1) / 2;
}

/* Fails unless both loops left the sums only real operations give. */
static void check_sums(const struct measure *m)
{
	if (m->loop_sum != m->want_loop_sum)
		guest_fail("%s loop summed %lu, expected %lu", m->name,
			   m->loop_sum, m->want_loop_sum);
	if (m->base_sum != m->want_base_sum)
		guest_fail("%s baseline summed %lu, expected %lu", m->name,
			   m->base_sum, m->want_base_sum);
}

/*
 * Reports "<name>_tsc_total", the loop's ticks less the baseline's, and
 * "<name>_tsc", that per iteration rounded to the nearest tick.  A loop
 * faster than its baseline (noise on real hardware) reports 0.
 */
static void report_measure(const struct measure *m, unsigned long k)
{
	char key[HC_KEY_MAX];
	uint64_t total = 0;

	check_sums(m);
	if (m->loop >= m->base)
		total = m->loop - m->base;
	else
		guest_printf("bench: %s: loop %lu ticks < baseline %lu; "
			     "reporting 0\n", m->name, m->loop, m->base);
	ksnprintf(key, sizeof(key), "%s_tsc_total", m->name);
	guest_report(key, total);
	ksnprintf(key, sizeof(key), "%s_tsc", m->name);
	guest_report(key, (total + k / 2) / k);
	guest_printf("bench:   %-13s %8lu per op  (loop %lu - base %lu = "
		     "%lu)\n", m->name, (total + k / 2) / k, m->loop, m->base,
		     total);
}

int guest_main(void)
{
	unsigned long k = guest_param("iterations", DEFAULT_ITERATIONS);
	struct measure hc = { .name = "hypercall" };
	struct measure cpu = { .name = "cpuid" };
	struct measure plain = { .name = "plain_loop" };
	struct measure split = { .name = "split_xchg" };
	struct measure aligned = { .name = "aligned_xchg" };
	bool have_hc;

	if (!k)
		guest_fail("iterations must be at least 1");
	guest_printf("bench: %lu iterations per loop\n", k);

	/* Results are printed after every loop: no output is ever timed. */
	have_hc = measure_hypercall(k, &hc);
	measure_cpuid(k, &cpu);
	measure_plain(k, &plain);
	measure_xchg(k, &split, &aligned);

	guest_printf("bench: RDTSC ticks per operation beyond a NOP:\n");
	guest_report("iterations", k);
	if (have_hc)
		report_measure(&hc, k);
	report_measure(&cpu, k);
	report_measure(&plain, k);
	report_measure(&split, k);
	report_measure(&aligned, k);
	return 0;
}
