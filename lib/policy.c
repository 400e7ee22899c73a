/* SPDX-License-Identifier: MIT */
/* A guest's bus-lock policy: parsing, printing, verdicts (lib/policy.h). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/blthreshold.h"
#include "lib/cmdline.h"
#include "lib/format.h"
#include "lib/policy.h"
#include "lib/sat.h"

#define RATELIMIT_PREFIX "ratelimit:"
#define RATELIMIT_PREFIX_LEN (sizeof(RATELIMIT_PREFIX) - 1)
#define CLIP_LEN 32		/* longest value quoted in a message */

static const char *const mode_names[] = {
	[BUSLOCK_OFF] = "off",
	[BUSLOCK_WARN] = "warn",
	[BUSLOCK_RATELIMIT] = "ratelimit",
	[BUSLOCK_FATAL] = "fatal",
};

#define MODE_COUNT (sizeof(mode_names) / sizeof(mode_names[0]))

/* True when the @len bytes at @s spell exactly @word. */
static bool same_word(const char *word, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] != s[i])
			return false;
	return word[len] == '\0';
}

/*
 * Writes "@what'@s'@tail" into @why, the @len bytes of @s clipped to
 * CLIP_LEN characters with "...", so a long word cannot crowd out the
 * message.
 */
static void explain(char *why, size_t whylen, const char *what,
		    const char *s, size_t len, const char *tail)
{
	bool clip = len > CLIP_LEN;

	ksnprintf(why, whylen, "%s'%.*s%s'%s", what,
		  (int)(clip ? CLIP_LEN - 3 : len), s, clip ? "..." : "",
		  tail);
}

/* Parses the decimal N of "ratelimit:N"; false unless it is in range. */
static bool parse_rate(const char *s, size_t len, uint32_t *rate)
{
	uint32_t v = 0;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		/* Saturate above the maximum; leading zeros are harmless. */
		v = v > POLICY_RATE_MAX ? v : v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v < POLICY_RATE_MIN || v > POLICY_RATE_MAX)
		return false;
	*rate = v;
	return true;
}

int policy_parse(const char *s, size_t len, struct buslock_policy *out,
		 char *why, size_t whylen)
{
	unsigned int m;
	uint32_t rate;

	if (!len)
		s = "";
	/* "ratelimit" alone is not a policy: it needs its ":N". */
	for (m = 0; m < MODE_COUNT; m++) {
		if (m == BUSLOCK_RATELIMIT || !same_word(mode_names[m], s, len))
			continue;
		*out = (struct buslock_policy){ .mode = m };
		return 0;
	}
	if (len < RATELIMIT_PREFIX_LEN ||
	    !same_word(RATELIMIT_PREFIX, s, RATELIMIT_PREFIX_LEN)) {
		explain(why, whylen, "bad policy ", s, len,
			" (expected off|warn|ratelimit:N|fatal)");
		return -POLICY_EMODE;
	}
	s += RATELIMIT_PREFIX_LEN;
	len -= RATELIMIT_PREFIX_LEN;
	if (!parse_rate(s, len, &rate)) {
		explain(why, whylen, "ratelimit: N must be 1..1000000, not ", s,
			len, "");
		return -POLICY_ERATE;
	}
	*out = (struct buslock_policy){ .mode = BUSLOCK_RATELIMIT,
					.rate = rate };
	return 0;
}

int policy_format(const struct buslock_policy *p, char *buf, size_t size)
{
	if ((unsigned int)p->mode >= MODE_COUNT) {
		if (buf && size)
			buf[0] = '\0';
		return -POLICY_EMODE;
	}
	if (p->mode == BUSLOCK_RATELIMIT)
		return ksnprintf(buf, size, "%s:%u", mode_names[p->mode],
				 (unsigned int)p->rate);
	return ksnprintf(buf, size, "%s", mode_names[p->mode]);
}

bool policy_cmdline_parse(const struct cmdline_key *key, const char *val,
			  size_t len, char *why, size_t whylen)
{
	return policy_parse(val, len, key->dst, why, whylen) == 0;
}

bool policy_detects(const struct buslock_policy *p)
{
	return p->mode != BUSLOCK_OFF;
}

uint16_t policy_threshold_budget(const struct buslock_policy *p)
{
	if (p->mode != BUSLOCK_RATELIMIT || p->rate == 0)
		return 0;
	return p->rate - 1 > BLT_COUNTER_MAX ? BLT_COUNTER_MAX :
					       (uint16_t)(p->rate - 1);
}

/* True for a mode in range and, under ratelimit, a rate in range. */
static bool policy_valid(const struct buslock_policy *p)
{
	if ((unsigned int)p->mode >= MODE_COUNT)
		return false;
	return p->mode != BUSLOCK_RATELIMIT ||
	       (p->rate >= POLICY_RATE_MIN && p->rate <= POLICY_RATE_MAX);
}

void policy_state_init(struct policy_state *s, const struct buslock_policy *p)
{
	*s = (struct policy_state){ .policy = *p };
	if (!policy_valid(p))
		s->policy = (struct buslock_policy){ .mode = BUSLOCK_WARN };
	ratelimit_init(&s->limit, s->policy.mode == BUSLOCK_RATELIMIT ?
					  s->policy.rate : 0);
}

/*
 * The warn-line limit: a line for the first batch, then for the first
 * batch a second or more after the last line.  The batches in between are
 * counted, for the next line to mention.
 */
static inline __attribute__((always_inline)) void
decide_line(struct policy_state *s, uint64_t now, uint64_t n,
	    struct policy_verdict *v)
{
	if (s->logged &&
	    (now < s->last_log_us || now - s->last_log_us < POLICY_LINE_US)) {
		s->unlogged = sat_add(s->unlogged, n);
		return;
	}
	v->log_now = true;
	v->suppressed = s->unlogged;
	s->unlogged = 0;
	s->logged = true;
	s->last_log_us = now;
	s->lines = sat_add(s->lines, 1);
}

/*
 * ratelimit:N: the batch has run; wait if the next bus lock would not fit,
 * and the line as under warn.  Out of line, so that the warn path keeps
 * its verdict in registers.
 */
static __attribute__((noinline)) struct policy_verdict
decide_rate(struct policy_state *s, uint64_t now, uint64_t n)
{
	struct policy_verdict v = { .action = POLICY_WARN };

	v.wait_us = ratelimit_charge_ran(&s->limit, now, n);
	if (v.wait_us) {
		v.action = POLICY_THROTTLE;
		s->throttles = sat_add(s->throttles, 1);
	}
	decide_line(s, now, n, &v);
	return v;
}

struct policy_verdict policy_on_bus_locks(struct policy_state *s,
					  uint64_t now_us, uint64_t n)
{
	struct policy_verdict v = { .action = POLICY_CONTINUE };

	if (s->stopped) {
		v.action = POLICY_STOP;
		s->bus_locks = sat_add(s->bus_locks, n);
		return v;
	}
	if (!n)
		return v;
	s->bus_locks = sat_add(s->bus_locks, n);
	switch (s->policy.mode) {
	case BUSLOCK_WARN:
		v.action = POLICY_WARN;
		decide_line(s, now_us, n, &v);
		break;
	case BUSLOCK_RATELIMIT:
		return decide_rate(s, now_us, n);
	case BUSLOCK_FATAL:
		v.action = POLICY_STOP;
		s->stopped = true;
		break;
	case BUSLOCK_OFF:
	default:
		/* Nothing is detected, so nothing is done. */
		break;
	}
	return v;
}
