/* SPDX-License-Identifier: MIT */
/*
 * The AMD Virtual Machine Control Block: one 4 KiB page holding the control
 * area (what to intercept, how the exit went) at offset 0 and the guest's
 * state save area at offset 0x400.  Layouts: AMD APM Vol. 2 Appendix B,
 * Table B-1 (control area) and Table B-2 (state save area); the offsets
 * also agree with Linux's arch/x86/include/asm/svm.h.  Every named field's
 * offset is proven with _Static_assert at the end of this file.
 *
 * The constants are plain numbers so that assembly may include this file;
 * the structures are C only.
 */
#ifndef TG_SVM_VMCB_H
#define TG_SVM_VMCB_H

#include "arch/x86/bits.h"

#define VMCB_SIZE 4096
#define VMCB_CONTROL_SIZE 0x400
#define VMCB_SAVE_OFFSET 0x400

/* Intercept word "misc1", control area 0x00C: APM 15.9, Table B-1. */
#define SVM_INTERCEPT_INTR BIT(0)
#define SVM_INTERCEPT_NMI BIT(1)
#define SVM_INTERCEPT_SMI BIT(2)
#define SVM_INTERCEPT_INIT BIT(3)
#define SVM_INTERCEPT_VINTR BIT(4)
#define SVM_INTERCEPT_CR0_SEL BIT(5)	/* CR0 writes other than TS/MP */
#define SVM_INTERCEPT_RDTSC BIT(14)
#define SVM_INTERCEPT_PUSHF BIT(16)
#define SVM_INTERCEPT_POPF BIT(17)
#define SVM_INTERCEPT_CPUID BIT(18)
#define SVM_INTERCEPT_IRET BIT(20)
#define SVM_INTERCEPT_INTN BIT(21)
#define SVM_INTERCEPT_INVD BIT(22)
#define SVM_INTERCEPT_PAUSE BIT(23)
#define SVM_INTERCEPT_HLT BIT(24)
#define SVM_INTERCEPT_INVLPGA BIT(26)
#define SVM_INTERCEPT_IOIO_PROT BIT(27)	/* consult the IOPM: APM 15.10 */
#define SVM_INTERCEPT_MSR_PROT BIT(28)	/* consult the MSRPM: APM 15.11 */
#define SVM_INTERCEPT_TASK_SWITCH BIT(29)
#define SVM_INTERCEPT_SHUTDOWN BIT(31)

/* Intercept word "misc2", control area 0x010: APM 15.9, Table B-1. */
#define SVM_INTERCEPT_VMRUN BIT(0)	/* required by VMRUN: APM 15.5.1 */
#define SVM_INTERCEPT_VMMCALL BIT(1)
#define SVM_INTERCEPT_VMLOAD BIT(2)
#define SVM_INTERCEPT_VMSAVE BIT(3)
#define SVM_INTERCEPT_STGI BIT(4)
#define SVM_INTERCEPT_CLGI BIT(5)
#define SVM_INTERCEPT_SKINIT BIT(6)
#define SVM_INTERCEPT_RDTSCP BIT(7)
#define SVM_INTERCEPT_ICEBP BIT(8)
#define SVM_INTERCEPT_WBINVD BIT(9)
#define SVM_INTERCEPT_MONITOR BIT(10)
#define SVM_INTERCEPT_MWAIT BIT(11)
#define SVM_INTERCEPT_XSETBV BIT(13)

/* Intercept word "misc3", control area 0x014: Table B-1, APM 15.14.5. */
#define SVM_INTERCEPT_BUS_LOCK BIT(5)

