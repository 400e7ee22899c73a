/* SPDX-License-Identifier: MIT */
/*
 * The rows of test_x86dec.c: encodings written by hand from the SDM, with
 * what the decoder must say of each (see test_x86dec.c for their sources
 * and how they were cross-checked).  Data only, for that one file.
 */
#ifndef TG_TESTS_UNIT_X86DEC_CASES_H
#define TG_TESTS_UNIT_X86DEC_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "lib/x86dec.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define LINE 64			/* the cache line of every current x86 */
#define M16 X86_MODE_16
#define M32 X86_MODE_32
#define M64 X86_MODE_64
#define HEX_MAX 64		/* room for the bytes of a row */

/* What a row expects of struct x86_lock_insn and the result. */
#define W_KNOWN 0x1		/* known: len is the row's byte count */
#define W_MEM 0x2		/* with addr and size */
#define W_LOCKED 0x4
#define W_SPLIT 0x8
#define W_BAD_LOCK 0x10		/* X86_DEC_BAD_LOCK, not 0 */
#define UNKNOWN 0
#define REG W_KNOWN
#define MEM (W_KNOWN | W_MEM)
#define LOCKED (MEM | W_LOCKED)
#define SPLIT (LOCKED | W_SPLIT)
#define BADLOCK W_BAD_LOCK

struct dec_case {
	const char *what;	/* AT&T syntax, or what the bytes show */
	const char *hex;	/* the instruction's bytes */
	unsigned int want;	/* W_* */
	uint64_t addr;
	unsigned int size;
	const char *mnemonic;
};

/* 64-bit registers; ES, CS, SS, DS bases are set to show they are unused. */
static const struct x86_regs regs64 = {
	.gpr = { 0x1000, 0x2000, 0x3000, 0x10000, 0x7ffc, 0x8000, 0x20000,
		 0x30000, 0x80000, 0x1234567800090000, 0xa0000, 0xb0000,
		 0xc0000, 0xd0000, 0xe0000, 0xf0000 },
	.rip = 0x401000,
	.seg_base = { 0xe5000000, 0xc5000000, 0x55000000, 0xd5000000,
		      0x7f0000000000, 0xffff888000000000 },
};

/* Flat 32-bit and 16-bit code; stale upper halves must not count. */
static const struct x86_regs regs32 = {
	.gpr = { 0x1000, 0x2000, 0x3000, 0xabcd000000014000, 0x7ffc, 0x8000,
		 0x20100, 0x30200, 0xdead0000, 0xdead0000, 0xdead0000,
		 0xdead0000, 0xdead0000, 0xdead0000, 0xdead0000, 0xdead0000 },
	.rip = 0x401000,
	.seg_base = { [X86_SEG_FS] = 0x1000000, [X86_SEG_GS] = 0x2000000 },
};

/* Segmented 32-bit code: every base counts. */
static const struct x86_regs regs_seg = {
	.gpr = { 0x1000, 0x2000, 0x3000, 0x14000, 0x7ffc, 0x8000, 0x20100,
		 0x30200 },
	.seg_base = { 0x30000000, 0x60000000, 0x20000000, 0x10000000,
		      0x40000000, 0xfffff000 },
};

/* Real mode: bases are selector * 16. */
static const struct x86_regs regs_real = {
	.gpr = { 0x1000, 0x2000, 0x3000, 0x4000, 0x7ffc, 0x8000, 0x100,
		 0x200 },
	.seg_base = { 0xb8000, 0xf0000, 0x56780, 0x12340 },
};

