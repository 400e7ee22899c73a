/* SPDX-License-Identifier: MIT */
/*
 * The x87, SSE and AVX state that guests own and the hypervisor never
 * touches (it is built with -mgeneral-regs-only): switched between guests
 * with XSAVE/XRSTOR (SDM Vol. 1 chapter 13), or FXSAVE/FXRSTOR on a CPU
 * without XSAVE, and XCR0, which each guest sets for itself with XSETBV.
 */
#ifndef TG_ARCH_X86_XSTATE_H
#define TG_ARCH_X86_XSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/xcr0.h"

/*
 * Turns on what switching needs on this CPU (CR0.EM and TS clear, CR4.OSFXSR
 * and OSXSAVE set, XCR0 the switched components); the first call also reads
 * what the CPU offers.  Before any guest runs on this CPU.
 */
void xstate_cpu_init(void);

/* Whether the CPU has XSAVE (else FXSAVE: x87 and SSE only). */
bool xstate_has_xsave(void);

/* The components guests may enable in XCR0, and Tollgate switches. */
uint64_t xstate_guest_mask(void);

/* Bytes of a save area for every component in the mask. */
size_t xstate_area_size(void);

/* A save area in the processor's reset state (FCW 0x37F, MXCSR 0x1F80). */
void xstate_area_init(void *area);

/* Saves this CPU's state into @area / loads it from @area (64-byte aligned). */
void xstate_save(void *area);
void xstate_restore(const void *area);

/* XCR0 (XGETBV/XSETBV, ECX = 0); no-ops without XSAVE. */
uint64_t xcr0_read(void);
void xcr0_write(uint64_t v);

/* Whether a guest may set XCR0 to @v (lib/xcr0.h, the components on offer). */
bool xcr0_valid_for_guest(uint64_t v);

#endif
