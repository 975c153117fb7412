/*
 * Tasks: the numbered (1. 2. …) and lettered (a) b) … đ) …) items of a
 * body that assign work, with who leads, who supports, by when and what
 * they must produce.
 *
 * Which items are tasks is the hard part.  Items under a section about
 * purposes and requirements ("MỤC ĐÍCH, YÊU CẦU") or an assessment are
 * not; a numbered item whose lettered children name agencies stands for
 * its children; an agency heading with bullets under it ("a) Sở Ngoại vụ"
 * then "- …") is one task led by that agency; a bare heading without an
 * agency ("1. Nhiệm vụ chung") only groups what follows.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "vanthu/agency.h"
#include "vanthu/date.h"
#include "vanthu/text.h"
#include "vn.h"

enum { K_ROMAN, K_NUM, K_LETTER };

struct marker {
	int kind;
	int value;             /* roman/number value, letter index */
	char label[12];
	size_t line;
	size_t s, text_s, e;   /* item [s, e); text after the label from text_s */
};

/* Vietnamese point letters in order (no f, j, w, z; tolerated at the end). */
static const char *const letters[] = {
	"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p",
	"q", "r", "s", "t", "u", "v", "x", "y", "f", "j", "w", "z", NULL
};

static int roman_value(const char *p, size_t n)
{
	static const char *const r[] = {
		"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
		"XII", "XIII", "XIV", "XV", NULL
	};
	int i;

	for (i = 0; r[i]; i++)
		if (strlen(r[i]) == n && memcmp(p, r[i], n) == 0)
			return i + 1;
	return 0;
}

/* Classify a line; 1 and *m filled when it starts an item. */
static int classify(struct marker *m, const char *t, const struct vn_line *l)
{
	const char *p = t + l->s;
	size_t n = l->e - l->s, i = 0;
	int k;

	if (n < 2)
		return 0;
	while (i < n && (p[i] == 'I' || p[i] == 'V' || p[i] == 'X'))
		i++;
	if (i > 0 && i < n && (p[i] == '.' || p[i] == '-') &&
	    (i + 1 == n || p[i + 1] == ' ') && (m->value = roman_value(p, i))) {
		m->kind = K_ROMAN;
		snprintf(m->label, sizeof(m->label), "%.*s", (int)i, p);
		m->text_s = l->s + i + 1;
		return 1;
	}
	i = 0;
	while (i < n && i < 3 && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i > 0 && i <= 2 && i < n && (p[i] == '.' || p[i] == '-') &&
	    (i + 1 == n || p[i + 1] == ' ')) {
		m->kind = K_NUM;
		m->value = atoi(p) > 0 ? (int)strtol(p, NULL, 10) : 0;
		snprintf(m->label, sizeof(m->label), "%.*s", (int)i, p);
		m->text_s = l->s + i + 1;
		return m->value > 0;
	}
	for (k = 0; letters[k]; k++) {
		size_t ln = strlen(letters[k]);
		if (n > ln + 1 && memcmp(p, letters[k], ln) == 0 && p[ln] == ')' &&
		    p[ln + 1] == ' ') {
			m->kind = K_LETTER;
			m->value = k;
			snprintf(m->label, sizeof(m->label), "%s", letters[k]);
			m->text_s = l->s + ln + 1;
			return 1;
		}
	}
	return 0;
}

/* ---- agencies in a task --------------------------------------------- */

/* Words that end an agency name: what the agency is asked to do. */
static const char *const verbs[] = {
	"chu tri", "phoi hop", "can cu", "tiep tuc", "kip thoi", "khan truong",
	"tham muu", "theo doi", "co trach nhiem", "thuc hien", "chu dong",
	"tap trung", "nghien cuu", "to chuc", "day manh", "tang cuong", "xay dung",
	"ra soat", "huong dan", "trien khai", "la dau moi", "la co quan", "duoc giao",
	"can ", "phai ", "nghiem tuc", "tich cuc", "thuong xuyen", "ho tro",
	"don doc", "bo tri", "cung cap", "xem xet", "tong hop", "bao cao",
	"de xuat", "quan triet", "thuc day", "khai thac", "phat huy", "giai quyet",
	"kiem tra", "hoan thanh", "uu tien", "lam viec", "quan ly", "dam bao",
	"bao dam", "chi dao", "phan cong", "tuyen truyen", "van dong", "theo chuc nang",
	"trong pham vi", "duy tri", "cap nhat", "lap ", "ban hanh", "trinh ",
	"mo rong", "lanh dao", "lien he", "chuan bi", "du tru", "nam bat", "tiep nhan",
	"giam sat", "bien soan", "soan thao", "dua tin", "danh gia", "khao sat", "thu thap",
	NULL
};

/* Strong verbs: an agency named mid-sentence must be followed by one. */
static const char *const strong[] = {
	"chu tri", "tong hop", "co trach nhiem", "tham muu", "la dau moi",
	"la co quan", "theo doi", "huong dan", "bo tri", "xay dung", "thuc hien",
	"trien khai", NULL
};

/* A verb of `list` at t[p], in either case: its bytes, or 0. */
static size_t verb_in(const char *t, size_t len, size_t p, const char *const *list)
{
	int32_t f = vn_fold_at(t, len, p);
	struct vn_head h;
	int i, have = 0;

	for (i = 0; list[i]; i++) {
		size_t k;

		if (!vn_kw_may(f, list[i]))
			continue;
		if (!have++)
			vn_head_at(&h, t, len, p);
		if ((k = vn_kw_head(&h, t, len, p, list[i]))) {
			/* "các tổ chức" is a noun, not "tổ chức" the verb */
			if (p >= 5 && vn_kw(t, len, p - 5, "cac ") == 5 && strcmp(list[i], "to chuc") == 0)
				return 0;
			/* "Ban cán sự đảng" folds to the "cần" of "can " */
			if (strcmp(list[i], "can ") == 0 && vn_kw(t, len, p, "can su"))
				return 0;
			return k;
		}
	}
	return 0;
}

static size_t verb_at(const char *t, size_t len, size_t p, const char *const *list)
{
	/* a capital starts a name ("Sở Xây dựng", "Ban Quản lý"), not a verb */
	return vn_starts_upper(t + p, len - p) ? 0 : verb_in(t, len, p, list);
}

/*
 * "… giao Sở X", "… đề nghị UBND các tỉnh": one agency asks another.  The
 * bytes of the asking word, 0 when there is none or no agency follows.
 */
static size_t ask_at(const char *t, size_t len, size_t p)
{
	static const char *const asks[] = {"giao cho ", "giao ", "de nghi ", "yeu cau ", NULL};
	struct vn_head h;
	int i;

	if (!vn_fold_in(vn_fold_at(t, len, p), "gdy") || vn_starts_upper(t + p, len - p))
		return 0;
	vn_head_at(&h, t, len, p);
	for (i = 0; asks[i]; i++) {
		size_t n = vn_kw_head(&h, t, len, p, asks[i]);

		if (n && vn_agency_head(t, len, p + n))
			return n;
	}
	return 0;
}

/* Agency names a support phrase may start with ("các sở, ngành"). */
static size_t support_head(const char *t, size_t len, size_t p)
{
	static const char *const low[] = {
		"các sở", "các Sở", "các cơ quan", "các Cơ quan", "các đơn vị",
		"các địa phương", "các ban", "các Ban", "các bộ", "các Bộ", "các ngành",
		"các tổ chức", "các hội", "các Hội", NULL
	};
	size_t k = vn_agency_head(t, len, p);
	int i;

	if (k || !vn_has(t, len, p, "các "))
		return k;
	for (i = 0; low[i]; i++)
		if (vn_has(t, len, p, low[i]))
			return strlen(low[i]);
	return 0;
}

