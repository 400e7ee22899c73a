/* SPDX-License-Identifier: MIT */
/*
 * Running the guests: choose the vendor back end from the CPU, turn it on
 * on every CPU, give each guest its RAM and image, place the guests on the
 * CPUs (lib/sched.h), and let each CPU run its own until they stop.  A
 * guest that stops, however it stops, never stops the others.
 */
#include <stdint.h>

#include "arch/x86/bits.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/tsc.h"
#include "core/catalog.h"
#include "core/cpus.h"
#include "core/cpustate.h"
#include "arch/x86/xstate.h"
#include "core/console.h"
#include "core/hv.h"
#include "core/memory.h"
#include "core/platform.h"
#include "core/profile.h"
#include "core/soft.h"
#include "core/stats.h"
#include "core/run.h"
#include "lib/bzimage.h"
#include "lib/elf.h"
#include "lib/mbkernel.h"
#include "lib/string.h"

#define GUEST_RAM_ALIGN (2ull << 20)	/* nested paging maps it in 2 MiB pages */
#define IDLE_MAX_US 10000	/* an idle CPU looks around at least this often */
#define WAIT_POLL_US 1000	/* the boot CPU, waiting for the others */

const struct vendor_ops *vendor;
struct vendor_caps vendor_caps;
struct guest guests[MAX_GUESTS];
unsigned int guest_count;
unsigned int cpus_running = 1;

/* Task i is guests[i]: every guest is added, in order, before placement. */
_Static_assert(MAX_GUESTS <= SCHED_MAX_TASKS, "one scheduler task per guest");
static struct sched sched;
static bool lapic_ok;		/* its timer wakes idle CPUs and ends turns */
static int released;		/* the boot CPU has placed the guests: go */

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

/* A detect= choice against what this CPU and back end can do. */
static struct detect_resolution resolve(enum detect_choice choice)
{
	struct detect_offer offer = {
		.threshold = vendor_caps.bus_lock_threshold,
		.vmexit = vendor_caps.bus_lock_vmexit,
		.db = vendor_caps.bus_lock_db,
		.soft = vendor_caps.soft,
	};
	struct detect_resolution r = detect_resolve(choice, &offer);

	if (r.soft_warning)
		kprintf("Tollgate: warning: this CPU cannot detect bus locks; "
			"using the software detector, which costs one exit per "
			"guest instruction (detect=none turns it off)\n");
	return r;
}

/* NAME.detect=, else detect=; an error names the guest. */
static enum detect_mode guest_detect(const struct catalog_entry *e)
{
	struct detect_resolution r;

	if (e->detect < 0)
		return (enum detect_mode)the_run.detect;
	r = resolve((enum detect_choice)e->detect);
	if (r.error)
		run_error("guest '%s': %s", e->name, r.error);
	return r.mode;
}

/*
 * The guest's policy (NAME.buslock=, else buslock=, else warn) and how its
 * bus locks are seen (NAME.detect=, else detect=): not at all under "off".
 * Under ratelimit:N the threshold counter, real or virtual, lets N run
 * between two exits.
 */
static void setup_detection(struct guest *g, const struct catalog_entry *e)
{
	struct vcpu *v = &g->vcpu;

	g->policy = e->policy.set ? e->policy.policy : config_default_policy();
	policy_state_init(&g->policy_state, &g->policy);
	v->detect = policy_detects(&g->policy) ? guest_detect(e) : DETECT_NONE;
	blt_init(&v->threshold, policy_threshold_budget(&g->policy));
	if (v->detect == DETECT_SOFT)
		soft_init(v);
}

/*
 * What the software detector steps (NAME.soft=, else soft=): auto is CPL 3
 * only for an operating system, whose kernel then runs at full speed.  A
 * back end that cannot exit on IRET steps everything, and says so when
 * user was asked for.
 */
static void setup_soft_scope(struct guest *g, const struct catalog_entry *e)
{
	int choice = e->soft >= 0 ? e->soft : the_run.config.soft;
	bool user = choice == SOFT_CHOICE_USER ||
		    (choice == SOFT_CHOICE_AUTO && g->on_pc);

	if (g->vcpu.detect != DETECT_SOFT)
		return;
	if (user && !vendor_caps.soft_user) {
		if (choice == SOFT_CHOICE_USER)
			kprintf("Tollgate: warning: guest '%s': this CPU gives "
				"no exit on IRET (VMX virtual NMIs); the "
				"software detector steps every instruction\n",
				g->name);
		user = false;
	}
	g->vcpu.soft.scope = user ? SOFT_USER : SOFT_ALL;
}

