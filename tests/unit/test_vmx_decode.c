/* SPDX-License-Identifier: MIT */
/*
 * VMX exit decoding, fed the VM-exit information fields as the VMCS holds
 * them: exit reasons from SDM Vol. 3D Appendix C, the exit-reason field
 * from SDM 24.9.1, I/O, debug-exception and EPT-violation qualifications
 * from SDM 27.2.1 (Tables 27-5, 27-1, 27-7), interruption information from
 * SDM 24.9.2, and the bus-lock reports from shared/BUSLOCK.md.
 * Build: make build/host/test_vmx_decode
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmx/vmx_decode.h"

/* Interruption information: valid (31), error code valid (11), type 10:8. */
#define INFO_HW_EXC(vec) (0x80000300u | (vec))
#define INFO_HW_EXC_ERR(vec) (0x80000b00u | (vec))
#define INFO_NMI 0x80000202u
#define INFO_INT3 0x80000603u		/* software exception, vector 3 */
#define REASON_BIT26 0x04000000u

static struct vm_exit decode(uint32_t reason, uint64_t qual, uint32_t info,
			     uint32_t error, uint32_t len, uint64_t gpa)
{
	struct vmx_exit_info x = { reason, qual, info, error, len, gpa };
	struct vm_exit e;

	vmx_decode_exit(&x, &e);
	return e;
}

static void io(void **state)
{
	struct vm_exit e;

	(void)state;
	/* out %al, %dx to COM1: port 0x3f8 in 31:16, size 0 (1 byte), OUT. */
	e = decode(30, 0x03f80000, 0, 0, 1, 0);
	assert_int_equal(e.kind, EXIT_IO);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_false(e.io.string);
	assert_false(e.io.rep);
	assert_int_equal(e.insn_len, 1);
	assert_int_equal(e.bus_locks, 0);
	/* inb %dx, %al from the LSR: direction (bit 3) is IN. */
	e = decode(30, 0x03fd0008, 0, 0, 1, 0);
	assert_true(e.io.in);
	assert_int_equal(e.io.port, 0x3fd);
	/* in $0x60, %al: immediate operand (bit 6), 2-byte instruction. */
	e = decode(30, 0x00600048, 0, 0, 2, 0);
	assert_true(e.io.in);
	assert_int_equal(e.io.port, 0x60);
	assert_int_equal(e.insn_len, 2);
	/* outl to 0xcf8: size field 3 means 4 bytes. */
	e = decode(30, 0x0cf80003, 0, 0, 1, 0);
	assert_int_equal(e.io.size, 4);
	assert_int_equal(e.io.port, 0xcf8);
	/* rep outsw (f3 66 6f): size 1, string (bit 4), REP (bit 5). */
	e = decode(30, 0x03f80031, 0, 0, 3, 0);
	assert_int_equal(e.io.size, 2);
	assert_true(e.io.string);
	assert_true(e.io.rep);
	assert_int_equal(e.insn_len, 3);
}

static void instructions_with_length(void **state)
{
	struct vm_exit e;

	(void)state;
	e = decode(10, 0, 0, 0, 2, 0);	/* CPUID, 0f a2 */
	assert_int_equal(e.kind, EXIT_CPUID);
	assert_int_equal(e.insn_len, 2);
	assert_int_equal(e.code, 10);
	e = decode(12, 0, 0, 0, 1, 0);	/* HLT, f4 */
	assert_int_equal(e.kind, EXIT_HLT);
	assert_int_equal(e.insn_len, 1);
	e = decode(31, 0, 0, 0, 2, 0);	/* RDMSR, 0f 32 */
	assert_int_equal(e.kind, EXIT_MSR_READ);
	assert_int_equal(e.insn_len, 2);
	e = decode(32, 0, 0, 0, 2, 0);	/* WRMSR, 0f 30 */
	assert_int_equal(e.kind, EXIT_MSR_WRITE);
	assert_int_equal(e.insn_len, 2);
	e = decode(18, 0, 0, 0, 3, 0);	/* VMCALL, 0f 01 c1 */
	assert_int_equal(e.kind, EXIT_HYPERCALL);
	assert_int_equal(e.insn_len, 3);
}

static void ept_violation(void **state)
{
	struct vm_exit e;

	(void)state;
	/* A write to an unmapped page past 4 MiB (bits 7, 8: linear valid). */
	e = decode(48, 0x182, 0, 0, 3, 0x401000);
	assert_int_equal(e.kind, EXIT_NPF);
	assert_int_equal(e.npf.gpa, 0x401000);
	assert_true(e.npf.write);
	assert_false(e.npf.fetch);
	assert_false(e.npf.present);
	assert_int_equal(e.insn_len, 0);
	/* A read of an unmapped page: neither write nor fetch. */
	e = decode(48, 0x181, 0, 0, 0, 0xc0000000);
	assert_false(e.npf.write);
	assert_false(e.npf.fetch);
	assert_int_equal(e.npf.gpa, 0xc0000000);
	/* A fetch from a readable, non-executable page (bits 2 and 3). */
	e = decode(48, 0x18c, 0, 0, 0, 0x200000);
	assert_true(e.npf.fetch);
	assert_true(e.npf.present);
	assert_false(e.npf.write);
}

