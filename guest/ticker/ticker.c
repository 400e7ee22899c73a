// SPDX-License-Identifier: MIT
/*
 * ticker: a Multiboot 1 kernel for a uniprocessor ISA PC.  In order, it
 * reads its Multiboot information, sets up the 8259A pair and an IDT,
 * calibrates the TSC against PIT channel 2, counts `ticks` IRQ 0s of PIT
 * channel 0 at `hz` with HLT between them, prints a line a byte per UART
 * THR-empty interrupt, reads the RTC, and prints a JSON summary; then
 * stops with "cli; hlt" (or, with `exit=qemu`, through QEMU's
 * isa-debug-exit).  Every result is a line "TICKER key=value ..." on COM1.
 */
#include "guest/ticker/io.h"
#include "guest/ticker/mb1.h"
#include "guest/ticker/ticker.h"

#define DEFAULT_TICKS 20
#define DEFAULT_HZ 100
#define DEFAULT_CAL_MS 10
#define CAL_TRIES 10
#define QEMU_EXIT_PORT 0xf4
#define UART_QUIET_TICKS 20 /* ticks without a THRE IRQ: poll instead */

/* What the command line asks for (docs/guest-abi.md, "ticker"). */
struct params {
	uint32_t ticks, hz, cal_ms;
	bool exit_qemu;
};

/* IRQ 0's count and the TSC at the first and the latest one. */
static volatile struct {
	uint32_t count;
	uint64_t first_tsc, last_tsc;
} tick;

static bool exit_qemu;

void ticker_stop(bool ok)
{
	if (exit_qemu)
		outl(QEMU_EXIT_PORT, ok ? 0 : 1);
	for (;;)
		asm volatile("cli; hlt");
}

static void tick_irq(void)
{
	uint64_t now = rdtsc();

	if (tick.count++ == 0)
		tick.first_tsc = now;
	tick.last_tsc = now;
}

/* A number parameter, or its default with a warning if malformed. */
static uint32_t param(const char *cmdline, const char *key, uint32_t def,
		      uint32_t min, uint32_t max)
{
	uint32_t v = def;
	struct text t;

	if (!param_u32(cmdline, key, min, max, &v) &&
	    param_present(cmdline, key)) {
		text_clear(&t);
		text_str(&t, "TICKER warning=bad-param key=");
		text_str(&t, key);
		text_str(&t, " min=");
		text_u64(&t, min);
		text_str(&t, " max=");
		text_u64(&t, max);
		text_str(&t, " using=");
		text_u64(&t, def);
		con_line(&t);
	}
	return v;
}

static void print_mmap(const struct mb1_info *mbi)
{
	uint32_t at = mbi->mmap_addr, end = at + mbi->mmap_length;
	struct text t;

	while (at + sizeof(struct mb1_mmap_entry) <= end) {
		const struct mb1_mmap_entry *e = (const void *)at;

		text_clear(&t);
		text_str(&t, "TICKER mmap base=");
		text_hex(&t, e->base_addr);
		text_str(&t, " length=");
		text_hex(&t, e->length);
		text_str(&t, " type=");
		text_u64(&t, e->type);
		con_line(&t);
		at += e->size + sizeof(e->size);
	}
}

/* Step 1: the Multiboot information (Multiboot 3.3) and the parameters. */
static const char *read_multiboot(const struct mb1_info *mbi)
{
	const char *cmdline = "";
	struct text t;

	text_clear(&t);
	text_str(&t, "TICKER multiboot flags=");
	text_hex(&t, mbi->flags);
	if (mbi->flags & MB1_INFO_MEMORY) {
		text_str(&t, " mem_lower_kib=");
		text_u64(&t, mbi->mem_lower);
		text_str(&t, " mem_upper_kib=");
		text_u64(&t, mbi->mem_upper);
	}
	if (mbi->flags & MB1_INFO_MMAP) {
		text_str(&t, " mmap_addr=");
		text_hex(&t, mbi->mmap_addr);
		text_str(&t, " mmap_length=");
		text_u64(&t, mbi->mmap_length);
	}
	con_line(&t);
	if (mbi->flags & MB1_INFO_MMAP)
		print_mmap(mbi);
	if (mbi->flags & MB1_INFO_CMDLINE)
		cmdline = (const char *)mbi->cmdline;
	text_clear(&t);
	text_str(&t, "TICKER cmdline=\"");
	text_str(&t, cmdline);
	text_char(&t, '"');
	con_line(&t);
	return cmdline;
}

static void read_params(const char *cmdline, struct params *p)
{
	struct text t;

	p->ticks = param(cmdline, "ticks", DEFAULT_TICKS, 2, 100000);
	/* 19 Hz is the slowest a 16-bit count allows at 1.193182 MHz. */
	p->hz = param(cmdline, "hz", DEFAULT_HZ, 19, 10000);
	p->cal_ms = param(cmdline, "cal_ms", DEFAULT_CAL_MS, 1, 50);
	p->exit_qemu = param_word(cmdline, "exit=qemu");
	text_clear(&t);
	text_str(&t, "TICKER params ticks=");
	text_u64(&t, p->ticks);
	text_str(&t, " hz=");
	text_u64(&t, p->hz);
	text_str(&t, " cal_ms=");
	text_u64(&t, p->cal_ms);
	text_str(&t, p->exit_qemu ? " exit=qemu" : " exit=halt");
	con_line(&t);
}

