/* SPDX-License-Identifier: MIT */
/* Between the parts of the guest runtime; guests include guest.h only. */
#ifndef TG_GUEST_LIB_RUNTIME_H
#define TG_GUEST_LIB_RUNTIME_H

#include <stdint.h>

#include "guest/lib/layout.h"

/* Loaded by start.S, completed with the TSS descriptor by guest/lib/cpu.c. */
extern uint64_t guest_gdt[GDT_SLOTS];

/* Called by start.S in long mode with the loader's EAX and EBX. */
void guest_start(uint32_t magic, uint32_t info);

/* Called by the stubs in traps.S for every exception. */
struct guest_frame;
void guest_trap(struct guest_frame *f);

/* Sets the RAM size and finds Tollgate, or sets up bare mode (guest.c). */
void guest_env_init(uint32_t magic, uint32_t info);

#endif
