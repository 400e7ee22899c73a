/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/pagetable.c, the nested page-table builder.  Table
 * pages come from a pool that pretends to live at host-physical POOL_PA and
 * hands them out dirty (the builder clears them); the tests check both the
 * translations and the raw entries written.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_pagetable.c lib/pagetable.c -lcmocka -o /tmp/test_pagetable && /tmp/test_pagetable
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/pagetable.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)
#define POOL_PAGES 16
#define POOL_PA 0x7f000000ull	/* where the pool pretends to be */
#define HPA 0x40000000ull

struct pool {
	unsigned int used;	/* pages handed out */
	unsigned int limit;	/* allocations allowed before PT_NONE */
	uint64_t bias;		/* added to the address handed out */
	unsigned int virt_calls;
};

static _Alignas(4096) uint64_t pages[POOL_PAGES][PT_ENTRIES];
static struct pool pool;
static const struct pt_format npt = PT_FORMAT_NPT;
static const struct pt_format ept = PT_FORMAT_EPT;

/* Hands out the next page, full of junk, or PT_NONE past the limit. */
static uint64_t pool_alloc(void *ctx)
{
	struct pool *p = ctx;

	if (p->used >= p->limit || p->used >= POOL_PAGES)
		return PT_NONE;
	memset(pages[p->used], 0x5a, sizeof(pages[0]));
	return POOL_PA + PT_PAGE_4K * p->used++ + p->bias;
}

/* The pool page at @pa; any other address is a test failure. */
static void *pool_virt(void *ctx, uint64_t pa)
{
	struct pool *p = ctx;
	uint64_t i = (pa - POOL_PA) / PT_PAGE_4K;

	assert_true(pa >= POOL_PA && pa % PT_PAGE_4K == 0);
	assert_true(i < p->used);
	p->virt_calls++;
	return pages[i];
}

/* A fresh pool allowing @limit pages, and a new root from it. */
static uint64_t setup(unsigned int limit)
{
	uint64_t root;

	memset(pages, 0xa5, sizeof(pages));
	pool = (struct pool){ .limit = limit };
	root = pt_new_root(&npt, pool_alloc, pool_virt, &pool);
	if (limit)
		assert_true(root == POOL_PA);
	return root;
}

static int map(const struct pt_format *f, uint64_t root, uint64_t gpa,
	       uint64_t hpa, uint64_t size)
{
	return pt_map_2m(f, root, gpa, hpa, size, pool_alloc, pool_virt, &pool);
}

/* Where @gpa is mapped; fails the test if it is not. */
static uint64_t xlate(const struct pt_format *f, uint64_t root, uint64_t gpa)
{
	uint64_t hpa = 0;

	assert_int_equal(pt_translate(f, root, gpa, &hpa, pool_virt, &pool), 0);
	return hpa;
}

static int xlate_rc(const struct pt_format *f, uint64_t root, uint64_t gpa)
{
	uint64_t hpa = 0x1234;
	int rc = pt_translate(f, root, gpa, &hpa, pool_virt, &pool);

	assert_true(hpa == 0x1234);	/* untouched on failure */
	return rc;
}

static void test_format_values(void **state)
{
	(void)state;
	assert_true(npt.table_flags == 0x7);
	assert_true(npt.leaf_flags == 0x87);
	assert_true(ept.table_flags == 0x7);
	assert_true(ept.leaf_flags == (0x7 | 0x80 | (6 << 3)));
	assert_true(ept.leaf_flags == 0xb7);
}

/* 4 MiB at 0 -> 0x40000000 with NPT: 3 pages, and the exact entries. */
static void test_map_4m_npt(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, 0, HPA, 4 * MIB), 0);
	assert_int_equal(pool.used, 3);		/* PML4, PDPT, PD */
	assert_true(pages[0][0] == ((POOL_PA + 0x1000) | 0x7));
	assert_true(pages[1][0] == ((POOL_PA + 0x2000) | 0x7));
	assert_true(pages[2][0] == (0x40000000 | 0x87));
	assert_true(pages[2][1] == (0x40200000 | 0x87));
	assert_true(pages[2][2] == 0);
	for (int i = 1; i < PT_ENTRIES; i++)
		assert_true(pages[0][i] == 0 && pages[1][i] == 0);

	assert_true(xlate(&npt, root, 0) == 0x40000000);
	assert_true(xlate(&npt, root, 0x1234) == 0x40001234);
	assert_true(xlate(&npt, root, 0x1fffff) == 0x401fffff);
	assert_true(xlate(&npt, root, 0x200000) == 0x40200000);
	assert_true(xlate(&npt, root, 0x3fffff) == 0x403fffff);
}

