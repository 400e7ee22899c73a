/* SPDX-License-Identifier: MIT */
/*
 * SVM exit decoding: EXITCODE, EXITINFO1/2 and nRIP into a struct vm_exit.
 * Exit codes are from APM Vol. 2 Appendix C; the IOIO and NPF information
 * from APM 15.10.2 and 15.25.6.
 */
#include "lib/string.h"
#include "svm/svm_decode.h"
#include "svm/vmcb.h"

/*
 * Opcode lengths of the instructions whose exits carry no next RIP without
 * NRIPS (APM Vol. 3): prefixes may come before them, which the caller
 * counts from the guest's memory (e->insn_len_guessed).
 */
#define LEN_CPUID 2		/* 0f a2 */
#define LEN_HLT 1		/* f4 */
#define LEN_MSR 2		/* 0f 32, 0f 30 */
#define LEN_VMMCALL 3		/* 0f 01 d9 */
#define LEN_XSETBV 3		/* 0f 01 d1 */
#define LEN_INVD 2		/* 0f 08; WBINVD 0f 09 */

static uint64_t insn_len(const struct svm_exit_info *x, uint64_t opcode,
			 struct vm_exit *e)
{
	if (x->has_nrip && x->nrip > x->rip)
		return x->nrip - x->rip;
	e->insn_len_guessed = true;
	return opcode;
}

static void decode_ioio(const struct svm_exit_info *x, struct vm_exit *e)
{
	uint64_t i = x->info1;

	e->kind = EXIT_IO;
	e->io.port = (uint16_t)(i >> SVM_IOIO_PORT_SHIFT);
	e->io.size = (i & SVM_IOIO_SZ32) ? 4 : (i & SVM_IOIO_SZ16) ? 2 : 1;
	e->io.in = i & SVM_IOIO_TYPE_IN;
	e->io.string = i & SVM_IOIO_STR;
	e->io.rep = i & SVM_IOIO_REP;
	/* EXITINFO2 is the next RIP for IOIO, with or without NRIPS. */
	e->insn_len = x->info2 > x->rip ? x->info2 - x->rip : 0;
}

static void decode_npf(const struct svm_exit_info *x, struct vm_exit *e)
{
	e->kind = EXIT_NPF;
	e->npf.gpa = x->info2;
	e->npf.present = x->info1 & SVM_NPF_P;
	e->npf.write = x->info1 & SVM_NPF_RW;
	e->npf.fetch = x->info1 & SVM_NPF_ID;
}

/* An exit that only names its kind, and the length of its instruction. */
static void decode_insn(const struct svm_exit_info *x, struct vm_exit *e,
			enum exit_kind kind, uint64_t opcode_len)
{
	e->kind = kind;
	e->insn_len = insn_len(x, opcode_len, e);
}

/* One switch on EXITCODE: a jump, not a chain of tests, on every exit. */
void svm_decode_exit(const struct svm_exit_info *x, struct vm_exit *e)
{
	*e = (struct vm_exit){
		.kind = EXIT_UNKNOWN,
		.code = x->code,
		.raw = { .info1 = x->info1, .info2 = x->info2 },
	};
	if (x->code >= SVM_EXIT_EXCP_BASE && x->code < SVM_EXIT_EXCP_BASE + 32) {
		e->kind = EXIT_EXCEPTION;
		e->exc.vector = (uint8_t)(x->code - SVM_EXIT_EXCP_BASE);
		e->exc.error = (uint32_t)x->info1;
		return;
	}
	switch (x->code) {
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
		e->kind = EXIT_VIRT_INSN;
		break;
	case SVM_EXIT_IOIO:
		decode_ioio(x, e);
		break;
	case SVM_EXIT_NPF:
		decode_npf(x, e);
		break;
	case SVM_EXIT_CPUID:
		decode_insn(x, e, EXIT_CPUID, LEN_CPUID);
		break;
	case SVM_EXIT_HLT:
		decode_insn(x, e, EXIT_HLT, LEN_HLT);
		break;
	case SVM_EXIT_MSR:
		/* EXITINFO1: 0 for RDMSR, 1 for WRMSR (APM 15.11). */
		decode_insn(x, e, x->info1 ? EXIT_MSR_WRITE : EXIT_MSR_READ,
			    LEN_MSR);
		break;
	case SVM_EXIT_VMMCALL:
		decode_insn(x, e, EXIT_HYPERCALL, LEN_VMMCALL);
		break;
	case SVM_EXIT_XSETBV:
		decode_insn(x, e, EXIT_XSETBV, LEN_XSETBV);
		break;
	case SVM_EXIT_INVD:
	case SVM_EXIT_WBINVD:
		decode_insn(x, e, EXIT_CACHE, LEN_INVD);
		break;
	case SVM_EXIT_VINTR:
		e->kind = EXIT_INTR_WINDOW;	/* APM 15.21.4 */
		break;
	case SVM_EXIT_NMI:
		e->kind = EXIT_NMI;	/* still pending: taken at STGI */
		break;
	case SVM_EXIT_IRET:
		e->kind = EXIT_IRET;	/* before it runs: APM 15.9 */
		break;
	case SVM_EXIT_SHUTDOWN:
		e->kind = EXIT_SHUTDOWN;
		break;
	case SVM_EXIT_BUSLOCK:
		e->kind = EXIT_BUSLOCK;	/* fault-like: RIP stays (APM 15.14.5) */
		break;
	case SVM_EXIT_INTR:
		e->kind = EXIT_INTR;
		break;
	case SVM_EXIT_INVALID:
		e->kind = EXIT_INVALID;
		break;
	}
}
