/* SPDX-License-Identifier: MIT */
/*
 * The software bus-lock detector (core/soft.h).  On VMX it is trap-like,
 * like the bus-lock VM exit: a split lock is counted once it has run.  On
 * SVM it is fault-like, like the Bus Lock Threshold: a virtual counter,
 * driven by the same accounting as the VMCB's (lib/blthreshold.c), lets
 * `budget` bus locks run and stops the next before it runs.
 */
#include "core/buslock.h"
#include "core/guest.h"
#include "core/hv.h"
#include "core/soft.h"
#include "lib/dr6.h"
#include "lib/gwalk.h"
#include "lib/x86dec.h"

#define DEBUGCTL_BUS_LOCK_DETECT BIT(2)
#define CACHE_LINE 64
#define MAX_INSN 15

static const void *read_guest_phys(void *ctx, uint64_t gpa, size_t len)
{
	return guest_phys(ctx, gpa, len);
}

/* The bytes of the guest's next instruction; how many could be read. */
static size_t fetch_next(struct vcpu *v, const struct vcpu_sysregs *sr,
			 uint8_t *buf)
{
	struct gwalk_ctx c = {
		.cr0 = sr->cr0, .cr3 = sr->cr3, .cr4 = sr->cr4, .efer = sr->efer,
		.read_phys = read_guest_phys, .ctx = v->guest,
	};
	int n = gwalk_read(&c, v->regs.rip, buf, MAX_INSN);

	return n > 0 ? (size_t)n : 0;
}

/* The decoder's register file, in ModRM order (SDM Vol. 2A 2.1.5). */
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
	r->rip = g->rip;
	r->seg_base[X86_SEG_FS] = sr->fs_base;
	r->seg_base[X86_SEG_GS] = sr->gs_base;
}

/* True if the instruction at the guest's RIP is a split lock. */
static bool next_is_split_lock(struct vcpu *v)
{
	struct vcpu_sysregs sr;
	struct x86_regs r = { 0 };
	struct x86_lock_insn insn;
	uint8_t bytes[MAX_INSN];
	size_t n;

	vendor->get_sysregs(v, &sr);
	n = fetch_next(v, &sr, bytes);
	if (!n)
		return false;	/* the guest will take its own #PF */
	decoder_regs(&r, &v->regs, &sr);
	v->soft.decoded++;
	if (x86_decode_lock(bytes, n, sr.code64 ? X86_MODE_64 : X86_MODE_32, &r,
			    CACHE_LINE, &insn) < 0)
		return false;
	return insn.locked_rmw && insn.split;
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
static void virtual_threshold(struct vcpu *v)
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
		buslock_event(v, BUSLOCK_SRC_SOFT, v->regs.rip, n);
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

void soft_before_entry(struct vcpu *v)
{
	struct soft_state *s = &v->soft;

	/*
	 * An exit that came before the inspected instruction ran (the slice
	 * timer, a throttle) leaves it as it was judged: counting it again
	 * would count one bus lock twice.
	 */
	if (s->judged && !s->stepped && v->regs.rip == s->judged_rip)
		return;
	s->judged = true;
	s->stepped = false;
	s->judged_rip = v->regs.rip;
	if (s->count_pending) {
		s->count_pending = false;
		buslock_event(v, BUSLOCK_SRC_SOFT, v->regs.rip, 1);
	}
	if (s->db_pending) {
		s->db_pending = false;
		vendor->deliver_db(v, DB_QUAL_BUS_LOCK);
	}
	if (guest_stopped(v->guest) || !next_is_split_lock(v))
		return;
	if (v->debugctl & DEBUGCTL_BUS_LOCK_DETECT)
		s->db_pending = true;
	if (vendor_caps.soft_trap_like)
		s->count_pending = true;
	else
		virtual_threshold(v);
}