/*
 * "Công an xã làm sạch dữ liệu …": a name the register knows, then a word
 * in lower case that carries on no name, ends an agency phrase even when
 * the verb is none of verbs[].  Returns that end, or 0.
 */
static size_t registered_end(const char *t, size_t len, size_t p)
{
	/* what may follow a registered name and still be part of it */
	static const char *const more[] = {
		"tinh", "thanh pho", "xa", "phuong", "dac khu", "huyen", "quan", "thi xa",
		"cac", "va", "cung", "hoac", "thuoc", "truc thuoc", "co lien quan",
		"lien quan", "cap", "tai", "tren", "cua", "o", "nay", "neu tren", NULL
	};
	const struct vt_agency *a;
	size_t n = vt_agency_at(&a, t, len, p), k;
	int32_t cp;

	if (!n)
		return 0;
	k = vn_skip_blank(t, len, p + n, 0);
	if (k == p + n || k >= len)
		return 0;
	vn_cp(&cp, t, len, k);
	return vn_is_lower_cp(cp) && !vn_kw_any(t, len, k, more) ? p + n : 0;
}

/*
 * An agency phrase from t[p]: up to the verb that follows it.  With
 * `whole`, a phrase that runs to the end of t counts (a heading).  The
 * end is returned, 0 when there is no agency phrase here.
 */
static size_t agency_phrase(const char *t, size_t len, size_t p, int whole,
                            const char *const *list, int lower_ok)
{
	size_t i = p, words = 0, seg = p, k0;

	if (!(lower_ok ? support_head(t, len, p) : vn_agency_head(t, len, p)))
		return 0;
	while (i < len && words < 36) {
		if (i == seg && (k0 = registered_end(t, len, i)))
			return k0;
		if (i == seg && (vn_has(t, len, i, "Sở ") || vn_has(t, len, i, "Bộ "))) {
			/* "Sở Ngoại vụ mở rộng …": the table knows where the name ends */
			size_t d = vn_department_at(t, len, i + strlen("Sở "), NULL), q, k;

			if (d) {
				q = i + strlen("Sở ") + d;
				k = vn_skip_blank(t, len, q, 1);
				if (k < len && (t[k] == ',' || t[k] == ';'))
					k = vn_skip_blank(t, len, k + 1, 1);
				else if (vn_kw(t, len, k, "va "))   /* "và" is 3 bytes */
					k = vn_skip_blank(t, len, k + vn_kw(t, len, k, "va"), 1);
				else
					return q;
				if (!(lower_ok ? support_head(t, len, k) : vn_agency_head(t, len, k)))
					return q;
				i = seg = k;
				continue;
			}
		}
		/* "Ủy ban nhân dân các xã: Thái Thụy, Tiền Hải tập trung …": the
		 * names of a group go with it */
		if (t[i] == ':' && i + 1 < len && vn_kw_find(t, i, seg, "cac ") != SIZE_MAX) {
			size_t k = vn_skip_blank(t, len, i + 1, 1);

			/* "UBND các xã, phường: Rà soát …": what the group must do,
			 * where a capital opens a sentence */
			while (k < len && t[k] == '*')
				k++;
			if (k < len && verb_in(t, len, k, list))
				return i;
			i++;
			continue;
		}
		/* "UBND phường X: Phối hợp …": the agency, then what it must do */
		if (t[i] == ':' && i > p) {
			size_t k = vn_skip_blank(t, len, i + 1, 1);

			if (k < len && vn_starts_upper(t + k, len - k) && !vn_agency_head(t, len, k))
				return i;
		}
		if (t[i] == '.' || t[i] == ':' || t[i] == '(' || t[i] == '"')
			return (whole && i + 1 >= len) ? i : 0;
		if (t[i] == ';' || t[i] == ',') {
			size_t k = vn_skip_blank(t, len, i + 1, 1);
			if (lower_ok ? support_head(t, len, k) : vn_agency_head(t, len, k)) {
				i = seg = k;
				continue;
			}
		}
		if (t[i] == ' ') {
			size_t w = i + 1;
			words++;
			if (w < len && (verb_at(t, len, w, list) || ask_at(t, len, w)))
				return i;
			if (vn_kw(t, len, w, "va ") && (lower_ok ? support_head(t, len, w + 3) :
			                                 vn_agency_head(t, len, w + 3))) {
				i = seg = w + 3;
				continue;
			}
		}
		i++;
	}
	return (whole && i >= len) ? len : 0;
}

static int has_string(const cJSON *arr, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0)
			return 1;
	return 0;
}

/* One agency's cleaned name c (taken), through the register, once. */
static void add_name(cJSON *arr, const cJSON *other, char *c)
{
	if (c && *c) {
		/* the full name through the register: "Sở NN&MT", "SNgV", "UBND tỉnh" */
		char *nm = vt_agency_normalise(c, strlen(c), NULL);

		if (nm && *nm) {
			free(c);
			c = nm;
		} else {
			free(nm);
		}
	}
	if (c && *c && !has_string(arr, c) && !(other && has_string(other, c)))
		cJSON_AddItemToArray(arr, cJSON_CreateString(c));
	free(c);
}

static void add_agency(cJSON *arr, const cJSON *other, const char *s, size_t n)
{
	char *c = vn_clean(s, n, ",;. ");
	cJSON *group = c && strchr(c, ':') ? cJSON_CreateArray() : NULL, *it;

	/* "Các Sở: Nội vụ, Tài chính, …": one agency each, as in Kính gửi */
	if (group && vn_expand_group(group, c)) {
		free(c);
		cJSON_ArrayForEach(it, group)
			add_name(arr, other, strdup(it->valuestring));
	} else {
		add_name(arr, other, c);
	}
	cJSON_Delete(group);
}

/* Can a blank of vn_is_space() start at byte c?  The test before the call. */
static int blank_first(char c)
{
	return (unsigned char)c <= ' ' || (unsigned char)c == 0xC2;
}

/* Split "Sở Tài chính ; Ban Quản lý …" and "Sở A, Sở B và Sở C" into agencies. */
static void split_agencies(cJSON *arr, const cJSON *other, const char *t, size_t s, size_t e,
                           int lower_ok)
{
	size_t i = s, from = s, whole = 0;
	int group = 0;   /* past the ':' of "các Bộ: A, B": add_agency() expands it */
	const struct vt_agency *a;

	while (i < e) {
		size_t cut = 0, next = 0;

		/* "Văn phòng HĐND và UBND xã": a name the register knows is not cut */
		if (i == from)
			whole = from + vt_agency_at(&a, t, e, from);
		if (i < whole) {
			i++;
			continue;
		}
		if (t[i] == ':' && vn_kw_find(t, i, from, "cac ") != SIZE_MAX)
			group = 1;
		if (t[i] == ';') {
			cut = i;
			next = i + 1;
			group = 0;
		} else if (group) {
			/* the names of the group go with it */
		} else if (t[i] == ',' || (blank_first(t[i]) && vn_kw(t, e, i, " va "))) {
			size_t q = t[i] == ',' ? i + 1 : i + vn_kw(t, e, i, " va ");
			q = vn_skip_blank(t, e, q, 1);
			if (lower_ok ? support_head(t, e, q) : vn_agency_head(t, e, q)) {
				cut = i;
				next = q;
			}
		}
		if (next) {
			add_agency(arr, other, t + from, cut - from);
			from = i = next;
			continue;
		}
		i++;
	}
	if (from < e)
		add_agency(arr, other, t + from, e - from);
}

