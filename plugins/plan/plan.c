/*
 * Kế hoạch (KH): plans, which turn a higher document (a resolution, a
 * Party plan) into tasks for the agencies of a province or ministry.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "plan",
	.title_word = "KẾ HOẠCH",
	.congvan = 0,
};

static int detect(const struct vt_doc *doc)
{
	return vt_extract_detect_type(doc, "plan");
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	return vt_extract_document(out, doc, &opts, err);
}

static const struct vt_plugin plugin = {
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "plan", "1.0.0", "plan", detect, parse
};

VT_PLUGIN_DEFINE(plan, plugin)
