/*
 * Document numbers and symbols (số, ký hiệu) of both families, per the
 * grammar of domain.md §2.5: state typed "15/QĐ-UBND", normative with a
 * year "30/2020/NĐ-CP", "45/2019/QH14", công văn "1345/UBND-NC", Party
 * "59-NQ/TW".  Tolerates stray spaces around "/" and "-", dash look-alikes,
 * blank numbers ("/KH-UBND") and case slips; Đ and D stay apart.
 */
#ifndef VANTHU_SYMBOL_H
#define VANTHU_SYMBOL_H

#include "common.h"

enum vt_family {
	VT_FAMILY_NONE = 0,
	VT_FAMILY_STATE = 1,
	VT_FAMILY_PARTY = 2,
};

struct vt_symbol {
	char number[24];     /* "153", "05"; "" when blank (draft) */
	char year[8];        /* "2020" for normative symbols, else "" */
	char type_code[16];  /* canonical type code "NQ", "QĐ", "CTr"; "" (công văn) */
	char symbol[96];     /* ký hiệu: "NQ-CP", "UBND-NC", "NQ/TW", "2020/NĐ-CP" */
	char canon[128];     /* whole canonical form: "153/NQ-CP", "59-NQ/TW", "/KH-UBND" */
	int family;          /* enum vt_family */
	const char *doc_type;/* record type implied by the code: "resolution", "dispatch"... or NULL */
	size_t start, end;   /* byte span of the match in the scanned string */
};

/*
 * Parse a symbol starting at s[0] (after optional blanks).  Returns the
 * number of bytes consumed (> 0), or 0 when no symbol starts there.
 */
VT_EXTERN(size_t) vt_symbol_parse(struct vt_symbol *out, const char *s, size_t len);

/*
 * Find the next symbol in s[from..len).  Returns 1 and fills *out (spans
 * relative to s) when found, 0 when there is none.
 */
VT_EXTERN(int) vt_symbol_find(struct vt_symbol *out, const char *s, size_t len,
                              size_t from);

/* The record type for a type code of a family, or NULL. */
VT_EXTERN(const char *) vt_symbol_doc_type(const char *type_code, int family);

/*
 * Are a and b one document's symbol?  Numbers compare as integers
 * ("5-NQ/TU" is "05-NQ/TU"), the ký hiệu as canonical text; blank numbers
 * never match.
 */
VT_EXTERN(int) vt_symbol_same(const struct vt_symbol *a, const struct vt_symbol *b);

/* An identity key into out[cap] ("5-NQ/TU" for "05-NQ/TU"); its length. */
VT_EXTERN(size_t) vt_symbol_key(char *out, size_t cap, const struct vt_symbol *sym);

/* "state" / "party" / NULL */
VT_EXTERN(const char *) vt_family_name(int family);

#endif
