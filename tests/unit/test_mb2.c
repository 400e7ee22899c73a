/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/mb2.c, the Multiboot2 boot information parser.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_mb2.c lib/mb2.c lib/format.c -lcmocka -o /tmp/test_mb2 && /tmp/test_mb2
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/bootinfo.h"

#include "tests/unit/mb2_build.h"

static void test_minimal(void **state)
{
	(void)state;
	begin_table();
	end_table();
	memset(&bi, 0xa5, sizeof(bi));
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.error, "");
	assert_int_equal(bi.proto, BOOT_PROTO_MULTIBOOT2);
	assert_int_equal(bi.table_start, PHYS);
	assert_int_equal(bi.table_end, PHYS + 16);
	assert_false(bi.has_cmdline || bi.has_fb || bi.uefi);
	assert_int_equal(bi.mmap_count + bi.module_count, 0);
	assert_int_equal(bi.acpi_rsdp, 0);
	assert_string_equal(bi.loader, "");
	/* 3.6.2: 'reserved' must be ignored. */
	put32(4, 0xffffffff);
	assert_int_equal(parse(), 0);
}

static void test_full_table(void **state)
{
	size_t new_rsdp, efi, off;

	(void)state;
	begin_table();
	add_string_tag(1, "tollgate.log=serial quiet");
	add_string_tag(2, "GRUB 2.12");
	add_module(0x200000, 0x201000, "guest.bin");
	add_module(0x300000, 0x300000, "empty");
	add_mmap(24, 0, 3);
	add_fb(BOOT_FB_RGB);
	add_u32_tag(11, 0x7e00);
	off = begin_tag(12);		/* the later pointer wins */
	add64(0x7f000018);
	end_tag(off);
	add_rsdp(14, 20);
	new_rsdp = add_rsdp(15, 36);
	efi = begin_efi_mmap(48);
	add_efi_desc(48, 7, 0x100000, 16);
	end_tag(efi);
	end_tag(begin_tag(42));
	end_table();

	assert_int_equal(parse(), 0);
	assert_string_equal(bi.error, "");
	assert_true(bi.has_cmdline);
	assert_string_equal(bi.cmdline, "tollgate.log=serial quiet");
	assert_string_equal(bi.loader, "GRUB 2.12");
	assert_int_equal(bi.module_count, 2);
	assert_int_equal(bi.modules[0].start, 0x200000);
	assert_int_equal(bi.modules[0].end, 0x201000);
	assert_string_equal(bi.modules[0].name, "guest.bin");
	assert_string_equal(bi.modules[1].name, "empty");
	/* Type 6 wins over the EFI map, which only marks the boot as UEFI. */
	assert_false(bi.mmap_from_efi);
	assert_int_equal(bi.mmap_count, 3);
	assert_int_equal(bi.mmap[2].base, 2ull << 20);
	assert_int_equal(bi.mmap[2].len, 3 * 4096);
	assert_int_equal(bi.mmap[2].type, 3);
	assert_true(bi.has_fb);
	assert_int_equal(bi.fb.addr, 0xfd000000);
	assert_int_equal(bi.fb.pitch, 4096);
	assert_int_equal(bi.fb.width, 1024);
	assert_int_equal(bi.fb.height, 768);
	assert_int_equal(bi.fb.bpp, 32);
	assert_int_equal(bi.fb.type, BOOT_FB_RGB);
	assert_memory_equal(&bi.fb.red_pos,
			    ((uint8_t[]){ 16, 8, 8, 8, 0, 8 }), 6);
	assert_true(bi.uefi);
	assert_int_equal(bi.efi_system_table, 0x7f000018);
	/* The 2.0 copy wins, and is pointed at inside the table. */
	assert_int_equal(bi.acpi_rsdp, PHYS + new_rsdp + 8);
	assert_int_equal(bi.acpi_rsdp_len, 36);
	assert_int_equal(bi.table_end, PHYS + tb_len);
}

/*
 * Malformed tables, one builder each, and the error each must give.  All
 * builders start from begin_table() and end with end_table() unless the
 * point is a broken end.
 */
static void bad_truncated(void)
{
	add_string_tag(1, "x");
	end_table();
	avail -= 8;
}

static void bad_total_small(void)
{
	end_table();
	put32(0, 7);
}

static void bad_avail_small(void)
{
	end_table();
	avail = 4;
}

