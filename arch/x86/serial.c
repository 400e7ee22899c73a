/* SPDX-License-Identifier: MIT */
/* The 16550 UART at COM1 (PC16550D data sheet, "Registers"). */
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"

#define UART_DATA 0	/* THR; DLL when LCR.DLAB */
#define UART_IER 1	/* DLM when LCR.DLAB */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_SCR 7

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_TEMT 0x40	/* transmitter and its FIFO empty */
#define UART_CLOCK_DIVISOR 1	/* 115200 baud from the 1.8432 MHz clock */

static bool present;

bool serial_init(void)
{
	/* The scratch register holds what is written only if a UART is there. */
	outb(COM1_PORT + UART_SCR, 0xa5);
	if (inb(COM1_PORT + UART_SCR) != 0xa5)
		return false;

	outb(COM1_PORT + UART_IER, 0);	/* polled, no interrupts */
	outb(COM1_PORT + UART_LCR, LCR_DLAB);
	outb(COM1_PORT + UART_DATA, UART_CLOCK_DIVISOR & 0xff);
	outb(COM1_PORT + UART_IER, UART_CLOCK_DIVISOR >> 8);
	outb(COM1_PORT + UART_LCR, LCR_8N1);
	outb(COM1_PORT + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1_PORT + UART_MCR, MCR_DTR_RTS);
	present = true;
	return true;
}

void serial_putc(char c)
{
	if (!present)
		return;
	while (!(inb(COM1_PORT + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1_PORT + UART_DATA, (uint8_t)c);
}

void serial_flush(void)
{
	if (!present)
		return;
	while (!(inb(COM1_PORT + UART_LSR) & LSR_TEMT))
		cpu_relax();
}
