/* SPDX-License-Identifier: MIT */
/*
 * The Intel VMCS: the encodings VMREAD and VMWRITE take for every field
 * Tollgate uses, the bits of the control fields, the capability MSRs that
 * say which controls a CPU allows, the basic exit reasons and the exit
 * qualifications Tollgate decodes.
 *
 * Sources: Intel SDM Vol. 3C chapters 24 (VMCS), 25 (VMX non-root
 * operation), 26 (VM entries) and 27 (VM exits), Vol. 3D Appendix A (VMX
 * capability reporting), B (field encodings) and C (basic exit reasons).
 * Section numbers are those of the editions in which chapter 24 is "Virtual
 * Machine Control Structures"; later editions number the same chapters one
 * higher (25-28), section by section.  The bus-lock bits, which older
 * editions lack, are in the Intel ISE reference, chapter "Bus Lock
 * Detection"; shared/BUSLOCK.md lists them.
 *
 * Plain numbers above the __ASSEMBLER__ guard, so that an entry stub may
 * include this file; the field encodings are an enum, which reaches
 * assembly through the generated asm_offsets.h like any other C constant.
 */
#ifndef TG_VMX_VMCS_H
#define TG_VMX_VMCS_H

#include "arch/x86/bits.h"

/*
 * The structure of an encoding: SDM 24.11.2 ("VMREAD, VMWRITE, and
 * Encodings of VMCS Fields").  Bit 0 is the access type (1: the high 32 bits
 * of a 64-bit field), bits 9:1 the index, 11:10 the type, 14:13 the width;
 * bits 12 and 31:15 are reserved and 0.
 */
#define VMCS_ENC_HIGH BIT(0)
#define VMCS_ENC_INDEX_SHIFT 1
#define VMCS_ENC_INDEX_MASK 0x1ff
#define VMCS_ENC_TYPE_SHIFT 10
#define VMCS_ENC_TYPE_MASK 0x3
#define VMCS_ENC_WIDTH_SHIFT 13
#define VMCS_ENC_WIDTH_MASK 0x3
#define VMCS_ENC_RESERVED 0xffff9000	/* bits 31:15 and 12 */
#define VMCS_TYPE_CONTROL 0
#define VMCS_TYPE_EXIT_INFO 1		/* "read-only data" */
#define VMCS_TYPE_GUEST 2
#define VMCS_TYPE_HOST 3
#define VMCS_WIDTH_16 0
#define VMCS_WIDTH_64 1
#define VMCS_WIDTH_32 2
#define VMCS_WIDTH_NATURAL 3		/* 64 bits on Intel 64 processors */

/* Pin-based VM-execution controls: SDM 24.6.1, Table 24-5. */
#define PIN_BASED_EXT_INTR_EXITING BIT(0)
#define PIN_BASED_NMI_EXITING BIT(3)
#define PIN_BASED_VIRTUAL_NMIS BIT(5)
#define PIN_BASED_PREEMPTION_TIMER BIT(6)
#define PIN_BASED_POSTED_INTR BIT(7)

/* Primary processor-based VM-execution controls: SDM 24.6.2, Table 24-6. */
#define CPU_BASED_INTR_WINDOW_EXITING BIT(2)
#define CPU_BASED_USE_TSC_OFFSETTING BIT(3)
#define CPU_BASED_HLT_EXITING BIT(7)
#define CPU_BASED_INVLPG_EXITING BIT(9)
#define CPU_BASED_MWAIT_EXITING BIT(10)
#define CPU_BASED_RDPMC_EXITING BIT(11)
#define CPU_BASED_RDTSC_EXITING BIT(12)
#define CPU_BASED_CR3_LOAD_EXITING BIT(15)
#define CPU_BASED_CR3_STORE_EXITING BIT(16)
#define CPU_BASED_CR8_LOAD_EXITING BIT(19)
#define CPU_BASED_CR8_STORE_EXITING BIT(20)
#define CPU_BASED_TPR_SHADOW BIT(21)
#define CPU_BASED_NMI_WINDOW_EXITING BIT(22)
#define CPU_BASED_MOV_DR_EXITING BIT(23)
#define CPU_BASED_UNCOND_IO_EXITING BIT(24)
#define CPU_BASED_USE_IO_BITMAPS BIT(25)
#define CPU_BASED_MONITOR_TRAP_FLAG BIT(27)
#define CPU_BASED_USE_MSR_BITMAPS BIT(28)
#define CPU_BASED_MONITOR_EXITING BIT(29)
#define CPU_BASED_PAUSE_EXITING BIT(30)
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS BIT(31)

