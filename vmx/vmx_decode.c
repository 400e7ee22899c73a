/* SPDX-License-Identifier: MIT */
/*
 * VMX exit decoding: exit reason, qualification, interruption information,
 * instruction length and guest-physical address into a struct vm_exit.
 * Basic exit reasons are from SDM Vol. 3D Appendix C; the exit-reason field
 * from SDM 24.9.1; the exit qualifications from SDM 27.2.1; the bus-lock
 * reports (reason 74, exit-reason bit 26) from shared/BUSLOCK.md.
 */
#include "vmx/vmcs.h"
#include "vmx/vmx_decode.h"

/* I/O: SDM 27.2.1, Table 27-5.  The length is the exit's (SDM 24.9.4). */
static void decode_io(const struct vmx_exit_info *x, struct vm_exit *e)
{
	uint64_t q = x->qual;

	e->kind = EXIT_IO;
	e->io.port = (uint16_t)((q >> VMX_IO_QUAL_PORT_SHIFT) &
				VMX_IO_QUAL_PORT_MASK);
	e->io.size = (uint8_t)((q & VMX_IO_QUAL_SIZE_MASK) + 1);
	e->io.in = q & VMX_IO_QUAL_IN;
	e->io.string = q & VMX_IO_QUAL_STRING;
	e->io.rep = q & VMX_IO_QUAL_REP;
	e->insn_len = x->insn_len;
}

/*
 * EPT violation: SDM 27.2.1, Table 27-7.  "Present" is what SVM's P bit
 * says: the EPT entries allowed some access (bits 5:3), so the page was
 * mapped and the access broke its permissions.
 */
static void decode_ept_violation(const struct vmx_exit_info *x,
				 struct vm_exit *e)
{
	uint64_t q = x->qual;

	e->kind = EXIT_NPF;
	e->npf.gpa = x->gpa;
	e->npf.write = q & VMX_EPT_QUAL_WRITE;
	e->npf.fetch = q & VMX_EPT_QUAL_FETCH;
	e->npf.present = q & (VMX_EPT_QUAL_READABLE | VMX_EPT_QUAL_WRITABLE |
			      VMX_EPT_QUAL_EXECUTABLE);
}

/* Software interrupts and exceptions have a length to reinject with. */
static bool intr_type_has_len(uint32_t type)
{
	return type == VMX_INTR_TYPE_SW_INTR ||
	       type == VMX_INTR_TYPE_PRIV_SW_EXCEPTION ||
	       type == VMX_INTR_TYPE_SW_EXCEPTION;
}

/*
 * Exception or NMI: SDM 24.9.2, Table 24-15.  The qualification is kept:
 * for #DB it is DR6-like (SDM 27.2.1, Table 27-1), a bus lock set in
 * bit 11.  Such a bus lock is not counted here: the #DB handler decides,
 * as it also knows whether the bus-lock VM exit counts it already.
 */
static void decode_exception(const struct vmx_exit_info *x, struct vm_exit *e)
{
	uint32_t info = x->intr_info;

	if ((info & VMX_INTR_TYPE_MASK) == VMX_INTR_TYPE_NMI) {
		e->kind = EXIT_NMI;	/* NMI exiting: SDM 26.2 */
		return;
	}
	e->kind = EXIT_EXCEPTION;
	e->exc.vector = (uint8_t)(info & VMX_INTR_INFO_VECTOR_MASK);
	e->exc.has_error = info & VMX_INTR_INFO_ERROR_CODE;
	e->exc.error = e->exc.has_error ? x->intr_error : 0;
	e->exc.qual = x->qual;
	if (intr_type_has_len(info & VMX_INTR_TYPE_MASK))
		e->insn_len = x->insn_len;
}

/* VMCLEAR..VMXON (19-27), INVEPT and INVVPID: not for Tollgate's guests. */
static bool is_virt_insn(uint32_t basic)
{
	return (basic >= VMX_EXIT_VMCLEAR && basic <= VMX_EXIT_VMXON) ||
	       basic == VMX_EXIT_INVEPT || basic == VMX_EXIT_INVVPID;
}

/* VM-entry failures: exit-reason bit 31 (SDM 26.7), reasons 33, 34, 41. */
static bool is_entry_failure(uint32_t reason)
{
	uint32_t basic = reason & VMX_EXIT_REASON_BASIC_MASK;

	return (reason & VMX_EXIT_REASON_ENTRY_FAILURE) ||
	       basic == VMX_EXIT_INVALID_GUEST_STATE ||
	       basic == VMX_EXIT_MSR_LOADING ||
	       basic == VMX_EXIT_MACHINE_CHECK;
}

