/*
 * Helpers of the Vietnamese extraction: see vn.h.  Everything works on
 * byte spans of the normalised text and never trusts NUL termination.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vn.h"
#include "vanthu/text.h"

/* ---- lines ---------------------------------------------------------- */

int vn_lines_split(struct vn_lines *out, const char *text, size_t len)
{
	size_t cap = 64, i = 0;

	out->n = 0;
	out->v = malloc(cap * sizeof(*out->v));
	if (!out->v)
		return -1;
	while (i <= len) {
		size_t j = i, n;
		struct vn_line *l;

		while (j < len && text[j] != '\n')
			j++;
		if (out->n == cap) {
			struct vn_line *nv = realloc(out->v, 2 * cap * sizeof(*nv));
			if (!nv)
				return -1;
			out->v = nv;
			cap *= 2;
		}
		l = &out->v[out->n++];
		l->start = i;
		l->end = j;
		l->s = i;
		while (l->s < j && vn_is_space(text, j, l->s, &n))
			l->s += n;
		l->e = j;
		while (l->e > l->s) {
			unsigned char c = (unsigned char)text[l->e - 1];
			if (c == ' ' || c == '\t' || c == '\r' || c == '*')
				l->e--;
			else if (l->e - l->s >= 2 && c == 0xA0 &&
			         (unsigned char)text[l->e - 2] == 0xC2)
				l->e -= 2;
			else
				break;
		}
		/* markdown bold at the start of a line is noise too */
		while (l->s < l->e && text[l->s] == '*')
			l->s++;
		if (j >= len)
			break;
		i = j + 1;
	}
	return 0;
}

void vn_lines_free(struct vn_lines *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- characters ----------------------------------------------------- */

size_t vn_cp_utf8(int32_t *cp, const char *s, size_t len, size_t i)
{
	utf8proc_ssize_t n;

	n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                     (utf8proc_ssize_t)(len - i), cp);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)n;
}

static int32_t fold_slow(int32_t cp)
{
	utf8proc_int32_t buf[8];
	int bc = 0;
	utf8proc_ssize_t n;

	if (cp == 0x110 || cp == 0x111)
		return 'd';
	n = utf8proc_decompose_char(cp, buf, 8, UTF8PROC_DECOMPOSE |
	                            UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &bc);
	if (n < 1 || n > 8)
		return cp;
	return buf[0];
}

/*
 * Every keyword search folds every code point of the text, so the folds
 * of the Latin and Vietnamese blocks are computed once: utf8proc's
 * decomposition per character would make a 4 MB text take seconds.
 * vn_fold_cp() reads the table once the pointer is set, and comes here
 * (once per thread at most) before.
 */
static int32_t fold_store[VN_FOLD_MAX];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;
const int32_t *vn_fold_tab;

/*
 * For each byte, the ASCII letters (bit c - 'a') that a code point which
 * starts with it may fold to: its own letter for ASCII, the letters of
 * its lead byte's code points in the table, all of them past the table
 * (U+2000 on), none for a continuation byte.  A search for a keyword
 * that starts with a letter skips every other byte without decoding it.
 */
static uint32_t lead_store[256];

static void fold_init(void)
{
	int32_t cp;
	int b;

	for (cp = 0; cp < VN_FOLD_MAX; cp++) {
		int32_t f = cp < 128 ? ((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp) : fold_slow(cp);
		int lead = cp < 0x80 ? cp : cp < 0x800 ? 0xC0 | cp >> 6 : 0xE0 | cp >> 12;

		fold_store[cp] = f;
		if (f >= 'a' && f <= 'z')
			lead_store[lead] |= (uint32_t)1 << (f - 'a');
	}
	for (b = 0xE0 | VN_FOLD_MAX >> 12; b <= 0xF4; b++)
		lead_store[b] = ((uint32_t)1 << 26) - 1;
	__atomic_store_n(&vn_fold_tab, fold_store, __ATOMIC_RELEASE);
}

static const uint32_t *lead_masks(void)
{
	pthread_once(&fold_once, fold_init);
	return lead_store;
}

static int32_t ascii_lower(int32_t c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int32_t vn_fold_cp_slow(int32_t cp)
{
	if (cp < 0)
		return cp;
	if (cp < VN_FOLD_MAX) {
		pthread_once(&fold_once, fold_init);
		return fold_store[cp];
	}
	return fold_slow(cp);
}

int vn_is_space(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c;

	if (i >= len)
		return 0;
	c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*n = 1;
		return 1;
	}
	if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
		*n = 2;
		return 1;
	}
	return 0;
}

