/* SPDX-License-Identifier: MIT */
/*
 * Running the guests: choose the vendor back end from the CPU, turn it on,
 * give each guest its RAM and image, and run each until it stops.  A guest
 * that stops, however it stops, never stops the others.
 */
#include <stdint.h>

#include "arch/x86/bits.h"
#include "core/catalog.h"
#include "core/console.h"
#include "core/hv.h"
#include "core/memory.h"
#include "core/soft.h"
#include "core/stats.h"
#include "core/run.h"
#include "lib/elf.h"
#include "lib/string.h"

#define GUEST_RAM_ALIGN (2ull << 20)	/* nested paging maps it in 2 MiB pages */

const struct vendor_ops *vendor;
struct vendor_caps vendor_caps;
struct guest guests[MAX_GUESTS];
unsigned int guest_count;

/* The back end for this CPU, or NULL with the reason in @why. */
static const struct vendor_ops *choose_vendor(const struct cpu_caps *c,
					      const char **why)
{
	const char *virt = cpu_caps_virt(c);

	if (!strcmp(virt, "svm"))
		return &svm_ops;
	if (!strcmp(virt, "vmx"))
		return &vmx_ops;
	if (c->vmx || c->svm)
		*why = "virtualization is disabled in firmware";
	else
		*why = "this CPU has neither VMX nor SVM";
	return NULL;
}

static void copy_params(struct guest *g, const struct catalog_entry *e)
{
	unsigned int j;

	for (j = 0; e->params && e->params[j].key; j++)
		guest_param_set(g, e->params[j].key, e->values[j]);
}

/*
 * The guest's policy (NAME.buslock=, else buslock=, else warn) and how its
 * bus locks are seen: not at all under "off".  Under ratelimit:N the
 * threshold counter, real or virtual, lets N run between two exits.
 */
static void setup_detection(struct guest *g, const struct catalog_entry *e)
{
	struct vcpu *v = &g->vcpu;

	g->policy = e->policy.set ? e->policy.policy : config_default_policy();
	policy_state_init(&g->policy_state, &g->policy);
	v->detect = policy_detects(&g->policy) ?
			    (enum detect_mode)the_run.detect : DETECT_NONE;
	blt_init(&v->threshold, policy_threshold_budget(&g->policy));
	if (v->detect == DETECT_SOFT)
		soft_init(v);
}

/* What the hardware can detect, best first; DETECT_NONE if nothing. */
static enum detect_mode hw_detect(void)
{
	if (vendor_caps.bus_lock_threshold)
		return DETECT_THRESHOLD;
	if (vendor_caps.bus_lock_vmexit)
		return DETECT_VMEXIT;
	if (vendor_caps.bus_lock_db)
		return DETECT_DB;
	return DETECT_NONE;
}

/* detect=auto|hw|soft|none, against what this CPU and back end can do. */
static enum detect_mode resolve_detect(void)
{
	enum detect_mode hw = hw_detect();

	switch (the_run.config.detect) {
	case DETECT_CHOOSE_NONE:
		return DETECT_NONE;
	case DETECT_HW:
		if (hw == DETECT_NONE)
			run_error("detect=hw: this CPU has no bus-lock detection "
				  "(no Bus Lock Threshold, bus-lock VM exit or "
				  "bus-lock #DB); bus locks are not detected");
		return hw;
	case DETECT_CHOOSE_SOFT:
		break;
	default:
		if (hw != DETECT_NONE)
			return hw;
		kprintf("Tollgate: warning: this CPU cannot detect bus locks; "
			"using the software detector, which costs one exit per "
			"guest instruction (detect=none turns it off)\n");
	}
	if (!vendor_caps.soft) {
		run_error("the software detector needs VMX's monitor trap flag, "
			  "which this CPU lacks; bus locks are not detected");
		return DETECT_NONE;
	}
	return DETECT_SOFT;
}

