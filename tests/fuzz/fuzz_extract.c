/*
 * The shared extraction of an arbitrary text, as each of the three real
 * plugins calls it, and the detectors: no crash, scores in 0..100, spans
 * in the original text, valid UTF-8 in every string.
 */
#include "fuzz_json.h"
#include "vanthu/extract.h"
#include "vanthu/text.h"

static const char *const tb[] = { "TB", NULL };
static const char *const cv[] = { "CV", NULL };
static const char *const kh[] = { "KH", NULL };

static const struct {
	struct vt_extract_opts opts;
	const char *const *codes;
} kinds[] = {
	{ { "notice", "TH\xc3\x94NG B\xc3\x81O", 0 }, tb },
	{ { "dispatch", NULL, 1 }, cv },
	{ { "plan", "K\xe1\xba\xbe HO\xe1\xba\xa0" "CH", 0 }, kh },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_text *t;
	struct vt_doc doc;
	size_t k;

	if (fuzz_load_doc(&doc, &t, data, size) < 0)
		return 0;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct vt_perr err;
		cJSON *out = cJSON_CreateObject();
		int score, rc;

		FUZZ_CHECK(out);
		score = vt_extract_detect(&doc, kinds[k].opts.title_word,
		                          kinds[k].codes);
		FUZZ_CHECK(score >= 0 && score <= 100);
		memset(&err, 0, sizeof(err));
		rc = vt_extract_document(out, &doc, &kinds[k].opts, &err);
		if (rc == 0)
			fuzz_check_json(out, t->orig_len, 0);
		else
			FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)));
		cJSON_Delete(out);
	}
	vt_text_free(t);
	return 0;
}
