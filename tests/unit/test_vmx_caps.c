/* SPDX-License-Identifier: MIT */
/*
 * VMX control adjustment against recorded capability MSRs (SDM Vol. 3D
 * Appendix A).
 *
 * The recorded CPU is an Intel Core family 6 model 0x9e stepping 10
 * (Coffee Lake, CPUID.1:EAX 0x000906ea): older than Tiger Lake, with the
 * same VMX features for everything Tollgate asks (TRUE controls, EPT, VPID,
 * unrestricted guest, PAT/EFER/debug-control switching) and, like Tiger
 * Lake, no bus-lock VM exit.  Its values are copied from a public
 * VirtualBox 6.1 VBox.log (the "HM: MSR_IA32_VMX_*" lines).  No public dump
 * of a CPU with the bus-lock VM exit was found, so the bus-lock variant is
 * that CPU with PROCBASED_CTLS2 allowed-1 bit 30 added (as a Sapphire
 * Rapids reports it), and the EPT-less one is it with EPT and unrestricted
 * guest removed (as a nested hypervisor that hides EPT shows it).
 *
 * Build: make build/host/test_vmx_caps
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx/vmcs.h"
#include "vmx/vmx_caps.h"

/* Recorded (see above). */
#define REC_BASIC 0x00da040000000004ull
#define REC_PINBASED 0x0000007f00000016ull
#define REC_PROCBASED 0xfff9fffe0401e172ull
#define REC_PROCBASED2 0x005fbcff00000000ull
#define REC_EXIT 0x01ffffff00036dffull
#define REC_ENTRY 0x0003ffff000011ffull
#define REC_TRUE_PINBASED 0x0000007f00000016ull
#define REC_TRUE_PROCBASED 0xfff9fffe04006172ull
#define REC_TRUE_EXIT 0x01ffffff00036dfbull
#define REC_TRUE_ENTRY 0x0003ffff000011fbull
#define REC_EPT_VPID_CAP 0x00000f0106734141ull
#define REC_CR0_FIXED0 0x80000021ull
#define REC_CR0_FIXED1 0xffffffffull
#define REC_CR4_FIXED0 0x00002000ull
#define REC_CR4_FIXED1 0x003727ffull

/* Constructed from the recorded value (see above). */
#define BUSLOCK_PROCBASED2 (REC_PROCBASED2 | (1ull << (32 + 30)))
#define NO_EPT_PROCBASED2 \
	(REC_PROCBASED2 & ~((1ull << (32 + 1)) | (1ull << (32 + 7))))

/* What a VMX back end asks of the secondary controls. */
#define P2_REQUIRED SECONDARY_EXEC_ENABLE_EPT
#define P2_OPTIONAL (SECONDARY_EXEC_ENABLE_RDTSCP | \
		     SECONDARY_EXEC_ENABLE_VPID | \
		     SECONDARY_EXEC_UNRESTRICTED_GUEST | \
		     SECONDARY_EXEC_ENABLE_INVPCID | \
		     SECONDARY_EXEC_ENABLE_XSAVES | \
		     SECONDARY_EXEC_BUS_LOCK_DETECTION)

static char err[160];

/* The names a VMX back end gives the five fields in its messages. */
#define PIN "pin-based controls"
#define PROC "primary processor-based controls"
#define PROC2 "secondary processor-based controls"
#define EXIT "VM-exit controls"
#define ENTRY "VM-entry controls"

static int adjust(const char *which, uint64_t cap, uint32_t req,
		  uint32_t opt, uint32_t *out)
{
	memset(err, 0, sizeof(err));
	return vmx_adjust_controls(which, cap, req, opt, out, err,
				   sizeof(err));
}

