/* SPDX-License-Identifier: MIT */
/*
 * Exit handling, written once for both vendors.  Every exit kind has a
 * handler and a counter; an exit nothing handles dumps the guest and stops
 * that guest, never the hypervisor.
 */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/trap.h"
#include "core/buslock.h"
#include "core/console.h"
#include "core/hv.h"
#include "core/hypercall.h"
#include "lib/cpucaps.h"
#include "lib/dr6.h"
#include "lib/string.h"

#define COM1_BASE 0x3f8
#define COM1_LAST 0x3ff
#define UART_LSR_IDLE 0x60	/* transmitter and holding register empty */
#define MSR_IA32_TSC 0x10
#define MSR_IA32_DEBUGCTL 0x1d9
#define DEBUGCTL_LBR BIT(0)
#define DEBUGCTL_BTF BIT(1)
#define DEBUGCTL_BUS_LOCK_DETECT BIT(2)	/* Intel ISE "Bus Lock Detection" */

typedef void (*exit_handler)(struct vcpu *v, const struct vm_exit *e);

static void skip_instruction(struct vcpu *v, const struct vm_exit *e)
{
	v->regs.rip += e->insn_len;
}

/* Dumps the guest and stops it: the fate of anything Tollgate cannot handle. */
static void kill_with_dump(struct vcpu *v, const char *what,
			   const struct vm_exit *e)
{
	kprintf("Tollgate: guest '%s': %s (exit code 0x%llx) at rip 0x%llx\n",
		v->guest->name, what, (unsigned long long)e->code,
		(unsigned long long)v->regs.rip);
	vendor->dump(v);
	guest_stop(v->guest, GUEST_KILLED, "%s (exit code 0x%llx) at rip 0x%llx",
		   what, (unsigned long long)e->code,
		   (unsigned long long)v->regs.rip);
}

static void handle_unknown(struct vcpu *v, const struct vm_exit *e)
{
	kill_with_dump(v, "unhandled exit", e);
}

static void handle_invalid(struct vcpu *v, const struct vm_exit *e)
{
	kill_with_dump(v, "the CPU refused the guest state", e);
}

static void handle_shutdown(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	guest_stop(v->guest, GUEST_KILLED, "triple fault (shutdown) at rip 0x%llx",
		   (unsigned long long)v->regs.rip);
}

static void handle_npf(struct vcpu *v, const struct vm_exit *e)
{
	guest_stop(v->guest, GUEST_KILLED,
		   "%s guest-physical 0x%llx, outside its %llu MiB of RAM, at rip 0x%llx",
		   e->npf.fetch ? "executed at" : e->npf.write ? "wrote" : "read",
		   (unsigned long long)e->npf.gpa,
		   (unsigned long long)(v->guest->ram_size >> 20),
		   (unsigned long long)v->regs.rip);
}

static void handle_virt_insn(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	guest_stop(v->guest, GUEST_KILLED,
		   "executed a virtualization instruction at rip 0x%llx",
		   (unsigned long long)v->regs.rip);
}

/*
 * A physical interrupt arrived in the guest: Tollgate's slice timer (SVM,
 * or VMX without a preemption timer).  It is still pending (neither VMX, without
 * "acknowledge interrupt on exit", nor SVM takes it: SDM 26.2, "Other
 * Causes of VM Exits", and APM 15.21.4); the host takes it now,
 * and the scheduler sees that the slice is over.  Guests get no interrupts.
 */
static void handle_intr(struct vcpu *v, const struct vm_exit *e)
{
	(void)v;
	(void)e;
	cpu_take_interrupts();
}

/* The preemption timer ran out: the scheduler ends the turn. */
static void handle_preempt(struct vcpu *v, const struct vm_exit *e)
{
	(void)v;
	(void)e;
}

/*
 * HLT: the guest has nothing to do, so its turn ends (core/hv.c); it goes
 * on after the HLT in its next turn, as no interrupt is ever sent to it.
 */
static void handle_hlt(struct vcpu *v, const struct vm_exit *e)
{
	skip_instruction(v, e);
}

/*
 * The bus lock itself was counted from e->bus_locks in exit_handle(), like
 * the bus locks any other exit reports; the vendor lets the stalled
 * instruction run (AMD reloads the threshold counter before the next VMRUN).
 */
static void handle_buslock(struct vcpu *v, const struct vm_exit *e)
{
	(void)v;
	(void)e;
}

