/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for lib/elf.c, the guest ELF64 loader.  A small builder lays an
 * image out in a buffer (ELF header, room for MAX_PH program headers, then
 * segment bytes); each malformed case breaks one field of a good image.
 * Guest RAM is poisoned before every load so that stray writes show.
 *
 * Build and run from the repository root:
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -fsanitize=address,undefined tests/unit/test_elf.c lib/elf.c lib/format.c -lcmocka -o /tmp/test_elf && /tmp/test_elf
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/elf.h"

#define RAM_SIZE 0x100000ull	/* 1 MiB of guest RAM */
#define POISON 0xaa
#define MAX_PH 8
#define DATA_START \
	(sizeof(struct elf64_ehdr) + MAX_PH * sizeof(struct elf64_phdr))
#define IMG_MAX 16384

#define TEXT_PA 0x10000ull
#define TEXT_LEN 0x100
#define DATA_PA 0x20000ull
#define DATA_FILE 0x40
#define DATA_MEM 0x1000
#define ENTRY (TEXT_PA + 0x10)

static uint8_t img[IMG_MAX + 1];
static size_t img_len;
static uint8_t ram[RAM_SIZE];
static char err[256];
static uint64_t entry;

static struct elf64_ehdr *ehdr(void)
{
	return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *phdr(unsigned int i)
{
	return (struct elf64_phdr *)(img + sizeof(struct elf64_ehdr)) + i;
}

/* An x86-64 executable with no segments yet, entry at @e. */
static void img_init(uint64_t e)
{
	struct elf64_ehdr *eh = ehdr();

	memset(img, 0, sizeof(img));
	memcpy(eh->e_ident, "\177ELF", 4);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = e;
	eh->e_phoff = sizeof(struct elf64_ehdr);
	eh->e_ehsize = sizeof(struct elf64_ehdr);
	eh->e_phentsize = sizeof(struct elf64_phdr);
	img_len = DATA_START;
}

/*
 * Appends a program header; for PT_LOAD, @filesz bytes of pattern
 * (byte k = @seed + k) are appended to the file as its contents.
 */
static struct elf64_phdr *img_add(uint32_t type, uint32_t flags,
				  uint64_t paddr, uint64_t filesz,
				  uint64_t memsz, uint8_t seed)
{
	struct elf64_phdr *ph = phdr(ehdr()->e_phnum++);

	assert_true(ehdr()->e_phnum <= MAX_PH);
	assert_true(img_len + filesz <= IMG_MAX);
	ph->p_type = type;
	ph->p_flags = flags;
	ph->p_offset = img_len;
	ph->p_vaddr = paddr;
	ph->p_paddr = paddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = 0x1000;
	for (uint64_t k = 0; k < filesz; k++)
		img[img_len++] = (uint8_t)(seed + k);
	return ph;
}

/* The standard good image: code at TEXT_PA, data plus bss at DATA_PA. */
static void img_good(void)
{
	img_init(ENTRY);
	img_add(PT_LOAD, PF_R | PF_X, TEXT_PA, TEXT_LEN, TEXT_LEN, 0x10);
	img_add(PT_LOAD, PF_R | PF_W, DATA_PA, DATA_FILE, DATA_MEM, 0x80);
}

static int load_from(const uint8_t *p, size_t len, uint64_t ram_size)
{
	memset(ram, POISON, sizeof(ram));
	memset(err, 'x', sizeof(err));
	entry = 0x5a5a;
	return elf_load(p, len, ram, ram_size, &entry, err, sizeof(err));
}

static int load(void)
{
	return load_from(img, img_len, RAM_SIZE);
}

/* True if no byte of guest RAM in [lo, hi) changed. */
static bool untouched(uint64_t lo, uint64_t hi)
{
	for (uint64_t a = lo; a < hi; a++)
		if (ram[a] != POISON)
			return false;
	return true;
}

/* The load failed, said @what, left RAM and *entry alone. */
static void expect_fail(int rc, const char *what)
{
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, what));
	assert_true(strlen(err) < sizeof(err));
	assert_true(entry == 0x5a5a);
	assert_true(untouched(0, RAM_SIZE));
}

static void test_good_image(void **state)
{
	(void)state;
	img_good();
	assert_int_equal(load(), 0);
	assert_true(entry == ENTRY);
	assert_string_equal(err, "");
	for (unsigned int k = 0; k < TEXT_LEN; k++)
		assert_int_equal(ram[TEXT_PA + k], (uint8_t)(0x10 + k));
	for (unsigned int k = 0; k < DATA_FILE; k++)
		assert_int_equal(ram[DATA_PA + k], (uint8_t)(0x80 + k));
	/* The bss: memsz past filesz is zeroed. */
	for (unsigned int k = DATA_FILE; k < DATA_MEM; k++)
		assert_int_equal(ram[DATA_PA + k], 0);
	/* Nothing outside the two segments is written. */
	assert_true(untouched(0, TEXT_PA));
	assert_true(untouched(TEXT_PA + TEXT_LEN, DATA_PA));
	assert_true(untouched(DATA_PA + DATA_MEM, RAM_SIZE));
}