/* Step 3's aside: CPUID 0x15 (TSC/crystal) and 0x16 (MHz), printed only. */
static void print_cpuid_tsc(void)
{
	uint32_t r[4], max;
	struct text t;

	cpuid(0, r);
	max = r[0];
	text_clear(&t);
	text_str(&t, "TICKER cpuid max_leaf=");
	text_hex(&t, max);
	if (max >= 0x15) {
		cpuid(0x15, r);
		text_str(&t, " 15.eax=");
		text_u64(&t, r[0]);
		text_str(&t, " 15.ebx=");
		text_u64(&t, r[1]);
		text_str(&t, " 15.ecx_hz=");
		text_u64(&t, r[2]);
	}
	if (max >= 0x16) {
		cpuid(0x16, r);
		text_str(&t, " 16.base_mhz=");
		text_u64(&t, r[0] & 0xffff);
	}
	con_line(&t);
}

/* Step 3: the TSC's rate, measured against PIT channel 2. */
static uint32_t calibrate(const struct params *p)
{
	struct pit_calibration cal;
	struct text t;
	unsigned int tries;

	/* Linux's native_calibrate_tsc() tries three times; a shared CPU may need more. */
	for (tries = 1; tries <= CAL_TRIES; tries++) {
		pit_calibrate_tsc(p->cal_ms, &cal);
		if (cal.tsc_khz)
			break;
	}
	text_clear(&t);
	text_str(&t, "TICKER calibrate pit_latch=");
	text_u64(&t, cal.latch);
	text_str(&t, " tsc_delta=");
	text_u64(&t, cal.tsc_delta);
	text_str(&t, " polls=");
	text_u64(&t, cal.polls);
	text_str(&t, " tsc_khz=");
	text_u64(&t, cal.tsc_khz);
	text_str(&t, " tries=");
	text_u64(&t, tries > CAL_TRIES ? CAL_TRIES : tries);
	con_line(&t);
	print_cpuid_tsc();
	if (!cal.tsc_khz) {
		con_puts("TICKER error=calibration-failed\n");
		ticker_stop(false);
	}
	return cal.tsc_khz;
}

/* Step 4's figures, for the summary. */
struct tick_result {
	uint32_t divisor, count;
	uint64_t elapsed_ns;	/* first to last tick */
	uint64_t tick_ns_milli; /* mean interval, in ps */
	uint32_t tsc_khz_ticks; /* the TSC's rate by the ticks */
	uint64_t pit_hz;	/* the PIT's clock by the calibrated TSC */
};

/* Step 4: `ticks` IRQ 0s from channel 0 at `hz`, HLT between them. */
static void count_ticks(const struct params *p, uint32_t tsc_khz,
			struct tick_result *r)
{
	uint64_t tsc, counts;
	struct text t;

	r->divisor = pit_divisor(p->hz);
	irq_set_handler(0, tick_irq);
	pit_start_periodic(r->divisor);
	pic_unmask(0);
	while (tick.count < p->ticks)
		wait_for_irq();
	r->count = tick.count;
	tsc = tick.last_tsc - tick.first_tsc;
	counts = (uint64_t)r->divisor * (r->count - 1);
	r->elapsed_ns = tsc_to_ns(tsc, tsc_khz);
	r->tick_ns_milli = udiv64(r->elapsed_ns * 1000, r->count - 1, NULL);
	r->tsc_khz_ticks = tsc_khz_from_pit(tsc, counts);
	r->pit_hz = rate_hz(counts, r->elapsed_ns);

	text_clear(&t);
	text_str(&t, "TICKER ticks=");
	text_u64(&t, r->count);
	text_str(&t, " hz=");
	text_u64(&t, p->hz);
	text_str(&t, " divisor=");
	text_u64(&t, r->divisor);
	text_str(&t, " elapsed_tsc=");
	text_u64(&t, tsc);
	text_str(&t, " elapsed_us=");
	text_milli(&t, r->elapsed_ns);
	text_str(&t, " tick_us=");
	text_milli(&t, udiv64(r->tick_ns_milli, 1000, NULL));
	text_str(&t, " rate_hz=");
	text_milli(&t, udiv64((uint64_t)(r->count - 1) * 1000000000000ull,
			      r->elapsed_ns, NULL));
	text_str(&t, " tsc_khz_ticks=");
	text_u64(&t, r->tsc_khz_ticks);
	text_str(&t, " pit_khz_check=");
	text_milli(&t, r->pit_hz);
	con_line(&t);
}

/* Step 5: one line a byte per THR-empty interrupt, IRQ 0 waking HLT. */
static void uart_by_irq(const struct params *p, uint32_t tsc_khz,
			struct uart_irq_result *res)
{
	uint64_t quiet =
	    udiv64((uint64_t)tsc_khz * 1000 * UART_QUIET_TICKS, p->hz, NULL);
	struct text t;

