/* SPDX-License-Identifier: MIT */
/*
 * The vendor-neutral model of a guest: its vCPU registers, the exit record
 * each vendor decodes its VM exits into, and the operations a vendor back end
 * (svm/, vmx/) provides.  Exits are decoded by the vendor and handled once,
 * in core/exit.c.  Pure data: host tests include it too.
 */
#ifndef TG_CORE_VM_H
#define TG_CORE_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/blthreshold.h"
#include "lib/gwalk.h"
#include "lib/hypercall.h"

/* What made the guest exit, in the hypervisor's own terms. */
enum exit_kind {
	EXIT_HYPERCALL,		/* VMMCALL / VMCALL */
	EXIT_CPUID,
	EXIT_IO,		/* IN, OUT, INS, OUTS */
	EXIT_MSR_READ,
	EXIT_MSR_WRITE,
	EXIT_HLT,
	EXIT_SHUTDOWN,		/* triple fault */
	EXIT_NPF,		/* nested page fault / EPT violation */
	EXIT_VIRT_INSN,		/* VMRUN, VMLOAD, VMXON...: not for guests */
	EXIT_BUSLOCK,		/* AMD threshold 0xA5, Intel reason 74 */
	EXIT_EXCEPTION,		/* an intercepted exception */
	EXIT_INTR,		/* a physical interrupt */
	EXIT_INVALID,		/* the CPU refused the guest state */
	EXIT_UNKNOWN,		/* anything no handler is written for */
	EXIT_STEP,		/* one guest instruction done (soft detector) */
	EXIT_MOV_DR,		/* MOV to or from a debug register */
	EXIT_PREEMPT,		/* VMX preemption timer: the slice is over */
	EXIT_XSETBV,		/* the guest sets its XCR0 */
	EXIT_CACHE,		/* INVD or WBINVD */
	EXIT_NMI,		/* a host NMI arrived while the guest ran */
	EXIT_INTR_WINDOW,	/* the guest can take a virtual interrupt now */
	EXIT_CR,		/* VMX: a MOV to CR0/CR4 bit the host owns, emulated */
	EXIT_IRET,		/* soft=user: an IRET is to run (SVM) or ran (VMX) */
	EXIT_KIND_COUNT
};

/* The summary's name for each kind ("exits": {name: count}). */
extern const char *const exit_kind_names[EXIT_KIND_COUNT];

/* The summary's name of each detect_mode. */
extern const char *const detect_mode_names[];

/* Who saw a bus lock; every source reaches buslock_event() (core/buslock.h). */
enum buslock_source {
	BUSLOCK_SRC_THRESHOLD,	/* AMD Bus Lock Threshold counter, exit 0xA5 */
	BUSLOCK_SRC_VMEXIT,	/* Intel bus-lock VM exit, reason 74 / bit 26 */
	BUSLOCK_SRC_DB,		/* bus-lock #DB, DR6 bit 11 */
	BUSLOCK_SRC_SOFT,	/* Tollgate's own instruction decoder */
	BUSLOCK_SRC_COUNT
};

/* One VM exit, decoded. */
struct vm_exit {
	enum exit_kind kind;
	uint64_t code;		/* the vendor's exit code, for messages */
	uint64_t insn_len;	/* of the exiting instruction, 0 if unknown */
	/*
	 * SVM without next-RIP: insn_len is only the opcode's, without the
	 * prefixes the guest may have put before it (core/exit.c adds them).
	 */
	bool insn_len_guessed;
	uint32_t bus_locks;	/* bus locks this exit reports, of any kind */
	enum buslock_source bus_lock_source;
	union {
		struct {
			uint16_t port;
			uint8_t size;	/* bytes: 1, 2 or 4 */
			bool in, string, rep;
		} io;
		struct {
			uint64_t gpa;
			bool write, fetch, present;
		} npf;
		struct {
			uint8_t vector;
			bool has_error;
			uint32_t error;
			uint64_t qual;	/* VMX exit qualification (#DB: DR6-like) */
		} exc;
		struct {
			uint8_t dr;	/* debug register number */
			uint8_t gpr;	/* ModRM order: rax, rcx, rdx, rbx... */
			bool write;	/* MOV to the debug register */
		} mov_dr;
		struct {
			uint64_t info1, info2;
		} raw;
	};
};

