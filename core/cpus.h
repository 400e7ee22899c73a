/* SPDX-License-Identifier: MIT */
/*
 * The processors Tollgate runs on: the boot CPU, and the others the ACPI
 * MADT lists, started one by one.  A CPU that does not start, or a MADT
 * that is missing or malformed, is reported and the run goes on with the
 * CPUs that did start.
 */
#ifndef TG_CORE_CPUS_H
#define TG_CORE_CPUS_H

#include <stdbool.h>

#include "arch/x86/percpu.h"

/* CPUs the MADT lists as enabled (1 without a usable MADT). */
extern unsigned int cpus_found;

/* Entries of cpus[] in use: the boot CPU, then every AP that was tried. */
extern unsigned int cpu_slots;

/*
 * Reads the ACPI tables: the MADT for cpus_start(), and the HPET, against
 * which the TSC is measured when there is no PIT (or debug.tsc=hpet).
 * Problems are warnings: the run goes on with one CPU, or the TSC rate
 * tsc_calibrate() found.
 */
void acpi_init(void);

/*
 * Starts every enabled CPU of the MADT (up to MAX_CPUS), each running
 * @ap_main on its own stack once it is up; each ends in CPU_READY,
 * CPU_FAILED or CPU_ABSENT.
 */
void cpus_start(void (*ap_main)(struct per_cpu *c));

#endif
