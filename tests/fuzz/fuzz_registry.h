/*
 * The real plugins (from $VANTHU_BUILD/plugins, else build/plugins),
 * loaded once for the harnesses that run them.  Not a library header.
 */
#ifndef VANTHU_FUZZ_REGISTRY_H
#define VANTHU_FUZZ_REGISTRY_H

#include "fuzz.h"
#include "vanthu/error.h"
#include "vanthu/registry.h"

static struct vt_registry *fuzz_reg;

static void fuzz_drop_registry(void)
{
	vt_registry_free(fuzz_reg);
	fuzz_reg = NULL;
}

/* Without plugins a harness would run nothing and report no crash. */
static inline void fuzz_load_plugins(const char *harness)
{
	const char *b = getenv("VANTHU_BUILD");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/plugins", b && *b ? b : "build");
	if (vt_registry_new(&fuzz_reg) < 0 || vt_registry_add_dir(fuzz_reg, dir) < 0 ||
	    vt_registry_count(fuzz_reg) == 0) {
		fprintf(stderr, "%s: no plugins in '%s': %s\n", harness, dir,
		        vt_error_last());
		exit(1);
	}
	atexit(fuzz_drop_registry);
}

#endif
