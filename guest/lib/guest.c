/* SPDX-License-Identifier: MIT */
/*
 * The guest's side of the ABI (lib/hypercall.h): finding Tollgate through
 * its CPUID leaves, hypercalls with the instruction it names, the COM1
 * console, and bare mode, where results are printed as "REPORT key=value",
 * "FAIL message" and "EXIT status" and QEMU's isa-debug-exit ends the run.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/lib/guest.h"
#include "guest/lib/runtime.h"
#include "lib/string.h"

#define TG_SIGNATURE "TollgateHV\0\0"
#define TG_SIGNATURE_LEN 12

/* Multiboot 3.3: the information structure's flags and command line. */
#define MB1_INFO_FLAGS 0
#define MB1_INFO_CMDLINE 16
#define MB1_FLAG_CMDLINE BIT(2)

#define BARE_CMDLINE_MAX 256

uint64_t guest_ram_size;

static unsigned int hypercall_insn;	/* TG_HYPERCALL_*; 0 in bare mode */
static char bare_cmdline[BARE_CMDLINE_MAX];

bool guest_is_bare(void)
{
	return hypercall_insn == 0;
}

long hypercall(long nr, long a, long b, long c)
{
	long ret = nr;

	/* The ABI promises only RAX back; treat RBX, RCX, RDX as clobbered. */
	if (hypercall_insn == TG_HYPERCALL_VMMCALL)
		asm volatile("vmmcall"
			     : "+a"(ret), "+b"(a), "+c"(b), "+d"(c)
			     : : "memory");
	else if (hypercall_insn == TG_HYPERCALL_VMCALL)
		asm volatile("vmcall"
			     : "+a"(ret), "+b"(a), "+c"(b), "+d"(c)
			     : : "memory");
	else
		ret = HC_ENOSYS;
	return ret;
}

