/* SPDX-License-Identifier: MIT */
/*
 * DR6, the debug status register, as a hypervisor shows it to a guest: the
 * value a reflected #DB leaves in it, and what a guest's MOV to DR6 stores.
 *
 * DR6 (SDM Vol. 3B 17.2.3) reports most causes of a #DB with a bit set
 * (B0-B3, BD, BS, BT) but two with a bit cleared: BLD, bit 11, a bus lock
 * (Intel ISE "Bus Lock Detection", shared/BUSLOCK.md) and RTM, bit 16.
 * A VMX exit qualification for #DB (SDM 27.2.1, Table 27-1) reports every
 * cause, those two included, with a bit set: the DB_QUAL_* bits below,
 * which sit at the same positions as the DR6_* bits.
 */
#ifndef TG_LIB_DR6_H
#define TG_LIB_DR6_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/bits.h"

/* DR6: SDM 17.2.3, Figure 17-1. */
#define DR6_B0 BIT(0)			/* breakpoint 0 matched */
#define DR6_B1 BIT(1)
#define DR6_B2 BIT(2)
#define DR6_B3 BIT(3)
#define DR6_BP_MASK 0xf			/* B0-B3 */
#define DR6_BUS_LOCK BIT(11)		/* BLD, active-low: 0 = bus lock */
#define DR6_BD BIT(13)			/* debug-register access detected */
#define DR6_BS BIT(14)			/* single step */
#define DR6_BT BIT(15)			/* task switch */
#define DR6_RTM BIT(16)			/* active-low: 0 = in an RTM region */
#define DR6_ACTIVE_LOW (DR6_BUS_LOCK | DR6_RTM)
/* Reserved, read as 1: bits 4-10 and 17-31 (and 11 without BLD). */
#define DR6_FIXED_1 0xfffe07f0
/* Reserved, read as 0: bit 12; bits 63:32 must be written 0. */
#define DR6_FIXED_0 0xffffffff00001000ull
/* The value at power-up, reset and INIT: SDM Vol. 3A 9.1.1, Table 9-1. */
#define DR6_RESET 0xffff0ff0

/* Causes of a #DB, each as a set bit: SDM 27.2.1, Table 27-1. */
#define DB_QUAL_BP_MASK 0xf		/* B0-B3 */
#define DB_QUAL_BUS_LOCK BIT(11)
#define DB_QUAL_BD BIT(13)
#define DB_QUAL_BS BIT(14)
#define DB_QUAL_BT BIT(15)		/* not in a VMX qualification */
#define DB_QUAL_RTM BIT(16)
/* The guest's own debugging: breakpoints, DR access, single step, task. */
#define DB_QUAL_GUEST_DEBUG (DB_QUAL_BP_MASK | DB_QUAL_BD | DB_QUAL_BS | \
			     DB_QUAL_BT)

/*
 * The guest's DR6 after a #DB reported by @qual (DB_QUAL_* bits) is
 * delivered to it, from its DR6 @guest_dr6 before.  B0-B3 become those of
 * @qual; BD, BS, BT are set where @qual has them and otherwise kept; BLD is
 * cleared for a bus lock and otherwise kept, so it stays 0 until the guest
 * writes it back to 1; RTM is cleared for an RTM #DB and set for any other.
 * A guest without CPUID.(7,0):ECX[24] (@guest_has_bus_lock_db false) reads
 * BLD as 1 whatever happened.  Reserved bits take their fixed values.
 */
uint64_t dr6_after_db(uint64_t guest_dr6, uint64_t qual,
		      bool guest_has_bus_lock_db);

/*
 * What the guest's DR6 holds after it writes @value with MOV to DR6: B0-B3,
 * BD, BS, BT as written, BLD as written only when the guest has the bus-lock
 * #DB, every other bit at its fixed value (RTM is 1: Tollgate offers no RTM
 * debugging).  The caller checks dr6_write_ok() first.
 */
uint64_t dr6_guest_write(uint64_t value, bool guest_has_bus_lock_db);

/*
 * Whether a MOV to DR6 of @value is allowed: a 1 in bits 63:32 raises
 * #GP(0) (SDM Vol. 2B, "MOV-Move to/from Debug Registers").
 */
bool dr6_write_ok(uint64_t value);

/* Whether the #DB of @qual reports a bus lock, alone or with other causes. */
bool db_is_bus_lock(uint64_t qual);

/* Whether the #DB of @qual reports a bus lock and nothing else. */
bool db_is_bus_lock_only(uint64_t qual);

/*
 * Whether the #DB of @qual reports the guest's own debugging (B0-B3, BD,
 * BS, BT): a #DB it gets whatever Tollgate does about bus locks.
 */
bool db_is_guest_debug(uint64_t qual);

#endif
