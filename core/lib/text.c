/*
 * Loading and normalising document text (see vanthu/text.h).
 *
 * The normalised copy is built in one left-to-right pass over the input
 * that validates the UTF-8 as it goes.  Plain ASCII and precomposed text is
 * copied verbatim in runs; only the places that change (line ends, dash and
 * space look-alikes, markdown markers, split symbols, clusters with
 * combining marks) are rewritten.  Whole-text NFC would be simpler but runs
 * at about 23 MB/s, too slow for the budget of the load step, and it would
 * turn every byte into a change for the offset map.
 *
 * The offset map is a list of segments, one wherever the relation between
 * the two texts changes, so its size follows the number of edits and not
 * the size of the text.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <utf8proc.h>

#include "vanthu/error.h"
#include "vanthu/text.h"
#include "vn.h"

/*
 * From norm offset `norm` on, norm offset n maps to orig + (n - norm); in a
 * "flat" segment (a rewritten run) every offset maps to orig itself.  The
 * flag lives in the top bit of `orig` to keep a segment at two words: a
 * CRLF file has one segment per line.
 */
struct vt_text_seg {
	size_t norm;
	size_t orig;
};

#define SEG_FLAT ((size_t)1 << (sizeof(size_t) * 8 - 1))

/*
 * Marks taken into one cluster at most, as in the Stream-Safe Text Format
 * (UAX #15): utf8proc orders marks with a quadratic sort, and no real
 * letter carries more.
 */
#define CLUSTER_MARKS 30

/* Code points of a decomposed cluster: 31 code points of at most 4 each. */
#define CLUSTER_BUF 130

/* An annotation like "*Handwritten signature*" is at most this long. */
#define ANNOT_MAX 160

/* Longest document code checked after a split line ("NQ/TW", "KH-UBND"). */
#define CODE_MAX 48

#define READ_CHUNK 65536

struct builder {
	char *p;
	size_t len, cap;
	struct vt_text_seg *segs;
	size_t nsegs, segcap;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 64;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return vt_error_oom();
		ncap *= 2;
	}
	np = realloc(*p, ncap * elem);
	if (!np)
		return vt_error_oom();
	*p = np;
	*cap = ncap;
	return 0;
}

static int push_seg(struct builder *b, size_t orig, bool flat)
{
	struct vt_text_seg *last;

	/* A segment that got no bytes is replaced, so norm offsets stay
	 * strictly increasing for the binary search. */
	if (b->nsegs) {
		last = &b->segs[b->nsegs - 1];
		if (last->norm == b->len) {
			last->orig = orig | (flat ? SEG_FLAT : 0);
			return 0;
		}
	}
	if (grow((void **)&b->segs, &b->segcap, b->nsegs + 1, sizeof(*b->segs)))
		return VT_ENOMEM;
	b->segs[b->nsegs].norm = b->len;
	b->segs[b->nsegs].orig = orig | (flat ? SEG_FLAT : 0);
	b->nsegs++;
	return 0;
}

