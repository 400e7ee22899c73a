/* SPDX-License-Identifier: MIT */
/*
 * The JSON writer (see lib/json.h).  Every character goes through put(),
 * which stops at the first one that does not fit, and after the first
 * overflow or misuse the writer writes nothing more.  The buffer therefore
 * always holds an exact prefix of the intended output, and after a misuse it
 * ends right where the offending call was made.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"
#include "lib/json.h"

static bool stopped(const struct json *j)
{
	return j->overflow || j->misuse;
}

static void misuse(struct json *j)
{
	j->misuse = true;
}

/* Appends one character, keeping the buffer NUL-terminated. */
static void put(struct json *j, char c)
{
	if (stopped(j))
		return;
	if (j->len + 1 >= j->size) {
		j->overflow = true;
		return;
	}
	j->buf[j->len++] = c;
	j->buf[j->len] = '\0';
}

static void put_str(struct json *j, const char *s)
{
	while (*s)
		put(j, *s++);
}

/*
 * Appends one string byte, escaped as RFC 8259 requires, and DEL and bytes
 * >= 0x80 as well (as \u00XX), so that the output is printable ASCII
 * whatever a string holds: a console line no terminal acts on.
 */
static void put_escaped(struct json *j, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	static const char from[] = "\"\\\n\t\r\b\f";
	static const char to[] = "\"\\ntrbf";
	int i;

	for (i = 0; from[i]; i++) {
		if (c == (unsigned char)from[i]) {
			put(j, '\\');
			put(j, to[i]);
			return;
		}
	}
	if (c < 0x20 || c >= 0x7f) {
		put_str(j, "\\u00");
		put(j, hex[c >> 4]);
		put(j, hex[c & 0xf]);
		return;
	}
	put(j, (char)c);
}

static void put_quoted(struct json *j, const char *s, size_t len)
{
	put(j, '"');
	while (len--)
		put_escaped(j, (unsigned char)*s++);
	put(j, '"');
}

static size_t cstr_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * Checks that a value may come next and writes the comma before it.
 * Returns false (and writes nothing) when it may not.
 */
static bool value_begin(struct json *j)
{
	int d = j->depth;

	if (stopped(j))
		return false;
	if (d > 0 && j->closer[d] == '}') {
		/* In an object the key has already written the comma. */
		if (!j->after_key) {
			misuse(j);
			return false;
		}
		j->after_key = false;
		return true;
	}
	if (!j->first[d]) {
		/* A document holds a single top-level value. */
		if (d == 0) {
			misuse(j);
			return false;
		}
		put(j, ',');
	}
	j->first[d] = false;
	return true;
}

static void container_begin(struct json *j, char opener, char closer)
{
	if (!stopped(j) && j->depth >= JSON_MAX_DEPTH)
		misuse(j);
	if (!value_begin(j))
		return;
	put(j, opener);
	j->depth++;
	j->first[j->depth] = true;
	j->closer[j->depth] = closer;
}

/* Closes the innermost container, which must be of @closer's kind. */
static void container_end(struct json *j, char closer)
{
	if (stopped(j))
		return;
	if (j->depth == 0 || j->closer[j->depth] != closer || j->after_key) {
		misuse(j);
		return;
	}
	put(j, closer);
	j->depth--;
}

void json_init(struct json *j, char *buf, size_t size)
{
	int i;

	j->buf = buf;
	j->size = buf ? size : 0;
	j->len = 0;
	j->depth = 0;
	/* Without room for the NUL nothing can ever fit. */
	j->overflow = j->size == 0;
	j->misuse = false;
	j->after_key = false;
	for (i = 0; i <= JSON_MAX_DEPTH; i++) {
		j->first[i] = true;
		j->closer[i] = '\0';
	}
	if (j->size)
		buf[0] = '\0';
}

void json_object_begin(struct json *j)
{
	container_begin(j, '{', '}');
}

void json_object_end(struct json *j)
{
	container_end(j, '}');
}

void json_array_begin(struct json *j)
{
	container_begin(j, '[', ']');
}

void json_array_end(struct json *j)
{
	container_end(j, ']');
}

void json_key(struct json *j, const char *key)
{
	int d = j->depth;

	if (stopped(j))
		return;
	if (!key || d == 0 || j->closer[d] != '}' || j->after_key) {
		misuse(j);
		return;
	}
	if (!j->first[d])
		put(j, ',');
	j->first[d] = false;
	put_quoted(j, key, cstr_len(key));
	put(j, ':');
	j->after_key = true;
}

/* A NULL string is written as JSON null rather than dereferenced. */
void json_string(struct json *j, const char *s)
{
	json_string_n(j, s, s ? cstr_len(s) : 0);
}

void json_string_n(struct json *j, const char *s, size_t len)
{
	if (!s) {
		json_null(j);
		return;
	}
	if (value_begin(j))
		put_quoted(j, s, len);
}

void json_u64(struct json *j, uint64_t v)
{
	char num[24];

	if (!value_begin(j))
		return;
	ksnprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	put_str(j, num);
}

void json_i64(struct json *j, int64_t v)
{
	char num[24];

	if (!value_begin(j))
		return;
	ksnprintf(num, sizeof(num), "%lld", (long long)v);
	put_str(j, num);
}

void json_bool(struct json *j, bool v)
{
	if (value_begin(j))
		put_str(j, v ? "true" : "false");
}

void json_null(struct json *j)
{
	if (value_begin(j))
		put_str(j, "null");
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_i64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

bool json_ok(const struct json *j)
{
	return !j->overflow && !j->misuse && j->depth == 0 && !j->after_key;
}