static void basic_and_msr_choice(void **state)
{
	(void)state;
	/* Revision 4, 1024-byte VMCS, WB, TRUE controls: SDM A.1. */
	assert_true(REC_BASIC & VMX_BASIC_TRUE_CTLS);
	assert_int_equal(REC_BASIC & VMX_BASIC_REVISION_MASK, 4);
	assert_int_equal((REC_BASIC >> VMX_BASIC_VMCS_SIZE_SHIFT) &
			 VMX_BASIC_VMCS_SIZE_MASK, 1024);
	assert_int_equal((REC_BASIC >> VMX_BASIC_MEMTYPE_SHIFT) &
			 VMX_BASIC_MEMTYPE_MASK, VMX_BASIC_MEMTYPE_WB);
	/* SDM A.3.1-A.5: TRUE_ MSRs 48DH-490H; the secondary has none. */
	assert_int_equal(vmx_cap_msr(true, VMX_CAP_PINBASED), 0x48d);
	assert_int_equal(vmx_cap_msr(false, VMX_CAP_PINBASED), 0x481);
	assert_int_equal(vmx_cap_msr(true, VMX_CAP_PROCBASED), 0x48e);
	assert_int_equal(vmx_cap_msr(false, VMX_CAP_PROCBASED), 0x482);
	assert_int_equal(vmx_cap_msr(true, VMX_CAP_PROCBASED2), 0x48b);
	assert_int_equal(vmx_cap_msr(false, VMX_CAP_PROCBASED2), 0x48b);
	assert_int_equal(vmx_cap_msr(true, VMX_CAP_EXIT), 0x48f);
	assert_int_equal(vmx_cap_msr(false, VMX_CAP_EXIT), 0x483);
	assert_int_equal(vmx_cap_msr(true, VMX_CAP_ENTRY), 0x490);
	assert_int_equal(vmx_cap_msr(false, VMX_CAP_ENTRY), 0x484);
	assert_int_equal(vmx_cap_msr(true, VMX_CAP_COUNT), 0);
}

static void ept_vpid_capabilities(void **state)
{
	(void)state;
	/* SDM A.10: bits 6, 14, 16, 20, 25, 26 and 32 are all set. */
	assert_true(REC_EPT_VPID_CAP & VMX_EPT_CAP_WALK_4);
	assert_true(REC_EPT_VPID_CAP & VMX_EPT_CAP_WB);
	assert_true(REC_EPT_VPID_CAP & VMX_EPT_CAP_2M);
	assert_true(REC_EPT_VPID_CAP & VMX_EPT_CAP_INVEPT);
	assert_true(REC_EPT_VPID_CAP & VMX_EPT_CAP_INVEPT_SINGLE);
	assert_true(REC_EPT_VPID_CAP & VMX_EPT_CAP_INVEPT_ALL);
	assert_true(REC_EPT_VPID_CAP & VMX_VPID_CAP_INVVPID);
	/* Bit 7, a 5-level page walk in later SDMs, is not offered. */
	assert_false(REC_EPT_VPID_CAP & (1ull << 7));
}

static void pin_based(void **state)
{
	uint32_t out = 0;

	(void)state;
	/* Allowed-0 0x16 forces bits 1, 2, 4; virtual NMIs (5) is allowed. */
	assert_int_equal(adjust(PIN, REC_TRUE_PINBASED,
				PIN_BASED_EXT_INTR_EXITING |
				PIN_BASED_NMI_EXITING,
				PIN_BASED_VIRTUAL_NMIS, &out), 0);
	assert_int_equal(out, 0x3f);
	/* Posted interrupts (7) is not allowed-1 (0x7f): named, out kept. */
	out = 0x1234;
	assert_int_equal(adjust(PIN, REC_TRUE_PINBASED,
				PIN_BASED_POSTED_INTR, 0, &out), -1);
	assert_int_equal(out, 0x1234);
	assert_string_equal(err, "pin-based controls: the CPU refuses "
			    "required bit 7 (process posted interrupts)");
}

