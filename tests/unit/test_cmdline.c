/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/cmdline.c.  Build and run from the repository root:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. \
 *       -fsanitize=address,undefined tests/unit/test_cmdline.c \
 *       lib/cmdline.c -lcmocka -o /tmp/test_cmdline && /tmp/test_cmdline
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/cmdline.h"

#define UNSET_INT (-77)
#define UNSET_U64 0x5a5a5a5a5a5a5a5aull
#define EXIT_CHOICES "auto|qemu|bochs|halt"

static const char *const exit_choices[] = { "auto", "qemu", "bochs", "halt",
					    NULL };
static const char *const fault_choices[] = { "none", "ud", "gp", "pf", "de",
					     NULL };

static int exit_mode, debug_fault;
static uint64_t count, mask;

static const struct cmdline_key keys[] = {
	{ .name = "exit", .parse = cmdline_enum, .dst = &exit_mode,
	  .choices = exit_choices },
	{ .name = "debug.fault", .parse = cmdline_enum, .dst = &debug_fault,
	  .choices = fault_choices },
	{ .name = "xchg.count", .parse = cmdline_u64, .dst = &count,
	  .min = 1, .max = 1000000 },
	{ .name = "mask", .parse = cmdline_u64, .dst = &mask,
	  .min = 0, .max = UINT64_MAX },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* The errors with a guard after them, to catch a message overrunning. */
static struct {
	struct cmdline_errors e;
	char guard[64];
} errs;

static int reset(void **state)
{
	(void)state;
	exit_mode = debug_fault = UNSET_INT;
	count = mask = UNSET_U64;
	/* Junk, so that the test sees cmdline_parse() clear it. */
	memset(&errs, '#', sizeof(errs));
	return 0;
}

/* Checks that every message is terminated and the guard is intact. */
static void check_bounds(void)
{
	size_t i;

	for (i = 0; i < CMDLINE_MAX_ERRORS; i++)
		assert_true(memchr(errs.e.msg[i], '\0', CMDLINE_ERROR_LEN));
	for (i = 0; i < sizeof(errs.guard); i++)
		assert_int_equal(errs.guard[i], '#');
}

static unsigned int parse(const char *line)
{
	unsigned int n = cmdline_parse(line, keys, NKEYS, &errs.e);

	check_bounds();
	assert_int_equal(n, errs.e.count + errs.e.dropped);
	return n;
}

/* Parses @line, expecting exactly one error with message @msg. */
static void expect_one_error(const char *line, const char *msg)
{
	assert_int_equal(parse(line), 1);
	assert_int_equal(errs.e.count, 1);
	assert_int_equal(errs.e.dropped, 0);
	assert_string_equal(errs.e.msg[0], msg);
}

static void expect_untouched(void)
{
	assert_int_equal(exit_mode, UNSET_INT);
	assert_int_equal(debug_fault, UNSET_INT);
	assert_true(count == UNSET_U64);
	assert_true(mask == UNSET_U64);
}

static void test_null_and_empty(void **state)
{
	static const struct cmdline_errors zero;

	(void)state;
	assert_int_equal(parse(NULL), 0);
	/* The junk reset() left is cleared completely. */
	assert_memory_equal(&errs.e, &zero, sizeof(zero));
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse("  \t \n "), 0);
	assert_int_equal(errs.e.count, 0);
	expect_untouched();
}

static void test_known_keys(void **state)
{
	(void)state;
	assert_int_equal(parse("exit=qemu debug.fault=pf xchg.count=500 "
			       "mask=0xFFffFFffFFffFFff"), 0);
	assert_int_equal(exit_mode, 1);
	assert_int_equal(debug_fault, 3);
	assert_true(count == 500);
	assert_true(mask == UINT64_MAX);
	assert_int_equal(parse("exit=auto debug.fault=de"), 0);
	assert_int_equal(exit_mode, 0);
	assert_int_equal(debug_fault, 4);
}

static void test_whitespace(void **state)
{
	(void)state;
	assert_int_equal(parse("  exit=halt \t\t debug.fault=ud   \n"), 0);
	assert_int_equal(exit_mode, 3);
	assert_int_equal(debug_fault, 1);
	assert_int_equal(parse("\texit=bochs\r\n"), 0);
	assert_int_equal(exit_mode, 2);
}

