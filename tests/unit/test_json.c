/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/json.c.  Build and run from the repository root:
 *
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. \
 *       -fsanitize=address,undefined tests/unit/test_json.c lib/json.c \
 *       lib/format.c -lcmocka -o /tmp/test_json && /tmp/test_json
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/json.h"

#define BUF_LEN 512
#define GUARD 8			/* bytes after the buffer that must stay put */

static char buf[BUF_LEN];
static struct json j;

static void start(void)
{
	memset(buf, '#', sizeof(buf));
	json_init(&j, buf, sizeof(buf));
}

static void test_empty_containers(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_object_end(&j);
	assert_string_equal(buf, "{}");
	assert_true(json_ok(&j));
	assert_int_equal(j.len, 2);

	start();
	json_array_begin(&j);
	json_array_end(&j);
	assert_string_equal(buf, "[]");
	assert_true(json_ok(&j));
}

static void test_scalars_at_top_level(void **state)
{
	(void)state;
	start();
	json_u64(&j, 7);
	assert_string_equal(buf, "7");
	assert_true(json_ok(&j));
	start();
	json_string(&j, "x");
	assert_string_equal(buf, "\"x\"");
	assert_true(json_ok(&j));
	start();
	json_null(&j);
	assert_string_equal(buf, "null");
	assert_true(json_ok(&j));
}

/* Writes a document that uses every call; @full is what it must produce. */
static void write_sample(struct json *w)
{
	json_object_begin(w);
	json_kv_string(w, "name", "tollgate");
	json_kv_u64(w, "cpus", 4);
	json_kv_i64(w, "delta", -12);
	json_kv_bool(w, "pass", true);
	json_kv_bool(w, "vmx", false);
	json_key(w, "none");
	json_null(w);
	json_key(w, "list");
	json_array_begin(w);
	json_u64(w, 1);
	json_string(w, "two");
	json_array_begin(w);
	json_array_end(w);
	json_object_begin(w);
	json_kv_i64(w, "x", 0);
	json_object_end(w);
	json_bool(w, false);
	json_array_end(w);
	json_key(w, "empty");
	json_object_begin(w);
	json_object_end(w);
	json_key(w, "raw");
	json_string_n(w, "abcdef", 3);
	json_object_end(w);
}

static const char sample[] =
	"{\"name\":\"tollgate\",\"cpus\":4,\"delta\":-12,\"pass\":true,"
	"\"vmx\":false,\"none\":null,\"list\":[1,\"two\",[],{\"x\":0},false],"
	"\"empty\":{},\"raw\":\"abc\"}";

static void test_nesting_and_commas(void **state)
{
	(void)state;
	start();
	write_sample(&j);
	assert_string_equal(buf, sample);
	assert_int_equal(j.len, strlen(sample));
	assert_true(json_ok(&j));
	assert_int_equal(j.depth, 0);
}

