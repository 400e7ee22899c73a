/* SPDX-License-Identifier: MIT */
#include "lib/xcr0.h"

bool xcr0_valid(uint64_t v, uint64_t allowed)
{
	if ((v & ~allowed) || !(v & XFEATURE_X87))
		return false;
	if ((v & XFEATURE_AVX) && !(v & XFEATURE_SSE))
		return false;
	if (v & XFEATURE_AVX512)
		return (v & XFEATURE_AVX512) == XFEATURE_AVX512 &&
		       (v & XFEATURE_AVX);
	return true;
}

uint64_t xcr0_offer(uint64_t supported, uint64_t offered)
{
	uint64_t m = supported & offered;

	if (!(m & XFEATURE_SSE))
		m &= ~XFEATURE_AVX;
	if ((m & XFEATURE_AVX512) != XFEATURE_AVX512 || !(m & XFEATURE_AVX))
		m &= ~XFEATURE_AVX512;
	return m;
}
