/* Everything right except that there is no parse(). */
#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	(void)doc;
	return 100;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "nullcb",
	.version = "1.0.0",
	.doc_type = "other",
	.detect = detect,
	.parse = NULL,
};

VT_PLUGIN_DEFINE(nullcb, plugin)