static void test_arrays_of_arrays(void **state)
{
	(void)state;
	start();
	json_array_begin(&j);
	json_array_begin(&j);
	json_array_end(&j);
	json_array_begin(&j);
	json_i64(&j, -1);
	json_i64(&j, 2);
	json_array_end(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_null(&j);
	json_array_end(&j);
	assert_string_equal(buf, "[[],[-1,2],{},null]");
	assert_true(json_ok(&j));
}

static void test_number_extremes(void **state)
{
	(void)state;
	start();
	json_array_begin(&j);
	json_i64(&j, INT64_MIN);
	json_i64(&j, INT64_MAX);
	json_u64(&j, UINT64_MAX);
	json_u64(&j, 0);
	json_i64(&j, 0);
	json_array_end(&j);
	assert_string_equal(buf, "[-9223372036854775808,9223372036854775807,"
				 "18446744073709551615,0,0]");
	assert_true(json_ok(&j));
}

static void test_escaping(void **state)
{
	(void)state;
	start();
	json_array_begin(&j);
	json_string(&j, "q\"b\\s/");
	json_string(&j, "\n\t\r\b\f");
	json_string(&j, "\x01\x1f\x7f \x1b");
	json_string(&j, "caf\xc3\xa9");
	json_string(&j, "");
	json_array_end(&j);
	assert_string_equal(buf,
			    "[\"q\\\"b\\\\s/\",\"\\n\\t\\r\\b\\f\","
			    "\"\\u0001\\u001f\\u007f \\u001b\","
			    "\"caf\\u00c3\\u00a9\",\"\"]");
	assert_true(json_ok(&j));
}

static void test_key_escaping(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_kv_u64(&j, "a\"b\n", 1);
	json_object_end(&j);
	assert_string_equal(buf, "{\"a\\\"b\\n\":1}");
	assert_true(json_ok(&j));
}

static void test_string_n(void **state)
{
	static const char raw[] = { 'a', '\0', 'b', '"' };

	(void)state;
	start();
	json_array_begin(&j);
	json_string_n(&j, "hello", 2);
	json_string_n(&j, "hello", 0);
	/* Only @len bytes are read, and a NUL among them is escaped. */
	json_string_n(&j, raw, sizeof(raw));
	json_string_n(&j, NULL, 3);
	json_string(&j, NULL);
	json_array_end(&j);
	assert_string_equal(buf, "[\"he\",\"\",\"a\\u0000b\\\"\",null,null]");
	assert_true(json_ok(&j));
}

/*
 * Every buffer too small for the sample gives an exact prefix of it,
 * NUL-terminated, json_ok() false, and no write past the buffer.
 */
static void test_overflow_every_size(void **state)
{
	const size_t full = strlen(sample);
	char small[sizeof(sample) + GUARD];
	size_t size, i;

	(void)state;
	for (size = 0; size <= full + 1; size++) {
		memset(small, '#', sizeof(small));
		json_init(&j, small, size);
		write_sample(&j);
		if (size == full + 1) {
			assert_true(json_ok(&j));
			assert_string_equal(small, sample);
		} else {
			assert_false(json_ok(&j));
			assert_true(j.overflow);
		}
		if (size > 0) {
			assert_int_equal(strlen(small), size - 1 < full ?
							size - 1 : full);
			assert_memory_equal(small, sample, strlen(small));
		}
		for (i = size; i < sizeof(small); i++)
			assert_int_equal(small[i], '#');
	}
}

static void test_overflow_null_buffer(void **state)
{
	(void)state;
	json_init(&j, NULL, 16);
	json_array_begin(&j);
	json_array_end(&j);
	assert_false(json_ok(&j));
	assert_true(j.overflow);
	assert_int_equal(j.len, 0);
}

/* Once overflowed, even output that would fit is not written. */
static void test_overflow_stops_output(void **state)
{
	char small[6];

	(void)state;
	json_init(&j, small, sizeof(small));
	json_array_begin(&j);
	json_string(&j, "long string");
	json_u64(&j, 1);
	assert_string_equal(small, "[\"lon");
	assert_false(json_ok(&j));
}

static void test_misuse_end_without_begin(void **state)
{
	(void)state;
	start();
	json_object_end(&j);
	assert_false(json_ok(&j));
	assert_true(j.misuse);
	assert_string_equal(buf, "");

	start();
	json_array_end(&j);
	assert_true(j.misuse);
	assert_string_equal(buf, "");
}

static void test_misuse_wrong_closer(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_array_end(&j);
	assert_true(j.misuse);
	assert_false(json_ok(&j));
	assert_string_equal(buf, "{");

	start();
	json_array_begin(&j);
	json_object_end(&j);
	assert_true(j.misuse);
	assert_string_equal(buf, "[");
}

/* The writer stops at the misuse, so the output ends where it happened. */
static void test_misuse_value_without_key(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_kv_u64(&j, "a", 1);
	json_u64(&j, 2);
	json_kv_u64(&j, "b", 3);
	json_object_end(&j);
	assert_true(j.misuse);
	assert_false(json_ok(&j));
	assert_string_equal(buf, "{\"a\":1");
}

static void test_misuse_keys(void **state)
{
	(void)state;
	start();
	json_array_begin(&j);
	json_key(&j, "k");
	assert_true(j.misuse);
	assert_string_equal(buf, "[");

	start();
	json_key(&j, "k");
	assert_true(j.misuse);
	assert_string_equal(buf, "");

	start();
	json_object_begin(&j);
	json_key(&j, "a");
	json_key(&j, "b");
	assert_true(j.misuse);
	assert_string_equal(buf, "{\"a\":");

	start();
	json_object_begin(&j);
	json_key(&j, NULL);
	assert_true(j.misuse);
	assert_string_equal(buf, "{");
}

static void test_misuse_key_without_value(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_key(&j, "a");
	json_object_end(&j);
	assert_true(j.misuse);
	assert_false(json_ok(&j));
	assert_string_equal(buf, "{\"a\":");
}

static void test_misuse_second_top_level_value(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_object_end(&j);
	json_u64(&j, 1);
	assert_true(j.misuse);
	assert_false(json_ok(&j));
	assert_string_equal(buf, "{}");
}

static void test_unclosed_is_not_ok(void **state)
{
	(void)state;
	start();
	json_object_begin(&j);
	json_kv_u64(&j, "a", 1);
	assert_false(json_ok(&j));
	assert_false(j.misuse);
	assert_false(j.overflow);
	assert_string_equal(buf, "{\"a\":1");
	json_object_end(&j);
	assert_true(json_ok(&j));
}

static void test_depth_limit(void **state)
{
	char want[2 * JSON_MAX_DEPTH + 1];
	int i;

	(void)state;
	start();
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&j);
	assert_int_equal(j.depth, JSON_MAX_DEPTH);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_end(&j);
	assert_true(json_ok(&j));
	memset(want, '[', JSON_MAX_DEPTH);
	memset(want + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
	want[2 * JSON_MAX_DEPTH] = '\0';
	assert_string_equal(buf, want);

	/* One level more is misuse, and nothing further is written. */
	start();
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&j);
	json_object_begin(&j);
	assert_true(j.misuse);
	assert_int_equal(j.depth, JSON_MAX_DEPTH);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_end(&j);
	assert_false(json_ok(&j));
	assert_int_equal(strlen(buf), JSON_MAX_DEPTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_scalars_at_top_level),
		cmocka_unit_test(test_nesting_and_commas),
		cmocka_unit_test(test_arrays_of_arrays),
		cmocka_unit_test(test_number_extremes),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_key_escaping),
		cmocka_unit_test(test_string_n),
		cmocka_unit_test(test_overflow_every_size),
		cmocka_unit_test(test_overflow_null_buffer),
		cmocka_unit_test(test_overflow_stops_output),
		cmocka_unit_test(test_misuse_end_without_begin),
		cmocka_unit_test(test_misuse_wrong_closer),
		cmocka_unit_test(test_misuse_value_without_key),
		cmocka_unit_test(test_misuse_keys),
		cmocka_unit_test(test_misuse_key_without_value),
		cmocka_unit_test(test_misuse_second_top_level_value),
		cmocka_unit_test(test_unclosed_is_not_ok),
		cmocka_unit_test(test_depth_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
