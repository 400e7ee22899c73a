/* SPDX-License-Identifier: MIT */
/*
 * The split-lock decoder, as tables of encodings written by hand from the
 * SDM (Vol. 2A 2.1 instruction format, 2.2.1 REX, 2.2.1.6 RIP-relative;
 * the LOCK prefix page; Vol. 2D opcode maps).  Each row's text is the
 * instruction in AT&T syntax, or what its bytes show where no assembler
 * emits them (a REX before LOCK, LOCK on CMP, ...).  Cross-checked with
 * GNU binutils 2.40: every row's bytes disassemble (objdump -d) to its
 * text, and the rows GNU as takes assemble to exactly these bytes.
 * Build: make build/host/test_x86dec
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/x86dec.h"

#include "tests/unit/x86dec_cases.h"

/* A table of rows and the code and registers they decode with. */
struct dec_table {
	enum x86_mode mode;
	const struct x86_regs *regs;
	const struct dec_case *rows;
	size_t n;
};

#define TABLE(rows, mode, regs) { mode, regs, rows, ARRAY_LEN(rows) }
static struct dec_table lockable_table = TABLE(lockable, M64, &regs64);
static struct dec_table not_locked_table = TABLE(not_locked, M64, &regs64);
static struct dec_table prefixes_table = TABLE(prefixes, M64, &regs64);
static struct dec_table addressing_table = TABLE(addressing, M64, &regs64);
static struct dec_table code32_table = TABLE(code32, M32, &regs32);
static struct dec_table code16_table = TABLE(code16, M16, &regs32);
static struct dec_table seg32_table = TABLE(seg32, M32, &regs_seg);
static struct dec_table real16_table = TABLE(real16, M16, &regs_real);

/* Parses the hex bytes @hex ("f0 0f c1 03") into @buf; returns how many. */
static unsigned int parse_hex(const char *hex, uint8_t *buf)
{
	unsigned int n = 0;
	char *end;

	while (*hex) {
		buf[n++] = (uint8_t)strtoul(hex, &end, 16);
		assert_true(end > hex && n < HEX_MAX);
		hex = end;
	}
	return n;
}

/* Decodes @n bytes of @bytes as @t's code, over a stale @out. */
static int decode(const struct dec_table *t, const uint8_t *bytes, size_t n,
		  struct x86_lock_insn *out)
{
	memset(out, 0xa5, sizeof(*out));
	return x86_decode_lock(bytes, n, t->mode, t->regs, LINE, out);
}

/* The W_* flags @d shows. */
static unsigned int flags_of(const struct x86_lock_insn *d)
{
	return (d->known ? W_KNOWN : 0) | (d->mem ? W_MEM : 0) |
	       (d->locked_rmw ? W_LOCKED : 0) | (d->split ? W_SPLIT : 0);
}

/* Checks one decode of @c (@n bytes) against the row. */
static void check_result(const struct dec_case *c, unsigned int n, int ret,
			 const struct x86_lock_insn *d, const char *how)
{
	int want_ret = (c->want & W_BAD_LOCK) ? X86_DEC_BAD_LOCK : 0;
	unsigned int want_len = (c->want & W_KNOWN) ? n : 0;
	unsigned int want = c->want & ~W_BAD_LOCK;
	unsigned int got = flags_of(d);

	if (ret != want_ret || got != want || d->len != want_len ||
	    strcmp(d->mnemonic, c->mnemonic))
		fail_msg("%s [%s] (%s): ret %d flags %#x len %u %s, want "
			 "ret %d flags %#x len %u %s", c->what, c->hex, how,
			 ret, got, d->len, d->mnemonic, want_ret, want,
			 want_len, c->mnemonic);
	if ((want & W_MEM) && (d->addr != c->addr || d->size != c->size))
		fail_msg("%s [%s] (%s): addr %#llx size %u, want %#llx size %u",
			 c->what, c->hex, how, (unsigned long long)d->addr,
			 d->size, (unsigned long long)c->addr, c->size);
}

