/* SPDX-License-Identifier: MIT */
/*
 * cpu_caps_decode() fed recorded-style CPUID and MSR values.
 * Build: make build/host/test_cpucaps
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/cpucaps.h"

/* "GenuineIntel" and "AuthenticAMD" as EBX, EDX, ECX of leaf 0. */
#define INTEL_LEAF0(max) { max, 0x756e6547, 0x6c65746e, 0x49656e69 }
#define AMD_LEAF0(max) { max, 0x68747541, 0x444d4163, 0x69746e65 }

/* Tiger Lake (family 6 model 0x8c), VMX on and locked, both bus-lock features. */
static struct cpu_raw tiger_lake(void)
{
	struct cpu_raw r = {
		.leaf0 = INTEL_LEAF0(0x1b),
		.leaf1 = { .eax = 0x000806c1, .ecx = CPUID_1_ECX_VMX },
		.leaf7 = { .ecx = CPUID_7_ECX_BUS_LOCK_DETECT,
			   .edx = CPUID_7_EDX_CORE_CAPABILITIES },
		.ext0 = { .eax = 0x80000008 },
		.has_feature_control = true,
		.feature_control = FEATURE_CONTROL_LOCKED |
				   FEATURE_CONTROL_VMX_OUTSIDE_SMX,
		.has_procbased = true,
		.procbased = (uint64_t)(PROCBASED_ACTIVATE_SECONDARY | 0x7ffefdfa)
			     << 32 | 0x04006172,
		.has_procbased2 = true,
		.procbased2 = (uint64_t)(PROCBASED2_BUS_LOCK_DETECT | 0x1fffff)
			      << 32,
		.has_core_caps = true,
		.core_caps = CORE_CAP_SPLIT_LOCK_AC,
	};
	return r;
}

/* Zen 3 (family 0x19 model 0x21), SVM with the Bus Lock Threshold. */
static struct cpu_raw zen3(void)
{
	struct cpu_raw r = {
		.leaf0 = AMD_LEAF0(0x10),
		.leaf1 = { .eax = 0x00a20f10 },
		.ext0 = { .eax = 0x80000021 },
		.ext1 = { .ecx = CPUID_80000001_ECX_SVM },
		.ext_a = { .eax = 1, .ebx = 0x8000,
			   .edx = CPUID_8000000A_EDX_BUS_LOCK_THRESHOLD },
		.has_vm_cr = true,
		.vm_cr = 0,
	};
	return r;
}

static void intel_tiger_lake(void **state)
{
	struct cpu_raw r = tiger_lake();
	struct cpu_caps c;

	(void)state;
	cpu_caps_decode(&r, &c);
	assert_int_equal(c.vendor, VENDOR_INTEL);
	assert_string_equal(c.vendor_id, "GenuineIntel");
	assert_string_equal(cpu_caps_vendor_name(&c), "intel");
	assert_int_equal(c.family, 6);
	assert_int_equal(c.model, 0x8c);
	assert_int_equal(c.stepping, 1);
	assert_true(c.vmx);
	assert_false(c.svm);
	assert_false(c.vmx_firmware_disabled);
	assert_false(c.vmx_feature_control_unlocked);
	assert_true(c.bus_lock_db);
	assert_true(c.bus_lock_vmexit);
	assert_false(c.bus_lock_threshold);
	assert_true(c.split_lock_ac);
	assert_string_equal(cpu_caps_virt(&c), "vmx");
}

static void amd_zen3(void **state)
{
	struct cpu_raw r = zen3();
	struct cpu_caps c;

	(void)state;
	cpu_caps_decode(&r, &c);
	assert_int_equal(c.vendor, VENDOR_AMD);
	assert_string_equal(cpu_caps_vendor_name(&c), "amd");
	assert_int_equal(c.family, 0x19);
	assert_int_equal(c.model, 0x21);
	assert_int_equal(c.stepping, 0);
	assert_true(c.svm);
	assert_false(c.vmx);
	assert_false(c.svm_firmware_disabled);
	assert_true(c.bus_lock_threshold);
	assert_false(c.bus_lock_db);
	assert_false(c.bus_lock_vmexit);
	assert_string_equal(cpu_caps_virt(&c), "svm");
}

