// SPDX-License-Identifier: MIT
/*
 * The CMOS clock (Motorola MC146818A datasheet): an index at port 0x70,
 * the data at 0x71.  Registers 0-9 hold the time, A-D the status; the
 * century at 0x32 is the IBM PC/AT's CMOS layout, not the chip's.
 */
#include "guest/ticker/io.h"
#include "guest/ticker/ticker.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

/* MC146818A "Address map": the time and status registers. */
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_CENTURY 0x32

#define REG_A_UIP (1 << 7) /* "Register A": update in progress */
#define REG_B_24H (1 << 1) /* "Register B": 24-hour mode */
#define REG_B_DM (1 << 2)  /* "Register B": binary, not BCD */

#define UIP_POLLS 10000000u /* far beyond the 2 ms an update lasts */
#define READ_TRIES 5

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

/* The raw registers, read once UIP is clear; false if it never clears. */
static bool read_raw(uint8_t raw[7])
{
	static const uint8_t regs[7] = { RTC_SECONDS, RTC_MINUTES, RTC_HOURS,
					 RTC_DAY,     RTC_MONTH,   RTC_YEAR,
					 RTC_CENTURY };
	uint32_t polls = 0;
	unsigned int i;

	/*
	 * "Register A", UIP: once it reads 0 the registers stay stable for
	 * at least 244 us, time enough to read them all.
	 */
	while (cmos_read(RTC_REG_A) & REG_A_UIP)
		if (++polls >= UIP_POLLS)
			return false;
	for (i = 0; i < 7; i++)
		raw[i] = cmos_read(regs[i]);
	return true;
}

static unsigned int field(uint8_t raw, bool bcd)
{
	return bcd ? bcd_to_bin(raw) : raw;
}

/*
 * The date and time, read until two reads agree (an update between them
 * would show), in BCD or binary and 12- or 24-hour mode as register B says.
 */
void rtc_read(struct rtc_date *d)
{
	uint8_t a[7], b[7];
	unsigned int i, tries;
	bool bcd, h24;

	d->ok = false;
	if (!read_raw(a))
		return;
	for (tries = 0; tries < READ_TRIES; tries++) {
		if (!read_raw(b))
			return;
		for (i = 0; i < 7 && a[i] == b[i]; i++)
			;
		if (i == 7)
			break;
		for (i = 0; i < 7; i++)
			a[i] = b[i];
	}
	d->reg_b = cmos_read(RTC_REG_B);
	bcd = !(d->reg_b & REG_B_DM);
	h24 = d->reg_b & REG_B_24H;
	d->second = field(a[0], bcd);
	d->minute = field(a[1], bcd);
	d->hour = rtc_hour(a[2], bcd, h24);
	d->day = field(a[3], bcd);
	d->month = field(a[4], bcd);
	d->year = field(a[6], bcd) * 100 + field(a[5], bcd);
	d->ok = tries < READ_TRIES && d->second < 60 && d->minute < 60 &&
		d->hour < 24 && d->day >= 1 && d->day <= 31 && d->month >= 1 &&
		d->month <= 12 && d->year < 10000;
}
