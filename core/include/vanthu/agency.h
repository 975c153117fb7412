/*
 * The agency register: central Party and state bodies, the ministries as
 * of 2025 and those merged away, the standard provincial departments, the
 * 34 provinces with the 2025 mergers, and the abbreviations documents use
 * (UBND, Sở NN&MT, SNgV, CVP …).  The data is core/data/agencies.tsv,
 * embedded in the library and parsed once, on first use.
 *
 * Names are matched with accents and case optional ("so ngoai vu" is "Sở
 * Ngoại vụ"); agencies of different provinces stay different.
 */
#ifndef VANTHU_AGENCY_H
#define VANTHU_AGENCY_H

#include "common.h"

enum vt_agency_kind {
	VT_AGENCY_CENTRAL = 1,  /* Quốc hội, Chính phủ, Văn phòng Chính phủ … */
	VT_AGENCY_PARTY,        /* Bộ Chính trị, Ban Bí thư, Tỉnh ủy … */
	VT_AGENCY_MINISTRY,     /* Bộ …, and the ministry-level bodies */
	VT_AGENCY_DEPT,         /* Sở … of a province */
	VT_AGENCY_LOCAL,        /* other provincial bodies: UBND tỉnh, Công an tỉnh … */
	VT_AGENCY_PROVINCE,     /* a province or centrally governed city */
	VT_AGENCY_WORD,         /* an abbreviation used inside names: UBND, BQL, KKT */
	VT_AGENCY_TITLE,        /* an abbreviated title: CVP, PCT */
};

struct vt_agency {
	int kind;                    /* enum vt_agency_kind */
	const char *name;            /* canonical spelling */
	const char *const *abbrevs;  /* other spellings, nabbrevs of them */
	size_t nabbrevs;
	const char *const *codes;    /* issuer codes in symbols ("CP", "TW", "SNgV") */
	size_t ncodes;
	const char *valid_from;      /* ISO date or "" */
	const char *valid_to;        /* ISO date or "" */
	const char *successor;       /* canonical name of the successor or "" */
	const char *scope;           /* "province" (one per province), the unit word
	                                of a province ("tỉnh", "thành phố"), or "" */
};

/* Number of entries (parsing the register on first use); negative on error. */
VT_EXTERN(int) vt_agency_count(void);

/* Entry i (0 <= i < count), or NULL. */
VT_EXTERN(const struct vt_agency *) vt_agency_get(size_t i);

/*
 * The entry whose name or abbreviation is exactly s[0..len) (accents, case
 * and punctuation optional), or NULL.  Words and titles are found too.
 */
VT_EXTERN(const struct vt_agency *) vt_agency_find(const char *s, size_t len);

/*
 * The longest agency name or abbreviation (not a bare word, title or
 * province) that starts at s[pos] and ends at a word boundary: its length
 * in bytes of s, *out set; 0 when none.  Used to read issuers such as "Bộ
 * Văn hóa, Thể thao và Du lịch" whose commas would otherwise cut them.
 */
VT_EXTERN(size_t) vt_agency_at(const struct vt_agency **out, const char *s,
                               size_t len, size_t pos);

/*
 * Does an agency of this name issue documents with symbol code `code`?
 * 1 yes, 0 the register says it uses other codes, -1 unknown.
 */
VT_EXTERN(int) vt_agency_has_code(const struct vt_agency *a, const char *code);

/* Is `code` the symbol code of some agency in the register? */
VT_EXTERN(int) vt_agency_code_known(const char *code);

/*
 * The usual full name of an agency as written: abbreviations expanded
 * ("Sở NN&MT" -> "Sở Nông nghiệp và Môi trường", "SNgV" -> "Sở Ngoại vụ",
 * "UBND tỉnh" -> "Ủy ban nhân dân tỉnh"), and, with `province`, scoped
 * ("UBND tỉnh" + "Đồng Nai" -> "Ủy ban nhân dân tỉnh Đồng Nai").  A name
 * the register does not know comes back cleaned but as written.  Caller
 * frees; NULL when out of memory.
 */
VT_EXTERN(char *) vt_agency_normalise(const char *name, size_t len,
                                      const char *province);

/*
 * The province that a province named `province` belongs to on `date`
 * (ISO, may be partial; NULL: today's map): "Bình Phước", "2025-08-01" ->
 * "Đồng Nai"; "Bình Phước", "2025-03-01" -> "Bình Phước".  The canonical
 * spelling; NULL when the name is no province.
 */
VT_EXTERN(const char *) vt_agency_province_successor(const char *province,
                                                     const char *date);

/* The canonical name of the province spelled s[0..len) ("Dong Nai", "TP HCM"), or NULL. */
VT_EXTERN(const char *) vt_agency_province(const char *s, size_t len);

/*
 * The first province named in s[0..len) ("… tỉnh Đồng Nai …", "TP. Hồ Chí
 * Minh"): its canonical name, with its span in *start and *end (either may
 * be NULL); NULL when none.
 */
VT_EXTERN(const char *) vt_agency_province_in(const char *s, size_t len,
                                              size_t *start, size_t *end);

/*
 * Does the query (typed by a person: accents optional, abbreviations
 * allowed) name the agency `name`?  `province` scopes the query and
 * `name_province` tells the agency's province when its name does not
 * (either may be NULL).  Provinces are compared through the 2025 merger
 * map, so a query about Bình Phước finds Đồng Nai's agencies.  1 or 0.
 */
VT_EXTERN(int) vt_agency_match(const char *query, const char *province,
                               const char *name, const char *name_province);

#endif