static void bad_misaligned(void)
{
	end_table();
	phys += 4;
}

static void bad_size_zero(void)
{
	set_size(begin_tag(99), 0);
	end_table();
}

static void bad_size_four(void)
{
	add_string_tag(2, "loader");
	set_size(begin_tag(1), 4);
	end_table();
}

static void bad_header_past_end(void)
{
	end_table();
	put32(0, 12);
}

static void bad_one_byte_past_end(void)
{
	add_string_tag(1, "abc");
	end_table();
	put32(0, 8 + 11);
}

static void bad_missing_end(void)
{
	add_string_tag(1, "abc");
	put32(0, (uint32_t)tb_len);
	avail = tb_len;
}

static void bad_end_size(void)
{
	size_t off = begin_tag(0);

	add64(0);
	end_tag(off);
	put32(0, (uint32_t)tb_len);
	avail = tb_len;
}

static void bad_cmdline_no_nul(void)
{
	size_t off = begin_tag(1);

	add_bytes("abc", 3);
	end_tag(off);
	end_table();
}

static void bad_module_backwards(void)
{
	add_module(0x2000, 0x1000, "m");
	end_table();
}

static void bad_module_short(void)
{
	add_u32_tag(3, 0x1000);
	end_table();
}

static void bad_mmap_esize16(void)
{
	add_mmap(16, 0, 1);
	end_table();
}

static void bad_mmap_esize28(void)
{
	add_mmap(28, 0, 1);
	end_table();
}

static void bad_mmap_version(void)
{
	add_mmap(24, 1, 1);
	end_table();
}

static void bad_mmap_length(void)
{
	set_size(add_mmap(24, 0, 2), 16 + 24 + 8);
	end_table();
}

static void bad_fb_short(void)
{
	set_size(add_fb(BOOT_FB_INDEXED), 30);
	end_table();
}

static void bad_fb_rgb_short(void)
{
	set_size(add_fb(BOOT_FB_RGB), 36);
	end_table();
}

static void bad_efi64_short(void)
{
	add_u32_tag(12, 0x7e00);
	end_table();
}

static void bad_rsdp_short(void)
{
	add_rsdp(15, 20);
	end_table();
}

static void bad_efi_dsize(void)
{
	size_t off = begin_efi_mmap(32);

	add_efi_desc(32, 7, 0x100000, 1);
	end_tag(off);
	end_table();
}

static void bad_efi_length(void)
{
	size_t off = begin_efi_mmap(48);

	add_efi_desc(48, 7, 0x100000, 1);
	add32(0);
	end_tag(off);
	end_table();
}

static void bad_efi_wrap(void)
{
	size_t off = begin_efi_mmap(48);

	add_efi_desc(48, 7, 0x1000, 1);
	add_efi_desc(48, 7, 0xfffffffffffff000ull, 2);
	end_tag(off);
	end_table();
}

static const struct {
	void (*build)(void);
	const char *error;
} bad_tables[] = {
	{ bad_truncated, "total_size 32 is more than the 24 bytes that may be read" },
	{ bad_total_small, "total_size 7 is less than the 8-byte fixed part" },
	{ bad_avail_small, "only 4 bytes may be read, less than the 8-byte fixed part" },
	{ bad_misaligned, "table at 0x10004 is not 8-byte aligned" },
	{ bad_size_zero, "tag 99 at offset 8 has size 0, less than its 8-byte header" },
	{ bad_size_four, "tag 1 (command line) at offset 24 has size 4, less than its 8-byte header" },
	{ bad_header_past_end, "tag header at offset 8 runs past the end of the table (8 bytes > 4 left)" },
	{ bad_one_byte_past_end, "tag 1 (command line) at offset 8 runs past the end of the table (size 12 > 11 left)" },
	{ bad_missing_end, "no end tag (type 0, size 8) before the end of the table at offset 24" },
	{ bad_end_size, "tag 0 (end) at offset 8 has size 16, not 8" },
	{ bad_cmdline_no_nul, "tag 1 (command line) at offset 8 has no NUL ending its string (size 11)" },
	{ bad_module_backwards, "tag 3 (module) at offset 8 ends at 0x1000, before its start 0x2000" },
	{ bad_module_short, "tag 3 (module) at offset 8 is too short (size 12, needs 16)" },
	{ bad_mmap_esize16, "tag 6 (memory map) at offset 8 has entry_size 16, not a multiple of 8 of at least 24" },
	{ bad_mmap_esize28, "tag 6 (memory map) at offset 8 has entry_size 28, not a multiple of 8 of at least 24" },
	{ bad_mmap_version, "tag 6 (memory map) at offset 8 has entry_version 1, not 0" },
	{ bad_mmap_length, "tag 6 (memory map) at offset 8 has 32 bytes of entries, not a multiple of 24" },
	{ bad_fb_short, "tag 8 (framebuffer) at offset 8 is too short (size 30, needs 32)" },
	{ bad_fb_rgb_short, "tag 8 (framebuffer) at offset 8 is too short (size 36, needs 38)" },
	{ bad_efi64_short, "tag 12 (EFI64 system table) at offset 8 is too short (size 12, needs 16)" },
	{ bad_rsdp_short, "tag 15 (ACPI new RSDP) at offset 8 is too short (size 28, needs 44)" },
	{ bad_efi_dsize, "tag 17 (EFI memory map) at offset 8 has descriptor_size 32, less than 40" },
	{ bad_efi_length, "tag 17 (EFI memory map) at offset 8 has 52 bytes of descriptors, not a multiple of 48" },
	{ bad_efi_wrap, "tag 17 (EFI memory map) at offset 8 descriptor 1: 2 pages at 0xfffffffffffff000 go past 2^64" },
};

