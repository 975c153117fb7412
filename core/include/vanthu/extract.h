/*
 * The Vietnamese extraction every plugin shares: header (number, symbol,
 * family, issuer, province, place, date, subject, recipients), references
 * and relations, standards, tasks, signer and distribution, warnings.  A
 * plugin states what kind of document it reads and adds what is special to
 * its type; the rest is here, in one place.
 */
#ifndef VANTHU_EXTRACT_H
#define VANTHU_EXTRACT_H

#include <cjson/cJSON.h>
#include "common.h"
#include "plugin.h"

struct vt_extract_opts {
	const char *type;        /* record type: "notice", "dispatch", "plan" ... */
	const char *title_word;  /* upper-case title word: "THÔNG BÁO", "KẾ HOẠCH"; NULL for công văn */
	int congvan;             /* subject comes from "V/v …" */
};

/*
 * Fill `out` with every contract field the text gives (DESIGN.md §2).
 * Fields the text does not give are null or empty; guesses worth keeping go
 * with a warning.  0, or a negative code with a message in err.
 */
VT_EXTERN(int) vt_extract_document(cJSON *out, const struct vt_doc *doc,
                                   const struct vt_extract_opts *opts,
                                   struct vt_perr *err);

/*
 * How strongly the text looks like a document with this title word and
 * these symbol type codes (NULL-terminated), 0..100.
 */
VT_EXTERN(int) vt_extract_detect(const struct vt_doc *doc, const char *title_word,
                                 const char *const *type_codes);

/*
 * How strongly the text looks like a document of record type `type`
 * ("decision", "dispatch", … or "other" for the fallback), 0..100, on one
 * scale for every plugin: the title word on its own line near the top
 * (95) outweighs the type code of the "Số" line (80), which outweighs the
 * body cues of a công văn ("V/v", "Kính gửi": 60-75); the fallback takes
 * any text with a "Số" line, a national motto or a Party header (50).
 */
VT_EXTERN(int) vt_extract_detect_type(const struct vt_doc *doc, const char *type);

/* The record type a title word gives ("KẾ HOẠCH" -> "plan"), or NULL. */
VT_EXTERN(const char *) vt_extract_title_type(const char *title_word);

/* [start, end) in the original text for [start, end) in doc->text. */
VT_EXTERN(cJSON *) vt_extract_span(const struct vt_doc *doc, size_t start, size_t end);

#endif
