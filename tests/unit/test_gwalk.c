/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/gwalk.c, the walk of a guest's own page tables.  Small
 * builders write 32-bit, PAE, 4-level and 5-level tables (SDM Vol. 3A 4.3,
 * 4.4, 4.5) into a buffer that plays the guest's RAM; the tests check
 * translations and page offsets for every page size, a missing entry and
 * an entry pointing outside RAM at every level, reserved bits, canonical
 * addresses, and reads that cross pages.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_gwalk.c lib/gwalk.c -lcmocka -o /tmp/test_gwalk && /tmp/test_gwalk
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/gwalk.h"

#define RAM_SIZE (8ull << 20)		/* the guest's RAM, at 0 */
#define TABLES 0x10000ull		/* table pages from here ... */
#define DATA 0x100000ull		/* ... data pages from here */
#define OUTSIDE (RAM_SIZE + 0x200000)	/* a page past the end of RAM */
#define ADDR64 0x000ffffffffff000ull
#define ADDR32 0xfffff000ull

#define CR0_PE (1ull << 0)
#define EFER_LME (1ull << 8)
#define P GWALK_P
#define RW (1ull << 1)
#define US (1ull << 2)
#define PS GWALK_PS
#define PAT_LARGE (1ull << 12)	/* PAT bit of a 2 MiB or 1 GiB page */
#define XD (1ull << 63)

#define KIB4 0x1000ull
#define MIB2 0x200000ull
#define MIB4 0x400000ull
#define GIB1 0x40000000ull

static uint8_t *ram;
static uint64_t next_table;
static unsigned int reads;
static int ram_token;		/* read_phys must get this back as ctx */

/* The guest's RAM as the hypervisor would give it out. */
static const void *read_phys(void *ctx, uint64_t gpa, size_t len)
{
	assert_ptr_equal(ctx, &ram_token);
	assert_true(len > 0);
	/* Entries and instruction bytes never straddle a 4 KiB page. */
	assert_true((gpa & (KIB4 - 1)) + len <= KIB4);
	reads++;
	if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
		return NULL;
	return ram + gpa;
}

static int setup(void **state)
{
	uint64_t i;

	(void)state;
	ram = aligned_alloc(KIB4, RAM_SIZE);
	assert_non_null(ram);
	memset(ram, 0, DATA);
	/* Bytes that tell every page and offset apart. */
	for (i = DATA; i < RAM_SIZE; i++)
		ram[i] = (uint8_t)(i * 7 + (i >> 12) * 13);
	next_table = TABLES;
	reads = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static uint64_t new_table(void)
{
	uint64_t pa = next_table;

	assert_true(pa + KIB4 <= DATA);
	next_table += KIB4;
	memset(ram + pa, 0, KIB4);
	return pa;
}

static uint64_t get(uint64_t pa, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, ram + pa, size);
	return v;
}

static void put(uint64_t pa, unsigned int size, uint64_t v)
{
	memcpy(ram + pa, &v, size);
}

/* The entries one translation uses: at[level], each of size bytes. */
struct path {
	unsigned int size;
	uint64_t at[6];
};

/*
 * Maps @la to @pa under the 64-bit table of level @top at @table, with a
 * page at level @leaf (1: 4 KiB, 2: 2 MiB, 3: 1 GiB), adding tables.
 */
static void map64(uint64_t table, unsigned int top, uint64_t la, uint64_t pa,
		  unsigned int leaf, struct path *path)
{
	unsigned int level;
	uint64_t e, at;

	path->size = 8;
	for (level = top;; level--) {
		at = table + ((la >> (12 + 9 * (level - 1))) & 511) * 8;
		path->at[level] = at;
		if (level == leaf) {
			put(at, 8, pa | P | RW | (leaf > 1 ? PS : 0));
			return;
		}
		e = get(at, 8);
		if (!(e & P)) {
			e = new_table() | P | RW | US;
			put(at, 8, e);
		}
		table = e & ADDR64;
	}
}

/* PAE: PDPTE (recorded as level 3), then map64() from the PD. */
static void map_pae(uint64_t pdpt, uint64_t la, uint64_t pa,
		    unsigned int leaf, struct path *path)
{
	uint64_t at = pdpt + ((la >> 30) & 3) * 8, e = get(at, 8);

	if (!(e & P)) {
		e = new_table() | P;	/* PDPTE bits 2:1 are reserved */
		put(at, 8, e);
	}
	map64(e & ADDR64, 2, la, pa, leaf, path);
	path->at[3] = at;
}

/* 32-bit paging: a 4 KiB page (@leaf 1) or a 4 MiB one (@leaf 2). */
static void map32(uint64_t pd, uint64_t la, uint64_t pa, unsigned int leaf,
		  struct path *path)
{
	uint64_t at = pd + (la >> 22) * 4, e;

