/*
 * The footer: the signature block (authority prefixes, title, name) and
 * the "Nơi nhận" distribution.  Both sit side by side on the page, so in
 * the text they come in either order and the signature may even be cut
 * into the list; distribution lines are marked first and the signature is
 * read from what is left.
 */
#include <stdlib.h>
#include <string.h>

#include "vn.h"

static const char *const prefixes[] = {
	"TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M", "K/T", "T/L", "Q/", "TUQ ", "TM ", "KT ",
	"TL ", NULL
};

static size_t prefix_at(const char *s, size_t n, const char **canon)
{
	int i;

	for (i = 0; prefixes[i]; i++) {
		size_t k = strlen(prefixes[i]);
		if (n > k && memcmp(s, prefixes[i], k) == 0) {
			*canon = prefixes[i];
			return k;
		}
	}
	return 0;
}

/* ---- distribution ---------------------------------------------------- */

static void add_item(cJSON *dist, const char *s, size_t n)
{
	static const struct { const char *mark; const char *role; } marks[] = {
		{"(b/c)", "report"}, {"(để b/c)", "report"}, {"(báo cáo)", "report"},
		{"(để báo cáo)", "report"}, {"(phối hợp)", "coordinate"},
		{"(p/h)", "coordinate"}, {"(để phối hợp)", "coordinate"},
		{"(B/c)", "report"}, {"(b/cáo)", "report"}, {"(để b/c)", "report"},
		{"(để chỉ đạo)", "report"}, {"(để p/h)", "coordinate"},
		/* the record contract (DESIGN.md §2) has no role for these yet */
		{"(để biết)", NULL}, {"(đ/b)", NULL}, {"(biết)", NULL}, {"(t/h)", NULL},
		{"(thực hiện)", NULL}, {"(để thực hiện)", NULL}, {"(để t/h)", NULL},
	};
	char *c = vn_clean(s, n, ".;, ");
	const char *role = NULL;
	size_t i;
	cJSON *o;

	if (!c || !*c) {
		free(c);
		return;
	}
	if (vn_kw(c, strlen(c), 0, "luu:") || vn_kw(c, strlen(c), 0, "luu "))
		role = "archive";
	else if (vn_kw(c, strlen(c), 0, "nhu tren"))
		role = "as_above";
	else
		for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
			char *p = strstr(c, marks[i].mark);
			if (p) {
				size_t k = strlen(marks[i].mark);
				memmove(p, p + k, strlen(p + k) + 1);
				role = marks[i].role;
				{
					char *d = vn_clean(c, strlen(c), ".;, ");
					free(c);
					c = d;
				}
				break;
			}
		}
	o = cJSON_CreateObject();
	if (c && o) {
		cJSON_AddStringToObject(o, "name", c);
		if (role)
			cJSON_AddStringToObject(o, "role", role);
		else
			cJSON_AddNullToObject(o, "role");
		cJSON_AddItemToArray(dist, o);
		o = NULL;
	}
	cJSON_Delete(o);
	free(c);
}

static int is_dash(const char *p, size_t n)
{
	return n > 0 && (p[0] == '-' || p[0] == '+' || vn_has(p, n, 0, "–") ||
	                 vn_has(p, n, 0, "•"));
}

static size_t dash_len(const char *p, size_t n)
{
	size_t k = (p[0] == '-' || p[0] == '+') ? 1 : 3;

	return vn_skip_blank(p, n, k, 0);
}

/* Mark distribution lines in `used`; fill `dist`. */
static void distribution(cJSON *dist, const struct vt_doc *doc, const struct vn_lines *L,
                         size_t first, char *used, const char *segcol)
{
	const char *t = doc->text;
	size_t i, k = SIZE_MAX;
	struct vt_buf cur = {0};
	int closed = 0;

	for (i = first; i < L->n; i++)
		if (vn_kw(t, L->v[i].e, L->v[i].s, "noi nhan")) {
			k = i;
			break;
		}
	if (k == SIZE_MAX)
		return;
	used[k - first] = 1;
	{
		const struct vn_line *l = &L->v[k];
		size_t p = l->s + vn_kw(t, l->e, l->s, "noi nhan");

		p = vn_skip_blank(t, l->e, p, 0);
		if (p < l->e && t[p] == ':')
			p = vn_skip_blank(t, l->e, p + 1, 0);
		if (p < l->e && is_dash(t + p, l->e - p)) {
			p += dash_len(t + p, l->e - p);
			vt_buf_put(&cur, t + p, l->e - p);
		}
	}
	for (i = k + 1; i < L->n; i++) {
		const struct vn_line *l = &L->v[i];
		const char *p = t + l->s;
		size_t n = l->e - l->s;

		if (vn_line_blank(l))
			continue;
		if (is_dash(p, n)) {
			if (cur.n)
				add_item(dist, cur.p, cur.n);
			cur.n = 0;
			vt_buf_put(&cur, p + dash_len(p, n), n - dash_len(p, n));
			used[i - first] = 1;
			closed = p[n - 1] == '.';
			continue;
		}
		/* the signature column shares the lines of the list */
		if (segcol && segcol[i - first])
			continue;
		/* a wrapped item goes on in lower case; capitals are the signature */
		if (cur.n && !closed && cur.p[cur.n - 1] != ';' && !vn_is_upper_text(p, n) &&
		    !vn_starts_upper(p, n)) {
			vt_buf_put(&cur, " ", 1);
			vt_buf_put(&cur, p, n);
			used[i - first] = 1;
			continue;
		}
		if (closed || vn_is_upper_text(p, n) || cur.n)
			break;
	}
	if (cur.n)
		add_item(dist, cur.p, cur.n);
	free(cur.p);
}

