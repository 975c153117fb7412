/*
 * The agency register (vanthu/agency.h).
 *
 * The data is a TSV file embedded in the library (agencies_data.S), so the
 * register is edited as data and never drifts from the binary.  It is
 * parsed once, on first use, under pthread_once: a copy of the text is cut
 * into fields in place and every name and abbreviation gets a folded key
 * (lower case, marks stripped, đ -> d, punctuation -> one space, "&" kept).
 * Matching text against the register folds a short window of the text into
 * the same key space, with a map back to byte offsets, and compares keys.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vanthu/agency.h"
#include "vanthu/buf.h"
#include "vn.h"

extern const char vt_agencies_tsv[];
extern const uint64_t vt_agencies_tsv_size;

#define NCOLS 8
#define FOLD_TABLE 0x2000   /* Latin, Latin Extended and Vietnamese letters */
#define WINDOW 192          /* bytes of text folded to match a name */

struct key {
	char *k;
	size_t n;
	size_t entry;
	int is_name;
};

static struct {
	char *buf;
	struct vt_agency *e;
	size_t n;
	const char **lists;     /* storage of the abbreviation and code arrays */
	struct key *keys;
	size_t nkeys;
	char *keybuf;
	/* keys by their first byte, in the order of keys: by[off[c]..off[c + 1]) */
	size_t *by, off[257];
	size_t longest;         /* bytes of the longest key */
	size_t *words, nwords;  /* the entries of kind "word", in order */
	int err;
} R;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Base letter of a code point below FOLD_TABLE: ASCII, 0 = not a letter, 1 = keep. */
static unsigned char fold_tab[FOLD_TABLE];

/* ---- folding ---------------------------------------------------------- */

static void fold_table_init(void)
{
	int32_t cp;

	for (cp = 0; cp < FOLD_TABLE; cp++) {
		utf8proc_int32_t d[8];
		int bc = 0;
		utf8proc_ssize_t n;

		if (cp < 128) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '&')
				fold_tab[cp] = (unsigned char)cp;
			else if (cp >= 'A' && cp <= 'Z')
				fold_tab[cp] = (unsigned char)(cp + 32);
			continue;
		}
		if (cp == 0x110 || cp == 0x111) {
			fold_tab[cp] = 'd';
			continue;
		}
		{
			utf8proc_category_t c = utf8proc_category(cp);

			if (c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_LO)
				continue;
		}
		n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
		                            UTF8PROC_CASEFOLD, &bc);
		if (n >= 1 && d[0] < 128 && ((d[0] >= 'a' && d[0] <= 'z')))
			fold_tab[cp] = (unsigned char)d[0];
		else
			fold_tab[cp] = 1;
	}
}

/*
 * Fold s[0..len) into out (capacity cap, NUL-terminated); ends[i] (may be
 * NULL) gets the byte offset in s just after the character that produced
 * out[i].  Returns the length of out.
 */
