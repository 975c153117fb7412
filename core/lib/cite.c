/*
 * Citations: the documents a text cites, the verb that governs each, and
 * the relations the text states between the documents it cites.
 *
 * The work is done in passes over the normalised text:
 *
 *  1. every symbol (vt_symbol_find) becomes a citation, widened to the
 *     type word before it ("Nghị quyết số 59-NQ/TW"); laws cited by name
 *     and date join them; alias definitions "(sau đây gọi tắt là …)" are
 *     marked so that they add no document;
 *  2. each citation's head is read: ", ngày <date>", "của <issuer>";
 *  3. each citation's tail is read: a "về …" subject or a verb ("triển
 *     khai thực hiện …") that goes on to cite other documents, which are
 *     then nested in it and give the `relations`;
 *  4. a top-level citation is governed by the nearest relation verb before
 *     it in the same clause that is not inside another citation, which is
 *     how one "Căn cứ" or "Thực hiện" governs a whole list;
 *  5. citations fold into one reference per document: the first full
 *     citation gives the date, issuer and subject, the first governed
 *     citation gives the relation.
 *
 * Everything is bounded (citations, scan windows, nesting depth) so that
 * hostile text costs linear time and never recurses deeply.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vanthu/agency.h"
#include "vanthu/cite.h"
#include "vanthu/date.h"
#include "vanthu/error.h"
#include "vanthu/map.h"
#include "vanthu/symbol.h"
#include "vanthu/text.h"
#include "vn.h"

#define MAX_CITES 20000
#define MAX_VERBS 200000
#define VERB_WINDOW 600     /* bytes between a verb and the first document it governs */
#define TAIL_WINDOW 1500    /* bytes a subject may run */
#define ISSUER_WINDOW 160
#define MAX_DEPTH 4

/* ---- characters and keywords --------------------------------------- */

/* vn_cp(), but 0 past the end. */
static size_t cp_at(int32_t *cp, const char *s, size_t len, size_t i)
{
	if (i >= len) {
		*cp = -1;
		return 0;
	}
	return vn_cp(cp, s, len, i);
}

static int is_alnum_cp(int32_t cp)
{
	return vn_is_word_cp(cp) || (cp >= '0' && cp <= '9');
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len) {
		if (is_ws(s[i]))
			i++;
		else if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
		         (unsigned char)s[i + 1] == 0xA0)
			i += 2;
		else
			break;
	}
	return i;
}

static size_t skip_ws_back(const char *s, size_t i)
{
	while (i > 0 && is_ws(s[i - 1]))
		i--;
	return i;
}

/* The code point that ends right before i (-1 at the start). */
static int32_t cp_before(const char *s, size_t i)
{
	size_t b;
	int32_t cp;

	if (i == 0)
		return -1;
	b = i - 1;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80 && i - b < 4)
		b--;
	cp_at(&cp, s, i, b);
	return cp;
}

static int word_start(const char *s, size_t i)
{
	return !is_alnum_cp(cp_before(s, i));
}

/*
 * Does s[i..len) start with keyword `kw`, case-insensitively?  A space in
 * kw matches any run of blanks and new lines (lines are wrapped anywhere).
 * The match must end at a word boundary.  Returns the bytes matched or 0.
 */
static size_t kw_at(const char *s, size_t len, size_t i, const char *kw)
{
	size_t j = i, k = 0;

	/* keywords are literals: read to the NUL, not measured on every call */
	while (kw[k]) {
		int32_t a, b;
		size_t na, nb;

		if (kw[k] == ' ') {
			size_t m = skip_ws(s, len, j);

			if (m == j)
				return 0;
			j = m;
			k++;
			continue;
		}
		if ((unsigned char)kw[k] < 0x80) {
			/* ASCII in the keyword: compare bytes, no decoding */
			unsigned char c = j < len ? (unsigned char)s[j] : 0;
			unsigned char w = (unsigned char)kw[k];

			if (c != w && !((c | 0x20) == (w | 0x20) && (w | 0x20) >= 'a' &&
			                (w | 0x20) <= 'z'))
				return 0;
			j++;
			k++;
			continue;
		}
		/* the very bytes of the keyword's letter: no decoding either */
		for (nb = 1; ((unsigned char)kw[k + nb] & 0xC0) == 0x80; nb++)
			;
		if (j + nb <= len && !memcmp(s + j, kw + k, nb)) {
			j += nb;
			k += nb;
			continue;
		}
		cp_at(&b, kw, k + nb, k);
		/* an ASCII letter of the text needs no decoding */
		if (j < len && (unsigned char)s[j] < 0x80) {
			a = (unsigned char)s[j];
			if (vn_lower_cp(a) != vn_lower_cp(b))
				return 0;
			j++;
			k += nb;
			continue;
		}
		na = cp_at(&a, s, len, j);
		if (!na || a < 0 || vn_lower_cp(a) != vn_lower_cp(b))
			return 0;
		j += na;
		k += nb;
	}
	if (k && kw[k - 1] != ',') {
		int32_t c;

		cp_at(&c, s, len, j);
		if (is_alnum_cp(c))
			return 0;
	}
	return j - i;
}

/* First keyword of a NULL-terminated list that matches at i (longest listed first). */
static size_t kw_any(const char *s, size_t len, size_t i,
                     const char *const *list, int *which)
{
	int k;

	for (k = 0; list[k]; k++) {
		size_t n = kw_at(s, len, i, list[k]);

		if (n) {
			if (which)
				*which = k;
			return n;
		}
	}
	return 0;
}

/* Does a keyword of `list` end exactly at i?  Returns its start or SIZE_MAX. */
static size_t kw_ending_at(const char *s, size_t len, size_t i,
                           const char *const *list)
{
	int k;

	for (k = 0; list[k]; k++) {
		size_t kl = strlen(list[k]), b;

		/* a keyword with blanks can be longer in the text: try a window */
		for (b = i > kl + 16 ? i - kl - 16 : 0; b + kl <= i + 0 && b < i; b++) {
			if (!word_start(s, b) || ((unsigned char)s[b] & 0xC0) == 0x80)
				continue;
			if (kw_at(s, len, b, list[k]) == i - b)
				return b;
		}
	}
	return SIZE_MAX;
}

/* ---- tables ---------------------------------------------------------- */

struct type_word {
	const char *word;
	const char *type;   /* NULL: take the type from the symbol */
};

/* Longest first where one is a prefix of another. */
static const struct type_word type_words[] = {
	{ "Nghị quyết liên tịch", "resolution" },
	{ "Nghị quyết", "resolution" },
	{ "Nghị định", "decree" },
	{ "Thông báo kết luận", "notice" },
	{ "Thông báo", "notice" },
	{ "Thông tư liên tịch", "circular" },
	{ "Thông tư", "circular" },
	{ "Thông tri", "other" },
	{ "Kế hoạch", "plan" },
	{ "Công văn", NULL },
	{ "Văn bản hợp nhất", "other" },
	{ "Văn bản", NULL },
	{ "Công điện", "other" },
	{ "Quyết định", "decision" },
	{ "Quy định", "other" },
	{ "Quy chế", "other" },
	{ "Chỉ thị", "directive" },
	{ "Kết luận", "conclusion" },
	{ "Chương trình hành động", "program" },
	{ "Chương trình", "program" },
	{ "Báo cáo", "report" },
	{ "Tờ trình", "other" },
	{ "Hướng dẫn", "other" },
	{ "Đề án", "other" },
	{ "Pháp lệnh", "law" },
	{ "Bộ luật", "law" },
	{ "Luật", "law" },
	{ NULL, NULL }
};

struct verb {
	const char *word;
	const char *relation;
};

