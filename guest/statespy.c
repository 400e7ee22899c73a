/* SPDX-License-Identifier: MIT */
/*
 * statespy: two guests, `writer` and `spy`, one image, run on one CPU to
 * show that a guest's CPU state is its own.  Each first checks that it sees
 * the processor's reset state, not the other's (XMM0, the upper half of
 * YMM0, MXCSR, the x87 control word, XCR0, DR0-DR3, CR2, KERNEL_GS_BASE,
 * STAR, LSTAR, CSTAR, SFMASK, TSC_AUX), then sets every one of them to
 * values of its own (`marker` 1 or 2), and after each HLT, which gives the
 * other its turn, checks that they are still its own.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define CR4_OSXMMEXCPT (1u << 10)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define CPUID_1_ECX_AVX (1u << 28)
#define XCR0_X87_SSE 0x3ull
#define XCR0_AVX 0x4ull
#define FCW_RESET 0x37f
#define MXCSR_RESET 0x1f80
#define MXCSR_RC_SHIFT 13		/* rounding control, bits 14:13 */
#define DEFAULT_ROUNDS 5

/* The MSRs checked, all read as 0 at reset (SDM Vol. 4 table 2-2). */
static const uint32_t msrs[] = {
	0xc0000102,	/* KERNEL_GS_BASE */
	0xc0000081,	/* STAR */
	0xc0000082,	/* LSTAR */
	0xc0000083,	/* CSTAR */
	0xc0000084,	/* SFMASK */
	0xc0000103,	/* TSC_AUX */
};
static const char *const msr_names[] = {
	"KERNEL_GS_BASE", "STAR", "LSTAR", "CSTAR", "SFMASK", "TSC_AUX",
};
#define MSR_COUNT (sizeof(msrs) / sizeof(msrs[0]))

struct cpu_state {
	uint64_t xmm0[2], ymm0_hi[2];
	uint32_t mxcsr;
	uint16_t fcw;
	uint64_t xcr0, cr2, dr[4];
	uint64_t msr[MSR_COUNT];
};

static bool has_xsave, has_avx;

static uint64_t rd_msr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void wr_msr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)));
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

/* SSE, and XSAVE where the CPU has it, turned on in CR4 (SDM 13.1). */
static void enable_sse(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	uint64_t cr4;

	has_xsave = r.ecx & CPUID_1_ECX_XSAVE;
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT | (has_xsave ? CR4_OSXSAVE : 0);
	asm volatile("mov %0, %%cr4" : : "r"(cr4));
	has_avx = has_xsave && (cpuid(1, 0).ecx & CPUID_1_ECX_AVX);
}

static void read_state(struct cpu_state *s)
{
	unsigned int i;

	asm volatile("movdqu %%xmm0, %0" : "=m"(s->xmm0));
	asm volatile("stmxcsr %0" : "=m"(s->mxcsr));
	asm volatile("fnstcw %0" : "=m"(s->fcw));
	s->ymm0_hi[0] = s->ymm0_hi[1] = 0;
	s->xcr0 = has_xsave ? xgetbv0() : XCR0_X87_SSE;
	if (s->xcr0 & XCR0_AVX)
		asm volatile("vextractf128 $1, %%ymm0, %%xmm1\n\t"
			     "movdqu %%xmm1, %0" : "=m"(s->ymm0_hi));
	asm volatile("mov %%cr2, %0" : "=r"(s->cr2));
	for (i = 0; i < 4; i++)
		s->dr[i] = read_dr(i);
	for (i = 0; i < MSR_COUNT; i++)
		s->msr[i] = rd_msr(msrs[i]);
}

/*
 * The state a guest with @marker sets: distinct for writer and spy.  The
 * writer (1) enables AVX in XCR0 and marks YMM0's upper half; the spy (2)
 * runs with x87 and SSE only, so each XCR0 must stay its own.
 */
static void marked_state(struct cpu_state *s, uint64_t m)
{
	bool avx = has_avx && m == 1;
	unsigned int i;

	s->xmm0[0] = 0x1111111111111111ull * m;
	s->xmm0[1] = 0x0101010101010101ull * (m + 4);
	s->ymm0_hi[0] = avx ? 0x2222222222222222ull * m : 0;
	s->ymm0_hi[1] = avx ? 0x0202020202020202ull * (m + 4) : 0;
	s->mxcsr = MXCSR_RESET | (uint32_t)(m << MXCSR_RC_SHIFT);
	s->fcw = (uint16_t)(FCW_RESET & ~(m << 8));
	s->xcr0 = XCR0_X87_SSE | (avx ? XCR0_AVX : 0);
	s->cr2 = 0x5ca1ab1e000ull * m;
	for (i = 0; i < 4; i++)
		s->dr[i] = 0x400000ull * m + 0x1000 * i;
	for (i = 0; i < MSR_COUNT; i++)
		s->msr[i] = 0x7000 * m + 0x10 * i;
}

