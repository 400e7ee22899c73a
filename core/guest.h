/* SPDX-License-Identifier: MIT */
/* Guests: what Tollgate runs, what each did, and how each ended. */
#ifndef TG_CORE_GUEST_H
#define TG_CORE_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/platform.h"
#include "core/run.h"
#include "core/vm.h"
#include "lib/format.h"
#include "lib/policy.h"

#define GUEST_NAME_MAX 16
#define GUEST_REASON_MAX 128
#define GUEST_REPORT_MAX 16
#define GUEST_PARAMS_MAX 8
#define GUEST_LINE_MAX 120
#define GUEST_RAM_SIZE (4ull << 20)

enum guest_state {
	GUEST_READY,
	GUEST_RUNNING,
	GUEST_DONE,		/* it exited with every check passed */
	GUEST_FAILED,		/* it reported a failed check */
	GUEST_KILLED,		/* Tollgate stopped it */
	GUEST_RESET,		/* it reset its machine (port 0x92, 0x64, triple fault) */
};

struct guest_kv {
	char key[HC_KEY_MAX];
	uint64_t value;
};

struct guest {
	char name[GUEST_NAME_MAX];
	unsigned int id;		/* 1.., also its ASID or VPID */
	enum guest_state state;
	char reason[GUEST_REASON_MAX];	/* why it failed or was killed */
	const uint8_t *image;		/* its ELF file or Multiboot kernel */
	size_t image_len;
	const char *args;		/* a module's words after its name */
	bool on_pc;			/* an OS (Multiboot or Linux): it gets a PC */
	const char *kind;		/* "Multiboot kernel", "Linux kernel" */
	const uint8_t *initrd;		/* a Linux kernel's NAME.initrd, or NULL */
	size_t initrd_len;
	uint64_t ram_hpa;		/* host-physical base of its RAM */
	uint64_t ram_size;
	uint64_t exits[EXIT_KIND_COUNT];
	uint64_t bus_locks;		/* of every source */
	uint64_t bus_locks_by_source[BUSLOCK_SRC_COUNT];
	bool saw_bus_lock;
	uint64_t first_bus_lock_rip;
	uint64_t throttled_us;		/* kept from running by its policy */
	uint64_t sleep_until_us;	/* its policy throttled it until then */
	bool asleep;			/* between that turn and its next (STATS) */
	int cpu;			/* where it runs, -1 if nowhere */
	int task;			/* its lib/sched.h task number */
	uint64_t run_us;		/* time it ran, in turns */
	uint64_t turns;			/* turns the scheduler gave it */
	uint64_t entry_tsc;		/* TSC at its first entry, 0: none */
	uint64_t work, work_tsc;	/* HC_PROGRESS: units done, TSC ticks */
	/* What the last STATS line showed, to print the interval's share. */
	uint64_t stats_bus_locks, stats_throttled_us, stats_work, stats_work_tsc;
	struct buslock_policy policy;
	struct policy_state policy_state;
	unsigned int report_count;
	struct guest_kv report[GUEST_REPORT_MAX];
	unsigned int param_count;
	struct guest_kv params[GUEST_PARAMS_MAX];	/* NAME.key=value */
	unsigned int line_len;
	char line[GUEST_LINE_MAX];	/* console output not yet printed */
	struct platform pc;		/* a Multiboot guest's devices */
	uint64_t halt_until_us;		/* HLT with IF: blocked until then */
	uint64_t timeout_s;		/* its run limit, 0 for none */
	uint64_t stop_at_us;		/* its first turn + timeout_s, or 0 */
	struct vcpu vcpu;
};

/*
 * Adds @n to a counter that the STATS line reads from another CPU: only the
 * guest's own CPU writes it, with one whole 64-bit store.
 */
static inline void counter_add(uint64_t *c, uint64_t n)
{
	__atomic_store_n(c, *c + n, __ATOMIC_RELAXED);
}

static inline uint64_t counter_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/* "done", "failed", "killed" (or "ready"/"running" while it runs). */
const char *guest_state_name(enum guest_state s);

/* True once the guest will not run again: asked on every exit. */
static inline bool guest_stopped(const struct guest *g)
{
	return g->state == GUEST_DONE || g->state == GUEST_FAILED ||
	       g->state == GUEST_KILLED || g->state == GUEST_RESET;
}

/*
 * Stops @g in @state with the reason in words, and says so on the console.
 * A guest that is already stopped keeps its first reason.
 */
void guest_stop(struct guest *g, enum guest_state state, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/* Adds or replaces a report entry; false when the report is full. */
bool guest_report_set(struct guest *g, const char *key, uint64_t value);

/* Sets a parameter (NAME.key=value); false when the table is full. */
bool guest_param_set(struct guest *g, const char *key, uint64_t value);

/* Looks up NAME.key from the command line. */
bool guest_param_get(const struct guest *g, const char *key, uint64_t *value);

/*
 * The hypervisor's pointer to @len bytes of @g's RAM at guest-physical @gpa,
 * or NULL if any of it lies outside the guest's RAM.
 */
void *guest_phys(const struct guest *g, uint64_t gpa, size_t len);

/*
 * Copies a NUL-terminated string at guest-physical @gpa into @buf.  False if
 * it leaves the guest's RAM or does not end within @size bytes.
 */
bool guest_read_string(const struct guest *g, uint64_t gpa, char *buf,
		       size_t size);

/* Takes one byte the guest wrote to its COM1; prints whole lines, prefixed. */
void guest_console_putc(struct guest *g, char c);

/* Prints what is left of the guest's last console line. */
void guest_console_flush(struct guest *g);

#endif
