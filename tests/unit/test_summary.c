/* SPDX-License-Identifier: MIT */
/*
 * The SUMMARY JSON: every documented field, with its exact spelling.
 * Build: make build/host/test_summary
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

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
	g[0].work = 123456789;
	g[0].exits[EXIT_PREEMPT] = 249;
	strcpy(g[1].name, "xchg");
	g[1].state = GUEST_KILLED;
	g[1].cpu = -1;
	strcpy(g[1].reason, "not run: CPU 5 does not exist");
	assert_true(summary_write(&s, buf, sizeof(buf)));
	assert_non_null(strstr(buf, "\"cpus\":2,\"cpus_found\":2,\"slice_ms\":5,"));
	assert_non_null(strstr(buf, "\"mov_dr\":0,\"preempt\":249,\"xsetbv\":0,"
				    "\"cache\":0,\"nmi\":0,\"intr_window\":0}"));
	assert_non_null(strstr(buf, "\"cpu\":1,\"run_us\":2500000,\"turns\":250,"
				    "\"work\":123456789,"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_summary),
		cmocka_unit_test(failed_run_with_dropped_errors),
		cmocka_unit_test(guest_record_on_a_cpu),
		cmocka_unit_test(too_small_buffer_reports_it),
	};

	return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}
