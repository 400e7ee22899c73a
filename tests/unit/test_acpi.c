/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/acpi.c, the RSDP, RSDT/XSDT and MADT parser.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_acpi.c lib/acpi.c lib/format.c -lcmocka -o /tmp/test_acpi && /tmp/test_acpi
 */
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

static int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	memset(err, 0, sizeof(err));
	deny_start = deny_end = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unmap_all();
	return 0;
}

/* Stores the @n low bytes of @v at @pa, little-endian. */
static void put(uint64_t pa, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		mem[pa + i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint64_t pa, uint32_t v)
{
	put(pa, v, 4);
}

/* The BDA's pointer to the EBDA, at EBDA_PA. */
static void set_ebda(void)
{
	put(0x40e, EBDA_SEG, 2);
}

/* Sets the byte at @sum so that the @len bytes at @pa add up to 0. */
static void fix_sum(uint64_t pa, uint32_t len, uint64_t sum)
{
	uint8_t s = 0;

	mem[sum] = 0;
	for (uint32_t i = 0; i < len; i++)
		s += mem[pa + i];
	mem[sum] = (uint8_t)-s;
}

/* 5.2.5.3: an RSDP; revision 0 is 20 bytes, 2 is 36 with XsdtAddress. */
static void make_rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
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

static struct tbl tbl_begin(uint64_t pa, const char *sig, uint8_t rev)
{
	memcpy(mem + pa, sig, 4);
	mem[pa + 8] = rev;
	memcpy(mem + pa + 10, "TLGATETESTTABLE ", 14);
	return (struct tbl){ .pa = pa, .len = 36 };
}

static void tbl_add(struct tbl *t, const void *bytes, uint32_t n)
{
	memcpy(mem + t->pa + t->len, bytes, n);
	t->len += n;
}

/* Fills in Length and Checksum. */
static void tbl_end(struct tbl *t)
{
	put32(t->pa + 4, t->len);
	fix_sum(t->pa, t->len, t->pa + 9);
}

/* A table of @sig with the header only. */
static void make_empty(uint64_t pa, const char *sig)
{
	struct tbl t = tbl_begin(pa, sig, 1);

	tbl_end(&t);
}

/* An RSDT (4-byte entries) or XSDT (8-byte entries) listing @n tables. */
static void make_root(uint64_t pa, bool xsdt, const uint64_t *pas, int n)
{
	struct tbl t = tbl_begin(pa, xsdt ? "XSDT" : "RSDT", 1);

	for (int i = 0; i < n; i++)
		tbl_add(&t, &pas[i], xsdt ? 8 : 4);	/* little-endian host */
	tbl_end(&t);
}

/* 5.2.12: a MADT header: local APIC at 0xfee00000, PCAT_COMPAT. */
static struct tbl madt_begin(uint64_t pa, uint8_t rev)
{
	struct tbl t = tbl_begin(pa, "APIC", rev);

	tbl_add(&t, (uint32_t[]){ 0xfee00000u, 1 }, 8);
	return t;
}

/* 5.2.12.2: type 0, length 8: UID, APIC ID, flags. */
static void add_lapic(struct tbl *t, uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, uid, id };

	memcpy(e + 4, &flags, 4);
	tbl_add(t, e, 8);
}

/* 5.2.12.12: type 9, length 16: x2APIC ID, flags, UID. */
static void add_x2apic(struct tbl *t, uint32_t id, uint32_t flags,
		       uint32_t uid)
{
	uint8_t e[16] = { 9, 16 };

	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &uid, 4);
	tbl_add(t, e, 16);
}

/* A MADT at MADT_PA of revision 5 with @n enabled CPUs, APIC ID 2i. */
static void make_madt(int n)
{
	struct tbl t = madt_begin(MADT_PA, 5);

	for (int i = 0; i < n; i++)
		add_lapic(&t, (uint8_t)i, (uint8_t)(2 * i), 1);
	tbl_end(&t);
}

