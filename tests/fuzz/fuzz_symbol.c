/*
 * vt_symbol_parse at every line start and vt_symbol_find over the whole
 * input: spans inside the input, fields NUL-terminated in their arrays,
 * and find always moving forward.
 */
#include <string.h>

#include "fuzz.h"
#include "vanthu/symbol.h"

static void check_fields(const struct vt_symbol *y)
{
	FUZZ_CHECK(memchr(y->number, '\0', sizeof(y->number)));
	FUZZ_CHECK(memchr(y->year, '\0', sizeof(y->year)));
	FUZZ_CHECK(memchr(y->type_code, '\0', sizeof(y->type_code)));
	FUZZ_CHECK(memchr(y->symbol, '\0', sizeof(y->symbol)));
	FUZZ_CHECK(memchr(y->canon, '\0', sizeof(y->canon)));
	FUZZ_CHECK(y->family >= VT_FAMILY_NONE && y->family <= VT_FAMILY_PARTY);
	FUZZ_CHECK(y->canon[0] != '\0');
	if (y->doc_type)
		FUZZ_CHECK(strlen(y->doc_type) < 32);
	(void)vt_family_name(y->family);
	(void)vt_symbol_doc_type(y->type_code, y->family);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct vt_symbol y;
	size_t i, n, from = 0, count = 0;

	/* parse() at the start and after every newline. */
	for (i = 0; i < size; i++) {
		if (i && s[i - 1] != '\n')
			continue;
		memset(&y, 0xA5, sizeof(y));
		n = vt_symbol_parse(&y, s + i, size - i);
		FUZZ_CHECK(n <= size - i);
		if (n) {
			check_fields(&y);
			FUZZ_CHECK(y.start <= y.end && y.end <= size - i);
		}
	}
	while (from < size && vt_symbol_find(&y, s, size, from)) {
		check_fields(&y);
		FUZZ_CHECK(y.start >= from);
		FUZZ_CHECK(y.start < y.end && y.end <= size);
		from = y.end;
		FUZZ_CHECK(++count <= size);
	}
	return 0;
}
