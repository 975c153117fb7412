/*
 * Chương trình (CTr): programmes, above all the "Chương trình hành động" by
 * which a body implements a higher resolution.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "program",
	.title_word = "CHƯƠNG TRÌNH",
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
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "program", "1.0.0", "program", detect, parse
};

VT_PLUGIN_DEFINE(program, plugin)
