/* SPDX-License-Identifier: MIT */
/*
 * DR6 emulation, as tables of cases: the guest's DR6 after a reflected #DB
 * (SDM Vol. 3B 17.2.3; the #DB causes as a VMX exit qualification reports
 * them, SDM 27.2.1 Table 27-1) and after the guest's own MOV to DR6.
 * DR6 bits: B0-B3 3:0, BLD 11 (active-low), BD 13, BS 14, BT 15, RTM 16
 * (active-low); reset value 0xffff0ff0 (SDM Vol. 3A Table 9-1).
 * Build: make build/host/test_dr6
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/dr6.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct db_case {
	const char *what;
	uint64_t old_dr6;	/* the guest's DR6 before the #DB */
	uint64_t qual;		/* the causes, each bit set */
	bool has_bld;		/* CPUID.(7,0):ECX[24] in the guest's view */
	uint64_t want;
};

static const struct db_case db_cases[] = {
	{ "bus lock alone", 0xffff0ff0, 0x800, true, 0xffff07f0 },
	{ "bus lock with single step", 0xffff0ff0, 0x4800, true, 0xffff47f0 },
	{ "breakpoint 0 alone", 0xffff0ff0, 0x1, true, 0xffff0ff1 },
	{ "single step alone", 0xffff0ff0, 0x4000, true, 0xffff4ff0 },
	{ "no CPUID bit: bit 11 stays 1", 0xffff0ff0, 0x800, false,
	  0xffff0ff0 },
	{ "no CPUID bit, with single step", 0xffff0ff0, 0x4800, false,
	  0xffff4ff0 },
	{ "no CPUID bit, a stale 0 is fixed", 0xffff07f0, 0x4000, false,
	  0xffff4ff0 },
	{ "second bus lock before the guest reset bit 11", 0xffff07f0, 0x800,
	  true, 0xffff07f0 },
	/* SDM: other #DBs leave BLD alone (KVM would set it back to 1). */
	{ "single step before the guest reset bit 11", 0xffff07f0, 0x4000,
	  true, 0xffff47f0 },
	{ "B0-B3 are replaced", 0xffff0ff1, 0x2, true, 0xffff0ff2 },
	{ "B0-B3 are cleared by a bus lock", 0xffff0ff8, 0x800, true,
	  0xffff07f0 },
	{ "BS stays set until the guest clears it", 0xffff4ff0, 0x1, true,
	  0xffff4ff1 },
	{ "debug-register access (BD)", 0xffff0ff0, 0x2000, true, 0xffff2ff0 },
	{ "RTM is active-low", 0xffff0ff0, 0x10000, true, 0xfffe0ff0 },
	{ "RTM is set by any other #DB", 0xfffe0ff0, 0x4000, true,
	  0xffff4ff0 },
	{ "reserved bits take their fixed values", 0x100001000, 0x800, true,
	  0xffff07f0 },
	{ "bit 12 of a qualification is not DR6", 0xffff0ff0, 0x1001, true,
	  0xffff0ff1 },
};

struct write_case {
	const char *what;
	uint64_t value;		/* what the guest moves to DR6 */
	bool has_bld;
	uint64_t want;
};

static const struct write_case write_cases[] = {
	{ "reset value", 0xffff0ff0, true, 0xffff0ff0 },
	{ "reset value, no CPUID bit", 0xffff0ff0, false, 0xffff0ff0 },
	{ "bit 11 written 0", 0xffff07f0, true, 0xffff07f0 },
	{ "bit 11 written 0, no CPUID bit", 0xffff07f0, false, 0xffff0ff0 },
	{ "all zeros", 0, true, 0xffff07f0 },
	{ "all zeros, no CPUID bit", 0, false, 0xffff0ff0 },
	{ "B0-B3, BD, BS, BT kept", 0xe00f, false, 0xffffefff },
	{ "bit 12 is fixed 0", 0xffff1ff0, true, 0xffff0ff0 },
	{ "RTM is fixed 1", 0xfffe0ff0, true, 0xffff0ff0 },
	{ "bits 4-10 and 17-31 are fixed 1", 0x800, true, 0xffff0ff0 },
};

