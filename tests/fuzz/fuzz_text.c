/*
 * vt_text_load on arbitrary bytes: whatever it accepts must be valid,
 * NUL-free, CR-free UTF-8 whose every offset maps back into the original,
 * in order; then the fold key and the slug of the same bytes.
 */
#include <string.h>

#include "fuzz.h"
#include "vanthu/text.h"

static void check_slug(const char *s, size_t len)
{
	char *slug = vt_text_slug(s, len);
	size_t i, n;

	if (!slug)
		return;	/* out of memory only */
	n = strlen(slug);
	/* A slug becomes a file name: [a-z0-9-], 1..80, no edge dashes. */
	FUZZ_CHECK(n >= 1 && n <= 80);
	FUZZ_CHECK(slug[0] != '-' && slug[n - 1] != '-');
	for (i = 0; i < n; i++)
		FUZZ_CHECK((slug[i] >= 'a' && slug[i] <= 'z') ||
		           (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-');
	free(slug);
}

static void check_fold(const char *s, size_t len)
{
	char *f = vt_text_fold(s, len);

	if (!f)
		return;
	FUZZ_CHECK(fuzz_utf8_valid(f, strlen(f)));
	free(f);
}

static void check_text(const struct vt_text *t)
{
	size_t i, prev = 0, o;

	FUZZ_CHECK(t->norm && t->orig);
	FUZZ_CHECK(t->norm[t->norm_len] == '\0');
	FUZZ_CHECK(t->orig[t->orig_len] == '\0');
	FUZZ_CHECK(strlen(t->norm) == t->norm_len);
	FUZZ_CHECK(t->norm_len > 0);
	FUZZ_CHECK(memchr(t->norm, '\r', t->norm_len) == NULL);
	FUZZ_CHECK(fuzz_utf8_valid(t->norm, t->norm_len));
	FUZZ_CHECK(strlen(t->sha256) == 64);
	/* Every offset, one past the end and far beyond. */
	for (i = 0; i <= t->norm_len + 1; i++) {
		o = vt_text_orig_offset(t, i);
		FUZZ_CHECK(o <= t->orig_len);
		FUZZ_CHECK(o >= prev);
		prev = o;
	}
	FUZZ_CHECK(vt_text_orig_offset(t, t->norm_len) == t->orig_len);
	FUZZ_CHECK(vt_text_orig_offset(t, (size_t)-1) == t->orig_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct vt_text *t = NULL;

	if (vt_text_load(&t, s, size, "fuzz") == 0) {
		check_text(t);
		check_fold(t->norm, t->norm_len);
		check_slug(t->norm, t->norm_len);
		vt_text_free(t);
	} else {
		FUZZ_CHECK(t == NULL);
	}
	/* The keys take any bytes, valid or not. */
	check_fold(s, size);
	check_slug(s, size);
	return 0;
}
