/* SPDX-License-Identifier: MIT */
/*
 * The command-line keys.  Each is documented in README.md ("Command line");
 * a later feature adds its key here and there.
 */
#include "core/console.h"
#include "core/run.h"

static const char *const exit_choices[] = { "auto", "qemu", "bochs", "halt",
					    NULL };
static const char *const fault_choices[] = { "none", "ud", "gp", "pf", "de",
					     NULL };

void config_parse(const char *line)
{
	const struct cmdline_key keys[] = {
		{ .name = "exit", .parse = cmdline_enum,
		  .dst = &the_run.config.exit_mode, .choices = exit_choices },
		{ .name = "debug.fault", .parse = cmdline_enum,
		  .dst = &the_run.config.debug_fault,
		  .choices = fault_choices },
	};
	struct cmdline_errors *errs = &the_run.cmdline_errors;
	unsigned int i;

	the_run.config.exit_mode = EXIT_AUTO;
	the_run.config.debug_fault = FAULT_NONE;
	cmdline_parse(line, keys, sizeof(keys) / sizeof(keys[0]), errs);
	for (i = 0; i < errs->count; i++)
		kprintf("Tollgate: warning: command line: %s (default used)\n",
			errs->msg[i]);
	if (errs->dropped)
		kprintf("Tollgate: warning: command line: %u more errors\n",
			errs->dropped);
}
