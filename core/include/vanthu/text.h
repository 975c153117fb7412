/*
 * Loading and normalising the text of a document.
 *
 * The text a plugin reads is a normalised copy of the input: valid UTF-8,
 * NFC, without BOM, with LF line ends, with document symbols that a PDF
 * extractor split over two lines joined again ("59-\nNQ/TW" -> "59-NQ/TW")
 * and with extraction artefacts (markdown "**", "*Handwritten signature*")
 * removed.  Every byte of the normalised copy maps back to a byte offset
 * of the original, so that a fact found in the copy keeps its evidence span
 * in the text as stored.
 */
#ifndef VANTHU_TEXT_H
#define VANTHU_TEXT_H

#include <stdint.h>
#include "common.h"

/* Refuse inputs larger than this unless the caller says otherwise. */
#define VT_TEXT_DEFAULT_LIMIT (32u * 1024u * 1024u)

struct vt_text {
	/* The text as kept in the store: the input itself (UTF-8, BOM and
	 * CRLF included), or its UTF-8 decoding when the input was UTF-16
	 * with a BOM.  Spans in records are offsets into this; orig_buf is
	 * NUL-terminated too. */
	const char *orig;
	size_t orig_len;

	/* Normalised copy, NUL-terminated; what plugins read. */
	const char *norm;
	size_t norm_len;

	/* SHA-256 of the input bytes as given, lower-case hex. */
	char sha256[65];

	/* Private: owned buffers and the offset map. */
	char *orig_buf;
	char *norm_buf;
	struct vt_text_seg *segs;
	size_t nsegs;
};

/*
 * Build a text from the bytes of a file.  `name` names the input in
 * messages ("-" for standard input).  Invalid UTF-8 is refused with
 * VT_EINVALID and a message giving the byte offset; an empty or blank text
 * is refused too.
 */
VT_EXTERN(int) vt_text_load(struct vt_text **out, const char *bytes, size_t len,
                            const char *name);

/*
 * Read a whole file (or standard input for "-") into a new, NUL-terminated
 * buffer, refusing anything over `limit` bytes (0: VT_TEXT_DEFAULT_LIMIT)
 * with VT_ETOOBIG, and directories or other non-regular files with
 * VT_EINVALID.  Caller frees.
 */
VT_EXTERN(int) vt_text_read_file(char **out, size_t *out_len, const char *path,
                                 size_t limit);

/*
 * Map an offset in the normalised text to one in the original.  Offsets in
 * a rewritten run (a composed letter, a dash look-alike) map to the start
 * of the run; norm_len and beyond map to orig_len.  O(log edits).
 */
VT_EXTERN(size_t) vt_text_orig_offset(const struct vt_text *t, size_t norm_off);

/* Lower-case hex SHA-256 of a buffer into out[65]. */
VT_EXTERN(void) vt_sha256_hex(char out[65], const void *data, size_t len);

/* `n` bytes as lower-case hex into out[2 * n + 1]. */
VT_EXTERN(void) vt_hex(char *out, const void *bytes, size_t n);

VT_EXTERN(void) vt_text_free(struct vt_text *t);

/*
 * Accent- and case-insensitive key of a UTF-8 string (NFC, case folded,
 * marks stripped, "đ" -> "d", runs of space collapsed).  Used to match
 * names typed by people against names in documents.  Caller frees.
 */
VT_EXTERN(char *) vt_text_fold(const char *s, size_t len);

/*
 * An id-safe slug: the fold key with lower-case ASCII letters and digits
 * kept and every other run turned into one '-', at most 80 bytes, never
 * empty ("x"), safe as a file name ("../../etc" -> "etc").  Caller frees.
 */
VT_EXTERN(char *) vt_text_slug(const char *s, size_t len);

/*
 * The longest prefix of s[0, n) that does not end inside a character:
 * where to cut a string to a byte budget.  Only a sequence cut short at
 * the end is dropped; other invalid bytes are left as they are.
 */
VT_EXTERN(size_t) vt_text_utf8_floor(const char *s, size_t n);

#endif
