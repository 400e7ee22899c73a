/* SPDX-License-Identifier: MIT */
/*
 * The AMD SVM back end (APM Vol. 2 chapter 15): turning SVM on, one VMCB per
 * guest with nested paging and I/O and MSR permission maps, VMRUN, and the
 * Bus Lock Threshold where the CPU has it.  Exits are decoded by
 * svm_decode.c and handled by core/exit.c.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "core/console.h"
#include "core/guest.h"
#include "core/hv.h"
#include "core/profile.h"
#include "core/memory.h"
#include "arch/x86/trap.h"
#include "lib/cpucaps.h"
#include "lib/dr6.h"
#include "lib/pagetable.h"
#include "lib/string.h"
#include "svm/svm_decode.h"
#include "svm/vmcb.h"

#define IOPM_PAGES 3		/* 12 KiB: APM 15.10.1 */
#define MSRPM_PAGES 2		/* 8 KiB: APM 15.11 */

#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_IA32_PAT 0x277
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_GUEST_WRITABLE (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)
#define CR0_PG_BIT BIT(31)
#define PAT_POWER_ON 0x0007040600070406ull	/* SDM 11.12.4 */
#define DR6_POWER_ON 0xffff0ff0ull		/* SDM 17.2.3 */
#define DR7_POWER_ON 0x400ull

struct svm_vcpu {
	struct vmcb *vmcb;
	uint64_t vmcb_pa;
	uint64_t npt_root;
	struct page_set pages;	/* to give back when the guest stops */
};

void svm_vmrun(struct vcpu_regs *regs, uint64_t vmcb_pa, uint64_t host_pa);

static struct svm_vcpu svm_vcpus[MAX_GUESTS];
static uint64_t iopm_pa, msrpm_pa;
static uint32_t asid_count;
static bool has_nrips, has_threshold;

/* VM_CR.SVMDIS: firmware may lock SVM off (APM 15.30.1), on any CPU. */
static int svm_check_enabled(void)
{
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		kprintf("Tollgate: SVM is disabled in firmware on CPU %u "
			"(VM_CR.SVMDIS); enable SVM in the firmware setup\n",
			this_cpu()->index);
		return -1;
	}
	return 0;
}

/* Reads what SVM offers beyond being there: APM 15.4 and CPUID 8000_000A. */
static int svm_check_features(void)
{
	struct cpuid_regs r = cpuid(CPUID_SVM_FEATURES, 0);

	if (!(r.edx & CPUID_SVM_EDX_NP)) {
		kprintf("Tollgate: this CPU's SVM has no nested paging, which "
			"Tollgate needs to keep guests apart\n");
		return -1;
	}
	asid_count = r.ebx;
	has_nrips = r.edx & CPUID_SVM_EDX_NRIPS;
	has_threshold = r.edx & CPUID_SVM_EDX_BUS_LOCK_THRESHOLD;
	if (asid_count <= MAX_GUESTS) {
		kprintf("Tollgate: SVM offers %u ASIDs, fewer than the %d guests "
			"Tollgate may run\n", asid_count, MAX_GUESTS);
		return -1;
	}
	return 0;
}

/*
 * This CPU's part: EFER.SVME, its host save area (APM 15.30.4), and the
 * page its host FS, GS (this_cpu()), TR and LDTR are VMSAVE'd into, for
 * svm_vmrun() to VMLOAD after each guest.
 */
static int svm_enable_cpu(void)
{
	struct per_cpu *c = this_cpu();
	uint64_t hsave, host;

	if (svm_check_enabled() < 0)
		return -1;
	hsave = alloc_zeroed_pages(1);
	host = alloc_zeroed_pages(1);
	if (hsave == PMM_NONE || host == PMM_NONE) {
		kprintf("Tollgate: no memory for CPU %u's SVM host pages\n",
			c->index);
		return -1;
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, hsave);
	asm volatile("vmsave %0" : : "a"(host) : "memory");
	c->svm_host_state_pa = host;
	return 0;
}

