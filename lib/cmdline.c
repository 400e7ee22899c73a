/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line (see lib/cmdline.h).  Error messages are built
 * with a tiny bounded writer, struct msg, rather than with format: a key or
 * value quoted in a message is clipped to CLIP_LEN characters with "...", and
 * a message that still does not fit ends in "...", so one long word can
 * neither overflow a message nor crowd out what the message is about.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/cmdline.h"
#include "lib/text.h"

#define CLIP_LEN 32		/* longest key or value quoted in a message */
#define ELLIPSIS_LEN 3

struct msg {
	char *buf;
	size_t size;		/* bytes in buf, NUL included */
	size_t len;		/* characters stored */
	bool cut;		/* something did not fit */
};

static void msg_init(struct msg *m, char *buf, size_t size)
{
	m->buf = buf;
	m->size = buf ? size : 0;
	m->len = 0;
	m->cut = false;
}

static void msg_put(struct msg *m, const char *s, size_t n)
{
	for (; n; n--) {
		if (m->len + 1 >= m->size) {
			m->cut = true;
			return;
		}
		m->buf[m->len++] = *s++;
	}
}

static size_t cstr_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void msg_str(struct msg *m, const char *s)
{
	msg_put(m, s, cstr_len(s));
}

/* Appends @n bytes of @s, clipped to CLIP_LEN characters with "...". */
static void msg_clip(struct msg *m, const char *s, size_t n)
{
	if (n <= CLIP_LEN) {
		msg_put(m, s, n);
		return;
	}
	msg_put(m, s, CLIP_LEN - ELLIPSIS_LEN);
	msg_str(m, "...");
}

static void msg_quoted(struct msg *m, const char *s, size_t n)
{
	msg_str(m, "'");
	msg_clip(m, s, n);
	msg_str(m, "'");
}

static void msg_u64(struct msg *m, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n > 0)
		msg_put(m, &digits[--n], 1);
}

/*
 * Terminates the message; a cut one ends in "..." to show it was cut.  What
 * it quotes of the command line is made printable (lib/text.h): it is
 * printed and goes into the SUMMARY.
 */
static void msg_end(struct msg *m)
{
	size_t i;

	if (m->size == 0)
		return;
	for (i = 0; i < m->len; i++)
		m->buf[i] = text_safe_char(m->buf[i]);
	if (m->cut && m->len >= ELLIPSIS_LEN)
		for (i = m->len - ELLIPSIS_LEN; i < m->len; i++)
			m->buf[i] = '.';
	m->buf[m->len] = '\0';
}

/* True when the @len bytes at @s spell exactly @word. */
static bool same_word(const char *word, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] != s[i])
			return false;
	return word[len] == '\0';
}

bool cmdline_enum(const struct cmdline_key *key, const char *val, size_t len,
		  char *why, size_t whylen)
{
	const char *const *c = key->choices;
	struct msg m;
	int i;

	for (i = 0; c && c[i]; i++) {
		if (same_word(c[i], val, len)) {
			*(int *)key->dst = i;
			return true;
		}
	}
	msg_init(&m, why, whylen);
	if (len) {
		msg_str(&m, "bad value ");
		msg_quoted(&m, val, len);
	} else {
		msg_str(&m, "empty value");
	}
	msg_str(&m, " (expected one of ");
	for (i = 0; c && c[i]; i++) {
		if (i)
			msg_str(&m, "|");
		msg_str(&m, c[i]);
	}
	msg_str(&m, ")");
	msg_end(&m);
	return false;
}

enum num_result { NUM_OK, NUM_BAD, NUM_TOO_BIG };

static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned int)(c - 'A' + 10);
	return 16;
}

/* Parses decimal or 0x-hex digits, nothing else (no sign, no spaces). */
static enum num_result parse_number(const char *s, size_t len, uint64_t *out)
{
	unsigned int base = 10, d;
	bool too_big = false;
	uint64_t v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	}
	if (len == 0)
		return NUM_BAD;
	/* Keep scanning after an overflow: a stray character matters more. */
	for (; len; len--, s++) {
		d = digit_value(*s);
		if (d >= base)
			return NUM_BAD;
		if (v > (UINT64_MAX - d) / base)
			too_big = true;
		else
			v = v * base + d;
	}
	*out = v;
	return too_big ? NUM_TOO_BIG : NUM_OK;
}

