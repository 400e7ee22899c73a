/* SPDX-License-Identifier: MIT */
/*
 * edges: instructions whose emulation must be exact to the byte and bit,
 * each checked by the guest itself.  A prefixed CPUID and HLT resume right
 * after the whole instruction (SVM without next-RIP reads the prefixes); a
 * 32-bit IN zero-extends into RAX (SDM Vol. 1 3.4.1.1); INVD and WBINVD
 * return and do nothing; EFER.LMA cannot be written, and changing LME with
 * paging on, a reserved EFER bit, or an XCR0 the processor refuses raise
 * #GP (APM 3.1.7, SDM Vol. 2C XSETBV), never a killed guest.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define MSR_EFER_NR 0xc0000080
#define EFER_LME_BIT (1ull << 8)
#define EFER_LMA_BIT (1ull << 10)
#define EFER_RESERVED_BIT (1ull << 20)
#define UNCLAIMED_PORT 0x510
#define CPUID_1_ECX_XSAVE (1u << 26)

static unsigned int gp_len;	/* bytes to skip at an expected #GP */
static unsigned long gps;

/* An expected #GP: counted, and the faulting instruction skipped. */
static bool expected_gp(struct guest_frame *f)
{
	if (!gp_len)
		return false;
	f->rip += gp_len;
	gp_len = 0;
	gps++;
	return true;
}

/* CPUID with 66 and 2E before 0F A2, HLT with 3E: RIP after the whole. */
static void prefixed_instructions(void)
{
	uint32_t a = 0, b, c = 0, d;
	uint64_t marker = 0;

	asm volatile(".byte 0x66, 0x2e, 0x0f, 0xa2\n\t"
		     "movq $0x600d, %4"
		     : "+a"(a), "=b"(b), "+c"(c), "=d"(d), "=r"(marker));
	if (marker != 0x600d || !a)
		guest_fail("a prefixed CPUID resumed at the wrong byte "
			   "(eax 0x%x, marker 0x%lx)", a, marker);
	marker = 0;
	asm volatile(".byte 0x3e, 0xf4\n\tmovq $0x600d, %0" : "=r"(marker));
	if (marker != 0x600d)
		guest_fail("a prefixed HLT resumed at the wrong byte");
}

/* IN to EAX writes all 64 bits of RAX; to AL or AX only those bits. */
static void in_zero_extends(void)
{
	uint64_t rax = 0xdeadbeef12345678ull;

	asm volatile("inl %w1, %%eax" : "+a"(rax) : "d"(UNCLAIMED_PORT));
	if (rax != 0xffffffffull)
		guest_fail("IN EAX left RAX 0x%lx, not 0xffffffff", rax);
	rax = 0xdeadbeef12345678ull;
	asm volatile("inw %w1, %%ax" : "+a"(rax) : "d"(UNCLAIMED_PORT));
	if (rax != 0xdeadbeef1234ffffull)
		guest_fail("IN AX left RAX 0x%lx", rax);
}

static void wrmsr_expect_gp(uint64_t val, const char *what)
{
	unsigned long before = gps;

	gp_len = 2;			/* 0f 30 */
	asm volatile("wrmsr" : : "c"(MSR_EFER_NR), "a"((uint32_t)val),
		     "d"((uint32_t)(val >> 32)) : "memory");
	gp_len = 0;
	if (gps == before)
		guest_fail("WRMSR EFER 0x%lx (%s) raised no #GP", val, what);
}

/* LMA keeps its value; LME with paging on and reserved bits are #GP. */
static void efer_writes(void)
{
	uint64_t efer = rdmsr(MSR_EFER_NR);

	wrmsr(MSR_EFER_NR, efer & ~EFER_LMA_BIT);
	if (rdmsr(MSR_EFER_NR) != efer)
		guest_fail("EFER is 0x%lx after a write that cleared LMA, "
			   "not 0x%lx", rdmsr(MSR_EFER_NR), efer);
	wrmsr_expect_gp(efer & ~EFER_LME_BIT, "LME cleared, paging on");
	wrmsr_expect_gp(efer | EFER_RESERVED_BIT, "a reserved bit");
}

static void xsetbv_expect_gp(uint32_t xcr, uint64_t val)
{
	unsigned long before = gps;

	gp_len = 3;			/* 0f 01 d1 */
	asm volatile("xsetbv" : : "c"(xcr), "a"((uint32_t)val),
		     "d"((uint32_t)(val >> 32)) : "memory");
	gp_len = 0;
	if (gps == before)
		guest_fail("XSETBV %u, 0x%lx raised no #GP", xcr, val);
}

/* XCR0 without x87, AVX without SSE, an XCR other than 0: #GP. */
static void xsetbv_checks(void)
{
	uint64_t cr4;

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE))
		return;
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSXSAVE | CR4_OSFXSR));
	xsetbv_expect_gp(0, 0);
	xsetbv_expect_gp(0, 0x5);
	xsetbv_expect_gp(1, 0x1);
}

int guest_main(void)
{
	guest_set_trap_hook(GVEC_GP, expected_gp);
	prefixed_instructions();
	in_zero_extends();
	asm volatile("invd; wbinvd" : : : "memory");
	efer_writes();
	xsetbv_checks();
	guest_set_trap_hook(GVEC_GP, NULL);
	guest_report("gp", gps);
	guest_printf("edges: prefixed CPUID and HLT, IN, INVD, WBINVD, EFER "
		     "and XSETBV as the hardware does them\n");
	return 0;
}
