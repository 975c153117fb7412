/*
 * Internal helpers of the Vietnamese extraction (extract.c, header.c,
 * task.c, signer.c): lines, accent-insensitive keyword matching, case
 * conversion of upper-case agency and title lines, and the tables of
 * agency names.  Not part of the public API: nothing here is exported
 * from libvanthu.so.
 */
#ifndef VANTHU_VN_H
#define VANTHU_VN_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "vanthu/buf.h"
#include "vanthu/plugin.h"

/* ---- lines ---------------------------------------------------------- */

struct vn_line {
	size_t start, end;   /* raw line [start, end) without the '\n' */
	size_t s, e;         /* the same, blanks trimmed on both sides */
};

struct vn_lines {
	struct vn_line *v;
	size_t n;
};

int vn_lines_split(struct vn_lines *out, const char *text, size_t len);
void vn_lines_free(struct vn_lines *l);

static inline int vn_line_blank(const struct vn_line *l)
{
	return l->s >= l->e;
}

/* ---- characters ----------------------------------------------------- */

size_t vn_cp_utf8(int32_t *cp, const char *s, size_t len, size_t i);

/*
 * Decode one code point at s[i]; returns its length (>= 1), cp -1 when
 * invalid (or past the end).  Every keyword test decodes the letters it
 * compares, and a Vietnamese letter is two or three bytes: those are
 * decoded here, inline, with the checks of RFC 3629 (no overlong forms,
 * no surrogates); utf8proc_iterate() gets the rest.
 */
