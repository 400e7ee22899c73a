/* SPDX-License-Identifier: MIT */
#include "core/detect.h"

#include <stddef.h>

const char *const detect_choices[] = {
	"auto", "hw", "soft", "none", "threshold", "vmexit", "db", NULL,
};

static const char no_hw[] =
    "detect=hw: this CPU has no bus-lock detection (no Bus Lock "
    "Threshold, bus-lock VM exit or bus-lock #DB); bus locks are not "
    "detected";
static const char no_threshold[] =
    "detect=threshold: this CPU has no Bus Lock Threshold (CPUID "
    "8000_000A:EDX[29], with SVM); bus locks are not detected";
static const char no_vmexit[] =
    "detect=vmexit: this CPU has no bus-lock VM exit (VMX, "
    "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 30); bus locks are not "
    "detected";
static const char no_db[] =
    "detect=db: Tollgate has no bus-lock #DB on this CPU (CPUID.(7,0):"
    "ECX[24], with VMX); bus locks are not detected";
static const char no_soft[] =
    "the software detector needs VMX's monitor trap flag, which this "
    "CPU lacks; bus locks are not detected";

/* The best hardware source, threshold first (fault-like, and a budget). */
static enum detect_mode best_hw(const struct detect_offer *o)
{
	if (o->threshold)
		return DETECT_THRESHOLD;
	if (o->vmexit)
		return DETECT_VMEXIT;
	if (o->db)
		return DETECT_DB;
	return DETECT_NONE;
}

/* @mode if @offered, else nothing and @error. */
static struct detect_resolution only(bool offered, enum detect_mode mode,
				     const char *error)
{
	if (offered)
		return (struct detect_resolution){ .mode = mode };
	return (struct detect_resolution){ .mode = DETECT_NONE,
					   .error = error };
}

struct detect_resolution detect_resolve(enum detect_choice choice,
					const struct detect_offer *offer)
{
	enum detect_mode hw = best_hw(offer);
	struct detect_resolution r;

	switch (choice) {
	case DETECT_CHOOSE_NONE:
		return only(true, DETECT_NONE, NULL);
	case DETECT_HW:
		return only(hw != DETECT_NONE, hw, no_hw);
	case DETECT_CHOOSE_THRESHOLD:
		return only(offer->threshold, DETECT_THRESHOLD, no_threshold);
	case DETECT_CHOOSE_VMEXIT:
		return only(offer->vmexit, DETECT_VMEXIT, no_vmexit);
	case DETECT_CHOOSE_DB:
		return only(offer->db, DETECT_DB, no_db);
	case DETECT_CHOOSE_SOFT:
		return only(offer->soft, DETECT_SOFT, no_soft);
	case DETECT_AUTO:
	default:
		if (hw != DETECT_NONE)
			return only(true, hw, NULL);
		r = only(offer->soft, DETECT_SOFT, no_soft);
		r.soft_warning = true;
		return r;
	}
}