static int parse_rsdp(uint64_t pa, uint32_t len)
{
	return acpi_parse_rsdp(fake_map, NULL, pa, len, &tables, err,
			       sizeof(err));
}

static int parse_madt(uint64_t pa)
{
	return acpi_parse_madt(fake_map, NULL, pa, &info, err, sizeof(err));
}

static void expect_rsdp_error(uint64_t pa, uint32_t len, const char *msg)
{
	assert_int_equal(parse_rsdp(pa, len), -1);
	assert_string_equal(err, msg);
}

static void expect_madt_error(const char *msg)
{
	assert_int_equal(parse_madt(MADT_PA), -1);
	assert_string_equal(err, msg);
}

static void assert_cpu(unsigned int i, uint32_t id, uint32_t uid,
		       bool x2apic, bool enabled)
{
	assert_true(i < info.cpu_count);
	assert_int_equal(info.cpus[i].apic_id, id);
	assert_int_equal(info.cpus[i].uid, uid);
	assert_int_equal(info.cpus[i].x2apic, x2apic);
	assert_int_equal(info.cpus[i].enabled, enabled);
}

static void test_rsdp_v1_rsdt(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 0, RSDT_PA, 0);
	make_empty(FACP_PA, "FACP");
	make_root(RSDT_PA, false, (uint64_t[]){ FACP_PA, MADT_PA }, 2);
	make_madt(1);
	memset(&tables, 0x5a, sizeof(tables));
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_string_equal(err, "");
	assert_int_equal(tables.rsdp, RSDP_PA);
	assert_int_equal(tables.revision, 0);
	assert_string_equal(tables.oem_id, "TLGATE");
	assert_false(tables.xsdt);
	assert_int_equal(tables.root, RSDT_PA);
	assert_int_equal(tables.entries, 2);
	assert_int_equal(tables.unreadable, 0);
	assert_int_equal(tables.madt, MADT_PA);
	assert_string_equal(tables.note, "");
}

/* Revision 2 with both: the XSDT (leading to a second MADT) wins. */
static void test_rsdp_v2_prefers_xsdt(void **state)
{
	struct tbl t;

	(void)state;
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	make_root(RSDT_PA, false, (uint64_t[]){ MADT_PA }, 1);
	make_root(XSDT_PA, true, (uint64_t[]){ 0, MADT2_PA }, 2);
	make_madt(1);
	t = madt_begin(MADT2_PA, 5);
	tbl_end(&t);
	assert_int_equal(parse_rsdp(RSDP_PA, 36), 0);
	assert_int_equal(tables.revision, 2);
	assert_true(tables.xsdt);
	assert_int_equal(tables.root, XSDT_PA);
	assert_int_equal(tables.entries, 2);
	assert_int_equal(tables.unreadable, 1);	/* the null entry */
	assert_int_equal(tables.madt, MADT2_PA);
	assert_string_equal(tables.note, "");
	/* XsdtAddress 0: the RSDT, whatever the revision. */
	make_rsdp(RSDP_PA, 2, RSDT_PA, 0);
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_false(tables.xsdt);
	assert_int_equal(tables.madt, MADT_PA);
}

/* A bad XSDT with an RSDT to fall back on; a bad XSDT alone is an error. */
static void test_rsdp_xsdt_fallback(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	make_root(RSDT_PA, false, (uint64_t[]){ MADT_PA }, 1);
	make_root(XSDT_PA, true, (uint64_t[]){ MADT_PA }, 1);
	make_madt(1);
	mem[XSDT_PA + 40]++;
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_false(tables.xsdt);
	assert_int_equal(tables.root, RSDT_PA);
	assert_int_equal(tables.madt, MADT_PA);
	assert_string_equal(tables.note,
		"the XSDT at 0x102000 has a bad checksum (its 44 bytes sum to 0x01, not 0); the RSDT was walked instead");
	make_rsdp(RSDP_PA, 2, 0, XSDT_PA);
	expect_rsdp_error(RSDP_PA, 0,
		"the XSDT at 0x102000 has a bad checksum (its 44 bytes sum to 0x01, not 0)");
	make_rsdp(RSDP_PA, 0, 0, 0);
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDP at 0x100000 gives neither an RSDT nor an XSDT address");
}

