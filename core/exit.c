/* SPDX-License-Identifier: MIT */
/*
 * Exit handling, written once for both vendors.  Every exit kind has a
 * handler and a counter; an exit nothing handles dumps the guest and stops
 * that guest, never the hypervisor.
 */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"
#include "core/buslock.h"
#include "core/console.h"
#include "core/cpumodel.h"
#include "core/cpustate.h"
#include "core/hv.h"
#include "core/hypercall.h"
#include "core/insn.h"
#include "core/panic.h"
#include "core/profile.h"
#include "core/soft.h"
#include "lib/cpucaps.h"
#include "lib/dr6.h"
#include "lib/string.h"

#define COM1_BASE 0x3f8
#define COM1_LAST 0x3ff
#define UART_LSR_IDLE 0x60	/* transmitter and holding register empty */
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

/* A triple fault: a PC resets (state reset); a test guest is killed. */
static void handle_shutdown(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	guest_stop(v->guest, v->guest->on_pc ? GUEST_RESET : GUEST_KILLED,
		   "triple fault (shutdown) at rip 0x%llx",
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
 * HLT: the guest has nothing to do, so its turn ends (core/hv.c).  A test
 * guest goes on after it in its next turn.  A PC with interrupts disabled
 * never wakes again: it has stopped for good (Linux's poweroff without
 * ACPI ends so); with them enabled, core/hv.c blocks it until its next
 * interrupt.
 */
static void handle_hlt(struct vcpu *v, const struct vm_exit *e)
{
	skip_instruction(v, e);
	if (v->guest->on_pc && !(v->regs.rflags & RFLAGS_IF))
		guest_stop(v->guest, GUEST_DONE, "halted");
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

/*
 * A machine check while the guest ran is the host's, intercepted so that it
 * never reaches the guest's IDT (APM 15.12, SDM 25.2): the machine's state
 * is suspect, so the hypervisor stops with a dump.
 */
static void handle_machine_check(struct vcpu *v)
{
	kprintf("Tollgate: machine check while guest '%s' ran on CPU %u\n",
		v->guest->name, this_cpu()->index);
	vendor->dump(v);
	panic("machine check (#MC) while guest '%s' ran", v->guest->name);
}

static void handle_exception(struct vcpu *v, const struct vm_exit *e)
{
	if (e->exc.vector == VEC_DB) {
		handle_debug(v, e);
		return;
	}
	if (e->exc.vector == VEC_MC) {
		handle_machine_check(v);
		return;
	}
	/* soft=user hides EFER.SCE; any other #UD is the guest's own. */
	if (e->exc.vector == VEC_UD) {
		if (!soft_ud(v))
			vendor->inject_exception(v, VEC_UD, false, 0);
		return;
	}
	kill_with_dump(v, "unexpected intercepted exception", e);
}

/*
 * Port I/O: a Multiboot guest's ports are its PC's (core/platform.c); a
 * test guest's COM1 is a console and every other port reads as 1s.
 */
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

		if (v->guest->on_pc)
			platform_io(v->guest, port, e->io.size, true, &val);
		else if (port >= COM1_BASE && port <= COM1_LAST)
			val = port == COM1_BASE + 5 ? UART_LSR_IDLE : 0;
		/* A 32-bit IN zero-extends into RAX, as any 32-bit write does. */
		if (e->io.size == 4)
			v->regs.rax = val;
		else
			v->regs.rax = (v->regs.rax & ~(uint64_t)mask) |
				      (val & mask);
	} else if (v->guest->on_pc) {
		uint32_t val = (uint32_t)v->regs.rax & mask;

		platform_io(v->guest, port, e->io.size, false, &val);
	} else if (port == COM1_BASE) {
		guest_console_putc(v->guest, (char)v->regs.rax);
	}
	skip_instruction(v, e);
}

static void handle_cpuid(struct vcpu *v, const struct vm_exit *e)
{
	uint32_t leaf = (uint32_t)v->regs.rax;
	struct cpuid_regs r = cpuid(leaf, (uint32_t)v->regs.rcx);

	cpumodel_cpuid(v, leaf, (uint32_t)v->regs.rcx, &r);
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	skip_instruction(v, e);
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
		ok = cpumodel_msr_read(v, msr, &val);
		if (ok) {
			v->regs.rax = (uint32_t)val;
			v->regs.rdx = val >> 32;
		}
	} else {
		ok = cpumodel_msr_write(v, msr, val);
	}
	if (!ok) {
		vendor->inject_exception(v, VEC_GP, true, 0);
		return;
	}
	skip_instruction(v, e);
}

/*
 * MOV to or from DR6 where Tollgate keeps the guest's DR6 itself: on a CPU
 * without bus-lock #DB the hardware holds DR6 bit 11 at 1, so the bit the
 * software detector clears can only live here (lib/dr6.c).
 */
static bool mov_dr6(struct vcpu *v, uint64_t *reg, bool write)
{
	if (!write)
		*reg = v->dr6;
	else if (dr6_write_ok(*reg))
		v->dr6 = dr6_guest_write(*reg, cpumodel_sees_bus_lock_db(v));
	else
		return false;
	return true;
}

