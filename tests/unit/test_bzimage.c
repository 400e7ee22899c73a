/* SPDX-License-Identifier: MIT */
/*
 * lib/bzimage.c: the Linux x86 boot protocol (Documentation/arch/x86/
 * boot.rst): the setup header checked, the kernel, initrd, command line and
 * boot_params placed, and the bad images refused with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/bzimage.h"

#define RAM (64u << 20)
#define SETUP_SECTS 4
#define PM_OFFSET ((SETUP_SECTS + 1) * 512)
#define IMG_LEN (PM_OFFSET + 8192)

static uint8_t img[IMG_LEN];
static uint8_t ram[RAM];
static uint8_t initrd[3 * 4096 + 5];
static char err[160];

static void put16(size_t off, uint16_t v)
{
	memcpy(img + off, &v, 2);
}

static void put32(size_t off, uint32_t v)
{
	memcpy(img + off, &v, 4);
}

static uint32_t ram32(uint32_t gpa)
{
	uint32_t v;

	memcpy(&v, ram + gpa, 4);
	return v;
}

/* A bzImage of protocol 2.15 whose kernel needs 16 MiB. */
static void make(void)
{
	memset(img, 0, sizeof(img));
	img[0x1f1] = SETUP_SECTS;
	put16(0x1fe, 0xaa55);
	img[0x201] = 0x6a;		/* the header runs to 0x26c */
	put32(0x202, 0x53726448);	/* "HdrS" */
	put16(0x206, 0x020f);
	put32(0x1f4, 8192 / 16);	/* syssize: the whole kernel */
	img[0x211] = 0x01;		/* LOADED_HIGH */
	put32(0x22c, 0x7fffffff);	/* initrd_addr_max */
	put32(0x238, 2047);		/* cmdline_size */
	put32(0x260, 16u << 20);	/* init_size */
	memset(img + PM_OFFSET, 0xab, 8192);
	memset(initrd, 0xcd, sizeof(initrd));
}

static void parses(void **state)
{
	struct bz_header h;

	(void)state;
	make();
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(h.version, 0x020f);
	assert_int_equal(h.pm_offset, PM_OFFSET);
	assert_int_equal(h.pm_len, 8192);
	img[0x1f1] = 0;			/* 0 means 4 */
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(h.setup_sects, 4);
	/* Not Linux at all: an ELF, or a file shorter than the header. */
	assert_int_equal(bz_parse((const uint8_t *)"\x7f" "ELF", 4, &h, err,
				  sizeof(err)), 0);
	put32(0x202, 0);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 0);
}

