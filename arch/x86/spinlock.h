/* SPDX-License-Identifier: MIT */
/*
 * A test-and-test-and-set spinlock.  The exchange is a locked instruction,
 * a full barrier on x86 (SDM 9.2.2); the release store needs no fence
 * because x86 stores are not reordered with older loads or stores.
 */
#ifndef TG_ARCH_X86_SPINLOCK_H
#define TG_ARCH_X86_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	uint32_t locked;
};

static inline bool spin_trylock(struct spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(struct spinlock *l)
{
	while (!spin_trylock(l))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			asm volatile("pause");
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
