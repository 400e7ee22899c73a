/* SPDX-License-Identifier: MIT */
/*
 * Translating a guest's linear addresses to guest-physical ones through the
 * guest's own page tables, to fetch the instruction it is about to run.
 *
 * The paging mode follows from the guest's control registers (SDM Vol. 3A
 * 4.1.1, Table 4-1):
 *
 *   CR0.PG = 0                     none: linear = physical, 32 bits
 *   CR0.PG = 1, CR4.PAE = 0        32-bit paging (4.3): 4 KiB pages, and
 *                                  4 MiB pages when CR4.PSE = 1
 *   CR4.PAE = 1, EFER.LMA = 0      PAE paging (4.4): 4 KiB and 2 MiB pages
 *   EFER.LMA = 1, CR4.LA57 = 0     4-level paging (4.5): 4 KiB, 2 MiB and
 *                                  1 GiB pages, 48-bit canonical addresses
 *   EFER.LMA = 1, CR4.LA57 = 1     5-level paging (4.5): the same with one
 *                                  more level, 57-bit canonical addresses
 *
 * Outside long mode a linear address has 32 bits: the bits above are
 * ignored, so an access wraps at 4 GiB as the processor's does.
 *
 * The walk reads the paging structures through the caller's read_phys and
 * checks the present bit at every level.  It checks the reserved bits that
 * change how an entry reads (PS in a PML5E or PML4E, the address bits a
 * large page leaves reserved, bit 21 of a 4 MiB PDE, a PAE PDPTE's reserved
 * bits 2:1 and 8:5), but not the bits above MAXPHYADDR, which it does not
 * know: an address outside the guest's RAM is caught by read_phys instead.
 * It checks no access rights (U/S, R/W, XD, SMEP, protection keys) and sets
 * no accessed or dirty bits.  On any error the caller leaves the address
 * alone and lets the guest take its own fault when it gets there.
 *
 * PAE paging: the processor walks from the four PDPTE registers it loaded
 * with CR3 (4.4.1), not from memory.  A caller that has them (VMCS fields
 * GUEST_PDPTE0-3 under EPT) passes them in pdptes; otherwise they are read
 * from the table at CR3[31:5].
 */
#ifndef TG_LIB_GWALK_H
#define TG_LIB_GWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Control bits that choose the paging mode: SDM Vol. 3A 2.5, 2.2.1. */
#define GWALK_CR0_PG (1ull << 31)
#define GWALK_CR4_PSE (1ull << 4)
#define GWALK_CR4_PAE (1ull << 5)
#define GWALK_CR4_LA57 (1ull << 12)
#define GWALK_EFER_LMA (1ull << 10)

/* Bits of a paging-structure entry, in every format (4.3, 4.4.2, 4.5.4). */
#define GWALK_P (1ull << 0)	/* present */
#define GWALK_PS (1ull << 7)	/* page size: maps a large page */

#define GWALK_PAGE 0x1000ull

/* Errors, returned negated. */
enum gwalk_error {
	GWALK_ENOTPRESENT = 1,	/* an entry on the walk is not present */
	GWALK_ENORAM,		/* a table, PDPTE or the page is not in RAM */
	GWALK_ERESERVED,	/* an entry has a reserved bit set */
	GWALK_ENONCANONICAL,	/* 4- or 5-level: not a canonical address */
	GWALK_EINVAL,		/* no read_phys, or a read too long */
};

/*
 * Where the guest-physical bytes [@gpa, @gpa + @len) can be read, or NULL
 * if they are not all in the guest's RAM.  The walk asks for 4 or 8 bytes
 * of an entry, and gwalk_read() for bytes of one 4 KiB page at a time
 * (with a memo, for the whole page: a page is in RAM whole or not at all).
 */
typedef const void *(*gwalk_read_fn)(void *ctx, uint64_t gpa, size_t len);

/* Paging entries one walk reads at most: PML5E down to PTE (4.5). */
#define GWALK_LEVELS_MAX 5

/*
 * A translation of one 4 KiB linear page, remembered with everything it was
 * made from: the paging registers, and each entry the walk read, where it
 * lies in the guest's RAM and what it held.  While all of them hold the
 * same values, a walk would read the same entries and reach the same page,
 * so the translation is reused without walking.  It is exact whatever the
 * guest does to its tables, and needs no intercept of MOV to CR3 or INVLPG:
 * a changed entry is simply a miss.
 */
struct gwalk_memo {
	bool valid;
	bool recordable;	/* the walk read every entry from RAM */
	uint64_t cr0, cr3, cr4, efer;
	uint64_t page;		/* linear address >> 12 */
	uint64_t gpa;		/* the guest-physical page it maps to */
	/*
	 * Where gwalk_read() found that whole page through read_phys, or
	 * NULL until it has: a later read of it while the translation holds
	 * is a copy, with no call.  The caller's read_phys must give the
	 * same place for the same page while the memo lives.
	 */
	const uint8_t *bytes;
	unsigned int entries;
	unsigned int entry_size;	/* 4 (32-bit paging) or 8 bytes */
	const void *where[GWALK_LEVELS_MAX];
	uint64_t value[GWALK_LEVELS_MAX];
};

#define GWALK_MEMO_PAGES 2

struct gwalk_ctx {
	uint64_t cr0, cr3, cr4, efer;	/* the guest's, as it runs */
	const uint64_t *pdptes;		/* PAE: PDPTE0-3, or NULL */
	gwalk_read_fn read_phys;
	void *ctx;			/* for read_phys */
	/*
	 * GWALK_MEMO_PAGES remembered translations, or NULL: the one of an
	 * even page and of an odd one, as an instruction may straddle two.
	 */
	struct gwalk_memo *memo;
	struct gwalk_memo *recording;	/* gwalk_translate()'s own: leave NULL */
};

/*
 * Translates @linear to the guest-physical address *@gpa, in the paging
 * mode @c gives.  Returns 0, or a negated gwalk_error: the page itself
 * need not be in RAM (it may be a device's).
 */
int gwalk_translate(const struct gwalk_ctx *c, uint64_t linear,
		    uint64_t *gpa);

/*
 * Copies the @len bytes at @linear into @buf, translating each page on
 * its own, so that an instruction (15 bytes at most) may straddle two.
 * Returns how many bytes it copied: @len, or fewer when it could not
 * translate or read a page, and the bytes before it are all there is.  If
 * not even the first byte could be read, returns the negated gwalk_error
 * that stopped it.  @len is at most INT32_MAX.
 */
int gwalk_read(const struct gwalk_ctx *c, uint64_t linear, void *buf,
	       size_t len);

/*
 * Where the bytes at @linear are, in place, to the end of their page
 * (*@avail bytes), or NULL with the negated gwalk_error in *@err: a read
 * with no copy, for a caller that only looks.  With a memo that holds the
 * page, no call to translate it or to read_phys is made.
 */
const uint8_t *gwalk_peek(const struct gwalk_ctx *c, uint64_t linear,
			  size_t *avail, int *err);

/* A gwalk_error (negated or not) in words. */
const char *gwalk_strerror(int err);

#endif