/* Every lockable opcode with LOCK and a memory operand; XCHG. */
static const struct dec_case lockable[] = {
	{ "lock add %al,(%rbx)", "f0 00 03", LOCKED, 0x10000, 1, "add" },
	{ "lock add %eax,(%rbx)", "f0 01 03", LOCKED, 0x10000, 4, "add" },
	{ "lock or %cl,(%rbx)", "f0 08 0b", LOCKED, 0x10000, 1, "or" },
	{ "lock or %ecx,(%rbx)", "f0 09 0b", LOCKED, 0x10000, 4, "or" },
	{ "lock adc %dl,(%rbx)", "f0 10 13", LOCKED, 0x10000, 1, "adc" },
	{ "lock adc %edx,(%rbx)", "f0 11 13", LOCKED, 0x10000, 4, "adc" },
	{ "lock sbb %al,(%rbx)", "f0 18 03", LOCKED, 0x10000, 1, "sbb" },
	{ "lock sbb %rax,(%rbx)", "f0 48 19 03", LOCKED, 0x10000, 8, "sbb" },
	{ "lock and %al,(%rbx)", "f0 20 03", LOCKED, 0x10000, 1, "and" },
	{ "lock and %ax,(%rbx)", "66 f0 21 03", LOCKED, 0x10000, 2, "and" },
	{ "lock sub %al,(%rbx)", "f0 28 03", LOCKED, 0x10000, 1, "sub" },
	{ "lock sub %eax,(%rbx)", "f0 29 03", LOCKED, 0x10000, 4, "sub" },
	{ "lock xor %al,(%rbx)", "f0 30 03", LOCKED, 0x10000, 1, "xor" },
	{ "lock xor %eax,(%rbx)", "f0 31 03", LOCKED, 0x10000, 4, "xor" },
	{ "lock addb $0x1,(%rbx)", "f0 80 03 01", LOCKED, 0x10000, 1, "add" },
	{ "lock orb $0x1,(%rbx)", "f0 80 0b 01", LOCKED, 0x10000, 1, "or" },
	{ "lock adcb $0x1,(%rbx)", "f0 80 13 01", LOCKED, 0x10000, 1, "adc" },
	{ "lock sbbb $0x1,(%rbx)", "f0 80 1b 01", LOCKED, 0x10000, 1, "sbb" },
	{ "lock andb $0x1,(%rbx)", "f0 80 23 01", LOCKED, 0x10000, 1, "and" },
	{ "lock subb $0x1,(%rbx)", "f0 80 2b 01", LOCKED, 0x10000, 1, "sub" },
	{ "lock xorb $0x1,(%rbx)", "f0 80 33 01", LOCKED, 0x10000, 1, "xor" },
	{ "lock addl $0x12345678,(%rbx)", "f0 81 03 78 56 34 12",
	  LOCKED, 0x10000, 4, "add" },
	{ "lock subw $0x1234,(%rbx)", "66 f0 81 2b 34 12",
	  LOCKED, 0x10000, 2, "sub" },
	{ "lock orq $0x1000,(%rbx)", "f0 48 81 0b 00 10 00 00",
	  LOCKED, 0x10000, 8, "or" },
	{ "lock addq $-1,(%rbx)", "f0 48 83 03 ff", LOCKED, 0x10000, 8, "add" },
	{ "lock andl $0xf,(%rbx)", "f0 83 23 0f", LOCKED, 0x10000, 4, "and" },
	{ "lock xorw $0x1,(%rbx)", "66 f0 83 33 01",
	  LOCKED, 0x10000, 2, "xor" },
	{ "lock notb (%rbx)", "f0 f6 13", LOCKED, 0x10000, 1, "not" },
	{ "lock notl (%rbx)", "f0 f7 13", LOCKED, 0x10000, 4, "not" },
	{ "lock negw (%rbx)", "66 f0 f7 1b", LOCKED, 0x10000, 2, "neg" },
	{ "lock negq (%rbx)", "f0 48 f7 1b", LOCKED, 0x10000, 8, "neg" },
	{ "lock incb (%rbx)", "f0 fe 03", LOCKED, 0x10000, 1, "inc" },
	{ "lock decb (%rbx)", "f0 fe 0b", LOCKED, 0x10000, 1, "dec" },
	{ "lock incl (%rbx)", "f0 ff 03", LOCKED, 0x10000, 4, "inc" },
	{ "lock incw (%rbx)", "66 f0 ff 03", LOCKED, 0x10000, 2, "inc" },
	{ "lock decq (%rbx)", "f0 48 ff 0b", LOCKED, 0x10000, 8, "dec" },
	/* %rcx = 0x2000 bits: 0x400 bytes on, whatever the operand size. */
	{ "lock bts %ecx,(%rbx)", "f0 0f ab 0b", LOCKED, 0x10400, 4, "bts" },
	{ "lock btr %rcx,(%rbx)", "f0 48 0f b3 0b", LOCKED, 0x10400, 8, "btr" },
	{ "lock btc %cx,(%rbx)", "66 f0 0f bb 0b", LOCKED, 0x10400, 2, "btc" },
	{ "lock btsl $0x5,(%rbx)", "f0 0f ba 2b 05",
	  LOCKED, 0x10000, 4, "bts" },
	{ "lock btrq $0x3f,(%rbx)", "f0 48 0f ba 33 3f",
	  LOCKED, 0x10000, 8, "btr" },
	{ "lock btcw $0x1,(%rbx)", "66 f0 0f ba 3b 01",
	  LOCKED, 0x10000, 2, "btc" },
	{ "lock cmpxchg %cl,(%rbx)", "f0 0f b0 0b",
	  LOCKED, 0x10000, 1, "cmpxchg" },
	{ "lock cmpxchg %ecx,(%rbx)", "f0 0f b1 0b",
	  LOCKED, 0x10000, 4, "cmpxchg" },
	{ "lock cmpxchg %rcx,(%rbx)", "f0 48 0f b1 0b",
	  LOCKED, 0x10000, 8, "cmpxchg" },
	{ "lock xadd %al,(%rbx)", "f0 0f c0 03", LOCKED, 0x10000, 1, "xadd" },
	{ "lock xadd %rax,(%rbx)", "f0 48 0f c1 03",
	  LOCKED, 0x10000, 8, "xadd" },
	{ "lock cmpxchg8b (%rbx)", "f0 0f c7 0b",
	  LOCKED, 0x10000, 8, "cmpxchg8b" },
	{ "lock cmpxchg16b (%rbx)", "f0 48 0f c7 0b",
	  LOCKED, 0x10000, 16, "cmpxchg16b" },
	{ "xchg %al,(%rbx)", "86 03", LOCKED, 0x10000, 1, "xchg" },
	{ "xchg %eax,(%rbx)", "87 03", LOCKED, 0x10000, 4, "xchg" },
	{ "xchg %ax,(%rbx)", "66 87 03", LOCKED, 0x10000, 2, "xchg" },
	{ "lock xchg %rax,(%rbx)", "f0 48 87 03", LOCKED, 0x10000, 8, "xchg" },
	/* %rsp = 0x7ffc: 60 bytes into its line. */
	{ "xchg %rax,(%rsp)", "48 87 04 24", SPLIT, 0x7ffc, 8, "xchg" },
	{ "lock xadd %eax,(%rsp)", "f0 0f c1 04 24",
	  LOCKED, 0x7ffc, 4, "xadd" },
	{ "xchg %eax,-0x2(%rbx)", "87 43 fe", SPLIT, 0xfffe, 4, "xchg" },
};

