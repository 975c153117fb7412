/*
 * Scores outside 0..100: 1000 for texts "good" also claims, -7 for every
 * other.  Both must count as 0, or this plugin would win everything.
 */
#include <string.h>

#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	return doc->text && strstr(doc->text, "GOOD") ? 1000 : -7;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	(void)doc;
	(void)out;
	strcpy(err->msg, "nonsense must never be picked");
	return -1;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "nonsense",
	.version = "1.0.0",
	.doc_type = "other",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(nonsense, plugin)
