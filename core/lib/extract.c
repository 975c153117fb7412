/*
 * The shared extraction of every plugin (vanthu/extract.h): the header of
 * an NĐ 30 document (number, issuer, place and date, subject, recipients),
 * then the citations (cite.c), the tasks (task.c), the signature and the
 * distribution (signer.c), and the warnings a reader should see.
 *
 * PDF text exports interleave the two header columns and may lose the top
 * of the page, so nothing here relies on line order more than it must:
 * every element is looked for in the first lines by its own shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/extract.h"
#include "vanthu/cite.h"
#include "vanthu/date.h"
#include "vanthu/error.h"
#include "vanthu/symbol.h"
#include "vn.h"

/* How far down the header may reach, in lines. */
#define HEADER_LINES 60

struct header {
	long so_line;             /* "Số:" line, -1 when none */
	int have_sym;
	struct vt_symbol sym;
	size_t sym_end;           /* where the symbol ends on its line */

	long date_line;
	size_t place_s, place_e;  /* place on the date line */
	char date[11];

	long motto_line;
	long title_line;          /* typed documents: the title word */
	long subject_first, subject_last;
	long recip_last;
	long zone_end;            /* first line that is surely body */

	char *issuer;
	const char *province;
	int issuer_inferred;
	int province_inferred;    /* a commune's, from the body: at province_at */
	size_t province_at;
	char *subject;

	const char *title_type;   /* record type of the title word, NULL if none */
	const char *title_word;
	size_t title_k;           /* bytes of the title word on its line */
	long organ_line;          /* "CỦA BỘ CHÍNH TRỊ" under a Party title */
	int party_header;         /* "ĐẢNG CỘNG SẢN VIỆT NAM" */
	size_t issuer_s, issuer_e;
	size_t subject_s, subject_e;
};

static const char *line_ptr(const struct vt_doc *doc, const struct vn_line *l)
{
	return doc->text + l->s;
}

static size_t line_len(const struct vn_line *l)
{
	return l->e - l->s;
}

static int line_kw(const struct vt_doc *doc, const struct vn_line *l, const char *kw)
{
	return vn_kw(doc->text, l->e, l->s, kw) != 0;
}

static int is_motto(const struct vt_doc *doc, const struct vn_line *l)
{
	static const char *const mottos[] = {
		"cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc",
		"doc lap tu do hanh phuc", NULL
	};

	return vn_kw_find_any(doc->text, l->e, l->s, mottos, NULL) != SIZE_MAX ||
	       (line_kw(doc, l, "dang cong san viet nam") && vn_is_upper_text(line_ptr(doc, l), line_len(l)));
}

/* Bytes of the motto or Party header that starts the line, 0 if none. */
static size_t motto_len(const struct vt_doc *doc, const struct vn_line *l)
{
	static const char *const m[] = {
		"cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc",
		"dang cong san viet nam", NULL
	};
	int i;

	for (i = 0; m[i]; i++) {
		size_t k = vn_kw(doc->text, l->e, l->s, m[i]);
		if (k)
			return k;
	}
	return 0;
}

/* Does a body sentence start here (not a subject line)? */
static int body_start_at(const struct vt_doc *doc, const struct vn_line *l)
{
	static const char *const kws[] = {
		"can cu", "thuc hien", "theo de nghi", "xet de nghi", "kinh gui",
		"ngay ", "sang ngay", "chieu ngay", "hom nay", "vua qua", "nham ",
		"de ", "dieu 1", "trong thoi gian", "tiep theo", NULL
	};
	int i;

	for (i = 0; kws[i]; i++)
		if (line_kw(doc, l, kws[i]))
			return 1;
	return 0;
}

/*
 * A directive or notice may open on the situation ("Thời gian qua, …",
 * "Những năm qua …") right under its subject.  Only with a capital: in
 * lower case these words may go on a subject.
 */
static int situation_at(const struct vt_doc *doc, const struct vn_line *l)
{
	static const char *const kws[] = {
		"thoi gian qua", "thoi gian gan day", "nhung nam qua", "trong nhung nam qua",
		"nhung nam gan day", "trong thoi gian qua", "hien nay", "tai phien hop",
		"tai cuoc hop", "tai hoi nghi", "tai buoi", "sau khi nghe", NULL
	};
	int i;

	if (!vn_starts_upper(line_ptr(doc, l), line_len(l)))
		return 0;
	for (i = 0; kws[i]; i++)
		if (line_kw(doc, l, kws[i]))
			return 1;
	return 0;
}

/* "I." … "XII." or "1." at the start of a line. */
static int is_item_line(const struct vt_doc *doc, const struct vn_line *l)
{
	const char *p = line_ptr(doc, l);
	size_t n = line_len(l), i = 0;

	while (i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == 'I' || p[i] == 'V' || p[i] == 'X'))
		i++;
	return i > 0 && i < n && (p[i] == '.' || p[i] == '-') && i + 1 < n && p[i + 1] == ' ';
}

/* ---- markdown and table debris --------------------------------------- */

static int table_row(const char *t, size_t s, size_t e)
{
	size_t i;
	int dash = 0;

	for (i = s; i < e; i++) {
		if (t[i] == '-' || t[i] == '=')
			dash = 1;
		else if (t[i] != '|' && t[i] != ':' && t[i] != ' ' && t[i] != '+' && t[i] != '\t')
			return 0;
	}
	return dash;
}

/*
 * Does [s, e) hold "**" or "<br"?  One look at each byte: memmem() sets up
 * for every call, which costs more than the search on a short line.
 */
static int has_debris(const char *t, size_t s, size_t e)
{
	size_t k;

	for (k = s; k + 1 < e; k++) {
		if (t[k] == '*' && t[k + 1] == '*')
			return 1;
		if (t[k] == '<' && k + 2 < e && t[k + 1] == 'b' && t[k + 2] == 'r')
			return 1;
	}
	return 0;
}

/* Is there a byte that starts debris?  memchr() is the fast scan. */
static int has_pair(const char *t, size_t len, const char *pair)
{
	const char *p = t, *end = t + len;

	while ((p = memchr(p, pair[0], (size_t)(end - p))) && p + 1 < end) {
		if (p[1] == pair[1])
			return 1;
		p++;
	}
	return 0;
}

static int may_have_debris(const char *t, size_t len)
{
	return memchr(t, '|', len) || memchr(t, '#', len) || has_pair(t, len, "**") ||
	       has_pair(t, len, "<b");
}

/*
 * A copy of the text with the debris of markdown converters blanked out:
 * the "|" of table cells, "|---|---|" rows, "#" of headings, "**" and
 * "<br>" inside cells (a new line, so that both halves stay lines).  Bytes
 * are replaced, never removed, so every offset (and span) stays valid.
 * NULL when there is nothing to clean.
 */
static char *clean_copy(const char *t, size_t len)
{
	char *c = NULL;
	size_t i = 0;

	if (!may_have_debris(t, len))
		return NULL;
	while (i < len) {
		size_t e = i, s = i, k;
		int pipe;

		while (e < len && t[e] != '\n')
			e++;
		while (s < e && (t[s] == ' ' || t[s] == '\t'))
			s++;
		pipe = s < e && t[s] == '|';
		if (pipe || (s < e && t[s] == '#') || has_debris(t, i, e)) {
			if (!c) {
				c = malloc(len + 1);
				if (!c)
					return NULL;
				memcpy(c, t, len);
				c[len] = '\0';
			}
			if (pipe && table_row(t, s, e)) {
				memset(c + s, ' ', e - s);
			} else {
				for (k = i; k < e; k++) {
					if (pipe && t[k] == '|')
						c[k] = ' ';
					else if (t[k] == '*' && ((k + 1 < e && t[k + 1] == '*') ||
					                         (k > i && t[k - 1] == '*')))
						c[k] = ' ';
					else if (k + 4 <= e && !memcmp(t + k, "<br>", 4)) {
						memcpy(c + k, "\n   ", 4);
						k += 3;
					} else if (k + 5 <= e && !memcmp(t + k, "<br/>", 5)) {
						memcpy(c + k, "\n    ", 5);
						k += 4;
					}
				}
				for (k = s; k < e && t[k] == '#'; k++)
					c[k] = ' ';
			}
		}
		i = e + 1;
	}
	return c;
}

/* ---- title words ------------------------------------------------------ */

static const struct {
	const char *word, *type;
} titles[] = {
	{"THÔNG BÁO", "notice"}, {"KẾ HOẠCH", "plan"}, {"QUYẾT ĐỊNH", "decision"},
	{"NGHỊ QUYẾT", "resolution"}, {"CHỈ THỊ", "directive"}, {"BÁO CÁO", "report"},
	{"CHƯƠNG TRÌNH", "program"}, {"KẾT LUẬN", "conclusion"}, {"NGHỊ ĐỊNH", "decree"},
	{"THÔNG TƯ LIÊN TỊCH", "circular"}, {"THÔNG TƯ", "circular"}, {"LUẬT", "law"},
	{"PHÁP LỆNH", "law"}, {"CÔNG VĂN", "dispatch"}, {"CÔNG ĐIỆN", "other"},
	{"TỜ TRÌNH", "other"}, {"HƯỚNG DẪN", "other"}, {"QUY CHẾ", "other"},
	{"QUY ĐỊNH", "other"}, {"ĐỀ ÁN", "other"}, {"PHƯƠNG ÁN", "other"},
	{"GIẤY MỜI", "other"}, {"BIÊN BẢN", "other"}, {"THÔNG CÁO", "other"},
	{"QUY HOẠCH", "other"}, {"DỰ ÁN", "other"}, {"THÔNG TRI", "other"},
	{"ĐIỀU LỆ", "other"}, {"QUY TRÌNH", "other"}, {"CHIẾN LƯỢC", "other"},
	{"LỜI KÊU GỌI", "other"}, {"TUYÊN BỐ", "other"}, {"BẢN GHI NHỚ", "other"},
	{"GIẤY GIỚI THIỆU", "other"}, {"PHIẾU GỬI", "other"},
};

