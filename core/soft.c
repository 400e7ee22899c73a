/* SPDX-License-Identifier: MIT */
/*
 * The software bus-lock detector (core/soft.h).  On VMX it is trap-like,
 * like the bus-lock VM exit: a split lock is counted once it has run.  On
 * SVM it is fault-like, like the Bus Lock Threshold: a virtual counter,
 * driven by the same accounting as the VMCB's (lib/blthreshold.c), lets
 * `budget` bus locks run and stops the next before it runs.
 *
 * Under soft=user only CPL 3 is stepped, where bus-lock #DB exists (SDM
 * Vol. 3A 17.3.1.6): the guest's kernel runs at full speed, and every way
 * from it back to CPL 3 is made to exit.
 *  - IRET: SVM intercepts it (APM 15.9, before it runs) and steps it; VMX
 *    enters with virtual-NMI blocking and NMI-window exiting, so that the
 *    IRET, which unblocks virtual NMIs, is followed by an exit (SDM 25.3,
 *    26.7.6).  A new process's first entry to user mode is such an IRET or
 *    a SYSRET, so its first instruction is stepped like any other.
 *  - SYSRET (and SYSCALL): the guest runs with EFER.SCE clear, so both #UD
 *    (SDM Vol. 2B, APM Vol. 3); the #UD is intercepted and the instruction
 *    stepped once with the guest's own SCE.  A #UD that comes back with it
 *    is the guest's own and is given to it.
 *  - A trap or interrupt from CPL 3 lands at CPL 0 in a step's exit, or the
 *    kernel comes back by one of the above: either way the next entry sees
 *    the CPL.
 * Not caught: a far RET or JMP to CPL 3 through a call gate, and SYSEXIT,
 * which 64-bit Linux never uses (README.md says what soft=user misses).
 */
#include "core/buslock.h"
#include "core/guest.h"
#include "core/hv.h"
#include "core/insn.h"
#include "core/soft.h"
#include "lib/dr6.h"
#include "lib/gwalk.h"
#include "lib/x86dec.h"

#define DEBUGCTL_BUS_LOCK_DETECT BIT(2)
#define OPCODE_POP_SS 0x17
#define CACHE_LINE 64
#define OPSIZE_PREFIX 0x66
/*
 * SS loads in a row that one step may run (SDM Vol. 3A 6.8.3 guarantees the
 * hold for the first only); a longer row is judged one step at a time.
 */
#define SS_CHAIN_MAX 16
/* IRETQ: REX.W CF, and the frame it pops, lowest first (SDM Vol. 2A). */
#define REX_W 0x48
#define OPCODE_IRET 0xcf
enum { IRET_RIP, IRET_CS, IRET_RFLAGS, IRET_RSP, IRET_SS, IRET_FRAME_QWORDS };
#define RFLAGS_FIXED BIT(1)
#define RFLAGS_NT BIT(14)
#define RFLAGS_VM BIT(17)
/* What IRET loads at CPL 0: all but VM and the reserved bits (SDM 2.3). */
#define IRET_LOADED_FLAGS 0x3d7fd5ull

/*
 * The decoder's register file, in ModRM order (SDM Vol. 2A 2.1.5), but for
 * RIP, which the caller keeps.
 */
static void decoder_regs(struct x86_regs *r, const struct vcpu_regs *g,
			 const struct vcpu_sysregs *sr)
{
	const uint64_t gpr[X86_GPR_COUNT] = {
		g->rax, g->rcx, g->rdx, g->rbx, g->rsp, g->rbp, g->rsi, g->rdi,
		g->r8, g->r9, g->r10, g->r11, g->r12, g->r13, g->r14, g->r15,
	};
	unsigned int i;

	for (i = 0; i < X86_GPR_COUNT; i++)
		r->gpr[i] = gpr[i];
	/* Flat segments but FS and GS: what the guests Tollgate steps use. */
	for (i = 0; i < X86_SEG_COUNT; i++)
		r->seg_base[i] = 0;
	r->seg_base[X86_SEG_FS] = sr->fs_base;
	r->seg_base[X86_SEG_GS] = sr->gs_base;
}

/*
 * Decodes the guest's instruction at @r->rip into @insn; false if it cannot
 * be read (the guest will take its own #PF), is no instruction the
 * processor runs, or is certainly neither a locked RMW nor an SS load
 * (x86_may_lock(): most instructions, told from their first bytes, and
 * then the decoder and its registers are not needed).  @r is filled
 * from the guest on the first full decode (@r->rip is set).  @opsize16
 * says whether an operand-size prefix came first.
 */
static bool decode_at(struct vcpu *v, const struct vcpu_sysregs *sr,
		      struct x86_regs *r, bool *have_regs,
		      struct x86_lock_insn *insn, bool *opsize16)
{
	uint8_t buf[X86_MAX_INSN_LEN];
	size_t n;
	const uint8_t *bytes = insn_bytes(v, sr, r->rip, buf, &n);
	unsigned int i;