/* The longest that matches wins: "triển khai thực hiện" over "triển khai". */
static const struct verb verbs[] = {
	{ "căn cứ vào", "based_on" },
	{ "căn cứ", "based_on" },
	{ "tiếp tục triển khai thực hiện", "implements" },
	{ "tiếp tục triển khai", "implements" },
	{ "tiếp tục thực hiện", "implements" },
	{ "tổ chức triển khai thực hiện", "implements" },
	{ "tổ chức thực hiện", "implements" },
	{ "triển khai thực hiện", "implements" },
	{ "triển khai thi hành", "implements" },
	{ "triển khai", "implements" },
	{ "thực hiện", "implements" },
	{ "cụ thể hóa", "implements" },
	{ "cụ thể hoá", "implements" },
	{ "theo tinh thần", "implements" },
	{ "quán triệt", "implements" },
	{ "sau khi xem xét đề xuất", "proposed_by" },
	{ "xem xét đề xuất", "proposed_by" },
	{ "theo đề xuất", "proposed_by" },
	{ "theo đề nghị", "proposed_by" },
	{ "xét đề nghị", "proposed_by" },
	{ "xét đề xuất", "proposed_by" },
	{ "xét tờ trình", "proposed_by" },
	{ "sửa đổi, bổ sung", "amends" },
	{ "sửa đổi bổ sung", "amends" },
	{ "sửa đổi", "amends" },
	{ "thay thế", "replaces" },
	{ "bãi bỏ", "repeals" },
	{ "hủy bỏ", "repeals" },
	{ "huỷ bỏ", "repeals" },
	{ "hướng dẫn thực hiện", "guides" },
	{ "hướng dẫn thi hành", "guides" },
	{ "quy định chi tiết", "guides" },
	/* a reply names what it answers, and no more than that */
	{ "phúc đáp", "cites" },
	{ "trả lời", "cites" },
	{ NULL, NULL }
};

/*
 * Words that may follow a citation's head and carry on its phrase: a
 * subject ("về …") or what the cited document itself does ("… triển khai
 * thực hiện Nghị quyết số …", "… ban hành Chương trình hành động …").
 */
static const char *const subject_words[] = { "về việc", "về", "V/v", NULL };
static const char *const tail_verbs[] = {
	"triển khai thực hiện", "triển khai", "thực hiện", "ban hành",
	"cụ thể hóa", "cụ thể hoá", "hướng dẫn thực hiện", "hướng dẫn thi hành",
	"hướng dẫn", "thông báo", "sửa đổi, bổ sung", "sửa đổi", "thay thế",
	"bãi bỏ", "quy định chi tiết", "phê duyệt", NULL
};

/* Where an issuer phrase ends. */
static const char *const issuer_stops[] = {
	"về việc", "về", "V/v", "ngày", "thực hiện", "triển khai", "ban hành",
	"tại", "thông báo", "hướng dẫn", "quy định", "phê duyệt", "trong",
	"theo", "nhằm", "đã", "đề ra", "để", "cụ thể hóa", "cụ thể hoá",
	"sửa đổi", "thay thế", "bãi bỏ", "với", "trên địa bàn", "Kính gửi", "(", NULL
};

static const char *const connectors[] = { "và", "cùng", "hoặc", NULL };

/* The header lines a V/v citation may run into (pdftotext keeps the order). */
static const char *const mottos[] = {
	"cộng hòa xã hội", "cộng hoà xã hội", "độc lập", "đảng cộng sản", NULL
};

static const char *const alias_words[] = {
	"sau đây gọi tắt là", "sau đây gọi chung là", "sau đây gọi là",
	"sau đây viết tắt là", "gọi tắt là", NULL
};

/* Issuers a symbol names unambiguously, for citations that give none. */
static const struct { const char *code, *name; } implied_issuers[] = {
	{ "VPCP", "Văn phòng Chính phủ" }, { "CP", "Chính phủ" },
	{ "TTg", "Thủ tướng Chính phủ" }, { "VPQH", "Văn phòng Quốc hội" },
	{ "BNV", "Bộ Nội vụ" }, { "BTC", "Bộ Tài chính" },
	{ "BCA", "Bộ Công an" }, { "BQP", "Bộ Quốc phòng" },
	{ "BNG", "Bộ Ngoại giao" }, { "VPTW", "Văn phòng Trung ương Đảng" },
	{ NULL, NULL }
};

/* ---- citations ------------------------------------------------------- */

struct cite {
	size_t start, sym_start, sym_end, head_end, tail_end;
	struct vt_symbol sym;
	int has_sym;            /* 0: a law cited by name */
	const char *type;
	char date[11];
	size_t iss_s, iss_e;    /* issuer in the text, [0,0) when none */
	const char *iss_implied;
	size_t subj_s, subj_e;  /* subject or law name */
	int alias;              /* the symbol inside "(sau đây gọi tắt là …)" */
	size_t alias_s, alias_e;
	int parent;             /* enclosing citation, -1 at top level */
	const char *nest_rel;   /* relation parent -> this, NULL when none stated */
	int done;               /* tail computed */
	const char *rel;        /* governing verb's relation (top level) */
	size_t verb_s, verb_e;
};

struct vverb {
	size_t s, e;
	const char *relation;
	int internal;           /* inside another citation's phrase */
};

struct ctx {
	const char *s;
	size_t len;
	const struct vt_doc *doc;
	struct cite *c;
	size_t n, cap;
	struct vverb *v;
	size_t nv, capv;
};

static int push_cite(struct ctx *x, const struct cite *c)
{
	if (x->n >= MAX_CITES)
		return 0;
	if (x->n == x->cap) {
		size_t nc = x->cap ? x->cap * 2 : 32;
		struct cite *p = realloc(x->c, nc * sizeof(*p));

		if (!p)
			return vt_error_oom();
		x->c = p;
		x->cap = nc;
	}
	x->c[x->n++] = *c;
	return 0;
}

static int push_verb(struct ctx *x, size_t s, size_t e, const char *rel)
{
	if (x->nv >= MAX_VERBS)
		return 0;
	if (x->nv == x->capv) {
		size_t nc = x->capv ? x->capv * 2 : 64;
		struct vverb *p = realloc(x->v, nc * sizeof(*p));

		if (!p)
			return vt_error_oom();
		x->v = p;
		x->capv = nc;
	}
	x->v[x->nv].s = s;
	x->v[x->nv].e = e;
	x->v[x->nv].relation = rel;
	x->v[x->nv].internal = 0;
	x->nv++;
	return 0;
}

/*
 * The type word that ends right before `i`, allowing "số" in between and,
 * with "số", a few words of name ("Luật Tổ chức chính quyền địa phương số
 * 72/2025/QH15", "Chương trình hành động số …").  Punctuation stops the
 * search.  Returns the start of the type word or SIZE_MAX.
 */
static size_t type_word_before(const struct ctx *x, size_t i, int *tw)
{
	const char *s = x->s;
	size_t p = skip_ws_back(s, i), b, lim;
	int words = 0, k;

	b = kw_ending_at(s, x->len, p, (const char *const[]){ "số", NULL });
	if (b != SIZE_MAX) {
		p = skip_ws_back(s, b);
		words = 8;
	}
	lim = p > 200 ? p - 200 : 0;
	for (;;) {
		for (k = 0; type_words[k].word; k++) {
			const char *w = type_words[k].word;
			size_t st = kw_ending_at(s, x->len, p,
			                         (const char *const[]){ w, NULL });

			/* a type word is capitalised in a citation */
			if (st != SIZE_MAX && !(s[st] >= 'a' && s[st] <= 'z') &&
			    !(st + 1 < x->len && (unsigned char)s[st] == 0xC4 &&
			      (unsigned char)s[st + 1] == 0x91)) {
				*tw = k;
				return st;
			}
		}
		if (words-- <= 0)
			return SIZE_MAX;
		/* step back over one word; stop at punctuation */
		b = p;
		while (b > lim) {
			int32_t cp = cp_before(s, b);
			size_t n;

			if (!is_alnum_cp(cp))
				break;
			n = 1;
			while (n < 4 && b - n > 0 && ((unsigned char)s[b - n] & 0xC0) == 0x80)
				n++;
			b -= n;
		}
		if (b == p || b <= lim || (b > 0 && !is_ws(s[b - 1])))
			return SIZE_MAX;
		p = skip_ws_back(s, b);
	}
}

/* Is the symbol at i the header's own "Số: …" (not "… số" after a type word)? */
static int header_so(const struct ctx *x, size_t i)
{
	size_t p = skip_ws_back(x->s, i);

	if (p > 0 && x->s[p - 1] == ':')
		p = skip_ws_back(x->s, p - 1);
	return kw_ending_at(x->s, x->len, p, (const char *const[]){ "Số", NULL }) != SIZE_MAX &&
	       x->s[kw_ending_at(x->s, x->len, p, (const char *const[]){ "Số", NULL })] == 'S';
}

/* Inside "(sau đây gọi tắt là …)"?  Sets the alias text span. */
static int alias_before(const struct ctx *x, size_t start, size_t *as)
{
	size_t p = skip_ws_back(x->s, start), b;

	b = kw_ending_at(x->s, x->len, p, alias_words);
	if (b == SIZE_MAX)
		return 0;
	*as = start;
	return 1;
}

