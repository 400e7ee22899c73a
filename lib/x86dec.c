/* SPDX-License-Identifier: MIT */
/*
 * Split-lock decoder (lib/x86dec.h has the contract).
 *
 * Instruction format (SDM Vol. 2A 2.1, Figure 2-1): legacy prefixes, in
 * 64-bit mode a REX prefix, one or two opcode bytes, ModRM, SIB,
 * displacement, immediate; 15 bytes at most.  The decoder reads exactly
 * that far and no further: every read goes through fetch(), which checks
 * both limits.
 *
 * Choices where the manuals leave room:
 *  - Prefixes repeat and come in any order.  Of several segment overrides
 *    the last one counts.  In 64-bit mode ES, CS, SS and DS overrides have
 *    no effect (SDM Vol. 1 3.7.4.1) and count as null prefixes (AMD APM
 *    Vol. 3 1.2.4, "Segment-Override Prefixes"): they do not cancel an
 *    earlier FS or GS, as in Xen's emulator.
 *  - A REX prefix counts only immediately before the opcode; one followed
 *    by a legacy prefix (or by another REX) is ignored (SDM 2.2.1).
 *  - F2 and F3 (REP, or XACQUIRE/XRELEASE with LOCK) change neither the
 *    length nor the locking of the instructions decoded here.
 *  - LOCK 0F 20 and LOCK 0F 22 are MOV CR8 on AMD processors (APM Vol. 3,
 *    "MOV CRn"; CPUID 8000_0001:ECX[4]) and #UD on Intel: not reported as
 *    either, only as unknown.
 */
#include "lib/x86dec.h"
#include "lib/x86dec_op.h"

/* Legacy prefixes: SDM Vol. 2A 2.1.1. */
#define PFX_LOCK 0xf0
#define PFX_REPNE 0xf2
#define PFX_REP 0xf3
#define PFX_ES 0x26
#define PFX_CS 0x2e
#define PFX_SS 0x36
#define PFX_DS 0x3e
#define PFX_FS 0x64
#define PFX_GS 0x65
#define PFX_OPSIZE 0x66
#define PFX_ADSIZE 0x67

/* REX prefix, 0100WRXB: SDM Vol. 2A 2.2.1, Table 2-4. */
#define REX_MASK 0xf0
#define REX_PREFIX 0x40
#define REX_W 0x08		/* 64-bit operand size */
#define REX_R 0x04		/* extends ModRM.reg */
#define REX_X 0x02		/* extends SIB.index */
#define REX_B 0x01		/* extends ModRM.rm and SIB.base */
#define REX_REG_BIT 8		/* what REX.R, X, B add to a register number */

#define OPCODE_XCHG_RM8 0x86	/* XCHG r/m8, r8: SDM Vol. 2D XCHG */
#define OPCODE_XCHG_RM 0x87	/* XCHG r/m16/32/64, r16/32/64 */
#define OPCODE_MOV_SREG 0x8e	/* MOV Sreg, r/m16: SDM Vol. 2B MOV */
#define OPCODE_POP_SS 0x17
#define SREG_SS 2		/* ModRM.reg of MOV SS */
#define OPCODE_ESCAPE 0x0f	/* two-byte opcodes: SDM Vol. 2A 2.1.2 */
#define OPCODE_2B 0x0f00	/* struct x86_lock_insn.opcode of 0F XX */

/* ModRM and SIB fields: SDM Vol. 2A 2.1.5, Tables 2-1 to 2-3. */
#define MODRM_MOD(m) ((unsigned int)(m) >> 6)
#define MODRM_REG(m) (((unsigned int)(m) >> 3) & 7)
#define MODRM_RM(m) ((unsigned int)(m) & 7)
#define SIB_SCALE(s) MODRM_MOD(s)
#define SIB_INDEX(s) MODRM_REG(s)
#define SIB_BASE(s) MODRM_RM(s)
#define MOD_NO_DISP 0
#define MOD_DISP8 1
#define MOD_DISP_FULL 2		/* disp32, or disp16 with 16-bit addressing */
#define MOD_REG 3		/* register operand, no memory */
#define RM_SIB 4		/* a SIB byte follows */
#define RM_DISP32 5		/* with mod 0: disp32 alone, or RIP-relative */
#define SIB_NO_INDEX 4		/* index 4 without REX.X: no index */
#define SIB_NO_BASE 5		/* base 5 with mod 0: disp32, no base */
#define RM16_DISP16 6		/* 16-bit, mod 0: disp16 alone */
#define RM16_INDEXED 4		/* 16-bit rm 0-3: base plus SI or DI */
#define DISP8_BYTES 1
#define DISP16_BYTES 2
#define DISP32_BYTES 4

