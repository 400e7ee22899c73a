/* SPDX-License-Identifier: MIT */
/*
 * Exceptions in the hypervisor.  An instruction listed in the exception
 * table (rdmsr_safe) resumes at its fixup; anything else is a broken
 * invariant of the hypervisor: dump everything and end the run.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "arch/x86/trap.h"
#include "core/console.h"
#include "core/panic.h"

#define BACKTRACE_DEPTH 16

struct extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

extern const struct extable_entry __extable_start[], __extable_end[];

static const char *const vector_names[32] = {
	[VEC_DE] = "#DE divide error",	[VEC_DB] = "#DB debug",
	[VEC_NMI] = "NMI",		[VEC_BP] = "#BP breakpoint",
	[VEC_OF] = "#OF overflow",	[VEC_BR] = "#BR bound range",
	[VEC_UD] = "#UD invalid opcode", [VEC_NM] = "#NM device not available",
	[VEC_DF] = "#DF double fault",	[VEC_TS] = "#TS invalid TSS",
	[VEC_NP] = "#NP segment not present", [VEC_SS] = "#SS stack fault",
	[VEC_GP] = "#GP general protection", [VEC_PF] = "#PF page fault",
	[VEC_MF] = "#MF x87 error",	[VEC_AC] = "#AC alignment check",
	[VEC_MC] = "#MC machine check",	[VEC_XM] = "#XM SIMD exception",
	[VEC_VE] = "#VE virtualization exception",
	[VEC_CP] = "#CP control protection",
};

static const char *vector_name(uint64_t vec)
{
	if (vec < 32 && vector_names[vec])
		return vector_names[vec];
	return vec < 32 ? "reserved exception" : "unexpected interrupt";
}

/* Returns the fixup address for a faulting @rip, or 0 if it has none. */
static uint64_t extable_lookup(uint64_t rip)
{
	const struct extable_entry *e;

	for (e = __extable_start; e < __extable_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

/* True if a frame record of two words at @addr lies on this CPU's stack. */
static int on_stack(uint64_t addr)
{
	const struct per_cpu *c = this_cpu();

	return addr >= c->stack_bottom && addr + 16 <= c->stack_top &&
	       !(addr & 7);
}

void backtrace_from(uint64_t rbp)
{
	int depth;

	kprintf("backtrace (addr2line -f -e build/tollgate.elf ADDR):\n");
	for (depth = 0; depth < BACKTRACE_DEPTH && on_stack(rbp); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;

		if (!frame[1])
			break;
		kprintf("  #%d 0x%016llx\n", depth,
			(unsigned long long)frame[1]);
		if (frame[0] <= rbp)	/* the stack grows down: callers are above */
			break;
		rbp = frame[0];
	}
}

/* Prints @n registers, "NAME value" each, three to a line. */
static void dump_regs(const char *const names[], const uint64_t *vals[],
		      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		kprintf("%s %016llx%s", names[i], (unsigned long long)*vals[i],
			i % 3 == 2 || i == n - 1 ? "\n" : "  ");
}

void trap_dump(const struct trap_frame *f)
{
	static const char *const names[] = {
		"RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8 ",
		"R9 ", "R10", "R11", "R12", "R13", "R14", "R15",
	};
	const uint64_t *vals[] = {
		&f->rax, &f->rbx, &f->rcx, &f->rdx, &f->rsi, &f->rdi, &f->rbp,
		&f->r8, &f->r9, &f->r10, &f->r11, &f->r12, &f->r13, &f->r14,
		&f->r15,
	};

	kprintf("RIP %016llx  CS %04llx  RFLAGS %016llx\n",
		(unsigned long long)f->rip, (unsigned long long)f->cs,
		(unsigned long long)f->rflags);
	kprintf("RSP %016llx  SS %04llx  ERR %016llx\n",
		(unsigned long long)f->rsp, (unsigned long long)f->ss,
		(unsigned long long)f->error);
	dump_regs(names, vals, sizeof(names) / sizeof(names[0]));
	kprintf("CR0 %016llx  CR2 %016llx  CR3 %016llx  CR4 %016llx\n",
		(unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
		(unsigned long long)read_cr3(), (unsigned long long)read_cr4());
	backtrace_from(f->rbp);
}

/*
 * Tollgate sets no breakpoint and never single-steps itself, so a #DB in
 * the hypervisor is a guest's trap that leaked: Bochs 2.7 delivers a
 * guest's RFLAGS.TF trap to the host after the #VMEXIT of an intercepted
 * instruction.  It is a trap (SDM 17.3.1.4), so going on is safe.
 */
static bool ignore_stray_db(struct trap_frame *f)
{
	static bool warned;

	if (f->vector != VEC_DB)
		return false;
	if (!warned) {
		warned = true;
		kprintf("Tollgate: warning: a #DB reached the hypervisor at rip "
			"0x%llx (a guest's single-step trap leaking out of the "
			"guest, an emulator quirk); ignored\n",
			(unsigned long long)f->rip);
	}
	asm volatile("mov %0, %%dr6" : : "r"(0xffff0ff0ull));
	return true;
}

/*
 * An NMI is the host's: one that arrives while a guest runs is intercepted
 * and taken here, never by the guest (core/exit.c).  Nothing in Tollgate
 * sends NMIs, so one is counted and said once per CPU, and the run goes on.
 */
static void host_nmi(void)
{
	struct per_cpu *c = this_cpu();

	if (!c->nmis++)
		kprintf("Tollgate: warning: NMI on CPU %u (from the platform); "
			"counted, and the run goes on\n", c->index);
}

static void handle_trap(struct trap_frame *f)
{
	uint64_t fixup;

	if (f->vector == VEC_NMI) {
		host_nmi();
		return;
	}
	if (f->vector == VEC_SPURIOUS)
		return;		/* no EOI for a spurious interrupt: SDM 11.9 */
	if (ignore_stray_db(f))
		return;
	fixup = f->vector == VEC_GP || f->vector == VEC_UD ?
			extable_lookup(f->rip) : 0;
	if (fixup) {
		f->rip = fixup;
		return;
	}
	panic_begin();
	kprintf("\nTollgate: hypervisor exception %llu (%s) on CPU %u, error "
		"code 0x%llx\n", (unsigned long long)f->vector,
		vector_name(f->vector), this_cpu()->index,
		(unsigned long long)f->error);
	trap_dump(f);
	panic_end("hypervisor exception %llu (%s) at rip 0x%llx",
		  (unsigned long long)f->vector, vector_name(f->vector),
		  (unsigned long long)f->rip);
}

/*
 * this_cpu() reads the GS base, which is the guest's between SVM's VMLOAD
 * of it and the host's VMLOAD after VMRUN; an exception there (Bochs 2.7
 * delivers a guest's single-step trap just after the #VMEXIT) borrows the
 * right one for its handler and gives the guest's back.
 */
void trap_dispatch(struct trap_frame *f)
{
	uint64_t gs;
	bool borrowed;

	gs = rdmsr(MSR_GS_BASE);
	borrowed = !percpu_valid(gs);
	if (borrowed)
		wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)percpu_find());
	handle_trap(f);
	if (borrowed)
		wrmsr(MSR_GS_BASE, gs);
}