static size_t fold(char *out, size_t cap, size_t *ends, const char *s, size_t len)
{
	size_t i = 0, o = 0;
	int space = 0;

	if (!cap)
		return 0;
	while (i < len && o + 5 < cap) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		size_t n = 1;
		unsigned char f;

		if (c < 0x80)
			cp = c;
		else
			n = vn_cp(&cp, s, len, i);   /* 1 and -1 when invalid */
		f = cp >= 0 && cp < FOLD_TABLE ? fold_tab[cp] : 0;
		if (cp >= FOLD_TABLE) {
			utf8proc_category_t k = utf8proc_category(cp);
			f = (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ? 1 : 0;
		}
		if (!f) {
			space = o > 0;
		} else {
			if (space) {
				if (ends)
					ends[o] = i;
				out[o++] = ' ';
				space = 0;
			}
			if (f == 1) {
				/* a letter without an ASCII base: keep it, lower-cased */
				utf8proc_uint8_t u[4];
				utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_tolower(cp), u);
				utf8proc_ssize_t k;

				for (k = 0; k < w; k++) {
					if (ends)
						ends[o] = i + n;
					out[o++] = (char)u[k];
				}
			} else {
				if (ends)
					ends[o] = i + n;
				out[o++] = (char)f;
			}
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

static char *fold_dup(const char *s, size_t len)
{
	size_t cap = len * 4 + 8;
	char *o = malloc(cap);

	if (o)
		fold(o, cap, NULL, s, len);
	return o;
}

/* ---- the register ----------------------------------------------------- */

static int kind_of(const char *s)
{
	static const char *const k[] = {
		"central", "party", "ministry", "dept", "local", "province", "word", "title", NULL
	};
	int i;

	for (i = 0; k[i]; i++)
		if (!strcmp(s, k[i]))
			return i + 1;
	return 0;
}

static size_t count_items(const char *s)
{
	size_t n = *s ? 1 : 0;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

/* Split a comma-separated field in place into dst; returns the count. */
static size_t split_list(const char **dst, char *s)
{
	size_t n = 0;

	while (*s) {
		char *c = strchr(s, ',');

		if (c)
			*c = '\0';
		if (*s)
			dst[n++] = s;
		if (!c)
			break;
		s = c + 1;
	}
	return n;
}

static void reg_free(void)
{
	free(R.buf);
	free(R.e);
	free(R.lists);
	free(R.keys);
	free(R.keybuf);
	free(R.by);
	free(R.words);
	memset(&R, 0, sizeof(R));
}

__attribute__((destructor)) static void reg_fini(void)
{
	reg_free();
}

static int add_key(size_t *kb, size_t kcap, const char *s, size_t entry, int is_name)
{
	size_t n;

	if (*kb >= kcap)
		return -1;
	n = fold(R.keybuf + *kb, kcap - *kb, NULL, s, strlen(s));
	if (!n)
		return 0;
	R.keys[R.nkeys].k = R.keybuf + *kb;
	R.keys[R.nkeys].n = n;
	R.keys[R.nkeys].entry = entry;
	R.keys[R.nkeys].is_name = is_name;
	R.nkeys++;
	*kb += n + 1;
	return 0;
}

/* Longest keys first, so that the first prefix that matches is the longest. */
static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/*
 * A text can only match the keys that start with its first folded byte:
 * a stable counting sort of the keys by that byte keeps, within each
 * byte, the order longest_at() relies on.
 */
static int index_keys(void)
{
	size_t i, fill[256];

	R.by = malloc((R.nkeys ? R.nkeys : 1) * sizeof(*R.by));
	if (!R.by)
		return -1;
	memset(R.off, 0, sizeof(R.off));
	for (i = 0; i < R.nkeys; i++)
		R.off[(unsigned char)R.keys[i].k[0] + 1]++;
	for (i = 0; i < 256; i++)
		R.off[i + 1] += R.off[i];
	memcpy(fill, R.off, sizeof(fill));
	for (i = 0; i < R.nkeys; i++)
		R.by[fill[(unsigned char)R.keys[i].k[0]]++] = i;
	R.longest = R.nkeys ? R.keys[0].n : 0;
	R.words = malloc((R.n ? R.n : 1) * sizeof(*R.words));
	if (!R.words)
		return -1;
	for (i = 0; i < R.n; i++)
		if (R.e[i].kind == VT_AGENCY_WORD)
			R.words[R.nwords++] = i;
	return 0;
}

static void reg_init(void)
{
	size_t len = (size_t)vt_agencies_tsv_size, lines = 0, items = 0, i, kb = 0, kcap;
	char *p, *line;

	fold_table_init();
	R.buf = malloc(len + 1);
	if (!R.buf)
		goto fail;
	memcpy(R.buf, vt_agencies_tsv, len);
	R.buf[len] = '\0';
	for (i = 0; i < len; i++)
		if (R.buf[i] == '\n')
			lines++;
	lines++;
	/* every comma or tab may start an item: an upper bound */
	for (i = 0; i < len; i++)
		if (R.buf[i] == ',' || R.buf[i] == '\t')
			items++;
	items += lines * 2;
	R.e = calloc(lines, sizeof(*R.e));
	R.lists = calloc(items, sizeof(*R.lists));
	R.keys = calloc(items, sizeof(*R.keys));
	kcap = len * 4 + 64;
	R.keybuf = malloc(kcap);
	if (!R.e || !R.lists || !R.keys || !R.keybuf)
		goto fail;
	{
		size_t li = 0;

		for (p = R.buf; p && *p; p = line) {
			char *col[NCOLS];
			int c;
			struct vt_agency *a;

			line = strchr(p, '\n');
			if (line)
				*line++ = '\0';
			if (*p == '#' || !*p)
				continue;
			for (c = 0; c < NCOLS; c++) {
				char *t = c + 1 < NCOLS ? strchr(p, '\t') : NULL;

				col[c] = p;
				if (t) {
					*t = '\0';
					p = t + 1;
				} else {
					p += strlen(p);
				}
			}
			a = &R.e[R.n];
			a->kind = kind_of(col[0]);
			if (!a->kind || !*col[1])
				continue;
			a->name = col[1];
			a->abbrevs = &R.lists[li];
			a->nabbrevs = split_list(&R.lists[li], col[2]);
			li += a->nabbrevs;
			a->codes = &R.lists[li];
			a->ncodes = split_list(&R.lists[li], col[3]);
			li += a->ncodes;
			a->valid_from = col[4];
			a->valid_to = col[5];
			a->successor = col[6];
			a->scope = col[7];
			(void)count_items;
			R.n++;
		}
	}
	for (i = 0; i < R.n; i++) {
		size_t k;

		if (add_key(&kb, kcap, R.e[i].name, i, 1) < 0)
			goto fail;
		for (k = 0; k < R.e[i].nabbrevs; k++)
			if (add_key(&kb, kcap, R.e[i].abbrevs[k], i, 0) < 0)
				goto fail;
	}
	qsort(R.keys, R.nkeys, sizeof(*R.keys), cmp_key);
	if (index_keys() < 0)
		goto fail;
	return;
fail:
	reg_free();
	R.err = 1;
}

static int ready(void)
{
	pthread_once(&once, reg_init);
	return !R.err && R.n > 0;
}

int vt_agency_count(void)
{
	return ready() ? (int)R.n : -1;
}

const struct vt_agency *vt_agency_get(size_t i)
{
	return ready() && i < R.n ? &R.e[i] : NULL;
}

static int is_agency_kind(int k)
{
	return k != VT_AGENCY_WORD && k != VT_AGENCY_TITLE && k != VT_AGENCY_PROVINCE;
}

const struct vt_agency *vt_agency_find(const char *s, size_t len)
{
	char buf[WINDOW * 2];
	size_t n, i;

	if (!s || !ready() || len > WINDOW)
		return NULL;
	n = fold(buf, sizeof(buf), NULL, s, len);
	if (!n)
		return NULL;
	/* names first: "CT" the title and "CT" nothing else, but a name beats an abbreviation */
	for (i = 0; i < R.nkeys; i++)
		if (R.keys[i].is_name && R.keys[i].n == n && !memcmp(R.keys[i].k, buf, n))
			return &R.e[R.keys[i].entry];
	for (i = 0; i < R.nkeys; i++)
		if (R.keys[i].n == n && !memcmp(R.keys[i].k, buf, n))
			return &R.e[R.keys[i].entry];
	return NULL;
}

/* Is s[pos] at the start of a word (not inside letters or digits)? */
static int word_start(const char *s, size_t pos)
{
	size_t b;
	int32_t cp;

	if (pos == 0)
		return 1;
	b = pos - 1;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80 && pos - b < 4)
		b--;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + b, (utf8proc_ssize_t)(pos - b), &cp) <= 0)
		return 1;
	if (cp < 128)
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		         (cp >= '0' && cp <= '9') || cp == '&');
	{
		utf8proc_category_t c = utf8proc_category(cp);
		return c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_MC;
	}
}

