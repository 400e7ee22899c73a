/* SPDX-License-Identifier: MIT */
/*
 * Walking a guest's own page tables (lib/gwalk.h).  Section and table
 * numbers are those of the SDM Vol. 3A, chapter 4 ("Paging").
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/gwalk.h"
#include "lib/string.h"

#define ADDR_MASK_32 0x00000000fffff000ull	/* bits 31:12: 4.3 */
#define ADDR_MASK_64 0x000ffffffffff000ull	/* bits 51:12: 4.4.2, 4.5 */
#define LINEAR_32 0x00000000ffffffffull	/* outside long mode */
#define PAE_CR3_MASK 0x00000000ffffffe0ull	/* CR3[31:5]: 4.4.1 */
#define PDPTE_PAE_RSVD 0x00000000000001e6ull	/* bits 8:5, 2:1: 4.4.1 */
#define PDE_4M_BASE 0x00000000ffc00000ull	/* bits 31:22: 4.3 */
#define PDE_4M_RSVD (1ull << 21)		/* 4.3, 4 MiB PDE */
#define PDE_4M_HIGH_SHIFT 13	/* bits 20:13 are address bits 39:32 */
#define PDE_4M_HIGH_MASK 0xffull
#define PAGE_OFFSET (GWALK_PAGE - 1)
#define INDEX_BITS_32 10	/* 1024 4-byte entries in a table: 4.3 */
#define INDEX_BITS_64 9		/* 512 8-byte entries: 4.4.2, 4.5 */

/* Bits @hi down to @lo set, 63 >= @hi >= @lo. */
static uint64_t bits(unsigned int hi, unsigned int lo)
{
	return (UINT64_MAX >> (63 - hi)) & (UINT64_MAX << lo);
}

/*
 * A little-endian entry of @size bytes (4 or 8) at @p, which need not be
 * aligned; the copy is one load on this little-endian processor.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "paging entries are loaded as host integers");
static uint64_t load_le(const void *p, size_t size)
{
	uint64_t v64;
	uint32_t v32;

	if (size == 8) {
		__builtin_memcpy(&v64, p, 8);
		return v64;
	}
	__builtin_memcpy(&v32, p, 4);
	return v32;
}

/* Notes in the walk's memo the entry just read at @p. */
static void record(const struct gwalk_ctx *c, const void *p, size_t size,
		   uint64_t entry)
{
	struct gwalk_memo *m = c->recording;

	if (!m || m->entries >= GWALK_LEVELS_MAX)
		return;
	m->where[m->entries] = p;
	m->value[m->entries] = entry;
	m->entry_size = (unsigned int)size;
	m->entries++;
}

/*
 * Reads entry @index of the table at @table, entries of @size bytes.
 * Returns 0, -GWALK_ENORAM or -GWALK_ENOTPRESENT.
 */
static int read_entry(const struct gwalk_ctx *c, uint64_t table,
		      uint64_t index, size_t size, uint64_t *entry)
{
	const void *p = c->read_phys(c->ctx, table + index * size, size);

	if (!p)
		return -GWALK_ENORAM;
	*entry = load_le(p, size);
	record(c, p, size, *entry);
	return (*entry & GWALK_P) ? 0 : -GWALK_ENOTPRESENT;
}

/*
 * A 2 MiB or 1 GiB page of 64-bit entries, mapping 2^@shift bytes: its
 * address bits below @shift, down to 13, are reserved (4.4.2, 4.5.4:
 * bit 12 is PAT).
 */
static int large_page(uint64_t entry, unsigned int shift, uint64_t linear,
		      uint64_t *gpa)
{
	uint64_t offset = bits(shift - 1, 0);

	if (entry & bits(shift - 1, 13))
		return -GWALK_ERESERVED;
	*gpa = (entry & ADDR_MASK_64 & ~offset) | (linear & offset);
	return 0;
}

/*
 * Walks 64-bit entries from @level (5: PML5, 4: PML4, 3: PDPT, 2: PD) of
 * the table at @table down to the page: the tail that PAE (4.4.2),
 * 4-level and 5-level paging (4.5.4) share.  PS maps a 1 GiB page in a
 * PDPTE and a 2 MiB one in a PDE; in a PML4E or PML5E it is reserved.
 */
static int walk_64(const struct gwalk_ctx *c, uint64_t table,
		   uint64_t linear, unsigned int level, uint64_t *gpa)
{
	for (;; level--) {
		unsigned int shift = 12 + INDEX_BITS_64 * (level - 1);
		uint64_t e;
		int err = read_entry(c, table, (linear >> shift) & bits(8, 0),
				     8, &e);

		if (err)
			return err;
		if (level == 1) {
			*gpa = (e & ADDR_MASK_64) | (linear & PAGE_OFFSET);
			return 0;
		}
		if (e & GWALK_PS)
			return level > 3 ? -GWALK_ERESERVED :
					   large_page(e, shift, linear, gpa);
		table = e & ADDR_MASK_64;
	}
}

