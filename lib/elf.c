/* SPDX-License-Identifier: MIT */
/*
 * The guest ELF loader.  Everything is checked before the first byte of
 * guest RAM is written, so a bad image leaves RAM as it was.  Headers are
 * copied out of the image before use: the image may sit at any alignment.
 */
#include <stdbool.h>

#include "lib/elf.h"
#include "lib/format.h"	/* kvsnprintf, and va_list through <stdarg.h> */
#include "lib/string.h"

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

/* Formats the reason into @err and returns -1. */
static int PRINTF_LIKE(3, 4) fail(char *err, size_t errlen, const char *fmt,
				  ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Checks the identification and the fields that say "x86-64 executable". */
static int check_ident(const struct elf64_ehdr *eh, char *err, size_t errlen)
{
	if (memcmp(eh->e_ident, elf_magic, sizeof(elf_magic)) != 0)
		return fail(err, errlen, "ELF: bad magic, not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, errlen, "ELF: class %u, want ELFCLASS64 (2)",
			    eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen,
			    "ELF: data encoding %u, want little-endian (1)",
			    eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT)
		return fail(err, errlen, "ELF: version %u, want 1",
			    (unsigned int)eh->e_version);
	if (eh->e_machine != EM_X86_64)
		return fail(err, errlen, "ELF: machine %u, want EM_X86_64 (62)",
			    eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return fail(err, errlen, "ELF: type %u, want ET_EXEC (2)",
			    eh->e_type);
	return 0;
}

/* Checks that the program header table is well formed and inside the file. */
static int check_phdrs(const struct elf64_ehdr *eh, size_t len, char *err,
		       size_t errlen)
{
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr);

	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(err, errlen,
			    "ELF: program header size %u, want %zu",
			    eh->e_phentsize, sizeof(struct elf64_phdr));
	if (eh->e_phnum > ELF_MAX_PHDRS)
		return fail(err, errlen,
			    "ELF: %u program headers, at most %u allowed",
			    eh->e_phnum, ELF_MAX_PHDRS);
	if (eh->e_phoff > len || table > len - eh->e_phoff)
		return fail(err, errlen,
			    "ELF: program headers at 0x%llx (%u of them) run past the end of the %zu-byte file",
			    (unsigned long long)eh->e_phoff, eh->e_phnum, len);
	return 0;
}

/* Copies program header @i out of the (already checked) table. */
static void read_phdr(const uint8_t *image, const struct elf64_ehdr *eh,
		      unsigned int i, struct elf64_phdr *ph)
{
	const uint8_t *at = image + eh->e_phoff + (uint64_t)i * sizeof(*ph);

	memcpy(ph, at, sizeof(*ph));
}

/* Checks that PT_LOAD segment @i fits its file bytes and guest RAM. */
static int check_segment(unsigned int i, const struct elf64_phdr *ph,
			 size_t len, uint64_t ram_size, char *err,
			 size_t errlen)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail(err, errlen,
			    "ELF: segment %u: file size 0x%llx exceeds its memory size 0x%llx",
			    i, (unsigned long long)ph->p_filesz,
			    (unsigned long long)ph->p_memsz);
	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset)
		return fail(err, errlen,
			    "ELF: segment %u: file bytes at 0x%llx, 0x%llx long, run past the end of the %zu-byte file",
			    i, (unsigned long long)ph->p_offset,
			    (unsigned long long)ph->p_filesz, len);
	if (ph->p_paddr + ph->p_memsz < ph->p_paddr)
		return fail(err, errlen,
			    "ELF: segment %u: address 0x%llx + size 0x%llx overflows",
			    i, (unsigned long long)ph->p_paddr,
			    (unsigned long long)ph->p_memsz);
	if (ph->p_paddr < ELF_LOAD_MIN || ph->p_paddr > ram_size ||
	    ph->p_memsz > ram_size - ph->p_paddr)
		return fail(err, errlen,
			    "ELF: segment %u: guest-physical [0x%llx, 0x%llx) is outside guest RAM [0x%llx, 0x%llx)",
			    i, (unsigned long long)ph->p_paddr,
			    (unsigned long long)(ph->p_paddr + ph->p_memsz),
			    ELF_LOAD_MIN, (unsigned long long)ram_size);
	return 0;
}