#define ADDR16_MASK 0xffffull
#define ADDR32_MASK 0xffffffffull
#define CMPXCHG16B_ALIGN 16	/* SDM Vol. 2A CMPXCHG8B/CMPXCHG16B */
#define BITS_PER_BYTE 8

/* Decoder state for one instruction. */
struct dec {
	const uint8_t *bytes;
	size_t avail;
	unsigned int pos;	/* bytes read so far */
	enum x86_mode mode;
	const struct x86_regs *regs;
	bool lock;		/* F0 seen */
	bool opsize;		/* 66 seen */
	bool adsize;		/* 67 seen */
	bool seg_override;
	enum x86_seg seg;	/* override, else the default segment */
	uint8_t rex;		/* the REX prefix in force, or 0 */
	uint8_t modrm;
	bool mem;		/* ModRM names memory */
	bool rip_rel;		/* ea is relative to the next instruction */
	uint64_t ea;		/* effective address, before truncation */
};

static const char unknown_mnemonic[] = "unknown";

/*
 * Reads the next instruction byte into @b.  The 15-byte limit comes first:
 * an instruction that needs a 16th byte is too long however many follow.
 */
static int fetch(struct dec *d, uint8_t *b)
{
	if (d->pos >= X86_MAX_INSN_LEN)
		return X86_DEC_TOO_LONG;
	if (d->pos >= d->avail)
		return X86_DEC_TRUNCATED;
	*b = d->bytes[d->pos++];
	return 0;
}

/* Reads an @n-byte little-endian value into @v, sign-extended to 64 bits. */
static int fetch_signed(struct dec *d, unsigned int n, uint64_t *v)
{
	uint64_t x = 0;
	unsigned int i;
	uint8_t b = 0;

	for (i = 0; i < n; i++) {
		int err = fetch(d, &b);

		if (err)
			return err;
		x |= (uint64_t)b << (BITS_PER_BYTE * i);
	}
	if (n && n < sizeof(x) && (b & 0x80))
		x |= ~0ull << (BITS_PER_BYTE * n);
	*v = x;
	return 0;
}

/* The segment a segment-override prefix @b names; false if not one. */
static bool seg_prefix(uint8_t b, enum x86_seg *seg)
{
	switch (b) {
	case PFX_ES:
		*seg = X86_SEG_ES;
		return true;
	case PFX_CS:
		*seg = X86_SEG_CS;
		return true;
	case PFX_SS:
		*seg = X86_SEG_SS;
		return true;
	case PFX_DS:
		*seg = X86_SEG_DS;
		return true;
	case PFX_FS:
		*seg = X86_SEG_FS;
		return true;
	case PFX_GS:
		*seg = X86_SEG_GS;
		return true;
	default:
		return false;
	}
}

/* Records segment override @seg; 64-bit mode ignores all but FS and GS. */
static void set_seg_override(struct dec *d, enum x86_seg seg)
{
	if (d->mode == X86_MODE_64 && seg != X86_SEG_FS && seg != X86_SEG_GS)
		return;
	d->seg_override = true;
	d->seg = seg;
}

/* Whether @b is taken as a legacy prefix; records its effect in @d. */
static bool legacy_prefix(struct dec *d, uint8_t b)
{
	enum x86_seg seg;

	switch (b) {
	case PFX_LOCK:
		d->lock = true;
		return true;
	case PFX_REPNE:
	case PFX_REP:
		return true;
	case PFX_OPSIZE:
		d->opsize = true;
		return true;
	case PFX_ADSIZE:
		d->adsize = true;
		return true;
	default:
		if (!seg_prefix(b, &seg))
			return false;
		set_seg_override(d, seg);
		return true;
	}
}

