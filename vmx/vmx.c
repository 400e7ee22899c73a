/* SPDX-License-Identifier: MIT */
/*
 * The Intel VMX back end (SDM Vol. 3C chapters 24-29): VMXON, one VMCS per
 * guest with EPT, VPID, I/O and MSR bitmaps, VMLAUNCH/VMRESUME, and the
 * bus-lock #DB and bus-lock VM exit where the CPU has them.  Exits are
 * decoded by vmx_decode.c and handled by core/exit.c.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"
#include "core/console.h"
#include "core/guest.h"
#include "core/hv.h"
#include "core/profile.h"
#include "core/memory.h"
#include "core/panic.h"
#include "lib/cpucaps.h"
#include "lib/dr6.h"
#include "lib/pagetable.h"
#include "lib/string.h"
#include "vmx/vmcs.h"
#include "vmx/vmx_caps.h"
#include "vmx/vmx_decode.h"
#include "vmx/vmx_ops.h"

#define IO_BITMAP_PAGES 2	/* A and B: SDM 25.6.4 */
#define MSR_IA32_DEBUGCTL 0x1d9
#define DEBUGCTL_BUS_LOCK_DETECT BIT(2)	/* Intel ISE "Bus Lock Detection" */
#define PAT_POWER_ON 0x0007040600070406ull	/* SDM 11.12.4 */
#define MSR_IA32_PAT 0x277
#define EPTP_WB (6ull << 0)			/* SDM 25.6.11 */
#define EPTP_WALK_4 (3ull << 3)
#define MTF_PROBE_ENTRIES 16
/* Blocking by STI and by MOV SS: interruptibility bits 0 and 1 (SDM 24.4.2). */
#define INTERRUPTIBILITY_SHADOW (BIT(0) | BIT(1))
#define BLOCKING_BY_NMI BIT(3)	/* virtual-NMI blocking, with virtual NMIs */

struct vmx_vcpu {
	uint64_t vmcs_pa;
	uint64_t ept_root;
	bool launched;
	bool tf_step;		/* stepping with RFLAGS.TF: MTF gave no exit */
	unsigned int entries;	/* entries with MTF set while it is tried */
	uint32_t proc;		/* the primary processor-based controls */
	struct page_set pages;	/* the VMCS and EPT, given back at the end */
};

int vmx_enter(struct vcpu_regs *regs, int launched);
extern const char vmx_exit[];

static struct vmx_vcpu vmx_vcpus[MAX_GUESTS];
static uint64_t io_bitmap_pa, msr_bitmap_pa;
static uint32_t revision;
static struct vmx_controls ctls;
static struct vendor_caps *caps;

/*
 * IA32_FEATURE_CONTROL: lock it with VMX enabled if firmware left it open;
 * if firmware locked it without VMX, only the firmware setup can help
 * (SDM 24.7).
 */
static int vmx_feature_control(void)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	if (!(fc & FEATURE_CONTROL_LOCKED)) {
		fc |= FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMX_OUTSIDE_SMX;
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc);
		return 0;
	}
	if (!(fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX)) {
		kprintf("Tollgate: VMX is disabled in firmware (IA32_FEATURE_CONTROL "
			"locked without VMX); enable VT-x in the firmware setup\n");
		return -1;
	}
	return 0;
}

/* CR0 and CR4 as VMX operation requires them: SDM 24.8, A.7, A.8. */
static void vmx_fix_control_registers(void)
{
	uint64_t cr0 = vmx_fixed_bits(read_cr0(), rdmsr(MSR_IA32_VMX_CR0_FIXED0),
				      rdmsr(MSR_IA32_VMX_CR0_FIXED1));
	uint64_t cr4 = vmx_fixed_bits(read_cr4() | CR4_VMXE,
				      rdmsr(MSR_IA32_VMX_CR4_FIXED0),
				      rdmsr(MSR_IA32_VMX_CR4_FIXED1));

	write_cr0(cr0);
	write_cr4(cr4);
}

/*
 * This CPU's part: IA32_FEATURE_CONTROL, CR0 and CR4 as VMX wants them,
 * and VMXON with a region of its own stamped with the VMCS revision
 * (SDM 24.11.5).
 */
static int vmx_enable_cpu(void)
{
	uint64_t region;
	uint8_t failed;

	if (vmx_feature_control() < 0)
		return -1;
	region = alloc_zeroed_pages(1);
	if (region == PMM_NONE)
		return -1;
	vmx_fix_control_registers();
	*(uint32_t *)(uintptr_t)region = revision;
	asm volatile("vmxon %1; setbe %0" : "=qm"(failed) : "m"(region)
		     : "cc", "memory");
	if (failed) {
		kprintf("Tollgate: VMXON failed on CPU %u (is another hypervisor "
			"running?)\n", this_cpu()->index);
		return -1;
	}
	this_cpu()->current_vmcs_pa = 0;
	return 0;
}