/* How a guest's bus locks are seen (the summary's "detect"). */
enum detect_mode {
	DETECT_NONE,
	DETECT_THRESHOLD,	/* AMD Bus Lock Threshold */
	DETECT_VMEXIT,		/* Intel bus-lock VM exit */
	DETECT_DB,		/* bus-lock #DB */
	DETECT_SOFT,		/* single-stepping and decoding (core/soft.c) */
	DETECT_MODE_COUNT
};

/*
 * What the software detector steps (soft=): every instruction, or only
 * those at CPL 3, catching each way back to it (core/soft.c).
 */
enum soft_scope {
	SOFT_ALL,
	SOFT_USER,
};

/* The one kernel instruction stepped under SOFT_USER, on its way to CPL 3. */
enum soft_insn {
	SOFT_INSN_NONE,
	SOFT_INSN_IRET,		/* run without the IRET intercept (SVM) */
	SOFT_INSN_SYSCALL,	/* SYSCALL or SYSRET, run with EFER.SCE */
};

/* The software detector's state between two guest instructions. */
struct soft_state {
	enum soft_scope scope;
	/* Set before each entry, for the back end to apply. */
	bool step;		/* run one instruction, then exit */
	bool watch_iret;	/* exit at an IRET: SVM before, VMX after it */
	bool hide_sce;		/* run with EFER.SCE clear: SYSCALL, SYSRET #UD */
	enum soft_insn insn;	/* stepped whatever the CPL, for one entry */
	/* The back end has yet to see its step work: step everything. */
	bool step_unproven;
	bool count_pending;	/* a split lock was judged: count it once run */
	bool db_pending;	/* and the guest gets its #DB once it has run */
	uint64_t ran_rip;	/* where the guest is once that split lock ran */
	uint64_t shadow_rip;	/* judged with the SS load before it; 0: none */
	uint16_t counter;	/* the virtual Bus Lock Threshold counter */
	bool counter_taken;	/* by the judged split lock, if it runs */
	uint64_t decoded;	/* instructions inspected */
	bool judged;		/* the instruction at judged_rip was inspected */
	bool stepped;		/* and an instruction has run since */
	uint64_t judged_rip;
};

/* What the software detector needs to read the guest's next instruction. */
struct vcpu_sysregs {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t fs_base, gs_base;
	uint16_t cs, ss;	/* the selectors */
	bool code64;		/* CS.L with EFER.LMA: 64-bit code */
};

/* Guest registers, as the entry stubs save and restore them. */
struct vcpu_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rsp, rip, rflags;
	uint8_t cpl;
};

/* The MSRs core/cpustate.c switches, TSC_AUX first (both vendors). */
enum {
	CPUSTATE_TSC_AUX,
	CPUSTATE_KERNEL_GS_BASE,	/* the rest on VMX only */
	CPUSTATE_STAR,
	CPUSTATE_LSTAR,
	CPUSTATE_CSTAR,
	CPUSTATE_SFMASK,
	CPUSTATE_MSRS
};

/* A guest's CPU state while another guest has the CPU (core/cpustate.h). */
struct vcpu_cpustate {
	uint64_t xsave_pa;	/* its XSAVE (or FXSAVE) area */
	uint64_t xcr0;
	uint64_t dr[4];		/* DR0-DR3 */
	uint64_t dr6, cr2;	/* VMX: no VMCS field holds them */
	uint64_t msr[CPUSTATE_MSRS];
};

/* Register @n in ModRM order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..). */
static inline uint64_t *vcpu_gpr(struct vcpu_regs *r, unsigned int n)
{
	uint64_t *const map[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi,
		&r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
		&r->r14, &r->r15,
	};

	return map[n & 15];
}

/*
 * How a guest starts.  Every guest starts in 32-bit protected mode, flat,
 * paging off (docs/guest-abi.md), but a Linux kernel with a 64-bit entry
 * starts in 64-bit mode, paging on with its loader's tables and GDT
 * (boot.rst, "64-bit Boot Protocol"; lib/boot64.h).
 */
struct vcpu_start {
	bool long_mode;
	uint64_t cr3, gdt_base;		/* long_mode only */
	uint16_t gdt_limit, code_sel, data_sel;
};

struct guest;

