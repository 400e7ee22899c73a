/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the split-lock decoder (lib/x86dec.h).
 *
 * Input: byte 0 chooses the mode (3 of 4 values are modes, the fourth an
 * invalid one); byte 1 the line size (bits 2:0) and prefixes to put before
 * the instruction (bits 7:3, so that combinations like 66 with 16-bit code
 * or REX.W with 0F C7 come up early); bytes 2-9 seed the registers; the
 * rest is the instruction.  The decoder reads from a heap buffer of
 * exactly the instruction's size, so AddressSanitizer catches any read
 * past the bytes given.  Every result is checked against the contract in
 * lib/x86dec.h; a broken one aborts.
 *
 * Build and run: tests/fuzz/README.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/x86dec.h"

#define HEADER_BYTES 10		/* mode, line size, 8-byte register seed */
#define MODE_CHOICES 4		/* X86_MODE_16, _32, _64 and one invalid */
#define LINE_MASK 0x07		/* byte 1: the line size */
#define HINT_66 0x08		/* byte 1: prefixes to prepend */
#define HINT_67 0x10
#define HINT_LOCK 0x20
#define HINT_SEG 0x40		/* FS or GS, by the seed's bit 0 */
#define HINT_REX 0x80		/* REX.W plus the seed's bits 3:1 */
#define MAX_HINTS 5
#define ADDR32_LIMIT 0x100000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Line sizes to try: the usual 64, others, odd ones, and 0 (invalid). */
static const unsigned int line_sizes[LINE_MASK + 1] = {
	64, 32, 128, 16, 1, 7, 4096, 0,
};

/* Register values where address arithmetic has its edges. */
static const uint64_t edges[] = {
	0, 1, 63, 64, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
	0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, -64ull, -1ull,
};

/* Aborts unless @ok: a broken contract is a crash libFuzzer reports. */
static void require(bool ok)
{
	if (!ok)
		abort();
}

/* SplitMix64: the next pseudo-random value from @state. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A register value from @state: an edge one time in four, else random. */
static uint64_t reg_value(uint64_t *state)
{
	uint64_t v = splitmix64(state);

	if (v % 4 == 0)
		return edges[(v >> 2) % (sizeof(edges) / sizeof(edges[0]))];
	return v;
}

/* Fills @r from @seed. */
static void make_regs(uint64_t seed, struct x86_regs *r)
{
	unsigned int i;

	for (i = 0; i < X86_GPR_COUNT; i++)
		r->gpr[i] = reg_value(&seed);
	r->rip = reg_value(&seed);
	for (i = 0; i < X86_SEG_COUNT; i++)
		r->seg_base[i] = reg_value(&seed);
}

/* Whether @a and @b say the same (the struct has padding: by field). */
static bool same_insn(const struct x86_lock_insn *a,
		      const struct x86_lock_insn *b)
{
	return a->mnemonic == b->mnemonic && a->addr == b->addr &&
	       a->size == b->size && a->len == b->len &&
	       a->opcode == b->opcode && a->known == b->known &&
	       a->lock_prefix == b->lock_prefix && a->mem == b->mem &&
	       a->locked_rmw == b->locked_rmw && a->split == b->split &&
	       a->align_fault == b->align_fault;
}

/* The contract of x86_decode_lock() for result @ret and record @d. */
static void check_contract(int ret, const struct x86_lock_insn *d, size_t n,
			   enum x86_mode mode, unsigned int line)
{
	bool bad_arg = !line || mode > X86_MODE_64;

