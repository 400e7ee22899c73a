/* SPDX-License-Identifier: MIT */
/* Guest instruction bytes (core/insn.h). */
#include "core/guest.h"
#include "core/hv.h"
#include "core/insn.h"
#include "lib/gwalk.h"

static const void *read_guest_phys(void *ctx, uint64_t gpa, size_t len)
{
	return guest_phys(ctx, gpa, len);
}

static int read_linear(struct vcpu *v, const struct vcpu_sysregs *sr,
		       uint64_t addr, void *buf, size_t len)
{
	struct gwalk_ctx c = {
		.cr0 = sr->cr0, .cr3 = sr->cr3, .cr4 = sr->cr4, .efer = sr->efer,
		.read_phys = read_guest_phys, .ctx = v->guest,
		.memo = v->code_memo,
	};

	return gwalk_read(&c, addr, buf, len);
}

size_t insn_fetch(struct vcpu *v, const struct vcpu_sysregs *sr,
		  uint64_t rip, uint8_t *buf)
{
	int n = read_linear(v, sr, rip, buf, X86_MAX_INSN_LEN);

	return n > 0 ? (size_t)n : 0;
}

bool insn_read_linear(struct vcpu *v, const struct vcpu_sysregs *sr,
		      uint64_t addr, void *buf, size_t len)
{
	return read_linear(v, sr, addr, buf, len) == (int)len;
}

enum x86_mode insn_mode(const struct vcpu_sysregs *sr)
{
	return sr->code64 ? X86_MODE_64 : X86_MODE_32;
}

unsigned int insn_prefix_len(struct vcpu *v)
{
	struct vcpu_sysregs sr;
	uint8_t buf[X86_MAX_INSN_LEN];
	size_t n;

	vendor->get_sysregs(v, &sr);
	n = insn_fetch(v, &sr, v->regs.rip, buf);
	return x86_prefix_len(buf, n, insn_mode(&sr));
}
