/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 boot information parser.  Layout: Multiboot2 specification 1.0,
 * 3.6 "Boot information format"; subsections are cited by the numbers of the
 * text GRUB ships, and named, in case another edition numbers them apart.
 * The table is untrusted input, so every field is read byte by byte (no
 * alignment assumed, no struct overlays) and every length is checked against
 * what is left of the table before it is used.
 */
#include "lib/bootinfo.h"
#include "lib/format.h"	/* kvsnprintf, and va_list through <stdarg.h> */
#include "lib/string.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* 3.6.2: tag types. */
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER		2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6
#define MB2_TAG_FB		8
#define MB2_TAG_EFI32		11
#define MB2_TAG_EFI64		12
#define MB2_TAG_RSDP_OLD	14
#define MB2_TAG_RSDP_NEW	15
#define MB2_TAG_EFI_MMAP	17

#define MB2_FIXED_SIZE		8	/* total_size, reserved */
#define MB2_TAG_HDR		8	/* type, size */
#define MB2_ALIGN		8
#define MB2_MMAP_ENTRY_MIN	24	/* 3.6.8: base, length, type, reserved */
/*
 * 3.6.12 draws 'reserved' as a u8, but GRUB (the reference loader) and the
 * spec's own multiboot2.h make it a u16, so color_info starts at byte 32.
 */
#define MB2_FB_COMMON		32
#define MB2_FB_RGB_END		38
#define RSDP_V1_LEN		20	/* ACPI 1.0 RSDP */
#define RSDP_V2_LEN		36	/* ACPI 2.0 XSDP */
#define EFI_DESC_MIN		40	/* UEFI EFI_MEMORY_DESCRIPTOR */
#define EFI_PAGE_SHIFT		12

struct mb2_tag {
	const uint8_t *p;	/* first byte of the tag header */
	uint32_t type;
	uint32_t size;		/* >= 8 and inside the table, once read */
	uint64_t off;		/* from the start of the table */
};

struct mb2_parser {
	struct boot_info *bi;
	uint64_t phys;
	bool have_mmap;		/* a type-6 map was seen: it beats the EFI map */
	bool have_rsdp_new;	/* an ACPI 2.0 RSDP was seen: it beats 1.0 */
};

