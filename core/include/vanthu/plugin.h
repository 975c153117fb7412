/*
 * THE plugin ABI.  A plugin is a shared object named vanthu-<name>.so that
 * exports one function, vanthu_plugin_<name>(), returning a pointer to a
 * static struct vt_plugin.  The core checks `abi` and `size` before it
 * touches anything else; new members are only ever added at the end.
 *
 * The core owns the text and the cJSON object; a plugin only adds members
 * to `out` (with cJSON's own functions, so both share the one libcjson.so)
 * and writes a message into `err` when it fails.  It keeps no pointer to
 * either after returning.  Plugins are built with -fvisibility=hidden and
 * everything in them but the entry point is static.
 */
#ifndef VANTHU_PLUGIN_H
#define VANTHU_PLUGIN_H

#include <cjson/cJSON.h>
#include "common.h"
#include "text.h"

#define VT_PLUGIN_ABI 1

struct vt_doc {
	const char *text;            /* normalised text, NUL-terminated */
	size_t len;
	const char *path;            /* for messages; "-" for standard input */
	const struct vt_text *src;   /* offsets map, hash, original bytes */
};

struct vt_perr {
	char msg[256];
};

struct vt_plugin {
	unsigned abi;                /* VT_PLUGIN_ABI, always first */
	unsigned size;               /* sizeof(struct vt_plugin) as compiled */
	const char *name;            /* "notice": matches the file name */
	const char *version;         /* "1.0.0" */
	const char *doc_type;        /* record "type" it produces */

	/* 0..100 (50 possible, 80 likely, 100 certain); cheap, pure. */
	int (*detect)(const struct vt_doc *doc);

	/* Fill `out`; 0 on success, negative with err->msg on failure. */
	int (*parse)(const struct vt_doc *doc, cJSON *out, struct vt_perr *err);
};

typedef const struct vt_plugin *(*vt_plugin_entry)(void);

#define VT_PLUGIN_ENTRY_PREFIX "vanthu_plugin_"

#if defined(__GNUC__)
# define VT_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
# define VT_PLUGIN_EXPORT
#endif

/*
 * Define the entry point of plugin `name` from a static struct vt_plugin:
 *   static const struct vt_plugin plugin = { ... };
 *   VT_PLUGIN_DEFINE(notice, plugin)
 */
#define VT_PLUGIN_DEFINE(name, var) \
	VT_PLUGIN_EXPORT const struct vt_plugin *vanthu_plugin_##name(void); \
	VT_PLUGIN_EXPORT const struct vt_plugin *vanthu_plugin_##name(void) \
	{ return &(var); }

#endif