static void test_malformed(void **state)
{
	char want[BOOT_ERROR_LEN + 16];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_tables) / sizeof(bad_tables[0]); i++) {
		begin_table();
		bad_tables[i].build();
		snprintf(want, sizeof(want), "multiboot2: %s",
			 bad_tables[i].error);
		assert_int_equal(parse(), -1);
		assert_string_equal(bi.error, want);
	}
}

/* The example of the brief: the tags before the bad one are kept. */
static void test_tag_past_end(void **state)
{
	size_t off;

	(void)state;
	begin_table();
	add_string_tag(1, "0123456789abcdef0123456789abcde");
	off = add_mmap(24, 0, 2);
	assert_int_equal(off, 48);
	fill_to(0, 400);
	set_size(off, 400);
	put32(0, 400);
	avail = 400;
	assert_int_equal(parse(), -1);
	assert_string_equal(bi.error, "multiboot2: tag 6 (memory map) at offset 48 runs past the end of the table (size 400 > 352 left)");
	assert_true(bi.has_cmdline);
	assert_int_equal(bi.mmap_count, 0);
}

/* The host copy may sit anywhere: reads must not assume its alignment. */
static void test_unaligned_host_buffer(void **state)
{
	static uint8_t copy[TB_MAX + 1];

	(void)state;
	begin_table();
	add_mmap(24, 0, 2);
	add_fb(BOOT_FB_RGB);
	end_table();
	memcpy(copy + 1, tb, tb_len);
	assert_int_equal(mb2_parse(copy + 1, PHYS, tb_len, &bi), 0);
	assert_int_equal(bi.mmap_count, 2);
	assert_int_equal(bi.mmap[1].base, 1ull << 20);
	assert_int_equal(bi.fb.addr, 0xfd000000);
}

/*
 * Legal layouts a loader may use: sizes that are not multiples of 8 (the
 * next tag is padded), longer map entries (3.6.8), EGA text without
 * color_info, and tags this parser has no use for.
 */
static void test_legal_variants(void **state)
{
	size_t off;

	(void)state;
	begin_table();
	add_string_tag(1, "abcd");		/* size 13, next at 24 */
	assert_int_equal(tb_len, 24);
	add_string_tag(2, "L");			/* size 10, next at 40 */
	add_mmap(32, 0, 3);
	add_fb(BOOT_FB_EGA_TEXT);
	off = begin_tag(4);			/* basic meminfo: not needed */
	add32(639);
	add32(65536);
	end_tag(off);
	off = begin_tag(0x1234);		/* from some future spec */
	add_bytes("abcdefghijk", 11);
	end_tag(off);
	add_module(0x1000, 0x2000, "after");
	end_table();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cmdline, "abcd");
	assert_string_equal(bi.loader, "L");
	assert_int_equal(bi.mmap_count, 3);
	assert_int_equal(bi.mmap[1].base, 1ull << 20);
	assert_int_equal(bi.mmap[1].len, 8192);
	assert_int_equal(bi.mmap[1].type, 2);
	assert_true(bi.has_fb);
	assert_int_equal(bi.fb.type, BOOT_FB_EGA_TEXT);
	assert_int_equal(bi.fb.red_size, 0);
	assert_string_equal(bi.modules[0].name, "after");
}

