/* SPDX-License-Identifier: MIT */
/* Exceptions taken by the hypervisor itself. */
#ifndef TG_ARCH_X86_TRAP_H
#define TG_ARCH_X86_TRAP_H

#include <stdint.h>

/* Exception vectors: SDM 6.3.1. */
enum {
	VEC_DE = 0, VEC_DB = 1, VEC_NMI = 2, VEC_BP = 3, VEC_OF = 4,
	VEC_BR = 5, VEC_UD = 6, VEC_NM = 7, VEC_DF = 8, VEC_TS = 10,
	VEC_NP = 11, VEC_SS = 12, VEC_GP = 13, VEC_PF = 14, VEC_MF = 16,
	VEC_AC = 17, VEC_MC = 18, VEC_XM = 19, VEC_VE = 20, VEC_CP = 21,
};

/* What arch/x86/trap_entry.S saves, lowest address first. */
struct trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	/* Pushed by the CPU: SDM 6.14.2. */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Installs the GDT, TSS and IDT of the boot CPU. */
void trap_init(void);

/* Called by the entry stubs with interrupts off. */
void trap_dispatch(struct trap_frame *f);

/* Prints @f's registers, the control registers and a backtrace. */
void trap_dump(const struct trap_frame *f);

/* Prints the return addresses found by walking frame pointers from @rbp. */
void backtrace_from(uint64_t rbp);

#endif
