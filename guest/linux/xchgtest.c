/* SPDX-License-Identifier: MIT */
/*
 * xchgtest: the Linux guest's bus-lock maker, a user-space twin of the
 * `xchg` guest (guest/xchg.c).  It runs N XCHGs on an 8-byte operand that
 * straddles two 64-byte lines: XCHG with a memory operand is locked without
 * a prefix (SDM Vol. 2B, XCHG), and a locked access split across lines is a
 * bus lock.  Exchange i must give back i - 1, which only a real exchange
 * leaves.  The loop makes no system call, so a detector that counts it sees
 * exactly N bus locks from this process, and nothing else is enabled.
 * With "syscall", each XCHG is instead the first instruction after a system
 * call (getppid) returns: a detector that steps user mode only must catch
 * the kernel's SYSRET or IRET back, or it misses them.
 *
 *   usage: xchgtest [N [syscall]]        (default 1000)
 *   prints: XCHGTEST {"count":N,"done":N}
 *
 * Exit status 0 when every exchange checked out at CPL 3, 1 otherwise,
 * 2 for a bad argument.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#define CACHE_LINE 64
#define SPLIT_OFFSET (CACHE_LINE - 4) /* 4 bytes in each line */
#define DEFAULT_COUNT 1000UL
#define MAX_COUNT 1000000000UL

/* A misaligned 8-byte slot: packed, so C may access it where it lies. */
struct split_slot {
	uint64_t v;
} __attribute__((packed));

static uint8_t line_pair[2 * CACHE_LINE] __attribute__((aligned(CACHE_LINE)));

/* The privilege level this code runs at: CS's RPL (SDM Vol. 3A 5.5). */
static unsigned int current_cpl(void)
{
	uint16_t cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

/*
 * XCHGs i into @slot for i = 1..@count, each right after a getppid system
 * call if @after_syscall (SYSCALL clobbers RCX and R11: SDM Vol. 2B);
 * returns how many checked out.
 */
static unsigned long split_xchg_loop(struct split_slot *slot,
				     unsigned long count, bool after_syscall)
{
	unsigned long i;

	slot->v = 0;
	for (i = 1; i <= count; i++) {
		uint64_t v = i, nr = SYS_getppid;

		if (after_syscall)
			asm volatile("syscall\n\txchgq %0, %1"
				     : "+r"(v), "+m"(slot->v), "+a"(nr)
				     :
				     : "rcx", "r11", "memory");
		else
			asm volatile("xchgq %0, %1"
				     : "+r"(v), "+m"(slot->v)
				     :
				     : "memory");
		if (v != i - 1) {
			fprintf(stderr,
				"xchgtest: XCHG %lu gave back %lu, "
				"expected %lu\n",
				i, (unsigned long)v, i - 1);
			break;
		}
	}
	return i - 1;
}

/* N from @arg: 1..MAX_COUNT, or 0 when it is not such a number. */
static unsigned long parse_count(const char *arg)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end || n < 1 || n > MAX_COUNT)
		return 0;
	return n;
}

int main(int argc, char **argv)
{
	struct split_slot *slot =
	    (struct split_slot *)(line_pair + SPLIT_OFFSET);
	uintptr_t first = (uintptr_t)slot, last = first + sizeof(*slot) - 1;
	unsigned long count = DEFAULT_COUNT, done;
	unsigned int cpl = current_cpl();
	bool after_syscall = argc == 3 && !strcmp(argv[2], "syscall");

	if (argc > 3 || (argc == 3 && !after_syscall) ||
	    (argc >= 2 && !(count = parse_count(argv[1])))) {
		fprintf(stderr,
			"usage: xchgtest [N [syscall]]  (N split-locked "
			"XCHGs, 1..%lu, default %lu; each after a system "
			"call)\n",
			MAX_COUNT, DEFAULT_COUNT);
		return 2;
	}
	if (first / CACHE_LINE == last / CACHE_LINE) {
		fprintf(stderr,
			"xchgtest: operand at %#lx does not cross a "
			"cache line\n",
			(unsigned long)first);
		return 1;
	}
	done = split_xchg_loop(slot, count, after_syscall);
	printf("XCHGTEST {\"count\":%lu,\"done\":%lu}\n", count, done);
	if (cpl != 3) {
		fprintf(stderr, "xchgtest: ran at CPL %u, not 3\n", cpl);
		return 1;
	}
	return done == count && slot->v == count ? 0 : 1;
}
