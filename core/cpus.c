/* SPDX-License-Identifier: MIT */
/* Finding and starting the other processors (core/cpus.h). */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/smp.h"
#include "arch/x86/tsc.h"
#include "core/console.h"
#include "core/cpus.h"
#include "core/memory.h"
#include "core/run.h"
#include "lib/acpi.h"

#define ONLINE_TIMEOUT_US 200000	/* trampoline to C: microseconds */
#define READY_TIMEOUT_US 2000000	/* and VMXON or EFER.SVME after it */
#define LOW_PAGE_FIRST 0x1000ull	/* page 0 holds the real-mode IVT */
#define LOW_PAGE_END 0x9f000ull		/* below the EBDA and legacy VGA */

unsigned int cpus_found = 1;
unsigned int cpu_slots = 1;
static struct acpi_tables acpi;
static struct madt_info madt;	/* cpu_count 0: nothing to start */

/*
 * Reads the MADT into madt, saying why if there is none to use.  What a
 * malformed table listed before its error is used.
 */
static void read_madt(const char *rsdp_err)
{
	char err[128];

	if (!acpi.madt) {
		kprintf("Tollgate: warning: ACPI: %s; running on the boot CPU "
			"only\n", rsdp_err);
		return;
	}
	if (acpi_parse_madt(phys_map_low, NULL, acpi.madt, &madt, err,
			    sizeof(err)) < 0) {
		kprintf("Tollgate: warning: ACPI: %s; running on the boot CPU "
			"and the CPUs listed before the error\n", err);
		if (!madt.cpu_count)
			return;
	}
	if (madt.notes[0])
		kprintf("ACPI: MADT: %s\n", madt.notes);
	kprintf("ACPI: MADT at 0x%llx lists %u CPUs (%u enabled), local APIC "
		"at 0x%llx\n", (unsigned long long)madt.madt, madt.cpu_count,
		madt.enabled_count, (unsigned long long)madt.lapic_addr);
}

/*
 * Without a PIT (or with debug.tsc=hpet), the TSC is measured against the
 * HPET the ACPI tables name.
 */
static void calibrate_with_hpet(void)
{
	bool forced = the_run.config.debug_tsc == DEBUG_TSC_HPET;
	uint64_t base;
	char err[128];

	if (tsc_has_clock() && !forced)
		return;
	if (!acpi.hpet) {
		kprintf("Tollgate: warning: no PIT and no HPET table: the TSC "
			"rate is %s\n", tsc_source());
		return;
	}
	if (acpi_parse_hpet(phys_map_low, NULL, acpi.hpet, &base, err,
			    sizeof(err)) < 0) {
		kprintf("Tollgate: warning: ACPI: %s; the TSC rate is %s\n", err,
			tsc_source());
		return;
	}
	if (!tsc_calibrate_hpet(base))
		kprintf("Tollgate: warning: the HPET at 0x%llx does not count; "
			"the TSC rate is %s\n", (unsigned long long)base,
			tsc_source());
}

void acpi_init(void)
{
	const struct boot_info *bi = &the_run.boot;
	uint64_t rsdp = bi->acpi_rsdp;
	char err[128] = "no RSDP (none from the loader, none in the EBDA or "
			"BIOS area)";

	if (rsdp || !acpi_find_rsdp(phys_map_low, NULL, &rsdp)) {
		acpi_parse_rsdp(phys_map_low, NULL, rsdp,
				bi->acpi_rsdp ? bi->acpi_rsdp_len : 0, &acpi,
				err, sizeof(err));
		if (acpi.note[0])
			kprintf("ACPI: %s\n", acpi.note);
	}
	calibrate_with_hpet();
	read_madt(err);
}

/*
 * A free page below 1 MiB for the trampoline: inside an available range
 * of the memory map and clear of the boot information and modules.
 */
static uint64_t trampoline_page(void)
{
	const struct boot_info *bi = &the_run.boot;
	uint64_t pa;
	unsigned int i, m;

	for (pa = LOW_PAGE_FIRST; pa < LOW_PAGE_END; pa += PAGE_SIZE) {
		bool ok = false;

		for (i = 0; i < bi->mmap_count; i++) {
			const struct boot_mem_range *r = &bi->mmap[i];

			if (r->type == BOOT_MEM_AVAILABLE && r->base <= pa &&
			    pa + PAGE_SIZE <= r->base + r->len)
				ok = true;
		}
		if (pa < bi->table_end && bi->table_start < pa + PAGE_SIZE)
			ok = false;
		for (m = 0; m < bi->module_count; m++)
			if (pa < bi->modules[m].end &&
			    bi->modules[m].start < pa + PAGE_SIZE)
				ok = false;
		if (ok)
			return pa;
	}
	return PMM_NONE;
}

/* Waits for @c to leave CPU_ONLINE (its vendor set-up done). */
static void wait_ready(struct per_cpu *c)
{
	if (!cpu_state_leaves(c, CPU_ONLINE, READY_TIMEOUT_US)) {
		kprintf("Tollgate: warning: CPU %u (APIC ID %u) started but did "
			"not finish its set-up in %u ms; not used\n", c->index,
			c->apic_id, READY_TIMEOUT_US / 1000);
		cpu_state_set(c, CPU_FAILED);
	}
}

void cpus_start(void (*ap_main)(struct per_cpu *c))
{
	uint32_t bsp_id = lapic_id();
	unsigned int i;
	uint64_t page;

	cpus[0].apic_id = bsp_id;
	if (!madt.cpu_count)
		return;
	cpus_found = madt.enabled_count ? madt.enabled_count : 1;
	page = trampoline_page();
	if (page == PMM_NONE) {
		kprintf("Tollgate: warning: no free page below 1 MiB for the "
			"AP trampoline: running on the boot CPU only\n");
		return;
	}
	smp_install_trampoline(page);
	for (i = 0; i < madt.cpu_count; i++) {
		const struct madt_cpu *m = &madt.cpus[i];
		struct per_cpu *c;
		bool started_ok;

		if (!m->enabled || m->apic_id == bsp_id)
			continue;
		if (cpu_slots == MAX_CPUS) {
			kprintf("Tollgate: warning: only %d CPUs are used; APIC "
				"ID %u and later are left off\n", MAX_CPUS,
				m->apic_id);
			break;
		}
		c = &cpus[cpu_slots];
		c->index = cpu_slots++;
		/* debug.ap_silent=N: CPU N's IPIs go to an APIC ID nobody has. */
		c->apic_id = c->index == the_run.config.debug_ap_silent ?
				     m->apic_id ^ 0x80 : m->apic_id;
		started_ok = smp_start_ap(page, c, ap_main, ONLINE_TIMEOUT_US);
		c->apic_id = m->apic_id;
		if (!started_ok) {
			kprintf("Tollgate: warning: CPU %u (APIC ID %u) did not "
				"answer INIT-SIPI-SIPI; going on without it\n",
				c->index, c->apic_id);
			continue;
		}
		wait_ready(c);
	}
}
