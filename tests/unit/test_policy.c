/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/policy.c: parsing and printing off|warn|ratelimit:N|
 * fatal, the command-line adapter through the real command-line parser,
 * and the verdicts on batches of bus locks against a fake clock.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_policy.c lib/policy.c lib/ratelimit.c lib/cmdline.c lib/format.c -lcmocka -o /tmp/test_policy && /tmp/test_policy
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/blthreshold.h"
#include "lib/cmdline.h"
#include "lib/policy.h"

#define SEC 1000000ull
#define MS 1000ull
#define T0 987654321ull
#define EXPECTED " (expected off|warn|ratelimit:N|fatal)"
#define RATE_MSG "ratelimit: N must be 1..1000000, not "

static const struct buslock_policy junk = { .mode = (enum buslock_mode)77,
					    .rate = 0xdeadbeef };

/* Parses the NUL-terminated @s, expecting success. */
static struct buslock_policy parse_ok(const char *s)
{
	struct buslock_policy p = junk;
	char why[96] = "untouched";

	assert_int_equal(policy_parse(s, strlen(s), &p, why, sizeof(why)), 0);
	assert_string_equal(why, "untouched");
	return p;
}

static void test_parse_modes(void **state)
{
	struct buslock_policy p;

	(void)state;
	p = parse_ok("off");
	assert_int_equal(p.mode, BUSLOCK_OFF);
	assert_int_equal(p.rate, 0);
	p = parse_ok("warn");
	assert_int_equal(p.mode, BUSLOCK_WARN);
	assert_int_equal(p.rate, 0);
	p = parse_ok("fatal");
	assert_int_equal(p.mode, BUSLOCK_FATAL);
	assert_int_equal(p.rate, 0);
	p = parse_ok("ratelimit:1");
	assert_int_equal(p.mode, BUSLOCK_RATELIMIT);
	assert_int_equal(p.rate, 1);
	p = parse_ok("ratelimit:1000000");
	assert_int_equal(p.rate, 1000000);
	p = parse_ok("ratelimit:0100");
	assert_int_equal(p.rate, 100);
	p = parse_ok("ratelimit:00000000000000000000042");
	assert_int_equal(p.rate, 42);

	/* Only @len bytes count: no NUL is needed after them. */
	p = junk;
	assert_int_equal(policy_parse("warnings", 4, &p, NULL, 0), 0);
	assert_int_equal(p.mode, BUSLOCK_WARN);
	assert_int_equal(policy_parse("ratelimit:123456", 13, &p, NULL, 0), 0);
	assert_int_equal(p.rate, 123);
}

/* Parses @s, expecting error @err with message @msg and *out untouched. */
static void parse_bad(const char *s, int err, const char *msg)
{
	struct buslock_policy p = junk;
	char why[96];

	memset(why, '#', sizeof(why));
	assert_int_equal(policy_parse(s, strlen(s), &p, why, sizeof(why)),
			 -err);
	assert_string_equal(why, msg);
	assert_memory_equal(&p, &junk, sizeof(p));
}

static void test_parse_errors(void **state)
{
	(void)state;
	parse_bad("", POLICY_EMODE, "bad policy ''" EXPECTED);
	parse_bad("x", POLICY_EMODE, "bad policy 'x'" EXPECTED);
	parse_bad("Warn", POLICY_EMODE, "bad policy 'Warn'" EXPECTED);
	parse_bad("warn ", POLICY_EMODE, "bad policy 'warn '" EXPECTED);
	parse_bad("of", POLICY_EMODE, "bad policy 'of'" EXPECTED);
	parse_bad("offf", POLICY_EMODE, "bad policy 'offf'" EXPECTED);
	parse_bad("ratelimit", POLICY_EMODE, "bad policy 'ratelimit'" EXPECTED);
	parse_bad("ratelimit=5", POLICY_EMODE,
		  "bad policy 'ratelimit=5'" EXPECTED);
	parse_bad("warn:5", POLICY_EMODE, "bad policy 'warn:5'" EXPECTED);
	/* A long value is clipped to 32 characters in the message. */
	parse_bad("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  POLICY_EMODE,
		  "bad policy 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'" EXPECTED);

	parse_bad("ratelimit:", POLICY_ERATE, RATE_MSG "''");
	parse_bad("ratelimit:0", POLICY_ERATE, RATE_MSG "'0'");
	parse_bad("ratelimit:000", POLICY_ERATE, RATE_MSG "'000'");
	parse_bad("ratelimit:1000001", POLICY_ERATE, RATE_MSG "'1000001'");
	parse_bad("ratelimit:18446744073709551617", POLICY_ERATE,
		  RATE_MSG "'18446744073709551617'");
	parse_bad("ratelimit:-1", POLICY_ERATE, RATE_MSG "'-1'");
	parse_bad("ratelimit:+5", POLICY_ERATE, RATE_MSG "'+5'");
	parse_bad("ratelimit:0x10", POLICY_ERATE, RATE_MSG "'0x10'");
	parse_bad("ratelimit:1e3", POLICY_ERATE, RATE_MSG "'1e3'");
	parse_bad("ratelimit:10 ", POLICY_ERATE, RATE_MSG "'10 '");
	parse_bad("ratelimit::5", POLICY_ERATE, RATE_MSG "':5'");
}

