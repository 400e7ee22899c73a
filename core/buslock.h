/* SPDX-License-Identifier: MIT */
/* The one place every bus lock a guest causes is counted, whatever saw it. */
#ifndef TG_CORE_BUSLOCK_H
#define TG_CORE_BUSLOCK_H

#include <stdint.h>

#include "core/vm.h"

/* "threshold", "vmexit", "db" or "soft". */
extern const char *const buslock_source_names[BUSLOCK_SRC_COUNT];

/* Counts @n bus locks of @v's guest, seen by @src at guest @rip. */
void buslock_event(struct vcpu *v, enum buslock_source src, uint64_t rip,
		   uint64_t n);

#endif