static int vmx_enable(struct vendor_caps *c)
{
	uint64_t basic = rdmsr(MSR_IA32_VMX_BASIC);
	char err[160];

	caps = c;
	revision = basic & VMX_BASIC_REVISION_MASK;
	if (vmx_compute_controls(&ctls, err, sizeof(err)) < 0) {
		kprintf("Tollgate: %s\n", err);
		return -1;
	}
	io_bitmap_pa = alloc_zeroed_pages(IO_BITMAP_PAGES);
	msr_bitmap_pa = alloc_zeroed_pages(1);
	if (io_bitmap_pa == PMM_NONE || msr_bitmap_pa == PMM_NONE)
		return -1;
	/* Every port and every MSR exits: guests touch no hardware. */
	memset((void *)(uintptr_t)io_bitmap_pa, 0xff, IO_BITMAP_PAGES * PAGE_SIZE);
	memset((void *)(uintptr_t)msr_bitmap_pa, 0xff, PAGE_SIZE);
	if (vmx_enable_cpu() < 0)
		return -1;
	c->bus_lock_vmexit = ctls.bus_lock_vmexit;
	c->soft = ctls.mtf;
	c->soft_trap_like = true;	/* MTF stops after each instruction */
	c->soft_user = ctls.iret_exits;
	c->preemption_timer = ctls.preempt;
	c->rdtscp = ctls.proc2 & SECONDARY_EXEC_ENABLE_RDTSCP;
	c->invpcid = ctls.proc2 & SECONDARY_EXEC_ENABLE_INVPCID;
	c->bus_lock_db = the_run.cpu.bus_lock_db;
	c->guest_bus_lock_db = the_run.cpu.bus_lock_db;
	kprintf("VMX: on; EPT, unrestricted guest, VPID %s, preemption timer %s, "
		"bus-lock VM exit %s, bus-lock #DB %s\n", ctls.vpid ? "yes" : "no",
		ctls.preempt ? "yes" : "no (the local-APIC timer ends turns)",
		ctls.bus_lock_vmexit ? "yes" : "no (this CPU lacks it)",
		c->bus_lock_db ? "yes" : "no (this CPU lacks it)");
	return 0;
}

/* SDM 31.4: the VM-instruction error numbers, in words. */
static const char *const vm_instruction_errors[] = {
	[1] = "VMCALL in VMX root operation",
	[2] = "VMCLEAR with an invalid address",
	[3] = "VMCLEAR with the VMXON pointer",
	[4] = "VMLAUNCH with a non-clear VMCS",
	[5] = "VMRESUME with a non-launched VMCS",
	[6] = "VMRESUME after VMXOFF",
	[7] = "VM entry with invalid control fields",
	[8] = "VM entry with invalid host-state fields",
	[9] = "VMPTRLD with an invalid address",
	[10] = "VMPTRLD with the VMXON pointer",
	[11] = "VMPTRLD with an incorrect VMCS revision",
	[12] = "VMREAD/VMWRITE of an unsupported VMCS component",
	[13] = "VMWRITE to a read-only VMCS component",
	[15] = "VMXON in VMX root operation",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "invalid operand to INVEPT/INVVPID",
};

static uint64_t vmread_raw(uint64_t field, uint8_t *failed)
{
	uint64_t v = 0;

	asm volatile("vmread %2, %0; setbe %1"
		     : "=rm"(v), "=qm"(*failed) : "r"(field) : "cc");
	return v;
}

const char *vmx_instruction_error(void)
{
	uint8_t failed;
	uint64_t n = vmread_raw(VMCS_VM_INSTRUCTION_ERROR, &failed);

	if (failed)
		return "no current VMCS";
	if (n < sizeof(vm_instruction_errors) / sizeof(vm_instruction_errors[0]) &&
	    vm_instruction_errors[n])
		return vm_instruction_errors[n];
	return "an unlisted VM-instruction error";
}

static uint64_t vmcs_read_checked(enum vmcs_field field, const char *caller)
{
	uint8_t failed;
	uint64_t v = vmread_raw(field, &failed);

	if (failed)
		panic("%s: VMREAD of VMCS field 0x%x failed: %s", caller, field,
		      vmx_instruction_error());
	return v;
}

static void vmcs_write_checked(enum vmcs_field field, uint64_t value,
			const char *caller)
{
	uint8_t failed;

	asm volatile("vmwrite %1, %2; setbe %0"
		     : "=qm"(failed) : "rm"(value), "r"((uint64_t)field)
		     : "cc");
	if (failed)
		panic("%s: VMWRITE of 0x%llx to VMCS field 0x%x failed: %s",
		      caller, (unsigned long long)value, field,
		      vmx_instruction_error());
}

#define vmcs_read(f) vmcs_read_checked((f), __func__)
#define vmcs_write(f, v) vmcs_write_checked((f), (v), __func__)

/* EPT entries: read, write, execute; leaves are 2 MiB, write-back (SDM 29.3.2). */
static const struct pt_format ept_format = PT_FORMAT_EPT;

/* The hypervisor's own state, where each VM exit returns: SDM 26.2.2, 28.5. */
static void write_host_state(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr, idtr;
	const uint64_t *gdt;
	uint64_t tr_base;

	asm volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	gdt = (const uint64_t *)(uintptr_t)gdtr.base;
	/* The 16-byte TSS descriptor: base 23:0, 31:24 and 63:32 (SDM 8.2.3). */
	tr_base = ((gdt[GDT_TSS / 8] >> 16) & 0xffffff) |
		  (((gdt[GDT_TSS / 8] >> 56) & 0xff) << 24) |
		  (gdt[GDT_TSS / 8 + 1] << 32);

	vmcs_write(VMCS_HOST_CR0, read_cr0());
	vmcs_write(VMCS_HOST_CR3, read_cr3());
	vmcs_write(VMCS_HOST_CR4, read_cr4());
	vmcs_write(VMCS_HOST_CS_SELECTOR, GDT_CODE64);
	vmcs_write(VMCS_HOST_SS_SELECTOR, GDT_DATA);
	vmcs_write(VMCS_HOST_DS_SELECTOR, GDT_DATA);
	vmcs_write(VMCS_HOST_ES_SELECTOR, GDT_DATA);
	vmcs_write(VMCS_HOST_FS_SELECTOR, 0);
	vmcs_write(VMCS_HOST_GS_SELECTOR, 0);
	vmcs_write(VMCS_HOST_TR_SELECTOR, GDT_TSS);
	vmcs_write(VMCS_HOST_FS_BASE, 0);
	vmcs_write(VMCS_HOST_GS_BASE, (uint64_t)(uintptr_t)this_cpu());
	vmcs_write(VMCS_HOST_TR_BASE, tr_base);
	vmcs_write(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmcs_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_CS, 0);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_ESP, 0);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_EIP, 0);
	vmcs_write(VMCS_HOST_IA32_EFER, rdmsr(MSR_EFER));
	if (ctls.exit & VM_EXIT_LOAD_PAT)
		vmcs_write(VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_write(VMCS_HOST_RIP, (uint64_t)(uintptr_t)vmx_exit);
}