const char *vt_extract_title_type(const char *title_word)
{
	size_t i;

	if (!title_word)
		return NULL;
	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (!strcmp(titles[i].word, title_word))
			return titles[i].type;
	return NULL;
}

/*
 * Does the line start with a title word, written in capitals, alone or
 * followed by ":" or by more words ("THÔNG BÁO KẾT LUẬN", "KẾ HOẠCH HÀNH
 * ĐỘNG")?  Returns the index in `titles` or -1; *k gets the bytes of the word.
 */
static int title_at(const struct vt_doc *doc, const struct vn_line *l, size_t *k)
{
	const char *p = doc->text + l->s;
	size_t n = l->e - l->s, i;
	int32_t f;

	if (n < 4)
		return -1;
	f = vn_fold_at(doc->text, l->e, l->s);
	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		size_t m = vn_kw_may(f, titles[i].word) ? vn_kw(doc->text, l->e, l->s, titles[i].word) : 0;
		size_t q;

		if (!m || !vn_is_upper_text(p, m))
			continue;
		/* the letters must be the capitals themselves, not a folded match */
		if (!vn_has(doc->text, l->e, l->s, titles[i].word))
			continue;
		q = m;
		while (q < n && (p[q] == ' ' || p[q] == '\t'))
			q++;
		if (q >= n || p[q] == ':' || vn_is_upper_text(p, n) ||
		    (q > m && vn_starts_upper(p + q, n - q) && n - q > 3 &&
		     !vn_kw(p, n, q, "so ") && !vn_kw(p, n, q, "so:"))) {
			*k = m;
			return (int)i;
		}
	}
	return -1;
}

/* ---- number ---------------------------------------------------------- */

/* Is "Số" (or "SỐ") at p followed by ':' or by a symbol?  *after: past it. */
static int so_here(const struct vt_doc *doc, const struct vn_line *l, size_t p, size_t *after)
{
	size_t q;

	if (!vn_has(doc->text, l->e, p, "Số") && !vn_has(doc->text, l->e, p, "SỐ"))
		return 0;
	q = vn_skip_blank(doc->text, l->e, p + strlen("Số"), 0);
	if (q < l->e && doc->text[q] == ':') {
		*after = q + 1;
		return 1;
	}
	/* Party: "Số 59-NQ/TW", "Số    -KH/TU" without a colon */
	if (q > p + strlen("Số") && q < l->e &&
	    ((doc->text[q] >= '0' && doc->text[q] <= '9') || doc->text[q] == '/' ||
	     doc->text[q] == '-')) {
		*after = q;
		return 1;
	}
	return 0;
}

/*
 * Where "Số" starts on a line: at its start, or after a column gap (two
 * blanks or more) when the agency column shares the line; SIZE_MAX if not.
 */
static size_t so_at(const struct vt_doc *doc, const struct vn_line *l, size_t *after)
{
	static const char gap[] = "  Số";
	const char *g;
	size_t p;

	if (so_here(doc, l, l->s, after))
		return l->s;
	g = memmem(doc->text + l->s, l->e - l->s, gap, strlen(gap));
	if (!g)
		return SIZE_MAX;
	p = (size_t)(g - doc->text) + 2;
	return so_here(doc, l, p, after) ? p : SIZE_MAX;
}

static void find_number(struct header *h, const struct vt_doc *doc, const struct vn_lines *L)
{
	long i;

	for (i = 0; i < (long)L->n && i < h->zone_end; i++) {
		const struct vn_line *l = &L->v[i];
		size_t after, at = so_at(doc, l, &after), k;

		if (at == SIZE_MAX)
			continue;
		h->so_line = i;
		after = vn_skip_blank(doc->text, l->e, after, 0);
		k = vt_symbol_parse(&h->sym, doc->text + after, l->e - after);
		if (k > 0) {
			h->have_sym = 1;
			h->sym_end = after + k;
		} else {
			h->sym_end = after;
		}
		return;
	}
}

/* ---- place and date -------------------------------------------------- */

/*
 * "<Place>, ngày … tháng … năm …": the place is one to six words that
 * start with a capital, right before the comma.
 */
static int date_on_line(struct header *h, const struct vt_doc *doc,
                        const struct vn_line *l, size_t from)
{
	static const char *const units[] = {"Thành phố ", "Đặc khu ", NULL};
	size_t c = vn_kw_find(doc->text, l->e, from, ", ngay");
	size_t s, e, words = 0, i;

	if (c == SIZE_MAX)
		c = vn_kw_find(doc->text, l->e, from, ",ngay");
	if (c == SIZE_MAX)
		return 0;
	e = c;
	while (e > from && doc->text[e - 1] == ' ')
		e--;
	/* walk back over capitalised words */
	s = e;
	while (s > from) {
		size_t w = s, u;
		while (w > from && doc->text[w - 1] != ' ')
			w--;
		/* markdown italics: "*Huế, ngày …*" */
		for (u = w; u < s && (doc->text[u] == '*' || doc->text[u] == '_'); u++)
			;
		if (!vn_starts_upper(doc->text + u, s - u) && !(s - w == 1 && doc->text[w] == '-'))
			break;
		s = w;
		words++;
		while (s > from && doc->text[s - 1] == ' ')
			s--;
		if (words >= 6)
			break;
	}
	while (s < e && (doc->text[s] == ' ' || doc->text[s] == '*' || doc->text[s] == '_'))
		s++;
	if (s >= e)
		return 0;
	/* "Thành phố Hồ Chí Minh, ngày …": the official name is the place */
	for (i = 0; units[i]; i++)
		if (s >= from + strlen(units[i]) &&
		    !memcmp(doc->text + s - strlen(units[i]), units[i], strlen(units[i]))) {
			s -= strlen(units[i]);
			break;
		}
	h->place_s = s;
	h->place_e = e;
	i = c + 1;
	i = vn_skip_blank(doc->text, l->e, i, 0);
	if (!vt_date_parse(h->date, doc->text + i, l->e - i) || strlen(h->date) < 4) {
		/* "Hà Nội, ngày 15 tháng 10" / "năm 2025": the line wrapped */
		size_t n2 = l->e < doc->len ? l->e + 1 : doc->len;
		const char *nl = memchr(doc->text + n2, '\n', doc->len - n2);
		size_t e2 = nl ? (size_t)(nl - doc->text) : doc->len;

		if (!vt_date_parse(h->date, doc->text + i, e2 - i))
			h->date[0] = '\0';
	}
	return 1;
}

static void find_date(struct header *h, const struct vt_doc *doc, const struct vn_lines *L)
{
	long i;

	for (i = 0; i < (long)L->n && i < h->zone_end; i++) {
		const struct vn_line *l = &L->v[i];
		size_t from = (i == h->so_line) ? h->sym_end : l->s;

		if (date_on_line(h, doc, l, from)) {
			h->date_line = i;
			return;
		}
	}
}

/* ---- issuer ---------------------------------------------------------- */

static int starts_agency_upper(const char *s, size_t len)
{
	static const char *const kws[] = {
		"so ", "ban ", "van phong", "phong ", "cuc ", "vu ", "trung tam",
		"chi cuc", "uy ban", "bo ", "tinh uy", "thanh uy", "huyen uy",
		"dang uy", "hoi dong", "thanh tra", "cong an", "chinh phu", "quoc hoi",
		"thu tuong", "dang bo", "chi bo", "ubnd", "hdnd", "bch", NULL
	};
	int i;

	for (i = 0; kws[i]; i++)
		if (vn_kw(s, len, 0, kws[i]))
			return 1;
	return 0;
}

/* The locality of an agency name: "tỉnh Đồng Nai" in "Ủy ban nhân dân tỉnh Đồng Nai". */
static const char *locality_of(const char *name)
{
	static const char *const lv[] = {" tỉnh ", " thành phố ", NULL};
	int i;

	for (i = 0; lv[i]; i++) {
		const char *p = strstr(name, lv[i]);
		if (p)
			return p + 1;
	}
	return NULL;
}

/* Is the body a commune's or a ward's ("Ủy ban nhân dân xã …", "Đảng ủy phường …")? */
static int commune_level(const char *issuer)
{
	static const char *const units[] = {
		"nhan dan xa ", "nhan dan phuong ", "nhan dan dac khu ", "dang uy xa ",
		"dang uy phuong ", "dang uy dac khu ", NULL
	};

	return vn_kw_find_any(issuer, strlen(issuer), 0, units, NULL) != SIZE_MAX;
}

/* Where the word before s[i] starts (i past a blank), or i at the start. */
static size_t word_before(const char *s, size_t i)
{
	size_t j = i;

	if (j == 0)
		return 0;
	j--;
	while (j > 0 && s[j - 1] != ' ')
		j--;
	return j;
}

/*
 * Does a unit below the province name the place at s[i] ("xã Hòa Bình",
 * "phường Bình Định")?  Then the name is a commune's, not the province's.
 */
