/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for svm/vmcb.h: the VMCB layout, re-checked at run time
 * against offsets copied by hand from AMD APM Vol. 2 Appendix B (Table B-1,
 * control area; Table B-2, state save area, which starts at VMCB 0x400),
 * and the encodings of the constants the SVM back end writes into it.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_vmcb.c -lcmocka -o /tmp/test_vmcb && /tmp/test_vmcb
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "svm/vmcb.h"

static _Alignas(4096) struct vmcb vmcb;

/* Byte offset of a field within the page, measured through a real VMCB. */
#define AT(field) \
	((size_t)((const uint8_t *)&vmcb.field - (const uint8_t *)&vmcb))

static void test_size(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct vmcb), 4096);
	assert_int_equal(sizeof(struct vmcb_control), 1024);
	assert_int_equal(sizeof(struct vmcb_seg), 16);
	assert_int_equal(AT(save), 0x400);
	assert_int_equal(_Alignof(struct vmcb), 4096);	/* APM 15.5.1 */
}

/* Table B-1. */
static void test_control_offsets(void **state)
{
	(void)state;
	assert_int_equal(AT(control.cr_read), 0x000);
	assert_int_equal(AT(control.dr_read), 0x004);
	assert_int_equal(AT(control.exceptions), 0x008);
	assert_int_equal(AT(control.misc1), 0x00c);
	assert_int_equal(AT(control.misc2), 0x010);
	assert_int_equal(AT(control.misc3), 0x014);
	assert_int_equal(AT(control.iopm_base_pa), 0x040);
	assert_int_equal(AT(control.msrpm_base_pa), 0x048);
	assert_int_equal(AT(control.asid), 0x058);
	assert_int_equal(AT(control.tlb_control), 0x05c);
	assert_int_equal(AT(control.v_intr), 0x060);
	assert_int_equal(AT(control.exitcode), 0x070);
	assert_int_equal(AT(control.exitinfo1), 0x078);
	assert_int_equal(AT(control.exitinfo2), 0x080);
	assert_int_equal(AT(control.exitintinfo), 0x088);
	assert_int_equal(AT(control.np_enable), 0x090);
	assert_int_equal(AT(control.eventinj), 0x0a8);
	assert_int_equal(AT(control.n_cr3), 0x0b0);
	assert_int_equal(AT(control.nrip), 0x0c8);
	assert_int_equal(AT(control.insn_len), 0x0d0);
	assert_int_equal(AT(control.insn_bytes[14]), 0x0df);
	assert_int_equal(AT(control.bus_lock_counter), 0x120);
}

/* Table B-2, offsets from the start of the VMCB. */
static void test_save_offsets(void **state)
{
	(void)state;
	assert_int_equal(AT(save.es), 0x400 + 0x000);
	assert_int_equal(AT(save.cs), 0x400 + 0x010);
	assert_int_equal(AT(save.tr), 0x400 + 0x090);
	assert_int_equal(AT(save.cpl), 0x400 + 0x0cb);
	assert_int_equal(AT(save.efer), 0x400 + 0x0d0);
	assert_int_equal(AT(save.cr4), 0x400 + 0x148);
	assert_int_equal(AT(save.cr3), 0x400 + 0x150);
	assert_int_equal(AT(save.cr0), 0x400 + 0x158);
	assert_int_equal(AT(save.rflags), 0x400 + 0x170);
	assert_int_equal(AT(save.rip), 0x400 + 0x178);
	assert_int_equal(AT(save.rsp), 0x400 + 0x1d8);
	assert_int_equal(AT(save.rax), 0x400 + 0x1f8);
	assert_int_equal(AT(save.cr2), 0x400 + 0x240);
	assert_int_equal(AT(save.g_pat), 0x400 + 0x268);
	assert_int_equal(AT(save.dbgctl), 0x400 + 0x270);
	assert_int_equal(AT(save.lastexcpto), 0x400 + 0x290);
}

