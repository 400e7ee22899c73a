/* SPDX-License-Identifier: MIT */
/*
 * Building Multiboot2 information tables byte by byte for test_mb2.c: the
 * table under construction, its tags, and parse() over it.
 */
#ifndef TG_TESTS_UNIT_MB2_BUILD_H
#define TG_TESTS_UNIT_MB2_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/bootinfo.h"

#define PHYS 0x10000ull		/* where the tests pretend the table lies */
#define TB_MAX 16384

/* The table under construction, and what parse() passes with it. */
static _Alignas(8) uint8_t tb[TB_MAX];
static size_t tb_len;
static size_t avail;
static uint64_t phys;
static struct boot_info bi;

static inline void put32(size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		tb[off + i] = (uint8_t)(v >> (8 * i));
}

static inline void add8(uint8_t v)
{
	assert_true(tb_len < TB_MAX);
	tb[tb_len++] = v;
}

static inline void add32(uint32_t v)
{
	for (int i = 0; i < 4; i++)
		add8((uint8_t)(v >> (8 * i)));
}

static inline void add64(uint64_t v)
{
	add32((uint32_t)v);
	add32((uint32_t)(v >> 32));
}

static inline void add_bytes(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add8(((const uint8_t *)p)[i]);
}

/* Zeroes up to @len bytes from @start. */
static inline void fill_to(size_t start, size_t len)
{
	while (tb_len - start < len)
		add8(0);
}

/* Starts a table: the fixed part, total_size filled in by end_table(). */
static inline void begin_table(void)
{
	memset(tb, 0, sizeof(tb));
	tb_len = 8;
	phys = PHYS;
}

/* Starts a tag; returns its offset for end_tag(). */
static inline size_t begin_tag(uint32_t type)
{
	size_t off = tb_len;

	add32(type);
	add32(0);
	return off;
}

/* Ends a tag: its size is what was added, then padding to 8 follows. */
static inline void end_tag(size_t off)
{
	put32(off + 4, (uint32_t)(tb_len - off));
	fill_to(0, (tb_len + 7) & ~(size_t)7);
}

static inline void set_size(size_t off, uint32_t size)
{
	put32(off + 4, size);
}

/* Adds the end tag; total_size and avail become the table's length. */
static inline void end_table(void)
{
	end_tag(begin_tag(0));
	put32(0, (uint32_t)tb_len);
	avail = tb_len;
}

static inline size_t add_string_tag(uint32_t type, const char *s)
{
	size_t off = begin_tag(type);

	add_bytes(s, strlen(s) + 1);
	end_tag(off);
	return off;
}

static inline size_t add_u32_tag(uint32_t type, uint32_t v)
{
	size_t off = begin_tag(type);

	add32(v);
	end_tag(off);
	return off;
}

static inline size_t add_module(uint32_t start, uint32_t end, const char *name)
{
	size_t off = begin_tag(3);

	add32(start);
	add32(end);
	add_bytes(name, strlen(name) + 1);
	end_tag(off);
	return off;
}

/* A type-6 map of @n entries of @esize bytes: base i MiB, 4 KiB * (i + 1). */
static inline size_t add_mmap(uint32_t esize, uint32_t version, unsigned int n)
{
	size_t off = begin_tag(6);

	add32(esize);
	add32(version);
	for (unsigned int i = 0; i < n; i++) {
		size_t e = tb_len;

		add64((uint64_t)i << 20);
		add64(4096ull * (i + 1));
		add32(i % 5 + 1);
		fill_to(e, esize);
	}
	end_tag(off);
	return off;
}

static inline size_t begin_efi_mmap(uint32_t dsize)
{
	size_t off = begin_tag(17);

	add32(dsize);
	add32(1);
	return off;
}

static inline void add_efi_desc(uint32_t dsize, uint32_t type, uint64_t base,
			 uint64_t pages)
{
	size_t d = tb_len;

	add32(type);
	add32(0);
	add64(base);
	add64(0xdead0000);	/* virt_start: ignored */
	add64(pages);
	add64(0xf);		/* attribute: ignored */
	fill_to(d, dsize);
}

/* A framebuffer tag of @type; RGB gets color_info 16,8,8,8,0,8. */
static inline size_t add_fb(uint8_t type)
{
	size_t off = begin_tag(8);

	add64(0xfd000000);
	add32(4096);
	add32(1024);
	add32(768);
	add_bytes((uint8_t[]){ 32, type, 0, 0 }, 4);
	if (type == BOOT_FB_RGB)
		add_bytes((uint8_t[]){ 16, 8, 8, 8, 0, 8 }, 6);
	end_tag(off);
	return off;
}

static inline size_t add_rsdp(uint32_t type, size_t len)
{
	size_t off = begin_tag(type);

	add_bytes("RSD PTR ", 8);
	fill_to(off, 8 + len);
	end_tag(off);
	return off;
}

static inline int parse(void)
{
	return mb2_parse(tb, phys, avail, &bi);
}

#endif
