/* SPDX-License-Identifier: MIT */
/*
 * STATS lines: at every stats= interval, one line "STATS {json}" with each
 * guest's CPU, bus locks, those of the interval, its throttled time, and
 * the work it reported (HC_PROGRESS) in all, in the interval and per
 * second.  Any CPU may call stats_tick(); only the boot CPU prints, so
 * that the time a line takes is never taken from another CPU's guest.
 */
#ifndef TG_CORE_STATS_H
#define TG_CORE_STATS_H

/* Starts the interval clock. */
void stats_start(void);

/* Prints a STATS line if the interval has passed; cheap otherwise. */
void stats_tick(void);

#endif