/* Other program headers are skipped, whatever they hold. */
static void test_other_phdrs_ignored(void **state)
{
	struct elf64_phdr *note;

	(void)state;
	img_good();
	note = img_add(4 /* PT_NOTE */, 0, 0, 0, 0, 0);
	note->p_offset = 0xffffffffffffull;
	note->p_filesz = 0x1000000;
	note->p_paddr = 0;
	assert_int_equal(load(), 0);
	assert_true(entry == ENTRY);
}

/* The image may sit at any alignment in the hypervisor's memory. */
static void test_unaligned_image(void **state)
{
	static uint8_t copy[IMG_MAX + 1];

	(void)state;
	img_good();
	memcpy(copy + 1, img, img_len);
	assert_int_equal(load_from(copy + 1, img_len, RAM_SIZE), 0);
	assert_true(entry == ENTRY);
	assert_int_equal(ram[TEXT_PA], 0x10);
	assert_int_equal(ram[DATA_PA + DATA_FILE - 1],
			 (uint8_t)(0x80 + DATA_FILE - 1));
}

/* A segment may end exactly at the end of RAM and start at 0x1000. */
static void test_segment_at_ram_edges(void **state)
{
	(void)state;
	img_init(0x1000);
	img_add(PT_LOAD, PF_R | PF_X, 0x1000, 0x10, 0x10, 1);
	img_add(PT_LOAD, PF_R | PF_W, RAM_SIZE - 0x20, 0x20, 0x20, 2);
	assert_int_equal(load(), 0);
	assert_int_equal(ram[0x1000], 1);
	assert_int_equal(ram[RAM_SIZE - 1], (uint8_t)(2 + 0x1f));
	assert_true(untouched(0, 0x1000));
}

static void test_truncated_header(void **state)
{
	(void)state;
	img_good();
	expect_fail(load_from(img, sizeof(struct elf64_ehdr) - 1, RAM_SIZE),
		    "shorter than the 64-byte ELF header");
	expect_fail(load_from(img, 0, RAM_SIZE), "the file is 0 bytes");
}

static void test_bad_magic(void **state)
{
	(void)state;
	img_good();
	img[1] = 'e';
	expect_fail(load(), "bad magic");
}

static void test_wrong_class(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_ident[EI_CLASS] = 1;	/* ELFCLASS32 */
	expect_fail(load(), "class 1, want ELFCLASS64");
}

static void test_big_endian(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_ident[EI_DATA] = 2;	/* ELFDATA2MSB */
	expect_fail(load(), "want little-endian");
}

static void test_wrong_version(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_version = 2;
	expect_fail(load(), "version 2");
}

static void test_wrong_machine(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_machine = 3;	/* EM_386 */
	expect_fail(load(), "machine 3, want EM_X86_64 (62)");
}

static void test_wrong_type(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_type = 3;	/* ET_DYN */
	expect_fail(load(), "type 3, want ET_EXEC");
}

static void test_bad_phentsize(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_phentsize = 32;
	expect_fail(load(), "program header size 32, want 56");
}

static void test_phdrs_outside_file(void **state)
{
	(void)state;
	img_good();
	/* The table's last byte is one past the end of the file. */
	ehdr()->e_phoff = img_len - 2 * sizeof(struct elf64_phdr) + 1;
	expect_fail(load(), "program headers at");
	ehdr()->e_phoff = 0xfffffffffffffff0ull;
	expect_fail(load(), "run past the end");
}

static void test_too_many_phdrs(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_phnum = ELF_MAX_PHDRS + 1;
	expect_fail(load(), "65 program headers, at most 64");
}

static void test_segment_outside_ram(void **state)
{
	(void)state;
	img_good();
	phdr(1)->p_paddr = RAM_SIZE - DATA_MEM + 1;	/* one byte too far */
	expect_fail(load(), "segment 1: guest-physical [0xff001, 0x100001) is outside guest RAM [0x1000, 0x100000)");
	phdr(1)->p_paddr = RAM_SIZE + 0x1000;
	expect_fail(load(), "outside guest RAM");
	/* Page 0 is not part of guest RAM an image may use. */
	img_good();
	phdr(1)->p_paddr = 0xfff;
	expect_fail(load(), "segment 1: guest-physical [0xfff,");
}

static void test_paddr_overflow(void **state)
{
	(void)state;
	img_good();
	phdr(1)->p_paddr = 0xfffffffffffff000ull;
	phdr(1)->p_memsz = 0x2000;
	expect_fail(load(), "segment 1: address 0xfffffffffffff000 + size 0x2000 overflows");
}

static void test_filesz_above_memsz(void **state)
{
	(void)state;
	img_good();
	phdr(1)->p_memsz = DATA_FILE - 1;
	expect_fail(load(), "segment 1: file size 0x40 exceeds its memory size 0x3f");
}