/* Exit codes, the EXITCODE field at 0x070: APM Appendix C, Table C-1. */
#define SVM_EXIT_EXCP_BASE 0x40		/* + vector: exception intercepts */
#define SVM_EXIT_INTR 0x60
#define SVM_EXIT_NMI 0x61
#define SVM_EXIT_SMI 0x62
#define SVM_EXIT_INIT 0x63
#define SVM_EXIT_VINTR 0x64
#define SVM_EXIT_PUSHF 0x70
#define SVM_EXIT_POPF 0x71
#define SVM_EXIT_CPUID 0x72
#define SVM_EXIT_IRET 0x74
#define SVM_EXIT_INTN 0x75
#define SVM_EXIT_INVD 0x76
#define SVM_EXIT_PAUSE 0x77
#define SVM_EXIT_HLT 0x78
#define SVM_EXIT_INVLPGA 0x7a
#define SVM_EXIT_IOIO 0x7b
#define SVM_EXIT_MSR 0x7c
#define SVM_EXIT_TASK_SWITCH 0x7d
#define SVM_EXIT_SHUTDOWN 0x7f
#define SVM_EXIT_VMRUN 0x80
#define SVM_EXIT_VMMCALL 0x81
#define SVM_EXIT_VMLOAD 0x82
#define SVM_EXIT_VMSAVE 0x83
#define SVM_EXIT_STGI 0x84
#define SVM_EXIT_CLGI 0x85
#define SVM_EXIT_SKINIT 0x86
#define SVM_EXIT_RDTSCP 0x87
#define SVM_EXIT_WBINVD 0x89
#define SVM_EXIT_XSETBV 0x8d
#define SVM_EXIT_ICEBP 0x88
#define SVM_EXIT_WBINVD 0x89
#define SVM_EXIT_MONITOR 0x8a
#define SVM_EXIT_MWAIT 0x8b
#define SVM_EXIT_XSETBV 0x8d
/* Bus Lock Threshold: fault-like, RIP at the instruction (APM 15.14.5). */
#define SVM_EXIT_BUSLOCK 0xa5
#define SVM_EXIT_NPF 0x400

/* IOIO intercept EXITINFO1: APM 15.10.2, Figure 15-2. */
#define SVM_IOIO_TYPE_IN BIT(0)		/* 1 = IN, 0 = OUT */
#define SVM_IOIO_STR BIT(2)
#define SVM_IOIO_REP BIT(3)
#define SVM_IOIO_SZ8 BIT(4)
#define SVM_IOIO_SZ16 BIT(5)
#define SVM_IOIO_SZ32 BIT(6)
#define SVM_IOIO_PORT_SHIFT 16		/* port number in bits 31:16 */
#define SVM_IOIO_PORT_MASK 0xffff

/* Nested page fault EXITINFO1, a #PF-style error code: APM 15.25.6. */
#define SVM_NPF_P BIT(0)		/* the page was present */
#define SVM_NPF_RW BIT(1)		/* a write */
#define SVM_NPF_US BIT(2)		/* a user-mode access */
#define SVM_NPF_RSV BIT(3)		/* a reserved bit was set */
#define SVM_NPF_ID BIT(4)		/* an instruction fetch */

/* EVENTINJ (0x0A8) and EXITINTINFO (0x088): APM 15.20, 15.7.2. */
#define SVM_EVTINJ_VECTOR_MASK 0xff	/* bits 7:0 */
#define SVM_EVTINJ_TYPE_SHIFT 8		/* bits 10:8 */
#define SVM_EVTINJ_TYPE_MASK (7 << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_INTR (0 << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_NMI (2 << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_EXCEPTION (3 << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_SOFT (4 << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_EV BIT(11)		/* push the error code */
#define SVM_EVTINJ_V BIT(31)		/* valid */
#define SVM_EVTINJ_ERRORCODE_SHIFT 32	/* bits 63:32 */

/* NP_ENABLE (0x090) bit 0: APM 15.25.3. */
#define SVM_NP_ENABLE BIT(0)

/* TLB_CONTROL (0x05C): APM 15.16.1. */
#define SVM_TLB_CONTROL_DO_NOTHING 0x00
#define SVM_TLB_CONTROL_FLUSH_ALL 0x01		/* every ASID */
#define SVM_TLB_CONTROL_FLUSH_ASID 0x03		/* this guest's ASID */
#define SVM_TLB_CONTROL_FLUSH_ASID_LOCAL 0x07	/* ... except global pages */

/* The virtual interrupt field at 0x060: APM 15.21.1, Table B-1. */
#define SVM_V_INTR_MASKING BIT(24)

/* LBR virtualization enable, bit 0 of 0x0B8: APM 15.23. */
#define SVM_LBR_VIRT_ENABLE BIT(0)

/* V_IRQ: a virtual interrupt is pending (bit 8); its priority and TPR. */
#define SVM_V_IRQ BIT(8)
#define SVM_V_INTR_PRIO_SHIFT 16	/* bits 19:16 */
#define SVM_V_IGN_TPR BIT(20)

/* Interrupt shadow field at 0x068: Table B-1. */
#define SVM_INTERRUPT_SHADOW BIT(0)

/* VMCB segment attributes, a packed descriptor: APM 15.5.2. */
#define SVM_SEG_TYPE_MASK 0xf		/* bits 3:0 */
#define SVM_SEG_S BIT(4)		/* code or data, not system */
#define SVM_SEG_DPL_SHIFT 5		/* bits 6:5 */
#define SVM_SEG_DPL_MASK (3 << SVM_SEG_DPL_SHIFT)
#define SVM_SEG_P BIT(7)
#define SVM_SEG_AVL BIT(8)
#define SVM_SEG_L BIT(9)
#define SVM_SEG_DB BIT(10)
#define SVM_SEG_G BIT(11)

