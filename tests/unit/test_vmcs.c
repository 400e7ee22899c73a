/* SPDX-License-Identifier: MIT */
/*
 * The VMCS field encodings of vmx/vmcs.h against the numbers of SDM Vol. 3D
 * Appendix B, copied here table by table, and each encoding's structure
 * (SDM 24.11.2): bits 14:13 the width and 11:10 the type its table says,
 * bit 0 clear (full access), bits 12 and 31:15 clear.  Then the control
 * bits, capability MSRs, exit reasons and qualification bits, each against
 * the number in its SDM table.
 * Build: make build/host/test_vmcs
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmx/vmcs.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct field_case {
	const char *name;
	enum vmcs_field field;
	uint32_t sdm;		/* the encoding in the SDM's table */
};

#define F(f, n) { #f, f, n }

/* 16-bit control, Table B-1. */
static const struct field_case table_b1[] = {
	F(VMCS_VIRTUAL_PROCESSOR_ID, 0x0000),
};

/* 16-bit guest state, Table B-2. */
static const struct field_case table_b2[] = {
	F(VMCS_GUEST_ES_SELECTOR, 0x0800),
	F(VMCS_GUEST_CS_SELECTOR, 0x0802),
	F(VMCS_GUEST_SS_SELECTOR, 0x0804),
	F(VMCS_GUEST_DS_SELECTOR, 0x0806),
	F(VMCS_GUEST_FS_SELECTOR, 0x0808),
	F(VMCS_GUEST_GS_SELECTOR, 0x080a),
	F(VMCS_GUEST_LDTR_SELECTOR, 0x080c),
	F(VMCS_GUEST_TR_SELECTOR, 0x080e),
};

/* 16-bit host state, Table B-3. */
static const struct field_case table_b3[] = {
	F(VMCS_HOST_ES_SELECTOR, 0x0c00),
	F(VMCS_HOST_CS_SELECTOR, 0x0c02),
	F(VMCS_HOST_SS_SELECTOR, 0x0c04),
	F(VMCS_HOST_DS_SELECTOR, 0x0c06),
	F(VMCS_HOST_FS_SELECTOR, 0x0c08),
	F(VMCS_HOST_GS_SELECTOR, 0x0c0a),
	F(VMCS_HOST_TR_SELECTOR, 0x0c0c),
};

/* 64-bit control, Table B-4. */
static const struct field_case table_b4[] = {
	F(VMCS_IO_BITMAP_A, 0x2000),
	F(VMCS_IO_BITMAP_B, 0x2002),
	F(VMCS_MSR_BITMAP, 0x2004),
	F(VMCS_VM_EXIT_MSR_STORE_ADDR, 0x2006),
	F(VMCS_VM_EXIT_MSR_LOAD_ADDR, 0x2008),
	F(VMCS_VM_ENTRY_MSR_LOAD_ADDR, 0x200a),
	F(VMCS_TSC_OFFSET, 0x2010),
	F(VMCS_EPT_POINTER, 0x201a),
};

/* 64-bit read-only data, Table B-5. */
static const struct field_case table_b5[] = {
	F(VMCS_GUEST_PHYSICAL_ADDRESS, 0x2400),
};

/* 64-bit guest state, Table B-6. */
static const struct field_case table_b6[] = {
	F(VMCS_VMCS_LINK_POINTER, 0x2800),
	F(VMCS_GUEST_IA32_DEBUGCTL, 0x2802),
	F(VMCS_GUEST_IA32_PAT, 0x2804),
	F(VMCS_GUEST_IA32_EFER, 0x2806),
};

/* 64-bit host state, Table B-7. */
static const struct field_case table_b7[] = {
	F(VMCS_HOST_IA32_PAT, 0x2c00),
	F(VMCS_HOST_IA32_EFER, 0x2c02),
};

