/* SPDX-License-Identifier: MIT */
/* The CPU report printed at boot: what the hardware offers for bus locks. */
#include "arch/x86/cpuprobe.h"
#include "core/console.h"
#include "core/cpureport.h"

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void report_vmx(const struct cpu_caps *c)
{
	if (!c->vmx)
		kprintf("  VMX:  no\n");
	else if (c->vmx_firmware_disabled)
		kprintf("  VMX:  present but disabled in firmware "
			"(IA32_FEATURE_CONTROL locked without VMX outside SMX); "
			"enable VT-x in the firmware setup\n");
	else
		kprintf("  VMX:  yes (IA32_FEATURE_CONTROL %s)\n",
			c->vmx_feature_control_unlocked ?
				"unlocked: Tollgate will enable and lock it" :
				"locked with VMX enabled");
}

static void report_svm(const struct cpu_caps *c)
{
	if (!c->svm)
		kprintf("  SVM:  no\n");
	else if (c->svm_firmware_disabled)
		kprintf("  SVM:  present but disabled in firmware (VM_CR.SVMDIS%s); "
			"enable SVM in the firmware setup\n",
			c->svm_disable_locked ? ", locked" : "");
	else
		kprintf("  SVM:  yes\n");
}

void cpu_report(struct cpu_caps *caps)
{
	struct cpu_raw raw;

	cpu_probe(&raw);
	cpu_caps_decode(&raw, caps);
	kprintf("CPU: %s family 0x%x model 0x%x stepping %u (%s)\n",
		caps->vendor_id, caps->family, caps->model, caps->stepping,
		cpu_caps_vendor_name(caps));
	report_vmx(caps);
	report_svm(caps);
	kprintf("  bus-lock #DB (CPUID.7.0:ECX[24]):                 %s\n",
		yes_no(caps->bus_lock_db));
	kprintf("  bus-lock VM exit (PROCBASED_CTLS2 allowed-1 [30]): %s\n",
		yes_no(caps->bus_lock_vmexit));
	kprintf("  Bus Lock Threshold (CPUID 8000_000A:EDX[29]):      %s\n",
		yes_no(caps->bus_lock_threshold));
	kprintf("  split-lock #AC (IA32_CORE_CAPABILITIES[5]):        %s\n",
		yes_no(caps->split_lock_ac));
	kprintf("  virtualization Tollgate can use: %s\n", cpu_caps_virt(caps));
}