/*
 * Decodes row @c exactly, with bytes following it, and cut short at every
 * length: fewer bytes than the instruction needs are TRUNCATED.
 */
static void check_case(const struct dec_table *t, const struct dec_case *c)
{
	uint8_t buf[HEX_MAX + X86_MAX_INSN_LEN];
	unsigned int n = parse_hex(c->hex, buf), cut;
	struct x86_lock_insn d;
	int ret;

	ret = decode(t, buf, n, &d);
	check_result(c, n, ret, &d, "exact");
	if ((d.locked_rmw || d.ss_load) && !x86_may_lock(buf, n, t->mode))
		fail_msg("%s [%s]: x86_may_lock() skips it", c->what, c->hex);
	memset(buf + n, 0x90, sizeof(buf) - n);
	ret = decode(t, buf, sizeof(buf), &d);
	check_result(c, n, ret, &d, "bytes following");
	for (cut = 0; cut < ((c->want & W_KNOWN) ? n : 1); cut++) {
		ret = decode(t, buf, cut, &d);
		if (ret != X86_DEC_TRUNCATED || d.len || d.locked_rmw)
			fail_msg("%s [%s]: %u of %u bytes gave %d", c->what,
				 c->hex, cut, n, ret);
	}
}

/* One cmocka test per table: *@state is the struct dec_table. */
static void table_test(void **state)
{
	const struct dec_table *t = *state;
	size_t i;

	for (i = 0; i < t->n; i++)
		check_case(t, &t->rows[i]);
}

#define TABLE_TEST(name, table) { name, table_test, NULL, NULL, &table }

/* A locked RMW of each size on (%rbx): xadd, or cmpxchg8b/16b. */
static const struct {
	unsigned int size;
	const char *hex;
} sized[] = {
	{ 1, "f0 0f c0 03" },		/* lock xadd %al,(%rbx) */
	{ 2, "66 f0 0f c1 03" },	/* lock xadd %ax,(%rbx) */
	{ 4, "f0 0f c1 03" },		/* lock xadd %eax,(%rbx) */
	{ 8, "f0 48 0f c1 03" },	/* lock xadd %rax,(%rbx) */
	{ 8, "f0 0f c7 0b" },		/* lock cmpxchg8b (%rbx) */
	{ 16, "f0 48 0f c7 0b" },	/* lock cmpxchg16b (%rbx) */
};

/* Decodes sized[@i] with %rbx = @addr and lines of @line bytes. */
static struct x86_lock_insn decode_sized(size_t i, uint64_t addr,
					 unsigned int line)
{
	struct x86_regs r = regs64;
	struct x86_lock_insn d;
	uint8_t buf[HEX_MAX];
	unsigned int n = parse_hex(sized[i].hex, buf);

	r.gpr[X86_RBX] = addr;
	assert_int_equal(x86_decode_lock(buf, n, M64, &r, line, &d), 0);
	assert_true(d.locked_rmw);
	assert_int_equal(d.size, sized[i].size);
	assert_int_equal(d.addr, addr);
	return d;
}