/* SVM MSRs: APM 15.30.1 (VM_CR), 15.30.4 (VM_HSAVE_PA). */
#define MSR_VM_CR 0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117
/* EFER.SVME is bit 12 (APM 15.4): EFER_SVME in arch/x86/bits.h. */

/* CPUID Fn8000_000A_EDX, SVM features: APM Vol. 3 Appendix E. */
#define CPUID_SVM_FEATURES 0x8000000a
#define CPUID_SVM_EDX_NP BIT(0)
#define CPUID_SVM_EDX_LBRVIRT BIT(1)
#define CPUID_SVM_EDX_SVML BIT(2)
#define CPUID_SVM_EDX_NRIPS BIT(3)
#define CPUID_SVM_EDX_BUS_LOCK_THRESHOLD BIT(29)	/* APM 15.14.5 */

#ifndef __ASSEMBLER__

#include <stddef.h>
#include <stdint.h>

/* The exit code VMRUN writes when the VMCB's guest state is invalid. */
#define SVM_EXIT_INVALID ((uint64_t)-1)

/*
 * Packed, so the compiler adds no padding of its own; aligned, because every
 * field does sit at a multiple of its size (the offsets are proven below),
 * so pointers to fields are safe to take.  VMRUN wants the VMCB on a page
 * boundary: APM 15.5.1.
 */
#define VMCB_PACKED __attribute__((packed, aligned(8)))

/* A segment register as the VMCB keeps it: APM 15.5.2, Table B-2. */
struct vmcb_seg {
	uint16_t selector;
	uint16_t attrib;	/* SVM_SEG_* */
	uint32_t limit;
	uint64_t base;
} VMCB_PACKED;

/* The control area, VMCB offsets 0x000-0x3FF: Table B-1. */
struct vmcb_control {
	uint16_t cr_read;		/* 0x000: bit n = CRn */
	uint16_t cr_write;		/* 0x002 */
	uint16_t dr_read;		/* 0x004 */
	uint16_t dr_write;		/* 0x006 */
	uint32_t exceptions;		/* 0x008: bit n = vector n */
	uint32_t misc1;			/* 0x00C: SVM_INTERCEPT_* */
	uint32_t misc2;			/* 0x010 */
	uint32_t misc3;			/* 0x014 */
	uint8_t reserved_018[0x03c - 0x018];
	uint16_t pause_filter_thresh;	/* 0x03C: APM 15.14.4 */
	uint16_t pause_filter_count;	/* 0x03E */
	uint64_t iopm_base_pa;		/* 0x040 */
	uint64_t msrpm_base_pa;		/* 0x048 */
	uint64_t tsc_offset;		/* 0x050 */
	uint32_t asid;			/* 0x058 */
	uint8_t tlb_control;		/* 0x05C: SVM_TLB_CONTROL_* */
	uint8_t reserved_05d[3];
	uint32_t v_intr;		/* 0x060: V_TPR, V_IRQ, masking */
	uint32_t v_intr_vector;		/* 0x064 */
	uint64_t int_shadow;		/* 0x068: SVM_INTERRUPT_SHADOW */
	uint64_t exitcode;		/* 0x070: SVM_EXIT_* */
	uint64_t exitinfo1;		/* 0x078 */
	uint64_t exitinfo2;		/* 0x080 */
	uint64_t exitintinfo;		/* 0x088 */
	uint64_t np_enable;		/* 0x090: SVM_NP_ENABLE */
	uint64_t avic_apic_bar;		/* 0x098: APM 15.29 */
	uint64_t ghcb_pa;		/* 0x0A0 */
	uint64_t eventinj;		/* 0x0A8: SVM_EVTINJ_* */
	uint64_t n_cr3;			/* 0x0B0: nested page table root */
	uint64_t lbr_virt;		/* 0x0B8: SVM_LBR_VIRT_ENABLE */
	uint32_t vmcb_clean;		/* 0x0C0: APM 15.15 */
	uint32_t reserved_0c4;
	uint64_t nrip;			/* 0x0C8: next RIP, if NRIPS */
	uint8_t insn_len;		/* 0x0D0: instruction bytes fetched */
	uint8_t insn_bytes[15];		/* 0x0D1 */
	uint8_t reserved_0e0[0x120 - 0x0e0];
	uint16_t bus_lock_counter;	/* 0x120: APM 15.14.5 */
	uint8_t reserved_122[0x400 - 0x122];
} VMCB_PACKED;