static void msg_range(struct msg *m, const struct cmdline_key *key)
{
	msg_str(m, " is out of range ");
	msg_u64(m, key->min);
	msg_str(m, "..");
	msg_u64(m, key->max);
}

bool cmdline_u64(const struct cmdline_key *key, const char *val, size_t len,
		 char *why, size_t whylen)
{
	uint64_t v = 0;
	enum num_result r = parse_number(val, len, &v);
	struct msg m;

	if (r == NUM_OK && v >= key->min && v <= key->max) {
		*(uint64_t *)key->dst = v;
		return true;
	}
	msg_init(&m, why, whylen);
	if (len == 0) {
		msg_str(&m, "empty value (expected a number)");
	} else if (r == NUM_BAD) {
		msg_str(&m, "bad number ");
		msg_quoted(&m, val, len);
	} else if (r == NUM_TOO_BIG) {
		msg_quoted(&m, val, len);
		msg_range(&m, key);
	} else {
		msg_u64(&m, v);
		msg_range(&m, key);
	}
	msg_end(&m);
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static const char *find_char(const char *s, size_t len, char c)
{
	for (; len; len--, s++)
		if (*s == c)
			return s;
	return NULL;
}

static const struct cmdline_key *find_key(const struct cmdline_key *keys,
					  size_t nkeys, const char *name,
					  size_t len)
{
	size_t i;

	for (i = 0; i < nkeys; i++)
		if (keys[i].name && same_word(keys[i].name, name, len))
			return &keys[i];
	return NULL;
}

/* Opens the next message slot in @errs, or counts the error as dropped. */
static bool error_begin(struct cmdline_errors *errs, struct msg *m)
{
	if (!errs)
		return false;
	if (errs->count >= CMDLINE_MAX_ERRORS) {
		errs->dropped++;
		return false;
	}
	msg_init(m, errs->msg[errs->count++], CMDLINE_ERROR_LEN);
	return true;
}

/* Records the error for word @w: no key, an unknown key, or a bad value. */
static void report(struct cmdline_errors *errs, const char *w, size_t len,
		   size_t klen, const struct cmdline_key *key, const char *why)
{
	struct msg m;

	if (!error_begin(errs, &m))
		return;
	if (!klen) {
		msg_quoted(&m, w, len);
		msg_str(&m, ": expected key=value");
	} else if (!key) {
		msg_str(&m, "unknown key ");
		msg_quoted(&m, w, klen);
	} else {
		msg_clip(&m, key->name, cstr_len(key->name));
		msg_str(&m, ": ");
		if (why[0]) {
			msg_str(&m, why);
		} else {
			/* A parser that gave no reason still gets a message. */
			msg_str(&m, "bad value ");
			msg_quoted(&m, w + klen + 1, len - klen - 1);
		}
	}
	msg_end(&m);
}

/* Parses one word; returns false after recording its error. */
static bool parse_word(const char *w, size_t len,
		       const struct cmdline_key *keys, size_t nkeys,
		       struct cmdline_errors *errs)
{
	const char *eq = find_char(w, len, '=');
	size_t klen = eq ? (size_t)(eq - w) : 0;
	const struct cmdline_key *key = NULL;
	char why[CMDLINE_ERROR_LEN];

	why[0] = '\0';
	if (klen) {
		key = find_key(keys, nkeys, w, klen);
		if (key && key->parse(key, eq + 1, len - klen - 1, why,
				      sizeof(why)))
			return true;
		why[sizeof(why) - 1] = '\0';
	}
	report(errs, w, len, klen, key, why);
	return false;
}

/* @errs may be NULL when only the number of errors is wanted. */
unsigned int cmdline_parse(const char *line, const struct cmdline_key *keys,
			   size_t nkeys, struct cmdline_errors *errs)
{
	unsigned int found = 0;
	bool first = true, skip;
	const char *w;
	size_t len;

	if (errs)
		*errs = (struct cmdline_errors){ 0 };
	while (line && *line) {
		while (is_space(*line))
			line++;
		if (!*line)
			break;
		for (w = line; *line && !is_space(*line); line++)
			;
		len = (size_t)(line - w);
		/* A loader's image path: "/boot/tollgate.elf exit=qemu". */
		skip = first && find_char(w, len, '/') &&
		       !find_char(w, len, '=');
		if (!skip && !parse_word(w, len, keys, nkeys, errs))
			found++;
		first = false;
	}
	return found;
}