/*
 * A #DB: count a bus lock it reports if #DB is the detector (the VM exit
 * counts its own), and give the guest the #DB it would have had without
 * Tollgate: its own breakpoints and single steps, and bus locks once it has
 * enabled bus-lock detection itself.  A #DB Tollgate caused only for its own
 * detection is not shown.
 */
static void handle_debug(struct vcpu *v, const struct vm_exit *e)
{
	uint64_t qual = e->exc.qual;
	bool bus = db_is_bus_lock(qual);
	bool wants_bus = v->debugctl & DEBUGCTL_BUS_LOCK_DETECT;

	if (bus && v->detect == DETECT_DB)
		buslock_event(v, BUSLOCK_SRC_DB, v->regs.rip, 1);
	if (bus && !wants_bus)
		qual &= ~(uint64_t)DB_QUAL_BUS_LOCK;
	if (db_is_guest_debug(qual) || (bus && wants_bus))
		vendor->deliver_db(v, qual);
}

static void handle_exception(struct vcpu *v, const struct vm_exit *e)
{
	if (e->exc.vector == VEC_DB) {
		handle_debug(v, e);
		return;
	}
	kill_with_dump(v, "unexpected intercepted exception", e);
}

/* Port I/O: the guest's COM1 is a console; every other port reads as 1s. */
static void handle_io(struct vcpu *v, const struct vm_exit *e)
{
	uint32_t mask = e->io.size == 4 ? 0xffffffffu :
			(1u << (8 * e->io.size)) - 1;
	uint16_t port = e->io.port;

	if (e->io.string || e->io.rep) {
		kill_with_dump(v, "string port I/O is not emulated", e);
		return;
	}
	if (e->io.in) {
		uint32_t val = mask;

		if (port >= COM1_BASE && port <= COM1_LAST)
			val = port == COM1_BASE + 5 ? UART_LSR_IDLE : 0;
		v->regs.rax = (v->regs.rax & ~(uint64_t)mask) | (val & mask);
	} else if (port == COM1_BASE) {
		guest_console_putc(v->guest, (char)v->regs.rax);
	}
	skip_instruction(v, e);
}

/*
 * Whether @v sees bus-lock #DB (CPUID.7.0:ECX[24]): where the CPU has it,
 * or where the software detector gives it to this guest; not to a guest
 * whose detection is off (NAME.buslock=off) on a CPU without it.
 */
static bool sees_bus_lock_db(const struct vcpu *v)
{
	return vendor_caps.guest_bus_lock_db &&
	       (vendor_caps.bus_lock_db || v->detect == DETECT_SOFT);
}

/* The CPU the guest sees: the host's, less what Tollgate keeps to itself. */
static void cpuid_filter(struct vcpu *v, uint32_t leaf, struct cpuid_regs *r)
{
	static const char sig[12] = "TollgateHV\0";

	if (leaf == 1) {
		r->ecx &= ~CPUID_1_ECX_VMX;
		r->ecx |= BIT(31);		/* hypervisor present */
	} else if (leaf == 7 && v->regs.rcx == 0) {
		/* Shown where Tollgate gives guests the #DB, even on a CPU without it. */
		if (sees_bus_lock_db(v))
			r->ecx |= CPUID_7_ECX_BUS_LOCK_DETECT;
		else
			r->ecx &= ~CPUID_7_ECX_BUS_LOCK_DETECT;
	} else if (leaf == 0x80000001) {
		r->ecx &= ~CPUID_80000001_ECX_SVM;
	} else if (leaf == 0x8000000a) {
		*r = (struct cpuid_regs){ 0 };
	} else if (leaf == TG_CPUID_SIGNATURE) {
		r->eax = TG_CPUID_ABI;
		memcpy(&r->ebx, sig, 4);
		memcpy(&r->ecx, sig + 4, 4);
		memcpy(&r->edx, sig + 8, 4);
	} else if (leaf == TG_CPUID_ABI) {
		*r = (struct cpuid_regs){ TG_ABI_VERSION,
			!strcmp(vendor->name, "svm") ? TG_HYPERCALL_VMMCALL :
						       TG_HYPERCALL_VMCALL, 0, 0 };
	} else if (leaf >= 0x40000000 && leaf < 0x50000000) {
		*r = (struct cpuid_regs){ 0 };
	}
}

static void handle_cpuid(struct vcpu *v, const struct vm_exit *e)
{
	uint32_t leaf = (uint32_t)v->regs.rax;
	struct cpuid_regs r = cpuid(leaf, (uint32_t)v->regs.rcx);

	cpuid_filter(v, leaf, &r);
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	skip_instruction(v, e);
}