static int append(struct builder *b, const char *s, size_t n)
{
	/* +1 for the final NUL. */
	if (grow((void **)&b->p, &b->cap, b->len + n + 1, 1))
		return VT_ENOMEM;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

/* Whether the next byte from orig offset `from` continues the last segment. */
static bool continues(const struct builder *b, size_t from)
{
	const struct vt_text_seg *last;

	if (!b->nsegs)
		return false;
	last = &b->segs[b->nsegs - 1];
	if (last->orig & SEG_FLAT)
		return false;
	return last->orig + (b->len - last->norm) == from;
}

/* Copy orig[from, from + n) unchanged. */
static int emit_copy(struct builder *b, const char *orig, size_t from, size_t n)
{
	if (!n)
		return 0;
	if (!continues(b, from) && push_seg(b, from, false))
		return VT_ENOMEM;
	return append(b, orig + from, n);
}

/*
 * Replace the run of orig that starts at `from` by s[0, n).  When s is one code point
 * (a dash, a composed letter) no caller can hold an offset inside it, so
 * it maps like a copy whose start is right: that saves the flat segment,
 * which matters for NFD text with a cluster in every other word.
 */
static int emit_repl(struct builder *b, size_t from, const char *s, size_t n,
                     bool one_cp)
{
	if (!n)
		return 0;
	if (one_cp) {
		if (!continues(b, from) && push_seg(b, from, false))
			return VT_ENOMEM;
	} else if (push_seg(b, from, true)) {
		return VT_ENOMEM;
	}
	return append(b, s, n);
}

/* Whether s[0, n) is a single UTF-8 code point (s is valid UTF-8). */
static bool one_code_point(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return false;
	return n > 0;
}

/* ---- classification ---------------------------------------------------- */

/* Bytes that end a verbatim ASCII run: each needs a look. */
static bool is_special(unsigned char c)
{
	return c >= 0x80 || c == '\0' || c == '\r' || c == '*' || c == '_' ||
	       c == '-' || c == '/';
}

static bool is_hspace(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/*
 * Whether a code point may change under NFC together with what precedes
 * it: combining marks, and the Hangul jamo that compose with a syllable.
 * Latin and Vietnamese letters are answered without a table look-up.
 */
static bool is_combining(int32_t c)
{
	const utf8proc_property_t *p;

	if (c < 0x300 || (c >= 0x1E00 && c <= 0x1EFF))
		return false;
	if (c <= 0x36F)
		return true;
	if ((c >= 0x1161 && c <= 0x1175) || (c >= 0x11A8 && c <= 0x11C2))
		return true;
	p = utf8proc_get_property(c);
	return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
	       p->category == UTF8PROC_CATEGORY_MC ||
	       p->category == UTF8PROC_CATEGORY_ME;
}

/*
 * Whether a starter may change under NFC by itself (singletons such as
 * U+2126 OHM SIGN, composition exclusions): it has a canonical
 * decomposition outside the Latin blocks, whose letters are all stable.
 */
static bool may_change_alone(int32_t c)
{
	const utf8proc_property_t *p;

	if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF))
		return false;
	p = utf8proc_get_property(c);
	return p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0;
}

/* Replacement for a non-ASCII code point, or NULL to keep it. */
static const char *lookalike(int32_t c)
{
	switch (c) {
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE63: case 0xFF0D:
		return "-";
	case 0x2215: case 0xFF0F:
		return "/";
	case 0x0085: case 0x2028: case 0x2029:
		return "\n";
	/* Zero-width and invisible formatting characters go away. */
	case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
	case 0x2061: case 0x2062: case 0x2063: case 0x2064: case 0xFEFF:
		return "";
	}
	/* The Unicode spaces (category Zs), listed to skip a table look-up. */
	if (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	    c == 0x202F || c == 0x205F || c == 0x3000)
		return " ";
	return NULL;
}

/* ---- the pass ---------------------------------------------------------- */

struct pass {
	struct builder b;
	const char *s;
	size_t len;
	const char *name;
};

/*
 * Decode the code point at i; a negative length for invalid UTF-8 (or
 * past the end).  vn_cp() is utf8proc_iterate() inline for the letters of
 * Vietnamese, and the pass decodes every one of them.
 */
static ssize_t decode(const struct pass *ps, size_t i, int32_t *cp)
{
	size_t n = vn_cp(cp, ps->s, ps->len, i);

	return *cp < 0 ? -1 : (ssize_t)n;
}

static int bad_utf8(const struct pass *ps, size_t i)
{
	return vt_error_set(VT_EINVALID, "invalid UTF-8 at byte %zu of '%s'",
	                    i, ps->name);
}

/*
 * NFC of the cluster that starts at `start` (a starter or a mark) and
 * runs over the combining marks after it.  Returns the end of the cluster.
 */