static void test_map_4m_ept(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&ept, root, 0, HPA, 4 * MIB), 0);
	assert_int_equal(pool.used, 3);
	assert_true(pages[0][0] == ((POOL_PA + 0x1000) | 0x7));
	assert_true(pages[1][0] == ((POOL_PA + 0x2000) | 0x7));
	assert_true(pages[2][0] == (0x40000000 | 0xb7));
	assert_true(pages[2][1] == (0x40200000 | 0xb7));
	assert_true(xlate(&ept, root, 0x2abcde) == 0x402abcde);
	/* Tables of one format are not read as the other. */
	assert_int_equal(xlate_rc(&npt, root, 0), -PT_EBADENT);
}

static void test_unmapped_addresses_fail(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, 0, HPA, 4 * MIB), 0);
	/* Empty at the PD, the PDPT and the PML4 in turn. */
	assert_int_equal(xlate_rc(&npt, root, 4 * MIB), -PT_ENOENT);
	assert_int_equal(xlate_rc(&npt, root, GIB), -PT_ENOENT);
	assert_int_equal(xlate_rc(&npt, root, 512 * GIB), -PT_ENOENT);
	assert_int_equal(xlate_rc(&npt, root, 1ull << 48), -PT_EINVAL);
	/* An empty root maps nothing. */
	root = setup(POOL_PAGES);
	assert_int_equal(xlate_rc(&npt, root, 0), -PT_ENOENT);
}

/* Later calls reuse the tables earlier ones made. */
static void test_levels_allocated_once(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, 0, HPA, 2 * MIB), 0);
	assert_int_equal(pool.used, 3);
	assert_int_equal(map(&npt, root, 4 * MIB, HPA + 4 * MIB, 2 * MIB), 0);
	assert_int_equal(pool.used, 3);		/* same PD */
	assert_int_equal(map(&npt, root, GIB, 2 * GIB, 2 * MIB), 0);
	assert_int_equal(pool.used, 4);		/* a second PD */
	assert_int_equal(map(&npt, root, 512 * GIB, 3 * GIB, 2 * MIB), 0);
	assert_int_equal(pool.used, 6);		/* a second PDPT and its PD */
	assert_true(xlate(&npt, root, 4 * MIB + 5) == HPA + 4 * MIB + 5);
	assert_true(xlate(&npt, root, GIB + 0x10) == 2 * GIB + 0x10);
	assert_true(xlate(&npt, root, 512 * GIB + 0x1fffff) ==
		    3 * GIB + 0x1fffff);
	assert_int_equal(xlate_rc(&npt, root, 2 * MIB), -PT_ENOENT);
}

/* [1 GiB - 2 MiB, 1 GiB + 2 MiB) spans two page directories. */
static void test_1g_boundary(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, GIB - 2 * MIB, 2 * GIB, 4 * MIB), 0);
	assert_int_equal(pool.used, 4);		/* PML4, PDPT, two PDs */
	assert_true(pages[1][0] == ((POOL_PA + 0x2000) | 0x7));
	assert_true(pages[1][1] == ((POOL_PA + 0x3000) | 0x7));
	assert_true(pages[2][511] == (0x80000000 | 0x87));
	assert_true(pages[3][0] == (0x80200000 | 0x87));
	assert_true(xlate(&npt, root, GIB - 1) == 0x801fffff);
	assert_true(xlate(&npt, root, GIB) == 0x80200000);
	assert_int_equal(xlate_rc(&npt, root, GIB - 2 * MIB - 1), -PT_ENOENT);
	assert_int_equal(xlate_rc(&npt, root, GIB + 2 * MIB), -PT_ENOENT);
}

