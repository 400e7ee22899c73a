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
#include "lib/msglog.h"

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

/* Writes the JSON object (no "SUMMARY " prefix); false if it did not fit. */
bool summary_write(const struct summary *s, char *buf, size_t size);

#endif
