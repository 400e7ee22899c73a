/* SPDX-License-Identifier: MIT */
/*
 * The guest runtime (docs/guest-abi.md): what a test guest under guest/
 * may call.  A guest defines guest_main(); by then the runtime has switched
 * to long mode at CPL 0 with the low 4 GiB identity-mapped, loaded its GDT,
 * TSS and IDT, and found out whether Tollgate is there.  Without Tollgate
 * (bare mode) results are printed on COM1 and QEMU's isa-debug-exit ends
 * the run.  Everything here needs CPL 0 except run_at_cpl3()'s @fn itself.
 */
#ifndef TG_GUEST_LIB_GUEST_H
#define TG_GUEST_LIB_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "guest/lib/layout.h"
#include "lib/format.h"
#include "lib/hypercall.h"

#define NORETURN __attribute__((noreturn))

/* The guest's RAM is guest-physical [0, guest_ram_size). */
extern uint64_t guest_ram_size;

/* The guest's program; its result, 0 if every check passed, goes to HC_EXIT. */
int guest_main(void);

/* Makes hypercall @nr; returns RAX, or HC_ENOSYS in bare mode. */
long hypercall(long nr, long a, long b, long c);

/* True when CPUID shows no Tollgate: results go to COM1 instead. */
bool guest_is_bare(void);

/* Formats onto COM1 (lib/format.h conversions). */
void guest_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Adds "@key": @value to the guest's report (HC_REPORT). */
void guest_report(const char *key, unsigned long value);

/* Tells Tollgate of @units of work done in @tsc_ticks (HC_PROGRESS). */
void guest_progress(unsigned long units, unsigned long tsc_ticks);

/* NAME.@key from Tollgate's command line (HC_PARAM), else @dflt. */
unsigned long guest_param(const char *key, unsigned long dflt);

/* A failed check: the message goes to HC_FAIL and the guest stops. */
NORETURN void guest_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Ends the guest: 0 when every check passed (HC_EXIT). */
NORETURN void guest_exit(int status);

/* Stops the CPU with a triple fault (SDM 6.15, interrupt 8). */
NORETURN void guest_triple_fault(void);

/*
 * Runs @fn(@arg) at CPL 3 on the user stack, IOPL 0 and interrupts off,
 * then returns here at CPL 0.  @fn may touch any guest memory but must not
 * do I/O, hypercalls or guest_printf(): it reports through @arg.
 */
void run_at_cpl3(void (*fn)(void *), void *arg);

/* The registers at an exception, lowest address first (guest/lib/traps.S). */
struct guest_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	/* Pushed by the CPU: SDM 6.14.2. */
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * Handles exception @f->vector; returns true to resume at @f->rip (which
 * it may move on), false to fail the guest as for an unexpected exception.
 */
typedef bool (*guest_trap_hook)(struct guest_frame *f);

/* Installs @hook (NULL removes it) for exception @vector, 0-31. */
void guest_set_trap_hook(unsigned int vector, guest_trap_hook hook);

/* The privilege level the code runs at: CS.RPL is the CPL (SDM 5.5). */
static inline unsigned int current_cpl(void)
{
	uint16_t cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

static inline uint64_t read_dr6(void)
{
	uint64_t v;

	asm volatile("mov %%dr6, %0" : "=r"(v));
	return v;
}

static inline void write_dr6(uint64_t v)
{
	asm volatile("mov %0, %%dr6" : : "r"(v));
}

/* True if CPUID.(7,0):ECX[24] says the CPU (or Tollgate) has bus-lock #DB. */
bool guest_has_bus_lock_db(void);

/* Writes @val to IA32_DEBUGCTL and fails the guest unless it reads back. */
void guest_debugctl_set(uint64_t val);

/*
 * Turns bus-lock #DB on (DEBUGCTL bit 2 and a #DB hook) or off.  Each
 * bus-lock #DB is counted and DR6 bit 11 set again; any other #DB fails
 * the guest.
 */
void guest_watch_bus_locks(bool on);

/*
 * Like guest_watch_bus_locks() but leaves DEBUGCTL alone: a bus-lock #DB
 * the guest did not ask for is counted too.
 */
void guest_catch_bus_lock_dbs(bool on);

/* Bus-lock #DBs seen since the guest started. */
unsigned long guest_bus_lock_dbs(void);

/*
 * #DB frames, of those counted, whose RFLAGS had TF set: a hypervisor's
 * single-stepping the guest can see.
 */
unsigned long guest_db_frames_with_tf(void);

#endif