/* The detect= key: the run's default detector. */
static enum detect_mode resolve_detect(void)
{
	struct detect_resolution r =
		resolve((enum detect_choice)the_run.config.detect);

	if (r.error)
		run_error("%s", r.error);
	return r.mode;
}

/* Whether a guest under @mode is shown bus-lock #DB (CPUID.7.0:ECX[24]). */
static bool shows_bus_lock_db(enum detect_mode mode)
{
	return mode == DETECT_SOFT ||
	       (vendor_caps.bus_lock_db &&
		(mode == DETECT_DB || mode == DETECT_VMEXIT));
}

/* Stops @g before it runs, for a fault of its image, said as an error. */
static bool bad_image(struct guest *g, const char *err)
{
	run_error("guest '%s' is not run: %s", g->name, err);
	guest_stop(g, GUEST_KILLED, "not started: bad image: %s", err);
	return false;
}

/* An operating system @kind, loaded, starts at @rip on its own PC. */
static bool start_on_pc(struct guest *g, const char *kind, uint64_t rip)
{
	if (!platform_init(g))
		return bad_image(g, "its PC could not be set up");
	g->on_pc = true;
	g->kind = kind;
	g->vcpu.regs.rip = rip;
	return true;
}

/*
 * A Multiboot kernel: loaded by its a.out fields or its ELF headers, and
 * started as the Multiboot Specification 3.2 says, EAX 0x2BADB002 and EBX
 * the information structure (lib/mbkernel.h), on a virtual PC.
 */
static bool load_multiboot(struct guest *g, const struct mbk_header *h)
{
	uint8_t *ram = (uint8_t *)(uintptr_t)g->ram_hpa;
	uint64_t entry;
	char err[96];
	int rc;

	if (h->flags & MBK_FLAG_AOUT)
		rc = mbk_load_aout(h, g->image, g->image_len, ram, g->ram_size,
				   &entry, err, sizeof(err));
	else
		rc = elf_load(g->image, g->image_len, ram, g->ram_size, &entry,
			      err, sizeof(err));
	if (rc)
		return bad_image(g, err);
	if (!start_on_pc(g, "Multiboot kernel", entry))
		return false;
	g->vcpu.regs.rax = MBK_LOADER_MAGIC;
	g->vcpu.regs.rbx = mbk_write_info(ram, g->ram_size, g->args);
	return true;
}

/*
 * A Linux bzImage: loaded by the boot protocol (lib/bzimage.h) with its
 * NAME.initrd and the module's words as its command line, on a virtual PC.
 * With XLF_KERNEL_64 it is entered at its 64-bit entry in long mode, on
 * the identity page tables and GDT bz_load() wrote (boot.rst, "64-bit
 * Boot Protocol"); an older kernel at code32_start in protected mode with
 * paging off ("32-bit Boot Protocol").  RSI holds boot_params either way,
 * and interrupts are off (RFLAGS as prepare_guest() set it).
 */
static bool load_linux(struct guest *g, const struct bz_header *h)
{
	uint8_t *ram = (uint8_t *)(uintptr_t)g->ram_hpa;
	struct bz_entry e;
	char err[120];

	if (bz_load(h, g->image, g->initrd, g->initrd_len, g->args, ram,
		    g->ram_size, &e, err, sizeof(err)))
		return bad_image(g, err);
	if (!start_on_pc(g, e.long_mode ? "Linux kernel (64-bit entry)" :
					  "Linux kernel (32-bit entry)", e.rip))
		return false;
	if (e.long_mode)
		g->vcpu.start = (struct vcpu_start){
			.long_mode = true, .cr3 = e.tables.cr3,
			.gdt_base = e.tables.gdt_base,
			.gdt_limit = e.tables.gdt_limit,
			.code_sel = BOOT64_CS, .data_sel = BOOT64_DS,
		};
	g->vcpu.regs.rsi = e.esi;
	g->vcpu.regs.rax = 0;
	g->vcpu.regs.rbx = 0;
	return true;
}

/*
 * Gives @g its RAM and loads its image: a Linux bzImage, a Multiboot kernel, or an ELF
 * executable that takes Tollgate's own start (docs/guest-abi.md); false
 * after stopping it.
 */