/* End of the first sentence of t. */
static size_t first_sentence(const char *t, size_t len)
{
	const char *p = t, *end = t + len;

	/* memchr() and a look: memmem() sets up for longer needles */
	while ((p = memchr(p, '.', (size_t)(end - p))) && p + 1 < end) {
		if (p[1] == ' ')
			return (size_t)(p - t);
		p++;
	}
	return len;
}

static void find_lead(cJSON *lead, const char *t, size_t len, int heading)
{
	size_t e, i, fs;

	/* "Sở X chủ trì …", "Sở Tài chính ; Ban Quản lý … căn cứ …" */
	if ((e = agency_phrase(t, len, 0, heading, verbs, 0))) {
		/* "Bộ Công Thương đề nghị UBND các tỉnh …": the one asked leads */
		size_t k = vn_skip_blank(t, len, e, 1), n, e2;

		if ((n = ask_at(t, len, k)) && (e2 = agency_phrase(t, len, k + n, 0, verbs, 0))) {
			split_agencies(lead, NULL, t, k + n, e2, 1);
			return;
		}
		/* the leads may go on in lower case: "Thường trực HĐND, các Ban …" */
		split_agencies(lead, NULL, t, 0, e, 1);
		return;
	}
	/* "SNgV chủ trì …": an abbreviation the register knows, then a verb */
	{
		const struct vt_agency *a;
		size_t n = vt_agency_at(&a, t, len, 0);

		if (n && (heading || (n < len && verb_at(t, len, vn_skip_blank(t, len, n, 1), verbs)))) {
			add_agency(lead, NULL, t, n);
			return;
		}
	}
	/* "Giao Sở X …", "Đề nghị Sở X …", "Yêu cầu Sở X …" */
	fs = first_sentence(t, len);
	for (i = 0; i < fs; i++) {
		static const char *const intro[] = {"giao cho ", "giao ", "de nghi ", "yeu cau ", NULL};
		int k;

		if ((i > 0 && t[i - 1] != ' ') || !vn_fold_in(vn_fold_at(t, len, i), "gdy"))
			continue;
		for (k = 0; intro[k]; k++) {
			size_t n = vn_kw(t, len, i, intro[k]);
			if (n && (e = agency_phrase(t, len, i + n, 0, verbs, 0))) {
				split_agencies(lead, NULL, t, i + n, e, 1);
				return;
			}
		}
	}
	/* "…, Sở Tài chính tổng hợp …": an agency opening a clause */
	for (i = 1; i + 1 < fs; i++) {
		if ((t[i - 1] == ',' || t[i - 1] == ';') && t[i] == ' ' &&
		    (e = agency_phrase(t, len, i + 1, 0, strong, 0)) && e <= fs) {
			split_agencies(lead, NULL, t, i + 1, e, 0);
			return;
		}
	}
}

/*
 * "Ủy ban Kiểm tra Tỉnh ủy kiểm tra …; Văn phòng Tỉnh ủy theo dõi …": each
 * clause after a ';' that opens with an agency and a strong verb has a lead
 * of its own.
 */
static void clause_leads(cJSON *lead, const char *t, size_t len)
{
	size_t i, e;
	const char *semi;

	for (i = 1; i + 1 < len; i++) {
		if (t[i - 1] != ';') {
			/* the next ';' that leaves room for i + 1 < len */
			if (!(semi = memchr(t + i, ';', len - 2 - i)))
				break;
			i = (size_t)(semi - t) + 1;
		}
		if (t[i] == ' ' && (e = agency_phrase(t, len, i + 1, 0, strong, 0)))
			split_agencies(lead, NULL, t, i + 1, e, 0);
	}
}

static void find_support(cJSON *support, const cJSON *lead, const char *t, size_t len)
{
	size_t from = 0;

	while (from < len) {
		size_t p = vn_kw_find(t, len, from, "phoi hop"), k, e;

		if (p == SIZE_MAX)
			break;
		k = p + vn_kw(t, len, p, "phoi hop");
		k = vn_skip_blank(t, len, k, 1);
		if (vn_kw(t, len, k, "voi "))
			k = vn_skip_blank(t, len, k + vn_kw(t, len, k, "voi"), 1);
		else if (vn_kw(t, len, k, "cung "))
			k = vn_skip_blank(t, len, k + 4, 1);
		e = agency_phrase(t, len, k, 0, verbs, 1);
		if (!e) {
			/* "phối hợp với Sở Tài chính và các cơ quan …, đơn vị liên quan." */
			size_t q = k;
			while (q < len && t[q] != '.' && t[q] != ';' && t[q] != ':' && q - k < 160)
				q++;
			/* The cap counts bytes: never half a character. */
			q = k + vt_text_utf8_floor(t + k, q - k);
			if (support_head(t, len, k))
				e = q;
		}
		if (e > k)
			split_agencies(support, lead, t, k, e, 1);
		from = k > p ? k : p + 1;
	}
}

/* ---- deadlines -------------------------------------------------------- */

static int recurring_before(const char *t, size_t p)
{
	size_t s = p > 160 ? p - 160 : 0;

	return vn_kw_find(t, p, s, "hang nam") != SIZE_MAX ||
	       vn_kw_find(t, p, s, "hang thang") != SIZE_MAX ||
	       vn_kw_find(t, p, s, "dinh ky") != SIZE_MAX;
}

static size_t read_int(const char *t, size_t len, size_t p, int *v, int maxd)
{
	size_t i = p;

	*v = 0;
	while (i < len && i - p < (size_t)maxd && t[i] >= '0' && t[i] <= '9')
		*v = *v * 10 + (t[i++] - '0');
	return i - p;
}

static void add_str(cJSON *arr, const char *s)
{
	if (!has_string(arr, s))
		cJSON_AddItemToArray(arr, cJSON_CreateString(s));
}

/* A date after a deadline word at t[p]: full, or day/month only. */
static void deadline_date(cJSON *dl, cJSON *dtext, const char *t, size_t len, size_t p,
                          const char *doc_date, size_t kw_at)
{
	char iso[11], buf[48];
	size_t q, n;
	int d, m, y;

	if (vn_kw(t, len, p, "ngay ") && vt_date_parse(iso, t + p, len - p) &&
	    strlen(iso) == 10) {
		add_str(dl, iso);
		return;
	}
	if ((n = vn_kw(t, len, p, "ngay ")))
		p = vn_skip_blank(t, len, p + n, 1);
	if (vt_date_parse(iso, t + p, len - p) && strlen(iso) == 10) {
		add_str(dl, iso);
		return;
	}
	/* "31/5" without a year, or "15 tháng 12" as resolutions write it */
	q = p;
	if (!(n = read_int(t, len, q, &d, 2)))
		return;
	q += n;
	if (q < len && (t[q] == '/' || t[q] == '-'))
		q++;
	else if ((n = vn_kw(t, len, vn_skip_blank(t, len, q, 1), "thang ")))
		q = vn_skip_blank(t, len, vn_skip_blank(t, len, q, 1) + n, 1);
	else
		return;
	if (!(n = read_int(t, len, q, &m, 2)) || d < 1 || d > 31 || m < 1 || m > 12)
		return;
	q += n;
	if (q < len && (t[q] == '/' || t[q] == '-') && read_int(t, len, q + 1, &y, 4) == 4)
		return;   /* a full date vt_date_parse refused: not a date */
	if (vn_kw(t, len, vn_skip_blank(t, len, q, 1), "nam "))
		return;   /* "… tháng 12 năm 202": a date it refused, likewise */
	/* "trước ngày 31/5 hằng năm": the recurrence may follow the date too */
	if (recurring_before(t, kw_at) || vn_kw(t, len, vn_skip_blank(t, len, q, 1), "hang nam") ||
	    vn_kw(t, len, vn_skip_blank(t, len, q, 1), "hàng năm")) {
		snprintf(buf, sizeof(buf), "--%02d-%02d", m, d);
		add_str(dl, buf);
	} else if (doc_date && strlen(doc_date) >= 4) {
		snprintf(buf, sizeof(buf), "%.4s-%02d-%02d", doc_date, m, d);
		if (vt_date_valid(buf))
			add_str(dl, buf);
	} else {
		snprintf(buf, sizeof(buf), "trước ngày %d/%d", d, m);
		add_str(dtext, buf);
	}
}