struct vcpu {
	struct guest *guest;
	struct vcpu_regs regs;
	uint64_t debugctl;	/* the guest's own IA32_DEBUGCTL, virtualized */
	uint64_t mtrr_def_type;	/* its IA32_MTRR_DEF_TYPE (core/cpumodel.c) */
	bool dr6_virtual;	/* its DR6 lives here, not in the register */
	uint64_t dr6;
	struct blt threshold;	/* Bus Lock Threshold accounting, real or virtual */
	enum detect_mode detect;	/* set before vcpu_create */
	struct vcpu_start start;	/* set before vcpu_create */
	uint64_t deadline_tsc;	/* end of the turn (TSC); 0 for none */
	struct soft_state soft;
	/* The code page's translation, for every fetch (core/insn.c). */
	struct gwalk_memo code_memo[GWALK_MEMO_PAGES];
	struct vcpu_cpustate cpu;
	void *vendor;		/* the VMCB or VMCS and what goes with it */
};

/* What the back end found it can do on this CPU, filled by enable(). */
struct vendor_caps {
	bool bus_lock_threshold;	/* AMD: counts every bus lock */
	bool bus_lock_vmexit;		/* Intel: VM exit after each bus lock */
	bool bus_lock_db;		/* bus-lock #DB intercepted and decoded */
	bool guest_bus_lock_db;		/* CPUID.7.0:ECX[24] shown to guests */
	bool soft;			/* it can single-step guests */
	bool soft_trap_like;		/* stepping stops after the instruction */
	bool preemption_timer;		/* VMX: it ends turns by itself */
	/* SVM: the VMCB and VMLOAD/VMSAVE hold CR2, DR6 and the SYSCALL MSRs. */
	bool switches_syscall_state;
	bool rdtscp, invpcid;	/* guests can run them (VMX enable controls) */
	/* soft=user: it can exit on IRET (SVM intercept, VMX virtual NMIs). */
	bool soft_user;
	bool iret_exit_before;	/* SVM: the IRET exit comes before it runs */
};

/*
 * A vendor back end.  Every operation reports its own failures in words;
 * a negative return stops the guest (or, from enable, the vendor).
 */
struct vendor_ops {
	const char *name;			/* "svm" or "vmx" */
	int (*enable)(struct vendor_caps *caps);	/* turn it on, boot CPU */
	int (*enable_cpu)(void);		/* and on each other CPU */
	/* Control block and nested paging, on the CPU that will run it. */
	int (*vcpu_create)(struct vcpu *v);
	void (*vcpu_destroy)(struct vcpu *v);	/* give back what create took */
	/*
	 * Enters the guest and decodes its exit.  A guest that is still
	 * running at v->deadline_tsc is stopped: by the VMX preemption timer
	 * here, or by the local-APIC timer core/hv.c arms (an EXIT_INTR).
	 */
	void (*vcpu_run)(struct vcpu *v, struct vm_exit *e);
	void (*inject_exception)(struct vcpu *v, uint8_t vector,
				 bool has_error, uint32_t error);
	/* Gives the guest a #DB whose DR6 reports @qual (SDM 17.2.3 bits). */
	void (*deliver_db)(struct vcpu *v, uint64_t qual);
	/* MSRs whose guest values live in the control block (EFER, PAT...). */
	bool (*msr_read)(struct vcpu *v, uint32_t msr, uint64_t *val);
	bool (*msr_write)(struct vcpu *v, uint32_t msr, uint64_t val);
	void (*get_sysregs)(struct vcpu *v, struct vcpu_sysregs *s);
	/*
	 * Virtual interrupts, for guests with a virtual PC: whether the guest
	 * takes an external interrupt now (RFLAGS.IF set, no STI or MOV SS
	 * shadow, no event already to be delivered); deliver @vector on the
	 * next entry; ask for an EXIT_INTR_WINDOW as soon as it can take one,
	 * or stop asking.
	 */
	bool (*intr_ready)(struct vcpu *v);
	void (*inject_intr)(struct vcpu *v, uint8_t vector);
	void (*intr_window)(struct vcpu *v, bool on);
	/* DR6 and DR7 where the control block holds them. */
	uint64_t (*get_dr)(struct vcpu *v, unsigned int dr);
	void (*set_dr)(struct vcpu *v, unsigned int dr, uint64_t val);
	void (*dump)(const struct vcpu *v);	/* print the guest's state */
};

#endif