static bool load_guest(struct guest *g)
{
	struct mbk_header h;
	struct bz_header bz;
	uint64_t entry, hpa;
	char err[96];
	int mb;

	hpa = alloc_pages_aligned(g->ram_size / PAGE_SIZE,
				  GUEST_RAM_ALIGN / PAGE_SIZE);
	if (hpa == PMM_NONE) {
		run_error("guest '%s' is not run: no %llu MiB of free memory "
			  "for it", g->name,
			  (unsigned long long)(g->ram_size >> 20));
		guest_stop(g, GUEST_KILLED, "not started: no %llu MiB of free memory",
			   (unsigned long long)(g->ram_size >> 20));
		return false;
	}
	g->ram_hpa = hpa;
	memset((void *)(uintptr_t)hpa, 0, g->ram_size);
	mb = bz_parse(g->image, g->image_len, &bz, err, sizeof(err));
	if (mb < 0)
		return bad_image(g, err);
	if (mb)
		return load_linux(g, &bz);
	mb = mbk_find(g->image, g->image_len, &h, err, sizeof(err));
	if (mb < 0)
		return bad_image(g, err);
	if (mb && !h.tollgate_abi)
		return load_multiboot(g, &h);
	if (elf_load(g->image, g->image_len, (uint8_t *)(uintptr_t)hpa,
		     g->ram_size, &entry, err, sizeof(err))) {
		if (!mb && (g->image_len < 4 || memcmp(g->image, "\x7f" "ELF", 4)))
			return bad_image(g, "neither an ELF executable nor a "
					    "Multiboot kernel nor a Linux bzImage");
		return bad_image(g, err);
	}
	g->vcpu.regs.rip = entry;
	return true;
}

/*
 * Sets up guest @id from catalogue entry @e, all but its control block,
 * which its own CPU makes (vcpu_create); false after stopping it.
 */
static bool prepare_guest(struct guest *g, const struct catalog_entry *e,
			  unsigned int id)
{
	memset(g, 0, sizeof(*g));
	ksnprintf(g->name, sizeof(g->name), "%s", e->name);
	g->id = id;
	g->cpu = SCHED_NO_CPU;
	g->image = e->image;
	g->image_len = e->image_len;
	g->args = e->args ? e->args : "";
	g->initrd = e->initrd;
	g->initrd_len = e->initrd_len;
	g->timeout_s = e->timeout_s != CATALOG_NO_TIMEOUT ? e->timeout_s :
							  the_run.config.timeout_s;
	/* Whole 2 MiB pages: nested paging maps no more than the guest has. */
	g->ram_size = (e->mem_mib << 20) + GUEST_RAM_ALIGN - 1;
	g->ram_size &= ~(GUEST_RAM_ALIGN - 1);
	g->vcpu.guest = g;
	g->vcpu.regs.rax = GUEST_BOOT_MAGIC;
	g->vcpu.regs.rbx = g->ram_size;
	g->vcpu.regs.rflags = BIT(1);	/* reserved, always 1: SDM 2.3 */
	copy_params(g, e);
	setup_detection(g, e);
	if (!g->ram_size) {
		run_error("guest '%s' is not run: %s=0 gives it no RAM", g->name,
			  e->mem_key);
		guest_stop(g, GUEST_KILLED, "not run: %s=0", e->mem_key);
		return false;
	}
	if (!load_guest(g))
		return false;
	setup_soft_scope(g, e);
	return true;
}

/* Returns a guest's RAM and control structures; on the CPU that ran it. */
static void free_guest(struct guest *g)
{
	cpustate_destroy(&g->vcpu);
	vendor->vcpu_destroy(&g->vcpu);
	if (!g->ram_hpa)
		return;
	free_pages(g->ram_hpa, g->ram_size / PAGE_SIZE);
	g->ram_hpa = 0;
}

/* A guest that stopped: it is never picked again, and its last words show. */
static void retire_guest(struct guest *g)
{
	if (g->vcpu.detect == DETECT_SOFT)
		soft_flush(&g->vcpu);
	guest_console_flush(g);
	profile_report(&g->vcpu);
	sched_done(&sched, g->task);
}