	uart_print_by_irq("TICKER uart=irq text=\"one byte per THR-empty "
			  "interrupt\"\n",
			  quiet, res);
	pic_mask(0);
	pit_stop();
	text_clear(&t);
	text_str(&t, "TICKER uart_irqs=");
	text_u64(&t, res->thre_irqs);
	text_str(&t, " bytes_by_irq=");
	text_u64(&t, res->sent_by_irq);
	text_str(&t, " other_irqs=");
	text_u64(&t, res->other_irqs);
	text_str(&t, res->fell_back ? " mode=poll" : " mode=irq");
	con_line(&t);
	if (res->fell_back) {
		text_clear(&t);
		text_str(&t, "TICKER warning=no-thre-irq quiet_ms=");
		text_u64(&t, udiv64(UART_QUIET_TICKS * 1000, p->hz, NULL));
		text_str(&t, " fell back to polling LSR");
		con_line(&t);
	}
}

/* "YYYY-MM-DD hh:mm:ss" */
static void text_date(struct text *t, const struct rtc_date *d)
{
	text_dec(t, d->year, 4);
	text_char(t, '-');
	text_dec(t, d->month, 2);
	text_char(t, '-');
	text_dec(t, d->day, 2);
	text_char(t, ' ');
	text_dec(t, d->hour, 2);
	text_char(t, ':');
	text_dec(t, d->minute, 2);
	text_char(t, ':');
	text_dec(t, d->second, 2);
}

/* Step 6: the RTC's date. */
static void read_rtc(struct rtc_date *d)
{
	struct text t;

	rtc_read(d);
	text_clear(&t);
	text_str(&t, "TICKER rtc ok=");
	text_u64(&t, d->ok);
	text_str(&t, " reg_b=");
	text_hex(&t, d->reg_b);
	text_str(&t, " date=");
	text_date(&t, d);
	con_line(&t);
}

/* A JSON member: ,"key": then the caller's value. */
static void json_key(struct text *t, const char *key)
{
	text_str(t, t->buf[t->len - 1] == '{' ? "\"" : ",\"");
	text_str(t, key);
	text_str(t, "\":");
}

/* Step 7: the summary line. */
static void summary(const struct params *p, uint32_t tsc_khz,
		    const struct tick_result *r,
		    const struct uart_irq_result *u, const struct rtc_date *d,
		    const struct mb1_info *mbi)
{
	struct text t;

	text_clear(&t);
	text_str(&t, "TICKER {");
	json_key(&t, "ticks");
	text_u64(&t, r->count);
	json_key(&t, "hz");
	text_u64(&t, p->hz);
	json_key(&t, "elapsed_us");
	text_milli(&t, r->elapsed_ns);
	json_key(&t, "tick_us");
	text_milli(&t, udiv64(r->tick_ns_milli, 1000, NULL));
	json_key(&t, "tsc_khz");
	text_u64(&t, tsc_khz);
	json_key(&t, "tsc_khz_ticks");
	text_u64(&t, r->tsc_khz_ticks);
	json_key(&t, "pit_khz_check");
	text_milli(&t, r->pit_hz);
	json_key(&t, "uart_irqs");
	text_u64(&t, u->thre_irqs);
	json_key(&t, "uart_mode");
	text_str(&t, u->fell_back ? "\"poll\"" : "\"irq\"");
	json_key(&t, "spurious_irqs");
	text_u64(&t, irq_spurious());
	json_key(&t, "rtc");
	text_char(&t, '"');
	if (d->ok)
		text_date(&t, d);
	text_char(&t, '"');
	json_key(&t, "mem_upper_kib");
	text_u64(&t, (mbi->flags & MB1_INFO_MEMORY) ? mbi->mem_upper : 0);
	text_char(&t, '}');
	con_line(&t);
}

void ticker_main(uint32_t magic, const struct mb1_info *mbi);

/* Called by entry.S on its own stack and GDT, interrupts off. */
void ticker_main(uint32_t magic, const struct mb1_info *mbi)
{
	struct params p;
	struct tick_result r;
	struct uart_irq_result u;
	struct rtc_date d;
	const char *cmdline;
	uint32_t tsc_khz;

	uart_init();
	if (magic != MB1_LOADER_MAGIC) {
		con_puts(
		    "TICKER error=not-multiboot (EAX is not 0x2badb002)\n");
		ticker_stop(false);
	}
	cmdline = read_multiboot(mbi);
	read_params(cmdline, &p);
	exit_qemu = p.exit_qemu;

	idt_init();
	pic_init();
	con_puts("TICKER pic=8259A-pair vectors=0x20-0x2f idt=48\n");
	if (param_word(cmdline, "fault=ud"))
		asm volatile("ud2"); /* tests the exception path */

	tsc_khz = calibrate(&p);
	count_ticks(&p, tsc_khz, &r);
	uart_by_irq(&p, tsc_khz, &u);
	read_rtc(&d);
	summary(&p, tsc_khz, &r, &u, &d, mbi);
	ticker_stop(true);
}
