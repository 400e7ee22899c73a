/* SPDX-License-Identifier: MIT */
/*
 * The C library's memory and string functions, for the freestanding kernel.
 * Host unit tests use the host's C library instead; the prototypes agree.
 */
#ifndef TG_LIB_STRING_H
#define TG_LIB_STRING_H

#include <stdbool.h>
#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/*
 * Tollgate's own: copies the string at @src, its NUL too, into @dst if it
 * ends within @n bytes, and returns true; else copies the @n bytes and
 * returns false.  Reads no byte of @src past the @n-th: for a string in a
 * guest's RAM, @n is what is left of it.  A word at a time.
 */
bool str_copy_within(char *dst, const char *src, size_t n);

#endif