static void stops_and_virtualization(void **state)
{
	struct vm_exit e;
	uint32_t r;

	(void)state;
	assert_int_equal(decode(2, 0, 0, 0, 0, 0).kind, EXIT_SHUTDOWN);
	for (r = 19; r <= 27; r++)	/* VMCLEAR .. VMXON */
		assert_int_equal(decode(r, 0, 0, 0, 3, 0).kind,
				 EXIT_VIRT_INSN);
	assert_int_equal(decode(50, 0, 0, 0, 4, 0).kind, EXIT_VIRT_INSN);
	assert_int_equal(decode(53, 0, 0, 0, 4, 0).kind, EXIT_VIRT_INSN);
	assert_int_equal(decode(1, 0, 0x800000ef, 0, 0, 0).kind, EXIT_INTR);
	/* Invalid guest state: bit 31 with basic reason 33 (SDM 26.7). */
	e = decode(0x80000021, 0, 0, 0, 0, 0);
	assert_int_equal(e.kind, EXIT_INVALID);
	assert_int_equal(e.code, 0x80000021);
	assert_int_equal(decode(0x80000022, 0, 0, 0, 0, 0).kind,
			 EXIT_INVALID);
	assert_int_equal(decode(0x80000029, 0, 0, 0, 0, 0).kind,
			 EXIT_INVALID);
}

static void unknown_keeps_the_reason(void **state)
{
	struct vm_exit e;

	(void)state;
	e = decode(15, 0, 0, 0, 2, 0);	/* RDPMC */
	assert_int_equal(e.kind, EXIT_UNKNOWN);
	assert_int_equal(e.code, 15);
	/* EPT misconfiguration: qualification 0, the address kept raw. */
	e = decode(49, 0, 0, 0, 0, 0x7fff000);
	assert_int_equal(e.kind, EXIT_UNKNOWN);
	assert_int_equal(e.code, 49);
	assert_int_equal(e.raw.info2, 0x7fff000);
	/* The VMX-preemption timer (SDM Appendix C, reason 52) ends a slice. */
	assert_int_equal(decode(52, 0, 0, 0, 0, 0).kind, EXIT_PREEMPT);
	/* Interrupt-window exiting (reason 7, SDM 26.7.5). */
	assert_int_equal(decode(7, 0, 0, 0, 0, 0).kind, EXIT_INTR_WINDOW);
	/* MOV %dr6, %rcx: DR 6, from DR (bit 4), register 1 (RCX). */
	e = decode(29, 0x116, 0, 0, 3, 0);
	assert_int_equal(e.kind, EXIT_MOV_DR);
	assert_int_equal(e.mov_dr.dr, 6);
	assert_false(e.mov_dr.write);
	assert_int_equal(e.mov_dr.gpr, 1);
	assert_int_equal(e.insn_len, 3);
	/* MOV %rax, %dr6: to DR. */
	e = decode(29, 0x006, 0, 0, 3, 0);
	assert_true(e.mov_dr.write);
	assert_int_equal(e.mov_dr.gpr, 0);
	/* Monitor trap flag: the software detector's single step. */
	assert_int_equal(decode(37, 0, 0, 0, 0, 0).kind, EXIT_STEP);
	/* The full 32-bit reason, bit 26 included, for the message. */
	e = decode(REASON_BIT26 | 55, 0, 0, 0, 3, 0);
	assert_int_equal(e.code, 0x04000037);
}

static void exceptions(void **state)
{
	struct vm_exit e;

	(void)state;
	/* #PF: error code 7 (P, W, U), the qualification is CR2. */
	e = decode(0, 0xdead000, INFO_HW_EXC_ERR(14), 7, 0, 0);
	assert_int_equal(e.kind, EXIT_EXCEPTION);
	assert_int_equal(e.exc.vector, 14);
	assert_true(e.exc.has_error);
	assert_int_equal(e.exc.error, 7);
	assert_int_equal(e.exc.qual, 0xdead000);
	/* #UD has no error code: a stale error field is not used. */
	e = decode(0, 0, INFO_HW_EXC(6), 0x55, 0, 0);
	assert_int_equal(e.exc.vector, 6);
	assert_false(e.exc.has_error);
	assert_int_equal(e.exc.error, 0);
	/* INT3 is a software exception: its length is kept. */
	e = decode(0, 0, INFO_INT3, 0, 1, 0);
	assert_int_equal(e.exc.vector, 3);
	assert_int_equal(e.insn_len, 1);
	/* A hardware exception has none. */
	assert_int_equal(decode(0, 0, INFO_HW_EXC(13), 0, 2, 0).insn_len, 0);
	/* An NMI is reason 0 too: with NMI exiting it is the host's. */
	assert_int_equal(decode(0, 0, INFO_NMI, 0, 0, 0).kind, EXIT_NMI);
	/* XSETBV (55), INVD (13), WBINVD (54): instructions with a length. */
	e = decode(55, 0, 0, 0, 3, 0);
	assert_int_equal(e.kind, EXIT_XSETBV);
	assert_int_equal(e.insn_len, 3);
	assert_int_equal(decode(13, 0, 0, 0, 2, 0).kind, EXIT_CACHE);
	e = decode(54, 0, 0, 0, 3, 0);
	assert_int_equal(e.kind, EXIT_CACHE);
	assert_int_equal(e.insn_len, 3);
}