static int do_cluster(struct pass *ps, size_t start, size_t *end)
{
	const utf8proc_option_t opt = UTF8PROC_COMPOSE | UTF8PROC_STABLE;
	utf8proc_int32_t buf[CLUSTER_BUF];
	utf8proc_uint8_t *nfc = NULL;
	const char *res;
	utf8proc_ssize_t n;
	size_t i = start, marks = 0;
	int32_t cp;
	ssize_t l;
	int err;

	/* The first code point belongs to the cluster whatever it is. */
	l = decode(ps, i, &cp);
	if (l <= 0)
		return bad_utf8(ps, i);
	i += (size_t)l;
	while (i < ps->len && (unsigned char)ps->s[i] >= 0x80) {
		l = decode(ps, i, &cp);
		if (l <= 0 || !is_combining(cp) || ++marks > CLUSTER_MARKS)
			break;	/* an invalid sequence is reported by the caller */
		i += (size_t)l;
	}
	/* Decompose and recompose on the stack: a malloc per cluster would
	 * cost more than the normalisation itself. */
	n = utf8proc_decompose((const utf8proc_uint8_t *)ps->s + start,
	                       (utf8proc_ssize_t)(i - start), buf,
	                       CLUSTER_BUF - 1, opt);
	if (n >= 0 && n < CLUSTER_BUF - 1) {
		n = utf8proc_reencode(buf, n, opt);
		res = (const char *)buf;
	} else {
		n = utf8proc_map((const utf8proc_uint8_t *)ps->s + start,
		                 (utf8proc_ssize_t)(i - start), &nfc, opt);
		res = (const char *)nfc;
	}
	if (n < 0) {
		free(nfc);
		return n == UTF8PROC_ERROR_NOMEM ? vt_error_oom() :
		       bad_utf8(ps, start);
	}
	if ((size_t)n == i - start && !memcmp(res, ps->s + start, (size_t)n))
		err = emit_copy(&ps->b, ps->s, start, i - start);
	else
		err = emit_repl(&ps->b, start, res, (size_t)n,
		                one_code_point(res, (size_t)n));
	free(nfc);
	*end = i;
	return err;
}

/* Whether ASCII `hay` contains `needle` ignoring ASCII case. */
static bool has_word(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (!strncasecmp(hay + i, needle, k))
			return true;
	return false;
}

/*
 * An OCR or converter note such as "*Handwritten signature*" or
 * "*Chữ ký*" at i: returns its length, 0 when there is none.
 */
