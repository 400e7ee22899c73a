/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 information parser, for QEMU's -kernel loader.  Layout:
 * Multiboot specification 0.6.96, 3.3 "Boot information format".  Every
 * physical pointer in the structure goes through the caller's map function
 * with the length about to be read, and every field is read byte by byte.
 */
#include "lib/bootinfo.h"
#include "lib/format.h"	/* kvsnprintf, and va_list through <stdarg.h> */
#include "lib/string.h"

/* 3.3: the bits of 'flags'. */
#define MB1_INFO_MEM		(1u << 0)
#define MB1_INFO_CMDLINE	(1u << 2)
#define MB1_INFO_MODS		(1u << 3)
#define MB1_INFO_MMAP		(1u << 6)
#define MB1_INFO_LOADER		(1u << 9)
#define MB1_INFO_FB		(1u << 12)

/* 3.3: byte offsets in the information structure. */
#define MB1_MEM_LOWER		4
#define MB1_MEM_UPPER		8
#define MB1_CMDLINE		16
#define MB1_MODS_COUNT		20
#define MB1_MODS_ADDR		24
#define MB1_MMAP_LENGTH		44
#define MB1_MMAP_ADDR		48
#define MB1_LOADER		64
#define MB1_FB_ADDR		88
#define MB1_INFO_LEN		88	/* up to the framebuffer fields */
#define MB1_INFO_LEN_FB		116	/* with them */

#define MB1_MOD_LEN		16	/* mod_start, mod_end, string, reserved */
#define MB1_MMAP_ENTRY_MIN	20	/* base_addr, length, type */
#define KIB			1024ull
#define MIB			(1024ull * KIB)