static void db_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(db_cases); i++) {
		const struct db_case *c = &db_cases[i];
		uint64_t got = dr6_after_db(c->old_dr6, c->qual, c->has_bld);

		if (got != c->want)
			fail_msg("%s: DR6 0x%llx, want 0x%llx", c->what,
				 (unsigned long long)got,
				 (unsigned long long)c->want);
	}
}

static void write_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(write_cases); i++) {
		const struct write_case *c = &write_cases[i];
		uint64_t got = dr6_guest_write(c->value, c->has_bld);

		if (got != c->want)
			fail_msg("%s: DR6 0x%llx, want 0x%llx", c->what,
				 (unsigned long long)got,
				 (unsigned long long)c->want);
	}
}

static void write_high_bits_fault(void **state)
{
	(void)state;
	assert_true(dr6_write_ok(0xffff0ff0));
	assert_true(dr6_write_ok(0));
	assert_false(dr6_write_ok(0x1ffff0ff0ull));
	assert_false(dr6_write_ok(0x8000000000000000ull));
}

/* A bus lock the guest asked for, then its handler writes DR6 back. */
static void guest_handler_round_trip(void **state)
{
	uint64_t dr6 = DR6_RESET;

	(void)state;
	dr6 = dr6_after_db(dr6, 0x800, true);
	assert_int_equal(dr6, 0xffff07f0);
	assert_false(dr6 & DR6_BUS_LOCK);
	dr6 = dr6_guest_write(dr6 | DR6_BUS_LOCK, true);
	assert_int_equal(dr6, 0xffff0ff0);
	dr6 = dr6_after_db(dr6, 0x4000, true);
	assert_int_equal(dr6, 0xffff4ff0);
	assert_true(dr6 & DR6_BUS_LOCK);	/* no bus lock this time */
}

static void classify(void **state)
{
	(void)state;
	assert_true(db_is_bus_lock(0x800));
	assert_true(db_is_bus_lock(0x4800));
	assert_false(db_is_bus_lock(0x4000));
	assert_false(db_is_bus_lock(0x1));
	assert_true(db_is_bus_lock_only(0x800));
	assert_false(db_is_bus_lock_only(0x4800));	/* single step too */
	assert_false(db_is_bus_lock_only(0x801));	/* and breakpoint 0 */
	assert_false(db_is_bus_lock_only(0x10800));	/* and RTM */
	assert_false(db_is_bus_lock_only(0x4000));
	assert_false(db_is_bus_lock_only(0));
	assert_true(db_is_guest_debug(0x1));
	assert_true(db_is_guest_debug(0x8));		/* B3 */
	assert_true(db_is_guest_debug(0x2000));		/* BD */
	assert_true(db_is_guest_debug(0x4000));		/* BS */
	assert_true(db_is_guest_debug(0x4800));
	assert_false(db_is_guest_debug(0x800));
	assert_false(db_is_guest_debug(0x10000));	/* RTM */
	assert_false(db_is_guest_debug(0));
}

static void bit_positions(void **state)
{
	(void)state;
	assert_int_equal(DR6_BUS_LOCK, 0x800);
	assert_int_equal(DR6_BD, 0x2000);
	assert_int_equal(DR6_BS, 0x4000);
	assert_int_equal(DR6_BT, 0x8000);
	assert_int_equal(DR6_RTM, 0x10000);
	assert_int_equal(DR6_ACTIVE_LOW, 0x10800);
	assert_int_equal(DR6_RESET, 0xffff0ff0);
	/* The reset value is the fixed-1 bits plus both active-low bits. */
	assert_int_equal(DR6_FIXED_1 | DR6_ACTIVE_LOW, DR6_RESET);
	assert_int_equal(DB_QUAL_BUS_LOCK, DR6_BUS_LOCK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(db_table),
		cmocka_unit_test(write_table),
		cmocka_unit_test(write_high_bits_fault),
		cmocka_unit_test(guest_handler_round_trip),
		cmocka_unit_test(classify),
		cmocka_unit_test(bit_positions),
	};

	return cmocka_run_group_tests_name("dr6", tests, NULL, NULL);
}