/* The permission maps every guest shares, then the boot CPU: APM 15.4. */
static int svm_enable(struct vendor_caps *caps)
{
	if (svm_check_features() < 0)
		return -1;
	caps->bus_lock_threshold = has_threshold;
	caps->soft = true;
	caps->soft_trap_like = false;	/* TF stepping: checked before each insn */
	caps->soft_user = true;		/* the IRET intercept: APM 15.9 */
	caps->iret_exit_before = true;
	caps->preemption_timer = false;	/* the local-APIC timer ends turns */
	caps->switches_syscall_state = true;	/* VMCB, VMLOAD/VMSAVE */
	caps->rdtscp = caps->invpcid = true;	/* run as on the host */
	iopm_pa = alloc_zeroed_pages(IOPM_PAGES);
	msrpm_pa = alloc_zeroed_pages(MSRPM_PAGES);
	if (iopm_pa == PMM_NONE || msrpm_pa == PMM_NONE) {
		kprintf("Tollgate: no memory for SVM's permission maps\n");
		return -1;
	}
	/* Every port and every MSR is intercepted: guests touch no hardware. */
	memset((void *)(uintptr_t)iopm_pa, 0xff, IOPM_PAGES * PAGE_SIZE);
	memset((void *)(uintptr_t)msrpm_pa, 0xff, MSRPM_PAGES * PAGE_SIZE);
	if (svm_enable_cpu() < 0)
		return -1;
	kprintf("SVM: on; %u ASIDs, nested paging, next-RIP %s, "
		"Bus Lock Threshold %s\n", asid_count,
		has_nrips ? "yes" : "no (fixed lengths)",
		has_threshold ? "yes: every bus lock is counted" :
				"no (this CPU lacks it)");
	return 0;
}

/* Nested page tables mapping the guest's RAM and nothing else: APM 15.25. */
static const struct pt_format npt_format = PT_FORMAT_NPT;

static void set_seg(struct vmcb_seg *seg, uint16_t sel, uint16_t attrib,
		    uint32_t limit)
{
	seg->selector = sel;
	seg->attrib = attrib;
	seg->limit = limit;
	seg->base = 0;
}

/*
 * Long mode instead, for a guest whose start asks it (struct vcpu_start):
 * CR0.PG and PE, CR4.PAE, EFER.LME and LMA (APM Vol. 2 14.6), a 64-bit
 * CS (L set, D clear: APM 4.8.1) and the guest's own GDT.  VMRUN checks
 * the combination (APM 15.5.1).
 */
static void init_long_mode(struct vmcb_save *save, const struct vcpu_start *st)
{
	const uint16_t code = 0xb | SVM_SEG_S | SVM_SEG_P | SVM_SEG_L |
			      SVM_SEG_G;
	const uint16_t data = 0x3 | SVM_SEG_S | SVM_SEG_P | SVM_SEG_DB |
			      SVM_SEG_G;

	set_seg(&save->cs, st->code_sel, code, 0xffffffff);
	set_seg(&save->ds, st->data_sel, data, 0xffffffff);
	set_seg(&save->es, st->data_sel, data, 0xffffffff);
	set_seg(&save->ss, st->data_sel, data, 0xffffffff);
	set_seg(&save->fs, st->data_sel, data, 0xffffffff);
	set_seg(&save->gs, st->data_sel, data, 0xffffffff);
	set_seg(&save->gdtr, 0, 0, st->gdt_limit);
	save->gdtr.base = st->gdt_base;
	save->cr0 = CR0_PE | CR0_ET | CR0_PG_BIT;
	save->cr3 = st->cr3;
	save->cr4 = CR4_PAE;
	save->efer = EFER_SVME | EFER_LME | EFER_LMA;
}

/*
 * The guest's first state: 32-bit protected mode, flat, paging off, or
 * long mode where its start asks (init_long_mode).
 */