/* [512 GiB - 2 MiB, 512 GiB + 2 MiB) spans two PDPTs. */
static void test_512g_boundary(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&ept, root, 512 * GIB - 2 * MIB, HPA, 4 * MIB), 0);
	assert_int_equal(pool.used, 5);
	assert_true(pages[0][0] != 0 && pages[0][1] != 0);
	assert_true(xlate(&ept, root, 512 * GIB - 1) == HPA + 2 * MIB - 1);
	assert_true(xlate(&ept, root, 512 * GIB) == HPA + 2 * MIB);
}

/* The top of the 48-bit guest-physical space, and a large mapping. */
static void test_ranges(void **state)
{
	uint64_t top = (1ull << 48) - 2 * MIB;
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, top, HPA, 2 * MIB), 0);
	assert_true(pages[0][511] != 0);
	assert_true(xlate(&npt, root, (1ull << 48) - 1) == HPA + 2 * MIB - 1);
	root = setup(POOL_PAGES);
	assert_int_equal(map(&npt, root, 0, 4 * GIB, 2 * GIB), 0);
	assert_int_equal(pool.used, 4);
	assert_true(xlate(&npt, root, 0x7fffffff) == 4 * GIB + 0x7fffffff);
	assert_true(xlate(&npt, root, 0x43210987) == 4 * GIB + 0x43210987);
	assert_int_equal(xlate_rc(&npt, root, 2 * GIB), -PT_ENOENT);
	/* Size 0 maps nothing and allocates nothing. */
	assert_int_equal(map(&npt, root, 8 * GIB, HPA, 0), 0);
	assert_int_equal(pool.used, 4);
}

static void test_alloc_failure(void **state)
{
	uint64_t root;

	(void)state;
	assert_true(setup(0) == PT_NONE);
	root = setup(2);			/* root and a PDPT, no PD */
	assert_int_equal(map(&npt, root, 0, HPA, 2 * MIB), -PT_ENOMEM);
	assert_int_equal(pool.used, 2);
	assert_int_equal(xlate_rc(&npt, root, 0), -PT_ENOENT);
	/* With one more page, the same call completes the walk. */
	pool.limit = 3;
	assert_int_equal(map(&npt, root, 0, HPA, 2 * MIB), 0);
	assert_int_equal(pool.used, 3);
	assert_true(xlate(&npt, root, 0x10) == HPA + 0x10);
	/* A mapping that runs out half way keeps what it mapped. */
	assert_int_equal(map(&npt, root, GIB - 2 * MIB, HPA, 4 * MIB),
			 -PT_ENOMEM);
	assert_true(xlate(&npt, root, GIB - 1) == HPA + 2 * MIB - 1);
	assert_int_equal(xlate_rc(&npt, root, GIB), -PT_ENOENT);
}

/* An allocator handing out unaligned pages is refused, not trusted. */
static void test_unaligned_alloc(void **state)
{
	uint64_t root;

	(void)state;
	pool = (struct pool){ .limit = POOL_PAGES, .bias = 8 };
	assert_true(pt_new_root(&npt, pool_alloc, pool_virt, &pool) == PT_NONE);
	assert_int_equal(pool.virt_calls, 0);	/* never written */
	root = setup(POOL_PAGES);
	pool.bias = 8;
	assert_int_equal(map(&npt, root, 0, HPA, 2 * MIB), -PT_ENOMEM);
	assert_true(pages[0][0] == 0);
}

/* The root is cleared, and a malformed format gets no root at all. */
static void test_new_root(void **state)
{
	struct pt_format no_ps = { .table_flags = 0x7, .leaf_flags = 0x7 };
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	for (int i = 0; i < PT_ENTRIES; i++)
		assert_true(pages[0][i] == 0);
	assert_true(pages[1][0] == 0xa5a5a5a5a5a5a5a5ull);	/* not taken */
	assert_true(pt_new_root(&ept, pool_alloc, pool_virt, &pool) ==
		    POOL_PA + 0x1000);
	assert_true(pt_new_root(&no_ps, pool_alloc, pool_virt, &pool) ==
		    PT_NONE);
	assert_int_equal(pool.used, 2);		/* nothing taken for it */
	assert_true(root == POOL_PA);
}