/* Reads the prefixes and the first opcode byte into @opcode. */
static int read_prefixes(struct dec *d, uint8_t *opcode)
{
	uint8_t b;

	for (;;) {
		int err = fetch(d, &b);

		if (err)
			return err;
		if (d->mode == X86_MODE_64 && (b & REX_MASK) == REX_PREFIX) {
			d->rex = b;
			continue;
		}
		if (!legacy_prefix(d, b))
			break;
		d->rex = 0;	/* a REX before a legacy prefix is ignored */
	}
	*opcode = b;
	return 0;
}

/* Width of the addresses @d computes: 16, 32 or 64 (SDM Vol. 1 3.6). */
static uint64_t addr_mask(const struct dec *d)
{
	switch (d->mode) {
	case X86_MODE_16:
		return d->adsize ? ADDR32_MASK : ADDR16_MASK;
	case X86_MODE_32:
		return d->adsize ? ADDR16_MASK : ADDR32_MASK;
	default:
		return d->adsize ? ADDR32_MASK : ~0ull;
	}
}

/* General register @n as an address component. */
static uint64_t gpr(const struct dec *d, unsigned int n)
{
	return d->regs->gpr[n];
}

/*
 * 16-bit addressing: SDM Vol. 2A 2.1.5, Table 2-1.  BP-based forms use SS
 * by default, the rest DS.
 */
static int read_mem16(struct dec *d)
{
	static const uint8_t base[8] = {
		X86_RBX, X86_RBX, X86_RBP, X86_RBP,
		X86_RSI, X86_RDI, X86_RBP, X86_RBX,
	};
	static const uint8_t index[RM16_INDEXED] = {
		X86_RSI, X86_RDI, X86_RSI, X86_RDI,
	};
	unsigned int mod = MODRM_MOD(d->modrm), rm = MODRM_RM(d->modrm);
	unsigned int disp_len = mod == MOD_DISP8 ? DISP8_BYTES :
				mod == MOD_DISP_FULL ? DISP16_BYTES : 0;
	uint64_t disp;
	int err;

	d->ea = 0;
	if (mod == MOD_NO_DISP && rm == RM16_DISP16) {
		disp_len = DISP16_BYTES;
	} else {
		d->ea = gpr(d, base[rm]);
		if (base[rm] == X86_RBP)
			d->seg = X86_SEG_SS;
	}
	if (rm < RM16_INDEXED)
		d->ea += gpr(d, index[rm]);
	err = fetch_signed(d, disp_len, &disp);
	if (err)
		return err;
	d->ea += disp;
	return 0;
}

/*
 * The SIB byte (SDM Vol. 2A 2.1.5, Table 2-3; REX: 2.2.1.2): base plus
 * scaled index; index 4 (without REX.X) is none, base 5 with mod 0 is
 * disp32 alone.  Sets @disp_len to 4 in that case.
 */
static int read_sib(struct dec *d, unsigned int *disp_len)
{
	unsigned int index, base;
	uint8_t sib;
	int err;

	err = fetch(d, &sib);
	if (err)
		return err;
	index = SIB_INDEX(sib) | ((d->rex & REX_X) ? REX_REG_BIT : 0);
	base = SIB_BASE(sib) | ((d->rex & REX_B) ? REX_REG_BIT : 0);
	if (index != SIB_NO_INDEX)
		d->ea += gpr(d, index) << SIB_SCALE(sib);
	if (SIB_BASE(sib) == SIB_NO_BASE && MODRM_MOD(d->modrm) == MOD_NO_DISP)
		*disp_len = DISP32_BYTES;
	else
		d->ea += gpr(d, base);
	if (base == X86_RSP ||
	    (base == X86_RBP && MODRM_MOD(d->modrm) != MOD_NO_DISP))
		d->seg = X86_SEG_SS;
	return 0;
}

/*
 * 32- and 64-bit addressing: SDM Vol. 2A 2.1.5, Table 2-2.  Mod 0 rm 5 is
 * disp32 alone, or in 64-bit mode RIP-relative (SDM 2.2.1.6).  ESP- and
 * EBP-based forms use SS by default, the rest DS.
 */
