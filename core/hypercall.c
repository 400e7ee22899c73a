/* SPDX-License-Identifier: MIT */
/* Hypercalls (lib/hypercall.h, docs/guest-abi.md). */
#include "core/console.h"
#include "core/guest.h"
#include "core/hypercall.h"
#include "lib/text.h"

static int64_t hc_exit(struct guest *g, const struct vcpu_regs *r)
{
	guest_console_flush(g);
	if (r->rbx)
		guest_stop(g, GUEST_FAILED, "exited with status %llu",
			   (unsigned long long)r->rbx);
	else
		guest_stop(g, GUEST_DONE, "%s", "");
	return 0;
}

static int64_t hc_report(struct guest *g, const struct vcpu_regs *r)
{
	char key[HC_KEY_MAX];

	/* The key goes into the SUMMARY as it is: [A-Za-z0-9_.-] only. */
	if (!guest_read_string(g, r->rbx, key, sizeof(key)) ||
	    !text_is_key(key, sizeof(key)))
		return HC_EINVAL;
	if (!guest_report_set(g, key, r->rcx))
		return HC_EINVAL;
	return 0;
}

static int64_t hc_fail(struct guest *g, const struct vcpu_regs *r)
{
	char msg[HC_MSG_MAX];

	guest_console_flush(g);
	if (!guest_read_string(g, r->rbx, msg, sizeof(msg)))
		guest_stop(g, GUEST_FAILED,
			   "failed a check (its message at 0x%llx is unreadable)",
			   (unsigned long long)r->rbx);
	else
		guest_stop(g, GUEST_FAILED, "%s", msg);
	return 0;
}

/* Read by the STATS line on another CPU: whole 64-bit stores. */
static int64_t hc_progress(struct guest *g, const struct vcpu_regs *r)
{
	counter_add(&g->work, r->rbx);
	counter_add(&g->work_tsc, r->rcx);
	return 0;
}

static int64_t hc_param(struct guest *g, const struct vcpu_regs *r)
{
	char key[HC_KEY_MAX];
	uint64_t value;

	if (!guest_read_string(g, r->rbx, key, sizeof(key)))
		return HC_EINVAL;
	return guest_param_get(g, key, &value) ? (int64_t)value :
						 (int64_t)r->rcx;
}

void hypercall_handle(struct vcpu *v, const struct vm_exit *e)
{
	struct guest *g = v->guest;
	int64_t ret;

	if (v->regs.cpl != 0) {
		ret = HC_EPERM;
	} else {
		switch (v->regs.rax) {
		case HC_EXIT:
			ret = hc_exit(g, &v->regs);
			break;
		case HC_REPORT:
			ret = hc_report(g, &v->regs);
			break;
		case HC_FAIL:
			ret = hc_fail(g, &v->regs);
			break;
		case HC_PARAM:
			ret = hc_param(g, &v->regs);
			break;
		case HC_PROGRESS:
			ret = hc_progress(g, &v->regs);
			break;
		default:
			ret = HC_ENOSYS;
		}
	}
	v->regs.rax = (uint64_t)ret;
	v->regs.rip += e->insn_len;
}