static void test_duplicate_key_last_wins(void **state)
{
	(void)state;
	assert_int_equal(parse("exit=qemu exit=halt"), 0);
	assert_int_equal(exit_mode, 3);
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_one_error("foo=1", "unknown key 'foo'");
	expect_one_error("exit=qemu Exit=halt", "unknown key 'Exit'");
	assert_int_equal(exit_mode, 1);
	expect_one_error("exitx=qemu", "unknown key 'exitx'");
	expect_one_error("exi=qemu", "unknown key 'exi'");
}

static void test_word_without_equals(void **state)
{
	(void)state;
	expect_one_error("garbage", "'garbage': expected key=value");
	expect_one_error("exit=qemu quiet", "'quiet': expected key=value");
	expect_one_error("=foo", "'=foo': expected key=value");
	expect_one_error("exit=halt =", "'=': expected key=value");
	assert_int_equal(exit_mode, 3);
}

static void test_empty_value(void **state)
{
	(void)state;
	expect_one_error("exit=",
			 "exit: empty value (expected one of " EXIT_CHOICES
			 ")");
	expect_one_error("xchg.count=",
			 "xchg.count: empty value (expected a number)");
	expect_untouched();
}

static void test_bad_enum_value(void **state)
{
	(void)state;
	expect_one_error("exit=xyz", "exit: bad value 'xyz' (expected one of "
			 EXIT_CHOICES ")");
	expect_one_error("exit=QEMU", "exit: bad value 'QEMU' (expected one of "
			 EXIT_CHOICES ")");
	expect_one_error("exit=qem", "exit: bad value 'qem' (expected one of "
			 EXIT_CHOICES ")");
	expect_one_error("exit=qemu=1", "exit: bad value 'qemu=1' (expected "
			 "one of " EXIT_CHOICES ")");
	expect_one_error("debug.fault=x", "debug.fault: bad value 'x' "
			 "(expected one of none|ud|gp|pf|de)");
	expect_untouched();
}

static void test_bad_number(void **state)
{
	(void)state;
	expect_one_error("xchg.count=12a", "xchg.count: bad number '12a'");
	expect_one_error("xchg.count=-1", "xchg.count: bad number '-1'");
	expect_one_error("xchg.count=+5", "xchg.count: bad number '+5'");
	expect_one_error("xchg.count=0x", "xchg.count: bad number '0x'");
	expect_one_error("xchg.count=0xg", "xchg.count: bad number '0xg'");
	expect_one_error("xchg.count=1.5", "xchg.count: bad number '1.5'");
	expect_one_error("xchg.count=x10", "xchg.count: bad number 'x10'");
	/* A stray character outranks an overflow before it. */
	expect_one_error("mask=99999999999999999999z",
			 "mask: bad number '99999999999999999999z'");
	expect_untouched();
}

static void test_number_range(void **state)
{
	(void)state;
	expect_one_error("xchg.count=0",
			 "xchg.count: 0 is out of range 1..1000000");
	expect_one_error("xchg.count=1000001",
			 "xchg.count: 1000001 is out of range 1..1000000");
	expect_one_error("xchg.count=0xF4241",
			 "xchg.count: 1000001 is out of range 1..1000000");
	expect_untouched();
	assert_int_equal(parse("xchg.count=1"), 0);
	assert_true(count == 1);
	assert_int_equal(parse("xchg.count=1000000"), 0);
	assert_true(count == 1000000);
	assert_int_equal(parse("xchg.count=0xf4240"), 0);
	assert_true(count == 1000000);
	assert_int_equal(parse("xchg.count=0X10"), 0);
	assert_true(count == 16);
	assert_int_equal(parse("xchg.count=007"), 0);
	assert_true(count == 7);
}

