/* SPDX-License-Identifier: MIT */
/* Reading a guest's instructions from its memory, through its page tables. */
#ifndef TG_CORE_INSN_H
#define TG_CORE_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/vm.h"
#include "lib/x86dec.h"

/*
 * Reads up to X86_MAX_INSN_LEN bytes of @v's code at linear @rip into @buf,
 * walking the guest's page tables as @sr describes them; returns how many
 * could be read (0: the guest would take a #PF there).
 */
size_t insn_fetch(struct vcpu *v, const struct vcpu_sysregs *sr,
		  uint64_t rip, uint8_t *buf);

/*
 * The same bytes, where they are (*@n of them): in place in the guest's
 * RAM when all X86_MAX_INSN_LEN lie in one page, else copied into @buf
 * as insn_fetch() does.  For a caller that only looks at them, and
 * before the guest runs again.
 */
const uint8_t *insn_bytes(struct vcpu *v, const struct vcpu_sysregs *sr,
			  uint64_t rip, uint8_t *buf, size_t *n);

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