/* Access rights (SDM 24.4.1): type, S, P, D/B, G; "unusable" is bit 16. */
#define AR_CODE32 (0xb | BIT(4) | BIT(7) | BIT(14) | BIT(15))
#define AR_DATA32 (0x3 | BIT(4) | BIT(7) | BIT(14) | BIT(15))
/* 64-bit code: L (bit 13) set, D/B (bit 14) clear: SDM 26.3.1.2. */
#define AR_CODE64 (0xb | BIT(4) | BIT(7) | BIT(13) | BIT(15))
#define AR_TSS_BUSY32 (0xb | BIT(7))
#define AR_UNUSABLE BIT(16)
#define SEG_STRIDE 2		/* encodings of ES, CS, SS... are 2 apart */

enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };

static void write_guest_segment(unsigned int seg, uint16_t sel, uint32_t limit,
				uint32_t ar)
{
	vmcs_write(VMCS_GUEST_ES_SELECTOR + seg * SEG_STRIDE, sel);
	vmcs_write(VMCS_GUEST_ES_BASE + seg * SEG_STRIDE, 0);
	vmcs_write(VMCS_GUEST_ES_LIMIT + seg * SEG_STRIDE, limit);
	vmcs_write(VMCS_GUEST_ES_AR_BYTES + seg * SEG_STRIDE, ar);
}

/*
 * The guest's first state (docs/guest-abi.md): 32-bit protected mode, flat,
 * paging off, which VMX allows with unrestricted guest (SDM 26.3.1.1).
 */
static void write_guest_state(const struct vcpu *v)
{
	uint64_t cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0) & ~(uint64_t)(CR0_PE |
								    CR0_PG);
	unsigned int seg;

	for (seg = SEG_ES; seg <= SEG_GS; seg++)
		write_guest_segment(seg, GUEST_DATA_SEL, 0xffffffff, AR_DATA32);
	write_guest_segment(SEG_CS, GUEST_CODE32_SEL, 0xffffffff, AR_CODE32);
	write_guest_segment(SEG_LDTR, 0, 0, AR_UNUSABLE);
	write_guest_segment(SEG_TR, 0, 0xffff, AR_TSS_BUSY32);
	vmcs_write(VMCS_GUEST_GDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_CR0, CR0_PE | CR0_ET | cr0_fixed0);
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_CR4, rdmsr(MSR_IA32_VMX_CR4_FIXED0));
	vmcs_write(VMCS_GUEST_DR7, 0x400);
	vmcs_write(VMCS_GUEST_RSP, v->regs.rsp);
	vmcs_write(VMCS_GUEST_RIP, v->regs.rip);
	vmcs_write(VMCS_GUEST_RFLAGS, v->regs.rflags);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, 0);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(VMCS_VMCS_LINK_POINTER, ~0ull);
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_IA32_EFER, 0);
	vmcs_write(VMCS_GUEST_IA32_PAT, PAT_POWER_ON);
	vmcs_write(VMCS_GUEST_IA32_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_IA32_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_IA32_SYSENTER_EIP, 0);
}

/*
 * Long mode instead, for a guest whose start asks it (struct vcpu_start):
 * CR0.PG and PE, CR4.PAE, EFER.LME and LMA, a 64-bit CS (L set, D clear)
 * and the guest's own GDT, which the "IA-32e mode guest" entry control
 * must match (SDM 26.3.1.1, 26.3.1.2; sync_ia32e_mode sets it).  The read
 * shadows show the guest the values it started with (SDM 25.6.6), after
 * write_cr_masks().
 */
static void write_long_mode(const struct vcpu_start *st)
{
	uint64_t cr0 = CR0_PE | CR0_ET | CR0_PG;
	unsigned int seg;

	for (seg = SEG_ES; seg <= SEG_GS; seg++)
		write_guest_segment(seg, st->data_sel, 0xffffffff, AR_DATA32);
	write_guest_segment(SEG_CS, st->code_sel, 0xffffffff, AR_CODE64);
	vmcs_write(VMCS_GUEST_GDTR_BASE, st->gdt_base);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, st->gdt_limit);
	vmcs_write(VMCS_GUEST_CR0, cr0 | rdmsr(MSR_IA32_VMX_CR0_FIXED0));
	vmcs_write(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_write(VMCS_GUEST_CR3, st->cr3);
	vmcs_write(VMCS_GUEST_CR4, CR4_PAE | rdmsr(MSR_IA32_VMX_CR4_FIXED0));
	vmcs_write(VMCS_CR4_READ_SHADOW, CR4_PAE);
	vmcs_write(VMCS_GUEST_IA32_EFER, EFER_LME | EFER_LMA);
}

/*
 * CR0.NE and CR4.VMXE must stay set while the guest runs (SDM 24.8), but the
 * guest need not know: those bits belong to the host, and reads show the
 * guest the values it started with (SDM 25.6.6).
 */
static void write_cr_masks(void)
{
	uint64_t cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);

	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, CR0_NE);
	vmcs_write(VMCS_CR0_READ_SHADOW, CR0_PE | CR0_ET);
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, cr4_fixed0 | CR4_VMXE);
	vmcs_write(VMCS_CR4_READ_SHADOW, 0);
}

/*
 * #DB exits where bus-lock #DB is the detector (SDM 25.6.3).  Under the
 * bus-lock VM exit the guest's own bus-lock #DB (its DEBUGCTL bit 2, in the
 * VMCS) needs no exit: the CPU takes the trap-like VM exit first and keeps
 * the #DB pending in the guest's pending debug exceptions, bit 11 (SDM Vol.
 * 3C 26.2, 28.2.1), to be delivered at the next entry: one exit a lock.
 */
