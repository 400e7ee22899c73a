/* SPDX-License-Identifier: MIT */
/* Linux's x86 boot protocol (lib/bzimage.h, Documentation/arch/x86/boot.rst). */
#include "lib/bzimage.h"
#include "lib/format.h"
#include "lib/string.h"

/* Offsets in the file and in boot_params ("zero page", boot.rst). */
#define OFF_SETUP_SECTS 0x1f1
#define OFF_SYSSIZE 0x1f4	/* the kernel's size, 16-byte paragraphs */
#define OFF_BOOT_FLAG 0x1fe
#define OFF_JUMP 0x200		/* its second byte: the header's length */
#define OFF_HEADER 0x202
#define OFF_VERSION 0x206
#define OFF_TYPE_OF_LOADER 0x210
#define OFF_LOADFLAGS 0x211
#define OFF_CODE32_START 0x214
#define OFF_RAMDISK_IMAGE 0x218
#define OFF_RAMDISK_SIZE 0x21c
#define OFF_CMD_LINE_PTR 0x228
#define OFF_INITRD_ADDR_MAX 0x22c
#define OFF_KERNEL_ALIGNMENT 0x230
#define OFF_RELOCATABLE 0x234
#define OFF_XLOADFLAGS 0x236
#define OFF_CMDLINE_SIZE 0x238
#define OFF_PREF_ADDRESS 0x258
#define OFF_INIT_SIZE 0x260
#define OFF_E820_ENTRIES 0x1e8
#define OFF_E820_TABLE 0x2d0
#define HDRS 0x53726448u	/* "HdrS" */
#define BOOT_FLAG 0xaa55
#define LOADED_HIGH 0x01
#define LOADER_UNDEFINED 0xff	/* type_of_loader: not an assigned ID */
#define SECTOR 512
#define DEFAULT_SETUP_SECTS 4
#define PARAMS_BYTES 4096
#define PAGE 4096u
#define E820_RAM 1
#define E820_RESERVED 2

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Where the kernel, loaded at BZ_KERNEL_GPA, moves itself to decompress
 * and run, and needs init_size bytes from (boot.rst, "init_size",
 * "pref_address"; arch/x86/boot/compressed/head_64.S): a relocatable
 * kernel at its load address rounded up to kernel_alignment, but never
 * below pref_address (LOAD_PHYSICAL_ADDR, 16 MiB for Debian's); any other
 * at pref_address.
 */
static uint64_t run_start(const uint8_t *img)
{
	uint64_t pref = rd64(img + OFF_PREF_ADDRESS), at = BZ_KERNEL_GPA;
	uint32_t align = rd32(img + OFF_KERNEL_ALIGNMENT);

	if (img[OFF_RELOCATABLE] && align && !(align & (align - 1)))
		at = (at + align - 1) & ~(uint64_t)(align - 1);
	return at > pref ? at : pref;
}

static void wr32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

int bz_parse(const uint8_t *img, size_t len, struct bz_header *h,
	     char *err, size_t errlen)
{
	if (len < OFF_HEADER + 4 || rd32(img + OFF_HEADER) != HDRS)
		return 0;
	if (len < OFF_INIT_SIZE + 4 || rd16(img + OFF_BOOT_FLAG) != BOOT_FLAG) {
		ksnprintf(err, errlen, "Linux image: setup header cut short");
		return -1;
	}
	*h = (struct bz_header){
		.version = rd16(img + OFF_VERSION),
		.setup_sects = img[OFF_SETUP_SECTS] ? img[OFF_SETUP_SECTS] :
						      DEFAULT_SETUP_SECTS,
		.loadflags = img[OFF_LOADFLAGS],
		.xloadflags = rd16(img + OFF_XLOADFLAGS),
		.initrd_addr_max = rd32(img + OFF_INITRD_ADDR_MAX),
		.cmdline_size = rd32(img + OFF_CMDLINE_SIZE),
		.init_size = rd32(img + OFF_INIT_SIZE),
		.run_start = run_start(img),
	};
	if (h->version < BZ_MIN_VERSION) {
		ksnprintf(err, errlen, "Linux image: boot protocol %u.%02u is "
			  "older than 2.12", h->version >> 8, h->version & 0xff);
		return -1;
	}
	if (!(h->loadflags & LOADED_HIGH)) {
		ksnprintf(err, errlen, "Linux image: not a bzImage (loaded low)");
		return -1;
	}
	h->pm_offset = (size_t)(h->setup_sects + 1) * SECTOR;
	if (h->pm_offset >= len) {
		ksnprintf(err, errlen, "Linux image cut short: %zu bytes, the "
			  "kernel starts at %zu", len, h->pm_offset);
		return -1;
	}
	h->pm_len = len - h->pm_offset;
	/* A file cut inside the kernel would boot and crash: refuse it. */
	if (h->pm_len < (uint64_t)rd32(img + OFF_SYSSIZE) * 16) {
		ksnprintf(err, errlen, "Linux image cut short: %zu bytes of "
			  "kernel, its header says %llu", h->pm_len,
			  (unsigned long long)rd32(img + OFF_SYSSIZE) * 16);
		return -1;
	}
	return 1;
}

/* RAM below 640 KiB, the BIOS hole reserved, RAM from 1 MiB up (boot.rst). */
static void write_e820(uint8_t *params, uint64_t ram_size)
{
	const struct e820_entry map[] = {
		{ 0, BZ_LOW_RAM_END, E820_RAM },
		{ BZ_LOW_RAM_END, BZ_KERNEL_GPA - BZ_LOW_RAM_END, E820_RESERVED },
		{ BZ_KERNEL_GPA, ram_size - BZ_KERNEL_GPA, E820_RAM },
	};

	params[OFF_E820_ENTRIES] = sizeof(map) / sizeof(map[0]);
	memcpy(params + OFF_E820_TABLE, map, sizeof(map));
}

/* The initrd as high as allowed, page-aligned, above the kernel's reach. */
static int place_initrd(const struct bz_header *h, size_t initrd_len,
			uint64_t ram_size, uint32_t *gpa, char *err,
			size_t errlen)
{
	uint64_t top = ram_size, floor = h->run_start + h->init_size;

	if (floor < BZ_KERNEL_GPA + h->pm_len)
		floor = BZ_KERNEL_GPA + h->pm_len;

	if ((uint64_t)h->initrd_addr_max + 1 < top)
		top = (uint64_t)h->initrd_addr_max + 1;
	if (initrd_len > top || ((top - initrd_len) & ~(uint64_t)(PAGE - 1)) < floor) {
		ksnprintf(err, errlen, "the initrd (%zu KiB) does not fit between "
			  "the kernel's end 0x%llx and 0x%llx", initrd_len >> 10,
			  (unsigned long long)floor, (unsigned long long)top);
		return -1;
	}
	*gpa = (uint32_t)((top - initrd_len) & ~(uint64_t)(PAGE - 1));
	return 0;
}

int bz_load(const struct bz_header *h, const uint8_t *img,
	    const uint8_t *initrd, size_t initrd_len, const char *cmdline,
	    uint8_t *ram, uint64_t ram_size, struct bz_entry *e,
	    char *err, size_t errlen)
{
	uint8_t *params = ram + BZ_PARAMS_GPA;
	size_t hdr_end = OFF_JUMP + 2 + img[OFF_JUMP + 1];
	size_t cmd_len = strlen(cmdline);

	*e = (struct bz_entry){ .rip = BZ_KERNEL_GPA, .esi = BZ_PARAMS_GPA };
	if (BZ_KERNEL_GPA + h->pm_len > ram_size || h->run_start > ram_size ||
	    ram_size - h->run_start < h->init_size) {
		ksnprintf(err, errlen, "the Linux kernel (%zu KiB at 1 MiB) "
			  "needs %u KiB from 0x%llx; the guest has %llu MiB of "
			  "RAM", h->pm_len >> 10, h->init_size >> 10,
			  (unsigned long long)h->run_start,
			  (unsigned long long)(ram_size >> 20));
		return -1;
	}
	if (cmd_len >= BZ_CMDLINE_MAX || (h->cmdline_size && cmd_len > h->cmdline_size)) {
		ksnprintf(err, errlen, "the kernel command line is %zu bytes, "
			  "more than the kernel takes", cmd_len);
		return -1;
	}
	if (initrd && place_initrd(h, initrd_len, ram_size, &e->initrd_gpa,
				   err, errlen) < 0)
		return -1;
	if ((h->xloadflags & BZ_XLF_KERNEL_64) &&
	    boot64_build(ram, ram_size, BZ_BOOT64_GPA, BZ_BOOT64_END,
			 &e->tables, err, errlen) < 0)
		return -1;
	e->long_mode = h->xloadflags & BZ_XLF_KERNEL_64;
	if (e->long_mode)
		e->rip = BZ_KERNEL_GPA + BZ_ENTRY64_OFFSET;
	memcpy(ram + BZ_KERNEL_GPA, img + h->pm_offset, h->pm_len);
	memset(params, 0, PARAMS_BYTES);
	memcpy(params + OFF_SETUP_SECTS, img + OFF_SETUP_SECTS,
	       hdr_end - OFF_SETUP_SECTS);
	params[OFF_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	wr32(params + OFF_CODE32_START, BZ_KERNEL_GPA);
	memcpy(ram + BZ_CMDLINE_GPA, cmdline, cmd_len + 1);
	wr32(params + OFF_CMD_LINE_PTR, BZ_CMDLINE_GPA);
	if (initrd) {
		memcpy(ram + e->initrd_gpa, initrd, initrd_len);
		wr32(params + OFF_RAMDISK_IMAGE, e->initrd_gpa);
		wr32(params + OFF_RAMDISK_SIZE, (uint32_t)initrd_len);
	}
	write_e820(params, ram_size);
	return 0;
}
