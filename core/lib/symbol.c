/*
 * Document symbols (số, ký hiệu) of state and Party documents.
 *
 * The grammar is domain.md §2.5; the tolerance is §2.6.  The parser works
 * on bytes with a small hand-written scanner rather than a regular
 * expression because the decisions that matter (is this code a type code,
 * is the number blank, does a code run into an ordinary word) need tables
 * and look-ahead that a pattern would hide.  Everything is bounded: a number
 * has at most 8 digits, a code at most 23 bytes, a chain at most 8 codes.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <utf8proc.h>

#include "vanthu/symbol.h"
#include "vn.h"

#define MAX_DIGITS 8
#define MAX_CODE 24
#define MAX_CODES 8

/* Type codes of NĐ 30 Phụ lục III, VBQPPL and Party, canonical spelling. */
static const char *const state_types[] = {
	"NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH",
	"PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT",
	"GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL",
	"NĐ", "TT", "TTLT", "VBHN", NULL
};

static const char *const party_types[] = {
	"NQ", "QĐ", "QĐi", "CT", "KL", "QC", "TT", "HD", "BC", "KH",
	"CTr", "TB", "TTr", "CV", "BB", "ĐA", "PA", "QTr", "TC", "QyĐ",
	NULL
};

/*
 * Issuer codes whose official spelling mixes cases; anything else is
 * upper-cased, so that "104-CTr/Tu" and "104-CTr/TU" are one document.
 */
static const char *const mixed_codes[] = { "TTg", "SNgV", NULL };

/*
 * ASCII spellings of codes with Đ that have no D twin ("QD-TTg" in file
 * names).  HD/HĐ and DA/ĐA are real pairs and are deliberately absent.
 */
static const struct { const char *ascii, *canon; } ascii_alias[] = {
	{ "QD", "QĐ" }, { "ND", "NĐ" }, { "QYD", "QyĐ" }, { "QDI", "QĐi" },
	{ NULL, NULL }
};

/* vn_cp(), but 0 past the end. */
static size_t cp_at(int32_t *cp, const char *s, size_t len, size_t i)
{
	if (i >= len) {
		*cp = -1;
		return 0;
	}
	return vn_cp(cp, s, len, i);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Blanks, tabs and no-break spaces. */
static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len) {
		if (is_blank(s[i]))
			i++;
		else if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
		         (unsigned char)s[i + 1] == 0xA0)
			i += 2;
		else
			break;
	}
	return i;
}

/* '-' or '/' (or a look-alike) at s[i]: the separator and its length. */
static int sep_at(const char *s, size_t len, size_t i, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (i >= len)
		return 0;
	if (*u == '-' || *u == '/') {
		*n = 1;
		return *u;
	}
	if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x80 &&
	    u[2] >= 0x90 && u[2] <= 0x95) {
		*n = 3;
		return '-';
	}
	if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x88 &&
	    (u[2] == 0x92 || u[2] == 0x95)) {
		*n = 3;
		return u[2] == 0x92 ? '-' : '/';
	}
	if (i + 2 < len && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8F) {
		*n = 3;
		return '/';
	}
	return 0;
}

/* Upper-case letters allowed in a code: A-Z, Đ and the rare ĂÂÊÔƠƯ. */
static int code_upper(int32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || cp == 0x110 || cp == 0x102 ||
	       cp == 0xC2 || cp == 0xCA || cp == 0xD4 || cp == 0x1A0 ||
	       cp == 0x1AF;
}

static int code_lower(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || cp == 0x111;
}

static int code_char(int32_t cp)
{
	return code_upper(cp) || code_lower(cp) || (cp >= '0' && cp <= '9') ||
	       cp == '&';
}

/*
 * Read one code at s[i] into buf (NUL-terminated).  The code must start
 * with a letter (an upper-case one unless `lower_ok`) and must not run on
 * into an ordinary word: "Nghị" is not the code "Ngh".  Returns the end.
 */
