/* SPDX-License-Identifier: MIT */
#include "lib/msglog.h"
#include "lib/text.h"

void msglog_vadd(struct msglog *log, const char *fmt, va_list ap)
{
	if (log->count >= MSGLOG_MAX) {
		log->dropped++;
		return;
	}
	kvsnprintf(log->msg[log->count], MSGLOG_LEN, fmt, ap);
	text_sanitize(log->msg[log->count++]);
}

void msglog_add(struct msglog *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msglog_vadd(log, fmt, ap);
	va_end(ap);
}