/* The ASCII letters are the only ASCII code points of categories L*. */
int vn_is_upper_cp(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

int vn_is_lower_cp(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/*
 * Letters (L*), and combining marks (M*) too when `marks`.  The hot path
 * of every word scan: ASCII needs no table.
 */
static int letter_cp(int32_t cp, int marks)
{
	utf8proc_category_t c;

	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return ascii_lower(cp) >= 'a' && ascii_lower(cp) <= 'z';
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU &&
	       c <= (marks ? UTF8PROC_CATEGORY_ME : UTF8PROC_CATEGORY_LO);
}

int vn_is_word_cp(int32_t cp)
{
	return letter_cp(cp, 1);
}

static int is_letter_cp(int32_t cp)
{
	return letter_cp(cp, 0);
}

int32_t vn_lower_cp(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return ascii_lower(cp);
	return utf8proc_tolower(cp);
}

static int is_alnum_cp(int32_t cp)
{
	return is_letter_cp(cp) || (cp >= '0' && cp <= '9');
}

int vn_is_upper_text(const char *s, size_t len)
{
	size_t i = 0;
	int upper = 0;

	while (i < len) {
		int32_t cp;
		i += vn_cp(&cp, s, len, i);
		if (vn_is_lower_cp(cp))
			return 0;
		if (vn_is_upper_cp(cp))
			upper++;
	}
	return upper >= 2;
}

int vn_starts_upper(const char *s, size_t len)
{
	int32_t cp;

	vn_cp(&cp, s, len, 0);
	return vn_is_upper_cp(cp);
}

/* Is the character before pos a letter or a digit? */
static int prev_alnum(const char *s, size_t pos)
{
	size_t i = pos;
	int32_t cp;

	if (pos == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && pos - i < 4)
		i--;
	vn_cp(&cp, s, pos, i);
	return is_alnum_cp(cp);
}

/* The folded first code point of a keyword. */
static int32_t kw_first(const char *kw)
{
	int32_t k0;

	vn_cp(&k0, kw, 4, 0);
	return vn_fold_cp(k0);
}

/*
 * Keywords are literals, NUL-terminated and valid UTF-8: they are read
 * to their NUL rather than measured on every call.  An ASCII keyword
 * letter against an ASCII text byte (the common case, and most of the
 * misses) is compared without decoding either.
 */
size_t vn_kw(const char *s, size_t len, size_t pos, const char *kw)
{
	size_t i = pos, k = 0, n;
	int32_t last = 0;

	while (kw[k]) {
		unsigned char kb = (unsigned char)kw[k];
		int32_t kc, tc;
		size_t kn;

		if (kb == ' ') {
			if (!vn_is_space(s, len, i, &n))
				return 0;
			while (vn_is_space(s, len, i, &n))
				i += n;
			k++;
			last = ' ';
			continue;
		}
		if (i >= len)
			return 0;
		if (kb < 0x80 && (unsigned char)s[i] < 0x80) {
			if (ascii_lower(kb) != ascii_lower((unsigned char)s[i]))
				return 0;
			i++;
			k++;
			last = kb;
			continue;
		}
		if (kb < 0x80) {
			kc = kb;
			kn = 1;
		} else {
			kn = vn_cp(&kc, kw + k, 4, 0);   /* one code point: NUL stops it */
		}
		n = vn_cp(&tc, s, len, i);
		if (tc < 0 || vn_fold_cp(tc) != (kb < 0x80 ? ascii_lower(kc) : vn_fold_cp(kc)))
			return 0;
		i += n;
		k += kn;
		last = kc;
	}
	if (is_alnum_cp(last) && i < len) {
		int32_t cp;
		vn_cp(&cp, s, len, i);
		if (is_alnum_cp(cp))
			return 0;
	}
	return i - pos;
}

size_t vn_kw_any(const char *s, size_t len, size_t pos, const char *const *kws)
{
	size_t n = 0;

	for (; *kws && !n; kws++)
		n = vn_kw(s, len, pos, *kws);
	return n;
}

size_t vn_kw_find(const char *s, size_t len, size_t from, const char *kw)
{
	size_t i;
	int32_t k0 = kw_first(kw);

	if (k0 >= 'a' && k0 <= 'z') {
		const uint32_t *m = lead_masks(), bit = (uint32_t)1 << (k0 - 'a');

		for (i = from; i < len; i++) {
			int32_t cp;

			if (!(m[(unsigned char)s[i]] & bit))
				continue;
			/* an ASCII byte with the bit is the letter, in either case */
			if ((unsigned char)s[i] >= 0x80) {
				vn_cp(&cp, s, len, i);
				if (vn_fold_cp(cp) != k0)
					continue;
			}
			if (vn_kw(s, len, i, kw) && !prev_alnum(s, i))
				return i;
		}
		return SIZE_MAX;
	}
	for (i = from; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;

		if (c < 0x80) {
			if (ascii_lower(c) != k0)
				continue;
		} else {
			if ((c & 0xC0) == 0x80)
				continue;
			vn_cp(&cp, s, len, i);
			if (vn_fold_cp(cp) != k0)
				continue;
		}
		/* the keyword first: it fails fast, the look back decodes */
		if (vn_kw(s, len, i, kw) && !(is_alnum_cp(k0) && prev_alnum(s, i)))
			return i;
	}
	return SIZE_MAX;
}

void vn_pairs_add(struct vn_pairs *p, const char *const *kws)
{
	for (; *kws; kws++) {
		int32_t f, g;
		size_t n = vn_cp(&f, *kws, 4, 0);   /* one code point: NUL stops it */

		f = vn_fold_cp(f);
		vn_cp(&g, *kws + n, 4, 0);
		g = vn_fold_cp(g);
		if (f < 'a' || f > 'z')
			p->other = 1;
		else
			p->next[f - 'a'] |= g >= 'a' && g <= 'z' ? (uint32_t)1 << (g - 'a') : VN_PAIR_ANY;
	}
}

/* vn_kw_may() of a keyword that starts with a non-ASCII letter. */
int vn_kw_may_cp(int32_t f, const char *kw)
{
	return kw_first(kw) == f;
}

/* Written for speed (it runs at every word of a task): vn_is_space() inline. */
void vn_head_at(struct vn_head *h, const char *s, size_t len, size_t pos)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = pos;
	unsigned n = 0;

	while (i < len && n < VN_HEAD_MAX) {
		unsigned char c = u[i];
		int32_t cp, f;

		if (c == ' ' || (c >= '\t' && c <= '\r') ||
		    (c == 0xC2 && i + 1 < len && u[i + 1] == 0xA0)) {
			while (i < len && (u[i] == ' ' || (u[i] >= '\t' && u[i] <= '\r') ||
			                   (u[i] == 0xC2 && i + 1 < len && u[i + 1] == 0xA0)))
				i += u[i] == 0xC2 ? 2 : 1;
			h->c[n++] = ' ';
		} else if (c < 0x80) {
			h->c[n++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
			i++;
		} else {
			i += vn_cp(&cp, s, len, i);
			f = vn_fold_cp(cp);
			h->c[n++] = f >= 0 && f < 0x80 ? (unsigned char)f : 0xFF;
		}
	}
	h->n = (unsigned char)n;
	h->full = i < len;
}

size_t vn_kw_find_any(const char *s, size_t len, size_t from, const char *const *kws,
                      int *which)
{
	int32_t k0[VN_KW_MAX];
	int alnum[VN_KW_MAX], nk, k, high = 0, other = 0;
	uint64_t first[2] = { 0, 0 };   /* the ASCII first letters, a bit each */
	uint32_t letters = 0;           /* the same as bits of lead_masks() */
	const uint32_t *m = NULL;
	size_t i;

	for (nk = 0; nk < VN_KW_MAX && kws[nk]; nk++) {
		k0[nk] = kw_first(kws[nk]);
		alnum[nk] = is_alnum_cp(k0[nk]);
		if (k0[nk] >= 0 && k0[nk] < 0x80)
			first[k0[nk] >> 6] |= (uint64_t)1 << (k0[nk] & 63);
		else
			high = 1;
		if (k0[nk] >= 'a' && k0[nk] <= 'z')
			letters |= (uint32_t)1 << (k0[nk] - 'a');
		else
			other = 1;
	}
	if (!other)
		m = lead_masks();
	for (i = from; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int32_t f;
		int prev = -1;

		if (m && !(m[c] & letters))
			continue;
		if (c < 0x80) {
			f = ascii_lower(c);
			if (!((first[f >> 6] >> (f & 63)) & 1))
				continue;
		} else {
			if ((c & 0xC0) == 0x80)
				continue;
			f = vn_fold_at(s, len, i);
			if (f >= 0 && f < 0x80 ? !((first[f >> 6] >> (f & 63)) & 1) : !high)
				continue;
		}
		for (k = 0; k < nk; k++) {
			if (k0[k] != f || !vn_kw(s, len, i, kws[k]))
				continue;
			if (alnum[k]) {
				if (prev < 0)
					prev = prev_alnum(s, i);
				if (prev)
					continue;
			}
			if (which)
				*which = k;
			return i;
		}
	}
	return SIZE_MAX;
}

int vn_has(const char *s, size_t len, size_t pos, const char *lit)
{
	size_t n = strlen(lit);

	return pos <= len && len - pos >= n && memcmp(s + pos, lit, n) == 0;
}

size_t vn_skip_blank(const char *s, size_t len, size_t pos, int nl)
{
	size_t n;

	while (vn_is_space(s, len, pos, &n)) {
		if (!nl && s[pos] == '\n')
			break;
		pos += n;
	}
	return pos;
}

/* ---- strings -------------------------------------------------------- */

static int blank_or_star(const char *s, size_t n, size_t j)
{
	size_t k;

	return s[j] == '*' || vn_is_space(s, n, j, &k);
}

/*
 * Bytes from s[i] up to the next blank or '*', taking in the lone spaces
 * between words, which are already collapsed: a line of prose is then one
 * append, where a call per word was most of the cost.
 */
static size_t text_run(const char *s, size_t n, size_t i)
{
	size_t j = i;

	while (j < n) {
		unsigned char c = (unsigned char)s[j];

		/* the bytes of words, told apart from blanks without a call */
		if (c > ' ' && c != '*' && c != 0xC2)
			j++;
		else if (c == ' ' && j + 1 < n && !blank_or_star(s, n, j + 1))
			j++;
		else if (blank_or_star(s, n, j))
			break;
		else
			j++;
	}
	return j - i;
}

void vn_put_collapsed(struct vt_buf *b, const char *s, size_t n)
{
	size_t i = 0, k;
	int space = b->n > 0 && b->p[b->n - 1] != ' ';

	while (i < n) {
		if (vn_is_space(s, n, i, &k) || s[i] == '*') {
			i += vn_is_space(s, n, i, &k) ? k : 1;
			space = 1;
			continue;
		}
		if (space && b->n > 0 && b->p[b->n - 1] != ' ')
			vt_buf_put(b, " ", 1);
		space = 0;
		k = text_run(s, n, i);
		vt_buf_put(b, s + i, k);
		i += k;
	}
}

char *vn_clean(const char *s, size_t n, const char *strip_tail)
{
	struct vt_buf b = {0};
	char *p;
	size_t m;

	vn_put_collapsed(&b, s, n);
	p = vt_buf_take(&b);
	if (!p)
		return NULL;
	m = strlen(p);
	while (m > 0 && (p[m - 1] == ' ' || (strip_tail && strchr(strip_tail, p[m - 1]))))
		p[--m] = '\0';
	if (p[0] == ' ')
		memmove(p, p + 1, m);
	return p;
}

static void add_cp(struct vt_buf *b, int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);

	vt_buf_put(b, (const char *)tmp, (size_t)n);
}

char *vn_lower(const char *s, size_t n)
{
	struct vt_buf b = {0};
	size_t i = 0;

	while (i < n) {
		int32_t cp;
		size_t k = vn_cp(&cp, s, n, i);

		if (cp < 0)
			vt_buf_put(&b, s + i, k);
		else
			add_cp(&b, utf8proc_tolower(cp));
		i += k;
	}
	return vt_buf_take(&b);
}

/* Append s[0..n) with the first letter of every word in upper case. */
static void add_capitalised(struct vt_buf *b, const char *s, size_t n, int every)
{
	size_t i = 0;
	int start = 1;

	while (i < n) {
		int32_t cp;
		size_t k = vn_cp(&cp, s, n, i);

		if (cp < 0) {
			vt_buf_put(b, s + i, k);
		} else if (start && is_letter_cp(cp)) {
			add_cp(b, utf8proc_toupper(cp));
			start = 0;
		} else {
			add_cp(b, cp);
			if (cp == ' ' || cp == '-')
				start = every;
			else if (is_letter_cp(cp))
				start = 0;
		}
		i += k;
	}
}

/*
 * Phrases of agency names and titles in their usual spelling; `place` says
 * that a place name follows ("tỉnh", "Tỉnh ủy") and is capitalised.
 */
struct phrase {
	const char *text;
	int place;
};

static const struct phrase phrases[] = {
	{"Ủy ban nhân dân", 0}, {"UBND", -1}, {"Hội đồng nhân dân", 0}, {"HĐND", -2},
	{"Ủy ban Thường vụ Quốc hội", 0}, {"Ủy ban Mặt trận Tổ quốc Việt Nam", 0},
	{"Ban Chấp hành Trung ương", 0}, {"Bộ Chính trị", 0}, {"Ban Bí thư", 0},
	{"Ban Thường vụ", 0}, {"Ban Tuyên giáo", 0}, {"Ban Tổ chức", 0},
	{"Ban Dân vận", 0}, {"Ban Nội chính", 0}, {"Ủy ban Kiểm tra", 0},
	{"Văn phòng Trung ương Đảng", 0}, {"Văn phòng Chính phủ", 0},
	{"Văn phòng Quốc hội", 0}, {"Văn phòng Chủ tịch nước", 0},
	{"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân", 0},
	{"Văn phòng", 0}, {"Thủ tướng Chính phủ", 0}, {"Phó Thủ tướng Chính phủ", 0},
	{"Chính phủ", 0}, {"Thủ tướng", 0}, {"Phó Thủ tướng", 0}, {"Quốc hội", 0},
	{"Đảng Cộng sản Việt Nam", 0}, {"Tổng Bí thư", 0},
	{"Tỉnh ủy", 1}, {"Tỉnh uỷ", 1}, {"Thành ủy", 1}, {"Thành uỷ", 1},
	{"Huyện ủy", 1}, {"Đảng ủy", 0}, {"Đảng bộ", 0},
	{"Ban Quản lý", 0}, {"Khu kinh tế", 0}, {"Khu công nghiệp", 0},
	{"Công an", 0}, {"Bộ Chỉ huy Quân sự", 0}, {"Bộ Chỉ huy Bộ đội Biên phòng", 0},
	{"Thanh tra", 0}, {"Kho bạc Nhà nước", 0}, {"Ngân hàng Nhà nước", 0},
	{"Phó Chánh Văn phòng", 0}, {"Chánh Văn phòng", 0},
	{"Phó Chủ tịch", 0}, {"Chủ tịch", 0}, {"Phó Giám đốc", 0}, {"Giám đốc", 0},
	{"Bộ trưởng", 0}, {"Thứ trưởng", 0}, {"Phó Bí thư", 0}, {"Bí thư", 0},
	{"Phó Trưởng ban", 0}, {"Trưởng ban", 0}, {"Cục trưởng", 0}, {"Vụ trưởng", 0},
	{"Chủ nhiệm", 0}, {"Chánh Thanh tra", 0}, {"Viện trưởng", 0},
	{"Trung ương", 0}, {"Việt Nam", 0}, {"Nhà nước", 0},
	{"thành phố", 1}, {"tỉnh", 1}, {"huyện", 1}, {"quận", 1}, {"thị xã", 1},
	{"xã", 1}, {"phường", 1}, {"đặc khu", 1}, {"thị trấn", 1},
};

const char *const vn_departments[] = {
	"Nội vụ", "Tư pháp", "Tài chính", "Công Thương", "Nông nghiệp và Môi trường",
	"Xây dựng", "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch",
	"Giáo dục và Đào tạo", "Y tế", "Ngoại vụ", "Dân tộc và Tôn giáo", "Du lịch",
	"Quy hoạch - Kiến trúc", "Kế hoạch và Đầu tư", "Giao thông vận tải",
	"Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn",
	"Thông tin và Truyền thông", "Lao động - Thương binh và Xã hội",
	"Văn hóa và Thể thao", "Văn hóa, Thể thao", "Ngoại giao", "Quốc phòng",
	"Công an", "Giáo dục - Đào tạo", "Khoa học - Công nghệ",
	"Nông nghiệp - Môi trường", "Văn hóa - Thể thao và Du lịch", NULL
};

static const char *const provinces[] = {
	"Hà Nội", "Thừa Thiên Huế", "Huế", "Lai Châu", "Điện Biên", "Sơn La",
	"Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
	"Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
	"Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai",
	"Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
	"Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang", "Hà Giang",
	"Yên Bái", "Bắc Kạn", "Vĩnh Phúc", "Hòa Bình", "Bắc Giang", "Thái Bình",
	"Hải Dương", "Hà Nam", "Nam Định", "Quảng Bình", "Quảng Nam", "Kon Tum",
	"Bình Định", "Ninh Thuận", "Phú Yên", "Đắk Nông", "Bình Thuận", "Bình Dương",
	"Bà Rịa - Vũng Tàu", "Bình Phước", "Long An", "Sóc Trăng", "Hậu Giang",
	"Bến Tre", "Trà Vinh", "Tiền Giang", "Bạc Liêu", "Kiên Giang", NULL
};

size_t vn_department_at(const char *s, size_t len, size_t pos, const char **canon)
{
	size_t best = 0, i;
	int32_t f = vn_fold_at(s, len, pos);

	for (i = 0; vn_departments[i]; i++) {
		size_t n = vn_kw_may(f, vn_departments[i]) ? vn_kw(s, len, pos, vn_departments[i]) : 0;
		if (n > best) {
			best = n;
			if (canon)
				*canon = vn_departments[i];
		}
	}
	return best;
}

const char *vn_province_at(const char *s, size_t len, size_t pos, size_t *n)
{
	size_t best = 0, i;
	const char *c = NULL;
	int32_t f = vn_fold_at(s, len, pos);

	for (i = 0; provinces[i]; i++) {
		size_t k = vn_kw_may(f, provinces[i]) ? vn_kw(s, len, pos, provinces[i]) : 0;
		if (k > best) {
			best = k;
			c = provinces[i];
		}
	}
	if (n)
		*n = best;
	return c;
}

const char *vn_province_in(const char *s, size_t len, size_t *at)
{
	static const char *const lead[] = {"tinh ", "thanh pho ", NULL};
	size_t best = SIZE_MAX;
	const char *c = NULL;
	int i;

	for (i = 0; lead[i]; i++) {
		size_t from = 0;

		while (from < len) {
			size_t p = vn_kw_find(s, len, from, lead[i]), k, n;
			const char *name;

			if (p == SIZE_MAX || p >= best)
				break;
			k = vn_kw(s, len, p, lead[i]);
			name = vn_province_at(s, len, p + k, &n);
			/* a province name is written with capitals */
			if (name && vn_starts_upper(s + p + k, len - p - k)) {
				best = p;
				c = name;
				break;
			}
			from = p + 1;
		}
	}
	if (at)
		*at = best;
	return c;
}

/* The longest phrase of the table that starts at s[pos]. */
static const struct phrase *phrase_at(const char *s, size_t len, size_t pos, size_t *n)
{
	const struct phrase *best = NULL;
	size_t i, bn = 0;
	int32_t f = vn_fold_at(s, len, pos);

	for (i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		size_t k = vn_kw_may(f, phrases[i].text) ? vn_kw(s, len, pos, phrases[i].text) : 0;

		if (k > bn) {
			bn = k;
			best = &phrases[i];
		}
	}
	*n = bn;
	return best;
}

/*
 * "Các Sở: Ngoại vụ, Công Thương, …, Văn hóa, Thể thao và Du lịch": one
 * "Sở X" each.  The table of department names keeps "Văn hóa, Thể thao
 * và Du lịch" whole; unknown names are split at commas.
 */
int vn_expand_group(cJSON *arr, const char *item)
{
	static const char *const groups[][2] = {
		{"cac so:", "Sở "}, {"cac bo:", "Bộ "}, {"so:", "Sở "}, {"bo:", "Bộ "},
	};
	/* a leader's title may come first: "Bộ trưởng các Bộ: Quốc phòng, Công an" */
	static const char *const titles[] = {
		"bo truong ", "giam doc ", "thu truong ", "lanh dao ", NULL
	};
	size_t len = strlen(item), i, p = SIZE_MAX, t0 = 0;
	const char *head = NULL;

	t0 = vn_kw_any(item, len, 0, titles);
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		size_t k = vn_kw(item, len, t0, groups[i][0]);

		if (k) {
			p = t0 + k;
			head = groups[i][1];
			break;
		}
	}
	if (!head)
		return 0;
	while (p < len) {
		const char *canon = NULL;
		size_t q, n;
		struct vt_buf b = {0};
		char *name;

		p = vn_skip_blank(item, len, p, 1);
		while (p < len && (item[p] == ',' || item[p] == ';'))
			p = vn_skip_blank(item, len, p + 1, 1);
		if (vn_kw(item, len, p, "va "))
			p = vn_skip_blank(item, len, p + 2, 1);
		if (p >= len)
			break;
		vt_buf_put(&b, item, t0);   /* the title as written */
		n = vn_department_at(item, len, p, &canon);
		if (n) {
			q = p + n;
			vt_buf_puts(&b, head);
			vt_buf_puts(&b, canon);
		} else {
			q = p;
			while (q < len && item[q] != ',' && item[q] != ';')
				q++;
			vt_buf_puts(&b, head);
			vn_put_collapsed(&b, item + p, q - p);
		}
		name = vt_buf_take(&b);
		if (name) {
			char *c = vn_clean(name, strlen(name), ".;, ");
			if (c && strlen(c) > t0 + strlen(head))
				cJSON_AddItemToArray(arr, cJSON_CreateString(c));
			free(c);
			free(name);
		}
		p = q;
	}
	return 1;
}

