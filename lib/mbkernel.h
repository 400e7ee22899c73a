/* SPDX-License-Identifier: MIT */
/*
 * Multiboot (version 1) kernels as guests: finding and checking the header
 * in the image (Multiboot Specification 0.6.96, 3.1), loading an a.out-
 * kludge image (3.1.3), and the information structure the kernel gets in
 * EBX (3.3).  Pure code: the hypervisor gives it the guest's RAM as a
 * buffer, and host tests give it their own.
 */
#ifndef TG_LIB_MBKERNEL_H
#define TG_LIB_MBKERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MBK_HEADER_MAGIC 0x1badb002u
#define MBK_LOADER_MAGIC 0x2badb002u	/* in EAX at the kernel's entry */
#define MBK_SEARCH_BYTES 8192		/* the header lies within these */
#define MBK_FLAG_PAGE_ALIGN (1u << 0)	/* modules on 4 KiB: none are given */
#define MBK_FLAG_MEMORY (1u << 1)	/* mem_* and mmap_*: always given */
#define MBK_FLAG_VIDEO (1u << 2)	/* a video mode: guests have no screen */
#define MBK_FLAG_AOUT (1u << 16)	/* the address fields are valid */
#define MBK_REQUIRED_KNOWN (MBK_FLAG_PAGE_ALIGN | MBK_FLAG_MEMORY)
/*
 * Tollgate's own test guests (guest/lib/start.S) put this word right after
 * their Multiboot header: they take Tollgate's start (docs/guest-abi.md).
 */
#define MBK_TOLLGATE_ABI 0x41424754u	/* "TGBA" */

/* Where the information structure and what it points to go. */
#define MBK_INFO_GPA 0x8000u
#define MBK_INFO_BYTES 0x1000u
#define MBK_LOW_RAM_END 0x9f000u	/* usable below; reserved to 1 MiB */
#define MBK_HIGH_RAM 0x100000u

struct mbk_header {
	uint32_t offset;		/* in the image */
	uint32_t flags;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
	bool tollgate_abi;		/* MBK_TOLLGATE_ABI follows it */
};

/*
 * Looks for the header in the first 8 KiB of @img (@len bytes), 32-bit
 * aligned, magic + flags + checksum summing to 0.  Returns 1 and fills @h,
 * 0 if there is none, or -1 with the reason in @err: a bad checksum, a
 * required flag (bits 0-15) Tollgate cannot honour, or a.out fields that
 * do not describe the image.
 */
int mbk_find(const uint8_t *img, size_t len, struct mbk_header *h,
	     char *err, size_t errlen);

/*
 * Loads an a.out-kludge image (MBK_FLAG_AOUT) into @ram (@ram_size bytes,
 * guest-physical 0 up) as the address fields say: text and data from the
 * file, bss zeroed; sets @entry.  0, or -1 with the reason in @err when it
 * does not fit in RAM above the information page or overlaps it.
 */
int mbk_load_aout(const struct mbk_header *h, const uint8_t *img, size_t len,
		  uint8_t *ram, uint64_t ram_size, uint64_t *entry,
		  char *err, size_t errlen);

/*
 * Writes the information structure at MBK_INFO_GPA in @ram: memory (lower
 * and upper, and a map: RAM below MBK_LOW_RAM_END, reserved to 1 MiB, RAM
 * above), @cmdline and the loader's name.  Returns its guest-physical
 * address.
 */
uint32_t mbk_write_info(uint8_t *ram, uint64_t ram_size, const char *cmdline);

#endif