static void init_save_area(struct vmcb_save *save, const struct vcpu *v)
{
	const uint16_t code = 0xb | SVM_SEG_S | SVM_SEG_P | SVM_SEG_DB |
			      SVM_SEG_G;
	const uint16_t data = 0x3 | SVM_SEG_S | SVM_SEG_P | SVM_SEG_DB |
			      SVM_SEG_G;

	set_seg(&save->cs, GUEST_CODE32_SEL, code, 0xffffffff);
	set_seg(&save->ds, GUEST_DATA_SEL, data, 0xffffffff);
	set_seg(&save->es, GUEST_DATA_SEL, data, 0xffffffff);
	set_seg(&save->ss, GUEST_DATA_SEL, data, 0xffffffff);
	set_seg(&save->fs, GUEST_DATA_SEL, data, 0xffffffff);
	set_seg(&save->gs, GUEST_DATA_SEL, data, 0xffffffff);
	set_seg(&save->gdtr, 0, 0, 0);
	set_seg(&save->idtr, 0, 0, 0);
	set_seg(&save->ldtr, 0, SVM_SEG_P | 0x2, 0xffff);	/* LDT */
	/* A busy 32/64-bit TSS: long mode refuses a 16-bit one (SDM 10.8.5). */
	set_seg(&save->tr, 0, SVM_SEG_P | 0xb, 0xffff);
	save->cpl = 0;
	save->efer = EFER_SVME;		/* required while in the guest: APM 15.5.1 */
	save->cr0 = CR0_PE | CR0_ET;
	save->dr6 = DR6_POWER_ON;
	save->dr7 = DR7_POWER_ON;
	save->g_pat = PAT_POWER_ON;
	save->rflags = v->regs.rflags;
	save->rip = v->regs.rip;
	save->rax = v->regs.rax;
	if (v->start.long_mode)
		init_long_mode(save, &v->start);
}

static void init_control_area(struct vmcb_control *c, const struct svm_vcpu *s,
			      const struct vcpu *v, unsigned int asid)
{
	/*
	 * INTR: the slice timer takes the CPU back from the guest (APM
	 * 15.21.4); with V_INTR_MASKING the guest's IF cannot hold it off.
	 * NMIs and machine checks are the host's (APM 15.12, 15.13), INVD
	 * and WBINVD reach no cache (core/exit.c), XCR0 is the guest's own
	 * only while it runs (APM 15.9, core/cpustate.h).
	 */
	c->misc1 = SVM_INTERCEPT_INTR | SVM_INTERCEPT_NMI | SVM_INTERCEPT_CPUID |
		   SVM_INTERCEPT_INVD | SVM_INTERCEPT_HLT |
		   SVM_INTERCEPT_INVLPGA | SVM_INTERCEPT_IOIO_PROT |
		   SVM_INTERCEPT_MSR_PROT | SVM_INTERCEPT_SHUTDOWN;
	c->misc2 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
		   SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
		   SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
		   SVM_INTERCEPT_SKINIT | SVM_INTERCEPT_WBINVD |
		   SVM_INTERCEPT_XSETBV;
	if (v->detect == DETECT_THRESHOLD)
		c->misc3 = SVM_INTERCEPT_BUS_LOCK;	/* APM 15.14.5 */
	/*
	 * The software detector steps with RFLAGS.TF and catches each #DB;
	 * under soft=user the SYSCALL and SYSRET that EFER.SCE hidden makes
	 * #UD too (core/soft.c).
	 */
	c->exceptions = BIT(VEC_MC);
	if (v->detect == DETECT_SOFT)
		c->exceptions |= BIT(VEC_DB);
	if (v->detect == DETECT_SOFT && v->soft.scope == SOFT_USER)
		c->exceptions |= BIT(VEC_UD);
	c->iopm_base_pa = iopm_pa;
	c->msrpm_base_pa = msrpm_pa;
	c->asid = asid;
	c->tlb_control = SVM_TLB_CONTROL_FLUSH_ASID;
	c->v_intr = SVM_V_INTR_MASKING;
	c->np_enable = SVM_NP_ENABLE;
	c->n_cr3 = s->npt_root;
}

static int svm_vcpu_create(struct vcpu *v)
{
	struct guest *g = v->guest;
	struct svm_vcpu *s = &svm_vcpus[g->id - 1];

	memset(s, 0, sizeof(*s));
	s->vmcb_pa = page_set_alloc(&s->pages);
	s->npt_root = nested_map_ram(&npt_format, &s->pages, g->ram_hpa,
				     g->ram_size);
	if (s->vmcb_pa == PMM_NONE || s->npt_root == PMM_NONE) {
		kprintf("Tollgate: no memory for guest '%s''s VMCB and nested "
			"page tables\n", g->name);
		return -1;
	}
	s->vmcb = (struct vmcb *)(uintptr_t)s->vmcb_pa;
	init_control_area(&s->vmcb->control, s, v, g->id);
	init_save_area(&s->vmcb->save, v);
	v->vendor = s;
	return 0;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
	struct svm_vcpu *s = v->vendor;

	if (!s)
		return;
	page_set_free(&s->pages);
	v->vendor = NULL;
}

