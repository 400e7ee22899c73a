/* SPDX-License-Identifier: MIT */
/*
 * The VM-execution, VM-exit and VM-entry controls Tollgate asks for, and
 * why (SDM 25.6-25.8), adjusted to this CPU by vmx_adjust_controls().
 */
#include "arch/x86/cpu.h"
#include "vmx/vmx_caps.h"
#include "vmx/vmx_ops.h"

/*
 * Interrupts and NMIs belong to the host and end the guest's run (SDM
 * 26.2), never reaching the guest's IDT; the
 * preemption timer ends a turn without one where the CPU has it (26.5.1).
 */
#define PIN_REQUIRED (PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING)
#define PIN_OPTIONAL (PIN_BASED_PREEMPTION_TIMER | PIN_BASED_VIRTUAL_NMIS)
/* Per guest: the software detector's step, and its IRET exits (soft=user). */
#define PROC_PER_GUEST (CPU_BASED_MONITOR_TRAP_FLAG | \
			CPU_BASED_NMI_WINDOW_EXITING)
#define VMX_MISC_PREEMPT_SHIFT_MASK 0x1f	/* SDM A.6 */
/* Every guest exit Tollgate handles, and nothing it does not. */
#define PROC_REQUIRED (CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS | \
		       CPU_BASED_USE_MSR_BITMAPS | \
		       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
/*
 * EPT keeps guests apart; unrestricted guest lets them start paging off.
 * RDTSCP and INVPCID are #UD in a guest without their enable controls (SDM
 * 25.6.2): an OS that CPUID tells it has them uses them.
 */
#define PROC2_REQUIRED (SECONDARY_EXEC_ENABLE_EPT | \
			SECONDARY_EXEC_UNRESTRICTED_GUEST)
#define PROC2_OPTIONAL (SECONDARY_EXEC_ENABLE_VPID | \
			SECONDARY_EXEC_BUS_LOCK_DETECTION | \
			SECONDARY_EXEC_WBINVD_EXITING | \
			SECONDARY_EXEC_ENABLE_RDTSCP | \
			SECONDARY_EXEC_ENABLE_INVPCID)
/* The host runs in 64-bit mode with its own EFER; the guest keeps its own. */
#define EXIT_REQUIRED (VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_EFER | \
		       VM_EXIT_LOAD_EFER | VM_EXIT_SAVE_DEBUG_CONTROLS)
#define EXIT_OPTIONAL (VM_EXIT_SAVE_PAT | VM_EXIT_LOAD_PAT)
/* The guest's DEBUGCTL and EFER are loaded on entry from the VMCS. */
#define ENTRY_REQUIRED (VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_LOAD_EFER)
#define ENTRY_OPTIONAL (VM_ENTRY_LOAD_PAT)

int vmx_compute_controls(struct vmx_controls *c, char *err, size_t errlen)
{
	bool true_ctls = rdmsr(MSR_IA32_VMX_BASIC) & VMX_BASIC_TRUE_CTLS;

	if (vmx_adjust_controls("pin-based controls",
				rdmsr(vmx_cap_msr(true_ctls, VMX_CAP_PINBASED)),
				PIN_REQUIRED, PIN_OPTIONAL, &c->pin, err,
				errlen) < 0 ||
	    vmx_adjust_controls("primary processor-based controls",
				rdmsr(vmx_cap_msr(true_ctls, VMX_CAP_PROCBASED)),
				PROC_REQUIRED, PROC_PER_GUEST,
				&c->proc, err, errlen) < 0 ||
	    vmx_adjust_controls("secondary processor-based controls",
				rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2),
				PROC2_REQUIRED, PROC2_OPTIONAL, &c->proc2, err,
				errlen) < 0 ||
	    vmx_adjust_controls("VM-exit controls",
				rdmsr(vmx_cap_msr(true_ctls, VMX_CAP_EXIT)),
				EXIT_REQUIRED, EXIT_OPTIONAL, &c->exit, err,
				errlen) < 0 ||
	    vmx_adjust_controls("VM-entry controls",
				rdmsr(vmx_cap_msr(true_ctls, VMX_CAP_ENTRY)),
				ENTRY_REQUIRED, ENTRY_OPTIONAL, &c->entry, err,
				errlen) < 0)
		return -1;
	/* The guest starts in 32-bit mode: IA-32e mode follows its EFER.LMA. */
	c->entry &= ~(uint32_t)VM_ENTRY_IA32E_MODE;
	/* The trap flag is per guest, for the software detector only. */
	c->mtf = c->proc & CPU_BASED_MONITOR_TRAP_FLAG;
	/*
	 * An IRET ends virtual-NMI blocking; NMI-window exiting then exits
	 * (SDM 25.3, 26.7.6): soft=user's exit after IRET, per guest.
	 */
	c->iret_exits = (c->pin & PIN_BASED_VIRTUAL_NMIS) &&
			(c->proc & CPU_BASED_NMI_WINDOW_EXITING);
	c->proc &= ~(uint32_t)PROC_PER_GUEST;
	c->pin &= ~(uint32_t)PIN_BASED_VIRTUAL_NMIS;
	c->vpid = c->proc2 & SECONDARY_EXEC_ENABLE_VPID;
	c->bus_lock_vmexit = c->proc2 & SECONDARY_EXEC_BUS_LOCK_DETECTION;
	c->preempt = c->pin & PIN_BASED_PREEMPTION_TIMER;
	c->preempt_shift = rdmsr(MSR_IA32_VMX_MISC) & VMX_MISC_PREEMPT_SHIFT_MASK;
	return 0;
}
