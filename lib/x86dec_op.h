/* SPDX-License-Identifier: MIT */
/*
 * The opcode map of the split-lock decoder (lib/x86dec.c), internal to it:
 * which opcodes it knows and their form (ModRM, operand width, immediate,
 * whether LOCK is allowed).  Opcode maps: SDM Vol. 2D Appendix A, Tables
 * A-2 (one byte), A-3 (two bytes) and A-6 (groups by ModRM.reg).
 */
#ifndef TG_LIB_X86DEC_OP_H
#define TG_LIB_X86DEC_OP_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/x86dec.h"

/* struct x86_op.flags: what the opcode and its ModRM.reg say. */
#define OPF_MODRM 0x01		/* has a ModRM byte */
#define OPF_BYTE 0x02		/* 8-bit operands */
#define OPF_LOCKABLE 0x04	/* LOCK allowed with a memory destination */
#define OPF_XCHG 0x08		/* locked with a memory operand, LOCK or not */
#define OPF_BIT_REG 0x10	/* BT*: ModRM.reg holds a bit offset */
#define OPF_IMM8 0x20		/* an 8-bit immediate follows */
#define OPF_IMMZ 0x40		/* a 16- or 32-bit immediate follows */
#define OPF_CMPXCHG8B 0x80	/* 8 bytes, or 16 with REX.W */
#define OPF_MEM_ONLY 0x100	/* the register form is another instruction */
#define OPF_LOCK_NOT_UD 0x200	/* unknown, but LOCK need not be #UD */
#define OPF_WORD 0x400		/* 16-bit operands whatever the prefixes */

/* Opcodes whose instruction ModRM.reg chooses: SDM Vol. 2D Table A-6. */
enum x86_op_group {
	GRP_NONE,
	GRP_1,			/* 80-83: ALU with an immediate */
	GRP_3,			/* F6, F7: TEST NOT NEG MUL IMUL DIV IDIV */
	GRP_4_5,		/* FE, FF: INC, DEC (the rest is not known) */
	GRP_8,			/* 0F BA: BT BTS BTR BTC with imm8 */
	GRP_9,			/* 0F C7: CMPXCHG8B/16B (the rest is not) */
};

/* What an opcode is, as far as the decoder knows. */
struct x86_op {
	const char *mnemonic;	/* NULL until a group is resolved */
	unsigned int flags;	/* OPF_* */
	enum x86_op_group group;
	bool known;
};

/*
 * Fills @op for one-byte opcode @b in @mode.  @op->known stays false for an
 * opcode the decoder does not know.
 */
void x86_op_one_byte(uint8_t b, enum x86_mode mode, struct x86_op *op);

/* Fills @op for two-byte opcode 0F @b, as x86_op_one_byte() does. */
void x86_op_two_byte(uint8_t b, struct x86_op *op);

/*
 * Resolves @op's group by ModRM.reg @reg (0-7) and REX.W @rex_w: its
 * mnemonic and flags.  A member the decoder does not know clears
 * @op->known.  Opcodes without a group are left alone.
 */
void x86_op_resolve_group(struct x86_op *op, unsigned int reg, bool rex_w);

#endif