static void test_bad_arguments(void **state)
{
	struct pt_format no_ps = { .table_flags = 0x7, .leaf_flags = 0x7 };
	struct pt_format addr_bits = { .table_flags = 0x7 | 0x1000,
				       .leaf_flags = 0x87 };
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, 0x1000, HPA, 2 * MIB), -PT_EINVAL);
	assert_int_equal(map(&npt, root, 0, HPA + MIB, 2 * MIB), -PT_EINVAL);
	assert_int_equal(map(&npt, root, 0, HPA, MIB), -PT_EINVAL);
	assert_int_equal(map(&npt, root, (1ull << 48) - 2 * MIB, HPA, 4 * MIB),
			 -PT_EINVAL);
	assert_int_equal(map(&npt, root, 0, (1ull << 52) - 2 * MIB, 4 * MIB),
			 -PT_EINVAL);
	assert_int_equal(map(&npt, root, 0, HPA, UINT64_MAX & ~(2 * MIB - 1)),
			 -PT_EINVAL);
	assert_int_equal(map(&npt, root + 8, 0, HPA, 2 * MIB), -PT_EINVAL);
	assert_int_equal(map(&no_ps, root, 0, HPA, 2 * MIB), -PT_EINVAL);
	assert_int_equal(map(&addr_bits, root, 0, HPA, 2 * MIB), -PT_EINVAL);
	assert_int_equal(pool.used, 1);		/* nothing allocated */
	assert_true(pages[0][0] == 0);
}

/* Mapping over an existing mapping fails and leaves it alone. */
static void test_already_mapped(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, 0, HPA, 4 * MIB), 0);
	assert_int_equal(map(&npt, root, 2 * MIB, 2 * GIB, 4 * MIB),
			 -PT_EEXIST);
	assert_true(xlate(&npt, root, 2 * MIB) == HPA + 2 * MIB);
	assert_int_equal(pool.used, 3);
}

/* Entries this code did not write are reported, never followed. */
static void test_foreign_entries(void **state)
{
	uint64_t root = setup(POOL_PAGES);

	(void)state;
	assert_int_equal(map(&npt, root, 0, HPA, 2 * MIB), 0);
	pages[2][1] = 0x12345000 | 0x3;		/* a PDE without U, PS */
	assert_int_equal(map(&npt, root, 2 * MIB, HPA, 2 * MIB), -PT_EBADENT);
	assert_int_equal(xlate_rc(&npt, root, 2 * MIB), -PT_EBADENT);
	pages[2][2] = 0x40100000 | 0x87;	/* a leaf off 2 MiB */
	assert_int_equal(xlate_rc(&npt, root, 4 * MIB), -PT_EBADENT);
	pages[1][1] = 0x40000000 | 0x87;	/* a 1 GiB page */
	assert_int_equal(map(&npt, root, GIB, HPA, 2 * MIB), -PT_EEXIST);
	assert_int_equal(xlate_rc(&npt, root, GIB), -PT_EBADENT);
	pages[0][1] = 0x5000 | 0x5;		/* a PML4E without W */
	assert_int_equal(map(&npt, root, 512 * GIB, HPA, 2 * MIB), -PT_EBADENT);
	assert_int_equal(pool.used, 3);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(pt_strerror(0), "no error");
	assert_string_equal(pt_strerror(-PT_ENOENT), "not mapped");
	assert_string_equal(pt_strerror(PT_ENOENT), "not mapped");
	assert_non_null(strstr(pt_strerror(-PT_ENOMEM), "out of memory"));
	assert_non_null(strstr(pt_strerror(-PT_EINVAL), "2 MiB aligned"));
	assert_non_null(strstr(pt_strerror(-PT_EEXIST), "mapped already"));
	assert_non_null(strstr(pt_strerror(-PT_EBADENT), "unknown form"));
	assert_string_equal(pt_strerror(-99), "unknown page-table error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_values),
		cmocka_unit_test(test_map_4m_npt),
		cmocka_unit_test(test_map_4m_ept),
		cmocka_unit_test(test_unmapped_addresses_fail),
		cmocka_unit_test(test_levels_allocated_once),
		cmocka_unit_test(test_1g_boundary),
		cmocka_unit_test(test_512g_boundary),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_unaligned_alloc),
		cmocka_unit_test(test_new_root),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_already_mapped),
		cmocka_unit_test(test_foreign_entries),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
