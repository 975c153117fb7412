/*
 * Claims texts with "FAILPARSE" and then fails on them, filling the whole
 * error buffer without a NUL: the core must cut the message, not overrun.
 */
#include <string.h>

#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	return doc->text && strstr(doc->text, "FAILPARSE") ? 90 : 0;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	(void)doc;
	cJSON_AddStringToObject(out, "subject", "half done");
	memset(err->msg, 'x', sizeof(err->msg));
	memcpy(err->msg, "boom", 4);
	return -1;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "failparse",
	.version = "1.0.0",
	.doc_type = "other",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(failparse, plugin)