static void test_string_lengths(void **state)
{
	static char line[1501];

	(void)state;
	memset(line, 'a', 1500);
	begin_table();
	add_string_tag(1, line);
	end_table();
	assert_int_equal(parse(), -1);
	assert_string_equal(bi.error,
		"multiboot2: command line is 1500 bytes, more than 1023");
	assert_false(bi.has_cmdline);
	assert_string_equal(bi.cmdline, "");

	line[1023] = '\0';
	begin_table();
	add_string_tag(1, line);
	add_string_tag(2, line);	/* the loader's name is cut short */
	end_table();
	assert_int_equal(parse(), 0);
	assert_true(bi.has_cmdline);
	assert_int_equal(strlen(bi.cmdline), 1023);
	assert_int_equal(strlen(bi.loader), sizeof(bi.loader) - 1);
}

/* Past each limit the first entries are kept, and it is an error. */
static void test_limits(void **state)
{
	size_t off;

	(void)state;
	begin_table();
	for (uint32_t i = 0; i <= BOOT_MAX_MODULES; i++)
		add_module(i << 20, (i << 20) + 100, "m");
	end_table();
	assert_int_equal(parse(), -1);
	assert_string_equal(bi.error, "multiboot2: tag 3 (module) at offset 392 is one module more than the 16 kept");
	assert_int_equal(bi.module_count, BOOT_MAX_MODULES);
	assert_int_equal(bi.modules[15].start, 15u << 20);

	begin_table();
	add_mmap(24, 0, BOOT_MAX_MMAP + 1);
	end_table();
	assert_int_equal(parse(), -1);
	assert_string_equal(bi.error, "multiboot2: tag 6 (memory map) at offset 8 has 129 entries, more than the 128 kept");
	assert_int_equal(bi.mmap_count, BOOT_MAX_MMAP);
	assert_int_equal(bi.mmap[127].base, 127ull << 20);

	begin_table();
	off = begin_efi_mmap(48);
	for (uint64_t i = 0; i <= BOOT_MAX_MMAP; i++)	/* types alternate */
		add_efi_desc(48, i % 2 ? 7 : 0, i << 12, 1);
	end_tag(off);
	end_table();
	assert_int_equal(parse(), -1);
	assert_string_equal(bi.error, "multiboot2: tag 17 (EFI memory map) at offset 8 has more ranges than the 128 kept");
	assert_int_equal(bi.mmap_count, BOOT_MAX_MMAP);
	assert_true(bi.mmap_from_efi);
}

static void test_efi_mmap_only(void **state)
{
	size_t off;

	(void)state;
	begin_table();
	off = begin_efi_mmap(48);
	add_efi_desc(48, 3, 0x0, 1);		/* BootServicesCode */
	add_efi_desc(48, 7, 0x1000, 0x9e);	/* Conventional: merged */
	add_efi_desc(48, 0, 0x9f000, 1);	/* Reserved */
	add_efi_desc(48, 7, 0x100000, 0);	/* empty: dropped */
	add_efi_desc(48, 9, 0x100000, 2);	/* ACPIReclaim */
	add_efi_desc(48, 10, 0x102000, 2);	/* ACPINVS */
	add_efi_desc(48, 8, 0x104000, 1);	/* Unusable */
	add_efi_desc(48, 11, 0x105000, 1);	/* MMIO */
	add_efi_desc(48, 1, 0x200000, 4);	/* LoaderCode */
	add_efi_desc(48, 2, 0x204000, 4);	/* LoaderData: merged */
	add_efi_desc(48, 4, 0x300000, 1);	/* not adjacent: apart */
	end_tag(off);
	end_table();

	assert_int_equal(parse(), 0);
	assert_true(bi.uefi);
	assert_true(bi.mmap_from_efi);
	assert_int_equal(bi.mmap_count, 8);
	assert_int_equal(bi.mmap[0].base, 0);
	assert_int_equal(bi.mmap[0].len, 0x9f000);
	assert_int_equal(bi.mmap[0].type, BOOT_MEM_AVAILABLE);
	assert_int_equal(bi.mmap[1].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.mmap[2].type, BOOT_MEM_ACPI_RECLAIMABLE);
	assert_int_equal(bi.mmap[2].len, 0x2000);
	assert_int_equal(bi.mmap[3].type, BOOT_MEM_NVS);
	assert_int_equal(bi.mmap[4].type, BOOT_MEM_BADRAM);
	assert_int_equal(bi.mmap[5].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.mmap[6].base, 0x200000);
	assert_int_equal(bi.mmap[6].len, 0x8000);
	assert_int_equal(bi.mmap[7].base, 0x300000);
}

