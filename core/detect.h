/* SPDX-License-Identifier: MIT */
/*
 * The detect= key: which bus-lock detector a run uses, chosen against what
 * the CPU and its back end offer.  Pure logic: host tests include it too.
 */
#ifndef TG_CORE_DETECT_H
#define TG_CORE_DETECT_H

#include <stdbool.h>

#include "core/vm.h"

/*
 * The values of the detect= key, in the order of detect_choices[]:
 * auto|hw|soft|none|threshold|vmexit|db.  New values go at the end.
 */
enum detect_choice {
	DETECT_AUTO,
	DETECT_HW,
	DETECT_CHOOSE_SOFT,
	DETECT_CHOOSE_NONE,
	DETECT_CHOOSE_THRESHOLD,
	DETECT_CHOOSE_VMEXIT,
	DETECT_CHOOSE_DB,
};

/* NULL-terminated, for cmdline_enum(). */
extern const char *const detect_choices[];

/*
 * soft= and NAME.soft=: what the software detector steps.  auto: only
 * CPL 3 of an operating system (a Multiboot or Linux guest, which has its
 * own kernel), everything of Tollgate's own test guests.
 */
enum soft_choice {
	SOFT_CHOICE_AUTO,
	SOFT_CHOICE_USER,
	SOFT_CHOICE_ALL,
};

/* The detectors this CPU and back end can use. */
struct detect_offer {
	bool threshold; /* AMD Bus Lock Threshold (APM 15.14.5) */
	bool vmexit;	/* Intel bus-lock VM exit (SDM 24.6.2, Table 24-7) */
	bool db;	/* bus-lock #DB (SDM 17.2.3, DR6 bit 11) */
	bool soft;	/* the software detector's stepping (VMX: MTF) */
};

/* What a detect= choice comes to on one CPU. */
struct detect_resolution {
	enum detect_mode mode;
	const char *error; /* why the choice cannot be had, or NULL */
	bool soft_warning; /* auto fell back to the software detector */
};

/*
 * @choice against @offer: auto takes the hardware (threshold, then VM exit,
 * then #DB), else the software detector with a warning; hw the hardware or
 * nothing; threshold, vmexit and db that one source or nothing; soft the
 * software detector or nothing.  "Nothing" comes with an error in words.
 */
struct detect_resolution detect_resolve(enum detect_choice choice,
					const struct detect_offer *offer);

#endif