static int read_mem32(struct dec *d)
{
	unsigned int mod = MODRM_MOD(d->modrm), rm = MODRM_RM(d->modrm);
	unsigned int disp_len = mod == MOD_DISP8 ? DISP8_BYTES :
				mod == MOD_DISP_FULL ? DISP32_BYTES : 0;
	unsigned int base = rm | ((d->rex & REX_B) ? REX_REG_BIT : 0);
	uint64_t disp;
	int err;

	d->ea = 0;
	if (rm == RM_SIB) {
		err = read_sib(d, &disp_len);
		if (err)
			return err;
	} else if (rm == RM_DISP32 && mod == MOD_NO_DISP) {
		disp_len = DISP32_BYTES;
		d->rip_rel = d->mode == X86_MODE_64;
	} else {
		d->ea = gpr(d, base);
		if (base == X86_RBP)
			d->seg = X86_SEG_SS;
	}
	err = fetch_signed(d, disp_len, &disp);
	if (err)
		return err;
	d->ea += disp;
	return 0;
}

/* Reads the SIB and displacement of a memory operand, in @d's width. */
static int read_mem(struct dec *d)
{
	bool seg_override = d->seg_override;
	enum x86_seg seg = d->seg;
	int err;

	d->mem = true;
	d->seg = X86_SEG_DS;
	if (addr_mask(d) == ADDR16_MASK)
		err = read_mem16(d);
	else
		err = read_mem32(d);
	if (seg_override)
		d->seg = seg;
	return err;
}

/* Operand bytes of @op: SDM Vol. 1 3.6 and Vol. 2A 2.2.1.2. */
static unsigned int operand_size(const struct dec *d, const struct x86_op *op)
{
	if (op->flags & OPF_BYTE)
		return 1;
	if (op->flags & OPF_WORD)
		return 2;
	if (op->flags & OPF_CMPXCHG8B)
		return (d->rex & REX_W) ? 16 : 8;
	if (d->rex & REX_W)
		return 8;
	if (d->mode == X86_MODE_16)
		return d->opsize ? 4 : 2;
	return d->opsize ? 2 : 4;
}

/* Skips @op's immediate: imm8, or imm16/imm32 by the operand size. */
static int skip_imm(struct dec *d, const struct x86_op *op)
{
	unsigned int n = 0;
	uint64_t imm;

	if (op->flags & OPF_IMM8)
		n = 1;
	else if (op->flags & OPF_IMMZ)
		n = operand_size(d, op) == 2 ? 2 : 4;
	return fetch_signed(d, n, &imm);
}

/*
 * Reads everything after the prefixes into @op and @d: opcode, ModRM and
 * the addressing bytes, immediate.  An opcode or group member the decoder
 * does not know stops it with @op->known false.
 */
static int read_insn(struct dec *d, struct x86_op *op, uint16_t *opcode)
{
	uint8_t b;
	int err;

	err = read_prefixes(d, &b);
	if (err)
		return err;
	*opcode = b;
	if (b == OPCODE_ESCAPE) {
		err = fetch(d, &b);
		if (err)
			return err;
		*opcode = OPCODE_2B | b;
		x86_op_two_byte(b, op);
	} else {
		x86_op_one_byte(b, d->mode, op);
	}
	if (!op->known)
		return 0;
	if (!(op->flags & OPF_MODRM))
		return skip_imm(d, op);
	err = fetch(d, &d->modrm);
	if (err)
		return err;
	x86_op_resolve_group(op, MODRM_REG(d->modrm), d->rex & REX_W);
	if (!op->known)
		return 0;
	if (MODRM_MOD(d->modrm) == MOD_REG) {
		if (op->flags & OPF_MEM_ONLY)
			op->known = false;
	} else {
		err = read_mem(d);
		if (err)
			return err;
	}
	return skip_imm(d, op);
}

/*
 * Byte displacement of a BT* register bit offset (SDM Vol. 2A, "BT-Bit
 * Test"): the offset is the register's low @size bytes, signed; the operand
 * addressed is @size bytes at EA + size * floor(offset / (8 * size)).
 */
