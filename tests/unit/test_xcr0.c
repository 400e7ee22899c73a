/* SPDX-License-Identifier: MIT */
/* lib/xcr0.c: XSETBV's rules (SDM Vol. 2C XSETBV, Vol. 1 13.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/xcr0.h"

#define ALL (XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX | XFEATURE_AVX512)

static void valid_values(void **state)
{
	(void)state;
	assert_true(xcr0_valid(0x1, ALL));
	assert_true(xcr0_valid(0x3, ALL));
	assert_true(xcr0_valid(0x7, ALL));
	assert_true(xcr0_valid(0xe7, ALL));
}

static void refused_values(void **state)
{
	(void)state;
	assert_false(xcr0_valid(0, ALL));		/* no x87 */
	assert_false(xcr0_valid(0x2, ALL));
	assert_false(xcr0_valid(0x5, ALL));		/* AVX without SSE */
	assert_false(xcr0_valid(0x27, ALL));		/* part of AVX-512 */
	assert_false(xcr0_valid(0xe3, ALL));		/* AVX-512 without AVX */
	assert_false(xcr0_valid(0x7, 0x3));		/* not on offer */
	assert_false(xcr0_valid(0x203, ALL | 0x3));	/* PKRU: never */
	assert_false(xcr0_valid(1ull << 63, ~0ull));
}

static void offers(void **state)
{
	(void)state;
	assert_int_equal(xcr0_offer(0x2e7, ALL), 0xe7);	/* no PKRU */
	assert_int_equal(xcr0_offer(0x207, ALL), 0x7);
	assert_int_equal(xcr0_offer(0x67, ALL), 0x7);	/* partial AVX-512 */
	assert_int_equal(xcr0_offer(0xe3, ALL), 0x3);	/* AVX-512, no AVX */
	assert_int_equal(xcr0_offer(0x5, ALL), 0x1);	/* AVX, no SSE */
	assert_int_equal(xcr0_offer(0x3, ALL), 0x3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_values),
		cmocka_unit_test(refused_values),
		cmocka_unit_test(offers),
	};

	return cmocka_run_group_tests_name("xcr0", tests, NULL, NULL);
}
