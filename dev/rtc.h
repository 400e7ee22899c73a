/* SPDX-License-Identifier: MIT */
/*
 * The PC's CMOS real-time clock and NVRAM, a Motorola MC146818A: port
 * 0x70 selects a register (bit 7 masks NMI on the PC), port 0x71 reads or
 * writes it.
 *
 * Sections cited are those of the MC146818A datasheet (Motorola): "Address
 * Map" (Figure 3), "Time, Calendar and Alarm Locations" (Table 2, the
 * binary and BCD data modes), "Register A" (UIP, DV2-0, RS3-0), "Register
 * B" (SET, DM, 24/12), "Register C", "Register D" (VRT) and "Update Cycle"
 * (UIP rises 244 us before the update).  The NVRAM layout is the IBM AT's
 * (0x0F shutdown status, 0x15-0x18 and 0x30-0x31 memory sizes, 0x2E-0x2F
 * checksum of 0x10-0x2D, 0x32 century) and 0x34-0x35 the memory above
 * 16 MiB as QEMU's and Bochs's BIOSes keep it.
 *
 * The time runs from a start date given at creation plus the TSC elapsed;
 * the data mode (binary or BCD, 12 or 24 hours) is Register B's at the
 * time of the read.  No periodic, alarm or update-ended interrupts:
 * Register C reads 0 and IRQ 8 never rises.
 */
#ifndef TG_DEV_RTC_H
#define TG_DEV_RTC_H

#include "dev/dev.h"

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA 0x71
#define RTC_INDEX_NMI_OFF BIT(7)

/* Registers (Figure 3) and the AT's NVRAM. */
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_WEEKDAY 0x06
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d
#define RTC_SHUTDOWN 0x0f
#define RTC_BASE_MEM_LO 0x15	/* KiB below 1 MiB */
#define RTC_EXT_MEM_LO 0x17	/* KiB from 1 MiB, at most 0xffff */
#define RTC_CHECKSUM_HI 0x2e	/* sum of 0x10-0x2d */
#define RTC_EXT_MEM2_LO 0x30	/* the same again */
#define RTC_CENTURY 0x32
#define RTC_HIGH_MEM_LO 0x34	/* 64 KiB blocks from 16 MiB */

#define RTC_A_UIP BIT(7)
#define RTC_A_WRITABLE 0x7f
#define RTC_A_DEFAULT 0x26	/* 32.768 kHz time base, 1024 Hz rate */
#define RTC_B_24H BIT(1)
#define RTC_B_BINARY BIT(2)	/* DM: 1 binary, 0 BCD */
#define RTC_B_SET BIT(7)	/* updates stopped for setting */
#define RTC_B_DEFAULT RTC_B_24H
#define RTC_D_VRT BIT(7)
#define RTC_HOUR_PM BIT(7)	/* 12-hour mode */
#define RTC_UIP_US 244

struct rtc_time {
	unsigned int year;	/* 1970-9999 */
	unsigned int month;	/* 1-12 */
	unsigned int day;	/* 1-31 */
	unsigned int hour;
	unsigned int minute;
	unsigned int second;
};

struct rtc {
	uint8_t index;
	bool nmi_off;		/* port 0x70 bit 7, as last written */
	uint8_t ram[128];	/* registers A, B and the NVRAM; not time */
	uint64_t tsc_hz;
	uint64_t base_tsc;	/* the TSC at which ... */
	int64_t base_seconds;	/* ... the clock read this (Unix time) */
	struct rtc_time frozen;	/* the registers while Register B's SET is 1 */
};

/*
 * The clock at @start when the TSC reads @tsc_now, running at @tsc_hz;
 * Registers A, B and D as a BIOS leaves them (0x26, 24-hour BCD, valid),
 * the NVRAM zero.  False if @start is not a date of 1970-9999 or @tsc_hz
 * is 0.
 */
bool rtc_init(struct rtc *r, uint64_t tsc_hz, uint64_t tsc_now,
	      const struct rtc_time *start);

/* Fills the memory-size bytes for @ram_bytes of RAM and the checksum. */
void rtc_set_memory(struct rtc *r, uint64_t ram_bytes);

/* Ports 0x70 and 0x71 at TSC @tsc (see dev/dev.h). */
bool rtc_io(struct rtc *r, uint64_t tsc, uint16_t port, bool in,
	    uint8_t *val);

/* The date and time the clock shows at @tsc. */
void rtc_now(const struct rtc *r, uint64_t tsc, struct rtc_time *t);

#endif
