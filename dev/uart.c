/* SPDX-License-Identifier: MIT */
/*
 * The 16550A (see dev/uart.h).  The interrupt sources are computed from
 * the registers whenever they may have changed; only the THR-empty one
 * needs its own latch, since reading IIR clears it while THR stays empty
 * (Table IV).
 */
#include "dev/uart.h"

static bool loopback(const struct uart *u)
{
	return u->mcr & UART_MCR_LOOP;
}

static uint8_t rx_capacity(const struct uart *u)
{
	return u->fifos ? UART_FIFO_SIZE : 1;
}

/* The highest-priority pending source as IIR bits 3:0 (Table IV). */
static uint8_t interrupt_id(const struct uart *u)
{
	if ((u->ier & UART_IER_ELSI) && u->overrun)
		return UART_IIR_RLSI;
	if ((u->ier & UART_IER_ERBFI) && u->rx_count) {
		/* A FIFO below its trigger level times out at once here. */
		if (u->fifos && u->rx_count < u->rx_trigger)
			return UART_IIR_TIMEOUT;
		return UART_IIR_RDI;
	}
	if ((u->ier & UART_IER_ETBEI) && u->thre_pending)
		return UART_IIR_THRI;
	if ((u->ier & UART_IER_EDSSI) && (u->msr & UART_MSR_DELTAS))
		return UART_IIR_MSI;
	return UART_IIR_NO_INT;
}

/* INTR gated by OUT2, which loopback disconnects (8.8). */
static void update_irq(struct uart *u)
{
	bool level = interrupt_id(u) != UART_IIR_NO_INT &&
		     (u->mcr & UART_MCR_OUT2) && !loopback(u);

	if (level != u->irq_level) {
		u->irq_level = level;
		dev_irq_set(&u->irq, level);
	}
}

static void rx_clear(struct uart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

static bool rx_push(struct uart *u, uint8_t byte)
{
	if (u->rx_count >= rx_capacity(u)) {
		u->overrun = true;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
	u->rx_count++;
	return true;
}

static uint8_t rx_pop(struct uart *u)
{
	uint8_t byte;

	if (!u->rx_count)
		return 0;
	byte = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
	u->rx_count--;
	return byte;
}

/*
 * The modem lines: in loopback, MCR's outputs looped back (DTR to DSR,
 * RTS to CTS, OUT1 to RI, OUT2 to DCD); else a terminal attached.  A
 * change sets the deltas, RI's only on its trailing edge (8.9).
 */
static void update_msr(struct uart *u)
{
	uint8_t lines = UART_MSR_ATTACHED, changed, deltas;

	if (loopback(u)) {
		lines = 0;
		if (u->mcr & UART_MCR_DTR)
			lines |= UART_MSR_DSR;
		if (u->mcr & UART_MCR_RTS)
			lines |= UART_MSR_CTS;
		if (u->mcr & UART_MCR_OUT1)
			lines |= UART_MSR_RI;
		if (u->mcr & UART_MCR_OUT2)
			lines |= UART_MSR_DCD;
	}
	changed = (uint8_t)((u->msr ^ lines) & 0xf0);
	deltas = changed >> 4 & ~UART_MSR_TERI;
	if (changed & u->msr & UART_MSR_RI)
		deltas |= UART_MSR_TERI;
	u->msr = (uint8_t)(lines | (u->msr & UART_MSR_DELTAS) | deltas);
}

/* THR written: sent at once, so THR is empty again and says so. */
static void write_thr(struct uart *u, uint8_t byte)
{
	if (loopback(u))
		rx_push(u, byte);
	else if (u->tx)
		u->tx(u->tx_ctx, byte);
	u->thre_pending = true;
}

/* Enabling ETBEI with THR empty raises the THR-empty interrupt. */
static void write_ier(struct uart *u, uint8_t v)
{
	v &= UART_IER_MASK;
	if ((v & UART_IER_ETBEI) && !(u->ier & UART_IER_ETBEI))
		u->thre_pending = true;
	u->ier = v;
}

/* FCR (8.5): enabling or disabling the FIFOs empties them. */
static void write_fcr(struct uart *u, uint8_t v)
{
	static const uint8_t trigger[4] = { 1, 4, 8, 14 };
	bool enable = v & UART_FCR_ENABLE;

	if (enable != u->fifos)
		rx_clear(u);
	u->fifos = enable;
	if (!enable)
		return;
	if (v & UART_FCR_CLEAR_RX)
		rx_clear(u);
	u->rx_trigger = trigger[v >> UART_FCR_TRIGGER_SHIFT];
}

/* Reading IIR clears the THR-empty interrupt if that is what it says. */
static uint8_t read_iir(struct uart *u)
{
	uint8_t id = interrupt_id(u);

	if (id == UART_IIR_THRI)
		u->thre_pending = false;
	return (uint8_t)(id | (u->fifos ? UART_IIR_FIFOS : 0));
}

/* LSR (8.4): reading it clears the overrun. */
static uint8_t read_lsr(struct uart *u)
{
	uint8_t v = UART_LSR_THRE | UART_LSR_TEMT;

	if (u->rx_count)
		v |= UART_LSR_DR;
	if (u->overrun)
		v |= UART_LSR_OE;
	u->overrun = false;
	return v;
}

/* MSR (8.9): reading it clears the deltas. */
static uint8_t read_msr(struct uart *u)
{
	uint8_t v = u->msr;

	u->msr &= ~UART_MSR_DELTAS;
	return v;
}

static uint8_t read_reg(struct uart *u, unsigned int reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_RBR:
		return dlab ? u->dll : rx_pop(u);
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR:
		return read_iir(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return read_lsr(u);
	case UART_MSR:
		return read_msr(u);
	default:
		return u->scr;
	}
}

static void write_reg(struct uart *u, unsigned int reg, uint8_t v)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_THR:
		if (dlab)
			u->dll = v;
		else
			write_thr(u, v);
		return;
	case UART_IER:
		if (dlab)
			u->dlm = v;
		else
			write_ier(u, v);
		return;
	case UART_FCR:
		write_fcr(u, v);
		return;
	case UART_LCR:
		u->lcr = v;
		return;
	case UART_MCR:
		u->mcr = v & UART_MCR_MASK;
		update_msr(u);
		return;
	case UART_SCR:
		u->scr = v;
		return;
	default:	/* LSR and MSR: writes are for factory test */
		return;
	}
}

bool uart_io(struct uart *u, uint16_t port, bool in, uint8_t *val)
{
	if (port < u->base || port >= u->base + UART_PORTS)
		return false;
	if (in)
		*val = read_reg(u, port - u->base);
	else
		write_reg(u, port - u->base, *val);
	update_irq(u);
	return true;
}

bool uart_receive(struct uart *u, uint8_t byte)
{
	bool ok = rx_push(u, byte);

	update_irq(u);
	return ok;
}

void uart_init(struct uart *u, uint16_t base, struct dev_irq_line irq,
	       void (*tx)(void *ctx, uint8_t byte), void *tx_ctx)
{
	*u = (struct uart){
		.base = base,
		.dll = 12,	/* not reset; 9600 baud from 1.8432 MHz */
		.msr = UART_MSR_ATTACHED,
		.rx_trigger = 1,
		.irq = irq,
		.tx = tx,
		.tx_ctx = tx_ctx,
	};
}
