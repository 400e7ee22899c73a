/* SPDX-License-Identifier: MIT */
/* VGA text and framebuffer text consoles (see lib/textscreen.h). */
#include "lib/string.h"
#include "lib/textscreen.h"

#define PSF1_MAGIC0 0x36
#define PSF1_MAGIC1 0x04
#define PSF1_MODE512 0x01
#define PSF1_HEADER 4
#define PSF2_MAGIC 0x864ab572u
#define PSF2_MIN_HEADER 32

#define VGA_ATTR 0x07		/* light grey on black */
#define VGA_CELL 2

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* PSF1: a 4-byte header (magic, mode, height), 8 pixels wide. */
static bool font_from_psf1(struct font *f, const uint8_t *d, size_t len)
{
	f->count = (d[2] & PSF1_MODE512) ? 512 : 256;
	f->width = 8;
	f->height = d[3];
	f->bytes_per_row = 1;
	f->bytes_per_glyph = d[3];
	f->glyphs = d + PSF1_HEADER;
	return f->height && (size_t)f->count * f->height <= len - PSF1_HEADER;
}

/* PSF2: a header giving its own size, glyph count, size and geometry. */
static bool font_from_psf2(struct font *f, const uint8_t *d, size_t len)
{
	uint32_t header = le32(d + 8);

	f->count = le32(d + 16);
	f->bytes_per_glyph = le32(d + 20);
	f->height = le32(d + 24);
	f->width = le32(d + 28);
	f->bytes_per_row = (f->width + 7) / 8;
	if (header < PSF2_MIN_HEADER || header > len || !f->count ||
	    !f->width || !f->height || f->width > 64 || f->height > 64 ||
	    f->bytes_per_glyph < f->bytes_per_row * f->height)
		return false;
	f->glyphs = d + header;
	return (uint64_t)f->count * f->bytes_per_glyph <= len - header;
}

bool font_from_psf(struct font *f, const void *data, size_t len)
{
	const uint8_t *d = data;

	memset(f, 0, sizeof(*f));
	if (len >= PSF1_HEADER && d[0] == PSF1_MAGIC0 && d[1] == PSF1_MAGIC1)
		return font_from_psf1(f, d, len);
	if (len >= PSF2_MIN_HEADER && le32(d) == PSF2_MAGIC)
		return font_from_psf2(f, d, len);
	return false;
}

void textscreen_init_vga(struct textscreen *t, void *base,
			 const struct boot_fb *fb)
{
	memset(t, 0, sizeof(*t));
	t->base = base;
	t->fb = fb;
	t->cols = fb->width;
	t->rows = fb->height;
}

/* The pixel value of a full-intensity or zero colour in @fb's format. */
static uint32_t fb_grey(const struct boot_fb *fb, uint32_t level)
{
	uint32_t v = 0;

	v |= (level >> (8 - fb->red_size)) << fb->red_pos;
	v |= (level >> (8 - fb->green_size)) << fb->green_pos;
	v |= (level >> (8 - fb->blue_size)) << fb->blue_pos;
	return v;
}

static bool fb_format_ok(const struct boot_fb *fb)
{
	if (fb->type != BOOT_FB_RGB)
		return false;
	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return false;
	if (!fb->red_size || fb->red_size > 8 || !fb->green_size ||
	    fb->green_size > 8 || !fb->blue_size || fb->blue_size > 8)
		return false;
	return fb->red_pos + fb->red_size <= fb->bpp &&
	       fb->green_pos + fb->green_size <= fb->bpp &&
	       fb->blue_pos + fb->blue_size <= fb->bpp &&
	       (uint64_t)fb->width * (fb->bpp / 8) <= fb->pitch;
}

bool textscreen_init_fb(struct textscreen *t, void *base,
			const struct boot_fb *fb, const struct font *font)
{
	memset(t, 0, sizeof(*t));
	if (!fb_format_ok(fb) || !font->width || !font->height)
		return false;
	t->base = base;
	t->fb = fb;
	t->font = font;
	t->cols = fb->width / font->width;
	t->rows = fb->height / font->height;
	t->fg = fb_grey(fb, 0xaa);
	t->bg = fb_grey(fb, 0);
	return t->cols && t->rows;
}

static void put_pixel(const struct textscreen *t, uint32_t x, uint32_t y,
		      uint32_t v)
{
	uint8_t *p = t->base + (uint64_t)y * t->fb->pitch +
		     (uint64_t)x * (t->fb->bpp / 8);
	uint32_t i;

	for (i = 0; i < t->fb->bpp / 8u; i++)
		p[i] = v >> (8 * i);
}

static void draw_glyph(const struct textscreen *t, uint8_t c)
{
	const struct font *f = t->font;
	const uint8_t *g = f->glyphs + (uint64_t)(c < f->count ? c : '?') *
					       f->bytes_per_glyph;
	uint32_t x0 = t->col * f->width, y0 = t->row * f->height;
	uint32_t x, y;

	for (y = 0; y < f->height; y++) {
		const uint8_t *bits = g + y * f->bytes_per_row;

		for (x = 0; x < f->width; x++) {
			bool on = bits[x / 8] & (0x80 >> (x % 8));

			put_pixel(t, x0 + x, y0 + y, on ? t->fg : t->bg);
		}
	}
}

/* Moves every text row up by one and blanks the last. */
static void scroll(struct textscreen *t)
{
	uint64_t row_bytes, keep;

	if (t->font) {
		row_bytes = (uint64_t)t->fb->pitch * t->font->height;
	} else {
		row_bytes = (uint64_t)t->cols * VGA_CELL;
	}
	keep = row_bytes * (t->rows - 1);
	memmove(t->base, t->base + row_bytes, keep);
	if (t->font) {
		for (t->col = 0; t->col < t->cols; t->col++)
			draw_glyph(t, ' ');
	} else {
		uint32_t i;

		for (i = 0; i < t->cols; i++) {
			t->base[keep + i * VGA_CELL] = ' ';
			t->base[keep + i * VGA_CELL + 1] = VGA_ATTR;
		}
	}
	t->col = 0;
}

static void newline(struct textscreen *t)
{
	t->col = 0;
	if (t->row + 1 < t->rows) {
		t->row++;
		return;
	}
	scroll(t);
}

void textscreen_putc(struct textscreen *t, char c)
{
	uint8_t ch = (uint8_t)c;

	if (!t->base || !t->rows || !t->cols)
		return;
	if (ch == '\n') {
		newline(t);
		return;
	}
	if (ch < 0x20 || ch == 0x7f)
		return;
	if (t->col >= t->cols)
		newline(t);
	if (t->font) {
		draw_glyph(t, ch);
	} else {
		uint8_t *cell = t->base +
				((uint64_t)t->row * t->cols + t->col) * VGA_CELL;

		cell[0] = ch;
		cell[1] = VGA_ATTR;
	}
	t->col++;
}
