/* SPDX-License-Identifier: MIT */
/* Guest instruction bytes (core/insn.h). */
#include "core/guest.h"
#include "core/hv.h"
#include "core/insn.h"
#include "lib/gwalk.h"

const void *insn_read_phys(void *ctx, uint64_t gpa, size_t len)
{
	return guest_phys(ctx, gpa, len);
}

static int read_linear(struct vcpu *v, const struct vcpu_sysregs *sr,
		       uint64_t addr, void *buf, size_t len)
{
	struct gwalk_ctx c = insn_walk_ctx(v, sr);

	return gwalk_read(&c, addr, buf, len);
}

size_t insn_fetch(struct vcpu *v, const struct vcpu_sysregs *sr,
		  uint64_t rip, uint8_t *buf)
{
	int n = read_linear(v, sr, rip, buf, X86_MAX_INSN_LEN);

	return n > 0 ? (size_t)n : 0;
}

const uint8_t *insn_fetch_across(struct vcpu *v, const struct vcpu_sysregs *sr,
				 uint64_t rip, uint8_t *buf, size_t *n)
{
	*n = insn_fetch(v, sr, rip, buf);
	return buf;
}

bool insn_read_linear(struct vcpu *v, const struct vcpu_sysregs *sr,
		      uint64_t addr, void *buf, size_t len)
{
	return read_linear(v, sr, addr, buf, len) == (int)len;
}

unsigned int insn_prefix_len(struct vcpu *v)
{
	struct vcpu_sysregs sr;
	uint8_t buf[X86_MAX_INSN_LEN];
	const uint8_t *p;
	size_t n;

	vendor->get_sysregs(v, &sr);
	p = insn_bytes(v, &sr, v->regs.rip, buf, &n);
	return x86_prefix_len(p, n, insn_mode(&sr));
}