static int below_province(const char *s, size_t i)
{
	static const char *const units[] = {
		"xa ", "phuong ", "huyen ", "quan ", "dac khu ", "thi xa ", "thi tran ", NULL
	};
	size_t j1 = word_before(s, i), j2 = word_before(s, j1);

	/* a unit of one word or of two ("đặc khu", "thị xã") ends at i */
	return (j1 < i && vn_kw_any(s, i, j1, units) == i - j1) ||
	       (j2 < j1 && vn_kw_any(s, i, j2, units) == i - j2);
}

static const char *province_of(const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < len; i++) {
		size_t n;
		const char *c;

		if (i > 0 && name[i - 1] != ' ')
			continue;
		c = vn_province_at(name, len, i, &n);
		if (c && vn_starts_upper(name + i, len - i) && !below_province(name, i))
			return c;
	}
	return NULL;
}

/* Is this upper-case header line something other than an agency name? */
static int not_agency(const struct vt_doc *doc, const struct vn_line *l, const char *title)
{
	static const char *const kws[] = {
		"khan", "thuong khan", "hoa toc", "mat", "toi mat", "tuyet mat",
		"du thao", "luu hanh noi bo", "xem xong tra lai", NULL
	};
	int i;

	if (is_motto(doc, l))
		return 1;
	if (title && vn_kw(doc->text, l->e, l->s, title) == line_len(l))
		return 1;
	for (i = 0; kws[i]; i++)
		if (vn_kw(doc->text, l->e, l->s, kws[i]) == line_len(l))
			return 1;
	return 0;
}

/* Does s end with a or b? */
static int has_suffix(const char *s, const char *a, const char *b)
{
	size_t n = strlen(s), na = strlen(a), nb = strlen(b);

	return (n >= na && !strcmp(s + n - na, a)) || (n >= nb && !strcmp(s + n - nb, b));
}

static void find_issuer_header(struct header *h, const struct vt_doc *doc,
                               const struct vn_lines *L, const char *title)
{
	char *agencies[8];
	size_t starts[8] = {0}, ends[8] = {0};
	size_t na = 0, i, k;
	struct vt_buf cur = {0};
	long stop = h->so_line >= 0 ? h->so_line : h->zone_end;

	if (h->title_line >= 0 && h->title_line < stop)
		stop = h->title_line;
	if (h->date_line >= 0 && h->date_line < stop && h->so_line < 0)
		stop = h->date_line + 1;
	for (i = 0; i < (size_t)stop && i < L->n; i++) {
		const struct vn_line *l = &L->v[i];
		const char *p = line_ptr(doc, l);
		size_t n = line_len(l);
		size_t m;

		if (vn_line_blank(l))
			continue;
		/* an interleaved column: keep the left part */
		m = vn_kw_find(doc->text, l->e, l->s, "cong hoa xa hoi");
		if (m == SIZE_MAX)
			m = vn_kw_find(doc->text, l->e, l->s, "doc lap");
		if (m == SIZE_MAX)
			m = vn_kw_find(doc->text, l->e, l->s, "dang cong san viet nam");
		if (m != SIZE_MAX && m > l->s) {
			n = m - l->s;
		} else if (m == l->s && (k = motto_len(doc, l)) > 0 &&
		           vn_is_upper_text(p + k, n - k) && starts_agency_upper(
		               doc->text + vn_skip_blank(doc->text, l->e, l->s + k, 0),
		               l->e - vn_skip_blank(doc->text, l->e, l->s + k, 0))) {
			/* the right column came first: "CỘNG HÒA … VIỆT NAM   SỞ NGOẠI VỤ" */
			size_t q = vn_skip_blank(doc->text, l->e, l->s + k, 0);
			p = doc->text + q;
			n = l->e - q;
		} else if (is_motto(doc, l) || not_agency(doc, l, title)) {
			continue;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '*' || p[n - 1] == '-' || p[n - 1] == '_'))
			n--;
		if (n == 0 || !vn_is_upper_text(p, n))
			continue;
		if (cur.n > 0 && starts_agency_upper(p, n) && na < 8) {
			agencies[na++] = vt_buf_take(&cur);
		}
		if (cur.n == 0 && na < 8)
			starts[na] = (size_t)(p - doc->text);
		if (cur.n > 0)
			vt_buf_put(&cur, " ", 1);
		vt_buf_put(&cur, p, n);
		ends[na < 8 ? na : 7] = (size_t)(p - doc->text) + n;
	}
	if (cur.n > 0 && na < 8)
		agencies[na++] = vt_buf_take(&cur);
	if (na > 0) {
		h->issuer_s = starts[na - 1];
		h->issuer_e = ends[na - 1];
	}
	free(cur.p);
	if (na == 0)
		return;
	{
		char *last = vn_usual_case(agencies[na - 1], strlen(agencies[na - 1]));
		const char *loc = last ? locality_of(last) : NULL;

		/* "Sở Ngoại vụ" under "UBND tỉnh Đồng Nai": "Sở Ngoại vụ tỉnh Đồng Nai" */
		if (last && !loc && !province_of(last) && na > 1) {
			char *parent = vn_usual_case(agencies[na - 2], strlen(agencies[na - 2]));
			const char *ploc = parent ? locality_of(parent) : NULL;

			if (ploc || (parent && !strcmp(last, "Văn phòng"))) {
				struct vt_buf b = {0};
				vt_buf_puts(&b, last);
				vt_buf_puts(&b, " ");
				/* "VĂN PHÒNG" alone is the Office of its parent: "Văn
				 * phòng Ủy ban nhân dân tỉnh X", "Văn phòng Tỉnh ủy X" */
				if (!strcmp(last, "Văn phòng"))
					vt_buf_puts(&b, parent);
				else if (ploc && has_suffix(last, "Tỉnh ủy", "Thành ủy")) {
					/* "Ban Thường vụ Tỉnh ủy" under "ĐẢNG BỘ TỈNH X": "… Tỉnh ủy X" */
					const char *sp = strchr(ploc, ' ');

					if (!strncmp(ploc, "thành phố ", strlen("thành phố ")))
						sp = ploc + strlen("thành phố ") - 1;
					vt_buf_puts(&b, sp ? sp + 1 : ploc);
				} else {
					vt_buf_puts(&b, ploc);
				}
				free(last);
				last = vt_buf_take(&b);
			}
			free(parent);
		}
		h->issuer = last;
	}
	for (i = 0; i < na; i++)
		free(agencies[i]);
	if (h->issuer)
		h->province = province_of(h->issuer);
}

/* Does s contain the ASCII keyword kw (accents and case ignored)? */
static int has_kw(const char *s, const char *kw)
{
	return s && vn_kw_find(s, strlen(s), 0, kw) != SIZE_MAX;
}

/*
 * The "Bộ X" or "Sở X" the body names most often: the ministry or
 * department that speaks in a text that lost its header.
 */
static const char *most_named(const struct vt_doc *doc, const char *head_kw)
{
	const char *best = NULL, *names[32];
	int counts[32], nn = 0, i, bc = 0;
	size_t from = 0;

	while (from < doc->len) {
		size_t p = vn_kw_find(doc->text, doc->len, from, head_kw), k, d;
		const char *canon = NULL;

		if (p == SIZE_MAX)
			break;
		k = vn_kw(doc->text, doc->len, p, head_kw);
		from = p + k;
		if (!vn_starts_upper(doc->text + p, doc->len - p))
			continue;
		d = vn_department_at(doc->text, doc->len, p + k, &canon);
		if (!d || !canon)
			continue;
		for (i = 0; i < nn && strcmp(names[i], canon); i++)
			;
		if (i == nn && nn < 32) {
			names[nn] = canon;
			counts[nn++] = 0;
		}
		if (i < nn && ++counts[i] > bc) {
			bc = counts[i];
			best = names[i];
		}
	}
	return best;
}

static const char *central_city(const char *prov)
{
	static const char *const c[] = {
		"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", NULL
	};
	int i;

	for (i = 0; c[i]; i++)
		if (!strcmp(c[i], prov))
			return "thành phố ";
	return "tỉnh ";
}

static char *join3(const char *a, const char *b, const char *c)
{
	struct vt_buf x = {0};

	vt_buf_puts(&x, a);
	if (b)
		vt_buf_puts(&x, b);
	if (c)
		vt_buf_puts(&x, c);
	return vt_buf_take(&x);
}

/*
 * The header is cut off: the signature block says what kind of body
 * speaks ("TM. ỦY BAN NHÂN DÂN", "KT. BỘ TRƯỞNG", "T/M BAN THƯỜNG VỤ"),
 * the body says which one ("Bộ Ngoại giao đề nghị", "Chủ tịch UBND tỉnh
 * yêu cầu"), and the place line or the body names the province.  Always
 * with a warning: this is an inference.
 */