static bool intercept_db(const struct vcpu *v)
{
	return caps->bus_lock_db && v->detect == DETECT_DB;
}

/* The software detector under soft=user (core/soft.c). */
static bool soft_user(const struct vcpu *v)
{
	return v->detect == DETECT_SOFT && v->soft.scope == SOFT_USER;
}

/* The exceptions that exit: @tf also #DB, for stepping with RFLAGS.TF. */
static uint32_t exception_bitmap(const struct vcpu *v, bool tf)
{
	return BIT(VEC_MC) | (intercept_db(v) || tf ? BIT(VEC_DB) : 0) |
	       (soft_user(v) ? BIT(VEC_UD) : 0);
}

/* Sets or clears primary processor-based @bits; writes only a change. */
static void set_proc(struct vmx_vcpu *x, uint32_t bits, bool on)
{
	uint32_t proc = on ? x->proc | bits : x->proc & ~bits;

	if (proc == x->proc)
		return;
	x->proc = proc;
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc);
}

static void write_controls(struct vmx_vcpu *x, const struct vcpu *v,
			   unsigned int id)
{
	uint32_t proc2 = ctls.proc2 & ~(uint32_t)SECONDARY_EXEC_BUS_LOCK_DETECTION;
	bool user = soft_user(v);

	if (v->detect == DETECT_VMEXIT)
		proc2 |= SECONDARY_EXEC_BUS_LOCK_DETECTION;
	vmcs_write(VMCS_PIN_BASED_VM_EXEC_CONTROL, ctls.pin |
		   (user ? PIN_BASED_VIRTUAL_NMIS : 0));
	/*
	 * The software detector steps with the monitor trap flag (SDM 26.5.2),
	 * set per entry (enter_guest()), and keeps the guest's DR6 itself, as
	 * MOV DR exits (SDM 25.1.3).
	 */
	x->proc = ctls.proc |
		  (v->detect == DETECT_SOFT ? CPU_BASED_MOV_DR_EXITING : 0);
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, x->proc);
	vmcs_write(VMCS_SECONDARY_VM_EXEC_CONTROL, proc2);
	vmcs_write(VMCS_VM_EXIT_CONTROLS, ctls.exit);
	vmcs_write(VMCS_VM_ENTRY_CONTROLS, ctls.entry);
	/*
	 * Machine checks are the host's: SDM 25.2, core/exit.c.  Under
	 * soft=user, EFER.SCE hidden makes SYSCALL and SYSRET #UD.
	 */
	vmcs_write(VMCS_EXCEPTION_BITMAP, exception_bitmap(v, false));
	vmcs_write(VMCS_IO_BITMAP_A, io_bitmap_pa);
	vmcs_write(VMCS_IO_BITMAP_B, io_bitmap_pa + PAGE_SIZE);
	vmcs_write(VMCS_MSR_BITMAP, msr_bitmap_pa);
	vmcs_write(VMCS_EPT_POINTER, x->ept_root | EPTP_WALK_4 | EPTP_WB);
	if (ctls.vpid)
		vmcs_write(VMCS_VIRTUAL_PROCESSOR_ID, id);
	vmcs_write(VMCS_CR3_TARGET_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD, 0);
	write_cr_masks();
}

/*
 * Makes the VMCS at @pa current; skips the VMPTRLD if it already is.  The
 * current VMCS is per CPU (SDM 24.1), and so is the record of it.
 */
static int vmptrld(uint64_t pa)
{
	struct per_cpu *c = this_cpu();
	uint8_t failed;

	if (pa == c->current_vmcs_pa)
		return 0;
	asm volatile("vmptrld %1; setbe %0" : "=qm"(failed) : "m"(pa)
		     : "cc", "memory");
	if (failed)
		return -1;
	c->current_vmcs_pa = pa;
	return 0;
}

/* Makes @v's VMCS the current one, for VMREAD and VMWRITE (SDM 24.1). */
static void make_current(const struct vcpu *v)
{
	const struct vmx_vcpu *x = v->vendor;

	if (vmptrld(x->vmcs_pa) < 0)
		panic("VMPTRLD of guest '%s''s VMCS failed: %s", v->guest->name,
		      vmx_instruction_error());
}

static int vmx_vcpu_create(struct vcpu *v)
{
	struct guest *g = v->guest;
	struct vmx_vcpu *x = &vmx_vcpus[g->id - 1];
	uint8_t failed;

	memset(x, 0, sizeof(*x));
	x->vmcs_pa = page_set_alloc(&x->pages);
	x->ept_root = nested_map_ram(&ept_format, &x->pages, g->ram_hpa,
				     g->ram_size);
	if (x->vmcs_pa == PMM_NONE || x->ept_root == PMM_NONE) {
		kprintf("Tollgate: no memory for guest '%s''s VMCS and EPT\n",
			g->name);
		return -1;
	}
	*(uint32_t *)(uintptr_t)x->vmcs_pa = revision;	/* SDM 24.2 */
	asm volatile("vmclear %1; setbe %0" : "=qm"(failed) : "m"(x->vmcs_pa)
		     : "cc", "memory");
	if (failed || vmptrld(x->vmcs_pa) < 0) {
		kprintf("Tollgate: VMCLEAR/VMPTRLD of guest '%s''s VMCS failed: %s\n",
			g->name, vmx_instruction_error());
		return -1;
	}
	v->dr6_virtual = v->detect == DETECT_SOFT;
	v->dr6 = DR6_RESET;
	v->soft.step_unproven = v->detect == DETECT_SOFT;  /* MTF: probed */
	write_controls(x, v, g->id);
	write_host_state();
	write_guest_state(v);
	if (v->start.long_mode)
		write_long_mode(&v->start);
	v->vendor = x;
	return 0;
}

