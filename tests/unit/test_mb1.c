/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/mb1.c, the Multiboot 1 information parser.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_mb1.c lib/mb1.c lib/format.c -lcmocka -o /tmp/test_mb1 && /tmp/test_mb1
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/bootinfo.h"

/*
 * Fake physical memory: MEM_SIZE bytes at MEM_BASE.  The information
 * structure sits at its start; the other parts at the offsets below.
 */
#define MEM_BASE	0x90000ull
#define MEM_SIZE	0x4000u
#define INFO		MEM_BASE
#define AT_CMDLINE	0x200u
#define AT_LOADER	0x180u
#define AT_MODS		0x800u
#define AT_NAMES	0x900u
#define AT_MMAP		0xc00u
#define AT_LONG		0x2000u

/* 3.3 of the Multiboot 0.6.96 specification. */
#define F_MEM		(1u << 0)
#define F_CMDLINE	(1u << 2)
#define F_MODS		(1u << 3)
#define F_MMAP		(1u << 6)
#define F_LOADER	(1u << 9)
#define F_FB		(1u << 12)

struct fake_mem {
	uint8_t buf[MEM_SIZE];
	uint64_t deny_start;	/* map() refuses requests touching these */
	uint64_t deny_end;
	size_t largest;		/* the longest request seen */
};

static struct fake_mem mem;
static struct boot_info bi;
static size_t mmap_len;		/* bytes of map entries written */

/* Every mapping handed out, freed by unmap_all(). */
static void *maps[8192];
static size_t nmaps;

static void unmap_all(void)
{
	while (nmaps)
		free(maps[--nmaps]);
}

/*
 * Hands out an exact-size heap copy of the bytes asked for, so that
 * AddressSanitizer catches any read past the length the parser mapped.
 */
static const void *fake_map(void *ctx, uint64_t addr, size_t len)
{
	struct fake_mem *m = ctx;
	void *copy;

	if (len > m->largest)
		m->largest = len;
	if (addr < MEM_BASE || addr - MEM_BASE > MEM_SIZE ||
	    len > MEM_SIZE - (addr - MEM_BASE))
		return NULL;
	if (addr < m->deny_end && addr + len > m->deny_start)
		return NULL;
	assert_true(nmaps < sizeof(maps) / sizeof(maps[0]));
	copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, m->buf + (addr - MEM_BASE), len);
	maps[nmaps++] = copy;
	return copy;
}

static int teardown(void **state)
{
	(void)state;
	unmap_all();
	return 0;
}

static void put32(size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		mem.buf[off + i] = (uint8_t)(v >> (8 * i));
}

static void put64(size_t off, uint64_t v)
{
	put32(off, (uint32_t)v);
	put32(off + 4, (uint32_t)(v >> 32));
}

static uint32_t phys(size_t off)
{
	return (uint32_t)(MEM_BASE + off);
}

static void reset(uint32_t flags)
{
	unmap_all();
	memset(&mem, 0, sizeof(mem));
	mmap_len = 0;
	put32(0, flags);
}

static void set_string(size_t off, const char *s)
{
	memcpy(mem.buf + off, s, strlen(s) + 1);
}

static void set_cmdline(const char *s)
{
	set_string(AT_CMDLINE, s);
	put32(16, phys(AT_CMDLINE));
}

static void set_module(unsigned int i, uint32_t start, uint32_t end,
		       const char *name)
{
	size_t e = AT_MODS + 16 * i;

	set_string(AT_NAMES + 16 * i, name);
	put32(e, start);
	put32(e + 4, end);
	put32(e + 8, phys(AT_NAMES + 16 * i));
	put32(20, i + 1);
	put32(24, phys(AT_MODS));
}

/* Adds a map entry whose size field says @size (20 is the usual). */
static void add_mmap(uint32_t size, uint64_t base, uint64_t len,
		     uint32_t type)
{
	size_t e = AT_MMAP + mmap_len;

	put32(e, size);
	put64(e + 4, base);
	put64(e + 12, len);
	put32(e + 20, type);
	mmap_len += size + 4;
	put32(44, (uint32_t)mmap_len);
	put32(48, phys(AT_MMAP));
}

static int parse(void)
{
	return mb1_parse(INFO, fake_map, &mem, &bi);
}

static void expect_error(const char *msg)
{
	assert_int_equal(parse(), -1);
	assert_string_equal(bi.error, msg);
}

