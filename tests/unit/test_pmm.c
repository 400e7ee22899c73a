/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/pmm.c, the physical frame allocator.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_pmm.c lib/pmm.c -lcmocka -o /tmp/test_pmm && /tmp/test_pmm
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/pmm.h"

#define MAX_FRAMES 4096		/* 16 MiB */
#define KIB 1024ull
#define MIB (1024ull * KIB)
#define FRAME(n) ((uint64_t)(n) * PAGE_SIZE)

static uint64_t bitmap[MAX_FRAMES / 64];
static struct pmm pmm;
static struct boot_info bi;

static void setup(uint64_t nframes)
{
	memset(bitmap, 0x5a, sizeof(bitmap));
	pmm_init(&pmm, bitmap, nframes);
}

static bool used(uint64_t frame)
{
	return bitmap[frame / 64] >> (frame % 64) & 1;
}

/* free_frames must always equal the clear bits below nframes. */
static void check_count(void)
{
	uint64_t n = 0;

	for (uint64_t f = 0; f < pmm.nframes; f++)
		n += !used(f);
	assert_int_equal(pmm.free_frames, n);
}

static void test_init_all_used(void **state)
{
	(void)state;
	setup(1000);
	assert_int_equal(pmm.nframes, 1000);
	assert_int_equal(pmm.free_frames, 0);
	for (size_t w = 0; w < (1000 + 63) / 64; w++)
		assert_int_equal(bitmap[w], UINT64_MAX);
	assert_int_equal(pmm_alloc(&pmm), PMM_NONE);
	assert_int_equal(pmm_alloc_contig(&pmm, 1, 1), PMM_NONE);
}

static void test_round_trip(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, FRAME(16), FRAME(4));
	assert_int_equal(pmm.free_frames, 4);
	assert_int_equal(pmm_alloc(&pmm), FRAME(16));
	assert_int_equal(pmm_alloc(&pmm), FRAME(17));
	assert_int_equal(pmm.free_frames, 2);
	assert_true(used(16) && used(17) && !used(18));
	assert_true(pmm_free(&pmm, FRAME(16)));
	assert_int_equal(pmm.free_frames, 3);
	/* Lowest free first: the frame just returned comes back. */
	assert_int_equal(pmm_alloc(&pmm), FRAME(16));
	assert_int_equal(pmm_alloc(&pmm), FRAME(18));
	check_count();
}

static void test_exhaustion(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, FRAME(5), FRAME(3));
	assert_int_equal(pmm_alloc(&pmm), FRAME(5));
	assert_int_equal(pmm_alloc(&pmm), FRAME(6));
	assert_int_equal(pmm_alloc(&pmm), FRAME(7));
	assert_int_equal(pmm_alloc(&pmm), PMM_NONE);
	assert_int_equal(pmm.free_frames, 0);
	assert_true(pmm_free(&pmm, FRAME(6)));
	assert_int_equal(pmm_alloc(&pmm), FRAME(6));
	assert_int_equal(pmm_alloc(&pmm), PMM_NONE);
	check_count();
}

static void test_free_rejects(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, FRAME(10), FRAME(2));
	assert_int_equal(pmm_alloc(&pmm), FRAME(10));
	assert_true(pmm_free(&pmm, FRAME(10)));
	assert_false(pmm_free(&pmm, FRAME(10)));	/* double free */
	assert_false(pmm_free(&pmm, FRAME(11)));	/* never allocated */
	assert_false(pmm_free(&pmm, FRAME(10) + 8));	/* unaligned */
	assert_false(pmm_free(&pmm, FRAME(1000)));	/* past the end */
	assert_false(pmm_free(&pmm, PMM_NONE));
	assert_int_equal(pmm.free_frames, 2);
	check_count();
}

static void test_contig_align(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, FRAME(1), FRAME(63));	/* frames 1..63 */
	assert_int_equal(pmm_alloc_contig(&pmm, 4, 8), FRAME(8));
	assert_int_equal(pmm_alloc_contig(&pmm, 4, 8), FRAME(16));
	assert_int_equal(pmm_alloc_contig(&pmm, 1, 0), FRAME(1));
	assert_int_equal(pmm_alloc_contig(&pmm, 3, 1), FRAME(2));
	/* 16 aligned on 16: 16..31 holds 16..19, so 32..47, then 48..63. */
	assert_int_equal(pmm_alloc_contig(&pmm, 16, 16), FRAME(32));
	assert_int_equal(pmm_alloc_contig(&pmm, 16, 16), FRAME(48));
	assert_int_equal(pmm_alloc_contig(&pmm, 16, 16), PMM_NONE);
	/* Free are 5..7, 12..15, 20..31: a run of 5 is at 20. */
	assert_int_equal(pmm_alloc_contig(&pmm, 5, 0), FRAME(20));
	assert_int_equal(pmm_alloc_contig(&pmm, 8, 0), PMM_NONE);
	assert_int_equal(pmm_alloc_contig(&pmm, 0, 0), PMM_NONE);
	assert_int_equal(pmm_alloc_contig(&pmm, 2, UINT64_MAX), PMM_NONE);
	check_count();
	for (uint64_t f = 32; f < 64; f++)
		assert_true(pmm_free(&pmm, FRAME(f)));
	check_count();
}