char *vn_usual_case(const char *s, size_t n)
{
	struct vt_buf b = {0};
	char *c = vn_clean(s, n, NULL), *low;
	size_t i = 0, len;
	int place = 0;

	if (!c)
		return NULL;
	if (!vn_is_upper_text(c, strlen(c)))
		return c;
	low = vn_lower(c, strlen(c));
	free(c);
	if (!low)
		return NULL;
	len = strlen(low);
	while (i < len) {
		size_t k, d;
		const struct phrase *ph;
		const char *dep;

		if (low[i] == ' ' || (i > 0 && low[i - 1] != ' ')) {
			vt_buf_put(&b, low + i, 1);
			i++;
			continue;
		}
		/* "Sở"/"Bộ" + a department name */
		if ((vn_kw(low, len, i, "so ") || vn_kw(low, len, i, "bo ")) &&
		    (d = vn_department_at(low, len, i + (vn_kw(low, len, i, "so ") ?
		         vn_kw(low, len, i, "so ") : vn_kw(low, len, i, "bo ")), &dep))) {
			size_t head = vn_kw(low, len, i, "so ") ? vn_kw(low, len, i, "so ")
			                                         : vn_kw(low, len, i, "bo ");
			vt_buf_puts(&b, vn_kw(low, len, i, "so ") ? "Sở " : "Bộ ");
			vt_buf_puts(&b, dep);
			i += head + d;
			place = 0;
			continue;
		}
		ph = phrase_at(low, len, i, &k);
		if (ph) {
			if (ph->place == -1)
				vt_buf_puts(&b, "Ủy ban nhân dân");
			else if (ph->place == -2)
				vt_buf_puts(&b, "Hội đồng nhân dân");
			else
				vt_buf_puts(&b, ph->text);
			place = ph->place == 1;
			i += k;
			continue;
		}
		/* a word: a place name after "tỉnh", else lower case */
		k = i;
		while (k < len && low[k] != ' ')
			k++;
		if (place)
			add_capitalised(&b, low + i, k - i, 1);
		else
			vt_buf_put(&b, low + i, k - i);
		i = k;
	}
	free(low);
	c = vt_buf_take(&b);
	if (c && c[0]) {
		/* the first letter of a name is always a capital */
		struct vt_buf f = {0};
		int32_t cp;
		size_t k = vn_cp(&cp, c, strlen(c), 0);

		if (cp >= 0 && vn_is_lower_cp(cp)) {
			add_cp(&f, utf8proc_toupper(cp));
			vt_buf_puts(&f, c + k);
			free(c);
			c = vt_buf_take(&f);
		}
	}
	return c;
}

