/*
 * Checks on the JSON the extractors build: every "span" is a half-open
 * pair of integers inside the source, every string valid UTF-8.
 */
#ifndef VANTHU_FUZZ_JSON_H
#define VANTHU_FUZZ_JSON_H

#include <math.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "fuzz.h"

static inline void fuzz_check_span(const cJSON *span, size_t src_len)
{
	const cJSON *a, *b;

	FUZZ_CHECK(cJSON_IsArray(span) && cJSON_GetArraySize(span) == 2);
	a = cJSON_GetArrayItem(span, 0);
	b = cJSON_GetArrayItem(span, 1);
	FUZZ_CHECK(cJSON_IsNumber(a) && cJSON_IsNumber(b));
	FUZZ_CHECK(a->valuedouble >= 0 && a->valuedouble <= b->valuedouble);
	FUZZ_CHECK(b->valuedouble <= (double)src_len);
	FUZZ_CHECK(floor(a->valuedouble) == a->valuedouble);
	FUZZ_CHECK(floor(b->valuedouble) == b->valuedouble);
}

/* Walk what we built ourselves: its depth is that of the contract. */
static inline void fuzz_check_json(const cJSON *it, size_t src_len, int depth)
{
	const cJSON *ch;

	FUZZ_CHECK(depth < 32);
	if (it->string)
		FUZZ_CHECK(fuzz_utf8_valid(it->string, strlen(it->string)));
	if (cJSON_IsString(it)) {
		FUZZ_CHECK(it->valuestring != NULL);
		FUZZ_CHECK(fuzz_utf8_valid(it->valuestring, strlen(it->valuestring)));
	}
	if (it->string && !strcmp(it->string, "span") && src_len != (size_t)-1)
		fuzz_check_span(it, src_len);
	cJSON_ArrayForEach(ch, it)
		fuzz_check_json(ch, src_len, depth + 1);
}

#endif