/* A segment register's 16 bytes: selector, attrib, limit, base. */
static void test_segment_layout(void **state)
{
	uint8_t *cs = (uint8_t *)&vmcb.save.cs;

	(void)state;
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.save.cs.selector = 0x0008;
	vmcb.save.cs.attrib = 0x0c9b;
	vmcb.save.cs.limit = 0xffffffff;
	vmcb.save.cs.base = 0x1122334455667788ull;
	assert_int_equal(cs[0], 0x08);
	assert_int_equal(cs[2], 0x9b);
	assert_int_equal(cs[3], 0x0c);
	assert_int_equal(cs[4], 0xff);
	assert_int_equal(cs[8], 0x88);
	assert_int_equal(cs[15], 0x11);
	/* Nothing else in the page changed. */
	for (size_t i = 0; i < sizeof(vmcb); i++)
		if (i < AT(save.cs) || i >= AT(save.cs) + 16)
			assert_int_equal(((uint8_t *)&vmcb)[i], 0);
}

/*
 * The attribute bits assemble the 32-bit flat code segment a guest starts
 * with: type 0xB (execute/read, accessed), S, DPL 0, P, D/B, G = 0xC9B,
 * the descriptor's bits 55:52 and 47:40 packed together (APM 15.5.2).
 */
static void test_segment_attributes(void **state)
{
	(void)state;
	assert_int_equal(0xb | SVM_SEG_S | SVM_SEG_P | SVM_SEG_DB | SVM_SEG_G,
			 0xc9b);
	assert_int_equal(0x3 | SVM_SEG_S | SVM_SEG_P | SVM_SEG_L, 0x293);
	assert_int_equal(SVM_SEG_DPL_MASK, 0x60);
	assert_int_equal(SVM_SEG_AVL, 0x100);
}

static void test_intercept_bits(void **state)
{
	(void)state;
	assert_int_equal(SVM_INTERCEPT_INTR, 0x1);
	assert_int_equal(SVM_INTERCEPT_CPUID, 0x40000);
	assert_int_equal(SVM_INTERCEPT_HLT, 0x1000000);
	assert_int_equal(SVM_INTERCEPT_IOIO_PROT, 0x8000000);
	assert_int_equal(SVM_INTERCEPT_MSR_PROT, 0x10000000);
	assert_int_equal(SVM_INTERCEPT_SHUTDOWN, 0x80000000u);
	assert_int_equal(SVM_INTERCEPT_VMRUN, 0x1);
	assert_int_equal(SVM_INTERCEPT_VMMCALL, 0x2);
	assert_int_equal(SVM_INTERCEPT_XSETBV, 0x2000);
	/* KVM numbers it INTERCEPT_BUSLOCK = 5 * 32 + 5: word 5, bit 5. */
	assert_int_equal(SVM_INTERCEPT_BUS_LOCK, 0x20);
}

/* Exit codes from APM Appendix C, Table C-1. */
static void test_exit_codes(void **state)
{
	(void)state;
	assert_int_equal(SVM_EXIT_EXCP_BASE + 14, 0x4e);	/* #PF */
	assert_int_equal(SVM_EXIT_CPUID, 0x72);
	assert_int_equal(SVM_EXIT_HLT, 0x78);
	assert_int_equal(SVM_EXIT_IOIO, 0x7b);
	assert_int_equal(SVM_EXIT_MSR, 0x7c);
	assert_int_equal(SVM_EXIT_SHUTDOWN, 0x7f);
	assert_int_equal(SVM_EXIT_VMMCALL, 0x81);
	assert_int_equal(SVM_EXIT_BUSLOCK, 0xa5);
	assert_int_equal(SVM_EXIT_NPF, 0x400);
	vmcb.control.exitcode = SVM_EXIT_INVALID;
	assert_true(vmcb.control.exitcode == 0xffffffffffffffffull);
	assert_true((int64_t)vmcb.control.exitcode == -1);
}