static void primary_true_and_legacy(void **state)
{
	uint32_t req = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
		       CPU_BASED_USE_MSR_BITMAPS |
		       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	uint32_t out = 0;

	(void)state;
	/* 0x92000080 | allowed-0 0x04006172. */
	assert_int_equal(adjust(PROC, REC_TRUE_PROCBASED, req, 0,
				&out), 0);
	assert_int_equal(out, 0x960061f2);
	assert_false(out & CPU_BASED_CR3_LOAD_EXITING);
	/* Without TRUE controls CR3-load/store exiting (15, 16) are forced. */
	assert_int_equal(adjust(PROC, REC_PROCBASED, req, 0, &out),
			 0);
	assert_int_equal(out, 0x9601e1f2);
	assert_true(out & CPU_BASED_CR3_LOAD_EXITING);
	assert_true(out & CPU_BASED_CR3_STORE_EXITING);
	/* Nothing asked: exactly the allowed-0 (default1) settings. */
	assert_int_equal(adjust(PROC, REC_TRUE_PROCBASED, 0, 0, &out),
			 0);
	assert_int_equal(out, 0x04006172);
}

static void secondary_bus_lock_optional(void **state)
{
	uint32_t out = 0;

	(void)state;
	/* The recorded CPU lacks bit 30: bus-lock detection is simply off. */
	assert_int_equal(adjust(PROC2, REC_PROCBASED2, P2_REQUIRED,
				P2_OPTIONAL, &out), 0);
	assert_int_equal(out, 0x001010aa);
	assert_false(out & SECONDARY_EXEC_BUS_LOCK_DETECTION);
	assert_string_equal(err, "");
	/* With allowed-1 bit 30 it is on, the rest unchanged. */
	assert_int_equal(adjust(PROC2, BUSLOCK_PROCBASED2,
				P2_REQUIRED, P2_OPTIONAL, &out), 0);
	assert_int_equal(out, 0x401010aa);
	assert_true(out & SECONDARY_EXEC_BUS_LOCK_DETECTION);
}

static void secondary_without_ept(void **state)
{
	uint32_t out = 0xdead;

	(void)state;
	assert_int_equal(adjust(PROC2, NO_EPT_PROCBASED2, P2_REQUIRED,
				P2_OPTIONAL, &out), -1);
	assert_string_equal(err, "secondary processor-based controls: the "
			    "CPU refuses required bit 1 (enable EPT)");
	assert_int_equal(out, 0xdead);
	/* Every refused bit is named, in order. */
	assert_int_equal(adjust(PROC2, NO_EPT_PROCBASED2,
				SECONDARY_EXEC_ENABLE_EPT |
				SECONDARY_EXEC_UNRESTRICTED_GUEST |
				SECONDARY_EXEC_ENABLE_VPID, 0, &out), -1);
	assert_string_equal(err, "secondary processor-based controls: the "
			    "CPU refuses required bit 1 (enable EPT), "
			    "bit 7 (unrestricted guest)");
	/* A bit without a name in the table still has its number. */
	assert_int_equal(adjust(PROC2, REC_PROCBASED2, 1u << 29, 0,
				&out), -1);
	assert_string_equal(err, "secondary processor-based controls: the "
			    "CPU refuses required bit 29 (unnamed)");
	/* The short name works too: the first word picks the bit names. */
	assert_int_equal(adjust("secondary controls", NO_EPT_PROCBASED2,
				SECONDARY_EXEC_ENABLE_EPT, 0, &out), -1);
	assert_string_equal(err, "secondary controls: the CPU refuses "
			    "required bit 1 (enable EPT)");
	/* An unknown name still gives the numbers. */
	assert_int_equal(adjust("tertiary controls", 0, 1u << 4, 0, &out),
			 -1);
	assert_string_equal(err, "tertiary controls: the CPU refuses "
			    "required bit 4 (unnamed)");
}