/* ---- signer ---------------------------------------------------------- */

static int name_like(const char *s)
{
	size_t n = strlen(s), i, words = 1;

	if (n < 3 || n > 80 || !vn_starts_upper(s, n))
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == ':' || s[i] == '(' || s[i] == ';' ||
		    s[i] == ',' || s[i] == '/')
			return 0;
		if (s[i] == ' ') {
			words++;
			if (i + 1 < n && !vn_starts_upper(s + i + 1, n - i - 1))
				return 0;
		}
	}
	return words >= 2 && words <= 7;
}

/* Notes of converters and e-signature stamps, not part of the block. */
static int noise(const char *c, size_t n)
{
	static const char *const kws[] = {
		"handwritten signature", "signature", "da ky", "(da ky)", "[da ky]", "ky ten",
		"(ky", "[ky", "chu ky", "nguoi ky", "ky boi", "ky so", "email", "co quan:",
		"thoi gian ky", "(signed)", "signed", "[signature]",
		"<signature>", "[", "(", NULL
	};
	int i;

	if (n == 0)
		return 1;
	for (i = 0; kws[i]; i++)
		if (vn_kw(c, n, 0, kws[i]))
			return 1;
	return 0;
}

/* "CHỦ TỊCH" after "KT. " or "T/M" without the blank: "KT.CHỦ TỊCH". */
static size_t skip_prefix_blank(const char *c, size_t n, size_t k)
{
	while (k < n && (c[k] == ' ' || c[k] == '.'))
		k++;
	return k;
}

static void signer(cJSON *out, const struct vt_doc *doc, const struct vn_lines *L,
                   size_t first, const char *used, size_t span[2])
{
	const char *t = doc->text;
	struct vt_buf auth = {0};
	char *title = NULL, *name = NULL;
	size_t i;
	int in_block = 0;

	for (i = first; i < L->n; i++) {
		const struct vn_line *l = &L->v[i];
		char *c;
		size_t n;

		if (used[i - first] || vn_line_blank(l))
			continue;
		c = vn_clean(t + l->s, l->e - l->s, ". *_");
		if (!c)
			break;
		/* markdown emphasis left inside the line */
		while (c[0] == '*' || c[0] == '_' || c[0] == '#')
			memmove(c, c + 1, strlen(c));
		{
			/* "Nguyễn Văn Lợi (đã ký)": the stamp after the name goes */
			char *par = strchr(c, '(');

			if (!par)
				par = strchr(c, '[');
			if (par && par > c && noise(par, strlen(par))) {
				while (par > c && par[-1] == ' ')
					par--;
				*par = '\0';
			}
		}
		n = strlen(c);
		if (n && noise(c, n)) {
			free(c);
			continue;   /* "(Đã ký)", "*Handwritten signature*", e-signature stamps */
		}
		if (vn_is_upper_text(c, n)) {
			const char *pf = NULL;
			size_t k = prefix_at(c, n, &pf);

			if (k) {
				char *rest;
				size_t pl = strlen(pf);

				k = skip_prefix_blank(c, n, k);
				rest = vn_usual_case(c + k, n - k);
				if (auth.n)
					vt_buf_puts(&auth, ", ");
				/* "TM " / "KT " written without the dot: canonical "TM." */
				vt_buf_put(&auth, pf, pl - (pf[pl - 1] == ' '));
				if (pf[pl - 1] == ' ')
					vt_buf_puts(&auth, ".");
				vt_buf_puts(&auth, " ");
				if (rest)
					vt_buf_puts(&auth, rest);
				free(rest);
			} else if (n > 2) {
				free(title);
				title = vn_usual_case(c, n);
			}
			if (!in_block)
				span[0] = l->s;
			span[1] = l->e;
			in_block = 1;
			free(c);
			continue;
		}
		if (in_block && name_like(c)) {
			name = c;
			span[1] = l->e;
			break;
		}
		if (in_block && vn_kw(c, n, 0, "noi nhan")) {
			free(c);
			continue;
		}
		free(c);
	}
	if (!in_block && !name) {
		free(auth.p);
		free(title);
		return;
	}
	{
		cJSON *o = cJSON_CreateObject();
		char *a = vt_buf_take(&auth);
		const char *q = a ? strrchr(a, ',') : NULL;

		/* "Q. GIÁM ĐỐC" over the name: the acting head has no title line */
		q = q ? q + 2 : a;
		if (!title && q && (!strncmp(q, "Q. ", 3) || !strncmp(q, "Q/ ", 3)) && q[3]) {
			struct vt_buf b = {0};

			vt_buf_puts(&b, "Quyền ");
			vt_buf_puts(&b, q + 3);
			title = vt_buf_take(&b);
		}
		if (o) {
			if (name)
				cJSON_AddStringToObject(o, "name", name);
			else
				cJSON_AddNullToObject(o, "name");
			if (title)
				cJSON_AddStringToObject(o, "title", title);
			else
				cJSON_AddNullToObject(o, "title");
			if (a && *a)
				cJSON_AddStringToObject(o, "authority", a);
			else
				cJSON_AddNullToObject(o, "authority");
			cJSON_AddItemToObject(o, "span", vn_span(doc, span[0], span[1]));
			cJSON_AddItemToObject(out, "signer", o);
		}
		free(a);
	}
	free(title);
	free(name);
}

