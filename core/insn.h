/* SPDX-License-Identifier: MIT */
/* Reading a guest's instructions from its memory, through its page tables. */
#ifndef TG_CORE_INSN_H
#define TG_CORE_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"
#include "lib/gwalk.h"
#include "lib/x86dec.h"

/*
 * Reads up to X86_MAX_INSN_LEN bytes of @v's code at linear @rip into @buf,
 * walking the guest's page tables as @sr describes them; returns how many
 * could be read (0: the guest would take a #PF there).
 */
size_t insn_fetch(struct vcpu *v, const struct vcpu_sysregs *sr,
		  uint64_t rip, uint8_t *buf);

/* gwalk's read_phys for a guest: its RAM (guest_phys()), @ctx its guest. */
const void *insn_read_phys(void *ctx, uint64_t gpa, size_t len);

/* The walk of @v's page tables as @sr gives them, with its code memo. */
static inline struct gwalk_ctx insn_walk_ctx(struct vcpu *v,
					     const struct vcpu_sysregs *sr)
{
	return (struct gwalk_ctx){
		.cr0 = sr->cr0, .cr3 = sr->cr3, .cr4 = sr->cr4, .efer = sr->efer,
		.read_phys = insn_read_phys, .ctx = v->guest,
		.memo = v->code_memo,
	};
}

/* insn_bytes() at the end of a page: the next page's bytes, copied. */
const uint8_t *insn_fetch_across(struct vcpu *v, const struct vcpu_sysregs *sr,
				 uint64_t rip, uint8_t *buf, size_t *n);

/*
 * The same bytes, where they are (*@n of them): in place in the guest's
 * RAM when all X86_MAX_INSN_LEN lie in one page, else copied into @buf
 * as insn_fetch() does.  For a caller that only looks at them, and
 * before the guest runs again.  Inline: the software detector's every step.
 */
static inline const uint8_t *insn_bytes(struct vcpu *v,
					const struct vcpu_sysregs *sr,
					uint64_t rip, uint8_t *buf, size_t *n)
{
	struct gwalk_ctx c = insn_walk_ctx(v, sr);
	size_t avail;
	int err;
	const uint8_t *p = gwalk_peek(&c, rip, &avail, &err);

	if (p && avail >= X86_MAX_INSN_LEN) {
		*n = X86_MAX_INSN_LEN;
		return p;
	}
	return insn_fetch_across(v, sr, rip, buf, n);
}

/*
 * Reads the @len bytes of @v's memory at linear @addr into @buf, walking
 * its page tables as @sr describes them; false if not all could be read.
 */
bool insn_read_linear(struct vcpu *v, const struct vcpu_sysregs *sr,
		      uint64_t addr, void *buf, size_t len);

/* The mode the code at the guest's RIP runs in, for the decoder. */
static inline enum x86_mode insn_mode(const struct vcpu_sysregs *sr)
{
	return sr->code64 ? X86_MODE_64 : X86_MODE_32;
}

/* Prefix bytes before the opcode of @v's instruction at its RIP. */
unsigned int insn_prefix_len(struct vcpu *v);

#endif