static size_t read_code(char buf[MAX_CODE], const char *s, size_t len,
                        size_t i, int lower_ok)
{
	size_t j = i, n, out = 0;
	int32_t cp;

	n = cp_at(&cp, s, len, j);
	if (!n || !(code_upper(cp) || (lower_ok && code_lower(cp))))
		return 0;
	while (j < len) {
		n = cp_at(&cp, s, len, j);
		if (!code_char(cp))
			break;
		if (out + n >= MAX_CODE)
			return 0;
		memcpy(buf + out, s + j, n);
		out += n;
		j += n;
	}
	buf[out] = '\0';
	cp_at(&cp, s, len, j);
	if (vn_is_word_cp(cp))
		return 0;
	return j;
}

/* Case-insensitive key of a code: ASCII upper-cased, đ -> Đ. */
static void code_key(char *dst, size_t cap, const char *src)
{
	size_t o = 0;

	for (; *src && o + 1 < cap; src++) {
		unsigned char c = (unsigned char)*src;

		if (c == 0xC4 && (unsigned char)src[1] == 0x91 && o + 2 < cap) {
			dst[o++] = (char)0xC4;
			dst[o++] = (char)0x90;
			src++;
			continue;
		}
		dst[o++] = (char)((c >= 'a' && c <= 'z') ? c - 32 : c);
	}
	dst[o] = '\0';
}

static const char *table_find(const char *const *tab, const char *code)
{
	char k1[MAX_CODE * 2], k2[MAX_CODE * 2];

	code_key(k1, sizeof(k1), code);
	for (; *tab; tab++) {
		code_key(k2, sizeof(k2), *tab);
		if (!strcmp(k1, k2))
			return *tab;
	}
	return NULL;
}

static const char *alias_find(const char *code)
{
	char k[MAX_CODE * 2];
	size_t i;

	code_key(k, sizeof(k), code);
	for (i = 0; ascii_alias[i].ascii; i++)
		if (!strcmp(k, ascii_alias[i].ascii))
			return ascii_alias[i].canon;
	return NULL;
}

static const char *type_find(const char *code, int family)
{
	const char *t = table_find(family == VT_FAMILY_PARTY ? party_types
	                                                      : state_types, code);

	if (!t && (t = alias_find(code)) != NULL &&
	    !table_find(family == VT_FAMILY_PARTY ? party_types : state_types, t))
		t = NULL;
	return t;
}

/* Canonical spelling of an issuer or unit code into dst. */
static void issuer_canon(char dst[MAX_CODE * 2], const char *code)
{
	const char *m = table_find(mixed_codes, code);

	if (m) {
		strcpy(dst, m);
		return;
	}
	code_key(dst, MAX_CODE * 2, code);
}

struct chain {
	char code[MAX_CODES][MAX_CODE];
	int n;
	size_t end;
};

/*
 * Codes joined by "-" from s[i]: "UBND-NC", "VKSNDTC-BCA-BQP",
 * "TTr -NN&PTNT".  A blank around a hyphen is tolerated; a code after such
 * a hyphen must still start upper-case.  Returns the number of codes.
 */
static int read_chain(struct chain *c, const char *s, size_t len, size_t i,
                      int first_lower_ok)
{
	size_t j, k, n;

	c->n = 0;
	j = read_code(c->code[0], s, len, i, first_lower_ok);
	if (!j)
		return 0;
	c->n = 1;
	c->end = j;
	while (c->n < MAX_CODES) {
		int spaced;

		k = skip_blanks(s, len, c->end);
		spaced = k != c->end;
		if (sep_at(s, len, k, &n) != '-')
			break;
		k += n;
		j = skip_blanks(s, len, k);
		spaced |= j != k;
		j = read_code(c->code[c->n], s, len, j, !spaced);
		if (!j)
			break;
		c->n++;
		c->end = j;
	}
	return c->n;
}