/* 32-bit control, Table B-8. */
static const struct field_case table_b8[] = {
	F(VMCS_PIN_BASED_VM_EXEC_CONTROL, 0x4000),
	F(VMCS_CPU_BASED_VM_EXEC_CONTROL, 0x4002),
	F(VMCS_EXCEPTION_BITMAP, 0x4004),
	F(VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0x4006),
	F(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0x4008),
	F(VMCS_CR3_TARGET_COUNT, 0x400a),
	F(VMCS_VM_EXIT_CONTROLS, 0x400c),
	F(VMCS_VM_EXIT_MSR_STORE_COUNT, 0x400e),
	F(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0x4010),
	F(VMCS_VM_ENTRY_CONTROLS, 0x4012),
	F(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0x4014),
	F(VMCS_VM_ENTRY_INTR_INFO_FIELD, 0x4016),
	F(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018),
	F(VMCS_VM_ENTRY_INSTRUCTION_LEN, 0x401a),
	F(VMCS_SECONDARY_VM_EXEC_CONTROL, 0x401e),
};

/* 32-bit read-only data, Table B-9. */
static const struct field_case table_b9[] = {
	F(VMCS_VM_INSTRUCTION_ERROR, 0x4400),
	F(VMCS_VM_EXIT_REASON, 0x4402),
	F(VMCS_VM_EXIT_INTR_INFO, 0x4404),
	F(VMCS_VM_EXIT_INTR_ERROR_CODE, 0x4406),
	F(VMCS_IDT_VECTORING_INFO_FIELD, 0x4408),
	F(VMCS_IDT_VECTORING_ERROR_CODE, 0x440a),
	F(VMCS_VM_EXIT_INSTRUCTION_LEN, 0x440c),
	F(VMCS_VMX_INSTRUCTION_INFO, 0x440e),
};

/* 32-bit guest state, Table B-10. */
static const struct field_case table_b10[] = {
	F(VMCS_GUEST_ES_LIMIT, 0x4800),
	F(VMCS_GUEST_CS_LIMIT, 0x4802),
	F(VMCS_GUEST_SS_LIMIT, 0x4804),
	F(VMCS_GUEST_DS_LIMIT, 0x4806),
	F(VMCS_GUEST_FS_LIMIT, 0x4808),
	F(VMCS_GUEST_GS_LIMIT, 0x480a),
	F(VMCS_GUEST_LDTR_LIMIT, 0x480c),
	F(VMCS_GUEST_TR_LIMIT, 0x480e),
	F(VMCS_GUEST_GDTR_LIMIT, 0x4810),
	F(VMCS_GUEST_IDTR_LIMIT, 0x4812),
	F(VMCS_GUEST_ES_AR_BYTES, 0x4814),
	F(VMCS_GUEST_CS_AR_BYTES, 0x4816),
	F(VMCS_GUEST_SS_AR_BYTES, 0x4818),
	F(VMCS_GUEST_DS_AR_BYTES, 0x481a),
	F(VMCS_GUEST_FS_AR_BYTES, 0x481c),
	F(VMCS_GUEST_GS_AR_BYTES, 0x481e),
	F(VMCS_GUEST_LDTR_AR_BYTES, 0x4820),
	F(VMCS_GUEST_TR_AR_BYTES, 0x4822),
	F(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0x4824),
	F(VMCS_GUEST_ACTIVITY_STATE, 0x4826),
	F(VMCS_GUEST_IA32_SYSENTER_CS, 0x482a),
	F(VMCS_VMX_PREEMPTION_TIMER_VALUE, 0x482e),
};

/* 32-bit host state, Table B-11. */
static const struct field_case table_b11[] = {
	F(VMCS_HOST_IA32_SYSENTER_CS, 0x4c00),
};

/* Natural-width control, Table B-12. */
static const struct field_case table_b12[] = {
	F(VMCS_CR0_GUEST_HOST_MASK, 0x6000),
	F(VMCS_CR4_GUEST_HOST_MASK, 0x6002),
	F(VMCS_CR0_READ_SHADOW, 0x6004),
	F(VMCS_CR4_READ_SHADOW, 0x6006),
};