/*
 * An event the exit interrupted (EXITINTINFO valid) is delivered again on
 * the next VMRUN, as if it had never been stopped: APM 15.7.2.
 */
static void requeue_interrupted_event(struct vmcb_control *c)
{
	c->eventinj = 0;
	if (c->exitintinfo & SVM_EVTINJ_V)
		c->eventinj = c->exitintinfo;
}

/*
 * What the software detector planned for this entry (core/soft.c): TF to
 * step, the IRET intercept, and EFER.SCE hidden.  Returns the SCE bit
 * taken out of the guest's EFER, to be put back after the exit.
 */
static uint64_t apply_soft_plan(const struct vcpu *v, struct vmcb *vmcb)
{
	const struct soft_state *p = &v->soft;
	uint64_t hidden = p->hide_sce ? vmcb->save.efer & EFER_SCE : 0;

	if (p->step)
		vmcb->save.rflags |= RFLAGS_TF;
	vmcb->control.misc1 &= ~(uint32_t)SVM_INTERCEPT_IRET;
	if (p->watch_iret)
		vmcb->control.misc1 |= SVM_INTERCEPT_IRET;
	vmcb->save.efer &= ~hidden;
	return hidden;
}

static void svm_vcpu_run(struct vcpu *v, struct vm_exit *e)
{
	struct svm_vcpu *s = v->vendor;
	struct vmcb *vmcb = s->vmcb;
	bool soft = v->detect == DETECT_SOFT;
	bool stepped = soft && v->soft.step;
	uint64_t sce_hidden = 0;
	struct svm_exit_info x;

	vmcb->save.rax = v->regs.rax;
	vmcb->save.rsp = v->regs.rsp;
	/* A skipped instruction ends its STI/MOV SS shadow (APM 15.21.5). */
	if (vmcb->save.rip != v->regs.rip)
		vmcb->control.int_shadow &= ~(uint64_t)SVM_INTERRUPT_SHADOW;
	vmcb->save.rip = v->regs.rip;
	vmcb->save.rflags = v->regs.rflags;
	if (soft)
		sce_hidden = apply_soft_plan(v, vmcb);
	if (v->detect == DETECT_THRESHOLD)
		vmcb->control.bus_lock_counter =
			blt_counter_for_vmrun(&v->threshold);

	profile_entry(v);
	svm_vmrun(&v->regs, s->vmcb_pa, this_cpu()->svm_host_state_pa);
	profile_phase(v, PHASE_READ);

	vmcb->control.tlb_control = SVM_TLB_CONTROL_DO_NOTHING;
	v->regs.rax = vmcb->save.rax;
	v->regs.rsp = vmcb->save.rsp;
	v->regs.rip = vmcb->save.rip;
	v->regs.rflags = vmcb->save.rflags;
	if (stepped)
		v->regs.rflags &= ~(uint64_t)RFLAGS_TF;
	vmcb->save.efer |= sce_hidden;
	v->regs.cpl = vmcb->save.cpl;
	requeue_interrupted_event(&vmcb->control);

	x = (struct svm_exit_info){
		.code = vmcb->control.exitcode,
		.info1 = vmcb->control.exitinfo1,
		.info2 = vmcb->control.exitinfo2,
		.rip = vmcb->save.rip,
		.nrip = vmcb->control.nrip,
		.has_nrip = has_nrips,
	};
	profile_phase(v, PHASE_DECODE);
	svm_decode_exit(&x, e);
	if (stepped && x.code == SVM_EXIT_EXCP_BASE + VEC_DB) {
		/* Tollgate's own single step: the guest never sees it. */
		e->kind = EXIT_STEP;
		vmcb->save.dr6 &= ~(uint64_t)DR6_BS;
	}
	if (v->detect == DETECT_THRESHOLD) {
		e->bus_locks = blt_on_exit(&v->threshold,
					   vmcb->control.bus_lock_counter,
					   x.code == SVM_EXIT_BUSLOCK);
		e->bus_lock_source = BUSLOCK_SRC_THRESHOLD;
	}
}

static void svm_inject_exception(struct vcpu *v, uint8_t vector,
				 bool has_error, uint32_t error)
{
	struct svm_vcpu *s = v->vendor;

	s->vmcb->control.eventinj = vector | SVM_EVTINJ_TYPE_EXCEPTION |
				    SVM_EVTINJ_V |
				    (has_error ? SVM_EVTINJ_EV |
						 ((uint64_t)error
						  << SVM_EVTINJ_ERRORCODE_SHIFT) :
						 0);
}

