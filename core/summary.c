/* SPDX-License-Identifier: MIT */
#include "core/buslock.h"
#include "core/summary.h"
#include "lib/json.h"

/*
 * A string of at most @max bytes of @s (NULL as null): every string is
 * clipped to the length SUMMARY_MAX counts it at, terminated or not.
 */
static void string_clipped(struct json *j, const char *s, size_t max)
{
	size_t n = 0;

	if (!s) {
		json_null(j);
		return;
	}
	while (n < max && s[n])
		n++;
	json_string_n(j, s, n);
}

static void kv_clipped(struct json *j, const char *key, const char *s,
		       size_t max)
{
	json_key(j, key);
	string_clipped(j, s, max);
}

#define kv_word(j, key, s) kv_clipped(j, key, s, SUMMARY_WORD_MAX)
#define kv_array(j, key, a) kv_clipped(j, key, a, sizeof(a) - 1)

static void write_cpu(struct json *j, const struct cpu_caps *c)
{
	json_key(j, "cpu");
	json_object_begin(j);
	json_kv_bool(j, "vmx", c->vmx);
	json_kv_bool(j, "svm", c->svm);
	json_kv_bool(j, "bus_lock_db", c->bus_lock_db);
	json_kv_bool(j, "bus_lock_vmexit", c->bus_lock_vmexit);
	json_kv_bool(j, "bus_lock_threshold", c->bus_lock_threshold);
	json_kv_bool(j, "split_lock_ac", c->split_lock_ac);
	json_kv_bool(j, "virt_disabled_by_firmware",
		     c->vmx_firmware_disabled || c->svm_firmware_disabled);
	kv_array(j, "vendor_id", c->vendor_id);
	json_kv_u64(j, "family", c->family);
	json_kv_u64(j, "model", c->model);
	json_kv_u64(j, "stepping", c->stepping);
	json_object_end(j);
}

/* An array of @count strings @stride bytes apart, with "(N more)" when some were dropped. */
static void write_strings(struct json *j, const char *key,
			  const char *first, size_t stride,
			  unsigned int count, unsigned int dropped)
{
	char more[40];
	unsigned int i;

	json_key(j, key);
	json_array_begin(j);
	for (i = 0; i < count; i++)
		string_clipped(j, first + (size_t)i * stride, stride - 1);
	if (dropped) {
		ksnprintf(more, sizeof(more), "(%u more)", dropped);
		json_string(j, more);
	}
	json_array_end(j);
}

static void write_guest(struct json *j, const struct guest *g)
{
	char policy[24];
	unsigned int i;

	json_object_begin(j);
	kv_array(j, "name", g->name);
	kv_word(j, "state", guest_state_name(g->state));
	kv_array(j, "reason", g->reason);
	json_key(j, "exits");
	json_object_begin(j);
	for (i = 0; i < EXIT_KIND_COUNT; i++)
		json_kv_u64(j, exit_kind_names[i], g->exits[i]);
	json_object_end(j);
	json_kv_u64(j, "bus_locks", g->bus_locks);
	json_key(j, "bus_locks_by_source");
	json_object_begin(j);
	for (i = 0; i < BUSLOCK_SRC_COUNT; i++)
		json_kv_u64(j, buslock_source_names[i], g->bus_locks_by_source[i]);
	json_object_end(j);
	json_key(j, "first_bus_lock_rip");
	if (g->saw_bus_lock)
		json_u64(j, g->first_bus_lock_rip);
	else
		json_null(j);
	json_kv_u64(j, "throttled_us", g->throttled_us);
	json_kv_i64(j, "cpu", g->cpu);
	json_kv_u64(j, "run_us", g->run_us);
	json_kv_u64(j, "turns", g->turns);
	json_kv_u64(j, "entry_tsc", g->entry_tsc);
	json_kv_u64(j, "work", g->work);
	policy_format(&g->policy, policy, sizeof(policy));
	kv_word(j, "policy", policy);
	kv_word(j, "detect", detect_mode_names[g->vcpu.detect]);
	/* What the software detector steps: CPL 3 only, or everything. */
	json_key(j, "soft");
	if (g->vcpu.detect == DETECT_SOFT)
		json_string(j, g->vcpu.soft.scope == SOFT_USER ? "user" : "all");
	else
		json_null(j);
	json_key(j, "report");
	json_object_begin(j);
	/* Keys are NUL-terminated in their arrays (guest_report_set()). */
	for (i = 0; i < g->report_count && i < GUEST_REPORT_MAX; i++)
		json_kv_u64(j, g->report[i].key, g->report[i].value);
	json_object_end(j);
	json_object_end(j);
}

static void write_guests(struct json *j, const struct summary *s)
{
	unsigned int i;

	json_key(j, "guests");
	json_array_begin(j);
	for (i = 0; i < s->guest_count; i++)
		write_guest(j, &s->guests[i]);
	json_array_end(j);
}

bool summary_pass(const struct summary *s)
{
	unsigned int i;

	for (i = 0; i < s->guest_count; i++)
		if (s->guests[i].state == GUEST_FAILED)
			return false;
	return s->pass;
}

bool summary_write(const struct summary *s, char *buf, size_t size)
{
	const struct cmdline_errors *ce = s->cmdline_errors;
	const struct msglog *el = s->errors;
	struct json j;

	json_init(&j, buf, size);
	json_object_begin(&j);
	kv_word(&j, "tollgate", s->version);
	json_kv_string(&j, "boot", s->boot == BOOT_PROTO_MULTIBOOT1 ?
					   "multiboot1" : "multiboot2");
	json_kv_string(&j, "firmware", s->uefi ? "uefi" : "bios");
	json_kv_string(&j, "vendor", cpu_caps_vendor_name(s->cpu));
	json_kv_string(&j, "virt", cpu_caps_virt(s->cpu));
	json_kv_u64(&j, "cpus", s->cpus);
	json_kv_u64(&j, "cpus_found", s->cpus_found ? s->cpus_found : 1);
	json_kv_u64(&j, "slice_ms", s->slice_ms);
	kv_word(&j, "detect", s->detect ? s->detect : "none");
	kv_word(&j, "policy", s->policy ? s->policy : "warn");
	kv_word(&j, "screen", s->screen);
	write_cpu(&j, s->cpu);
	write_strings(&j, "cmdline_errors", ce->msg[0],
		      sizeof(ce->msg[0]), ce->count, ce->dropped);
	write_strings(&j, "errors", el->msg[0],
		      sizeof(el->msg[0]), el->count, el->dropped);
	write_guests(&j, s);
	if (s->guests_skipped)
		kv_clipped(&j, "guests_skipped", s->guests_skipped,
			   SUMMARY_SKIPPED_MAX);
	json_kv_string(&j, "result", summary_pass(s) ? "pass" : "fail");
	json_object_end(&j);
	return json_ok(&j);
}