/* Gives @g its RAM and loads its ELF image; false after stopping it. */
static bool load_guest(struct guest *g)
{
	uint64_t entry, hpa;
	char err[96];

	hpa = pmm_alloc_contig(&phys_mem, g->ram_size / PAGE_SIZE,
			       GUEST_RAM_ALIGN / PAGE_SIZE);
	if (hpa == PMM_NONE) {
		guest_stop(g, GUEST_KILLED, "not started: no %llu MiB of free memory",
			   (unsigned long long)(g->ram_size >> 20));
		return false;
	}
	g->ram_hpa = hpa;
	memset((void *)(uintptr_t)hpa, 0, g->ram_size);
	if (elf_load(g->image, g->image_len, (uint8_t *)(uintptr_t)hpa,
		     g->ram_size, &entry, err, sizeof(err))) {
		guest_stop(g, GUEST_KILLED, "not started: bad image: %s", err);
		return false;
	}
	g->vcpu.regs.rip = entry;
	return true;
}

/* Sets up guest @id from catalogue entry @e; false after stopping it. */
static bool create_guest(struct guest *g, const struct catalog_entry *e,
			 unsigned int id)
{
	memset(g, 0, sizeof(*g));
	ksnprintf(g->name, sizeof(g->name), "%s", e->name);
	g->id = id;
	g->image = e->image;
	g->image_len = e->image_len;
	g->ram_size = GUEST_RAM_SIZE;
	g->vcpu.guest = g;
	g->vcpu.regs.rax = GUEST_BOOT_MAGIC;
	g->vcpu.regs.rbx = g->ram_size;
	g->vcpu.regs.rflags = BIT(1);	/* reserved, always 1: SDM 2.3 */
	copy_params(g, e);
	setup_detection(g, e);
	if (!load_guest(g))
		return false;
	if (vendor->vcpu_create(&g->vcpu) < 0) {
		guest_stop(g, GUEST_KILLED, "not started: %s could not set it up",
			   vendor->name);
		return false;
	}
	return true;
}

/* Runs @g until it stops: exit after exit, each handled once. */
static void run_guest(struct guest *g)
{
	struct vcpu *v = &g->vcpu;
	struct vm_exit e;

	kprintf("Tollgate: running guest '%s' (%llu MiB at host 0x%llx, "
		"detect %s)\n", g->name, (unsigned long long)(g->ram_size >> 20),
		(unsigned long long)g->ram_hpa, detect_mode_names[v->detect]);
	g->state = GUEST_RUNNING;
	while (!guest_stopped(g)) {
		if (v->detect == DETECT_SOFT) {
			soft_before_entry(v);
			if (guest_stopped(g))
				break;
		}
		vendor->vcpu_run(v, &e);
		exit_handle(v, &e);
		stats_tick();
	}
	if (v->detect == DETECT_SOFT)
		soft_flush(v);
	guest_console_flush(g);
}

/* Returns a stopped guest's RAM and control structures to the allocator. */
static void free_guest(struct guest *g)
{
	uint64_t pa;

	vendor->vcpu_destroy(&g->vcpu);
	if (!g->ram_hpa)
		return;
	for (pa = g->ram_hpa; pa < g->ram_hpa + g->ram_size; pa += PAGE_SIZE)
		pmm_free(&phys_mem, pa);
	g->ram_hpa = 0;
}

void hv_run(void)
{
	const struct guest_list *list = &the_run.config.guests;
	const char *why = NULL;
	unsigned int i;

	if (!list->count)
		return;
	vendor = choose_vendor(&the_run.cpu, &why);
	if (!vendor) {
		kprintf("Tollgate: guests not run: %s\n", why);
		the_run.guests_skipped = why;
		return;
	}
	if (vendor->enable(&vendor_caps) < 0) {
		run_error("could not turn on %s; no guests run", vendor->name);
		the_run.guests_skipped = "virtualization could not be turned on";
		return;
	}
	the_run.detect = resolve_detect();
	vendor_caps.guest_bus_lock_db =
		the_run.detect == DETECT_SOFT ||
		(vendor_caps.bus_lock_db && (the_run.detect == DETECT_DB ||
					     the_run.detect == DETECT_VMEXIT));
	stats_start();
	for (i = 0; i < list->count; i++)
		create_guest(&guests[i], list->entry[i], i + 1);
	guest_count = list->count;
	for (i = 0; i < guest_count; i++) {
		if (!guest_stopped(&guests[i]))
			run_guest(&guests[i]);
		free_guest(&guests[i]);
	}
}