/*
 * 32-bit paging (4.3): a page directory at CR3[31:12], then a page table,
 * or a 4 MiB page when CR4.PSE and PS are set, whose address bits 39:32
 * are its PDE's bits 20:13 (PSE-36).
 */
static int walk_32(const struct gwalk_ctx *c, uint64_t linear, uint64_t *gpa)
{
	uint64_t pde, pte;
	int err;

	err = read_entry(c, c->cr3 & ADDR_MASK_32,
			 linear >> (12 + INDEX_BITS_32), 4, &pde);
	if (err)
		return err;
	if ((c->cr4 & GWALK_CR4_PSE) && (pde & GWALK_PS)) {
		if (pde & PDE_4M_RSVD)
			return -GWALK_ERESERVED;
		*gpa = (pde & PDE_4M_BASE) |
		       ((pde >> PDE_4M_HIGH_SHIFT) & PDE_4M_HIGH_MASK) << 32 |
		       (linear & bits(21, 0));
		return 0;
	}
	err = read_entry(c, pde & ADDR_MASK_32,
			 (linear >> 12) & bits(INDEX_BITS_32 - 1, 0), 4, &pte);
	if (err)
		return err;
	*gpa = (pte & ADDR_MASK_32) | (linear & PAGE_OFFSET);
	return 0;
}

/*
 * PAE paging (4.4): linear bits 31:30 choose one of four PDPTEs, from the
 * caller's copy of the PDPTE registers or from the table at CR3[31:5]
 * (4.4.1), then a page directory and a page table (4.4.2).
 */
static int walk_pae(const struct gwalk_ctx *c, uint64_t linear, uint64_t *gpa)
{
	unsigned int i = (unsigned int)(linear >> 30) & 3;
	uint64_t pdpte;

	if (c->pdptes) {
		/* A register, not RAM: such a walk is not remembered. */
		if (c->recording)
			c->recording->recordable = false;
		pdpte = c->pdptes[i];
		if (!(pdpte & GWALK_P))
			return -GWALK_ENOTPRESENT;
	} else {
		int err = read_entry(c, c->cr3 & PAE_CR3_MASK, i, 8, &pdpte);

		if (err)
			return err;
	}
	if (pdpte & PDPTE_PAE_RSVD)
		return -GWALK_ERESERVED;
	return walk_64(c, pdpte & ADDR_MASK_64, linear, 2, gpa);
}

/*
 * True if bits 63 to @width - 1 of @linear are all equal: a canonical
 * address for 48-bit (4-level) or 57-bit (5-level) linear addresses
 * (SDM Vol. 1 3.3.7.1; Vol. 3A 4.5).
 */
static bool canonical(uint64_t linear, unsigned int width)
{
	uint64_t top = linear >> (width - 1);

	return top == 0 || top == UINT64_MAX >> (width - 1);
}

static int walk(const struct gwalk_ctx *c, uint64_t linear, uint64_t *gpa)
{
	bool la57 = c->cr4 & GWALK_CR4_LA57;

	if (!(c->cr0 & GWALK_CR0_PG)) {
		*gpa = linear & LINEAR_32;
		return 0;
	}
	if (!(c->cr4 & GWALK_CR4_PAE))
		return walk_32(c, linear & LINEAR_32, gpa);
	if (!(c->efer & GWALK_EFER_LMA))
		return walk_pae(c, linear & LINEAR_32, gpa);
	if (!canonical(linear, la57 ? 57 : 48))
		return -GWALK_ENONCANONICAL;
	return walk_64(c, c->cr3 & ADDR_MASK_64, linear, la57 ? 5 : 4, gpa);
}

/*
 * True if @m's translation of @linear would be made again by a walk now.
 * Called on every fetch of a stepped guest: the registers are compared at
 * once, and each entry by a load of its own width.
 */
static inline __attribute__((always_inline)) bool
memo_holds(const struct gwalk_ctx *c, const struct gwalk_memo *m,
	   uint64_t linear)
{
	unsigned int i;

	if (!m->valid || m->page != linear >> 12 ||
	    ((m->cr0 ^ c->cr0) | (m->cr3 ^ c->cr3) | (m->cr4 ^ c->cr4) |
	     (m->efer ^ c->efer)))
		return false;
	if (m->entry_size == 8) {
		for (i = 0; i < m->entries; i++)
			if (load_le(m->where[i], 8) != m->value[i])
				return false;
	} else {
		for (i = 0; i < m->entries; i++)
			if (load_le(m->where[i], 4) != m->value[i])
				return false;
	}
	return true;
}

static void memo_keep(const struct gwalk_ctx *c, struct gwalk_memo *m,
		      uint64_t linear, uint64_t gpa)
{
	m->valid = m->recordable;
	m->cr0 = c->cr0;
	m->cr3 = c->cr3;
	m->cr4 = c->cr4;
	m->efer = c->efer;
	m->page = linear >> 12;
	m->gpa = gpa & ~PAGE_OFFSET;
	m->bytes = NULL;
}

