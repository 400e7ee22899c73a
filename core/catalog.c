/* SPDX-License-Identifier: MIT */
#include "core/catalog.h"
#include "core/console.h"
#include "core/run.h"
#include "lib/string.h"
#include "lib/text.h"

extern const uint8_t guest_xchg_start[], guest_xchg_end[];
extern const uint8_t guest_hostile_start[], guest_hostile_end[];
extern const uint8_t guest_aligned_start[], guest_aligned_end[];
extern const uint8_t guest_bench_start[], guest_bench_end[];
extern const uint8_t guest_victim_start[], guest_victim_end[];
extern const uint8_t guest_statespy_start[], guest_statespy_end[];
extern const uint8_t guest_edges_start[], guest_edges_end[];
extern const uint8_t guest_forger_start[], guest_forger_end[];

static const struct guest_param_decl xchg_params[] = {
	{ "count", 1, 10000000, 1000, "split-locked XCHGs to run" },
	{ "movss", 0, 1, 0, "1: each XCHG right after a MOV SS" },
	{ "db", 0, 1, 1, "1: ask for bus-lock #DB where CPUID offers it; "
			 "0: leave DEBUGCTL bit 2 clear and expect no #DB" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct guest_param_decl hostile_params[] = {
	{ "attack", 1, 4, 1, "first attack: 1 hypervisor memory, "
			     "2 past its RAM, 3 VMRUN, 4 triple fault" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct guest_param_decl aligned_params[] = {
	{ "count", 1, 10000000, 1000,
	  "iterations of one aligned XCHG and one LOCK ADD" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct guest_param_decl bench_params[] = {
	{ "iterations", 1, 1000000, 1000, "iterations of each timed loop" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct guest_param_decl victim_params[] = {
	{ "intervals", 1, 100000, 50, "intervals of interval_tsc ticks to run" },
	{ "interval_tsc", 1000, 1000000000000ULL, 100000000,
	  "TSC ticks per interval" },
	{ "buffer_kib", 4, 2048, 2048,
	  "KiB at 0x200000 whose 64-byte lines the pointers chase" },
	{ NULL, 0, 0, 0, NULL },
};

/* writer and spy: one image (guest/statespy.c), each with its own marker. */
static const struct guest_param_decl writer_params[] = {
	{ "marker", 1, 2, 1, "which values it sets: 1 or 2" },
	{ "rounds", 1, 1000, 5, "turns of the other guest it checks across" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct guest_param_decl spy_params[] = {
	{ "marker", 1, 2, 2, "which values it sets: 1 or 2" },
	{ "rounds", 1, 1000, 5, "turns of the other guest it checks across" },
	{ NULL, 0, 0, 0, NULL },
};

/* The guests linked into the image (core/guest_images.S). */
static const struct builtin {
	const char *name;
	const uint8_t *start, *end;
	const struct guest_param_decl *params;
} builtins[] = {
	{ "xchg", guest_xchg_start, guest_xchg_end, xchg_params },
	{ "hostile", guest_hostile_start, guest_hostile_end, hostile_params },
	{ "aligned", guest_aligned_start, guest_aligned_end, aligned_params },
	{ "bench", guest_bench_start, guest_bench_end, bench_params },
	{ "victim", guest_victim_start, guest_victim_end, victim_params },
	{ "writer", guest_statespy_start, guest_statespy_end, writer_params },
	{ "spy", guest_statespy_start, guest_statespy_end, spy_params },
	{ "edges", guest_edges_start, guest_edges_end, NULL },
	{ "forger", guest_forger_start, guest_forger_end, NULL },
};

static struct catalog_entry entries[CATALOG_MAX];
static unsigned int entry_count;
static char names[CATALOG_MAX * 17];

static struct catalog_entry *lookup(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < entry_count; i++)
		if (strlen(entries[i].name) == len &&
		    !memcmp(entries[i].name, name, len))
			return &entries[i];
	return NULL;
}

/* Adds a guest, or gives a known name a new image (a module replaces a built-in). */
static struct catalog_entry *add(const char *name, size_t len,
				 const uint8_t *image, size_t image_len,
				 const char *origin)
{
	struct catalog_entry *e = lookup(name, len);

	if (!e) {
		if (entry_count == CATALOG_MAX) {
			kprintf("Tollgate: warning: more than %d guests; "
				"module '%.*s' left out\n", CATALOG_MAX,
				(int)len, name);
			return NULL;
		}
		e = &entries[entry_count++];
		ksnprintf(e->name, sizeof(e->name), "%.*s", (int)len, name);
	}
	e->image = image;
	e->image_len = image_len;
	e->origin = origin;
	e->args = "";
	return e;
}

/* A module's name: the first word of its command line, at most 15 bytes. */
static size_t module_name_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != ' ' && s[n] != '\t' && n < 15)
		n++;
	return n;
}

#define INITRD_SUFFIX ".initrd"
#define INITRD_SUFFIX_LEN 7

/* NAME.initrd (the Linux convention of docs/guest-abi.md): the length of NAME, else 0. */
static size_t initrd_name(const char *s, size_t len)
{
	if (len <= INITRD_SUFFIX_LEN ||
	    memcmp(s + len - INITRD_SUFFIX_LEN, INITRD_SUFFIX, INITRD_SUFFIX_LEN) ||
	    !text_is_name(s, len - INITRD_SUFFIX_LEN))
		return 0;
	return len - INITRD_SUFFIX_LEN;
}

/* Gives each NAME.initrd module to guest NAME (a Linux kernel). */
static void attach_initrds(const struct boot_info *bi)
{
	unsigned int i;

	for (i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		size_t len = initrd_name(m->name, module_name_len(m->name));
		struct catalog_entry *e = len ? lookup(m->name, len) : NULL;

		if (len && !e) {
			/* A mistyped name would boot the kernel without it. */
			run_error("module %u is the initrd of '%.*s', which "
				  "no module names; left out", i, (int)len,
				  m->name);
		} else if (e) {
			e->initrd = (const uint8_t *)(uintptr_t)m->start;
			e->initrd_len = m->end - m->start;
		}
	}
}

void catalog_init(const struct boot_info *bi)
{
	struct catalog_entry *e;
	unsigned int i;
	size_t used = 0;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		const struct builtin *b = &builtins[i];

		add(b->name, strlen(b->name), b->start, b->end - b->start,
		    "built-in");
		entries[entry_count - 1].params = b->params;
	}

	for (i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		size_t len = module_name_len(m->name);

		if (!len) {
			kprintf("Tollgate: warning: module %u has no name on its "
				"command line; left out\n", i);
			continue;
		}
		if (initrd_name(m->name, len))
			continue;	/* attach_initrds() takes it */
		if (!text_is_name(m->name, len)) {
			char shown[16];

			ksnprintf(shown, sizeof(shown), "%.*s", (int)len,
				  m->name);
			text_sanitize(shown);
			kprintf("Tollgate: warning: module %u's name '%s' is not "
				"letters, digits, _ or -; left out\n", i, shown);
			continue;
		}
		e = add(m->name, len, (const uint8_t *)(uintptr_t)m->start,
			m->end - m->start, "module");
		if (e)
			e->args = m->name[len] ? m->name + len + 1 : "";
	}
	attach_initrds(bi);
	names[0] = '\0';
	for (i = 0; i < entry_count; i++)
		used += ksnprintf(names + used, sizeof(names) - used, "%s%s",
				  i ? "|" : "", entries[i].name);
}

const struct catalog_entry *catalog_find(const char *name, size_t len)
{
	return lookup(name, len);
}

unsigned int catalog_count(void)
{
	return entry_count;
}

struct catalog_entry *catalog_entry_at(unsigned int i)
{
	return i < entry_count ? &entries[i] : NULL;
}

const char *catalog_names(void)
{
	return names;
}
