/* SPDX-License-Identifier: MIT */
/*
 * The rest of the ISA bus of the virtual PC: what a PC without the other
 * devices answers, and the two ways of asking for a reset.
 *
 *  - Any port no device claims reads all ones of the access size (the
 *    data lines float high) and ignores writes.
 *  - Port 0x80, the POST code port that software writes to for a delay:
 *    writes ignored, reads all ones.
 *  - PCI configuration mechanism #1 (PCI Local Bus Specification 3.0,
 *    3.2.2.3.2): the 32-bit address register at 0xCF8 holds what is
 *    written; the data window 0xCFC-0xCFF reads all ones, as for a
 *    function that is not there, and ignores writes.  There is no device
 *    at all, not even a host bridge, so Linux's pci_sanity_check() finds
 *    no usable configuration access and goes on without PCI.
 *  - The i8042 keyboard controller at 0x60/0x64 reads 0xFF on both ports,
 *    as when none is fitted.  Status 0xFF has the output buffer full bit
 *    set for ever, so Linux's i8042_controller_check() drains 16 bytes
 *    (about 1 ms of udelay) and reports "No controller found" at once,
 *    with none of the 500 ms command timeouts a controller that answered
 *    but had no keyboard would cost.  Command 0xFE written to 0x64 (pulse
 *    the reset line) is still seen: it asks for a reset.  Linux's reboot
 *    waits for the input buffer (status bit 1) to empty first, ~130 ms
 *    with this status, then writes it anyway.
 *  - Port 0x92, system control port A (PS/2 and the PIIX/ICH south
 *    bridges): bit 0 written as 1 is the fast reset; bit 1, the A20 gate,
 *    reads 1 whatever is written, as A20 is always on here.
 *
 * isa_io() is the glue's last resort: it claims every port.
 */
#ifndef TG_DEV_ISA_H
#define TG_DEV_ISA_H

#include "dev/dev.h"

#define ISA_PORT_POST 0x80
#define ISA_PORT_KBD_DATA 0x60
#define ISA_PORT_KBD_CMD 0x64	/* out: command; in: status */
#define ISA_PORT_SYS_A 0x92
#define ISA_PORT_PCI_ADDR 0xcf8
#define ISA_PORT_PCI_DATA 0xcfc

#define KBD_CMD_PULSE_RESET 0xfe	/* pulse output port bit 0 */
#define SYS_A_FAST_RESET BIT(0)
#define SYS_A_A20 BIT(1)
#define PCI_ADDR_ENABLE BIT(31)

/* What an access asks of the machine, beyond its value. */
enum isa_event {
	ISA_EV_NONE,
	ISA_EV_RESET,	/* reset the guest: port 0x92 bit 0 or 0x64 0xFE */
};

struct isa {
	uint32_t pci_addr;	/* 0xCF8 as written */
	unsigned int resets;	/* reset requests seen */
};

void isa_init(struct isa *b);

/* All ones of an access of @size bytes (1, 2 or 4). */
uint32_t isa_all_ones(unsigned int size);

/*
 * An access of @size bytes (1, 2 or 4) at @port; for an IN it stores the
 * value in *@val, for an OUT it takes it from *@val.  Claims every port.
 */
enum isa_event isa_io(struct isa *b, uint16_t port, unsigned int size,
		      bool in, uint32_t *val);

#endif
