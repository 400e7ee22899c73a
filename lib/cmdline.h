/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: space-separated key=value words, parsed against a
 * table of known keys.  An unknown key, a word without '=', or a value that a
 * key's parser refuses is recorded as an error in words (and the key keeps its
 * default); nothing is silently ignored.  A first word that contains '/' and
 * no '=' is the image path some loaders prepend, and is skipped.
 */
#ifndef TG_LIB_CMDLINE_H
#define TG_LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_ERRORS 8
#define CMDLINE_ERROR_LEN 96

struct cmdline_errors {
	unsigned int count;		/* errors recorded in msg[] */
	unsigned int dropped;		/* further errors that did not fit */
	char msg[CMDLINE_MAX_ERRORS][CMDLINE_ERROR_LEN];
};

struct cmdline_key;

/*
 * Parses @len bytes of @val into the key's destination.  Returns false and
 * writes the whole reason (e.g. "bad value 'xyz' (expected one of
 * auto|qemu|bochs|halt)") into @why on a bad value; cmdline_parse() puts
 * "key: " in front.  The destination is then left untouched.
 */
typedef bool (*cmdline_parse_fn)(const struct cmdline_key *key,
				 const char *val, size_t len,
				 char *why, size_t whylen);

struct cmdline_key {
	const char *name;
	cmdline_parse_fn parse;
	void *dst;
	const char *const *choices;	/* cmdline_enum: NULL-terminated */
	uint64_t min, max;		/* cmdline_u64: inclusive bounds */
};

/* dst is an int; stores the index of the matching choice. */
bool cmdline_enum(const struct cmdline_key *key, const char *val, size_t len,
		  char *why, size_t whylen);
/* dst is a uint64_t; decimal or 0x-hex within [min, max]. */
bool cmdline_u64(const struct cmdline_key *key, const char *val, size_t len,
		 char *why, size_t whylen);

/*
 * Parses @line (NUL-terminated, may be NULL or empty) against @keys, whose
 * parse functions must not be NULL.  Words are separated by any ASCII
 * whitespace; when a key is given twice, the last value wins.  Returns the
 * number of errors found (also counted in @errs, which the function clears
 * first, and which may be NULL).
 */
unsigned int cmdline_parse(const char *line, const struct cmdline_key *keys,
			   size_t nkeys, struct cmdline_errors *errs);

#endif
