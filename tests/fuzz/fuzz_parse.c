/*
 * The whole path from bytes to a finished record, through the real
 * plugins (from $VANTHU_BUILD/plugins, else build/plugins), loaded once.
 * A record that comes back must validate and print canonically.
 */
#include <string.h>
#include <cjson/cJSON.h>

#include "fuzz_json.h"
#include "vanthu/error.h"
#include "vanthu/parse.h"
#include "vanthu/record.h"
#include "vanthu/registry.h"

static struct vt_registry *reg;

static void drop_registry(void)
{
	vt_registry_free(reg);
	reg = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *b = getenv("VANTHU_BUILD");
	char dir[4096];

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "%s/plugins", b && *b ? b : "build");
	if (vt_registry_new(&reg) < 0 || vt_registry_add_dir(reg, dir) < 0 ||
	    vt_registry_count(reg) == 0) {
		fprintf(stderr, "fuzz_parse: no plugins in '%s': %s\n", dir,
		        vt_error_last());
		exit(1);
	}
	atexit(drop_registry);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_text *t = NULL;
	cJSON *rec = NULL;
	char *canon;
	int rc;

	rc = vt_parse(&rec, &t, reg, (const char *)data, size, "fuzz");
	if (rc < 0) {
		FUZZ_CHECK(rec == NULL && t == NULL);
		FUZZ_CHECK(rc == VT_EINVALID || rc == VT_EUNRECOGNISED ||
		           rc == VT_EPLUGIN || rc == VT_ENOMEM);
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