static void refuses(void **state)
{
	struct bz_header h;

	(void)state;
	make();
	put16(0x206, 0x020b);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "2.11 is older than 2.12"));
	make();
	img[0x211] = 0;
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "loaded low"));
	make();
	assert_int_equal(bz_parse(img, 0x230, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cut short"));
	assert_int_equal(bz_parse(img, PM_OFFSET, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cut short"));
	/* Cut inside the kernel, by one paragraph: syssize says so. */
	assert_int_equal(bz_parse(img, sizeof(img) - 16, &h, err,
				  sizeof(err)), -1);
	assert_non_null(strstr(err, "8176 bytes of kernel, its header says "
				    "8192"));
	assert_int_equal(bz_parse(img, sizeof(img) - 15, &h, err,
				  sizeof(err)), -1);
	put16(0x1fe, 0);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), -1);
}

static void loads(void **state)
{
	struct bz_header h;
	struct bz_entry e;
	uint32_t params = BZ_PARAMS_GPA, initrd_gpa;

	(void)state;
	make();
	memset(ram, 0xee, sizeof(ram));
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(bz_load(&h, img, initrd, sizeof(initrd), "console=ttyS0",
				 ram, RAM, &e, err, sizeof(err)), 0);
	assert_false(e.long_mode);	/* no XLF_KERNEL_64: code32_start */
	assert_int_equal(e.rip, 0x100000);
	assert_int_equal(e.esi, params);
	assert_int_equal(ram[0x100000], 0xab);
	assert_int_equal(ram[0x100000 + 8191], 0xab);
	/* The header copied, the loader's fields set. */
	assert_int_equal(ram32(params + 0x202), 0x53726448);
	assert_int_equal(ram[params + 0x210], 0xff);
	assert_string_equal((char *)ram + ram32(params + 0x228), "console=ttyS0");
	/* The initrd: page-aligned, as high as the RAM allows, whole. */
	initrd_gpa = ram32(params + 0x218);
	assert_int_equal(initrd_gpa, e.initrd_gpa);
	assert_int_equal(initrd_gpa % 4096, 0);
	assert_true(initrd_gpa + sizeof(initrd) <= RAM);
	assert_true(initrd_gpa + sizeof(initrd) + 4096 > RAM);
	assert_int_equal(ram32(params + 0x21c), sizeof(initrd));
	assert_int_equal(ram[initrd_gpa + sizeof(initrd) - 1], 0xcd);
	/* E820: RAM, the BIOS hole, RAM from 1 MiB. */
	assert_int_equal(ram[params + 0x1e8], 3);
	assert_int_equal(ram32(params + 0x2d0 + 2 * 20 + 16), 1);
	assert_int_equal(ram32(params + 0x2d0 + 1 * 20 + 16), 2);
}

/*
 * XLF_KERNEL_64: the 64-bit entry, 0x200 past the kernel's start, with the
 * GDT and page tables in the E820 map's reserved hole below 1 MiB.
 */
static void enters_at_64_bit_entry(void **state)
{
	struct bz_header h;
	struct bz_entry e;
	uint32_t params = BZ_PARAMS_GPA, hole = params + 0x2d0 + 20;
	uint64_t hole_start, hole_len;

	(void)state;
	make();
	put16(0x236, 0x0001);		/* XLF_KERNEL_64 */
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(bz_load(&h, img, initrd, sizeof(initrd), "quiet", ram,
				 RAM, &e, err, sizeof(err)), 0);
	assert_true(e.long_mode);
	assert_int_equal(e.rip, 0x100200);
	assert_int_equal(e.esi, params);
	memcpy(&hole_start, ram + hole, 8);
	memcpy(&hole_len, ram + hole + 8, 8);
	assert_int_equal(ram32(hole + 16), 2);		/* reserved */
	assert_true(e.tables.gdt_base >= hole_start);
	assert_true(e.tables.cr3 >= hole_start);
	assert_true(e.tables.cr3 + 4 * 4096 <= hole_start + hole_len);
	assert_int_equal(e.tables.gdt_limit, 0x1f);
	/* The kernel, boot_params, the command line and initrd mapped. */
	assert_true(e.initrd_gpa + sizeof(initrd) <= RAM);
}

/*
 * A relocatable kernel runs at its load address rounded up to
 * kernel_alignment, never below pref_address, and needs init_size from
 * there: Debian's asks for 16 MiB + 64 MiB although loaded at 1 MiB.
 */
static void counts_from_where_it_runs(void **state)
{
	struct bz_header h;
	struct bz_entry e;

	(void)state;
	make();
	put32(0x230, 2u << 20);		/* kernel_alignment */
	img[0x234] = 1;			/* relocatable_kernel */
	put32(0x258, 16u << 20);	/* pref_address */
	put32(0x25c, 0);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(h.run_start, 16u << 20);
	assert_int_equal(bz_load(&h, img, NULL, 0, "", ram, 31u << 20, &e,
				 err, sizeof(err)), -1);
	assert_non_null(strstr(err, "needs 16384 KiB from 0x1000000"));
	assert_int_equal(bz_load(&h, img, NULL, 0, "", ram, 32u << 20, &e,
				 err, sizeof(err)), 0);
	/* The initrd above the whole of it, or refused. */
	assert_int_equal(bz_load(&h, img, initrd, sizeof(initrd), "", ram,
				 32u << 20, &e, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "initrd"));
	assert_int_equal(bz_load(&h, img, initrd, sizeof(initrd), "", ram,
				 RAM, &e, err, sizeof(err)), 0);
	assert_true(e.initrd_gpa >= 32u << 20);
	/* Below pref_address the alignment decides; a bad one is ignored. */
	put32(0x258, 0);
	put32(0x230, 4u << 20);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(h.run_start, 4u << 20);
	put32(0x230, 3u << 20);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(h.run_start, 1u << 20);
	/* A pref_address past any RAM is refused, not wrapped around. */
	put32(0x258, 0xfffff000);
	put32(0x25c, 0xffffffff);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(bz_load(&h, img, NULL, 0, "", ram, RAM, &e, err,
				 sizeof(err)), -1);
}

static void refuses_what_does_not_fit(void **state)
{
	static uint8_t big[60u << 20];
	struct bz_header h;
	struct bz_entry e;
	char cmd[2100];

	(void)state;
	make();
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	/* init_size past the RAM. */
	assert_int_equal(bz_load(&h, img, NULL, 0, "", ram, 16u << 20, &e,
				 err, sizeof(err)), -1);
	assert_non_null(strstr(err, "needs"));
	/* An initrd that cannot sit above the kernel's reach. */
	assert_int_equal(bz_load(&h, img, big, sizeof(big), "", ram, RAM, &e,
				 err, sizeof(err)), -1);
	assert_non_null(strstr(err, "initrd"));
	/* initrd_addr_max below the kernel's end. */
	put32(0x22c, 0x00ffffff);
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(bz_load(&h, img, initrd, sizeof(initrd), "", ram, RAM,
				 &e, err, sizeof(err)), -1);
	/* A command line longer than the kernel takes. */
	make();
	assert_int_equal(bz_parse(img, sizeof(img), &h, err, sizeof(err)), 1);
	memset(cmd, 'x', sizeof(cmd) - 1);
	cmd[sizeof(cmd) - 1] = 0;
	assert_int_equal(bz_load(&h, img, NULL, 0, cmd, ram, RAM, &e, err,
				 sizeof(err)), -1);
	assert_non_null(strstr(err, "command line"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses),
		cmocka_unit_test(refuses),
		cmocka_unit_test(loads),
		cmocka_unit_test(enters_at_64_bit_entry),
		cmocka_unit_test(counts_from_where_it_runs),
		cmocka_unit_test(refuses_what_does_not_fit),
	};

	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