static void infer_issuer(struct header *h, const struct vt_doc *doc, const cJSON *signer)
{
	static const char *const kws[] = {
		"uy ban nhan dan tinh", "ubnd tinh", "uy ban nhan dan (ubnd) tinh",
		"tm. uy ban nhan dan", "chu tich ubnd", "chu tich uy ban nhan dan", NULL
	};
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(signer, "authority");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(signer, "title");
	const char *auth = cJSON_IsString(a) ? a->valuestring : NULL;
	const char *title = cJSON_IsString(t) ? t->valuestring : NULL;
	const char *prov = NULL, *dep;
	int i, found = 0;

	if (h->date_line >= 0) {
		size_t n;
		prov = vn_province_at(doc->text, h->place_e, h->place_s, &n);
	}
	if (!prov)
		prov = vn_province_in(doc->text, doc->len, NULL);

	if (has_kw(auth, "tm. chinh phu")) {
		h->issuer = join3("Chính phủ", NULL, NULL);
	} else if (has_kw(title, "thu tuong")) {
		h->issuer = join3("Thủ tướng Chính phủ", NULL, NULL);
	} else if ((has_kw(title, "bo truong") || has_kw(title, "thu truong") ||
	            has_kw(auth, "bo truong")) && (dep = most_named(doc, "bo "))) {
		h->issuer = join3("Bộ ", dep, NULL);
	} else if ((has_kw(auth, "giam doc") || has_kw(title, "giam doc")) &&
	           (dep = most_named(doc, "so ")) && prov) {
		h->issuer = join3("Sở ", dep, NULL);
		free(h->issuer);
		{
			char *x = join3("Sở ", dep, " ");
			h->issuer = x ? join3(x, central_city(prov), prov) : NULL;
			free(x);
		}
		h->province = prov;
	} else if ((has_kw(auth, "hoi dong nhan dan") || has_kw(auth, "hdnd")) && prov) {
		h->issuer = join3("Hội đồng nhân dân ", central_city(prov), prov);
		h->province = prov;
	} else if ((has_kw(auth, "ban thuong vu") || has_kw(auth, "tinh uy") ||
	            has_kw(title, "bi thu")) && prov && !has_kw(auth, "uy ban")) {
		h->issuer = join3("Tỉnh ủy ", prov, NULL);
		h->province = prov;
	} else {
		if (has_kw(auth, "uy ban nhan dan") || has_kw(auth, "chu tich") ||
		    has_kw(title, "chu tich"))
			found = 1;
		for (i = 0; kws[i] && !found; i++)
			found = vn_kw_find(doc->text, doc->len, 0, kws[i]) != SIZE_MAX;
		if (!found || !prov)
			return;
		h->issuer = join3("Ủy ban nhân dân ", central_city(prov), prov);
		h->province = prov;
	}
	if (h->issuer)
		h->issuer_inferred = 1;
}

/*
 * A Party document names the organ under its title ("NGHỊ QUYẾT / CỦA BỘ
 * CHÍNH TRỊ"): the header only says "BAN CHẤP HÀNH TRUNG ƯƠNG" for the
 * Politburo, the Secretariat and the Central Committee alike.
 */
static void organ_issuer(struct header *h, const struct vt_doc *doc, const struct vn_lines *L)
{
	const struct vn_line *l;
	size_t k;
	char *organ;

	if (h->organ_line < 0)
		return;
	l = &L->v[h->organ_line];
	k = vn_kw(doc->text, l->e, l->s, "cua ");
	organ = vn_usual_case(doc->text + l->s + k, line_len(l) - k);
	if (!organ)
		return;
	if (!h->issuer || has_kw(h->issuer, "ban chap hanh trung uong") ||
	    !strcmp(organ, "Ban Chấp hành Trung ương")) {
		free(h->issuer);
		h->issuer = organ;
		h->issuer_s = l->s + k;
		h->issuer_e = l->e;
		return;
	}
	if (has_kw(organ, "ban thuong vu") && !has_kw(organ, "tinh uy") &&
	    !has_kw(organ, "thanh uy") && (has_kw(h->issuer, "tinh uy") || has_kw(h->issuer, "thanh uy"))) {
		char *x = join3(organ, " ", h->issuer);
		if (x) {
			free(h->issuer);
			h->issuer = x;
		}
	}
	free(organ);
}

/* ---- subject --------------------------------------------------------- */

/* An authority line between the subject and the body: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" */
static int authority_line(const struct vt_doc *doc, const struct vn_line *l)
{
	static const char *const kws[] = {
		"chu tich", "uy ban nhan dan", "hoi dong nhan dan", "bo truong",
		"thu tuong", "chinh phu", "giam doc", "ban thuong vu", "ban chap hanh",
		"bo chinh tri", "ban bi thu", "tinh uy", "thanh uy", "quyet dinh:",
		"quyet nghi:", "chi thi:", "ket luan:", NULL
	};
	int i;

	for (i = 0; kws[i]; i++)
		if (line_kw(doc, l, kws[i]))
			return 1;
	return 0;
}

static int stop_line(const struct header *h, const struct vt_doc *doc,
                     const struct vn_line *l, long i, int upper_subject)
{
	if (i == h->so_line || is_motto(doc, l))
		return 1;
	/* pdftotext -layout: the date column may end a line of the subject */
	if (i == h->date_line && (h->place_s <= l->s || h->place_s - l->s < 3))
		return 1;
	if (line_kw(doc, l, "kinh gui") || line_kw(doc, l, "noi nhan"))
		return 1;
	/* "… Nghị quyết số 59-NQ/TW / ngày 24 tháng 01 năm 2025 của Bộ Chính trị
	 * …": in lower case these words go on the subject; the body opens a
	 * sentence */
	if (i != h->subject_first && ((body_start_at(doc, l) &&
	                               vn_starts_upper(line_ptr(doc, l), line_len(l))) ||
	                              is_item_line(doc, l)))
		return 1;
	if (i != h->subject_first && situation_at(doc, l))
		return 1;
	/* "THỦ TƯỚNG CHÍNH PHỦ điện:" and the list of addressees under it */
	if (i != h->subject_first && (doc->text[l->e - 1] == ':' ||
	    ((line_ptr(doc, l)[0] == '-' || line_ptr(doc, l)[0] == '+') && line_len(l) > 2 &&
	     line_ptr(doc, l)[1] == ' ' && vn_starts_upper(line_ptr(doc, l) + 2, line_len(l) - 2))))
		return 1;
	if (vn_is_upper_text(line_ptr(doc, l), line_len(l)) && line_len(l) > 3 &&
	    (!upper_subject || authority_line(doc, l) || starts_agency_upper(line_ptr(doc, l), line_len(l))))
		return 1;
	if (line_ptr(doc, l)[0] == '(' || line_ptr(doc, l)[0] == '*')
		return 1;
	if (i != h->subject_first && line_len(l) > 220)
		return 1;
	return 0;
}

/* "CỦA BỘ CHÍNH TRỊ" under the title of a Party document: the organ that speaks. */
static int organ_line(const struct vt_doc *doc, const struct vn_line *l)
{
	return line_kw(doc, l, "cua ") && vn_is_upper_text(line_ptr(doc, l), line_len(l)) &&
	       line_len(l) < 120;
}

static void find_subject(struct header *h, const struct vt_doc *doc,
                         const struct vn_lines *L, const struct vt_extract_opts *o)
{
	struct vt_buf b = {0};
	long i, first = -1, lines = 0;
	size_t from = 0;
	int upper = 0;

	if (h->title_line >= 0 && !(o->congvan && !h->title_type)) {
		const struct vn_line *t = &L->v[h->title_line];
		size_t q = vn_skip_blank(doc->text, t->e, t->s + h->title_k, 0);
		long j = h->title_line + 1;

		if (q < t->e && doc->text[q] == ':')
			q = vn_skip_blank(doc->text, t->e, q + 1, 0);
		if (q < t->e) {
			/* the subject (or the rest of the title) shares the line */
			first = h->title_line;
			from = q;
		} else {
			while (j < (long)L->n && vn_line_blank(&L->v[j]))
				j++;
			if (j < (long)L->n && organ_line(doc, &L->v[j])) {
				h->organ_line = j++;
				while (j < (long)L->n && vn_line_blank(&L->v[j]))
					j++;
			}
			if (j < (long)L->n) {
				first = j;
				from = L->v[j].s;
			}
		}
	}
	for (i = 0; first < 0 && i < (long)L->n && i < h->zone_end; i++) {
		const struct vn_line *l = &L->v[i];

		if (line_kw(doc, l, "v/v")) {
			first = i;
			from = l->s + vn_kw(doc->text, l->e, l->s, "v/v");
			break;
		}
	}
	if (first < 0)
		return;
	h->subject_first = first;
	upper = vn_is_upper_text(doc->text + from, L->v[first].e - from) &&
	        !authority_line(doc, &L->v[first]);
	for (i = first; i < (long)L->n && lines < 10; i++) {
		const struct vn_line *l = &L->v[i];
		size_t s = i == first ? from : l->s, e = l->e;

		if (vn_line_blank(l))
			continue;
		if (i == first && upper && authority_line(doc, l))
			break;
		if (i != first && stop_line(h, doc, l, i, upper))
			break;
		if (i == first && first != h->title_line && stop_line(h, doc, l, i, upper) &&
		    i == h->so_line)
			break;
		if (i == h->date_line && h->place_s > s)
			e = h->place_s;   /* the date column shares the line */
		/* a line of dashes or underscores: the underline of the title */
		if (strspn(doc->text + s, "-_ *") >= e - s)
			break;
		if (!b.n)
			h->subject_s = s;
		vn_put_collapsed(&b, doc->text + s, e - s);
		h->subject_e = e;
		h->subject_last = i;
		lines++;
		if (i == h->date_line && e != h->place_s)
			break;
	}
	if (b.n) {
		char *p = vt_buf_take(&b);
		h->subject = p ? vn_clean(p, strlen(p), ".;,:") : NULL;
		free(p);
	} else {
		free(b.p);
	}
}

/* ---- recipients ------------------------------------------------------ */

