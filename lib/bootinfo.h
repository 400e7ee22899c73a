/* SPDX-License-Identifier: MIT */
/*
 * What the boot loader told us, in one loader-neutral record.  Filled from a
 * Multiboot2 information table (mb2_parse) or, for QEMU's -kernel, from a
 * Multiboot 1 information structure (mb1_parse).
 */
#ifndef TG_LIB_BOOTINFO_H
#define TG_LIB_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_MMAP 128
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 1024	/* bytes, NUL included */
#define BOOT_ERROR_LEN 128

/* Memory-map types, as Multiboot numbers them (and ACPI before it). */
enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_NVS = 4,
	BOOT_MEM_BADRAM = 5,
};

enum boot_proto { BOOT_PROTO_NONE, BOOT_PROTO_MULTIBOOT1, BOOT_PROTO_MULTIBOOT2 };

/* Framebuffer types, as Multiboot2 numbers them. */
enum boot_fb_type {
	BOOT_FB_INDEXED = 0,
	BOOT_FB_RGB = 1,
	BOOT_FB_EGA_TEXT = 2,
};

struct boot_mem_range {
	uint64_t base;
	uint64_t len;
	uint32_t type;		/* enum boot_mem_type; other values are reserved */
};

struct boot_module {
	uint64_t start;		/* physical, first byte */
	uint64_t end;		/* physical, one past the last byte */
	char name[2048];	/* the module's command line (a kernel's, for Linux), truncated */
};

struct boot_fb {
	uint64_t addr;		/* physical */
	uint32_t pitch;		/* bytes per line */
	uint32_t width;		/* pixels, or characters for EGA text */
	uint32_t height;
	uint8_t bpp;
	uint8_t type;		/* enum boot_fb_type */
	uint8_t red_pos, red_size;
	uint8_t green_pos, green_size;
	uint8_t blue_pos, blue_size;
};

struct boot_info {
	enum boot_proto proto;
	bool uefi;			/* an EFI system-table or EFI mmap tag was seen */
	uint64_t efi_system_table;	/* physical, 0 if none */

	uint64_t table_start;		/* physical extent of the information */
	uint64_t table_end;		/* table itself, to keep it allocated */

	bool has_cmdline;
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[64];		/* boot loader name, "" if not given */

	unsigned int mmap_count;
	struct boot_mem_range mmap[BOOT_MAX_MMAP];
	bool mmap_from_efi;		/* only the EFI map was given */

	unsigned int module_count;
	struct boot_module modules[BOOT_MAX_MODULES];

	bool has_fb;
	struct boot_fb fb;

	uint64_t acpi_rsdp;	/* physical address of the RSDP copy, 0 if none */
	uint32_t acpi_rsdp_len;

	/*
	 * The first problem found, in words ("" when none).  The parser keeps
	 * every tag it read before the problem and stops there.
	 */
	char error[BOOT_ERROR_LEN];
};

#define MB2_BOOTLOADER_MAGIC 0x36d76289u
#define MB1_BOOTLOADER_MAGIC 0x2badb002u

/*
 * Parses a Multiboot2 information table at @table, which lies at physical
 * address @phys and of which at most @avail bytes may be read.  Returns 0, or
 * -1 with bi->error set (bi still holds whatever was parsed before the error).
 */
int mb2_parse(const void *table, uint64_t phys, size_t avail,
	      struct boot_info *bi);

/*
 * Maps @len bytes at physical @addr to a readable pointer, or returns NULL if
 * they may not be read.  The kernel identity-maps; tests map into a buffer.
 */
typedef const void *(*phys_map_fn)(void *ctx, uint64_t addr, size_t len);

/*
 * Parses a Multiboot 1 information structure at physical @phys.  Same
 * contract as mb2_parse().
 */
int mb1_parse(uint64_t phys, phys_map_fn map, void *ctx,
	      struct boot_info *bi);

#endif
