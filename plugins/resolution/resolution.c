/*
 * Nghị quyết (NQ): resolutions of the Government (153/NQ-CP), of a provincial
 * People's Council (HĐND) and of Party bodies (59-NQ/TW).  Their articles
 * (Điều 1., Điều 2.) and numbered items give the tasks.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "resolution",
	.title_word = "NGHỊ QUYẾT",
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
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "resolution", "1.0.0", "resolution", detect, parse
};

VT_PLUGIN_DEFINE(resolution, plugin)
