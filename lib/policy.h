/* SPDX-License-Identifier: MIT */
/*
 * What Tollgate does about a guest's bus locks: the modes of Linux's
 * split_lock_detect= (Documentation/admin-guide/kernel-parameters.txt),
 * chosen per guest.
 *
 *   off           bus locks are not detected at all
 *   warn          the guest runs on; a line is logged, at most one a second
 *   ratelimit:N   at most N bus locks a second (1 <= N <= 1000000): beyond
 *                 that the guest is kept from running until it is back
 *                 under the rate (lib/ratelimit.h), and lines as for warn
 *   fatal         the guest is stopped at its first bus lock
 *
 * The written form, "off", "warn", "ratelimit:100" or "fatal", is both what
 * buslock= and NAME.buslock= take and what the SUMMARY shows.
 *
 * The decision, policy_on_bus_locks(), is made after every batch of bus
 * locks a guest caused, with the time passed in:
 *
 *   mode          verdict
 *   off           POLICY_CONTINUE (detection is off; it behaves all the same)
 *   warn          POLICY_WARN
 *   ratelimit:N   POLICY_THROTTLE with wait_us > 0 once the batch has used
 *                 up the second's budget (a next bus lock would be over
 *                 the rate), else POLICY_WARN
 *   fatal         POLICY_STOP, and so is every later verdict
 *
 * A batch of 0 bus locks changes nothing and gets POLICY_CONTINUE (or
 * POLICY_STOP once stopped).  Under warn and ratelimit, log_now is true for
 * the first batch and then for the first batch at least a second after the
 * last line (a clock going backwards gets no line); suppressed then counts
 * the bus locks of the batches since the last line that had no line of
 * their own, so that the line can end "(and 41 more)".  The bus locks of
 * a throttled batch have already run: the wait keeps the next ones within
 * the rate (ratelimit_charge_ran()).
 */
#ifndef TG_LIB_POLICY_H
#define TG_LIB_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ratelimit.h"

#define POLICY_RATE_MIN 1u
#define POLICY_RATE_MAX 1000000u
#define POLICY_LINE_US 1000000ull	/* warn lines: one a second at most */
#define POLICY_FORMAT_LEN 18		/* "ratelimit:1000000" and its NUL */

enum buslock_mode {
	BUSLOCK_OFF,		/* not detected */
	BUSLOCK_WARN,		/* logged */
	BUSLOCK_RATELIMIT,	/* at most rate a second */
	BUSLOCK_FATAL,		/* the guest is stopped */
};

struct buslock_policy {
	enum buslock_mode mode;
	uint32_t rate;		/* ratelimit: bus locks a second; else 0 */
};

/* Errors, returned negated. */
enum policy_error {
	POLICY_EMODE = 1,	/* not off|warn|ratelimit:N|fatal */
	POLICY_ERATE,		/* ratelimit: N is not a number in 1..1000000 */
};

enum policy_action {
	POLICY_CONTINUE,	/* nothing to do */
	POLICY_WARN,		/* let the guest run; log a line if log_now */
	POLICY_THROTTLE,	/* do not run the guest for wait_us */
	POLICY_STOP,		/* stop the guest */
};

struct policy_verdict {
	enum policy_action action;
	bool log_now;		/* WARN, THROTTLE: log a line now */
	uint64_t suppressed;	/* with log_now: bus locks left unlogged */
	uint64_t wait_us;	/* THROTTLE: microseconds, > 0 */
};

/* The policy of one guest and what it has done so far. */
struct policy_state {
	struct buslock_policy policy;
	struct ratelimit limit;		/* ratelimit:N; throttled_us is here */
	bool logged;			/* a line was logged at last_log_us */
	uint64_t last_log_us;
	uint64_t unlogged;		/* bus locks since then with no line */
	uint64_t bus_locks;		/* every bus lock of every batch */
	uint64_t lines;			/* verdicts with log_now */
	uint64_t throttles;		/* POLICY_THROTTLE verdicts */
	bool stopped;			/* fatal: the guest was told to stop */
};

/*
 * Parses the @len bytes at @s (no NUL needed) into *@out and returns 0, or
 * returns a negated policy_error, leaves *@out untouched and writes the
 * reason into @why (which may be NULL): "bad policy 'x' (expected
 * off|warn|ratelimit:N|fatal)" or "ratelimit: N must be 1..1000000, not
 * '0'".  N is decimal.
 */
int policy_parse(const char *s, size_t len, struct buslock_policy *out,
		 char *why, size_t whylen);

/*
 * Writes @p as policy_parse() reads it, ksnprintf style: at most @size - 1
 * characters and a NUL; returns the full length.  A mode out of range
 * gives "" and -POLICY_EMODE.
 */
int policy_format(const struct buslock_policy *p, char *buf, size_t size);

struct cmdline_key;

/*
 * A cmdline_parse_fn (lib/cmdline.h) for buslock= and NAME.buslock=: the
 * key's dst is a struct buslock_policy, left untouched on an error.
 */
bool policy_cmdline_parse(const struct cmdline_key *key, const char *val,
			  size_t len, char *why, size_t whylen);

/* True unless @p is off: the guest's bus locks are to be detected. */
bool policy_detects(const struct buslock_policy *p);

/*
 * The Bus Lock Threshold budget (lib/blthreshold.h) that suits @p: 0 for
 * off, warn and fatal, so that each bus lock exits on its own (fatal stops
 * the first before it runs); N - 1 for ratelimit:N, at most
 * BLT_COUNTER_MAX, so that an exit's batch (the locks that ran and the
 * stalled one) is at most N.
 */
uint16_t policy_threshold_budget(const struct buslock_policy *p);

/*
 * Starts @s for a guest under @p with nothing seen.  @p must be valid, as
 * policy_parse() gives it; one that is not is taken as warn.
 */
void policy_state_init(struct policy_state *s, const struct buslock_policy *p);

/* The verdict on @n more bus locks of @s's guest at @now_us (above). */
struct policy_verdict policy_on_bus_locks(struct policy_state *s,
					  uint64_t now_us, uint64_t n);

#endif
