/* SPDX-License-Identifier: MIT */
/*
 * DR6 emulation for #DBs a hypervisor reflects to a guest.
 *
 * What the processor does to DR6 on a #DB (SDM Vol. 3B 17.2.3):
 *  - B0-B3: "certain debug exceptions may clear bits 0-3"; KVM replaces
 *    them with the new #DB's on every #DB, and so does this.
 *  - BD, BS, BT: set for their cause, "never cleared by the processor".
 *  - BLD (bit 11): cleared by a bus-lock #DB; "other debug exceptions do
 *    not modify this bit": it stays 0 until software writes a 1.  (KVM
 *    sets it back to 1 on every other #DB, as it does RTM; this follows the
 *    SDM instead.)  Always 1 without OS bus-lock detection.
 *  - RTM (bit 16): cleared by a #DB inside an RTM region with advanced
 *    debugging on, "set for any other debug exception".
 *  - Bit 12 and bits 63:32 read as 0, bits 4-10 and 17-31 as 1.
 */
#include "lib/dr6.h"

/* The bits a guest can change in DR6, with or without the bus-lock #DB. */
static uint64_t dr6_writable(bool guest_has_bus_lock_db)
{
	return DR6_BP_MASK | DR6_BD | DR6_BS | DR6_BT |
	       (guest_has_bus_lock_db ? DR6_BUS_LOCK : 0);
}

uint64_t dr6_after_db(uint64_t guest_dr6, uint64_t qual,
		      bool guest_has_bus_lock_db)
{
	uint64_t dr6 = guest_dr6 & ~(uint64_t)DR6_BP_MASK;

	dr6 |= qual & DB_QUAL_GUEST_DEBUG;
	if (qual & DB_QUAL_BUS_LOCK)
		dr6 &= ~(uint64_t)DR6_BUS_LOCK;
	if (qual & DB_QUAL_RTM)
		dr6 &= ~(uint64_t)DR6_RTM;
	else
		dr6 |= DR6_RTM;
	if (!guest_has_bus_lock_db)
		dr6 |= DR6_BUS_LOCK;
	return (dr6 | DR6_FIXED_1) & ~DR6_FIXED_0;
}

uint64_t dr6_guest_write(uint64_t value, bool guest_has_bus_lock_db)
{
	uint64_t writable = dr6_writable(guest_has_bus_lock_db);

	return (value & writable) | (DR6_RESET & ~writable);
}

bool dr6_write_ok(uint64_t value)
{
	return !(value >> 32);
}

bool db_is_bus_lock(uint64_t qual)
{
	return qual & DB_QUAL_BUS_LOCK;
}

bool db_is_bus_lock_only(uint64_t qual)
{
	return (qual & DB_QUAL_BUS_LOCK) &&
	       !(qual & (DB_QUAL_GUEST_DEBUG | DB_QUAL_RTM));
}

bool db_is_guest_debug(uint64_t qual)
{
	return qual & DB_QUAL_GUEST_DEBUG;
}