static void test_u64_limits(void **state)
{
	(void)state;
	assert_int_equal(parse("mask=18446744073709551615"), 0);
	assert_true(mask == UINT64_MAX);
	assert_int_equal(parse("mask=0"), 0);
	assert_true(mask == 0);
	mask = UNSET_U64;
	expect_one_error("mask=18446744073709551616",
			 "mask: '18446744073709551616' is out of range "
			 "0..18446744073709551615");
	expect_one_error("mask=0x10000000000000000",
			 "mask: '0x10000000000000000' is out of range "
			 "0..18446744073709551615");
	assert_true(mask == UNSET_U64);
}

static void test_image_path_skipped(void **state)
{
	(void)state;
	assert_int_equal(parse("/boot/tollgate.elf exit=qemu"), 0);
	assert_int_equal(exit_mode, 1);
	assert_int_equal(parse("  /boot/tollgate.elf"), 0);
	assert_int_equal(parse("tollgate/x.elf exit=halt"), 0);
	assert_int_equal(exit_mode, 3);
}

static void test_slash_word_not_first(void **state)
{
	(void)state;
	/* Only the first word may be an image path. */
	expect_one_error("exit=qemu /boot/x.elf",
			 "'/boot/x.elf': expected key=value");
	/* A first word with '/' and '=' is an ordinary key=value. */
	expect_one_error("a/b=c exit=halt", "unknown key 'a/b'");
	assert_int_equal(exit_mode, 3);
	expect_one_error("/boot/x=qemu", "unknown key '/boot/x'");
}

static void test_several_errors(void **state)
{
	(void)state;
	assert_int_equal(parse("foo=1 exit=bad bar xchg.count=0 exit=qemu"),
			 4);
	assert_int_equal(errs.e.count, 4);
	assert_string_equal(errs.e.msg[0], "unknown key 'foo'");
	assert_string_equal(errs.e.msg[1], "exit: bad value 'bad' (expected "
			    "one of " EXIT_CHOICES ")");
	assert_string_equal(errs.e.msg[2], "'bar': expected key=value");
	assert_string_equal(errs.e.msg[3],
			    "xchg.count: 0 is out of range 1..1000000");
	assert_int_equal(exit_mode, 1);
	assert_true(count == UNSET_U64);
}

static void test_too_many_errors(void **state)
{
	(void)state;
	assert_int_equal(parse("a0=1 a1 a2=1 a3=1 a4=1 a5=1 a6=1 a7=1 a8=1 "
			       "a9=1 a10 exit=halt a11=1"), 12);
	assert_int_equal(errs.e.count, CMDLINE_MAX_ERRORS);
	assert_int_equal(errs.e.dropped, 12 - CMDLINE_MAX_ERRORS);
	assert_string_equal(errs.e.msg[0], "unknown key 'a0'");
	assert_string_equal(errs.e.msg[1], "'a1': expected key=value");
	assert_string_equal(errs.e.msg[7], "unknown key 'a7'");
	/* Parsing goes on after the list is full. */
	assert_int_equal(exit_mode, 3);
}

/* @prefix, @n copies of @c and @suffix, in a static buffer. */
static const char *long_word(const char *prefix, char c, size_t n,
			     const char *suffix)
{
	static char line[512];
	size_t p = strlen(prefix);

	memcpy(line, prefix, p);
	memset(line + p, c, n);
	strcpy(line + p + n, suffix);
	return line;
}

static void test_long_key_and_value(void **state)
{
	(void)state;
	expect_one_error(long_word("", 'k', 300, "=1"),
			 "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'");
	expect_one_error(long_word("exit=", 'v', 300, ""),
			 "exit: bad value 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvv...' "
			 "(expected one of " EXIT_CHOICES ")");
	expect_one_error(long_word("xchg.count=", '9', 300, ""),
			 "xchg.count: '99999999999999999999999999999...' is "
			 "out of range 1..1000000");
	expect_one_error(long_word("", 'w', 400, ""),
			 "'wwwwwwwwwwwwwwwwwwwwwwwwwwwww...': expected "
			 "key=value");
	/* Exactly 32 characters are shown as they are. */
	expect_one_error(long_word("", 'k', 32, "=1"),
			 "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk'");
	expect_untouched();
}

static const char *const many_choices[] = {
	"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
	"hotel", "india", "juliett", "kilo", "lima", "mike", NULL
};