static int collect_symbols(struct ctx *x)
{
	struct vt_symbol sym;
	size_t from = 0;
	int rc;

	while (from < x->len && vt_symbol_find(&sym, x->s, x->len, from)) {
		struct cite c;
		size_t st;
		int tw = -1;

		from = sym.end > from ? sym.end : from + 1;
		if (!sym.number[0] || header_so(x, sym.start))
			continue;
		memset(&c, 0, sizeof(c));
		c.sym = sym;
		c.has_sym = 1;
		c.sym_start = sym.start;
		c.sym_end = sym.end;
		c.parent = -1;
		st = type_word_before(x, sym.start, &tw);
		c.start = st != SIZE_MAX ? st : sym.start;
		c.type = sym.doc_type;
		/* a ".../QH15" symbol is a law unless the prose says "Nghị quyết" */
		if (tw >= 0 && type_words[tw].type &&
		    !(sym.doc_type && !strcmp(sym.doc_type, "law") &&
		      strcmp(type_words[tw].type, "law") && strcmp(type_words[tw].type, "resolution")))
			c.type = type_words[tw].type;
		if (!c.type)
			c.type = "other";
		if (alias_before(x, c.start, &c.alias_s)) {
			c.alias = 1;
			c.alias_e = sym.end;
		}
		if ((rc = push_cite(x, &c)) < 0)
			return rc;
	}
	return 0;
}

static const char *verb_relation_at(const struct ctx *x, size_t i, size_t *n);

/* ---- heads: date and issuer ------------------------------------------ */

static int citation_starts_at(const struct ctx *x, size_t p)
{
	size_t lo = 0, hi = x->n;

	/* citations are sorted by start by now: a binary search */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->c[mid].start < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->n && x->c[lo].start == p;
}

static int type_word_at(const struct ctx *x, size_t p)
{
	int k;

	if (p >= x->len || (x->s[p] >= 'a' && x->s[p] <= 'z'))
		return 0;
	for (k = 0; type_words[k].word; k++)
		if (kw_at(x->s, x->len, p, type_words[k].word))
			return 1;
	return 0;
}

/*
 * Does a header's "<Place>, ngày … tháng … năm …" line start at p?  A
 * citation in the V/v of a công văn ends right above it, and must take
 * neither the place for its issuer nor the date for its own.
 */
static int place_date_at(const struct ctx *x, size_t p)
{
	size_t j;

	for (j = p; j < x->len && j < p + 60 && x->s[j] != '\n'; j++)
		if (x->s[j] == ',' && kw_at(x->s, x->len, skip_ws(x->s, x->len, j + 1), "ngày"))
			return 1;
	return 0;
}

/*
 * Is the line at p all capitals ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under a
 * decision's subject)?  No issuer of a citation goes on into it.
 */
static int upper_line_at(const struct ctx *x, size_t p)
{
	size_t j = p;
	int letters = 0;

	while (j < x->len && j < p + 200 && x->s[j] != '\n') {
		int32_t cp;
		size_t n = cp_at(&cp, x->s, x->len, j);

		if (vn_is_word_cp(cp)) {
			if (utf8proc_toupper(cp) != cp)
				return 0;
			letters++;
		}
		j += n ? n : 1;
	}
	return letters >= 4;
}

/* Does a numbered heading ("III. TỔ CHỨC …", "2- …") start at p? */
static int item_at(const struct ctx *x, size_t p)
{
	size_t j = p;

	while (j < x->len && j < p + 5 && (x->s[j] == 'I' || x->s[j] == 'V' || x->s[j] == 'X' ||
	                                   (x->s[j] >= '0' && x->s[j] <= '9')))
		j++;
	return j > p && j + 1 < x->len && (x->s[j] == '.' || x->s[j] == '-') && x->s[j + 1] == ' ';
}

/*
 * "của <issuer>" at p: the issuer runs to a stop word, punctuation, a
 * blank line, a connector before another document, or a digit.
 */
static size_t read_issuer(const struct ctx *x, size_t p, size_t *is, size_t *ie)
{
	const char *s = x->s;
	size_t n = kw_at(s, x->len, p, "của"), i, last = 0, lim;

	if (!n)
		return 0;
	i = skip_ws(s, x->len, p + n);
	*is = i;
	lim = i + ISSUER_WINDOW < x->len ? i + ISSUER_WINDOW : x->len;
	/*
	 * A name the register knows is taken whole, commas and all ("Bộ Văn
	 * hóa, Thể thao và Du lịch"); what follows it (", tỉnh …") is read
	 * by the rules below.
	 */
	{
		const struct vt_agency *a;
		size_t an = vt_agency_at(&a, s, x->len, i);

		if (an && i + an <= lim) {
			i += an;
			last = i;
		}
	}
	while (i < lim) {
		size_t w, m, n2;
		int32_t cp;

		if (s[i] == ',' || s[i] == ';' || s[i] == '.' || s[i] == ':' ||
		    s[i] == ')' || s[i] == '"' || (s[i] >= '0' && s[i] <= '9'))
			break;
		if (s[i] == '\n') {
			size_t k = i + 1;

			if (place_date_at(x, skip_ws(s, x->len, k)) || item_at(x, skip_ws(s, x->len, k)) ||
			    kw_any(s, x->len, skip_ws(s, x->len, k), mottos, NULL) ||
			    upper_line_at(x, skip_ws(s, x->len, k)))
				break;
			while (k < x->len && (s[k] == ' ' || s[k] == '\t'))
				k++;
			/*
			 * A blank line ends the phrase, unless a PDF page or
			 * column break split a name: the next line goes on
			 * with a capitalised word that is no verb or type.
			 */
			if (k < x->len && s[k] == '\n') {
				size_t m = skip_ws(s, x->len, k), n2;

				if (m >= x->len || !(s[m] >= 'A' && s[m] <= 'Z') ||
				    (m + 1 < x->len && s[m + 1] >= 'A' && s[m + 1] <= 'Z') ||
				    type_word_at(x, m) || verb_relation_at(x, m, &n2))
					break;
			}
		}
		if (is_ws(s[i])) {
			i++;
			continue;
		}
		if (word_start(s, i)) {
			if (kw_any(s, x->len, i, issuer_stops, NULL))
				break;
			if (type_word_at(x, i) && i > *is)
				break;
			if (verb_relation_at(x, i, &m))
				break;
			/* "và Kế hoạch số …", "và thực hiện …": the phrase is over */
			if ((w = kw_any(s, x->len, i, connectors, NULL)) != 0) {
				m = skip_ws(s, x->len, i + w);
				if (type_word_at(x, m) || citation_starts_at(x, m) ||
				    kw_any(s, x->len, m, tail_verbs, NULL) ||
				    verb_relation_at(x, m, &n2))
					break;
			}
		}
		m = cp_at(&cp, s, x->len, i);
		i += m ? m : 1;
		last = i;
	}
	if (!last || last <= *is)
		return 0;
	*ie = last;
	return last;
}

static void read_head(struct ctx *x, struct cite *c)
{
	const char *s = x->s;
	size_t p = c->sym_end, q, r, is = 0, ie = 0;
	char iso[11];

	c->head_end = p;
	q = skip_ws(s, x->len, p);
	if (q < x->len && s[q] == ',')
		q = skip_ws(s, x->len, q + 1);
	if (kw_at(s, x->len, q, "ngày") && (r = vt_date_parse(iso, s + q, x->len - q))) {
		memcpy(c->date, iso, sizeof(iso));
		p = c->head_end = q + r;
		q = skip_ws(s, x->len, p);
		if (q < x->len && s[q] == ',')
			q = skip_ws(s, x->len, q + 1);
	}
	if (read_issuer(x, q, &is, &ie)) {
		c->iss_s = is;
		c->iss_e = ie;
		c->head_end = ie;
		q = skip_ws(s, x->len, ie);
		if (!c->date[0] && q < x->len && s[q] == ',')
			q = skip_ws(s, x->len, q + 1);
		/* "… của UBND tỉnh ngày 5/1/2024" */
		if (!c->date[0] && kw_at(s, x->len, q, "ngày") &&
		    (r = vt_date_parse(iso, s + q, x->len - q))) {
			memcpy(c->date, iso, sizeof(iso));
			c->head_end = q + r;
		}
	}
	c->tail_end = c->head_end;
}

/* Only blanks, commas, ";" and "và" in s[a..b)? */
static int list_gap(const struct ctx *x, size_t a, size_t b)
{
	size_t i = a, w;

	while (i < b) {
		if (is_ws(x->s[i]) || x->s[i] == ',' || x->s[i] == ';') {
			i++;
			continue;
		}
		if ((w = kw_any(x->s, x->len, i, connectors, NULL)) != 0 && i + w <= b) {
			i += w;
			continue;
		}
		return 0;
	}
	return 1;
}

