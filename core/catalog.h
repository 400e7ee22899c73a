/* SPDX-License-Identifier: MIT */
/*
 * The guests Tollgate can run: those linked into the image, and those GRUB
 * loads as module2 files (named by the module's command line).  Each guest
 * declares the parameters it takes as NAME.key=value.
 */
#ifndef TG_CORE_CATALOG_H
#define TG_CORE_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "lib/bootinfo.h"
#include "core/run.h"

#define CATALOG_MAX 16
#define GUEST_PARAM_DECLS 4

struct guest_param_decl {
	const char *key;
	uint64_t min, max, dflt;
	const char *help;
};

#define CATALOG_NO_CPU UINT64_MAX	/* no NAME.cpu=: the scheduler places it */
#define CATALOG_CPU_MAX 255		/* beyond any CPU: refused at placement */
#define CATALOG_MEM_DEFAULT 4		/* MiB, without NAME.mem= */
#define CATALOG_MEM_MAX 3072		/* MiB: guests' RAM lies below 4 GiB */
#define CATALOG_NO_TIMEOUT UINT64_MAX	/* no NAME.timeout=: timeout= rules */
#define TIMEOUT_MAX_S 86400

struct catalog_entry {
	char name[16];
	const uint8_t *image;
	size_t image_len;
	const char *origin;		/* "built-in" or "module" */
	const char *args;		/* a module's command line after its name */
	const uint8_t *initrd;		/* its NAME.initrd module, or NULL */
	size_t initrd_len;
	const struct guest_param_decl *params;	/* NULL-key terminated */
	uint64_t values[GUEST_PARAM_DECLS];	/* from the command line */
	char keys[GUEST_PARAM_DECLS][32];	/* "NAME.key" */
	char policy_key[32];			/* "NAME.buslock" */
	struct policy_option policy;		/* NAME.buslock= */
	char cpu_key[32];			/* "NAME.cpu" */
	uint64_t cpu;				/* NAME.cpu=, or CATALOG_NO_CPU */
	char mem_key[32];			/* "NAME.mem" */
	uint64_t mem_mib;			/* NAME.mem=: its RAM in MiB */
	char timeout_key[32];			/* "NAME.timeout" */
	uint64_t timeout_s;		/* NAME.timeout=, or CATALOG_NO_TIMEOUT */
	char detect_key[32];			/* "NAME.detect" */
	int detect;		/* NAME.detect=: enum detect_choice, or -1 */
	char soft_key[32];			/* "NAME.soft" */
	int soft;		/* NAME.soft=: enum soft_choice, or -1 */
};

/* Fills the catalogue: the built-in guests, then @bi's modules (which win). */
void catalog_init(const struct boot_info *bi);

/* The entry named @name (@len bytes), or NULL. */
const struct catalog_entry *catalog_find(const char *name, size_t len);

/* The guests' names, "xchg|hostile", for messages. */
const char *catalog_names(void);

/* Entry @i of catalog_count(), to fill in its parameters. */
unsigned int catalog_count(void);
struct catalog_entry *catalog_entry_at(unsigned int i);

#endif
