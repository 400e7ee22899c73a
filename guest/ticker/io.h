/* SPDX-License-Identifier: MIT */
/* Port I/O and the few instructions ticker needs, for 32-bit code. */
#ifndef TICKER_IO_H
#define TICKER_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* A write to the POST port 0x80: the classic ISA delay between accesses. */
static inline void io_delay(void)
{
	outb(0x80, 0);
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t r[4])
{
	asm volatile("cpuid"
		     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(0));
}

static inline void irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

/* STI's one-instruction shadow makes "sti; hlt" wait without a race. */
static inline void wait_for_irq(void)
{
	asm volatile("sti; hlt; cli" ::: "memory");
}

#endif