/* OUT DX, AL to port 0x3F8 and a REP INSW from port 0x1F0. */
static void test_ioio_decode(void **state)
{
	uint64_t out8 = (0x3f8ull << SVM_IOIO_PORT_SHIFT) | SVM_IOIO_SZ8;
	uint64_t insw = (0x1f0ull << SVM_IOIO_PORT_SHIFT) | SVM_IOIO_SZ16 |
			SVM_IOIO_REP | SVM_IOIO_STR | SVM_IOIO_TYPE_IN;

	(void)state;
	assert_int_equal(out8, 0x03f80010);
	assert_int_equal(out8 >> SVM_IOIO_PORT_SHIFT & SVM_IOIO_PORT_MASK,
			 0x3f8);
	assert_false(out8 & SVM_IOIO_TYPE_IN);
	assert_int_equal(insw, 0x01f0002d);
	assert_int_equal(SVM_IOIO_SZ32, 0x40);
}

/* #GP(0x10) and a maskable interrupt 0x20, as EVENTINJ values. */
static void test_eventinj(void **state)
{
	uint64_t gp = 13 | SVM_EVTINJ_TYPE_EXCEPTION | SVM_EVTINJ_EV |
		      SVM_EVTINJ_V | (0x10ull << SVM_EVTINJ_ERRORCODE_SHIFT);
	uint64_t irq = 0x20 | SVM_EVTINJ_TYPE_INTR | SVM_EVTINJ_V;

	(void)state;
	assert_true(gp == 0x0000001080000b0dull);
	assert_int_equal(irq, 0x80000020);
	assert_int_equal(SVM_EVTINJ_TYPE_NMI, 0x200);
	assert_int_equal(SVM_EVTINJ_TYPE_SOFT, 0x400);
	assert_int_equal(gp & SVM_EVTINJ_VECTOR_MASK, 13);
	assert_int_equal((gp & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT,
			 3);
}

static void test_misc_constants(void **state)
{
	(void)state;
	assert_int_equal(SVM_NPF_P | SVM_NPF_RW | SVM_NPF_US | SVM_NPF_RSV |
			 SVM_NPF_ID, 0x1f);
	assert_int_equal(SVM_NP_ENABLE, 1);
	assert_int_equal(SVM_TLB_CONTROL_FLUSH_ASID, 3);
	assert_int_equal(SVM_V_INTR_MASKING, 0x1000000);
	assert_true(MSR_VM_CR == 0xc0010114u);
	assert_true(MSR_VM_HSAVE_PA == 0xc0010117u);
	assert_int_equal(EFER_SVME, 0x1000);
	assert_int_equal(CPUID_SVM_EDX_NP | CPUID_SVM_EDX_LBRVIRT |
			 CPUID_SVM_EDX_SVML | CPUID_SVM_EDX_NRIPS, 0xf);
	assert_int_equal(CPUID_SVM_EDX_BUS_LOCK_THRESHOLD, 0x20000000);
}

/* Writing a field through the struct lands on the APM's byte offset. */
static void test_write_through(void **state)
{
	uint8_t *p = (uint8_t *)&vmcb;

	(void)state;
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.control.bus_lock_counter = 0xbeef;
	vmcb.control.misc3 = SVM_INTERCEPT_BUS_LOCK;
	vmcb.save.rip = 0x1000;
	assert_int_equal(p[0x120], 0xef);
	assert_int_equal(p[0x121], 0xbe);
	assert_int_equal(p[0x014], 0x20);
	assert_int_equal(p[0x400 + 0x179], 0x10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_control_offsets),
		cmocka_unit_test(test_save_offsets),
		cmocka_unit_test(test_segment_layout),
		cmocka_unit_test(test_segment_attributes),
		cmocka_unit_test(test_intercept_bits),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_ioio_decode),
		cmocka_unit_test(test_eventinj),
		cmocka_unit_test(test_misc_constants),
		cmocka_unit_test(test_write_through),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