/* A type-6 map replaces an EFI map that came first, too. */
static void test_efi_then_mmap(void **state)
{
	size_t off;

	(void)state;
	begin_table();
	off = begin_efi_mmap(40);
	add_efi_desc(40, 7, 0x100000, 1);
	end_tag(off);
	add_mmap(24, 0, 2);
	end_table();
	assert_int_equal(parse(), 0);
	assert_true(bi.uefi);
	assert_false(bi.mmap_from_efi);
	assert_int_equal(bi.mmap_count, 2);
	assert_int_equal(bi.mmap[1].base, 1ull << 20);
}

static void test_efi32_and_rsdp(void **state)
{
	size_t new_off;

	(void)state;
	begin_table();
	add_u32_tag(11, 0x7e00);
	/* The 2.0 RSDP wins even when the 1.0 one comes after it. */
	new_off = add_rsdp(15, 36);
	add_rsdp(14, 20);
	end_table();
	assert_int_equal(parse(), 0);
	assert_true(bi.uefi);
	assert_int_equal(bi.efi_system_table, 0x7e00);
	assert_int_equal(bi.acpi_rsdp, PHYS + new_off + 8);
	assert_int_equal(bi.acpi_rsdp_len, 36);

	begin_table();
	add_rsdp(14, 20);
	end_table();
	assert_int_equal(parse(), 0);
	assert_false(bi.uefi);
	assert_int_equal(bi.acpi_rsdp, PHYS + 16);
	assert_int_equal(bi.acpi_rsdp_len, 20);
}

static void test_partial_kept(void **state)
{
	(void)state;
	begin_table();
	add_string_tag(1, "keep me");
	add_module(0x1000, 0x2000, "mod");
	add_mmap(24, 0, 2);
	add_u32_tag(8, 0xfd000000);
	add_string_tag(2, "never read");
	end_table();
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(bi.error, "tag 8 (framebuffer)"));
	assert_string_equal(bi.cmdline, "keep me");
	assert_int_equal(bi.module_count, 1);
	assert_int_equal(bi.mmap_count, 2);
	assert_false(bi.has_fb);
	assert_string_equal(bi.loader, "");
	assert_int_equal(bi.table_start, PHYS);
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/*
 * Mangled tables, each in a heap block of exactly the bytes that may be
 * read, so that AddressSanitizer catches any read past them.
 */
static void test_garbage(void **state)
{
	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t n, efi;
		uint8_t *copy;

		begin_table();
		add_string_tag(1, "cmd");
		add_module(0x1000, 0x2000, "m");
		add_mmap(24, 0, 2);
		add_fb(BOOT_FB_RGB);
		efi = begin_efi_mmap(48);
		add_efi_desc(48, 7, 0, 1);
		end_tag(efi);
		end_table();
		assert_int_equal(parse(), 0);
		for (int k = 0; k < 1 + round % 4; k++)
			tb[rng() % tb_len] = (uint8_t)rng();
		n = round % 7 ? tb_len : rng() % tb_len;
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, tb, n);
		if (mb2_parse(copy, PHYS, n, &bi))
			assert_true(bi.error[0] != '\0');
		assert_true(strlen(bi.error) < BOOT_ERROR_LEN);
		assert_true(bi.mmap_count <= BOOT_MAX_MMAP);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_full_table),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_tag_past_end),
		cmocka_unit_test(test_unaligned_host_buffer),
		cmocka_unit_test(test_legal_variants),
		cmocka_unit_test(test_string_lengths),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_efi_mmap_only),
		cmocka_unit_test(test_efi_then_mmap),
		cmocka_unit_test(test_efi32_and_rsdp),
		cmocka_unit_test(test_partial_kept),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