/* "tháng 6/2026", "tháng 6 năm 2026" -> "2026-06" */
static size_t month_at(char out[11], const char *t, size_t len, size_t p)
{
	size_t q = p, n;
	int m, y;

	if (!(n = vn_kw(t, len, q, "thang ")))
		return 0;
	q = vn_skip_blank(t, len, q + n, 1);
	if (!(n = read_int(t, len, q, &m, 2)) || m < 1 || m > 12)
		return 0;
	q += n;
	/* "tháng 11-2025": Party texts join month and year with a hyphen */
	if (q < len && (t[q] == '/' || t[q] == '-'))
		q++;
	else if ((n = vn_kw(t, len, vn_skip_blank(t, len, q, 1), "nam ")))
		q = vn_skip_blank(t, len, vn_skip_blank(t, len, q, 1) + n, 1);
	else
		return 0;
	if (read_int(t, len, q, &y, 4) != 4)
		return 0;
	snprintf(out, 11, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
	return q + 4 - p;
}

/* "quý III/2026", "quý 3 năm 2026" -> "2026-Q3" */
static size_t quarter_at(char out[11], const char *t, size_t len, size_t p)
{
	static const char *const r[] = {"IV", "III", "II", "I", NULL};
	static const int rv[] = {4, 3, 2, 1};
	size_t q = p, n;
	int v = 0, y, i;

	if (!(n = vn_kw(t, len, q, "quy ")))
		return 0;
	q = vn_skip_blank(t, len, q + n, 1);
	for (i = 0; r[i]; i++)
		if (vn_has(t, len, q, r[i])) {
			v = rv[i];
			q += strlen(r[i]);
			break;
		}
	if (!v) {
		if (!read_int(t, len, q, &v, 1) || v < 1 || v > 4)
			return 0;
		q++;
	}
	if (q < len && (t[q] == '/' || t[q] == '-'))   /* "quý I-2026" (Party) */
		q++;
	else if ((n = vn_kw(t, len, vn_skip_blank(t, len, q, 1), "nam ")))
		q = vn_skip_blank(t, len, vn_skip_blank(t, len, q, 1) + n, 1);
	else
		return 0;
	if (read_int(t, len, q, &y, 4) != 4)
		return 0;
	snprintf(out, 11, "%04u-Q%u", (unsigned)y % 10000u, (unsigned)v % 10u);
	return q + 4 - p;
}

/* "6 tháng đầu năm 2026" -> "2026-06", "6 tháng cuối năm 2026" -> "2026-12" */
static size_t half_year_at(char out[11], const char *t, size_t len, size_t p)
{
	size_t q = p, n;
	int y, end;

	if (!(n = vn_kw(t, len, q, "6 thang ")) && !(n = vn_kw(t, len, q, "06 thang ")) &&
	    !(n = vn_kw(t, len, q, "sau thang ")))
		return 0;
	q = vn_skip_blank(t, len, q + n, 1);
	if ((n = vn_kw(t, len, q, "dau nam ")))
		end = 6;
	else if ((n = vn_kw(t, len, q, "cuoi nam ")))
		end = 12;
	else
		return 0;
	q = vn_skip_blank(t, len, q + n, 1);
	if (read_int(t, len, q, &y, 4) != 4 || (q + 4 < len && t[q + 4] >= '0' && t[q + 4] <= '9'))
		return 0;
	snprintf(out, 11, "%04u-%02u", (unsigned)y % 10000u, (unsigned)end);
	return q + 4 - p;
}

/* The phrases of deadlines (find_deadlines) and the verbs of outputs (find_outputs). */
static const char *const dl_before[] = {
	"truoc ", "cham nhat la ", "cham nhat vao ", "cham nhat ", "den het ",
	"hoan thanh trong ", "hoan thanh ", "xong truoc ", "han chot ", NULL
};
static const char *const dl_labels[] = {
	"thoi gian thuc hien:", "thoi gian hoan thanh:", "thoi gian:", "thoi han:", NULL
};
static const char *const dl_months[] = { "trong thang ", "truoc thang ", NULL };
static const char *const dl_relative[] = {
	"trong vong ", "trong thoi han ", "trong ", "cham nhat sau ", NULL
};
/* not a bare "ban hành": it mostly describes a cited document */
static const char *const out_acts[] = {
	"xay dung, ban hanh ", "xay dung va ban hanh ", "xay dung ",
	"tham muu ban hanh ", "tham muu ", "trinh ", "lap ", "soan thao ", NULL
};

/* Their first two letters, made once: every word of every task is tested. */
static struct vn_pairs deadline_pairs, output_pairs;
static pthread_once_t pairs_once = PTHREAD_ONCE_INIT;

static void pairs_init(void)
{
	vn_pairs_add(&deadline_pairs, dl_before);
	vn_pairs_add(&deadline_pairs, dl_labels);
	vn_pairs_add(&deadline_pairs, dl_months);   /* "trong"/"truoc" of the half years too */
	vn_pairs_add(&deadline_pairs, dl_relative);
	vn_pairs_add(&output_pairs, out_acts);
}

/* "Thời gian: hằng tháng", "thời hạn: thường xuyên": a time with no date, as text. */
static void period_text(cJSON *dtext, const char *t, size_t len, size_t q)
{
	static const char *const periods[] = {
		"dinh ky hang tuan", "dinh ky hang thang", "dinh ky hang quy", "dinh ky hang nam",
		"hang tuan", "hang thang", "hang quy", "hang nam", "thuong xuyen", "dinh ky", NULL
	};
	size_t n = vn_kw_any(t, len, q, periods);
	char *c = n ? vn_clean(t + q, n, NULL) : NULL;

	if (c)
		add_str(dtext, c);
	free(c);
}

static void find_deadlines(cJSON *dl, cJSON *dtext, const char *t, size_t len,
                           const char *doc_date)
{
	size_t i;

	pthread_once(&pairs_once, pairs_init);
	for (i = 0; i < len; i++) {
		char iso[11];
		size_t n;
		int k;
		int32_t f;
		struct vn_head hd;

		if (i > 0 && t[i - 1] != ' ' && t[i - 1] != '(')
			continue;
		/* every phrase below starts with one of these pairs of letters */
		f = vn_fold_at(t, len, i);
		if (f == 'q') {
			if (quarter_at(iso, t, len, i))
				add_str(dl, iso);
			continue;
		}
		if (!vn_pairs_may(&deadline_pairs, t, len, i))
			continue;
		vn_head_at(&hd, t, len, i);
		for (k = 0; dl_before[k]; k++) {
			int hh;
			size_t h;

			n = vn_kw_head(&hd, t, len, i, dl_before[k]);
			/* "trước 17 giờ ngày 28/9/2025": the hour goes */
			if (n && (h = read_int(t, len, i + n, &hh, 2)) && vn_kw(t, len, i + n + h, " gio "))
				n += h + vn_kw(t, len, i + n + h, " gio ");
			if (n && vn_kw(t, len, i + n, "ngay ")) {
				deadline_date(dl, dtext, t, len, i + n, doc_date, i);
				break;
			}
		}
		if (f == 't' && (vn_kw_head(&hd, t, len, i, dl_months[0]) || vn_kw_head(&hd, t, len, i, dl_months[1])) &&
		    month_at(iso, t, len, i + vn_kw_head(&hd, t, len, i, "trong ") + vn_kw_head(&hd, t, len, i, "truoc ")))
			add_str(dl, iso);
		/* "(thời gian: tháng 5/2026)", "Thời hạn: 30/6/2026" */
		for (k = 0; f == 't' && dl_labels[k]; k++) {
			size_t q;

			if (!(n = vn_kw_head(&hd, t, len, i, dl_labels[k])))
				continue;
			q = vn_skip_blank(t, len, i + n, 1);
			if (month_at(iso, t, len, q) || (vt_date_parse(iso, t + q, len - q) && strlen(iso) == 10))
				add_str(dl, iso);
			else
				period_text(dtext, t, len, q);
			break;
		}
		/* only as a time limit ("trong 6 tháng đầu năm 2026"), not a report's period */
		n = f == 't' ? vn_kw_head(&hd, t, len, i, "trong ") : 0;
		if (!n && f == 't')
			n = vn_kw_head(&hd, t, len, i, "truoc ");
		if (n && half_year_at(iso, t, len, vn_skip_blank(t, len, i + n, 1)))
			add_str(dl, iso);
		/* relative: "trong vòng 10 ngày làm việc", "trong thời hạn 15 ngày" */
		{
			for (k = 0; dl_relative[k]; k++) {
				int v;
				size_t q;

				n = vn_kw_head(&hd, t, len, i, dl_relative[k]);
				if (!n)
					continue;
				q = i + n;
				if (!(n = read_int(t, len, q, &v, 3)))
					continue;
				q = vn_skip_blank(t, len, q + n, 1);
				if ((n = vn_kw(t, len, q, "ngay lam viec")) || (n = vn_kw(t, len, q, "ngay")) ||
				    (n = vn_kw(t, len, q, "thang")) || (n = vn_kw(t, len, q, "tuan"))) {
					char *c = vn_clean(t + i, q + n - i, NULL);
					if (c)
						add_str(dtext, c);
					free(c);
				}
				break;
			}
		}
	}
}

/* ---- outputs ---------------------------------------------------------- */

/* The documents a task may promise, as their names are written. */
static const struct { const char *word, *type; } docs[] = {
	{"Kế hoạch", "plan"}, {"Chương trình", "program"}, {"Đề án", "program"},
	{"Báo cáo", "report"}, {"Quyết định", "decision"}, {"Chỉ thị", "directive"},
	{"Nghị quyết", "resolution"}, {"Phương án", "plan"}, {"Quy chế", "other"},
	{"Quy định", "other"}, {"Hướng dẫn", "other"}, {"Tờ trình", "other"},
};
static const size_t ndocs = sizeof(docs) / sizeof(docs[0]);

/* The index in docs[] of the name that starts t[p], or ndocs. */
static size_t doc_word_at(const char *t, size_t len, size_t p)
{
	size_t d;

	for (d = 0; d < ndocs && !vn_has(t, len, p, docs[d].word); d++)
		;
	return d;
}

static void find_outputs(cJSON *out, const char *t, size_t len)
{
	/* what the one advised or asked does with it: "trình UBND tỉnh ban hành …" */
	static const char *const then[] = { "ban hanh ", "phe duyet ", NULL };
	static const char *const after_comma[] = {
		" trinh ", " bao cao ", " gui ", " hoan thanh ", NULL
	};
	static const char *const stops[] = {
		" truoc ngay", " tren co so", " trong thang", " trong quy", " de ",
		" nham ", " gui ", " theo quy dinh", " hoan thanh truoc", " hoan thanh trong",
		" xong truoc", " cham nhat", " han chot", NULL
	};
	size_t i;

	pthread_once(&pairs_once, pairs_init);
	for (i = 0; i < len; i++) {
		size_t n = 0, p, e, d;
		int k;
		struct vn_head h;

		if (i > 0 && t[i - 1] != ' ')
			continue;
		if (!vn_pairs_may(&output_pairs, t, len, i))
			continue;
		vn_head_at(&h, t, len, i);
		for (k = 0; out_acts[k] && !n; k++)
			n = vn_kw_head(&h, t, len, i, out_acts[k]);
		if (!n)
			continue;
		p = i + n;
		if ((d = doc_word_at(t, len, p)) == ndocs) {
			const struct vt_agency *a;
			size_t q = vt_agency_at(&a, t, len, p), m = 0;

			/* "tham mưu UBND tỉnh ban hành Phương án …" */
			if (q) {
				q = vn_skip_blank(t, len, p + q, 0);
				m = vn_kw_any(t, len, q, then);
			}
			if (!m || (d = doc_word_at(t, len, q + m)) == ndocs)
				continue;
			p = q + m;
		}
		for (e = p; e < len; e++) {
			if (t[e] == ';' || t[e] == ':' || (t[e] == '.' && (e + 1 >= len || t[e + 1] == ' ')))
				break;
			if (t[e] == ' ' && vn_kw_any(t, len, e, stops))
				break;
			/* "…, trình Thủ tướng Chính phủ": what is done with it next */
			if (t[e] == ',' && vn_kw_any(t, len, e + 1, after_comma))
				break;
			if (e - p > 300)
				break;
		}
		e = p + vt_text_utf8_floor(t + p, e - p);
		{
			char *c = vn_clean(t + p, e - p, ",;. ");
			cJSON *o = cJSON_CreateObject();

			if (c && o) {
				vn_add(o, "type", cJSON_CreateString(docs[d].type));
				vn_add(o, "text", cJSON_CreateString(c));
				cJSON_AddItemToArray(out, o);
				o = NULL;
			}
			cJSON_Delete(o);
			free(c);
		}
		i = e;
	}
}

/* ---- items ------------------------------------------------------------ */

static int skip_heading(const char *t, size_t len)
{
	static const char *const kws[] = {
		"muc dich", "yeu cau", "muc tieu", "quan diem", "tinh hinh", "ket qua",
		"danh gia", "pham vi", "doi tuong", "kinh phi", "su can thiet", "boi canh",
		"thuc trang", "can cu", "chi tieu", NULL
	};
	int i;

	for (i = 0; kws[i]; i++)
		if (vn_kw_find(t, len, 0, kws[i]) != SIZE_MAX)
			return 1;
	return 0;
}

/*
 * Is the first line of an item a heading: short, not a sentence, with
 * bullets or sub-items after it?
 */
static int is_heading(const char *text, const struct vn_lines *L, const struct marker *m,
                      int has_children)
{
	const struct vn_line *l = &L->v[m->line];
	size_t s = vn_skip_blank(text, l->e, m->text_s, 0), e = l->e, words = 1, i;
	size_t j;

	if (s >= e)
		return 1;
	if (text[e - 1] == '.' || text[e - 1] == ';')
		return 0;
	for (i = s; i < e; i++)
		if (text[i] == ' ')
			words++;
	if (words > 10)
		return 0;
	if (has_children || text[e - 1] == ':')
		return 1;
	for (j = m->line + 1; j < L->n && L->v[j].start < m->e; j++) {
		const struct vn_line *n = &L->v[j];
		if (vn_line_blank(n))
			continue;
		return text[n->s] == '-' || text[n->s] == '+' || vn_has(text, n->e, n->s, "•") ||
		       vn_has(text, n->e, n->s, "–");
	}
	return 0;
}

static char *collapse(const char *t, size_t s, size_t e)
{
	return vn_clean(t + s, e - s, NULL);
}

/* A task's members in the record's order; its lists empty (NULL when out of memory). */
static void task_members(cJSON *o, const char *label, const char *text, cJSON **lead,
                         cJSON **sup, cJSON **dl, cJSON **dt, cJSON **outs)
{
	vn_add(o, "label", cJSON_CreateString(label));
	vn_add(o, "text", cJSON_CreateString(text));
	*lead = vn_add(o, "lead", cJSON_CreateArray());
	*sup = vn_add(o, "support", cJSON_CreateArray());
	*dl = vn_add(o, "deadlines", cJSON_CreateArray());
	*dt = vn_add(o, "deadlines_text", cJSON_CreateArray());
	*outs = vn_add(o, "outputs", cJSON_CreateArray());
}

static void emit(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
                 const struct marker *m, const char *label, const cJSON *inherit,
                 int heading, const char *doc_date)
{
	const char *t = doc->text;
	cJSON *o = cJSON_CreateObject(), *lead, *sup, *dl, *dt, *outs;
	char *text = collapse(t, vn_skip_blank(t, m->e, m->text_s, 1), m->e);
	char *head = NULL;
	size_t len;

	if (!o || !text) {
		cJSON_Delete(o);
		free(text);
		return;
	}
	len = strlen(text);
	task_members(o, label, text, &lead, &sup, &dl, &dt, &outs);
	if (heading) {
		const struct vn_line *l = &L->v[m->line];
		head = collapse(t, vn_skip_blank(t, l->e, m->text_s, 0), l->e);
		if (head)
			find_lead(lead, head, strlen(head), 1);
	}
	if (lead && cJSON_GetArraySize(lead) == 0)
		find_lead(lead, text, len, 0);
	if (lead && cJSON_GetArraySize(lead) > 0)
		clause_leads(lead, text, len);
	if (lead && cJSON_GetArraySize(lead) == 0 && inherit) {
		const cJSON *it;
		cJSON_ArrayForEach(it, inherit)
			cJSON_AddItemToArray(lead, cJSON_Duplicate(it, 1));
	}
	if (sup)
		find_support(sup, lead, text, len);
	if (dl && dt)
		find_deadlines(dl, dt, text, len, doc_date);
	if (outs)
		find_outputs(outs, text, len);
	{
		size_t e = m->e;
		while (e > m->s && (t[e - 1] == ' ' || t[e - 1] == '\n' || t[e - 1] == '\t'))
			e--;
		vn_add(o, "span", vn_span(doc, m->s, e));
	}
	cJSON_AddItemToArray(tasks, o);
	free(head);
	free(text);
}

/*
 * "1. Đánh giá chung" alone on its line, then the assessment in prose: a
 * heading of the kind skip_heading() knows, short and unpunctuated, that
 * names nobody.  Its text reviews; it assigns nothing.
 */
static int review_heading(const char *t, const struct vn_lines *L, const struct marker *m)
{
	const struct vn_line *l = &L->v[m->line];
	size_t s = vn_skip_blank(t, l->e, m->text_s, 0), i, words = 1;

	if (s >= l->e || strchr(".;:,", t[l->e - 1]) || m->line + 1 >= L->n ||
	    L->v[m->line + 1].start >= m->e || !skip_heading(t + s, l->e - s))
		return 0;
	for (i = s; i < l->e; i++)
		if (t[i] == ' ')
			words++;
	return words <= 6 && !vn_agency_head(t, l->e, s);
}

static size_t bullet_items(struct marker *mk, const char *t, const struct vn_lines *L,
                           size_t from_line, size_t end);

/*
 * A heading that names nobody, with bullets under it that do: each such
 * bullet is a task, labelled under the heading ("2.1", "2.2").
 */
static void emit_bullets(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
                         const struct marker *m, const char *label, const char *doc_date)
{
	size_t nl = 0, nb, k;
	struct marker *bm;

	while (m->line + 1 + nl < L->n && L->v[m->line + 1 + nl].start < m->e)
		nl++;
	if (!nl || !(bm = calloc(nl, sizeof(*bm))))
		return;
	nb = bullet_items(bm, doc->text, L, m->line + 1, m->e);
	for (k = 0; k < nb; k++) {
		char lb[56];

		bm[k].e = k + 1 < nb ? bm[k + 1].s : m->e;
		/* "1. Nhiệm vụ chung / - Các cơ quan quán triệt …" is no task of anyone's */
		if (vn_has(doc->text, bm[k].e, bm[k].text_s, "Các "))
			continue;
		snprintf(lb, sizeof(lb), "%s.%zu", label, k + 1);
		emit(tasks, doc, L, &bm[k], lb, NULL, 0, doc_date);
	}
	free(bm);
}

/* Does the item's own heading (its first line) name an agency? */
static int heading_agency(const char *t, const struct vn_lines *L, const struct marker *m)
{
	const struct vn_line *l = &L->v[m->line];
	size_t s = vn_skip_blank(t, l->e, m->text_s, 0);
	char *h = collapse(t, s, l->e);
	int r = 0;

	if (h) {
		size_t n = strlen(h);
		while (n && (h[n - 1] == ':' || h[n - 1] == ' '))
			h[--n] = '\0';
		r = agency_phrase(h, n, 0, 1, verbs, 0) != 0;
	}
	free(h);
	return r;
}

/*
 * The last item ends where the closing paragraph starts ("Chủ tịch UBND
 * tỉnh yêu cầu …", "Trên đây là …"): after a blank line, not a bullet.
 */
static size_t closing_from(const char *t, const struct vn_lines *L, size_t line, size_t end)
{
	static const char *const kws[] = {
		"yeu cau", "tren day", "de nghi cac", "chu tich ubnd", "chu tich uy ban",
		"uy ban nhan dan tinh yeu cau", "ubnd tinh yeu cau", "trong qua trinh",
		"giao van phong", "nhan duoc cong van", "nhan duoc van ban", NULL
	};
	size_t i;
	int blank = 0, k;

	for (i = line + 1; i < L->n && L->v[i].start < end; i++) {
		const struct vn_line *l = &L->v[i];

		if (vn_line_blank(l)) {
			blank = 1;
			continue;
		}
		if (blank)
			for (k = 0; kws[k]; k++)
				if (vn_kw(t, l->e, l->s, kws[k]))
					return l->s;
		blank = 0;
	}
	return end;
}

/* The item of an unnumbered task: the n-th, numbered in order. */
static void unnumbered(struct marker *m, size_t n, size_t line, size_t s, size_t text_s, size_t e)
{
	memset(m, 0, sizeof(*m));
	m->kind = K_NUM;
	m->value = (int)n;
	snprintf(m->label, sizeof(m->label), "%d", m->value);
	m->line = line;
	m->s = s;
	m->text_s = text_s;
	m->e = e;
}

/*
 * A body without numbers or letters may list its tasks as bullets ("- Phòng
 * Văn hóa - Xã hội chủ trì …").  A bullet is an item when its first line
 * opens with whoever must act, so that bullets of explanation are not;
 * they are numbered in order.  Returns the count of markers written.
 */
static size_t bullet_items(struct marker *mk, const char *t, const struct vn_lines *L,
                           size_t from_line, size_t end)
{
	size_t i, nm = 0;

	for (i = from_line; i < L->n && L->v[i].start < end; i++) {
		const struct vn_line *l = &L->v[i];
		size_t k = 0, s;
		char *first;
		cJSON *lead;

		if (vn_line_blank(l))
			continue;
		if (t[l->s] == '-' || t[l->s] == '+')
			k = 1;
		else if (vn_has(t, l->e, l->s, "•") || vn_has(t, l->e, l->s, "–"))
			k = strlen("•");
		if (!k || l->s + k >= l->e || t[l->s + k] != ' ')
			continue;
		s = vn_skip_blank(t, l->e, l->s + k, 0);
		first = collapse(t, s, l->e);
		lead = cJSON_CreateArray();
		if (first && lead)
			find_lead(lead, first, strlen(first), 0);
		if (lead && cJSON_GetArraySize(lead) > 0) {
			unnumbered(&mk[nm], nm + 1, i, l->s, s, 0);
			nm++;
		}
		cJSON_Delete(lead);
		free(first);
	}
	return nm;
}

/* ---- tables ----------------------------------------------------------- */

#define MAX_CELLS 8

/*
 * The cells of a table row: runs of two blanks or more part them, as in a
 * markdown row whose "|" are blanked and in pdftotext -layout.  Returns
 * the count; cs/ce get each cell's bytes.
 */
static int cells(const char *t, const struct vn_line *l, size_t cs[], size_t ce[])
{
	size_t i = l->s;
	int n = 0;

	while (i < l->e && n < MAX_CELLS) {
		size_t e = i;

		/* a tab, or a blank and a blank or tab after it, ends the cell */
		for (; e < l->e; e++) {
			if ((unsigned char)t[e] > ' ')
				continue;
			if (t[e] == '\t' || (t[e] == ' ' && e + 1 < l->e &&
			                     (t[e + 1] == ' ' || t[e + 1] == '\t')))
				break;
		}
		cs[n] = i;
		ce[n++] = e;
		i = e;
		while (i < l->e && (t[i] == ' ' || t[i] == '\t'))
			i++;
	}
	return n;
}

/* "Quý III/2025", "30/9/2025", "Tháng 6/2025", "Năm 2025": a deadline cell. */
static void cell_deadline(cJSON *dl, cJSON *dtext, const char *t, size_t s, size_t e,
                          const char *doc_date)
{
	char iso[11];
	int y;

	if (vt_date_parse(iso, t + s, e - s) && strlen(iso) == 10) {
		add_str(dl, iso);
	} else if (quarter_at(iso, t, e, s) || month_at(iso, t, e, s)) {
		add_str(dl, iso);
	} else if ((vn_kw(t, e, s, "nam ") && read_int(t, e, vn_skip_blank(t, e, s + 4, 0), &y, 4) == 4 &&
	            e - s <= 10) ||
	           /* the cell of the deadline column: a bare year is one */
	           (e - s == 4 && read_int(t, e, s, &y, 4) == 4 && y >= 1945 && y <= 2100)) {
		snprintf(iso, sizeof(iso), "%04u", (unsigned)y % 10000u);
		add_str(dl, iso);
	} else {
		find_deadlines(dl, dtext, t + s, e - s, doc_date);
	}
}

/*
 * Plans often give their tasks as a table: "TT | Nội dung | Cơ quan chủ
 * trì | Cơ quan phối hợp | Thời gian hoàn thành".  The header row says
 * which column is which; every row that starts with a number under it is
 * a task.  A row with one cell fewer (an empty one collapsed) is read
 * from both ends: the deadline is the last cell when it reads as one.
 */
static void table_tasks(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
                        size_t from_line, size_t end, const char *doc_date)
{
	const char *t = doc->text;
	size_t i, cs[MAX_CELLS], ce[MAX_CELLS];
	int nh = 0, c_text = -1, c_lead = -1, c_sup = -1, c_dl = -1;
	char roman[16] = "";

	for (i = from_line; i < L->n && L->v[i].start < end; i++) {
		const struct vn_line *l = &L->v[i];
		struct marker m = {0};
		int n, k, v;
		cJSON *o, *lead, *sup, *dl, *dt, *outs;
		char label[40], *txt;

		if (vn_line_blank(l))
			continue;
		if (classify(&m, t, l) && m.kind == K_ROMAN)
			snprintf(roman, sizeof(roman), "%s.", m.label);
		n = cells(t, l, cs, ce);
		if (n >= 3 && c_lead < 0) {
			for (k = 0; k < n; k++) {
				if (vn_kw_find(t, ce[k], cs[k], "chu tri") != SIZE_MAX)
					c_lead = k;
				else if (vn_kw_find(t, ce[k], cs[k], "phoi hop") != SIZE_MAX)
					c_sup = k;
				else if (vn_kw_find(t, ce[k], cs[k], "thoi gian") != SIZE_MAX ||
				         vn_kw_find(t, ce[k], cs[k], "thoi han") != SIZE_MAX ||
				         vn_kw_find(t, ce[k], cs[k], "tien do") != SIZE_MAX)
					c_dl = k;
				else if (c_text < 0 && (vn_kw_find(t, ce[k], cs[k], "noi dung") != SIZE_MAX ||
				                        vn_kw_find(t, ce[k], cs[k], "nhiem vu") != SIZE_MAX))
					c_text = k;
			}
			if (c_lead > 0) {
				nh = n;
				if (c_text < 0)
					c_text = 1;
			} else {
				c_lead = c_sup = c_dl = c_text = -1;
			}
			continue;
		}
		if (c_lead < 0 || n < nh - 1 || n > nh || !read_int(t, ce[0], cs[0], &v, 3) ||
		    cs[0] + (size_t)read_int(t, ce[0], cs[0], &v, 3) != ce[0] || v < 1)
			continue;
		o = cJSON_CreateObject();
		txt = collapse(t, cs[c_text < n ? c_text : 0], ce[c_text < n ? c_text : 0]);
		if (!o || !txt) {
			cJSON_Delete(o);
			free(txt);
			continue;
		}
		snprintf(label, sizeof(label), "%s%d", roman, v);
		task_members(o, label, txt, &lead, &sup, &dl, &dt, &outs);
		if (lead && c_lead < n)
			split_agencies(lead, NULL, t, cs[c_lead], ce[c_lead], 1);
		if (dl && dt && c_dl >= 0) {
			int d = n == nh ? c_dl : n - 1;

			cell_deadline(dl, dt, t, cs[d], ce[d], doc_date);
			if (n == nh && cJSON_GetArraySize(dl) == 0 && cJSON_GetArraySize(dt) == 0) {
				char *c = collapse(t, cs[d], ce[d]);   /* "Thường xuyên" */
				if (c && *c)
					add_str(dt, c);
				free(c);
			}
			/* one cell fewer, the last one no deadline: the deadline was empty */
			if (n < nh && cJSON_GetArraySize(dl) == 0)
				d = -1;
			if (sup && c_sup >= 0 && c_sup < n && c_sup != d)
				split_agencies(sup, lead, t, cs[c_sup], ce[c_sup], 1);
		} else if (sup && c_sup >= 0 && c_sup < n) {
			split_agencies(sup, lead, t, cs[c_sup], ce[c_sup], 1);
		}
		vn_add(o, "span", vn_span(doc, l->s, l->e));
		cJSON_AddItemToArray(tasks, o);
		free(txt);
	}
}

/*
 * A short công văn may give its work in prose, with no item at all:
 * "UBND tỉnh giao Sở Tài chính chủ trì …".  Each paragraph that gives
 * work to a named agency ("giao", "đề nghị", "yêu cầu" before it) is one
 * task, ending at its blank line.
 */
static size_t paragraph_items(struct marker *mk, const char *t, const struct vn_lines *L,
                              size_t from_line, size_t end)
{
	static const char *const intro[] = {"giao cho ", "giao ", "de nghi ", "yeu cau ", NULL};
	size_t i = from_line, nm = 0;

	while (i < L->n && L->v[i].start < end) {
		size_t j = i, p, pe;
		int k, work = 0;

		if (vn_line_blank(&L->v[i])) {
			i++;
			continue;
		}
		while (j + 1 < L->n && L->v[j + 1].start < end && !vn_line_blank(&L->v[j + 1]))
			j++;
		pe = L->v[j].e < end ? L->v[j].e : end;
		for (p = L->v[i].s; p < pe && !work; p++) {
			if (p > L->v[i].s && t[p - 1] != ' ' && t[p - 1] != '\n')
				continue;
			for (k = 0; intro[k] && !work; k++) {
				size_t n = vn_kw(t, pe, p, intro[k]);
				work = n && agency_phrase(t, pe, p + n, 0, verbs, 0) != 0;
			}
		}
		if (work) {
			unnumbered(&mk[nm], nm + 1, i, L->v[i].s, L->v[i].s, pe);
			nm++;
		}
		i = j + 1;
	}
	return nm;
}

void vn_table_tasks(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
                    size_t from_line, size_t end, const char *doc_date)
{
	int i = cJSON_GetArraySize(tasks);

	table_tasks(tasks, doc, L, from_line, end, doc_date);
	/* "PL.1": a row of the annex, not item 1 of the body */
	for (; i < cJSON_GetArraySize(tasks); i++) {
		cJSON *t = cJSON_GetArrayItem(tasks, i);
		const cJSON *lb = cJSON_GetObjectItemCaseSensitive(t, "label");
		char label[48];

		if (!cJSON_IsString(lb))
			continue;
		snprintf(label, sizeof(label), "PL.%s", lb->valuestring);
		cJSON_ReplaceItemInObjectCaseSensitive(t, "label", cJSON_CreateString(label));
	}
}

void vn_tasks(cJSON *tasks, const struct vt_doc *doc, const struct vn_lines *L,
              size_t from_line, size_t start, size_t end, const char *doc_date)
{
	struct marker *mk;
	size_t nm = 0, i, cap, paragraphs = 0;
	int last_roman = 0, last_num = 0, last_letter = -1;

	(void)start;
	if (from_line >= L->n)
		return;
	table_tasks(tasks, doc, L, from_line, end, doc_date);
	cap = L->n - from_line;
	mk = calloc(cap, sizeof(*mk));
	if (!mk)
		return;
	for (i = from_line; i < L->n && L->v[i].start < end; i++) {
		struct marker m = {0};

		if (vn_line_blank(&L->v[i]) || !classify(&m, doc->text, &L->v[i]))
			continue;
		/* keep the sequence: a wrapped line that starts with "2." is no item */
		if (m.kind == K_ROMAN) {
			/* a text cut above its first section may start at "III." */
			if (m.value != last_roman + 1 && m.value != 1 && last_roman != 0)
				continue;
			last_roman = m.value;
			last_num = 0;
			last_letter = -1;
		} else if (m.kind == K_NUM) {
			if (m.value != last_num + 1 && m.value != 1)
				continue;
			last_num = m.value;
			last_letter = -1;
		} else {
			if (m.value <= last_letter && m.value != 0)
				continue;
			last_letter = m.value;
		}
		m.line = i;
		m.s = L->v[i].s;
		mk[nm++] = m;
	}
	if (nm == 0)
		nm = bullet_items(mk, doc->text, L, from_line, end);
	if (nm == 0)   /* each paragraph ends where it ends */
		paragraphs = nm = paragraph_items(mk, doc->text, L, from_line, end);
	for (i = 0; i < nm && !paragraphs; i++)
		mk[i].e = i + 1 < nm ? mk[i + 1].s : end;
	if (nm && !paragraphs)
		mk[nm - 1].e = closing_from(doc->text, L, mk[nm - 1].line, end);

	{
		const struct marker *roman = NULL, *num = NULL;
		int skip_roman = 0, skip_num = 0;
		cJSON *num_lead = NULL;

		for (i = 0; i < nm; i++) {
			struct marker *m = &mk[i];
			char label[40];
			int children = 0;
			size_t j;

			if (m->kind == K_ROMAN) {
				const struct vn_line *l = &L->v[m->line];
				roman = m;
				num = NULL;
				skip_roman = skip_heading(doc->text + m->text_s, l->e - m->text_s);
				/* "II. NHIỆM VỤ" with bullets and no numbered item under it */
				if (!skip_roman && (i + 1 == nm || mk[i + 1].kind == K_ROMAN))
					emit_bullets(tasks, doc, L, m, m->label, doc_date);
				continue;
			}
			if (skip_roman)
				continue;
			for (j = i + 1; j < nm && mk[j].kind > m->kind; j++)
				children++;
			if (m->kind == K_NUM) {
				const struct vn_line *l = &L->v[m->line];
				int heading = is_heading(doc->text, L, m, children > 0);

				num = m;
				cJSON_Delete(num_lead);
				num_lead = NULL;
				skip_num = heading && skip_heading(doc->text + m->text_s, l->e - m->text_s);
				if (skip_num)
					continue;
				if (children) {
					/* the parent's own words may name the lead of its points */
					char *own = collapse(doc->text, m->text_s, mk[i + 1].s);
					num_lead = cJSON_CreateArray();
					if (own && num_lead)
						find_lead(num_lead, own, strlen(own), heading);
					free(own);
					continue;
				}
				if (!heading && review_heading(doc->text, L, m))
					continue;
				if (roman)
					snprintf(label, sizeof(label), "%s.%s", roman->label, m->label);
				else
					snprintf(label, sizeof(label), "%s", m->label);
				/* "2. Nhiệm vụ thời gian tới" over "- Sở Xây dựng: …" bullets */
				if (heading && !heading_agency(doc->text, L, m)) {
					emit_bullets(tasks, doc, L, m, label, doc_date);
					continue;
				}
				emit(tasks, doc, L, m, label, NULL, heading, doc_date);
				continue;
			}
			/* a lettered point */
			if (num && skip_num)
				continue;
			{
				int heading = is_heading(doc->text, L, m, 0);
				if (heading && !heading_agency(doc->text, L, m))
					heading = 0;
				if (roman && num)
					snprintf(label, sizeof(label), "%s.%s.%s", roman->label, num->label, m->label);
				else if (num)
					snprintf(label, sizeof(label), "%s.%s", num->label, m->label);
				else if (roman)
					snprintf(label, sizeof(label), "%s.%s", roman->label, m->label);
				else
					snprintf(label, sizeof(label), "%s", m->label);
				emit(tasks, doc, L, m, label,
				     num_lead && cJSON_GetArraySize(num_lead) ? num_lead : NULL,
				     heading, doc_date);
			}
		}
		cJSON_Delete(num_lead);
	}
	free(mk);
}
