/* SPDX-License-Identifier: MIT */
/*
 * The VGA and framebuffer text consoles, drawing into plain buffers.
 * Build: make build/host/test_textscreen
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/textscreen.h"

/* A PSF1 font of 256 glyphs, 8x4: glyph c has every row equal to c. */
static uint8_t psf1[4 + 256 * 4];

static void make_psf1(void)
{
	int c, y;

	psf1[0] = 0x36;
	psf1[1] = 0x04;
	psf1[2] = 0;
	psf1[3] = 4;
	for (c = 0; c < 256; c++)
		for (y = 0; y < 4; y++)
			psf1[4 + c * 4 + y] = (uint8_t)c;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void psf_fonts(void **state)
{
	uint8_t psf2[32 + 2 * 2 * 3];
	struct font f;

	(void)state;
	make_psf1();
	assert_true(font_from_psf(&f, psf1, sizeof(psf1)));
	assert_int_equal(f.count, 256);
	assert_int_equal(f.width, 8);
	assert_int_equal(f.height, 4);
	assert_ptr_equal(f.glyphs, psf1 + 4);
	/* Truncated by one byte. */
	assert_false(font_from_psf(&f, psf1, sizeof(psf1) - 1));
	assert_false(font_from_psf(&f, psf1, 3));
	assert_false(font_from_psf(&f, "not a font at all", 17));

	/* PSF2: 2 glyphs, 10 pixels wide (2 bytes a row), 3 rows. */
	memset(psf2, 0, sizeof(psf2));
	put_le32(psf2, 0x864ab572);
	put_le32(psf2 + 8, 32);
	put_le32(psf2 + 16, 2);
	put_le32(psf2 + 20, 6);
	put_le32(psf2 + 24, 3);
	put_le32(psf2 + 28, 10);
	assert_true(font_from_psf(&f, psf2, sizeof(psf2)));
	assert_int_equal(f.width, 10);
	assert_int_equal(f.bytes_per_row, 2);
	assert_ptr_equal(f.glyphs, psf2 + 32);
	assert_false(font_from_psf(&f, psf2, sizeof(psf2) - 1));
	put_le32(psf2 + 20, 5);	/* glyph smaller than its rows */
	assert_false(font_from_psf(&f, psf2, sizeof(psf2)));
}

static const struct boot_fb vga_geometry = {
	.addr = 0xb8000, .pitch = 8, .width = 4, .height = 3, .bpp = 16,
	.type = BOOT_FB_EGA_TEXT,
};

static void puts_ts(struct textscreen *t, const char *s)
{
	while (*s)
		textscreen_putc(t, *s++);
}

/* The characters of VGA row @row, as a string. */
static void vga_row(const uint8_t *cells, int row, char out[5])
{
	int i;

	for (i = 0; i < 4; i++)
		out[i] = cells[(row * 4 + i) * 2];
	out[4] = '\0';
}

static void vga_wrap_and_scroll(void **state)
{
	uint8_t cells[4 * 3 * 2];
	struct textscreen t;
	char row[5];

	(void)state;
	memset(cells, 0, sizeof(cells));
	textscreen_init_vga(&t, cells, &vga_geometry);
	puts_ts(&t, "abcdefg\r\n");
	vga_row(cells, 0, row);
	assert_string_equal(row, "abcd");
	vga_row(cells, 1, row);
	assert_memory_equal(row, "efg", 3);
	assert_int_equal(cells[1], 0x07);
	puts_ts(&t, "hi\nxyz\n");	/* the last newline scrolls */
	vga_row(cells, 0, row);
	assert_memory_equal(row, "hi", 2);
	vga_row(cells, 1, row);
	assert_memory_equal(row, "xyz", 3);
	vga_row(cells, 2, row);
	assert_string_equal(row, "    ");
	assert_int_equal(t.row, 2);
	assert_int_equal(t.col, 0);
}

static void framebuffer_draws_glyphs(void **state)
{
	/* 20x8 pixels at 32 bpp, pitch padded to 84 bytes: 2 columns, 2 rows. */
	static uint8_t pixels[84 * 8];
	const struct boot_fb fb = {
		.pitch = 84, .width = 20, .height = 8, .bpp = 32,
		.type = BOOT_FB_RGB, .red_pos = 16, .red_size = 8,
		.green_pos = 8, .green_size = 8, .blue_pos = 0, .blue_size = 8,
	};
	struct textscreen t;
	struct font f;
	uint32_t px;

	(void)state;
	make_psf1();
	assert_true(font_from_psf(&f, psf1, sizeof(psf1)));
	assert_true(textscreen_init_fb(&t, pixels, &fb, &f));
	assert_int_equal(t.cols, 2);
	assert_int_equal(t.rows, 2);
	assert_int_equal(t.fg, 0xaaaaaa);
	/* Glyph 0x81 = 1000 0001: the first and last pixel of each row lit. */
	textscreen_putc(&t, (char)0x81);
	memcpy(&px, pixels, 4);
	assert_int_equal(px, 0xaaaaaa);
	memcpy(&px, pixels + 4, 4);
	assert_int_equal(px, 0);
	memcpy(&px, pixels + 84 * 3 + 7 * 4, 4);
	assert_int_equal(px, 0xaaaaaa);
	/* Scrolling moves the row of glyphs up by one glyph height. */
	textscreen_putc(&t, '\n');
	textscreen_putc(&t, '\n');
	memcpy(&px, pixels, 4);
	assert_int_equal(px, 0);
}

static void framebuffer_formats_refused(void **state)
{
	static uint8_t pixels[64];
	struct boot_fb fb = {
		.pitch = 16, .width = 4, .height = 4, .bpp = 8,
		.type = BOOT_FB_RGB, .red_size = 3, .green_size = 3,
		.blue_size = 2,
	};
	struct textscreen t;
	struct font f;

	(void)state;
	make_psf1();
	assert_true(font_from_psf(&f, psf1, sizeof(psf1)));
	assert_false(textscreen_init_fb(&t, pixels, &fb, &f));	/* 8 bpp */
	fb.bpp = 32;
	fb.type = BOOT_FB_INDEXED;
	assert_false(textscreen_init_fb(&t, pixels, &fb, &f));
	fb.type = BOOT_FB_RGB;
	fb.red_pos = 30;	/* a channel past the pixel */
	assert_false(textscreen_init_fb(&t, pixels, &fb, &f));
	fb.red_pos = 16;
	assert_false(textscreen_init_fb(&t, pixels, &fb, &f)); /* < 1 glyph */
	/* Writing to a console that failed to start does nothing. */
	textscreen_putc(&t, 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(psf_fonts),
		cmocka_unit_test(vga_wrap_and_scroll),
		cmocka_unit_test(framebuffer_draws_glyphs),
		cmocka_unit_test(framebuffer_formats_refused),
	};

	return cmocka_run_group_tests_name("textscreen", tests, NULL, NULL);
}