static void debug_exceptions(void **state)
{
	struct vm_exit e;

	(void)state;
	/* A bus lock alone: qualification bit 11, set (positive polarity). */
	e = decode(0, 0x800, INFO_HW_EXC(1), 0, 0, 0);
	assert_int_equal(e.kind, EXIT_EXCEPTION);
	assert_int_equal(e.exc.vector, 1);
	assert_false(e.exc.has_error);
	assert_int_equal(e.exc.qual, 0x800);
	/* Counted by the #DB handler, which knows whether exit 74 is on. */
	assert_int_equal(e.bus_locks, 0);
	/* A single step (BS, bit 14) alone. */
	e = decode(0, 0x4000, INFO_HW_EXC(1), 0, 0, 0);
	assert_int_equal(e.exc.vector, 1);
	assert_int_equal(e.exc.qual, 0x4000);
	/* Both at once, in one #DB. */
	e = decode(0, 0x4800, INFO_HW_EXC(1), 0, 0, 0);
	assert_int_equal(e.exc.qual, 0x4800);
	/* Breakpoint 0 (B0, bit 0). */
	e = decode(0, 0x1, INFO_HW_EXC(1), 0, 0, 0);
	assert_int_equal(e.exc.qual, 0x1);
	assert_int_equal(e.bus_locks, 0);
	/* INT1 (ICEBP) is a privileged software exception with a length. */
	e = decode(0, 0, 0x80000501u, 0, 1, 0);
	assert_int_equal(e.exc.vector, 1);
	assert_int_equal(e.insn_len, 1);
	/* A #DB exit with bit 26: that bus lock is counted, once. */
	e = decode(REASON_BIT26, 0x800, INFO_HW_EXC(1), 0, 0, 0);
	assert_int_equal(e.kind, EXIT_EXCEPTION);
	assert_int_equal(e.exc.qual, 0x800);
	assert_int_equal(e.bus_locks, 1);
	assert_int_equal(e.bus_lock_source, BUSLOCK_SRC_VMEXIT);
}

static void bus_lock_exit(void **state)
{
	struct vm_exit e;

	(void)state;
	/* Reason 74, trap-like: RIP is past the instruction already. */
	e = decode(74, 0, 0, 0, 3, 0);
	assert_int_equal(e.kind, EXIT_BUSLOCK);
	assert_int_equal(e.bus_locks, 1);
	assert_int_equal(e.bus_lock_source, BUSLOCK_SRC_VMEXIT);
	assert_int_equal(e.insn_len, 0);
	assert_int_equal(e.code, 74);
	/* With bit 26 as well (Xen says it is always set): still one. */
	e = decode(REASON_BIT26 | 74, 0, 0, 0, 0, 0);
	assert_int_equal(e.kind, EXIT_BUSLOCK);
	assert_int_equal(e.bus_locks, 1);
	assert_int_equal(e.code, 0x0400004a);
}

static void bus_lock_on_other_exits(void **state)
{
	struct vm_exit e;

	(void)state;
	/* A CPUID exit that also reports a bus lock: both are decoded. */
	e = decode(REASON_BIT26 | 10, 0, 0, 0, 2, 0);
	assert_int_equal(e.kind, EXIT_CPUID);
	assert_int_equal(e.insn_len, 2);
	assert_int_equal(e.bus_locks, 1);
	assert_int_equal(e.bus_lock_source, BUSLOCK_SRC_VMEXIT);
	/* The same on an I/O exit and an EPT violation. */
	e = decode(REASON_BIT26 | 30, 0x03f80000, 0, 0, 1, 0);
	assert_int_equal(e.kind, EXIT_IO);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.bus_locks, 1);
	e = decode(REASON_BIT26 | 48, 0x182, 0, 0, 0, 0x401000);
	assert_int_equal(e.kind, EXIT_NPF);
	assert_int_equal(e.bus_locks, 1);
	/* Without bit 26 nothing is counted. */
	assert_int_equal(decode(10, 0, 0, 0, 2, 0).bus_locks, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(io),
		cmocka_unit_test(instructions_with_length),
		cmocka_unit_test(ept_violation),
		cmocka_unit_test(stops_and_virtualization),
		cmocka_unit_test(unknown_keeps_the_reason),
		cmocka_unit_test(exceptions),
		cmocka_unit_test(debug_exceptions),
		cmocka_unit_test(bus_lock_exit),
		cmocka_unit_test(bus_lock_on_other_exits),
	};

	return cmocka_run_group_tests_name("vmx_decode", tests, NULL, NULL);
}