static void add_recipient(cJSON *arr, const char *s, size_t n)
{
	const char *semi = memchr(s, ';', n);
	char *c;

	/* "Kính gửi: Trung tâm …; các bệnh viện …." on one line: one each */
	if (semi && vn_skip_blank(s, n, (size_t)(semi - s) + 1, 1) < n) {
		add_recipient(arr, s, (size_t)(semi - s));
		add_recipient(arr, semi + 1, n - (size_t)(semi - s) - 1);
		return;
	}
	c = vn_clean(s, n, ".;, ");
	if (!c)
		return;
	if (*c && !vn_expand_group(arr, c))
		cJSON_AddItemToArray(arr, cJSON_CreateString(c));
	free(c);
}

/*
 * The line a Công điện addresses with: its sender, upper case, then
 * "điện:" as the last word ("THỦ TƯỚNG CHÍNH PHỦ điện:").
 */
static int telegram_line(const struct vt_doc *doc, const struct vn_line *l)
{
	const char *p = line_ptr(doc, l);
	size_t n = line_len(l), w = n;

	if (n < 8 || n > 120 || p[n - 1] != ':')
		return 0;
	while (w > 0 && p[w - 1] != ' ')
		w--;
	return w > 1 && vn_kw(p, n, w, "dien:") == n - w &&
	       vn_is_upper_text(p, w - 1);
}

static void find_recipients(struct header *h, cJSON *arr, const struct vt_doc *doc,
                            const struct vn_lines *L)
{
	long i, k = -1;
	struct vt_buf cur = {0};
	int done = 0, list = 0, blank = 0;

	for (i = 0; i < (long)L->n && i < h->zone_end; i++) {
		if (line_kw(doc, &L->v[i], "kinh gui")) {
			k = i;
			break;
		}
		if (telegram_line(doc, &L->v[i])) {
			/* "THỦ TƯỚNG CHÍNH PHỦ điện:": the addressees follow */
			k = i;
			list = 1;
			break;
		}
	}
	if (k < 0)
		return;
	h->recip_last = k;
	if (!list) {
		const struct vn_line *l = &L->v[k];
		size_t p = l->s + vn_kw(doc->text, l->e, l->s, "kinh gui");

		p = vn_skip_blank(doc->text, l->e, p, 0);
		if (p < l->e && doc->text[p] == ':')
			p++;
		p = vn_skip_blank(doc->text, l->e, p, 0);
		if (p < l->e) {
			if (doc->text[p] == '-')
				p = vn_skip_blank(doc->text, l->e, p + 1, 0);
			vt_buf_put(&cur, doc->text + p, l->e - p);
			done = doc->text[l->e - 1] == '.';
		} else {
			list = 1;   /* "Kính gửi:" alone: the names follow, one a line */
		}
	}
	for (i = k + 1; i < (long)L->n && !done; i++) {
		const struct vn_line *l = &L->v[i];
		const char *p = line_ptr(doc, l);
		size_t n = line_len(l);
		int dash = n > 0 && (p[0] == '-' || p[0] == '+' || vn_has(p, n, 0, "–") ||
		                     vn_has(p, n, 0, "•"));
		char last;

		if (vn_line_blank(l)) {
			blank = 1;
			continue;
		}
		/*
		 * After a blank line (PDF exports put them inside items too), a
		 * line goes on with the item only after a ',' or in lower case;
		 * the body that follows "Kính gửi: X" is no name.
		 */
		if (blank && !dash && cur.n && !(list && cur.p[cur.n - 1] == ';') &&
		    cur.p[cur.n - 1] != ',' && vn_starts_upper(p, n))
			break;
		blank = 0;
		if (!dash) {
			/* a continuation only while the previous item is open */
			last = cur.n ? cur.p[cur.n - 1] : ';';
			while (cur.n && last == ' ')
				last = cur.p[--cur.n - 1];
			/* names one a line without dashes: each ';' closes one */
			if (list && last == ';' && !body_start_at(doc, l) && line_len(l) <= 120) {
				if (cur.n)
					add_recipient(arr, cur.p, cur.n);
				cur.n = 0;
				vt_buf_put(&cur, p, n);
				h->recip_last = i;
				done = p[n - 1] == '.';
				continue;
			}
			if (last == ';' || last == '.' || body_start_at(doc, l) || line_len(l) > 200)
				break;
			vt_buf_put(&cur, " ", 1);
			vt_buf_put(&cur, p, n);
			h->recip_last = i;
			continue;
		}
		if (cur.n) {
			add_recipient(arr, cur.p, cur.n);
			cur.n = 0;
		}
		{
			size_t s = (p[0] == '-' || p[0] == '+') ? 1 : (vn_has(p, n, 0, "–") ? 3 : 3);
			s = vn_skip_blank(p, n, s, 0);
			vt_buf_put(&cur, p + s, n - s);
		}
		h->recip_last = i;
		if (p[n - 1] == '.' && !(n >= 3 && p[n - 2] == '.'))
			done = 1;
	}
	if (cur.n)
		add_recipient(arr, cur.p, cur.n);
	free(cur.p);
}

/* ---- the whole header ------------------------------------------------ */

/* The first title line near the top, whatever the plugin: the title decides. */
static void find_title(struct header *h, const struct vt_doc *doc, const struct vn_lines *L)
{
	long i;

	for (i = 0; i < (long)L->n && i < h->zone_end; i++) {
		size_t k;
		int t = title_at(doc, &L->v[i], &k);

		if (t >= 0) {
			h->title_line = i;
			h->title_type = titles[t].type;
			h->title_word = titles[t].word;
			h->title_k = k;
			return;
		}
	}
}

static long zone_end(const struct vt_doc *doc, const struct vn_lines *L)
{
	long i, nonblank = 0;

	for (i = 0; i < (long)L->n; i++) {
		const struct vn_line *l = &L->v[i];

		if (vn_line_blank(l))
			continue;
		if (++nonblank > HEADER_LINES)
			return i;
		if (is_item_line(doc, l) || line_kw(doc, l, "can cu") ||
		    line_kw(doc, l, "noi nhan"))
			return i;
	}
	return i;
}

static void header_free(struct header *h)
{
	free(h->issuer);
	free(h->subject);
}

/* ---- warnings -------------------------------------------------------- */

static void warn(cJSON *w, const struct vt_doc *doc, const char *code,
                 const char *msg, size_t s, size_t e)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return;
	cJSON_AddStringToObject(o, "code", code);
	cJSON_AddStringToObject(o, "message", msg);
	cJSON_AddItemToObject(o, "span", vn_span(doc, s, e));
	cJSON_AddItemToArray(w, o);
}

static int has_annex(const struct vt_doc *doc, const struct vn_lines *L)
{
	size_t i;

	for (i = 0; i < L->n; i++) {
		const struct vn_line *l = &L->v[i];
		if (vn_has(doc->text, l->e, l->s, "PHỤ LỤC") ||
		    vn_has(doc->text, l->e, l->s, "Phụ lục"))
			if (l->e - l->s < 40 || vn_is_upper_text(doc->text + l->s, l->e - l->s))
				return 1;
	}
	return 0;
}

static size_t find_any(const struct vt_doc *doc, const char *const *kws, size_t *n)
{
	int k;
	size_t p = vn_kw_find_any(doc->text, doc->len, 0, kws, &k);

	if (p != SIZE_MAX)
		*n = vn_kw(doc->text, doc->len, p, kws[k]);
	return p;
}

static void add_warnings(cJSON *w, const struct header *h, const struct vt_doc *doc,
                         const struct vn_lines *L, const char *type, const cJSON *signer)
{
	static const char *const annex[] = {
		"dinh kem phu luc", "kem theo phu luc", "phu luc kem theo", "phu luc dinh kem",
		"(phu luc", "tai phu luc", "theo phu luc", NULL
	};
	char msg[256];
	size_t p, n = 0;

	if (h->so_line < 0) {
		warn(w, doc, "missing-number", "no 'Số:' line: the number of the document is unknown", 0, 0);
	} else if (!h->have_sym || !h->sym.number[0]) {
		const struct vn_line *l = &L->v[h->so_line];
		warn(w, doc, "draft", "the number is blank: a draft or a copy numbered later", l->s, l->e);
	}
	if (h->date_line < 0) {
		warn(w, doc, "missing-date", "no '<place>, ngày … tháng … năm …' line: the date is unknown", 0, 0);
	} else if (strlen(h->date) != 10) {
		const struct vn_line *l = &L->v[h->date_line];
		warn(w, doc, "draft", "the day of the date is blank: a draft or a copy dated later",
		     h->place_s, l->e);
	}
	if (!h->issuer) {
		warn(w, doc, "missing-issuer", "no issuing body in the header, the body or the signature", 0, 0);
	} else if (h->issuer_inferred) {
		snprintf(msg, sizeof(msg), "the header is cut off: issuer '%s' inferred from the body "
		         "and the signature", h->issuer);
		warn(w, doc, "issuer-inferred", msg, 0, 0);
	}
	if (h->province_inferred) {
		snprintf(msg, sizeof(msg), "the issuer is a commune or ward: province '%s' inferred "
		         "from the body", h->province);
		warn(w, doc, "province-inferred", msg, h->province_at, h->province_at);
	}
	if (!cJSON_IsObject(signer) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(signer, "name"))) {
		warn(w, doc, "missing-signature", "no signer's name under the signature block", 0, 0);
	}
	if (h->title_type && h->have_sym && h->sym.type_code[0] && h->sym.doc_type &&
	    strcmp(h->sym.doc_type, h->title_type) != 0 &&
	    !(h->sym.family == VT_FAMILY_PARTY && !strcmp(h->sym.type_code, "QĐ"))) {
		const struct vn_line *l = &L->v[h->title_line];
		snprintf(msg, sizeof(msg), "the title says '%s' but the symbol '%s' says '%s'; "
		         "the title is kept", type, h->sym.canon, h->sym.doc_type);
		warn(w, doc, "type-mismatch", msg, l->s, l->e);
	}
	/* every cue names "phụ lục": most texts never do, and one search says so */
	p = vn_kw_find(doc->text, doc->len, 0, "phu luc") == SIZE_MAX ? SIZE_MAX :
	    find_any(doc, annex, &n);
	if (p != SIZE_MAX && !has_annex(doc, L))
		warn(w, doc, "annex-missing", "an annex (Phụ lục) is announced but the text has none",
		     p, p + n);
}

