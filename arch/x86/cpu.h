/* SPDX-License-Identifier: MIT */
/* Thin wrappers around the instructions C cannot express. */
#ifndef TG_ARCH_X86_CPU_H
#define TG_ARCH_X86_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/bits.h"

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	asm volatile("cpuid"
		     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr"
		     : : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
}

/*
 * Reads an MSR that may not exist: a #GP is caught through the exception
 * table (arch/x86/trap.c) and reported as false.
 */
static inline bool rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	int failed = 0;

	asm volatile("1: rdmsr\n"
		     "2:\n"
		     ".pushsection .extable, \"a\"\n"
		     ".balign 8\n"
		     ".quad 1b, 3f\n"
		     ".popsection\n"
		     ".pushsection .fixup, \"ax\"\n"
		     "3: movl $1, %2\n"
		     "jmp 2b\n"
		     ".popsection"
		     : "=a"(lo), "=d"(hi), "+r"(failed)
		     : "c"(msr));
	*val = ((uint64_t)hi << 32) | lo;
	return !failed;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#define DEFINE_READ_CR(n)                                         \
	static inline uint64_t read_cr##n(void)                   \
	{                                                         \
		uint64_t v;                                       \
		asm volatile("mov %%cr" #n ", %0" : "=r"(v));     \
		return v;                                         \
	}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

static inline void write_cr0(uint64_t v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void write_cr3(uint64_t v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void write_cr4(uint64_t v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void write_cr2(uint64_t v)
{
	asm volatile("mov %0, %%cr2" : : "r"(v) : "memory");
}

/* Debug register @n: 0-3, 6 or 7 (SDM 17.2); any other reads 0. */
static inline uint64_t read_dr(unsigned int n)
{
	uint64_t v = 0;

	switch (n) {
	case 0: asm volatile("mov %%dr0, %0" : "=r"(v)); break;
	case 1: asm volatile("mov %%dr1, %0" : "=r"(v)); break;
	case 2: asm volatile("mov %%dr2, %0" : "=r"(v)); break;
	case 3: asm volatile("mov %%dr3, %0" : "=r"(v)); break;
	case 6: asm volatile("mov %%dr6, %0" : "=r"(v)); break;
	case 7: asm volatile("mov %%dr7, %0" : "=r"(v)); break;
	}
	return v;
}

static inline void write_dr(unsigned int n, uint64_t v)
{
	switch (n) {
	case 0: asm volatile("mov %0, %%dr0" : : "r"(v)); break;
	case 1: asm volatile("mov %0, %%dr1" : : "r"(v)); break;
	case 2: asm volatile("mov %0, %%dr2" : : "r"(v)); break;
	case 3: asm volatile("mov %0, %%dr3" : : "r"(v)); break;
	case 6: asm volatile("mov %0, %%dr6" : : "r"(v)); break;
	case 7: asm volatile("mov %0, %%dr7" : : "r"(v)); break;
	}
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	asm volatile("pause");
}

static inline void irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

/*
 * Opens a one-instruction window for a pending interrupt: STI's shadow
 * covers the NOP (SDM 6.8.3), so the interrupt is taken right after it.
 */
static inline void cpu_take_interrupts(void)
{
	asm volatile("sti; nop; cli" ::: "memory");
}

/* Halts until an interrupt (IF=1 through the HLT, SDM 6.8.3), then IF=0. */
static inline void cpu_idle(void)
{
	asm volatile("sti; hlt; cli" ::: "memory");
}

/* Stops this CPU for good: interrupts off, HLT in a loop. */
static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif
