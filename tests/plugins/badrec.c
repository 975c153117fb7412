/* Claims texts with "BADREC" and returns a record with an impossible deadline. */
#include <string.h>

#include "vanthu/plugin.h"

static int detect(const struct vt_doc *doc)
{
	return doc->text && strstr(doc->text, "BADREC") ? 90 : 0;
}

static int parse(const struct vt_doc *doc, cJSON *out, struct vt_perr *err)
{
	cJSON *tasks, *task, *deadlines, *span;

	(void)err;
	tasks = cJSON_AddArrayToObject(out, "tasks");
	task = cJSON_CreateObject();
	if (!tasks || !task || !cJSON_AddItemToArray(tasks, task))
		return -1;
	cJSON_AddStringToObject(task, "label", "1");
	cJSON_AddStringToObject(task, "text", "do it");
	deadlines = cJSON_AddArrayToObject(task, "deadlines");
	cJSON_AddItemToArray(deadlines, cJSON_CreateString("2024-13-40"));
	span = cJSON_AddArrayToObject(task, "span");
	cJSON_AddItemToArray(span, cJSON_CreateNumber(0));
	cJSON_AddItemToArray(span, cJSON_CreateNumber((double)doc->len));
	return 0;
}

static const struct vt_plugin plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "badrec",
	.version = "1.0.0",
	.doc_type = "plan",
	.detect = detect,
	.parse = parse,
};

VT_PLUGIN_DEFINE(badrec, plugin)
