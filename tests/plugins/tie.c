/* Scores exactly what "good" scores, so ties go to the plugin loaded first. */
#include <string.h>

#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	return doc->text && strstr(doc->text, "GOOD") ? 60 : 0;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	(void)doc;
	(void)err;
	return cJSON_AddStringToObject(out, "subject", "tie") ? 0 : -1;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "tie",
	.version = "1.0.0",
	.doc_type = "notice",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(tie, plugin)
