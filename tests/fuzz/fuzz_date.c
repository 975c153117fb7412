/*
 * vt_date_parse at every line start and vt_date_find over the input: any
 * date reported is one vt_date_valid() accepts, its span is inside the
 * input, and find always moves forward.
 */
#include <string.h>

#include "fuzz.h"
#include "vanthu/date.h"

static void check_iso(const char iso[11])
{
	FUZZ_CHECK(memchr(iso, '\0', 11));
	FUZZ_CHECK(vt_date_valid(iso));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char iso[11];
	size_t i, n, start, end, from = 0, count = 0;

	/* At each word start: parse() skips leading blanks itself, so calling
	 * it inside a run of blanks would only make the harness quadratic. */
	for (i = 0; i < size; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    (i && s[i - 1] != '\n' && s[i - 1] != ' '))
			continue;
		memset(iso, 'Z', sizeof(iso));
		n = vt_date_parse(iso, s + i, size - i);
		FUZZ_CHECK(n <= size - i);
		if (n)
			check_iso(iso);
	}
	while (from < size) {
		memset(iso, 'Z', sizeof(iso));
		start = end = (size_t)-1;
		if (!vt_date_find(iso, &start, &end, s, size, from))
			break;
		check_iso(iso);
		FUZZ_CHECK(start >= from && start < end && end <= size);
		from = end;
		FUZZ_CHECK(++count <= size);
	}
	/* vt_date_valid takes a C string: the input cut at its first NUL. */
	if (size < 64) {
		char buf[64];

		memcpy(buf, s, size);
		buf[size] = '\0';
		(void)vt_date_valid(buf);
	}
	return 0;
}
