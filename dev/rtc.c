/* SPDX-License-Identifier: MIT */
/*
 * The MC146818A (see dev/rtc.h).  The clock is kept as Unix seconds at a
 * TSC value; the time registers are computed from it at each read, in the
 * data mode of the moment, and a write to one of them moves it.
 */
#include "dev/rtc.h"

#define DAY_SECONDS 86400

/* Days from 1970-01-01 to the date (the proleptic Gregorian calendar). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void civil_from_days(int64_t z, struct rtc_time *t)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	t->day = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	t->month = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	t->year = (unsigned int)(yoe + era * 400 + (t->month <= 2));
}

static int64_t seconds_of(const struct rtc_time *t)
{
	return days_from_civil(t->year, t->month, t->day) * DAY_SECONDS +
	       t->hour * 3600 + t->minute * 60 + t->second;
}

static void time_of(int64_t s, struct rtc_time *t)
{
	int64_t days = s / DAY_SECONDS, rem = s % DAY_SECONDS;

	civil_from_days(days, t);
	t->hour = (unsigned int)(rem / 3600);
	t->minute = (unsigned int)(rem / 60 % 60);
	t->second = (unsigned int)(rem % 60);
}

static bool leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid(const struct rtc_time *t)
{
	static const uint8_t mdays[12] = { 31, 28, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31 };

	unsigned int last;

	if (t->year < 1970 || t->year > 9999 || t->month < 1 || t->month > 12)
		return false;
	last = mdays[t->month - 1] + (t->month == 2 && leap(t->year));
	return t->day >= 1 && t->day <= last && t->hour < 24 &&
	       t->minute < 60 && t->second < 60;
}

static bool setting(const struct rtc *r)
{
	return r->ram[RTC_REG_B] & RTC_B_SET;
}

/* The running clock's seconds at @tsc. */
static int64_t seconds_at(const struct rtc *r, uint64_t tsc)
{
	uint64_t d = tsc > r->base_tsc ? tsc - r->base_tsc : 0;

	return r->base_seconds + (int64_t)(d / r->tsc_hz);
}

/* The time registers: while SET is 1, as written, checked or not. */
void rtc_now(const struct rtc *r, uint64_t tsc, struct rtc_time *t)
{
	if (setting(r))
		*t = r->frozen;
	else
		time_of(seconds_at(r, tsc), t);
}

/* "Update Cycle": UIP is 1 from 244 us before each update to it. */
static bool update_in_progress(const struct rtc *r, uint64_t tsc)
{
	uint64_t d = tsc > r->base_tsc ? tsc - r->base_tsc : 0;
	uint64_t window = r->tsc_hz * RTC_UIP_US / 1000000;

	return !setting(r) && d % r->tsc_hz >= r->tsc_hz - window;
}

static bool binary(const struct rtc *r)
{
	return r->ram[RTC_REG_B] & RTC_B_BINARY;
}

static uint8_t encode(const struct rtc *r, unsigned int v)
{
	return (uint8_t)(binary(r) ? v : (v / 10) << 4 | v % 10);
}

static unsigned int decode(const struct rtc *r, uint8_t v)
{
	return binary(r) ? v : (v >> 4) * 10u + (v & 15);
}

/* Hours in 12-hour mode are 1-12 with bit 7 for PM (Table 2). */
static uint8_t encode_hour(const struct rtc *r, unsigned int h)
{
	if (r->ram[RTC_REG_B] & RTC_B_24H)
		return encode(r, h);
	return (uint8_t)(encode(r, h % 12 ? h % 12 : 12) |
			 (h >= 12 ? RTC_HOUR_PM : 0));
}

static unsigned int decode_hour(const struct rtc *r, uint8_t v)
{
	unsigned int h;

	if (r->ram[RTC_REG_B] & RTC_B_24H)
		return decode(r, v);
	h = decode(r, v & ~RTC_HOUR_PM) % 12;
	return (v & RTC_HOUR_PM) ? h + 12 : h;
}

/* 1 is Sunday; 1970-01-01 was a Thursday. */
static unsigned int weekday(const struct rtc_time *t)
{
	if (!valid(t))
		return 1;
	return (unsigned int)((days_from_civil(t->year, t->month, t->day) + 4) %
			      7 + 1);
}

static uint8_t read_time(const struct rtc *r, uint64_t tsc, uint8_t reg)
{
	struct rtc_time t;

	rtc_now(r, tsc, &t);
	switch (reg) {
	case RTC_SECONDS:
		return encode(r, t.second);
	case RTC_MINUTES:
		return encode(r, t.minute);
	case RTC_HOURS:
		return encode_hour(r, t.hour);
	case RTC_WEEKDAY:
		return encode(r, weekday(&t));
	case RTC_DAY:
		return encode(r, t.day);
	case RTC_MONTH:
		return encode(r, t.month);
	case RTC_YEAR:
		return encode(r, t.year % 100);
	default:
		return encode(r, t.year / 100);
	}
}

/*
 * A time register written: while SET is 1 it holds what was written;
 * else the clock moves to the date it makes, keeping the phase of its
 * second, unless that is no date (then the write is dropped).
 */