static inline size_t vn_cp(int32_t *cp, const char *s, size_t len, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (i >= len) {
		*cp = -1;
		return 1;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] < 0xE0 && len - i >= 2 && (p[1] & 0xC0) == 0x80) {
		*cp = (int32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] >= 0xE1 && p[0] < 0xF0 && p[0] != 0xED && len - i >= 3 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (int32_t)(p[0] & 0x0F) << 12 | (int32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	return vn_cp_utf8(cp, s, len, i);
}

/* The folds of U+0000..U+1FFF (Latin and Vietnamese), made once. */
#define VN_FOLD_MAX 0x2000
extern const int32_t *vn_fold_tab;
int32_t vn_fold_cp_slow(int32_t cp);

/* Base letter of a code point, lower case, without marks; "đ" -> 'd'. */
static inline int32_t vn_fold_cp(int32_t cp)
{
	const int32_t *tab = __atomic_load_n(&vn_fold_tab, __ATOMIC_ACQUIRE);

	if (cp >= 0 && cp < 128)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	if (cp >= 0 && cp < VN_FOLD_MAX && tab)
		return tab[cp];
	return vn_fold_cp_slow(cp);
}

int vn_is_space(const char *s, size_t len, size_t i, size_t *n);
int vn_is_upper_cp(int32_t cp);
int vn_is_lower_cp(int32_t cp);
/* A letter or a combining mark (categories L* and M*): part of a word. */
int vn_is_word_cp(int32_t cp);
/* Lower case of a code point, ASCII without a table look-up. */
int32_t vn_lower_cp(int32_t cp);

/* Has letters and none of them lower case (markdown and digits ignored). */
int vn_is_upper_text(const char *s, size_t len);

/* Starts with an upper-case letter. */
int vn_starts_upper(const char *s, size_t len);

/*
 * Does s[pos..len) start with the ASCII keyword `kw`, accents and case
 * ignored?  A space in kw matches one or more blanks (new lines too); the
 * match must end at a word boundary when kw ends with a letter.  Returns
 * the bytes matched, or 0.
 */
size_t vn_kw(const char *s, size_t len, size_t pos, const char *kw);

/* Find kw in s[from..len) at a word start; SIZE_MAX when absent. */
size_t vn_kw_find(const char *s, size_t len, size_t from, const char *kw);

/* vn_kw() of the first of `kws` (NULL-terminated) that matches at pos: its bytes, or 0. */
size_t vn_kw_any(const char *s, size_t len, size_t pos, const char *const *kws);

/*
 * The first place in s[from..len) where one of the keywords of the
 * NULL-terminated list (at most VN_KW_MAX) matches: one pass for them all.
 * *which (may be NULL) gets the first keyword of the list that matches
 * there.  The same as the least of vn_kw_find() over the list.
 */
#define VN_KW_MAX 16
size_t vn_kw_find_any(const char *s, size_t len, size_t from, const char *const *kws,
                      int *which);

/* The folded code point at s[i] (vn_fold_cp), -1 past the end. */
static inline int32_t vn_fold_at(const char *s, size_t len, size_t i)
{
	int32_t cp;

	if (i >= len)
		return -1;
	vn_cp(&cp, s, len, i);
	return vn_fold_cp(cp);
}

int vn_kw_may_cp(int32_t f, const char *kw);

/*
 * Can kw match where the text's first code point folds to f?  A test that
 * saves the call of vn_kw() in loops over lists of keywords; inline, as
 * it runs at every word of a task.
 */
static inline int vn_kw_may(int32_t f, const char *kw)
{
	unsigned char c = (unsigned char)kw[0];

	/* a blank of the keyword matches every blank of the text */
	if (c == ' ')
		return 1;
	if (c < 0x80)
		return ((c >= 'A' && c <= 'Z') ? c + 32 : c) == f;
	return vn_kw_may_cp(f, kw);
}

/*
 * The start of a text at a place as vn_kw() sees it: folded to ASCII,
 * lower case, each run of blanks one ' ', a code point that folds to no
 * ASCII letter 0xFF.  Loops that try list after list of keywords at each
 * word make one, and call vn_kw() only for the keywords vn_head_may()
 * lets through.
 */
#define VN_HEAD_MAX 4
struct vn_head {
	unsigned char n;      /* bytes in c */
	unsigned char full;   /* the text goes on past c */
	unsigned char c[VN_HEAD_MAX];
};

void vn_head_at(struct vn_head *h, const char *s, size_t len, size_t pos);

/* 0 when vn_kw() of kw at the head's place is sure to be 0. */
static inline int vn_head_may(const struct vn_head *h, const char *kw)
{
	size_t i;

	for (i = 0; kw[i]; i++) {
		unsigned char k = (unsigned char)kw[i];

		if (k >= 0x80)
			return 1;   /* a letter with marks: vn_kw() decides */
		if (i >= h->n)
			return h->full;
		if (k >= 'A' && k <= 'Z')
			k += 32;
		if (k != h->c[i])
			return 0;
	}
	return 1;
}

/* vn_kw(), behind vn_head_may(). */
static inline size_t vn_kw_head(const struct vn_head *h, const char *s, size_t len, size_t pos,
                                const char *kw)
{
	return vn_head_may(h, kw) ? vn_kw(s, len, pos, kw) : 0;
}

/*
 * The first two folded letters of some keywords, for a test at every word
 * of a text before any keyword is tried there: by first letter, a bit per
 * second letter (VN_PAIR_ANY: a second that is no ASCII letter).  `other`:
 * a keyword that starts with no ASCII letter.  Zeroed is empty.
 */
#define VN_PAIR_ANY ((uint32_t)1 << 31)
struct vn_pairs {
	uint32_t next[26];
	int other;
};

void vn_pairs_add(struct vn_pairs *p, const char *const *kws);

/* 0 when no keyword of p can start at s[i] (vn_kw() is sure to fail). */
static inline int vn_pairs_may(const struct vn_pairs *p, const char *s, size_t len, size_t i)
{
	int32_t f = vn_fold_at(s, len, i), g, cp;
	uint32_t m;

	if (f < 'a' || f > 'z')
		return p->other;
	if (!(m = p->next[f - 'a']) || (m & VN_PAIR_ANY))
		return m != 0;
	g = vn_fold_at(s, len, i + vn_cp(&cp, s, len, i));
	return g >= 'a' && g <= 'z' && (m >> (g - 'a') & 1);
}

/* Is the folded code point f one of the ASCII `letters`? */
static inline int vn_fold_in(int32_t f, const char *letters)
{
	for (; f > 0 && *letters; letters++)
		if ((unsigned char)*letters == f)
			return 1;
	return 0;
}

/* Case-sensitive prefix test at pos. */
int vn_has(const char *s, size_t len, size_t pos, const char *lit);

/* Skip blanks (not new lines when `nl` is 0) from pos. */
size_t vn_skip_blank(const char *s, size_t len, size_t pos, int nl);

/*
 * cJSON_AddItemToObjectCS() for a literal key of libvanthu: the library
 * outlives every record it builds, so the key needs no copy (a malloc and
 * a free for each member of each task and reference).  Plugins, which can
 * be unloaded, keep cJSON's copying calls.  Returns item, or NULL with
 * item deleted.
 */
static inline cJSON *vn_add(cJSON *obj, const char *key, cJSON *item)
{
	if (item && obj && cJSON_AddItemToObjectCS(obj, key, item))
		return item;
	cJSON_Delete(item);
	return NULL;
}

/* ---- strings -------------------------------------------------------- */

/* Append s[0..n) with runs of blanks collapsed to one space. */
void vn_put_collapsed(struct vt_buf *b, const char *s, size_t n);

/*
 * A clean copy of s[0..n): blanks collapsed, '*' dropped, trimmed, and the
 * characters of `strip_tail` removed from the end.  s[0..n) must begin and
 * end on character boundaries; nothing here repairs a cut.  Caller frees.
 */
char *vn_clean(const char *s, size_t n, const char *strip_tail);

/*
 * "Các Sở: Ngoại vụ, Công Thương, …" (or "Các Bộ: …", "Sở: …") as one
 * "Sở X" each, appended to arr as strings: 1, else 0 (arr untouched).
 */
int vn_expand_group(cJSON *arr, const char *item);

/* Lower-case copy of s[0..n) (caller frees). */
char *vn_lower(const char *s, size_t n);

/*
 * The usual spelling of an upper-case agency or title ("ỦY BAN NHÂN DÂN
 * TỈNH ĐỒNG NAI" -> "Ủy ban nhân dân tỉnh Đồng Nai", "SỞ CÔNG THƯƠNG" ->
 * "Sở Công Thương", "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch").  Mixed-case input
 * is returned cleaned but otherwise as written.  Caller frees.
 */
char *vn_usual_case(const char *s, size_t n);

/* The province named in s ("... tỉnh Đồng Nai ...") if it is a known one. */
const char *vn_province_in(const char *s, size_t len, size_t *at);
/* Canonical spelling of a province name starting at s, and its length. */
const char *vn_province_at(const char *s, size_t len, size_t pos, size_t *n);

/* ---- agencies ------------------------------------------------------- */

/* Department names after "Sở"/"Bộ", canonical spelling, NULL-terminated. */
extern const char *const vn_departments[];

/*
 * Length of the department name (from vn_departments) that starts at
 * s[pos], the longest one; 0 when none.  *canon gets its spelling.
 */
size_t vn_department_at(const char *s, size_t len, size_t pos, const char **canon);

/* Does an agency name start at s[pos] (Sở, Ban, UBND, Công an, …)? */
size_t vn_agency_head(const char *s, size_t len, size_t pos);

/* ---- the parts of the extraction (task.c, signer.c) ---------------- */

/*
 * Append to `tasks` the numbered and lettered items of the body that
 * assign work.  The body is lines [from_line, …) from byte `start` to
 * `end`; `doc_date` (may be NULL) gives the year of partial deadlines.
 */
void vn_tasks(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
              size_t from_line, size_t start, size_t end, const char *doc_date);

/*
 * Append the rows of task tables ("TT | Nội dung | Cơ quan chủ trì | …") in
 * lines [from_line, …) before byte `end`: the annex of a plan.
 */
void vn_table_tasks(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
                    size_t from_line, size_t end, const char *doc_date);

/*
 * Add "signer" and "distribution" from the footer that starts at `from`;
 * span (may be NULL) gets the bytes of the signature block.
 */
void vn_signature(cJSON *out, const struct vt_doc *doc, const struct vn_lines *L,
                  size_t from, size_t span[2]);

/* ---- spans ---------------------------------------------------------- */

cJSON *vn_span(const struct vt_doc *doc, size_t start, size_t end);

#endif
