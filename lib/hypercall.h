/* SPDX-License-Identifier: MIT */
/*
 * The guest <-> Tollgate ABI, the same on both vendors (docs/guest-abi.md).
 * Included by the hypervisor and by the guests under guest/.
 *
 * A guest starts in 32-bit protected mode: flat 4 GiB code (selector 0x08)
 * and data (0x10) segments, paging and interrupts off, EIP at its ELF entry,
 * EAX = GUEST_BOOT_MAGIC, EBX = its RAM size in bytes.  Its RAM is
 * guest-physical [0, RAM size); nothing else is mapped.
 *
 * A hypercall is VMCALL on Intel and VMMCALL on AMD; CPUID leaf
 * TG_CPUID_ABI says which.  RAX holds the call number, RBX, RCX and RDX
 * its arguments; the result comes back in RAX (negative: an error).
 * Hypercalls are taken from CPL 0 only.  Strings are passed by their
 * guest-physical address and end with a NUL.
 */
#ifndef TG_LIB_HYPERCALL_H
#define TG_LIB_HYPERCALL_H

#define GUEST_BOOT_MAGIC 0x544c4754	/* "TGLT" */
#define GUEST_CODE32_SEL 0x08
#define GUEST_DATA_SEL 0x10

/* CPUID leaves a guest sees from Tollgate (the hypervisor range). */
#define TG_CPUID_SIGNATURE 0x40000000	/* EAX: max leaf; EBX,ECX,EDX: "TollgateHV\0\0" */
#define TG_CPUID_ABI 0x40000001		/* EAX: ABI version; EBX: instruction */
#define TG_ABI_VERSION 1
#define TG_HYPERCALL_VMCALL 1
#define TG_HYPERCALL_VMMCALL 2

/* Call numbers. */
#define HC_EXIT 1	/* RBX: 0 all checks passed, else failed.  No return. */
#define HC_REPORT 2	/* RBX: key string, RCX: value. Adds "key": value to the report. */
#define HC_FAIL 3	/* RBX: message.  A failed check: the guest stops, "failed". */
#define HC_PARAM 4	/* RBX: key string, RCX: default.  Returns NAME.key= or the default. */
#define HC_PROGRESS 5	/* RBX: units of work done, RCX: TSC ticks they took.  For STATS. */

/* Errors returned in RAX. */
#define HC_EINVAL (-22)	/* bad argument: a string outside RAM or too long */
#define HC_EPERM (-1)	/* called from CPL > 0 */
#define HC_ENOSYS (-38)	/* unknown call number */

#define HC_KEY_MAX 32	/* bytes, NUL included */
#define HC_MSG_MAX 128

#endif
