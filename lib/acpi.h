/* SPDX-License-Identifier: MIT */
/*
 * Finding the processors in the ACPI tables: the RSDP, the RSDT or XSDT it
 * points to, and the MADT among their entries.  Section numbers are those of
 * the ACPI Specification 6.5.
 *
 * Every byte is read through a phys_map_fn (lib/bootinfo.h), every length is
 * checked before it is used and every checksum is verified, so tables that
 * are garbage give an error in words, never a wild read.
 */
#ifndef TG_LIB_ACPI_H
#define TG_LIB_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/bootinfo.h"

#define MADT_MAX_CPUS 64	/* CPUs listed; more are counted, not listed */
#define ACPI_NOTE_LEN 256	/* room for the notes of one parse, NUL included */
#define ACPI_TABLE_MAX (1u << 20)	/* longest table read: 64K x2APIC entries */

/* 5.2.12.2 and 5.2.12.12, Local APIC Flags: the same bits in both entries. */
#define MADT_CPU_ENABLED	(1u << 0)	/* running or startable now */
#define MADT_CPU_ONLINE_CAPABLE	(1u << 1)	/* 6.3+ (MADT revision 5+) */
#define MADT_ONLINE_CAPABLE_REV	5

/* What acpi_parse_rsdp() found between the RSDP and the MADT. */
struct acpi_tables {
	uint64_t rsdp;		/* physical address of the RSDP read */
	uint8_t revision;	/* RSDP Revision: 0 ACPI 1.0, 2 ACPI 2.0+ */
	char oem_id[7];		/* RSDP OEMID, NUL-terminated */
	uint64_t root;		/* physical address of the table walked */
	bool xsdt;		/* root is the XSDT (else the RSDT) */
	uint32_t entries;	/* entries in the root table */
	uint32_t unreadable;	/* null or unmappable entries: skipped */
	uint64_t madt;		/* physical address of the MADT, 0 if none */
	uint64_t hpet;		/* physical address of the HPET table, 0 if none */
	/* Why the RSDT was walked although an XSDT exists ("" if not). */
	char note[ACPI_NOTE_LEN];
};

/* One processor of the MADT: 5.2.12.2 (type 0) or 5.2.12.12 (type 9). */
struct madt_cpu {
	uint32_t apic_id;	/* local APIC ID, or x2APIC ID */
	uint32_t uid;		/* ACPI Processor UID */
	uint32_t flags;		/* Local APIC Flags, as given */
	uint32_t offset;	/* of its entry, from the start of the MADT */
	bool x2apic;		/* from a Processor Local x2APIC entry */
	bool enabled;		/* start it; if false it is only online capable */
};

/* What acpi_parse_madt() found. */
struct madt_info {
	uint64_t madt;		/* physical address of the MADT */
	uint8_t revision;	/* MADT header Revision */
	uint32_t flags;		/* MADT Flags; bit 0 PCAT_COMPAT */
	uint64_t lapic_addr;	/* physical; the type-5 override if given */
	bool lapic_override;	/* a Local APIC Address Override was seen */

	unsigned int cpu_count;	/* usable CPUs listed, in table order */
	unsigned int enabled_count;	/* of those, Enabled: the ones to start */
	struct madt_cpu cpus[MADT_MAX_CPUS];

	unsigned int disabled;	/* neither Enabled nor Online Capable: skipped */
	unsigned int invalid_ids;	/* APIC ID 0xff or x2APIC ID ~0: skipped */
	unsigned int duplicates;	/* repeat a listed APIC ID: skipped */
	unsigned int dropped;	/* usable, past MADT_MAX_CPUS: not listed */
	/* The first invalid, duplicate and dropped CPU, in words, "; "-joined. */
	char notes[ACPI_NOTE_LEN];
};

/*
 * 5.2.5.1: the BIOS way to find the RSDP, for loaders that pass no copy of
 * it: the first KiB of the EBDA (real-mode segment at physical 0x40e), then
 * 0xe0000-0xfffff, on 16-byte boundaries, for "RSD PTR " with valid
 * checksums.  Returns 0 and sets *@rsdp_pa, or -1 if there is none.
 */
int acpi_find_rsdp(phys_map_fn map, void *ctx, uint64_t *rsdp_pa);

/*
 * Validates the RSDP at physical @rsdp_pa and its root table, and finds the
 * MADT ("APIC") and the HPET table ("HPET") among the root table's entries.  @rsdp_len is how many
 * bytes at @rsdp_pa are the RSDP (a loader's copy, such as the Multiboot2
 * tag's: boot_info.acpi_rsdp_len), or 0 if it is the firmware's own, whose
 * Length field is then believed.  The XSDT is walked when the revision is 2
 * or more and XsdtAddress is not 0, the RSDT otherwise or when the XSDT is
 * bad (out->note says why).  Returns 0 with out->madt set (and out->hpet if
 * there is one), or -1 with the reason in @err (at most @errlen bytes, NUL
 * included); out->hpet may be set even then.
 */
int acpi_parse_rsdp(phys_map_fn map, void *ctx, uint64_t rsdp_pa,
		    uint32_t rsdp_len, struct acpi_tables *out, char *err,
		    size_t errlen);

/*
 * Validates the MADT at physical @madt_pa and lists its processors: those
 * Enabled, and those Online Capable (MADT revision 5 or later), which are
 * listed but must not be started.  Skipped entries are counted and noted in
 * out->notes; they are not errors.  Returns 0, or -1 with the reason in
 * @err; on an error in an entry, out keeps every CPU listed before it.
 */
int acpi_parse_madt(phys_map_fn map, void *ctx, uint64_t madt_pa,
		    struct madt_info *out, char *err, size_t errlen);

/*
 * Validates the HPET description table at physical @hpet_pa (IA-PC HPET
 * Specification 1.0a, 3.2.4) and sets *@base to the HPET's register block,
 * which must be in memory space.  Returns 0, or -1 with the reason in @err.
 */
int acpi_parse_hpet(phys_map_fn map, void *ctx, uint64_t hpet_pa,
		    uint64_t *base, char *err, size_t errlen);

#endif
