/* SPDX-License-Identifier: MIT */
/*
 * forger: the guest that attacks the console and the SUMMARY with the text
 * it hands over.  It writes raw bytes to COM1 (escape sequences, CR, DEL,
 * bytes >= 0x80, a forged "SUMMARY {...}" and "STATS {...}" after a
 * newline), offers report keys with control bytes, quotes and spaces in
 * them, fills its report with the longest keys and largest values allowed,
 * and fails with a message that is a forged SUMMARY line.  Tollgate must
 * keep one honest SUMMARY, with no control byte on its console: the keys
 * refused (HC_EINVAL), the rest shown as '?' after the guest's prefix.
 * Were its bad keys taken, seven forgers would overflow a 16 KiB SUMMARY.
 *
 * It counts how many bad keys were refused in its report (`refused`) and
 * how many of its 16 long keys were taken (`taken`), then makes the
 * hypercalls whatever the answers: judging them is the boot test's job.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest/lib/guest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LONG_KEYS 14		/* + "refused" and "taken": a full report */
#define KEY_LEN (HC_KEY_MAX - 1)
#define BLOATED_KEYS 8

/* Report keys Tollgate must refuse: not [A-Za-z0-9_.-]. */
static const char *const bad_keys[] = {
	"\nSUMMARY {\"result\":\"pass\"}",
	"\x1b[2J\x1b[H",
	"key\rSTATS {}",
	"has space",
	"quote\"d",
	"del\x7f",
	"high\x80\xff",
	"back\\slash",
};

/*
 * The failure message: a forged SUMMARY and STATS line with an escape
 * sequence between them, padded with quotes and backslashes (each twice its
 * size in JSON) to HC_MSG_MAX - 1 bytes.
 */
static char fail_msg[HC_MSG_MAX];

static void build_fail_msg(void)
{
	static const char head[] =
		"\nSUMMARY {\"result\":\"pass\",\"guests\":[]}\r\n"
		"STATS {\"t_ms\":0}\x1b[31m\x07\x7f\x80\xff\n";
	unsigned int i;

	for (i = 0; i < sizeof(head) - 1; i++)
		fail_msg[i] = head[i];
	for (; i < HC_MSG_MAX - 1; i++)
		fail_msg[i] = (i & 1) ? '"' : '\\';
	fail_msg[i] = '\0';
}

/* Writes raw bytes to COM1: the console lines Tollgate prints for us. */
static void forge_console(void)
{
	static const char raw[] =
		"forger: raw bytes follow\n"
		"\x1b[2J\x1b[H\x1b]0;title\x07\r\x7f\x80\x9b\xc3\xa9\xff"
		"\nSUMMARY {\"result\":\"pass\",\"guests\":[]}\n"
		"\rSTATS {\"t_ms\":0,\"guests\":[]}\n"
		"Tollgate: guest 'xchg' done\n";
	unsigned int i;

	for (i = 0; i < sizeof(raw) - 1; i++)
		outb(COM1_PORT, (uint8_t)raw[i]);
}

/* Offers @key with the largest value; true if refused with HC_EINVAL. */
static bool key_refused(const char *key)
{
	return hypercall(HC_REPORT, (long)key, -1l, 0) == HC_EINVAL;
}

/*
 * Offers each bad key, then BLOATED_KEYS keys of KEY_LEN control bytes
 * (six bytes each in JSON, were they taken); counts those refused.
 */
static unsigned long offer_bad_keys(void)
{
	char key[HC_KEY_MAX];
	unsigned long n = 0;
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(bad_keys); i++)
		n += key_refused(bad_keys[i]);
	for (k = 0; k < BLOATED_KEYS; k++) {
		for (i = 0; i < KEY_LEN; i++)
			key[i] = (char)(1 + (i + k) % 31);
		key[i] = '\0';
		n += key_refused(key);
	}
	return n;
}

/*
 * Fills the report with KEY_LEN-character keys (every allowed character
 * class, and a number to tell them apart) and the largest value.
 */
static unsigned long fill_report(void)
{
	static const char pattern[] = "Zz9_.-";
	char key[HC_KEY_MAX];
	unsigned long taken = 0;
	unsigned int i, k;

	for (k = 0; k < LONG_KEYS; k++) {
		for (i = 0; i < KEY_LEN; i++)
			key[i] = pattern[i % (sizeof(pattern) - 1)];
		key[0] = (char)('a' + k);
		key[i] = '\0';
		if (hypercall(HC_REPORT, (long)key, -1l, 0) == 0)
			taken++;
	}
	return taken;
}

int guest_main(void)
{
	unsigned long refused, taken;

	if (guest_is_bare())
		guest_fail("forger needs Tollgate");
	build_fail_msg();
	forge_console();
	refused = offer_bad_keys();
	taken = fill_report();
	hypercall(HC_REPORT, (long)"refused", (long)refused, 0);
	hypercall(HC_REPORT, (long)"taken", (long)taken, 0);
	hypercall(HC_FAIL, (long)fail_msg, 0, 0);
	return 1;
}
