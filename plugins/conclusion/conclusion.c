/*
 * Kết luận (KL): conclusions of a Party body (126-KL/TW, …-KL/TU).  A
 * "THÔNG BÁO KẾT LUẬN" is a notice, not this: the first title word decides.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "conclusion",
	.title_word = "KẾT LUẬN",
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
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "conclusion", "1.0.0", "conclusion", detect, parse
};

VT_PLUGIN_DEFINE(conclusion, plugin)