static void vmx_vcpu_destroy(struct vcpu *v)
{
	struct vmx_vcpu *x = v->vendor;

	if (!x)
		return;
	asm volatile("vmclear %0" : : "m"(x->vmcs_pa) : "cc", "memory");
	if (this_cpu()->current_vmcs_pa == x->vmcs_pa)
		this_cpu()->current_vmcs_pa = 0;	/* SDM 31.3 VMCLEAR */
	page_set_free(&x->pages);
	v->vendor = NULL;
}

/*
 * The guest switches to long mode by itself (unrestricted guest, CR0 not
 * intercepted); the "IA-32e mode guest" entry control must then agree with
 * its EFER.LMA (SDM 26.2.4, 26.3.1.1).
 */
static void sync_ia32e_mode(void)
{
	uint64_t entry = vmcs_read(VMCS_VM_ENTRY_CONTROLS);
	bool lma = vmcs_read(VMCS_GUEST_IA32_EFER) & EFER_LMA;

	if (!!(entry & VM_ENTRY_IA32E_MODE) != lma)
		vmcs_write(VMCS_VM_ENTRY_CONTROLS,
			   lma ? entry | VM_ENTRY_IA32E_MODE :
				 entry & ~(uint64_t)VM_ENTRY_IA32E_MODE);
}

/*
 * An event the exit interrupted (IDT-vectoring information valid) is
 * delivered again on the next entry: SDM 28.2.4, 27.6.1.
 */
static void requeue_interrupted_event(void)
{
	uint64_t info = vmcs_read(VMCS_IDT_VECTORING_INFO_FIELD);

	if (!(info & VMX_INTR_INFO_VALID))
		return;
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
	vmcs_write(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
		   vmcs_read(VMCS_IDT_VECTORING_ERROR_CODE));
	vmcs_write(VMCS_VM_ENTRY_INSTRUCTION_LEN,
		   vmcs_read(VMCS_VM_EXIT_INSTRUCTION_LEN));
}

static void start_tf_stepping(struct vcpu *v, struct vmx_vcpu *x)
{
	kprintf("Tollgate: warning: guest '%s': the monitor trap flag caused no "
		"exit in %d VM entries; stepping with RFLAGS.TF instead\n",
		v->guest->name, MTF_PROBE_ENTRIES);
	x->tf_step = true;
	/* The other controls (an interrupt window asked for) stay as they are. */
	set_proc(x, CPU_BASED_MONITOR_TRAP_FLAG, false);
	vmcs_write(VMCS_EXCEPTION_BITMAP, exception_bitmap(v, true));
}

/*
 * The software detector steps with the monitor trap flag (SDM 26.5.2).
 * Where it never causes an exit (Bochs 2.7 sets the control but does not
 * model it), it falls back to RFLAGS.TF with the #DB intercept, as on SVM.
 */
static void soft_step_exit(struct vcpu *v, struct vmx_vcpu *x,
			   struct vm_exit *e)
{
	if (!v->soft.step)
		return;
	if (x->tf_step) {
		v->regs.rflags &= ~(uint64_t)RFLAGS_TF;
		if (e->kind == EXIT_EXCEPTION && e->exc.vector == VEC_DB &&
		    (e->exc.qual & VMX_DB_QUAL_BS))
			e->kind = EXIT_STEP;
		return;
	}
	if (e->kind == EXIT_STEP || x->entries == UINT32_MAX)
		x->entries = UINT32_MAX;	/* MTF works */
	else if (++x->entries == MTF_PROBE_ENTRIES)
		start_tf_stepping(v, x);
	/*
	 * Until then every instruction is stepped, also under soft=user: a
	 * CPU that ignores MTF would run its user mode unseen.
	 */
	v->soft.step_unproven = x->entries != UINT32_MAX && !x->tf_step;
}

/*
 * The VMX-preemption timer counts down at the TSC's rate shifted right by
 * IA32_VMX_MISC[4:0] and exits at 0 (SDM 26.5.1); a turn past its deadline
 * gets 0, an exit before the guest's first instruction.
 */
static uint32_t preemption_timer_value(uint64_t deadline_tsc)
{
	uint64_t now = rdtsc(), ticks;

	if (!deadline_tsc)
		return UINT32_MAX;
	if (deadline_tsc <= now)
		return 0;
	ticks = (deadline_tsc - now) >> ctls.preempt_shift;
	return ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;
}

/*
 * An instruction Tollgate emulated and skipped (HLT after STI, say) ends
 * the STI or MOV SS shadow it sat in: the shadow covers one instruction
 * (SDM 24.4.2), and a stale one would hold off the next interrupt.
 */
static void end_shadow_if_skipped(const struct vcpu *v)
{
	uint64_t intr;

	if (v->regs.rip == vmcs_read(VMCS_GUEST_RIP))
		return;
	intr = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if (intr & INTERRUPTIBILITY_SHADOW)
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   intr & ~(uint64_t)INTERRUPTIBILITY_SHADOW);
}

/*
 * What the software detector planned for this entry (core/soft.c): the
 * monitor trap flag (or TF) to step; virtual-NMI blocking with NMI-window
 * exiting, for an exit right after the next IRET (SDM 25.3, 26.7.6); and
 * EFER.SCE hidden.  Returns the SCE bit taken out of the guest's EFER, to
 * be put back after the exit.
 */
static uint64_t apply_soft_plan(const struct vcpu *v, struct vmx_vcpu *x)
{
	const struct soft_state *p = &v->soft;
	uint64_t efer, intr, hidden = 0;

	set_proc(x, CPU_BASED_MONITOR_TRAP_FLAG, p->step && !x->tf_step);
	if (!soft_user(v))
		return 0;
	set_proc(x, CPU_BASED_NMI_WINDOW_EXITING, p->watch_iret);
	intr = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if (p->watch_iret && !(intr & BLOCKING_BY_NMI))
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   intr | BLOCKING_BY_NMI);
	efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	if (p->hide_sce && (efer & EFER_SCE)) {
		hidden = EFER_SCE;
		vmcs_write(VMCS_GUEST_IA32_EFER, efer & ~hidden);
	}
	return hidden;
}

