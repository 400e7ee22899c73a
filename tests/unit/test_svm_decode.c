/* SPDX-License-Identifier: MIT */
/*
 * SVM exit decoding, fed EXITCODE/EXITINFO values as the VMCB holds them
 * (APM Vol. 2 15.10.2 for IOIO, 15.25.6 for NPF, Appendix C for the codes).
 * Build: make build/host/test_svm_decode
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "svm/svm_decode.h"

#define RIP 0x100123ull

static struct vm_exit decode(uint64_t code, uint64_t info1, uint64_t info2,
			     uint64_t nrip, bool has_nrip)
{
	struct svm_exit_info x = { code, info1, info2, RIP, nrip, has_nrip };
	struct vm_exit e;

	svm_decode_exit(&x, &e);
	return e;
}

static void ioio(void **state)
{
	struct vm_exit e;

	(void)state;
	/* out %al, %dx to COM1: port 0x3f8 in 31:16, SZ8 (bit 4), OUT. */
	e = decode(0x7b, 0x03f80010, RIP + 1, 0, false);
	assert_int_equal(e.kind, EXIT_IO);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_false(e.io.string);
	assert_int_equal(e.insn_len, 1);
	/* in $0xfd, %al... as inb (%dx): IN (bit 0), 8 bits, 2-byte insn. */
	e = decode(0x7b, 0x03fd0011, RIP + 2, 0, false);
	assert_true(e.io.in);
	assert_int_equal(e.io.port, 0x3fd);
	assert_int_equal(e.insn_len, 2);
	/* outl to port 0xcf8: SZ32 (bit 6). */
	e = decode(0x7b, 0x0cf80040, RIP + 1, 0, false);
	assert_int_equal(e.io.size, 4);
	assert_int_equal(e.io.port, 0xcf8);
	/* rep outsw: STR (bit 2), REP (bit 3), SZ16 (bit 5). */
	e = decode(0x7b, 0x03f8002c, RIP + 3, 0, false);
	assert_true(e.io.string);
	assert_true(e.io.rep);
	assert_int_equal(e.io.size, 2);
}

static void fixed_length_instructions(void **state)
{
	struct vm_exit e;

	(void)state;
	e = decode(0x72, 0, 0, RIP + 2, true);
	assert_int_equal(e.kind, EXIT_CPUID);
	assert_int_equal(e.insn_len, 2);
	assert_false(e.insn_len_guessed);
	/* Without NRIPS the opcode's length, for the caller to add prefixes. */
	e = decode(0x72, 0, 0, 0, false);
	assert_int_equal(e.insn_len, 2);
	assert_true(e.insn_len_guessed);
	e = decode(0x8d, 0, 0, 0, false);
	assert_int_equal(e.kind, EXIT_XSETBV);
	assert_int_equal(e.insn_len, 3);
	e = decode(0x76, 0, 0, RIP + 3, true);
	assert_int_equal(e.kind, EXIT_CACHE);
	assert_int_equal(e.insn_len, 3);
	e = decode(0x89, 0, 0, 0, false);
	assert_int_equal(e.kind, EXIT_CACHE);
	assert_int_equal(e.insn_len, 2);
	e = decode(0x61, 0, 0, 0, false);
	assert_int_equal(e.kind, EXIT_NMI);
	e = decode(0x78, 0, 0, 0, false);
	assert_int_equal(e.kind, EXIT_HLT);
	assert_int_equal(e.insn_len, 1);
	e = decode(0x81, 0, 0, RIP + 3, true);
	assert_int_equal(e.kind, EXIT_HYPERCALL);
	assert_int_equal(e.insn_len, 3);
	e = decode(0x81, 0, 0, 0, false);
	assert_int_equal(e.insn_len, 3);
}

static void msr(void **state)
{
	struct vm_exit e;

	(void)state;
	/* EXITINFO1 0: RDMSR, 1: WRMSR (APM 15.11). */
	e = decode(0x7c, 0, 0, RIP + 2, true);
	assert_int_equal(e.kind, EXIT_MSR_READ);
	assert_int_equal(e.insn_len, 2);
	e = decode(0x7c, 1, 0, 0, false);
	assert_int_equal(e.kind, EXIT_MSR_WRITE);
	assert_int_equal(e.insn_len, 2);
}

static void nested_page_fault(void **state)
{
	struct vm_exit e;

	(void)state;
	/* A write (RW) from CPL 3 (US) to an unmapped page past 4 MiB. */
	e = decode(0x400, 0x6, 0x401000, 0, false);
	assert_int_equal(e.kind, EXIT_NPF);
	assert_int_equal(e.npf.gpa, 0x401000);
	assert_true(e.npf.write);
	assert_false(e.npf.present);
	assert_false(e.npf.fetch);
	/* An instruction fetch (ID, bit 4), a read. */
	e = decode(0x400, 0x10, 0xc0000000, 0, false);
	assert_true(e.npf.fetch);
	assert_false(e.npf.write);
	assert_int_equal(e.npf.gpa, 0xc0000000);
}

static void stops_and_virtualization(void **state)
{
	(void)state;
	assert_int_equal(decode(0x7f, 0, 0, 0, false).kind, EXIT_SHUTDOWN);
	assert_int_equal(decode(0x80, 0, 0, 0, false).kind, EXIT_VIRT_INSN);
	assert_int_equal(decode(0x82, 0, 0, 0, false).kind, EXIT_VIRT_INSN);
	assert_int_equal(decode(0x85, 0, 0, 0, false).kind, EXIT_VIRT_INSN);
	assert_int_equal(decode(0x86, 0, 0, 0, false).kind, EXIT_VIRT_INSN);
	assert_int_equal(decode(UINT64_MAX, 0, 0, 0, false).kind,
			 EXIT_INVALID);
	assert_int_equal(decode(0x60, 0, 0, 0, false).kind, EXIT_INTR);
	/* An exit Tollgate never asks for is still decoded, as unknown. */
	assert_int_equal(decode(0x65, 0, 0, 0, false).kind, EXIT_UNKNOWN);
	assert_int_equal(decode(0x65, 0, 0, 0, false).code, 0x65);
}

static void buslock_is_fault_like(void **state)
{
	/* EXITINFO1 = EXITINFO2 = 0; RIP stays at the instruction. */
	struct vm_exit e = decode(0xa5, 0, 0, RIP + 3, true);

	(void)state;
	assert_int_equal(e.kind, EXIT_BUSLOCK);
	assert_int_equal(e.insn_len, 0);	/* nothing to skip */
}

static void exceptions(void **state)
{
	/* #PF intercept: 0x40 + 14, error code in EXITINFO1, CR2 in EXITINFO2. */
	struct vm_exit e = decode(0x4e, 0x7, 0xdead000, 0, false);

	(void)state;
	assert_int_equal(e.kind, EXIT_EXCEPTION);
	assert_int_equal(e.exc.vector, 14);
	assert_int_equal(e.exc.error, 7);
	e = decode(0x41, 0, 0, 0, false);
	assert_int_equal(e.exc.vector, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ioio),
		cmocka_unit_test(fixed_length_instructions),
		cmocka_unit_test(msr),
		cmocka_unit_test(nested_page_fault),
		cmocka_unit_test(stops_and_virtualization),
		cmocka_unit_test(buslock_is_fault_like),
		cmocka_unit_test(exceptions),
	};

	return cmocka_run_group_tests_name("svm_decode", tests, NULL, NULL);
}
