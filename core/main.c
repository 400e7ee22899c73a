/* SPDX-License-Identifier: MIT */
/*
 * kmain: everything after boot/boot.S.  Reads what the loader gave, brings
 * up the console, the exception handlers and the frame allocator, reports
 * the CPU, and ends with the SUMMARY line.
 */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/tsc.h"
#include "arch/x86/trap.h"
#include "core/catalog.h"
#include "core/console.h"
#include "core/hv.h"
#include "core/cpureport.h"
#include "core/cpus.h"
#include "core/memory.h"
#include "core/panic.h"
#include "core/run.h"
#include "lib/string.h"
#include "lib/text.h"

#define BOOT_TABLE_READ_MAX (1u << 20)	/* no sane table is larger */
#define IDENTITY_LIMIT 0x100000000ull

static void read_boot_info(uint32_t magic, uint64_t info)
{
	struct boot_info *bi = &the_run.boot;
	uint64_t avail = IDENTITY_LIMIT - info;
	int err;

	if (avail > BOOT_TABLE_READ_MAX)
		avail = BOOT_TABLE_READ_MAX;
	if (magic == MB2_BOOTLOADER_MAGIC)
		err = mb2_parse((const void *)(uintptr_t)info, info, avail, bi);
	else
		err = mb1_parse(info, phys_map_low, NULL, bi);
	if (err)
		run_error("boot information: %s", bi->error);
}

static const char *const fault_names[] = { "none", "#UD", "#GP", "#PF", "#DE" };

/* debug.fault=: a deliberate fault inside the hypervisor, to test the dump. */
void debug_fault(int which)
{
	volatile uint64_t *unmapped = (volatile uint64_t *)(64ull << 30);
	volatile uint64_t *noncanonical = (volatile uint64_t *)(1ull << 63);
	volatile unsigned int zero = 0;

	if (which == FAULT_NONE)
		return;
	kprintf("Tollgate: debug.fault: raising %s in the hypervisor on CPU %u\n",
		fault_names[which], this_cpu()->index);
	if (which == FAULT_UD)
		asm volatile("ud2");
	else if (which == FAULT_GP)
		(void)*noncanonical;
	else if (which == FAULT_PF)
		(void)*unmapped;
	else if (which == FAULT_DE)
		kprintf("%u\n", 1u / zero);
	panic("debug.fault=%s did not fault", fault_names[which]);
}

/* The TSC's rate and where it came from; the PIT's too if it was not used. */
static void report_tsc(void)
{
	uint64_t pit = tsc_pit_khz();

	if (pit && tsc_by_hpet())
		kprintf("TSC: %llu kHz (%s; the PIT measured %llu kHz)\n",
			(unsigned long long)tsc_rate_khz(), tsc_source(),
			(unsigned long long)pit);
	else
		kprintf("TSC: %llu kHz (%s)\n",
			(unsigned long long)tsc_rate_khz(), tsc_source());
}

void kmain(uint32_t magic, uint64_t info);

void kmain(uint32_t magic, uint64_t info)
{
	const char *screen;

	trap_init();		/* first: the console's lock needs this_cpu() */
	console_init();
	read_boot_info(magic, info);
	screen = console_attach_screen(&the_run.boot);

	text_sanitize(the_run.boot.loader);	/* only ever printed */
	kprintf("Tollgate %s: booted by %s via %s, %s firmware\n", TG_VERSION,
		the_run.boot.loader[0] ? the_run.boot.loader : "an unnamed loader",
		the_run.boot.proto == BOOT_PROTO_MULTIBOOT1 ? "Multiboot" :
							      "Multiboot2",
		the_run.boot.uefi ? "UEFI" : "BIOS");
	console_lock();
	kprintf("Command line: ");
	console_write_text(the_run.boot.has_cmdline ? the_run.boot.cmdline :
						      "(none)");
	kprintf("\n");
	console_unlock();
	kprintf("Screen console: %s\n", screen);
	catalog_init(&the_run.boot);
	config_parse(the_run.boot.has_cmdline ? the_run.boot.cmdline : "");
	tsc_calibrate();
	memory_init(&the_run.boot);
	acpi_init();
	report_tsc();
	cpu_report(&the_run.cpu);
	if (!the_run.config.debug_fault_cpu)
		debug_fault(the_run.config.debug_fault);
	hv_run();
	run_finish();
}
