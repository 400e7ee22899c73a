/* SPDX-License-Identifier: MIT */
/* A Multiboot guest's virtual PC (core/platform.h, docs/platform.md). */
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "core/console.h"
#include "core/guest.h"
#include "core/hv.h"
#include "core/platform.h"
#include "lib/string.h"

#define CMOS_UIP_SPINS 100000	/* an update lasts 244 us at most */
#define DEFAULT_YEAR 2026	/* a host clock that reads as nonsense */

static struct rtc_time host_clock = { DEFAULT_YEAR, 1, 1, 0, 0, 0 };
static uint64_t host_clock_tsc;

static uint8_t cmos_read(uint8_t reg)
{
	outb(RTC_PORT_INDEX, reg);
	return inb(RTC_PORT_DATA);
}

static unsigned int from_bcd(uint8_t v, bool bcd)
{
	return bcd ? (v >> 4) * 10 + (v & 0xf) : v;
}

/* The hour register in 12- or 24-hour form (MC146818A, "Time and Date"). */
static unsigned int host_hour(uint8_t raw, uint8_t b, bool bcd)
{
	unsigned int h = from_bcd(raw & (uint8_t)~RTC_HOUR_PM, bcd);

	if (b & RTC_B_24H)
		return h;
	return h % 12 + ((raw & RTC_HOUR_PM) ? 12 : 0);
}

static bool plausible(const struct rtc_time *t)
{
	return t->year >= 1970 && t->year <= 9999 && t->month >= 1 &&
	       t->month <= 12 && t->day >= 1 && t->day <= 31 &&
	       t->hour < 24 && t->minute < 60 && t->second < 60;
}

/*
 * Reads the host's clock once no update is in progress (register A UIP),
 * in the data mode its register B gives.
 */
void platform_read_host_clock(void)
{
	struct rtc_time t;
	unsigned int i, century;
	uint8_t b;
	bool bcd;

	for (i = 0; i < CMOS_UIP_SPINS && (cmos_read(RTC_REG_A) & RTC_A_UIP); i++)
		cpu_relax();
	b = cmos_read(RTC_REG_B);
	bcd = !(b & RTC_B_BINARY);
	t.second = from_bcd(cmos_read(RTC_SECONDS), bcd);
	t.minute = from_bcd(cmos_read(RTC_MINUTES), bcd);
	t.hour = host_hour(cmos_read(RTC_HOURS), b, bcd);
	t.day = from_bcd(cmos_read(RTC_DAY), bcd);
	t.month = from_bcd(cmos_read(RTC_MONTH), bcd);
	century = from_bcd(cmos_read(RTC_CENTURY), bcd);
	t.year = (century >= 19 && century <= 99 ? century : 20) * 100 +
		 from_bcd(cmos_read(RTC_YEAR), bcd);
	host_clock_tsc = rdtsc();
	if (plausible(&t))
		host_clock = t;
	else
		kprintf("Tollgate: warning: the host's CMOS clock reads nonsense; "
			"guests' clocks start at %u-01-01\n", DEFAULT_YEAR);
}

static void to_pic(void *ctx, unsigned int irq, bool level)
{
	pic_set_irq(&((struct platform *)ctx)->pic, irq, level);
}

static void uart_tx(void *ctx, uint8_t byte)
{
	guest_console_putc(ctx, (char)byte);
}

bool platform_init(struct guest *g)
{
	struct platform *pc = &g->pc;
	uint64_t hz = tsc_rate_khz() * 1000;

	memset(pc, 0, sizeof(*pc));
	pic_init(&pc->pic);
	if (!pit_init(&pc->pit, hz, rdtsc(),
		      (struct dev_irq_line){ to_pic, pc, 0 }) ||
	    !rtc_init(&pc->rtc, hz, host_clock_tsc, &host_clock))
		return false;
	uart_init(&pc->uart, UART_COM1_BASE,
		  (struct dev_irq_line){ to_pic, pc, UART_COM1_IRQ }, uart_tx, g);
	rtc_set_memory(&pc->rtc, g->ram_size);
	isa_init(&pc->isa);
	return true;
}

/* One byte at @port to the device that has it; false if none does. */
static bool byte_io(struct platform *pc, uint64_t tsc, uint16_t port, bool in,
		    uint8_t *b)
{
	return pic_io(&pc->pic, port, in, b) ||
	       pit_io(&pc->pit, tsc, port, in, b) ||
	       uart_io(&pc->uart, port, in, b) ||
	       rtc_io(&pc->rtc, tsc, port, in, b);
}

/*
 * The byte devices take a wider access byte by byte, at consecutive ports;
 * every other port is the ISA bus's (dev/isa.c), which may ask for a reset.
 */
void platform_io(struct guest *g, uint16_t port, unsigned int size, bool in,
		 uint32_t *val)
{
	struct platform *pc = &g->pc;
	uint64_t tsc = rdtsc();
	uint8_t b = (uint8_t)*val;

	if (byte_io(pc, tsc, port, in, &b)) {
		uint32_t v = in ? b : *val;
		unsigned int i;

		for (i = 1; i < size; i++) {
			b = (uint8_t)(*val >> (8 * i));
			if (byte_io(pc, tsc, (uint16_t)(port + i), in, &b) && in)
				v |= (uint32_t)b << (8 * i);
			else if (in)
				v |= 0xffu << (8 * i);
		}
		*val = v;
		return;
	}
	if (isa_io(&pc->isa, port, size, in, val) == ISA_EV_RESET)
		guest_stop(g, GUEST_RESET, "reset through port 0x%x", port);
}

/* Asks for the interrupt window, or stops asking; the control block only on a change. */
static void want_window(struct platform *pc, struct vcpu *v, bool on)
{
	if (pc->window == on)
		return;
	vendor->intr_window(v, on);
	pc->window = on;
}

void platform_before_entry(struct guest *g)
{
	struct platform *pc = &g->pc;
	struct vcpu *v = &g->vcpu;
	bool pending;

	pit_update(&pc->pit, rdtsc());
	pending = pic_intr(&pc->pic);
	if (pending && vendor->intr_ready(v)) {
		vendor->inject_intr(v, pic_inta(&pc->pic));
		pc->irqs++;
		pending = false;
	}
	want_window(pc, v, pending);	/* its exit: core/exit.c */
}

uint64_t platform_next_event(const struct guest *g)
{
	return pit_next_event(&g->pc.pit);
}

bool platform_intr_pending(const struct guest *g)
{
	return pic_intr(&g->pc.pic);
}
