/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/platform.h"

/* QEMU docs/specs/fw_cfg.rst: select the signature item, read 4 bytes. */
bool platform_is_qemu(void)
{
	static const char sig[4] = { 'Q', 'E', 'M', 'U' };
	int i;

	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	for (i = 0; i < 4; i++)
		if (inb(FW_CFG_PORT_DATA) != (uint8_t)sig[i])
			return false;
	return true;
}

/* isa-debug-exit turns the value v into QEMU's exit status (v << 1) | 1. */
static void qemu_exit(bool pass)
{
	outb(QEMU_DEBUG_EXIT_PORT, pass ? 0 : 1);
}

/* Bochs quits when the string "Shutdown" is written to its shutdown port. */
static void bochs_exit(void)
{
	const char *s = "Shutdown";

	while (*s)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s++);
}

void platform_exit(enum exit_mode mode, bool pass)
{
	if (mode == EXIT_AUTO)
		mode = platform_is_qemu() ? EXIT_QEMU : EXIT_HALT;
	if (mode == EXIT_QEMU)
		qemu_exit(pass);
	else if (mode == EXIT_BOCHS)
		bochs_exit();
	cpu_halt_forever();
}
