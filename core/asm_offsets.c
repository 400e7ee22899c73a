/* SPDX-License-Identifier: MIT */
/*
 * Struct offsets for assembly.  Compiled to assembly only; the Makefile turns
 * each "->NAME value" marker into "#define NAME value" in asm_offsets.h, so
 * no offset is ever written by hand in a .S file.
 */
#include <stddef.h>

#include "core/vm.h"
#include "vmx/vmcs.h"

#define DEFINE(sym, val) \
	asm volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))

void asm_offsets(void);

void asm_offsets(void)
{
	DEFINE(REGS_RAX, offsetof(struct vcpu_regs, rax));
	DEFINE(REGS_RBX, offsetof(struct vcpu_regs, rbx));
	DEFINE(REGS_RCX, offsetof(struct vcpu_regs, rcx));
	DEFINE(REGS_RDX, offsetof(struct vcpu_regs, rdx));
	DEFINE(REGS_RSI, offsetof(struct vcpu_regs, rsi));
	DEFINE(REGS_RDI, offsetof(struct vcpu_regs, rdi));
	DEFINE(REGS_RBP, offsetof(struct vcpu_regs, rbp));
	DEFINE(REGS_R8, offsetof(struct vcpu_regs, r8));
	DEFINE(REGS_R9, offsetof(struct vcpu_regs, r9));
	DEFINE(REGS_R10, offsetof(struct vcpu_regs, r10));
	DEFINE(REGS_R11, offsetof(struct vcpu_regs, r11));
	DEFINE(REGS_R12, offsetof(struct vcpu_regs, r12));
	DEFINE(REGS_R13, offsetof(struct vcpu_regs, r13));
	DEFINE(REGS_R14, offsetof(struct vcpu_regs, r14));
	DEFINE(REGS_R15, offsetof(struct vcpu_regs, r15));
	DEFINE(VMCS_HOST_RSP_FIELD, VMCS_HOST_RSP);
}
