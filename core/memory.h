/* SPDX-License-Identifier: MIT */
#ifndef TG_CORE_MEMORY_H
#define TG_CORE_MEMORY_H

#include "lib/bootinfo.h"
#include "lib/pmm.h"

/* The frames Tollgate may hand out: the identity-mapped low 4 GiB. */
extern struct pmm phys_mem;

/* Builds the frame allocator from the loader's memory map and reports it. */
void memory_init(const struct boot_info *bi);

#endif
