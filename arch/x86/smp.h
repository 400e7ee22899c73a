/* SPDX-License-Identifier: MIT */
/*
 * Starting an application processor: the trampoline page, INIT-SIPI-SIPI
 * (SDM 9.4.4.1), and the hand-off to C on the AP's own stack.
 */
#ifndef TG_ARCH_X86_SMP_H
#define TG_ARCH_X86_SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/percpu.h"

/* This CPU's record, found by its local APIC ID, without the GS base. */
struct per_cpu *percpu_find(void);

/* True if @p is the address of an entry of cpus[]. */
bool percpu_valid(uint64_t p);

/* Waits up to @timeout_us for @c to leave state @s; false if it did not. */
bool cpu_state_leaves(struct per_cpu *c, enum cpu_state s,
		      uint64_t timeout_us);

/* Copies the trampoline (arch/x86/trampoline.S) to @page, below 1 MiB. */
void smp_install_trampoline(uint64_t page);

/*
 * Wakes the CPU of @c->apic_id through the trampoline at @page, on @c's
 * stack: it loads its tables, enables its local APIC and calls
 * @entry(@c), which never returns.  Waits up to @timeout_us for it to
 * reach CPU_ONLINE; if it does not, sends it INIT again (it then waits for
 * a start-up IPI that never comes) and returns false.
 */
bool smp_start_ap(uint64_t page, struct per_cpu *c,
		  void (*entry)(struct per_cpu *c), uint64_t timeout_us);

#endif