/* The reason may be dropped (NULL) or cut short, never overrun. */
static void test_parse_why_buffer(void **state)
{
	struct {
		char why[10];
		char guard[16];
	} b;
	struct buslock_policy p = junk;

	(void)state;
	assert_int_equal(policy_parse("nope", 4, &p, NULL, 0), -POLICY_EMODE);
	assert_int_equal(policy_parse("ratelimit:0", 11, &p, NULL, 99),
			 -POLICY_ERATE);
	assert_memory_equal(&p, &junk, sizeof(p));
	memset(&b, '#', sizeof(b));
	assert_int_equal(policy_parse("nope", 4, &p, b.why, sizeof(b.why)),
			 -POLICY_EMODE);
	assert_string_equal(b.why, "bad polic");
	assert_memory_equal(b.guard, "################", sizeof(b.guard));
	/* An empty value may come with a NULL pointer. */
	assert_int_equal(policy_parse(NULL, 0, &p, b.why, sizeof(b.why)),
			 -POLICY_EMODE);
	assert_string_equal(b.why, "bad polic");
}

/* Formats @p into a buffer of @size; checks the text and the length. */
static void format_is(const struct buslock_policy *p, size_t size,
		      const char *text, int len)
{
	char buf[POLICY_FORMAT_LEN + 8];

	memset(buf, '#', sizeof(buf));
	assert_int_equal(policy_format(p, buf, size), len);
	assert_string_equal(buf, text);
	assert_int_equal(buf[size], '#');
}

static void test_format(void **state)
{
	static const char *const all[] = { "off", "warn", "fatal",
					   "ratelimit:1", "ratelimit:100",
					   "ratelimit:65536",
					   "ratelimit:1000000" };
	struct buslock_policy p, q;
	char buf[POLICY_FORMAT_LEN];
	size_t i;
	int len;

	(void)state;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		p = parse_ok(all[i]);
		format_is(&p, POLICY_FORMAT_LEN, all[i], (int)strlen(all[i]));
		/* And back: the printed form parses to the same policy. */
		len = policy_format(&p, buf, sizeof(buf));
		assert_int_equal(len, (int)strlen(buf));
		q = parse_ok(buf);
		assert_int_equal(q.mode, p.mode);
		assert_int_equal(q.rate, p.rate);
	}
	p = parse_ok("ratelimit:100");
	format_is(&p, 5, "rate", 13);
	format_is(&p, 1, "", 13);
	assert_int_equal(policy_format(&p, NULL, 0), 13);
	format_is(&junk, 8, "", -POLICY_EMODE);
	assert_int_equal(policy_format(&junk, NULL, 0), -POLICY_EMODE);
}

static struct buslock_policy global, xchg;

static const struct cmdline_key keys[] = {
	{ .name = "buslock", .parse = policy_cmdline_parse, .dst = &global },
	{ .name = "xchg.buslock", .parse = policy_cmdline_parse,
	  .dst = &xchg },
};

/* buslock= and NAME.buslock= in a real command-line table. */
static void test_cmdline_adapter(void **state)
{
	struct cmdline_errors errs;

	(void)state;
	global = xchg = junk;
	assert_int_equal(cmdline_parse("buslock=ratelimit:100 "
				       "xchg.buslock=fatal",
				       keys, 2, &errs), 0);
	assert_int_equal(global.mode, BUSLOCK_RATELIMIT);
	assert_int_equal(global.rate, 100);
	assert_int_equal(xchg.mode, BUSLOCK_FATAL);

	global = xchg = junk;
	assert_int_equal(cmdline_parse("buslock=nope xchg.buslock=ratelimit:0 "
				       "xchg.buslock=",
				       keys, 2, &errs), 3);
	assert_string_equal(errs.msg[0], "buslock: bad policy 'nope'" EXPECTED);
	assert_string_equal(errs.msg[1], "xchg.buslock: " RATE_MSG "'0'");
	assert_string_equal(errs.msg[2],
			    "xchg.buslock: bad policy ''" EXPECTED);
	assert_memory_equal(&global, &junk, sizeof(global));
	assert_memory_equal(&xchg, &junk, sizeof(xchg));

	/* The last value given wins. */
	assert_int_equal(cmdline_parse("buslock=warn buslock=off", keys, 2,
				       &errs), 0);
	assert_int_equal(global.mode, BUSLOCK_OFF);
}

