/* SPDX-License-Identifier: MIT */
/*
 * STATS lines: at every stats= interval, one line "STATS {json}" with each
 * guest's bus locks, those of the interval, and its throttled time.
 */
#ifndef TG_CORE_STATS_H
#define TG_CORE_STATS_H

/* Starts the interval clock. */
void stats_start(void);

/* Prints a STATS line if the interval has passed; cheap otherwise. */
void stats_tick(void);

#endif