/* ---- public ---------------------------------------------------------- */

static cJSON *str_or_null(const char *s)
{
	return s && *s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/*
 * Without "./." (Party texts end with "."), the body ends at "Nơi nhận" or
 * at the signature block, whichever comes first.
 */
static size_t footer_start(const struct vt_doc *doc, const struct vn_lines *L, long from)
{
	static const char *const pf[] = {"TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M", "K/T", "T/L", NULL};
	long i;

	for (i = from < 0 ? 0 : from; i < (long)L->n; i++) {
		const struct vn_line *l = &L->v[i];
		int k;

		if (vn_line_blank(l))
			continue;
		if (line_kw(doc, l, "noi nhan"))
			return l->s;
		if (!vn_is_upper_text(line_ptr(doc, l), line_len(l)))
			continue;
		for (k = 0; pf[k]; k++)
			if (vn_has(doc->text, l->e, l->s, pf[k]))
				return l->s;
	}
	return doc->len;
}

/* The line after which the body begins. */
static long body_from(const struct header *h)
{
	long b = -1;

	if (h->so_line > b) b = h->so_line;
	if (h->date_line > b) b = h->date_line;
	if (h->motto_line > b) b = h->motto_line;
	if (h->title_line > b) b = h->title_line;
	if (h->subject_last > b) b = h->subject_last;
	if (h->recip_last > b) b = h->recip_last;
	return b + 1;
}

/* ---- articles ("Điều N.") -------------------------------------------- */

/* "Điều 3." at the start of a line: bytes up to the number, else 0. */
static size_t article_at(const struct vt_doc *doc, const struct vn_line *l, int *num)
{
	size_t k = vn_kw(doc->text, l->e, l->s, "dieu "), q;

	if (!k || !vn_starts_upper(doc->text + l->s, line_len(l)))
		return 0;
	q = l->s + k;
	if (q >= l->e || doc->text[q] < '0' || doc->text[q] > '9')
		return 0;
	*num = atoi(doc->text + q);
	return k;
}

/* Does an article give work to somebody? */
static int assigns_work(const char *t, size_t len)
{
	static const char *const not_work[] = {
		"ban hanh", "phe duyet", "pham vi", "doi tuong", "hieu luc", "quyet dinh nay co",
		"nghi quyet nay co", "giai thich", "nguyen tac", "muc tieu", "quy dinh chung", NULL
	};
	static const char *const kws[] = {
		"chiu trach nhiem", "co trach nhiem", "giao ", "chu tri", "to chuc thuc hien",
		"trien khai", "phoi hop", "huong dan", "kiem tra", "theo doi", "bao cao",
		/* "Điều 2. Các bộ … xây dựng kế hoạch …, hoàn thành trước ngày …" */
		"xay dung", "hoan thanh", "giam sat", NULL
	};
	int i;

	size_t p = 0, q;

	/* past "Điều 3." */
	while (p < len && t[p] != '.')
		p++;
	p = vn_skip_blank(t, len, p + 1, 0);
	for (i = 0; not_work[i]; i++)
		if (p < len && vn_kw(t, len, p, not_work[i]))
			return 0;
	q = p;
	while (q < len && t[q] != '\n')
		q++;
	/* a heading alone ("Điều 5. Tổ chức thực hiện") counts by its clauses */
	for (i = 0; kws[i]; i++)
		if (vn_kw_find(t, len, p, kws[i]) != SIZE_MAX)
			return 1;
	return 0;
}

/*
 * Decisions and resolutions speak in articles: "Điều 3. Chánh Văn phòng …,
 * Giám đốc các Sở … chịu trách nhiệm thi hành".  The items of task.c are
 * numbered, so each article that assigns work is read as the item "3."
 * of a copy of the text where "Điều " is blanked (same offsets), and an
 * article with numbered clauses gives one task per clause.
 */
static int article_tasks(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
                         long from, size_t end, const char *date)
{
	long i, art[64];
	int na = 0, num[64], n;
	char *copy;
	struct vt_doc d2 = *doc;

	for (i = from; i < (long)L->n && L->v[i].start < end && na < 64; i++)
		if (article_at(doc, &L->v[i], &n)) {
			art[na] = i;
			num[na++] = n;
		}
	if (na < 2)
		return 0;
	copy = malloc(doc->len + 1);
	if (!copy)
		return 0;
	memcpy(copy, doc->text, doc->len);
	copy[doc->len] = '\0';
	d2.text = copy;
	for (i = 0; i < na; i++) {
		const struct vn_line *l = &L->v[art[i]];
		size_t k = article_at(doc, l, &n);
		size_t aend = i + 1 < na ? L->v[art[i + 1]].start : end;
		long j, clauses = 0;
		int before = cJSON_GetArraySize(tasks);

		if (!assigns_work(doc->text + l->s, aend - l->s))
			continue;
		for (j = art[i] + 1; j < (long)L->n && L->v[j].start < aend; j++)
			if (is_item_line(doc, &L->v[j]))
				clauses++;
		if (clauses) {
			vn_tasks(tasks, &d2, L, (size_t)art[i] + 1, L->v[art[i] + 1].start, aend, date);
		} else {
			/* "Điều 3. Giao …" -> "3.      Giao …": the number where the line starts */
			size_t q = l->s + k, m = q;

			while (m < l->e && doc->text[m] >= '0' && doc->text[m] <= '9')
				m++;
			if (m < l->e && doc->text[m] == '.')
				m++;
			/* task.c wants items in sequence: each article is item "1." alone */
			memset(copy + l->s, ' ', m - l->s);
			memcpy(copy + l->s, "1.", 2);
			(void)q;
			vn_tasks(tasks, &d2, L, (size_t)art[i], l->s, aend, date);
			memcpy(copy + l->s, doc->text + l->s, m - l->s);
		}
		/* labels say which article: "3" or "2.1" */
		for (j = before; j < cJSON_GetArraySize(tasks); j++) {
			cJSON *t = cJSON_GetArrayItem(tasks, (int)j);
			const cJSON *lb = cJSON_GetObjectItemCaseSensitive(t, "label");
			char label[48];

			if (clauses && cJSON_IsString(lb))
				snprintf(label, sizeof(label), "Điều %d.%s", num[i], lb->valuestring);
			else
				snprintf(label, sizeof(label), "Điều %d", num[i]);
			cJSON_ReplaceItemInObjectCaseSensitive(t, "label", cJSON_CreateString(label));
		}
	}
	free(copy);
	return 1;
}

/* ---- attachments ----------------------------------------------------- */

static const struct {
	const char *word, *type;
} attached[] = {
	{"QUY CHẾ", "regulation"}, {"QUY ĐỊNH", "rules"}, {"KẾ HOẠCH", "plan"},
	{"CHƯƠNG TRÌNH", "program"}, {"ĐỀ ÁN", "project"}, {"PHƯƠNG ÁN", "scheme"},
	{"HƯỚNG DẪN", "guide"}, {"DANH MỤC", "list"}, {"ĐIỀU LỆ", "charter"},
	{"QUY TRÌNH", "procedure"}, {"PHỤ LỤC", "annex"}, {"BẢNG", "table"},
};

/* "(Ban hành kèm theo Quyết định số …)", "(Kèm theo …)" */
static int attached_note(const struct vt_doc *doc, const struct vn_line *l)
{
	size_t p = l->s;

	if (p < l->e && doc->text[p] == '(')
		p++;
	return vn_kw(doc->text, l->e, p, "ban hanh kem theo") || vn_kw(doc->text, l->e, p, "kem theo");
}

/*
 * After the signature of a decision come the documents it issues: a title
 * word in capitals, the title, and "(Ban hành kèm theo Quyết định số …)".
 * Each becomes {"type", "title", "span"}; the decision's own fields are
 * read before them and do not change.
 */
static void find_attachments(cJSON *arr, const struct vt_doc *doc, const struct vn_lines *L,
                             size_t from)
{
	long i, first = -1;
	cJSON *last = NULL;

	for (i = 0; i < (long)L->n; i++)
		if (L->v[i].start >= from) {
			first = i;
			break;
		}
	if (first < 0)
		return;
	for (i = first; i < (long)L->n; i++) {
		const struct vn_line *l = &L->v[i];
		size_t a, k = 0;
		long j, note = -1;
		struct vt_buf b = {0};
		cJSON *o;
		char *title;

		if (vn_line_blank(l) || !vn_is_upper_text(line_ptr(doc, l), line_len(l)))
			continue;
		for (a = 0; a < sizeof(attached) / sizeof(attached[0]); a++)
			if ((k = vn_kw(doc->text, l->e, l->s, attached[a].word)) &&
			    vn_has(doc->text, l->e, l->s, attached[a].word))
				break;
		if (a == sizeof(attached) / sizeof(attached[0]))
			continue;
		for (j = i + 1; j < (long)L->n && j <= i + 10; j++)
			if (attached_note(doc, &L->v[j])) {
				note = j;
				break;
			}
		if (note < 0)
			continue;
		/* the title: the rest of the title line and the lines up to the note */
		vn_put_collapsed(&b, doc->text + l->s + k, line_len(l) - k);
		for (j = i + 1; j < note; j++)
			if (!vn_line_blank(&L->v[j]))
				vn_put_collapsed(&b, line_ptr(doc, &L->v[j]), line_len(&L->v[j]));
		title = vt_buf_take(&b);
		o = cJSON_CreateObject();
		if (o && title) {
			char *c = vn_clean(title, strlen(title), ".;,:-");
			cJSON_AddStringToObject(o, "type", attached[a].type);
			cJSON_AddItemToObject(o, "title", str_or_null(c));
			free(c);
			{
				/* the note may wrap: up to its ")" */
				const struct vn_line *nl = &L->v[note];
				size_t ne = nl->e;
				long m;
				char *nc;

				for (m = note; m < (long)L->n && m < note + 4; m++) {
					ne = L->v[m].e;
					if (memchr(doc->text + L->v[m].s, ')', line_len(&L->v[m])))
						break;
				}
				nc = vn_clean(line_ptr(doc, nl), ne - nl->s, NULL);
				cJSON_AddItemToObject(o, "note", str_or_null(nc));
				free(nc);
			}
			cJSON_AddItemToObject(o, "span", vn_span(doc, l->s, doc->len));
			if (last) {
				/* the previous attachment ends where this one starts */
				cJSON *sp = cJSON_GetObjectItemCaseSensitive(last, "span");
				cJSON *mine = cJSON_GetObjectItemCaseSensitive(o, "span");
				if (cJSON_GetArraySize(sp) == 2 && cJSON_GetArraySize(mine) == 2)
					cJSON_SetNumberValue(cJSON_GetArrayItem(sp, 1),
					                     cJSON_GetArrayItem(mine, 0)->valuedouble);
			}
			cJSON_AddItemToArray(arr, o);
			last = o;
			o = NULL;
		}
		cJSON_Delete(o);
		free(title);
		i = note;
	}
}

/*
 * The task tables of a decision's or resolution's own annexes and lists:
 * "(Kèm theo Nghị quyết số 171/NQ-CP …)" with its own number, or "(Kèm
 * theo Quyết định này)".  An annex "kèm theo Kế hoạch số …" is the plan's.
 */
static void annex_tasks(cJSON *tasks, const cJSON *att, const struct vt_doc *doc,
                        const struct vn_lines *L, const char *number, const char *date)
{
	static const char *const this_one[] = {
		"nghi quyet nay", "quyet dinh nay", NULL
	};
	const cJSON *a;

	cJSON_ArrayForEach(a, att) {
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "type"));
		const char *note = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "note"));
		const cJSON *sp = cJSON_GetObjectItemCaseSensitive(a, "span");
		size_t s, e, j = 0;

		if (!type || (strcmp(type, "annex") && strcmp(type, "list")) ||
		    cJSON_GetArraySize(sp) != 2 || !note ||
		    !((number && *number && strstr(note, number)) ||
		      vn_kw_find_any(note, strlen(note), 0, this_one, NULL) != SIZE_MAX))
			continue;
		s = (size_t)cJSON_GetArrayItem(sp, 0)->valuedouble;
		e = (size_t)cJSON_GetArrayItem(sp, 1)->valuedouble;
		while (j < L->n && L->v[j].start < s)
			j++;
		vn_table_tasks(tasks, doc, L, j, e < doc->len ? e : doc->len, date);
	}
}

