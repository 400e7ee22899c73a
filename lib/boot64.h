/* SPDX-License-Identifier: MIT */
/*
 * What Linux's 64-bit boot protocol asks of the loader (boot.rst, "64-bit
 * Boot Protocol"): long mode with paging on, identity-mapped page tables
 * covering the kernel, boot_params, the command line and the initrd, and a
 * GDT whose __BOOT_CS (0x10) and __BOOT_DS (0x18) are flat 4 GiB segments,
 * execute/read and read/write.  Built here in the guest's own RAM, which
 * the caller passes as a buffer: the hypervisor its guest's RAM, host
 * tests their own.
 */
#ifndef TG_LIB_BOOT64_H
#define TG_LIB_BOOT64_H

#include <stddef.h>
#include <stdint.h>

#define BOOT64_CS 0x10		/* __BOOT_CS, boot.rst */
#define BOOT64_DS 0x18		/* __BOOT_DS */
#define BOOT64_GDT_LIMIT (4 * 8 - 1)	/* null, unused, CS, DS */

/* Guest page-table entries: SDM Vol. 3A 4.5, Tables 4-15 and 4-17. */
#define BOOT64_PTE_P (1ull << 0)
#define BOOT64_PTE_W (1ull << 1)
#define BOOT64_PTE_PS (1ull << 7)	/* a PDE that maps a 2 MiB page */

/* Where the guest starts: CR3 and its GDT register. */
struct boot64 {
	uint64_t cr3;
	uint64_t gdt_base;
	uint16_t gdt_limit;
};

/*
 * Writes a GDT and 4-level page tables that map guest-physical [0,
 * @ram_size) to itself with 2 MiB pages into guest RAM @ram, in [@base,
 * @end) (4 KiB aligned, a region the guest's E820 map keeps reserved);
 * fills @b.  0, or -1 with the reason in @err: the region is too small or
 * misplaced, or @ram_size is not whole 2 MiB pages.
 */
int boot64_build(uint8_t *ram, uint64_t ram_size, uint64_t base,
		 uint64_t end, struct boot64 *b, char *err, size_t errlen);

#endif