/*
 * The longest key of an entry accepted by `want` that starts the folded
 * window of s at pos.  Returns the bytes of s matched.
 */
static size_t longest_at(const struct vt_agency **out, const char *s, size_t len, size_t pos,
                         int (*want)(int kind))
{
	char buf[WINDOW * 2 + 8];
	size_t ends[WINDOW * 2 + 8];
	size_t n, i, w, cap;
	unsigned char b0;

	*out = NULL;
	if (!s || pos >= len || !ready() || !word_start(s, pos))
		return 0;
	w = len - pos < WINDOW ? len - pos : WINDOW;
	/*
	 * Past the longest key and the blank after it the fold says nothing
	 * more: every key is then shorter than the folded window, however
	 * long it is.  fold() stops 5 bytes short of its capacity.
	 */
	cap = R.longest + 8 < sizeof(buf) ? R.longest + 8 : sizeof(buf);
	n = fold(buf, cap, ends, s + pos, w);
	if (!n)
		return 0;
	/* the window starts with a letter of the name, not a blank */
	if (ends[0] > 4)
		return 0;
	b0 = (unsigned char)buf[0];
	for (i = R.off[b0]; i < R.off[b0 + 1]; i++) {
		const struct key *k = &R.keys[R.by[i]];

		if (k->n > n || memcmp(k->k, buf, k->n) != 0)
			continue;
		/* a whole word: "Sở Y tế" is no prefix of "Sở Y tế dự phòng"? it is; "Bộ Y" of "Bộ Yên" is not */
		if (k->n < n && buf[k->n] != ' ')
			continue;
		if (k->n == n && w < len - pos) {
			/* the window cut the text: make sure the word really ends */
			if (!word_start(s, pos + ends[k->n - 1]) && ends[k->n - 1] < w)
				continue;
		}
		if (!want(R.e[k->entry].kind))
			continue;
		*out = &R.e[k->entry];
		return ends[k->n - 1];
	}
	return 0;
}