/* Natural-width read-only data, Table B-13. */
static const struct field_case table_b13[] = {
	F(VMCS_EXIT_QUALIFICATION, 0x6400),
	F(VMCS_GUEST_LINEAR_ADDRESS, 0x640a),
};

/* Natural-width guest state, Table B-14. */
static const struct field_case table_b14[] = {
	F(VMCS_GUEST_CR0, 0x6800),
	F(VMCS_GUEST_CR3, 0x6802),
	F(VMCS_GUEST_CR4, 0x6804),
	F(VMCS_GUEST_ES_BASE, 0x6806),
	F(VMCS_GUEST_CS_BASE, 0x6808),
	F(VMCS_GUEST_SS_BASE, 0x680a),
	F(VMCS_GUEST_DS_BASE, 0x680c),
	F(VMCS_GUEST_FS_BASE, 0x680e),
	F(VMCS_GUEST_GS_BASE, 0x6810),
	F(VMCS_GUEST_LDTR_BASE, 0x6812),
	F(VMCS_GUEST_TR_BASE, 0x6814),
	F(VMCS_GUEST_GDTR_BASE, 0x6816),
	F(VMCS_GUEST_IDTR_BASE, 0x6818),
	F(VMCS_GUEST_DR7, 0x681a),
	F(VMCS_GUEST_RSP, 0x681c),
	F(VMCS_GUEST_RIP, 0x681e),
	F(VMCS_GUEST_RFLAGS, 0x6820),
	F(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0x6822),
	F(VMCS_GUEST_IA32_SYSENTER_ESP, 0x6824),
	F(VMCS_GUEST_IA32_SYSENTER_EIP, 0x6826),
};

/* Natural-width host state, Table B-15. */
static const struct field_case table_b15[] = {
	F(VMCS_HOST_CR0, 0x6c00),
	F(VMCS_HOST_CR3, 0x6c02),
	F(VMCS_HOST_CR4, 0x6c04),
	F(VMCS_HOST_FS_BASE, 0x6c06),
	F(VMCS_HOST_GS_BASE, 0x6c08),
	F(VMCS_HOST_TR_BASE, 0x6c0a),
	F(VMCS_HOST_GDTR_BASE, 0x6c0c),
	F(VMCS_HOST_IDTR_BASE, 0x6c0e),
	F(VMCS_HOST_IA32_SYSENTER_ESP, 0x6c10),
	F(VMCS_HOST_IA32_SYSENTER_EIP, 0x6c12),
	F(VMCS_HOST_RSP, 0x6c14),
	F(VMCS_HOST_RIP, 0x6c16),
};

struct field_table {
	const char *table;
	unsigned int width, type;	/* what the table's heading says */
	const struct field_case *f;
	size_t n;
};

#define T(name, w, t, a) { name, w, t, a, ARRAY_LEN(a) }

static const struct field_table tables[] = {
	T("B-1", VMCS_WIDTH_16, VMCS_TYPE_CONTROL, table_b1),
	T("B-2", VMCS_WIDTH_16, VMCS_TYPE_GUEST, table_b2),
	T("B-3", VMCS_WIDTH_16, VMCS_TYPE_HOST, table_b3),
	T("B-4", VMCS_WIDTH_64, VMCS_TYPE_CONTROL, table_b4),
	T("B-5", VMCS_WIDTH_64, VMCS_TYPE_EXIT_INFO, table_b5),
	T("B-6", VMCS_WIDTH_64, VMCS_TYPE_GUEST, table_b6),
	T("B-7", VMCS_WIDTH_64, VMCS_TYPE_HOST, table_b7),
	T("B-8", VMCS_WIDTH_32, VMCS_TYPE_CONTROL, table_b8),
	T("B-9", VMCS_WIDTH_32, VMCS_TYPE_EXIT_INFO, table_b9),
	T("B-10", VMCS_WIDTH_32, VMCS_TYPE_GUEST, table_b10),
	T("B-11", VMCS_WIDTH_32, VMCS_TYPE_HOST, table_b11),
	T("B-12", VMCS_WIDTH_NATURAL, VMCS_TYPE_CONTROL, table_b12),
	T("B-13", VMCS_WIDTH_NATURAL, VMCS_TYPE_EXIT_INFO, table_b13),
	T("B-14", VMCS_WIDTH_NATURAL, VMCS_TYPE_GUEST, table_b14),
	T("B-15", VMCS_WIDTH_NATURAL, VMCS_TYPE_HOST, table_b15),
};

