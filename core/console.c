/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "arch/x86/serial.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/spinlock.h"
#include "core/console.h"
#include "lib/string.h"
#include "lib/text.h"
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

void console_write_text(const char *s)
{
	while (*s)
		console_putc(text_safe_char(*s++));
}

static void console_sink(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

/*
 * One CPU prints at a time.  The lock is recursive, so that a line made of
 * several kprintf() calls can be kept whole by holding it around them.  A
 * CPU that panics keeps it to the end, and takes it anyway after a while:
 * the CPU that held it may be the one that broke.
 */
static struct spinlock console_spin;
static int console_owner = -1;
static unsigned int console_depth;
static int console_breaker = -1;	/* the CPU that may take it by force */

void console_take_for_panic(void)
{
	__atomic_store_n(&console_breaker, (int)this_cpu()->index,
			 __ATOMIC_RELAXED);
	console_lock();		/* never released: the run ends */
}

void console_lock(void)
{
	int me = (int)this_cpu()->index;
	uint64_t spins = 0;

	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) == me) {
		console_depth++;
		return;
	}
	while (!spin_trylock(&console_spin)) {
		if (__atomic_load_n(&console_breaker, __ATOMIC_RELAXED) == me &&
		    ++spins > CONSOLE_BREAK_SPINS)
			break;
		cpu_relax();
	}
	__atomic_store_n(&console_owner, me, __ATOMIC_RELAXED);
	console_depth = 1;
}

void console_unlock(void)
{
	if (--console_depth)
		return;
	__atomic_store_n(&console_owner, -1, __ATOMIC_RELAXED);
	spin_unlock(&console_spin);
}

void kvprintf(const char *fmt, va_list ap)
{
	console_lock();
	format_v(console_sink, NULL, fmt, ap);
	console_unlock();
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