size_t vt_agency_at(const struct vt_agency **out, const char *s, size_t len, size_t pos)
{
	const struct vt_agency *a = NULL;
	size_t n = longest_at(&a, s, len, pos, is_agency_kind);

	if (out)
		*out = a;
	return n;
}

static int code_eq(const char *a, const char *b)
{
	char x[64], y[64];

	if (strlen(a) > 30 || strlen(b) > 30)
		return 0;
	fold(x, sizeof(x), NULL, a, strlen(a));
	fold(y, sizeof(y), NULL, b, strlen(b));
	return *x && !strcmp(x, y);
}

int vt_agency_has_code(const struct vt_agency *a, const char *code)
{
	size_t i;

	if (!a || !code || !a->ncodes)
		return -1;
	for (i = 0; i < a->ncodes; i++)
		if (code_eq(a->codes[i], code))
			return 1;
	return 0;
}

int vt_agency_code_known(const char *code)
{
	size_t i, k;

	if (!code || !ready())
		return 0;
	for (i = 0; i < R.n; i++)
		for (k = 0; k < R.e[i].ncodes; k++)
			if (code_eq(R.e[i].codes[k], code))
				return 1;
	return 0;
}

/* ---- provinces -------------------------------------------------------- */

static int is_province_kind(int k)
{
	return k == VT_AGENCY_PROVINCE;
}

const char *vt_agency_province(const char *s, size_t len)
{
	const struct vt_agency *a = vt_agency_find(s, len);

	if (a && a->kind == VT_AGENCY_PROVINCE)
		return a->name;
	/* "tỉnh Đồng Nai", "TP. Hồ Chí Minh" */
	return s ? vt_agency_province_in(s, len, NULL, NULL) : NULL;
}

const char *vt_agency_province_successor(const char *province, const char *date)
{
	const struct vt_agency *a;

	if (!province)
		return NULL;
	a = vt_agency_find(province, strlen(province));
	if (!a || a->kind != VT_AGENCY_PROVINCE) {
		const char *p = vt_agency_province_in(province, strlen(province), NULL, NULL);

		a = p ? vt_agency_find(p, strlen(p)) : NULL;
		if (!a)
			return NULL;
	}
	if (*a->successor && *a->valid_to && (!date || strcmp(date, a->valid_to) > 0)) {
		const struct vt_agency *s = vt_agency_find(a->successor, strlen(a->successor));

		return s ? s->name : a->successor;
	}
	return a->name;
}

