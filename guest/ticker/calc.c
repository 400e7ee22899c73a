// SPDX-License-Identifier: MIT
/* ticker's pure logic (calc.h): compiled for the guest and for the host. */
#include "guest/ticker/calc.h"

#include <stddef.h>

void text_clear(struct text *t)
{
	t->len = 0;
	t->buf[0] = '\0';
}

void text_char(struct text *t, char c)
{
	if (t->len + 1 >= TEXT_MAX)
		return;
	t->buf[t->len++] = c;
	t->buf[t->len] = '\0';
}

void text_str(struct text *t, const char *s)
{
	while (*s)
		text_char(t, *s++);
}

void text_dec(struct text *t, uint64_t v, unsigned int width)
{
	char digits[20];
	unsigned int n = 0;
	uint64_t rem;

	do {
		v = udiv64(v, 10, &rem);
		digits[n++] = (char)('0' + rem);
	} while (v);
	for (; width > n; width--)
		text_char(t, '0');
	while (n)
		text_char(t, digits[--n]);
}

void text_u64(struct text *t, uint64_t v)
{
	text_dec(t, v, 1);
}

void text_hex(struct text *t, uint64_t v)
{
	int shift = 60;

	text_str(t, "0x");
	while (shift > 0 && !((v >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		text_char(t, "0123456789abcdef"[(v >> shift) & 0xf]);
}

void text_milli(struct text *t, uint64_t v)
{
	uint64_t frac;

	text_u64(t, udiv64(v, 1000, &frac));
	text_char(t, '.');
	text_dec(t, frac, 3);
}

/*
 * Restoring division, one quotient bit per step: 32-bit code has no 64-bit
 * divide, and ticker does not link libgcc's __udivdi3.  The carry keeps it
 * right for divisors of 2^63 and more.
 */
uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = 0;
	int i;

	for (i = 63; i >= 0; i--) {
		bool carry = r >> 63;

		r = (r << 1) | ((n >> i) & 1);
		if (carry || r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	if (rem)
		*rem = r;
	return q;
}

/* The length of the word at @s (up to a space or the end). */
static size_t word_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

/* Whether the word at @s, of @len bytes, starts with @prefix. */
static bool word_starts(const char *s, size_t len, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if (i >= len || s[i] != prefix[i])
			return false;
	return true;
}

/* The last word of @cmdline that starts with "@key=", or NULL; its length. */
static const char *last_value(const char *cmdline, const char *key,
			      size_t *vlen)
{
	const char *found = NULL;
	size_t klen = 0;

	if (!cmdline)
		return NULL;
	while (key[klen])
		klen++;
	while (*cmdline) {
		size_t len = word_len(cmdline);

		if (len > klen && cmdline[klen] == '=' &&
		    word_starts(cmdline, len, key)) {
			found = cmdline + klen + 1;
			*vlen = len - klen - 1;
		}
		cmdline += len;
		while (*cmdline == ' ')
			cmdline++;
	}
	return found;
}

bool param_u32(const char *cmdline, const char *key, uint32_t min, uint32_t max,
	       uint32_t *out)
{
	size_t len = 0, i;
	const char *v = last_value(cmdline, key, &len);
	uint64_t n = 0;

	if (!v || len == 0 || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		n = n * 10 + (uint64_t)(v[i] - '0');
	}
	if (n < min || n > max)
		return false;
	*out = (uint32_t)n;
	return true;
}

bool param_present(const char *cmdline, const char *key)
{
	size_t len;

	return last_value(cmdline, key, &len) != NULL;
}

bool param_word(const char *cmdline, const char *word)
{
	size_t wlen = word_len(word);

	if (!cmdline)
		return false;
	while (*cmdline) {
		size_t len = word_len(cmdline);

		if (len == wlen && word_starts(cmdline, len, word))
			return true;
		cmdline += len;
		while (*cmdline == ' ')
			cmdline++;
	}
	return false;
}

uint32_t pit_divisor(uint32_t hz)
{
	return (uint32_t)udiv64(PIT_HZ + hz / 2, hz, NULL);
}

uint32_t tsc_khz_from_pit(uint64_t tsc_delta, uint64_t pit_counts)
{
	return (uint32_t)udiv64(tsc_delta * PIT_HZ, pit_counts * 1000, NULL);
}

uint64_t tsc_to_ns(uint64_t tsc, uint32_t tsc_khz)
{
	return udiv64(tsc * 1000000, tsc_khz, NULL);
}

uint64_t rate_hz(uint64_t counts, uint64_t ns)
{
	return udiv64(counts * 1000000000, ns, NULL);
}

unsigned int bcd_to_bin(uint8_t v)
{
	if ((v & 0xf) > 9 || (v >> 4) > 9)
		return 0xff;
	return (v >> 4) * 10 + (v & 0xf);
}

unsigned int rtc_hour(uint8_t raw, bool bcd, bool h24)
{
	bool pm = !h24 && (raw & 0x80);
	unsigned int h = h24 ? raw : (raw & 0x7f);

	if (bcd)
		h = bcd_to_bin((uint8_t)h);
	if (!h24)
		h = (h % 12) + (pm ? 12 : 0); /* 12 AM is 0, 12 PM is 12 */
	return h;
}