/* ---- agencies ------------------------------------------------------- */

static const char *const heads[] = {
	"Sở ", "Các Sở", "Các sở", "Ban ", "Các Ban", "Các ban", "Ủy ban", "Uỷ ban",
	"UBND", "Công an", "Bộ Chỉ huy", "Bộ ", "Văn phòng", "Thanh tra",
	"Trung tâm", "Liên hiệp", "Liên đoàn", "Hội đồng", "HĐND", "Hội ", "Đài ",
	"Báo ", "Cục ", "Chi cục", "Kho bạc", "Ngân hàng", "Bảo hiểm", "Tỉnh đoàn",
	"Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Đảng ủy", "Mặt trận", "Các cơ quan",
	"Các đơn vị", "Các địa phương", "Thủ trưởng", "Viện ", "Hiệp hội",
	"Cơ quan", "Đoàn ", "Bộ đội", "Ban Chỉ huy", "Chủ tịch Ủy ban", "Chủ tịch UBND",
	/* a ministry's own units, the standing bodies of councils and Party
	 * committees, and the phòng of a commune since the two-tier reform */
	"Vụ ", "Các Vụ", "Các Cục", "Thường trực", "Phòng ", "Trường Chính trị",
	"Bệnh viện", "Các bệnh viện", "Các trường", "Các trung tâm", "Các Trung tâm",
	"Các tỉnh ủy", "Các cấp ủy", "Các đảng ủy", NULL
};

/* Tried at every word of a task: the first byte rules most heads out. */
size_t vn_agency_head(const char *s, size_t len, size_t pos)
{
	int i;

	if (pos >= len)
		return 0;
	for (i = 0; heads[i]; i++)
		if (heads[i][0] == s[pos] && vn_has(s, len, pos, heads[i]))
			return strlen(heads[i]);
	return 0;
}

/* ---- spans ---------------------------------------------------------- */

cJSON *vn_span(const struct vt_doc *doc, size_t start, size_t end)
{
	cJSON *a = cJSON_CreateArray();
	size_t s = start, e = end;

	if (!a)
		return NULL;
	if (s > doc->len)
		s = doc->len;
	if (e > doc->len)
		e = doc->len;
	if (e < s)
		e = s;
	if (doc->src) {
		s = vt_text_orig_offset(doc->src, s);
		e = vt_text_orig_offset(doc->src, e);
		if (e < s)
			e = s;
	}
	cJSON_AddItemToArray(a, cJSON_CreateNumber((double)s));
	cJSON_AddItemToArray(a, cJSON_CreateNumber((double)e));
	return a;
}