/* The state save area, VMCB offsets 0x400-0x6E7 (here from 0): Table B-2. */
struct vmcb_save {
	struct vmcb_seg es;		/* 0x000 */
	struct vmcb_seg cs;		/* 0x010 */
	struct vmcb_seg ss;		/* 0x020 */
	struct vmcb_seg ds;		/* 0x030 */
	struct vmcb_seg fs;		/* 0x040 */
	struct vmcb_seg gs;		/* 0x050 */
	struct vmcb_seg gdtr;		/* 0x060 */
	struct vmcb_seg ldtr;		/* 0x070 */
	struct vmcb_seg idtr;		/* 0x080 */
	struct vmcb_seg tr;		/* 0x090 */
	uint8_t reserved_0a0[0x0cb - 0x0a0];
	uint8_t cpl;			/* 0x0CB */
	uint8_t reserved_0cc[4];
	uint64_t efer;			/* 0x0D0 */
	uint8_t reserved_0d8[0x148 - 0x0d8];
	uint64_t cr4;			/* 0x148 */
	uint64_t cr3;			/* 0x150 */
	uint64_t cr0;			/* 0x158 */
	uint64_t dr7;			/* 0x160 */
	uint64_t dr6;			/* 0x168 */
	uint64_t rflags;		/* 0x170 */
	uint64_t rip;			/* 0x178 */
	uint8_t reserved_180[0x1d8 - 0x180];
	uint64_t rsp;			/* 0x1D8 */
	uint8_t reserved_1e0[0x1f8 - 0x1e0];
	uint64_t rax;			/* 0x1F8 */
	uint64_t star;			/* 0x200 */
	uint64_t lstar;			/* 0x208 */
	uint64_t cstar;			/* 0x210 */
	uint64_t sfmask;		/* 0x218 */
	uint64_t kernel_gs_base;	/* 0x220 */
	uint64_t sysenter_cs;		/* 0x228 */
	uint64_t sysenter_esp;		/* 0x230 */
	uint64_t sysenter_eip;		/* 0x238 */
	uint64_t cr2;			/* 0x240 */
	uint8_t reserved_248[0x268 - 0x248];
	uint64_t g_pat;			/* 0x268: guest PAT (nested paging) */
	uint64_t dbgctl;		/* 0x270: with LBR virtualization */
	uint64_t br_from;		/* 0x278 */
	uint64_t br_to;			/* 0x280 */
	uint64_t lastexcpfrom;		/* 0x288 */
	uint64_t lastexcpto;		/* 0x290 */
	uint8_t reserved_298[0x2e0 - 0x298];
	uint64_t spec_ctrl;		/* 0x2E0 */
} VMCB_PACKED;

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
	uint8_t reserved_6e8[VMCB_SIZE - VMCB_SAVE_OFFSET -
			     sizeof(struct vmcb_save)];
} __attribute__((packed, aligned(VMCB_SIZE)));

#define VMCB_CHECK(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), \
		       #type "." #field " is not at " #off)

VMCB_CHECK(vmcb_seg, selector, 0x0);
VMCB_CHECK(vmcb_seg, attrib, 0x2);
VMCB_CHECK(vmcb_seg, limit, 0x4);
VMCB_CHECK(vmcb_seg, base, 0x8);
_Static_assert(sizeof(struct vmcb_seg) == 16, "vmcb_seg is 16 bytes");

