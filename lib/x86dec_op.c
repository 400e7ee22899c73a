/* SPDX-License-Identifier: MIT */
/*
 * The opcode map of the split-lock decoder (lib/x86dec_op.h): the opcodes
 * of the lockable instructions (SDM Vol. 2A, "LOCK-Assert LOCK# Signal
 * Prefix") and their neighbours in the same rows and groups, which the
 * decoder sizes too, so that it can tell LOCK on them is #UD and give
 * their length.
 */
#include "lib/x86dec_op.h"

/* ALU rows 00-3F and group 1, by row or ModRM.reg: SDM Vol. 2D Table A-2. */
static const char *const alu_names[8] = {
	"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp",
};
#define ALU_CMP 7		/* the one ALU operation that is not lockable */
#define ALU_COLUMNS 6		/* columns 0-5 of rows 00-38 are ALU forms */
#define ALU_COL_IMM 4		/* columns 4, 5: AL,imm8 and eAX,imm16/32 */
#define ALU_COL_REG_RM 2	/* columns 2, 3: reg,r/m */
#define ALU_LAST_ROW 0x3f
#define OPCODE_COLUMN(b) ((unsigned int)(b) & 7)
#define OPCODE_ROW(b) ((unsigned int)(b) >> 3)
#define OPCODE_IS_BYTE(b) (!((b) & 1))	/* even opcodes: 8-bit operands */

static const char *const grp3_names[8] = {
	"test", "test", "not", "neg", "mul", "imul", "div", "idiv",
};
#define GRP3_NOT 2
#define GRP3_NEG 3
#define GRP3_TEST_ALIAS 1	/* F6/F7 /1 decodes as TEST on hardware */

#define GRP5_DEC 1		/* FE/FF /0 INC, /1 DEC; the rest not known */
#define GRP8_BT 4		/* 0F BA /4 BT ... /7 BTC; /0-/3 undefined */
#define GRP9_CMPXCHG8B 1	/* 0F C7 /1 */

static const char *const grp8_names[8] = {
	NULL, NULL, NULL, NULL, "bt", "bts", "btr", "btc",
};

/* Sets @op to a known opcode @mnemonic with @flags and ModRM @group. */
static void set_op(struct x86_op *op, const char *mnemonic,
		   unsigned int flags, enum x86_op_group group)
{
	op->mnemonic = mnemonic;
	op->flags = flags;
	op->group = group;
	op->known = true;
}

/* OPF_BYTE for an even (8-bit) opcode @b of a byte/full-size pair. */
static unsigned int width_flag(uint8_t b)
{
	return OPCODE_IS_BYTE(b) ? OPF_BYTE : 0;
}

/*
 * The ALU rows 00-3D, columns 0-5 (SDM Vol. 2D Table A-2): r/m,reg (the
 * lockable forms, but for CMP), reg,r/m, then AL,imm8 and eAX,imm16/32.
 */
static void alu_row_op(uint8_t b, struct x86_op *op)
{
	unsigned int row = OPCODE_ROW(b), col = OPCODE_COLUMN(b);
	unsigned int flags = width_flag(b);

	if (col >= ALU_COL_IMM)
		flags |= OPCODE_IS_BYTE(b) ? OPF_IMM8 : OPF_IMMZ;
	else if (col >= ALU_COL_REG_RM || row == ALU_CMP)
		flags |= OPF_MODRM;
	else
		flags |= OPF_MODRM | OPF_LOCKABLE;
	set_op(op, alu_names[row], flags, GRP_NONE);
}

