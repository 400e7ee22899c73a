/* SPDX-License-Identifier: MIT */
/*
 * Saturating arithmetic for counters and times that must never wrap: a
 * sum or product too large for 64 bits is UINT64_MAX.
 */
#ifndef TG_LIB_SAT_H
#define TG_LIB_SAT_H

#include <stdint.h>

static inline uint64_t sat_add(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

static inline uint64_t sat_mul(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

#endif
