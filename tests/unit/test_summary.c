/* SPDX-License-Identifier: MIT */
/*
 * The SUMMARY JSON: every documented field, with its exact spelling.
 * Build: make build/host/test_summary
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/buslock.h"
#include "core/summary.h"

static struct cpu_caps intel_caps(void)
{
	struct cpu_caps c = {
		.vendor = VENDOR_INTEL, .vendor_id = "GenuineIntel",
		.family = 6, .model = 0x8c, .stepping = 1,
		.vmx = true, .bus_lock_db = true, .bus_lock_vmexit = true,
		.split_lock_ac = true,
	};
	return c;
}

static void full_summary(void **state)
{
	struct cpu_caps c = intel_caps();
	struct cmdline_errors ce = { .count = 1 };
	struct msglog el = { 0 };
	struct summary s = {
		.version = "0.1.0", .boot = BOOT_PROTO_MULTIBOOT2, .uefi = true,
		.cpu = &c, .cpus = 2, .cpus_found = 4, .slice_ms = 10,
		.screen = "framebuffer",
		.cmdline_errors = &ce, .errors = &el, .detect = "soft",
		.policy = "ratelimit:100", .pass = true,
	};
	char buf[2048];

	(void)state;
	strcpy(ce.msg[0], "unknown key 'bogus'");
	assert_true(summary_write(&s, buf, sizeof(buf)));
	assert_string_equal(buf,
		"{\"tollgate\":\"0.1.0\",\"boot\":\"multiboot2\","
		"\"firmware\":\"uefi\",\"vendor\":\"intel\",\"virt\":\"vmx\","
		"\"cpus\":2,\"cpus_found\":4,\"slice_ms\":10,"
		"\"detect\":\"soft\",\"policy\":\"ratelimit:100\","
		"\"screen\":\"framebuffer\",\"cpu\":{\"vmx\":true,\"svm\":false,"
		"\"bus_lock_db\":true,\"bus_lock_vmexit\":true,"
		"\"bus_lock_threshold\":false,\"split_lock_ac\":true,"
		"\"virt_disabled_by_firmware\":false,"
		"\"vendor_id\":\"GenuineIntel\",\"family\":6,\"model\":140,"
		"\"stepping\":1},\"cmdline_errors\":[\"unknown key 'bogus'\"],"
		"\"errors\":[],\"guests\":[],\"result\":\"pass\"}");
}

static void failed_run_with_dropped_errors(void **state)
{
	struct cpu_caps c = { .vendor = VENDOR_AMD, .vendor_id = "AuthenticAMD",
			      .svm = true, .svm_firmware_disabled = true };
	struct cmdline_errors ce = { 0 };
	struct msglog el = { .count = 1, .dropped = 2 };
	struct summary s = {
		.version = "0.1.0", .boot = BOOT_PROTO_MULTIBOOT1,
		.cpu = &c, .cpus = 1, .screen = "none",
		.cmdline_errors = &ce, .errors = &el, .pass = false,
	};
	char buf[2048];

	(void)state;
	strcpy(el.msg[0], "a \"quoted\" error");
	assert_true(summary_write(&s, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "\"boot\":\"multiboot1\",\"firmware\":\"bios\","
				    "\"vendor\":\"amd\",\"virt\":\"none\""));
	assert_non_null(strstr(buf, "\"virt_disabled_by_firmware\":true"));
	assert_non_null(strstr(buf, "\"errors\":[\"a \\\"quoted\\\" error\","
				    "\"(2 more)\"]"));
	assert_non_null(strstr(buf, "\"result\":\"fail\"}"));
}

/* A guest's record: where it ran, its turns and its work, as scripts read them. */
static void guest_record_on_a_cpu(void **state)
{
	struct cpu_caps c = intel_caps();
	struct cmdline_errors ce = { 0 };
	struct msglog el = { 0 };
	struct guest g[2];
	struct summary s = {
		.version = "0.1.0", .cpu = &c, .cpus = 2, .cpus_found = 2,
		.slice_ms = 5, .screen = "none", .cmdline_errors = &ce,
		.errors = &el, .guests = g, .guest_count = 2, .pass = true,
	};
	static char buf[8192];

	(void)state;
	memset(g, 0, sizeof(g));
	strcpy(g[0].name, "victim");
	g[0].state = GUEST_DONE;
	g[0].cpu = 1;
	g[0].run_us = 2500000;
	g[0].turns = 250;
	g[0].entry_tsc = 987654321;
	g[0].work = 123456789;
	g[0].exits[EXIT_PREEMPT] = 249;
	strcpy(g[1].name, "xchg");
	g[1].state = GUEST_KILLED;
	g[1].cpu = -1;
	strcpy(g[1].reason, "not run: CPU 5 does not exist");
	assert_true(summary_write(&s, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "\"cpus\":2,\"cpus_found\":2,\"slice_ms\":5,"));
	assert_non_null(strstr(buf, "\"mov_dr\":0,\"preempt\":249,\"xsetbv\":0,"
				    "\"cache\":0,\"nmi\":0,\"intr_window\":0,\"cr\":0,"
				    "\"iret\":0}"));
	assert_non_null(strstr(buf, "\"cpu\":1,\"run_us\":2500000,\"turns\":250,"
				    "\"entry_tsc\":987654321,\"work\":123456789,"));
	assert_non_null(strstr(buf, "\"state\":\"killed\",\"reason\":\"not run: "
				    "CPU 5 does not exist\""));
	assert_non_null(strstr(buf, "\"cpu\":-1,\"run_us\":0,"));
}

