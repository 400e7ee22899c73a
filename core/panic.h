/* SPDX-License-Identifier: MIT */
/*
 * Broken invariants of the hypervisor itself.  A guest's misbehaviour never
 * comes here: it stops that guest only.
 */
#ifndef TG_CORE_PANIC_H
#define TG_CORE_PANIC_H

#include "lib/format.h"

/* Starts a panic report; a fault during one halts at once. */
void panic_begin(void);

/* Records the reason, prints the SUMMARY (result "fail") and ends the run. */
__attribute__((noreturn)) void panic_end(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Prints @fmt, the control registers and a backtrace, then ends the run. */
__attribute__((noreturn)) void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