static int starts_assembly(const char *code)
{
	char k[MAX_CODE * 2];
	const char *p;

	code_key(k, sizeof(k), code);
	if (!strncmp(k, "UBTVQH", 6))
		p = k + 6;
	else if (!strncmp(k, "QH", 2))
		p = k + 2;
	else
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* Append src to dst[cap], cutting it short rather than overflowing. */
static void append(char *dst, size_t cap, const char *src)
{
	size_t l = strlen(dst), n = strlen(src);

	if (l + 1 >= cap)
		return;
	if (n > cap - l - 1)
		n = cap - l - 1;
	memcpy(dst + l, src, n);
	dst[l + n] = '\0';
}

static void join_codes(char *dst, size_t cap, const struct chain *c,
                       int from)
{
	char buf[MAX_CODE * 2];
	int i;

	for (i = from; i < c->n; i++) {
		if (i > from)
			append(dst, cap, "-");
		issuer_canon(buf, c->code[i]);
		append(dst, cap, buf);
	}
}

static size_t parse_state(struct vt_symbol *out, const char *s, size_t len,
                          size_t j)
{
	struct chain c;
	const char *t;
	size_t k, n;
	int have_year = 0;

	/* "/2020/": a year makes the symbol normative. */
	if (j + 4 <= len) {
		for (k = j; k < j + 4 && s[k] >= '0' && s[k] <= '9'; k++)
			;
		if (k == j + 4) {
			size_t m = skip_blanks(s, len, k);

			if (sep_at(s, len, m, &n) == '/') {
				memcpy(out->year, s + j, 4);
				out->year[4] = '\0';
				have_year = 1;
				j = skip_blanks(s, len, m + n);
			}
		}
	}
	/* "15/qđ-UBND": a lower-case slip is allowed on a known type code only */
	if (!read_chain(&c, s, len, j, 1))
		return 0;
	if (c.n < (have_year ? 1 : 2))
		return 0;
	if (code_lower((unsigned char)c.code[0][0]) && !(c.code[0][0] == '\xC4') &&
	    !type_find(c.code[0], VT_FAMILY_STATE))
		return 0;
	out->family = VT_FAMILY_STATE;
	if (have_year) {
		append(out->symbol, sizeof(out->symbol), out->year);
		append(out->symbol, sizeof(out->symbol), "/");
	}
	if (have_year && starts_assembly(c.code[0])) {
		join_codes(out->symbol, sizeof(out->symbol), &c, 0);
		out->doc_type = "law";
	} else if ((t = type_find(c.code[0], VT_FAMILY_STATE)) != NULL) {
		if (c.n < 2)
			return 0;
		strcpy(out->type_code, t);
		append(out->symbol, sizeof(out->symbol), t);
		append(out->symbol, sizeof(out->symbol), "-");
		join_codes(out->symbol, sizeof(out->symbol), &c, 1);
		out->doc_type = vt_symbol_doc_type(t, VT_FAMILY_STATE);
	} else {
		if (c.n < 2)
			return 0;
		join_codes(out->symbol, sizeof(out->symbol), &c, 0);
		out->doc_type = have_year ? "other" : "dispatch";
	}
	return c.end;
}

static size_t parse_party(struct vt_symbol *out, const char *s, size_t len,
                          size_t j, int need_known)
{
	char type[MAX_CODE];
	struct chain c;
	const char *t;
	size_t k, n;

	k = read_code(type, s, len, j, 1);
	if (!k)
		return 0;
	t = type_find(type, VT_FAMILY_PARTY);
	if (!t && (need_known || code_lower((unsigned char)type[0])))
		return 0;
	k = skip_blanks(s, len, k);
	if (sep_at(s, len, k, &n) != '/')
		return 0;
	k = skip_blanks(s, len, k + n);
	if (!read_chain(&c, s, len, k, 0))
		return 0;
	out->family = VT_FAMILY_PARTY;
	if (t) {
		strcpy(out->type_code, t);
	} else {
		char buf[MAX_CODE * 2];

		issuer_canon(buf, type);
		append(out->type_code, sizeof(out->type_code), buf);
	}
	append(out->symbol, sizeof(out->symbol), out->type_code);
	append(out->symbol, sizeof(out->symbol), "/");
	join_codes(out->symbol, sizeof(out->symbol), &c, 0);
	out->doc_type = vt_symbol_doc_type(out->type_code, VT_FAMILY_PARTY);
	return c.end;
}

/* Skip a leading "Số:" / "số" / "So:" so that a header line can be passed as is. */
static size_t skip_so(const char *s, size_t len, size_t i)
{
	size_t k = i;

	if (k < len && (s[k] == 'S' || s[k] == 's'))
		k++;
	else
		return i;
	if (k + 2 < len && (unsigned char)s[k] == 0xE1 &&
	    (unsigned char)s[k + 1] == 0xBB &&
	    ((unsigned char)s[k + 2] == 0x91 || (unsigned char)s[k + 2] == 0x90))
		k += 3;
	else if (k < len && (s[k] == 'o' || s[k] == 'O'))
		k++;
	else
		return i;
	if (k < len && s[k] == ':')
		k++;
	else if (k < len && !is_blank(s[k]))
		return i;
	return skip_blanks(s, len, k);
}

size_t vt_symbol_parse(struct vt_symbol *out, const char *s, size_t len)
{
	size_t i, j, k, n, end, digits;
	int sep;

	if (!out || !s)
		return 0;
	memset(out, 0, sizeof(*out));
	i = skip_so(s, len, skip_blanks(s, len, 0));
	for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
		if (j - i >= MAX_DIGITS)
			return 0;
	digits = j - i;
	k = skip_blanks(s, len, j);
	sep = sep_at(s, len, k, &n);
	if (!sep) {
		/* "84 QĐ/TWĐTN": a Party symbol whose hyphen was lost. */
		if (!digits || k == j)
			return 0;
		end = parse_party(out, s, len, k, 1);
	} else if (sep == '/') {
		end = parse_state(out, s, len, skip_blanks(s, len, k + n));
	} else {
		end = parse_party(out, s, len, skip_blanks(s, len, k + n), 0);
	}
	if (!end) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	memcpy(out->number, s + i, digits);
	out->number[digits] = '\0';
	strcpy(out->canon, out->number);
	append(out->canon, sizeof(out->canon),
	       out->family == VT_FAMILY_PARTY ? "-" : "/");
	append(out->canon, sizeof(out->canon), out->symbol);
	out->start = i;
	out->end = end;
	return end;
}

/* Does "Số" (accents and case optional, ":" optional) end right before i? */
static int after_so(const char *s, size_t i)
{
	size_t k = i;
	int32_t cp;

	while (k > 0 && is_blank(s[k - 1]))
		k--;
	if (k > 0 && s[k - 1] == ':')
		k--;
	while (k > 0 && is_blank(s[k - 1]))
		k--;
	/* "ố" is 3 bytes (E1 BB 91 / E1 BB 90), "o" one. */
	if (k >= 4 && (unsigned char)s[k - 3] == 0xE1 &&
	    (unsigned char)s[k - 2] == 0xBB &&
	    ((unsigned char)s[k - 1] == 0x91 || (unsigned char)s[k - 1] == 0x90))
		k -= 3;
	else if (k >= 2 && (s[k - 1] == 'o' || s[k - 1] == 'O'))
		k -= 1;
	else
		return 0;
	if (s[k - 1] != 'S' && s[k - 1] != 's')
		return 0;
	k--;
	if (k == 0)
		return 1;
	/* Not the tail of a longer word. */
	{
		size_t b = k - 1;

		while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
			b--;
		cp_at(&cp, s, k, b);
	}
	return !vn_is_word_cp(cp);
}

/* May a symbol start at s[i]?  Not inside a word, number or date. */
static int start_ok(const char *s, size_t i)
{
	size_t b;
	int32_t cp;
	unsigned char c;

	if (i == 0)
		return 1;
	c = (unsigned char)s[i - 1];
	if ((c >= '0' && c <= '9') || c == '/' || c == '-' || c == '.' ||
	    c == ':' || c == '&' || c == '_' || c == ',')
		return c == ',' ? !(i >= 2 && s[i - 2] >= '0' && s[i - 2] <= '9') : 0;
	b = i - 1;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	cp_at(&cp, s, i, b);
	return !vn_is_word_cp(cp);
}

/*
 * What a byte can start: a symbol's number (1) or a separator of sep_at()
 * (2).  The scan looks up every byte of a document here.
 */
static const unsigned char lead_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['-'] = 2, ['/'] = 2, [0xE2] = 2, [0xEF] = 2,
};

