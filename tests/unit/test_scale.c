/* SPDX-License-Identifier: MIT */
/* Fixed-point clock conversion (lib/scale.h): never early, at most a tick late per 4 G. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/scale.h"

/* ceil(x * num / den), exactly, or UINT64_MAX past 64 bits. */
static uint64_t exact(uint64_t x, uint64_t num, uint64_t den)
{
	unsigned __int128 q = ((unsigned __int128)x * num + den - 1) / den;

	return q >> 64 ? UINT64_MAX : (uint64_t)q;
}

static void check(uint64_t x, uint64_t num, uint64_t den)
{
	uint64_t got = scale_up(x, scale_ratio(num, den));
	uint64_t want = exact(x, num, den);
	uint64_t slack = 1 + (x >> 32);

	if (want == UINT64_MAX) {
		assert_int_equal(got, UINT64_MAX);
		return;
	}
	assert_true(got >= want);
	if (want <= UINT64_MAX - slack)
		assert_true(got <= want + slack);
}

/* Exact ratios give exact results. */
static void test_exact_ratios(void **state)
{
	(void)state;
	assert_int_equal(scale_up(1000, scale_ratio(1, 1)), 1000);
	assert_int_equal(scale_up(1000, scale_ratio(1, 4)), 250);
	assert_int_equal(scale_up(1001, scale_ratio(1, 4)), 251);
	assert_int_equal(scale_up(0, scale_ratio(62500, 3000000)), 0);
	assert_int_equal(scale_up(3, scale_ratio(2, 1)), 6);
}

/* The clocks Tollgate meets: APIC timers of kHz to GHz, TSCs of MHz to GHz. */
static void test_clock_pairs(void **state)
{
	static const uint64_t rates[] = { 1, 7, 1000, 62500, 100000, 999983,
					  1000000, 2899999, 3000000, 5000000,
					  0xffffffffull };
	static const uint64_t xs[] = { 0, 1, 2, 15, 1000, 123456789,
				       3000000000ull, 0xffffffffull,
				       0x100000000ull, 30000000000000ull,
				       UINT64_MAX / 3, UINT64_MAX };
	size_t a, b, i;

	(void)state;
	for (a = 0; a < sizeof(rates) / sizeof(rates[0]); a++)
		for (b = 0; b < sizeof(rates) / sizeof(rates[0]); b++)
			for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
				check(xs[i], rates[a], rates[b]);
}

/* A product past 64 bits saturates instead of wrapping. */
static void test_saturates(void **state)
{
	(void)state;
	assert_int_equal(scale_up(UINT64_MAX, scale_ratio(2, 1)), UINT64_MAX);
	assert_int_equal(scale_up(1ull << 63, scale_ratio(3, 1)), UINT64_MAX);
	assert_int_equal(scale_up(UINT64_MAX, scale_ratio(1, 1)), UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_ratios),
		cmocka_unit_test(test_clock_pairs),
		cmocka_unit_test(test_saturates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