	if (!n)
		return false;
	v->soft.decoded++;
	if (!x86_may_lock(bytes, n, insn_mode(sr)))
		return false;
	if (!*have_regs) {
		decoder_regs(r, &v->regs, sr);
		*have_regs = true;
	}
	if (x86_decode_lock(bytes, n, insn_mode(sr), r, CACHE_LINE, insn) < 0)
		return false;
	*opsize16 = false;
	for (i = 0; i + 1 < insn->len; i++)
		*opsize16 |= bytes[i] == OPSIZE_PREFIX;
	return true;
}

void soft_init(struct vcpu *v)
{
	v->soft.counter = blt_counter_for_vmrun(&v->threshold);
}

/*
 * A split lock is about to run under the virtual threshold counter: like
 * the hardware, a counter above zero lets it run; at zero it is a virtual
 * 0xA5 exit, counted now, and the counter is reloaded.
 */
static void virtual_threshold(struct vcpu *v, uint64_t rip)
{
	uint64_t n;

	if (v->soft.counter) {
		v->soft.counter--;
		return;
	}
	v->guest->exits[EXIT_BUSLOCK]++;
	n = blt_on_exit(&v->threshold, 0, true);
	v->soft.counter = blt_counter_for_vmrun(&v->threshold) - 1;
	if (n)
		buslock_event(v, BUSLOCK_SRC_SOFT, rip, n);
}

void soft_flush(struct vcpu *v)
{
	uint64_t n;

	if (vendor_caps.soft_trap_like)
		return;
	n = blt_on_exit(&v->threshold, v->soft.counter, false);
	v->soft.counter = blt_counter_for_vmrun(&v->threshold);
	if (n)
		buslock_event(v, BUSLOCK_SRC_SOFT, v->regs.rip, n);
}

/*
 * A split lock at @rip, ending at @end, is about to run.  Trap-like, it is
 * counted, and the guest gets its #DB, once it has run; fault-like, the
 * virtual threshold counter sees it now.
 */
static void judge_split_lock(struct vcpu *v, uint64_t rip, uint64_t end)
{
	struct soft_state *s = &v->soft;

	s->db_pending = v->debugctl & DEBUGCTL_BUS_LOCK_DETECT;
	s->ran_rip = end;
	if (vendor_caps.soft_trap_like) {
		s->count_pending = true;
	} else {
		virtual_threshold(v, rip);
		s->counter_taken = true;
	}
}

/*
 * Judges the instruction at the guest's RIP.  A MOV SS or POP SS holds the
 * step's trap until the instruction after it is done (SDM Vol. 3A 6.8.3,
 * APM Vol. 2 13.1.3.6), so that one is judged with it: a split lock right
 * after an SS load runs in the same step.  Its RIP is kept in shadow_rip.
 */
static void judge(struct vcpu *v)
{
	struct vcpu_sysregs sr;
	struct x86_regs r;
	struct x86_lock_insn insn;
	bool have_regs = false, op16;
	unsigned int i;

	vendor->get_sysregs(v, &sr);
	r.rip = v->regs.rip;
	for (i = 0; i < SS_CHAIN_MAX; i++) {
		if (!decode_at(v, &sr, &r, &have_regs, &insn, &op16))
			return;
		if (insn.locked_rmw && insn.split) {
			if (i)
				v->soft.shadow_rip = r.rip;
			judge_split_lock(v, r.rip, r.rip + insn.len);
			return;
		}
		if (!insn.ss_load)
			return;
		if (insn.opcode == OPCODE_POP_SS)
			r.gpr[X86_RSP] += op16 ? 2 : 4;
		r.rip += insn.len;
	}
}

/*
 * Where the last step stopped decides what the judged split lock did: at
 * ran_rip it ran; anywhere else it faulted or never started, and is no bus
 * lock.  Between an SS load and the split lock after it (a CPU whose step
 * did not hold), it is still to run, and already judged.
 */
static __attribute__((noinline)) void settle(struct vcpu *v)
{
	struct soft_state *s = &v->soft;
	uint64_t rip = v->regs.rip;
	bool ran = rip == s->ran_rip;

	if (s->count_pending && ran)
		buslock_event(v, BUSLOCK_SRC_SOFT, rip, 1);
	if (s->db_pending && ran)
		vendor->deliver_db(v, DB_QUAL_BUS_LOCK);
	/* The virtual counter drops only for a lock that ran, as the real one. */
	if (s->counter_taken && !ran)
		s->counter++;
	s->count_pending = false;
	s->db_pending = false;
	s->counter_taken = false;
}

