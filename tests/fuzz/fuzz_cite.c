/*
 * Citations of an arbitrary text: references, relations and standards
 * with spans inside the original text, and valid UTF-8 strings.  The
 * first byte picks whether the document has a number of its own.
 */
#include "fuzz_json.h"
#include "vanthu/cite.h"
#include "vanthu/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const self[] = { NULL, "1/UBND-VX", "59-NQ/TW", "" };
	struct vt_text *t;
	cJSON *refs, *rels, *stds;
	struct vt_doc doc;
	const cJSON *it;
	int rc;

	if (!size)
		return 0;
	if (fuzz_load_doc(&doc, &t, data + 1, size - 1) < 0)
		return 0;
	refs = cJSON_CreateArray();
	rels = cJSON_CreateArray();
	stds = cJSON_CreateArray();
	FUZZ_CHECK(refs && rels && stds);
	rc = vt_cite_extract(refs, rels, stds, &doc, self[data[0] & 3]);
	if (rc >= 0) {
		fuzz_check_json(refs, t->orig_len, 0);
		fuzz_check_json(rels, t->orig_len, 0);
		fuzz_check_json(stds, t->orig_len, 0);
		cJSON_ArrayForEach(it, refs) {
			const cJSON *rel = cJSON_GetObjectItemCaseSensitive(it, "relation");

			FUZZ_CHECK(cJSON_IsObject(it));
			if (cJSON_IsString(rel))
				FUZZ_CHECK(strlen(rel->valuestring) < 32);
		}
	}
	/* Any of the three may be NULL. */
	(void)vt_cite_extract(NULL, NULL, NULL, &doc, NULL);
	(void)vt_cite_relation_of_verb(doc.text, doc.len < 64 ? doc.len : 64);
	cJSON_Delete(refs);
	cJSON_Delete(rels);
	cJSON_Delete(stds);
	vt_text_free(t);
	return 0;
}