static uint64_t bit_offset_bytes(const struct dec *d, unsigned int size)
{
	unsigned int reg = MODRM_REG(d->modrm) |
			   ((d->rex & REX_R) ? REX_REG_BIT : 0);
	uint64_t v = gpr(d, reg);
	int64_t bits = (int64_t)(size * BITS_PER_BYTE);
	int64_t off, units;

	if (size == 2)
		off = (int16_t)v;
	else if (size == 4)
		off = (int32_t)v;
	else
		off = (int64_t)v;
	/* Floor division without overflow, also for INT64_MIN. */
	units = off >= 0 ? off / bits : -((-(off + 1)) / bits) - 1;
	return (uint64_t)units * size;
}

/*
 * Linear address of the memory operand: EA (RIP-relative from the next
 * instruction, SDM 2.2.1.6) truncated to the address size, plus the segment
 * base: only FS and GS in 64-bit mode (SDM Vol. 3A 3.2.4), any segment
 * elsewhere, where linear addresses are 32 bits (SDM Vol. 3A 3.4).
 */
static uint64_t operand_addr(const struct dec *d, const struct x86_op *op,
			     unsigned int size)
{
	uint64_t ea = d->ea;

	if (d->rip_rel)
		ea += d->regs->rip + d->pos;
	if (op->flags & OPF_BIT_REG)
		ea += bit_offset_bytes(d, size);
	ea &= addr_mask(d);
	if (d->mode != X86_MODE_64)
		return (d->regs->seg_base[d->seg] + ea) & ADDR32_MASK;
	if (d->seg_override)
		return d->regs->seg_base[d->seg] + ea;
	return ea;
}

/* Whether @size bytes at @addr cross a boundary of @line bytes. */
static bool crosses_line(uint64_t addr, unsigned int size, unsigned int line)
{
	return addr % line + size > line;
}

/*
 * Fills @out from a decoded known instruction: its memory operand, whether
 * it is a locked RMW and a split lock.  Returns 0 or X86_DEC_BAD_LOCK.
 */
static int describe(const struct dec *d, const struct x86_op *op,
		    unsigned int line_size, struct x86_lock_insn *out)
{
	bool lockable = d->mem && (op->flags & (OPF_LOCKABLE | OPF_XCHG));

	out->known = true;
	out->mnemonic = op->mnemonic;
	out->len = d->pos;
	out->ss_load = out->opcode == OPCODE_POP_SS ||
		       (out->opcode == OPCODE_MOV_SREG &&
			MODRM_REG(d->modrm) == SREG_SS);
	if (d->mem) {
		out->mem = true;
		out->size = operand_size(d, op);
		out->addr = operand_addr(d, op, out->size);
	}
	if (d->lock && !lockable)
		return X86_DEC_BAD_LOCK;
	out->locked_rmw = d->mem && (d->lock || (op->flags & OPF_XCHG));
	if (!out->locked_rmw)
		return 0;
	if (out->size == CMPXCHG16B_ALIGN && out->addr % CMPXCHG16B_ALIGN) {
		out->align_fault = true;
		return 0;
	}
	out->split = crosses_line(out->addr, out->size, line_size);
	return 0;
}

int x86_decode_lock(const uint8_t *bytes, size_t avail, enum x86_mode mode,
		    const struct x86_regs *r, unsigned int line_size,
		    struct x86_lock_insn *out)
{
	struct dec d = {
		.bytes = bytes,
		.avail = avail,
		.mode = mode,
		.regs = r,
		.seg = X86_SEG_DS,
	};
	struct x86_op op = { .mnemonic = unknown_mnemonic };
	uint16_t opcode = 0;
	int err;

	*out = (struct x86_lock_insn){ .mnemonic = unknown_mnemonic };
	if (!line_size || (unsigned int)mode > X86_MODE_64)
		return X86_DEC_BAD_ARG;
	err = read_insn(&d, &op, &opcode);
	out->lock_prefix = d.lock;
	out->opcode = opcode;	/* before describe(), which reads it */
	if (err)
		return err;
	if (op.known)
		return describe(&d, &op, line_size, out);
	if (d.lock && !(op.flags & OPF_LOCK_NOT_UD))
		return X86_DEC_BAD_LOCK;
	return 0;
}

/*
 * What a byte is at the start of an instruction, as read_prefixes() and
 * describe() take it: a legacy prefix (legacy_prefix() takes each), REX
 * (a prefix in 64-bit mode only), LOCK, or a first opcode byte that may be
 * a bus lock without LOCK (XCHG 86, 87) or load SS (MOV Sreg 8E, POP SS
 * 17).  One load a byte, for the software detector's look at every step.
 */