/* A walk that notes each entry it reads in @m, kept if it succeeds. */
static int walk_into(const struct gwalk_ctx *c, struct gwalk_memo *m,
		     uint64_t linear, uint64_t *gpa)
{
	struct gwalk_ctx rc = *c;
	int err;

	m->valid = false;
	m->recordable = true;
	m->entries = 0;
	rc.recording = m;
	err = walk(&rc, linear, gpa);
	if (!err)
		memo_keep(c, m, linear, *gpa);
	return err;
}

/* The memo's entry for @linear's page, or NULL without a memo. */
static inline struct gwalk_memo *memo_slot(const struct gwalk_ctx *c,
					   uint64_t linear)
{
	return c->memo ? &c->memo[(linear >> 12) % GWALK_MEMO_PAGES] : NULL;
}

int gwalk_translate(const struct gwalk_ctx *c, uint64_t linear,
		    uint64_t *gpa)
{
	struct gwalk_memo *m;

	if (!c->read_phys)
		return -GWALK_EINVAL;
	m = memo_slot(c, linear);
	if (!m)
		return walk(c, linear, gpa);
	if (memo_holds(c, m, linear)) {
		*gpa = m->gpa | (linear & PAGE_OFFSET);
		return 0;
	}
	return walk_into(c, m, linear, gpa);
}

/*
 * Where the memo found the bytes of @linear's page, if it holds that
 * page's translation and has found them: a read with no call.
 */
static inline __attribute__((always_inline)) const uint8_t *
memo_bytes(const struct gwalk_ctx *c, uint64_t linear)
{
	const struct gwalk_memo *m = memo_slot(c, linear);

	return m && m->bytes && memo_holds(c, m, linear) ? m->bytes : NULL;
}

/*
 * Where the @len bytes of one page at @linear are, or NULL with a negated
 * gwalk_error in @err.  A page whose translation the memo holds, and whose
 * bytes it has found before, is where they were (memo_bytes()).  Else the
 * page is translated and read_phys asked; with a memo, for the whole page,
 * to remember it.
 */
static __attribute__((noinline)) const uint8_t *
page_bytes(const struct gwalk_ctx *c, uint64_t linear, size_t len, int *err)
{
	uint64_t off = linear & PAGE_OFFSET, gpa;
	const uint8_t *p = memo_bytes(c, linear);
	struct gwalk_memo *m;

	if (p)
		return p + off;
	*err = gwalk_translate(c, linear, &gpa);
	if (*err)
		return NULL;
	m = memo_slot(c, linear);
	if (m && m->valid && m->page == linear >> 12) {
		m->bytes = c->read_phys(c->ctx, m->gpa, GWALK_PAGE);
		p = m->bytes ? m->bytes + off : NULL;
	} else {
		p = c->read_phys(c->ctx, gpa, len);
	}
	if (!p)
		*err = -GWALK_ENORAM;
	return p;
}

const uint8_t *gwalk_peek(const struct gwalk_ctx *c, uint64_t linear,
			  size_t *avail, int *err)
{
	uint64_t off = linear & PAGE_OFFSET;
	const uint8_t *p;

	*avail = GWALK_PAGE - off;
	if (!c->read_phys) {
		*err = -GWALK_EINVAL;
		return NULL;
	}
	p = memo_bytes(c, linear);
	return p ? p + off : page_bytes(c, linear, *avail, err);
}

int gwalk_read(const struct gwalk_ctx *c, uint64_t linear, void *buf,
	       size_t len)
{
	uint8_t *out = buf;
	size_t done = 0;
	int err = 0;

	if (!c->read_phys || len > (size_t)INT32_MAX)
		return -GWALK_EINVAL;
	while (done < len) {
		/*
		 * Outside long mode gwalk_translate() drops bits 63:32, so
		 * a read wraps at 4 GiB there, as the processor's does.
		 */
		uint64_t la = linear + done;
		size_t chunk = GWALK_PAGE - (la & PAGE_OFFSET);
		const uint8_t *p;

		if (chunk > len - done)
			chunk = len - done;
		p = page_bytes(c, la, chunk, &err);
		if (!p)
			break;
		memcpy(out + done, p, chunk);
		done += chunk;
	}
	return done || !err ? (int)done : err;
}

const char *gwalk_strerror(int err)
{
	static const char *const names[] = {
		[0] = "no error",
		[GWALK_ENOTPRESENT] = "an entry is not present",
		[GWALK_ENORAM] = "a paging structure or page is outside RAM",
		[GWALK_ERESERVED] = "an entry sets a reserved bit",
		[GWALK_ENONCANONICAL] = "the address is not canonical",
		[GWALK_EINVAL] = "invalid arguments",
	};
	unsigned int i = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

	if (i >= sizeof(names) / sizeof(names[0]))
		return "unknown error";
	return names[i];
}