/*
 * One issuer for a list: "Nghị quyết số 57-NQ/TW, 59-NQ/TW và 68-NQ/TW của
 * Bộ Chính trị".  The documents of the same family listed right before a
 * citation that names its issuer, with nothing of their own, share it.
 */
static void share_issuers(struct ctx *x)
{
	size_t i, j;

	for (i = 1; i < x->n; i++) {
		const struct cite *c = &x->c[i];

		if (!c->has_sym || c->iss_e <= c->iss_s)
			continue;
		for (j = i; j-- > 0;) {
			struct cite *d = &x->c[j];

			if (!d->has_sym || d->iss_e > d->iss_s || d->sym.family != c->sym.family ||
			    !list_gap(x, d->head_end, x->c[j + 1].start))
				break;
			d->iss_s = c->iss_s;
			d->iss_e = c->iss_e;
		}
	}
}

/* ---- clause breaks ---------------------------------------------------- */

/* Index of the first citation starting at or after p (binary search). */
static size_t cite_from(const struct ctx *x, size_t p)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->c[mid].start < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does a citation (possibly after a connector) start at p? */
static int list_continues(const struct ctx *x, size_t p)
{
	size_t q = skip_ws(x->s, x->len, p), w, k;

	if ((w = kw_any(x->s, x->len, q, connectors, NULL)) != 0)
		q = skip_ws(x->s, x->len, q + w);
	/* "các Quyết định: số …; số …": the type word said once for the list */
	if ((w = kw_at(x->s, x->len, q, "số")) != 0)
		q = skip_ws(x->s, x->len, q + w);
	k = cite_from(x, q);
	return k < x->n && x->c[k].start == q;
}

/*
 * Is there a clause break at s[i]?  ";" and a blank line break unless the
 * list of documents goes on right after them; a full stop before a blank,
 * ":", "./." and a new numbered or dashed item always break.
 */
static int break_at(const struct ctx *x, size_t i)
{
	const char *s = x->s;
	char c = s[i];

	if (c == ';')
		return !list_continues(x, i + 1);
	/* "thay thế các Quyết định: số …; số …": the list follows the colon */
	if (c == ':')
		return !list_continues(x, i + 1);
	if (c == '!' || c == '?')
		return 1;
	if (c == '.')
		return i + 1 >= x->len || is_ws(s[i + 1]) || s[i + 1] == '/';
	if (c == '\n') {
		size_t k = i + 1;

		while (k < x->len && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= x->len)
			return 1;
		if (s[k] == '\n')
			return !list_continues(x, k);
		if (s[k] == '-' || s[k] == '+' || s[k] == '*')
			return 1;
		if (s[k] >= '0' && s[k] <= '9') {
			while (k < x->len && s[k] >= '0' && s[k] <= '9')
				k++;
			return k < x->len && (s[k] == '.' || s[k] == ')');
		}
		if (k + 1 < x->len && s[k] >= 'a' && s[k] <= 'z' && s[k + 1] == ')')
			return 1;
	}
	return 0;
}

/* "(sau đây gọi tắt là …" starts at i? */
static int alias_open_at(const struct ctx *x, size_t i)
{
	size_t q;

	if (x->s[i] != '(')
		return 0;
	q = skip_ws(x->s, x->len, i + 1);
	return kw_any(x->s, x->len, q, alias_words, NULL) != 0;
}

/* ---- tails and nesting ----------------------------------------------- */

/*
 * The verbs as a trie of units, the form kw_at() matches them in: UNIT_WS
 * for a blank (any run of them in the text), a lower-case ASCII byte, or
 * another code point in lower case.  A word of the text is decoded once
 * and walked down the trie, where trying each verb of its letter in turn
 * made the verbs a tenth of the parse.  The longest verb that matches and
 * ends a word wins, which is what the longest-first order of verbs[]
 * asked for.
 */
#define NVERBS (sizeof(verbs) / sizeof(verbs[0]) - 1)
#define VERB_UNITS 40
#define UNIT_WS (-2)
#define UNIT_NONE (-3)   /* a letter outside ASCII that lowers to ASCII */
#define VERB_NODES (NVERBS * VERB_UNITS + 1)

struct vnode {
	int32_t unit;
	short child, next;   /* node indices; 0: none (0 is the root) */
	signed char verb;    /* verbs[] index ending here, or -1 */
	unsigned char comma; /* the verb ends with ',': no word end needed */
};

static struct vnode vnodes[VERB_NODES];
static size_t nvnodes = 1;
static pthread_once_t verbs_once = PTHREAD_ONCE_INIT;
/* the bytes a verb starts with, either case, from the trie's first level */
static unsigned char verb_initial[256];

static int vnode_child(int node, int32_t unit)
{
	int c;

	for (c = vnodes[node].child; c; c = vnodes[c].next)
		if (vnodes[c].unit == unit)
			return c;
	return 0;
}

static void index_verbs(void)
{
	size_t k;
	int r;

	vnodes[0].verb = -1;
	for (k = 0; k < NVERBS; k++) {
		const char *w = verbs[k].word;
		size_t j = 0, len = strlen(w), depth = 0;
		int node = 0, c = 0;
		int32_t cp = 0;

		while (j < len && depth++ < VERB_UNITS) {
			int32_t unit;

			j += cp_at(&cp, w, len, j);
			unit = cp == ' ' ? UNIT_WS : vn_lower_cp(cp);
			if (!(c = vnode_child(node, unit))) {
				c = (int)nvnodes++;
				vnodes[c].unit = unit;
				vnodes[c].verb = -1;
				vnodes[c].next = vnodes[node].child;
				vnodes[node].child = (short)c;
			}
			node = c;
		}
		/* a verb listed twice keeps its first relation */
		if (vnodes[node].verb < 0) {
			vnodes[node].verb = (signed char)k;
			vnodes[node].comma = cp == ',';
		}
	}
	for (r = vnodes[0].child; r; r = vnodes[r].next)
		if (vnodes[r].unit >= 'a' && vnodes[r].unit <= 'z')
			verb_initial[vnodes[r].unit] = verb_initial[vnodes[r].unit - 32] = 1;
}

/*
 * Can a verb start with byte c?  This test is what keeps the scan of
 * every byte of a document cheap.  vt_cite_extract() has built the trie.
 */
static int verb_first(unsigned char c)
{
	return verb_initial[c];
}

/* The unit of the text at p and the byte after it. */
static int32_t text_unit(const char *s, size_t len, size_t p, size_t *next)
{
	unsigned char c = (unsigned char)s[p];
	int32_t cp;

	if (is_ws((char)c) || (c == 0xC2 && p + 1 < len && (unsigned char)s[p + 1] == 0xA0)) {
		*next = skip_ws(s, len, p);
		return UNIT_WS;
	}
	if (c < 0x80) {
		*next = p + 1;
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	}
	*next = p + cp_at(&cp, s, len, p);
	if (cp < 0)
		return -1;
	cp = vn_lower_cp(cp);
	/* kw_at() lets an ASCII letter of a verb match only ASCII */
	return cp < 0x80 ? UNIT_NONE : cp;
}

static const char *verb_relation_at(const struct ctx *x, size_t i, size_t *n)
{
	size_t p = i, end = 0;
	int node = 0, best = -1;

	if (i >= x->len || !verb_first((unsigned char)x->s[i]))
		return NULL;
	while (p < x->len) {
		size_t next;
		int32_t unit = text_unit(x->s, x->len, p, &next);

		if (!(node = vnode_child(node, unit)))
			break;
		p = next;
		if (vnodes[node].verb >= 0) {
			int32_t after = 0;

			if (!vnodes[node].comma)
				cp_at(&after, x->s, x->len, p);
			if (vnodes[node].comma || !is_alnum_cp(after)) {
				best = vnodes[node].verb;
				end = p;
			}
		}
	}
	/* the look back decodes: after the walk, which rules out most words */
	if (best < 0 || !word_start(x->s, i))
		return NULL;
	/* "Xét Tờ trình số …": the verb ends where the citation starts */
	*n = !strcmp(verbs[best].word, "xét tờ trình") ? kw_at(x->s, x->len, i, "xét")
	                                               : end - i;
	return verbs[best].relation;
}