/* A loader's 20-byte copy of a revision-2 RSDP: only the RSDT can be used. */
static void test_rsdp_short_copy(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	make_root(RSDT_PA, false, (uint64_t[]){ MADT_PA }, 1);
	make_madt(1);
	deny_start = RSDP_PA + 20;	/* the XSDT is not even there */
	deny_end = RSDP_PA + 36;
	put32(RSDP_PA + 20, 0xffffffff);
	assert_int_equal(parse_rsdp(RSDP_PA, 20), 0);
	assert_false(tables.xsdt);
	assert_int_equal(tables.madt, MADT_PA);
	assert_string_equal(tables.note,
		"the RSDP copy at 0x100000 holds 20 bytes, only the ACPI 1.0 part of a revision 2 RSDP: the RSDT was walked");
	/* A copy shorter than Length: the same. */
	deny_start = deny_end = 0;
	put32(RSDP_PA + 20, 40);
	assert_int_equal(parse_rsdp(RSDP_PA, 36), 0);
	assert_false(tables.xsdt);
	expect_rsdp_error(RSDP_PA, 19,
		"the RSDP at 0x100000 is 19 bytes, less than the 20 of ACPI 1.0");
}

static void test_rsdp_bad(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	mem[RSDP_PA + 16]++;
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDP at 0x100000 has a bad checksum (its first 20 bytes sum to 0x01, not 0)");
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	mem[RSDP_PA + 24]++;
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDP at 0x100000 has a bad extended checksum (its 36 bytes sum to 0x01, not 0)");
	make_rsdp(RSDP_PA, 0, RSDT_PA, 0);
	mem[RSDP_PA + 3] = 'p';
	mem[RSDP_PA + 7] = 0x01;
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDP at 0x100000 has signature \"RSDpPTR?\", not \"RSD PTR \"");
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	put32(RSDP_PA + 20, 24);
	fix_sum(RSDP_PA, 20, RSDP_PA + 8);
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDP at 0x100000 (revision 2) has Length 24, not 36 to 1048576");
	make_rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
	deny_start = RSDP_PA + 35;
	deny_end = RSDP_PA + 36;
	expect_rsdp_error(RSDP_PA, 0,
		"cannot read the 36 bytes of the RSDP at 0x100000");
	/* A longer RSDP (a later revision) is read and summed whole. */
	make_rsdp(RSDP_PA, 3, RSDT_PA, XSDT_PA);
	put32(RSDP_PA + 20, 40);
	fix_sum(RSDP_PA, 40, RSDP_PA + 32);
	deny_start = RSDP_PA + 39;
	deny_end = RSDP_PA + 40;
	expect_rsdp_error(RSDP_PA, 0,
		"cannot read the 40 bytes of the RSDP at 0x100000");
	deny_start = deny_end = 0;
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDT at 0x101000 has signature \"????\", not \"RSDT\"");
	assert_string_equal(tables.note,
		"the XSDT at 0x102000 has signature \"????\", not \"XSDT\"; the RSDT was walked instead");
	mem[RSDP_PA + 38]++;
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDP at 0x100000 has a bad extended checksum (its 40 bytes sum to 0x01, not 0)");
	expect_rsdp_error(MEM_SIZE, 0,
		"cannot read the RSDP at 0x110000 (20 bytes)");
}