/* Makes the control blocks of the guests placed on @c, on @c itself. */
static void create_own_guests(struct per_cpu *c)
{
	unsigned int i;

	for (i = 0; i < guest_count; i++) {
		struct guest *g = &guests[i];

		if (g->cpu != (int)c->index || guest_stopped(g))
			continue;
		if (vendor->vcpu_create(&g->vcpu) < 0 ||
		    cpustate_create(&g->vcpu) < 0) {
			guest_stop(g, GUEST_KILLED, "not started: %s could not "
				   "set it up", vendor->name);
			retire_guest(g);
		}
	}
}

/*
 * The guest exits by @turn_end, or earlier for its PC's next interrupt: by
 * the VMX preemption timer (per entry, from deadline_tsc), or by the
 * one-shot local-APIC timer, armed again only when the deadline moves.
 * It fires in the guest (an INTR exit) or while an exit is handled, and
 * then the next entry exits at once.
 */
static void set_deadline(struct guest *g, uint64_t turn_end, uint64_t *armed)
{
	uint64_t d = turn_end, now;

	if (g->on_pc && platform_next_event(g) < d)
		d = platform_next_event(g);
	g->vcpu.deadline_tsc = d;
	if (vendor_caps.preemption_timer || !lapic_ok || d == *armed)
		return;
	/* Never early (arch/x86/lapic.c): an early one would be an extra exit. */
	now = rdtsc();
	lapic_timer_arm_tsc(d > now ? d - now : 0);
	*armed = d;
}

/*
 * A PC halted with interrupts enabled: it runs on if an interrupt waits,
 * else it sleeps until its next timer interrupt (true: the turn ends).
 * With no timer running nothing can ever wake it: it has stopped.
 */
static bool pc_halted(struct guest *g)
{
	uint64_t ev;

	if (platform_intr_pending(g))
		return false;
	ev = platform_next_event(g);
	if (ev == PIT_NO_EVENT)
		guest_stop(g, GUEST_DONE, "halted with interrupts enabled and "
			   "no timer running");
	else
		g->halt_until_us = tsc_to_us(ev);
	return true;
}

/* Enters @g once and handles its exit; false when its turn must end. */
static bool enter_once(struct guest *g, uint64_t turn_end, uint64_t *armed,
		       bool *halted)
{
	struct vcpu *v = &g->vcpu;
	struct vm_exit e;

	profile_phase(v, PHASE_SOFT);
	if (v->detect == DETECT_SOFT) {
		soft_before_entry(v);
		if (guest_stopped(g))
			return false;
	}
	profile_phase(v, PHASE_ENTRY);
	if (g->on_pc)
		platform_before_entry(g);
	set_deadline(g, turn_end, armed);
	vendor->vcpu_run(v, &e);
	exit_handle(v, &e);
	profile_phase(v, PHASE_SCHED);
	if (e.kind == EXIT_INTR)
		*armed = 0;	/* the one-shot timer may have fired: arm it again */
	if (run_is_ending())
		cpu_halt_forever();	/* another CPU panicked */
	stats_tick();
	if (g->sleep_until_us || guest_stopped(g))
		return false;
	if (e.kind == EXIT_HLT) {
		*halted = !g->on_pc;
		return g->on_pc ? !pc_halted(g) : false;
	}
	return rdtsc() < turn_end;
}

/* timeout= / NAME.timeout=: a guest still running at its limit is stopped. */
static void check_timeout(struct guest *g, uint64_t now_us)
{
	if (g->stop_at_us && !guest_stopped(g) && now_us >= g->stop_at_us)
		guest_stop(g, GUEST_KILLED, "timeout");
}

/* A sleep never lasts past the guest's run limit. */
static uint64_t bounded(const struct guest *g, uint64_t until_us)
{
	return g->stop_at_us && g->stop_at_us < until_us ? g->stop_at_us :
							  until_us;
}

/* How a turn ended, for the scheduler; true if the guest was retired. */
static bool end_turn(struct guest *g, bool halted)
{
	if (guest_stopped(g)) {
		retire_guest(g);
		return true;
	}
	if (g->sleep_until_us) {
		sched_sleep(&sched, g->task, bounded(g, g->sleep_until_us));
		g->sleep_until_us = 0;
		__atomic_store_n(&g->asleep, true, __ATOMIC_RELAXED);
	} else if (g->halt_until_us) {
		sched_sleep(&sched, g->task, bounded(g, g->halt_until_us));
		g->halt_until_us = 0;
	} else if (halted) {
		sched_halted(&sched, g->task);
	}
	return false;
}

