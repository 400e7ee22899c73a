/* SPDX-License-Identifier: MIT */
/*
 * The physical frame allocator: one bit per 4 KiB frame below a limit, set
 * while the frame is in use.  Every frame starts in use; the memory map's
 * available ranges are then freed and the hypervisor's own ranges (image,
 * boot information, modules, low memory) reserved again.
 */
#ifndef TG_LIB_PMM_H
#define TG_LIB_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/bootinfo.h"

#define PAGE_SIZE 4096ull
#define PMM_NONE UINT64_MAX

struct pmm {
	uint64_t *bitmap;	/* nframes bits, caller's storage */
	uint64_t nframes;	/* frames covered: [0, nframes * PAGE_SIZE) */
	uint64_t free_frames;
	uint64_t hint;		/* where the next search starts */
};

struct pmm_range {
	uint64_t base;
	uint64_t len;
};

/* Covers @nframes frames using @bitmap ((nframes + 63) / 64 words), all in use. */
void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t nframes);

/* Frees the whole frames inside [base, base + len); the rest is clipped. */
void pmm_add_free(struct pmm *p, uint64_t base, uint64_t len);

/* Marks every frame touching [base, base + len) as in use. */
void pmm_reserve(struct pmm *p, uint64_t base, uint64_t len);

/*
 * Frees the available ranges of @bi's memory map, then reserves @res (the
 * caller's own ranges) and the boot information's table and modules.
 */
void pmm_init_from_boot(struct pmm *p, const struct boot_info *bi,
			const struct pmm_range *res, size_t nres);

/* One frame's physical address, or PMM_NONE when memory is exhausted. */
uint64_t pmm_alloc(struct pmm *p);

/*
 * @count contiguous frames whose first address is a multiple of
 * @align_frames frames (0 or 1: any), or PMM_NONE.
 */
uint64_t pmm_alloc_contig(struct pmm *p, uint64_t count, uint64_t align_frames);

/* Returns a frame; false (and no change) if it was not allocated or is out of range. */
bool pmm_free(struct pmm *p, uint64_t addr);

#endif
