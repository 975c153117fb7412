/*
 * Công văn: dispatches.  They carry no title word and no type code (the
 * symbol is issuer + drafting unit, "1345/UBND-NC", or "CV" for the
 * Party); their subject follows "V/v" and their addressees "Kính gửi".
 * Exports often lose the header, so "Kính gửi" alone is enough to say
 * "likely".
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "dispatch",
	.title_word = NULL,
	.congvan = 1,
};

static int detect(const struct vt_doc *doc)
{
	return vt_extract_detect_type(doc, "dispatch");
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	return vt_extract_document(out, doc, &opts, err);
}

static const struct vt_plugin plugin = {
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "dispatch", "1.0.0", "dispatch", detect, parse
};

VT_PLUGIN_DEFINE(dispatch, plugin)
