/* SPDX-License-Identifier: MIT */
/*
 * lib/mbkernel.c: Multiboot 1 kernels as guests (Multiboot Specification
 * 0.6.96, 3.1 the header, 3.3 the information structure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/mbkernel.h"

#define RAM (4u << 20)
#define LOAD 0x100000u

static uint8_t img[16384];
static uint8_t ram[RAM];
static char err[160];

static void put(size_t off, uint32_t w)
{
	memcpy(img + off, &w, 4);
}

/* A header at @off with @flags and, for a.out, the image at LOAD. */
static void make(size_t off, uint32_t flags)
{
	memset(img, 0x90, sizeof(img));
	put(off, MBK_HEADER_MAGIC);
	put(off + 4, flags);
	put(off + 8, -(MBK_HEADER_MAGIC + flags));
	put(off + 12, LOAD + (uint32_t)off);	/* header_addr */
	put(off + 16, LOAD);			/* load_addr */
	put(off + 20, LOAD + 8192);		/* load_end_addr */
	put(off + 24, LOAD + 12288);		/* bss_end_addr */
	put(off + 28, LOAD + 64);		/* entry_addr */
}

static void finds_headers(void **state)
{
	struct mbk_header h;

	(void)state;
	make(64, MBK_FLAG_MEMORY);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(h.offset, 64);
	assert_false(h.tollgate_abi);
	make(0, 0);
	put(12, MBK_TOLLGATE_ABI);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_true(h.tollgate_abi);
	/* Past 8 KiB, or not 32-bit aligned, it is not looked for. */
	make(8192, 0);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), 0);
	memset(img, 0, sizeof(img));
	put(2, MBK_HEADER_MAGIC);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), 0);
	assert_int_equal(mbk_find(img, 0, &h, err, sizeof(err)), 0);
}

static void refuses_bad_headers(void **state)
{
	struct mbk_header h;

	(void)state;
	make(0, 0);
	put(8, 0);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "checksum"));
	make(0, MBK_FLAG_VIDEO);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "video"));
	make(0, 1u << 7);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), -1);
	/* a.out fields past the file, or a header cut short. */
	make(0, MBK_FLAG_AOUT);
	put(20, LOAD + 0x100000);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), -1);
	make(0, MBK_FLAG_AOUT);
	assert_int_equal(mbk_find(img, 20, &h, err, sizeof(err)), -1);
	/* Optional bits 16-31 other than a.out are ignored. */
	make(0, 1u << 20);
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), 1);
}

static void loads_aout(void **state)
{
	struct mbk_header h;
	uint64_t entry = 0;

	(void)state;
	make(32, MBK_FLAG_AOUT | MBK_FLAG_MEMORY);
	img[100] = 0xab;
	memset(ram, 0xcc, sizeof(ram));
	assert_int_equal(mbk_find(img, sizeof(img), &h, err, sizeof(err)), 1);
	assert_int_equal(mbk_load_aout(&h, img, sizeof(img), ram, RAM, &entry,
				       err, sizeof(err)), 0);
	assert_int_equal(entry, LOAD + 64);
	assert_int_equal(ram[LOAD + 100], 0xab);
	assert_int_equal(ram[LOAD + 8191], 0x90);
	assert_int_equal(ram[LOAD + 8192], 0);		/* bss */
	assert_int_equal(ram[LOAD + 12287], 0);
	assert_int_equal(ram[LOAD + 12288], 0xcc);	/* untouched */
	/* Too big for the RAM, or over the information page. */
	assert_int_equal(mbk_load_aout(&h, img, sizeof(img), ram, LOAD + 4096,
				       &entry, err, sizeof(err)), -1);
	h.load_addr = 0x8000;
	h.header_addr = 0x8000 + 32;
	assert_int_equal(mbk_load_aout(&h, img, sizeof(img), ram, RAM, &entry,
				       err, sizeof(err)), -1);
}

static uint32_t ram_word(uint32_t gpa)
{
	uint32_t w;

	memcpy(&w, ram + gpa, 4);
	return w;
}

static void writes_info(void **state)
{
	uint32_t info, mmap, len;
	uint64_t base, size;

	(void)state;
	info = mbk_write_info(ram, RAM, "ticks=50 hz=100");
	assert_int_equal(info, MBK_INFO_GPA);
	assert_int_equal(ram_word(info) & 0x245, 0x245);	/* 0, 2, 6, 9 */
	assert_int_equal(ram_word(info + 4), 0x9f000 >> 10);
	assert_int_equal(ram_word(info + 8), (RAM - 0x100000) >> 10);
	assert_string_equal((char *)ram + ram_word(info + 16),
			    "ticks=50 hz=100");
	assert_string_equal((char *)ram + ram_word(info + 64), "Tollgate");
	len = ram_word(info + 44);
	mmap = ram_word(info + 48);
	assert_int_equal(len, 3 * 24);
	assert_int_equal(ram_word(mmap), 20);
	memcpy(&base, ram + mmap + 2 * 24 + 4, 8);
	memcpy(&size, ram + mmap + 2 * 24 + 12, 8);
	assert_int_equal(base, 0x100000);
	assert_int_equal(size, RAM - 0x100000);
	assert_int_equal(ram_word(mmap + 24 + 20), 2);	/* reserved */
	assert_true(ram_word(info + 16) < MBK_INFO_GPA + MBK_INFO_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_headers),
		cmocka_unit_test(refuses_bad_headers),
		cmocka_unit_test(loads_aout),
		cmocka_unit_test(writes_info),
	};

	return cmocka_run_group_tests_name("mbkernel", tests, NULL, NULL);
}