/* Not bus locks: no memory operand, no LOCK, or LOCK where it is #UD. */
static const struct dec_case not_locked[] = {
	{ "add %eax,(%rbx)", "01 03", MEM, 0x10000, 4, "add" },
	{ "xadd %eax,(%rbx)", "0f c1 03", MEM, 0x10000, 4, "xadd" },
	{ "add %eax,%ebx", "01 c3", REG, 0, 0, "add" },
	{ "lock add %eax,%ebx", "f0 01 c3", REG | BADLOCK, 0, 0, "add" },
	{ "xchg %eax,%ebx", "87 c3", REG, 0, 0, "xchg" },
	{ "lock xchg %eax,%ebx", "f0 87 c3", REG | BADLOCK, 0, 0, "xchg" },
	{ "lock xadd %eax,%ebx", "f0 0f c1 c3", REG | BADLOCK, 0, 0, "xadd" },
	{ "lock neg %ebx", "f0 f7 db", REG | BADLOCK, 0, 0, "neg" },
	{ "lock bts %ecx,%ebx", "f0 0f ab cb", REG | BADLOCK, 0, 0, "bts" },
	{ "mov %eax,%ss", "8e d0", REG, 0, 0, "mov sreg" },
	{ "mov (%rbx),%ss", "8e 13", MEM, 0x10000, 2, "mov sreg" },
	{ "mov %eax,%ds", "8e d8", REG, 0, 0, "mov sreg" },
	{ "lock mov %eax,%ss", "f0 8e d0", REG | BADLOCK, 0, 0, "mov sreg" },
	{ "pop %ss is #UD in 64-bit mode", "17", UNKNOWN, 0, 0, "unknown" },
	{ "CMPXCHG8B with a register operand", "0f c7 cb",
	  UNKNOWN, 0, 0, "unknown" },
	{ "the same with LOCK", "f0 0f c7 cb", BADLOCK, 0, 0, "unknown" },
	{ "cmp %eax,(%rbx)", "39 03", MEM, 0x10000, 4, "cmp" },
	{ "lock cmp %eax,(%rbx)", "f0 39 03",
	  MEM | BADLOCK, 0x10000, 4, "cmp" },
	{ "cmp (%rbx),%eax", "3b 03", MEM, 0x10000, 4, "cmp" },
	{ "cmpb $0x1,(%rbx)", "80 3b 01", MEM, 0x10000, 1, "cmp" },
	{ "lock cmpl $0x1,(%rbx)", "f0 83 3b 01",
	  MEM | BADLOCK, 0x10000, 4, "cmp" },
	{ "testb $0x12,(%rbx)", "f6 03 12", MEM, 0x10000, 1, "test" },
	{ "testl $0x12345678,(%rbx)", "f7 03 78 56 34 12",
	  MEM, 0x10000, 4, "test" },
	{ "testw $0x1234,(%rbx)", "66 f7 03 34 12", MEM, 0x10000, 2, "test" },
	{ "testq $-1,(%rbx)", "48 f7 03 ff ff ff ff", MEM, 0x10000, 8, "test" },
	{ "lock testl $0x12345678,(%rbx)", "f0 f7 03 78 56 34 12",
	  MEM | BADLOCK, 0x10000, 4, "test" },
	{ "F6 /1, an alias of TEST", "f6 0b 12", MEM, 0x10000, 1, "test" },
	{ "test %eax,(%rbx)", "85 03", MEM, 0x10000, 4, "test" },
	{ "lock test %eax,(%rbx)", "f0 85 03",
	  MEM | BADLOCK, 0x10000, 4, "test" },
	{ "lock mull (%rbx)", "f0 f7 23", MEM | BADLOCK, 0x10000, 4, "mul" },
	{ "divq (%rbx)", "48 f7 33", MEM, 0x10000, 8, "div" },
	{ "idivb (%rbx)", "f6 3b", MEM, 0x10000, 1, "idiv" },
	{ "bt %ecx,(%rbx)", "0f a3 0b", MEM, 0x10400, 4, "bt" },
	{ "lock bt %ecx,(%rbx)", "f0 0f a3 0b",
	  MEM | BADLOCK, 0x10400, 4, "bt" },
	{ "lock btl $0x1,(%rbx)", "f0 0f ba 23 01",
	  MEM | BADLOCK, 0x10000, 4, "bt" },
	{ "lock add (%rbx),%eax", "f0 03 03",
	  MEM | BADLOCK, 0x10000, 4, "add" },
	{ "sub (%rbx),%al", "2a 03", MEM, 0x10000, 1, "sub" },
	{ "lock add $0x1,%al", "f0 04 01", REG | BADLOCK, 0, 0, "add" },
	{ "add $0x12345678,%eax", "05 78 56 34 12", REG, 0, 0, "add" },
	{ "add $0x1234,%ax", "66 05 34 12", REG, 0, 0, "add" },
	{ "add $0x12345678,%rax", "48 05 78 56 34 12", REG, 0, 0, "add" },
	{ "cmp $0x1,%al", "3c 01", REG, 0, 0, "cmp" },
	{ "mov %eax,(%rbx)", "89 03", UNKNOWN, 0, 0, "unknown" },
	{ "lock mov %eax,(%rbx)", "f0 89 03", BADLOCK, 0, 0, "unknown" },
	{ "nop", "90", UNKNOWN, 0, 0, "unknown" },
	{ "lock nop", "f0 90", BADLOCK, 0, 0, "unknown" },
	{ "pause", "f3 90", UNKNOWN, 0, 0, "unknown" },
	{ "call *(%rbx)", "ff 13", UNKNOWN, 0, 0, "unknown" },
	{ "LOCK CALL", "f0 ff 13", BADLOCK, 0, 0, "unknown" },
	{ "FE /2, undefined", "fe 13", UNKNOWN, 0, 0, "unknown" },
	{ "0F BA /0, undefined", "0f ba 03 01", UNKNOWN, 0, 0, "unknown" },
	{ "#UD in 64-bit mode", "82 03 01", UNKNOWN, 0, 0, "unknown" },
	{ "with LOCK", "f0 82 03 01", BADLOCK, 0, 0, "unknown" },
	{ "MOV from CR8 on AMD", "f0 0f 20 c0", UNKNOWN, 0, 0, "unknown" },
	{ "MOV to CR8 on AMD", "f0 0f 22 c0", UNKNOWN, 0, 0, "unknown" },
};

