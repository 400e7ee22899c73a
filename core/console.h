/* SPDX-License-Identifier: MIT */
/* The hypervisor's console: COM1 always, and the screen once it is known. */
#ifndef TG_CORE_CONSOLE_H
#define TG_CORE_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/bootinfo.h"
#include "lib/format.h"

/* Starts COM1; before this, output goes nowhere. */
void console_init(void);

/*
 * Adds the screen the loader describes: VGA text, or a framebuffer text
 * console drawn with the built-in PSF font.  Returns what it chose, in words.
 */
const char *console_attach_screen(const struct boot_info *bi);

/* "vga", "framebuffer" or "none": the screen the console writes to. */
const char *console_screen_kind(void);

void console_putc(char c);
void console_write(const char *s, size_t n);
/* Writes @s with each unprintable byte as '?' (lib/text.h): text from outside. */
void console_write_text(const char *s);
void kvprintf(const char *fmt, va_list ap);

/*
 * Keeps the console for this CPU across several calls, so that they print
 * as one block (calls nest).  kprintf() takes it for each call by itself.
 */
void console_lock(void);
void console_unlock(void);

/*
 * For a panic: takes the console for this CPU for the rest of the run,
 * by force after a while if another CPU holds it and does not let go.
 */
void console_take_for_panic(void);
#define CONSOLE_BREAK_SPINS 100000000ull
void kprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
