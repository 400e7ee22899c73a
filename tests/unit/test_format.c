/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/format.c.  Build and run from the repository root:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. \
 *       -fsanitize=address,undefined tests/unit/test_format.c lib/format.c \
 *       -lcmocka -o /tmp/test_format && /tmp/test_format
 *
 * Where C99 defines the result, ksnprintf() is compared with the host's
 * snprintf(); %p, NULL %s and unknown conversions are Tollgate's own and are
 * checked against exact strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>

#include "lib/format.h"

#define OUT_LEN 512

/* One row of the table: the same call to snprintf and ksnprintf. */
#define SAME(...)							\
	do {								\
		char want_[OUT_LEN], got_[OUT_LEN];			\
		int wn_ = snprintf(want_, sizeof(want_), __VA_ARGS__);	\
		int gn_ = ksnprintf(got_, sizeof(got_), __VA_ARGS__);	\
		check_same(#__VA_ARGS__, want_, wn_, got_, gn_);	\
	} while (0)

static void check_same(const char *call, const char *want, int wn,
		       const char *got, int gn)
{
	if (strcmp(want, got) != 0 || wn != gn)
		print_message("mismatch for (%s): want \"%s\" (%d)\n", call,
			      want, wn);
	assert_string_equal(got, want);
	assert_int_equal(gn, wn);
}

/*
 * A row whose format GCC's -Wformat would flag (an ignored '0' or ' ' flag,
 * an empty format) though C99 defines its result: passed as a non-literal.
 */
static void same_odd(const char *fmt, ...)
{
	char want[OUT_LEN], got[OUT_LEN];
	va_list ap, aq;
	int wn, gn;

	va_start(ap, fmt);
	va_copy(aq, ap);
	wn = vsnprintf(want, sizeof(want), fmt, aq);
	va_end(aq);
	gn = kvsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	check_same(fmt, want, wn, got, gn);
}

/* ksnprintf into a roomy buffer, checking the result and return value. */
#define EXPECT(want, ...)						\
	do {								\
		char got_[OUT_LEN];					\
		int gn_ = ksnprintf(got_, sizeof(got_), __VA_ARGS__);	\
		assert_string_equal(got_, want);			\
		assert_int_equal(gn_, (int)strlen(want));		\
	} while (0)

static void test_host_signed(void **state)
{
	(void)state;
	SAME("%d", 0);
	SAME("%d|%d|%d", 42, -42, 7);
	SAME("%d %d", INT_MAX, INT_MIN);
	SAME("%i", -7);
	SAME("[%5d] [%-5d] [%05d]", 42, 42, -42);
	same_odd("[%-05d] [%0-5d]", 42, -42);
	SAME("%+d %+d % d % d", 42, -42, 42, -42);
	same_odd("[%+ d] [% +d] [% +d]", 42, 42, -42);
	SAME("%+d % d", 0, 0);
	SAME("[%.3d] [%.3d] [%8.3d] [%-8.3d]", 7, -7, -7, -7);
	SAME("[%+.3d] [%010d]", 7, INT_MIN);
	same_odd("[%08.3d] [%08.0d] [%-08.3d]", 7, 0, -7);
	SAME("[%.0d] [%5.0d] [%+.0d] [% .0d] [%-3.0d]", 0, 0, 0, 0, 0);
	SAME("[%.0d] [%.1d]", 1, 0);
	SAME("[%.300d]", -1);
	SAME("[%3d] [%1d]", 12345, -12345);
}

static void test_host_unsigned(void **state)
{
	(void)state;
	SAME("%u %u %u", 0u, 1u, UINT_MAX);
	SAME("%u", -1);
	SAME("%x %X %x", 255u, 0xabcdefu, 0u);
	SAME("%o %o %o", 0u, 8u, 0777u);
	SAME("[%#x] [%#X] [%#x] [%#o] [%#o]", 255u, 255u, 0u, 8u, 0u);
	SAME("[%#.0o] [%.0o] [%#.0x] [%.0x] [%#.3o] [%#5o]", 0u, 0u, 0u, 0u,
	     8u, 8u);
	SAME("[%#8x] [%#-8x] [%#08x] [%08x] [%-8X]", 255u, 255u, 255u, 255u,
	     0xbeefu);
	SAME("[%.5o] [%.5x] [%8.5x] [%#.5x]", 8u, 255u, 255u, 255u);
	same_odd("[%08.5x] [%#08.5x]", 255u, 255u);
	SAME("[%5u] [%-5u] [%05u] [%.2u]", 7u, 7u, 7u, 7u);
}

static void test_host_lengths(void **state)
{
	(void)state;
	SAME("%hhd %hhd %hhd %hhu %hhx", 255, 128, 127, 256, 0x1ff);
	SAME("%hd %hd %hu %hx %ho", 65535, 32768, 70000, -1, -1);
	SAME("%ld %ld %lu %lx", LONG_MIN, LONG_MAX, ULONG_MAX, ULONG_MAX);
	SAME("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
	SAME("%llx %llX %llo %#llo", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX,
	     ULLONG_MAX);
	SAME("%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	SAME("%zu %zx %zd %zd", SIZE_MAX, SIZE_MAX, (ssize_t)-5,
	     (ssize_t)SSIZE_MAX);
	SAME("%td %td %tx", (ptrdiff_t)-3, PTRDIFF_MAX, (ptrdiff_t)255);
	SAME("%jd %jd %ju %jx", INTMAX_MIN, INTMAX_MAX, UINTMAX_MAX,
	     UINTMAX_MAX);
	SAME("[%-22lld] [%+25lld] [%030llu]", LLONG_MIN, LLONG_MAX,
	     ULLONG_MAX);
}

static void test_host_text(void **state)
{
	(void)state;
	SAME("%c%c%c", 'a', 'B', '~');
	SAME("[%3c] [%-3c] [%1c]", 'x', 'y', 'z');
	SAME("%s|%s|%s", "hi", "", "hello, world");
	SAME("[%5s] [%-5s] [%2s]", "ab", "ab", "abcdef");
	SAME("[%.1s] [%.0s] [%5.1s] [%-5.1s] [%.10s]", "ab", "ab", "ab",
	     "ab", "ab");
	SAME("100%% %%d %c%%", 'x');
	SAME("plain text, no conversions");
	same_odd("");
	SAME("a%db%sc%xd%ce", 1, "two", 3u, '4');
}

static void test_host_star(void **state)
{
	(void)state;
	SAME("[%*d] [%-*d] [%*d]", 5, 42, 5, 42, -5, 42);
	SAME("[%.*d] [%.*d] [%.*d]", 3, 7, -1, 7, 0, 0);
	SAME("[%*.*d] [%-*.*d]", 8, 3, -7, 8, 3, -7);
	SAME("[%*s] [%*s] [%.*s] [%*.*s]", 6, "ab", -6, "ab", 2, "hello", -6,
	     2, "hello");
	SAME("[%0*d] [%0*d]", 5, -42, -5, 42);
	SAME("[%*c] [%*c]", 3, 'q', -3, 'q');
	SAME("[%*x] [%#*x]", 0, 255u, 7, 255u);
}

static void test_int64_extremes(void **state)
{
	(void)state;
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("9223372036854775807", "%lld", (long long)INT64_MAX);
	EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT("1777777777777777777777", "%llo",
	       (unsigned long long)UINT64_MAX);
	EXPECT("-8000000000000000", "-%llx", (unsigned long long)INT64_MIN);
}

static void test_pointer(void **state)
{
	(void)state;
	EXPECT("0x0000000000001234", "%p", (void *)0x1234);
	EXPECT("0x0000000000000000", "%p", NULL);
	EXPECT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	EXPECT("0xdeadbeefcafef00d", "%p", (void *)0xdeadbeefcafef00dull);
	EXPECT("[  0x0000000000000001]", "[%20p]", (void *)1);
	EXPECT("[0x0000000000000001  ]", "[%-20p]", (void *)1);
	EXPECT("[0x0000000000000001]", "[%5p]", (void *)1);
}


/* Precision bounds the read: the string need not be terminated. */
static void test_string_precision_unterminated(void **state)
{
	char raw[3] = { 'a', 'b', 'c' };

	(void)state;
	EXPECT("abc", "%.3s", raw);
	EXPECT("ab", "%.*s", 2, raw);
}

/* ksnprintf under a non-literal format, so -Wformat lets odd ones through. */
static int format_odd(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_unknown_conversions(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(format_odd(buf, sizeof(buf), "%y"), 2);
	assert_string_equal(buf, "%y");
	assert_int_equal(format_odd(buf, sizeof(buf), "a%5.2yb"), 7);
	assert_string_equal(buf, "a%5.2yb");
	assert_int_equal(format_odd(buf, sizeof(buf), "[%lq]%d", 9), 6);
	assert_string_equal(buf, "[%lq]9");
	assert_int_equal(format_odd(buf, sizeof(buf), "abc%"), 4);
	assert_string_equal(buf, "abc%");
	assert_int_equal(format_odd(buf, sizeof(buf), "x%-08l"), 6);
	assert_string_equal(buf, "x%-08l");
	assert_int_equal(format_odd(buf, sizeof(buf), "%f"), 2);
	assert_string_equal(buf, "%f");
}

/* glibc agrees on "(null)" but prints nothing for "%.3s", so no host check. */
static void test_null_string(void **state)
{
	const char *null = NULL;
	char buf[32];

	(void)state;
	assert_int_equal(format_odd(buf, sizeof(buf), "%s", null), 6);
	assert_string_equal(buf, "(null)");
	assert_int_equal(format_odd(buf, sizeof(buf), "[%8s] [%-8s]", null,
				    null), 21);
	assert_string_equal(buf, "[  (null)] [(null)  ]");
	assert_int_equal(format_odd(buf, sizeof(buf), "%.3s", null), 3);
	assert_string_equal(buf, "(nu");
}

static void test_nul_char(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(ksnprintf(buf, sizeof(buf), "a%cb", 0), 3);
	assert_memory_equal(buf, "a\0b\0", 4);
}

/* Every buffer size, checked against snprintf with a guard byte after. */
static void check_all_sizes(const char *fmt, ...)
{
	char want[OUT_LEN], got[OUT_LEN];
	va_list ap, aq;
	size_t size, full;
	int wn, gn;

	va_start(ap, fmt);
	va_copy(aq, ap);
	full = (size_t)vsnprintf(want, sizeof(want), fmt, aq);
	va_end(aq);
	for (size = 0; size <= full + 2; size++) {
		memset(got, '#', sizeof(got));
		memset(want, '#', sizeof(want));
		va_copy(aq, ap);
		wn = vsnprintf(want, size, fmt, aq);
		va_end(aq);
		va_copy(aq, ap);
		gn = kvsnprintf(got, size, fmt, aq);
		va_end(aq);
		assert_int_equal(gn, wn);
		assert_int_equal(gn, (int)full);
		assert_memory_equal(got, want, full + 3);
		if (size)
			assert_int_equal(strlen(got), size - 1 < full ?
						      size - 1 : full);
	}
	va_end(ap);
}

static void test_truncation_every_size(void **state)
{
	(void)state;
	check_all_sizes("hello");
	check_all_sizes("%d:%s:%#x", -12345, "abc", 0xbeefu);
	check_all_sizes("%-10s|%10s", "left", "right");
	check_all_sizes("");
}

static void test_truncation_return(void **state)
{
	char buf[8] = "zzzzzzz";

	(void)state;
	assert_int_equal(ksnprintf(NULL, 0, "hello"), 5);
	assert_int_equal(ksnprintf(buf, 0, "hello"), 5);
	assert_string_equal(buf, "zzzzzzz");
	assert_int_equal(ksnprintf(buf, 1, "hello"), 5);
	assert_string_equal(buf, "");
	assert_int_equal(ksnprintf(buf, 5, "hello"), 5);
	assert_string_equal(buf, "hell");
	assert_int_equal(ksnprintf(buf, 6, "hello"), 5);
	assert_string_equal(buf, "hello");
	assert_int_equal(buf[6], 'z');
	assert_int_equal(ksnprintf(buf, 3, "%d", 123456), 6);
	assert_string_equal(buf, "12");
}

struct collect {
	char text[64];
	size_t n;
};

static void collect_sink(void *ctx, char c)
{
	struct collect *col = ctx;

	if (col->n < sizeof(col->text))
		col->text[col->n] = c;
	col->n++;
}

static int collect_v(struct collect *col, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_v(collect_sink, col, fmt, ap);
	va_end(ap);
	return n;
}

/* format_v sends every character, NUL included, and counts them. */
static void test_format_v_sink(void **state)
{
	struct collect col = { .n = 0 };

	(void)state;
	assert_int_equal(collect_v(&col, "x=%d%c[%4s]", -5, 0, "ab"), 11);
	assert_int_equal(col.n, 11);
	assert_memory_equal(col.text, "x=-5\0[  ab]", 11);
	col.n = 0;
	assert_int_equal(collect_v(&col, ""), 0);
	assert_int_equal(col.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_signed),
		cmocka_unit_test(test_host_unsigned),
		cmocka_unit_test(test_host_lengths),
		cmocka_unit_test(test_host_text),
		cmocka_unit_test(test_host_star),
		cmocka_unit_test(test_int64_extremes),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_string_precision_unterminated),
		cmocka_unit_test(test_unknown_conversions),
		cmocka_unit_test(test_nul_char),
		cmocka_unit_test(test_truncation_every_size),
		cmocka_unit_test(test_truncation_return),
		cmocka_unit_test(test_format_v_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