/*
 * Cut the footer lines into column segments: with the page layout kept,
 * "- Như trên;            PHÓ CHỦ TỊCH" holds both columns, split by a
 * run of three blanks or more.  `col` says which segments are not the
 * first of their line.
 */
static int segments(struct vn_lines *seg, char **col, const char *t, const struct vn_lines *L,
                    size_t first)
{
	size_t i, cap = (L->n - first) * 2 + 4;

	seg->n = 0;
	seg->v = malloc(cap * sizeof(*seg->v));
	*col = calloc(cap, 1);
	if (!seg->v || !*col)
		return -1;
	for (i = first; i < L->n; i++) {
		const struct vn_line *l = &L->v[i];
		size_t p = l->s, c = 0;

		if (vn_line_blank(l)) {
			if (seg->n == cap)
				continue;
			seg->v[seg->n++] = *l;
			continue;
		}
		while (p < l->e) {
			size_t q = p, gap = 0, e;
			struct vn_line sl;

			while (q < l->e) {
				if (t[q] == '\t' || (t[q] == ' ' && q + 2 < l->e && t[q + 1] == ' ' &&
				                     t[q + 2] == ' ')) {
					gap = 1;
					break;
				}
				q++;
			}
			e = q;
			while (e > p && (t[e - 1] == ' ' || t[e - 1] == '*'))
				e--;
			sl.start = p;
			sl.end = q;
			sl.s = p;
			while (sl.s < e && t[sl.s] == '*')
				sl.s++;
			sl.e = e;
			if (sl.e > sl.s) {
				if (seg->n == cap) {
					struct vn_line *nv = realloc(seg->v, 2 * cap * sizeof(*nv));
					char *nc = realloc(*col, 2 * cap);
					if (nv)
						seg->v = nv;
					if (nc)
						*col = nc;
					if (!nv || !nc)
						return -1;
					memset(*col + cap, 0, cap);
					cap *= 2;
				}
				(*col)[seg->n] = c > 0;
				seg->v[seg->n++] = sl;
				c++;
			}
			if (!gap)
				break;
			while (q < l->e && (t[q] == ' ' || t[q] == '\t'))
				q++;
			p = q;
		}
	}
	return 0;
}

void vn_signature(cJSON *out, const struct vt_doc *doc, const struct vn_lines *L,
                  size_t from, size_t span[2])
{
	size_t first = 0, i, dummy[2];
	char *used, *col = NULL;
	struct vn_lines seg = {0};
	cJSON *dist;

	if (!span)
		span = dummy;
	span[0] = span[1] = 0;
	for (i = 0; i < L->n; i++)
		if (L->v[i].end >= from) {
			first = i;
			break;
		}
	if (from >= doc->len && L->n > 25)
		first = L->n - 25;
	/* the line holding "./." is body; the footer starts below it */
	if (first < L->n && L->v[first].end > from && from > L->v[first].start &&
	    from < doc->len)
		first++;
	else if (first < L->n && from >= L->v[first].end && from < doc->len)
		first++;
	if (first >= L->n) {
		cJSON_AddNullToObject(out, "signer");
		cJSON_AddArrayToObject(out, "distribution");
		return;
	}
	dist = cJSON_CreateArray();
	if (!dist || segments(&seg, &col, doc->text, L, first) < 0) {
		cJSON_Delete(dist);
		free(seg.v);
		free(col);
		return;
	}
	used = calloc(seg.n + 1, 1);
	if (!used) {
		cJSON_Delete(dist);
		free(seg.v);
		free(col);
		return;
	}
	distribution(dist, doc, &seg, 0, used, col);
	signer(out, doc, &seg, 0, used, span);
	if (!cJSON_GetObjectItemCaseSensitive(out, "signer"))
		cJSON_AddNullToObject(out, "signer");
	cJSON_AddItemToObject(out, "distribution", dist);
	free(used);
	free(col);
	free(seg.v);
}
