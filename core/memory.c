/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "arch/x86/spinlock.h"
#include "core/console.h"
#include "core/memory.h"
#include "core/run.h"
#include "lib/pagetable.h"
#include "lib/string.h"

/* boot/boot.S identity-maps 4 GiB; frames above it are not reachable yet. */
#define MANAGED_FRAMES ((4ull << 30) / PAGE_SIZE)

extern const char __image_start[], __image_end[];

struct pmm phys_mem;
static uint64_t frame_bitmap[MANAGED_FRAMES / 64];
/* Every CPU creates and frees its own guests' pages: one lock for all. */
static struct spinlock pmm_lock;

const void *phys_map_low(void *ctx, uint64_t addr, size_t len)
{
	(void)ctx;
	if (addr >= MANAGED_FRAMES * PAGE_SIZE ||
	    len > MANAGED_FRAMES * PAGE_SIZE - addr)
		return NULL;
	return (const void *)(uintptr_t)addr;
}

static uint64_t available_bytes(const struct boot_info *bi)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < bi->mmap_count; i++)
		if (bi->mmap[i].type == BOOT_MEM_AVAILABLE)
			total += bi->mmap[i].len;
	return total;
}

void memory_init(const struct boot_info *bi)
{
	const struct pmm_range image = {
		(uint64_t)(uintptr_t)__image_start,
		(uint64_t)(__image_end - __image_start),
	};

	pmm_init(&phys_mem, frame_bitmap, MANAGED_FRAMES);
	if (!bi->mmap_count) {
		run_error("the boot loader gave no memory map: no memory for guests");
		return;
	}
	pmm_init_from_boot(&phys_mem, bi, &image, 1);
	kprintf("Memory: %llu MiB available in %u map entries%s; "
		"%llu MiB free below 4 GiB\n",
		(unsigned long long)(available_bytes(bi) >> 20),
		bi->mmap_count, bi->mmap_from_efi ? " (EFI map)" : "",
		(unsigned long long)(phys_mem.free_frames * PAGE_SIZE >> 20));
	if (!phys_mem.free_frames)
		run_error("no free memory below 4 GiB after the image and boot data");
}

uint64_t alloc_pages_aligned(uint64_t count, uint64_t align_frames)
{
	uint64_t pa;

	spin_lock(&pmm_lock);
	pa = pmm_alloc_contig(&phys_mem, count, align_frames);
	spin_unlock(&pmm_lock);
	return pa;
}

void free_pages(uint64_t pa, uint64_t count)
{
	spin_lock(&pmm_lock);
	while (count--) {
		pmm_free(&phys_mem, pa);
		pa += PAGE_SIZE;
	}
	spin_unlock(&pmm_lock);
}

uint64_t alloc_zeroed_pages(unsigned int count)
{
	uint64_t pa = alloc_pages_aligned(count, 1);

	if (pa != PMM_NONE)
		memset((void *)(uintptr_t)pa, 0, count * PAGE_SIZE);
	return pa;
}

uint64_t page_set_alloc(struct page_set *set)
{
	uint64_t pa;

	if (set->count == PAGE_SET_MAX)
		return PMM_NONE;
	pa = alloc_zeroed_pages(1);
	if (pa != PMM_NONE)
		set->pa[set->count++] = pa;
	return pa;
}

void page_set_free(struct page_set *set)
{
	while (set->count)
		free_pages(set->pa[--set->count], 1);
}

static uint64_t set_alloc(void *ctx)
{
	return page_set_alloc(ctx);
}

/* The hypervisor identity-maps the low 4 GiB: a frame's address is its pointer. */
static void *identity(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

uint64_t nested_map_ram(const struct pt_format *f, struct page_set *set,
			uint64_t hpa, uint64_t size)
{
	uint64_t root = pt_new_root(f, set_alloc, identity, set);

	if (root == PMM_NONE ||
	    pt_map_2m(f, root, 0, hpa, size, set_alloc, identity, set) < 0)
		return PMM_NONE;
	return root;
}
