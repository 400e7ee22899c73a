/* SPDX-License-Identifier: MIT */
/*
 * hostile: the guest that attacks its hypervisor.  From attack number
 * `attack` on it tries, in order: to read and overwrite where Tollgate
 * lives on the host, to write past the end of its RAM, to execute VMRUN,
 * and to triple fault.  Tollgate must stop it at attack 2 (or at the first
 * attack it is given): a guest that survives them all has found a hole.
 */
#include <stdbool.h>
#include <stdint.h>

#include "boot/multiboot.h"
#include "guest/lib/guest.h"

/* Tollgate's load address on the host (linker.ld), a Multiboot2 header. */
#define TOLLGATE_HOST_ADDR 0x200000
#define PAST_RAM_GAP 0x1000
#define FAR_ADDR 0xc0000000	/* below 4 GiB, far past any guest's RAM */
#define POISON 0x74736f68	/* "host" */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The bytes of VMRUN (APM Vol. 3, VMRUN: 0F 01 D8). */
static const uint8_t vmrun_insn[] = { 0x0f, 0x01, 0xd8 };
static bool vmrun_ud_seen;

/* Reads 0x200000, which must be the guest's own RAM, then overwrites it. */
static void attack_hypervisor_image(void)
{
	volatile uint32_t *p = (volatile uint32_t *)TOLLGATE_HOST_ADDR;
	uint32_t seen = *p;

	guest_report("saw_hypervisor", seen == MB2_HEADER_MAGIC);
	if (seen == MB2_HEADER_MAGIC)
		guest_fail("guest-physical 0x%x holds Tollgate's Multiboot2 "
			   "header: isolation is broken", TOLLGATE_HOST_ADDR);
	guest_printf("hostile: 0x%x holds 0x%08x, not Tollgate; writing it\n",
		     TOLLGATE_HOST_ADDR, seen);
	*p = POISON;
	if (*p != POISON)
		guest_fail("0x%x reads 0x%08x after writing 0x%08x",
			   TOLLGATE_HOST_ADDR, *p, POISON);
}

/* Writes one word at @addr, outside the guest's RAM. */
static void write_outside(uint64_t addr)
{
	volatile uint32_t *p = (volatile uint32_t *)addr;

	guest_printf("hostile: writing 0x%lx\n", addr);
	*p = POISON;
	guest_printf("hostile: the write to 0x%lx went through\n", addr);
}

/* Writes just past the end of RAM, then far past it. */
static void attack_past_ram(void)
{
	write_outside(guest_ram_size + PAST_RAM_GAP);
	write_outside(FAR_ADDR);
}

/*
 * VMRUN with EFER.SVME clear raises #UD (APM 15.4), as it does on Intel:
 * the attack was refused, so step over it and go on to the next.
 */
static bool vmrun_ud(struct guest_frame *f)
{
	const uint8_t *insn = (const uint8_t *)f->rip;
	unsigned int i;

	for (i = 0; i < sizeof(vmrun_insn); i++)
		if (insn[i] != vmrun_insn[i])
			return false;
	vmrun_ud_seen = true;
	f->rip += sizeof(vmrun_insn);
	return true;
}

/* Executes VMRUN with a VMCB at guest-physical 0. */
static void attack_vmrun(void)
{
	guest_set_trap_hook(GVEC_UD, vmrun_ud);
	asm volatile("vmrun" : : "a"(0ul) : "memory");
	guest_set_trap_hook(GVEC_UD, NULL);
	guest_printf("hostile: VMRUN %s\n",
		     vmrun_ud_seen ? "raised #UD" : "returned");
}

/* With an IDT of limit 0, int3 leads to #GP, #DF, then shutdown (SDM 6.15). */
static void attack_triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) no_idt = { 0, 0 };

	asm volatile("lidt %0\n\t"
		     "int3" : : "m"(no_idt) : "memory");
}

static const struct {
	const char *what;
	void (*run)(void);
} attacks[] = {
	{ "read and write guest-physical 0x200000, Tollgate's host address",
	  attack_hypervisor_image },
	{ "write past the end of RAM", attack_past_ram },
	{ "VMRUN with RAX=0", attack_vmrun },
	{ "triple fault: IDT limit 0, then int3", attack_triple_fault },
};

int guest_main(void)
{
	unsigned long first = guest_param("attack", 1);
	unsigned long i;

	if (first < 1 || first > ARRAY_SIZE(attacks))
		guest_fail("attack=%lu: the attacks are 1 to %lu", first,
			   (unsigned long)ARRAY_SIZE(attacks));
	for (i = first; i <= ARRAY_SIZE(attacks); i++) {
		guest_printf("hostile: attack %lu: %s\n", i,
			     attacks[i - 1].what);
		attacks[i - 1].run();
	}
	guest_fail("survived every attack");
}
