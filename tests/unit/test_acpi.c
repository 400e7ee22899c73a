/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/acpi.c: finding the RSDP, the RSDT/XSDT, the MADT and
 * HPET tables among their entries, and the HPET table itself.  The MADT's
 * own parser is tested in test_madt.c.
 */
#include "tests/unit/acpi_fake.h"

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
		cmocka_unit_test_setup_teardown(test_find_ebda_bios, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_skips_false, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hpet_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hpet_bad, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