static void message_is_truncated_safely(void **state)
{
	char small[16];
	uint32_t out = 0;

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(vmx_adjust_controls(PROC2, NO_EPT_PROCBASED2,
					     SECONDARY_EXEC_ENABLE_EPT, 0, &out,
					     small, sizeof(small)), -1);
	assert_string_equal(small, "secondary proce");
	/* No buffer at all: still refused. */
	assert_int_equal(vmx_adjust_controls(PROC2, NO_EPT_PROCBASED2,
					     SECONDARY_EXEC_ENABLE_EPT, 0, &out,
					     NULL, 0), -1);
}

static void exit_and_entry(void **state)
{
	uint32_t exit_req = VM_EXIT_SAVE_DEBUG_CONTROLS |
			    VM_EXIT_HOST_ADDR_SPACE_SIZE |
			    VM_EXIT_SAVE_PAT | VM_EXIT_LOAD_PAT |
			    VM_EXIT_SAVE_EFER | VM_EXIT_LOAD_EFER;
	uint32_t entry_req = VM_ENTRY_LOAD_DEBUG_CONTROLS |
			     VM_ENTRY_IA32E_MODE |
			     VM_ENTRY_LOAD_PAT | VM_ENTRY_LOAD_EFER;
	uint32_t out = 0;

	(void)state;
	/* 0x3c0204 | ack-interrupt 0x8000 | allowed-0 0x36dfb. */
	assert_int_equal(adjust(EXIT, REC_TRUE_EXIT, exit_req,
				VM_EXIT_ACK_INTR_ON_EXIT, &out), 0);
	assert_int_equal(out, 0x3fefff);
	/* Save debug controls (2) may be 0 only with the TRUE MSR. */
	assert_int_equal(adjust(EXIT, REC_TRUE_EXIT, 0, 0, &out), 0);
	assert_int_equal(out, 0x36dfb);
	assert_int_equal(adjust(EXIT, REC_EXIT, 0, 0, &out), 0);
	assert_int_equal(out, 0x36dff);
	/* 0xc204 | allowed-0 0x11fb. */
	assert_int_equal(adjust(ENTRY, REC_TRUE_ENTRY, entry_req, 0,
				&out), 0);
	assert_int_equal(out, 0xd3ff);
	/* Allowed-1 0x3ffff has no bit 20 (load CET state): refused. */
	assert_int_equal(adjust(ENTRY, REC_ENTRY, 1u << 20, 0, &out),
			 -1);
	assert_string_equal(err, "VM-entry controls: the CPU refuses "
			    "required bit 20 (unnamed)");
}

static void cr_fixed_bits(void **state)
{
	(void)state;
	/* CR0: PE, NE, PG must be 1 (SDM A.7); NE is added to PG|ET|PE. */
	assert_int_equal(vmx_fixed_bits(0x80000011, REC_CR0_FIXED0,
					REC_CR0_FIXED1), 0x80000031);
	assert_int_equal(vmx_fixed_bits(0, REC_CR0_FIXED0, REC_CR0_FIXED1),
			 0x80000021);
	/* CR4: VMXE (13) must be 1; LA57 (12) is not allowed (SDM A.8). */
	assert_int_equal(vmx_fixed_bits(0x20, REC_CR4_FIXED0, REC_CR4_FIXED1),
			 0x2020);
	assert_int_equal(vmx_fixed_bits(0x1020, REC_CR4_FIXED0,
					REC_CR4_FIXED1), 0x2020);
	assert_int_equal(vmx_fixed_bits(1ull << 40, REC_CR4_FIXED0,
					REC_CR4_FIXED1), 0x2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(basic_and_msr_choice),
		cmocka_unit_test(ept_vpid_capabilities),
		cmocka_unit_test(pin_based),
		cmocka_unit_test(primary_true_and_legacy),
		cmocka_unit_test(secondary_bus_lock_optional),
		cmocka_unit_test(secondary_without_ept),
		cmocka_unit_test(message_is_truncated_safely),
		cmocka_unit_test(exit_and_entry),
		cmocka_unit_test(cr_fixed_bits),
	};

	return cmocka_run_group_tests_name("vmx_caps", tests, NULL, NULL);
}
