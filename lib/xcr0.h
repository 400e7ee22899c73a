/* SPDX-License-Identifier: MIT */
/* The rules XSETBV checks a new XCR0 against (pure, host-tested). */
#ifndef TG_LIB_XCR0_H
#define TG_LIB_XCR0_H

#include <stdbool.h>
#include <stdint.h>

/* XCR0 state components: SDM Vol. 1 13.1. */
#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)
#define XFEATURE_AVX (1ull << 2)
#define XFEATURE_OPMASK (1ull << 5)
#define XFEATURE_ZMM_HI256 (1ull << 6)
#define XFEATURE_HI16_ZMM (1ull << 7)
#define XFEATURE_AVX512 (XFEATURE_OPMASK | XFEATURE_ZMM_HI256 | \
			 XFEATURE_HI16_ZMM)

/*
 * Whether XSETBV may set XCR0 to @v where @allowed are the components on
 * offer (SDM Vol. 2C XSETBV, Vol. 1 13.3): x87 always set, AVX only with
 * SSE, the three AVX-512 components together and only with AVX, nothing
 * outside @allowed.
 */
bool xcr0_valid(uint64_t v, uint64_t allowed);

/* The largest consistent subset of @supported within @offered. */
uint64_t xcr0_offer(uint64_t supported, uint64_t offered);

#endif