static void test_offset_past_file(void **state)
{
	(void)state;
	img_good();
	phdr(0)->p_offset = img_len + 1;
	expect_fail(load(), "segment 0: file bytes at");
	/* In the file, but the last byte is not. */
	img_good();
	phdr(1)->p_offset = img_len - DATA_FILE + 1;
	expect_fail(load(), "run past the end of the");
	/* An offset far past the end, whose sum with filesz wraps to 1. */
	img_good();
	phdr(1)->p_offset = 0xffffffffffffffc0ull + 1;
	expect_fail(load(), "segment 1: file bytes at 0xffffffffffffffc1");
	/* An offset inside the file and a filesz that wraps the sum. */
	img_good();
	phdr(1)->p_offset = 0x200;
	phdr(1)->p_filesz = 0xffffffffffffff00ull;
	phdr(1)->p_memsz = 0xffffffffffffff00ull;
	expect_fail(load(), "segment 1: file bytes at 0x200, 0xffffffffffffff00 long");
}

static void test_no_pt_load(void **state)
{
	(void)state;
	img_init(ENTRY);
	img_add(4 /* PT_NOTE */, 0, 0, 0, 0, 0);
	expect_fail(load(), "no PT_LOAD segment");
	img_init(ENTRY);
	expect_fail(load(), "no PT_LOAD segment");
}

static void test_entry_outside_code(void **state)
{
	(void)state;
	img_good();
	ehdr()->e_entry = DATA_PA;		/* data, not PF_X */
	expect_fail(load(), "entry point 0x20000 is not in the file bytes of an executable");
	ehdr()->e_entry = TEXT_PA - 1;		/* just below the code */
	expect_fail(load(), "entry point 0xffff is not");
	ehdr()->e_entry = TEXT_PA + TEXT_LEN;	/* just past it */
	expect_fail(load(), "entry point 0x10100 is not");
	/* The zero fill of an executable segment is not code from the file. */
	img_good();
	phdr(0)->p_memsz = 2 * TEXT_LEN;
	ehdr()->e_entry = TEXT_PA + TEXT_LEN;
	expect_fail(load(), "not in the file bytes");
	/* The last byte of the code is fine. */
	ehdr()->e_entry = TEXT_PA + TEXT_LEN - 1;
	assert_int_equal(load(), 0);
	assert_true(entry == TEXT_PA + TEXT_LEN - 1);
}

/*
 * A valid executable segment above 4 GiB (in a pretend 8 GiB of RAM: the
 * load fails before anything is copied) still cannot hold the entry point.
 */
static void test_entry_above_4g(void **state)
{
	(void)state;
	img_init(0x100000010ull);
	img_add(PT_LOAD, PF_R | PF_X, 0x100000000ull, 0x20, 0x20, 1);
	expect_fail(load_from(img, img_len, 0x200000000ull),
		    "entry point 0x100000010 is above 4 GiB");
}

static void test_overlapping_segments(void **state)
{
	(void)state;
	img_good();
	img_add(PT_LOAD, PF_R, DATA_PA + DATA_MEM - 1, 1, 1, 0);
	expect_fail(load(), "segments 1 and 2 overlap");
	/* Touching is not overlapping. */
	img_good();
	img_add(PT_LOAD, PF_R, DATA_PA + DATA_MEM, 1, 0x10, 0x33);
	assert_int_equal(load(), 0);
	assert_int_equal(ram[DATA_PA + DATA_MEM], 0x33);
	assert_int_equal(ram[DATA_PA + DATA_MEM + 1], 0);
}

/* A bad later segment stops the load before the good earlier one is copied. */
static void test_nothing_written_on_failure(void **state)
{
	(void)state;
	img_good();
	phdr(1)->p_memsz = RAM_SIZE;
	expect_fail(load(), "segment 1");
	assert_int_equal(ram[TEXT_PA], POISON);
}

/* A short error buffer gets a truncated, terminated message. */
static void test_short_error_buffer(void **state)
{
	char small[8];

	(void)state;
	img_good();
	ehdr()->e_machine = 40;
	memset(small, 'x', sizeof(small));
	assert_int_equal(elf_load(img, img_len, ram, RAM_SIZE, &entry, small,
				  sizeof(small)), -1);
	assert_string_equal(small, "ELF: ma");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_image),
		cmocka_unit_test(test_other_phdrs_ignored),
		cmocka_unit_test(test_unaligned_image),
		cmocka_unit_test(test_segment_at_ram_edges),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_wrong_class),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_wrong_version),
		cmocka_unit_test(test_wrong_machine),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_bad_phentsize),
		cmocka_unit_test(test_phdrs_outside_file),
		cmocka_unit_test(test_too_many_phdrs),
		cmocka_unit_test(test_segment_outside_ram),
		cmocka_unit_test(test_paddr_overflow),
		cmocka_unit_test(test_filesz_above_memsz),
		cmocka_unit_test(test_offset_past_file),
		cmocka_unit_test(test_no_pt_load),
		cmocka_unit_test(test_entry_outside_code),
		cmocka_unit_test(test_entry_above_4g),
		cmocka_unit_test(test_overlapping_segments),
		cmocka_unit_test(test_nothing_written_on_failure),
		cmocka_unit_test(test_short_error_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
