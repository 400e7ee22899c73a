/* SPDX-License-Identifier: MIT */
/*
 * Split-lock decoder for the software bus-lock detector: from the bytes of
 * the guest's next instruction and its registers, whether the instruction
 * is a locked read-modify-write on memory and whether that operand crosses
 * a cache line.  A locked access that crosses a line (a split lock) makes
 * the processor lock the bus (SDM Vol. 3A 9.1.2.2).
 *
 * Locked read-modify-writes (SDM Vol. 2A, "LOCK-Assert LOCK# Signal
 * Prefix"): ADD, ADC, AND, BTC, BTR, BTS, CMPXCHG, CMPXCHG8B, CMPXCHG16B,
 * DEC, INC, NEG, NOT, OR, SBB, SUB, XOR, XADD and XCHG with a LOCK prefix
 * and a memory destination, and XCHG with a memory operand whether it has
 * LOCK or not.  LOCK on any other instruction, or with a register
 * destination, raises #UD.
 *
 * The decoder knows the opcodes of those instructions and their neighbours
 * in the opcode map (CMP, TEST, BT, the register,r/m and accumulator forms
 * of the ALU rows, the other members of groups 1 and 3): for these it gives
 * the length, the mnemonic and the memory operand; it knows MOV SS and POP
 * SS too (struct x86_lock_insn.ss_load).  Any other instruction
 * decodes as unknown: not a bus lock, length 0.  16-bit addressing (67 in
 * 32-bit code, or 16-bit code) is decoded; real-mode and 16-bit code need
 * the caller's segment bases.
 */
#ifndef TG_LIB_X86DEC_H
#define TG_LIB_X86DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The longest instruction the processor accepts (SDM Vol. 2A 2.3.11); a
 * longer one raises #GP(0) (SDM Vol. 3A 6.15, Interrupt 13).
 */
#define X86_MAX_INSN_LEN 15

/* Default operand and address sizes of the code segment (SDM Vol. 1 3.6). */
enum x86_mode {
	X86_MODE_16,	/* real mode, virtual-8086, 16-bit protected code */
	X86_MODE_32,	/* 32-bit protected code, compatibility mode */
	X86_MODE_64,	/* 64-bit mode (IA-32e, CS.L = 1) */
};

/* Segment registers in their sreg encoding (MOV Sreg; SDM Vol. 2D App. B). */
enum x86_seg {
	X86_SEG_ES,
	X86_SEG_CS,
	X86_SEG_SS,
	X86_SEG_DS,
	X86_SEG_FS,
	X86_SEG_GS,
	X86_SEG_COUNT,
};

/* General registers in ModRM order: SDM Vol. 2A 2.1.5, Table 2-2. */
enum x86_gpr {
	X86_RAX,
	X86_RCX,
	X86_RDX,
	X86_RBX,
	X86_RSP,
	X86_RBP,
	X86_RSI,
	X86_RDI,
	X86_R8,
	X86_GPR_COUNT = 16,
};

/* The guest state an effective address depends on. */
struct x86_regs {
	uint64_t gpr[X86_GPR_COUNT];	/* rax..rdi, r8..r15 (enum x86_gpr) */
	uint64_t rip;			/* of the instruction being decoded */
	/*
	 * Segment bases by enum x86_seg.  64-bit mode uses only FS and GS
	 * (SDM Vol. 3A 3.2.4); elsewhere each applies, so flat 32-bit code
	 * passes zeros except for FS and GS.
	 */
	uint64_t seg_base[X86_SEG_COUNT];
};

/* What x86_decode_lock() found. */
struct x86_lock_insn {
	const char *mnemonic;	/* "xadd", "cmpxchg16b", ...; "unknown" */
	uint64_t addr;		/* linear address of the memory operand */
	unsigned int size;	/* its bytes: 1, 2, 4, 8 or 16 */
	unsigned int len;	/* instruction bytes, 0 when not known */
	uint16_t opcode;	/* one-byte opcode, or 0x0fXX for 0F XX */
	bool known;		/* the decoder knows it: len, mnemonic valid */
	bool lock_prefix;	/* it carries F0 */
	bool mem;		/* it has a memory operand: addr, size valid */
	bool locked_rmw;	/* a locked read-modify-write on memory */
	bool split;		/* locked_rmw and the operand crosses a line */
	bool align_fault;	/* CMPXCHG16B not 16-byte aligned: #GP(0) */
	/*
	 * MOV SS or POP SS: the processor holds interrupts, debug traps and
	 * single steps until the next instruction is done (SDM Vol. 3A
	 * 6.8.3), so a single-stepper sees that one run with this one.
	 */
	bool ss_load;
};

/* x86_decode_lock() results: 0, or one of these. */
enum x86_dec_error {
	X86_DEC_TRUNCATED = -1,	/* the instruction goes past the bytes given */
	X86_DEC_TOO_LONG = -2,	/* over 15 bytes: #GP(0) on hardware */
	X86_DEC_BAD_LOCK = -3,	/* LOCK where it is not allowed: #UD */
	X86_DEC_BAD_ARG = -4,	/* line size 0 or an unknown mode */
};

/*
 * Decodes the instruction at the start of @bytes (@avail of them) in code
 * of @mode with registers @r, and fills @out.  Returns 0 when decoded:
 * @out->locked_rmw says whether it is a locked read-modify-write on memory
 * (false for every instruction the decoder does not know: none of them is
 * one), and @out->split whether that operand crosses a line of @line_size
 * bytes, (addr mod line_size) + size > line_size: a split lock.  A
 * CMPXCHG16B whose operand is not 16-byte aligned faults instead
 * (@out->align_fault), so it is never split.  Otherwise returns a negative
 * enum x86_dec_error, and the instruction is no bus lock: the processor
 * faults on it (TOO_LONG; BAD_LOCK, where @out keeps what was decoded),
 * the caller has to supply more bytes (TRUNCATED), or an argument is wrong
 * (BAD_ARG).  Reads no more than @avail and X86_MAX_INSN_LEN bytes, and
 * @out->len is within both.
 */
int x86_decode_lock(const uint8_t *bytes, size_t avail, enum x86_mode mode,
		    const struct x86_regs *r, unsigned int line_size,
		    struct x86_lock_insn *out);

/*
 * Bytes of legacy prefixes (and, in 64-bit mode, REX prefixes) at the start
 * of @bytes (@avail of them), at most X86_MAX_INSN_LEN - 1: what an exit
 * that names only an instruction's opcode must add to know its length.
 */
unsigned int x86_prefix_len(const uint8_t *bytes, size_t avail,
			    enum x86_mode mode);

/*
 * A quick look at the prefixes and the first opcode byte of the instruction
 * at @bytes (@avail of them): false only if x86_decode_lock() would find it
 * neither a locked read-modify-write nor an SS load, whatever the
 * registers, so that a caller that wants only those may skip the decode.
 * True says nothing: decode it.
 */
bool x86_may_lock(const uint8_t *bytes, size_t avail, enum x86_mode mode);

/* The reason for x86_decode_lock() result @err, in words. */
const char *x86_dec_strerror(int err);

#endif