static int upper_at(const char *s, size_t len, size_t i)
{
	int32_t cp;

	if ((unsigned char)s[i] < 0x80)
		return s[i] >= 'A' && s[i] <= 'Z';
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp) <= 0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

const char *vt_agency_province_in(const char *s, size_t len, size_t *start, size_t *end)
{
	size_t i;

	if (!s || !ready())
		return NULL;
	for (i = 0; i < len; i++) {
		const struct vt_agency *a;
		size_t n;

		if (((unsigned char)s[i] & 0xC0) == 0x80 || !upper_at(s, len, i))
			continue;
		n = longest_at(&a, s, len, i, is_province_kind);
		if (n) {
			if (start)
				*start = i;
			if (end)
				*end = i + n;
			return a->name;
		}
	}
	return NULL;
}

/* ---- normalising names ------------------------------------------------ */

/* s[0..len) with blanks collapsed, '*' dropped, trimmed. */
static char *clean(const char *s, size_t len)
{
	struct vt_buf b = {0};
	size_t i;
	int sp = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '*')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			sp = b.n > 0;
			continue;
		}
		if (i + 1 < len && (unsigned char)c == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			sp = b.n > 0;
			i++;
			continue;
		}
		if (sp)
			vt_buf_put(&b, " ", 1);
		sp = 0;
		/* the rest of the word in one piece */
		{
			size_t j = i + 1;

			while (j < len && s[j] != '*' && s[j] != ' ' && s[j] != '\t' &&
			       s[j] != '\n' && s[j] != '\r' &&
			       !(j + 1 < len && (unsigned char)s[j] == 0xC2 &&
			         (unsigned char)s[j + 1] == 0xA0))
				j++;
			vt_buf_put(&b, s + i, j - i);
			i = j - 1;
		}
	}
	return vt_buf_take(&b);
}

/* Expand abbreviated words written as whole tokens, case as in the register. */
static char *expand_words(const char *s)
{
	struct vt_buf b = {0};
	const char *p = s;

	while (*p) {
		const char *q = p;
		size_t i, tl, core;

		while (*q && *q != ' ')
			q++;
		tl = (size_t)(q - p);
		core = tl;
		while (core > 0 && strchr(",;:)", p[core - 1]))
			core--;
		for (i = 0; core && i < R.nwords; i++) {
			const struct vt_agency *a = &R.e[R.words[i]];
			size_t k;

			for (k = 0; k < a->nabbrevs; k++)
				if (strlen(a->abbrevs[k]) == core && !memcmp(a->abbrevs[k], p, core))
					break;
			if (k < a->nabbrevs) {
				vt_buf_puts(&b, a->name);
				vt_buf_put(&b, p + core, tl - core);
				break;
			}
		}
		if (!core || i == R.nwords)
			vt_buf_put(&b, p, tl);
		p = q;
		while (*p == ' ') {
			vt_buf_put(&b, " ", 1);
			p++;
		}
	}
	return vt_buf_take(&b);
}

static const char *unit_of(const char *province)
{
	const struct vt_agency *a = vt_agency_find(province, strlen(province));

	return a && a->kind == VT_AGENCY_PROVINCE && *a->scope ? a->scope : "tỉnh";
}

static int ends_with(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);

	return a >= b && !strcmp(s + a - b, t);
}

