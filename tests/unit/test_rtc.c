/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dev/rtc.c, the MC146818A and the AT's NVRAM: the time
 * from the start date and the TSC, BCD and binary, 12 and 24 hours, the
 * century, UIP's window, setting the clock as Linux's mc146818_set_time()
 * does (SET, the registers, SET cleared), the NMI bit of port 0x70,
 * Registers A-D, the memory sizes and the checksum.
 * Build: make build/host/test_rtc
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev/rtc.h"

#define HZ 2500000000ull
#define T0 777ull

static uint8_t rd(struct rtc *r, uint64_t tsc, uint8_t reg)
{
	uint8_t v = reg;

	assert_true(rtc_io(r, tsc, RTC_PORT_INDEX, false, &v));
	assert_true(rtc_io(r, tsc, RTC_PORT_DATA, true, &v));
	return v;
}

static void wr(struct rtc *r, uint64_t tsc, uint8_t reg, uint8_t val)
{
	uint8_t v = reg;

	assert_true(rtc_io(r, tsc, RTC_PORT_INDEX, false, &v));
	assert_true(rtc_io(r, tsc, RTC_PORT_DATA, false, &val));
}

static void start(struct rtc *r, unsigned int y, unsigned int mo,
		  unsigned int d, unsigned int h, unsigned int mi,
		  unsigned int s)
{
	struct rtc_time t = { y, mo, d, h, mi, s };

	assert_true(rtc_init(r, HZ, T0, &t));
}

static void bad_start(void **state)
{
	static const struct rtc_time bad[] = {
		{ 2023, 2, 29, 0, 0, 0 }, { 2024, 13, 1, 0, 0, 0 },
		{ 1969, 12, 31, 0, 0, 0 }, { 2024, 4, 31, 0, 0, 0 },
		{ 2024, 1, 1, 24, 0, 0 }, { 2024, 1, 0, 0, 0, 0 },
	};
	struct rtc_time ok = { 2024, 2, 29, 23, 59, 59 };
	struct rtc r;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(rtc_init(&r, HZ, 0, &bad[i]));
	assert_false(rtc_init(&r, 0, 0, &ok));
	assert_true(rtc_init(&r, HZ, 0, &ok));
}

static void read_bcd_24h(void **state)
{
	struct rtc r;

	(void)state;
	start(&r, 2026, 12, 3, 8, 55, 6);
	assert_int_equal(rd(&r, T0, RTC_SECONDS), 0x06);
	assert_int_equal(rd(&r, T0, RTC_MINUTES), 0x55);
	assert_int_equal(rd(&r, T0, RTC_HOURS), 0x08);
	assert_int_equal(rd(&r, T0, RTC_WEEKDAY), 5);	/* Thursday */
	assert_int_equal(rd(&r, T0, RTC_DAY), 0x03);
	assert_int_equal(rd(&r, T0, RTC_MONTH), 0x12);
	assert_int_equal(rd(&r, T0, RTC_YEAR), 0x26);
	assert_int_equal(rd(&r, T0, RTC_CENTURY), 0x20);
	assert_int_equal(rd(&r, T0, RTC_REG_A), RTC_A_DEFAULT);
	assert_int_equal(rd(&r, T0, RTC_REG_B), 0x02);
	assert_int_equal(rd(&r, T0, RTC_REG_C), 0);
	assert_int_equal(rd(&r, T0, RTC_REG_D), RTC_D_VRT);
	/* Time runs with the TSC: 3 s and 64 minutes on. */
	assert_int_equal(rd(&r, T0 + 3 * HZ - 1, RTC_SECONDS), 0x08);
	assert_int_equal(rd(&r, T0 + 3 * HZ, RTC_SECONDS), 0x09);
	assert_int_equal(rd(&r, T0 + 3840 * HZ, RTC_HOURS), 0x09);
	assert_int_equal(rd(&r, T0 + 3840 * HZ, RTC_MINUTES), 0x59);
}

/* Into a new century, a leap day and a Saturday. */
static void rollover(void **state)
{
	struct rtc r;

	(void)state;
	start(&r, 1999, 12, 31, 23, 59, 59);
	assert_int_equal(rd(&r, T0, RTC_CENTURY), 0x19);
	assert_int_equal(rd(&r, T0 + HZ, RTC_SECONDS), 0x00);
	assert_int_equal(rd(&r, T0 + HZ, RTC_HOURS), 0x00);
	assert_int_equal(rd(&r, T0 + HZ, RTC_DAY), 0x01);
	assert_int_equal(rd(&r, T0 + HZ, RTC_MONTH), 0x01);
	assert_int_equal(rd(&r, T0 + HZ, RTC_YEAR), 0x00);
	assert_int_equal(rd(&r, T0 + HZ, RTC_CENTURY), 0x20);
	assert_int_equal(rd(&r, T0 + HZ, RTC_WEEKDAY), 7);
	/* 2000 is a leap year: 2000-02-29 is day 59 after Jan 1. */
	assert_int_equal(rd(&r, T0 + HZ + 59 * 86400 * HZ, RTC_MONTH), 0x02);
	assert_int_equal(rd(&r, T0 + HZ + 59 * 86400 * HZ, RTC_DAY), 0x29);
}

