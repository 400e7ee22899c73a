/* SPDX-License-Identifier: MIT */
#ifndef TG_CORE_CPUREPORT_H
#define TG_CORE_CPUREPORT_H

#include "lib/cpucaps.h"

/* Probes this CPU into @caps and prints what it offers Tollgate. */
void cpu_report(struct cpu_caps *caps);

#endif
