/* Never sure: 40 for "WEAK" (below the threshold), exactly 50 for "EDGE". */
#include <string.h>

#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	if (!doc->text)
		return 0;
	if (strstr(doc->text, "EDGE"))
		return 50;
	return strstr(doc->text, "WEAK") ? 40 : 0;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	(void)doc;
	(void)err;
	(void)out;
	return 0;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "weak",
	.version = "0.1.0",
	.doc_type = "other",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(weak, plugin)