static void test_root_bad(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 0, RSDT_PA, 0);
	make_root(RSDT_PA, false, (uint64_t[]){ MADT_PA }, 1);
	mem[RSDT_PA + 36]++;
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDT at 0x101000 has a bad checksum (its 40 bytes sum to 0x01, not 0)");
	make_root(RSDT_PA, true, (uint64_t[]){ MADT_PA }, 1);
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDT at 0x101000 has signature \"XSDT\", not \"RSDT\"");
	make_root(RSDT_PA, false, NULL, 0);
	put32(RSDT_PA + 4, 35);
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDT at 0x101000 has Length 35, less than the 36 bytes of its fixed part");
	put32(RSDT_PA + 4, 0x10000);
	expect_rsdp_error(RSDP_PA, 0,
		"cannot read the 65536 bytes of the RSDT at 0x101000");
	put32(RSDT_PA + 4, 2u << 20);
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDT at 0x101000 has Length 2097152, more than the 1048576 read at most");
	make_root(RSDT_PA, true, (uint64_t[]){ MADT_PA }, 1);
	memcpy(mem + RSDT_PA, "RSDT", 4);
	put32(RSDT_PA + 4, 42);
	fix_sum(RSDT_PA, 42, RSDT_PA + 9);
	expect_rsdp_error(RSDP_PA, 0,
		"the RSDT at 0x101000 has 6 bytes of entries, not a multiple of 4");
	deny_start = RSDT_PA;
	deny_end = RSDT_PA + 1;
	expect_rsdp_error(RSDP_PA, 0,
		"cannot read the RSDT header at 0x101000 (36 bytes)");
}

static void test_root_no_madt(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 0, RSDT_PA, 0);
	make_root(RSDT_PA, false, (uint64_t[]){ FACP_PA }, 1);
	memcpy(mem + FACP_PA, "FACP", 4);
	expect_rsdp_error(RSDP_PA, 0,
		"no MADT (signature \"APIC\") among the 1 entries of the RSDT at 0x101000");
	assert_int_equal(tables.madt, 0);
	/* Null and unmappable entries are skipped, and counted. */
	make_root(RSDT_PA, false,
		  (uint64_t[]){ 0, MEM_SIZE - 8, FACP_PA, MADT_PA }, 4);
	memcpy(mem + MADT_PA, "APIC", 4);
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_int_equal(tables.entries, 4);
	assert_int_equal(tables.unreadable, 2);
	assert_int_equal(tables.madt, MADT_PA);
	make_root(RSDT_PA, false, (uint64_t[]){ 0, MEM_SIZE - 8 }, 2);
	expect_rsdp_error(RSDP_PA, 0,
		"no MADT (signature \"APIC\") among the 2 entries of the RSDT at 0x101000 (2 null or unreadable)");
}

static void test_madt_counts(void **state)
{
	static const int counts[] = { 1, 2, 4 };

	(void)state;
	for (size_t c = 0; c < 3; c++) {
		make_madt(counts[c]);
		memset(&info, 0x5a, sizeof(info));
		assert_int_equal(parse_madt(MADT_PA), 0);
		assert_string_equal(err, "");
		assert_int_equal(info.madt, MADT_PA);
		assert_int_equal(info.revision, 5);
		assert_int_equal(info.flags, 1);
		assert_int_equal(info.lapic_addr, 0xfee00000u);
		assert_false(info.lapic_override);
		assert_int_equal(info.cpu_count, counts[c]);
		assert_int_equal(info.enabled_count, counts[c]);
		for (int i = 0; i < counts[c]; i++) {
			assert_cpu(i, 2 * i, i, false, true);
			assert_int_equal(info.cpus[i].flags, 1);
			assert_int_equal(info.cpus[i].offset, 44 + 8 * i);
		}
		assert_int_equal(info.disabled + info.duplicates +
				 info.dropped + info.invalid_ids, 0);
		assert_string_equal(info.notes, "");
	}
}

