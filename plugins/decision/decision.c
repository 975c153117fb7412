/*
 * Quyết định (QĐ): decisions.  The regulations, rules and plans a decision
 * issues ("ban hành kèm theo Quyết định này") follow its signature and go
 * into its `attachments`; the articles that assign work are its tasks.
 */
#include <vanthu/extract.h>
#include <vanthu/plugin.h>

static const struct vt_extract_opts opts = {
	.type = "decision",
	.title_word = "QUYẾT ĐỊNH",
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
	VT_PLUGIN_ABI, sizeof(struct vt_plugin), "decision", "1.0.0", "decision", detect, parse
};

VT_PLUGIN_DEFINE(decision, plugin)