static const char *const tag_names[] = {
	[MB2_TAG_END] = "end",
	[MB2_TAG_CMDLINE] = "command line",
	[MB2_TAG_LOADER] = "boot loader name",
	[MB2_TAG_MODULE] = "module",
	[MB2_TAG_MMAP] = "memory map",
	[MB2_TAG_FB] = "framebuffer",
	[MB2_TAG_EFI32] = "EFI32 system table",
	[MB2_TAG_EFI64] = "EFI64 system table",
	[MB2_TAG_RSDP_OLD] = "ACPI old RSDP",
	[MB2_TAG_RSDP_NEW] = "ACPI new RSDP",
	[MB2_TAG_EFI_MMAP] = "EFI memory map",
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

/* Sets bi->error to "multiboot2: ", @where and @fmt, cut to fit. */
static void PRINTF_LIKE(3, 0) set_error(struct mb2_parser *ps,
					const char *where, const char *fmt,
					va_list ap)
{
	char *err = ps->bi->error;
	int n = ksnprintf(err, BOOT_ERROR_LEN, "multiboot2: %s", where);

	if (n < BOOT_ERROR_LEN)
		kvsnprintf(err + n, BOOT_ERROR_LEN - n, fmt, ap);
}

/* Records a problem with the table as a whole; returns -1 for the caller. */
static int PRINTF_LIKE(2, 3) fail(struct mb2_parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_error(ps, "", fmt, ap);
	va_end(ap);
	return -1;
}

/* Records a problem with @tag, naming its type and offset; returns -1. */
static int PRINTF_LIKE(3, 4) tag_fail(struct mb2_parser *ps,
				      const struct mb2_tag *tag,
				      const char *fmt, ...)
{
	char where[BOOT_ERROR_LEN];
	const char *name = NULL;
	va_list ap;

	if (tag->type < ARRAY_SIZE(tag_names))
		name = tag_names[tag->type];
	if (name)
		ksnprintf(where, sizeof(where), "tag %u (%s) at offset %llu ",
			  tag->type, name, (unsigned long long)tag->off);
	else
		ksnprintf(where, sizeof(where), "tag %u at offset %llu ",
			  tag->type, (unsigned long long)tag->off);
	va_start(ap, fmt);
	set_error(ps, where, fmt, ap);
	va_end(ap);
	return -1;
}

/* Checks that @tag holds at least the @need bytes its type reads. */
static int tag_need(struct mb2_parser *ps, const struct mb2_tag *tag,
		    uint32_t need)
{
	if (tag->size >= need)
		return 0;
	return tag_fail(ps, tag, "is too short (size %u, needs %u)",
			tag->size, need);
}

/*
 * Finds the NUL-terminated string that fills @tag from byte @start; sets
 * *@len to its length, or fails if the tag ends before the NUL.
 */
static int tag_string(struct mb2_parser *ps, const struct mb2_tag *tag,
		      uint32_t start, size_t *len)
{
	uint32_t i;

	if (tag_need(ps, tag, start))
		return -1;
	for (i = start; i < tag->size; i++) {
		if (!tag->p[i]) {
			*len = i - start;
			return 0;
		}
	}
	return tag_fail(ps, tag, "has no NUL ending its string (size %u)",
			tag->size);
}

/* Copies @len bytes of @src into @dst of @cap bytes, truncating, with NUL. */
static void copy_str(char *dst, size_t cap, const uint8_t *src, size_t len)
{
	if (len > cap - 1)
		len = cap - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Appends a range, or merges it into the last one; false when full. */
static bool mmap_add(struct boot_info *bi, uint64_t base, uint64_t len,
		     uint32_t type, bool merge)
{
	struct boot_mem_range *last;

	if (merge && bi->mmap_count) {
		last = &bi->mmap[bi->mmap_count - 1];
		if (last->type == type && last->base + last->len == base) {
			last->len += len;
			return true;
		}
	}
	if (bi->mmap_count >= BOOT_MAX_MMAP)
		return false;
	bi->mmap[bi->mmap_count++] = (struct boot_mem_range){
		.base = base, .len = len, .type = type,
	};
	return true;
}

/* 3.6.5: the command line; one too long for bi->cmdline is refused whole. */
static int tag_cmdline(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	struct boot_info *bi = ps->bi;
	size_t len;

	bi->has_cmdline = false;
	bi->cmdline[0] = '\0';
	if (tag_string(ps, tag, MB2_TAG_HDR, &len))
		return -1;
	if (len > BOOT_CMDLINE_MAX - 1)
		return fail(ps, "command line is %zu bytes, more than %d",
			    len, BOOT_CMDLINE_MAX - 1);
	copy_str(bi->cmdline, sizeof(bi->cmdline), tag->p + MB2_TAG_HDR, len);
	bi->has_cmdline = true;
	return 0;
}

/* 3.6.9: the boot loader's name, only shown to people, so truncated. */
static int tag_loader(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	size_t len;

	if (tag_string(ps, tag, MB2_TAG_HDR, &len))
		return -1;
	copy_str(ps->bi->loader, sizeof(ps->bi->loader),
		 tag->p + MB2_TAG_HDR, len);
	return 0;
}

/* 3.6.6: one module: u32 mod_start, u32 mod_end (exclusive), string. */
static int tag_module(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	struct boot_info *bi = ps->bi;
	struct boot_module *mod;
	uint32_t start, end;
	size_t len;

	if (tag_string(ps, tag, 16, &len))
		return -1;
	start = rd32(tag->p + 8);
	end = rd32(tag->p + 12);
	if (end < start)
		return tag_fail(ps, tag, "ends at 0x%x, before its start 0x%x",
				end, start);
	if (bi->module_count >= BOOT_MAX_MODULES)
		return tag_fail(ps, tag, "is one module more than the %d kept",
				BOOT_MAX_MODULES);
	mod = &bi->modules[bi->module_count++];
	mod->start = start;
	mod->end = end;
	copy_str(mod->name, sizeof(mod->name), tag->p + 16, len);
	return 0;
}

/*
 * 3.6.8: the BIOS-style memory map.  It replaces an EFI map parsed earlier;
 * past BOOT_MAX_MMAP entries the first ones are kept and it is an error.
 */
static int tag_mmap(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	struct boot_info *bi = ps->bi;
	uint32_t esize, version, n, i;
	const uint8_t *e;

	if (tag_need(ps, tag, 16))
		return -1;
	esize = rd32(tag->p + 8);
	version = rd32(tag->p + 12);
	if (esize < MB2_MMAP_ENTRY_MIN || esize % 8)
		return tag_fail(ps, tag, "has entry_size %u, not a multiple of 8 of at least %d",
				esize, MB2_MMAP_ENTRY_MIN);
	if (version != 0)
		return tag_fail(ps, tag, "has entry_version %u, not 0",
				version);
	if ((tag->size - 16) % esize)
		return tag_fail(ps, tag, "has %u bytes of entries, not a multiple of %u",
				tag->size - 16, esize);
	ps->have_mmap = true;
	bi->mmap_from_efi = false;
	bi->mmap_count = 0;
	n = (tag->size - 16) / esize;
	for (i = 0; i < n; i++) {
		e = tag->p + 16 + (size_t)i * esize;
		if (!mmap_add(bi, rd64(e), rd64(e + 8), rd32(e + 16), false))
			return tag_fail(ps, tag, "has %u entries, more than the %d kept",
					n, BOOT_MAX_MMAP);
	}
	return 0;
}

/* 3.6.12: the framebuffer; only RGB's color_info is kept (no palette). */
static int tag_fb(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	const uint8_t *p = tag->p;
	struct boot_fb fb = { 0 };

	if (tag_need(ps, tag, MB2_FB_COMMON))
		return -1;
	fb.addr = rd64(p + 8);
	fb.pitch = rd32(p + 16);
	fb.width = rd32(p + 20);
	fb.height = rd32(p + 24);
	fb.bpp = p[28];
	fb.type = p[29];
	if (fb.type == BOOT_FB_RGB) {
		if (tag_need(ps, tag, MB2_FB_RGB_END))
			return -1;
		fb.red_pos = p[32];
		fb.red_size = p[33];
		fb.green_pos = p[34];
		fb.green_size = p[35];
		fb.blue_pos = p[36];
		fb.blue_size = p[37];
	}
	ps->bi->fb = fb;
	ps->bi->has_fb = true;
	return 0;
}

/* 3.6.13 and 3.6.14: the EFI system table pointer, u32 or u64. */
static int tag_efi_st(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	bool wide = tag->type == MB2_TAG_EFI64;

	if (tag_need(ps, tag, wide ? 16 : 12))
		return -1;
	ps->bi->efi_system_table = wide ? rd64(tag->p + 8) : rd32(tag->p + 8);
	ps->bi->uefi = true;
	return 0;
}

/*
 * 3.6.16 and 3.6.17: a copy of the RSDP.  Its address in the table is kept,
 * so the table must stay allocated; the 2.0 copy wins over the 1.0 one.
 */
static int tag_rsdp(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	bool is_new = tag->type == MB2_TAG_RSDP_NEW;

	if (tag_need(ps, tag, MB2_TAG_HDR + (is_new ? RSDP_V2_LEN : RSDP_V1_LEN)))
		return -1;
	if (!is_new && ps->have_rsdp_new)
		return 0;
	ps->have_rsdp_new |= is_new;
	ps->bi->acpi_rsdp = ps->phys + tag->off + MB2_TAG_HDR;
	ps->bi->acpi_rsdp_len = tag->size - MB2_TAG_HDR;
	return 0;
}

/* UEFI 2.x EFI_MEMORY_TYPE to the Multiboot types of 3.6.8. */
static uint32_t efi_mem_type(uint32_t efi)
{
	switch (efi) {
	case 1: case 2:		/* LoaderCode, LoaderData */
	case 3: case 4:		/* BootServicesCode, BootServicesData */
	case 7:			/* ConventionalMemory */
		return BOOT_MEM_AVAILABLE;
	case 8:			/* UnusableMemory */
		return BOOT_MEM_BADRAM;
	case 9:			/* ACPIReclaimMemory */
		return BOOT_MEM_ACPI_RECLAIMABLE;
	case 10:		/* ACPIMemoryNVS */
		return BOOT_MEM_NVS;
	default:
		return BOOT_MEM_RESERVED;
	}
}

/* Converts the descriptors of an EFI map tag already checked for shape. */
static int efi_descs(struct mb2_parser *ps, const struct mb2_tag *tag,
		     uint32_t dsize)
{
	struct boot_info *bi = ps->bi;
	uint32_t n = (tag->size - 16) / dsize, i;
	uint64_t base, pages;
	const uint8_t *d;

	for (i = 0; i < n; i++) {
		d = tag->p + 16 + (size_t)i * dsize;
		base = rd64(d + 8);
		pages = rd64(d + 24);
		if (!pages)
			continue;
		if (pages > (UINT64_MAX - base) >> EFI_PAGE_SHIFT)
			return tag_fail(ps, tag, "descriptor %u: %llu pages at 0x%llx go past 2^64",
					i, (unsigned long long)pages,
					(unsigned long long)base);
		if (!mmap_add(bi, base, pages << EFI_PAGE_SHIFT,
			      efi_mem_type(rd32(d)), true))
			return tag_fail(ps, tag, "has more ranges than the %d kept",
					BOOT_MAX_MMAP);
	}
	return 0;
}

/*
 * 3.6.19: the EFI memory map: u32 descriptor_size, u32 descriptor_version,
 * then UEFI descriptors.  Used only when no type-6 map is given.
 */
static int tag_efi_mmap(struct mb2_parser *ps, const struct mb2_tag *tag)
{
	struct boot_info *bi = ps->bi;
	uint32_t dsize;

	if (tag_need(ps, tag, 16))
		return -1;
	dsize = rd32(tag->p + 8);
	if (dsize < EFI_DESC_MIN)
		return tag_fail(ps, tag, "has descriptor_size %u, less than %d",
				dsize, EFI_DESC_MIN);
	if ((tag->size - 16) % dsize)
		return tag_fail(ps, tag, "has %u bytes of descriptors, not a multiple of %u",
				tag->size - 16, dsize);
	bi->uefi = true;
	if (ps->have_mmap)
		return 0;
	bi->mmap_from_efi = true;
	bi->mmap_count = 0;
	return efi_descs(ps, tag, dsize);
}

typedef int (*tag_fn)(struct mb2_parser *ps, const struct mb2_tag *tag);

static const tag_fn tag_handlers[] = {
	[MB2_TAG_CMDLINE] = tag_cmdline,
	[MB2_TAG_LOADER] = tag_loader,
	[MB2_TAG_MODULE] = tag_module,
	[MB2_TAG_MMAP] = tag_mmap,
	[MB2_TAG_FB] = tag_fb,
	[MB2_TAG_EFI32] = tag_efi_st,
	[MB2_TAG_EFI64] = tag_efi_st,
	[MB2_TAG_RSDP_OLD] = tag_rsdp,
	[MB2_TAG_RSDP_NEW] = tag_rsdp,
	[MB2_TAG_EFI_MMAP] = tag_efi_mmap,
};

/* 3.6.2: the fixed part; sets *@total once it fits in @avail. */
static int check_fixed(struct mb2_parser *ps, const uint8_t *t, size_t avail,
		       uint32_t *total)
{
	if (avail < MB2_FIXED_SIZE)
		return fail(ps, "only %zu bytes may be read, less than the 8-byte fixed part",
			    avail);
	if (ps->phys % MB2_ALIGN)
		return fail(ps, "table at 0x%llx is not 8-byte aligned",
			    (unsigned long long)ps->phys);
	*total = rd32(t);
	if (*total < MB2_FIXED_SIZE)
		return fail(ps, "total_size %u is less than the 8-byte fixed part",
			    *total);
	if (*total > avail)
		return fail(ps, "total_size %u is more than the %zu bytes that may be read",
			    *total, avail);
	/* 3.6.2: 'reserved' "must be ignored by OS image", so it is. */
	return 0;
}

/*
 * Reads the tag header at @off of a @total-byte table.  Offsets stay 8-byte
 * aligned by construction (the caller rounds sizes up), so only the lengths
 * need checking here.
 */
static int read_tag(struct mb2_parser *ps, const uint8_t *t, uint32_t total,
		    uint64_t off, struct mb2_tag *tag)
{
	uint64_t left = off < total ? total - off : 0;

	if (left == 0)
		return fail(ps, "no end tag (type 0, size 8) before the end of the table at offset %u",
			    total);
	if (left < MB2_TAG_HDR)
		return fail(ps, "tag header at offset %llu runs past the end of the table (8 bytes > %llu left)",
			    (unsigned long long)off, (unsigned long long)left);
	tag->p = t + off;
	tag->off = off;
	tag->type = rd32(tag->p);
	tag->size = rd32(tag->p + 4);
	if (tag->size < MB2_TAG_HDR)
		return tag_fail(ps, tag, "has size %u, less than its 8-byte header",
				tag->size);
	if (tag->size > left)
		return tag_fail(ps, tag, "runs past the end of the table (size %u > %llu left)",
				tag->size, (unsigned long long)left);
	if (tag->type == MB2_TAG_END && tag->size != MB2_TAG_HDR)
		return tag_fail(ps, tag, "has size %u, not 8", tag->size);
	return 0;
}

int mb2_parse(const void *table, uint64_t phys, size_t avail,
	      struct boot_info *bi)
{
	struct mb2_parser ps = { .bi = bi, .phys = phys };
	const uint8_t *t = table;
	struct mb2_tag tag;
	uint32_t total = 0;	/* set by check_fixed() */
	uint64_t off;

	memset(bi, 0, sizeof(*bi));
	bi->proto = BOOT_PROTO_MULTIBOOT2;
	if (check_fixed(&ps, t, avail, &total))
		return -1;
	bi->table_start = phys;
	bi->table_end = phys + total;
	for (off = MB2_FIXED_SIZE;; off += (tag.size + 7ull) & ~7ull) {
		if (read_tag(&ps, t, total, off, &tag))
			return -1;
		if (tag.type == MB2_TAG_END)
			return 0;
		/* Unknown and unneeded tags are legal; they are skipped. */
		if (tag.type < ARRAY_SIZE(tag_handlers) &&
		    tag_handlers[tag.type] && tag_handlers[tag.type](&ps, &tag))
			return -1;
	}
}