static void too_small_buffer_reports_it(void **state)
{
	struct cpu_caps c = intel_caps();
	struct cmdline_errors ce = { 0 };
	struct msglog el = { 0 };
	struct summary s = { .version = "0.1.0", .cpu = &c, .cpus = 1,
			     .screen = "vga", .cmdline_errors = &ce, .errors = &el };
	char buf[64];

	(void)state;
	assert_false(summary_write(&s, buf, sizeof(buf)));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
}

/* Fills @size - 1 bytes of @buf with 0x01, six bytes each in JSON. */
static void fill_worst(char *buf, size_t size, char first)
{
	memset(buf, 1, size - 1);
	buf[0] = first;
	buf[size - 1] = '\0';
}

/* A name SUMMARY_MAX counts unescaped: [a-z_], at most SUMMARY_NAME_MAX. */
static bool plain_name(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return i <= SUMMARY_NAME_MAX;
}

/* Every counter at its largest, every string as long and as costly as it can be. */
static void worst_guest(struct guest *g, unsigned int n)
{
	unsigned int i;

	memset(g, 0, sizeof(*g));
	fill_worst(g->name, sizeof(g->name), (char)(2 + n));
	fill_worst(g->reason, sizeof(g->reason), 1);
	g->state = GUEST_RUNNING;
	for (i = 0; i < EXIT_KIND_COUNT; i++)
		g->exits[i] = UINT64_MAX;
	for (i = 0; i < BUSLOCK_SRC_COUNT; i++)
		g->bus_locks_by_source[i] = UINT64_MAX;
	g->bus_locks = g->first_bus_lock_rip = g->throttled_us = UINT64_MAX;
	g->run_us = g->turns = g->work = UINT64_MAX;
	g->saw_bus_lock = true;
	g->cpu = INT_MIN;
	g->policy.mode = BUSLOCK_RATELIMIT;
	g->policy.rate = UINT32_MAX;
	g->report_count = GUEST_REPORT_MAX;
	for (i = 0; i < GUEST_REPORT_MAX; i++) {
		fill_worst(g->report[i].key, sizeof(g->report[i].key),
			   (char)(2 + i));
		g->report[i].value = UINT64_MAX;
	}
}

/*
 * The worst case the limits allow (MAX_GUESTS guests as above, every
 * message slot full, long words where the hypervisor's own strings go)
 * fits SUMMARY_MAX whole, as printable ASCII, and SUMMARY_MAX is no more
 * than a tenth above it.
 */