/*
 * One turn of @g from @start (time_us()): exit after exit, each handled
 * once, until its deadline @until_us, a HLT, a throttle or its end.  Then
 * the scheduler is told how the turn ended.  Returns the time it ended.
 */
static uint64_t run_turn(struct guest *g, uint64_t start, uint64_t until_us)
{
	uint64_t end, armed = 0;
	uint64_t turn_end = tsc_at_us(until_us);
	bool halted = false;

	if (g->state == GUEST_READY) {
		kprintf("Tollgate: running guest '%s' on CPU %d (%llu MiB at host "
			"0x%llx, detect %s%s%s%s%s)\n", g->name, g->cpu,
			(unsigned long long)(g->ram_size >> 20),
			(unsigned long long)g->ram_hpa,
			detect_mode_names[g->vcpu.detect],
			g->vcpu.detect == DETECT_SOFT &&
			g->vcpu.soft.scope == SOFT_USER ? " at CPL 3" : "",
			g->on_pc ? ", " : "", g->on_pc ? g->kind : "",
			g->on_pc ? " on a PC" : "");
		g->state = GUEST_RUNNING;
		/* Where make bench counts a Linux boot from (scripts/bench). */
		g->entry_tsc = rdtsc();
	}
	if (g->timeout_s && !g->stop_at_us)
		g->stop_at_us = start + g->timeout_s * 1000000;
	if (g->stop_at_us && tsc_at_us(g->stop_at_us) < turn_end)
		turn_end = tsc_at_us(g->stop_at_us);
	counter_add(&g->turns, 1);
	__atomic_store_n(&g->asleep, false, __ATOMIC_RELAXED);
	cpustate_load(&g->vcpu);
	/* enter_once() itself says when the guest has stopped. */
	if (!guest_stopped(g))
		while (enter_once(g, turn_end, &armed, &halted))
			;
	profile_phase(&g->vcpu, PHASE_TURN);
	/*
	 * A timer still counting is stopped.  One an interrupt exit ended has
	 * fired; if another interrupt ended it, the timer's own comes later,
	 * as one early exit of whatever runs then.
	 */
	if (armed)
		lapic_timer_stop();
	end = time_us();
	counter_add(&g->run_us, end - start);
	sched_account(&sched, g->task, end - start);
	check_timeout(g, end);
	/* A guest retired has printed its last words: the clock moved on. */
	return end_turn(g, halted) ? time_us() : end;
}

/* Nothing to run until @until_us: HLT until the timer, at most IDLE_MAX_US. */
static void idle_until(uint64_t until_us)
{
	uint64_t now = time_us(), wait;

	if (until_us <= now)
		return;
	wait = until_us - now < IDLE_MAX_US ? until_us - now : IDLE_MAX_US;
	if (lapic_ok) {
		lapic_timer_arm_us(wait);
		cpu_idle();
		lapic_timer_stop();
	} else {
		delay_us(wait);
	}
}

/* A CPU's life once the guests are placed: run, idle, until all are done. */
static void cpu_loop(struct per_cpu *c)
{
	uint64_t now;
	unsigned int i;

	cpu_state_set(c, CPU_RUNNING);
	create_own_guests(c);
	now = time_us();
	for (;;) {
		struct sched_pick p = sched_next(&sched, c->index, now);

		if (run_is_ending())
			cpu_halt_forever();	/* another CPU panicked */
		if (p.kind == SCHED_FINISHED)
			break;
		if (p.kind == SCHED_RUN) {
			/* Its last exit has looked at the STATS clock. */
			now = run_turn(&guests[p.task], now, p.until_us);
			continue;
		}
		idle_until(p.until_us);
		stats_tick();
		now = time_us();
	}
	for (i = 0; i < guest_count; i++)
		if (guests[i].cpu == (int)c->index)
			free_guest(&guests[i]);
	cpu_state_set(c, CPU_FINISHED);
}

/* An application processor, from arch/x86/smp.c: turn on VMX or SVM, wait. */
static void ap_main(struct per_cpu *c)
{
	xstate_cpu_init();
	if (vendor->enable_cpu() < 0) {
		kprintf("Tollgate: warning: CPU %u (APIC ID %u): %s could not be "
			"turned on; going on without this CPU\n", c->index,
			c->apic_id, vendor->name);
		cpu_state_set(c, CPU_FAILED);
		return;
	}
	cpu_state_set(c, CPU_READY);
	while (!__atomic_load_n(&released, __ATOMIC_ACQUIRE))
		cpu_relax();
	if (the_run.config.debug_fault_cpu == c->index)
		debug_fault(the_run.config.debug_fault);
	cpu_loop(c);
}