static uint64_t enter_guest(struct vcpu *v, struct vmx_vcpu *x)
{
	bool soft = v->detect == DETECT_SOFT;
	uint64_t sce_hidden = soft ? apply_soft_plan(v, x) : 0;

	end_shadow_if_skipped(v);
	vmcs_write(VMCS_GUEST_RSP, v->regs.rsp);
	vmcs_write(VMCS_GUEST_RIP, v->regs.rip);
	vmcs_write(VMCS_GUEST_RFLAGS, v->regs.rflags |
		   (soft && x->tf_step && v->soft.step ? RFLAGS_TF : 0));
	/*
	 * Tollgate's bus-lock #DB stays on whatever the guest wrote; under the
	 * software detector the guest's own is emulated, never the CPU's
	 * (which would also trap, unseen, in user code a step missed).
	 */
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, (soft ? v->debugctl &
			~(uint64_t)DEBUGCTL_BUS_LOCK_DETECT : v->debugctl) |
		   (intercept_db(v) ? DEBUGCTL_BUS_LOCK_DETECT : 0));
	sync_ia32e_mode();
	if (ctls.preempt)
		vmcs_write(VMCS_VMX_PREEMPTION_TIMER_VALUE,
			   preemption_timer_value(v->deadline_tsc));
	return sce_hidden;
}

static void vmx_inject_exception(struct vcpu *v, uint8_t vector,
				 bool has_error, uint32_t error);

#define QUAL_CR_NUM(q) ((q) & 0xf)		/* SDM Table 28-3 */
#define QUAL_CR_TYPE(q) (((q) >> 4) & 3)	/* 0: MOV to CR */
#define QUAL_CR_GPR(q) (((q) >> 8) & 0xf)
#define CR0_PG_BIT BIT(31)

/*
 * MOV to CR0: the guest's value is what it reads back (the read shadow);
 * the register holds it with the bits VMX requires (CR0.NE, SDM 24.8).
 * Turning paging on or off with EFER.LME set makes EFER.LMA follow, as the
 * processor would (SDM 10.8.5); paging without protection, PAE off in long
 * mode, or a reserved bit is #GP.  False after injecting it.
 */
static bool mov_to_cr0(uint64_t val)
{
	uint64_t old = vmcs_read(VMCS_CR0_READ_SHADOW);
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	bool pg_on = (val & CR0_PG_BIT) && !(old & CR0_PG_BIT);

	if ((val >> 32) || ((val & CR0_PG_BIT) && !(val & CR0_PE)) ||
	    (pg_on && (efer & EFER_LME) &&
	     !(vmcs_read(VMCS_GUEST_CR4) & CR4_PAE)))
		return false;
	if (pg_on && (efer & EFER_LME))
		efer |= EFER_LMA;
	else if (!(val & CR0_PG_BIT))
		efer &= ~(uint64_t)EFER_LMA;
	vmcs_write(VMCS_GUEST_IA32_EFER, efer);
	vmcs_write(VMCS_CR0_READ_SHADOW, val);
	vmcs_write(VMCS_GUEST_CR0, val | CR0_NE);
	return true;
}

/* MOV to CR4: VMXE stays the host's, hidden; setting it is #GP (VMX hidden). */
static bool mov_to_cr4(uint64_t val)
{
	if ((val >> 32) || (val & CR4_VMXE))
		return false;
	vmcs_write(VMCS_CR4_READ_SHADOW, val);
	vmcs_write(VMCS_GUEST_CR4, val | rdmsr(MSR_IA32_VMX_CR4_FIXED0));
	return true;
}

/*
 * A control-register exit (reason 28): only a MOV to CR0 or CR4 that
 * touches a bit of the guest/host masks comes here (SDM 25.1.3).  It is
 * emulated now; anything else stays an unknown exit.
 */
static void cr_access(struct vcpu *v, uint64_t qual, struct vm_exit *e)
{
	uint64_t val = *vcpu_gpr(&v->regs, QUAL_CR_GPR(qual));
	bool ok;

	if (QUAL_CR_TYPE(qual) != 0 ||
	    (QUAL_CR_NUM(qual) != 0 && QUAL_CR_NUM(qual) != 4))
		return;
	ok = QUAL_CR_NUM(qual) == 0 ? mov_to_cr0(val) : mov_to_cr4(val);
	e->kind = EXIT_CR;
	if (!ok) {
		e->insn_len = 0;
		vmx_inject_exception(v, VEC_GP, true, 0);
	}
}

