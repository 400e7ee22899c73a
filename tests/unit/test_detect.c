/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/detect.c: the detect= key's values as the command line
 * parses them (lib/cmdline.c), and what each comes to on CPUs with each set
 * of bus-lock features.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/detect.h"
#include "lib/cmdline.h"

#define UNSET (-77)

static int detect;
static const struct cmdline_key key = { .name = "detect",
					.parse = cmdline_enum,
					.dst = &detect,
					.choices = detect_choices };

/* detect=@val parsed alone: its choice, or UNSET with the error in @errs. */
static int parse(const char *val, struct cmdline_errors *errs)
{
	char line[64];

	snprintf(line, sizeof(line), "detect=%s", val);
	detect = UNSET;
	cmdline_parse(line, &key, 1, errs);
	return detect;
}

static void test_parse_each_value(void **state)
{
	static const struct {
		const char *val;
		int choice;
	} cases[] = {
		{ "auto", DETECT_AUTO },
		{ "hw", DETECT_HW },
		{ "soft", DETECT_CHOOSE_SOFT },
		{ "none", DETECT_CHOOSE_NONE },
		{ "threshold", DETECT_CHOOSE_THRESHOLD },
		{ "vmexit", DETECT_CHOOSE_VMEXIT },
		{ "db", DETECT_CHOOSE_DB },
	};
	struct cmdline_errors errs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].val, &errs), cases[i].choice);
		assert_int_equal(errs.count, 0);
	}
}

/* A bad value names the key, the value and every choice; detect is kept. */
static void test_parse_bad_values(void **state)
{
	static const char *const bad[] = { "DB", "thresh", "vmexits",
					   "d",	 "",	   "db,vmexit" };
	struct cmdline_errors errs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &errs), UNSET);
		assert_int_equal(errs.count, 1);
		assert_non_null(strstr(errs.msg[0], "detect"));
		if (bad[i][0])
			assert_non_null(strstr(errs.msg[0],
					       "auto|hw|soft|none|threshold|"
					       "vmexit|db"));
	}
}

static const struct detect_offer nothing;
static const struct detect_offer soft_only = { .soft = true };
static const struct detect_offer amd = { .threshold = true, .soft = false };
static const struct detect_offer intel = { .vmexit = true,
					   .db = true,
					   .soft = true };
static const struct detect_offer intel_db = { .db = true, .soft = true };

/* @choice on @offer: mode @mode, an error (containing @error) or none. */
static void expect(enum detect_choice choice, const struct detect_offer *offer,
		   enum detect_mode mode, const char *error)
{
	struct detect_resolution r = detect_resolve(choice, offer);

	assert_int_equal(r.mode, mode);
	if (error) {
		assert_non_null(r.error);
		assert_non_null(strstr(r.error, error));
	} else {
		assert_null(r.error);
	}
}

static void test_each_source_alone(void **state)
{
	(void)state;
	expect(DETECT_CHOOSE_THRESHOLD, &amd, DETECT_THRESHOLD, NULL);
	expect(DETECT_CHOOSE_VMEXIT, &intel, DETECT_VMEXIT, NULL);
	expect(DETECT_CHOOSE_DB, &intel, DETECT_DB, NULL);
	expect(DETECT_CHOOSE_DB, &intel_db, DETECT_DB, NULL);
}

/* A source the CPU lacks: no detection and an error that names it. */
static void test_missing_source(void **state)
{
	(void)state;
	expect(DETECT_CHOOSE_THRESHOLD, &intel, DETECT_NONE,
	       "detect=threshold: this CPU has no Bus Lock Threshold");
	expect(DETECT_CHOOSE_VMEXIT, &amd, DETECT_NONE,
	       "detect=vmexit: this CPU has no bus-lock VM exit");
	expect(DETECT_CHOOSE_VMEXIT, &intel_db, DETECT_NONE, "bit 30");
	expect(DETECT_CHOOSE_DB, &amd, DETECT_NONE, "detect=db:");
	expect(DETECT_CHOOSE_DB, &nothing, DETECT_NONE, "ECX[24]");
	expect(DETECT_CHOOSE_THRESHOLD, &soft_only, DETECT_NONE,
	       "not detected");
}

static void test_hw_auto_soft_none(void **state)
{
	struct detect_resolution r;

	(void)state;
	expect(DETECT_HW, &amd, DETECT_THRESHOLD, NULL);
	expect(DETECT_HW, &intel, DETECT_VMEXIT, NULL);
	expect(DETECT_HW, &intel_db, DETECT_DB, NULL);
	expect(DETECT_HW, &soft_only, DETECT_NONE, "detect=hw");
	expect(DETECT_AUTO, &intel, DETECT_VMEXIT, NULL);
	expect(DETECT_AUTO, &amd, DETECT_THRESHOLD, NULL);
	expect(DETECT_CHOOSE_SOFT, &intel, DETECT_SOFT, NULL);
	expect(DETECT_CHOOSE_SOFT, &amd, DETECT_NONE, "monitor trap flag");
	expect(DETECT_CHOOSE_NONE, &intel, DETECT_NONE, NULL);
	expect(DETECT_CHOOSE_NONE, &nothing, DETECT_NONE, NULL);

	/* auto on a CPU without the hardware: soft, with the warning. */
	r = detect_resolve(DETECT_AUTO, &soft_only);
	assert_int_equal(r.mode, DETECT_SOFT);
	assert_true(r.soft_warning);
	assert_null(r.error);
	r = detect_resolve(DETECT_AUTO, &nothing);
	assert_int_equal(r.mode, DETECT_NONE);
	assert_true(r.soft_warning);
	assert_non_null(r.error);
	r = detect_resolve(DETECT_AUTO, &intel);
	assert_false(r.soft_warning);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_each_value),
		cmocka_unit_test(test_parse_bad_values),
		cmocka_unit_test(test_each_source_alone),
		cmocka_unit_test(test_missing_source),
		cmocka_unit_test(test_hw_auto_soft_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