static size_t annotation_at(const struct pass *ps, size_t i)
{
	utf8proc_uint8_t *fold = NULL;
	size_t j, k, lim = i + ANNOT_MAX < ps->len ? i + ANNOT_MAX : ps->len;
	utf8proc_ssize_t n;
	bool found;

	for (j = i + 1; j < lim; j++)
		if (ps->s[j] == '*' || ps->s[j] == '\n' || ps->s[j] == '\r')
			break;
	if (j >= lim || ps->s[j] != '*' || j - i - 1 < 6)
		return 0;
	if (has_word(ps->s + i + 1, j - i - 1, "signature"))
		return j + 1 - i;
	/* "chữ ký" needs non-ASCII: skip the case folding without it. */
	for (k = i + 1; k < j && (unsigned char)ps->s[k] < 0x80; k++)
		;
	if (k == j)
		return 0;
	n = utf8proc_map((const utf8proc_uint8_t *)ps->s + i + 1,
	                 (utf8proc_ssize_t)(j - i - 1), &fold,
	                 UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	found = n > 0 && memmem(fold, (size_t)n, "ch\xe1\xbb\xaf k\xc3\xbd", 8);
	free(fold);
	return found ? j + 1 - i : 0;
}

/*
 * After "<digit>-" or "<digit>/" at `i`: the length of a line break to
 * drop because the next line goes on with the code of a document symbol
 * ("59-\nNQ/TW", "153/\n\nNQ-CP"); 0 when the break stays.
 */
static size_t split_symbol_at(const struct pass *ps, size_t i)
{
	size_t j = i, k, upper = 0;
	bool lines = false, sep = false;
	int32_t cp;
	ssize_t l;

	while (j < ps->len && is_hspace((unsigned char)ps->s[j]))
		j++;
	while (j < ps->len && is_space((unsigned char)ps->s[j])) {
		if (ps->s[j] == '\n' || ps->s[j] == '\r')
			lines = true;
		j++;
	}
	if (!lines || j >= ps->len)
		return 0;
	l = decode(ps, j, &cp);
	if (l <= 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
		return 0;
	/* The code: letters, digits, "&", with a "-" or "/" inside, or a
	 * short run of capitals ("UBND"). */
	for (k = j; k < ps->len && k - j < CODE_MAX;) {
		unsigned char c = (unsigned char)ps->s[k];
		utf8proc_category_t cat;

		if (c == '-' || c == '/') {
			sep = true;
			k++;
			continue;
		}
		if (c == '&' || (c >= '0' && c <= '9')) {
			k++;
			continue;
		}
		l = decode(ps, k, &cp);
		if (l <= 0)
			break;
		cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_LU)
			upper++;
		else if (cat != UTF8PROC_CATEGORY_LL)
			break;
		k += (size_t)l;
	}
	if (!sep && upper < 2)
		return 0;
	return j - i;
}

static int step_special(struct pass *ps, size_t *pi)
{
	const char *s = ps->s;
	size_t i = *pi, n;
	unsigned char c = (unsigned char)s[i];
	const char *rep;
	int32_t cp;
	ssize_t l;
	int err;

	switch (c) {
	case '\0':
		return vt_error_set(VT_EINVALID, "NUL character at byte %zu of '%s'",
		                    i, ps->name);
	case '\r':
		if (i + 1 < ps->len && s[i + 1] == '\n') {
			*pi = i + 1;	/* dropped; the LF is copied next */
			return 0;
		}
		*pi = i + 1;
		return emit_repl(&ps->b, i, "\n", 1, true);
	case '*':
		if (i + 1 < ps->len && s[i + 1] == '*') {
			*pi = i + 2;	/* markdown bold */
			return 0;
		}
		n = annotation_at(ps, i);
		*pi = i + (n ? n : 1);
		return n ? 0 : emit_copy(&ps->b, s, i, 1);
	case '_':
		/* Exactly "__" is markdown; longer runs are blanks to fill. */
		if (i + 1 < ps->len && s[i + 1] == '_' &&
		    (i + 2 >= ps->len || s[i + 2] != '_') &&
		    (i == 0 || s[i - 1] != '_')) {
			*pi = i + 2;
			return 0;
		}
		*pi = i + 1;
		return emit_copy(&ps->b, s, i, 1);
	case '-':
	case '/':
		*pi = i + 1;
		if ((err = emit_copy(&ps->b, s, i, 1)))
			return err;
		if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
			*pi += split_symbol_at(ps, i + 1);
		return 0;
	}

	/* Non-ASCII. */
	l = decode(ps, i, &cp);
	if (l <= 0)
		return bad_utf8(ps, i);
	rep = lookalike(cp);
	if (rep) {
		*pi = i + (size_t)l;
		if ((err = emit_repl(&ps->b, i, rep, strlen(rep), true)))
			return err;
		if ((rep[0] == '-' || rep[0] == '/') && i > 0 &&
		    s[i - 1] >= '0' && s[i - 1] <= '9')
			*pi += split_symbol_at(ps, *pi);
		return 0;
	}
	if (is_combining(cp) || may_change_alone(cp) ||
	    (i + (size_t)l < ps->len && (unsigned char)s[i + l] >= 0x80 &&
	     decode(ps, i + (size_t)l, &cp) > 0 && is_combining(cp)))
		return do_cluster(ps, i, pi);
	*pi = i + (size_t)l;
	return emit_copy(&ps->b, s, i, (size_t)l);
}

/*
 * Is the code point at i copied as it is (a precomposed letter that NFC
 * keeps, no look-alike, no mark after it)?  The negation of the tests of
 * step_special(); *n gets its bytes.
 */
static bool plain_at(const struct pass *ps, size_t i, size_t *n)
{
	int32_t cp;
	ssize_t l = decode(ps, i, &cp);

	if (l <= 0 || lookalike(cp) || is_combining(cp) || may_change_alone(cp))
		return false;
	if (i + (size_t)l < ps->len && (unsigned char)ps->s[i + l] >= 0x80 &&
	    decode(ps, i + (size_t)l, &cp) > 0 && is_combining(cp))
		return false;
	*n = (size_t)l;
	return true;
}

/* The end of the verbatim run from i: plain ASCII and plain letters. */
static size_t verbatim_end(const struct pass *ps, size_t i)
{
	size_t j = i, n;

	for (;;) {
		while (j < ps->len && !is_special((unsigned char)ps->s[j]))
			j++;
		if (j >= ps->len || (unsigned char)ps->s[j] < 0x80 || !plain_at(ps, j, &n))
			return j;
		j += n;
	}
}

static int run_pass(struct pass *ps)
{
	size_t i = 0, j;
	int32_t cp;
	int err;

	if (ps->len >= 3 && !memcmp(ps->s, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < ps->len) {
		/* one copy for the run: a copy per letter cost more than the look */
		j = verbatim_end(ps, i);
		/* The last letter of the run may take the marks that follow. */
		if (j < ps->len && j > i && (unsigned char)ps->s[j] >= 0x80 &&
		    decode(ps, j, &cp) > 0 && is_combining(cp)) {
			if ((err = emit_copy(&ps->b, ps->s, i, j - 1 - i)))
				return err;
			if ((err = do_cluster(ps, j - 1, &i)))
				return err;
			continue;
		}
		if ((err = emit_copy(&ps->b, ps->s, i, j - i)))
			return err;
		i = j;
		if (i < ps->len && (err = step_special(ps, &i)))
			return err;
	}
	if (grow((void **)&ps->b.p, &ps->b.cap, ps->b.len + 1, 1))
		return VT_ENOMEM;
	ps->b.p[ps->b.len] = '\0';
	return 0;
}

/* ---- UTF-16 ------------------------------------------------------------ */

static int decode_utf16(char **out, size_t *out_len, const char *bytes,
                        size_t len, const char *name)
{
	const char *from = bytes[0] == '\xff' ? "UTF-16LE" : "UTF-16BE";
	char *in = (char *)bytes + 2, *buf, *o;
	size_t inleft = len - 2, cap, oleft;
	iconv_t cd;
	size_t r;

	if (inleft > (SIZE_MAX - 8) / 2)
		return vt_error_set(VT_ETOOBIG, "file '%s' is too big", name);
	/* Each 2-byte unit gives at most 3 bytes of UTF-8. */
	cap = inleft / 2 * 3 + 8;
	buf = malloc(cap);
	if (!buf)
		return vt_error_oom();
	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		free(buf);
		return vt_error_set(VT_ERROR, "cannot decode %s: %s", from,
		                    strerror(errno));
	}
	o = buf;
	oleft = cap - 1;
	r = iconv(cd, &in, &inleft, &o, &oleft);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &o, &oleft);
	iconv_close(cd);
	if (r == (size_t)-1) {
		size_t at = (size_t)(in - bytes);

		free(buf);
		if (errno == EINVAL)
			return vt_error_set(VT_EINVALID,
			                    "truncated UTF-16 at byte %zu of '%s'",
			                    at, name);
		return vt_error_set(VT_EINVALID, "invalid UTF-16 at byte %zu of '%s'",
		                    at, name);
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

/* ---- public ------------------------------------------------------------ */

void vt_hex(char *out, const void *bytes, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = bytes;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void vt_sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(data ? data : "", len, md, &n, EVP_sha256(), NULL))
		n = 0;
	vt_hex(out, md, n < 32 ? n : 32);
}

static bool all_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return false;
	return true;
}

