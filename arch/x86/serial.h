/* SPDX-License-Identifier: MIT */
#ifndef TG_ARCH_X86_SERIAL_H
#define TG_ARCH_X86_SERIAL_H

#include <stdbool.h>

/* Programs COM1 for 115200 8N1; false if no UART answers there. */
bool serial_init(void);

/* Sends @c once the transmitter is free, so nothing is ever dropped. */
void serial_putc(char c);

/* Waits until the UART has sent everything, before the machine is stopped. */
void serial_flush(void);

#endif