static void test_detects_and_budget(void **state)
{
	static const struct {
		const char *policy;
		bool detects;
		uint16_t budget;
	} cases[] = {
		{ "off", false, 0 },
		{ "warn", true, 0 },
		{ "fatal", true, 0 },
		{ "ratelimit:1", true, 0 },
		{ "ratelimit:2", true, 1 },
		{ "ratelimit:100", true, 99 },
		{ "ratelimit:65536", true, 65535 },
		{ "ratelimit:65537", true, BLT_COUNTER_MAX },
		{ "ratelimit:1000000", true, BLT_COUNTER_MAX },
	};
	struct buslock_policy p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = parse_ok(cases[i].policy);
		assert_int_equal(policy_detects(&p), cases[i].detects);
		assert_int_equal(policy_threshold_budget(&p), cases[i].budget);
	}
}

static struct policy_state st;

static void start(const char *policy)
{
	struct buslock_policy p = parse_ok(policy);

	memset(&st, 0x5a, sizeof(st));
	policy_state_init(&st, &p);
	assert_int_equal(st.bus_locks, 0);
	assert_int_equal(st.lines, 0);
	assert_int_equal(st.throttles, 0);
	assert_false(st.stopped);
	assert_false(st.logged);
}

/* One batch: checks every field of the verdict. */
static void verdict_is(uint64_t now, uint64_t n, enum policy_action action,
		       bool log_now, uint64_t suppressed, uint64_t wait_us)
{
	struct policy_verdict v = policy_on_bus_locks(&st, now, n);

	assert_int_equal(v.action, action);
	assert_int_equal(v.log_now, log_now);
	assert_int_equal(v.suppressed, suppressed);
	assert_int_equal(v.wait_us, wait_us);
}

static void test_state_init(void **state)
{
	struct buslock_policy bad = { .mode = BUSLOCK_RATELIMIT, .rate = 0 };

	(void)state;
	start("ratelimit:250");
	assert_int_equal(st.policy.mode, BUSLOCK_RATELIMIT);
	assert_int_equal(st.limit.per_second, 250);
	start("warn");
	assert_int_equal(st.limit.per_second, 0);
	/* Invalid policies are taken as warn. */
	policy_state_init(&st, &bad);
	assert_int_equal(st.policy.mode, BUSLOCK_WARN);
	bad.rate = POLICY_RATE_MAX + 1;
	policy_state_init(&st, &bad);
	assert_int_equal(st.policy.mode, BUSLOCK_WARN);
	policy_state_init(&st, &junk);
	assert_int_equal(st.policy.mode, BUSLOCK_WARN);
	verdict_is(T0, 1, POLICY_WARN, true, 0, 0);
}

static void test_off(void **state)
{
	(void)state;
	start("off");
	verdict_is(T0, 1, POLICY_CONTINUE, false, 0, 0);
	verdict_is(T0, 1000000, POLICY_CONTINUE, false, 0, 0);
	verdict_is(T0 + 5 * SEC, 7, POLICY_CONTINUE, false, 0, 0);
	assert_int_equal(st.bus_locks, 1000008);
	assert_int_equal(st.lines, 0);
}

/* warn: one line a second at most, saying how many went unlogged. */
static void test_warn_lines(void **state)
{
	(void)state;
	start("warn");
	verdict_is(T0, 0, POLICY_CONTINUE, false, 0, 0);
	verdict_is(T0, 1, POLICY_WARN, true, 0, 0);
	verdict_is(T0 + 200 * MS, 3, POLICY_WARN, false, 0, 0);
	verdict_is(T0 + 500 * MS, 30, POLICY_WARN, false, 0, 0);
	verdict_is(T0 + SEC - 1, 8, POLICY_WARN, false, 0, 0);
	assert_int_equal(st.unlogged, 41);
	verdict_is(T0 + SEC, 2, POLICY_WARN, true, 41, 0);
	verdict_is(T0 + SEC + 1, 5, POLICY_WARN, false, 0, 0);
	verdict_is(T0 + 2 * SEC - 1, 1, POLICY_WARN, false, 0, 0);
	verdict_is(T0 + 2 * SEC, 1, POLICY_WARN, true, 6, 0);
	/* Quiet for a while: the next batch gets a line at once. */
	verdict_is(T0 + 60 * SEC, 1, POLICY_WARN, true, 0, 0);
	/* A clock that went backwards gets no line. */
	verdict_is(T0, 4, POLICY_WARN, false, 0, 0);
	verdict_is(T0 + 61 * SEC, 1, POLICY_WARN, true, 4, 0);
	assert_int_equal(st.lines, 5);
	assert_int_equal(st.bus_locks, 57);
	assert_int_equal(st.throttles, 0);
}

