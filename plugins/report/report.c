/*
 * Báo cáo (BC): reports, sent upward ("Kính gửi") or to the record; their
 * last section usually proposes tasks ("đề xuất, kiến nghị").
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "report",
	.title_word = "BÁO CÁO",
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
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "report", "1.0.0", "report", detect, parse
};

VT_PLUGIN_DEFINE(report, plugin)
