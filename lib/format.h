/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting with no dependencies, used by the console and the
 * JSON writer.  Conversions: %d %i %u %x %X %o %p %s %c %%, flags '-' '0'
 * '+' ' ' '#', a width and a precision (numbers or '*'), and the length
 * modifiers hh h l ll z t j.  %p prints 0x followed by 16 hex digits.
 * A NULL %s prints "(null)".  Unknown conversions are copied out verbatim.
 */
#ifndef TG_LIB_FORMAT_H
#define TG_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* A sink receives every formatted character in order. */
typedef void (*format_sink)(void *ctx, char c);

/* Formats into @sink; returns the number of characters produced. */
int format_v(format_sink sink, void *ctx, const char *fmt, va_list ap);

/*
 * C99 vsnprintf semantics: writes at most @size - 1 characters plus a NUL
 * (nothing when @size is 0) and returns the length the whole result would
 * have had.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