static void test_contig_across_words(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, FRAME(60), FRAME(70));	/* frames 60..129 */
	pmm_reserve(&pmm, FRAME(62), 1);
	assert_int_equal(pmm_alloc_contig(&pmm, 66, 0), FRAME(63));
	assert_int_equal(pmm_alloc_contig(&pmm, 2, 0), FRAME(60));
	assert_int_equal(pmm.free_frames, 1);
	assert_int_equal(pmm_alloc(&pmm), FRAME(129));
	check_count();
}

static void test_reserve_overlap(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, 0, 64 * KIB);			/* 16 frames */
	pmm_reserve(&pmm, 0x3800, 0x1000);	/* touches frames 3 and 4 */
	assert_int_equal(pmm.free_frames, 14);
	assert_true(used(3) && used(4) && !used(2) && !used(5));
	pmm_reserve(&pmm, 0x3000, 0x3000);	/* 3, 4 again and 5 */
	assert_int_equal(pmm.free_frames, 13);
	pmm_reserve(&pmm, 0x8000, 0);		/* empty: nothing */
	assert_int_equal(pmm.free_frames, 13);
	pmm_reserve(&pmm, 0xf000, 0x100000);	/* 15 and beyond the free */
	assert_int_equal(pmm.free_frames, 12);
	check_count();
	/* Freeing what is already free does not count twice. */
	pmm_add_free(&pmm, 0, 8 * KIB);
	assert_int_equal(pmm.free_frames, 12);
	check_count();
}

static void test_add_free_unaligned(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, 0x1800, 0x3000);	/* [0x1800, 0x4800): 2, 3 */
	assert_int_equal(pmm.free_frames, 2);
	assert_true(!used(2) && !used(3) && used(1) && used(4));
	pmm_add_free(&pmm, 0x5001, 0xfff);	/* no whole frame */
	pmm_add_free(&pmm, 0x6800, 0x1000);	/* straddles 6 and 7 */
	assert_int_equal(pmm.free_frames, 2);
	check_count();
}

static void test_clip_above_limit(void **state)
{
	uint64_t a;

	(void)state;
	setup(1000);				/* not a multiple of 64 */
	pmm_add_free(&pmm, 0, 1ull << 40);
	assert_int_equal(pmm.free_frames, 1000);
	pmm_add_free(&pmm, FRAME(2000), FRAME(10));
	pmm_add_free(&pmm, UINT64_MAX - 100, 1000);	/* wraps */
	assert_int_equal(pmm.free_frames, 1000);
	pmm_reserve(&pmm, UINT64_MAX - 10, 100);
	pmm_reserve(&pmm, FRAME(999), UINT64_MAX);	/* wraps */
	assert_int_equal(pmm.free_frames, 999);
	/* The bits past the last frame are never handed out. */
	for (uint64_t i = 0; i < 999; i++) {
		a = pmm_alloc(&pmm);
		assert_int_equal(a, FRAME(i));
	}
	assert_int_equal(pmm_alloc(&pmm), PMM_NONE);
	assert_int_equal(bitmap[15], UINT64_MAX);
	check_count();
}

/* The search starts at the hint and wraps round once. */
static void test_hint_wraps(void **state)
{
	(void)state;
	setup(1000);
	pmm_add_free(&pmm, FRAME(2), FRAME(4));
	pmm.hint = 900;
	assert_int_equal(pmm_alloc(&pmm), FRAME(2));
	pmm.hint = 900;
	assert_int_equal(pmm_alloc_contig(&pmm, 2, 2), FRAME(4));
	pmm.hint = 5000;			/* out of range: from 0 */
	assert_int_equal(pmm_alloc(&pmm), FRAME(3));
	check_count();
}

static void add_range(uint64_t base, uint64_t len, uint32_t type)
{
	bi.mmap[bi.mmap_count++] = (struct boot_mem_range){
		.base = base, .len = len, .type = type,
	};
}

