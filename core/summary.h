/* SPDX-License-Identifier: MIT */
/*
 * The SUMMARY line: one JSON object that CI and research scripts parse.
 * Its field names and types are a contract (README.md, "The summary"):
 * fields may be added, never renamed or dropped.
 */
#ifndef TG_CORE_SUMMARY_H
#define TG_CORE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/guest.h"
#include "lib/bootinfo.h"
#include "lib/cmdline.h"
#include "lib/cpucaps.h"
#include "lib/json.h"
#include "lib/msglog.h"

/*
 * The longest SUMMARY the limits allow, NUL included, so that it is never
 * cut (docs/security.md, "The summary").  Every string counts at its
 * longest with every byte escaped (JSON_ESCAPED_MAX), every number at 20
 * characters (UINT64_MAX, INT64_MIN).  The constant parts (keys and
 * punctuation) are bounded by SUMMARY_HEAD_FIXED and SUMMARY_GUEST_FIXED,
 * which tests/unit/test_summary.c checks against the writer, along with
 * the whole bound: it builds the worst case and writes it.
 */
#define SUMMARY_STR(n) (2 + JSON_ESCAPED_MAX * (n))	/* n bytes, quoted */
#define SUMMARY_NUM 20
#define SUMMARY_WORD_MAX 31	/* version, detect, policy, screen: clipped */
#define SUMMARY_SKIPPED_MAX 127	/* guests_skipped: clipped */
#define SUMMARY_NAME_MAX 12	/* a counter's or state's name: [a-z_] */
#define SUMMARY_MORE 24		/* "(4294967295 more)" and its comma */
#define SUMMARY_HEAD_FIXED 640
#define SUMMARY_GUEST_FIXED 320
/* One "name":counter, with its comma: the names need no escapes. */
#define SUMMARY_COUNTER (2 + SUMMARY_NAME_MAX + 2 + SUMMARY_NUM)
#define SUMMARY_GUEST_MAX (SUMMARY_GUEST_FIXED + 1 +			\
	SUMMARY_STR(GUEST_NAME_MAX - 1) + SUMMARY_STR(GUEST_REASON_MAX - 1) + \
	2 + SUMMARY_NAME_MAX + SUMMARY_STR(SUMMARY_WORD_MAX) +		\
	7 * SUMMARY_NUM +						\
	(EXIT_KIND_COUNT + BUSLOCK_SRC_COUNT) * SUMMARY_COUNTER +	\
	GUEST_REPORT_MAX * (SUMMARY_STR(HC_KEY_MAX - 1) + 2 + SUMMARY_NUM))
#define SUMMARY_MAX (SUMMARY_HEAD_FIXED + 1 +				\
	9 * SUMMARY_STR(SUMMARY_WORD_MAX) + SUMMARY_STR(SUMMARY_SKIPPED_MAX) + \
	SUMMARY_STR(sizeof(((struct cpu_caps *)0)->vendor_id) - 1) +	\
	6 * SUMMARY_NUM +						\
	CMDLINE_MAX_ERRORS * (SUMMARY_STR(CMDLINE_ERROR_LEN - 1) + 1) +	\
	MSGLOG_MAX * (SUMMARY_STR(MSGLOG_LEN - 1) + 1) + 2 * SUMMARY_MORE + \
	MAX_GUESTS * SUMMARY_GUEST_MAX)

struct summary {
	const char *version;
	enum boot_proto boot;
	bool uefi;
	const struct cpu_caps *cpu;
	unsigned int cpus;		/* processors Tollgate runs on */
	unsigned int cpus_found;	/* enabled in the MADT (1 without one) */
	uint64_t slice_ms;		/* the scheduler's time slice */
	const char *screen;		/* "vga", "framebuffer" or "none" */
	const struct cmdline_errors *cmdline_errors;
	const struct msglog *errors;	/* the hypervisor's own errors */
	const struct guest *guests;
	unsigned int guest_count;
	const char *guests_skipped;	/* why no guest ran, or NULL */
	const char *detect;		/* "threshold", "vmexit", "db", "soft", "none" */
	const char *policy;		/* the default policy, e.g. "warn" */
	bool pass;
};

/* A run passes without errors of its own and without a failed guest. */
bool summary_pass(const struct summary *s);

/*
 * Writes the JSON object (no "SUMMARY " prefix); false if it did not fit,
 * which a buffer of SUMMARY_MAX bytes never causes.
 */
bool summary_write(const struct summary *s, char *buf, size_t size);

#endif