/* Enabled, disabled, online capable; bit 1 counts from revision 5 only. */
static void test_madt_flags(void **state)
{
	struct tbl t;

	(void)state;
	for (uint8_t rev = 4; rev <= 6; rev++) {
		t = madt_begin(MADT_PA, rev);
		add_lapic(&t, 0, 0, 1);
		add_lapic(&t, 1, 1, 0);
		add_lapic(&t, 2, 2, 2);
		add_x2apic(&t, 3, 2, 3);
		add_lapic(&t, 4, 4, 3);		/* bit 1 reserved when enabled */
		tbl_end(&t);
		assert_int_equal(parse_madt(MADT_PA), 0);
		assert_cpu(0, 0, 0, false, true);
		if (rev < 5) {
			assert_int_equal(info.cpu_count, 2);
			assert_int_equal(info.disabled, 3);
			assert_cpu(1, 4, 4, false, true);
			continue;
		}
		assert_int_equal(info.cpu_count, 4);
		assert_int_equal(info.enabled_count, 2);
		assert_int_equal(info.disabled, 1);
		assert_cpu(1, 2, 2, false, false);
		assert_cpu(2, 3, 3, true, false);
		assert_cpu(3, 4, 4, false, true);
		assert_int_equal(info.cpus[1].flags, 2);
		assert_string_equal(info.notes, "");
	}
}

/* x2APIC entries, other types skipped, and the 64-bit LAPIC override. */
static void test_madt_x2apic_override(void **state)
{
	struct tbl t = madt_begin(MADT_PA, 5);

	(void)state;
	add_lapic(&t, 0, 0, 1);
	tbl_add(&t, (uint8_t[12]){ 1, 12, 2, 0 }, 12);	/* I/O APIC */
	add_x2apic(&t, 300, 1, 0x10000);
	tbl_add(&t, (uint8_t[10]){ 2, 10 }, 10);	/* source override */
	tbl_add(&t, (uint8_t[12]){ 5, 12, 0, 0, 0, 0, 0xfe, 0xff, 0, 0,
				   0x10, 0 }, 12);
	add_x2apic(&t, 301, 1, 0x10001);
	tbl_add(&t, (uint8_t[3]){ 200, 3, 0xaa }, 3);	/* reserved type */
	tbl_end(&t);
	assert_int_equal(parse_madt(MADT_PA), 0);
	assert_true(info.lapic_override);
	assert_int_equal(info.lapic_addr, 0x100000fffe0000ull);
	assert_int_equal(info.cpu_count, 3);
	assert_int_equal(info.enabled_count, 3);
	assert_cpu(1, 300, 0x10000, true, true);
	assert_cpu(2, 301, 0x10001, true, true);
	assert_int_equal(info.cpus[2].offset, 44 + 8 + 12 + 16 + 10 + 12);
}

/* Bad entries: an error in words; CPUs before it are kept. */
static void test_madt_bad_entries(void **state)
{
	struct tbl t;

	(void)state;
	for (uint8_t len = 0; len < 2; len++) {
		t = madt_begin(MADT_PA, 5);
		add_lapic(&t, 0, 0, 1);
		tbl_add(&t, (uint8_t[8]){ 0, len }, 8);
		tbl_end(&t);
		assert_int_equal(parse_madt(MADT_PA), -1);
		assert_string_equal(err, len ?
			"MADT entry at offset 52 (type 0) has length 1, less than its 2-byte header" :
			"MADT entry at offset 52 (type 0) has length 0, less than its 2-byte header");
		assert_int_equal(info.cpu_count, 1);
	}
	t = madt_begin(MADT_PA, 5);
	add_lapic(&t, 0, 0, 1);
	add_lapic(&t, 1, 1, 1);
	tbl_add(&t, (uint8_t[4]){ 0, 8, 2, 2 }, 4);
	tbl_end(&t);
	expect_madt_error("MADT entry at offset 60 (type 0) runs past the end of the table (length 8, 4 bytes left)");
	assert_int_equal(info.cpu_count, 2);
	assert_int_equal(info.enabled_count, 2);
	t = madt_begin(MADT_PA, 5);
	add_lapic(&t, 0, 0, 1);
	tbl_add(&t, (uint8_t[1]){ 9 }, 1);
	tbl_end(&t);
	expect_madt_error("MADT entry at offset 52 runs past the end of the table (1 byte left, its header needs 2)");
	t = madt_begin(MADT_PA, 5);
	tbl_add(&t, (uint8_t[6]){ 0, 6, 0, 0, 1 }, 6);
	tbl_end(&t);
	expect_madt_error("MADT entry at offset 44 (type 0) has length 6, less than the 8 of its type");
	t = madt_begin(MADT_PA, 5);
	tbl_add(&t, (uint8_t[12]){ 9, 12 }, 12);
	tbl_add(&t, (uint8_t[8]){ 5, 8 }, 8);
	tbl_end(&t);
	expect_madt_error("MADT entry at offset 44 (type 9) has length 12, less than the 16 of its type");
	mem[MADT_PA + 45] = 16;
	mem[MADT_PA + 60] = 5;
	mem[MADT_PA + 61] = 4;
	put32(MADT_PA + 4, 64);
	fix_sum(MADT_PA, 64, MADT_PA + 9);
	expect_madt_error("MADT entry at offset 60 (type 5) has length 4, less than the 12 of its type");
}