static void vmx_vcpu_run(struct vcpu *v, struct vm_exit *e)
{
	struct vmx_vcpu *x = v->vendor;
	struct vmx_exit_info info;
	uint64_t sce_hidden;
	uint32_t basic;

	make_current(v);
	sce_hidden = enter_guest(v, x);
	profile_entry(v);
	if (vmx_enter(&v->regs, x->launched)) {
		memset(e, 0, sizeof(*e));
		e->kind = EXIT_INVALID;
		e->code = ~0ull;
		kprintf("Tollgate: %s refused guest '%s': %s\n",
			x->launched ? "VMRESUME" : "VMLAUNCH", v->guest->name,
			vmx_instruction_error());
		return;
	}
	profile_phase(v, PHASE_READ);
	x->launched = true;
	if (sce_hidden)
		vmcs_write(VMCS_GUEST_IA32_EFER,
			   vmcs_read(VMCS_GUEST_IA32_EFER) | sce_hidden);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD, 0);
	v->regs.rsp = vmcs_read(VMCS_GUEST_RSP);
	v->regs.rip = vmcs_read(VMCS_GUEST_RIP);
	v->regs.rflags = vmcs_read(VMCS_GUEST_RFLAGS);
	/* CPL is SS.DPL (SDM 24.4.1). */
	v->regs.cpl = (vmcs_read(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
	info = (struct vmx_exit_info){
		.reason = (uint32_t)vmcs_read(VMCS_VM_EXIT_REASON),
		.qual = vmcs_read(VMCS_EXIT_QUALIFICATION),
		.insn_len = (uint32_t)vmcs_read(VMCS_VM_EXIT_INSTRUCTION_LEN),
	};
	basic = info.reason & VMX_EXIT_REASON_BASIC_MASK;
	/*
	 * The fields only some exits fill are read only for those: the
	 * interruption information for an exception or NMI, its error code
	 * when it says there is one (SDM 27.2.2), the guest-physical address
	 * for EPT exits (SDM 27.2.1).
	 */
	if (basic == VMX_EXIT_EXCEPTION_NMI) {
		info.intr_info = (uint32_t)vmcs_read(VMCS_VM_EXIT_INTR_INFO);
		if (info.intr_info & VMX_INTR_INFO_ERROR_CODE)
			info.intr_error = (uint32_t)vmcs_read(
				VMCS_VM_EXIT_INTR_ERROR_CODE);
	}
	if (basic == VMX_EXIT_EPT_VIOLATION || basic == VMX_EXIT_EPT_MISCONFIG)
		info.gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	requeue_interrupted_event();
	profile_phase(v, PHASE_DECODE);
	vmx_decode_exit(&info, e);
	/*
	 * An NMI exit consumed the host's NMI (SDM 27.1): its handler takes
	 * it now, as if it had arrived in the host.
	 */
	if (e->kind == EXIT_NMI)
		asm volatile("int $2" : : : "memory");
	if (basic == VMX_EXIT_CR_ACCESS) {
		e->insn_len = info.insn_len;
		cr_access(v, info.qual, e);
	}
	if (v->detect == DETECT_SOFT)
		soft_step_exit(v, x, e);
}

static void vmx_inject_exception(struct vcpu *v, uint8_t vector,
				 bool has_error, uint32_t error)
{
	make_current(v);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD,
		   vector | VMX_INTR_TYPE_HW_EXCEPTION | VMX_INTR_INFO_VALID |
		   (has_error ? VMX_INTR_INFO_ERROR_CODE : 0));
	if (has_error)
		vmcs_write(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, error);
}

/*
 * Reflects a #DB the guest must see.  A #DB exit leaves DR6 as it was
 * (SDM 27.1): the new value is made from the exit qualification, with the
 * active-low bus-lock bit cleared for a bus lock (lib/dr6.c).
 */
static void vmx_deliver_db_virtual(struct vcpu *v, uint64_t qual);

static void vmx_deliver_db(struct vcpu *v, uint64_t qual)
{
	uint64_t dr6;

	if (v->dr6_virtual) {
		vmx_deliver_db_virtual(v, qual);
		return;
	}
	asm volatile("mov %%dr6, %0" : "=r"(dr6));
	dr6 = dr6_after_db(dr6, qual, caps->guest_bus_lock_db);
	asm volatile("mov %0, %%dr6" : : "r"(dr6));
	vmx_inject_exception(v, VEC_DB, false, 0);
}

/* The #DB for a guest whose DR6 Tollgate keeps (the software detector). */
static void vmx_deliver_db_virtual(struct vcpu *v, uint64_t qual)
{
	v->dr6 = dr6_after_db(v->dr6, qual, caps->guest_bus_lock_db);
	vmx_inject_exception(v, VEC_DB, false, 0);
}

/* The guest MSRs that live in the VMCS (SDM 24.4.1). */
static enum vmcs_field vmcs_msr_field(uint32_t msr)
{
	switch (msr) {
	case MSR_EFER:
		return VMCS_GUEST_IA32_EFER;
	case MSR_IA32_PAT:
		return VMCS_GUEST_IA32_PAT;
	case 0x174:
		return VMCS_GUEST_IA32_SYSENTER_CS;
	case 0x175:
		return VMCS_GUEST_IA32_SYSENTER_ESP;
	case 0x176:
		return VMCS_GUEST_IA32_SYSENTER_EIP;
	case 0xc0000100:
		return VMCS_GUEST_FS_BASE;
	case 0xc0000101:
		return VMCS_GUEST_GS_BASE;
	}
	return 0;
}

static bool vmx_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	enum vmcs_field f = vmcs_msr_field(msr);

	(void)v;
	if (!f)
		return false;
	*val = vmcs_read(f);
	return true;
}

static bool vmx_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	enum vmcs_field f = vmcs_msr_field(msr);

	(void)v;
	if (!f)
		return false;
	if (msr == MSR_EFER) {
		/* SDM Vol. 4 2.1: reserved bits, or LME changed with paging on. */
		if (val & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE))
			return false;
		if (((val ^ vmcs_read(VMCS_GUEST_IA32_EFER)) & EFER_LME) &&
		    (vmcs_read(VMCS_GUEST_CR0) & BIT(31)))
			return false;
		/* LMA is the CPU's to set: keep it as it is. */
		val = (val & ~(uint64_t)EFER_LMA) |
		      (vmcs_read(VMCS_GUEST_IA32_EFER) & EFER_LMA);
	}
	vmcs_write(f, val);
	return true;
}

static void vmx_get_sysregs(struct vcpu *v, struct vcpu_sysregs *sr)
{
	make_current(v);
	sr->cr0 = vmcs_read(VMCS_GUEST_CR0);
	sr->cr3 = vmcs_read(VMCS_GUEST_CR3);
	sr->cr4 = vmcs_read(VMCS_GUEST_CR4);
	sr->efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	sr->fs_base = vmcs_read(VMCS_GUEST_FS_BASE);
	sr->gs_base = vmcs_read(VMCS_GUEST_GS_BASE);
	sr->cs = (uint16_t)vmcs_read(VMCS_GUEST_CS_SELECTOR);
	sr->ss = (uint16_t)vmcs_read(VMCS_GUEST_SS_SELECTOR);
	/* CS.L is access-rights bit 13 (SDM 24.4.1). */
	sr->code64 = (sr->efer & EFER_LMA) &&
		     (vmcs_read(VMCS_GUEST_CS_AR_BYTES) & BIT(13));
}