/* Hand-picked offsets into a 64-byte line, size by size. */
static void line_boundary_spots(void **state)
{
	static const struct {
		unsigned int sized;	/* index into sized[] */
		unsigned int offset;
		bool split;
	} spots[] = {
		{ 0, 62, false }, { 0, 63, false }, { 0, 64, false },
		{ 1, 61, false }, { 1, 62, false }, { 1, 63, true },
		{ 1, 64, false }, { 1, 65, false },
		{ 2, 59, false }, { 2, 60, false }, { 2, 61, true },
		{ 2, 62, true }, { 2, 63, true }, { 2, 64, false },
		{ 3, 55, false }, { 3, 56, false }, { 3, 57, true },
		{ 3, 63, true }, { 3, 64, false }, { 3, 65, false },
		{ 4, 56, false }, { 4, 57, true }, { 4, 63, true },
		{ 4, 64, false },
		{ 5, 32, false }, { 5, 48, false }, { 5, 64, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(spots); i++) {
		uint64_t addr = 0x100000 + spots[i].offset;
		struct x86_lock_insn d = decode_sized(spots[i].sized, addr,
						      LINE);

		if (d.split != spots[i].split)
			fail_msg("size %u at line offset %u: split %d",
				 d.size, spots[i].offset, d.split);
	}
}

/*
 * sized[@i] at every offset across two lines of @line bytes: split exactly
 * when the operand starts in the last size - 1 bytes of a line.  CMPXCHG16B
 * off a 16-byte boundary is #GP(0) instead, never split.
 */
static void sweep_lines(size_t i, unsigned int line)
{
	unsigned int size = sized[i].size, off;

	for (off = 0; off < 2 * line; off++) {
		struct x86_lock_insn d = decode_sized(i, 0x7f0000000000 + off,
						      line);
		bool misaligned = size == 16 && off % 16;
		bool want = !misaligned && off % line > line - size;

		if (d.split != want || d.align_fault != misaligned)
			fail_msg("line %u size %u offset %u: split %d "
				 "align_fault %d", line, size, off, d.split,
				 d.align_fault);
	}
}

/* Every size at every offset, for lines of 32, 64 and 128 bytes. */
static void line_boundary_sweep(void **state)
{
	static const unsigned int lines[] = { 32, 64, 128 };
	size_t i, l;

	(void)state;
	for (l = 0; l < ARRAY_LEN(lines); l++)
		for (i = 0; i < ARRAY_LEN(sized); i++)
			sweep_lines(i, lines[l]);
}

/*
 * BT* with a register bit offset (SDM Vol. 2A "BT-Bit Test"): the operand
 * is at EA + size * floor(offset / (8 * size)), offset signed.
 */
static const struct bt_case {
	enum x86_mode mode;
	const char *hex;
	unsigned int size;
	uint64_t rbx;
	uint64_t rcx;		/* the bit offset */
	unsigned int want;
	uint64_t addr;
} bt_cases[] = {
	/* lock bts %rcx,(%rbx) */
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, 0, LOCKED, 0x10000 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, 63, LOCKED, 0x10000 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, 64, LOCKED, 0x10008 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, -1ull, LOCKED, 0xfff8 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, -64ull, LOCKED, 0xfff8 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, -65ull, LOCKED, 0xfff0 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, 0x7fffffffffffffff, LOCKED,
	  0x100000000000fff8 },
	{ M64, "f0 48 0f ab 0b", 8, 0x10000, 0x8000000000000000, LOCKED,
	  0xf000000000010000 },
	/* lock bts %ecx,(%rbx): the low 32 bits, signed */
	{ M64, "f0 0f ab 0b", 4, 0x10000, 32, LOCKED, 0x10004 },
	{ M64, "f0 0f ab 0b", 4, 0x10000, 0xffffffff, LOCKED, 0xfffc },
	{ M64, "f0 0f ab 0b", 4, 0x10000, 0x1ffffffff, LOCKED, 0xfffc },
	{ M64, "f0 0f ab 0b", 4, 0x10000, 0x7fffffff, LOCKED, 0x1000fffc },
	{ M64, "f0 0f ab 0b", 4, 0x10000, 0x80000000, LOCKED,
	  0xfffffffff0010000 },
	/* lock bts %cx,(%rbx): the low 16 bits, signed */
	{ M64, "66 f0 0f ab 0b", 2, 0x10000, 0x8000, LOCKED, 0xf000 },
	{ M64, "66 f0 0f ab 0b", 2, 0x10000, 0xffff, LOCKED, 0xfffe },
	{ M64, "66 f0 0f ab 0b", 2, 0x10000, 0x7fff, LOCKED, 0x10ffe },
	{ M64, "66 f0 0f ab 0b", 2, 0x10000, 0x12340010, LOCKED, 0x10002 },
	/* lock bts %ecx,(%ebx): 32-bit addresses wrap */
	{ M64, "67 f0 0f ab 0b", 4, 0x10000, 0x80000000, LOCKED, 0xf0010000 },
	{ M32, "f0 0f ab 0b", 4, 0x14000, 0xffffffff, LOCKED, 0x13ffc },
	{ M32, "f0 0f ab 0b", 4, 0x14000, 0x80000000, LOCKED, 0xf0014000 },
	/* lock btc %ecx,(%rbx): the operand addressed decides the split */
	{ M64, "f0 0f bb 0b", 4, 0x1003e, 0, SPLIT, 0x1003e },
	{ M64, "f0 0f bb 0b", 4, 0x1003e, 32, LOCKED, 0x10042 },
	{ M64, "f0 0f bb 0b", 4, 0x10040, 0xffffffff, LOCKED, 0x1003c },
	{ M64, "f0 0f bb 0b", 4, 0x10042, 0xffffffff, SPLIT, 0x1003e },
	/* lock btsl $0xc8,(%rbx): an immediate offset stays in the operand */
	{ M64, "f0 0f ba 2b c8", 4, 0x10000, -1ull, LOCKED, 0x10000 },
	/* bt %rcx,(%rbx): addressed the same way, but not locked */
	{ M64, "48 0f a3 0b", 8, 0x10000, -1ull, MEM, 0xfff8 },
};

