/*
 * The record diff on two damaged records (the input is two JSON texts,
 * one after the other, as a hand-edited store file might hold), then the
 * field paths it names through get/set, and the second text applied as a
 * corrections file to the first.  Changes are well formed and, from
 * records in UTF-8, in UTF-8; a record's diff with itself is empty; the
 * diff one way mirrors the other way.
 */
#include <string.h>
#include <cjson/cJSON.h>

#include "fuzz.h"
#include "vanthu/error.h"
#include "vanthu/history.h"

/* Objects with a repeated member name compare unequal even to themselves. */
static int names_unique(const cJSON *it, int depth)
{
	const cJSON *a, *b;

	if (depth > 64)
		return 0;
	cJSON_ArrayForEach(a, it) {
		if (cJSON_IsObject(it))
			for (b = a->next; b; b = b->next)
				if (!strcmp(a->string, b->string))
					return 0;
		if (!names_unique(a, depth + 1))
			return 0;
	}
	return 1;
}

/* Whether every string and member name in `it` is valid UTF-8. */
static int all_utf8(const cJSON *it, int depth)
{
	const cJSON *ch;

	if (depth > 64 || (it->string && !fuzz_utf8_valid(it->string, strlen(it->string))))
		return 0;
	if (cJSON_IsString(it) && !fuzz_utf8_valid(it->valuestring, strlen(it->valuestring)))
		return 0;
	cJSON_ArrayForEach(ch, it)
		if (!all_utf8(ch, depth + 1))
			return 0;
	return 1;
}

static int count_op(const cJSON *changes, const char *op)
{
	const cJSON *c;
	int n = 0;

	cJSON_ArrayForEach(c, changes)
		n += !strcmp(cJSON_GetObjectItemCaseSensitive(c, "op")->valuestring, op);
	return n;
}

static cJSON *diff(const cJSON *a, const cJSON *b)
{
	cJSON *changes = NULL;
	const cJSON *c;
	int rc = vt_history_diff(&changes, a, b);

	if (rc == VT_ENOMEM)
		return NULL;
	FUZZ_CHECK(rc == 0 && cJSON_IsArray(changes));
	cJSON_ArrayForEach(c, changes) {
		const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "op"));
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(c, "old");
		const cJSON *new = cJSON_GetObjectItemCaseSensitive(c, "new");

		FUZZ_CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "path")));
		FUZZ_CHECK(op && old && new);
		FUZZ_CHECK(!strcmp(op, "added") || !strcmp(op, "removed") ||
		           !strcmp(op, "changed"));
		if (!strcmp(op, "added"))
			FUZZ_CHECK(cJSON_IsNull(old));
		if (!strcmp(op, "removed"))
			FUZZ_CHECK(cJSON_IsNull(new));
	}
	return changes;
}

/* Where a change points, in both records and in a copy set to its value. */
static void walk_paths(const cJSON *changes, const cJSON *a, const cJSON *b)
{
	cJSON *copy = cJSON_Duplicate(a, 1);
	const cJSON *c;

	cJSON_ArrayForEach(c, changes) {
		const char *path = cJSON_GetObjectItemCaseSensitive(c, "path")->valuestring;
		cJSON *v = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c, "new"), 1);

		(void)vt_history_get_path(a, path);
		(void)vt_history_get_path(b, path);
		if (copy && v && vt_history_set_path(copy, path, v) == 0 && !strchr(path, '['))
			FUZZ_CHECK(vt_history_get_path(copy, path) == v);
	}
	cJSON_Delete(copy);
}

static void apply_corrections(const cJSON *a, const cJSON *corr)
{
	cJSON *copy = cJSON_Duplicate(a, 1), *unfit = NULL;

	if (copy && cJSON_IsObject(copy))
		(void)vt_corrections_apply(copy, corr, &unfit);
	cJSON_Delete(unfit);
	cJSON_Delete(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = NULL;
	cJSON *a, *b, *ab, *ba, *aa;

	a = cJSON_ParseWithLengthOpts(s, size, &end, 0);
	if (!a)
		return 0;
	b = cJSON_ParseWithLength(end, size - (size_t)(end - s));
	ab = diff(a, b);
	ba = diff(b, a);
	if (ab && ba && names_unique(a, 0) && (!b || names_unique(b, 0))) {
		FUZZ_CHECK(cJSON_GetArraySize(ab) == cJSON_GetArraySize(ba));
		FUZZ_CHECK(count_op(ab, "added") == count_op(ba, "removed"));
		FUZZ_CHECK(count_op(ab, "removed") == count_op(ba, "added"));
		if ((aa = diff(a, a))) {
			FUZZ_CHECK(cJSON_GetArraySize(aa) == 0);
			cJSON_Delete(aa);
		}
	}
	/* Paths are cut to a length: never inside a character. */
	if (ab && all_utf8(a, 0) && (!b || all_utf8(b, 0)))
		FUZZ_CHECK(all_utf8(ab, 0));
	if (ab)
		walk_paths(ab, a, b);
	if (b)
		apply_corrections(a, b);
	cJSON_Delete(ab);
	cJSON_Delete(ba);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return 0;
}
