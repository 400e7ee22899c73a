/* SPDX-License-Identifier: MIT */
#ifndef TG_CORE_MEMORY_H
#define TG_CORE_MEMORY_H

#include "lib/bootinfo.h"
#include "lib/pmm.h"

/* The frames Tollgate may hand out: the identity-mapped low 4 GiB. */
extern struct pmm phys_mem;

/* Builds the frame allocator from the loader's memory map and reports it. */
void memory_init(const struct boot_info *bi);

#define PAGE_SET_MAX 8

/* The pages of one guest's control structures, given back together. */
struct page_set {
	unsigned int count;
	uint64_t pa[PAGE_SET_MAX];
};

/*
 * The identity map as a phys_map_fn (lib/bootinfo.h): [addr, addr + len)
 * as a pointer if it lies below 4 GiB, else NULL.
 */
const void *phys_map_low(void *ctx, uint64_t addr, size_t len);

/*
 * The allocator, safe to call from any CPU: @count contiguous frames
 * aligned to @align_frames frames (not zeroed), or PMM_NONE; and giving
 * back @count frames from @pa.
 */
uint64_t alloc_pages_aligned(uint64_t count, uint64_t align_frames);
void free_pages(uint64_t pa, uint64_t count);

/* @count zeroed contiguous frames, or PMM_NONE. */
uint64_t alloc_zeroed_pages(unsigned int count);

/* One zeroed frame, remembered in @set; PMM_NONE when out of either. */
uint64_t page_set_alloc(struct page_set *set);

/* Gives back every frame of @set. */
void page_set_free(struct page_set *set);

struct pt_format;

/*
 * Nested page tables (NPT or EPT, by @f) that map guest-physical
 * [0, @size) onto host-physical @hpa and nothing else, their pages taken
 * from @set.  Returns the root, or PMM_NONE.
 */
uint64_t nested_map_ram(const struct pt_format *f, struct page_set *set,
			uint64_t hpa, uint64_t size);

#endif
