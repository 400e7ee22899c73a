/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the text a guest hands over (lib/text.h) and the
 * SUMMARY writer (core/summary.c).
 *
 * The input is read as a stream; past its end every byte reads 0.  It
 * first gives one string to the sanitizer and the key and name checks,
 * which are compared with a reference written here.  It then builds a run
 * as Tollgate would: up to MAX_GUESTS guests whose names, reasons (through
 * text_sanitize(), as guest_stop() does) and report entries (only keys
 * text_is_key() takes, as HC_REPORT does) come from the input, random
 * counters, and command-line and hypervisor messages (through msglog).
 * Every string is either read from the input or filled with one repeated
 * byte, and a byte of 0 (as every byte past the input's end) chooses the
 * longest and costliest choice, so that the empty input is the worst case
 * the limits allow and mutations explore around it.  The SUMMARY must
 * then fit SUMMARY_MAX, be printable ASCII and parse as strict JSON
 * (RFC 8259) with a small parser below; anything else aborts.
 *
 * Build and run: tests/fuzz/README.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/summary.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t next(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint64_t next_u64(struct input *in)
{
	uint64_t v = 0;
	int i;

	/* Byte 0 chooses the largest value, 1 zero, else 8 bytes of input. */
	switch (next(in) & 3) {
	case 0:
		return UINT64_MAX;
	case 1:
		return 0;
	default:
		for (i = 0; i < 8; i++)
			v = v << 8 | next(in);
		return v;
	}
}

/* Aborts unless @ok: a broken promise is a crash libFuzzer reports. */
static void require(bool ok)
{
	if (!ok)
		abort();
}

/* A number below @n from one byte: byte 0 gives the largest, n - 1. */
static unsigned int next_below(struct input *in, unsigned int n)
{
	return n - 1 - next(in) % n;
}

/*
 * Fills @buf (@size bytes, NUL included) from the input: a length byte,
 * then either that many input bytes or one byte repeated (0x01, six bytes
 * in JSON, for byte 0).  NUL bytes in the input end the string early, as
 * in a guest's memory.
 */
static void next_string(struct input *in, char *buf, size_t size)
{
	size_t len = next_below(in, size), i;
	uint8_t mode = next(in), fill = next(in) ^ 1;

	for (i = 0; i < len; i++)
		buf[i] = (char)((mode & 1) ? next(in) : fill);
	buf[len] = '\0';
}

/* --- the sanitizer against a reference ---------------------------------- */

static bool ref_key_char(char c, bool dot)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || (dot && c == '.');
}

static void check_text(struct input *in)
{
	char s[HC_MSG_MAX], copy[HC_MSG_MAX];
	size_t len, i;
	bool key = true, name = true;

	next_string(in, s, sizeof(s));
	len = strlen(s);
	memcpy(copy, s, len + 1);
	text_sanitize(copy);
	require(strlen(copy) == len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		require(copy[i] == ((c >= 0x20 && c < 0x7f) ? s[i] : '?'));
		key = key && ref_key_char(s[i], true);
		name = name && ref_key_char(s[i], false);
	}
	require(text_is_key(s, HC_KEY_MAX) ==
		(key && len > 0 && len < HC_KEY_MAX));
	require(text_is_name(s, len) == (name && len > 0));
}

/* --- a strict JSON parser ------------------------------------------------ */

struct parser {
	const char *s;
	int depth;
};

static bool parse_value(struct parser *p);

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A string: printable ASCII, escapes as RFC 8259 section 7. */
static bool parse_string(struct parser *p)
{
	if (*p->s++ != '"')
		return false;
	for (;;) {
		char c = *p->s++;

		if (c == '"')
			return true;
		if (!text_printable(c))
			return false;
		if (c != '\\')
			continue;
		c = *p->s++;
		if (c == 'u') {
			int i;

			for (i = 0; i < 4; i++)
				if (!is_hex(*p->s++))
					return false;
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return false;
		}
	}
}

/* An integer: the writer writes no fractions or exponents. */
static bool parse_number(struct parser *p)
{
	if (*p->s == '-')
		p->s++;
	if (*p->s == '0') {
		p->s++;
		return !is_digit(*p->s);
	}
	if (!is_digit(*p->s))
		return false;
	while (is_digit(*p->s))
		p->s++;
	return true;
}

static bool parse_word(struct parser *p, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(p->s, w, n))
		return false;
	p->s += n;
	return true;
}

/* An object or array; @close is '}' or ']'. */
static bool parse_container(struct parser *p, char close)
{
	if (++p->depth > JSON_MAX_DEPTH)
		return false;
	p->s++;
	if (*p->s == close) {
		p->s++;
		p->depth--;
		return true;
	}
	for (;;) {
		if (close == '}' && (!parse_string(p) || *p->s++ != ':'))
			return false;
		if (!parse_value(p))
			return false;
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s++ != close)
			return false;
		p->depth--;
		return true;
	}
}