static void bt_bit_offsets(void **state)
{
	struct x86_lock_insn d;
	uint8_t buf[HEX_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bt_cases); i++) {
		const struct bt_case *c = &bt_cases[i];
		struct x86_regs r = c->mode == M64 ? regs64 : regs32;
		unsigned int n = parse_hex(c->hex, buf);

		r.gpr[X86_RCX] = c->rcx;
		r.gpr[X86_RBX] = c->rbx;
		assert_int_equal(x86_decode_lock(buf, n, c->mode, &r, LINE,
						 &d), 0);
		if (flags_of(&d) != c->want || d.addr != c->addr ||
		    d.size != c->size)
			fail_msg("[%s] offset %#llx: flags %#x addr %#llx "
				 "size %u, want %#x %#llx %u", c->hex,
				 (unsigned long long)c->rcx, flags_of(&d),
				 (unsigned long long)d.addr, d.size, c->want,
				 (unsigned long long)c->addr, c->size);
	}
}

/* Decodes @npfx copies of @pfx and then @hex, with @avail bytes given. */
static int decode_prefixed(uint8_t pfx, unsigned int npfx, const char *hex,
			   size_t avail, struct x86_lock_insn *d)
{
	uint8_t buf[2 * HEX_MAX];
	unsigned int n;

	memset(buf, 0x90, sizeof(buf));
	memset(buf, pfx, npfx);
	n = npfx + parse_hex(hex, buf + npfx);
	return x86_decode_lock(buf, avail ? avail : n, M64, &regs64, LINE, d);
}