static void write_time(struct rtc *r, uint64_t tsc, uint8_t reg, uint8_t v)
{
	struct rtc_time t;
	unsigned int x = reg == RTC_HOURS ? decode_hour(r, v) : decode(r, v);

	rtc_now(r, tsc, &t);
	switch (reg) {
	case RTC_SECONDS:
		t.second = x;
		break;
	case RTC_MINUTES:
		t.minute = x;
		break;
	case RTC_HOURS:
		t.hour = x;
		break;
	case RTC_DAY:
		t.day = x;
		break;
	case RTC_MONTH:
		t.month = x;
		break;
	case RTC_YEAR:
		t.year = t.year / 100 * 100 + x % 100;
		break;
	default:
		t.year = x * 100 + t.year % 100;
	}
	if (setting(r))
		r->frozen = t;
	else if (valid(&t))
		r->base_seconds += seconds_of(&t) - seconds_at(r, tsc);
}

static bool is_time(uint8_t reg)
{
	return reg == RTC_SECONDS || reg == RTC_MINUTES || reg == RTC_HOURS ||
	       (reg >= RTC_WEEKDAY && reg <= RTC_YEAR) || reg == RTC_CENTURY;
}

static uint8_t read_reg(struct rtc *r, uint64_t tsc, uint8_t reg)
{
	if (is_time(reg))
		return read_time(r, tsc, reg);
	if (reg == RTC_REG_A)
		return (uint8_t)(r->ram[reg] |
				 (update_in_progress(r, tsc) ? RTC_A_UIP : 0));
	if (reg == RTC_REG_C)
		return 0;
	if (reg == RTC_REG_D)
		return RTC_D_VRT;
	return r->ram[reg];
}

/*
 * Register B's SET stops the updates; clearing it starts the clock from
 * the registers, its next update a second later.  If they make no date,
 * the clock goes on as if it had not been stopped.
 */
static void write_reg_b(struct rtc *r, uint64_t tsc, uint8_t v)
{
	bool was = setting(r);

	if (!was && (v & RTC_B_SET))
		time_of(seconds_at(r, tsc), &r->frozen);
	if (was && !(v & RTC_B_SET)) {
		r->base_seconds = valid(&r->frozen) ? seconds_of(&r->frozen) :
						      seconds_at(r, tsc);
		r->base_tsc = tsc;
	}
	r->ram[RTC_REG_B] = v;
}

static void write_reg(struct rtc *r, uint64_t tsc, uint8_t reg, uint8_t v)
{
	if (reg == RTC_WEEKDAY)
		return;		/* computed from the date */
	if (is_time(reg))
		write_time(r, tsc, reg, v);
	else if (reg == RTC_REG_A)
		r->ram[reg] = v & RTC_A_WRITABLE;
	else if (reg == RTC_REG_B)
		write_reg_b(r, tsc, v);
	else if (reg != RTC_REG_C && reg != RTC_REG_D)
		r->ram[reg] = v;
}

bool rtc_io(struct rtc *r, uint64_t tsc, uint16_t port, bool in,
	    uint8_t *val)
{
	if (port == RTC_PORT_INDEX) {
		if (in) {
			*val = 0xff;	/* write-only */
		} else {
			r->index = *val & 0x7f;
			r->nmi_off = *val & RTC_INDEX_NMI_OFF;
		}
		return true;
	}
	if (port != RTC_PORT_DATA)
		return false;
	if (in)
		*val = read_reg(r, tsc, r->index);
	else
		write_reg(r, tsc, r->index, *val);
	return true;
}

static void put16(struct rtc *r, uint8_t reg, uint64_t v)
{
	if (v > 0xffff)
		v = 0xffff;
	r->ram[reg] = (uint8_t)v;
	r->ram[reg + 1] = (uint8_t)(v >> 8);
}

void rtc_set_memory(struct rtc *r, uint64_t ram_bytes)
{
	const uint64_t kib = 1024, mib = 1024 * kib;
	uint64_t ext = ram_bytes > mib ? (ram_bytes - mib) / kib : 0;
	uint64_t high = ram_bytes > 16 * mib ?
				(ram_bytes - 16 * mib) / (64 * kib) : 0;
	unsigned int i, sum = 0;

	put16(r, RTC_BASE_MEM_LO, ram_bytes >= 640 * kib ? 640 :
							   ram_bytes / kib);
	put16(r, RTC_EXT_MEM_LO, ext);
	put16(r, RTC_EXT_MEM2_LO, ext);
	put16(r, RTC_HIGH_MEM_LO, high);
	for (i = 0x10; i < RTC_CHECKSUM_HI; i++)
		sum += r->ram[i];
	r->ram[RTC_CHECKSUM_HI] = (uint8_t)(sum >> 8);
	r->ram[RTC_CHECKSUM_HI + 1] = (uint8_t)sum;
}

bool rtc_init(struct rtc *r, uint64_t tsc_hz, uint64_t tsc_now,
	      const struct rtc_time *start)
{
	if (!tsc_hz || !valid(start))
		return false;
	*r = (struct rtc){
		.tsc_hz = tsc_hz,
		.base_tsc = tsc_now,
		.base_seconds = seconds_of(start),
	};
	r->ram[RTC_REG_A] = RTC_A_DEFAULT;
	r->ram[RTC_REG_B] = RTC_B_DEFAULT;
	return true;
}
