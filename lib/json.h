/* SPDX-License-Identifier: MIT */
/*
 * A JSON writer into a caller's fixed buffer.  Commas and nesting are tracked
 * by the writer; strings are escaped, to printable ASCII (a byte >= 0x80 as
 * \u00XX: the writer knows no UTF-8).  At most JSON_ESCAPED_MAX bytes per
 * string byte.  On overflow the output is truncated,
 * json_ok() turns false and the buffer stays NUL-terminated, so a caller can
 * always print what it has and report the overflow.
 */
#ifndef TG_LIB_JSON_H
#define TG_LIB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 16
#define JSON_ESCAPED_MAX 6	/* "\u001b" for one byte */

struct json {
	char *buf;
	size_t size;		/* bytes in buf, NUL included */
	size_t len;		/* characters written so far */
	int depth;		/* open objects and arrays */
	bool overflow;		/* output did not fit */
	bool misuse;		/* unbalanced end, value without key, key
				 * outside an object or twice, a second
				 * top-level value, too deep: writing stops */
	bool after_key;		/* a key was written, its value is next */
	bool first[JSON_MAX_DEPTH + 1];	/* nothing written yet at this depth */
	char closer[JSON_MAX_DEPTH + 1];	/* '}' or ']' for each depth */
};

void json_init(struct json *j, char *buf, size_t size);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);

/* Inside an object, each value is preceded by a key. */
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *s);
/* A string from the first @len bytes of @s (which need not be terminated). */
void json_string_n(struct json *j, const char *s, size_t len);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* Key and value in one call, for the common case. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_i64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* True when everything fit, every container was closed and no call misused. */
bool json_ok(const struct json *j);

#endif