/* Waits for the transmitter (Tollgate always says empty), then sends @c. */
static void com1_putc(char c)
{
	while (!(inb(COM1_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1_PORT, (uint8_t)c);
}

/* Tollgate turns guest lines into its own; a terminal in bare mode needs CR. */
static void console_sink(void *ctx, char c)
{
	(void)ctx;
	if (c == '\n' && guest_is_bare())
		com1_putc('\r');
	com1_putc(c);
}

void guest_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_v(console_sink, NULL, fmt, ap);
	va_end(ap);
}

/* Ends a bare run: QEMU's isa-debug-exit, else a triple fault. */
static NORETURN void bare_exit(int status)
{
	guest_printf("EXIT %d\n", status);
	outb(QEMU_DEBUG_EXIT_PORT, (uint8_t)status);
	guest_triple_fault();
}

void guest_progress(unsigned long units, unsigned long tsc_ticks)
{
	hypercall(HC_PROGRESS, (long)units, (long)tsc_ticks, 0);
}

void guest_report(const char *key, unsigned long value)
{
	long ret;

	if (guest_is_bare()) {
		guest_printf("REPORT %s=%lu\n", key, value);
		return;
	}
	ret = hypercall(HC_REPORT, (long)key, (long)value, 0);
	if (ret < 0)
		guest_fail("HC_REPORT %s refused with %ld", key, ret);
}

/* Parses decimal or 0x-hex @s[0..@len) into @out; false if malformed. */
static bool parse_ulong(const char *s, size_t len, unsigned long *out)
{
	unsigned int base = 10;
	unsigned long v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

/* True if the word's key @k[0..@klen) is @key or ends with ".@key". */
static bool key_matches(const char *k, size_t klen, const char *key)
{
	size_t n = strlen(key);

	if (klen < n || memcmp(k + klen - n, key, n) != 0)
		return false;
	return klen == n || k[klen - n - 1] == '.';
}

/* Bare mode's HC_PARAM: the last "key=" or "NAME.key=" word of -append. */
static unsigned long bare_param(const char *key, unsigned long dflt)
{
	unsigned long v = dflt;
	const char *p = bare_cmdline;

	while (*p) {
		const char *word, *eq = NULL;
		size_t len;

		while (*p == ' ')
			p++;
		word = p;
		for (; *p && *p != ' '; p++)
			if (*p == '=' && !eq)
				eq = p;
		len = p - word;
		if (!eq || !key_matches(word, eq - word, key))
			continue;
		if (!parse_ulong(eq + 1, word + len - eq - 1, &v)) {
			guest_printf("guest: %.*s: not a number; %s=%lu\n",
				     (int)len, word, key, dflt);
			v = dflt;
		}
	}
	return v;
}

unsigned long guest_param(const char *key, unsigned long dflt)
{
	long ret;

	if (guest_is_bare())
		return bare_param(key, dflt);
	ret = hypercall(HC_PARAM, (long)key, (long)dflt, 0);
	if (ret == HC_EINVAL || ret == HC_EPERM || ret == HC_ENOSYS) {
		guest_printf("guest: HC_PARAM %s refused with %ld; using %lu\n",
			     key, ret, dflt);
		return dflt;
	}
	return (unsigned long)ret;
}

void guest_fail(const char *fmt, ...)
{
	char msg[HC_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (guest_is_bare()) {
		guest_printf("FAIL %s\n", msg);
		bare_exit(1);
	}
	hypercall(HC_FAIL, (long)msg, 0, 0);
	guest_printf("guest: HC_FAIL returned; stopping\n");
	guest_triple_fault();
}

void guest_exit(int status)
{
	if (guest_is_bare())
		bare_exit(status);
	hypercall(HC_EXIT, status, 0, 0);
	guest_printf("guest: HC_EXIT returned; stopping\n");
	guest_triple_fault();
}

/* Returns the hypercall instruction Tollgate names, or 0 without Tollgate. */
static unsigned int find_tollgate(void)
{
	struct cpuid_regs r = cpuid(TG_CPUID_SIGNATURE, 0);
	char sig[TG_SIGNATURE_LEN];

	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	if (r.eax < TG_CPUID_ABI || memcmp(sig, TG_SIGNATURE, sizeof(sig)))
		return 0;

	r = cpuid(TG_CPUID_ABI, 0);
	if (r.eax != TG_ABI_VERSION)
		guest_printf("guest: Tollgate ABI %u, built for %u\n", r.eax,
			     TG_ABI_VERSION);
	if (r.ebx != TG_HYPERCALL_VMCALL && r.ebx != TG_HYPERCALL_VMMCALL) {
		guest_printf("guest: unknown hypercall instruction %u; "
			     "bare mode\n", r.ebx);
		return 0;
	}
	return r.ebx;
}

/* Keeps the Multiboot command line at @info before anything overwrites it. */
static void save_mb1_cmdline(uint32_t info)
{
	const volatile uint32_t *mbi = (const uint32_t *)(uintptr_t)info;
	const char *cmdline;

	if (!info || !(mbi[MB1_INFO_FLAGS / 4] & MB1_FLAG_CMDLINE))
		return;
	cmdline = (const char *)(uintptr_t)mbi[MB1_INFO_CMDLINE / 4];
	memcpy(bare_cmdline, cmdline,
	       strnlen(cmdline, sizeof(bare_cmdline) - 1));
}

void guest_env_init(uint32_t magic, uint32_t info)
{
	if (magic == GUEST_BOOT_MAGIC) {
		guest_ram_size = info;
	} else {
		guest_ram_size = GUEST_BARE_RAM_SIZE;
		save_mb1_cmdline(info);
	}
	hypercall_insn = find_tollgate();
	if (guest_is_bare())
		guest_printf("guest: bare mode (no Tollgate), RAM %lu KiB, "
			     "command line \"%s\"\n",
			     guest_ram_size >> 10, bare_cmdline);
}

#define CPUID_LEAF_EXT_FEATURES 7

static unsigned long bus_lock_dbs, dbs_with_tf;

bool guest_has_bus_lock_db(void)
{
	struct cpuid_regs ext = { 0 };

	if (cpuid(0, 0).eax >= CPUID_LEAF_EXT_FEATURES)
		ext = cpuid(CPUID_LEAF_EXT_FEATURES, 0);
	return ext.ecx & CPUID7_ECX_BUS_LOCK_DETECT;
}

void guest_debugctl_set(uint64_t val)
{
	uint64_t got;

	wrmsr(MSR_DEBUGCTL, val);
	got = rdmsr(MSR_DEBUGCTL);
	if (got != val)
		guest_fail("IA32_DEBUGCTL reads 0x%lx after writing 0x%lx", got,
			   val);
}

/*
 * A bus-lock #DB clears DR6 bit 11, which is otherwise 1 (SDM 17.2.3): count
 * it and set the bit again, as the processor never does.
 */
static bool bus_lock_db(struct guest_frame *f)
{
	uint64_t dr6 = read_dr6();

	if (dr6 & DR6_BUS_LOCK)
		guest_fail("unexpected #DB at rip 0x%lx (DR6 0x%lx)", f->rip,
			   dr6);
	bus_lock_dbs++;
	if (f->rflags & RFLAGS_TF)
		dbs_with_tf++;
	write_dr6(DR6_CLEAR);
	return true;
}

void guest_catch_bus_lock_dbs(bool on)
{
	guest_set_trap_hook(GVEC_DB, on ? bus_lock_db : NULL);
}

void guest_watch_bus_locks(bool on)
{
	if (on)
		guest_catch_bus_lock_dbs(true);
	guest_debugctl_set(on ? DEBUGCTL_BUS_LOCK_DETECT : 0);
	if (!on)
		guest_catch_bus_lock_dbs(false);
}

unsigned long guest_db_frames_with_tf(void)
{
	return dbs_with_tf;
}

unsigned long guest_bus_lock_dbs(void)
{
	return bus_lock_dbs;
}