/* ratelimit:100, a bus lock every millisecond, waits honoured. */
static void test_ratelimit_single(void **state)
{
	uint64_t t = T0;
	int i;

	(void)state;
	start("ratelimit:100");
	verdict_is(t, 1, POLICY_WARN, true, 0, 0);
	for (i = 2; i < 100; i++) {
		t += MS;
		verdict_is(t, 1, POLICY_WARN, false, 0, 0);
	}
	/* The 100th fills the second that began at T0. */
	t += MS;
	verdict_is(t, 1, POLICY_THROTTLE, false, 0, T0 + SEC - t);
	assert_int_equal(st.throttles, 1);
	t = T0 + SEC;
	verdict_is(t, 1, POLICY_WARN, true, 99, 0);
	assert_int_equal(st.limit.throttled_us, SEC - 99 * MS);
	assert_int_equal(st.bus_locks, 101);
}

/* Batches as threshold exits report them: larger ones borrow ahead. */
static void test_ratelimit_batches(void **state)
{
	(void)state;
	start("ratelimit:100");
	/* 250 ran: 100 now, 100 next second, 50 the one after: wait 2 s. */
	verdict_is(T0, 250, POLICY_THROTTLE, true, 0, 2 * SEC);
	verdict_is(T0 + 2 * SEC, 49, POLICY_WARN, true, 0, 0);
	verdict_is(T0 + 2 * SEC + 10, 1, POLICY_THROTTLE, false, 0, SEC - 10);
	verdict_is(T0 + 3 * SEC, 100, POLICY_THROTTLE, true, 1, SEC);
	assert_int_equal(st.throttles, 3);
	assert_int_equal(st.limit.throttled_us, 2 * SEC + SEC - 10 + SEC);
	assert_int_equal(st.bus_locks, 400);
}

/* A steady guest under ratelimit:N never has N + 1 bus locks in a second. */
static void test_ratelimit_steady_guest(void **state)
{
	static const uint64_t rates[] = { 1, 10, 1000 };
	static const uint64_t gaps[] = { 0, 10, 999, 150000 };
	enum { EVENTS = 3000 };
	static uint64_t at[EVENTS];
	struct policy_verdict v;
	char policy[POLICY_FORMAT_LEN];
	size_t i, j, k;
	uint64_t t;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		for (j = 0; j < sizeof(gaps) / sizeof(gaps[0]); j++) {
			struct buslock_policy p = {
				.mode = BUSLOCK_RATELIMIT,
				.rate = (uint32_t)rates[i],
			};

			policy_format(&p, policy, sizeof(policy));
			start(policy);
			for (t = T0, k = 0; k < EVENTS; k++, t += gaps[j]) {
				at[k] = t;
				v = policy_on_bus_locks(&st, t, 1);
				if (v.action == POLICY_THROTTLE)
					t += v.wait_us;
			}
			for (k = 0; k + rates[i] < EVENTS; k++)
				assert_true(at[k + rates[i]] - at[k] >= SEC);
		}
	}
}

static void test_fatal(void **state)
{
	(void)state;
	start("fatal");
	verdict_is(T0, 0, POLICY_CONTINUE, false, 0, 0);
	assert_false(st.stopped);
	verdict_is(T0, 3, POLICY_STOP, false, 0, 0);
	assert_true(st.stopped);
	/* Once stopped, always stopped. */
	verdict_is(T0 + 1, 0, POLICY_STOP, false, 0, 0);
	verdict_is(T0 + 5 * SEC, 5, POLICY_STOP, false, 0, 0);
	assert_int_equal(st.bus_locks, 8);
	assert_int_equal(st.lines, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_modes),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_why_buffer),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_cmdline_adapter),
		cmocka_unit_test(test_detects_and_budget),
		cmocka_unit_test(test_state_init),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_warn_lines),
		cmocka_unit_test(test_ratelimit_single),
		cmocka_unit_test(test_ratelimit_batches),
		cmocka_unit_test(test_ratelimit_steady_guest),
		cmocka_unit_test(test_fatal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
