/* SPDX-License-Identifier: MIT */
/*
 * One stub per vector, TRAP_STUB_SIZE bytes apart, for the IDT that
 * arch/x86/gdt.c builds.  Each pushes a zero where the CPU pushes no error
 * code (SDM 6.13), then the vector, and jumps to trap_common, which saves the
 * general registers as a struct trap_frame and calls trap_dispatch().  The
 * guest runtime's stubs (guest/lib/traps.S) come from the same macros.
 */
#include "arch/x86/asm_macros.h"
#include "arch/x86/bits.h"

	.text
	.balign TRAP_STUB_SIZE
	.globl trap_stubs
trap_stubs:
	TRAP_STUBS 256, TRAP_STUB_SIZE, trap_common

trap_common:
	TRAP_COMMON trap_dispatch
