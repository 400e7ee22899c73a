/* SPDX-License-Identifier: MIT */
/*
 * The command-line keys.  Each is documented in README.md ("Command line");
 * a later feature adds its key here and there.
 */
#include "core/catalog.h"
#include "core/console.h"
#include "core/run.h"
#include "lib/string.h"

#define MAX_KEYS (15 + CATALOG_MAX * (GUEST_PARAM_DECLS + 6))
#define STATS_DEFAULT_MS 100
#define STATS_MAX_MS 3600000
#define SLICE_DEFAULT_MS 10
#define SLICE_MAX_MS 10000

static const char *const exit_choices[] = { "auto", "qemu", "bochs", "halt",
					    NULL };
static const char *const fault_choices[] = { "none", "ud", "gp", "pf", "de",
					     NULL };
static const char *const tsc_choices[] = { "auto", "hpet", NULL };
/* soft= and NAME.soft=: enum soft_choice. */
static const char *const soft_choices[] = { "auto", "user", "all", NULL };

/* buslock= and NAME.buslock=: off|warn|ratelimit:N|fatal (lib/policy.c). */
static bool parse_policy(const struct cmdline_key *key, const char *val,
			 size_t len, char *why, size_t whylen)
{
	struct policy_option *opt = key->dst;
	struct buslock_policy p;

	if (policy_parse(val, len, &p, why, whylen) < 0)
		return false;
	opt->policy = p;
	opt->set = true;
	return true;
}

struct buslock_policy config_default_policy(void)
{
	struct buslock_policy warn;

	if (the_run.config.buslock.set)
		return the_run.config.buslock.policy;
	policy_parse("warn", 4, &warn, NULL, 0);
	return warn;
}

/* Adds one name of a guests= list; false with the reason in @why. */
static bool add_guest(struct guest_list *list, const char *name, size_t len,
		      char *why, size_t whylen)
{
	const struct catalog_entry *e = catalog_find(name, len);
	unsigned int i;

	if (!e) {
		ksnprintf(why, whylen, "no guest '%.*s' (there are %s)",
			  (int)len, name, catalog_names());
		return false;
	}
	for (i = 0; i < list->count; i++) {
		if (list->entry[i] == e) {
			ksnprintf(why, whylen, "'%s' is listed twice", e->name);
			return false;
		}
	}
	if (list->count == MAX_GUESTS) {
		ksnprintf(why, whylen, "more than %d guests", MAX_GUESTS);
		return false;
	}
	list->entry[list->count++] = e;
	return true;
}

/* guests=NAME[,NAME...] or guests=none; the list is replaced only if all is well. */
static bool parse_guests(const struct cmdline_key *key, const char *val,
			 size_t len, char *why, size_t whylen)
{
	struct guest_list list = { 0 };
	size_t start = 0, i;

	if (len == 4 && !memcmp(val, "none", 4)) {
		*(struct guest_list *)key->dst = list;
		return true;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && val[i] != ',')
			continue;
		if (i == start) {
			ksnprintf(why, whylen, "empty guest name in '%.*s'",
				  (int)len, val);
			return false;
		}
		if (!add_guest(&list, val + start, i - start, why, whylen))
			return false;
		start = i + 1;
	}
	*(struct guest_list *)key->dst = list;
	return true;
}

/* NAME.key for every parameter of every guest in the catalogue. */
static size_t guest_param_keys(struct cmdline_key *keys, size_t n)
{
	unsigned int i, j;

	for (i = 0; i < catalog_count(); i++) {
		struct catalog_entry *e = catalog_entry_at(i);

		for (j = 0; e->params && e->params[j].key; j++) {
			const struct guest_param_decl *d = &e->params[j];

			ksnprintf(e->keys[j], sizeof(e->keys[j]), "%s.%s",
				  e->name, d->key);
			e->values[j] = d->dflt;
			keys[n++] = (struct cmdline_key){
				.name = e->keys[j], .parse = cmdline_u64,
				.dst = &e->values[j], .min = d->min,
				.max = d->max,
			};
		}
		ksnprintf(e->policy_key, sizeof(e->policy_key), "%s.buslock",
			  e->name);
		e->policy.set = false;
		keys[n++] = (struct cmdline_key){ .name = e->policy_key,
			.parse = parse_policy, .dst = &e->policy };
		ksnprintf(e->cpu_key, sizeof(e->cpu_key), "%s.cpu", e->name);
		e->cpu = CATALOG_NO_CPU;
		keys[n++] = (struct cmdline_key){ .name = e->cpu_key,
			.parse = cmdline_u64, .dst = &e->cpu, .min = 0,
			.max = CATALOG_CPU_MAX };
		/* 0 passes here, to be refused with the guest (core/hv.c). */
		ksnprintf(e->timeout_key, sizeof(e->timeout_key), "%s.timeout",
			  e->name);
		e->timeout_s = CATALOG_NO_TIMEOUT;
		keys[n++] = (struct cmdline_key){ .name = e->timeout_key,
			.parse = cmdline_u64, .dst = &e->timeout_s, .min = 0,
			.max = TIMEOUT_MAX_S };
		ksnprintf(e->mem_key, sizeof(e->mem_key), "%s.mem", e->name);
		e->mem_mib = CATALOG_MEM_DEFAULT;
		keys[n++] = (struct cmdline_key){ .name = e->mem_key,
			.parse = cmdline_u64, .dst = &e->mem_mib, .min = 0,
			.max = CATALOG_MEM_MAX };
		ksnprintf(e->detect_key, sizeof(e->detect_key), "%s.detect",
			  e->name);
		e->detect = -1;
		keys[n++] = (struct cmdline_key){ .name = e->detect_key,
			.parse = cmdline_enum, .dst = &e->detect,
			.choices = detect_choices };
		ksnprintf(e->soft_key, sizeof(e->soft_key), "%s.soft",
			  e->name);
		e->soft = -1;
		keys[n++] = (struct cmdline_key){ .name = e->soft_key,
			.parse = cmdline_enum, .dst = &e->soft,
			.choices = soft_choices };
	}
	return n;
}

