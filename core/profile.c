/* SPDX-License-Identifier: MIT */
/*
 * The exit-path profile (core/profile.h), built only with `make PROFILE=1`.
 * Each probe reads the TSC twice: once to close the phase it leaves, and
 * again after its own bookkeeping, so that only its call and return remain
 * inside the phases; that remainder, the same for every probe, is measured
 * on the guest's first entry and taken off every phase it closes.
 */
#ifdef TG_PROFILE
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "core/console.h"
#include "core/guest.h"
#include "core/profile.h"
#include "lib/json.h"

static const char *const phase_names[PHASE_COUNT] = {
	[PHASE_SWITCH] = "switch",   [PHASE_READ] = "read",
	[PHASE_DECODE] = "decode",   [PHASE_HANDLER] = "handler",
	[PHASE_ACCOUNT] = "account", [PHASE_SCHED] = "sched",
	[PHASE_SOFT] = "soft",	     [PHASE_ENTRY] = "entry",
	[PHASE_TURN] = "turn",
};

struct exit_profile {
	bool started;
	uint64_t probe;		/* a probe's own instructions */
	uint64_t last;		/* TSC at the start of the current phase */
	enum exit_phase phase;
	enum exit_kind kind;	/* of the exit being handled */
	bool have_kind;
	uint64_t cur[PHASE_COUNT];	/* the exit being handled */
	uint64_t sum[EXIT_KIND_COUNT][PHASE_COUNT];
	uint64_t count[EXIT_KIND_COUNT];
};

static struct exit_profile profiles[MAX_GUESTS];

static struct exit_profile *profile_of(struct vcpu *v)
{
	return &profiles[v->guest->id - 1];
}

/* Adds the phase that ended at @now, less the probe that ended it. */
static void close_phase(struct exit_profile *p, uint64_t now)
{
	uint64_t spent = now - p->last;

	p->cur[p->phase] += spent > p->probe ? spent - p->probe : 0;
}

__attribute__((noinline)) void profile_phase(struct vcpu *v,
					      enum exit_phase next)
{
	struct exit_profile *p = profile_of(v);

	close_phase(p, rdtsc());
	p->phase = next;
	p->last = rdtsc();
}

enum exit_phase profile_push(struct vcpu *v, enum exit_phase p)
{
	enum exit_phase was = profile_of(v)->phase;

	profile_phase(v, p);
	return was;
}

void profile_exit_kind(struct vcpu *v, enum exit_kind kind)
{
	struct exit_profile *p = profile_of(v);

	p->kind = kind;
	p->have_kind = true;
}

/* Two probes in a row: what lies between their TSC reads is one probe. */
static void calibrate(struct vcpu *v, struct exit_profile *p)
{
	p->probe = 0;
	p->phase = PHASE_TURN;
	p->last = rdtsc();
	profile_phase(v, PHASE_TURN);
	p->cur[PHASE_TURN] = 0;
	profile_phase(v, PHASE_TURN);
	p->probe = p->cur[PHASE_TURN];
	p->cur[PHASE_TURN] = 0;
	p->started = true;
}

__attribute__((noinline)) void profile_entry(struct vcpu *v)
{
	struct exit_profile *p = profile_of(v);
	unsigned int i;

	if (!p->started)
		calibrate(v, p);
	close_phase(p, rdtsc());
	for (i = 0; i < PHASE_COUNT; i++) {
		if (p->have_kind)
			p->sum[p->kind][i] += p->cur[i];
		p->cur[i] = 0;
	}
	p->count[p->kind] += p->have_kind;
	p->have_kind = false;
	p->phase = PHASE_SWITCH;
	p->last = rdtsc();
}

static void write_kind(struct json *j, const struct exit_profile *p,
		       enum exit_kind k)
{
	unsigned int i;

	json_key(j, exit_kind_names[k]);
	json_object_begin(j);
	json_kv_u64(j, "exits", p->count[k]);
	for (i = 0; i < PHASE_COUNT; i++)
		json_kv_u64(j, phase_names[i], p->sum[k][i]);
	json_object_end(j);
}

void profile_report(struct vcpu *v)
{
	static char buf[8192];
	const struct exit_profile *p = profile_of(v);
	struct json j;
	unsigned int k;

	console_lock();		/* one buffer for every CPU */
	json_init(&j, buf, sizeof(buf));
	json_object_begin(&j);
	json_kv_string(&j, "guest", v->guest->name);
	json_kv_u64(&j, "probe", p->probe);
	json_key(&j, "kinds");
	json_object_begin(&j);
	for (k = 0; k < EXIT_KIND_COUNT; k++)
		if (p->count[k])
			write_kind(&j, p, (enum exit_kind)k);
	json_object_end(&j);
	json_object_end(&j);
	kprintf("PROFILE %s\n", json_ok(&j) ? buf : "{}");
	console_unlock();
}
#endif
