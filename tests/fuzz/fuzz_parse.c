/*
 * The whole path from bytes to a finished record, through the real
 * plugins (from $VANTHU_BUILD/plugins, else build/plugins), loaded once.
 * A record that comes back must validate and print canonically.
 */
#include <string.h>
#include <cjson/cJSON.h>

#include "fuzz_json.h"
#include "fuzz_registry.h"
#include "vanthu/parse.h"
#include "vanthu/record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_load_plugins("fuzz_parse");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_text *t = NULL;
	cJSON *rec = NULL;
	char *canon;
	int rc;

	rc = vt_parse(&rec, &t, fuzz_reg, (const char *)data, size, "fuzz");
	if (rc < 0) {
		FUZZ_CHECK(rec == NULL && t == NULL);
		/* The real plugins fail only when memory does, and never make an
		 * invalid record: VT_EPLUGIN is a finding. */
		if (rc == VT_EPLUGIN)
			fprintf(stderr, "fuzz_parse: %s\n", vt_error_last());
		FUZZ_CHECK(rc == VT_EINVALID || rc == VT_EUNRECOGNISED ||
		           rc == VT_ENOMEM);
		return 0;
	}
	FUZZ_CHECK(rec && t);
	FUZZ_CHECK(vt_record_validate(rec, t->orig_len) == 0);
	fuzz_check_json(rec, t->orig_len, 0);
	canon = vt_record_canonical(rec);
	FUZZ_CHECK(canon != NULL);
	free(canon);
	cJSON_Delete(rec);
	vt_text_free(t);
	return 0;
}
