/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/acpi.c's MADT parser: the processors and their flags. */
#include "tests/unit/acpi_fake.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_madt_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_x2apic_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_bad_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_too_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_madt_bad_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_to_end, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