/* The kinds whose only detail is the instruction length (SDM 24.9.4). */
static bool decode_insn(const struct vmx_exit_info *x, struct vm_exit *e)
{
	switch (x->reason & VMX_EXIT_REASON_BASIC_MASK) {
	case VMX_EXIT_CPUID:
		e->kind = EXIT_CPUID;
		break;
	case VMX_EXIT_HLT:
		e->kind = EXIT_HLT;
		break;
	case VMX_EXIT_RDMSR:
		e->kind = EXIT_MSR_READ;
		break;
	case VMX_EXIT_WRMSR:
		e->kind = EXIT_MSR_WRITE;
		break;
	case VMX_EXIT_VMCALL:
		e->kind = EXIT_HYPERCALL;
		break;
	case VMX_EXIT_XSETBV:
		e->kind = EXIT_XSETBV;
		break;
	case VMX_EXIT_INVD:
	case VMX_EXIT_WBINVD:
		e->kind = EXIT_CACHE;
		break;
	default:
		return false;
	}
	e->insn_len = x->insn_len;
	return true;
}

/*
 * MOV DR (SDM Table 28-4, "Exit Qualification for MOV DR"): bits 2:0 the
 * debug register, bit 4 the direction (1: MOV from DR), 11:8 the register.
 */
static void decode_mov_dr(const struct vmx_exit_info *x, struct vm_exit *e)
{
	e->kind = EXIT_MOV_DR;
	e->mov_dr.dr = x->qual & 7;
	e->mov_dr.write = !(x->qual & BIT(4));
	e->mov_dr.gpr = (x->qual >> 8) & 0xf;
	e->insn_len = x->insn_len;
}

/* Every other kind: no detail but the raw qualification and address. */
static void decode_other(const struct vmx_exit_info *x, struct vm_exit *e)
{
	uint32_t basic = x->reason & VMX_EXIT_REASON_BASIC_MASK;

	e->raw.info1 = x->qual;
	e->raw.info2 = x->gpa;
	if (basic == VMX_EXIT_TRIPLE_FAULT)
		e->kind = EXIT_SHUTDOWN;
	else if (basic == VMX_EXIT_EXTERNAL_INTERRUPT)
		e->kind = EXIT_INTR;
	else if (basic == VMX_EXIT_INTERRUPT_WINDOW)
		e->kind = EXIT_INTR_WINDOW;	/* SDM 26.7.5 */
	else if (basic == VMX_EXIT_NMI_WINDOW)
		e->kind = EXIT_IRET;	/* an IRET unblocked NMIs: 26.7.6 */
	else if (basic == VMX_EXIT_PREEMPTION_TIMER)
		e->kind = EXIT_PREEMPT;	/* the slice is over: SDM 26.5.1 */
	else if (basic == VMX_EXIT_MONITOR_TRAP_FLAG)
		e->kind = EXIT_STEP;	/* one instruction done: SDM 26.5.2 */
	else if (basic == VMX_EXIT_MOV_DR)
		decode_mov_dr(x, e);
	else if (is_virt_insn(basic))
		e->kind = EXIT_VIRT_INSN;
	else
		e->kind = EXIT_UNKNOWN;
}

/*
 * A reason-74 exit is a bus lock; exit-reason bit 26 says one happened on
 * the way to any other exit.  Both together are still one bus lock
 * (shared/BUSLOCK.md: Xen finds bit 26 always set on reason 74).
 */
static void note_bus_lock(const struct vmx_exit_info *x, struct vm_exit *e)
{
	if ((x->reason & VMX_EXIT_REASON_BASIC_MASK) == VMX_EXIT_BUS_LOCK ||
	    (x->reason & VMX_EXIT_REASON_BUS_LOCK)) {
		e->bus_locks = 1;
		e->bus_lock_source = BUSLOCK_SRC_VMEXIT;
	}
}

void vmx_decode_exit(const struct vmx_exit_info *x, struct vm_exit *e)
{
	uint32_t basic = x->reason & VMX_EXIT_REASON_BASIC_MASK;

	*e = (struct vm_exit){ .code = x->reason };
	if (is_entry_failure(x->reason)) {
		e->kind = EXIT_INVALID;
		e->raw.info1 = x->qual;
		return;
	}
	if (basic == VMX_EXIT_IO_INSTRUCTION)
		decode_io(x, e);
	else if (basic == VMX_EXIT_EPT_VIOLATION)
		decode_ept_violation(x, e);
	else if (basic == VMX_EXIT_EXCEPTION_NMI)
		decode_exception(x, e);
	else if (basic == VMX_EXIT_BUS_LOCK)
		e->kind = EXIT_BUSLOCK;	/* trap-like: nothing to skip */
	else if (!decode_insn(x, e))
		decode_other(x, e);
	note_bus_lock(x, e);
}
