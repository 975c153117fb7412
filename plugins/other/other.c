/*
 * The fallback: any text with a "Số" line, a national motto or a Party
 * header that no other plugin claims (Tờ trình, Hướng dẫn, Nghị định, a
 * Thông tư …) still gets its header, references, tasks and signature.  The
 * record type is the one the title word or the symbol implies ("decree",
 * "circular", "law"), else "other".  detect() stays at 50 so that every
 * plugin of a known type wins over it.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "other",
	.title_word = NULL,
	.congvan = 0,
};

static int detect(const struct vt_doc *doc)
{
	return vt_extract_detect_type(doc, "other");
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	return vt_extract_document(out, doc, &opts, err);
}

static const struct vt_plugin plugin = {
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "other", "1.0.0", "other", detect, parse
};

VT_PLUGIN_DEFINE(other, plugin)