static bool parse_value(struct parser *p)
{
	switch (*p->s) {
	case '{':
		return parse_container(p, '}');
	case '[':
		return parse_container(p, ']');
	case '"':
		return parse_string(p);
	case 't':
		return parse_word(p, "true");
	case 'f':
		return parse_word(p, "false");
	case 'n':
		return parse_word(p, "null");
	default:
		return parse_number(p);
	}
}

/* True if @s is one JSON value and nothing else. */
static bool json_valid(const char *s)
{
	struct parser p = { s, 0 };

	return parse_value(&p) && *p.s == '\0';
}

/* --- the summary writer -------------------------------------------------- */

/*
 * Report key @i from the input: as read, or (byte 0) mapped onto the
 * allowed characters with the first one telling the keys apart.
 */
static void next_key(struct input *in, char *key, unsigned int i)
{
	static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz0123456789_.-";
	size_t j;

	next_string(in, key, HC_KEY_MAX);
	if (next(in) & 1)
		return;
	for (j = 0; key[j]; j++)
		key[j] = allowed[(unsigned char)key[j] % (sizeof(allowed) - 1)];
	if (j)
		key[0] = allowed[i % (sizeof(allowed) - 1)];
}

/* A report entry as HC_REPORT makes it: checked key, last value wins. */
static void report_set(struct guest *g, const char *key, uint64_t value)
{
	unsigned int i;

	if (!text_is_key(key, HC_KEY_MAX))
		return;
	for (i = 0; i < g->report_count; i++) {
		if (!strcmp(g->report[i].key, key)) {
			g->report[i].value = value;
			return;
		}
	}
	if (g->report_count == GUEST_REPORT_MAX)
		return;
	strcpy(g->report[g->report_count].key, key);
	g->report[g->report_count++].value = value;
}

static void make_guest(struct input *in, struct guest *g)
{
	char key[HC_KEY_MAX];
	unsigned int i, n;

	memset(g, 0, sizeof(*g));
	next_string(in, g->name, sizeof(g->name));
	next_string(in, g->reason, sizeof(g->reason));
	/* Reasons pass through guest_stop(); some are left raw. */
	if (next(in) & 1)
		text_sanitize(g->reason);
	g->state = (enum guest_state)next_below(in, GUEST_KILLED + 1);
	for (i = 0; i < EXIT_KIND_COUNT; i++)
		g->exits[i] = next_u64(in);
	g->bus_locks = next_u64(in);
	g->saw_bus_lock = next(in) & 1;
	g->first_bus_lock_rip = next_u64(in);
	g->cpu = (int)next_u64(in);
	g->run_us = next_u64(in);
	/* Byte 0: ratelimit, the longest policy. */
	g->policy.mode = (enum buslock_mode)((next(in) + BUSLOCK_RATELIMIT) % 4);
	g->policy.rate = (uint32_t)next_u64(in);
	n = next_below(in, 2 * GUEST_REPORT_MAX + 1);
	for (i = 0; i < n; i++) {
		next_key(in, key, i);
		report_set(g, key, next_u64(in));
	}
}

static void check_summary(struct input *in)
{
	static struct guest guests[MAX_GUESTS];
	static char buf[SUMMARY_MAX];
	static const char *const words[] = { "soft", "warn", "vga", NULL };
	struct cpu_caps c = { .vendor = VENDOR_AMD, .vendor_id = "AuthenticAMD",
			      .svm = true };
	struct cmdline_errors ce = { 0 };
	struct msglog el = { 0 };
	struct summary s = {
		.version = "0.1.0", .cpu = &c, .cpus = 1, .screen = "vga",
		.cmdline_errors = &ce, .errors = &el, .guests = guests,
		.detect = words[next(in) % 4], .policy = "warn", .pass = true,
	};
	char msg[MSGLOG_LEN];
	unsigned int i, n;
	size_t len;

	s.guest_count = next_below(in, MAX_GUESTS + 1);
	for (i = 0; i < s.guest_count; i++)
		make_guest(in, &guests[i]);
	n = next_below(in, 2 * MSGLOG_MAX);
	for (i = 0; i < n; i++) {
		next_string(in, msg, sizeof(msg));
		msglog_add(&el, "%s", msg);
	}
	n = next_below(in, 2 * CMDLINE_MAX_ERRORS);
	for (i = 0; i < n; i++) {
		if (ce.count == CMDLINE_MAX_ERRORS) {
			ce.dropped++;
			continue;
		}
		next_string(in, ce.msg[ce.count], sizeof(ce.msg[0]));
		text_sanitize(ce.msg[ce.count++]);
	}
	if (!(next(in) & 1))
		s.guests_skipped = "virtualization could not be turned on";

	require(summary_write(&s, buf, sizeof(buf)));
	len = strlen(buf);
	require(len < sizeof(buf));
	require(json_valid(buf));
	require(!strcmp(buf + len - 16, "\"result\":\"pass\"}") ||
		!strcmp(buf + len - 16, "\"result\":\"fail\"}"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };

	check_text(&in);
	check_summary(&in);
	return 0;
}
