/* SPDX-License-Identifier: MIT */
/* Guests' x87/SSE/AVX state and XCR0 (arch/x86/xstate.h). */
#include "arch/x86/cpu.h"
#include "arch/x86/xstate.h"
#include "lib/string.h"

#define CR0_EM BIT(2)
#define CR0_TS BIT(3)
#define CR4_OSXMMEXCPT BIT(10)
#define CPUID_1_ECX_XSAVE BIT(26)
#define CPUID_XSAVE_LEAF 0xd
#define FXSAVE_SIZE 512		/* SDM Vol. 1 10.5.1 */
#define FCW_OFFSET 0		/* x87 control word, in the legacy region */
#define MXCSR_OFFSET 24
#define FCW_RESET 0x37f		/* SDM Vol. 1 8.1.5, after FNINIT */
#define MXCSR_RESET 0x1f80	/* SDM Vol. 1 10.2.3 */
/* The components Tollgate offers guests: no MPX, PKRU, AMX or XSS state. */
#define XFEATURE_OFFERED (XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX | \
			  XFEATURE_AVX512)

static bool has_xsave;
static uint64_t guest_mask = XFEATURE_X87 | XFEATURE_SSE;
static size_t area_size = FXSAVE_SIZE;
static bool probed;

/* What the CPU supports in XCR0 (CPUID.(0DH,0):EDX:EAX, SDM Vol. 1 13.2). */
static void probe(void)
{
	struct cpuid_regs r;
	uint64_t supported;

	has_xsave = cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE;
	probed = true;
	if (!has_xsave)
		return;
	r = cpuid(CPUID_XSAVE_LEAF, 0);
	supported = ((uint64_t)r.edx << 32) | r.eax;
	guest_mask = xcr0_offer(supported, XFEATURE_OFFERED);
}

void xstate_cpu_init(void)
{
	if (!probed)
		probe();
	write_cr0((read_cr0() & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT |
		  (has_xsave ? CR4_OSXSAVE : 0));
	if (!has_xsave)
		return;
	xcr0_write(guest_mask);
	/* EBX: the area XSAVE needs for what XCR0 now enables. */
	area_size = cpuid(CPUID_XSAVE_LEAF, 0).ebx;
}

bool xstate_has_xsave(void)
{
	return has_xsave;
}

uint64_t xstate_guest_mask(void)
{
	return guest_mask;
}

size_t xstate_area_size(void)
{
	return area_size;
}

/*
 * The legacy region with FCW and MXCSR at their reset values; a zero XSAVE
 * header (XSTATE_BV 0) makes XRSTOR put every other component in its
 * initial state (SDM Vol. 1 13.8.1).
 */
void xstate_area_init(void *area)
{
	uint16_t fcw = FCW_RESET;
	uint32_t mxcsr = MXCSR_RESET;

	memset(area, 0, area_size);
	memcpy((uint8_t *)area + FCW_OFFSET, &fcw, sizeof(fcw));
	memcpy((uint8_t *)area + MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
}

void xstate_save(void *area)
{
	if (has_xsave)
		asm volatile("xsave64 (%0)" : : "r"(area),
			     "a"((uint32_t)guest_mask),
			     "d"((uint32_t)(guest_mask >> 32)) : "memory");
	else
		asm volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void xstate_restore(const void *area)
{
	if (has_xsave)
		asm volatile("xrstor64 (%0)" : : "r"(area),
			     "a"((uint32_t)guest_mask),
			     "d"((uint32_t)(guest_mask >> 32)) : "memory");
	else
		asm volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

uint64_t xcr0_read(void)
{
	uint32_t lo, hi;

	if (!has_xsave)
		return XFEATURE_X87 | XFEATURE_SSE;
	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

void xcr0_write(uint64_t v)
{
	if (has_xsave)
		asm volatile("xsetbv" : : "c"(0), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)) : "memory");
}

bool xcr0_valid_for_guest(uint64_t v)
{
	return has_xsave && xcr0_valid(v, guest_mask);
}