void x86_op_one_byte(uint8_t b, enum x86_mode mode, struct x86_op *op)
{
	if (b <= ALU_LAST_ROW && OPCODE_COLUMN(b) < ALU_COLUMNS) {
		alu_row_op(b, op);
		return;
	}
	switch (b) {
	case 0x82:		/* an alias of 80, #UD in 64-bit mode */
		if (mode == X86_MODE_64)
			return;
		/* fall through */
	case 0x80:
		set_op(op, NULL, OPF_MODRM | OPF_BYTE | OPF_IMM8, GRP_1);
		return;
	case 0x81:
		set_op(op, NULL, OPF_MODRM | OPF_IMMZ, GRP_1);
		return;
	case 0x83:
		set_op(op, NULL, OPF_MODRM | OPF_IMM8, GRP_1);
		return;
	case 0x84:
	case 0x85:
		set_op(op, "test", OPF_MODRM | width_flag(b), GRP_NONE);
		return;
	case 0x86:
	case 0x87:
		set_op(op, "xchg", OPF_MODRM | OPF_XCHG | width_flag(b),
		       GRP_NONE);
		return;
	case 0x8e:		/* MOV Sreg, r/m16: MOV SS when ModRM.reg is 2 */
		set_op(op, "mov sreg", OPF_MODRM | OPF_WORD, GRP_NONE);
		return;
	case 0x17:		/* POP SS, #UD in 64-bit mode */
		if (mode != X86_MODE_64)
			set_op(op, "pop ss", 0, GRP_NONE);
		return;
	case 0xf6:
	case 0xf7:
		set_op(op, NULL, OPF_MODRM | width_flag(b), GRP_3);
		return;
	case 0xfe:
	case 0xff:
		set_op(op, NULL, OPF_MODRM | width_flag(b), GRP_4_5);
		return;
	}
}

void x86_op_two_byte(uint8_t b, struct x86_op *op)
{
	const unsigned int bt_reg = OPF_MODRM | OPF_BIT_REG;

	switch (b) {
	case 0x20:		/* MOV from CRn: LOCK makes it CR8 on AMD */
	case 0x22:		/* MOV to CRn */
		op->flags = OPF_LOCK_NOT_UD;
		return;
	case 0xa3:
		set_op(op, "bt", bt_reg, GRP_NONE);
		return;
	case 0xab:
		set_op(op, "bts", bt_reg | OPF_LOCKABLE, GRP_NONE);
		return;
	case 0xb3:
		set_op(op, "btr", bt_reg | OPF_LOCKABLE, GRP_NONE);
		return;
	case 0xbb:
		set_op(op, "btc", bt_reg | OPF_LOCKABLE, GRP_NONE);
		return;
	case 0xba:
		set_op(op, NULL, OPF_MODRM | OPF_IMM8, GRP_8);
		return;
	case 0xb0:
	case 0xb1:
		set_op(op, "cmpxchg", OPF_MODRM | OPF_LOCKABLE | width_flag(b),
		       GRP_NONE);
		return;
	case 0xc0:
	case 0xc1:
		set_op(op, "xadd", OPF_MODRM | OPF_LOCKABLE | width_flag(b),
		       GRP_NONE);
		return;
	case 0xc7:
		set_op(op, NULL, OPF_MODRM, GRP_9);
		return;
	}
}

/* Group 3 (F6, F7): NOT and NEG lock; TEST (/0, /1) takes an immediate. */
static void resolve_grp3(struct x86_op *op, unsigned int reg)
{
	op->mnemonic = grp3_names[reg];
	if (reg == GRP3_NOT || reg == GRP3_NEG)
		op->flags |= OPF_LOCKABLE;
	if (reg <= GRP3_TEST_ALIAS)
		op->flags |= (op->flags & OPF_BYTE) ? OPF_IMM8 : OPF_IMMZ;
}

void x86_op_resolve_group(struct x86_op *op, unsigned int reg, bool rex_w)
{
	switch (op->group) {
	case GRP_NONE:
		return;
	case GRP_1:
		op->mnemonic = alu_names[reg];
		if (reg != ALU_CMP)
			op->flags |= OPF_LOCKABLE;
		return;
	case GRP_3:
		resolve_grp3(op, reg);
		return;
	case GRP_4_5:
		op->known = reg <= GRP5_DEC;
		op->mnemonic = reg == GRP5_DEC ? "dec" : "inc";
		op->flags |= OPF_LOCKABLE;
		return;
	case GRP_8:
		op->known = reg >= GRP8_BT;
		op->mnemonic = grp8_names[reg];
		if (reg > GRP8_BT)
			op->flags |= OPF_LOCKABLE;
		return;
	case GRP_9:
		/* A register operand is #UD (SDM Vol. 2A CMPXCHG8B). */
		op->known = reg == GRP9_CMPXCHG8B;
		op->mnemonic = rex_w ? "cmpxchg16b" : "cmpxchg8b";
		op->flags |= OPF_LOCKABLE | OPF_CMPXCHG8B | OPF_MEM_ONLY;
		return;
	}
}