/*
 * A guest takes an external interrupt with RFLAGS.IF set, outside an STI or
 * MOV SS shadow (the VMCB's interrupt shadow, APM 15.21.5), and not while
 * EVENTINJ already holds an event (APM 15.20).
 */
static bool svm_intr_ready(struct vcpu *v)
{
	const struct vmcb_control *c = &((struct svm_vcpu *)v->vendor)->vmcb->control;

	return (v->regs.rflags & RFLAGS_IF) &&
	       !(c->int_shadow & SVM_INTERRUPT_SHADOW) &&
	       !(c->eventinj & SVM_EVTINJ_V);
}

static void svm_inject_intr(struct vcpu *v, uint8_t vector)
{
	struct svm_vcpu *s = v->vendor;

	s->vmcb->control.eventinj = vector | SVM_EVTINJ_TYPE_INTR | SVM_EVTINJ_V;
}

/*
 * The interrupt window: a virtual interrupt pending in V_IRQ, at the top
 * priority and whatever the guest's TPR, with the VINTR intercept, exits
 * as soon as the guest would take it (APM 15.21.4); nothing is delivered.
 */
static void svm_intr_window(struct vcpu *v, bool on)
{
	struct vmcb_control *c = &((struct svm_vcpu *)v->vendor)->vmcb->control;
	const uint32_t v_irq = SVM_V_IRQ | SVM_V_IGN_TPR |
			       (0xfu << SVM_V_INTR_PRIO_SHIFT);

	if (on) {
		c->v_intr |= v_irq;
		c->misc1 |= SVM_INTERCEPT_VINTR;
	} else {
		c->v_intr &= ~v_irq;
		c->misc1 &= ~(uint32_t)SVM_INTERCEPT_VINTR;
	}
}

/* Reflects a #DB: the guest's DR6 lives in the VMCB (APM 15.5.1). */
static void svm_deliver_db(struct vcpu *v, uint64_t qual)
{
	struct svm_vcpu *s = v->vendor;

	s->vmcb->save.dr6 = dr6_after_db(s->vmcb->save.dr6, qual,
					 vendor_caps.guest_bus_lock_db);
	svm_inject_exception(v, VEC_DB, false, 0);
}

/*
 * Where the VMCB save area keeps a guest MSR that VMRUN or VMLOAD loads
 * (APM 15.5.1, 15.5.2), as an offset into struct vmcb_save; 0 for none.
 */
static size_t vmcb_msr_offset(uint32_t msr)
{
	switch (msr) {
	case MSR_IA32_SYSENTER_CS:
		return offsetof(struct vmcb_save, sysenter_cs);
	case MSR_IA32_SYSENTER_ESP:
		return offsetof(struct vmcb_save, sysenter_esp);
	case MSR_IA32_SYSENTER_EIP:
		return offsetof(struct vmcb_save, sysenter_eip);
	case MSR_IA32_PAT:
		return offsetof(struct vmcb_save, g_pat);
	case MSR_STAR:
		return offsetof(struct vmcb_save, star);
	case MSR_LSTAR:
		return offsetof(struct vmcb_save, lstar);
	case MSR_CSTAR:
		return offsetof(struct vmcb_save, cstar);
	case MSR_SFMASK:
		return offsetof(struct vmcb_save, sfmask);
	case MSR_FS_BASE:
		return offsetof(struct vmcb_save, fs.base);
	case MSR_GS_BASE:
		return offsetof(struct vmcb_save, gs.base);
	case MSR_KERNEL_GS_BASE:
		return offsetof(struct vmcb_save, kernel_gs_base);
	}
	return 0;
}

static struct vmcb_save *save_area(struct vcpu *v)
{
	return &((struct svm_vcpu *)v->vendor)->vmcb->save;
}

static bool svm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	struct vmcb_save *save = save_area(v);
	size_t off = vmcb_msr_offset(msr);

	if (msr == MSR_EFER) {
		*val = save->efer & ~(uint64_t)EFER_SVME;	/* SVM is hidden */
		return true;
	}
	if (!off)
		return false;
	memcpy(val, (uint8_t *)save + off, sizeof(*val));
	return true;
}