int vt_text_load(struct vt_text **out, const char *bytes, size_t len,
                 const char *name)
{
	struct vt_text *t;
	struct pass ps = { 0 };
	int err;

	if (!out)
		return vt_error_set(VT_EUSAGE, "no place for the text");
	*out = NULL;
	if (!name)
		name = "-";
	if (!bytes && len)
		return vt_error_set(VT_EUSAGE, "no bytes for '%s'", name);
	if (!len)
		return vt_error_set(VT_EINVALID, "file '%s' is empty", name);

	t = calloc(1, sizeof(*t));
	if (!t)
		return vt_error_oom();
	vt_sha256_hex(t->sha256, bytes, len);

	if (len >= 2 && ((bytes[0] == '\xff' && bytes[1] == '\xfe') ||
	                 (bytes[0] == '\xfe' && bytes[1] == '\xff'))) {
		err = decode_utf16(&t->orig_buf, &t->orig_len, bytes, len, name);
		if (err)
			goto fail;
	} else {
		t->orig_buf = malloc(len + 1);
		if (!t->orig_buf) {
			err = vt_error_oom();
			goto fail;
		}
		memcpy(t->orig_buf, bytes, len);
		t->orig_buf[len] = '\0';
		t->orig_len = len;
	}
	t->orig = t->orig_buf;

	ps.s = t->orig;
	ps.len = t->orig_len;
	ps.name = name;
	/* Most text shrinks or stays; a little slack saves a realloc. */
	if (grow((void **)&ps.b.p, &ps.b.cap, ps.len + ps.len / 64 + 16, 1)) {
		err = VT_ENOMEM;
		goto fail_pass;
	}
	if ((err = run_pass(&ps)))
		goto fail_pass;
	if (all_space(ps.b.p, ps.b.len)) {
		err = vt_error_set(VT_EINVALID, "file '%s' is empty", name);
		goto fail_pass;
	}
	t->norm_buf = ps.b.p;
	t->norm = t->norm_buf;
	t->norm_len = ps.b.len;
	t->segs = ps.b.segs;
	t->nsegs = ps.b.nsegs;
	*out = t;
	return 0;

fail_pass:
	free(ps.b.p);
	free(ps.b.segs);
fail:
	vt_text_free(t);
	return err;
}

