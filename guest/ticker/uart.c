// SPDX-License-Identifier: MIT
/*
 * COM1, a 16550A at 0x3F8 on IRQ 4 (National PC16550D datasheet, section
 * 8 "Registers", Table II).  Lines go out by polling LSR; one line can go
 * out a byte per THR-empty interrupt, as a driver like Linux's 8250 sends.
 */
#include "guest/ticker/io.h"
#include "guest/ticker/ticker.h"

#define COM1 0x3f8
#define COM1_IRQ 4
#define UART_THR 0 /* DLAB = 0, write */
#define UART_DLL 0 /* DLAB = 1 */
#define UART_IER 1
#define UART_DLM 1 /* DLAB = 1 */
#define UART_IIR 2 /* read */
#define UART_FCR 2 /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_RBR 0 /* DLAB = 0, read */

#define IER_ETBEI (1 << 1)  /* 8.7: THR-empty interrupt enable */
#define IIR_NO_INT (1 << 0) /* 8.6, Table IV: no interrupt pending */
#define IIR_ID(iir) ((iir)&0x0e)
#define IIR_THRE 0x02	      /* Table IV: THR empty, priority 3 */
#define IIR_RLS 0x06	      /* receiver line status: read LSR */
#define IIR_RDA 0x04	      /* data: read RBR */
#define IIR_CTI 0x0c	      /* character timeout: read RBR */
#define FCR_ENABLE_CLEAR 0x07 /* 8.5: FIFOs on, both cleared */
#define LCR_DLAB (1 << 7)     /* 8.1 */
#define LCR_8N1 0x03
#define MCR_DTR_RTS_OUT2 0x0b /* 8.8: OUT2 gates INTR onto IRQ 4 on a PC */
#define LSR_THRE (1 << 5)     /* 8.4 */

/* The line the IRQ 4 handler is sending, and what it saw. */
static struct {
	const char *line;
	unsigned int pos;
	bool cr_sent; /* the \r before line[pos], a \n, went out */
	struct uart_irq_result *res;
} tx;

/* 115200 8N1 (divisor 1), FIFOs on, OUT2 set, every interrupt off. */
void uart_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void put_polled(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		;
	outb(COM1 + UART_THR, (uint8_t)c);
}

void con_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			put_polled('\r');
		put_polled(*s);
	}
}

void con_line(const struct text *t)
{
	con_puts(t->buf);
	con_puts("\n");
}

/* The next byte of the line, with \r before \n; 0 at the end. */
static char next_byte(void)
{
	char c = tx.line[tx.pos];

	if (c == '\n' && !tx.cr_sent) {
		tx.cr_sent = true;
		return '\r';
	}
	tx.cr_sent = false;
	if (c)
		tx.pos++;
	return c;
}

/*
 * IRQ 4: reading IIR names the source (8.6) and, for THR empty, clears it,
 * as writing THR would.  One byte per THR-empty interrupt; at the end of
 * the line ETBEI goes off.  Other sources are cleared as Table IV says.
 */
static void uart_irq(void)
{
	uint8_t iir = inb(COM1 + UART_IIR);
	char c;

	if (iir & IIR_NO_INT) {
		tx.res->other_irqs++;
		return;
	}
	switch (IIR_ID(iir)) {
	case IIR_THRE:
		tx.res->thre_irqs++;
		c = tx.line ? next_byte() : 0;
		if (c) {
			outb(COM1 + UART_THR, (uint8_t)c);
			tx.res->sent_by_irq++;
		} else {
			outb(COM1 + UART_IER, 0);
		}
		return;
	case IIR_RLS:
		inb(COM1 + UART_LSR);
		break;
	case IIR_RDA:
	case IIR_CTI:
		inb(COM1 + UART_RBR);
		break;
	default:
		inb(COM1 + UART_MSR);
		break;
	}
	tx.res->other_irqs++;
}

/*
 * Sends @line (ending in \n) from the IRQ 4 handler, waiting with HLT (IRQ
 * 0 must be running to wake it when IRQ 4 does not).  If @quiet_tsc TSC
 * ticks pass with no byte sent, the rest goes out by polling and *@res
 * says so.  Returns with interrupts off and IRQ 4 masked.
 */
void uart_print_by_irq(const char *line, uint64_t quiet_tsc,
		       struct uart_irq_result *res)
{
	uint64_t deadline = rdtsc() + quiet_tsc;
	unsigned int sent = 0;

	*res = (struct uart_irq_result){ 0 };
	tx.line = line;
	tx.pos = 0;
	tx.cr_sent = false;
	tx.res = res;
	irq_set_handler(COM1_IRQ, uart_irq);
	pic_unmask(COM1_IRQ);
	/* THR is empty: enabling ETBEI raises the first interrupt (8.7). */
	outb(COM1 + UART_IER, IER_ETBEI);
	while (line[tx.pos] && rdtsc() < deadline) {
		wait_for_irq();
		if (res->sent_by_irq != sent) {
			sent = res->sent_by_irq;
			deadline = rdtsc() + quiet_tsc;
		}
	}
	outb(COM1 + UART_IER, 0);
	pic_mask(COM1_IRQ);
	if (line[tx.pos]) {
		res->fell_back = true;
		con_puts(line + tx.pos);
	}
	tx.line = 0;
}