static void worst_case_fits(void **state)
{
	static struct guest g[MAX_GUESTS];
	static char buf[SUMMARY_MAX];
	static char word[64], skipped[256];
	struct cpu_caps c = intel_caps();
	struct cmdline_errors ce = { .count = CMDLINE_MAX_ERRORS,
				     .dropped = UINT_MAX };
	struct msglog el = { .count = MSGLOG_MAX, .dropped = UINT_MAX };
	struct summary s = {
		.version = word, .cpu = &c, .cpus = UINT_MAX,
		.cpus_found = UINT_MAX, .slice_ms = UINT64_MAX,
		.screen = word, .cmdline_errors = &ce, .errors = &el,
		.guests = g, .guest_count = MAX_GUESTS,
		.guests_skipped = skipped, .detect = word, .policy = word,
	};
	unsigned int i;
	size_t len;

	(void)state;
	fill_worst(word, sizeof(word), 1);
	fill_worst(skipped, sizeof(skipped), 1);
	fill_worst(c.vendor_id, sizeof(c.vendor_id), 1);
	c.family = c.model = c.stepping = UINT32_MAX;
	for (i = 0; i < CMDLINE_MAX_ERRORS; i++)
		fill_worst(ce.msg[i], sizeof(ce.msg[i]), 1);
	for (i = 0; i < MSGLOG_MAX; i++)
		fill_worst(el.msg[i], sizeof(el.msg[i]), 1);
	for (i = 0; i < MAX_GUESTS; i++)
		worst_guest(&g[i], i);
	for (i = 0; i < EXIT_KIND_COUNT; i++)
		assert_true(plain_name(exit_kind_names[i]));
	for (i = 0; i < BUSLOCK_SRC_COUNT; i++)
		assert_true(plain_name(buslock_source_names[i]));
	for (i = GUEST_READY; i <= GUEST_KILLED; i++)
		assert_true(plain_name(guest_state_name(i)));

	assert_true(summary_write(&s, buf, sizeof(buf)));
	len = strlen(buf);
	print_message("worst-case SUMMARY: %zu bytes, SUMMARY_MAX %zu\n", len,
		      (size_t)SUMMARY_MAX);
	assert_true(len < SUMMARY_MAX);
	assert_true(len >= SUMMARY_MAX - SUMMARY_MAX / 10);
	for (i = 0; i < len; i++)
		assert_true(buf[i] >= 0x20 && buf[i] < 0x7f);
	assert_non_null(strstr(buf, "\"(4294967295 more)\"]"));
	assert_non_null(strstr(buf, "\"cpu\":-2147483648,"));
	assert_non_null(strstr(buf, "\"policy\":\"ratelimit:4294967295\""));
	/* The last guest's bus locks are there, and the end of the object. */
	assert_non_null(strstr(buf + len - SUMMARY_GUEST_MAX, "\"bus_locks\":"));
	assert_non_null(strstr(buf, "}}],\"guests_skipped\":\"\\u0001"));
	assert_string_equal(buf + len - 18, "\",\"result\":\"fail\"}");
}

/* The hypervisor's own strings are clipped to the length SUMMARY_MAX counts. */
static void long_words_clipped(void **state)
{
	struct cpu_caps c = intel_caps();
	struct cmdline_errors ce = { 0 };
	struct msglog el = { 0 };
	char word[] = "0123456789012345678901234567890123456789";
	struct summary s = { .version = word, .cpu = &c, .cpus = 1,
			     .screen = "vga", .cmdline_errors = &ce,
			     .errors = &el };
	char buf[2048];

	(void)state;
	assert_true(summary_write(&s, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "{\"tollgate\":\"0123456789012345678901234567890\","));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_summary),
		cmocka_unit_test(failed_run_with_dropped_errors),
		cmocka_unit_test(guest_record_on_a_cpu),
		cmocka_unit_test(too_small_buffer_reports_it),
		cmocka_unit_test(worst_case_fits),
		cmocka_unit_test(long_words_clipped),
	};

	return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}
