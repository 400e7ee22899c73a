/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/string.c.  Build and run from the repository root:
 *
 *   gcc -std=gnu11 -O2 -g -fno-builtin -Wall -Wextra -Werror -I. \
 *       -fsanitize=address,undefined tests/unit/test_string.c \
 *       -lcmocka -o /tmp/test_string && /tmp/test_string
 *
 * lib/string.c defines the C library's own names, so it is #included below
 * under renamed symbols (tg_memset, ...) and checked against the host's C
 * library.  -fno-builtin is a second guard: GCC knows nothing of the tg_
 * names, and lib/string.c's NO_LIBCALLS keeps its loops from becoming calls
 * to the host's memset, so `make unit-test` (which leaves it out) tests the
 * same code.
 */
#define memset tg_memset
#define memcpy tg_memcpy
#define memmove tg_memmove
#define memcmp tg_memcmp
#define strlen tg_strlen
#define strnlen tg_strnlen
#define strcmp tg_strcmp
#define strncmp tg_strncmp
#define strchr tg_strchr
#include "lib/string.c"
#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define AREA 96			/* bytes in each test area */
#define MAXLEN 40		/* longest copy or fill tried */
#define ALIGNS 9		/* start offsets 0..8 cover every alignment */

static unsigned char got[AREA], want[AREA];

/* Fills both areas with the same non-repeating pattern. */
static void fill_pattern(void)
{
	size_t i;

	for (i = 0; i < AREA; i++)
		got[i] = want[i] = (unsigned char)(i * 7 + 1);
}

static void test_memset(void **state)
{
	size_t off, n;

	(void)state;
	for (off = 0; off < ALIGNS; off++) {
		for (n = 0; n <= MAXLEN; n++) {
			fill_pattern();
			assert_ptr_equal(tg_memset(got + off, 0x1ab, n),
					 got + off);
			memset(want + off, 0xab, n);
			assert_memory_equal(got, want, AREA);
		}
	}
}

static void test_memset_zero_and_high_byte(void **state)
{
	unsigned char buf[20];

	(void)state;
	memset(buf, 0x55, sizeof(buf));
	tg_memset(buf + 1, 0, 17);
	assert_int_equal(buf[0], 0x55);
	assert_int_equal(buf[1], 0);
	assert_int_equal(buf[17], 0);
	assert_int_equal(buf[18], 0x55);
	tg_memset(buf, -1, sizeof(buf));
	assert_int_equal(buf[0], 0xff);
	assert_int_equal(buf[19], 0xff);
}

static void test_memcpy(void **state)
{
	static unsigned char src[AREA];
	size_t doff, soff, n, i;

	(void)state;
	for (i = 0; i < AREA; i++)
		src[i] = (unsigned char)(200 - i);
	for (doff = 0; doff < ALIGNS; doff++) {
		for (soff = 0; soff < ALIGNS; soff++) {
			for (n = 0; n <= MAXLEN; n++) {
				fill_pattern();
				assert_ptr_equal(tg_memcpy(got + doff,
							   src + soff, n),
						 got + doff);
				memcpy(want + doff, src + soff, n);
				assert_memory_equal(got, want, AREA);
			}
		}
	}
}

/* Every overlap, both directions, every relative alignment. */
static void test_memmove_overlap(void **state)
{
	size_t doff, soff, n;

	(void)state;
	for (doff = 0; doff < 20; doff++) {
		for (soff = 0; soff < 20; soff++) {
			for (n = 0; n <= MAXLEN; n++) {
				fill_pattern();
				assert_ptr_equal(tg_memmove(got + doff,
							    got + soff, n),
						 got + doff);
				memmove(want + doff, want + soff, n);
				assert_memory_equal(got, want, AREA);
			}
		}
	}
}

