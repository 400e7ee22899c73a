/* SPDX-License-Identifier: MIT */
/* Starting the application processors (arch/x86/smp.h). */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/smp.h"
#include "arch/x86/tsc.h"
#include "lib/string.h"

#define INIT_DELAY_US 10000	/* SDM 9.4.4.1: 10 ms after INIT */
#define SIPI_DELAY_US 200	/* and 200 us after each start-up IPI */

/* The parameters at ap_trampoline_params, read by the AP in long mode. */
struct ap_params {
	uint64_t stack;
	uint64_t arg;
	uint64_t entry;
};

extern const char ap_trampoline[], ap_trampoline_end[],
	ap_trampoline_params[];

struct per_cpu cpus[MAX_CPUS];
static uint8_t ap_stacks[MAX_CPUS - 1][AP_STACK_SIZE]
	__attribute__((aligned(16)));
static void (*ap_entry_fn)(struct per_cpu *c);

struct per_cpu *percpu_find(void)
{
	uint32_t id;
	unsigned int i;

	if (!lapic_ready())
		return &cpus[0];
	id = lapic_id();
	for (i = 1; i < MAX_CPUS; i++)
		if (cpus[i].apic_id == id && cpu_state_get(&cpus[i]) >= CPU_ONLINE)
			return &cpus[i];
	return &cpus[0];
}

bool percpu_valid(uint64_t p)
{
	uint64_t first = (uint64_t)(uintptr_t)&cpus[0];

	return p >= first && p < first + sizeof(cpus) &&
	       (p - first) % sizeof(cpus[0]) == 0;
}

bool cpu_state_leaves(struct per_cpu *c, enum cpu_state s,
		      uint64_t timeout_us)
{
	uint64_t deadline = time_us() + timeout_us;

	while (cpu_state_get(c) == (int)s && time_us() < deadline)
		cpu_relax();
	return cpu_state_get(c) != (int)s;
}

void smp_install_trampoline(uint64_t page)
{
	memcpy((void *)(uintptr_t)page, ap_trampoline,
	       (size_t)(ap_trampoline_end - ap_trampoline));
}

/* Where the AP lands from the trampoline, on its own stack. */
static void ap_start(struct per_cpu *c)
{
	percpu_init(c);
	lapic_cpu_init();
	cpu_state_set(c, CPU_ONLINE);
	ap_entry_fn(c);
	cpu_halt_forever();
}

bool smp_start_ap(uint64_t page, struct per_cpu *c,
		  void (*entry)(struct per_cpu *c), uint64_t timeout_us)
{
	struct ap_params *p = (struct ap_params *)(uintptr_t)
		(page + (uint64_t)(ap_trampoline_params - ap_trampoline));

	c->stack_bottom = (uint64_t)(uintptr_t)ap_stacks[c->index - 1];
	c->stack_top = c->stack_bottom + AP_STACK_SIZE;
	ap_entry_fn = entry;
	p->stack = c->stack_top;
	p->arg = (uint64_t)(uintptr_t)c;
	p->entry = (uint64_t)(uintptr_t)ap_start;
	cpu_state_set(c, CPU_STARTING);

	/* INIT, wait, then two start-up IPIs (SDM 9.4.4.1). */
	lapic_send_init(c->apic_id);
	delay_us(INIT_DELAY_US);
	lapic_send_sipi(c->apic_id, page);
	delay_us(SIPI_DELAY_US);
	if (cpu_state_get(c) == CPU_STARTING) {
		lapic_send_sipi(c->apic_id, page);
		delay_us(SIPI_DELAY_US);
	}
	if (cpu_state_leaves(c, CPU_STARTING, timeout_us))
		return true;
	/* Park it: after INIT it only waits for a start-up IPI. */
	lapic_send_init(c->apic_id);
	cpu_state_set(c, CPU_ABSENT);
	return false;
}