static void vmx_disabled_in_firmware(void **state)
{
	struct cpu_raw r = tiger_lake();
	struct cpu_caps c;

	(void)state;
	r.feature_control = FEATURE_CONTROL_LOCKED;
	cpu_caps_decode(&r, &c);
	assert_true(c.vmx);
	assert_true(c.vmx_firmware_disabled);
	assert_string_equal(cpu_caps_virt(&c), "none");
}

static void vmx_feature_control_unlocked(void **state)
{
	struct cpu_raw r = tiger_lake();
	struct cpu_caps c;

	(void)state;
	r.feature_control = 0;
	cpu_caps_decode(&r, &c);
	assert_true(c.vmx_feature_control_unlocked);
	assert_false(c.vmx_firmware_disabled);
	assert_string_equal(cpu_caps_virt(&c), "vmx");
}

static void svm_disabled_in_firmware(void **state)
{
	struct cpu_raw r = zen3();
	struct cpu_caps c;

	(void)state;
	r.vm_cr = VM_CR_SVMDIS | VM_CR_LOCK;
	cpu_caps_decode(&r, &c);
	assert_true(c.svm);
	assert_true(c.svm_firmware_disabled);
	assert_true(c.svm_disable_locked);
	assert_string_equal(cpu_caps_virt(&c), "none");
}

/* Bit 30 of PROCBASED_CTLS2 means nothing unless secondary controls exist. */
static void no_secondary_controls(void **state)
{
	struct cpu_raw r = tiger_lake();
	struct cpu_caps c;

	(void)state;
	r.procbased &= ~((uint64_t)PROCBASED_ACTIVATE_SECONDARY << 32);
	cpu_caps_decode(&r, &c);
	assert_false(c.bus_lock_vmexit);
	/* Allowed-0 (low half) bits do not count as allowed-1. */
	r = tiger_lake();
	r.procbased2 = PROCBASED2_BUS_LOCK_DETECT;
	cpu_caps_decode(&r, &c);
	assert_false(c.bus_lock_vmexit);
}

/* Leaf 7 beyond the maximum leaf and 8000_000A beyond the extended maximum. */
static void leaves_beyond_maximum(void **state)
{
	struct cpu_raw r = tiger_lake();
	struct cpu_caps c;

	(void)state;
	r.leaf0.eax = 6;
	cpu_caps_decode(&r, &c);
	assert_false(c.bus_lock_db);

	r = zen3();
	r.ext0.eax = 0x80000008;
	cpu_caps_decode(&r, &c);
	assert_true(c.svm);
	assert_false(c.bus_lock_threshold);
}

static void unknown_vendor_without_features(void **state)
{
	struct cpu_raw r = { .leaf0 = { 1, 0x20202020, 0x20202020, 0x20202020 },
			     .leaf1 = { .eax = 0x00000f48 } };
	struct cpu_caps c;

	(void)state;
	cpu_caps_decode(&r, &c);
	assert_int_equal(c.vendor, VENDOR_OTHER);
	assert_string_equal(cpu_caps_vendor_name(&c), "other");
	assert_int_equal(c.family, 0xf);
	assert_int_equal(c.model, 4);
	assert_int_equal(c.stepping, 8);
	assert_false(c.vmx || c.svm || c.bus_lock_db || c.bus_lock_vmexit ||
		     c.bus_lock_threshold || c.split_lock_ac);
	assert_string_equal(cpu_caps_virt(&c), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(intel_tiger_lake),
		cmocka_unit_test(amd_zen3),
		cmocka_unit_test(vmx_disabled_in_firmware),
		cmocka_unit_test(vmx_feature_control_unlocked),
		cmocka_unit_test(svm_disabled_in_firmware),
		cmocka_unit_test(no_secondary_controls),
		cmocka_unit_test(leaves_beyond_maximum),
		cmocka_unit_test(unknown_vendor_without_features),
	};

	return cmocka_run_group_tests_name("cpucaps", tests, NULL, NULL);
}