/* Prefixes: repeated, reordered, REX placement, sizes, segments. */
static const struct dec_case prefixes[] = {
	{ "lock xadd %ax,(%rbx)", "66 f0 0f c1 03",
	  LOCKED, 0x10000, 2, "xadd" },
	{ "the same, reordered", "f0 66 0f c1 03", LOCKED, 0x10000, 2, "xadd" },
	{ "REX.W beats 66", "66 f0 48 0f c1 03", LOCKED, 0x10000, 8, "xadd" },
	{ "a REX before LOCK is ignored", "48 f0 0f c1 03",
	  LOCKED, 0x10000, 4, "xadd" },
	{ "only the REX before the opcode", "41 f0 48 0f c1 03",
	  LOCKED, 0x10000, 8, "xadd" },
	{ "of two REX, the last", "f0 41 48 0f c1 03",
	  LOCKED, 0x10000, 8, "xadd" },
	{ "of two REX, the last: (%r11)", "f0 48 41 0f c1 03",
	  LOCKED, 0xb0000, 4, "xadd" },
	{ "LOCK three times", "f0 f0 f0 0f c1 03", LOCKED, 0x10000, 4, "xadd" },
	{ "xacquire lock xadd %eax,(%rbx)", "f2 f0 0f c1 03",
	  LOCKED, 0x10000, 4, "xadd" },
	{ "xrelease xchg %eax,(%rbx)", "f3 87 03", LOCKED, 0x10000, 4, "xchg" },
	{ "one of each group", "f3 3e 66 67 f0 0f c1 03",
	  LOCKED, 0x10000, 2, "xadd" },
	{ "lock xadd %eax,(%r9)", "f0 41 0f c1 01",
	  LOCKED, 0x1234567800090000, 4, "xadd" },
	{ "lock xadd %eax,(%r9d)", "67 f0 41 0f c1 01",
	  LOCKED, 0x90000, 4, "xadd" },
	{ "lock xadd %eax,%fs:(%rbx)", "64 f0 0f c1 03",
	  LOCKED, 0x7f0000010000, 4, "xadd" },
	{ "lock xadd %rax,%gs:(%rbx)", "65 f0 48 0f c1 03",
	  LOCKED, 0xffff888000010000, 8, "xadd" },
	{ "ds lock xadd %eax,(%rbx): DS has no base", "3e f0 0f c1 03",
	  LOCKED, 0x10000, 4, "xadd" },
	{ "ES CS SS have no base", "26 2e 36 f0 0f c1 03",
	  LOCKED, 0x10000, 4, "xadd" },
	{ "DS does not cancel FS", "64 3e f0 0f c1 03",
	  LOCKED, 0x7f0000010000, 4, "xadd" },
	{ "FS after DS", "3e 64 f0 0f c1 03",
	  LOCKED, 0x7f0000010000, 4, "xadd" },
	{ "the last of FS, GS", "64 65 f0 0f c1 03",
	  LOCKED, 0xffff888000010000, 4, "xadd" },
	{ "the last of GS, FS", "65 64 f0 0f c1 03",
	  LOCKED, 0x7f0000010000, 4, "xadd" },
	{ "lock xadd %eax,%fs:0x100(%rip)", "64 f0 0f c1 05 00 01 00 00",
	  LOCKED, 0x7f0000401109, 4, "xadd" },
	{ "lock xadd %eax,%gs:(%ecx)", "65 67 f0 0f c1 01",
	  LOCKED, 0xffff888000002000, 4, "xadd" },
	{ "lock btr %r9,(%rbx): REX.R names the bit offset", "f0 4c 0f b3 0b",
	  LOCKED, 0x2468acf00022000, 8, "btr" },
	{ "lock xadd %r8d,(%rbx)", "f0 44 0f c1 03",
	  LOCKED, 0x10000, 4, "xadd" },
};

