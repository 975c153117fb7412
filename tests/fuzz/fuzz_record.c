/*
 * A damaged record read back from a store: parse the bytes as JSON, then
 * validate it, print it canonically, and read the canonical form back.
 * The canonical form of the canonical form is itself, and a minted id is
 * always a safe file name.
 */
#include <string.h>
#include <cjson/cJSON.h>

#include "fuzz.h"
#include "vanthu/record.h"

static void check_id(const char *id)
{
	size_t i, n = strlen(id);

	FUZZ_CHECK(n >= 1 && n <= 100);
	for (i = 0; i < n; i++)
		FUZZ_CHECK((id[i] >= 'a' && id[i] <= 'z') ||
		           (id[i] >= '0' && id[i] <= '9') || id[i] == '-');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *rec, *again;
	char *canon, *canon2, *id, *key;

	rec = cJSON_ParseWithLength((const char *)data, size);
	if (!rec)
		return 0;
	(void)vt_record_validate(rec, 0);
	(void)vt_record_validate(rec, size);
	(void)vt_record_type_valid(cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(rec, "type")));
	if (cJSON_IsObject(rec)) {
		id = vt_record_mint_id(rec);
		if (id) {
			check_id(id);
			free(id);
		}
		key = vt_record_identity(rec);
		free(key);
	}
	canon = vt_record_canonical(rec);
	if (canon) {
		size_t n = strlen(canon);

		FUZZ_CHECK(n > 0 && canon[n - 1] == '\n');
		again = cJSON_Parse(canon);
		FUZZ_CHECK(again != NULL);
		FUZZ_CHECK(vt_record_validate(again, size) ==
		           vt_record_validate(rec, size));
		canon2 = vt_record_canonical(again);
		FUZZ_CHECK(canon2 != NULL);
		FUZZ_CHECK(strcmp(canon, canon2) == 0);
		free(canon2);
		cJSON_Delete(again);
		free(canon);
	}
	cJSON_Delete(rec);
	return 0;
}