struct mb1_parser {
	struct boot_info *bi;
	phys_map_fn map;
	void *ctx;
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Sets bi->error to "multiboot: " and @fmt; returns -1 to pass on. */
static int PRINTF_LIKE(2, 3) fail(struct mb1_parser *ps, const char *fmt, ...)
{
	char *err = ps->bi->error;
	int n = ksnprintf(err, BOOT_ERROR_LEN, "multiboot: ");
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(err + n, BOOT_ERROR_LEN - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Maps @len bytes at @addr for reading @what, or fails naming them. */
static const uint8_t *map(struct mb1_parser *ps, uint64_t addr, size_t len,
			  const char *what)
{
	const uint8_t *p = ps->map(ps->ctx, addr, len);

	if (!p)
		fail(ps, "cannot read the %s at 0x%llx (length %zu)", what,
		     (unsigned long long)addr, len);
	return p;
}

/*
 * Copies the string at @addr into @dst of @cap bytes.  It is read a byte at
 * a time so that no byte past the NUL is touched (it may end right at the
 * end of readable memory).  *@whole says whether the NUL fitted.
 */
static int read_str(struct mb1_parser *ps, uint64_t addr, char *dst,
		    size_t cap, const char *what, bool *whole)
{
	const uint8_t *b;
	size_t i;

	for (i = 0; i < cap; i++) {
		b = map(ps, addr + i, 1, what);
		if (!b)
			return -1;
		dst[i] = (char)*b;
		if (!*b) {
			*whole = true;
			return 0;
		}
	}
	dst[cap - 1] = '\0';
	*whole = false;
	return 0;
}

/* 3.3 flag 2: the command line; one too long for bi->cmdline is refused. */
static int parse_cmdline(struct mb1_parser *ps, const uint8_t *info)
{
	struct boot_info *bi = ps->bi;
	bool whole;

	if (read_str(ps, rd32(info + MB1_CMDLINE), bi->cmdline,
		     sizeof(bi->cmdline), "command line", &whole))
		return -1;
	if (!whole) {
		bi->cmdline[0] = '\0';
		return fail(ps, "command line is more than %d bytes",
			    BOOT_CMDLINE_MAX - 1);
	}
	bi->has_cmdline = true;
	return 0;
}

/* 3.3 flag 9: the boot loader's name, only shown to people, so truncated. */
static int parse_loader(struct mb1_parser *ps, const uint8_t *info)
{
	bool whole;

	return read_str(ps, rd32(info + MB1_LOADER), ps->bi->loader,
			sizeof(ps->bi->loader), "boot loader name", &whole);
}

/* 3.3 flag 3: the module list, entries of mod_start, mod_end, string. */
static int parse_mods(struct mb1_parser *ps, const uint8_t *info)
{
	struct boot_info *bi = ps->bi;
	uint32_t count = rd32(info + MB1_MODS_COUNT);
	uint32_t n = count < BOOT_MAX_MODULES ? count : BOOT_MAX_MODULES;
	const uint8_t *list, *e;
	struct boot_module *mod;
	bool whole;
	uint32_t i;

	if (!n)
		return 0;
	list = map(ps, rd32(info + MB1_MODS_ADDR), n * MB1_MOD_LEN,
		   "module list");
	if (!list)
		return -1;
	for (i = 0; i < n; i++) {
		e = list + i * MB1_MOD_LEN;
		if (rd32(e + 4) < rd32(e))
			return fail(ps, "module %u ends at 0x%x, before its start 0x%x",
				    i, rd32(e + 4), rd32(e));
		mod = &bi->modules[i];
		if (read_str(ps, rd32(e + 8), mod->name, sizeof(mod->name),
			     "module name", &whole))
			return -1;
		mod->start = rd32(e);
		mod->end = rd32(e + 4);
		bi->module_count++;
	}
	if (count > BOOT_MAX_MODULES)
		return fail(ps, "%u modules, more than the %d kept", count,
			    BOOT_MAX_MODULES);
	return 0;
}

/* Appends a range as given; false when bi->mmap is full. */
static bool mmap_add(struct boot_info *bi, uint64_t base, uint64_t len,
		     uint32_t type)
{
	if (bi->mmap_count >= BOOT_MAX_MMAP)
		return false;
	bi->mmap[bi->mmap_count++] = (struct boot_mem_range){
		.base = base, .len = len, .type = type,
	};
	return true;
}

/*
 * 3.3 flag 6: the memory map.  Each entry starts with a u32 'size' that
 * does not count itself, so the next entry is size + 4 bytes further on.
 */
static int parse_mmap(struct mb1_parser *ps, const uint8_t *info)
{
	uint32_t total = rd32(info + MB1_MMAP_LENGTH), off, size;
	const uint8_t *m, *e;

	if (!total)
		return 0;
	m = map(ps, rd32(info + MB1_MMAP_ADDR), total, "memory map");
	if (!m)
		return -1;
	for (off = 0; off < total; off += size + 4) {
		if (total - off < 4)
			return fail(ps, "memory map entry at offset %u runs past mmap_length %u",
				    off, total);
		size = rd32(m + off);
		if (size < MB1_MMAP_ENTRY_MIN)
			return fail(ps, "memory map entry at offset %u has size %u, less than %d",
				    off, size, MB1_MMAP_ENTRY_MIN);
		if (size > total - off - 4)
			return fail(ps, "memory map entry at offset %u runs past mmap_length %u",
				    off, total);
		e = m + off + 4;
		if (!mmap_add(ps->bi, rd64(e), rd64(e + 8), rd32(e + 16)))
			return fail(ps, "memory map has more than the %d entries kept",
				    BOOT_MAX_MMAP);
	}
	return 0;
}

/*
 * 3.3 flag 0 without flag 6: all that is known is the KiB of lower memory
 * (from 0) and of upper memory (from 1 MiB), so that is the map.
 */
static void mem_fallback(struct boot_info *bi, const uint8_t *info)
{
	uint64_t lower = rd32(info + MB1_MEM_LOWER) * KIB;
	uint64_t upper = rd32(info + MB1_MEM_UPPER) * KIB;

	if (lower)
		mmap_add(bi, 0, lower, BOOT_MEM_AVAILABLE);
	if (upper)
		mmap_add(bi, MIB, upper, BOOT_MEM_AVAILABLE);
}

/* 3.3 flag 12: the framebuffer; only RGB's color_info is kept. */
static void parse_fb(struct boot_info *bi, const uint8_t *info)
{
	const uint8_t *p = info + MB1_FB_ADDR;
	struct boot_fb *fb = &bi->fb;

	fb->addr = rd64(p);
	fb->pitch = rd32(p + 8);
	fb->width = rd32(p + 12);
	fb->height = rd32(p + 16);
	fb->bpp = p[20];
	fb->type = p[21];
	if (fb->type == BOOT_FB_RGB) {
		fb->red_pos = p[22];
		fb->red_size = p[23];
		fb->green_pos = p[24];
		fb->green_size = p[25];
		fb->blue_pos = p[26];
		fb->blue_size = p[27];
	}
	bi->has_fb = true;
}

/* Parses the parts @flags announce, in the order of the structure. */
static int parse_parts(struct mb1_parser *ps, const uint8_t *info,
		       uint32_t flags)
{
	if ((flags & MB1_INFO_CMDLINE) && parse_cmdline(ps, info))
		return -1;
	if ((flags & MB1_INFO_MODS) && parse_mods(ps, info))
		return -1;
	if ((flags & MB1_INFO_MMAP) && parse_mmap(ps, info))
		return -1;
	if (!(flags & MB1_INFO_MMAP) && (flags & MB1_INFO_MEM))
		mem_fallback(ps->bi, info);
	if ((flags & MB1_INFO_LOADER) && parse_loader(ps, info))
		return -1;
	if (flags & MB1_INFO_FB)
		parse_fb(ps->bi, info);
	return 0;
}

int mb1_parse(uint64_t phys, phys_map_fn map_fn, void *ctx,
	      struct boot_info *bi)
{
	struct mb1_parser ps = { .bi = bi, .map = map_fn, .ctx = ctx };
	const uint8_t *info;
	uint32_t flags;
	size_t len;

	memset(bi, 0, sizeof(*bi));
	bi->proto = BOOT_PROTO_MULTIBOOT1;
	bi->uefi = false;
	info = map(&ps, phys, 4, "information structure");
	if (!info)
		return -1;
	flags = rd32(info);
	/* The framebuffer fields are only there if flag 12 says so. */
	len = (flags & MB1_INFO_FB) ? MB1_INFO_LEN_FB : MB1_INFO_LEN;
	info = map(&ps, phys, len, "information structure");
	if (!info)
		return -1;
	bi->table_start = phys;
	bi->table_end = phys + len;
	return parse_parts(&ps, info, flags);
}