/* The nearest relation verb in s[from..to), or NULL. */
static const char *verb_between(const struct ctx *x, size_t from, size_t to)
{
	const char *rel = NULL;
	size_t i, n;

	for (i = from; i < to; i++) {
		const char *r = verb_relation_at(x, i, &n);

		if (r && i + n <= to) {
			rel = r;
			i += n - 1;
		}
	}
	return rel;
}

/*
 * Where a subject ("về …") gives way to what the citing text says next:
 * ", đóng góp …", ", nhằm …", ", qua đó …".  Without this a subject runs
 * on to the end of the sentence.
 */
static int subject_stop_at(const struct ctx *x, size_t p)
{
	static const char *const after_comma[] = {
		"đóng góp", "góp phần", "nhằm", "để", "qua đó", "đồng thời", "trong đó",
		"theo đó", "với mục tiêu", "tạo đà", "tạo chuyển biến", "bảo đảm", "đảm bảo",
		"Ủy ban nhân dân", "UBND", "Chủ tịch", "yêu cầu", "đề nghị", "giao", NULL
	};
	size_t q;

	if (x->s[p] != ',')
		return 0;
	q = skip_ws(x->s, x->len, p + 1);
	return kw_any(x->s, x->len, q, after_comma, NULL) != 0;
}

static void read_tail(struct ctx *x, size_t ci, int depth)
{
	struct cite *c = &x->c[ci];
	const char *s = x->s;
	size_t p, q, n, lim, seg, k;
	int subj = 0;

	c->done = 1;
	q = skip_ws(s, x->len, c->head_end);
	if (q < x->len && s[q] == ',' && depth == 0)
		q = skip_ws(s, x->len, q + 1);
	if ((n = kw_any(s, x->len, q, subject_words, NULL)) != 0) {
		subj = 1;
		c->subj_s = skip_ws(s, x->len, q + n);
	} else if (!kw_any(s, x->len, q, tail_verbs, NULL)) {
		return;
	}
	p = seg = q;
	lim = q + TAIL_WINDOW < x->len ? q + TAIL_WINDOW : x->len;
	k = cite_from(x, p);
	while (p < lim) {
		if (break_at(x, p) || alias_open_at(x, p) || (subj && subject_stop_at(x, p)))
			break;
		while (k < x->n && x->c[k].start < p)
			k++;
		if (k < x->n && x->c[k].start == p && k != ci) {
			struct cite *d = &x->c[k];
			size_t b = skip_ws_back(s, p);

			if (d->alias)
				break;
			/* a connector right before: the outer list goes on */
			if (b > 0 && (s[b - 1] == ',' || s[b - 1] == ';'))
				break;
			if (kw_ending_at(s, x->len, b, connectors) != SIZE_MAX)
				break;
			d->parent = (int)ci;
			d->nest_rel = verb_between(x, seg, p);
			if (depth + 1 < MAX_DEPTH) {
				read_tail(x, k, depth + 1);
				c = &x->c[ci];
			}
			p = d->tail_end > p ? d->tail_end : p + 1;
			seg = p;
			continue;
		}
		p++;
	}
	/* the tail ends where the scan stopped, blanks and commas trimmed */
	while (p > q && (is_ws(s[p - 1]) || s[p - 1] == ','))
		p--;
	c->tail_end = p > c->head_end ? p : c->head_end;
	if (subj)
		c->subj_e = c->tail_end > c->subj_s ? c->tail_end : c->subj_s;
}

/* ---- laws by name ------------------------------------------------------ */

/*
 * "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015": a law
 * cited by name and date, without a number (NĐ 30 cites laws so).
 */
static int collect_laws(struct ctx *x)
{
	const char *s = x->s;
	size_t i;
	int rc;

	for (i = 0; i + 5 < x->len; i++) {
		size_t n, p, name_e, r;
		char iso[11];
		struct cite c;

		if (s[i] != 'L') {
			const char *l = memchr(s + i, 'L', x->len - 5 - i);

			if (!l)
				break;
			i = (size_t)(l - s);
		}
		if (!word_start(s, i) || !(n = kw_at(s, x->len, i, "Luật")))
			continue;
		p = skip_ws(s, x->len, i + n);
		/* a name starts upper-case: "Luật Đầu tư", not "luật pháp" */
		if (p >= x->len || s[p] == '\n' ||
		    !((s[p] >= 'A' && s[p] <= 'Z') || (unsigned char)s[p] >= 0xC3))
			continue;
		/* the name runs to "ngày" / "năm" / "số" / punctuation */
		name_e = 0;
		iso[0] = '\0';
		r = 0;
		while (p < x->len && p < i + 200) {
			if (s[p] == ';' || s[p] == ',' || s[p] == '.' || s[p] == ':' ||
			    s[p] == '(' || s[p] == ')' || (s[p] >= '0' && s[p] <= '9'))
				break;
			if (word_start(s, p) && (kw_at(s, x->len, p, "ngày") ||
			                         kw_at(s, x->len, p, "năm") ||
			                         kw_at(s, x->len, p, "số")))
				break;
			if (!is_ws(s[p]))
				name_e = p + 1;
			p++;
		}
		if (!name_e || p >= x->len)
			continue;
		while (name_e < x->len && ((unsigned char)s[name_e] & 0xC0) == 0x80)
			name_e++;
		if (kw_at(s, x->len, p, "ngày")) {
			r = vt_date_parse(iso, s + p, x->len - p);
		} else if ((n = kw_at(s, x->len, p, "năm")) != 0) {
			size_t q = skip_ws(s, x->len, p + n), k = q;

			while (k < x->len && k < q + 5 && s[k] >= '0' && s[k] <= '9')
				k++;
			if (k == q + 4 && (k >= x->len || !(s[k] >= '0' && s[k] <= '9'))) {
				memcpy(iso, s + q, 4);
				iso[4] = '\0';
				r = k - p;
			}
		}
		if (!r)
			continue;   /* with "số" the symbol path has it; bare names are not citations */
		memset(&c, 0, sizeof(c));
		c.start = c.sym_start = i;
		c.sym_end = name_e;
		c.head_end = c.tail_end = p + r;
		c.type = "law";
		c.parent = -1;
		c.done = 1;
		memcpy(c.date, iso, sizeof(iso));
		c.subj_s = skip_ws(s, x->len, i + kw_at(s, x->len, i, "Luật"));
		c.subj_e = name_e;
		if ((rc = push_cite(x, &c)) < 0)
			return rc;
		i = p + r - 1;
	}
	return 0;
}

static int cmp_cite(const void *a, const void *b)
{
	const struct cite *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* ---- verbs ------------------------------------------------------------- */

static int collect_verbs(struct ctx *x)
{
	size_t i, n;
	int rc;

	for (i = 0; i < x->len; i++) {
		const char *r;
		unsigned char p;

		/*
		 * Cheap filters first: a verb starts with one of a few ASCII
		 * letters, after a blank or ASCII punctuation (a byte >= 0x80
		 * before it is almost always part of a letter; the rare
		 * quote mark is handled by verb_relation_at's own test).
		 */
		if (!verb_first((unsigned char)x->s[i]))
			continue;
		p = i ? (unsigned char)x->s[i - 1] : ' ';
		if ((p < 0x80 && ((p | 0x20) >= 'a' && (p | 0x20) <= 'z')) ||
		    (p >= '0' && p <= '9'))
			continue;
		r = verb_relation_at(x, i, &n);
		if (r) {
			if ((rc = push_verb(x, i, i + n, r)) < 0)
				return rc;
			i += n - 1;
		}
	}
	return 0;
}

/* Mark verbs that sit inside a citation's phrase (between start and tail end). */
static void mark_internal(struct ctx *x)
{
	size_t i, v = 0;

	for (i = 0; i < x->n; i++) {
		const struct cite *c = &x->c[i];

		if (c->tail_end <= c->head_end && c->head_end <= c->sym_end)
			continue;
		while (v > 0 && x->v[v - 1].s >= c->start)
			v--;
		for (; v < x->nv && x->v[v].s < c->tail_end; v++)
			if (x->v[v].s >= c->start)
				x->v[v].internal = 1;
	}
}

/* The verb governing top-level citation c: nearest, same clause, outside citations. */
static void govern(struct ctx *x, struct cite *c)
{
	size_t lo = 0, hi = x->nv, j, p;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->v[mid].e <= c->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (j = lo; j-- > 0;) {
		const struct vverb *v = &x->v[j];

		if (c->start - v->e > VERB_WINDOW)
			return;
		if (v->internal)
			continue;
		for (p = v->e; p < c->start; p++)
			if (break_at(x, p))
				return;
		c->rel = v->relation;
		c->verb_s = v->s;
		c->verb_e = v->e;
		return;
	}
}

/* ---- output ------------------------------------------------------------ */

/* s[a..b) with blank runs collapsed and trailing punctuation trimmed; caller frees. */
static char *clean(const char *s, size_t a, size_t b)
{
	char *out = malloc(b - a + 1);
	size_t o = 0, i;
	int sp = 0;

	if (!out)
		return NULL;
	for (i = a; i < b; i++) {
		if (is_ws(s[i])) {
			sp = o > 0;
			continue;
		}
		if (sp)
			out[o++] = ' ';
		sp = 0;
		out[o++] = s[i];
	}
	while (o > 0 && strchr(" ,;:.", out[o - 1]))
		o--;
	out[o] = '\0';
	return out;
}

static size_t orig(const struct ctx *x, size_t off)
{
	return x->doc->src ? vt_text_orig_offset(x->doc->src, off) : off;
}

static cJSON *span(const struct ctx *x, size_t a, size_t b)
{
	cJSON *arr = cJSON_CreateArray();

	if (!arr)
		return NULL;
	cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)orig(x, a)));
	cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)orig(x, b)));
	return arr;
}

