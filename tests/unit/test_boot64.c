/* SPDX-License-Identifier: MIT */
/*
 * lib/boot64.c: the GDT and identity page tables of Linux's 64-bit boot
 * protocol, built in a buffer standing for the guest's RAM, read back by
 * an independent decoding of the descriptors (SDM Vol. 3A 3.4.5) and by
 * walking the tables (pt_translate).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/boot64.h"
#include "lib/pagetable.h"

#define BASE 0x9f000u
#define END 0x100000u
#define RAM_MAX (3ull << 30)

static uint8_t *ram;
static char err[160];

static const struct pt_format guest_format = {
	.table_flags = BOOT64_PTE_P | BOOT64_PTE_W,
	.leaf_flags = BOOT64_PTE_P | BOOT64_PTE_W | BOOT64_PTE_PS,
};

static void *virt(void *ctx, uint64_t pa)
{
	(void)ctx;
	return ram + pa;
}

static uint64_t desc(const struct boot64 *b, unsigned int sel)
{
	uint64_t d;

	memcpy(&d, ram + b->gdt_base + sel, 8);
	return d;
}

/* A descriptor's fields (SDM 3.4.5, Figure 3-8). */
struct seg {
	uint32_t base, limit;
	unsigned int type, s, dpl, p, l, db, g;
};

static struct seg decode(uint64_t d)
{
	return (struct seg){
		.base = (uint32_t)(((d >> 16) & 0xffffff) | ((d >> 56) << 24)),
		.limit = (uint32_t)((d & 0xffff) | (((d >> 48) & 0xf) << 16)),
		.type = (d >> 40) & 0xf, .s = (d >> 44) & 1,
		.dpl = (d >> 45) & 3, .p = (d >> 47) & 1, .l = (d >> 53) & 1,
		.db = (d >> 54) & 1, .g = (d >> 55) & 1,
	};
}

static int setup(void **state)
{
	(void)state;
	ram = calloc(1, RAM_MAX);
	return ram ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* __BOOT_CS and __BOOT_DS: flat 4 GiB, CS 64-bit execute/read, DS r/w. */
static void gdt_as_boot_rst_asks(void **state)
{
	struct boot64 b;
	struct seg cs, ds;

	(void)state;
	assert_int_equal(boot64_build(ram, 64u << 20, BASE, END, &b, err,
				      sizeof(err)), 0);
	assert_int_equal(b.gdt_base, BASE);
	assert_int_equal(b.gdt_limit, 0x1f);
	assert_int_equal(desc(&b, 0), 0);
	cs = decode(desc(&b, BOOT64_CS));
	ds = decode(desc(&b, BOOT64_DS));
	assert_int_equal(cs.base, 0);
	assert_int_equal(cs.limit, 0xfffff);
	assert_true(cs.g && cs.p && cs.s && cs.l && !cs.db && cs.dpl == 0);
	assert_int_equal(cs.type & 0xa, 0xa);	/* code, readable */
	assert_int_equal(ds.base, 0);
	assert_int_equal(ds.limit, 0xfffff);
	assert_true(ds.g && ds.p && ds.s && !ds.l && ds.db && ds.dpl == 0);
	assert_int_equal(ds.type & 0xa, 0x2);	/* data, writable */
}

/* Every 2 MiB of the RAM maps to itself; nothing past it is mapped. */
static void identity_maps_the_ram(void **state)
{
	const uint64_t sizes[] = { 2u << 20, 64u << 20, 1ull << 30,
				   (1ull << 30) + (2u << 20), RAM_MAX };
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t size = sizes[i], gpa, hpa;
		struct boot64 b;

		memset(ram, 0xee, END);
		assert_int_equal(boot64_build(ram, size, BASE, END, &b, err,
					      sizeof(err)), 0);
		assert_true(b.cr3 >= BASE && b.cr3 < END && !(b.cr3 & 0xfff));
		assert_true(b.cr3 != b.gdt_base);
		for (gpa = 0; gpa < size; gpa += 2u << 20) {
			assert_int_equal(pt_translate(&guest_format, b.cr3,
						      gpa + 0x1234, &hpa, virt,
						      NULL), 0);
			assert_int_equal(hpa, gpa + 0x1234);
		}
		assert_int_equal(pt_translate(&guest_format, b.cr3, size, &hpa,
					      virt, NULL), -PT_ENOENT);
		/* Below the region and above it, the RAM is untouched. */
		assert_int_equal(ram[BASE - 1], 0xee);
	}
}

/* The tables stay inside [base, end): what does not fit is refused. */
static void refuses_what_does_not_fit(void **state)
{
	struct boot64 b;

	(void)state;
	/* GDT, PML4, PDPT and one PD: four pages; three are too few. */
	assert_int_equal(boot64_build(ram, 64u << 20, BASE, BASE + 0x3000, &b,
				      err, sizeof(err)), -1);
	assert_non_null(strstr(err, "do not fit"));
	assert_int_equal(boot64_build(ram, 64u << 20, BASE, BASE + 0x4000, &b,
				      err, sizeof(err)), 0);
	/* 3 GiB needs three PDs: six pages, and writes none past five. */
	memset(ram + BASE + 0x5000, 0x5a, 0x1000);
	assert_int_equal(boot64_build(ram, RAM_MAX, BASE, BASE + 0x5000, &b,
				      err, sizeof(err)), -1);
	assert_int_equal(ram[BASE + 0x5000], 0x5a);
	/* RAM that is not whole 2 MiB pages, a region past it, misaligned. */
	assert_int_equal(boot64_build(ram, (2u << 20) + 4096, BASE, END, &b,
				      err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no room"));
	assert_int_equal(boot64_build(ram, 2u << 20, 0x1ff000, 0x201000, &b,
				      err, sizeof(err)), -1);
	assert_int_equal(boot64_build(ram, 64u << 20, BASE + 8, END, &b, err,
				      sizeof(err)), -1);
	assert_int_equal(boot64_build(ram, 64u << 20, END, BASE, &b, err,
				      sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gdt_as_boot_rst_asks),
		cmocka_unit_test(identity_maps_the_ram),
		cmocka_unit_test(refuses_what_does_not_fit),
	};

	return cmocka_run_group_tests_name("boot64", tests, setup, teardown);
}
