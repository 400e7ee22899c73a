/* SPDX-License-Identifier: MIT */
/*
 * memset and friends for the freestanding kernel (see lib/string.h).
 *
 * GCC may compile a plain loop into a call to memset, memcpy or strlen, which
 * here would be the function calling itself; NO_LIBCALLS turns that
 * transformation off for each body, as glibc does for its own.  memset
 * and memmove move 8-byte words when the addresses allow it, memcpy at any
 * alignment, since the kernel clears and copies whole pages with them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/string.h"

#if defined(__GNUC__) && !defined(__clang__)
#define NO_LIBCALLS \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LIBCALLS
#endif

/* A word that may alias any object, so word access to bytes is defined. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD_SIZE sizeof(word_t)

static bool word_aligned(uintptr_t a)
{
	return (a & (WORD_SIZE - 1)) == 0;
}

/* Copies @n bytes upwards; safe for overlap when @d is below @s. */
NO_LIBCALLS static void copy_up(unsigned char *d, const unsigned char *s,
				size_t n)
{
	if (word_aligned((uintptr_t)d ^ (uintptr_t)s)) {
		for (; n && !word_aligned((uintptr_t)d); n--)
			*d++ = *s++;
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)(void *)d = *(const word_t *)(const void *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
}

/* Copies @n bytes downwards; safe for overlap when @d is above @s. */
NO_LIBCALLS static void copy_down(unsigned char *d, const unsigned char *s,
				  size_t n)
{
	if (word_aligned((uintptr_t)d ^ (uintptr_t)s)) {
		for (; n && !word_aligned((uintptr_t)(d + n)); n--)
			d[n - 1] = s[n - 1];
		for (; n >= WORD_SIZE; n -= WORD_SIZE)
			*(word_t *)(void *)(d + n - WORD_SIZE) =
				*(const word_t *)(const void *)(s + n -
								WORD_SIZE);
	}
	for (; n; n--)
		d[n - 1] = s[n - 1];
}

NO_LIBCALLS void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;
	word_t pattern = b * (word_t)0x0101010101010101ull;

	for (; n && !word_aligned((uintptr_t)d); n--)
		*d++ = b;
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		*(word_t *)(void *)d = pattern;
		d += WORD_SIZE;
	}
	while (n--)
		*d++ = b;
	return dst;
}

/*
 * A word at any address: x86 loads and stores words at any alignment, and
 * the constant-size copies compile to one move each.
 */
static word_t load_word(const unsigned char *p)
{
	word_t w;

	__builtin_memcpy(&w, p, WORD_SIZE);
	return w;
}

static void store_word(unsigned char *p, word_t w)
{
	__builtin_memcpy(p, &w, WORD_SIZE);
}

/*
 * Word by word whatever the alignment, and a tail shorter than a word as
 * one more word that overlaps the last: the regions do not overlap, so
 * bytes written twice get the same value.  A guest's instruction (15
 * bytes, copied on every single step) is two words.
 */
NO_LIBCALLS void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i;

	if (n < WORD_SIZE) {
		for (i = 0; i < n; i++)
			d[i] = s[i];
		return dst;
	}
	for (i = 0; i + WORD_SIZE <= n; i += WORD_SIZE)
		store_word(d + i, load_word(s + i));
	if (i < n)
		store_word(d + n - WORD_SIZE, load_word(s + n - WORD_SIZE));
	return dst;
}

NO_LIBCALLS void *memmove(void *dst, const void *src, size_t n)
{
	/* Unsigned distance: copying up is safe unless dst is in src..src+n. */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_up(dst, src, n);
	else
		copy_down(dst, src, n);
	return dst;
}

NO_LIBCALLS int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

NO_LIBCALLS size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

NO_LIBCALLS size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

NO_LIBCALLS int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

NO_LIBCALLS int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++)
		if (*p != *q || !*p)
			return *p - *q;
	return 0;
}

/* As in C, the terminating NUL is part of the string: strchr(s, 0) finds it. */
NO_LIBCALLS char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* True if a byte of @w is zero (Hacker's Delight 6-1). */
static bool has_zero_byte(uint64_t w)
{
	return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

bool str_copy_within(char *dst, const char *src, size_t n)
{
	size_t i = 0;

	/* A word at a time while no byte of it ends the string. */
	for (; i + WORD_SIZE <= n; i += WORD_SIZE) {
		uint64_t w;

		__builtin_memcpy(&w, src + i, WORD_SIZE);
		if (has_zero_byte(w))
			break;
		__builtin_memcpy(dst + i, &w, WORD_SIZE);
	}
	for (; i < n; i++) {
		dst[i] = src[i];
		if (!src[i])
			return true;
	}
	return false;
}