static void test_no_flags(void **state)
{
	(void)state;
	reset(0);
	memset(&bi, 0x5a, sizeof(bi));
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.error, "");
	assert_int_equal(bi.proto, BOOT_PROTO_MULTIBOOT1);
	assert_false(bi.uefi);
	assert_int_equal(bi.table_start, INFO);
	assert_int_equal(bi.table_end, INFO + 88);
	assert_false(bi.has_cmdline);
	assert_int_equal(bi.mmap_count, 0);
	assert_int_equal(bi.module_count, 0);
	assert_false(bi.has_fb);
	assert_string_equal(bi.loader, "");
	assert_true(mem.largest <= 88);
}

/* What QEMU's -kernel passes: the kernel's path leads the command line. */
static void test_qemu_like(void **state)
{
	(void)state;
	reset(F_MEM | F_CMDLINE | F_MODS | F_MMAP | F_LOADER);
	put32(4, 639);
	put32(8, 130048);
	set_cmdline("/boot/tollgate.elf console=serial");
	set_module(0, 0x200000, 0x203000, "guest.bin arg");
	set_module(1, 0x300000, 0x300800, "initrd");
	add_mmap(20, 0, 0x9fc00, 1);
	add_mmap(20, 0x9fc00, 0x400, 2);
	add_mmap(20, 0x100000, 0x7ee0000, 1);
	set_string(AT_LOADER, "qemu");
	put32(64, phys(AT_LOADER));

	assert_int_equal(parse(), 0);
	assert_true(bi.has_cmdline);
	assert_string_equal(bi.cmdline, "/boot/tollgate.elf console=serial");
	assert_string_equal(bi.loader, "qemu");
	assert_int_equal(bi.module_count, 2);
	assert_int_equal(bi.modules[0].start, 0x200000);
	assert_int_equal(bi.modules[0].end, 0x203000);
	assert_string_equal(bi.modules[0].name, "guest.bin arg");
	assert_string_equal(bi.modules[1].name, "initrd");
	/* The map wins over mem_lower/mem_upper. */
	assert_int_equal(bi.mmap_count, 3);
	assert_int_equal(bi.mmap[1].base, 0x9fc00);
	assert_int_equal(bi.mmap[1].len, 0x400);
	assert_int_equal(bi.mmap[1].type, BOOT_MEM_RESERVED);
	assert_int_equal(bi.mmap[2].len, 0x7ee0000);
	assert_false(bi.mmap_from_efi);
}

static void test_mem_fallback(void **state)
{
	(void)state;
	reset(F_MEM);
	put32(4, 639);
	put32(8, 130048);
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.mmap_count, 2);
	assert_int_equal(bi.mmap[0].base, 0);
	assert_int_equal(bi.mmap[0].len, 639 * 1024);
	assert_int_equal(bi.mmap[0].type, BOOT_MEM_AVAILABLE);
	assert_int_equal(bi.mmap[1].base, 1 << 20);
	assert_int_equal(bi.mmap[1].len, 130048ull * 1024);
	assert_int_equal(bi.mmap[1].type, BOOT_MEM_AVAILABLE);

	/* Without flag 0 the same numbers mean nothing. */
	reset(0);
	put32(4, 639);
	put32(8, 130048);
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.mmap_count, 0);
}

/* The size field does not count itself and may exceed 20 bytes. */
static void test_mmap_sizes(void **state)
{
	(void)state;
	reset(F_MMAP);
	add_mmap(20, 0, 0x9f000, 1);
	add_mmap(24, 0x100000, 0x100000, 3);
	add_mmap(28, 0x200000, 0x1000, 4);
	add_mmap(20, 0x300000, 0x2000, 5);
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.mmap_count, 4);
	assert_int_equal(bi.mmap[1].base, 0x100000);
	assert_int_equal(bi.mmap[1].type, BOOT_MEM_ACPI_RECLAIMABLE);
	assert_int_equal(bi.mmap[2].base, 0x200000);
	assert_int_equal(bi.mmap[2].type, BOOT_MEM_NVS);
	assert_int_equal(bi.mmap[3].base, 0x300000);
	assert_int_equal(bi.mmap[3].len, 0x2000);
	assert_int_equal(bi.mmap[3].type, BOOT_MEM_BADRAM);
}

static void test_mmap_bad_entries(void **state)
{
	(void)state;
	reset(F_MMAP);
	add_mmap(20, 0, 0x9f000, 1);
	add_mmap(16, 0x100000, 0x1000, 1);
	expect_error("multiboot: memory map entry at offset 24 has size 16, less than 20");
	assert_int_equal(bi.mmap_count, 1);

	reset(F_MMAP);
	add_mmap(20, 0, 0x9f000, 1);
	add_mmap(20, 0x100000, 0x1000, 1);
	put32(44, 24 + 22);		/* 2 bytes short of the second */
	expect_error("multiboot: memory map entry at offset 24 runs past mmap_length 46");

	reset(F_MMAP);
	add_mmap(20, 0, 0x9f000, 1);
	put32(44, 24 + 2);
	expect_error("multiboot: memory map entry at offset 24 runs past mmap_length 26");
	assert_int_equal(bi.mmap_count, 1);
}