/* Register B's data modes apply to the next read. */
static void data_modes(void **state)
{
	struct rtc r;

	(void)state;
	start(&r, 2031, 7, 15, 13, 5, 42);
	wr(&r, T0, RTC_REG_B, RTC_B_24H | RTC_B_BINARY);
	assert_int_equal(rd(&r, T0, RTC_SECONDS), 42);
	assert_int_equal(rd(&r, T0, RTC_YEAR), 31);
	assert_int_equal(rd(&r, T0, RTC_CENTURY), 20);
	assert_int_equal(rd(&r, T0, RTC_HOURS), 13);
	wr(&r, T0, RTC_REG_B, 0);		/* 12-hour BCD */
	assert_int_equal(rd(&r, T0, RTC_HOURS), 0x81);	/* 1 PM */
	wr(&r, T0, RTC_REG_B, RTC_B_BINARY);	/* 12-hour binary */
	assert_int_equal(rd(&r, T0, RTC_HOURS), 0x81);
	start(&r, 2031, 7, 15, 0, 30, 0);
	wr(&r, T0, RTC_REG_B, 0);
	assert_int_equal(rd(&r, T0, RTC_HOURS), 0x12);	/* 12 AM */
	start(&r, 2031, 7, 15, 12, 0, 0);
	wr(&r, T0, RTC_REG_B, 0);
	assert_int_equal(rd(&r, T0, RTC_HOURS), 0x92);	/* 12 PM */
	wr(&r, T0, RTC_HOURS, 0x87);			/* 7 PM */
	wr(&r, T0, RTC_REG_B, RTC_B_24H);
	assert_int_equal(rd(&r, T0, RTC_HOURS), 0x19);
}

/* UIP: 1 for the 244 us before each update. */
static void update_in_progress(void **state)
{
	const uint64_t window = HZ * RTC_UIP_US / 1000000;
	struct rtc r;
	uint64_t t;

	(void)state;
	start(&r, 2026, 1, 1, 0, 0, 0);
	assert_int_equal(rd(&r, T0, RTC_REG_A) & RTC_A_UIP, 0);
	assert_int_equal(rd(&r, T0 + HZ - window - 1, RTC_REG_A) & RTC_A_UIP,
			 0);
	assert_int_equal(rd(&r, T0 + HZ - window, RTC_REG_A) & RTC_A_UIP,
			 RTC_A_UIP);
	assert_int_equal(rd(&r, T0 + HZ - 1, RTC_REG_A) & RTC_A_UIP,
			 RTC_A_UIP);
	assert_int_equal(rd(&r, T0 + HZ, RTC_REG_A) & RTC_A_UIP, 0);
	/* Linux's wait: while UIP, then read; the time is the next second. */
	t = T0 + 5 * HZ - window / 2;
	while (rd(&r, t, RTC_REG_A) & RTC_A_UIP)
		t += 1000;
	assert_int_equal(rd(&r, t, RTC_SECONDS), 0x05);
	/* UIP is not writable, and SET stops the updates and UIP. */
	wr(&r, T0, RTC_REG_A, 0xa6);
	assert_int_equal(rd(&r, T0, RTC_REG_A), 0x26);
	wr(&r, T0, RTC_REG_B, RTC_B_SET | RTC_B_24H);
	assert_int_equal(rd(&r, T0 + HZ - 1, RTC_REG_A) & RTC_A_UIP, 0);
}

