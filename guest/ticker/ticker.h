/* SPDX-License-Identifier: MIT */
/*
 * ticker: a Multiboot 1 kernel that drives a PC's own devices (8259A pair,
 * 8254, 16550 on COM1, MC146818 RTC) and reports on COM1.  The functions
 * each file offers the others.
 */
#ifndef TICKER_H
#define TICKER_H

#include <stdbool.h>
#include <stdint.h>

#include "guest/ticker/calc.h"

/* trap.c: the IDT, and the IRQ handlers it calls. */
typedef void (*irq_handler_t)(void);
void idt_init(void);
void irq_set_handler(unsigned int irq, irq_handler_t fn);
unsigned int irq_spurious(void);

/* pic.c: the 8259A pair at vectors 0x20-0x2F. */
#define PIC_VECTOR_BASE 0x20
void pic_init(void);
void pic_unmask(unsigned int irq);
void pic_mask(unsigned int irq);
bool pic_in_service(unsigned int irq);
void pic_eoi(unsigned int irq);

/* pit.c: the 8254, channel 2 for calibration and channel 0 for IRQ 0. */
struct pit_calibration {
	uint32_t tsc_khz; /* 0: failed */
	uint32_t latch;	  /* PIT clocks counted */
	uint64_t tsc_delta;
	uint32_t polls; /* reads of port 0x61 */
	uint64_t gap_min, gap_max; /* TSC between two polls */
};
void pit_calibrate_tsc(uint32_t ms, struct pit_calibration *cal);
void pit_start_periodic(uint32_t divisor);
void pit_stop(void);

/* uart.c: COM1, polled for lines, interrupt-driven on request. */
void uart_init(void);
void con_line(const struct text *t);
void con_puts(const char *s);
struct uart_irq_result {
	unsigned int thre_irqs;	  /* IRQ 4s with IIR saying THR empty */
	unsigned int other_irqs;  /* IRQ 4s for anything else */
	unsigned int sent_by_irq; /* bytes the handler wrote */
	bool fell_back;		  /* the rest went out by polling */
};
void uart_print_by_irq(const char *line, uint64_t quiet_tsc,
		       struct uart_irq_result *res);

/* rtc.c: the MC146818's date. */
struct rtc_date {
	unsigned int year, month, day, hour, minute, second;
	uint8_t reg_b;
	bool ok; /* read with UIP clear, twice the same */
};
void rtc_read(struct rtc_date *d);

/* ticker.c */
void ticker_stop(bool ok) __attribute__((noreturn));

#endif