/* Secondary processor-based controls: SDM 24.6.2, Table 24-7. */
#define SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES BIT(0)
#define SECONDARY_EXEC_ENABLE_EPT BIT(1)
#define SECONDARY_EXEC_DESC_TABLE_EXITING BIT(2)
#define SECONDARY_EXEC_ENABLE_RDTSCP BIT(3)
#define SECONDARY_EXEC_VIRTUALIZE_X2APIC BIT(4)
#define SECONDARY_EXEC_ENABLE_VPID BIT(5)
#define SECONDARY_EXEC_WBINVD_EXITING BIT(6)
#define SECONDARY_EXEC_UNRESTRICTED_GUEST BIT(7)
#define SECONDARY_EXEC_ENABLE_INVPCID BIT(12)
#define SECONDARY_EXEC_ENABLE_XSAVES BIT(20)	/* enable XSAVES/XRSTORS */
/* Bus-lock detection: exit reason 74 (ISE "Bus Lock Detection"). */
#define SECONDARY_EXEC_BUS_LOCK_DETECTION BIT(30)

/* VM-exit controls: SDM 24.7.1, Table 24-10. */
#define VM_EXIT_SAVE_DEBUG_CONTROLS BIT(2)	/* DR7 and IA32_DEBUGCTL */
#define VM_EXIT_HOST_ADDR_SPACE_SIZE BIT(9)
#define VM_EXIT_LOAD_PERF_GLOBAL_CTRL BIT(12)
#define VM_EXIT_ACK_INTR_ON_EXIT BIT(15)
#define VM_EXIT_SAVE_PAT BIT(18)
#define VM_EXIT_LOAD_PAT BIT(19)
#define VM_EXIT_SAVE_EFER BIT(20)
#define VM_EXIT_LOAD_EFER BIT(21)
#define VM_EXIT_SAVE_PREEMPTION_TIMER BIT(22)

/* VM-entry controls: SDM 24.8.1, Table 24-12. */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS BIT(2)	/* DR7 and IA32_DEBUGCTL */
#define VM_ENTRY_IA32E_MODE BIT(9)
#define VM_ENTRY_LOAD_PERF_GLOBAL_CTRL BIT(13)
#define VM_ENTRY_LOAD_PAT BIT(14)
#define VM_ENTRY_LOAD_EFER BIT(15)

/* Capability MSRs: SDM Appendix A.1-A.10 (and Vol. 4, MSRs 480H-490H). */
#define MSR_IA32_VMX_BASIC 0x480		/* A.1 */
#define MSR_IA32_VMX_PINBASED_CTLS 0x481	/* A.3.1 */
#define MSR_IA32_VMX_PROCBASED_CTLS 0x482	/* A.3.2 */
#define MSR_IA32_VMX_EXIT_CTLS 0x483		/* A.4 */
#define MSR_IA32_VMX_ENTRY_CTLS 0x484		/* A.5 */
#define MSR_IA32_VMX_MISC 0x485			/* A.6 */
#define MSR_IA32_VMX_CR0_FIXED0 0x486		/* A.7 */
#define MSR_IA32_VMX_CR0_FIXED1 0x487
#define MSR_IA32_VMX_CR4_FIXED0 0x488		/* A.8 */
#define MSR_IA32_VMX_CR4_FIXED1 0x489
#define MSR_IA32_VMX_VMCS_ENUM 0x48a		/* A.9 */
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48b	/* A.3.3 */
#define MSR_IA32_VMX_EPT_VPID_CAP 0x48c		/* A.10 */
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x48d	/* A.3.1 */
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48e	/* A.3.2 */
#define MSR_IA32_VMX_TRUE_EXIT_CTLS 0x48f	/* A.4 */
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS 0x490	/* A.5 */