static void key_of(const struct ctx *x, const struct cite *c, char *k, size_t cap)
{
	char *name, *f;

	if (c->has_sym) {
		/* "05-NQ/TU" and "5-NQ/TU" are one document */
		vt_symbol_key(k, cap, &c->sym);
		return;
	}
	name = clean(x->s, c->subj_s, c->subj_e);
	f = name ? vt_text_fold(name, strlen(name)) : NULL;
	snprintf(k, cap, "law:%s", f ? f : (name ? name : ""));
	free(f);
	free(name);
}

static int add_str(cJSON *o, const char *k, const char *v)
{
	/* k is a literal of this file */
	return vn_add(o, k, v ? cJSON_CreateString(v) : cJSON_CreateNull()) ? 0 : -1;
}

static int add_text(cJSON *o, const char *k, const char *s, size_t a, size_t b)
{
	char *t;
	int rc;

	if (b <= a)
		return add_str(o, k, NULL);
	t = clean(s, a, b);
	if (!t)
		return -1;
	rc = add_str(o, k, *t ? t : NULL);
	free(t);
	return rc;
}

static const char *implied_issuer(const struct vt_symbol *sym)
{
	const char *code = sym->symbol, *slash, *last;
	size_t i;

	/* the issuer is the last code of a typed state symbol ("TB-VPCP") */
	if (sym->family != VT_FAMILY_STATE || !sym->type_code[0])
		return NULL;
	slash = strrchr(code, '/');
	code = slash ? slash + 1 : code;
	last = strchr(code, '-');
	if (!last || strchr(last + 1, '-'))
		return NULL;
	for (i = 0; implied_issuers[i].code; i++)
		if (!strcmp(last + 1, implied_issuers[i].code))
			return implied_issuers[i].name;
	return NULL;
}

struct ref {
	char key[140];
	int first;              /* citation that opened it */
	int date_from, iss_from, subj_from, rel_from, alias_from;
	int conflict_from;      /* a citation of it with another date */
};

/* The issuer codes of a symbol: "TW" of 59-NQ/TW, "CP" of 153/NQ-CP, "SNgV", "HTQT" of 891/SNgV-HTQT. */
static size_t symbol_codes(const struct vt_symbol *sym, char codes[][32], size_t max)
{
	const char *p = sym->symbol, *sl = strrchr(p, '/');
	size_t n = 0;

	if (sym->family == VT_FAMILY_PARTY) {
		p = sl ? sl + 1 : p;
	} else {
		if (sl)
			p = sl + 1;   /* "2020/NĐ-CP" */
		if (sym->type_code[0]) {
			const char *d = strchr(p, '-');
			p = d ? d + 1 : p + strlen(p);
		}
	}
	while (*p && n < max) {
		const char *d = strchr(p, '-');
		size_t l = d ? (size_t)(d - p) : strlen(p);

		if (l && l < 32) {
			memcpy(codes[n], p, l);
			codes[n][l] = '\0';
			n++;
		}
		if (!d)
			break;
		p = d + 1;
	}
	return n;
}

enum { FIT = 0, CONFLICT_FAMILY = 1, CONFLICT_CODE = 2 };

/*
 * Does the issuer the prose names fit the symbol?  A Party symbol (…/TW)
 * cannot be a state body's ("Nghị quyết 71-NQ/TW của Chính phủ") nor a
 * state symbol a Party body's; within a family, the register's codes
 * must agree when both sides are known.
 */
static int issuer_fit(const struct vt_symbol *sym, const char *issuer)
{
	const struct vt_agency *a = NULL;
	char codes[8][32];
	size_t n, i;
	int party, any_known = 0;

	if (!issuer || !vt_agency_at(&a, issuer, strlen(issuer), 0) || !a)
		return FIT;
	party = a->kind == VT_AGENCY_PARTY;
	if (sym->family == VT_FAMILY_PARTY && !party)
		return CONFLICT_FAMILY;
	if (sym->family == VT_FAMILY_STATE && party)
		return CONFLICT_FAMILY;
	if (!a->ncodes)
		return FIT;
	n = symbol_codes(sym, codes, 8);
	for (i = 0; i < n; i++) {
		int h = vt_agency_has_code(a, codes[i]);

		if (h == 1)
			return FIT;
		any_known |= vt_agency_code_known(codes[i]);
	}
	/* a công văn's second code is the drafting unit: only the first speaks */
	return any_known && n ? CONFLICT_CODE : FIT;
}

static int self_match(const char *self, const struct cite *c)
{
	return self && c->has_sym && !strcmp(self, c->sym.canon);
}

/*
 * Strings seen so far, each with a number: the duplicate checks of
 * references, relations and standards.  A scan of the list made a text
 * with thousands of citations take seconds.  The set owns copies of its
 * keys; the map points to them.
 */
struct keyset {
	struct vt_map map;
	char **own;
	size_t n, cap;
};

static void keyset_free(struct keyset *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->own[i]);
	free(ks->own);
	vt_map_free(&ks->map);
	memset(ks, 0, sizeof(*ks));
}

/* The number of `key`, or -1 when it is not in the set. */
static int keyset_get(const struct keyset *ks, const char *key)
{
	size_t v = vt_map_get(&ks->map, key);

	return v == VT_MAP_NONE ? -1 : (int)v;
}

/* Add a key that is not in the set yet; 0 or -1 out of memory. */
static int keyset_add(struct keyset *ks, const char *key, int val)
{
	char *k;

	if (ks->n == ks->cap) {
		size_t nc = ks->cap ? ks->cap * 2 : 32;
		char **p = realloc(ks->own, nc * sizeof(*p));

		if (!p)
			return -1;
		ks->own = p;
		ks->cap = nc;
	}
	k = strdup(key);
	if (!k)
		return -1;
	ks->own[ks->n++] = k;
	return vt_map_put(&ks->map, k, (size_t)val) < 0 ? -1 : 0;
}

static struct ref *find_ref(struct ref *r, const struct keyset *ks, const char *key)
{
	int i = keyset_get(ks, key);

	return i >= 0 ? &r[i] : NULL;
}

/*
 * The body that "tại" ties to the cited document: "xem xét đề xuất của Sở
 * Ngoại vụ tại Văn bản số …", "thực hiện ý kiến chỉ đạo của Chủ tịch UBND
 * tỉnh tại Văn bản số …": the issuer phrase of the last "của" between the
 * verb and the citation, when "tại" comes right after it.
 */
static void tied_issuer(const struct ctx *x, const struct cite *c, size_t *is, size_t *ie)
{
	size_t q = skip_ws(x->s, x->len, c->verb_e), s, e, k;

	*is = *ie = 0;
	for (k = q; k < c->start; k++)
		if (x->s[k] == 'c' && word_start(x->s, k) && kw_at(x->s, x->len, k, "của"))
			q = k;
	if (!read_issuer(x, q, &s, &e))
		return;
	q = skip_ws(x->s, x->len, e);
	if (q < c->start && kw_at(x->s, x->len, q, "tại")) {
		*is = s;
		*ie = e;
	}
}

