/*
 * Dates as written in documents: "ngày 05 tháng 5 năm 2024" (day or month
 * left blank in drafts), "05/8/2025", "4-7-2017" (Party style).  Results
 * are ISO strings: "2024-05-05", "2025-09" (day blank), "2025" (month blank).
 */
#ifndef VANTHU_DATE_H
#define VANTHU_DATE_H

#include "common.h"

/*
 * Parse a date starting at s[0] (after optional blanks), in words
 * ("ngày … tháng … năm …", accents optional) or numeric ("dd/mm/yyyy",
 * "dd-mm-yyyy", "dd.mm.yyyy").  Writes ISO into iso[11]; returns the
 * bytes consumed, or 0 when no valid date starts there.
 */
VT_EXTERN(size_t) vt_date_parse(char iso[11], const char *s, size_t len);

/* Find the next date in s[from..len): 1 with *start and *end set, or 0. */
VT_EXTERN(int) vt_date_find(char iso[11], size_t *start, size_t *end,
                            const char *s, size_t len, size_t from);

/* Is `iso` "YYYY", "YYYY-MM", "YYYY-MM-DD" (a real day), "YYYY-Qn" or "--MM-DD"? */
VT_EXTERN(int) vt_date_valid(const char *iso);

#endif