char *vt_agency_normalise(const char *name, size_t len, const char *province)
{
	char *c, *x;
	const struct vt_agency *a = NULL;
	size_t n;
	struct vt_buf b = {0};
	const char *rest;

	if (!name)
		return NULL;
	c = clean(name, len);
	if (!c || !ready())
		return c;
	n = vt_agency_at(&a, c, strlen(c), 0);
	if (!n) {
		x = expand_words(c);
		free(c);
		if (!x)
			return NULL;
		c = x;
		n = vt_agency_at(&a, c, strlen(c), 0);
	}
	if (!n && !province)
		return c;
	rest = c + n;
	if (a) {
		/* "Ủy ban nhân dân tỉnh" with a province: the unit comes with the province */
		const char *nm = a->name;
		size_t nl = strlen(nm);

		if (province && *a->scope && ends_with(nm, " tỉnh"))
			nl -= strlen(" tỉnh");
		vt_buf_put(&b, nm, nl);
	} else {
		/* unknown head: keep it, without a trailing unit word */
		size_t hl = strlen(c);

		if (ends_with(c, " tỉnh"))
			hl -= strlen(" tỉnh");
		else if (ends_with(c, " thành phố"))
			hl -= strlen(" thành phố");
		vt_buf_put(&b, c, hl);
		rest = c + strlen(c);
	}
	if (province && (!a || !strcmp(a->scope, "province")) &&
	    !vt_agency_province_in(c, strlen(c), NULL, NULL)) {
		const char *r = rest;
		const char *canon = vt_agency_province(province, strlen(province));

		while (*r == ' ')
			r++;
		if (!strncmp(r, "tỉnh", strlen("tỉnh")) && (!r[strlen("tỉnh")] || r[strlen("tỉnh")] == ' '))
			r += strlen("tỉnh");
		else if (!strncmp(r, "thành phố", strlen("thành phố")) &&
		         (!r[strlen("thành phố")] || r[strlen("thành phố")] == ' '))
			r += strlen("thành phố");
		vt_buf_puts(&b, " ");
		vt_buf_puts(&b, unit_of(canon ? canon : province));
		vt_buf_puts(&b, " ");
		vt_buf_puts(&b, canon ? canon : province);
		vt_buf_puts(&b, r);
	} else if (a) {
		vt_buf_puts(&b, rest);
	} else {
		vt_buf_puts(&b, c + b.n);
	}
	free(c);
	return vt_buf_take(&b);
}

/* ---- matching ----------------------------------------------------------- */

/*
 * The folded core of a name without its province ("Sở Ngoại vụ tỉnh Tây
 * Ninh" -> "so ngoai vu") and the province named (canonical) or NULL.
 */
static char *core_of(const char *name, const char **prov)
{
	char *n = vt_agency_normalise(name, strlen(name), NULL), *f;
	size_t s, e;

	*prov = NULL;
	if (!n)
		return NULL;
	*prov = vt_agency_province_in(n, strlen(n), &s, &e);
	if (*prov) {
		/* drop "tỉnh"/"thành phố"/"TP" before the province too */
		size_t b = s;

		while (b > 0 && n[b - 1] == ' ')
			b--;
		if (b >= strlen("tỉnh") && !strncmp(n + b - strlen("tỉnh"), "tỉnh", strlen("tỉnh")))
			b -= strlen("tỉnh");
		else if (b >= strlen("thành phố") &&
		         !strncmp(n + b - strlen("thành phố"), "thành phố", strlen("thành phố")))
			b -= strlen("thành phố");
		memmove(n + b, n + e, strlen(n + e) + 1);
	}
	f = fold_dup(n, strlen(n));
	free(n);
	return f;
}

static int contains_words(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	const char *p = hay;

	if (!nl)
		return 0;
	while ((p = strstr(p, needle)) != NULL) {
		if ((p == hay || p[-1] == ' ') && (p[nl] == '\0' || p[nl] == ' '))
			return 1;
		p++;
	}
	return 0;
}

int vt_agency_match(const char *query, const char *province, const char *name,
                    const char *name_province)
{
	const char *pq, *pn;
	char *cq, *cn;
	int r = 0;

	if (!query || !name || !ready())
		return 0;
	cq = core_of(query, &pq);
	cn = core_of(name, &pn);
	if (!pq && province)
		pq = vt_agency_province(province, strlen(province));
	if (!pn && name_province)
		pn = vt_agency_province(name_province, strlen(name_province));
	if (cq && cn && contains_words(cn, cq)) {
		r = 1;
		if (pq && pn) {
			const char *a = vt_agency_province_successor(pq, NULL);
			const char *b = vt_agency_province_successor(pn, NULL);

			r = a && b && !strcmp(a, b);
		}
	}
	free(cq);
	free(cn);
	return r;
}