/* Linux's mc146818_set_time(): SET, each register, SET cleared. */
static void set_time(void **state)
{
	struct rtc r;
	uint64_t t = T0 + 10 * HZ + HZ / 2;
	struct rtc_time now;

	(void)state;
	start(&r, 2023, 1, 31, 10, 0, 0);
	wr(&r, t, RTC_REG_B, RTC_B_SET | RTC_B_24H);
	wr(&r, t, RTC_REG_A, 0x70 | 0x06);	/* divider reset, as Linux */
	wr(&r, t, RTC_YEAR, 0x24);
	wr(&r, t, RTC_MONTH, 0x02);
	wr(&r, t, RTC_DAY, 0x29);
	wr(&r, t, RTC_HOURS, 0x23);
	wr(&r, t, RTC_MINUTES, 0x59);
	wr(&r, t, RTC_SECONDS, 0x58);
	/* Stopped while SET: the registers as written. */
	assert_int_equal(rd(&r, t + 100 * HZ, RTC_SECONDS), 0x58);
	assert_int_equal(rd(&r, t + 100 * HZ, RTC_DAY), 0x29);
	wr(&r, t + 100 * HZ, RTC_REG_A, RTC_A_DEFAULT);
	wr(&r, t + 100 * HZ, RTC_REG_B, RTC_B_24H);
	t += 100 * HZ;
	assert_int_equal(rd(&r, t + HZ - 1, RTC_SECONDS), 0x58);
	assert_int_equal(rd(&r, t + 2 * HZ, RTC_SECONDS), 0x00);
	assert_int_equal(rd(&r, t + 2 * HZ, RTC_DAY), 0x01);
	assert_int_equal(rd(&r, t + 2 * HZ, RTC_MONTH), 0x03);
	assert_int_equal(rd(&r, t + 2 * HZ, RTC_WEEKDAY), 6);	/* Friday */
	rtc_now(&r, t + 2 * HZ, &now);
	assert_int_equal(now.year, 2024);
	/* Without SET, a write moves the clock at once, phase kept. */
	wr(&r, t + 2 * HZ, RTC_MINUTES, 0x30);
	assert_int_equal(rd(&r, t + 2 * HZ, RTC_MINUTES), 0x30);
	assert_int_equal(rd(&r, t + 3 * HZ - 1, RTC_SECONDS), 0x00);
	assert_int_equal(rd(&r, t + 3 * HZ, RTC_SECONDS), 0x01);
	/* A write that makes no date is dropped; weekday is read-only. */
	wr(&r, t + 3 * HZ, RTC_DAY, 0x31);		/* March 31: fine */
	wr(&r, t + 3 * HZ, RTC_MONTH, 0x04);		/* April 31: no */
	assert_int_equal(rd(&r, t + 3 * HZ, RTC_MONTH), 0x03);
	wr(&r, t + 3 * HZ, RTC_WEEKDAY, 0x01);
	assert_int_equal(rd(&r, t + 3 * HZ, RTC_WEEKDAY), 1);	/* Sunday */
}

static void ports_and_nvram(void **state)
{
	struct rtc r;
	uint8_t v = 0x8f;

	(void)state;
	start(&r, 2026, 1, 1, 0, 0, 0);
	assert_true(rtc_io(&r, T0, RTC_PORT_INDEX, false, &v));
	assert_true(r.nmi_off);
	assert_int_equal(r.index, RTC_SHUTDOWN);
	v = 0x0a;	/* the shutdown status, as a BIOS reset uses it */
	assert_true(rtc_io(&r, T0, RTC_PORT_DATA, false, &v));
	assert_int_equal(rd(&r, T0, RTC_SHUTDOWN), 0x0a);
	assert_false(r.nmi_off);
	assert_true(rtc_io(&r, T0, RTC_PORT_INDEX, true, &v));
	assert_int_equal(v, 0xff);
	assert_false(rtc_io(&r, T0, 0x72, true, &v));
	wr(&r, T0, 0x7f, 0x42);
	assert_int_equal(rd(&r, T0, 0x7f), 0x42);
	wr(&r, T0, RTC_REG_C, 0xff);
	wr(&r, T0, RTC_REG_D, 0x00);
	assert_int_equal(rd(&r, T0, RTC_REG_C), 0);
	assert_int_equal(rd(&r, T0, RTC_REG_D), RTC_D_VRT);
}

static unsigned int word(struct rtc *r, uint8_t reg)
{
	return rd(r, T0, reg) | rd(r, T0, reg + 1) << 8;
}

static void memory_sizes(void **state)
{
	struct rtc r;
	unsigned int i, sum = 0;

	(void)state;
	start(&r, 2026, 1, 1, 0, 0, 0);
	rtc_set_memory(&r, 256ull << 20);
	assert_int_equal(word(&r, RTC_BASE_MEM_LO), 640);
	assert_int_equal(word(&r, RTC_EXT_MEM_LO), 0xffff);
	assert_int_equal(word(&r, RTC_EXT_MEM2_LO), 0xffff);
	assert_int_equal(word(&r, RTC_HIGH_MEM_LO), (256 - 16) * 16);
	rtc_set_memory(&r, 8ull << 20);
	assert_int_equal(word(&r, RTC_EXT_MEM_LO), 7 * 1024);
	assert_int_equal(word(&r, RTC_HIGH_MEM_LO), 0);
	for (i = 0x10; i < 0x2e; i++)
		sum += rd(&r, T0, (uint8_t)i);
	assert_int_equal(rd(&r, T0, 0x2e) << 8 | rd(&r, T0, 0x2f), sum);
	assert_int_not_equal(sum, 0);
	rtc_set_memory(&r, 512 << 10);
	assert_int_equal(word(&r, RTC_BASE_MEM_LO), 512);
	assert_int_equal(word(&r, RTC_EXT_MEM_LO), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_start),
		cmocka_unit_test(read_bcd_24h),
		cmocka_unit_test(rollover),
		cmocka_unit_test(data_modes),
		cmocka_unit_test(update_in_progress),
		cmocka_unit_test(set_time),
		cmocka_unit_test(ports_and_nvram),
		cmocka_unit_test(memory_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