/* Addressing forms in 64-bit mode: SDM 2.1.5 Tables 2-2, 2-3; 2.2.1. */
static const struct dec_case addressing[] = {
	{ "lock xadd %eax,0x8(%rbx)", "f0 0f c1 43 08",
	  LOCKED, 0x10008, 4, "xadd" },
	{ "lock xadd %eax,-0x8(%rbx)", "f0 0f c1 43 f8",
	  LOCKED, 0xfff8, 4, "xadd" },
	{ "lock xadd %eax,0x12345(%rbx)", "f0 0f c1 83 45 23 01 00",
	  LOCKED, 0x22345, 4, "xadd" },
	{ "lock xadd %eax,-0x1000(%rbx)", "f0 0f c1 83 00 f0 ff ff",
	  LOCKED, 0xf000, 4, "xadd" },
	{ "lock xadd %eax,-0x20000(%rbx)", "f0 0f c1 83 00 00 fe ff",
	  LOCKED, 0xffffffffffff0000, 4, "xadd" },
	{ "lock xadd %eax,-0x20000(%ebx)", "67 f0 0f c1 83 00 00 fe ff",
	  LOCKED, 0xffff0000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%rcx,1)", "f0 0f c1 04 0b",
	  LOCKED, 0x12000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%rcx,2)", "f0 0f c1 04 4b",
	  LOCKED, 0x14000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%rcx,4)", "f0 0f c1 04 8b",
	  LOCKED, 0x18000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%rcx,8)", "f0 0f c1 04 cb",
	  LOCKED, 0x20000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%riz,1)", "f0 0f c1 04 23",
	  LOCKED, 0x10000, 4, "xadd" },
	{ "lock xadd %eax,0x1234(,%rcx,4)", "f0 0f c1 04 8d 34 12 00 00",
	  LOCKED, 0x9234, 4, "xadd" },
	{ "lock xadd %eax,-0x10(,%rcx,8)", "f0 0f c1 04 cd f0 ff ff ff",
	  LOCKED, 0xfff0, 4, "xadd" },
	{ "lock xadd %eax,0x1234", "f0 0f c1 04 25 34 12 00 00",
	  LOCKED, 0x1234, 4, "xadd" },
	{ "lock xadd %eax,0x0(%rbp)", "f0 0f c1 45 00",
	  LOCKED, 0x8000, 4, "xadd" },
	{ "lock xadd %eax,0x8(%rbp,%rcx,2)", "f0 0f c1 44 4d 08",
	  LOCKED, 0xc008, 4, "xadd" },
	{ "lock xadd %eax,0x100(%rip)", "f0 0f c1 05 00 01 00 00",
	  LOCKED, 0x401108, 4, "xadd" },
	/* RIP-relative counts from the end, immediate included. */
	{ "lock addl $0x1,0x100(%rip)", "f0 83 05 00 01 00 00 01",
	  LOCKED, 0x401108, 4, "add" },
	{ "lock addl $0x12345678,-0x10(%rip)",
	  "f0 81 05 f0 ff ff ff 78 56 34 12", LOCKED, 0x400ffb, 4, "add" },
	{ "lock xadd %eax,0x100(%eip)", "67 f0 0f c1 05 00 01 00 00",
	  LOCKED, 0x401109, 4, "xadd" },
	{ "f0 41 0f c1 05: REX.B leaves mod 0 rm 5 RIP-relative",
	  "f0 41 0f c1 05 00 01 00 00", LOCKED, 0x401109, 4, "xadd" },
	{ "lock xadd %eax,(%r8)", "f0 41 0f c1 00",
	  LOCKED, 0x80000, 4, "xadd" },
	{ "lock xadd %eax,(%r12)", "f0 41 0f c1 04 24",
	  LOCKED, 0xc0000, 4, "xadd" },
	{ "lock xadd %eax,0x0(%r13)", "f0 41 0f c1 45 00",
	  LOCKED, 0xd0000, 4, "xadd" },
	{ "f0 41 0f c1 04 25: SIB base r13, mod 0: disp32 alone",
	  "f0 41 0f c1 04 25 00 10 00 00", LOCKED, 0x1000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%r10,1)", "f0 42 0f c1 04 13",
	  LOCKED, 0xb0000, 4, "xadd" },
	{ "lock xadd %eax,(%rbx,%r12,1)", "f0 42 0f c1 04 23",
	  LOCKED, 0xd0000, 4, "xadd" },
	{ "lock xadd %eax,(%r15,%r14,8)", "f0 43 0f c1 04 f7",
	  LOCKED, 0x7f0000, 4, "xadd" },
	{ "lock xadd %eax,0x7fffffff(%rbx)", "f0 0f c1 83 ff ff ff 7f",
	  SPLIT, 0x8000ffff, 4, "xadd" },
};