/* True if the two segments share a byte of guest RAM. */
static bool overlap(const struct elf64_phdr *a, const struct elf64_phdr *b)
{
	return a->p_memsz && b->p_memsz &&
	       a->p_paddr < b->p_paddr + b->p_memsz &&
	       b->p_paddr < a->p_paddr + a->p_memsz;
}

/*
 * Checks PT_LOAD segment @i against every earlier PT_LOAD: a later one
 * would overwrite (or zero) an earlier one's bytes.
 */
static int check_overlaps(const uint8_t *image, const struct elf64_ehdr *eh,
			  unsigned int i, const struct elf64_phdr *ph,
			  char *err, size_t errlen)
{
	struct elf64_phdr other;

	for (unsigned int j = 0; j < i; j++) {
		read_phdr(image, eh, j, &other);
		if (other.p_type == PT_LOAD && overlap(&other, ph))
			return fail(err, errlen,
				    "ELF: segments %u and %u overlap in guest RAM",
				    j, i);
	}
	return 0;
}

/* True if @entry lies in the file bytes of PT_LOAD segment @ph with PF_X. */
static bool entry_in(const struct elf64_phdr *ph, uint64_t entry)
{
	return (ph->p_flags & PF_X) && entry >= ph->p_paddr &&
	       entry - ph->p_paddr < ph->p_filesz;
}

/*
 * Checks every program header; on success *@nload is the number of PT_LOAD
 * segments and *@entry_ok says whether one of them holds the entry point.
 */
static int check_segments(const uint8_t *image, size_t len,
			  const struct elf64_ehdr *eh, uint64_t ram_size,
			  unsigned int *nload, bool *entry_ok, char *err,
			  size_t errlen)
{
	struct elf64_phdr ph;

	*nload = 0;
	*entry_ok = false;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		read_phdr(image, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (check_segment(i, &ph, len, ram_size, err, errlen) ||
		    check_overlaps(image, eh, i, &ph, err, errlen))
			return -1;
		(*nload)++;
		if (entry_in(&ph, eh->e_entry))
			*entry_ok = true;
	}
	return 0;
}

/* Copies every PT_LOAD segment into guest RAM and zeroes its tail. */
static void copy_segments(const uint8_t *image, const struct elf64_ehdr *eh,
			  uint8_t *ram)
{
	struct elf64_phdr ph;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		read_phdr(image, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		memcpy(ram + ph.p_paddr, image + ph.p_offset, ph.p_filesz);
		memset(ram + ph.p_paddr + ph.p_filesz, 0,
		       ph.p_memsz - ph.p_filesz);
	}
}

int elf_load(const void *image, size_t len, uint8_t *ram, uint64_t ram_size,
	     uint64_t *entry, char *err, size_t errlen)
{
	struct elf64_ehdr eh;
	unsigned int nload;
	bool entry_ok;

	if (len < sizeof(eh))
		return fail(err, errlen,
			    "ELF: the file is %zu bytes, shorter than the %zu-byte ELF header",
			    len, sizeof(eh));
	memcpy(&eh, image, sizeof(eh));
	if (check_ident(&eh, err, errlen) || check_phdrs(&eh, len, err, errlen))
		return -1;
	if (check_segments(image, len, &eh, ram_size, &nload, &entry_ok, err,
			   errlen))
		return -1;
	if (nload == 0)
		return fail(err, errlen, "ELF: no PT_LOAD segment");
	if (eh.e_entry >= ELF_ENTRY_LIMIT)
		return fail(err, errlen,
			    "ELF: entry point 0x%llx is above 4 GiB; the guest starts in 32-bit mode",
			    (unsigned long long)eh.e_entry);
	if (!entry_ok)
		return fail(err, errlen,
			    "ELF: entry point 0x%llx is not in the file bytes of an executable (PF_X) segment",
			    (unsigned long long)eh.e_entry);
	copy_segments(image, &eh, ram);
	*entry = eh.e_entry;
	if (errlen)
		err[0] = '\0';
	return 0;
}