/* ---- spans of the header facts ---------------------------------------- */

static void add_span(cJSON *spans, const struct vt_doc *doc, const char *k, size_t s, size_t e)
{
	if (e > s)
		cJSON_AddItemToObject(spans, k, vn_span(doc, s, e));
	else
		cJSON_AddNullToObject(spans, k);
}

/* Move item `k` of `from` to the end of `to` (a null when absent). */
static void move_item(cJSON *to, cJSON *from, const char *k)
{
	cJSON *it = cJSON_DetachItemFromObjectCaseSensitive(from, k);

	cJSON_AddItemToObject(to, k, it ? it : cJSON_CreateNull());
}

static int extract(cJSON *out, const struct vt_doc *doc, const struct vt_extract_opts *opts)
{
	struct vn_lines L = {0};
	struct header h;
	cJSON *recipients, *refs, *rels, *stds, *tasks, *warnings, *foot, *spans, *att;
	const char *number = NULL, *type;
	long i;
	size_t body_end, sig[2] = {0, 0};
	int rc;

	memset(&h, 0, sizeof(h));
	h.so_line = h.date_line = h.motto_line = h.title_line = h.organ_line = -1;
	h.subject_first = h.subject_last = h.recip_last = -1;
	foot = cJSON_CreateObject();
	if (!foot || vn_lines_split(&L, doc->text, doc->len) < 0) {
		cJSON_Delete(foot);
		vn_lines_free(&L);
		return vt_error_oom();
	}
	h.zone_end = zone_end(doc, &L);
	for (i = 0; i < (long)L.n && i < h.zone_end; i++)
		if (is_motto(doc, &L.v[i])) {
			h.motto_line = i;
			if (line_kw(doc, &L.v[i], "dang cong san viet nam") ||
			    vn_kw_find(doc->text, L.v[i].e, L.v[i].s, "dang cong san viet nam") != SIZE_MAX)
				h.party_header = 1;
		}
	find_title(&h, doc, &L);
	find_number(&h, doc, &L);
	find_date(&h, doc, &L);
	find_issuer_header(&h, doc, &L, h.title_line >= 0 ? h.title_word : opts->title_word);
	find_subject(&h, doc, &L, opts);
	organ_issuer(&h, doc, &L);

	if (h.have_sym && h.sym.number[0])
		number = h.sym.canon;
	/* the title word decides; the fallback takes what the symbol implies */
	type = opts->type ? opts->type : "other";
	if (!strcmp(type, "other")) {
		if (h.title_type)
			type = h.title_type;
		else if (h.have_sym && h.sym.doc_type && strcmp(h.sym.doc_type, "dispatch"))
			type = h.sym.doc_type;
	}

	/* the body ends at "./." (state) or where the footer starts */
	{
		long from = body_from(&h);
		size_t start = from < (long)L.n ? L.v[from].start : doc->len;
		const char *e = memmem(doc->text + start, doc->len - start, "./.", 3);

		body_end = e ? (size_t)(e - doc->text) + 3 : doc->len;
		if (!e)
			body_end = footer_start(doc, &L, from);
		vn_signature(foot, doc, &L, body_end, sig);
	}
	if (!h.issuer)
		infer_issuer(&h, doc, cJSON_GetObjectItemCaseSensitive(foot, "signer"));
	if (h.issuer && !h.province && !h.issuer_inferred)
		h.province = province_of(h.issuer);
	/* "Ủy ban nhân dân xã Tân Hưng" names no province; the body does
	 * ("Kính gửi: Ủy ban nhân dân tỉnh Tây Ninh") */
	if (h.issuer && !h.province && !h.issuer_inferred && commune_level(h.issuer)) {
		h.province = vn_province_in(doc->text, doc->len, &h.province_at);
		h.province_inferred = h.province != NULL;
	}

	cJSON_AddStringToObject(out, "type", type);
	cJSON_AddItemToObject(out, "number", str_or_null(number));
	cJSON_AddItemToObject(out, "symbol", str_or_null(h.have_sym ? h.sym.symbol : NULL));
	cJSON_AddItemToObject(out, "family", str_or_null(h.have_sym ? vt_family_name(h.sym.family) :
	                                                  h.party_header ? "party" :
	                                                  (h.issuer ? "state" : NULL)));
	cJSON_AddItemToObject(out, "issuer", str_or_null(h.issuer));
	cJSON_AddItemToObject(out, "province", str_or_null(h.province));
	if (h.date_line >= 0 && h.place_e > h.place_s) {
		char *place = vn_clean(doc->text + h.place_s, h.place_e - h.place_s, ",");
		cJSON_AddItemToObject(out, "place", str_or_null(place));
		free(place);
	} else {
		cJSON_AddNullToObject(out, "place");
	}
	cJSON_AddItemToObject(out, "date", str_or_null(h.date_line >= 0 ? h.date : NULL));
	cJSON_AddItemToObject(out, "subject", str_or_null(h.subject));

	recipients = cJSON_AddArrayToObject(out, "recipients");
	if (recipients)
		find_recipients(&h, recipients, doc, &L);

	refs = cJSON_AddArrayToObject(out, "references");
	rels = cJSON_AddArrayToObject(out, "relations");
	stds = cJSON_AddArrayToObject(out, "standards");
	rc = vt_cite_extract(refs, rels, stds, doc, number);

	/* read before the tasks, which an annex of tasks adds to; added after them */
	att = cJSON_CreateArray();
	if (att && body_end < doc->len)
		find_attachments(att, doc, &L, sig[1] > body_end ? sig[1] : body_end);
	tasks = cJSON_AddArrayToObject(out, "tasks");
	if (tasks) {
		long from = body_from(&h);
		size_t start = from < (long)L.n ? L.v[from].start : doc->len;
		const char *date = strlen(h.date) >= 4 ? h.date : NULL;

		if (!article_tasks(tasks, doc, &L, from, body_end, date))
			vn_tasks(tasks, doc, &L, (size_t)from, start, body_end, date);
		/*
		 * A plan's tasks are often a table in its annex, after the
		 * signature.  What a decision or resolution attaches is a
		 * document of its own (find_attachments), not its tasks; but
		 * its own annex or list of tasks ("PHỤ LỤC / DANH MỤC NHIỆM
		 * VỤ" of a Government action programme) is part of it.
		 */
		if (strcmp(type, "decision") && strcmp(type, "resolution")) {
			size_t a = sig[1] > body_end ? sig[1] : body_end, j = 0;

			while (j < L.n && L.v[j].start < a)
				j++;
			vn_table_tasks(tasks, doc, &L, j, doc->len, date);
		} else {
			annex_tasks(tasks, att, doc, &L, number, date);
		}
	}
	move_item(out, foot, "signer");
	move_item(out, foot, "distribution");
	if (att && !cJSON_AddItemToObject(out, "attachments", att)) {
		cJSON_Delete(att);
		att = NULL;
	}
	warnings = cJSON_AddArrayToObject(out, "warnings");
	if (warnings) {
		add_warnings(warnings, &h, doc, &L, type,
		             cJSON_GetObjectItemCaseSensitive(out, "signer"));
		vt_cite_check(warnings, out, doc);
		if (rc < 0)
			warn(warnings, doc, "citations-failed", vt_error_last(), 0, 0);
	}
	spans = cJSON_AddObjectToObject(out, "spans");
	if (spans) {
		size_t ns = 0, ne = 0;

		if (h.have_sym && h.so_line >= 0) {
			ns = h.sym_end - (h.sym.end - h.sym.start);
			ne = h.sym_end;
		}
		add_span(spans, doc, "number", ns, ne);
		if (h.date_line >= 0)
			add_span(spans, doc, "date", h.place_s, L.v[h.date_line].e);
		else
			add_span(spans, doc, "date", 0, 0);
		add_span(spans, doc, "issuer", h.issuer_inferred ? 0 : h.issuer_s,
		         h.issuer_inferred ? 0 : h.issuer_e);
		add_span(spans, doc, "subject", h.subject_s, h.subject_e);
		add_span(spans, doc, "signer", sig[0], sig[1]);
	}
	cJSON_Delete(foot);
	header_free(&h);
	vn_lines_free(&L);
	return 0;
}