enum {
	BYTE_LEGACY = 1 << 0,
	BYTE_REX = 1 << 1,
	BYTE_LOCK = 1 << 2,
	BYTE_MAY_LOCK = 1 << 3,
};
static const uint8_t byte_kind[256] = {
	[PFX_LOCK] = BYTE_LEGACY | BYTE_LOCK,
	[PFX_REPNE] = BYTE_LEGACY, [PFX_REP] = BYTE_LEGACY,
	[PFX_OPSIZE] = BYTE_LEGACY, [PFX_ADSIZE] = BYTE_LEGACY,
	[PFX_ES] = BYTE_LEGACY, [PFX_CS] = BYTE_LEGACY, [PFX_SS] = BYTE_LEGACY,
	[PFX_DS] = BYTE_LEGACY, [PFX_FS] = BYTE_LEGACY, [PFX_GS] = BYTE_LEGACY,
	[REX_PREFIX ... REX_PREFIX + 0xf] = BYTE_REX,
	[OPCODE_XCHG_RM8] = BYTE_MAY_LOCK, [OPCODE_XCHG_RM] = BYTE_MAY_LOCK,
	[OPCODE_MOV_SREG] = BYTE_MAY_LOCK, [OPCODE_POP_SS] = BYTE_MAY_LOCK,
};
_Static_assert((REX_PREFIX & REX_MASK) == REX_PREFIX && REX_MASK == 0xf0,
	       "REX is 40 to 4F");

/* Prefix bytes an instruction may have: X86_MAX_INSN_LEN - 1 at most. */
static inline size_t prefix_limit(size_t avail)
{
	return avail < X86_MAX_INSN_LEN - 1 ? avail : X86_MAX_INSN_LEN - 1;
}

/*
 * The prefixes at the start of @bytes (@avail of them), at most
 * X86_MAX_INSN_LEN - 1; *@seen gets the byte_kind bits of all of them.
 * Returns how many: fewer than the limit when a byte that is no prefix
 * ends them.  Inline, so that x86_may_lock() is one pass.
 */
static inline __attribute__((always_inline)) unsigned int
skip_prefixes(const uint8_t *bytes, size_t avail, enum x86_mode mode,
	      unsigned int *seen)
{
	unsigned int prefix = BYTE_LEGACY | (mode == X86_MODE_64 ? BYTE_REX : 0);
	unsigned int n;

	*seen = 0;
	for (n = 0; n < prefix_limit(avail); n++) {
		unsigned int k = byte_kind[bytes[n]];

		if (!(k & prefix))
			break;
		*seen |= k;
	}
	return n;
}

unsigned int x86_prefix_len(const uint8_t *bytes, size_t avail,
			    enum x86_mode mode)
{
	unsigned int seen;

	return skip_prefixes(bytes, avail, mode, &seen);
}

/*
 * Without LOCK, only XCHG (86, 87) locks (describe()), and only POP SS and
 * MOV Sreg load SS: every other first opcode byte, and every two-byte
 * opcode, is neither.  Prefixes that run out of the bytes, or to the limit,
 * are left to x86_decode_lock(), which finds the error.
 */
bool x86_may_lock(const uint8_t *bytes, size_t avail, enum x86_mode mode)
{
	unsigned int seen, n = skip_prefixes(bytes, avail, mode, &seen);

	if (n == prefix_limit(avail))
		return true;
	return (seen | byte_kind[bytes[n]]) & (BYTE_LOCK | BYTE_MAY_LOCK);
}

const char *x86_dec_strerror(int err)
{
	switch (err) {
	case 0:
		return "decoded";
	case X86_DEC_TRUNCATED:
		return "instruction bytes cut short";
	case X86_DEC_TOO_LONG:
		return "instruction longer than 15 bytes (#GP)";
	case X86_DEC_BAD_LOCK:
		return "LOCK on an instruction that does not take it (#UD)";
	case X86_DEC_BAD_ARG:
		return "line size 0 or unknown mode";
	default:
		return "unknown decoder error";
	}
}
