/*
 * Chỉ thị (CT): directives of the Prime Minister (…/CT-TTg), a provincial
 * UBND (…/CT-UBND) or the Party (15-CT/TW): numbered instructions to named
 * agencies.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "directive",
	.title_word = "CHỈ THỊ",
	.congvan = 0,
};

static int detect(const struct vt_doc *doc)
{
	return vt_extract_detect_type(doc, opts.type);
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	return vt_extract_document(out, doc, &opts, err);
}

static const struct vt_plugin plugin = {
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "directive", "1.0.0", "directive", detect, parse
};

VT_PLUGIN_DEFINE(directive, plugin)
