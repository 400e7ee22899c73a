/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for guest/ticker/calc.c, the ticker guest's pure logic.
 * Build and run from the repository root:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. \
 *       -fsanitize=address,undefined tests/unit/test_ticker.c \
 *       guest/ticker/calc.c -lcmocka -o /tmp/test_ticker && /tmp/test_ticker
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "guest/ticker/calc.h"

static void test_udiv64(void **state)
{
	uint64_t rem;

	(void)state;
	assert_int_equal(udiv64(100, 7, &rem), 14);
	assert_int_equal(rem, 2);
	assert_int_equal(udiv64(0xffffffffffffffffull, 3, &rem),
			 0x5555555555555555ull);
	assert_int_equal(rem, 0);
	assert_int_equal(
	    udiv64(0xffffffffffffffffull, 0x8000000000000001ull, &rem), 1);
	assert_int_equal(rem, 0x7ffffffffffffffeull);
	assert_int_equal(udiv64(5, 10, &rem), 0);
	assert_int_equal(rem, 5);
	assert_int_equal(udiv64(1ull << 40, 1000, NULL), (1ull << 40) / 1000);
}

static void test_text(void **state)
{
	struct text t;

	(void)state;
	text_clear(&t);
	text_str(&t, "a=");
	text_u64(&t, 0);
	text_str(&t, " b=");
	text_u64(&t, 18446744073709551615ull);
	text_str(&t, " h=");
	text_hex(&t, 0x24f);
	text_str(&t, " z=");
	text_hex(&t, 0);
	text_str(&t, " m=");
	text_milli(&t, 1193182);
	text_str(&t, " f=");
	text_milli(&t, 5);
	text_str(&t, " d=");
	text_dec(&t, 7, 2);
	assert_string_equal(t.buf, "a=0 b=18446744073709551615 h=0x24f z=0x0 "
				   "m=1193.182 f=0.005 d=07");
}

static void test_text_truncates(void **state)
{
	struct text t;
	int i;

	(void)state;
	text_clear(&t);
	for (i = 0; i < 2 * TEXT_MAX; i++)
		text_char(&t, 'x');
	assert_int_equal(t.len, TEXT_MAX - 1);
	assert_int_equal(strlen(t.buf), TEXT_MAX - 1);
}

static void test_params(void **state)
{
	const char *cl = "/boot/ticker.elf ticks=5 hz=100 ticks=50 hz=abc "
			 "exit=qemu big=99999999999 ticksx=3";
	uint32_t v = 77;

	(void)state;
	assert_true(param_u32(cl, "ticks", 2, 1000, &v));
	assert_int_equal(v, 50); /* the last word wins */
	v = 77;
	assert_false(param_u32(cl, "hz", 19, 10000, &v));
	assert_int_equal(v, 77);
	assert_true(param_present(cl, "hz"));
	assert_false(param_u32(cl, "big", 0, 0xffffffff, &v));
	assert_false(param_u32(cl, "cal_ms", 1, 50, &v));
	assert_false(param_present(cl, "cal_ms"));
	assert_false(param_present(cl, "tick"));
	assert_false(param_u32(cl, "ticks", 51, 100, &v)); /* out of range */
	assert_true(param_word(cl, "exit=qemu"));
	assert_false(param_word(cl, "exit=q"));
	assert_false(param_word("", "exit=qemu"));
	assert_false(param_u32(NULL, "ticks", 0, 10, &v));
}

static void test_pit_math(void **state)
{
	(void)state;
	assert_int_equal(pit_divisor(100), 11932);
	assert_int_equal(pit_divisor(1000), 1193);
	assert_int_equal(pit_divisor(19), 62799);
	/* 11931 PIT clocks (10 ms) at a 1 GHz TSC: 9999308 TSC ticks. */
	assert_int_equal(tsc_khz_from_pit(9999308, 11931), 999999);
	assert_int_equal(tsc_khz_from_pit(490007392, 11932ull * 49), 1000000);
	assert_int_equal(tsc_to_ns(490007392, 1000000), 490007392);
	assert_int_equal(tsc_to_ns(3000000, 3000000), 1000000);
	assert_int_equal(rate_hz(11932ull * 49, 490007392), 1193181);
}

static void test_rtc(void **state)
{
	(void)state;
	assert_int_equal(bcd_to_bin(0x59), 59);
	assert_int_equal(bcd_to_bin(0x00), 0);
	assert_int_equal(bcd_to_bin(0x5a), 0xff);
	/* 24-hour mode, BCD and binary. */
	assert_int_equal(rtc_hour(0x23, true, true), 23);
	assert_int_equal(rtc_hour(23, false, true), 23);
	/* 12-hour mode: bit 7 is PM; 12 AM is midnight, 12 PM is noon. */
	assert_int_equal(rtc_hour(0x12, true, false), 0);
	assert_int_equal(rtc_hour(0x92, true, false), 12);
	assert_int_equal(rtc_hour(0x81, true, false), 13);
	assert_int_equal(rtc_hour(0x80 | 11, false, false), 23);
	assert_int_equal(rtc_hour(9, false, false), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udiv64),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_truncates),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_pit_math),
		cmocka_unit_test(test_rtc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