/* The local APIC: the idle and slice timer, and the way to the other CPUs. */
static void start_cpus(void)
{
	const char *why = NULL;

	lapic_ok = lapic_init(&why);
	if (!lapic_ok) {
		run_error("no local APIC timer (%s): one CPU only, and turns end "
			  "only at exits", why);
		return;
	}
	kprintf("Local APIC: %s, ID %u, timer %llu kHz\n", lapic_mode(),
		lapic_id(), (unsigned long long)lapic_timer_khz());
	cpus_start(ap_main);
}

/* Places every guest; a guest that cannot be placed is stopped and said. */
static void place_guests(const struct guest_list *list)
{
	bool cpu_ok[MAX_CPUS] = { false };
	unsigned int i;

	sched_init(&sched, the_run.config.slice_ms * 1000);
	for (i = 0; i < guest_count; i++) {
		uint64_t pin = list->entry[i]->cpu;

		guests[i].task = sched_add(&sched, pin == CATALOG_NO_CPU ?
					   SCHED_NO_CPU : (int)pin);
	}
	cpus_running = 0;
	for (i = 0; i < cpu_slots; i++) {
		int st = cpu_state_get(&cpus[i]);

		cpu_ok[i] = i == 0 || st == CPU_READY;
		cpus_running += cpu_ok[i];
	}
	sched_place(&sched, cpu_slots, cpu_ok);
	for (i = 0; i < guest_count; i++) {
		struct guest *g = &guests[i];
		const struct sched_task *t = &sched.task[g->task];

		g->cpu = t->cpu;
		if (t->error) {
			run_error("guest '%s' is not run: %s", g->name, t->error);
			guest_stop(g, GUEST_KILLED, "not run: %s", t->error);
		}
		if (guest_stopped(g)) {
			sched_done(&sched, g->task);
			free_guest(g);	/* no control block yet: just its RAM */
		}
	}
	console_lock();
	kprintf("Scheduler: %u CPU%s, slice %llu ms:", cpus_running,
		cpus_running == 1 ? "" : "s",
		(unsigned long long)the_run.config.slice_ms);
	for (i = 0; i < guest_count; i++)
		if (guests[i].cpu != SCHED_NO_CPU)
			kprintf(" %s on CPU %d%s", guests[i].name, guests[i].cpu,
				list->entry[i]->cpu != CATALOG_NO_CPU ?
					" (pinned)" : "");
	kprintf("\n");
	console_unlock();
}

/* The boot CPU, its own guests done, waits for the other CPUs to finish. */
static void wait_for_cpus(void)
{
	unsigned int i;

	for (i = 1; i < cpu_slots; i++) {
		while (cpu_state_get(&cpus[i]) == CPU_RUNNING ||
		       cpu_state_get(&cpus[i]) == CPU_READY) {
			if (run_is_ending())
				cpu_halt_forever();	/* an AP panicked */
			/* debug.nmi: NMIs land in its guests, as a platform's might. */
			if (the_run.config.debug_nmi && lapic_ok)
				lapic_send_nmi(cpus[i].apic_id);
			stats_tick();
			idle_until(time_us() + WAIT_POLL_US);
		}
	}
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
	xstate_cpu_init();
	if (vendor->enable(&vendor_caps) < 0) {
		run_error("could not turn on %s; no guests run", vendor->name);
		the_run.guests_skipped = "virtualization could not be turned on";
		return;
	}
	the_run.detect = resolve_detect();
	platform_read_host_clock();
	vendor_caps.guest_bus_lock_db = shows_bus_lock_db(the_run.detect);
	start_cpus();
	for (i = 0; i < list->count; i++) {
		prepare_guest(&guests[i], list->entry[i], i + 1);
		if (shows_bus_lock_db(guests[i].vcpu.detect))
			vendor_caps.guest_bus_lock_db = true;
	}
	guest_count = list->count;
	place_guests(list);
	stats_start();
	__atomic_store_n(&released, 1, __ATOMIC_RELEASE);
	cpu_loop(&cpus[0]);
	wait_for_cpus();
}