static void test_madt_too_many(void **state)
{
	struct tbl t = madt_begin(MADT_PA, 5);

	(void)state;
	for (uint32_t i = 0; i < MADT_MAX_CPUS + 6; i++)
		add_x2apic(&t, i, 1, i);
	tbl_end(&t);
	assert_int_equal(parse_madt(MADT_PA), 0);
	assert_int_equal(info.cpu_count, MADT_MAX_CPUS);
	assert_int_equal(info.enabled_count, MADT_MAX_CPUS);
	assert_int_equal(info.dropped, 6);
	assert_cpu(MADT_MAX_CPUS - 1, MADT_MAX_CPUS - 1, MADT_MAX_CPUS - 1,
		   true, true);
	assert_string_equal(info.notes,
		"more than 64 usable CPUs: APIC ID 64 (entry at offset 1068) and those after it are not listed");
}

/* Repeated and absent IDs are skipped with a note; disabled ones quietly. */
static void test_madt_duplicates(void **state)
{
	struct tbl t = madt_begin(MADT_PA, 5);

	(void)state;
	add_lapic(&t, 0, 0, 1);
	add_lapic(&t, 1, 3, 1);
	add_lapic(&t, 2, 3, 1);
	add_x2apic(&t, 0, 1, 9);
	add_lapic(&t, 3, 0xff, 0);
	add_lapic(&t, 4, 0xff, 0);
	add_lapic(&t, 5, 0xff, 1);
	add_x2apic(&t, 0xffffffff, 1, 6);
	add_lapic(&t, 6, 5, 1);
	tbl_end(&t);
	assert_int_equal(parse_madt(MADT_PA), 0);
	assert_int_equal(info.cpu_count, 3);
	assert_cpu(0, 0, 0, false, true);
	assert_cpu(1, 3, 1, false, true);
	assert_cpu(2, 5, 6, false, true);
	assert_int_equal(info.duplicates, 2);
	assert_int_equal(info.disabled, 2);
	assert_int_equal(info.invalid_ids, 2);
	assert_string_equal(info.notes,
		"entry at offset 60 (type 0) repeats APIC ID 3 of the entry at offset 52, skipped; "
		"entry at offset 100 (type 0) has the invalid APIC ID 0xff, skipped");
}

static void test_madt_bad_table(void **state)
{
	(void)state;
	make_madt(2);
	mem[MADT_PA + 50]++;
	expect_madt_error("the MADT at 0x103000 has a bad checksum (its 60 bytes sum to 0x01, not 0)");
	assert_int_equal(info.cpu_count, 0);
	make_madt(2);
	memcpy(mem + MADT_PA, "FACP", 4);
	expect_madt_error("the MADT at 0x103000 has signature \"FACP\", not \"APIC\"");
	make_madt(0);
	put32(MADT_PA + 4, 40);
	expect_madt_error("the MADT at 0x103000 has Length 40, less than the 44 bytes of its fixed part");
	put32(MADT_PA + 4, 20);
	expect_madt_error("the MADT at 0x103000 has Length 20, less than the 44 bytes of its fixed part");
	make_madt(2);
	deny_start = MADT_PA + 59;
	deny_end = MADT_PA + 60;
	expect_madt_error("cannot read the 60 bytes of the MADT at 0x103000");
	deny_start = deny_end = 0;
	put32(MADT_PA + 4, 0x10000);
	expect_madt_error("cannot read the 65536 bytes of the MADT at 0x103000");
	assert_int_equal(acpi_parse_madt(fake_map, NULL, MEM_SIZE - 35, &info,
					 err, sizeof(err)), -1);
	assert_string_equal(err, "cannot read the MADT header at 0x10ffdd (36 bytes)");
	/* A small or absent error buffer is fine. */
	assert_int_equal(acpi_parse_madt(fake_map, NULL, MADT_PA, &info, err,
					 8), -1);
	assert_string_equal(err, "cannot ");
	assert_int_equal(acpi_parse_madt(fake_map, NULL, MADT_PA, &info, NULL,
					 0), -1);
}

