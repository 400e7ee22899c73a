/* SPDX-License-Identifier: MIT */
/*
 * Text consoles on the screen: the VGA text buffer (BIOS boots) and a
 * framebuffer drawn with a PSF font (UEFI boots).  Both keep a cursor,
 * wrap long lines and scroll.  Pure memory writes, so host tests can point
 * them at a buffer.
 */
#ifndef TG_LIB_TEXTSCREEN_H
#define TG_LIB_TEXTSCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/bootinfo.h"

struct font {
	const uint8_t *glyphs;	/* count glyphs of bytes_per_glyph bytes */
	uint32_t count;
	uint32_t width, height;	/* pixels */
	uint32_t bytes_per_row;
	uint32_t bytes_per_glyph;
};

/* Reads a PSF1 or PSF2 font; false if @data is not one or is truncated. */
bool font_from_psf(struct font *f, const void *data, size_t len);

struct textscreen {
	uint8_t *base;		/* VGA cells or framebuffer pixels */
	const struct boot_fb *fb;
	const struct font *font;	/* NULL for VGA text */
	uint32_t cols, rows;
	uint32_t col, row;
	uint32_t fg, bg;	/* pixel values (framebuffer only) */
};

/* VGA text mode: @base is the 2-byte-per-cell buffer, @fb its geometry. */
void textscreen_init_vga(struct textscreen *t, void *base,
			 const struct boot_fb *fb);

/*
 * A linear RGB framebuffer of 16, 24 or 32 bits per pixel.  False (and @t
 * unusable) for any other format or a framebuffer smaller than one glyph.
 */
bool textscreen_init_fb(struct textscreen *t, void *base,
			const struct boot_fb *fb, const struct font *font);

/* Writes @c at the cursor; '\n' ends the line, '\r' and other controls are dropped. */
void textscreen_putc(struct textscreen *t, char c);

#endif