int vt_symbol_find(struct vt_symbol *out, const char *s, size_t len,
                   size_t from)
{
	size_t i, n;

	if (!out || !s)
		return 0;
	for (i = from; i < len; i++) {
		unsigned char lead = lead_byte[(unsigned char)s[i]];
		int digit = lead == 1;
		int sep;

		if (!lead)
			continue;
		if (!digit) {
			sep = sep_at(s, len, i, &n);
			if (!sep || !after_so(s, i))
				continue;
		} else if (!start_ok(s, i)) {
			/* skip the rest of this run of digits in one go */
			while (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
				i++;
			continue;
		}
		if (vt_symbol_parse(out, s + i, len - i)) {
			out->start += i;
			out->end += i;
			return 1;
		}
		if (digit)
			while (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
				i++;
	}
	memset(out, 0, sizeof(*out));
	return 0;
}

const char *vt_symbol_doc_type(const char *type_code, int family)
{
	static const struct { const char *code, *type; } map[] = {
		{ "NQ", "resolution" }, { "QĐ", "decision" },
		{ "CT", "directive" }, { "TB", "notice" }, { "KH", "plan" },
		{ "BC", "report" }, { "CTr", "program" }, { "KL", "conclusion" },
		{ "NĐ", "decree" }, { "TTLT", "circular" }, { "CV", "dispatch" },
		{ NULL, NULL }
	};
	size_t i;

	if (!type_code)
		return NULL;
	if (!*type_code)
		return family == VT_FAMILY_STATE ? "dispatch" : NULL;
	if (!strcmp(type_code, "TT"))
		return family == VT_FAMILY_PARTY ? "other" : "circular";
	for (i = 0; map[i].code; i++)
		if (!strcmp(type_code, map[i].code))
			return map[i].type;
	return "other";
}

const char *vt_family_name(int family)
{
	switch (family) {
	case VT_FAMILY_STATE:
		return "state";
	case VT_FAMILY_PARTY:
		return "party";
	default:
		return NULL;
	}
}

/* The number as an integer ("05" and "5" are one number); -1 when blank. */
static long number_value(const char *n)
{
	long v = 0;

	if (!n || !*n)
		return -1;
	for (; *n >= '0' && *n <= '9'; n++)
		v = v * 10 + (*n - '0');
	return v;
}

int vt_symbol_same(const struct vt_symbol *a, const struct vt_symbol *b)
{
	if (!a || !b || a->family != b->family || !a->number[0] || !b->number[0])
		return 0;
	return number_value(a->number) == number_value(b->number) &&
	       strcmp(a->symbol, b->symbol) == 0;
}

size_t vt_symbol_key(char *out, size_t cap, const struct vt_symbol *sym)
{
	long v;
	int n;

	if (!out || !cap || !sym)
		return 0;
	v = number_value(sym->number);
	if (v < 0)
		n = snprintf(out, cap, "%c%s", sym->family == VT_FAMILY_PARTY ? '-' : '/', sym->symbol);
	else
		n = snprintf(out, cap, "%ld%c%s", v, sym->family == VT_FAMILY_PARTY ? '-' : '/',
		             sym->symbol);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}
