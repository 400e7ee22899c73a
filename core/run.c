/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"
#include "arch/x86/percpu.h"
#include "core/console.h"
#include "core/cpus.h"
#include "core/hv.h"
#include "core/panic.h"
#include "core/run.h"
#include "core/summary.h"
#include "arch/x86/trap.h"

struct run the_run;

/* The worst case the limits allow (core/summary.h), so it is never cut. */
static char summary_buf[SUMMARY_MAX];
static char policy_name[24];
static int panic_cpu = -1;	/* the CPU reporting a panic */
bool run_finishing;

/* Prints "Tollgate: @what: message" and records the message for the summary. */
static void report(const char *what, const char *fmt, va_list ap)
{
	va_list copy;

	va_copy(copy, ap);
	kprintf("Tollgate: %s: ", what);
	kvprintf(fmt, ap);
	kprintf("\n");
	msglog_vadd(&the_run.errors, fmt, copy);
	va_end(copy);
	the_run.failed = true;
}

void run_verror(const char *fmt, va_list ap)
{
	report("error", fmt, ap);
}

void run_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	run_verror(fmt, ap);
	va_end(ap);
}

static __attribute__((noreturn)) void print_summary(void);

/* Prints the SUMMARY line and ends the run; once, whichever CPU calls it. */
void run_finish(void)
{
	if (__atomic_exchange_n(&run_finishing, true, __ATOMIC_ACQ_REL))
		cpu_halt_forever();
	console_lock();
	print_summary();
}

static void print_summary(void)
{
	struct summary s = {
		.version = TG_VERSION,
		.boot = the_run.boot.proto,
		.uefi = the_run.boot.uefi,
		.cpu = &the_run.cpu,
		.cpus = cpus_running ? cpus_running : 1,
		.cpus_found = cpus_found,
		.slice_ms = the_run.config.slice_ms,
		.screen = console_screen_kind(),
		.cmdline_errors = &the_run.cmdline_errors,
		.errors = &the_run.errors,
		.guests = guests,
		.guest_count = guest_count,
		.guests_skipped = the_run.guests_skipped,
		.detect = detect_mode_names[the_run.detect],
		.policy = policy_name,
		.pass = !the_run.failed,
	};
	struct buslock_policy p = config_default_policy();

	policy_format(&p, policy_name, sizeof(policy_name));

	if (!summary_write(&s, summary_buf, sizeof(summary_buf))) {
		/* SUMMARY_MAX is wrong: tests/unit/test_summary.c missed it. */
		kprintf("Tollgate: error: the summary did not fit %lu bytes\n",
			(unsigned long)sizeof(summary_buf));
	}
	kprintf("SUMMARY %s\n", summary_buf);
	serial_flush();
	platform_exit(the_run.config.exit_mode, summary_pass(&s));
}

void panic_begin(void)
{
	int me = (int)this_cpu()->index, first = -1;

	irq_disable();
	if (!__atomic_compare_exchange_n(&panic_cpu, &first, me, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (first == me)
			kprintf("\nTollgate: fault while reporting a panic; "
				"halting.\n");
		cpu_halt_forever();	/* else another CPU is reporting */
	}
	console_take_for_panic();
}

void panic_end(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("PANIC", fmt, ap);
	va_end(ap);
	run_finish();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	panic_begin();
	va_start(ap, fmt);
	report("PANIC", fmt, ap);
	va_end(ap);
	kprintf("CR0 %016llx  CR3 %016llx  CR4 %016llx  RSP %016llx\n",
		(unsigned long long)read_cr0(), (unsigned long long)read_cr3(),
		(unsigned long long)read_cr4(),
		(unsigned long long)(uintptr_t)__builtin_frame_address(0));
	backtrace_from((uint64_t)(uintptr_t)__builtin_frame_address(0));
	run_finish();
}
