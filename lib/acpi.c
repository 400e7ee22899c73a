/* SPDX-License-Identifier: MIT */
/*
 * ACPI table parser: from the RSDP to the processors of the MADT.  Layout:
 * ACPI Specification 6.5, sections cited beside each part.  The tables come
 * from firmware and are not trusted: each one is mapped for exactly the
 * length checked, read byte by byte (no alignment assumed, no struct
 * overlays) and its checksum verified before any field past the header is
 * believed.
 */
#include "lib/acpi.h"
#include "lib/format.h"	/* kvsnprintf, and va_list through <stdarg.h> */
#include "lib/string.h"

/* 5.2.5.3: the RSDP structure. */
#define RSDP_SIG		"RSD PTR "
#define RSDP_SIG_LEN		8
#define RSDP_OEMID		9
#define RSDP_OEMID_LEN		6
#define RSDP_REVISION		15
#define RSDP_RSDT		16
#define RSDP_LENGTH		20
#define RSDP_XSDT		24
#define RSDP_V1_LEN		20	/* what the first checksum covers */
#define RSDP_V2_LEN		36	/* through Extended Checksum and Reserved */
#define RSDP_V2_REVISION	2	/* Length and XsdtAddress are valid */

/* 5.2.5.1: where BIOS firmware leaves the RSDP. */
#define BDA_EBDA_SEGMENT	0x40e	/* u16 real-mode segment of the EBDA */
#define EBDA_MIN		0x500	/* below are the IVT and the BDA */
#define EBDA_SCAN_LEN		1024
#define BIOS_AREA_START		0xe0000
#define BIOS_AREA_LEN		0x20000
#define RSDP_SCAN_STEP		16

/* 5.2.6: the system description table header. */
#define SDT_SIG_LEN		4
#define SDT_LENGTH		4
#define SDT_REVISION		8
#define SDT_HDR_LEN		36

/* 5.2.7 and 5.2.8: entries of the RSDT (u32) and XSDT (u64). */
#define RSDT_ENTRY_LEN		4
#define XSDT_ENTRY_LEN		8

/* 5.2.12: the MADT. */
#define MADT_LAPIC_ADDR		36
#define MADT_FLAGS		40
#define MADT_ENTRIES		44	/* first Interrupt Controller Structure */
#define MADT_ENTRY_HDR		2	/* Type, Length */

/* 5.2.12, Table 5.21: the Interrupt Controller Structure types read. */
#define MADT_TYPE_LAPIC		0	/* 5.2.12.2 */
#define MADT_TYPE_LAPIC_ADDR	5	/* 5.2.12.8 */
#define MADT_TYPE_X2APIC	9	/* 5.2.12.12 */
#define MADT_LAPIC_LEN		8
#define MADT_LAPIC_ADDR_LEN	12
#define MADT_X2APIC_LEN		16

/* No CPU has these IDs; firmware uses them for absent processors. */
#define LAPIC_ID_NONE		0xffu
#define X2APIC_ID_NONE		0xffffffffu

/* The mapper, and where errors go (nowhere when err is NULL). */
struct acpi_rd {
	phys_map_fn map;
	void *ctx;
	char *err;
	size_t errlen;
};