/*
 * MOV DR exits (VMX, under the software detector, SDM 25.1.3): DR6 is
 * virtual, DR7 lives in the control block, DR0-DR3 in the registers, which
 * hold this guest's values while its exits are handled (core/cpustate.h).
 * DR4 and DR5 are DR6 and DR7 unless CR4.DE makes them #UD; the upper half
 * of DR6 and DR7 is reserved, #GP if set (SDM 17.2).
 */
static void handle_mov_dr(struct vcpu *v, const struct vm_exit *e)
{
	uint64_t *reg = vcpu_gpr(&v->regs, e->mov_dr.gpr);
	unsigned int dr = e->mov_dr.dr;
	struct vcpu_sysregs sr;
	bool ok = true;

	if (dr == 4 || dr == 5) {
		vendor->get_sysregs(v, &sr);
		if (sr.cr4 & CR4_DE) {
			vendor->inject_exception(v, VEC_UD, false, 0);
			return;
		}
		dr += 2;
	}
	if (dr < 4 && e->mov_dr.write)
		write_dr(dr, *reg);
	else if (dr < 4)
		*reg = read_dr(dr);
	else if (dr == 6 && v->dr6_virtual)
		ok = mov_dr6(v, reg, e->mov_dr.write);
	else if (e->mov_dr.write && (*reg >> 32))
		ok = false;
	else if (e->mov_dr.write)
		vendor->set_dr(v, dr, *reg);
	else
		*reg = vendor->get_dr(v, dr);
	if (!ok) {
		vendor->inject_exception(v, VEC_GP, true, 0);
		return;
	}
	skip_instruction(v, e);
}

/*
 * XSETBV: the guest's own XCR0, checked as the processor checks it (SDM
 * Vol. 2C XSETBV: #GP at CPL > 0, for an XCR other than 0, or a value it
 * does not support), and in force whenever it runs.
 */
static void handle_xsetbv(struct vcpu *v, const struct vm_exit *e)
{
	uint64_t val = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;

	if (v->regs.cpl || !cpustate_xsetbv(v, (uint32_t)v->regs.rcx, val)) {
		vendor->inject_exception(v, VEC_GP, true, 0);
		return;
	}
	skip_instruction(v, e);
}

/*
 * INVD and WBINVD do nothing for a guest (docs/security.md): its RAM is
 * ordinary write-back memory, coherent, with no device that needs the caches
 * written back; INVD would throw away dirty lines of the hypervisor and of
 * other guests, and WBINVD stalls every core like a bus lock.  Both are
 * intercepted (APM 15.9, SDM 25.1.3) and counted as "cache" exits.
 */
static void handle_cache(struct vcpu *v, const struct vm_exit *e)
{
	skip_instruction(v, e);
}

/*
 * A host NMI arrived while the guest ran (SVM NMI intercept, VMX NMI
 * exiting): it is the host's and never reaches the guest's IDT.  The back
 * end has already had the host's NMI handler take it (arch/x86/trap.c).
 */
static void handle_nmi(struct vcpu *v, const struct vm_exit *e)
{
	(void)v;
	(void)e;
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

/* soft=user: an IRET, on its way to CPL 3 or not (core/soft.c). */
static void handle_iret(struct vcpu *v, const struct vm_exit *e)
{
	(void)e;
	soft_iret(v);
}

/*
 * The guest can take an interrupt now: what is pending is delivered before
 * the next entry (core/platform.c), which also stops asking for the window.
 */
static void handle_intr_window(struct vcpu *v, const struct vm_exit *e)
{
	(void)v;
	(void)e;
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
	[EXIT_XSETBV] = handle_xsetbv,
	[EXIT_CACHE] = handle_cache,
	[EXIT_NMI] = handle_nmi,
	[EXIT_INTR_WINDOW] = handle_intr_window,
	[EXIT_CR] = skip_instruction,
	[EXIT_IRET] = handle_iret,
};

/* A kind without a handler would call through NULL: the build refuses it. */
_Static_assert(sizeof(handlers) / sizeof(handlers[0]) == EXIT_KIND_COUNT,
	       "one handler per exit kind");

/*
 * An exit that reports bus locks, or whose instruction's length is only
 * its opcode's: out of line, so that every other exit goes straight from
 * its count to its handler.
 */
static __attribute__((noinline)) void handle_more(struct vcpu *v,
						  struct vm_exit *e,
						  enum exit_kind kind)
{
	if (e->bus_locks)
		buslock_event(v, e->bus_lock_source, v->regs.rip, e->bus_locks);
	if (e->insn_len_guessed) {
		profile_phase(v, PHASE_DECODE);
		/* The prefixes too, or a prefixed CPUID resumes mid-instruction. */
		e->insn_len += insn_prefix_len(v);
		e->insn_len_guessed = false;
	}
	profile_phase(v, PHASE_HANDLER);
	handlers[kind](v, e);
}

void exit_handle(struct vcpu *v, struct vm_exit *e)
{
	enum exit_kind kind = e->kind < EXIT_KIND_COUNT ? e->kind : EXIT_UNKNOWN;

	profile_exit_kind(v, kind);
	profile_phase(v, PHASE_ACCOUNT);
	v->guest->exits[kind]++;
	if (e->bus_locks || e->insn_len_guessed) {
		handle_more(v, e, kind);
		return;
	}
	profile_phase(v, PHASE_HANDLER);
	handlers[kind](v, e);
}