/* The whole way, as the kernel will go: RSDP to the CPUs. */
static void test_end_to_end(void **state)
{
	(void)state;
	make_rsdp(RSDP_PA, 2, 0, XSDT_PA);
	make_root(XSDT_PA, true, (uint64_t[]){ FACP_PA, MADT_PA }, 2);
	make_madt(4);
	assert_int_equal(parse_rsdp(RSDP_PA, 36), 0);
	assert_int_equal(parse_madt(tables.madt), 0);
	assert_int_equal(info.enabled_count, 4);
	assert_cpu(3, 6, 3, false, true);
}

static int find(uint64_t *pa)
{
	return acpi_find_rsdp(fake_map, NULL, pa);
}

/* The EBDA first, then the BIOS area. */
static void test_find_ebda_bios(void **state)
{
	uint64_t pa = 0;

	(void)state;
	set_ebda();
	make_rsdp(EBDA_PA + 0x3e0, 2, RSDT_PA, XSDT_PA);
	make_rsdp(0xf5a40, 0, RSDT_PA, 0);
	assert_int_equal(find(&pa), 0);
	assert_int_equal(pa, EBDA_PA + 0x3e0);
	/* Past the first KiB of the EBDA is not looked at. */
	memset(mem + EBDA_PA + 0x3e0, 0, 36);
	make_rsdp(EBDA_PA + 0x400, 0, RSDT_PA, 0);
	assert_int_equal(find(&pa), 0);
	assert_int_equal(pa, 0xf5a40);
	/* The first and the last place of the BIOS area. */
	memset(mem + 0xf5a40, 0, 20);
	make_rsdp(0xfffe0, 0, RSDT_PA, 0);
	assert_int_equal(find(&pa), 0);
	assert_int_equal(pa, 0xfffe0);
	make_rsdp(0xe0000, 0, RSDT_PA, 0);
	assert_int_equal(find(&pa), 0);
	assert_int_equal(pa, 0xe0000);
}

/* Stray "RSD PTR "s: bad checksum, bad extended checksum, off-boundary. */
static void test_find_skips_false(void **state)
{
	uint64_t pa = 0;

	(void)state;
	set_ebda();
	make_rsdp(EBDA_PA + 0x10, 0, RSDT_PA, 0);
	mem[EBDA_PA + 0x10 + 16]++;
	make_rsdp(0xe0100, 2, RSDT_PA, XSDT_PA);
	mem[0xe0100 + 33]++;
	make_rsdp(0xe0208, 0, RSDT_PA, 0);
	make_rsdp(0xf0000, 0, RSDT_PA, 0);
	assert_int_equal(find(&pa), 0);
	assert_int_equal(pa, 0xf0000);
}

static void test_find_none(void **state)
{
	uint64_t pa = 0x1234;

	(void)state;
	assert_int_equal(find(&pa), -1);
	assert_int_equal(pa, 0x1234);
	memcpy(mem + 0xe8000, "RSD PTR ", 8);
	set_ebda();
	memcpy(mem + EBDA_PA, "RSD PTR ", 8);
	assert_int_equal(find(&pa), -1);
	/* Nothing mappable at all. */
	deny_start = 0;
	deny_end = MEM_SIZE;
	make_rsdp(0xe0000, 0, RSDT_PA, 0);
	assert_int_equal(find(&pa), -1);
}