static void test_init_from_boot(void **state)
{
	const struct pmm_range res[] = {
		{ 2 * MIB, 1 * MIB },		/* the image: 256 frames */
		{ 3 * MIB, 0x200 },		/* the bitmap: 1 frame */
	};

	(void)state;
	memset(&bi, 0, sizeof(bi));
	add_range(0, 0x9fc00, BOOT_MEM_AVAILABLE);
	add_range(0x9fc00, 0x400, BOOT_MEM_RESERVED);
	add_range(0xf0000, 0x10000, BOOT_MEM_RESERVED);
	add_range(1 * MIB, 14 * MIB, BOOT_MEM_AVAILABLE);
	/* Past the 16 MiB covered: clipped to 256 frames. */
	add_range(15 * MIB, 17 * MIB, BOOT_MEM_AVAILABLE);
	/* Overlaps available memory: the reserved claim wins. */
	add_range(16 * MIB - 0x2000, 0x1000, BOOT_MEM_ACPI_RECLAIMABLE);
	bi.table_start = 4 * MIB;
	bi.table_end = 4 * MIB + 0x100;		/* 1 frame */
	bi.module_count = 2;
	bi.modules[0] = (struct boot_module){
		.start = 5 * MIB, .end = 5 * MIB + 0x1001,
	};
	bi.modules[1] = (struct boot_module){
		.start = 6 * MIB, .end = 6 * MIB,
	};

	setup(MAX_FRAMES);
	pmm_init_from_boot(&pmm, &bi, res, 2);
	/* 3840 frames from 1 MiB to 16 MiB, less 1 + 256 + 1 + 1 + 2. */
	assert_int_equal(pmm.free_frames, 3840 - 261);
	check_count();
	for (uint64_t f = 0; f < 256; f++)
		assert_true(used(f));
	assert_true(used(512) && used(767) && used(768) && !used(769));
	assert_true(used(1024) && !used(1025));
	assert_true(used(1280) && used(1281) && !used(1282));
	assert_true(!used(1536));
	assert_true(used(4094) && !used(4093) && !used(4095));
	assert_int_equal(pmm_alloc(&pmm), 1 * MIB);
}

/* With no map at all nothing is free, whatever is reserved. */
static void test_init_from_boot_empty(void **state)
{
	(void)state;
	memset(&bi, 0, sizeof(bi));
	setup(MAX_FRAMES);
	pmm_init_from_boot(&pmm, &bi, NULL, 0);
	assert_int_equal(pmm.free_frames, 0);
	assert_int_equal(pmm_alloc(&pmm), PMM_NONE);
}

static uint32_t rng_state = 99;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* The lowest start of @n free frames aligned on @al in @model, or -1. */
static int64_t model_run(const bool *model, int64_t nframes, int64_t n,
			 int64_t al)
{
	for (int64_t s = 0; s + n <= nframes; s += al ? al : 1) {
		int64_t f = s;

		while (f < s + n && !model[f])
			f++;
		if (f == s + n)
			return s;
	}
	return -1;
}

/*
 * Random operations against a one-bool-per-frame model of the rules,
 * including "lowest free first" for both kinds of allocation.
 */
static void test_random_model(void **state)
{
	enum { N = 777 };
	static bool model[N];
	uint64_t base, len, a, n, al;

	(void)state;
	setup(N);
	for (int f = 0; f < N; f++)
		model[f] = true;
	for (int op = 0; op < 20000; op++) {
		base = rng() % (N + 20) * PAGE_SIZE + (rng() % 3 ? 0 : rng() % 4096);
		len = rng() % (40 * PAGE_SIZE);
		switch (rng() % 5) {
		case 0:
			pmm_add_free(&pmm, base, len);
			for (uint64_t f = (base + 4095) / 4096;
			     f < (base + len) / 4096 && f < N; f++)
				model[f] = false;
			break;
		case 1:
			pmm_reserve(&pmm, base, len / 4);
			for (uint64_t f = base / 4096; len / 4 &&
			     f < (base + len / 4 + 4095) / 4096 && f < N; f++)
				model[f] = true;
			break;
		case 2:
			a = pmm_alloc(&pmm);
			assert_int_equal(a == PMM_NONE ? -1 : (int64_t)(a / 4096),
					 model_run(model, N, 1, 1));
			if (a != PMM_NONE) {
				assert_false(model[a / 4096]);
				model[a / 4096] = true;
			}
			break;
		case 3:
			a = base & ~(PAGE_SIZE - 1);
			assert_int_equal(pmm_free(&pmm, a),
					 a / 4096 < N && model[a / 4096]);
			if (a / 4096 < N)
				model[a / 4096] = false;
			break;
		default:
			n = 1 + rng() % 8;
			al = rng() % 4;
			a = pmm_alloc_contig(&pmm, n, al);
			assert_int_equal(a == PMM_NONE ? -1 : (int64_t)(a / 4096),
					 model_run(model, N, n, al));
			if (a == PMM_NONE)
				break;
			assert_int_equal(a / 4096 % (al ? al : 1), 0);
			for (uint64_t f = a / 4096; f < a / 4096 + n; f++) {
				assert_false(model[f]);
				model[f] = true;
			}
			break;
		}
		for (int f = 0; f < N; f++)
			assert_int_equal(used(f), model[f]);
		check_count();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_all_used),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_free_rejects),
		cmocka_unit_test(test_contig_align),
		cmocka_unit_test(test_contig_across_words),
		cmocka_unit_test(test_reserve_overlap),
		cmocka_unit_test(test_add_free_unaligned),
		cmocka_unit_test(test_clip_above_limit),
		cmocka_unit_test(test_hint_wraps),
		cmocka_unit_test(test_init_from_boot),
		cmocka_unit_test(test_init_from_boot_empty),
		cmocka_unit_test(test_random_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
