/* Built for an ABI the core does not speak. */
#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	(void)doc;
	return 100;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	(void)doc;
	(void)out;
	(void)err;
	return 0;
}

static const struct vt_plugin plugin = {
	.abi = 99,
	.size = sizeof(struct vt_plugin),
	.name = "badabi",
	.version = "1.0.0",
	.doc_type = "other",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(badabi, plugin)