/* 15 bytes at most (SDM Vol. 2A 2.3.11): longer is #GP, never a lock. */
static void length_limit(void **state)
{
	struct x86_lock_insn d;

	(void)state;
	assert_int_equal(decode_prefixed(0x2e, 11, "f0 0f c1 03", 0, &d), 0);
	assert_true(d.locked_rmw);
	assert_int_equal(d.len, 15);
	assert_int_equal(decode_prefixed(0x2e, 12, "f0 0f c1 03", 0, &d),
			 X86_DEC_TOO_LONG);
	assert_false(d.locked_rmw);
	assert_int_equal(d.len, 0);
	/* lock addl $imm32,disp32(%rbx): the 16th byte is the immediate's. */
	assert_int_equal(decode_prefixed(0x3e, 4, "f0 81 83 00 01 00 00 "
					 "78 56 34 12", 0, &d), 0);
	assert_int_equal(d.len, 15);
	assert_int_equal(decode_prefixed(0x3e, 5, "f0 81 83 00 01 00 00 "
					 "78 56 34 12", 0, &d),
			 X86_DEC_TOO_LONG);
	/* Prefixes alone: too long once 15 are there, else truncated. */
	assert_int_equal(decode_prefixed(0xf0, 15, "", 15, &d),
			 X86_DEC_TOO_LONG);
	assert_int_equal(decode_prefixed(0xf0, 20, "", 20, &d),
			 X86_DEC_TOO_LONG);
	assert_int_equal(decode_prefixed(0xf0, 14, "", 14, &d),
			 X86_DEC_TRUNCATED);
	assert_int_equal(decode_prefixed(0x48, 15, "", 15, &d),
			 X86_DEC_TOO_LONG);
	assert_int_equal(decode_prefixed(0x66, 14, "90", 0, &d), 0);
	assert_false(d.known);
	assert_int_equal(decode_prefixed(0x66, 15, "90", 0, &d),
			 X86_DEC_TOO_LONG);
}

/* The fields beside the verdict, errors, and their words. */
static void fields_and_errors(void **state)
{
	static const uint8_t xadd[] = { 0xf0, 0x48, 0x0f, 0xc1, 0x03 };
	static const uint8_t xchg[] = { 0x87, 0x03 };
	static const uint8_t mov[] = { 0x89, 0x03 };
	static const int errs[] = { X86_DEC_TRUNCATED, X86_DEC_TOO_LONG,
				    X86_DEC_BAD_LOCK, X86_DEC_BAD_ARG };
	struct x86_lock_insn d;
	size_t i, j;

	(void)state;
	assert_int_equal(x86_decode_lock(xadd, 5, M64, &regs64, 64, &d), 0);
	assert_true(d.lock_prefix);
	assert_int_equal(d.opcode, 0x0fc1);
	assert_false(d.align_fault);
	assert_int_equal(x86_decode_lock(xchg, 2, M64, &regs64, 64, &d), 0);
	assert_false(d.lock_prefix);
	assert_true(d.locked_rmw);
	assert_int_equal(d.opcode, 0x87);
	assert_int_equal(x86_decode_lock(mov, 2, M64, &regs64, 64, &d), 0);
	assert_int_equal(d.opcode, 0x89);
	assert_int_equal(x86_decode_lock(xadd, 0, M64, &regs64, 64, &d),
			 X86_DEC_TRUNCATED);
	assert_int_equal(x86_decode_lock(xadd, 5, M64, &regs64, 0, &d),
			 X86_DEC_BAD_ARG);
	assert_int_equal(x86_decode_lock(xadd, 5, (enum x86_mode)3, &regs64,
					 64, &d), X86_DEC_BAD_ARG);
	assert_string_equal(x86_dec_strerror(0), "decoded");
	assert_string_equal(x86_dec_strerror(-99), "unknown decoder error");
	for (i = 0; i < ARRAY_LEN(errs); i++)
		for (j = 0; j < i; j++)
			assert_string_not_equal(x86_dec_strerror(errs[i]),
						x86_dec_strerror(errs[j]));
}

