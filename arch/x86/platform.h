/* SPDX-License-Identifier: MIT */
/* How a run ends on each machine Tollgate knows. */
#ifndef TG_ARCH_X86_PLATFORM_H
#define TG_ARCH_X86_PLATFORM_H

#include <stdbool.h>

/* The values of the exit= key, in its order: auto|qemu|bochs|halt. */
enum exit_mode { EXIT_AUTO, EXIT_QEMU, EXIT_BOCHS, EXIT_HALT };

#define QEMU_DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900
#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000

/* True if QEMU's fw_cfg device answers with its "QEMU" signature. */
bool platform_is_qemu(void);

/*
 * Ends the run: QEMU's isa-debug-exit (status 1 for a pass, 3 for a fail),
 * Bochs' shutdown port, or HLT.  If the chosen device is absent, halts.
 */
__attribute__((noreturn)) void platform_exit(enum exit_mode mode, bool pass);

#endif
