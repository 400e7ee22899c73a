/* SPDX-License-Identifier: MIT */
/*
 * What the lib/acpi.c tests share (test_acpi.c, test_madt.c): fake physical
 * memory, a map function that catches reads past what was mapped, and
 * builders for the RSDP, the root tables and the MADT.  Static inline, so
 * that each test file uses what it needs.
 */
#ifndef TG_TESTS_UNIT_ACPI_FAKE_H
#define TG_TESTS_UNIT_ACPI_FAKE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/acpi.h"

/*
 * Fake physical memory from 0: the BIOS areas below 1 MiB, then the tables
 * the tests build at the addresses below.
 */
#define MEM_SIZE	0x110000u
#define RSDP_PA		0x100000ull
#define RSDT_PA		0x101000ull
#define XSDT_PA		0x102000ull
#define MADT_PA		0x103000ull
#define MADT2_PA	0x104000ull
#define FACP_PA		0x105000ull
#define HPET_PA		0x106000ull
#define EBDA_SEG	0x9fc0u
#define EBDA_PA		0x9fc00ull

static uint8_t mem[MEM_SIZE];
static uint64_t deny_start, deny_end;	/* map() refuses what touches these */
static struct acpi_tables tables;
static struct madt_info info;
static char err[160];

/* Every mapping handed out, freed by unmap_all(). */
static void *maps[4096];
static size_t nmaps;

static inline void unmap_all(void)
{
	while (nmaps)
		free(maps[--nmaps]);
}

/*
 * Hands out an exact-size heap copy of the bytes asked for, so that
 * AddressSanitizer catches any read past the length the parser mapped.
 */
static inline const void *fake_map(void *ctx, uint64_t addr, size_t len)
{
	void *copy;

	(void)ctx;
	if (addr > MEM_SIZE || len > MEM_SIZE - addr)
		return NULL;
	if (addr < deny_end && addr + len > deny_start)
		return NULL;
	assert_true(nmaps < sizeof(maps) / sizeof(maps[0]));
	copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, mem + addr, len);
	maps[nmaps++] = copy;
	return copy;
}

static inline int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	memset(err, 0, sizeof(err));
	deny_start = deny_end = 0;
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	unmap_all();
	return 0;
}

/* Stores the @n low bytes of @v at @pa, little-endian. */
static inline void put(uint64_t pa, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		mem[pa + i] = (uint8_t)(v >> (8 * i));
}

static inline void put32(uint64_t pa, uint32_t v)
{
	put(pa, v, 4);
}

/* The BDA's pointer to the EBDA, at EBDA_PA. */
static inline void set_ebda(void)
{
	put(0x40e, EBDA_SEG, 2);
}

/* Sets the byte at @sum so that the @len bytes at @pa add up to 0. */
static inline void fix_sum(uint64_t pa, uint32_t len, uint64_t sum)
{
	uint8_t s = 0;

	mem[sum] = 0;
	for (uint32_t i = 0; i < len; i++)
		s += mem[pa + i];
	mem[sum] = (uint8_t)-s;
}

/* 5.2.5.3: an RSDP; revision 0 is 20 bytes, 2 is 36 with XsdtAddress. */
static inline void make_rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memcpy(mem + pa, "RSD PTR ", 8);
	memcpy(mem + pa + 9, "TLGATE", 6);
	mem[pa + 15] = rev;
	put32(pa + 16, rsdt);
	if (rev >= 2) {
		put32(pa + 20, 36);
		put(pa + 24, xsdt, 8);
	}
	fix_sum(pa, 20, pa + 8);
	if (rev >= 2)
		fix_sum(pa, 36, pa + 32);
}

/* A system description table being built (5.2.6). */
struct tbl {
	uint64_t pa;
	uint32_t len;
};

static inline struct tbl tbl_begin(uint64_t pa, const char *sig, uint8_t rev)
{
	memcpy(mem + pa, sig, 4);
	mem[pa + 8] = rev;
	memcpy(mem + pa + 10, "TLGATETESTTABLE ", 14);
	return (struct tbl){ .pa = pa, .len = 36 };
}

static inline void tbl_add(struct tbl *t, const void *bytes, uint32_t n)
{
	memcpy(mem + t->pa + t->len, bytes, n);
	t->len += n;
}

/* Fills in Length and Checksum. */
static inline void tbl_end(struct tbl *t)
{
	put32(t->pa + 4, t->len);
	fix_sum(t->pa, t->len, t->pa + 9);
}

/* A table of @sig with the header only. */
static inline void make_empty(uint64_t pa, const char *sig)
{
	struct tbl t = tbl_begin(pa, sig, 1);

	tbl_end(&t);
}

/* An RSDT (4-byte entries) or XSDT (8-byte entries) listing @n tables. */
static inline void make_root(uint64_t pa, bool xsdt, const uint64_t *pas, int n)
{
	struct tbl t = tbl_begin(pa, xsdt ? "XSDT" : "RSDT", 1);

	for (int i = 0; i < n; i++)
		tbl_add(&t, &pas[i], xsdt ? 8 : 4);	/* little-endian host */
	tbl_end(&t);
}

/* 5.2.12: a MADT header: local APIC at 0xfee00000, PCAT_COMPAT. */
static inline struct tbl madt_begin(uint64_t pa, uint8_t rev)
{
	struct tbl t = tbl_begin(pa, "APIC", rev);

	tbl_add(&t, (uint32_t[]){ 0xfee00000u, 1 }, 8);
	return t;
}

/* 5.2.12.2: type 0, length 8: UID, APIC ID, flags. */
static inline void add_lapic(struct tbl *t, uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, uid, id };

	memcpy(e + 4, &flags, 4);
	tbl_add(t, e, 8);
}

/* 5.2.12.12: type 9, length 16: x2APIC ID, flags, UID. */
static inline void add_x2apic(struct tbl *t, uint32_t id, uint32_t flags,
		       uint32_t uid)
{
	uint8_t e[16] = { 9, 16 };

	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &uid, 4);
	tbl_add(t, e, 16);
}

/* A MADT at MADT_PA of revision 5 with @n enabled CPUs, APIC ID 2i. */
static inline void make_madt(int n)
{
	struct tbl t = madt_begin(MADT_PA, 5);

	for (int i = 0; i < n; i++)
		add_lapic(&t, (uint8_t)i, (uint8_t)(2 * i), 1);
	tbl_end(&t);
}

static inline int parse_rsdp(uint64_t pa, uint32_t len)
{
	return acpi_parse_rsdp(fake_map, NULL, pa, len, &tables, err,
			       sizeof(err));
}

static inline int parse_madt(uint64_t pa)
{
	return acpi_parse_madt(fake_map, NULL, pa, &info, err, sizeof(err));
}

static inline void expect_rsdp_error(uint64_t pa, uint32_t len, const char *msg)
{
	assert_int_equal(parse_rsdp(pa, len), -1);
	assert_string_equal(err, msg);
}

static inline void expect_madt_error(const char *msg)
{
	assert_int_equal(parse_madt(MADT_PA), -1);
	assert_string_equal(err, msg);
}

static inline void assert_cpu(unsigned int i, uint32_t id, uint32_t uid,
		       bool x2apic, bool enabled)
{
	assert_true(i < info.cpu_count);
	assert_int_equal(info.cpus[i].apic_id, id);
	assert_int_equal(info.cpus[i].uid, uid);
	assert_int_equal(info.cpus[i].x2apic, x2apic);
	assert_int_equal(info.cpus[i].enabled, enabled);
}

#endif
