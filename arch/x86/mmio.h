/* SPDX-License-Identifier: MIT */
/* Device registers in the identity map (boot/boot.S's 2 MiB pages). */
#ifndef TG_ARCH_X86_MMIO_H
#define TG_ARCH_X86_MMIO_H

#include <stdint.h>

#include "arch/x86/bits.h"

extern uint64_t boot_pd[];	/* boot/boot.S: 2 MiB pages of the low 4 GiB */

/*
 * Makes the 2 MiB page holding @pa (below 4 GiB) uncacheable: PCD and PWT
 * select PAT entry 3, UC, in the power-on PAT (SDM 12.12.3).  Device
 * registers must not be cached (SDM 11.4.1 for the local APIC).
 */
static inline void identity_map_uncached(uint64_t pa)
{
	boot_pd[pa >> 21] |= PTE_PCD | PTE_PWT;
	asm volatile("invlpg (%0)" : : "r"(pa) : "memory");
}

#endif