static void test_mmap_too_many(void **state)
{
	(void)state;
	reset(F_MMAP);
	for (uint64_t i = 0; i <= BOOT_MAX_MMAP; i++)
		add_mmap(20, i << 12, 0x1000, 1);
	expect_error("multiboot: memory map has more than the 128 entries kept");
	assert_int_equal(bi.mmap_count, BOOT_MAX_MMAP);
}

static void test_map_null_info(void **state)
{
	(void)state;
	reset(0);
	assert_int_equal(mb1_parse(0x1000, fake_map, &mem, &bi), -1);
	assert_string_equal(bi.error,
		"multiboot: cannot read the information structure at 0x1000 (length 4)");
	assert_int_equal(bi.proto, BOOT_PROTO_MULTIBOOT1);

	/* Flag 12 makes the structure 116 bytes long. */
	reset(F_FB);
	mem.deny_start = INFO + 100;
	mem.deny_end = INFO + 101;
	expect_error("multiboot: cannot read the information structure at 0x90000 (length 116)");
}

static void test_map_null_parts(void **state)
{
	(void)state;
	reset(F_CMDLINE);
	put32(16, 0x7000000);
	expect_error("multiboot: cannot read the command line at 0x7000000 (length 1)");
	assert_false(bi.has_cmdline);

	reset(F_MODS);
	set_module(0, 0x1000, 0x2000, "m");
	mem.deny_start = phys(AT_MODS) + 4;
	mem.deny_end = mem.deny_start + 1;
	expect_error("multiboot: cannot read the module list at 0x90800 (length 16)");

	reset(F_MODS);
	set_module(0, 0x1000, 0x2000, "m");
	mem.deny_start = phys(AT_NAMES);
	mem.deny_end = mem.deny_start + 1;
	expect_error("multiboot: cannot read the module name at 0x90900 (length 1)");
	assert_int_equal(bi.module_count, 0);

	reset(F_MMAP);
	add_mmap(20, 0, 0x1000, 1);
	mem.deny_start = phys(AT_MMAP) + 20;
	mem.deny_end = mem.deny_start + 1;
	expect_error("multiboot: cannot read the memory map at 0x90c00 (length 24)");

	reset(F_LOADER | F_CMDLINE);
	set_cmdline("kept");
	put32(64, 0xfffff000);
	expect_error("multiboot: cannot read the boot loader name at 0xfffff000 (length 1)");
	assert_string_equal(bi.cmdline, "kept");
}

/* A string ending at the last readable byte is read without overrun. */
static void test_string_at_memory_end(void **state)
{
	(void)state;
	reset(F_CMDLINE);
	set_string(MEM_SIZE - 4, "abc");
	put32(16, phys(MEM_SIZE - 4));
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cmdline, "abc");

	reset(F_CMDLINE);
	memcpy(mem.buf + MEM_SIZE - 3, "abc", 3);
	put32(16, phys(MEM_SIZE - 3));
	expect_error("multiboot: cannot read the command line at 0x94000 (length 1)");
}

static void test_cmdline_too_long(void **state)
{
	(void)state;
	reset(F_CMDLINE | F_LOADER);
	memset(mem.buf + AT_LONG, 'x', 1500);
	put32(16, phys(AT_LONG));
	set_string(AT_LOADER, "never read");
	put32(64, phys(AT_LOADER));
	expect_error("multiboot: command line is more than 1023 bytes");
	assert_false(bi.has_cmdline);
	assert_string_equal(bi.cmdline, "");
	assert_string_equal(bi.loader, "");

	reset(F_CMDLINE);
	memset(mem.buf + AT_LONG, 'y', 1023);
	put32(16, phys(AT_LONG));
	assert_int_equal(parse(), 0);
	assert_int_equal(strlen(bi.cmdline), 1023);
}

static void test_names_truncated(void **state)
{
	(void)state;
	reset(F_LOADER | F_MODS);
	memset(mem.buf + AT_LONG, 'l', 2200);
	put32(64, phys(AT_LONG));
	set_module(0, 0x1000, 0x2000, "m");
	put32(AT_MODS + 8, phys(AT_LONG));
	assert_int_equal(parse(), 0);
	assert_int_equal(strlen(bi.loader), sizeof(bi.loader) - 1);
	assert_int_equal(strlen(bi.modules[0].name),
			 sizeof(bi.modules[0].name) - 1);
}

