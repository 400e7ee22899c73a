/* SPDX-License-Identifier: MIT */
/*
 * Converting between two clocks by a ratio fixed once, in 32.32 fixed
 * point: a multiply and a shift where a conversion would divide each time.
 * Both steps round up, so a converted time is never early: it is at most
 * 1 + x / 2^32 ticks late, a tick for every 4 G ticks converted.
 */
#ifndef TG_LIB_SCALE_H
#define TG_LIB_SCALE_H

#include <stdint.h>

/* num / den in 32.32 fixed point, rounded up; num below 2^32, den not 0. */
static inline uint64_t scale_ratio(uint64_t num, uint64_t den)
{
	return ((num << 32) + den - 1) / den;
}

/* x times a scale_ratio(), rounded up; UINT64_MAX if it does not fit. */
static inline uint64_t scale_up(uint64_t x, uint64_t ratio)
{
	unsigned __int128 p = (unsigned __int128)x * ratio + 0xffffffffu;

	return (p >> 96) ? UINT64_MAX : (uint64_t)(p >> 32);
}

#endif