/* 32-bit code, flat (regs32: %ebx = 0x14000, %bx = 0x4000). */
static const struct dec_case code32[] = {
	{ "pop %ss", "17", REG, 0, 0, "pop ss" },
	{ "mov %ax,%ss", "66 8e d0", REG, 0, 0, "mov sreg" },
	{ "lock xadd %eax,(%ebx)", "f0 0f c1 03", LOCKED, 0x14000, 4, "xadd" },
	{ "lock xadd %ax,(%ebx)", "66 f0 0f c1 03",
	  LOCKED, 0x14000, 2, "xadd" },
	{ "lock cmpxchg8b (%ebx)", "f0 0f c7 0b",
	  LOCKED, 0x14000, 8, "cmpxchg8b" },
	{ "48 is DEC %eax here, not REX", "f0 48 0f c1 03",
	  BADLOCK, 0, 0, "unknown" },
	{ "lock xadd %eax,0x1000", "f0 0f c1 05 00 10 00 00",
	  LOCKED, 0x1000, 4, "xadd" },
	{ "lock xadd %eax,0x8(%ebx,%ecx,4)", "f0 0f c1 44 8b 08",
	  LOCKED, 0x1c008, 4, "xadd" },
	{ "lock xadd %eax,-0x15000(%ebx)", "f0 0f c1 83 00 b0 fe ff",
	  LOCKED, 0xfffff000, 4, "xadd" },
	{ "lock xadd %eax,%fs:(%ebx)", "64 f0 0f c1 03",
	  LOCKED, 0x1014000, 4, "xadd" },
	{ "82 is 80 outside 64-bit mode", "f0 82 03 01",
	  LOCKED, 0x14000, 1, "add" },
	{ "xchg %eax,(%esp)", "87 04 24", LOCKED, 0x7ffc, 4, "xchg" },
	{ "lock xadd %eax,(%bx)", "67 f0 0f c1 07", LOCKED, 0x4000, 4, "xadd" },
	{ "lock xadd %eax,-0x4000(%bx,%si)", "67 f0 0f c1 80 00 c0",
	  LOCKED, 0x0100, 4, "xadd" },
};