static bool svm_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	struct vmcb_save *save = save_area(v);
	size_t off = vmcb_msr_offset(msr);

	if (msr == MSR_EFER) {
		/*
		 * As the processor checks a WRMSR to EFER (APM 3.1.7): a
		 * reserved bit, or LME changed with paging on, is #GP; LMA is
		 * the processor's, and keeps its value.
		 */
		if (val & ~(uint64_t)EFER_GUEST_WRITABLE)
			return false;
		if (((val ^ save->efer) & EFER_LME) && (save->cr0 & CR0_PG_BIT))
			return false;
		val = (val & ~(uint64_t)EFER_LMA) | (save->efer & EFER_LMA);
		save->efer = val | EFER_SVME;
		return true;
	}
	if (!off)
		return false;
	memcpy((uint8_t *)save + off, &val, sizeof(val));
	return true;
}

static void svm_get_sysregs(struct vcpu *v, struct vcpu_sysregs *sr)
{
	const struct vmcb_save *save = save_area(v);

	sr->cr0 = save->cr0;
	sr->cr3 = save->cr3;
	sr->cr4 = save->cr4;
	sr->efer = save->efer;
	sr->fs_base = save->fs.base;
	sr->gs_base = save->gs.base;
	sr->cs = save->cs.selector;
	sr->ss = save->ss.selector;
	sr->code64 = (save->efer & EFER_LMA) && (save->cs.attrib & SVM_SEG_L);
}

/* DR6 and DR7 live in the VMCB save area (APM 15.5.1). */
static uint64_t svm_get_dr(struct vcpu *v, unsigned int dr)
{
	return dr == 6 ? save_area(v)->dr6 : save_area(v)->dr7;
}

static void svm_set_dr(struct vcpu *v, unsigned int dr, uint64_t val)
{
	if (dr == 6)
		save_area(v)->dr6 = val;
	else
		save_area(v)->dr7 = val;
}

static void svm_dump(const struct vcpu *v)
{
	const struct svm_vcpu *s = v->vendor;
	const struct vmcb_control *c = &s->vmcb->control;
	const struct vmcb_save *g = &s->vmcb->save;
	const struct vcpu_regs *r = &v->regs;

	kprintf("  exitcode 0x%llx info1 0x%llx info2 0x%llx intinfo 0x%llx\n",
		(unsigned long long)c->exitcode,
		(unsigned long long)c->exitinfo1,
		(unsigned long long)c->exitinfo2,
		(unsigned long long)c->exitintinfo);
	kprintf("  rip %016llx rsp %016llx rflags %08llx cpl %u\n",
		(unsigned long long)g->rip, (unsigned long long)g->rsp,
		(unsigned long long)g->rflags, g->cpl);
	kprintf("  cr0 %08llx cr3 %016llx cr4 %08llx efer %08llx\n",
		(unsigned long long)g->cr0, (unsigned long long)g->cr3,
		(unsigned long long)g->cr4, (unsigned long long)g->efer);
	kprintf("  cs %04x/%03x ss %04x/%03x tr %04x/%03x\n", g->cs.selector,
		g->cs.attrib, g->ss.selector, g->ss.attrib, g->tr.selector,
		g->tr.attrib);
	kprintf("  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
		(unsigned long long)r->rax, (unsigned long long)r->rbx,
		(unsigned long long)r->rcx, (unsigned long long)r->rdx);
	kprintf("  rsi %016llx rdi %016llx rbp %016llx\n",
		(unsigned long long)r->rsi, (unsigned long long)r->rdi,
		(unsigned long long)r->rbp);
}

const struct vendor_ops svm_ops = {
	.name = "svm",
	.enable = svm_enable,
	.enable_cpu = svm_enable_cpu,
	.vcpu_create = svm_vcpu_create,
	.vcpu_destroy = svm_vcpu_destroy,
	.vcpu_run = svm_vcpu_run,
	.inject_exception = svm_inject_exception,
	.deliver_db = svm_deliver_db,
	.msr_read = svm_msr_read,
	.msr_write = svm_msr_write,
	.get_sysregs = svm_get_sysregs,
	.get_dr = svm_get_dr,
	.intr_ready = svm_intr_ready,
	.inject_intr = svm_inject_intr,
	.intr_window = svm_intr_window,
	.set_dr = svm_set_dr,
	.dump = svm_dump,
};