size_t vt_text_orig_offset(const struct vt_text *t, size_t norm_off)
{
	const struct vt_text_seg *s;
	size_t lo = 0, hi, off;

	if (!t)
		return 0;
	if (norm_off >= t->norm_len || !t->nsegs)
		return t->orig_len;
	/* An offset inside a code point means the code point: this is what
	 * makes a letter composed from several maps to its start. */
	while (norm_off > 0 && ((unsigned char)t->norm[norm_off] & 0xC0) == 0x80)
		norm_off--;
	/* The last segment that starts at or before norm_off. */
	hi = t->nsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->segs[mid].norm <= norm_off)
			lo = mid;
		else
			hi = mid;
	}
	s = &t->segs[lo];
	if (s->norm > norm_off)
		return s->orig & ~SEG_FLAT;
	if (s->orig & SEG_FLAT)
		return s->orig & ~SEG_FLAT;
	off = s->orig + (norm_off - s->norm);
	return off < t->orig_len ? off : t->orig_len;
}

void vt_text_free(struct vt_text *t)
{
	if (!t)
		return;
	free(t->orig_buf);
	free(t->norm_buf);
	free(t->segs);
	free(t);
}

/* ---- reading files ----------------------------------------------------- */

static int too_big(const char *path, size_t limit)
{
	return vt_error_set(VT_ETOOBIG, "file '%s' is too big: the limit is %zu bytes",
	                    path, limit);
}

