/* SPDX-License-Identifier: MIT */
/*
 * Nested page-table builder.  Levels are numbered as the walk meets them:
 * 4 = PML4, 3 = PDPT, 2 = PD (whose entries map 2 MiB pages).  An entry is
 * zero (empty), a table entry (table_flags plus a page address) or a leaf
 * (leaf_flags plus a 2 MiB-aligned address); anything else was not written
 * here and is reported rather than guessed at.
 */
#include <stdbool.h>

#include "lib/pagetable.h"
#include "lib/string.h"

#define LEVEL_SHIFT(level) (12 + 9 * ((level) - 1))

/* The index of @gpa's entry in a level-@level table. */
static unsigned int pt_index(uint64_t gpa, int level)
{
	return (gpa >> LEVEL_SHIFT(level)) & (PT_ENTRIES - 1);
}

/* True if the format can be told apart from addresses and from itself. */
static bool format_ok(const struct pt_format *f)
{
	uint64_t low = ~PT_ADDR_MASK;

	return f->table_flags && !(f->table_flags & ~low) &&
	       !(f->table_flags & PT_PS) && (f->leaf_flags & PT_PS) &&
	       !(f->leaf_flags & ~low);
}

/* True if @e is exactly a table entry of format @f. */
static bool is_table(const struct pt_format *f, uint64_t e)
{
	return (e & ~PT_ADDR_MASK) == f->table_flags;
}

/* True if @e is exactly a 2 MiB leaf of format @f. */
static bool is_leaf(const struct pt_format *f, uint64_t e)
{
	return (e & ~PT_ADDR_MASK) == f->leaf_flags &&
	       !(e & PT_ADDR_MASK & (PT_PAGE_2M - 1));
}

/* The 512 entries of the table page at @pa. */
static uint64_t *table_at(pt_phys_to_virt_fn phys_to_virt, void *ctx,
			  uint64_t pa)
{
	return phys_to_virt(ctx, pa);
}

/* True if @pa can be a table page: 4 KiB aligned and addressable. */
static bool page_ok(uint64_t pa)
{
	return pa != PT_NONE && !(pa & (PT_PAGE_4K - 1)) && pa < PT_HPA_LIMIT;
}

/* A table page from @alloc, cleared: its address, or PT_NONE. */
static uint64_t new_table(pt_alloc_fn alloc, pt_phys_to_virt_fn phys_to_virt,
			  void *ctx)
{
	uint64_t pa = alloc(ctx);

	if (!page_ok(pa))
		return PT_NONE;
	memset(table_at(phys_to_virt, ctx, pa), 0, PT_PAGE_4K);
	return pa;
}

uint64_t pt_new_root(const struct pt_format *f, pt_alloc_fn alloc,
		     pt_phys_to_virt_fn phys_to_virt, void *ctx)
{
	if (!format_ok(f))
		return PT_NONE;
	return new_table(alloc, phys_to_virt, ctx);
}

/*
 * The next-level table that entry @e points to, allocated and linked in
 * when @e is empty.  Sets *@next; returns 0 or a negated pt_error.
 */
static int next_table(const struct pt_format *f, uint64_t *e, uint64_t *next,
		      pt_alloc_fn alloc, pt_phys_to_virt_fn phys_to_virt,
		      void *ctx)
{
	uint64_t pa;

	if (is_table(f, *e)) {
		*next = *e & PT_ADDR_MASK;
		return 0;
	}
	if (is_leaf(f, *e))
		return -PT_EEXIST;
	if (*e)
		return -PT_EBADENT;
	pa = new_table(alloc, phys_to_virt, ctx);
	if (pa == PT_NONE)
		return -PT_ENOMEM;
	*e = pa | f->table_flags;
	*next = pa;
	return 0;
}

/* Maps the one 2 MiB page at @gpa to @hpa, allocating tables on the way. */
static int map_one(const struct pt_format *f, uint64_t root_pa, uint64_t gpa,
		   uint64_t hpa, pt_alloc_fn alloc,
		   pt_phys_to_virt_fn phys_to_virt, void *ctx)
{
	uint64_t table = root_pa, *e;

	for (int level = 4; level > 2; level--) {
		int rc;

		e = &table_at(phys_to_virt, ctx, table)[pt_index(gpa, level)];
		rc = next_table(f, e, &table, alloc, phys_to_virt, ctx);
		if (rc)
			return rc;
	}
	e = &table_at(phys_to_virt, ctx, table)[pt_index(gpa, 2)];
	if (is_leaf(f, *e) || is_table(f, *e))
		return -PT_EEXIST;
	if (*e)
		return -PT_EBADENT;
	*e = hpa | f->leaf_flags;
	return 0;
}

/* True if the range arguments of pt_map_2m() are acceptable. */
static bool range_ok(uint64_t root_pa, uint64_t gpa, uint64_t hpa,
		     uint64_t size)
{
	uint64_t align = PT_PAGE_2M - 1;

	if ((gpa | hpa | size) & align || !page_ok(root_pa))
		return false;
	return gpa <= PT_GPA_LIMIT && size <= PT_GPA_LIMIT - gpa &&
	       hpa <= PT_HPA_LIMIT && size <= PT_HPA_LIMIT - hpa;
}

int pt_map_2m(const struct pt_format *f, uint64_t root_pa, uint64_t gpa,
	      uint64_t hpa, uint64_t size, pt_alloc_fn alloc,
	      pt_phys_to_virt_fn phys_to_virt, void *ctx)
{
	if (!format_ok(f) || !range_ok(root_pa, gpa, hpa, size))
		return -PT_EINVAL;
	for (uint64_t off = 0; off < size; off += PT_PAGE_2M) {
		int rc = map_one(f, root_pa, gpa + off, hpa + off, alloc,
				 phys_to_virt, ctx);

		if (rc)
			return rc;
	}
	return 0;
}

int pt_translate(const struct pt_format *f, uint64_t root_pa, uint64_t gpa,
		 uint64_t *hpa, pt_phys_to_virt_fn phys_to_virt, void *ctx)
{
	uint64_t table = root_pa, e;
	int level;

	if (!format_ok(f) || !page_ok(root_pa) || gpa >= PT_GPA_LIMIT)
		return -PT_EINVAL;
	for (level = 4; level > 2; level--) {
		e = table_at(phys_to_virt, ctx, table)[pt_index(gpa, level)];
		if (!e)
			return -PT_ENOENT;
		if (!is_table(f, e))
			return -PT_EBADENT;
		table = e & PT_ADDR_MASK;
	}
	e = table_at(phys_to_virt, ctx, table)[pt_index(gpa, 2)];
	if (!e)
		return -PT_ENOENT;
	if (!is_leaf(f, e))
		return -PT_EBADENT;
	*hpa = (e & PT_ADDR_MASK) | (gpa & (PT_PAGE_2M - 1));
	return 0;
}

const char *pt_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "no error";
	case PT_EINVAL:
		return "address or size not 2 MiB aligned, out of range, or a bad entry format";
	case PT_ENOMEM:
		return "out of memory for page tables, or the allocator returned an unaligned page";
	case PT_EEXIST:
		return "part of the range is mapped already";
	case PT_ENOENT:
		return "not mapped";
	case PT_EBADENT:
		return "a page-table entry of an unknown form";
	default:
		return "unknown page-table error";
	}
}