static int emit_refs(struct ctx *x, cJSON *refs, const char *self)
{
	struct ref *r = calloc(x->n ? x->n : 1, sizeof(*r));
	struct keyset ks = { 0 };
	size_t nr = 0, i;
	int rc = 0;

	if (!r)
		return vt_error_oom();
	for (i = 0; i < x->n; i++) {
		const struct cite *c = &x->c[i];
		struct ref *f;
		char key[140];

		if (c->alias || self_match(self, c))
			continue;
		key_of(x, c, key, sizeof(key));
		f = find_ref(r, &ks, key);
		if (!f) {
			if (keyset_add(&ks, key, (int)nr) < 0) {
				rc = -1;
				break;
			}
			f = &r[nr++];
			memcpy(f->key, key, sizeof(key));
			f->first = (int)i;
			f->date_from = f->iss_from = f->subj_from = -1;
			f->rel_from = f->alias_from = f->conflict_from = -1;
		}
		if (f->date_from >= 0 && c->date[0] && f->conflict_from < 0 &&
		    strlen(c->date) == 10 && strlen(x->c[f->date_from].date) == 10 &&
		    strcmp(c->date, x->c[f->date_from].date) != 0)
			f->conflict_from = (int)i;
		if (f->date_from < 0 && c->date[0])
			f->date_from = (int)i;
		if (f->iss_from < 0 && c->iss_e > c->iss_s)
			f->iss_from = (int)i;
		if (f->subj_from < 0 && c->subj_e > c->subj_s)
			f->subj_from = (int)i;
		if (f->rel_from < 0 && c->parent < 0 && c->rel)
			f->rel_from = (int)i;
	}
	/* aliases: to the document the alias names, else the one just before */
	for (i = 0; i < x->n && rc == 0; i++) {
		const struct cite *c = &x->c[i];
		struct ref *f;
		size_t j;

		if (!c->alias)
			continue;
		{
			char key[140];

			vt_symbol_key(key, sizeof(key), &c->sym);
			f = find_ref(r, &ks, key);
		}
		for (j = i; !f && j-- > 0;)
			if (!x->c[j].alias) {
				char key[140];

				key_of(x, &x->c[j], key, sizeof(key));
				f = find_ref(r, &ks, key);
			}
		if (f && f->alias_from < 0)
			f->alias_from = (int)i;
	}
	for (i = 0; i < nr && rc == 0; i++) {
		const struct cite *c0 = &x->c[r[i].first];
		const struct cite *cd = r[i].date_from >= 0 ? &x->c[r[i].date_from] : NULL;
		const struct cite *ci = r[i].iss_from >= 0 ? &x->c[r[i].iss_from] : NULL;
		const struct cite *cs = r[i].subj_from >= 0 ? &x->c[r[i].subj_from] : NULL;
		const struct cite *cr = r[i].rel_from >= 0 ? &x->c[r[i].rel_from] : NULL;
		const struct cite *ca = r[i].alias_from >= 0 ? &x->c[r[i].alias_from] : NULL;
		const struct cite *sp = cd ? cd : c0;
		cJSON *o = cJSON_CreateObject();
		size_t ps = 0, pe = 0;

		if (!o)
			break;
		if (cr && !ci)
			tied_issuer(x, cr, &ps, &pe);
		rc |= add_str(o, "type", c0->type);
		rc |= add_str(o, "number", c0->has_sym ? c0->sym.canon : NULL);
		rc |= add_str(o, "date", cd ? cd->date : NULL);
		if (ci) {
			char *t = clean(x->s, ci->iss_s, ci->iss_e);
			int fit = c0->has_sym && t ? issuer_fit(&c0->sym, t) : FIT;

			if (!t) {
				rc = -1;
			} else if (fit == CONFLICT_FAMILY) {
				/* the symbol outranks the prose: no issuer, and say why */
				rc |= add_str(o, "issuer", NULL);
				rc |= add_str(o, "issuer_stated", t);
				rc |= add_str(o, "issuer_conflict", "family");
			} else {
				rc |= add_str(o, "issuer", *t ? t : NULL);
				if (fit == CONFLICT_CODE) {
					rc |= add_str(o, "issuer_stated", t);
					rc |= add_str(o, "issuer_conflict", "code");
				}
			}
			free(t);
		} else if (pe > ps)
			rc |= add_text(o, "issuer", x->s, ps, pe);
		else
			rc |= add_str(o, "issuer", c0->has_sym ? implied_issuer(&c0->sym) : NULL);
		rc |= add_str(o, "relation", cr ? cr->rel : "cites");
		if (cr)
			rc |= add_text(o, "verb", x->s, cr->verb_s, cr->verb_e);
		else
			rc |= add_str(o, "verb", NULL);
		if (ca)
			rc |= add_text(o, "alias", x->s, ca->alias_s, ca->alias_e);
		else
			rc |= add_str(o, "alias", NULL);
		if (cs)
			rc |= add_text(o, "subject", x->s, cs->subj_s, cs->subj_e);
		else
			rc |= add_str(o, "subject", NULL);
		if (c0->has_sym && c0->sym.family)
			rc |= add_str(o, "family", vt_family_name(c0->sym.family));
		if (r[i].conflict_from >= 0) {
			const struct cite *cc = &x->c[r[i].conflict_from];
			cJSON *cf = cJSON_CreateObject();

			if (!cf || add_str(cf, "date", cc->date)) {
				cJSON_Delete(cf);
				rc = -1;
			} else {
				vn_add(cf, "span", span(x, cc->start, cc->head_end));
				vn_add(o, "date_conflict", cf);
			}
		}
		vn_add(o, "span", span(x, sp->start, sp->head_end));
		cJSON_AddItemToArray(refs, o);
	}
	keyset_free(&ks);
	free(r);
	return rc ? vt_error_oom() : 0;
}

static int emit_relations(struct ctx *x, cJSON *rels, const char *self)
{
	struct keyset seen = { 0 };
	const cJSON *e;
	char key[2 * sizeof(x->c->sym.canon) + 2];
	size_t i;
	int rc = 0;

	/* the relations already there count as seen */
	cJSON_ArrayForEach(e, rels) {
		const cJSON *f = cJSON_GetObjectItem(e, "from");
		const cJSON *t = cJSON_GetObjectItem(e, "to");

		if (!cJSON_IsString(f) || !cJSON_IsString(t))
			continue;
		snprintf(key, sizeof(key), "%s\n%s", f->valuestring, t->valuestring);
		if (keyset_get(&seen, key) < 0 && keyset_add(&seen, key, 0) < 0)
			rc = -1;
	}
	for (i = 0; i < x->n && rc == 0; i++) {
		const struct cite *d = &x->c[i], *p;
		cJSON *o;

		if (d->parent < 0 || !d->nest_rel || d->alias || !d->has_sym)
			continue;
		p = &x->c[d->parent];
		if (!p->has_sym || p->alias || self_match(self, p) || self_match(self, d) ||
		    !strcmp(p->sym.canon, d->sym.canon))
			continue;
		snprintf(key, sizeof(key), "%s\n%s", p->sym.canon, d->sym.canon);
		if (keyset_get(&seen, key) >= 0)
			continue;
		o = cJSON_CreateObject();
		if (keyset_add(&seen, key, 0) < 0 || !o || add_str(o, "from", p->sym.canon) ||
		    add_str(o, "to", d->sym.canon) || add_str(o, "relation", d->nest_rel)) {
			cJSON_Delete(o);
			rc = -1;
			break;
		}
		vn_add(o, "span", span(x, p->start, d->head_end));
		cJSON_AddItemToArray(rels, o);
	}
	keyset_free(&seen);
	return rc ? vt_error_oom() : 0;
}

/* ---- standards ----------------------------------------------------------- */

/* "QCVN 01:2019/BCT", "TCVN 5574:2018", "TCVN ISO 9001:2015". */
/* Where the byte c is next in s[from..end), or end. */
static size_t next_byte(const char *s, size_t from, size_t end, char c)
{
	const char *p = from < end ? memchr(s + from, c, end - from) : NULL;

	return p ? (size_t)(p - s) : end;
}