/* MOV SS and POP SS hold the next single step (SDM Vol. 3A 6.8.3); no other. */
static void ss_loads(void **state)
{
	static const struct {
		const char *hex;
		enum x86_mode mode;
		bool ss_load;
	} rows[] = {
		{ "8e d0", M64, true },		/* mov %eax,%ss */
		{ "8e 13", M64, true },		/* mov (%rbx),%ss */
		{ "66 8e d0", M32, true },	/* mov %ax,%ss */
		{ "17", M32, true },		/* pop %ss */
		{ "17", M16, true },
		{ "17", M64, false },		/* #UD in 64-bit mode */
		{ "8e d8", M64, false },	/* mov %eax,%ds */
		{ "8e c0", M64, false },	/* mov %eax,%es */
		{ "8c d0", M64, false },	/* mov %ss,%eax: a store */
		{ "87 03", M64, false },	/* xchg */
		{ "1f", M32, false },		/* pop %ds */
	};
	uint8_t buf[HEX_MAX];
	struct x86_lock_insn d;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		unsigned int n = parse_hex(rows[i].hex, buf);
		const struct x86_regs *r = rows[i].mode == M64 ? &regs64 :
								 &regs32;

		assert_int_equal(x86_decode_lock(buf, n, rows[i].mode, r, 64,
						 &d), 0);
		if (d.ss_load != rows[i].ss_load)
			fail_msg("%s (mode %d): ss_load %d, want %d",
				 rows[i].hex, rows[i].mode, d.ss_load,
				 rows[i].ss_load);
		if (d.ss_load)
			assert_int_equal(d.len, n);
	}
}

/* What an exit without a length adds to the opcode's bytes. */
static void prefix_lengths(void **state)
{
	static const uint8_t cpuid[] = { 0x0f, 0xa2 };
	static const uint8_t p66[] = { 0x66, 0x0f, 0xa2 };
	static const uint8_t many[] = { 0xf3, 0x2e, 0x66, 0x48, 0x0f, 0xa2 };
	static const uint8_t all[16] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					 0x66, 0x66, 0x66, 0x66 };

	(void)state;
	assert_int_equal(x86_prefix_len(cpuid, sizeof(cpuid), M64), 0);
	assert_int_equal(x86_prefix_len(p66, sizeof(p66), M64), 1);
	assert_int_equal(x86_prefix_len(many, sizeof(many), M64), 4);
	/* 48 is DEC %eax outside 64-bit mode, not a prefix. */
	assert_int_equal(x86_prefix_len(many, sizeof(many), M32), 3);
	assert_int_equal(x86_prefix_len(all, sizeof(all), M64), 14);
	assert_int_equal(x86_prefix_len(p66, 0, M64), 0);
}

/*
 * x86_may_lock() against the decoder: where it says false, the decode finds
 * neither a locked RMW nor an SS load, for every byte after up to two
 * prefixes, each followed by ModRM forms with memory and register operands.
 */
static unsigned int may_lock_agrees(const uint8_t *head, unsigned int n)
{
	static const uint8_t tails[][3] = {
		{ 0x00, 0x90, 0x90 },	/* (%rax) */
		{ 0x14, 0x24, 0x90 },	/* (%rsp), SS-based with a SIB */
		{ 0x55, 0x3f, 0x90 },	/* 0x3f(%rbp): splits a line */
		{ 0xd0, 0x90, 0x90 },	/* a register: mod 3, reg 2 */
	};
	static const enum x86_mode modes[] = { M16, M32, M64 };
	uint8_t bytes[X86_MAX_INSN_LEN + 3];
	struct x86_lock_insn d;
	unsigned int t, m, skipped = 0;

	memcpy(bytes, head, n);
	for (t = 0; t < ARRAY_LEN(tails); t++) {
		memcpy(bytes + n, tails[t], 3);
		memset(bytes + n + 3, 0x90, sizeof(bytes) - n - 3);
		for (m = 0; m < ARRAY_LEN(modes); m++) {
			if (x86_may_lock(bytes, sizeof(bytes), modes[m]))
				continue;
			skipped++;
			x86_decode_lock(bytes, sizeof(bytes), modes[m],
					&regs64, LINE, &d);
			if (d.locked_rmw || d.ss_load)
				fail_msg("%02x %02x %02x mode %u: skipped, but "
					 "decodes as %s", bytes[0], bytes[1],
					 bytes[2], modes[m], d.mnemonic);
		}
	}
	return skipped;
}