/*
 * A guest takes an external interrupt with RFLAGS.IF set, outside an STI or
 * MOV SS shadow, and not while an event is already to be injected (SDM
 * 26.6.5, 27.1).
 */
static bool vmx_intr_ready(struct vcpu *v)
{
	make_current(v);
	return (v->regs.rflags & RFLAGS_IF) &&
	       !(vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
		 INTERRUPTIBILITY_SHADOW) &&
	       !(vmcs_read(VMCS_VM_ENTRY_INTR_INFO_FIELD) & VMX_INTR_INFO_VALID);
}

static void vmx_inject_intr(struct vcpu *v, uint8_t vector)
{
	make_current(v);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD,
		   vector | VMX_INTR_TYPE_EXT_INTR | VMX_INTR_INFO_VALID);
}

/* Interrupt-window exiting (SDM 25.6.2, 26.7.5). */
static void vmx_intr_window(struct vcpu *v, bool on)
{
	make_current(v);
	set_proc(v->vendor, CPU_BASED_INTR_WINDOW_EXITING, on);
}

/*
 * DR7 is in the VMCS (SDM 24.4.1); DR6, where Tollgate does not keep it,
 * is the register, which holds the guest's value (core/cpustate.h).
 */
static uint64_t vmx_get_dr(struct vcpu *v, unsigned int dr)
{
	make_current(v);
	return dr == 7 ? vmcs_read(VMCS_GUEST_DR7) : read_dr(6);
}

static void vmx_set_dr(struct vcpu *v, unsigned int dr, uint64_t val)
{
	make_current(v);
	if (dr == 7)
		vmcs_write(VMCS_GUEST_DR7, val);
	else
		write_dr(6, val);
}

/* SDM 27.8: why a VM entry failed while checking or loading guest state. */
static const char *entry_failure(uint32_t reason, uint64_t qual)
{
	switch (reason & 0xffff) {
	case VMX_EXIT_INVALID_GUEST_STATE:
		return qual == 2 ? "invalid guest state: a PDPTE" :
		       qual == 3 ? "invalid guest state: NMI injection" :
		       qual == 4 ? "invalid guest state: the VMCS link pointer" :
				   "invalid guest state (SDM 26.3.1)";
	case VMX_EXIT_MSR_LOADING:
		return "MSR loading failed";
	case VMX_EXIT_MACHINE_CHECK:
		return "machine check during entry";
	}
	return NULL;
}

static void vmx_dump(const struct vcpu *v)
{
	uint32_t reason = (uint32_t)vmcs_read(VMCS_VM_EXIT_REASON);
	uint64_t qual = vmcs_read(VMCS_EXIT_QUALIFICATION);
	const char *why = (reason & VMX_EXIT_REASON_ENTRY_FAILURE) ?
				  entry_failure(reason, qual) : NULL;

	kprintf("  exit reason 0x%x qualification 0x%llx%s%s\n", reason,
		(unsigned long long)qual, why ? ": " : "", why ? why : "");
	kprintf("  rip %016llx rsp %016llx rflags %08llx cpl %u\n",
		(unsigned long long)vmcs_read(VMCS_GUEST_RIP),
		(unsigned long long)vmcs_read(VMCS_GUEST_RSP),
		(unsigned long long)vmcs_read(VMCS_GUEST_RFLAGS), v->regs.cpl);
	kprintf("  cr0 %08llx cr3 %016llx cr4 %08llx efer %08llx\n",
		(unsigned long long)vmcs_read(VMCS_GUEST_CR0),
		(unsigned long long)vmcs_read(VMCS_GUEST_CR3),
		(unsigned long long)vmcs_read(VMCS_GUEST_CR4),
		(unsigned long long)vmcs_read(VMCS_GUEST_IA32_EFER));
	kprintf("  cs %04llx/%05llx ss %04llx/%05llx tr %04llx/%05llx "
		"entry controls %08llx activity %llu interruptibility %llx\n",
		(unsigned long long)vmcs_read(VMCS_GUEST_CS_SELECTOR),
		(unsigned long long)vmcs_read(VMCS_GUEST_CS_AR_BYTES),
		(unsigned long long)vmcs_read(VMCS_GUEST_SS_SELECTOR),
		(unsigned long long)vmcs_read(VMCS_GUEST_SS_AR_BYTES),
		(unsigned long long)vmcs_read(VMCS_GUEST_TR_SELECTOR),
		(unsigned long long)vmcs_read(VMCS_GUEST_TR_AR_BYTES),
		(unsigned long long)vmcs_read(VMCS_VM_ENTRY_CONTROLS),
		(unsigned long long)vmcs_read(VMCS_GUEST_ACTIVITY_STATE),
		(unsigned long long)vmcs_read(VMCS_GUEST_INTERRUPTIBILITY_INFO));
	kprintf("  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
		(unsigned long long)v->regs.rax, (unsigned long long)v->regs.rbx,
		(unsigned long long)v->regs.rcx, (unsigned long long)v->regs.rdx);
}

const struct vendor_ops vmx_ops = {
	.name = "vmx",
	.enable = vmx_enable,
	.enable_cpu = vmx_enable_cpu,
	.vcpu_create = vmx_vcpu_create,
	.vcpu_destroy = vmx_vcpu_destroy,
	.vcpu_run = vmx_vcpu_run,
	.inject_exception = vmx_inject_exception,
	.deliver_db = vmx_deliver_db,
	.msr_read = vmx_msr_read,
	.msr_write = vmx_msr_write,
	.get_sysregs = vmx_get_sysregs,
	.get_dr = vmx_get_dr,
	.intr_ready = vmx_intr_ready,
	.inject_intr = vmx_inject_intr,
	.intr_window = vmx_intr_window,
	.set_dr = vmx_set_dr,
	.dump = vmx_dump,
};