VMCB_CHECK(vmcb_control, cr_read, 0x000);
VMCB_CHECK(vmcb_control, cr_write, 0x002);
VMCB_CHECK(vmcb_control, dr_read, 0x004);
VMCB_CHECK(vmcb_control, dr_write, 0x006);
VMCB_CHECK(vmcb_control, exceptions, 0x008);
VMCB_CHECK(vmcb_control, misc1, 0x00c);
VMCB_CHECK(vmcb_control, misc2, 0x010);
VMCB_CHECK(vmcb_control, misc3, 0x014);
VMCB_CHECK(vmcb_control, pause_filter_thresh, 0x03c);
VMCB_CHECK(vmcb_control, pause_filter_count, 0x03e);
VMCB_CHECK(vmcb_control, iopm_base_pa, 0x040);
VMCB_CHECK(vmcb_control, msrpm_base_pa, 0x048);
VMCB_CHECK(vmcb_control, tsc_offset, 0x050);
VMCB_CHECK(vmcb_control, asid, 0x058);
VMCB_CHECK(vmcb_control, tlb_control, 0x05c);
VMCB_CHECK(vmcb_control, v_intr, 0x060);
VMCB_CHECK(vmcb_control, v_intr_vector, 0x064);
VMCB_CHECK(vmcb_control, int_shadow, 0x068);
VMCB_CHECK(vmcb_control, exitcode, 0x070);
VMCB_CHECK(vmcb_control, exitinfo1, 0x078);
VMCB_CHECK(vmcb_control, exitinfo2, 0x080);
VMCB_CHECK(vmcb_control, exitintinfo, 0x088);
VMCB_CHECK(vmcb_control, np_enable, 0x090);
VMCB_CHECK(vmcb_control, avic_apic_bar, 0x098);
VMCB_CHECK(vmcb_control, ghcb_pa, 0x0a0);
VMCB_CHECK(vmcb_control, eventinj, 0x0a8);
VMCB_CHECK(vmcb_control, n_cr3, 0x0b0);
VMCB_CHECK(vmcb_control, lbr_virt, 0x0b8);
VMCB_CHECK(vmcb_control, vmcb_clean, 0x0c0);
VMCB_CHECK(vmcb_control, nrip, 0x0c8);
VMCB_CHECK(vmcb_control, insn_len, 0x0d0);
VMCB_CHECK(vmcb_control, insn_bytes, 0x0d1);
VMCB_CHECK(vmcb_control, bus_lock_counter, 0x120);
_Static_assert(sizeof(struct vmcb_control) == VMCB_CONTROL_SIZE,
	       "the control area is 1024 bytes");

VMCB_CHECK(vmcb_save, es, 0x000);
VMCB_CHECK(vmcb_save, cs, 0x010);
VMCB_CHECK(vmcb_save, ss, 0x020);
VMCB_CHECK(vmcb_save, ds, 0x030);
VMCB_CHECK(vmcb_save, fs, 0x040);
VMCB_CHECK(vmcb_save, gs, 0x050);
VMCB_CHECK(vmcb_save, gdtr, 0x060);
VMCB_CHECK(vmcb_save, ldtr, 0x070);
VMCB_CHECK(vmcb_save, idtr, 0x080);
VMCB_CHECK(vmcb_save, tr, 0x090);
VMCB_CHECK(vmcb_save, cpl, 0x0cb);
VMCB_CHECK(vmcb_save, efer, 0x0d0);
VMCB_CHECK(vmcb_save, cr4, 0x148);
VMCB_CHECK(vmcb_save, cr3, 0x150);
VMCB_CHECK(vmcb_save, cr0, 0x158);
VMCB_CHECK(vmcb_save, dr7, 0x160);
VMCB_CHECK(vmcb_save, dr6, 0x168);
VMCB_CHECK(vmcb_save, rflags, 0x170);
VMCB_CHECK(vmcb_save, rip, 0x178);
VMCB_CHECK(vmcb_save, rsp, 0x1d8);
VMCB_CHECK(vmcb_save, rax, 0x1f8);
VMCB_CHECK(vmcb_save, star, 0x200);
VMCB_CHECK(vmcb_save, lstar, 0x208);
VMCB_CHECK(vmcb_save, cstar, 0x210);
VMCB_CHECK(vmcb_save, sfmask, 0x218);
VMCB_CHECK(vmcb_save, kernel_gs_base, 0x220);
VMCB_CHECK(vmcb_save, sysenter_cs, 0x228);
VMCB_CHECK(vmcb_save, sysenter_esp, 0x230);
VMCB_CHECK(vmcb_save, sysenter_eip, 0x238);
VMCB_CHECK(vmcb_save, cr2, 0x240);
VMCB_CHECK(vmcb_save, g_pat, 0x268);
VMCB_CHECK(vmcb_save, dbgctl, 0x270);
VMCB_CHECK(vmcb_save, br_from, 0x278);
VMCB_CHECK(vmcb_save, br_to, 0x280);
VMCB_CHECK(vmcb_save, lastexcpfrom, 0x288);
VMCB_CHECK(vmcb_save, lastexcpto, 0x290);
VMCB_CHECK(vmcb_save, spec_ctrl, 0x2e0);
_Static_assert(sizeof(struct vmcb_save) == 0x2e8,
	       "the state save area is 744 bytes (Linux agrees)");

VMCB_CHECK(vmcb, control, 0x000);
VMCB_CHECK(vmcb, save, VMCB_SAVE_OFFSET);
_Static_assert(sizeof(struct vmcb) == VMCB_SIZE, "the VMCB is one page");
_Static_assert(_Alignof(struct vmcb) == VMCB_SIZE, "and page aligned");

#undef VMCB_CHECK
#undef VMCB_PACKED

#endif /* !__ASSEMBLER__ */

#endif