	path->size = 4;
	path->at[2] = at;
	if (leaf == 2) {
		put(at, 4, (pa & 0xffc00000) | ((pa >> 32) & 0xff) << 13 | P |
				   RW | PS);
		return;
	}
	e = get(at, 4);
	if (!(e & P)) {
		e = new_table() | P | RW;
		put(at, 4, e);
	}
	at = (e & ADDR32) + ((la >> 12) & 0x3ff) * 4;
	path->at[1] = at;
	put(at, 4, pa | P | RW);
}

static struct gwalk_ctx ctx_of(uint64_t cr0, uint64_t cr3, uint64_t cr4,
			       uint64_t efer)
{
	return (struct gwalk_ctx){ .cr0 = cr0, .cr3 = cr3, .cr4 = cr4,
				   .efer = efer, .read_phys = read_phys,
				   .ctx = &ram_token };
}

static struct gwalk_ctx ctx_32(uint64_t cr3, bool pse)
{
	return ctx_of(GWALK_CR0_PG | CR0_PE, cr3, pse ? GWALK_CR4_PSE : 0, 0);
}

static struct gwalk_ctx ctx_pae(uint64_t cr3)
{
	return ctx_of(GWALK_CR0_PG | CR0_PE, cr3, GWALK_CR4_PAE, 0);
}

static struct gwalk_ctx ctx_long(uint64_t cr3, bool la57)
{
	return ctx_of(GWALK_CR0_PG | CR0_PE, cr3,
		      GWALK_CR4_PAE | (la57 ? GWALK_CR4_LA57 : 0),
		      EFER_LME | GWALK_EFER_LMA);
}

static void translates(const struct gwalk_ctx *c, uint64_t la, uint64_t want)
{
	uint64_t gpa = 0xbad;

	assert_int_equal(gwalk_translate(c, la, &gpa), 0);
	assert_int_equal(gpa, want);
}

static void fails(const struct gwalk_ctx *c, uint64_t la, int err)
{
	uint64_t gpa = 0xbad;

	assert_int_equal(gwalk_translate(c, la, &gpa), -err);
	assert_int_equal(gpa, 0xbad);
}

/* Points each table entry above @leaf outside RAM in turn. */
static void check_outside_ram(const struct gwalk_ctx *c, const struct path *p,
			      unsigned int top, unsigned int leaf, uint64_t la,
			      uint64_t want)
{
	uint64_t e, addr = p->size == 4 ? ADDR32 : ADDR64;
	unsigned int level;

	for (level = top; level > leaf; level--) {
		e = get(p->at[level], p->size);
		put(p->at[level], p->size, (e & ~addr) | OUTSIDE);
		fails(c, la, GWALK_ENORAM);
		put(p->at[level], p->size, e);
		translates(c, la, want);
	}
}

/* Flips @bit of the entry at @level: the walk then says @err (0: fine). */
static void check_bit(const struct gwalk_ctx *c, const struct path *p,
		      unsigned int level, uint64_t bit, uint64_t la, int err,
		      uint64_t want)
{
	uint64_t e = get(p->at[level], p->size);

	put(p->at[level], p->size, e ^ bit);
	if (err)
		fails(c, la, err);
	else
		translates(c, la, want);
	put(p->at[level], p->size, e);
	translates(c, la, want);
}

/* Clears P at each level from @top to @leaf in turn: the walk stops there. */
static void check_not_present(const struct gwalk_ctx *c, const struct path *p,
			      unsigned int top, unsigned int leaf, uint64_t la,
			      uint64_t want)
{
	unsigned int level;

	for (level = top; level >= leaf; level--)
		check_bit(c, p, level, P, la, GWALK_ENOTPRESENT, want);
}