/* IA32_VMX_BASIC: SDM A.1. */
#define VMX_BASIC_REVISION_MASK 0x7fffffff	/* bits 30:0 */
#define VMX_BASIC_VMCS_SIZE_SHIFT 32		/* bits 44:32, bytes */
#define VMX_BASIC_VMCS_SIZE_MASK 0x1fff
#define VMX_BASIC_MEMTYPE_SHIFT 50		/* bits 53:50 */
#define VMX_BASIC_MEMTYPE_MASK 0xf
#define VMX_BASIC_MEMTYPE_WB 6
#define VMX_BASIC_TRUE_CTLS BITL(55)		/* the TRUE_ MSRs exist */

/* IA32_VMX_EPT_VPID_CAP: SDM A.10. */
#define VMX_EPT_CAP_WALK_4 BITL(6)		/* page-walk length 4 */
#define VMX_EPT_CAP_WB BITL(14)			/* write-back EPT structures */
#define VMX_EPT_CAP_2M BITL(16)			/* EPT PDEs may map 2 MiB */
#define VMX_EPT_CAP_INVEPT BITL(20)
#define VMX_EPT_CAP_INVEPT_SINGLE BITL(25)	/* single-context INVEPT */
#define VMX_EPT_CAP_INVEPT_ALL BITL(26)		/* all-context INVEPT */
#define VMX_VPID_CAP_INVVPID BITL(32)

/* Basic exit reasons: SDM Appendix C, Table C-1. */
#define VMX_EXIT_EXCEPTION_NMI 0
#define VMX_EXIT_EXTERNAL_INTERRUPT 1
#define VMX_EXIT_TRIPLE_FAULT 2
#define VMX_EXIT_INTERRUPT_WINDOW 7
#define VMX_EXIT_NMI_WINDOW 8
#define VMX_EXIT_CPUID 10
#define VMX_EXIT_HLT 12
#define VMX_EXIT_VMCALL 18
#define VMX_EXIT_VMCLEAR 19
#define VMX_EXIT_VMLAUNCH 20
#define VMX_EXIT_VMPTRLD 21
#define VMX_EXIT_VMPTRST 22
#define VMX_EXIT_VMREAD 23
#define VMX_EXIT_VMRESUME 24
#define VMX_EXIT_VMWRITE 25
#define VMX_EXIT_VMXOFF 26
#define VMX_EXIT_VMXON 27
#define VMX_EXIT_CR_ACCESS 28
#define VMX_EXIT_MOV_DR 29
#define VMX_EXIT_IO_INSTRUCTION 30
#define VMX_EXIT_RDMSR 31
#define VMX_EXIT_WRMSR 32
#define VMX_EXIT_INVALID_GUEST_STATE 33	/* VM-entry failure */
#define VMX_EXIT_MSR_LOADING 34		/* VM-entry failure */
#define VMX_EXIT_MONITOR_TRAP_FLAG 37
#define VMX_EXIT_MACHINE_CHECK 41	/* VM-entry failure */
#define VMX_EXIT_EPT_VIOLATION 48
#define VMX_EXIT_EPT_MISCONFIG 49
#define VMX_EXIT_INVEPT 50
#define VMX_EXIT_PREEMPTION_TIMER 52
#define VMX_EXIT_INVVPID 53
#define VMX_EXIT_XSETBV 55
#define VMX_EXIT_INVD 13
#define VMX_EXIT_WBINVD 54
#define VMX_EXIT_BUS_LOCK 74		/* trap-like: RIP is past the insn */

/* The exit-reason field: SDM 24.9.1, Table 24-14. */
#define VMX_EXIT_REASON_BASIC_MASK 0xffff	/* bits 15:0 */
#define VMX_EXIT_REASON_BUS_LOCK BIT(26)	/* a bus lock happened too */
#define VMX_EXIT_REASON_ENTRY_FAILURE BIT(31)	/* SDM 26.7 */

/* Exit qualification for I/O instructions: SDM 27.2.1, Table 27-5. */
#define VMX_IO_QUAL_SIZE_MASK 0x7	/* bits 2:0, bytes - 1 */
#define VMX_IO_QUAL_IN BIT(3)		/* 1 = IN, 0 = OUT */
#define VMX_IO_QUAL_STRING BIT(4)
#define VMX_IO_QUAL_REP BIT(5)
#define VMX_IO_QUAL_IMMEDIATE BIT(6)	/* port in the insn, not DX */
#define VMX_IO_QUAL_PORT_SHIFT 16	/* bits 31:16 */
#define VMX_IO_QUAL_PORT_MASK 0xffff