static void may_lock_sweep(void **state)
{
	static const uint8_t pfx[] = { 0xf0, 0xf2, 0xf3, 0x26, 0x2e,
				      0x36, 0x3e, 0x64, 0x65, 0x66,
				      0x67, 0x40, 0x48, 0x4f };
	static const uint8_t nop[1] = { 0x90 };
	static const uint8_t lock_add[3] = { 0xf0, 0x01, 0x00 };
	static const uint8_t xchg[2] = { 0x87, 0x00 };
	uint8_t head[3], many[X86_MAX_INSN_LEN];
	unsigned int a, b, c, skipped = 0;

	(void)state;
	for (a = 0; a < 256; a++) {
		head[0] = (uint8_t)a;
		skipped += may_lock_agrees(head, 1);
		for (b = 0; b < ARRAY_LEN(pfx); b++) {
			head[0] = pfx[b];
			head[1] = (uint8_t)a;
			skipped += may_lock_agrees(head, 2);
			for (c = 0; c < ARRAY_LEN(pfx); c++) {
				head[1] = pfx[c];
				head[2] = (uint8_t)a;
				skipped += may_lock_agrees(head, 3);
			}
		}
	}
	/* It does skip: most opcodes after most prefixes are not locked. */
	assert_true(skipped > 256 * 12 * 3 / 2);
	assert_false(x86_may_lock(nop, sizeof(nop), M64));
	assert_true(x86_may_lock(lock_add, sizeof(lock_add), M64));
	assert_true(x86_may_lock(xchg, sizeof(xchg), M32));
	/* Prefixes up to the limit, or to the end: left to the decoder. */
	memset(many, 0x66, sizeof(many));
	many[14] = 0x90;
	assert_true(x86_may_lock(many, sizeof(many), M64));
	assert_true(x86_may_lock(many, 3, M64));
	assert_true(x86_may_lock(many, 0, M64));
}

/* RIP-relative near the top of the address space, and with 67. */
static void rip_relative_kernel(void **state)
{
	static const uint8_t rip[] = { 0xf0, 0x0f, 0xc1, 0x05,
				       0x00, 0x01, 0x00, 0x00 };
	static const uint8_t eip[] = { 0x67, 0xf0, 0x0f, 0xc1, 0x05,
				       0x00, 0x01, 0x00, 0x00 };
	struct x86_regs r = regs64;
	struct x86_lock_insn d;

	(void)state;
	r.rip = 0xffffffff81000000;
	assert_int_equal(x86_decode_lock(rip, sizeof(rip), M64, &r, 64, &d),
			 0);
	assert_int_equal(d.addr, 0xffffffff81000108);
	assert_int_equal(x86_decode_lock(eip, sizeof(eip), M64, &r, 64, &d),
			 0);
	assert_int_equal(d.addr, 0x81000109);
	r.rip = 0xffffffffffffffc0;	/* the address wraps to 0xc8 */
	assert_int_equal(x86_decode_lock(rip, sizeof(rip), M64, &r, 64, &d),
			 0);
	assert_int_equal(d.addr, 0xc8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TABLE_TEST("lockable_opcodes", lockable_table),
		TABLE_TEST("not_bus_locks", not_locked_table),
		TABLE_TEST("prefixes", prefixes_table),
		TABLE_TEST("addressing_64", addressing_table),
		TABLE_TEST("code_32", code32_table),
		TABLE_TEST("code_16", code16_table),
		TABLE_TEST("segments_32", seg32_table),
		TABLE_TEST("real_mode", real16_table),
		cmocka_unit_test(line_boundary_spots),
		cmocka_unit_test(line_boundary_sweep),
		cmocka_unit_test(bt_bit_offsets),
		cmocka_unit_test(length_limit),
		cmocka_unit_test(fields_and_errors),
		cmocka_unit_test(rip_relative_kernel),
		cmocka_unit_test(ss_loads),
		cmocka_unit_test(prefix_lengths),
		cmocka_unit_test(may_lock_sweep),
	};

	return cmocka_run_group_tests_name("x86dec", tests, NULL, NULL);
}