static int read_fd(char **out, size_t *out_len, int fd, const char *path,
                   size_t limit)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	for (;;) {
		/* Read one byte past the limit to tell "at" from "over". */
		if (grow((void **)&buf, &cap, len + READ_CHUNK + 1, 1)) {
			free(buf);
			return VT_ENOMEM;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return vt_error_set(VT_EIO, "cannot read '%s': %s", path,
			                    strerror(errno));
		}
		if (!n)
			break;
		len += (size_t)n;
		if (len > limit) {
			free(buf);
			return too_big(path, limit);
		}
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

int vt_text_read_file(char **out, size_t *out_len, const char *path,
                      size_t limit)
{
	struct stat st;
	int fd, err;

	if (!out || !out_len || !path)
		return vt_error_set(VT_EUSAGE, "no file to read");
	*out = NULL;
	*out_len = 0;
	if (!limit)
		limit = VT_TEXT_DEFAULT_LIMIT;
	if (!strcmp(path, "-"))
		return read_fd(out, out_len, STDIN_FILENO, "-", limit);

	/* O_NONBLOCK so that a FIFO does not hang us before fstat refuses it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return vt_error_set(errno == ENOENT ? VT_ENOTFOUND : VT_EIO,
		                    "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		err = vt_error_set(VT_EIO, "cannot stat '%s': %s", path,
		                   strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		err = vt_error_set(VT_EINVALID, "'%s' is a directory, not a text file",
		                   path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = vt_error_set(VT_EINVALID, "'%s' is not a regular file", path);
		goto out;
	}
	if ((uintmax_t)st.st_size > limit) {
		err = too_big(path, limit);
		goto out;
	}
	err = read_fd(out, out_len, fd, path, limit);
out:
	close(fd);
	return err;
}

/* ---- keys ---------------------------------------------------------------- */

/* A copy of s with every invalid UTF-8 byte turned into a space. */
static char *valid_copy(const char *s, size_t len)
{
	char *c = malloc(len + 1);
	size_t i = 0;
	int32_t cp;

	if (!c)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	while (i < len) {
		utf8proc_ssize_t l;

		if ((unsigned char)c[i] < 0x80) {
			i++;
			continue;
		}
		l = utf8proc_iterate((const utf8proc_uint8_t *)c + i,
		                     (utf8proc_ssize_t)(len - i), &cp);
		if (l <= 0)
			c[i++] = ' ';
		else
			i += (size_t)l;
	}
	return c;
}

static bool is_alnum_cp(int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

char *vt_text_fold(const char *s, size_t len)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n, i = 0;
	char *v, *out;
	size_t o = 0;
	bool gap = false;

	if (!s)
		len = 0;
	v = valid_copy(s ? s : "", len);
	if (!v) {
		vt_error_oom();
		return NULL;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)v, (utf8proc_ssize_t)len, &m,
	                 UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
	free(v);
	if (n < 0) {
		free(m);
		vt_error_oom();
		return NULL;
	}
	/* The key is never longer than the mapped text ("đ" shrinks). */
	out = malloc((size_t)n + 1);
	if (!out) {
		free(m);
		vt_error_oom();
		return NULL;
	}
	while (i < n) {
		int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate(m + i, n - i, &cp);

		if (l <= 0)
			break;	/* cannot happen: utf8proc wrote it */
		if (cp == 0x111 || !is_alnum_cp(cp)) {
			if (cp == 0x111) {
				if (gap && o)
					out[o++] = ' ';
				gap = false;
				out[o++] = 'd';
			} else {
				gap = true;
			}
		} else {
			if (gap && o)
				out[o++] = ' ';
			gap = false;
			memcpy(out + o, m + i, (size_t)l);
			o += (size_t)l;
		}
		i += l;
	}
	out[o] = '\0';
	free(m);
	return out;
}

#define SLUG_MAX 80

char *vt_text_slug(const char *s, size_t len)
{
	char *f = vt_text_fold(s, len), *out;
	size_t i, o = 0, cut;
	bool gap = false;

	if (!f)
		return NULL;
	out = malloc(strlen(f) + 2);
	if (!out) {
		free(f);
		vt_error_oom();
		return NULL;
	}
	for (i = 0; f[i]; i++) {
		char c = f[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && o)
				out[o++] = '-';
			gap = false;
			out[o++] = c;
		} else {
			gap = true;
		}
	}
	free(f);
	if (o > SLUG_MAX) {
		/* Cut at a word boundary when one is not too far back. */
		cut = SLUG_MAX;
		while (cut > SLUG_MAX / 2 && out[cut] != '-')
			cut--;
		if (out[cut] != '-')
			cut = SLUG_MAX;
		o = cut;
		while (o && out[o - 1] == '-')
			o--;
	}
	if (!o)
		out[o++] = 'x';
	out[o] = '\0';
	return out;
}

size_t vt_text_utf8_floor(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = n;

	while (i > 0 && n - i < 3 && utf8proc_utf8class[u[i - 1]] == 0)
		i--;
	if (i > 0 && utf8proc_utf8class[u[i - 1]] > 1 &&
	    i - 1 + (size_t)utf8proc_utf8class[u[i - 1]] > n)
		return i - 1;
	return n;
}