int vt_extract_document(cJSON *out, const struct vt_doc *doc,
                        const struct vt_extract_opts *opts, struct vt_perr *err)
{
	struct vt_doc d2;
	char *clean;
	int rc;

	if (!out || !doc || !doc->text || !opts) {
		if (err)
			snprintf(err->msg, sizeof(err->msg), "invalid arguments to vt_extract_document");
		return vt_error_set(VT_EUSAGE, "invalid arguments to vt_extract_document");
	}
	clean = clean_copy(doc->text, doc->len);
	d2 = *doc;
	if (clean)
		d2.text = clean;
	rc = extract(out, &d2, opts);
	free(clean);
	if (rc < 0 && err)
		snprintf(err->msg, sizeof(err->msg), "%s", vt_error_last());
	return rc;
}

cJSON *vt_extract_span(const struct vt_doc *doc, size_t start, size_t end)
{
	if (!doc)
		return NULL;
	return vn_span(doc, start, end);
}

/* ---- detect ---------------------------------------------------------- */

struct cues {
	const char *title_type, *body_type;
	int footer;
	int have_sym, vv, kg, so, motto, party;
	struct vt_symbol sym;
};

/*
 * A text without its header still names itself: "ban hành Chương trình
 * …", "Kế hoạch này", "thực hiện Chỉ thị này".  The first such phrase gives
 * a weak type; the footer ("Nơi nhận", "./.") says it is a document at all.
 */
static void body_cues(struct cues *c, const struct vt_doc *doc)
{
	static const char *const cue[] = {
		"chuong trinh nay", "ban hanh chuong trinh", "ke hoach nay", "ban hanh ke hoach",
		"chi thi nay", "quyet dinh nay", "nghi quyet nay", "thong bao nay",
		"bao cao nay", "ket luan nay", NULL
	};
	static const char *const type[] = {
		"program", "program", "plan", "plan", "directive", "decision", "resolution",
		"notice", "report", "conclusion"
	};
	int k;

	if (vn_kw_find_any(doc->text, doc->len, 0, cue, &k) != SIZE_MAX)
		c->body_type = type[k];
	c->footer = vn_kw_find(doc->text, doc->len, 0, "noi nhan") != SIZE_MAX ||
	            memmem(doc->text, doc->len, "./.", 3) != NULL;
}

static int read_cues(struct cues *c, const struct vt_doc *doc)
{
	struct vn_lines L = {0};
	struct header h;
	long i;

	memset(c, 0, sizeof(*c));
	if (!doc || !doc->text || vn_lines_split(&L, doc->text, doc->len) < 0) {
		vn_lines_free(&L);
		return -1;
	}
	memset(&h, 0, sizeof(h));
	h.so_line = h.title_line = -1;
	h.zone_end = zone_end(doc, &L);
	find_number(&h, doc, &L);
	find_title(&h, doc, &L);
	for (i = 0; i < (long)L.n && i < h.zone_end; i++) {
		const struct vn_line *l = &L.v[i];

		if (line_kw(doc, l, "v/v"))
			c->vv = 1;
		if (line_kw(doc, l, "kinh gui"))
			c->kg = 1;
		if (is_motto(doc, l)) {
			c->motto = 1;
			if (vn_kw_find(doc->text, l->e, l->s, "dang cong san viet nam") != SIZE_MAX)
				c->party = 1;
		}
	}
	/* the body is read only when the header says nothing */
	if (!h.title_type && !h.have_sym)
		body_cues(c, doc);
	c->title_type = h.title_type;
	c->so = h.so_line >= 0;
	c->have_sym = h.have_sym;
	c->sym = h.sym;
	vn_lines_free(&L);
	return 0;
}

/* Types that have no plugin of their own: the fallback reads them. */
static int fallback_type(const char *t)
{
	return !strcmp(t, "other") || !strcmp(t, "decree") || !strcmp(t, "circular") ||
	       !strcmp(t, "law");
}

static int score_cues(const struct cues *c, const char *type)
{
	int other = !strcmp(type, "other"), dispatch = !strcmp(type, "dispatch");

	if (c->title_type) {
		if (!strcmp(c->title_type, type))
			return 95;
		if (other && fallback_type(c->title_type))
			return 90;
		return other ? 40 : 10;
	}
	if (c->have_sym && c->sym.doc_type) {
		const char *st = c->sym.doc_type;

		if (!strcmp(st, type))
			return dispatch ? (c->vv ? 90 : c->kg ? 85 : 80) : 80;
		if (other && fallback_type(st))
			return 75;
		if (dispatch && (c->vv || c->kg))
			return 55;   /* a công văn numbered like a typed document */
		return other ? 45 : 10;
	}
	if (dispatch && (c->vv || c->kg))
		return c->vv ? 75 : 60;
	if (c->body_type && !strcmp(c->body_type, type))
		return 55;
	if (other)
		return (c->so || c->motto || c->party || c->footer) ? 50 : 0;
	return 0;
}

/*
 * The registry asks every plugin about one text, one after the other, and
 * the cues do not depend on the plugin: the last text's cues are kept, for
 * this thread only.  The key is the hash of the input bytes, of which the
 * normalised text is a function, so that a new text loaded at the address
 * of the last one is never taken for it.
 */
static _Thread_local struct {
	int valid;
	char sha256[65];
	size_t len;
	struct cues c;
} last_cues;

static int keyed(const struct vt_doc *doc)
{
	return doc->src && doc->text == doc->src->norm && doc->len == doc->src->norm_len &&
	       strlen(doc->src->sha256) == 64;
}

static int cues_of(struct cues *c, const struct vt_doc *doc)
{
	struct vt_doc d2;
	char *clean;
	int rc;

	if (keyed(doc) && last_cues.valid && last_cues.len == doc->len &&
	    !strcmp(last_cues.sha256, doc->src->sha256)) {
		*c = last_cues.c;
		return 0;
	}
	clean = clean_copy(doc->text, doc->len);
	d2 = *doc;
	if (clean)
		d2.text = clean;
	rc = read_cues(c, &d2);
	free(clean);
	if (rc == 0 && keyed(doc)) {
		last_cues.c = *c;
		last_cues.len = doc->len;
		memcpy(last_cues.sha256, doc->src->sha256, sizeof(last_cues.sha256));
		last_cues.valid = 1;
	}
	return rc;
}

int vt_extract_detect_type(const struct vt_doc *doc, const char *type)
{
	struct cues c;

	if (!doc || !doc->text || cues_of(&c, doc) < 0)
		return 0;
	return score_cues(&c, type ? type : "other");
}

int vt_extract_detect(const struct vt_doc *doc, const char *title_word,
                      const char *const *type_codes)
{
	const char *type = title_word ? vt_extract_title_type(title_word) : "dispatch";

	(void)type_codes;
	return vt_extract_detect_type(doc, type ? type : "other");
}
