/*
 * Each real plugin's detect() and parse() called directly, whatever the
 * registry would pick: the first byte chooses the plugin (in the sorted
 * order the registry loads them), the rest is the text.  detect() scores
 * in 0..100; parse() succeeds and what it adds, once finished, is a valid
 * record with its spans in the text and its strings valid UTF-8.
 */
#include <string.h>
#include <cjson/cJSON.h>

#include "fuzz_json.h"
#include "fuzz_registry.h"
#include "vanthu/record.h"
#include "vanthu/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_load_plugins("fuzz_plugins");
	return 0;
}

static void check_record(cJSON *rec, const struct vt_text *t,
                         const struct vt_plugin *p)
{
	int rc = vt_record_finish(rec, t, p);

	if (rc == 0 && (rc = vt_record_validate(rec, t->orig_len)) < 0)
		fprintf(stderr, "fuzz_plugins: '%s': %s\n", p->name, vt_error_last());
	FUZZ_CHECK(rc == 0 || rc == VT_ENOMEM);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct vt_plugin *p;
	struct vt_text *t;
	struct vt_perr err;
	struct vt_doc doc;
	cJSON *rec;
	int score, rc;

	if (!size)
		return 0;
	p = vt_registry_get(fuzz_reg, data[0] % vt_registry_count(fuzz_reg))->plugin;
	if (fuzz_load_doc(&doc, &t, data + 1, size - 1) < 0)
		return 0;
	score = p->detect(&doc);
	FUZZ_CHECK(score >= 0 && score <= 100);
	rec = cJSON_CreateObject();
	FUZZ_CHECK(rec);
	memset(&err, 0, sizeof(err));
	rc = p->parse(&doc, rec, &err);
	FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)));
	if (rc == 0) {
		fuzz_check_json(rec, t->orig_len, 0);
		check_record(rec, t, p);
	} else {
		FUZZ_CHECK(rc == VT_ENOMEM);
	}
	cJSON_Delete(rec);
	vt_text_free(t);
	return 0;
}
