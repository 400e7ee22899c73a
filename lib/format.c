/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting (see lib/format.h).  format_v() parses each
 * conversion into a struct spec and hands it to one emitter per kind, and
 * every character goes through the caller's sink, so the serial console and
 * kvsnprintf() share one implementation.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"

#define INT_LIMIT __INT_MAX__

/* The flag bits, in the order of flag_chars in parse_flags(). */
enum {
	F_LEFT = 1 << 0,	/* '-': pad on the right */
	F_ZERO = 1 << 1,	/* '0': pad numbers with zeros */
	F_PLUS = 1 << 2,	/* '+': always show a sign */
	F_SPACE = 1 << 3,	/* ' ': a space where '+' would be */
	F_ALT = 1 << 4,		/* '#': 0x prefix, leading octal 0 */
};

enum length { LEN_INT, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned int flags;
	int width;		/* 0 when absent */
	int prec;		/* -1 when absent */
	enum length length;
	char conv;		/* the conversion character, or NUL */
};

struct out {
	format_sink sink;
	void *ctx;
	size_t count;		/* characters sent to the sink */
};

static void put(struct out *o, char c)
{
	o->sink(o->ctx, c);
	o->count++;
}

static void put_repeat(struct out *o, char c, int64_t n)
{
	while (n-- > 0)
		put(o, c);
}

/* Reads a decimal field, saturating so that a huge width cannot overflow. */
static int parse_num(const char **p)
{
	int v = 0;

	while (**p >= '0' && **p <= '9') {
		int d = *(*p)++ - '0';

		v = v > (INT_LIMIT - d) / 10 ? INT_LIMIT : v * 10 + d;
	}
	return v;
}

/* Reads the flags; each sets the F_ bit of its index in flag_chars. */
static unsigned int parse_flags(const char **p)
{
	static const char flag_chars[] = "-0+ #";
	unsigned int flags = 0;
	int i;

	for (;;) {
		for (i = 0; flag_chars[i] && flag_chars[i] != **p; i++)
			;
		if (!flag_chars[i])
			return flags;
		flags |= 1u << i;
		(*p)++;
	}
}

static enum length parse_length(const char **p)
{
	switch (**p) {
	case 'h':
		(*p)++;
		if (**p != 'h')
			return LEN_H;
		(*p)++;
		return LEN_HH;
	case 'l':
		(*p)++;
		if (**p != 'l')
			return LEN_L;
		(*p)++;
		return LEN_LL;
	case 'z':
		(*p)++;
		return LEN_Z;
	case 't':
		(*p)++;
		return LEN_T;
	case 'j':
		(*p)++;
		return LEN_J;
	default:
		return LEN_INT;
	}
}

/* Parses what follows '%' up to the conversion; *p is left on the latter. */
static void parse_spec(const char **p, va_list *ap, struct spec *s)
{
	s->flags = parse_flags(p);
	if (**p == '*') {
		int w = va_arg(*ap, int);

		(*p)++;
		/* C99: a negative '*' width is a '-' flag and its magnitude. */
		if (w < 0) {
			s->flags |= F_LEFT;
			w = w < -INT_LIMIT ? INT_LIMIT : -w;
		}
		s->width = w;
	} else {
		s->width = parse_num(p);
	}
	s->prec = -1;
	if (**p == '.') {
		(*p)++;
		if (**p == '*') {
			int pr = va_arg(*ap, int);

			(*p)++;
			/* C99: a negative '*' precision is taken as omitted. */
			s->prec = pr < 0 ? -1 : pr;
		} else {
			s->prec = parse_num(p);
		}
	}
	s->length = parse_length(p);
	s->conv = **p;
}

/* Fetches a signed argument of the given length, widened to 64 bits. */
static int64_t arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return (ptrdiff_t)va_arg(*ap, size_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Fetches an unsigned argument of the given length, widened to 64 bits. */
static uint64_t arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Writes @v in @base into @buf, lowest digit first; returns the count. */
static int to_digits(char *buf, uint64_t v, unsigned int base, bool upper)
{
	const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		buf[n++] = xd[v % base];
		v /= base;
	} while (v);
	return n;
}

/*
 * Emits an integer of magnitude @mag: padding, @sign (or NUL), the 0x
 * prefix, zeros up to the precision, then the digits.
 */
