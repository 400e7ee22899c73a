/* SPDX-License-Identifier: MIT */
/*
 * Linux's x86 boot protocol (Documentation/arch/x86/boot.rst), as a loader
 * of a bzImage into a guest's RAM: the setup header checked, the
 * protected-mode kernel placed, boot_params ("the zero page") filled with
 * the E820 map, the command line and the initrd.  Pure code: the
 * hypervisor gives it the guest's RAM as a buffer, host tests their own.
 */
#ifndef TG_LIB_BZIMAGE_H
#define TG_LIB_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/boot64.h"

#define BZ_MIN_VERSION 0x020c		/* 2.12: xloadflags, 64-bit fields */
#define BZ_KERNEL_GPA 0x100000u		/* where a bzImage's 32-bit code goes */
#define BZ_PARAMS_GPA 0x10000u		/* boot_params, 4 KiB */
#define BZ_CMDLINE_GPA 0x20000u		/* the command line */
#define BZ_CMDLINE_MAX 2048u
#define BZ_LOW_RAM_END 0x9f000u		/* E820: RAM below, reserved to 1 MiB */
#define BZ_XLF_KERNEL_64 0x01		/* xloadflags: a 64-bit entry */
#define BZ_ENTRY64_OFFSET 0x200u	/* from the kernel's start: boot.rst */
/* The 64-bit start's GDT and page tables: the hole E820 reserves. */
#define BZ_BOOT64_GPA BZ_LOW_RAM_END
#define BZ_BOOT64_END BZ_KERNEL_GPA

/* What the setup header says (boot.rst, "The Real-Mode Kernel Header"). */
struct bz_header {
	uint16_t version;
	uint8_t setup_sects;
	uint8_t loadflags;
	uint16_t xloadflags;		/* BZ_XLF_KERNEL_64 */
	uint32_t initrd_addr_max;
	uint32_t cmdline_size;
	uint32_t init_size;		/* bytes it needs from run_start */
	uint64_t run_start;		/* where it decompresses and runs */
	size_t pm_offset;		/* the protected-mode kernel in the file */
	size_t pm_len;
};

/*
 * Where the kernel starts: with XLF_KERNEL_64, at the 64-bit entry in long
 * mode with @tables (boot.rst, "64-bit Boot Protocol"); without it, at
 * code32_start in 32-bit protected mode, paging off ("32-bit Boot
 * Protocol").  Either way ESI/RSI holds boot_params.
 */
struct bz_entry {
	bool long_mode;
	uint64_t rip;			/* startup_64 or code32_start */
	uint32_t esi;			/* boot_params */
	uint32_t initrd_gpa;		/* 0 without one */
	struct boot64 tables;		/* long_mode only */
};

/*
 * Reads the setup header of @img (@len bytes).  Returns 1 for a bzImage
 * (fills @h), 0 if @img is not one (no "HdrS" at 0x202), or -1 with the
 * reason in @err: cut short, protocol older than 2.12, not loaded high.
 */
int bz_parse(const uint8_t *img, size_t len, struct bz_header *h,
	     char *err, size_t errlen);

/*
 * Loads the kernel at BZ_KERNEL_GPA into @ram (@ram_size bytes), the
 * initrd (may be NULL) as high as initrd_addr_max and the RAM allow, the
 * command line and boot_params, and for a kernel with a 64-bit entry the
 * GDT and page tables of lib/boot64.h at BZ_BOOT64_GPA; fills @e.  0, or
 * -1 with the reason in @err (the kernel's init_size or the initrd does
 * not fit, the command line is too long, no room for the tables).
 */
int bz_load(const struct bz_header *h, const uint8_t *img,
	    const uint8_t *initrd, size_t initrd_len, const char *cmdline,
	    uint8_t *ram, uint64_t ram_size, struct bz_entry *e,
	    char *err, size_t errlen);

#endif