/* True while between an SS load and the split lock after it; on every step. */
static inline bool settle_pending(struct vcpu *v)
{
	struct soft_state *s = &v->soft;
	uint64_t rip = v->regs.rip;

	if (s->shadow_rip) {
		if (rip > s->judged_rip && rip <= s->shadow_rip)
			return true;
		s->shadow_rip = 0;
	}
	/* Most steps judged no split lock: nothing to settle. */
	if (s->count_pending | s->db_pending | s->counter_taken)
		settle(v);
	return false;
}

/*
 * What this entry steps and watches (struct soft_state).  Under soft=user
 * the kernel runs unstepped, and watched for its ways back to CPL 3; the
 * one instruction an IRET or a #UD exit asked for is stepped whatever the
 * CPL.
 */
static void plan_entry(struct vcpu *v)
{
	struct soft_state *s = &v->soft;
	bool user = s->scope == SOFT_USER;
	enum soft_insn insn = s->insn;

	s->insn = SOFT_INSN_NONE;
	s->step = !user || v->regs.cpl == 3 || insn != SOFT_INSN_NONE ||
		  s->step_unproven;
	s->watch_iret = user && insn != SOFT_INSN_IRET;
	s->hide_sce = user && insn != SOFT_INSN_SYSCALL;
}

static bool canonical(uint64_t addr, const struct vcpu_sysregs *sr)
{
	unsigned int bits = (sr->cr4 & GWALK_CR4_LA57) ? 57 : 48;
	int64_t high = (int64_t)addr >> (bits - 1);

	return high == 0 || high == -1;
}

/*
 * An IRETQ from CPL 0 back to CPL 0 (an interrupt that came in the
 * kernel; Linux's sync_core() without SERIALIZE) goes nowhere near user
 * mode: on SVM, where the intercept comes before it, it is emulated, one
 * exit instead of two (SDM Vol. 2A IRET, "IA-32e-MODE" operation).  Only
 * the plain case: REX.W IRET in 64-bit mode, the same CS and SS selectors
 * back (the descriptors are taken as cached), NT and VM clear, a canonical
 * RIP, a frame Tollgate can read.  Anything else is stepped on the CPU.
 */
static bool emulate_kernel_iret(struct vcpu *v)
{
	struct vcpu_sysregs sr;
	uint64_t f[IRET_FRAME_QWORDS];
	uint8_t code[X86_MAX_INSN_LEN];

	if (v->regs.cpl || (v->regs.rflags & RFLAGS_NT))
		return false;
	vendor->get_sysregs(v, &sr);
	if (!sr.code64 || insn_fetch(v, &sr, v->regs.rip, code) < 2 ||
	    code[0] != REX_W || code[1] != OPCODE_IRET ||
	    !insn_read_linear(v, &sr, v->regs.rsp, f, sizeof(f)))
		return false;
	if ((uint16_t)f[IRET_CS] != sr.cs || (uint16_t)f[IRET_SS] != sr.ss ||
	    (f[IRET_CS] & 3) || (f[IRET_RFLAGS] & RFLAGS_VM) ||
	    !canonical(f[IRET_RIP], &sr))
		return false;
	v->regs.rip = f[IRET_RIP];
	v->regs.rsp = f[IRET_RSP];
	v->regs.rflags = (v->regs.rflags & ~IRET_LOADED_FLAGS) |
			 (f[IRET_RFLAGS] & IRET_LOADED_FLAGS) | RFLAGS_FIXED;
	return true;
}

void soft_iret(struct vcpu *v)
{
	if (!vendor_caps.iret_exit_before)
		v->soft.stepped = true;	/* the IRET ran */
	else if (!emulate_kernel_iret(v))
		v->soft.insn = SOFT_INSN_IRET;
}

bool soft_ud(struct vcpu *v)
{
	struct vcpu_sysregs sr;

	if (v->detect != DETECT_SOFT || !v->soft.hide_sce)
		return false;
	vendor->get_sysregs(v, &sr);
	if (!(sr.efer & EFER_SCE))
		return false;
	v->soft.insn = SOFT_INSN_SYSCALL;
	return true;
}

void soft_before_entry(struct vcpu *v)
{
	struct soft_state *s = &v->soft;
	bool shadow;

	plan_entry(v);
	if (!s->step) {
		/* The kernel runs: what user mode judged last is settled. */
		if (s->judged)
			settle_pending(v);
		s->shadow_rip = 0;
		s->judged = false;
		return;
	}
	/*
	 * An exit that came before the inspected instruction ran (the slice
	 * timer, a throttle) leaves it as it was judged: counting it again
	 * would count one bus lock twice.
	 */
	if (s->judged && !s->stepped && v->regs.rip == s->judged_rip)
		return;
	shadow = s->judged && settle_pending(v);
	s->judged = true;
	s->stepped = false;
	s->judged_rip = v->regs.rip;
	if (!shadow && !guest_stopped(v->guest))
		judge(v);
}
