/* vanthu-dash-name.so exports vanthu_plugin_dash_name: '-' becomes '_'. */
#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	(void)doc;
	return 0;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	(void)doc;
	(void)out;
	(void)err;
	return 0;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "dash-name",
	.version = "1.0.0",
	.doc_type = "report",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(dash_name, plugin)