static void test_memmove_same_and_empty(void **state)
{
	char buf[] = "abcdef";

	(void)state;
	assert_ptr_equal(tg_memmove(buf, buf, 6), buf);
	assert_string_equal(buf, "abcdef");
	assert_ptr_equal(tg_memmove(buf + 1, buf, 0), buf + 1);
	assert_string_equal(buf, "abcdef");
	tg_memmove(buf + 1, buf, 5);
	assert_string_equal(buf, "aabcde");
	tg_memmove(buf, buf + 2, 4);
	assert_string_equal(buf, "bcdede");
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_memcmp(void **state)
{
	(void)state;
	assert_int_equal(tg_memcmp("abc", "abd", 0), 0);
	assert_int_equal(tg_memcmp("abc", "abc", 3), 0);
	assert_int_equal(tg_memcmp("abc", "abd", 2), 0);
	assert_int_equal(sign(tg_memcmp("abc", "abd", 3)), -1);
	assert_int_equal(sign(tg_memcmp("abd", "abc", 3)), 1);
	/* Bytes compare as unsigned char: 0x80 is above 0x7f. */
	assert_int_equal(sign(tg_memcmp("\x80", "\x7f", 1)), 1);
	assert_int_equal(sign(tg_memcmp("a\0b", "a\0c", 3)), -1);
}

static void test_strlen_strnlen(void **state)
{
	(void)state;
	assert_int_equal(tg_strlen(""), 0);
	assert_int_equal(tg_strlen("a"), 1);
	assert_int_equal(tg_strlen("hello, world"), 12);
	assert_int_equal(tg_strnlen("hello", 0), 0);
	assert_int_equal(tg_strnlen("hello", 3), 3);
	assert_int_equal(tg_strnlen("hello", 5), 5);
	assert_int_equal(tg_strnlen("hello", 99), 5);
	assert_int_equal(tg_strnlen("", 4), 0);
}

/* strnlen must not read past @max: an unterminated buffer is allowed. */
static void test_strnlen_unterminated(void **state)
{
	char buf[4] = { 'a', 'b', 'c', 'd' };

	(void)state;
	assert_int_equal(tg_strnlen(buf, sizeof(buf)), 4);
	assert_int_equal(tg_strnlen(buf, 2), 2);
}

static void test_strcmp(void **state)
{
	(void)state;
	assert_int_equal(tg_strcmp("", ""), 0);
	assert_int_equal(tg_strcmp("abc", "abc"), 0);
	assert_int_equal(sign(tg_strcmp("abc", "abd")), -1);
	assert_int_equal(sign(tg_strcmp("abd", "abc")), 1);
	assert_int_equal(sign(tg_strcmp("ab", "abc")), -1);
	assert_int_equal(sign(tg_strcmp("abc", "ab")), 1);
	assert_int_equal(sign(tg_strcmp("", "a")), -1);
	assert_int_equal(sign(tg_strcmp("\xff", "a")), 1);
}

static void test_strncmp(void **state)
{
	(void)state;
	assert_int_equal(tg_strncmp("abc", "xyz", 0), 0);
	assert_int_equal(tg_strncmp("abc", "abd", 2), 0);
	assert_int_equal(sign(tg_strncmp("abc", "abd", 3)), -1);
	assert_int_equal(sign(tg_strncmp("ab", "abc", 3)), -1);
	assert_int_equal(sign(tg_strncmp("abc", "ab", 5)), 1);
	/* Nothing after a common terminator is compared. */
	assert_int_equal(tg_strncmp("ab\0x", "ab\0y", 4), 0);
	assert_int_equal(sign(tg_strncmp("\x80", "\x01", 1)), 1);
}

static void test_strchr(void **state)
{
	const char *s = "hello";

	(void)state;
	assert_ptr_equal(tg_strchr(s, 'h'), s);
	assert_ptr_equal(tg_strchr(s, 'l'), s + 2);
	assert_ptr_equal(tg_strchr(s, 'o'), s + 4);
	assert_null(tg_strchr(s, 'z'));
	assert_ptr_equal(tg_strchr(s, '\0'), s + 5);
	assert_null(tg_strchr("", 'a'));
	/* @c is converted to char, so 0x100 + 'e' finds 'e'. */
	assert_ptr_equal(tg_strchr(s, 0x100 + 'e'), s + 1);
}

/* A byte above 0x7f is found whether @c is passed as 0xe9 or as (char). */
/*
 * str_copy_within(): every string length against every limit, at every
 * alignment, from the end of an allocation exactly @n bytes long, so that
 * a read past the limit is an AddressSanitizer error.
 */
static void test_str_copy_within(void **state)
{
	size_t len, n, a, i;

	(void)state;
	for (n = 0; n <= MAXLEN; n++) {
		for (len = 0; len <= MAXLEN; len++) {
			for (a = 0; a < ALIGNS; a++) {
				char *blk = malloc(a + n + 1), *src = blk + a;
				char dst[MAXLEN + 8];
				bool ends = len < n;

				assert_non_null(blk);
				for (i = 0; i < n; i++)
					src[i] = (char)(i == len ? 0 :
							'A' + (i * 5 + a) % 26);
				memset(dst, '#', sizeof(dst));
				assert_int_equal(str_copy_within(dst, src, n),
						 ends);
				assert_memory_equal(dst, src,
						    ends ? len + 1 : n);
				for (i = ends ? len + 1 : n; i < sizeof(dst); i++)
					assert_int_equal(dst[i], '#');
				free(blk);
			}
		}
	}
}

static void test_strchr_high_byte(void **state)
{
	const char *s = "a\xe9";

	(void)state;
	assert_ptr_equal(tg_strchr(s, 0xe9), s + 1);
	assert_ptr_equal(tg_strchr(s, (char)0xe9), s + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memset_zero_and_high_byte),
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_memmove_same_and_empty),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strnlen_unterminated),
		cmocka_unit_test(test_strcmp),
		cmocka_unit_test(test_strncmp),
		cmocka_unit_test(test_strchr),
		cmocka_unit_test(test_strchr_high_byte),
		cmocka_unit_test(test_str_copy_within),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