/* Every encoding is the SDM's number. */
static void encodings(void **state)
{
	size_t t, i, count = 0;

	(void)state;
	for (t = 0; t < ARRAY_LEN(tables); t++) {
		for (i = 0; i < tables[t].n; i++) {
			const struct field_case *c = &tables[t].f[i];

			if ((uint32_t)c->field != c->sdm)
				fail_msg("Table %s: %s is 0x%x, not 0x%x",
					 tables[t].table, c->name,
					 (unsigned int)c->field, c->sdm);
			count++;
		}
	}
	assert_int_equal(count, 115);
}

/* Width and type bits match the table; access type full; reserved 0. */
static void structure(void **state)
{
	size_t t, i;

	(void)state;
	for (t = 0; t < ARRAY_LEN(tables); t++) {
		for (i = 0; i < tables[t].n; i++) {
			const struct field_case *c = &tables[t].f[i];
			uint32_t enc = (uint32_t)c->field;

			if (vmcs_field_width(c->field) != tables[t].width ||
			    ((enc >> 13) & 3) != tables[t].width)
				fail_msg("%s: width %u, Table %s says %u",
					 c->name, (enc >> 13) & 3,
					 tables[t].table, tables[t].width);
			if (vmcs_field_type(c->field) != tables[t].type ||
			    ((enc >> 10) & 3) != tables[t].type)
				fail_msg("%s: type %u, Table %s says %u",
					 c->name, (enc >> 10) & 3,
					 tables[t].table, tables[t].type);
			if (enc & VMCS_ENC_HIGH)
				fail_msg("%s: the high-access encoding",
					 c->name);
			if (enc & 0xffff9000u)
				fail_msg("%s: reserved bits set", c->name);
		}
	}
	assert_int_equal(VMCS_ENC_RESERVED, 0xffff9000u);
}

/* No two fields share an encoding. */
static void unique(void **state)
{
	const struct field_case *all[128];
	size_t t, i, j, n = 0;

	(void)state;
	for (t = 0; t < ARRAY_LEN(tables); t++)
		for (i = 0; i < tables[t].n && n < ARRAY_LEN(all); i++)
			all[n++] = &tables[t].f[i];
	assert_int_equal(n, 115);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (all[i]->field == all[j]->field)
				fail_msg("%s and %s share 0x%x",
					 all[i]->name, all[j]->name,
					 (unsigned int)all[i]->field);
}

/* The index (bits 9:1) of a few fields, from the SDM's index column. */
static void indexes(void **state)
{
	(void)state;
	assert_int_equal((VMCS_EPT_POINTER >> 1) & 0x1ff, 13);	/* 000001101B */
	assert_int_equal((VMCS_VMX_PREEMPTION_TIMER_VALUE >> 1) & 0x1ff, 23);
	assert_int_equal((VMCS_GUEST_IA32_SYSENTER_CS >> 1) & 0x1ff, 21);
	assert_int_equal((VMCS_HOST_RIP >> 1) & 0x1ff, 11);
	/* The high half of a 64-bit field is the next encoding (SDM B.2). */
	assert_int_equal(VMCS_EPT_POINTER | VMCS_ENC_HIGH, 0x201b);
}

