/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "arch/x86/serial.h"
#include "core/console.h"
#include "lib/string.h"
#include "lib/textscreen.h"

#define IDENTITY_MAPPED_LIMIT 0x100000000ull	/* boot/boot.S maps 4 GiB */
#define VGA_TEXT_BASE 0xb8000

extern const uint8_t console_font[], console_font_end[];

static struct textscreen screen;
static struct boot_fb screen_fb;
static struct font font;
static const char *screen_kind = "none";

void console_init(void)
{
	serial_init();
}

/* QEMU's -kernel gives no framebuffer: a BIOS machine is in VGA text mode. */
static const struct boot_fb default_vga = {
	.addr = VGA_TEXT_BASE, .pitch = 160, .width = 80, .height = 25,
	.bpp = 16, .type = BOOT_FB_EGA_TEXT,
};

static const char *attach_fb(const struct boot_fb *fb)
{
	uint64_t size = (uint64_t)fb->pitch * fb->height;

	if (fb->addr + size > IDENTITY_MAPPED_LIMIT || fb->addr + size < fb->addr)
		return "none (the framebuffer lies above 4 GiB)";
	screen_fb = *fb;
	if (fb->type == BOOT_FB_EGA_TEXT) {
		textscreen_init_vga(&screen, (void *)fb->addr, &screen_fb);
		memset((void *)fb->addr, 0, size);
		screen_kind = "vga";
		return "VGA text";
	}
	if (!font_from_psf(&font, console_font,
			   console_font_end - console_font))
		return "none (the built-in font is not a PSF font)";
	if (!textscreen_init_fb(&screen, (void *)fb->addr, &screen_fb, &font))
		return "none (unsupported framebuffer format)";
	memset((void *)fb->addr, 0, size);
	screen_kind = "framebuffer";
	return "framebuffer text";
}

const char *console_attach_screen(const struct boot_info *bi)
{
	if (bi->has_fb)
		return attach_fb(&bi->fb);
	if (!bi->uefi)
		return attach_fb(&default_vga);
	return "none (the loader gave no framebuffer)";
}

const char *console_screen_kind(void)
{
	return screen_kind;
}

void console_putc(char c)
{
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
	if (screen.base)
		textscreen_putc(&screen, c);
}

void console_write(const char *s, size_t n)
{
	while (n--)
		console_putc(*s++);
}

static void console_sink(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
	format_v(console_sink, NULL, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
