/* SPDX-License-Identifier: MIT */
/* Multiboot 1 kernels as guests (lib/mbkernel.h). */
#include "lib/format.h"
#include "lib/mbkernel.h"
#include "lib/string.h"

#define HEADER_WORDS 8		/* magic .. entry_addr */
#define INFO_MEM (1u << 0)	/* Multiboot 3.3: mem_lower, mem_upper */
#define INFO_CMDLINE (1u << 2)
#define INFO_MMAP (1u << 6)
#define INFO_LOADER_NAME (1u << 9)
#define MMAP_RAM 1
#define MMAP_RESERVED 2

/* Multiboot 3.3, the information structure, up to boot_loader_name. */
struct mbk_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;	/* KiB below 640 KiB, above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

/* One memory map entry; size counts the bytes after itself (3.3). */
struct mbk_mmap_entry {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

_Static_assert(sizeof(struct mbk_info) == 68, "Multiboot 3.3 layout");
_Static_assert(sizeof(struct mbk_mmap_entry) == 24, "Multiboot 3.3 mmap");

static uint32_t word_at(const uint8_t *p)
{
	uint32_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* The a.out fields must describe bytes of this image (3.1.3). */
static int check_aout(const struct mbk_header *h, size_t len, char *err,
		      size_t errlen)
{
	uint64_t file_start;

	if (h->header_addr < h->load_addr ||
	    h->header_addr - h->load_addr > h->offset) {
		ksnprintf(err, errlen, "header_addr 0x%x below load_addr 0x%x "
			  "or before the file", h->header_addr, h->load_addr);
		return -1;
	}
	file_start = h->offset - (h->header_addr - h->load_addr);
	if (h->load_end_addr && (h->load_end_addr < h->load_addr ||
				 file_start + (h->load_end_addr - h->load_addr) > len)) {
		ksnprintf(err, errlen, "load_end_addr 0x%x is past the image's "
			  "%zu bytes", h->load_end_addr, len);
		return -1;
	}
	if (h->bss_end_addr && h->bss_end_addr < h->load_end_addr) {
		ksnprintf(err, errlen, "bss_end_addr 0x%x below load_end_addr",
			  h->bss_end_addr);
		return -1;
	}
	return 0;
}

/* Fills @h from the header at @off, whose words are all in the image. */
static int read_header(const uint8_t *img, size_t len, size_t off,
		       struct mbk_header *h, char *err, size_t errlen)
{
	uint32_t w[HEADER_WORDS] = { 0 };
	unsigned int i;

	for (i = 0; i < HEADER_WORDS && off + 4 * (i + 1) <= len; i++)
		w[i] = word_at(img + off + 4 * i);
	*h = (struct mbk_header){
		.offset = (uint32_t)off, .flags = w[1], .header_addr = w[3],
		.load_addr = w[4], .load_end_addr = w[5], .bss_end_addr = w[6],
		.entry_addr = w[7],
	};
	h->tollgate_abi = off + 16 <= len &&
			  word_at(img + off + 12) == MBK_TOLLGATE_ABI;
	if (w[0] + w[1] + w[2]) {
		ksnprintf(err, errlen, "Multiboot header at offset %zu: bad "
			  "checksum", off);
		return -1;
	}
	if (h->flags & 0xffffu & ~MBK_REQUIRED_KNOWN) {
		ksnprintf(err, errlen, "Multiboot header asks for %s (flags "
			  "0x%x), which Tollgate's guests do not have",
			  (h->flags & MBK_FLAG_VIDEO) ? "a video mode" :
							"an unknown feature",
			  h->flags);
		return -1;
	}
	if (!(h->flags & MBK_FLAG_AOUT))
		return 1;
	if (off + 4 * HEADER_WORDS > len) {
		ksnprintf(err, errlen, "Multiboot header cut short");
		return -1;
	}
	return check_aout(h, len, err, errlen) < 0 ? -1 : 1;
}

int mbk_find(const uint8_t *img, size_t len, struct mbk_header *h,
	     char *err, size_t errlen)
{
	size_t off;

	for (off = 0; off + 12 <= len && off < MBK_SEARCH_BYTES; off += 4)
		if (word_at(img + off) == MBK_HEADER_MAGIC)
			return read_header(img, len, off, h, err, errlen);
	return 0;
}

int mbk_load_aout(const struct mbk_header *h, const uint8_t *img, size_t len,
		  uint8_t *ram, uint64_t ram_size, uint64_t *entry,
		  char *err, size_t errlen)
{
	uint64_t file_start = h->offset - (h->header_addr - h->load_addr);
	uint64_t load_end = h->load_end_addr ? h->load_end_addr :
			    h->load_addr + (len - file_start);
	uint64_t bss_end = h->bss_end_addr > load_end ? h->bss_end_addr :
							load_end;

	if (h->load_addr < MBK_INFO_GPA + MBK_INFO_BYTES ||
	    bss_end > ram_size) {
		ksnprintf(err, errlen, "loads at 0x%x-0x%llx, outside RAM "
			  "0x%x-0x%llx", h->load_addr,
			  (unsigned long long)bss_end,
			  MBK_INFO_GPA + MBK_INFO_BYTES,
			  (unsigned long long)ram_size);
		return -1;
	}
	if (h->entry_addr < h->load_addr || h->entry_addr >= load_end) {
		ksnprintf(err, errlen, "entry_addr 0x%x is not in the image",
			  h->entry_addr);
		return -1;
	}
	memcpy(ram + h->load_addr, img + file_start, load_end - h->load_addr);
	memset(ram + load_end, 0, bss_end - load_end);
	*entry = h->entry_addr;
	return 0;
}

uint32_t mbk_write_info(uint8_t *ram, uint64_t ram_size, const char *cmdline)
{
	const struct mbk_mmap_entry map[] = {
		{ 20, 0, MBK_LOW_RAM_END, MMAP_RAM },
		{ 20, MBK_LOW_RAM_END, MBK_HIGH_RAM - MBK_LOW_RAM_END,
		  MMAP_RESERVED },
		{ 20, MBK_HIGH_RAM, ram_size - MBK_HIGH_RAM, MMAP_RAM },
	};
	uint8_t *page = ram + MBK_INFO_GPA;
	uint32_t map_gpa = MBK_INFO_GPA + sizeof(struct mbk_info);
	uint32_t name_gpa = map_gpa + sizeof(map);
	uint32_t cmd_gpa = name_gpa + 16;
	struct mbk_info info = {
		.flags = INFO_MEM | INFO_CMDLINE | INFO_MMAP | INFO_LOADER_NAME,
		.mem_lower = MBK_LOW_RAM_END >> 10,
		.mem_upper = (uint32_t)((ram_size - MBK_HIGH_RAM) >> 10),
		.cmdline = cmd_gpa,
		.mmap_length = sizeof(map),
		.mmap_addr = map_gpa,
		.boot_loader_name = name_gpa,
	};

	memset(page, 0, MBK_INFO_BYTES);
	memcpy(page, &info, sizeof(info));
	memcpy(ram + map_gpa, map, sizeof(map));
	memcpy(ram + name_gpa, "Tollgate", 9);
	ksnprintf((char *)ram + cmd_gpa,
		  MBK_INFO_GPA + MBK_INFO_BYTES - cmd_gpa, "%s", cmdline);
	return MBK_INFO_GPA;
}
