/*
 * Shared by the fuzz harnesses: the libFuzzer entry points, and a check
 * that aborts (so that libFuzzer and the replay driver both see it) when
 * an invariant of the library does not hold.  Not a library header.
 */
#ifndef VANTHU_FUZZ_H
#define VANTHU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vanthu/plugin.h"
#include "vanthu/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * An assert() that survives -DNDEBUG: a broken invariant is a finding,
 * whatever the build.
 */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
			        __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* Whether s[0, n) is valid UTF-8 (no surrogates, no overlongs). */
static inline int fuzz_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		else
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (p[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* The document a plugin would be handed for these bytes; -1 if refused. */
static inline int fuzz_load_doc(struct vt_doc *doc, struct vt_text **t,
                                const uint8_t *data, size_t size)
{
	*t = NULL;
	if (vt_text_load(t, (const char *)data, size, "fuzz") != 0)
		return -1;
	doc->text = (*t)->norm;
	doc->len = (*t)->norm_len;
	doc->path = "fuzz";
	doc->src = *t;
	return 0;
}

#endif