/* A message longer than CMDLINE_ERROR_LEN is cut and ends in "...". */
static void test_message_cut(void **state)
{
	static int dst = UNSET_INT;
	const struct cmdline_key k = { .name = "letters",
				       .parse = cmdline_enum, .dst = &dst,
				       .choices = many_choices };
	const char *msg = errs.e.msg[0];
	size_t len;

	(void)state;
	assert_int_equal(cmdline_parse("letters=zulu", &k, 1, &errs.e), 1);
	check_bounds();
	len = strlen(msg);
	assert_int_equal(len, CMDLINE_ERROR_LEN - 1);
	assert_memory_equal(msg, "letters: bad value 'zulu' (expected one of "
			    "alpha|bravo|", 55);
	assert_string_equal(msg + len - 3, "...");
	assert_int_equal(dst, UNSET_INT);
}

static void test_parsers_direct(void **state)
{
	const struct cmdline_key *exit_key = &keys[0], *count_key = &keys[2];
	char why[12];

	(void)state;
	assert_true(cmdline_enum(exit_key, "bochsXYZ", 5, why, sizeof(why)));
	assert_int_equal(exit_mode, 2);
	assert_true(cmdline_u64(count_key, "42junk", 2, why, sizeof(why)));
	assert_true(count == 42);
	/* A short @why is cut with "..." and stays terminated. */
	memset(why, '#', sizeof(why));
	assert_false(cmdline_enum(exit_key, "nope", 4, why, sizeof(why)));
	assert_string_equal(why, "bad valu...");
	assert_false(cmdline_u64(count_key, "0", 1, why, 1));
	assert_string_equal(why, "");
	assert_false(cmdline_u64(count_key, "0", 1, NULL, 0));
	assert_int_equal(exit_mode, 2);
	assert_true(count == 42);
}

static bool refuse_silently(const struct cmdline_key *key, const char *val,
			    size_t len, char *why, size_t whylen)
{
	(void)key;
	(void)val;
	(void)len;
	(void)why;
	(void)whylen;
	return false;
}

/* A parser that gives no reason still yields a message naming the value. */
static void test_parser_without_reason(void **state)
{
	const struct cmdline_key k = { .name = "k", .parse = refuse_silently };

	(void)state;
	assert_int_equal(cmdline_parse("k=v", &k, 1, &errs.e), 1);
	assert_string_equal(errs.e.msg[0], "k: bad value 'v'");
}

static void test_null_errors(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("foo=1 bar exit=qemu", keys, NKEYS,
				       NULL), 2);
	assert_int_equal(exit_mode, 1);
	assert_int_equal(cmdline_parse("exit=halt", NULL, 0, &errs.e), 1);
	assert_string_equal(errs.e.msg[0], "unknown key 'exit'");
}

/* What a message quotes of the line is printable: '?' for the rest. */
static void test_unprintable_quoted(void **state)
{
	(void)state;
	expect_one_error("\x1b[2J=1", "unknown key '?[2J'");
	expect_one_error("caf\xc3\xa9=\x7f", "unknown key 'caf?" "?'");
	expect_one_error("exit=\x1b]0;x\x07", "exit: bad value '?]0;x?' "
			 "(expected one of " EXIT_CHOICES ")");
	expect_one_error("\x01\x02", "'?" "?': expected key=value");
}

#define TEST(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_null_and_empty),
		TEST(test_known_keys),
		TEST(test_whitespace),
		TEST(test_duplicate_key_last_wins),
		TEST(test_unknown_key),
		TEST(test_word_without_equals),
		TEST(test_empty_value),
		TEST(test_bad_enum_value),
		TEST(test_bad_number),
		TEST(test_number_range),
		TEST(test_u64_limits),
		TEST(test_image_path_skipped),
		TEST(test_slash_word_not_first),
		TEST(test_several_errors),
		TEST(test_too_many_errors),
		TEST(test_long_key_and_value),
		TEST(test_message_cut),
		TEST(test_parsers_direct),
		TEST(test_parser_without_reason),
		TEST(test_null_errors),
		TEST(test_unprintable_quoted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