	require(ret == 0 || ret == X86_DEC_TRUNCATED ||
		ret == X86_DEC_TOO_LONG || ret == X86_DEC_BAD_LOCK ||
		ret == X86_DEC_BAD_ARG);
	require((ret == X86_DEC_BAD_ARG) == bad_arg);
	require(d->mnemonic && x86_dec_strerror(ret));
	require(d->len <= X86_MAX_INSN_LEN && d->len <= n);
	require(d->known == (d->len > 0));
	require(ret != X86_DEC_TRUNCATED || n < X86_MAX_INSN_LEN);
	if (ret != 0 && ret != X86_DEC_BAD_LOCK)
		require(!d->known && !d->mem && !d->locked_rmw);
	require(ret != X86_DEC_BAD_LOCK || (d->lock_prefix && !d->locked_rmw));
	require(!d->mem || d->known);
	require(!d->locked_rmw || (ret == 0 && d->mem));
	require(!d->locked_rmw || d->lock_prefix ||
		!strcmp(d->mnemonic, "xchg"));
	require(!d->split || (d->locked_rmw && !d->align_fault));
	require(!d->align_fault ||
		(d->locked_rmw && d->size == 16 && d->addr % 16));
	if (d->mem) {
		require(d->size == 1 || d->size == 2 || d->size == 4 ||
			d->size == 8 || d->size == 16);
		require(mode == X86_MODE_64 || d->addr < ADDR32_LIMIT);
	}
	if (d->locked_rmw && !d->align_fault)
		require(d->split == (d->addr % line + d->size > line));
}

/*
 * A decoded instruction gives the same result @ret from exactly its own
 * bytes, in a buffer of that size, and TRUNCATED from one byte fewer.
 */
static void check_exact(const uint8_t *insn, int ret, enum x86_mode mode,
			const struct x86_regs *r, unsigned int line,
			const struct x86_lock_insn *d)
{
	struct x86_lock_insn again;
	uint8_t *copy = malloc(d->len);

	require(copy != NULL);
	memcpy(copy, insn, d->len);
	require(x86_decode_lock(copy, d->len, mode, r, line, &again) == ret);
	require(same_insn(d, &again));
	require(x86_decode_lock(copy, d->len - 1, mode, r, line, &again) ==
		X86_DEC_TRUNCATED);
	free(copy);
}

/*
 * Copies the prefixes @hints asks for, then the @n bytes at @insn, into a
 * new buffer of exactly that size; returns it and its size in @len.
 */
static uint8_t *build_insn(unsigned int hints, uint64_t seed,
			   const uint8_t *insn, size_t n, size_t *len)
{
	uint8_t pfx[MAX_HINTS];
	size_t np = 0;
	uint8_t *buf;

	if (hints & HINT_66)
		pfx[np++] = 0x66;
	if (hints & HINT_67)
		pfx[np++] = 0x67;
	if (hints & HINT_LOCK)
		pfx[np++] = 0xf0;
	if (hints & HINT_SEG)
		pfx[np++] = (seed & 1) ? 0x65 : 0x64;
	if (hints & HINT_REX)
		pfx[np++] = 0x48 | ((seed >> 1) & 7);
	*len = np + n;
	buf = malloc(*len ? *len : 1);
	require(buf != NULL);
	memcpy(buf, pfx, np);
	memcpy(buf + np, insn, n);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_lock_insn d, again;
	enum x86_mode mode;
	struct x86_regs r;
	unsigned int line;
	uint64_t seed;
	uint8_t *insn;
	size_t n;
	int ret;

	if (size < HEADER_BYTES)
		return 0;
	mode = (enum x86_mode)(data[0] % MODE_CHOICES);
	line = line_sizes[data[1] & LINE_MASK];
	memcpy(&seed, data + 2, sizeof(seed));
	make_regs(seed, &r);
	insn = build_insn(data[1] & ~LINE_MASK, seed, data + HEADER_BYTES,
			  size - HEADER_BYTES, &n);
	ret = x86_decode_lock(insn, n, mode, &r, line, &d);
	check_contract(ret, &d, n, mode, line);
	require(x86_decode_lock(insn, n, mode, &r, line, &again) == ret &&
		same_insn(&d, &again));
	if (d.known)
		check_exact(insn, ret, mode, &r, line, &d);
	free(insn);
	return 0;
}