struct bit_case {
	const char *name;
	uint64_t value;
	uint64_t sdm;
};

#define B(name, sdm) { #name, (uint64_t)(name), (sdm) }

static const struct bit_case bit_cases[] = {
	/* Pin-based controls, SDM 24.6.1 Table 24-5: bits 0, 3, 6. */
	B(PIN_BASED_EXT_INTR_EXITING, 1ull << 0),
	B(PIN_BASED_NMI_EXITING, 1ull << 3),
	B(PIN_BASED_PREEMPTION_TIMER, 1ull << 6),
	/* Primary controls, SDM 24.6.2 Table 24-6. */
	B(CPU_BASED_HLT_EXITING, 1ull << 7),
	B(CPU_BASED_INVLPG_EXITING, 1ull << 9),
	B(CPU_BASED_MWAIT_EXITING, 1ull << 10),
	B(CPU_BASED_RDPMC_EXITING, 1ull << 11),
	B(CPU_BASED_RDTSC_EXITING, 1ull << 12),
	B(CPU_BASED_CR3_LOAD_EXITING, 1ull << 15),
	B(CPU_BASED_CR3_STORE_EXITING, 1ull << 16),
	B(CPU_BASED_CR8_LOAD_EXITING, 1ull << 19),
	B(CPU_BASED_CR8_STORE_EXITING, 1ull << 20),
	B(CPU_BASED_MOV_DR_EXITING, 1ull << 23),
	B(CPU_BASED_UNCOND_IO_EXITING, 1ull << 24),
	B(CPU_BASED_USE_IO_BITMAPS, 1ull << 25),
	B(CPU_BASED_MONITOR_TRAP_FLAG, 1ull << 27),
	B(CPU_BASED_USE_MSR_BITMAPS, 1ull << 28),
	B(CPU_BASED_MONITOR_EXITING, 1ull << 29),
	B(CPU_BASED_PAUSE_EXITING, 1ull << 30),
	B(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, 1ull << 31),
	/* Secondary controls, SDM 24.6.2 Table 24-7; bit 30 from the ISE. */
	B(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 1ull << 0),
	B(SECONDARY_EXEC_ENABLE_EPT, 1ull << 1),
	B(SECONDARY_EXEC_DESC_TABLE_EXITING, 1ull << 2),
	B(SECONDARY_EXEC_ENABLE_RDTSCP, 1ull << 3),
	B(SECONDARY_EXEC_ENABLE_VPID, 1ull << 5),
	B(SECONDARY_EXEC_UNRESTRICTED_GUEST, 1ull << 7),
	B(SECONDARY_EXEC_ENABLE_INVPCID, 1ull << 12),
	B(SECONDARY_EXEC_ENABLE_XSAVES, 1ull << 20),
	B(SECONDARY_EXEC_BUS_LOCK_DETECTION, 1ull << 30),
	/* VM-exit controls, SDM 24.7.1 Table 24-10. */
	B(VM_EXIT_SAVE_DEBUG_CONTROLS, 1ull << 2),
	B(VM_EXIT_HOST_ADDR_SPACE_SIZE, 1ull << 9),
	B(VM_EXIT_ACK_INTR_ON_EXIT, 1ull << 15),
	B(VM_EXIT_SAVE_PAT, 1ull << 18),
	B(VM_EXIT_LOAD_PAT, 1ull << 19),
	B(VM_EXIT_SAVE_EFER, 1ull << 20),
	B(VM_EXIT_LOAD_EFER, 1ull << 21),
	B(VM_EXIT_SAVE_PREEMPTION_TIMER, 1ull << 22),
	/* VM-entry controls, SDM 24.8.1. */
	B(VM_ENTRY_LOAD_DEBUG_CONTROLS, 1ull << 2),
	B(VM_ENTRY_IA32E_MODE, 1ull << 9),
	B(VM_ENTRY_LOAD_PAT, 1ull << 14),
	B(VM_ENTRY_LOAD_EFER, 1ull << 15),
	/* Capability MSRs, SDM Appendix A. */
	B(MSR_IA32_VMX_BASIC, 0x480),
	B(MSR_IA32_VMX_PINBASED_CTLS, 0x481),
	B(MSR_IA32_VMX_PROCBASED_CTLS, 0x482),
	B(MSR_IA32_VMX_EXIT_CTLS, 0x483),
	B(MSR_IA32_VMX_ENTRY_CTLS, 0x484),
	B(MSR_IA32_VMX_MISC, 0x485),
	B(MSR_IA32_VMX_CR0_FIXED0, 0x486),
	B(MSR_IA32_VMX_CR0_FIXED1, 0x487),
	B(MSR_IA32_VMX_CR4_FIXED0, 0x488),
	B(MSR_IA32_VMX_CR4_FIXED1, 0x489),
	B(MSR_IA32_VMX_VMCS_ENUM, 0x48a),
	B(MSR_IA32_VMX_PROCBASED_CTLS2, 0x48b),
	B(MSR_IA32_VMX_EPT_VPID_CAP, 0x48c),
	B(MSR_IA32_VMX_TRUE_PINBASED_CTLS, 0x48d),
	B(MSR_IA32_VMX_TRUE_PROCBASED_CTLS, 0x48e),
	B(MSR_IA32_VMX_TRUE_EXIT_CTLS, 0x48f),
	B(MSR_IA32_VMX_TRUE_ENTRY_CTLS, 0x490),
	/* IA32_VMX_BASIC (A.1) and IA32_VMX_EPT_VPID_CAP (A.10). */
	B(VMX_BASIC_REVISION_MASK, 0x7fffffff),
	B(VMX_BASIC_TRUE_CTLS, 1ull << 55),
	B(VMX_EPT_CAP_WALK_4, 1ull << 6),
	B(VMX_EPT_CAP_WB, 1ull << 14),
	B(VMX_EPT_CAP_2M, 1ull << 16),
	B(VMX_EPT_CAP_INVEPT, 1ull << 20),
	B(VMX_EPT_CAP_INVEPT_SINGLE, 1ull << 25),
	B(VMX_EPT_CAP_INVEPT_ALL, 1ull << 26),
	B(VMX_VPID_CAP_INVVPID, 1ull << 32),
	/* Basic exit reasons, SDM Appendix C. */
	B(VMX_EXIT_EXCEPTION_NMI, 0),
	B(VMX_EXIT_EXTERNAL_INTERRUPT, 1),
	B(VMX_EXIT_TRIPLE_FAULT, 2),
	B(VMX_EXIT_INTERRUPT_WINDOW, 7),
	B(VMX_EXIT_CPUID, 10),
	B(VMX_EXIT_HLT, 12),
	B(VMX_EXIT_VMCALL, 18),
	B(VMX_EXIT_VMCLEAR, 19),
	B(VMX_EXIT_VMLAUNCH, 20),
	B(VMX_EXIT_VMPTRLD, 21),
	B(VMX_EXIT_VMPTRST, 22),
	B(VMX_EXIT_VMREAD, 23),
	B(VMX_EXIT_VMRESUME, 24),
	B(VMX_EXIT_VMWRITE, 25),
	B(VMX_EXIT_VMXOFF, 26),
	B(VMX_EXIT_VMXON, 27),
	B(VMX_EXIT_CR_ACCESS, 28),
	B(VMX_EXIT_MOV_DR, 29),
	B(VMX_EXIT_IO_INSTRUCTION, 30),
	B(VMX_EXIT_RDMSR, 31),
	B(VMX_EXIT_WRMSR, 32),
	B(VMX_EXIT_INVALID_GUEST_STATE, 33),
	B(VMX_EXIT_MSR_LOADING, 34),
	B(VMX_EXIT_MONITOR_TRAP_FLAG, 37),
	B(VMX_EXIT_MACHINE_CHECK, 41),
	B(VMX_EXIT_EPT_VIOLATION, 48),
	B(VMX_EXIT_EPT_MISCONFIG, 49),
	B(VMX_EXIT_INVEPT, 50),
	B(VMX_EXIT_PREEMPTION_TIMER, 52),
	B(VMX_EXIT_INVVPID, 53),
	B(VMX_EXIT_XSETBV, 55),
	B(VMX_EXIT_BUS_LOCK, 74),
	/* The exit-reason field, SDM 24.9.1. */
	B(VMX_EXIT_REASON_BASIC_MASK, 0xffff),
	B(VMX_EXIT_REASON_BUS_LOCK, 1ull << 26),
	B(VMX_EXIT_REASON_ENTRY_FAILURE, 1ull << 31),
	/* I/O qualification, SDM 27.2.1 Table 27-5. */
	B(VMX_IO_QUAL_SIZE_MASK, 0x7),
	B(VMX_IO_QUAL_IN, 1ull << 3),
	B(VMX_IO_QUAL_STRING, 1ull << 4),
	B(VMX_IO_QUAL_REP, 1ull << 5),
	B(VMX_IO_QUAL_IMMEDIATE, 1ull << 6),
	B(VMX_IO_QUAL_PORT_SHIFT, 16),
	/* #DB qualification, SDM 27.2.1 Table 27-1 and the ISE (bit 11). */
	B(VMX_DB_QUAL_B0, 1ull << 0),
	B(VMX_DB_QUAL_B3, 1ull << 3),
	B(VMX_DB_QUAL_BUS_LOCK, 1ull << 11),
	B(VMX_DB_QUAL_BD, 1ull << 13),
	B(VMX_DB_QUAL_BS, 1ull << 14),
	B(VMX_DB_QUAL_RTM, 1ull << 16),
	/* EPT-violation qualification, SDM 27.2.1 Table 27-7. */
	B(VMX_EPT_QUAL_READ, 1ull << 0),
	B(VMX_EPT_QUAL_WRITE, 1ull << 1),
	B(VMX_EPT_QUAL_FETCH, 1ull << 2),
	/* Interruption information, SDM 24.9.2 Table 24-15. */
	B(VMX_INTR_INFO_VECTOR_MASK, 0xff),
	B(VMX_INTR_TYPE_MASK, 0x700),
	B(VMX_INTR_TYPE_HW_EXCEPTION, 3 << 8),
	B(VMX_INTR_INFO_ERROR_CODE, 1ull << 11),
	B(VMX_INTR_INFO_VALID, 1ull << 31),
};

static void bits(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bit_cases); i++)
		if (bit_cases[i].value != bit_cases[i].sdm)
			fail_msg("%s is 0x%llx, the SDM says 0x%llx",
				 bit_cases[i].name,
				 (unsigned long long)bit_cases[i].value,
				 (unsigned long long)bit_cases[i].sdm);
}

/* A #PF as VM entry injects it: SDM 24.8.3. */
static void interruption_info(void **state)
{
	uint32_t pf = 14 | VMX_INTR_TYPE_HW_EXCEPTION |
		      VMX_INTR_INFO_ERROR_CODE | VMX_INTR_INFO_VALID;

	(void)state;
	assert_int_equal(pf, 0x80000b0e);
	assert_int_equal(pf & VMX_INTR_INFO_VECTOR_MASK, 14);
	assert_int_equal(pf & VMX_INTR_TYPE_MASK, VMX_INTR_TYPE_HW_EXCEPTION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodings),
		cmocka_unit_test(structure),
		cmocka_unit_test(unique),
		cmocka_unit_test(indexes),
		cmocka_unit_test(bits),
		cmocka_unit_test(interruption_info),
	};

	return cmocka_run_group_tests_name("vmcs", tests, NULL, NULL);
}
