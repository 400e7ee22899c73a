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

static bool is_virt_insn(uint64_t code)
{
	return code == SVM_EXIT_VMRUN || code == SVM_EXIT_VMLOAD ||
	       code == SVM_EXIT_VMSAVE || code == SVM_EXIT_STGI ||
	       code == SVM_EXIT_CLGI || code == SVM_EXIT_SKINIT ||
	       code == SVM_EXIT_INVLPGA;
}

void svm_decode_exit(const struct svm_exit_info *x, struct vm_exit *e)
{
	memset(e, 0, sizeof(*e));
	e->code = x->code;
	e->raw.info1 = x->info1;
	e->raw.info2 = x->info2;
	if (x->code == SVM_EXIT_IOIO) {
		decode_ioio(x, e);
	} else if (x->code == SVM_EXIT_NPF) {
		decode_npf(x, e);
	} else if (x->code == SVM_EXIT_CPUID) {
		e->kind = EXIT_CPUID;
		e->insn_len = insn_len(x, LEN_CPUID, e);
	} else if (x->code == SVM_EXIT_HLT) {
		e->kind = EXIT_HLT;
		e->insn_len = insn_len(x, LEN_HLT, e);
	} else if (x->code == SVM_EXIT_MSR) {
		/* EXITINFO1: 0 for RDMSR, 1 for WRMSR (APM 15.11). */
		e->kind = x->info1 ? EXIT_MSR_WRITE : EXIT_MSR_READ;
		e->insn_len = insn_len(x, LEN_MSR, e);
	} else if (x->code == SVM_EXIT_VMMCALL) {
		e->kind = EXIT_HYPERCALL;
		e->insn_len = insn_len(x, LEN_VMMCALL, e);
	} else if (x->code == SVM_EXIT_XSETBV) {
		e->kind = EXIT_XSETBV;
		e->insn_len = insn_len(x, LEN_XSETBV, e);
	} else if (x->code == SVM_EXIT_INVD || x->code == SVM_EXIT_WBINVD) {
		e->kind = EXIT_CACHE;
		e->insn_len = insn_len(x, LEN_INVD, e);
	} else if (x->code == SVM_EXIT_VINTR) {
		e->kind = EXIT_INTR_WINDOW;	/* APM 15.21.4 */
	} else if (x->code == SVM_EXIT_NMI) {
		e->kind = EXIT_NMI;	/* still pending: taken at STGI */
	} else if (x->code == SVM_EXIT_IRET) {
		e->kind = EXIT_IRET;	/* before it runs: APM 15.9 */
	} else if (x->code == SVM_EXIT_SHUTDOWN) {
		e->kind = EXIT_SHUTDOWN;
	} else if (x->code == SVM_EXIT_BUSLOCK) {
		e->kind = EXIT_BUSLOCK;	/* fault-like: RIP stays (APM 15.14.5) */
	} else if (x->code == SVM_EXIT_INTR) {
		e->kind = EXIT_INTR;
	} else if (x->code == SVM_EXIT_INVALID) {
		e->kind = EXIT_INVALID;
	} else if (is_virt_insn(x->code)) {
		e->kind = EXIT_VIRT_INSN;
	} else if (x->code >= SVM_EXIT_EXCP_BASE &&
		   x->code < SVM_EXIT_EXCP_BASE + 32) {
		e->kind = EXIT_EXCEPTION;
		e->exc.vector = (uint8_t)(x->code - SVM_EXIT_EXCP_BASE);
		e->exc.error = (uint32_t)x->info1;
	} else {
		e->kind = EXIT_UNKNOWN;
	}
}
