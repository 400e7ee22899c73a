/* SPDX-License-Identifier: MIT */
/*
 * The names the summary prints for exit kinds, guest states and bus-lock
 * sources: part of the SUMMARY contract (README.md), so never renamed.
 */
#include "core/buslock.h"
#include "core/guest.h"

const char *const exit_kind_names[EXIT_KIND_COUNT] = {
	[EXIT_HYPERCALL] = "hypercall",	[EXIT_CPUID] = "cpuid",
	[EXIT_IO] = "io",		[EXIT_MSR_READ] = "rdmsr",
	[EXIT_MSR_WRITE] = "wrmsr",	[EXIT_HLT] = "hlt",
	[EXIT_SHUTDOWN] = "shutdown",	[EXIT_NPF] = "npf",
	[EXIT_VIRT_INSN] = "virt_insn",	[EXIT_BUSLOCK] = "buslock",
	[EXIT_EXCEPTION] = "exception",	[EXIT_INTR] = "intr",
	[EXIT_INVALID] = "invalid",	[EXIT_UNKNOWN] = "unknown",
	[EXIT_STEP] = "step",		[EXIT_MOV_DR] = "mov_dr",
	[EXIT_PREEMPT] = "preempt",	[EXIT_XSETBV] = "xsetbv",
	[EXIT_CACHE] = "cache",		[EXIT_NMI] = "nmi",
	[EXIT_INTR_WINDOW] = "intr_window",	[EXIT_CR] = "cr",
	[EXIT_IRET] = "iret",
};

const char *const detect_mode_names[DETECT_MODE_COUNT] = {
	[DETECT_NONE] = "none",		[DETECT_THRESHOLD] = "threshold",
	[DETECT_VMEXIT] = "vmexit",	[DETECT_DB] = "db",
	[DETECT_SOFT] = "soft",
};

const char *const buslock_source_names[BUSLOCK_SRC_COUNT] = {
	[BUSLOCK_SRC_THRESHOLD] = "threshold",
	[BUSLOCK_SRC_VMEXIT] = "vmexit",
	[BUSLOCK_SRC_DB] = "db",
	[BUSLOCK_SRC_SOFT] = "soft",
};

const char *guest_state_name(enum guest_state s)
{
	switch (s) {
	case GUEST_READY:
		return "ready";
	case GUEST_RUNNING:
		return "running";
	case GUEST_DONE:
		return "done";
	case GUEST_FAILED:
		return "failed";
	case GUEST_KILLED:
		return "killed";
	case GUEST_RESET:
		return "reset";
	}
	return "unknown";
}