/* 16-bit code, flat: 16-bit operands and addresses by default. */
static const struct dec_case code16[] = {
	{ "lock xadd %ax,(%bx,%si)", "f0 0f c1 00", LOCKED, 0x4100, 2, "xadd" },
	{ "lock xadd %eax,(%bx,%si)", "66 f0 0f c1 00",
	  LOCKED, 0x4100, 4, "xadd" },
	{ "lock xadd %ax,(%bp,%di)", "f0 0f c1 03", LOCKED, 0x8200, 2, "xadd" },
	{ "lock xadd %ax,(%si)", "f0 0f c1 04", LOCKED, 0x0100, 2, "xadd" },
	{ "lock xadd %ax,(%di)", "f0 0f c1 05", LOCKED, 0x0200, 2, "xadd" },
	{ "lock xadd %ax,(%bx)", "f0 0f c1 07", LOCKED, 0x4000, 2, "xadd" },
	{ "lock xadd %ax,0x1234", "f0 0f c1 06 34 12",
	  LOCKED, 0x1234, 2, "xadd" },
	{ "lock xadd %ax,0x2(%bp)", "f0 0f c1 46 02",
	  LOCKED, 0x8002, 2, "xadd" },
	{ "lock xadd %ax,-0x1(%bx,%di)", "f0 0f c1 41 ff",
	  SPLIT, 0x41ff, 2, "xadd" },
	{ "lock xadd %ax,(%ebx)", "67 f0 0f c1 03",
	  LOCKED, 0x14000, 2, "xadd" },
	{ "lock addw $0x1234,(%bx)", "f0 81 07 34 12",
	  LOCKED, 0x4000, 2, "add" },
	{ "lock addl $0x12345678,(%bx)", "66 f0 81 07 78 56 34 12",
	  LOCKED, 0x4000, 4, "add" },
	{ "lock cmpxchg8b (%bx)", "f0 0f c7 0f",
	  LOCKED, 0x4000, 8, "cmpxchg8b" },
	{ "xchg %ax,(%bp)", "87 46 00", LOCKED, 0x8000, 2, "xchg" },
};

