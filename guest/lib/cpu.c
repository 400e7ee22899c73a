/* SPDX-License-Identifier: MIT */
/*
 * The guest's descriptor tables, its C entry point, and exception dispatch:
 * a hook the program installed for the vector, or a failure that names the
 * exception.  The TSS gives exceptions and int $0x80 taken at CPL 3 a
 * kernel stack (SDM 6.14.4).
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/desc.h"
#include "arch/x86/trap.h"
#include "guest/lib/guest.h"
#include "guest/lib/runtime.h"

#define IDT_ENTRIES 256

/* traps.S saves a struct trap_frame (arch/x86/asm_macros.h): same layout. */
#define SAME_OFFSET(f) \
	(offsetof(struct guest_frame, f) == offsetof(struct trap_frame, f))
_Static_assert(sizeof(struct guest_frame) == sizeof(struct trap_frame) &&
	       SAME_OFFSET(rax) && SAME_OFFSET(r15) && SAME_OFFSET(vector) &&
	       SAME_OFFSET(error) && SAME_OFFSET(rip) && SAME_OFFSET(ss),
	       "struct guest_frame is struct trap_frame");

extern const char guest_trap_stubs[];
extern const char guest_return_stub[];
extern const char guest_trap_stack_top[];

/*
 * Flat segments (SDM 3.4.5): L=1 code, and data, at DPL 0 and DPL 3.  The
 * accessed bits are preset so the CPU never writes the GDT when it loads one.
 */
uint64_t guest_gdt[GDT_SLOTS] __attribute__((aligned(16))) = {
	[GSEL_KCODE / 8] = 0x00af9b000000ffffull,
	[GSEL_KDATA / 8] = 0x00cf93000000ffffull,
	[GSEL_UCODE / 8] = 0x00affb000000ffffull,
	[GSEL_UDATA / 8] = 0x00cff3000000ffffull,
};

static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));
static guest_trap_hook trap_hooks[GVEC_EXCEPTIONS];

/* Fills the TSS and its descriptor, then loads TR (SDM 8.2.3). */
static void tss_load(void)
{
	tss.rsp[0] = (uint64_t)guest_trap_stack_top;
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap: IOPL 0 rules CPL 3 */
	tss_descriptor_write(&guest_gdt[GSEL_TSS / 8], &tss);
	asm volatile("ltr %w0" : : "r"(GSEL_TSS) : "memory");
}

/* Points IDT entry @vec at @handler, callable by int n from CPL @dpl. */
static void set_gate(unsigned int vec, const void *handler, unsigned int dpl)
{
	idt[vec] = idt_gate_make((uint64_t)handler, GSEL_KCODE, 0,
				 GATE_INTERRUPT | (dpl ? GATE_DPL3 : 0));
}

/* Vectors 0-31 reach guest_trap(); 0x80 returns from CPL 3; others fault. */
static void idt_load(void)
{
	struct descriptor_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned int v;

	for (v = 0; v < GVEC_EXCEPTIONS; v++)
		set_gate(v, guest_trap_stubs + v * GUEST_STUB_SIZE, 0);
	set_gate(GVEC_RETURN, guest_return_stub, 3);
	asm volatile("lidt %0" : : "m"(ptr) : "memory");
}

void guest_start(uint32_t magic, uint32_t info)
{
	tss_load();
	idt_load();
	guest_env_init(magic, info);
	guest_exit(guest_main());
}

void guest_set_trap_hook(unsigned int vector, guest_trap_hook hook)
{
	if (vector < GVEC_EXCEPTIONS)
		trap_hooks[vector] = hook;
}

/* Writes "#XX", the exception's mnemonic (SDM Table 6-1), into @buf. */
static void vector_name(uint64_t vector, char *buf, size_t size)
{
	static const char *const names[GVEC_EXCEPTIONS] = {
		"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", NULL,
		"TS", "NP", "SS", "GP", "PF", NULL, "MF", "AC", "MC", "XM",
		"VE", "CP", [28] = "HV", [29] = "VC", [30] = "SX",
	};

	if (vector < GVEC_EXCEPTIONS && names[vector])
		ksnprintf(buf, size, "#%s", names[vector]);
	else
		ksnprintf(buf, size, "vector %lu", (unsigned long)vector);
}

void guest_trap(struct guest_frame *f)
{
	guest_trap_hook hook = NULL;
	char name[16];

	if (f->vector < GVEC_EXCEPTIONS)
		hook = trap_hooks[f->vector];
	if (hook && hook(f))
		return;

	if (f->vector == GVEC_PF)
		guest_fail("unexpected #PF at rip 0x%lx (error 0x%lx, "
			   "address 0x%lx)", f->rip, f->error, read_cr2());
	vector_name(f->vector, name, sizeof(name));
	guest_fail("unexpected %s at rip 0x%lx (error 0x%lx)", name, f->rip,
		   f->error);
}

void guest_triple_fault(void)
{
	static const struct descriptor_ptr no_idt = { 0, 0 };

	/* Every vector is past the limit: #GP, then #DF, then shutdown. */
	asm volatile("lidt %0\n\t"
		     "int3" : : "m"(no_idt) : "memory");
	for (;;)
		asm volatile("cli; hlt");
}
