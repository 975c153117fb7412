/*
 * A minimal plugin that does everything right: the registry tests load it,
 * pick it for any text containing "GOOD" and parse through it.
 */
#include <string.h>

#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	return doc->text && strstr(doc->text, "GOOD") ? 60 : 0;
}

static cJSON *span_of(size_t start, size_t end)
{
	cJSON *span = cJSON_CreateArray();

	if (span) {
		cJSON_AddItemToArray(span, cJSON_CreateNumber((double)start));
		cJSON_AddItemToArray(span, cJSON_CreateNumber((double)end));
	}
	return span;
}

/*
 * A few valid fields, and one reference with only its required members:
 * the core fills the rest.  The test texts are ASCII with LF line ends, so
 * offsets in the normalised text are offsets in the original.
 */
static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	size_t at = (size_t)(strstr(doc->text, "GOOD") - doc->text);
	cJSON *refs, *ref;

	if (!cJSON_AddStringToObject(out, "number", "05/ubnd-nc") ||
	    !cJSON_AddStringToObject(out, "province", "Tây Ninh") ||
	    !cJSON_AddStringToObject(out, "date", "2024-05-05") ||
	    !cJSON_AddStringToObject(out, "subject", "a good document")) {
		strcpy(err->msg, "out of memory");
		return -1;
	}
	refs = cJSON_AddArrayToObject(out, "references");
	ref = cJSON_CreateObject();
	if (!refs || !ref || !cJSON_AddItemToArray(refs, ref)) {
		cJSON_Delete(ref);
		strcpy(err->msg, "out of memory");
		return -1;
	}
	cJSON_AddStringToObject(ref, "number", "170/TB-VPCP");
	cJSON_AddStringToObject(ref, "relation", "implements");
	cJSON_AddItemToObject(ref, "span", span_of(at, at + 4));
	return 0;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "good",
	.version = "1.0.0",
	.doc_type = "dispatch",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(good, plugin)
