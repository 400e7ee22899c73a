/* SPDX-License-Identifier: MIT */
/* Long-mode start tables for a Linux guest (lib/boot64.h, boot.rst). */
#include "lib/boot64.h"
#include "lib/format.h"
#include "lib/pagetable.h"
#include "lib/string.h"

/*
 * Segment descriptors (SDM Vol. 3A 3.4.5, 5.2.1): base 0, limit 0xfffff in
 * 4 KiB units (G), present, DPL 0, code or data (S), accessed already so
 * that the CPU never writes the table.  CS: execute/read, 64-bit (L, D
 * clear); DS: read/write, 32-bit default size (D/B).
 */
#define DESC_CODE64 0x00af9b000000ffffull
#define DESC_DATA 0x00cf93000000ffffull

/* The guest's own page tables: the long-mode format of SDM Vol. 3A 4.5. */
static const struct pt_format guest_format = {
	.table_flags = BOOT64_PTE_P | BOOT64_PTE_W,
	.leaf_flags = BOOT64_PTE_P | BOOT64_PTE_W | BOOT64_PTE_PS,
};

/* Table pages handed out one by one from the reserved region. */
struct region {
	uint8_t *ram;
	uint64_t next, end;
};

static uint64_t region_alloc(void *ctx)
{
	struct region *r = ctx;
	uint64_t pa = r->next;

	if (r->end - r->next < PT_PAGE_4K)
		return PT_NONE;
	r->next += PT_PAGE_4K;
	return pa;
}

static void *region_virt(void *ctx, uint64_t pa)
{
	return ((struct region *)ctx)->ram + pa;
}

/* The GDT at @gpa: boot.rst fixes the selectors, not the table's place. */
static void write_gdt(uint8_t *ram, uint64_t gpa)
{
	const uint64_t gdt[] = { 0, 0, DESC_CODE64, DESC_DATA };

	_Static_assert(sizeof(gdt) == BOOT64_GDT_LIMIT + 1, "four descriptors");
	_Static_assert(BOOT64_CS == 2 * 8 && BOOT64_DS == 3 * 8, "boot.rst");
	memcpy(ram + gpa, gdt, sizeof(gdt));
}

int boot64_build(uint8_t *ram, uint64_t ram_size, uint64_t base,
		 uint64_t end, struct boot64 *b, char *err, size_t errlen)
{
	struct region r = { ram, base + PT_PAGE_4K, end };
	uint64_t root;
	int rc;

	if ((base | end) & (PT_PAGE_4K - 1) || base >= end || end > ram_size ||
	    !ram_size || ram_size & (PT_PAGE_2M - 1)) {
		ksnprintf(err, errlen, "no room for the 64-bit start tables at "
			  "0x%llx-0x%llx in %llu KiB of RAM",
			  (unsigned long long)base, (unsigned long long)end,
			  (unsigned long long)(ram_size >> 10));
		return -1;
	}
	root = pt_new_root(&guest_format, region_alloc, region_virt, &r);
	rc = root == PT_NONE ? -PT_ENOMEM :
	     pt_map_2m(&guest_format, root, 0, 0, ram_size, region_alloc,
		       region_virt, &r);
	if (rc) {
		ksnprintf(err, errlen, "the page tables for %llu MiB of RAM do "
			  "not fit in 0x%llx-0x%llx: %s",
			  (unsigned long long)(ram_size >> 20),
			  (unsigned long long)base, (unsigned long long)end,
			  pt_strerror(rc));
		return -1;
	}
	write_gdt(ram, base);
	*b = (struct boot64){ root, base, BOOT64_GDT_LIMIT };
	return 0;
}
