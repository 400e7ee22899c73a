/* SPDX-License-Identifier: MIT */
/* The ports no other device model claims (see dev/isa.h). */
#include "dev/isa.h"

void isa_init(struct isa *b)
{
	*b = (struct isa){ 0 };
}

uint32_t isa_all_ones(unsigned int size)
{
	return size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

/* Only a 32-bit access at 0xCF8 reaches the address register (PCI 3.0
 * 3.2.2.3.2); the bits 1:0 read 0. */
static void pci_addr_io(struct isa *b, bool in, uint32_t *val)
{
	if (in)
		*val = b->pci_addr;
	else
		b->pci_addr = *val & ~3u;
}

static enum isa_event isa_write(struct isa *b, uint16_t port,
				 unsigned int size, uint32_t v)
{
	if (port == ISA_PORT_PCI_ADDR && size == 4) {
		pci_addr_io(b, false, &v);
		return ISA_EV_NONE;
	}
	if ((port == ISA_PORT_KBD_CMD && (v & 0xff) == KBD_CMD_PULSE_RESET) ||
	    (port == ISA_PORT_SYS_A && (v & SYS_A_FAST_RESET))) {
		b->resets++;
		return ISA_EV_RESET;
	}
	return ISA_EV_NONE;
}

enum isa_event isa_io(struct isa *b, uint16_t port, unsigned int size,
		      bool in, uint32_t *val)
{
	if (!in)
		return isa_write(b, port, size, *val);
	*val = isa_all_ones(size);
	if (port == ISA_PORT_PCI_ADDR && size == 4)
		pci_addr_io(b, true, val);
	else if (port == ISA_PORT_SYS_A)
		*val = (*val & ~0xffu) | SYS_A_A20;
	return ISA_EV_NONE;
}
