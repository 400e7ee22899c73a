/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 (specification 0.6.96), as ticker needs it: the header it
 * carries and the information structure a loader hands it.  Assembly
 * includes this file for the constants.
 */
#ifndef TICKER_MB1_H
#define TICKER_MB1_H

/* Multiboot 3.1.2 "The magic fields of Multiboot header". */
#define MB1_HEADER_MAGIC 0x1badb002
#define MB1_HDR_MEMORY_INFO (1 << 1)  /* mem_* and mmap_* wanted */
#define MB1_HDR_AOUT_KLUDGE (1 << 16) /* 3.1.3 address fields valid */
#define MB1_HEADER_FLAGS (MB1_HDR_MEMORY_INFO | MB1_HDR_AOUT_KLUDGE)

/* Multiboot 3.2 "Machine state": EAX on entry. */
#define MB1_LOADER_MAGIC 0x2badb002

/* Multiboot 3.3 "Boot information format": bits of `flags`. */
#define MB1_INFO_MEMORY (1 << 0)
#define MB1_INFO_CMDLINE (1 << 2)
#define MB1_INFO_MMAP (1 << 6)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Multiboot 3.3: the information structure, as far as ticker reads it. */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower; /* KiB below 1 MiB */
	uint32_t mem_upper; /* KiB from 1 MiB to the first hole */
	uint32_t boot_device;
	uint32_t cmdline; /* physical address of a C string */
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length; /* bytes */
	uint32_t mmap_addr;
} __attribute__((packed));

/* Multiboot 3.3: one memory map entry; `size` excludes itself. */
struct mb1_mmap_entry {
	uint32_t size;
	uint64_t base_addr;
	uint64_t length;
	uint32_t type; /* 1: available RAM */
} __attribute__((packed));

_Static_assert(__builtin_offsetof(struct mb1_info, cmdline) == 16,
	       "Multiboot 3.3: cmdline at 16");
_Static_assert(__builtin_offsetof(struct mb1_info, mmap_length) == 44,
	       "Multiboot 3.3: mmap_length at 44");
_Static_assert(sizeof(struct mb1_mmap_entry) == 24, "Multiboot 3.3 mmap");
#endif

#endif