/*
 * Exit qualification for debug exceptions: SDM 27.2.1, Table 27-1.  Every
 * bit is set for its cause, the bus lock (bit 11) and RTM (bit 16) too,
 * although DR6 reports those two active-low (lib/dr6.h).
 */
#define VMX_DB_QUAL_B0 BIT(0)
#define VMX_DB_QUAL_B1 BIT(1)
#define VMX_DB_QUAL_B2 BIT(2)
#define VMX_DB_QUAL_B3 BIT(3)
#define VMX_DB_QUAL_BUS_LOCK BIT(11)	/* ISE "Bus Lock Detection" */
#define VMX_DB_QUAL_BD BIT(13)		/* debug-register access */
#define VMX_DB_QUAL_BS BIT(14)		/* single step */
#define VMX_DB_QUAL_RTM BIT(16)

/* Exit qualification for EPT violations: SDM 27.2.1, Table 27-7. */
#define VMX_EPT_QUAL_READ BIT(0)	/* the access: a data read */
#define VMX_EPT_QUAL_WRITE BIT(1)
#define VMX_EPT_QUAL_FETCH BIT(2)
/* What the EPT entries allowed: any of them means the page was mapped. */
#define VMX_EPT_QUAL_READABLE BIT(3)
#define VMX_EPT_QUAL_WRITABLE BIT(4)
#define VMX_EPT_QUAL_EXECUTABLE BIT(5)

/*
 * Interruption information, the VM-exit (SDM 24.9.2, Table 24-15), IDT-
 * vectoring (24.9.3, Table 24-16) and VM-entry (24.8.3, Table 24-13) ones.
 */
#define VMX_INTR_INFO_VECTOR_MASK 0xff	/* bits 7:0 */
#define VMX_INTR_TYPE_MASK (7 << 8)	/* bits 10:8, the type: */
#define VMX_INTR_TYPE_EXT_INTR (0 << 8)
#define VMX_INTR_TYPE_NMI (2 << 8)
#define VMX_INTR_TYPE_HW_EXCEPTION (3 << 8)
#define VMX_INTR_TYPE_SW_INTR (4 << 8)	/* INT n */
#define VMX_INTR_TYPE_PRIV_SW_EXCEPTION (5 << 8) /* INT1 */
#define VMX_INTR_TYPE_SW_EXCEPTION (6 << 8) /* INT3, INTO */
#define VMX_INTR_INFO_ERROR_CODE BIT(11)	/* an error code is valid */
#define VMX_INTR_INFO_VALID BIT(31)

#ifndef __ASSEMBLER__

