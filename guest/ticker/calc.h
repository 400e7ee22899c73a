/* SPDX-License-Identifier: MIT */
/*
 * ticker's pure logic: text lines, 64-bit division without libgcc, the
 * command line, and the arithmetic of its measurements.  No port I/O and
 * no inline assembly, so tests/unit/test_ticker.c runs it on the host.
 */
#ifndef TICKER_CALC_H
#define TICKER_CALC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 8254's input clock on a PC, in Hz (1.193182 MHz). */
#define PIT_HZ 1193182u

#define TEXT_MAX 320

/* A line being built; always NUL-terminated, silently truncated. */
struct text {
	char buf[TEXT_MAX];
	unsigned int len;
};

void text_clear(struct text *t);
void text_char(struct text *t, char c);
void text_str(struct text *t, const char *s);
/* @v in decimal, zero-padded to at least @width digits. */
void text_dec(struct text *t, uint64_t v, unsigned int width);
void text_u64(struct text *t, uint64_t v);
void text_hex(struct text *t, uint64_t v);
/* @v thousandths as a decimal number with three decimals: 1193182 "1193.182".
 */
void text_milli(struct text *t, uint64_t v);

/* @n / @d, with the remainder in *@rem if not NULL; @d must not be 0. */
uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem);

/*
 * The value of the last word "@key=N" of @cmdline in *@out: true if found
 * with a decimal N in [@min, @max], false (and *@out untouched) if absent
 * or malformed.
 */
bool param_u32(const char *cmdline, const char *key, uint32_t min, uint32_t max,
	       uint32_t *out);
/* Whether @cmdline has the word @word. */
bool param_word(const char *cmdline, const char *word);
/* Whether @cmdline has a word "@key=..." at all. */
bool param_present(const char *cmdline, const char *key);

/* The 8254 count for @hz interrupts a second, rounded to nearest. */
uint32_t pit_divisor(uint32_t hz);
/* The TSC's kHz from @tsc_delta ticks over @pit_counts PIT input clocks. */
uint32_t tsc_khz_from_pit(uint64_t tsc_delta, uint64_t pit_counts);
/* @tsc ticks in ns at @tsc_khz (exact while tsc * 10^6 fits 64 bits). */
uint64_t tsc_to_ns(uint64_t tsc, uint32_t tsc_khz);
/* Hz of a clock that made @counts cycles in @ns nanoseconds. */
uint64_t rate_hz(uint64_t counts, uint64_t ns);

/* A BCD byte's value; 0xff for a byte that is not BCD. */
unsigned int bcd_to_bin(uint8_t v);
/*
 * The RTC's hour register in 0-23: @bcd and @h24 are register B's DM bit
 * clear and 24/12 bit set; in 12-hour mode bit 7 is PM (MC146818A,
 * "Time, calendar and alarm data modes").
 */
unsigned int rtc_hour(uint8_t raw, bool bcd, bool h24);

#endif