/* HPET 1.0a, 3.2.4: a HPET table at @pa, the registers at @base in @space. */
static void make_hpet(uint64_t pa, uint8_t space, uint64_t base)
{
	struct tbl t = tbl_begin(pa, "HPET", 1);
	uint8_t body[20] = { 0x01, 0xa2, 0x86, 0x80, space, 64, 0, 0 };

	memcpy(body + 8, &base, 8);
	tbl_add(&t, body, sizeof(body));
	tbl_end(&t);
}

/* The HPET table is found beside the MADT, before or after it. */
static void test_hpet_found(void **state)
{
	uint64_t base = 0;

	(void)state;
	make_madt(2);
	make_hpet(HPET_PA, 0, 0xfed00000);
	make_empty(FACP_PA, "FACP");
	make_root(RSDT_PA, false, (uint64_t[]){ FACP_PA, MADT_PA, HPET_PA }, 3);
	make_rsdp(RSDP_PA, 0, RSDT_PA, 0);
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_int_equal(tables.madt, MADT_PA);
	assert_int_equal(tables.hpet, HPET_PA);
	assert_int_equal(acpi_parse_hpet(fake_map, NULL, tables.hpet, &base, err,
					 sizeof(err)), 0);
	assert_int_equal(base, 0xfed00000);

	make_root(RSDT_PA, false, (uint64_t[]){ HPET_PA, MADT_PA }, 2);
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_int_equal(tables.madt, MADT_PA);
	assert_int_equal(tables.hpet, HPET_PA);

	/* No MADT: an error, but the HPET is still named for the caller. */
	make_root(RSDT_PA, false, (uint64_t[]){ HPET_PA }, 1);
	expect_rsdp_error(RSDP_PA, 0, "no MADT (signature \"APIC\") among the 1 entries of the RSDT at 0x101000");
	assert_int_equal(tables.hpet, HPET_PA);

	make_root(RSDT_PA, false, (uint64_t[]){ MADT_PA }, 1);
	assert_int_equal(parse_rsdp(RSDP_PA, 0), 0);
	assert_int_equal(tables.hpet, 0);
}

static void expect_hpet_error(const char *msg)
{
	uint64_t base = 0x1234;

	assert_int_equal(acpi_parse_hpet(fake_map, NULL, HPET_PA, &base, err,
					 sizeof(err)), -1);
	assert_string_equal(err, msg);
}

/* Malformed HPET tables are refused in words. */
static void test_hpet_bad(void **state)
{
	(void)state;
	make_hpet(HPET_PA, 1, 0x500);
	expect_hpet_error("the HPET table at 0x106000 puts the HPET in address space 1, not memory (0)");
	make_hpet(HPET_PA, 0, 0);
	expect_hpet_error("the HPET table at 0x106000 gives the HPET address 0");
	make_hpet(HPET_PA, 0, 0xfed00000);
	mem[HPET_PA + 50] ^= 1;
	expect_hpet_error("the HPET table at 0x106000 has a bad checksum (its 56 bytes sum to 0x01, not 0)");
	make_hpet(HPET_PA, 0, 0xfed00000);
	put32(HPET_PA + 4, 52);
	fix_sum(HPET_PA, 52, HPET_PA + 9);
	expect_hpet_error("the HPET table at 0x106000 has Length 52, less than the 56 bytes of its fixed part");
	make_empty(HPET_PA, "HPEU");
	expect_hpet_error("the HPET table at 0x106000 has signature \"HPEU\", not \"HPET\"");
	deny_start = HPET_PA;
	deny_end = HPET_PA + 1;
	expect_hpet_error("cannot read the HPET table header at 0x106000 (36 bytes)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rsdp_v1_rsdt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsdp_v2_prefers_xsdt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsdp_xsdt_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsdp_short_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsdp_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_no_madt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_x2apic_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_bad_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_too_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_bad_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_to_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_ebda_bios, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_skips_false, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hpet_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hpet_bad, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
