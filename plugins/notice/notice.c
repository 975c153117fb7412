/*
 * Thông báo (TB): notices, above all the "Thông báo kết luận" in which an
 * authority records what it concluded at a meeting and who must do what.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "notice",
	.title_word = "THÔNG BÁO",
	.congvan = 0,
};

static int detect(const struct vt_doc *doc)
{
	return vt_extract_detect_type(doc, "notice");
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	return vt_extract_document(out, doc, &opts, err);
}

static const struct vt_plugin plugin = {
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "notice", "1.0.0", "notice", detect, parse
};

VT_PLUGIN_DEFINE(notice, plugin)