/* Segmented 32-bit code (regs_seg): SS for EBP and ESP bases. */
static const struct dec_case seg32[] = {
	{ "lock xadd %eax,(%ebx)", "f0 0f c1 03",
	  LOCKED, 0x10014000, 4, "xadd" },
	{ "lock xadd %eax,0x0(%ebp)", "f0 0f c1 45 00",
	  LOCKED, 0x20008000, 4, "xadd" },
	{ "lock xadd %eax,(%esp)", "f0 0f c1 04 24",
	  LOCKED, 0x20007ffc, 4, "xadd" },
	{ "lock xadd %eax,0x0(%ebp,%ecx,1)", "f0 0f c1 44 0d 00",
	  LOCKED, 0x2000a000, 4, "xadd" },
	{ "lock xadd %eax,0x100(,%ebp,1)", "f0 0f c1 04 2d 00 01 00 00",
	  LOCKED, 0x10008100, 4, "xadd" },
	{ "lock xadd %eax,%es:0x0(%ebp)", "26 f0 0f c1 45 00",
	  LOCKED, 0x30008000, 4, "xadd" },
	{ "lock xadd %eax,%cs:(%ebx)", "2e f0 0f c1 03",
	  LOCKED, 0x60014000, 4, "xadd" },
	{ "lock xadd %eax,%ss:(%ebx)", "36 f0 0f c1 03",
	  LOCKED, 0x20014000, 4, "xadd" },
	{ "the last override, DS", "64 3e f0 0f c1 03",
	  LOCKED, 0x10014000, 4, "xadd" },
	{ "lock xadd %eax,%gs:(%ebx): wraps at 4 GiB", "65 f0 0f c1 03",
	  LOCKED, 0x13000, 4, "xadd" },
};

/* Real mode (regs_real): SS for BP-based forms. */
static const struct dec_case real16[] = {
	{ "lock xadd %ax,(%bx,%si)", "f0 0f c1 00",
	  LOCKED, 0x16440, 2, "xadd" },
	{ "lock xadd %ax,(%bp,%si)", "f0 0f c1 02",
	  LOCKED, 0x5e880, 2, "xadd" },
	{ "lock xadd %ax,%es:(%bx,%si)", "26 f0 0f c1 00",
	  LOCKED, 0xbc100, 2, "xadd" },
	{ "lock xadd %ax,0x8000", "f0 0f c1 06 00 80",
	  LOCKED, 0x1a340, 2, "xadd" },
};

#endif