/* Field encodings: SDM Appendix B; each group names its table. */
enum vmcs_field {
	/* 16-bit control, Table B-1. */
	VMCS_VIRTUAL_PROCESSOR_ID = 0x0000,
	/* 16-bit guest state, Table B-2. */
	VMCS_GUEST_ES_SELECTOR = 0x0800,
	VMCS_GUEST_CS_SELECTOR = 0x0802,
	VMCS_GUEST_SS_SELECTOR = 0x0804,
	VMCS_GUEST_DS_SELECTOR = 0x0806,
	VMCS_GUEST_FS_SELECTOR = 0x0808,
	VMCS_GUEST_GS_SELECTOR = 0x080a,
	VMCS_GUEST_LDTR_SELECTOR = 0x080c,
	VMCS_GUEST_TR_SELECTOR = 0x080e,
	/* 16-bit host state, Table B-3. */
	VMCS_HOST_ES_SELECTOR = 0x0c00,
	VMCS_HOST_CS_SELECTOR = 0x0c02,
	VMCS_HOST_SS_SELECTOR = 0x0c04,
	VMCS_HOST_DS_SELECTOR = 0x0c06,
	VMCS_HOST_FS_SELECTOR = 0x0c08,
	VMCS_HOST_GS_SELECTOR = 0x0c0a,
	VMCS_HOST_TR_SELECTOR = 0x0c0c,
	/* 64-bit control, Table B-4 (full access; +1 is the high half). */
	VMCS_IO_BITMAP_A = 0x2000,
	VMCS_IO_BITMAP_B = 0x2002,
	VMCS_MSR_BITMAP = 0x2004,
	VMCS_VM_EXIT_MSR_STORE_ADDR = 0x2006,
	VMCS_VM_EXIT_MSR_LOAD_ADDR = 0x2008,
	VMCS_VM_ENTRY_MSR_LOAD_ADDR = 0x200a,
	VMCS_TSC_OFFSET = 0x2010,
	VMCS_EPT_POINTER = 0x201a,
	/* 64-bit read-only data, Table B-5. */
	VMCS_GUEST_PHYSICAL_ADDRESS = 0x2400,
	/* 64-bit guest state, Table B-6. */
	VMCS_VMCS_LINK_POINTER = 0x2800,
	VMCS_GUEST_IA32_DEBUGCTL = 0x2802,
	VMCS_GUEST_IA32_PAT = 0x2804,
	VMCS_GUEST_IA32_EFER = 0x2806,
	/* 64-bit host state, Table B-7. */
	VMCS_HOST_IA32_PAT = 0x2c00,
	VMCS_HOST_IA32_EFER = 0x2c02,
	/* 32-bit control, Table B-8. */
	VMCS_PIN_BASED_VM_EXEC_CONTROL = 0x4000,
	VMCS_CPU_BASED_VM_EXEC_CONTROL = 0x4002,
	VMCS_EXCEPTION_BITMAP = 0x4004,
	VMCS_PAGE_FAULT_ERROR_CODE_MASK = 0x4006,
	VMCS_PAGE_FAULT_ERROR_CODE_MATCH = 0x4008,
	VMCS_CR3_TARGET_COUNT = 0x400a,
	VMCS_VM_EXIT_CONTROLS = 0x400c,
	VMCS_VM_EXIT_MSR_STORE_COUNT = 0x400e,
	VMCS_VM_EXIT_MSR_LOAD_COUNT = 0x4010,
	VMCS_VM_ENTRY_CONTROLS = 0x4012,
	VMCS_VM_ENTRY_MSR_LOAD_COUNT = 0x4014,
	VMCS_VM_ENTRY_INTR_INFO_FIELD = 0x4016,
	VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE = 0x4018,
	VMCS_VM_ENTRY_INSTRUCTION_LEN = 0x401a,
	VMCS_SECONDARY_VM_EXEC_CONTROL = 0x401e,
	/* 32-bit read-only data, Table B-9. */
	VMCS_VM_INSTRUCTION_ERROR = 0x4400,
	VMCS_VM_EXIT_REASON = 0x4402,
	VMCS_VM_EXIT_INTR_INFO = 0x4404,
	VMCS_VM_EXIT_INTR_ERROR_CODE = 0x4406,
	VMCS_IDT_VECTORING_INFO_FIELD = 0x4408,
	VMCS_IDT_VECTORING_ERROR_CODE = 0x440a,
	VMCS_VM_EXIT_INSTRUCTION_LEN = 0x440c,
	VMCS_VMX_INSTRUCTION_INFO = 0x440e,
	/* 32-bit guest state, Table B-10. */
	VMCS_GUEST_ES_LIMIT = 0x4800,
	VMCS_GUEST_CS_LIMIT = 0x4802,
	VMCS_GUEST_SS_LIMIT = 0x4804,
	VMCS_GUEST_DS_LIMIT = 0x4806,
	VMCS_GUEST_FS_LIMIT = 0x4808,
	VMCS_GUEST_GS_LIMIT = 0x480a,
	VMCS_GUEST_LDTR_LIMIT = 0x480c,
	VMCS_GUEST_TR_LIMIT = 0x480e,
	VMCS_GUEST_GDTR_LIMIT = 0x4810,
	VMCS_GUEST_IDTR_LIMIT = 0x4812,
	VMCS_GUEST_ES_AR_BYTES = 0x4814,
	VMCS_GUEST_CS_AR_BYTES = 0x4816,
	VMCS_GUEST_SS_AR_BYTES = 0x4818,
	VMCS_GUEST_DS_AR_BYTES = 0x481a,
	VMCS_GUEST_FS_AR_BYTES = 0x481c,
	VMCS_GUEST_GS_AR_BYTES = 0x481e,
	VMCS_GUEST_LDTR_AR_BYTES = 0x4820,
	VMCS_GUEST_TR_AR_BYTES = 0x4822,
	VMCS_GUEST_INTERRUPTIBILITY_INFO = 0x4824,
	VMCS_GUEST_ACTIVITY_STATE = 0x4826,
	VMCS_GUEST_IA32_SYSENTER_CS = 0x482a,
	VMCS_VMX_PREEMPTION_TIMER_VALUE = 0x482e,
	/* 32-bit host state, Table B-11. */
	VMCS_HOST_IA32_SYSENTER_CS = 0x4c00,
	/* Natural-width control, Table B-12. */
	VMCS_CR0_GUEST_HOST_MASK = 0x6000,
	VMCS_CR4_GUEST_HOST_MASK = 0x6002,
	VMCS_CR0_READ_SHADOW = 0x6004,
	VMCS_CR4_READ_SHADOW = 0x6006,
	/* Natural-width read-only data, Table B-13. */
	VMCS_EXIT_QUALIFICATION = 0x6400,
	VMCS_GUEST_LINEAR_ADDRESS = 0x640a,
	/* Natural-width guest state, Table B-14. */
	VMCS_GUEST_CR0 = 0x6800,
	VMCS_GUEST_CR3 = 0x6802,
	VMCS_GUEST_CR4 = 0x6804,
	VMCS_GUEST_ES_BASE = 0x6806,
	VMCS_GUEST_CS_BASE = 0x6808,
	VMCS_GUEST_SS_BASE = 0x680a,
	VMCS_GUEST_DS_BASE = 0x680c,
	VMCS_GUEST_FS_BASE = 0x680e,
	VMCS_GUEST_GS_BASE = 0x6810,
	VMCS_GUEST_LDTR_BASE = 0x6812,
	VMCS_GUEST_TR_BASE = 0x6814,
	VMCS_GUEST_GDTR_BASE = 0x6816,
	VMCS_GUEST_IDTR_BASE = 0x6818,
	VMCS_GUEST_DR7 = 0x681a,
	VMCS_GUEST_RSP = 0x681c,
	VMCS_GUEST_RIP = 0x681e,
	VMCS_GUEST_RFLAGS = 0x6820,
	VMCS_GUEST_PENDING_DBG_EXCEPTIONS = 0x6822,
	VMCS_GUEST_IA32_SYSENTER_ESP = 0x6824,
	VMCS_GUEST_IA32_SYSENTER_EIP = 0x6826,
	/* Natural-width host state, Table B-15. */
	VMCS_HOST_CR0 = 0x6c00,
	VMCS_HOST_CR3 = 0x6c02,
	VMCS_HOST_CR4 = 0x6c04,
	VMCS_HOST_FS_BASE = 0x6c06,
	VMCS_HOST_GS_BASE = 0x6c08,
	VMCS_HOST_TR_BASE = 0x6c0a,
	VMCS_HOST_GDTR_BASE = 0x6c0c,
	VMCS_HOST_IDTR_BASE = 0x6c0e,
	VMCS_HOST_IA32_SYSENTER_ESP = 0x6c10,
	VMCS_HOST_IA32_SYSENTER_EIP = 0x6c12,
	VMCS_HOST_RSP = 0x6c14,
	VMCS_HOST_RIP = 0x6c16,
};

/* The width of @f, one of VMCS_WIDTH_*: SDM 24.11.2. */
static inline unsigned int vmcs_field_width(enum vmcs_field f)
{
	return ((unsigned int)f >> VMCS_ENC_WIDTH_SHIFT) & VMCS_ENC_WIDTH_MASK;
}

/* The type of @f, one of VMCS_TYPE_*: SDM 24.11.2. */
static inline unsigned int vmcs_field_type(enum vmcs_field f)
{
	return ((unsigned int)f >> VMCS_ENC_TYPE_SHIFT) & VMCS_ENC_TYPE_MASK;
}

#endif /* __ASSEMBLER__ */

#endif