static void emit_int(struct out *o, const struct spec *s, uint64_t mag,
		     char sign)
{
	char digits[24];	/* 22 octal digits hold 64 bits */
	unsigned int base = s->conv == 'o' ? 8 :
			    s->conv == 'd' || s->conv == 'i' ||
			    s->conv == 'u' ? 10 : 16;
	const char *prefix = "";
	int64_t zeros, pad;	/* 64 bits: width minus precision can't wrap */
	int nd, plen;

	/* C99: precision 0 prints no digits for a zero value. */
	nd = s->prec == 0 && mag == 0 ? 0 :
	     to_digits(digits, mag, base, s->conv == 'X');
	zeros = s->prec > nd ? s->prec - nd : 0;
	if (s->conv == 'o' && (s->flags & F_ALT) && zeros == 0 &&
	    (nd == 0 || digits[nd - 1] != '0'))
		zeros = 1;
	if (s->conv == 'p' || ((s->flags & F_ALT) && mag != 0 &&
			       (s->conv == 'x' || s->conv == 'X')))
		prefix = s->conv == 'X' ? "0X" : "0x";
	plen = prefix[0] ? 2 : 0;
	pad = s->width - (sign ? 1 : 0) - plen - zeros - nd;
	if (pad > 0 && (s->flags & (F_ZERO | F_LEFT)) == F_ZERO &&
	    s->prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(s->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_repeat(o, '0', zeros);
	while (nd > 0)
		put(o, digits[--nd]);
	if (s->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* Emits @n bytes of @str, padded with spaces to the width. */
static void emit_text(struct out *o, const struct spec *s, const char *str,
		      int n)
{
	int pad = s->width - n;

	if (!(s->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	while (n-- > 0)
		put(o, *str++);
	if (s->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* Emits a %s argument, at most precision bytes of it. */
static void emit_string(struct out *o, const struct spec *s, const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	/* Never read past the precision: the string may be unterminated. */
	while ((s->prec < 0 || n < s->prec) && n < INT_LIMIT && str[n])
		n++;
	emit_text(o, s, str, n);
}

static void emit_signed(struct out *o, const struct spec *s, int64_t v)
{
	char sign = v < 0 ? '-' : (s->flags & F_PLUS) ? '+' :
		    (s->flags & F_SPACE) ? ' ' : 0;

	/* Negate in unsigned arithmetic so that INT64_MIN stays defined. */
	emit_int(o, s, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, sign);
}

static void emit_pointer(struct out *o, struct spec *s, const void *p)
{
	s->prec = 16;
	emit_int(o, s, (uintptr_t)p, 0);
}

/*
 * Handles the conversion that starts at @start (on its '%'); returns where
 * ordinary text resumes.
 */
static const char *convert(struct out *o, const char *start, va_list *ap)
{
	const char *p = start + 1;
	struct spec s;
	char c;

	parse_spec(&p, ap, &s);
	switch (s.conv) {
	case 'd':
	case 'i':
		emit_signed(o, &s, arg_signed(ap, s.length));
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		emit_int(o, &s, arg_unsigned(ap, s.length), 0);
		break;
	case 'p':
		emit_pointer(o, &s, va_arg(*ap, void *));
		break;
	case 's':
		emit_string(o, &s, va_arg(*ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_text(o, &s, &c, 1);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		/* Unknown or cut off by the end of @fmt: copy it verbatim. */
		while (start < p)
			put(o, *start++);
		if (!*p)
			return p;
		put(o, *p);
		break;
	}
	return p + 1;
}

int format_v(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { .sink = sink, .ctx = ctx, .count = 0 };
	va_list args;

	/* A copy, because helpers need a va_list they can pass by pointer. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt == '%')
			fmt = convert(&o, fmt, &args);
		else
			put(&o, *fmt++);
	}
	va_end(args);
	return o.count > (size_t)INT_LIMIT ? INT_LIMIT : (int)o.count;
}

struct buf_sink {
	char *buf;
	size_t size;		/* bytes in buf, NUL included */
	size_t len;		/* characters stored */
};

/* Stores while there is room for the character and the final NUL. */
static void buf_put(void *ctx, char c)
{
	struct buf_sink *b = ctx;

	if (b->len + 1 < b->size)
		b->buf[b->len++] = c;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { .buf = buf, .size = buf ? size : 0, .len = 0 };
	int n = format_v(buf_put, &b, fmt, ap);

	if (b.size)
		buf[b.len] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
