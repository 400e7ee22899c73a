/* SPDX-License-Identifier: MIT */
/*
 * lib/text.c: what guest text becomes before Tollgate prints or keeps it.
 * Build: make build/host/test_text
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/text.h"

/* Every byte but NUL: the printable ones stay, the others become '?'. */
static void every_byte(void **state)
{
	char s[256];
	int i;

	(void)state;
	for (i = 1; i < 256; i++)
		s[i - 1] = (char)i;
	s[255] = '\0';
	text_sanitize(s);
	for (i = 1; i < 256; i++) {
		char want = (i >= 0x20 && i < 0x7f) ? (char)i : '?';

		assert_int_equal(s[i - 1], want);
	}
	assert_int_equal(strlen(s), 255);
}

/* A forged console line stays on the line of the prefix printed before it. */
static void forged_lines(void **state)
{
	char s[] = "x\nSUMMARY {}\r\nSTATS {}\x1b[2J\x07\x7f\x80\xff";

	(void)state;
	text_sanitize(s);
	assert_string_equal(s, "x?SUMMARY {}??STATS {}?[2J????");
	assert_null(strchr(s, '\n'));
}

static void empty_and_plain(void **state)
{
	char e[] = "", p[] = "a \"quoted\" \\ message ~";

	(void)state;
	text_sanitize(e);
	assert_string_equal(e, "");
	text_sanitize(p);
	assert_string_equal(p, "a \"quoted\" \\ message ~");
}

static void keys(void **state)
{
	char longest[32], too_long[33];

	(void)state;
	assert_true(text_is_key("split_xchg", 32));
	assert_true(text_is_key("a.b-c_D9", 32));
	assert_true(text_is_key("-", 32));
	assert_false(text_is_key("", 32));
	assert_false(text_is_key("has space", 32));
	assert_false(text_is_key("quote\"", 32));
	assert_false(text_is_key("back\\slash", 32));
	assert_false(text_is_key("nl\n", 32));
	assert_false(text_is_key("esc\x1b", 32));
	assert_false(text_is_key("del\x7f", 32));
	assert_false(text_is_key("high\x80", 32));
	assert_false(text_is_key("colon:", 32));
	memset(longest, 'k', 31);
	longest[31] = '\0';
	assert_true(text_is_key(longest, 32));
	memset(too_long, 'k', 32);
	too_long[32] = '\0';
	/* Not terminated within max bytes: refused, and nothing past read. */
	assert_false(text_is_key(too_long, 32));
	assert_false(text_is_key(longest, 31));
}

static void names(void **state)
{
	(void)state;
	assert_true(text_is_name("xchg", 4));
	assert_true(text_is_name("forger_7-b", 10));
	assert_true(text_is_name("xchg mod", 4));	/* only @len bytes */
	assert_false(text_is_name("", 0));
	assert_false(text_is_name("a.b", 3));	/* NAME.key would break */
	assert_false(text_is_name("a b", 3));
	assert_false(text_is_name("a\x1b[2J", 5));
	assert_false(text_is_name("a\n", 2));
	assert_false(text_is_name("caf\xc3\xa9", 5));
	assert_false(text_is_name("/boot/x.elf", 11));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_byte),
		cmocka_unit_test(forged_lines),
		cmocka_unit_test(empty_and_plain),
		cmocka_unit_test(keys),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