static void test_paging_off(void **state)
{
	struct gwalk_ctx c = ctx_of(CR0_PE, 0x5000, GWALK_CR4_PAE, 0);
	uint8_t buf[15];

	(void)state;
	translates(&c, 0x12345, 0x12345);
	/* Outside long mode a linear address has 32 bits. */
	translates(&c, 0x100005678ull, 0x5678);
	translates(&c, 0xffffffff, 0xffffffff);
	c.cr0 = 0;	/* real mode too */
	translates(&c, DATA + 0x42, DATA + 0x42);
	assert_int_equal(gwalk_read(&c, DATA + 0xff9, buf, sizeof(buf)), 15);
	assert_memory_equal(buf, ram + DATA + 0xff9, 15);
	/* The last bytes of RAM, then past it. */
	assert_int_equal(gwalk_read(&c, RAM_SIZE - 5, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, ram + RAM_SIZE - 5, 5);
	assert_int_equal(gwalk_read(&c, RAM_SIZE, buf, 1), -GWALK_ENORAM);
	/* One read_phys per page touched, the missing ones included. */
	assert_int_equal(reads, 5);
}

static void test_32bit_4k(void **state)
{
	uint64_t pd = new_table(), la = 0xc0123000;
	struct gwalk_ctx c = ctx_32(pd | 0x18, false);	/* PWT, PCD */
	struct path p;

	(void)state;
	map32(pd, la, DATA + 0x7000, 1, &p);
	map32(pd, 0x1000, DATA + 0x3000, 1, &p);
	map32(pd, 0xfffff000, DATA + 0x9000, 1, &p);
	translates(&c, la, DATA + 0x7000);
	translates(&c, la + 0xabc, DATA + 0x7abc);
	translates(&c, 0x1fff, DATA + 0x3fff);
	translates(&c, 0xfffffffe, DATA + 0x9ffe);
	/* Bits above 31 are dropped: 0x1_0000_1000 is 0x1000. */
	translates(&c, 0x100001234ull, DATA + 0x3234);
	fails(&c, 0x2000, GWALK_ENOTPRESENT);
	/* Flag bits 11:1 of a PTE do not move the page. */
	check_bit(&c, &p, 1, 0xffe, 0xfffff123, 0, DATA + 0x9123);
	check_not_present(&c, &p, 2, 1, 0xfffff123, DATA + 0x9123);
	check_outside_ram(&c, &p, 2, 1, 0xfffff123, DATA + 0x9123);
	/* A page outside RAM: it translates; reading it does not. */
	map32(pd, 0x5000, OUTSIDE, 1, &p);
	translates(&c, 0x5010, OUTSIDE + 0x10);
	/* The page directory outside RAM. */
	c.cr3 = OUTSIDE;
	fails(&c, la, GWALK_ENORAM);
}

static void test_32bit_4m(void **state)
{
	uint64_t pd = new_table(), la = 0x40000000, pt = new_table();
	struct gwalk_ctx c = ctx_32(pd, true);
	struct path p;

	(void)state;
	map32(pd, la, MIB4, 2, &p);
	translates(&c, la, MIB4);
	translates(&c, la + 0x123456, MIB4 + 0x123456);
	translates(&c, la + MIB4 - 1, 2 * MIB4 - 1);
	check_not_present(&c, &p, 2, 2, la + 5, MIB4 + 5);
	/* Bit 21 is reserved in a 4 MiB PDE (SDM 4.3). */
	check_bit(&c, &p, 2, 1ull << 21, la, GWALK_ERESERVED, MIB4);
	/* Bit 12 is PAT and does not move the page. */
	check_bit(&c, &p, 2, 1ull << 12, la + 7, 0, MIB4 + 7);

	/* PSE-36: PDE bits 20:13 are address bits 39:32. */
	map32(pd, 0x80000000, 0xab00c00000ull, 2, &p);
	translates(&c, 0x80000000 + 0x3fffff, 0xab00ffffffull);
	assert_int_equal(get(p.at[2], 4) >> 13 & 0xff, 0xab);

	/* With CR4.PSE = 0, PS is ignored: the PDE points to a page table. */
	c = ctx_32(pd, false);
	put(pt + 0x123 * 4, 4, (DATA + 0x6000) | P);
	put(p.at[2], 4, pt | P | RW | PS);
	translates(&c, 0x80123456, DATA + 0x6456);
}

static void test_pae(void **state)
{
	uint64_t pdpt = new_table() + 0x60;	/* 32-byte aligned is enough */
	struct gwalk_ctx c = ctx_pae(pdpt | 0x18);
	uint64_t la4k = 0x80402000, la2m = 0xc0600000;
	struct path p4k, p2m;

	(void)state;
	map_pae(pdpt, la4k, DATA + 0x2000, 1, &p4k);
	map_pae(pdpt, la2m, MIB2 * 2, 2, &p2m);
	translates(&c, la4k + 0xfff, DATA + 0x2fff);
	translates(&c, la2m + 0x1fffff, MIB2 * 3 - 1);
	translates(&c, la2m + 0x12345 + 0x100000000ull, MIB2 * 2 + 0x12345);
	check_not_present(&c, &p4k, 3, 1, la4k + 1, DATA + 0x2001);
	check_not_present(&c, &p2m, 3, 2, la2m + 1, MIB2 * 2 + 1);
	check_outside_ram(&c, &p4k, 3, 1, la4k, DATA + 0x2000);
	/* PDPTE bits 2:1 and 8:5 are reserved (SDM 4.4.1). */
	check_bit(&c, &p4k, 3, RW, la4k, GWALK_ERESERVED, DATA + 0x2000);
	check_bit(&c, &p4k, 3, PS, la4k, GWALK_ERESERVED, DATA + 0x2000);
	check_bit(&c, &p4k, 3, 1ull << 8, la4k, GWALK_ERESERVED,
		  DATA + 0x2000);
	/* PCD and PWT (bits 4:3) and the ignored bits 11:9 are not. */
	check_bit(&c, &p4k, 3, 0xe18, la4k, 0, DATA + 0x2000);
	/* A 2 MiB page: bits 20:13 reserved, bit 12 PAT. */
	check_bit(&c, &p2m, 2, 1ull << 13, la2m, GWALK_ERESERVED, MIB2 * 2);
	check_bit(&c, &p2m, 2, 1ull << 20, la2m, GWALK_ERESERVED, MIB2 * 2);
	check_bit(&c, &p2m, 2, PAT_LARGE, la2m + 9, 0, MIB2 * 2 + 9);
	/* XD and the bits above MAXPHYADDR's reach are no address bits. */
	check_bit(&c, &p4k, 1, XD | 0x7ff0000000000000ull, la4k, 0,
		  DATA + 0x2000);
	/* No PDPTE for that quarter of the address space. */
	fails(&c, 0x00001000, GWALK_ENOTPRESENT);
	c.cr3 = OUTSIDE;
	fails(&c, la4k, GWALK_ENORAM);
}

/* PAE with the PDPTE registers given: memory's PDPT is not read. */
static void test_pae_pdpte_registers(void **state)
{
	uint64_t pdpt = new_table(), pd = new_table(), regs[4] = { 0 };
	struct gwalk_ctx c = ctx_pae(pdpt);
	struct path p;

	(void)state;
	map_pae(pdpt, 0x40001000, DATA + 0x1000, 1, &p);
	/* The register points to another page directory. */
	map64(pd, 2, 0x40001000, DATA + 0x8000, 1, &p);
	regs[1] = pd | P;
	c.pdptes = regs;
	translates(&c, 0x40001234, DATA + 0x8234);
	put(pdpt + 8, 8, 0);		/* memory's PDPTE 1: gone */
	translates(&c, 0x40001234, DATA + 0x8234);
	fails(&c, 0x00001000, GWALK_ENOTPRESENT);
	regs[1] |= 1ull << 5;
	fails(&c, 0x40001234, GWALK_ERESERVED);
	regs[1] = (OUTSIDE & ADDR64) | P;
	fails(&c, 0x40001234, GWALK_ENORAM);
	c.pdptes = NULL;
	fails(&c, 0x40001234, GWALK_ENOTPRESENT);
}

static void test_4level_pages(void **state)
{
	uint64_t pml4 = new_table();
	struct gwalk_ctx c = ctx_long(pml4, false);
	uint64_t la4k = 0x00007f0012345000ull, la2m = 0x0000001234600000ull;
	uint64_t la1g = 0x0000004040000000ull, hi = 0xffff800000001000ull;
	struct path p4k, p2m, p1g, phi;

	(void)state;
	map64(pml4, 4, la4k, DATA + 0x5000, 1, &p4k);
	map64(pml4, 4, la2m, MIB2 * 3, 2, &p2m);
	map64(pml4, 4, la1g, 5 * GIB1, 3, &p1g);
	map64(pml4, 4, hi, DATA + 0xa000, 1, &phi);
	translates(&c, la4k + 0xfed, DATA + 0x5fed);
	translates(&c, la2m + 0x1abcde, MIB2 * 3 + 0x1abcde);
	translates(&c, la1g + 0x3ffffffe, 6 * GIB1 - 2);
	translates(&c, hi + 0x10, DATA + 0xa010);
	assert_int_equal(p4k.at[4], pml4 + 254 * 8);
	assert_int_equal(phi.at[4], pml4 + 256 * 8);
	check_not_present(&c, &p4k, 4, 1, la4k + 3, DATA + 0x5003);
	check_not_present(&c, &p2m, 4, 2, la2m + 3, MIB2 * 3 + 3);
	check_not_present(&c, &p1g, 4, 3, la1g + 3, 5 * GIB1 + 3);
	check_not_present(&c, &phi, 4, 1, hi, DATA + 0xa000);
	/* CR3: PCID (11:0) and bits 63:52 (LAM, no-flush) are no address. */
	c.cr3 = pml4 | 0xfff | 0xe000000000000000ull;
	translates(&c, la4k, DATA + 0x5000);
	c.cr3 = pml4;
	/* A 4 KiB page outside RAM translates all the same. */
	map64(pml4, 4, la4k + KIB4, OUTSIDE, 1, &p4k);
	translates(&c, la4k + KIB4 + 1, OUTSIDE + 1);
}

static void test_4level_bits(void **state)
{
	uint64_t pml4 = new_table();
	struct gwalk_ctx c = ctx_long(pml4, false);
	uint64_t la4k = 0x1000, la2m = 0x40200000, la1g = 0x80000000;
	struct path p4k, p2m, p1g, p;

	(void)state;
	map64(pml4, 4, la4k, DATA, 1, &p4k);
	map64(pml4, 4, la2m, MIB2, 2, &p2m);
	map64(pml4, 4, la1g, GIB1, 3, &p1g);
	/* PS is reserved in a PML4E (SDM 4.5.4). */
	check_bit(&c, &p4k, 4, PS, la4k, GWALK_ERESERVED, DATA);
	/* Even one whose address could pass for a 512 GiB page's. */
	memset(ram, 0, KIB4);
	put(pml4 + 8, 8, 0 | P | RW);
	map64(0, 3, 0x8000001000ull, DATA + 0x1000, 1, &p);
	p.at[4] = pml4 + 8;
	check_bit(&c, &p, 4, PS, 0x8000001000ull, GWALK_ERESERVED,
		  DATA + 0x1000);
	/* 1 GiB: bits 29:13 reserved, bit 12 PAT. */
	check_bit(&c, &p1g, 3, 1ull << 13, la1g, GWALK_ERESERVED, GIB1);
	check_bit(&c, &p1g, 3, 1ull << 29, la1g, GWALK_ERESERVED, GIB1);
	check_bit(&c, &p1g, 3, PAT_LARGE, la1g + 1, 0, GIB1 + 1);
	/* 2 MiB: bits 20:13 reserved, bit 12 PAT. */
	check_bit(&c, &p2m, 2, 1ull << 16, la2m, GWALK_ERESERVED, MIB2);
	check_bit(&c, &p2m, 2, PAT_LARGE, la2m + 1, 0, MIB2 + 1);
	/* A PTE's bit 7 is PAT, not PS. */
	check_bit(&c, &p4k, 1, PS, la4k + 2, 0, DATA + 2);
	/* XD, protection keys, ignored bits: no address bits. */
	check_bit(&c, &p4k, 1, XD | 0x7ff0000000000f00ull, la4k, 0, DATA);
	check_bit(&c, &p4k, 2, XD | 0x7ff0000000000f00ull, la4k, 0, DATA);
	check_bit(&c, &p1g, 3, XD | 0x7ff0000000000000ull, la1g, 0, GIB1);
	/* Tables outside RAM, at each level. */
	check_outside_ram(&c, &p4k, 4, 1, la4k, DATA);
	check_outside_ram(&c, &p2m, 4, 2, la2m, MIB2);
	c.cr3 = OUTSIDE;
	fails(&c, la4k, GWALK_ENORAM);
	/* A table in the last page of RAM is fine. */
	c.cr3 = RAM_SIZE - KIB4;
	memset(ram + c.cr3, 0, KIB4);
	put(c.cr3, 8, get(pml4, 8));
	translates(&c, la4k + 5, DATA + 5);
}

/* 4-level paging: bits 63:47 must all equal bit 47 (SDM Vol. 1 3.3.7.1). */
static void test_4level_canonical(void **state)
{
	uint64_t pml4 = new_table();
	struct gwalk_ctx c = ctx_long(pml4, false);
	struct path p;

	(void)state;
	map64(pml4, 4, 0x00007ffffffff000ull, DATA + 0x4000, 1, &p);
	map64(pml4, 4, 0xffff800000000000ull, DATA + 0xb000, 1, &p);
	translates(&c, 0x00007fffffffffffull, DATA + 0x4fff);
	translates(&c, 0xffff800000000000ull, DATA + 0xb000);
	reads = 0;
	fails(&c, 0x0000800000000000ull, GWALK_ENONCANONICAL);
	fails(&c, 0xffff7fffffffffffull, GWALK_ENONCANONICAL);
	fails(&c, 0x8000000000000000ull, GWALK_ENONCANONICAL);
	fails(&c, 0x00ff000000000000ull, GWALK_ENONCANONICAL);
	/* Refused without touching a table. */
	assert_int_equal(reads, 0);
}

static void test_5level(void **state)
{
	uint64_t pml5 = new_table();
	struct gwalk_ctx c = ctx_long(pml5, true);
	uint64_t la = 0x0000800000003000ull, top = 0x00fffffffffff000ull;
	struct path p, pt, p1g;

	(void)state;
	/* Canonical for 57 bits, not for 48. */
	map64(pml5, 5, la, DATA + 0xc000, 1, &p);
	map64(pml5, 5, top, DATA + 0xd000, 1, &pt);
	map64(pml5, 5, 0xff00000040000000ull, 0, 3, &p1g);
	translates(&c, la + 0x21, DATA + 0xc021);
	translates(&c, top + 0xfff, DATA + 0xdfff);
	translates(&c, 0xff00000040000000ull + DATA + 3, DATA + 3);
	assert_int_equal(p.at[5], pml5);
	assert_int_equal(pt.at[5], pml5 + 255 * 8);
	assert_int_equal(p1g.at[5], pml5 + 256 * 8);
	check_not_present(&c, &p, 5, 1, la, DATA + 0xc000);
	check_not_present(&c, &p1g, 5, 3, 0xff00000040000000ull, 0);
	check_outside_ram(&c, &p, 5, 1, la, DATA + 0xc000);
	check_bit(&c, &p, 5, PS, la, GWALK_ERESERVED, DATA + 0xc000);
	/* A PML5E at a table at 0: PS would make a 256 TiB page of it. */
	memset(ram, 0, KIB4);
	put(pml5 + 2 * 8, 8, 0 | P | RW);
	map64(0, 4, 0x0002000000005000ull, DATA + 0x5000, 1, &p);
	p.at[5] = pml5 + 2 * 8;
	check_bit(&c, &p, 5, PS, 0x0002000000005000ull, GWALK_ERESERVED,
		  DATA + 0x5000);
	/* Bits 63:56 must all equal bit 56. */
	fails(&c, 0x0100000000000000ull, GWALK_ENONCANONICAL);
	fails(&c, 0xfeffffffffffffffull, GWALK_ENONCANONICAL);
	/* The same tables read as 4-level: la is not canonical there. */
	c.cr4 &= ~GWALK_CR4_LA57;
	fails(&c, la, GWALK_ENONCANONICAL);
}

/* gwalk_read(): page by page, and the bytes it could get. */
static void test_read_across_pages(void **state)
{
	uint64_t pml4 = new_table(), la = 0x400000;
	struct gwalk_ctx c = ctx_long(pml4, false);
	uint8_t buf[15], fill[15];
	struct path p;

	(void)state;
	/* Two neighbouring linear pages on physical pages in reverse order. */
	map64(pml4, 4, la, DATA + 0x9000, 1, &p);
	map64(pml4, 4, la + KIB4, DATA + 0x2000, 1, &p);
	assert_int_equal(gwalk_read(&c, la + 0xff8, buf, 15), 15);
	assert_memory_equal(buf, ram + DATA + 0x9ff8, 8);
	assert_memory_equal(buf + 8, ram + DATA + 0x2000, 7);
	assert_int_equal(gwalk_read(&c, la + 0x10, buf, 15), 15);
	assert_memory_equal(buf, ram + DATA + 0x9010, 15);

	/* Into a page that is not present: the first 8 bytes only. */
	memset(fill, 0xee, sizeof(fill));
	memcpy(buf, fill, sizeof(buf));
	put(p.at[1], 8, get(p.at[1], 8) & ~P);
	assert_int_equal(gwalk_read(&c, la + 0xff8, buf, 15), 8);
	assert_memory_equal(buf, ram + DATA + 0x9ff8, 8);
	assert_memory_equal(buf + 8, fill, 7);
	/* Starting there, nothing: the reason instead. */
	assert_int_equal(gwalk_read(&c, la + KIB4, buf, 15),
			 -GWALK_ENOTPRESENT);
	/* Into a page that lies outside RAM. */
	map64(pml4, 4, la + KIB4, OUTSIDE, 1, &p);
	assert_int_equal(gwalk_read(&c, la + 0xffe, buf, 15), 2);
	assert_memory_equal(buf, ram + DATA + 0x9ffe, 2);
	assert_int_equal(gwalk_read(&c, la + KIB4, buf, 15), -GWALK_ENORAM);
	/* Up to the last canonical byte. */
	map64(pml4, 4, 0x00007ffffffff000ull, DATA + 0x3000, 1, &p);
	assert_int_equal(gwalk_read(&c, 0x00007ffffffffffbull, buf, 15), 5);
	assert_memory_equal(buf, ram + DATA + 0x3ffb, 5);
	assert_int_equal(gwalk_read(&c, 0x0000800000000000ull, buf, 15),
			 -GWALK_ENONCANONICAL);
	/* Nothing asked, nothing read. */
	assert_int_equal(gwalk_read(&c, 0xdead0000, buf, 0), 0);
}

/* Outside long mode a read wraps from 4 GiB - 1 to 0. */
static void test_read_wraps_at_4g(void **state)
{
	uint64_t pd = new_table();
	struct gwalk_ctx c = ctx_32(pd, false);
	uint8_t buf[10];
	struct path p;

	(void)state;
	map32(pd, 0xfffff000, DATA + 0x7000, 1, &p);
	map32(pd, 0x00000000, DATA + 0x1000, 1, &p);
	assert_int_equal(gwalk_read(&c, 0xfffffffa, buf, 10), 10);
	assert_memory_equal(buf, ram + DATA + 0x7ffa, 6);
	assert_memory_equal(buf + 6, ram + DATA + 0x1000, 4);
	/* Upper bits of the address do not matter there either. */
	assert_int_equal(gwalk_read(&c, 0x12fffffffaull, buf, 10), 10);
	assert_memory_equal(buf + 6, ram + DATA + 0x1000, 4);
}

static void test_bad_arguments(void **state)
{
	struct gwalk_ctx c = ctx_of(0, 0, 0, 0);
	uint8_t buf[4];
	uint64_t gpa = 0xbad;

	(void)state;
	c.read_phys = NULL;
	assert_int_equal(gwalk_translate(&c, 0x1000, &gpa), -GWALK_EINVAL);
	assert_int_equal(gpa, 0xbad);
	assert_int_equal(gwalk_read(&c, 0x1000, buf, 4), -GWALK_EINVAL);
	c.read_phys = read_phys;
	assert_int_equal(gwalk_read(&c, DATA, buf, (size_t)INT32_MAX + 1),
			 -GWALK_EINVAL);
	assert_int_equal(reads, 0);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(gwalk_strerror(0), "no error");
	assert_string_equal(gwalk_strerror(-GWALK_ENOTPRESENT),
			    "an entry is not present");
	assert_string_equal(gwalk_strerror(GWALK_ENORAM),
			    "a paging structure or page is outside RAM");
	assert_string_equal(gwalk_strerror(-GWALK_ERESERVED),
			    "an entry sets a reserved bit");
	assert_string_equal(gwalk_strerror(-GWALK_ENONCANONICAL),
			    "the address is not canonical");
	assert_string_equal(gwalk_strerror(-GWALK_EINVAL),
			    "invalid arguments");
	assert_string_equal(gwalk_strerror(-99), "unknown error");
	assert_string_equal(gwalk_strerror(INT32_MIN), "unknown error");
}

/* Translates @la with @c's memo; how many reads of RAM it took. */
static unsigned int memo_reads(const struct gwalk_ctx *c, uint64_t la,
			       uint64_t want)
{
	unsigned int before = reads;

	translates(c, la, want);
	return reads - before;
}

/*
 * A remembered translation is reused without reading RAM while every
 * entry it was made from holds the same value and the registers are the
 * same; any change (an entry, CR3, a paging bit) walks again, so a guest
 * that edits its tables without INVLPG or a CR3 write is still followed.
 */
static void test_memo(void **state)
{
	uint64_t pml4 = new_table();
	struct gwalk_memo memo[GWALK_MEMO_PAGES] = { { 0 } };
	struct gwalk_ctx c = ctx_long(pml4, false);
	uint64_t la = 0x00007f0012345000ull;
	struct path p;

	(void)state;
	c.memo = memo;
	map64(pml4, 4, la, DATA + 0x5000, 1, &p);
	assert_int_equal(memo_reads(&c, la + 1, DATA + 0x5001), 4);
	assert_int_equal(memo_reads(&c, la + 0xfff, DATA + 0x5fff), 0);
	/* The next page has the other slot: both stay remembered. */
	map64(pml4, 4, la + KIB4, DATA + 0x9000, 1, &p);
	assert_int_equal(memo_reads(&c, la + KIB4, DATA + 0x9000), 4);
	assert_int_equal(memo_reads(&c, la, DATA + 0x5000), 0);
	/* The PTE changes under it, with no INVLPG: the new page. */
	map64(pml4, 4, la, DATA + 0x7000, 1, &p);
	assert_int_equal(memo_reads(&c, la + 2, DATA + 0x7002), 4);
	/* So does a PML4E (here: its accessed bit). */
	put(p.at[4], 8, get(p.at[4], 8) | (1ull << 5));
	assert_int_equal(memo_reads(&c, la, DATA + 0x7000), 4);
	assert_int_equal(memo_reads(&c, la, DATA + 0x7000), 0);
	/* A not-present entry is not remembered: it fails every time. */
	put(p.at[1], 8, 0);
	fails(&c, la, GWALK_ENOTPRESENT);
	fails(&c, la, GWALK_ENOTPRESENT);
	put(p.at[1], 8, (DATA + 0x7000) | P);
	assert_int_equal(memo_reads(&c, la, DATA + 0x7000), 4);
	/* Another CR3, even one mapping the same way, walks again. */
	c.cr3 = pml4 | 0x8;
	assert_int_equal(memo_reads(&c, la, DATA + 0x7000), 4);
	/* Paging off: no entries, and the memo follows CR0. */
	c.cr0 = CR0_PE;
	assert_int_equal(memo_reads(&c, la, la & 0xffffffffull), 0);
	c.cr0 |= GWALK_CR0_PG;
	assert_int_equal(memo_reads(&c, la, DATA + 0x7000), 4);
}

/* PAE with the PDPTE registers: those walks are never reused. */
static void test_memo_pdpte_registers(void **state)
{
	uint64_t pdpt = new_table(), pd = new_table(), pt = new_table();
	uint64_t pdptes[4] = { pd | P, 0, 0, 0 };
	struct gwalk_memo memo[GWALK_MEMO_PAGES] = { { 0 } };
	struct gwalk_ctx c = ctx_of(GWALK_CR0_PG | CR0_PE, pdpt,
				    GWALK_CR4_PAE, 0);

	(void)state;
	c.memo = memo;
	c.pdptes = pdptes;
	put(pd, 8, pt | P);
	put(pt + 8, 8, (DATA + 0x3000) | P);
	assert_int_equal(memo_reads(&c, 0x1004, DATA + 0x3004), 2);
	assert_int_equal(memo_reads(&c, 0x1004, DATA + 0x3004), 2);
	pdptes[0] = 0;
	fails(&c, 0x1004, GWALK_ENOTPRESENT);
}

/* Peeks at @la and checks it gives @want's bytes in place, to the page's end. */
static void peeks(const struct gwalk_ctx *c, uint64_t la, uint64_t want)
{
	size_t avail = 0;
	int err = 0;
	const uint8_t *p = gwalk_peek(c, la, &avail, &err);

	assert_ptr_equal(p, ram + want);
	assert_int_equal(avail, KIB4 - (la & (KIB4 - 1)));
}

/*
 * gwalk_peek(): the bytes where they are, to the end of their page; with a
 * memo, a page it holds (and has found) is read with no call to read_phys,
 * and every change the memo follows is a walk again.
 */
static void test_peek(void **state)
{
	uint64_t pml4 = new_table(), la = 0x400000;
	struct gwalk_memo memo[GWALK_MEMO_PAGES] = { { 0 } };
	struct gwalk_ctx c = ctx_long(pml4, false);
	size_t avail = 0;
	int err = 0;
	unsigned int before;
	struct path p;

	(void)state;
	map64(pml4, 4, la, DATA + 0x9000, 1, &p);
	/* No memo: a walk and a read each time. */
	before = reads;
	peeks(&c, la + 0x10, DATA + 0x9010);
	peeks(&c, la + 0xfff, DATA + 0x9fff);
	assert_int_equal(reads - before, 2 * 5);
	/* With one: the first peek walks and finds the page; then no reads. */
	c.memo = memo;
	before = reads;
	peeks(&c, la + 0x10, DATA + 0x9010);
	assert_int_equal(reads - before, 5);
	before = reads;
	peeks(&c, la + 0xff1, DATA + 0x9ff1);
	peeks(&c, la, DATA + 0x9000);
	assert_int_equal(reads - before, 0);
	/* The PTE changes under it, with no INVLPG: the new page's bytes. */
	map64(pml4, 4, la, DATA + 0x2000, 1, &p);
	peeks(&c, la + 0x20, DATA + 0x2020);
	/* Not present, outside RAM, not canonical: NULL and the reason. */
	put(p.at[1], 8, get(p.at[1], 8) & ~P);
	assert_null(gwalk_peek(&c, la, &avail, &err));
	assert_int_equal(err, -GWALK_ENOTPRESENT);
	map64(pml4, 4, la, OUTSIDE, 1, &p);
	assert_null(gwalk_peek(&c, la + 8, &avail, &err));
	assert_int_equal(err, -GWALK_ENORAM);
	assert_null(gwalk_peek(&c, 0x0000800000000000ull, &avail, &err));
	assert_int_equal(err, -GWALK_ENONCANONICAL);
	/* No read_phys: invalid, even with the page in the memo. */
	map64(pml4, 4, la, DATA + 0x9000, 1, &p);
	peeks(&c, la, DATA + 0x9000);
	c.read_phys = NULL;
	assert_null(gwalk_peek(&c, la, &avail, &err));
	assert_int_equal(err, -GWALK_EINVAL);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_paging_off),
		TEST(test_peek),
		TEST(test_32bit_4k),
		TEST(test_32bit_4m),
		TEST(test_pae),
		TEST(test_pae_pdpte_registers),
		TEST(test_4level_pages),
		TEST(test_4level_bits),
		TEST(test_4level_canonical),
		TEST(test_5level),
		TEST(test_read_across_pages),
		TEST(test_read_wraps_at_4g),
		TEST(test_bad_arguments),
		TEST(test_strerror),
		TEST(test_memo),
		TEST(test_memo_pdpte_registers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
