/* SPDX-License-Identifier: MIT */
/*
 * Nested paging structures: 4-level x86-64 tables that map guest-physical
 * addresses to host-physical ones with 2 MiB pages, for AMD's nested page
 * tables (NPT) and Intel's extended page tables (EPT).  The two differ only
 * in the low bits of an entry, so the caller passes the entry format.
 *
 * NPT entries are ordinary long-mode page-table entries (APM Vol. 2 15.25.5,
 * and 5.3 for the format); EPT entries are described in SDM Vol. 3C 29.3.2
 * and their memory type in 29.3.7.
 *
 * Table pages come from the caller (@alloc: one 4 KiB page, its
 * host-physical address) and are cleared and written through @phys_to_virt,
 * so the same code runs in the hypervisor (identity map) and in host tests
 * (a buffer).
 */
#ifndef TG_LIB_PAGETABLE_H
#define TG_LIB_PAGETABLE_H

#include <stdint.h>

#define PT_PAGE_4K 0x1000ull
#define PT_PAGE_2M 0x200000ull
#define PT_ENTRIES 512
#define PT_GPA_LIMIT (1ull << 48)	/* 4 levels translate 48 bits */
#define PT_HPA_LIMIT (1ull << 52)	/* the architectural MAXPHYADDR limit */
#define PT_ADDR_MASK 0x000ffffffffff000ull	/* bits 51:12 of an entry */
#define PT_NONE UINT64_MAX		/* @alloc is out of pages */

/* NPT: APM Vol. 2 5.3 (long-mode page-table entries). */
#define NPT_P (1ull << 0)
#define NPT_W (1ull << 1)
#define NPT_U (1ull << 2)	/* nested walks are user accesses: 15.25.5 */
#define NPT_PS (1ull << 7)

/* EPT: SDM Vol. 3C 29.3.2. */
#define EPT_R (1ull << 0)
#define EPT_W (1ull << 1)
#define EPT_X (1ull << 2)
#define EPT_MEMTYPE_SHIFT 3	/* bits 5:3 of a leaf: SDM 29.3.7 */
#define EPT_MEMTYPE_WB 6ull
#define EPT_PS (1ull << 7)

/* Bit 7 is "page size" in a PDE of both formats. */
#define PT_PS (1ull << 7)

/* The low bits written into every table (non-leaf) entry and 2 MiB leaf. */
struct pt_format {
	uint64_t table_flags;
	uint64_t leaf_flags;	/* must include PT_PS */
};

#define PT_FORMAT_NPT {							\
	.table_flags = NPT_P | NPT_W | NPT_U,				\
	.leaf_flags = NPT_P | NPT_W | NPT_U | NPT_PS,			\
}
#define PT_FORMAT_EPT {							\
	.table_flags = EPT_R | EPT_W | EPT_X,				\
	.leaf_flags = EPT_R | EPT_W | EPT_X | EPT_PS |			\
		      (EPT_MEMTYPE_WB << EPT_MEMTYPE_SHIFT),		\
}

/* Errors, returned negated. */
enum pt_error {
	PT_EINVAL = 1,	/* misaligned or out-of-range arguments, bad format */
	PT_ENOMEM,	/* @alloc ran out, or returned an unusable page */
	PT_EEXIST,	/* part of the range is mapped already */
	PT_ENOENT,	/* pt_translate: the address is not mapped */
	PT_EBADENT,	/* an entry this code did not write was found */
};

/* A 4 KiB page's host-physical address, or PT_NONE; it need not be zeroed. */
typedef uint64_t (*pt_alloc_fn)(void *ctx);
/* Where the hypervisor can read and write host-physical address @pa. */
typedef void *(*pt_phys_to_virt_fn)(void *ctx, uint64_t pa);

/*
 * A new, empty top-level table (PML4) for entries of format @f, from
 * @alloc; PT_NONE if @f is malformed or @alloc gives no usable page.
 */
uint64_t pt_new_root(const struct pt_format *f, pt_alloc_fn alloc,
		     pt_phys_to_virt_fn phys_to_virt, void *ctx);

/*
 * Maps guest-physical [@gpa, @gpa + @size) to host-physical [@hpa, @hpa +
 * @size) under @root_pa with 2 MiB pages; the three are multiples of 2 MiB.
 * Tables missing on the way are allocated (each once); a 2 MiB slot that is
 * mapped already is an error.  Returns 0 or a negated pt_error; on an error
 * the part mapped so far stays mapped.
 */
int pt_map_2m(const struct pt_format *f, uint64_t root_pa, uint64_t gpa,
	      uint64_t hpa, uint64_t size, pt_alloc_fn alloc,
	      pt_phys_to_virt_fn phys_to_virt, void *ctx);

/*
 * Walks the tables under @root_pa as pt_map_2m() wrote them: sets *@hpa to
 * where @gpa is mapped and returns 0, or returns a negated pt_error.
 */
int pt_translate(const struct pt_format *f, uint64_t root_pa, uint64_t gpa,
		 uint64_t *hpa, pt_phys_to_virt_fn phys_to_virt, void *ctx);

/* A pt_error (negated or not) in words. */
const char *pt_strerror(int err);

#endif