void config_parse(const char *line)
{
	static struct cmdline_key keys[MAX_KEYS];
	struct config *c = &the_run.config;
	struct cmdline_errors *errs = &the_run.cmdline_errors;
	size_t n = 0;
	unsigned int i;

	c->exit_mode = EXIT_AUTO;
	c->debug_fault = FAULT_NONE;
	c->debug_fault_cpu = 0;
	c->detect = DETECT_AUTO;
	c->soft = SOFT_CHOICE_AUTO;
	c->buslock.set = false;
	c->stats_ms = STATS_DEFAULT_MS;
	c->slice_ms = SLICE_DEFAULT_MS;
	c->debug_ap_silent = 0;
	c->debug_nmi = 0;
	c->timeout_s = 0;
	c->debug_tsc = DEBUG_TSC_AUTO;
	c->guests.count = 0;
	add_guest(&c->guests, "xchg", 4, NULL, 0);
	keys[n++] = (struct cmdline_key){ .name = "exit", .parse = cmdline_enum,
		.dst = &c->exit_mode, .choices = exit_choices };
	keys[n++] = (struct cmdline_key){ .name = "debug.fault",
		.parse = cmdline_enum, .dst = &c->debug_fault,
		.choices = fault_choices };
	keys[n++] = (struct cmdline_key){ .name = "guests",
		.parse = parse_guests, .dst = &c->guests };
	keys[n++] = (struct cmdline_key){ .name = "detect",
		.parse = cmdline_enum, .dst = &c->detect,
		.choices = detect_choices };
	keys[n++] = (struct cmdline_key){ .name = "soft",
		.parse = cmdline_enum, .dst = &c->soft,
		.choices = soft_choices };
	keys[n++] = (struct cmdline_key){ .name = "buslock",
		.parse = parse_policy, .dst = &c->buslock };
	keys[n++] = (struct cmdline_key){ .name = "stats",
		.parse = cmdline_u64, .dst = &c->stats_ms, .min = 0,
		.max = STATS_MAX_MS };
	keys[n++] = (struct cmdline_key){ .name = "debug.fault_cpu",
		.parse = cmdline_u64, .dst = &c->debug_fault_cpu, .min = 0,
		.max = 255 };
	keys[n++] = (struct cmdline_key){ .name = "debug.ap_silent",
		.parse = cmdline_u64, .dst = &c->debug_ap_silent, .min = 1,
		.max = 255 };
	keys[n++] = (struct cmdline_key){ .name = "timeout",
		.parse = cmdline_u64, .dst = &c->timeout_s, .min = 0,
		.max = TIMEOUT_MAX_S };
	keys[n++] = (struct cmdline_key){ .name = "debug.nmi",
		.parse = cmdline_u64, .dst = &c->debug_nmi, .min = 0,
		.max = 1 };
	keys[n++] = (struct cmdline_key){ .name = "debug.tsc",
		.parse = cmdline_enum, .dst = &c->debug_tsc,
		.choices = tsc_choices };
	keys[n++] = (struct cmdline_key){ .name = "slice",
		.parse = cmdline_u64, .dst = &c->slice_ms, .min = 1,
		.max = SLICE_MAX_MS };
	n = guest_param_keys(keys, n);

	cmdline_parse(line, keys, n, errs);
	for (i = 0; i < errs->count; i++)
		kprintf("Tollgate: warning: command line: %s (default used)\n",
			errs->msg[i]);
	if (errs->dropped)
		kprintf("Tollgate: warning: command line: %u more errors\n",
			errs->dropped);
}