static void test_modules_bad(void **state)
{
	(void)state;
	reset(F_MODS);
	set_module(0, 0x1000, 0x2000, "a");
	set_module(1, 0x5000, 0x4000, "b");
	expect_error("multiboot: module 1 ends at 0x4000, before its start 0x5000");
	assert_int_equal(bi.module_count, 1);

	reset(F_MODS);
	for (unsigned int i = 0; i < BOOT_MAX_MODULES; i++)
		set_module(i, i << 20, (i << 20) + 10, "m");
	put32(20, 1000);
	expect_error("multiboot: 1000 modules, more than the 16 kept");
	assert_int_equal(bi.module_count, BOOT_MAX_MODULES);
	/* Only the list entries that are kept are mapped. */
	assert_true(mem.largest <= 16 * BOOT_MAX_MODULES);
}

static void test_framebuffer(void **state)
{
	(void)state;
	reset(F_FB);
	put64(88, 0xfd000000);
	put32(96, 5120);
	put32(100, 1280);
	put32(104, 800);
	mem.buf[108] = 32;
	mem.buf[109] = BOOT_FB_RGB;
	memcpy(mem.buf + 110, (uint8_t[]){ 16, 8, 8, 8, 0, 8 }, 6);
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.table_end, INFO + 116);
	assert_true(bi.has_fb);
	assert_int_equal(bi.fb.addr, 0xfd000000);
	assert_int_equal(bi.fb.pitch, 5120);
	assert_int_equal(bi.fb.width, 1280);
	assert_int_equal(bi.fb.height, 800);
	assert_int_equal(bi.fb.bpp, 32);
	assert_int_equal(bi.fb.red_pos, 16);
	assert_int_equal(bi.fb.green_pos, 8);
	assert_int_equal(bi.fb.blue_size, 8);

	/* EGA text: the bytes after the type are not color_info. */
	mem.buf[109] = BOOT_FB_EGA_TEXT;
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.fb.type, BOOT_FB_EGA_TEXT);
	assert_int_equal(bi.fb.red_pos, 0);
}

/* Each part is read only when its flag says it is there. */
static void test_flag_combinations(void **state)
{
	static const uint32_t combos[] = {
		F_CMDLINE, F_MODS, F_MMAP, F_LOADER, F_MEM | F_CMDLINE,
		F_MEM | F_MMAP, F_CMDLINE | F_LOADER | F_FB, F_MODS | F_MEM,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(combos) / sizeof(combos[0]); i++) {
		uint32_t f = combos[i];

		reset(f);
		put32(4, 640);
		put32(8, 1024);
		set_cmdline("cmd");
		set_module(0, 0x1000, 0x2000, "mod");
		add_mmap(20, 0x100000, 0x100000, 1);
		set_string(AT_LOADER, "ldr");
		put32(64, phys(AT_LOADER));
		mem.buf[109] = BOOT_FB_RGB;
		put32(0, f);
		assert_int_equal(parse(), 0);
		assert_int_equal(bi.has_cmdline, !!(f & F_CMDLINE));
		assert_int_equal(bi.module_count, !!(f & F_MODS));
		assert_int_equal(strcmp(bi.loader, "ldr") == 0,
				 !!(f & F_LOADER));
		assert_int_equal(bi.has_fb, !!(f & F_FB));
		assert_int_equal(bi.table_end - bi.table_start,
				 f & F_FB ? 116 : 88);
		if (f & F_MMAP)
			assert_int_equal(bi.mmap_count, 1);
		else
			assert_int_equal(bi.mmap_count, f & F_MEM ? 2 : 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_flags),
		cmocka_unit_test(test_qemu_like),
		cmocka_unit_test(test_mem_fallback),
		cmocka_unit_test(test_mmap_sizes),
		cmocka_unit_test(test_mmap_bad_entries),
		cmocka_unit_test(test_mmap_too_many),
		cmocka_unit_test(test_map_null_info),
		cmocka_unit_test(test_map_null_parts),
		cmocka_unit_test(test_string_at_memory_end),
		cmocka_unit_test(test_cmdline_too_long),
		cmocka_unit_test(test_names_truncated),
		cmocka_unit_test(test_modules_bad),
		cmocka_unit_test(test_framebuffer),
		cmocka_unit_test(test_flag_combinations),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