static void write_state(const struct cpu_state *s)
{
	unsigned int i;

	if (has_xsave) {
		uint64_t x = s->xcr0 | (has_avx ? XCR0_AVX : 0);

		asm volatile("xsetbv" : : "c"(0), "a"((uint32_t)x),
			     "d"((uint32_t)(x >> 32)));
	}
	asm volatile("movdqu %0, %%xmm1" : : "m"(s->ymm0_hi));
	asm volatile("movdqu %0, %%xmm0" : : "m"(s->xmm0));
	if (has_avx)
		asm volatile("vinsertf128 $1, %%xmm1, %%ymm0, %%ymm0" : :);
	if (has_xsave)
		asm volatile("xsetbv" : : "c"(0), "a"((uint32_t)s->xcr0),
			     "d"((uint32_t)(s->xcr0 >> 32)));
	asm volatile("ldmxcsr %0" : : "m"(s->mxcsr));
	asm volatile("fldcw %0" : : "m"(s->fcw));
	asm volatile("mov %0, %%cr2" : : "r"(s->cr2));
	for (i = 0; i < 4; i++)
		write_dr(i, s->dr[i]);
	for (i = 0; i < MSR_COUNT; i++)
		wr_msr(msrs[i], s->msr[i]);
}

/* Fails naming the first register of @got that is not as in @want. */
static void expect(const char *when, const struct cpu_state *got,
		   const struct cpu_state *want)
{
	unsigned int i;

	if (got->xmm0[0] != want->xmm0[0] || got->xmm0[1] != want->xmm0[1])
		guest_fail("%s: XMM0 is 0x%lx%016lx", when, got->xmm0[1],
			   got->xmm0[0]);
	if (got->ymm0_hi[0] != want->ymm0_hi[0] ||
	    got->ymm0_hi[1] != want->ymm0_hi[1])
		guest_fail("%s: YMM0[255:128] is 0x%lx%016lx", when,
			   got->ymm0_hi[1], got->ymm0_hi[0]);
	if (got->mxcsr != want->mxcsr)
		guest_fail("%s: MXCSR is 0x%x", when, got->mxcsr);
	if (got->fcw != want->fcw)
		guest_fail("%s: the x87 control word is 0x%x", when, got->fcw);
	if (got->xcr0 != want->xcr0)
		guest_fail("%s: XCR0 is 0x%lx", when, got->xcr0);
	if (got->cr2 != want->cr2)
		guest_fail("%s: CR2 is 0x%lx", when, got->cr2);
	for (i = 0; i < 4; i++)
		if (got->dr[i] != want->dr[i])
			guest_fail("%s: DR%u is 0x%lx", when, i, got->dr[i]);
	for (i = 0; i < MSR_COUNT; i++)
		if (got->msr[i] != want->msr[i])
			guest_fail("%s: %s is 0x%lx", when, msr_names[i],
				   got->msr[i]);
}

int guest_main(void)
{
	unsigned long marker = guest_param("marker", 1);
	unsigned long rounds = guest_param("rounds", DEFAULT_ROUNDS), i;
	struct cpu_state reset = {
		.mxcsr = MXCSR_RESET, .fcw = FCW_RESET, .xcr0 = 1,
	}, mine, got;

	enable_sse();
	if (!has_xsave)
		reset.xcr0 = XCR0_X87_SSE;
	read_state(&got);
	expect("at its start, before it set anything", &got, &reset);
	marked_state(&mine, marker);
	write_state(&mine);
	read_state(&got);
	expect("right after setting its own", &got, &mine);
	guest_printf("statespy %lu: reset state seen; own state set (xsave %s, "
		     "avx %s)\n", marker, has_xsave ? "yes" : "no",
		     has_avx ? "yes" : "no");
	for (i = 0; i < rounds; i++) {
		asm volatile("hlt" : : : "memory");
		read_state(&got);
		expect("after a turn of another guest", &got, &mine);
	}
	guest_report("rounds", rounds);
	guest_report("avx", has_avx);
	guest_printf("statespy %lu: own state intact after %lu turns\n",
		     marker, rounds);
	return 0;
}