/* One Interrupt Controller Structure of the MADT, header read. */
struct madt_entry {
	const uint8_t *p;
	uint32_t off;		/* from the start of the MADT */
	uint8_t type;
	uint8_t len;		/* >= 2 and inside the table, once read */
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

/* 5.2.5.3, 5.2.6: all bytes of a valid structure sum to 0 mod 256. */
static uint8_t sum8(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;
	uint32_t i;

	for (i = 0; i < len; i++)
		sum += p[i];
	return sum;
}

/* Copies the @len-byte signature at @sig into @out, '?' for unprintables. */
static void sig_text(char *out, const uint8_t *sig, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = sig[i] >= 0x20 && sig[i] < 0x7f ? (char)sig[i] : '?';
	out[len] = '\0';
}

/* Writes the reason into rd->err, if any; returns -1 for the caller. */
static int PRINTF_LIKE(2, 3) fail(struct acpi_rd *rd, const char *fmt, ...)
{
	va_list ap;

	if (!rd->err || !rd->errlen)
		return -1;
	va_start(ap, fmt);
	kvsnprintf(rd->err, rd->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends a note to @notes (ACPI_NOTE_LEN bytes), "; " between, cut to fit. */
static void PRINTF_LIKE(2, 3) add_note(char *notes, const char *fmt, ...)
{
	size_t n = strnlen(notes, ACPI_NOTE_LEN - 1);
	va_list ap;

	if (n)
		n += (size_t)ksnprintf(notes + n, ACPI_NOTE_LEN - n, "; ");
	if (n >= ACPI_NOTE_LEN - 1)
		return;
	va_start(ap, fmt);
	kvsnprintf(notes + n, ACPI_NOTE_LEN - n, fmt, ap);
	va_end(ap);
}

/*
 * 5.2.5.3: maps and checks the RSDP at @pa, of which @avail bytes are known
 * to be RSDP (0: believe its Length).  Sets *@rsdp and *@len, the bytes that
 * are valid: 20, or Length when the 2.0 fields are there and checksummed.
 */
static int rsdp_get(struct acpi_rd *rd, uint64_t pa, uint32_t avail,
		    const uint8_t **rsdp, uint32_t *len)
{
	unsigned long long at = pa;
	const uint8_t *p;
	uint32_t length;

	if (avail && avail < RSDP_V1_LEN)
		return fail(rd, "the RSDP at 0x%llx is %u bytes, less than the %d of ACPI 1.0",
			    at, avail, RSDP_V1_LEN);
	p = rd->map(rd->ctx, pa, RSDP_V1_LEN);
	if (!p)
		return fail(rd, "cannot read the RSDP at 0x%llx (%d bytes)",
			    at, RSDP_V1_LEN);
	if (memcmp(p, RSDP_SIG, RSDP_SIG_LEN)) {
		char sig[RSDP_SIG_LEN + 1];

		sig_text(sig, p, RSDP_SIG_LEN);
		return fail(rd, "the RSDP at 0x%llx has signature \"%s\", not \"%s\"",
			    at, sig, RSDP_SIG);
	}
	if (sum8(p, RSDP_V1_LEN))
		return fail(rd, "the RSDP at 0x%llx has a bad checksum (its first %d bytes sum to 0x%02x, not 0)",
			    at, RSDP_V1_LEN, sum8(p, RSDP_V1_LEN));
	*rsdp = p;
	*len = RSDP_V1_LEN;
	if (p[RSDP_REVISION] < RSDP_V2_REVISION ||
	    (avail && avail < RSDP_V2_LEN))
		return 0;
	p = rd->map(rd->ctx, pa, RSDP_V2_LEN);
	if (!p)
		return fail(rd, "cannot read the %d bytes of the RSDP at 0x%llx",
			    RSDP_V2_LEN, at);
	length = rd32(p + RSDP_LENGTH);
	if (length < RSDP_V2_LEN || length > ACPI_TABLE_MAX)
		return fail(rd, "the RSDP at 0x%llx (revision %u) has Length %u, not %d to %u",
			    at, p[RSDP_REVISION], length, RSDP_V2_LEN,
			    ACPI_TABLE_MAX);
	if (avail && length > avail)
		return 0;	/* a copy of the 1.0 part only */
	p = rd->map(rd->ctx, pa, length);
	if (!p)
		return fail(rd, "cannot read the %u bytes of the RSDP at 0x%llx",
			    length, at);
	if (sum8(p, length))
		return fail(rd, "the RSDP at 0x%llx has a bad extended checksum (its %u bytes sum to 0x%02x, not 0)",
			    at, length, sum8(p, length));
	*rsdp = p;
	*len = length;
	return 0;
}

/* Scans @len bytes from @start on 16-byte boundaries for a valid RSDP. */
static int rsdp_scan(struct acpi_rd *rd, uint64_t start, uint32_t len,
		     uint64_t *rsdp_pa)
{
	const uint8_t *area = rd->map(rd->ctx, start, len);
	const uint8_t *rsdp;
	uint32_t off, rsdp_len;

	if (!area)
		return -1;
	for (off = 0; len - off >= RSDP_V1_LEN; off += RSDP_SCAN_STEP) {
		if (memcmp(area + off, RSDP_SIG, RSDP_SIG_LEN))
			continue;
		/* A bad checksum means a stray "RSD PTR ": keep looking. */
		if (!rsdp_get(rd, start + off, 0, &rsdp, &rsdp_len)) {
			*rsdp_pa = start + off;
			return 0;
		}
	}
	return -1;
}

int acpi_find_rsdp(phys_map_fn map, void *ctx, uint64_t *rsdp_pa)
{
	struct acpi_rd rd = { .map = map, .ctx = ctx };
	const uint8_t *seg = map(ctx, BDA_EBDA_SEGMENT, 2);
	uint64_t ebda = 0;

	if (seg)
		ebda = (uint64_t)(seg[0] | seg[1] << 8) << 4;
	if (ebda >= EBDA_MIN && !rsdp_scan(&rd, ebda, EBDA_SCAN_LEN, rsdp_pa))
		return 0;
	return rsdp_scan(&rd, BIOS_AREA_START, BIOS_AREA_LEN, rsdp_pa);
}

/*
 * 5.2.6: maps the whole table at @pa, named @name in messages, checking
 * that its signature is @sig, its Length at least @min and not more than
 * ACPI_TABLE_MAX, and its checksum.  Sets *@table and *@len.
 */
static int table_get(struct acpi_rd *rd, uint64_t pa, const char *sig,
		     const char *name, uint32_t min, const uint8_t **table,
		     uint32_t *len)
{
	unsigned long long at = pa;
	const uint8_t *t = rd->map(rd->ctx, pa, SDT_HDR_LEN);

	if (!t)
		return fail(rd, "cannot read the %s header at 0x%llx (%d bytes)",
			    name, at, SDT_HDR_LEN);
	if (memcmp(t, sig, SDT_SIG_LEN)) {
		char got[SDT_SIG_LEN + 1];

		sig_text(got, t, SDT_SIG_LEN);
		return fail(rd, "the %s at 0x%llx has signature \"%s\", not \"%s\"",
			    name, at, got, sig);
	}
	*len = rd32(t + SDT_LENGTH);
	if (*len < min)
		return fail(rd, "the %s at 0x%llx has Length %u, less than the %u bytes of its fixed part",
			    name, at, *len, min);
	if (*len > ACPI_TABLE_MAX)
		return fail(rd, "the %s at 0x%llx has Length %u, more than the %u read at most",
			    name, at, *len, ACPI_TABLE_MAX);
	t = rd->map(rd->ctx, pa, *len);
	if (!t)
		return fail(rd, "cannot read the %u bytes of the %s at 0x%llx",
			    *len, name, at);
	if (sum8(t, *len))
		return fail(rd, "the %s at 0x%llx has a bad checksum (its %u bytes sum to 0x%02x, not 0)",
			    name, at, *len, sum8(t, *len));
	*table = t;
	return 0;
}

/* 5.2.7, 5.2.8: maps and checks the RSDT or XSDT at @pa, the root now. */
static int root_get(struct acpi_rd *rd, struct acpi_tables *out, uint64_t pa,
		    bool xsdt, const uint8_t **table, uint32_t *len)
{
	const char *name = xsdt ? "XSDT" : "RSDT";
	uint32_t esize = xsdt ? XSDT_ENTRY_LEN : RSDT_ENTRY_LEN;

	out->root = pa;
	out->xsdt = xsdt;
	if (table_get(rd, pa, name, name, SDT_HDR_LEN, table, len))
		return -1;
	if ((*len - SDT_HDR_LEN) % esize)
		return fail(rd, "the %s at 0x%llx has %u bytes of entries, not a multiple of %u",
			    name, (unsigned long long)pa, *len - SDT_HDR_LEN,
			    esize);
	return 0;
}

/*
 * Picks the root table: the XSDT when there is one, the RSDT when there is
 * not, or when the XSDT is bad and there is an RSDT to fall back on (then
 * out->note says why).  Sets *@table and *@len.
 */
static int root_pick(struct acpi_rd *rd, struct acpi_tables *out,
		     uint64_t rsdt, uint64_t xsdt, const uint8_t **table,
		     uint32_t *len)
{
	struct acpi_rd to_note = *rd;

	if (xsdt && !rsdt)
		return root_get(rd, out, xsdt, true, table, len);
	if (xsdt) {
		to_note.err = out->note;
		to_note.errlen = sizeof(out->note);
		if (!root_get(&to_note, out, xsdt, true, table, len))
			return 0;
		add_note(out->note, "the RSDT was walked instead");
	}
	if (!rsdt)
		return fail(rd, "the RSDP at 0x%llx gives neither an RSDT nor an XSDT address",
			    (unsigned long long)out->rsdp);
	return root_get(rd, out, rsdt, false, table, len);
}

/*
 * 5.2.7, 5.2.8: sets out->madt to the first entry whose signature is APIC,
 * and out->hpet to the first whose signature is HPET.
 */
static int madt_find(struct acpi_rd *rd, struct acpi_tables *out,
		     const uint8_t *table, uint32_t len)
{
	uint32_t esize = out->xsdt ? XSDT_ENTRY_LEN : RSDT_ENTRY_LEN, i;

	out->entries = (len - SDT_HDR_LEN) / esize;
	for (i = 0; i < out->entries; i++) {
		const uint8_t *e = table + SDT_HDR_LEN + (size_t)i * esize;
		uint64_t pa = out->xsdt ? rd64(e) : rd32(e);
		const uint8_t *hdr = pa ? rd->map(rd->ctx, pa, SDT_HDR_LEN) :
					  NULL;

		if (!hdr) {
			out->unreadable++;
			continue;
		}
		if (!out->madt && !memcmp(hdr, "APIC", SDT_SIG_LEN))
			out->madt = pa;
		if (!out->hpet && !memcmp(hdr, "HPET", SDT_SIG_LEN))
			out->hpet = pa;
	}
	if (out->madt)
		return 0;
	if (out->unreadable)
		return fail(rd, "no MADT (signature \"APIC\") among the %u entries of the %s at 0x%llx (%u null or unreadable)",
			    out->entries, out->xsdt ? "XSDT" : "RSDT",
			    (unsigned long long)out->root, out->unreadable);
	return fail(rd, "no MADT (signature \"APIC\") among the %u entries of the %s at 0x%llx",
		    out->entries, out->xsdt ? "XSDT" : "RSDT",
		    (unsigned long long)out->root);
}

int acpi_parse_rsdp(phys_map_fn map, void *ctx, uint64_t rsdp_pa,
		    uint32_t rsdp_len, struct acpi_tables *out, char *err,
		    size_t errlen)
{
	struct acpi_rd rd = { map, ctx, err, errlen };
	const uint8_t *rsdp, *table;
	uint32_t len, table_len;
	uint64_t xsdt = 0;

	memset(out, 0, sizeof(*out));
	out->rsdp = rsdp_pa;
	if (err && errlen)
		err[0] = '\0';
	if (rsdp_get(&rd, rsdp_pa, rsdp_len, &rsdp, &len))
		return -1;
	out->revision = rsdp[RSDP_REVISION];
	memcpy(out->oem_id, rsdp + RSDP_OEMID, RSDP_OEMID_LEN);
	if (len >= RSDP_V2_LEN)
		xsdt = rd64(rsdp + RSDP_XSDT);
	else if (out->revision >= RSDP_V2_REVISION)
		add_note(out->note, "the RSDP copy at 0x%llx holds %u bytes, only the ACPI 1.0 part of a revision %u RSDP: the RSDT was walked",
			 (unsigned long long)rsdp_pa, rsdp_len, out->revision);
	if (root_pick(&rd, out, rd32(rsdp + RSDP_RSDT), xsdt, &table,
		      &table_len))
		return -1;
	return madt_find(&rd, out, table, table_len);
}

/*
 * Reads the entry header at @off of the @len-byte MADT @t: it must fit,
 * and its Length must cover the header and stay inside the table.
 */
static int entry_read(struct acpi_rd *rd, const uint8_t *t, uint32_t len,
		      uint32_t off, struct madt_entry *e)
{
	uint32_t left = len - off;

	if (left < MADT_ENTRY_HDR)
		return fail(rd, "MADT entry at offset %u runs past the end of the table (%u byte left, its header needs %d)",
			    off, left, MADT_ENTRY_HDR);
	e->p = t + off;
	e->off = off;
	e->type = e->p[0];
	e->len = e->p[1];
	if (e->len < MADT_ENTRY_HDR)
		return fail(rd, "MADT entry at offset %u (type %u) has length %u, less than its %d-byte header",
			    off, e->type, e->len, MADT_ENTRY_HDR);
	if (e->len > left)
		return fail(rd, "MADT entry at offset %u (type %u) runs past the end of the table (length %u, %u bytes left)",
			    off, e->type, e->len, left);
	return 0;
}

/* Checks that entry @e holds the @need bytes its type defines. */
static int entry_need(struct acpi_rd *rd, const struct madt_entry *e,
		      uint32_t need)
{
	if (e->len >= need)
		return 0;
	return fail(rd, "MADT entry at offset %u (type %u) has length %u, less than the %u of its type",
		    e->off, e->type, e->len, need);
}

/* Returns the listed CPU with @apic_id, or NULL. */
static const struct madt_cpu *cpu_find(const struct madt_info *out,
				       uint32_t apic_id)
{
	unsigned int i;

	for (i = 0; i < out->cpu_count; i++)
		if (out->cpus[i].apic_id == apic_id)
			return &out->cpus[i];
	return NULL;
}

/*
 * Lists the processor of entry @e if it is usable: Enabled, or Online
 * Capable in a MADT of revision 5 or later (before it, bit 1 is reserved).
 * Absent IDs, repeated IDs and CPUs past MADT_MAX_CPUS are counted, and the
 * first of each kind noted.
 */
static void cpu_add(struct madt_info *out, const struct madt_entry *e,
		    uint32_t apic_id, uint32_t uid, uint32_t flags)
{
	bool x2apic = e->type == MADT_TYPE_X2APIC;
	bool enabled = flags & MADT_CPU_ENABLED;
	const struct madt_cpu *dup;

	if (!enabled && (out->revision < MADT_ONLINE_CAPABLE_REV ||
			 !(flags & MADT_CPU_ONLINE_CAPABLE))) {
		out->disabled++;
		return;
	}
	if (apic_id == (x2apic ? X2APIC_ID_NONE : LAPIC_ID_NONE)) {
		if (!out->invalid_ids++)
			add_note(out->notes, "entry at offset %u (type %u) has the invalid APIC ID 0x%x, skipped",
				 e->off, e->type, apic_id);
		return;
	}
	dup = cpu_find(out, apic_id);
	if (dup) {
		if (!out->duplicates++)
			add_note(out->notes, "entry at offset %u (type %u) repeats APIC ID %u of the entry at offset %u, skipped",
				 e->off, e->type, apic_id, dup->offset);
		return;
	}
	if (out->cpu_count >= MADT_MAX_CPUS) {
		if (!out->dropped++)
			add_note(out->notes, "more than %d usable CPUs: APIC ID %u (entry at offset %u) and those after it are not listed",
				 MADT_MAX_CPUS, apic_id, e->off);
		return;
	}
	out->cpus[out->cpu_count++] = (struct madt_cpu){
		.apic_id = apic_id, .uid = uid, .flags = flags,
		.offset = e->off, .x2apic = x2apic, .enabled = enabled,
	};
	out->enabled_count += enabled;
}

/* 5.2.12.2: Processor Local APIC: u8 UID, u8 APIC ID, u32 flags. */
static int entry_lapic(struct acpi_rd *rd, struct madt_info *out,
		       const struct madt_entry *e)
{
	if (entry_need(rd, e, MADT_LAPIC_LEN))
		return -1;
	cpu_add(out, e, e->p[3], e->p[2], rd32(e->p + 4));
	return 0;
}

/* 5.2.12.12: Processor Local x2APIC: u32 x2APIC ID, u32 flags, u32 UID. */
static int entry_x2apic(struct acpi_rd *rd, struct madt_info *out,
			const struct madt_entry *e)
{
	if (entry_need(rd, e, MADT_X2APIC_LEN))
		return -1;
	cpu_add(out, e, rd32(e->p + 4), rd32(e->p + 12), rd32(e->p + 8));
	return 0;
}

/* 5.2.12.8: Local APIC Address Override: u64 address, used by all CPUs. */
static int entry_lapic_addr(struct acpi_rd *rd, struct madt_info *out,
			    const struct madt_entry *e)
{
	if (entry_need(rd, e, MADT_LAPIC_ADDR_LEN))
		return -1;
	out->lapic_addr = rd64(e->p + 4);
	out->lapic_override = true;
	return 0;
}

/* Hands entry @e to the reader of its type; other types are skipped. */
static int entry_parse(struct acpi_rd *rd, struct madt_info *out,
		       const struct madt_entry *e)
{
	switch (e->type) {
	case MADT_TYPE_LAPIC:
		return entry_lapic(rd, out, e);
	case MADT_TYPE_X2APIC:
		return entry_x2apic(rd, out, e);
	case MADT_TYPE_LAPIC_ADDR:
		return entry_lapic_addr(rd, out, e);
	default:
		return 0;
	}
}

int acpi_parse_madt(phys_map_fn map, void *ctx, uint64_t madt_pa,
		    struct madt_info *out, char *err, size_t errlen)
{
	struct acpi_rd rd = { map, ctx, err, errlen };
	struct madt_entry e = { 0 };	/* GCC cannot see entry_read() sets it */
	const uint8_t *t;
	uint32_t len, off;

	memset(out, 0, sizeof(*out));
	out->madt = madt_pa;
	if (err && errlen)
		err[0] = '\0';
	if (table_get(&rd, madt_pa, "APIC", "MADT", MADT_ENTRIES, &t, &len))
		return -1;
	out->revision = t[SDT_REVISION];
	out->lapic_addr = rd32(t + MADT_LAPIC_ADDR);
	out->flags = rd32(t + MADT_FLAGS);
	for (off = MADT_ENTRIES; off < len; off += e.len) {
		if (entry_read(&rd, t, len, off, &e) ||
		    entry_parse(&rd, out, &e))
			return -1;
	}
	return 0;
}

/*
 * IA-PC HPET Specification 1.0a, 3.2.4: the HPET description table.  After
 * the header: u32 Event Timer Block ID (36), then the base address as a
 * Generic Address Structure (ACPI 5.2.3.2) at 40: u8 address space (0:
 * system memory), u8 bit width, u8 bit offset, u8 access size, u64 address.
 */
#define HPET_GAS_SPACE		40
#define HPET_GAS_ADDRESS	44
#define HPET_FIXED_LEN		56
#define GAS_SYSTEM_MEMORY	0

int acpi_parse_hpet(phys_map_fn map, void *ctx, uint64_t hpet_pa,
		    uint64_t *base, char *err, size_t errlen)
{
	struct acpi_rd rd = { map, ctx, err, errlen };
	const uint8_t *t;
	uint32_t len;

	if (err && errlen)
		err[0] = '\0';
	if (table_get(&rd, hpet_pa, "HPET", "HPET table", HPET_FIXED_LEN, &t,
		      &len))
		return -1;
	if (t[HPET_GAS_SPACE] != GAS_SYSTEM_MEMORY)
		return fail(&rd, "the HPET table at 0x%llx puts the HPET in address space %u, not memory (0)",
			    (unsigned long long)hpet_pa, t[HPET_GAS_SPACE]);
	*base = rd64(t + HPET_GAS_ADDRESS);
	if (!*base)
		return fail(&rd, "the HPET table at 0x%llx gives the HPET address 0",
			    (unsigned long long)hpet_pa);
	return 0;
}
