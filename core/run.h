/* SPDX-License-Identifier: MIT */
/* The state of one run of Tollgate, from boot to its SUMMARY line. */
#ifndef TG_CORE_RUN_H
#define TG_CORE_RUN_H

#include <stdarg.h>
#include <stdbool.h>

#include "arch/x86/platform.h"
#include "core/detect.h"
#include "lib/bootinfo.h"
#include "lib/cmdline.h"
#include "lib/cpucaps.h"
#include "lib/format.h"
#include "lib/msglog.h"
#include "lib/policy.h"

/* A bus-lock policy from the command line, and whether one was given. */
struct policy_option {
	bool set;
	struct buslock_policy policy;
};

/* The values of the debug.fault= key, in its order: none|ud|gp|pf|de. */
enum debug_fault { FAULT_NONE, FAULT_UD, FAULT_GP, FAULT_PF, FAULT_DE };
enum debug_tsc { DEBUG_TSC_AUTO, DEBUG_TSC_HPET };

struct catalog_entry;

#define MAX_GUESTS 8

/* The guests= list, in the order given. */
struct guest_list {
	unsigned int count;
	const struct catalog_entry *entry[MAX_GUESTS];
};

struct config {
	int exit_mode;		/* enum exit_mode */
	int debug_fault;	/* enum debug_fault */
	uint64_t debug_fault_cpu;	/* where: 0 at boot, N on CPU N's start */
	int detect;		/* enum detect_choice */
	int soft;		/* enum soft_choice: what detect=soft steps */
	struct guest_list guests;
	struct policy_option buslock;	/* buslock=, for every guest */
	uint64_t stats_ms;	/* STATS line interval; 0: none */
	uint64_t slice_ms;	/* the longest turn of a guest on a shared CPU */
	uint64_t debug_ap_silent;	/* this AP's start-up IPIs go nowhere */
	int debug_tsc;		/* enum debug_tsc: hpet measures without the PIT */
	uint64_t debug_nmi;	/* the boot CPU sends NMIs to the others */
	uint64_t timeout_s;	/* a guest still running then is stopped; 0 none */
};

struct run {
	struct boot_info boot;
	struct cpu_caps cpu;
	struct config config;
	struct cmdline_errors cmdline_errors;
	struct msglog errors;
	const char *guests_skipped;	/* why no guest ran, or NULL */
	int detect;			/* enum detect_mode in use */
	bool failed;
};

/* The policy for guests without their own NAME.buslock=: buslock= or warn. */
struct buslock_policy config_default_policy(void);

extern struct run the_run;

/*
 * Parses the command line into the_run.config and the guests' parameters
 * (catalog_init() first), warning about each error.
 */
void config_parse(const char *line);

/* Raises debug.fault's exception on this CPU (nothing for FAULT_NONE). */
void debug_fault(int which);

/* Reports a hypervisor error on the console and in the summary; the run fails. */
void run_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void run_verror(const char *fmt, va_list ap);

/*
 * True once some CPU has begun the SUMMARY (the end of the run, or a
 * panic): the other CPUs then stop where they are, within a slice.
 */
extern bool run_finishing;	/* set once, by run_finish() */

static inline bool run_is_ending(void)
{
	return __atomic_load_n(&run_finishing, __ATOMIC_ACQUIRE);
}

/* Prints the SUMMARY line and ends the run as exit= says. */
__attribute__((noreturn)) void run_finish(void);

#endif
