/* SPDX-License-Identifier: MIT */
/*
 * Loading a guest's ELF64 executable into its RAM.  The formats are from the
 * System V ABI (gABI, "Object Files": the ELF header and program headers)
 * and its x86-64 supplement (EM_X86_64).
 *
 * A guest image is linked at guest-physical addresses: each PT_LOAD segment
 * goes to its p_paddr, since the guest starts with paging off, in 32-bit
 * protected mode, at e_entry (lib/hypercall.h).
 */
#ifndef TG_LIB_ELF_H
#define TG_LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

/* e_ident: gABI "ELF Identification". */
#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1

#define ET_EXEC 2		/* e_type: an executable */
#define EM_X86_64 62		/* e_machine: x86-64 psABI */
#define PT_LOAD 1		/* p_type: a loadable segment */
#define PF_X 0x1		/* p_flags */
#define PF_W 0x2
#define PF_R 0x4

/* Guest RAM below this stays unloaded: page 0 is never part of an image. */
#define ELF_LOAD_MIN 0x1000ull
/* The entry point must be reachable from 32-bit protected mode. */
#define ELF_ENTRY_LIMIT 0x100000000ull
/* More program headers than this is not a guest image we build. */
#define ELF_MAX_PHDRS 64

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "gABI: the header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "gABI: a phdr is 56 bytes");

/*
 * Checks the @len-byte ELF64 executable at @image (any alignment) and copies
 * each PT_LOAD segment to @ram + p_paddr, zeroing p_memsz past p_filesz.
 * Every segment must lie inside [ELF_LOAD_MIN, @ram_size), no two may
 * overlap, and the entry point must lie in an executable segment's file
 * bytes, below ELF_ENTRY_LIMIT.  Returns 0 and sets *@entry, or -1 with the
 * reason in @err (@errlen bytes, NUL-terminated); on failure @ram is
 * untouched.
 */
int elf_load(const void *image, size_t len, uint8_t *ram, uint64_t ram_size,
	     uint64_t *entry, char *err, size_t errlen);

#endif
