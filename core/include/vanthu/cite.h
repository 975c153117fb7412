/*
 * Citations: every document a text cites ("Thực hiện Thông báo số
 * 398/TB-VPCP ngày 05/8/2025 của Văn phòng Chính phủ về …"), with its type,
 * number, date, issuer, the relation typed by the verb that governs it and
 * the verb as written; and the relations the text states between other
 * documents ("Kế hoạch số 111-KH/TU … triển khai thực hiện Nghị quyết số
 * 59-NQ/TW").
 */
#ifndef VANTHU_CITE_H
#define VANTHU_CITE_H

#include <cjson/cJSON.h>
#include "common.h"
#include "plugin.h"

/*
 * Append to `refs` one object per cited document (each once, first full
 * citation wins; fields of DESIGN.md §2 "references"), to `relations` the
 * edges between other documents {"from", "to", "relation", "span"}, and to
 * `standards` the technical standards (QCVN …).  Any of the three may be
 * NULL.  `self_number` (may be NULL) is the document's own number, never
 * reported as a reference.  Spans are offsets into the original text.
 */
VT_EXTERN(int) vt_cite_extract(cJSON *refs, cJSON *relations, cJSON *standards,
                               const struct vt_doc *doc, const char *self_number);

/*
 * Warnings about what the citations of a record say (`rec` holds the
 * fields extracted so far: date, number, references): an issuer that
 * contradicts the symbol ("Nghị quyết 71-NQ/TW của Chính phủ"), a cited
 * document dated after the citing one.  Appends {"code", "message",
 * "span"} objects to `warnings`.
 */
VT_EXTERN(int) vt_cite_check(cJSON *warnings, const cJSON *rec,
                             const struct vt_doc *doc);

/*
 * The relation name for a verb phrase as written ("Thực hiện" ->
 * "implements", "Căn cứ" -> "based_on"), or NULL.
 */
VT_EXTERN(const char *) vt_cite_relation_of_verb(const char *verb, size_t len);

#endif
