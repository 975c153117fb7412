/*
 * The plugin registry: finds vanthu-*.so files, dlopen()s them with
 * RTLD_NOW | RTLD_LOCAL, checks ABI and size, and picks the plugin whose
 * detect() scores a text highest.  A plugin that cannot be loaded is kept
 * as a failure (path and reason) and skipped; it never stops the others.
 */
#ifndef VANTHU_REGISTRY_H
#define VANTHU_REGISTRY_H

#include "common.h"
#include "plugin.h"

struct vt_registry;

struct vt_plugin_info {
	const struct vt_plugin *plugin;
	const char *path;            /* the .so it came from */
};

struct vt_plugin_failure {
	const char *path;
	const char *reason;          /* "wrong ABI 7 (expected 1)", ... */
};

/* Scores below this mean "not this plugin". */
#define VT_DETECT_THRESHOLD 50

VT_EXTERN(int) vt_registry_new(struct vt_registry **out);
VT_EXTERN(void) vt_registry_free(struct vt_registry *r);

/*
 * Load every vanthu-*.so in `dir`.  The first plugin of a name wins; later
 * ones of the same name are ignored.  A folder that anyone may write to is
 * refused (recorded as a failure).  A missing folder is not an error.
 * Returns the number of plugins it added (0 for a missing folder), or
 * VT_EPLUGIN when the folder itself is refused.
 */
VT_EXTERN(int) vt_registry_add_dir(struct vt_registry *r, const char *dir);

/*
 * Load one shared object: 0 when loaded (or skipped because a plugin of
 * that name is already there); failures are recorded, and returned
 * (VT_EPLUGIN, the message naming the file and the reason).
 */
VT_EXTERN(int) vt_registry_add_file(struct vt_registry *r, const char *path);

/*
 * The search path of DESIGN.md: `plugin_dir` (may be NULL), then each
 * folder of $VANTHU_PLUGIN_PATH, then the folder beside the executable
 * (build/plugins in the tree, <prefix>/lib/vanthu/plugins when installed).
 * Failures are recorded, never returned: the number of plugins loaded, or
 * VT_ENOMEM.
 */
VT_EXTERN(int) vt_registry_load_default(struct vt_registry *r,
                                        const char *plugin_dir);

/* Entries stay valid until the next add or vt_registry_free(). */
VT_EXTERN(size_t) vt_registry_count(const struct vt_registry *r);
VT_EXTERN(const struct vt_plugin_info *) vt_registry_get(const struct vt_registry *r,
                                                         size_t i);
VT_EXTERN(size_t) vt_registry_failure_count(const struct vt_registry *r);
VT_EXTERN(const struct vt_plugin_failure *) vt_registry_failure(const struct vt_registry *r,
                                                                size_t i);

/*
 * The best plugin for a document: VT_EUNRECOGNISED when every score is
 * below VT_DETECT_THRESHOLD.  Scores outside 0..100 count as 0.
 */
VT_EXTERN(int) vt_registry_pick(const struct vt_plugin **out, int *score,
                                const struct vt_registry *r,
                                const struct vt_doc *doc);

#endif
