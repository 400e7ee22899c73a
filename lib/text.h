/* SPDX-License-Identifier: MIT */
/*
 * Text that comes from outside the hypervisor (a guest's messages and
 * report keys, module names, the command line), made harmless before it is
 * printed or stored.  Printable means ' ' to '~': every control byte
 * (LF, CR, ESC, BEL...), DEL and every byte >= 0x80 is shown as '?', so such
 * text can neither drive a terminal nor end a console line and start one
 * that a tool parses (docs/security.md).
 */
#ifndef TG_LIB_TEXT_H
#define TG_LIB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define TEXT_UNSAFE '?'		/* what an unprintable byte becomes */

/* True for ' ' to '~', the bytes shown as they are. */
static inline bool text_printable(char c)
{
	return (unsigned char)c >= 0x20 && (unsigned char)c < 0x7f;
}

/* @c if printable, else TEXT_UNSAFE. */
static inline char text_safe_char(char c)
{
	return text_printable(c) ? c : TEXT_UNSAFE;
}

/* Replaces each unprintable byte of the NUL-terminated @s with '?'. */
void text_sanitize(char *s);

/*
 * True if @s is a report key: 1 to @max - 1 bytes of [A-Za-z0-9_.-]
 * (docs/guest-abi.md), NUL-terminated within @max bytes.
 */
bool text_is_key(const char *s, size_t max);

/*
 * True if the @len bytes at @s are a guest name: 1 or more of
 * [A-Za-z0-9_-].  No '.', which ends NAME in NAME.key= on the command line.
 */
bool text_is_name(const char *s, size_t len);

#endif
