/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdint.h>

#include "core/console.h"
#include "core/guest.h"
#include "lib/string.h"
#include "lib/text.h"

void guest_stop(struct guest *g, enum guest_state state, const char *fmt, ...)
{
	va_list ap;

	if (guest_stopped(g))
		return;
	g->state = state;
	va_start(ap, fmt);
	kvsnprintf(g->reason, sizeof(g->reason), fmt, ap);
	va_end(ap);
	/* It may quote the guest (HC_FAIL): one line, no control bytes. */
	text_sanitize(g->reason);
	if (state == GUEST_DONE && !g->reason[0])
		kprintf("Tollgate: guest '%s' done\n", g->name);
	else
		kprintf("Tollgate: guest '%s' %s: %s\n", g->name,
			guest_state_name(state), g->reason);
}

/* The entry for @key in @kv[0..*count), or a new one; NULL when full. */
static struct guest_kv *kv_slot(struct guest_kv *kv, unsigned int *count,
				unsigned int max, const char *key)
{
	unsigned int i;

	for (i = 0; i < *count; i++)
		if (!strcmp(kv[i].key, key))
			return &kv[i];
	if (*count >= max)
		return NULL;
	kv = &kv[(*count)++];
	ksnprintf(kv->key, sizeof(kv->key), "%s", key);
	return kv;
}

bool guest_report_set(struct guest *g, const char *key, uint64_t value)
{
	struct guest_kv *kv = kv_slot(g->report, &g->report_count,
				      GUEST_REPORT_MAX, key);

	if (!kv)
		return false;
	kv->value = value;
	return true;
}

bool guest_param_set(struct guest *g, const char *key, uint64_t value)
{
	struct guest_kv *kv = kv_slot(g->params, &g->param_count,
				      GUEST_PARAMS_MAX, key);

	if (!kv)
		return false;
	kv->value = value;
	return true;
}

bool guest_param_get(const struct guest *g, const char *key, uint64_t *value)
{
	unsigned int i;

	for (i = 0; i < g->param_count; i++) {
		if (!strcmp(g->params[i].key, key)) {
			*value = g->params[i].value;
			return true;
		}
	}
	return false;
}

void *guest_phys(const struct guest *g, uint64_t gpa, size_t len)
{
	if (gpa >= g->ram_size || len > g->ram_size - gpa)
		return NULL;
	return (void *)(uintptr_t)(g->ram_hpa + gpa);
}

bool guest_read_string(const struct guest *g, uint64_t gpa, char *buf,
		       size_t size)
{
	const char *p = guest_phys(g, gpa, 1);

	if (!p)
		return false;
	/* Checked once: the bytes up to the end of its RAM are its own. */
	return str_copy_within(buf, p, g->ram_size - gpa < size ?
				       g->ram_size - gpa : size);
}

void guest_console_flush(struct guest *g)
{
	if (!g->line_len)
		return;
	kprintf("[%s] %.*s\n", g->name, (int)g->line_len, g->line);
	g->line_len = 0;
}

void guest_console_putc(struct guest *g, char c)
{
	if (c == '\n') {
		if (g->line_len)
			guest_console_flush(g);
		else
			kprintf("[%s]\n", g->name);
		return;
	}
	if (c == '\r')
		return;
	/* Unprintable bytes are shown as '?', so a guest cannot drive the terminal. */
	g->line[g->line_len++] = text_safe_char(c);
	if (g->line_len == GUEST_LINE_MAX)
		guest_console_flush(g);
}
