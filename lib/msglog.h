/* SPDX-License-Identifier: MIT */
/* A bounded list of messages, kept for the summary. */
#ifndef TG_LIB_MSGLOG_H
#define TG_LIB_MSGLOG_H

#include <stdarg.h>

#include "lib/format.h"

#define MSGLOG_MAX 8
#define MSGLOG_LEN 128

struct msglog {
	unsigned int count;	/* messages in msg[] */
	unsigned int dropped;	/* messages that did not fit */
	char msg[MSGLOG_MAX][MSGLOG_LEN];
};

/*
 * Appends a formatted message, truncated to fit and made printable
 * (lib/text.h); counts it as dropped when full.
 */
void msglog_vadd(struct msglog *log, const char *fmt, va_list ap);
void msglog_add(struct msglog *log, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
