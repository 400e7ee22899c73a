/* SPDX-License-Identifier: MIT */
/*
 * A National Semiconductor PC16550D UART (the "16550A" Linux's 8250 driver
 * detects) at eight ports from @base: COM1 is 0x3F8-0x3FF on IRQ 4.
 *
 * Sections cited are those of the PC16550D datasheet (National, 1995):
 * 8.0 "Registers", Table II (register summary), 8.1 LCR, 8.2 "Typical
 * Clock Circuits" (divisor latches), 8.4 LSR, 8.5 FCR, 8.6 IIR and Table
 * IV (interrupt control functions), 8.7 IER, 8.8 MCR (with loopback),
 * 8.9 MSR, 8.10 SCR.
 *
 * Transmission takes no time: a byte written to THR goes to the tx
 * callback at once (or, in loopback, to the receiver), so THR and the
 * transmitter are always empty when the guest looks.  Received bytes come
 * from loopback or uart_receive(); with FIFOs enabled the receiver holds
 * 16, else 1.  The interrupt output reaches the PIC through OUT2, as on a
 * PC (the 8250 driver sets MCR.OUT2 to enable it); in loopback mode OUT2
 * is disconnected, so the line is low.
 *
 * The glue calls uart_io() for the ports and gets IRQ changes through the
 * dev_irq_line and transmitted bytes through the tx callback.
 */
#ifndef TG_DEV_UART_H
#define TG_DEV_UART_H

#include "dev/dev.h"

#define UART_COM1_BASE 0x3f8
#define UART_COM1_IRQ 4
#define UART_PORTS 8
#define UART_FIFO_SIZE 16

/* Register offsets (Table II); with LCR.DLAB, 0 and 1 are the divisor. */
#define UART_RBR 0	/* in: receiver buffer */
#define UART_THR 0	/* out: transmitter holding */
#define UART_IER 1
#define UART_IIR 2	/* in */
#define UART_FCR 2	/* out */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

/* IER (8.7). */
#define UART_IER_ERBFI BIT(0)	/* received data available */
#define UART_IER_ETBEI BIT(1)	/* THR empty */
#define UART_IER_ELSI BIT(2)	/* receiver line status */
#define UART_IER_EDSSI BIT(3)	/* modem status */
#define UART_IER_MASK 0x0f

/* IIR (8.6, Table IV). */
#define UART_IIR_NO_INT BIT(0)
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_TIMEOUT 0x0c	/* character timeout, FIFO mode */
#define UART_IIR_FIFOS 0xc0	/* FIFOs enabled */

/* FCR (8.5). */
#define UART_FCR_ENABLE BIT(0)
#define UART_FCR_CLEAR_RX BIT(1)
#define UART_FCR_CLEAR_TX BIT(2)
#define UART_FCR_TRIGGER_SHIFT 6

/* LCR (8.1). */
#define UART_LCR_DLAB BIT(7)

/* MCR (8.8). */
#define UART_MCR_DTR BIT(0)
#define UART_MCR_RTS BIT(1)
#define UART_MCR_OUT1 BIT(2)
#define UART_MCR_OUT2 BIT(3)
#define UART_MCR_LOOP BIT(4)
#define UART_MCR_MASK 0x1f

/* LSR (8.4). */
#define UART_LSR_DR BIT(0)
#define UART_LSR_OE BIT(1)
#define UART_LSR_THRE BIT(5)
#define UART_LSR_TEMT BIT(6)

/* MSR (8.9): deltas in 3:0, the lines in 7:4. */
#define UART_MSR_DCTS BIT(0)
#define UART_MSR_TERI BIT(2)
#define UART_MSR_DELTAS 0x0f
#define UART_MSR_CTS BIT(4)
#define UART_MSR_DSR BIT(5)
#define UART_MSR_RI BIT(6)
#define UART_MSR_DCD BIT(7)
/* Outside loopback: a terminal that is there and ready. */
#define UART_MSR_ATTACHED (UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS)

struct uart {
	uint16_t base;
	uint8_t ier;
	uint8_t lcr;
	uint8_t mcr;
	uint8_t scr;
	uint8_t dll;
	uint8_t dlm;
	uint8_t msr;		/* lines and deltas */
	uint8_t rx_trigger;	/* FCR bits 7:6 as a byte count */
	bool fifos;		/* FCR.0 */
	bool thre_pending;	/* the THR-empty interrupt, until cleared */
	bool overrun;		/* LSR.OE */
	uint8_t rx[UART_FIFO_SIZE];
	uint8_t rx_head;
	uint8_t rx_count;
	bool irq_level;		/* as last reported */
	struct dev_irq_line irq;
	void (*tx)(void *ctx, uint8_t byte);
	void *tx_ctx;
};

/* The UART after a master reset (8.0, Table III), at @base, with its
 * interrupt on @irq and transmitted bytes going to @tx (may be NULL). */
void uart_init(struct uart *u, uint16_t base, struct dev_irq_line irq,
	       void (*tx)(void *ctx, uint8_t byte), void *tx_ctx);

/* Ports base..base+7 (see dev/dev.h). */
bool uart_io(struct uart *u, uint16_t port, bool in, uint8_t *val);

/* A byte arriving on the serial line; false (and an overrun) if the
 * receiver is full. */
bool uart_receive(struct uart *u, uint8_t byte);

#endif