/* DEBUGCTL bits a guest may set: bus-lock detect only where it sees CPUID bit 24. */
static uint64_t debugctl_allowed(const struct vcpu *v)
{
	return DEBUGCTL_LBR | DEBUGCTL_BTF |
	       (sees_bus_lock_db(v) ? DEBUGCTL_BUS_LOCK_DETECT : 0);
}

static bool msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	if (msr == MSR_IA32_DEBUGCTL) {
		*val = v->debugctl;
		return true;
	}
	if (msr == MSR_IA32_TSC) {
		*val = rdtsc();
		return true;
	}
	return vendor->msr_read(v, msr, val);
}

static bool msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	if (msr == MSR_IA32_DEBUGCTL) {
		if (val & ~debugctl_allowed(v))
			return false;
		v->debugctl = val;
		return true;
	}
	return vendor->msr_write(v, msr, val);
}

/*
 * RDMSR and WRMSR name the MSR in ECX and carry the value in EDX:EAX (SDM
 * Vol. 2B).  An MSR Tollgate does not offer raises #GP, as hardware would.
 */
static void handle_msr(struct vcpu *v, const struct vm_exit *e)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	bool ok;

	if (e->kind == EXIT_MSR_READ) {
		ok = msr_read(v, msr, &val);
		if (ok) {
			v->regs.rax = (uint32_t)val;
			v->regs.rdx = val >> 32;
		}
	} else {
		ok = msr_write(v, msr, val);
	}
	if (!ok) {
		vendor->inject_exception(v, VEC_GP, true, 0);
		return;
	}
	skip_instruction(v, e);
}

/* Register @n in ModRM order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..). */
static uint64_t *gpr(struct vcpu_regs *r, unsigned int n)
{
	uint64_t *const map[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi,
		&r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
		&r->r14, &r->r15,
	};

	return map[n & 15];
}

/*
 * MOV to or from DR6 where Tollgate keeps the guest's DR6 itself: on a CPU
 * without bus-lock #DB the hardware holds DR6 bit 11 at 1, so the bit the
 * software detector clears can only live here (lib/dr6.c).  Breakpoint
 * registers are not intercepted otherwise, and are not emulated.
 */
static void handle_mov_dr(struct vcpu *v, const struct vm_exit *e)
{
	uint64_t *reg = gpr(&v->regs, e->mov_dr.gpr);

	if (e->mov_dr.dr != 6 || !v->dr6_virtual) {
		kill_with_dump(v, "MOV with a debug register Tollgate does not emulate", e);
		return;
	}
	if (!e->mov_dr.write)
		*reg = v->dr6;
	else if (dr6_write_ok(*reg))
		v->dr6 = dr6_guest_write(*reg, sees_bus_lock_db(v));
	else {
		vendor->inject_exception(v, VEC_GP, true, 0);
		return;
	}
	skip_instruction(v, e);
}

/*
 * The software detector's step: an instruction ran, and the next is checked
 * before entry.
 */
static void handle_step(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	v->soft.stepped = true;
}

static const exit_handler handlers[EXIT_KIND_COUNT] = {
	[EXIT_HYPERCALL] = hypercall_handle,
	[EXIT_CPUID] = handle_cpuid,
	[EXIT_IO] = handle_io,
	[EXIT_MSR_READ] = handle_msr,
	[EXIT_MSR_WRITE] = handle_msr,
	[EXIT_HLT] = handle_hlt,
	[EXIT_SHUTDOWN] = handle_shutdown,
	[EXIT_NPF] = handle_npf,
	[EXIT_VIRT_INSN] = handle_virt_insn,
	[EXIT_BUSLOCK] = handle_buslock,
	[EXIT_EXCEPTION] = handle_exception,
	[EXIT_INTR] = handle_intr,
	[EXIT_INVALID] = handle_invalid,
	[EXIT_UNKNOWN] = handle_unknown,
	[EXIT_STEP] = handle_step,
	[EXIT_MOV_DR] = handle_mov_dr,
	[EXIT_PREEMPT] = handle_preempt,
};

/* A kind without a handler would call through NULL: the build refuses it. */
_Static_assert(sizeof(handlers) / sizeof(handlers[0]) == EXIT_KIND_COUNT,
	       "one handler per exit kind");

void exit_handle(struct vcpu *v, const struct vm_exit *e)
{
	enum exit_kind kind = e->kind < EXIT_KIND_COUNT ? e->kind : EXIT_UNKNOWN;

	v->guest->exits[kind]++;
	if (e->bus_locks)
		buslock_event(v, e->bus_lock_source, v->regs.rip, e->bus_locks);
	handlers[kind](v, e);
}