static int scan_standards(struct ctx *x, cJSON *out, struct keyset *seen)
{
	const char *s = x->s;
	size_t i, end = x->len > 4 ? x->len - 4 : 0;
	/* memchr() finds the next Q and T far faster than a test of each byte */
	size_t nq = next_byte(s, 0, end, 'Q'), nt = next_byte(s, 0, end, 'T');

	for (i = 0; i < end; i++) {
		size_t p, q, e;
		char buf[96];
		size_t o = 0;
		cJSON *obj;

		if (nq < i)
			nq = next_byte(s, i, end, 'Q');
		if (nt < i)
			nt = next_byte(s, i, end, 'T');
		if ((i = nq < nt ? nq : nt) >= end)
			break;
		if (!word_start(s, i) ||
		    !(kw_at(s, x->len, i, "QCVN") || kw_at(s, x->len, i, "TCVN")))
			continue;
		memcpy(buf, s + i, 4);
		o = 4;
		p = i + 4;
		q = p;
		while (q < x->len && s[q] == ' ')
			q++;
		if (q + 3 < x->len && !strncmp(s + q, "ISO", 3)) {
			memcpy(buf + o, " ISO", 4);
			o += 4;
			q += 3;
			if (q + 4 < x->len && !strncmp(s + q, "/IEC", 4)) {
				memcpy(buf + o, "/IEC", 4);
				o += 4;
				q += 4;
			}
			while (q < x->len && s[q] == ' ')
				q++;
		}
		if (q >= x->len || !(s[q] >= '0' && s[q] <= '9'))
			continue;
		buf[o++] = ' ';
		for (e = q; e < x->len && o + 1 < sizeof(buf); e++) {
			char c = s[e];

			if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
			    (c >= 'a' && c <= 'z') || c == ':' || c == '-' || c == '/' ||
			    (c == '.' && e + 1 < x->len && s[e + 1] >= '0' && s[e + 1] <= '9'))
				buf[o++] = c;
			else
				break;
		}
		while (o > 0 && (buf[o - 1] == '-' || buf[o - 1] == '/' || buf[o - 1] == ':'))
			o--, e--;
		buf[o] = '\0';
		if (keyset_get(seen, buf) < 0) {
			obj = cJSON_CreateObject();
			if (keyset_add(seen, buf, 0) < 0 || !obj || add_str(obj, "number", buf)) {
				cJSON_Delete(obj);
				return vt_error_oom();
			}
			vn_add(obj, "span", span(x, i, e));
			cJSON_AddItemToArray(out, obj);
		}
		i = e;
	}
	return 0;
}

static int emit_standards(struct ctx *x, cJSON *out)
{
	struct keyset seen = { 0 };
	const cJSON *it;
	int rc = 0;

	/* the standards already there count as seen */
	cJSON_ArrayForEach(it, out) {
		const cJSON *n = cJSON_GetObjectItem(it, "number");

		if (cJSON_IsString(n) && keyset_get(&seen, n->valuestring) < 0 &&
		    keyset_add(&seen, n->valuestring, 0) < 0)
			rc = vt_error_oom();
	}
	if (rc == 0)
		rc = scan_standards(x, out, &seen);
	keyset_free(&seen);
	return rc;
}

/* ---- entry points ----------------------------------------------------- */

int vt_cite_extract(cJSON *refs, cJSON *relations, cJSON *standards,
                    const struct vt_doc *doc, const char *self_number)
{
	struct ctx x;
	struct vt_symbol self;
	const char *selfc = NULL;
	size_t i;
	int rc;

	if (!doc || (!doc->text && doc->len))
		return vt_error_set(VT_EUSAGE, "no document to read citations from");
	pthread_once(&verbs_once, index_verbs);
	memset(&x, 0, sizeof(x));
	x.s = doc->text ? doc->text : "";
	x.len = doc->text ? doc->len : 0;
	x.doc = doc;
	if (self_number && vt_symbol_parse(&self, self_number, strlen(self_number)) &&
	    self.number[0])
		selfc = self.canon;

	if ((rc = collect_symbols(&x)) < 0 || (rc = collect_laws(&x)) < 0)
		goto out;
	if (x.n > 1)
		qsort(x.c, x.n, sizeof(*x.c), cmp_cite);
	for (i = 0; i < x.n; i++)
		if (x.c[i].has_sym)
			read_head(&x, &x.c[i]);
	share_issuers(&x);
	for (i = 0; i < x.n; i++)
		if (!x.c[i].done && x.c[i].parent < 0 && !x.c[i].alias)
			read_tail(&x, i, 0);
	if ((rc = collect_verbs(&x)) < 0)
		goto out;
	mark_internal(&x);
	for (i = 0; i < x.n; i++)
		if (x.c[i].parent < 0 && !x.c[i].alias)
			govern(&x, &x.c[i]);
	if (refs && (rc = emit_refs(&x, refs, selfc)) < 0)
		goto out;
	if (relations && (rc = emit_relations(&x, relations, selfc)) < 0)
		goto out;
	if (standards && (rc = emit_standards(&x, standards)) < 0)
		goto out;
	rc = 0;
out:
	free(x.c);
	free(x.v);
	return rc;
}

const char *vt_cite_relation_of_verb(const char *verb, size_t len)
{
	size_t i, b, e;
	int k;

	if (!verb)
		return NULL;
	for (b = 0; b < len && is_ws(verb[b]); b++)
		;
	for (e = len; e > b && (is_ws(verb[e - 1]) || verb[e - 1] == ','); e--)
		;
	for (k = 0; verbs[k].word; k++) {
		i = kw_at(verb + b, e - b, 0, verbs[k].word);
		if (i && i == e - b)
			return verbs[k].relation;
	}
	return NULL;
}

static int warn(cJSON *w, const char *code, const char *msg, const cJSON *span)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddStringToObject(o, "code", code) ||
	    !cJSON_AddStringToObject(o, "message", msg)) {
		cJSON_Delete(o);
		return vt_error_oom();
	}
	if (cJSON_IsArray(span) && cJSON_GetArraySize(span) == 2)
		vn_add(o, "span", cJSON_Duplicate(span, 1));
	else
		vn_add(o, "span", cJSON_CreateIntArray((const int[]){ 0, 0 }, 2));
	cJSON_AddItemToArray(w, o);
	return 0;
}

static const char *str_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * Is the cited date after the citing one?  Partial dates compare by what
 * they give: "2025-10-02" is after "2025-09", "2025-09-15" is not.
 */
static int dated_after(const char *cited, const char *citing)
{
	size_t n;

	if (!cited || !citing || !vt_date_valid(cited) || !vt_date_valid(citing) ||
	    cited[0] == '-' || citing[0] == '-' || strchr(cited, 'Q') || strchr(citing, 'Q'))
		return 0;
	n = strlen(cited) < strlen(citing) ? strlen(cited) : strlen(citing);
	return strncmp(cited, citing, n) > 0;
}

int vt_cite_check(cJSON *warnings, const cJSON *rec, const struct vt_doc *doc)
{
	const cJSON *refs, *r;
	const char *date;
	char msg[512];
	int n = 0, rc;

	(void)doc;
	if (!warnings || !rec)
		return vt_error_set(VT_EUSAGE, "no record to check citations of");
	date = str_of(rec, "date");
	refs = cJSON_GetObjectItemCaseSensitive(rec, "references");
	cJSON_ArrayForEach(r, refs) {
		const char *num = str_of(r, "number"), *stated = str_of(r, "issuer_stated");
		const char *conflict = str_of(r, "issuer_conflict"), *d = str_of(r, "date");
		const cJSON *sp = cJSON_GetObjectItemCaseSensitive(r, "span");
		const cJSON *dc = cJSON_GetObjectItemCaseSensitive(r, "date_conflict");

		if (!num)
			num = "(unnumbered)";
		if (stated) {
			if (conflict && !strcmp(conflict, "family"))
				snprintf(msg, sizeof(msg), "issuer '%s' contradicts the symbol of '%s': "
				         "a %s symbol cannot be that body's; issuer left out", stated, num,
				         strchr(num, '-') && !strchr(num, '/') ? "state" :
				         (str_of(r, "family") ? str_of(r, "family") : "different"));
			else
				snprintf(msg, sizeof(msg), "issuer '%s' does not match the issuer code of '%s'",
				         stated, num);
			if ((rc = warn(warnings, "issuer-mismatch", msg, sp)) < 0)
				return rc;
			n++;
		}
		if (d && date && dated_after(d, date)) {
			snprintf(msg, sizeof(msg), "cited document '%s' is dated %s, after this document (%s)",
			         num, d, date);
			if ((rc = warn(warnings, "cited-after-citing", msg, sp)) < 0)
				return rc;
			n++;
		}
		if (cJSON_IsObject(dc) && str_of(dc, "date")) {
			snprintf(msg, sizeof(msg), "'%s' is cited with two dates: %s and %s", num,
			         d ? d : "?", str_of(dc, "date"));
			if ((rc = warn(warnings, "citation-conflict", msg,
			               cJSON_GetObjectItemCaseSensitive(dc, "span"))) < 0)
				return rc;
			n++;
		}
	}
	return n;
}
