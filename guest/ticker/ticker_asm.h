/* SPDX-License-Identifier: MIT */
/* Constants that ticker's assembly and C share. */
#ifndef TICKER_ASM_H
#define TICKER_ASM_H

#define TICKER_CS 0x08 /* entry.S's GDT */
#define TICKER_DS 0x10
#define TICKER_STACK_SIZE 16384

#define ISR_VECTORS 48 /* exceptions 0-31, then the PICs' 0x20-0x2F */
#define ISR_STUB_SIZE 16

#endif
