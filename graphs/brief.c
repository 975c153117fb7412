/*
 * The visual briefing: one self-contained HTML page per document, for the
 * people who brief their leaders with it, offline.  No external URL at
 * all: the CSS is inline, the lineage diagram is Graphviz's SVG inlined
 * (its XML prolog, DOCTYPE and namespace URLs dropped; the HTML parser
 * puts <svg> in the SVG namespace by itself).
 *
 * Every text that comes from a document goes through html_text(), which
 * escapes & < > " ' and replaces invalid UTF-8 and control characters, so
 * no document can inject markup.  The SVG's texts were escaped for XML
 * by Graphviz.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "vanthu/agency.h"
#include "vanthu/buf.h"
#include "vanthu/error.h"
#include "vanthu/store.h"
#include "graphs/brief.h"
#include "graphs/graph.h"
#include "graphs/render.h"

#define QUOTE_MAX 600        /* bytes of evidence shown per reference */
#define BRIEF_DEPTH 3        /* hops up and down in the diagram */

/* Untrusted text s[0..n), escaped for HTML text and attribute values. */
static void html_textn(struct vt_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (s && i < n) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			c = 0xFFFD;
			k = 1;
		}
		i += (size_t)k;
		switch (c) {
		case '&': vt_buf_puts(b, "&amp;"); continue;
		case '<': vt_buf_puts(b, "&lt;"); continue;
		case '>': vt_buf_puts(b, "&gt;"); continue;
		case '"': vt_buf_puts(b, "&quot;"); continue;
		case '\'': vt_buf_puts(b, "&#39;"); continue;
		}
		if ((c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0))
			c = ' ';
		vt_buf_put(b, (const char *)enc, (size_t)utf8proc_encode_char(c, enc));
	}
}

static void html_text(struct vt_buf *b, const char *s)
{
	if (s)
		html_textn(b, s, strlen(s));
}

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) && v->valuestring && v->valuestring[0]
	       ? v->valuestring : NULL;
}

static void list_text(struct vt_buf *b, const cJSON *list)
{
	const cJSON *v;
	int first = 1;

	cJSON_ArrayForEach(v, list) {
		if (!cJSON_IsString(v))
			continue;
		if (!first)
			vt_buf_puts(b, "; ");
		html_text(b, v->valuestring);
		first = 0;
	}
	if (first)
		vt_buf_puts(b, "—");
}

static const char css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222;"
	"max-width:1100px}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #0b5394;"
	"padding-bottom:3px;margin-top:28px;color:#0b5394}"
	"table{border-collapse:collapse;width:100%;font-size:13px}"
	"th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}"
	"th{background:#eef3f8}tr.agency th{background:#dde7f0;font-size:14px}"
	"dl.facts{display:grid;grid-template-columns:140px 1fr;gap:3px 12px;font-size:14px}"
	"dl.facts dt{font-weight:bold;color:#555}dl.facts dd{margin:0}"
	".st{padding:1px 6px;border-radius:3px;color:#fff;font-size:12px}"
	".st-open{background:#3c78d8}.st-due{background:#e69138}"
	".st-overdue{background:#cc0000}.st-done{background:#6aa84f}"
	"blockquote{margin:2px 0;padding:3px 8px;border-left:3px solid #999;"
	"background:#f6f6f6;font-size:13px;white-space:pre-wrap}"
	"#lineage .diagram{overflow:auto;border:1px solid #ddd;padding:6px}"
	"#lineage svg{max-width:100%;height:auto}"
	".warn{color:#990000}.muted{color:#777;font-size:12px}";

static void facts(struct vt_buf *b, const cJSON *rec, const char *today)
{
	static const char *const rows[][2] = {
		{ "number", "Số, ký hiệu" }, { "type", "Loại" }, { "issuer", "Cơ quan ban hành" },
		{ "province", "Tỉnh" }, { "place", "Địa danh" }, { "date", "Ngày" },
		{ "subject", "Trích yếu" },
	};
	const cJSON *signer = cJSON_GetObjectItemCaseSensitive(rec, "signer");

	vt_buf_puts(b, "<section id=\"facts\"><h2>Thông tin văn bản</h2><dl class=\"facts\">");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *v = jstr(rec, rows[i][0]);
		vt_buf_printf(b, "<dt>%s</dt><dd>", rows[i][1]);
		if (v)
			html_text(b, v);
		else
			vt_buf_puts(b, i == 0 ? "(dự thảo, chưa có số)" : "—");
		vt_buf_puts(b, "</dd>");
	}
	vt_buf_puts(b, "<dt>Người ký</dt><dd>");
	if (jstr(signer, "name")) {
		html_text(b, jstr(signer, "authority"));
		vt_buf_puts(b, " ");
		html_text(b, jstr(signer, "title"));
		vt_buf_puts(b, " ");
		html_text(b, jstr(signer, "name"));
	} else {
		vt_buf_puts(b, "—");
	}
	vt_buf_puts(b, "</dd><dt>Nơi nhận</dt><dd>");
	list_text(b, cJSON_GetObjectItemCaseSensitive(rec, "recipients"));
	vt_buf_puts(b, "</dd><dt>Mã trong kho</dt><dd>");
	html_text(b, jstr(rec, "id"));
	vt_buf_puts(b, "</dd></dl><p class=\"muted\">Tình trạng nhiệm vụ tính đến ngày ");
	html_text(b, today);
	vt_buf_puts(b, ".</p></section>\n");
}

/* Graphviz's SVG without what would name a URL: prolog, DOCTYPE, xmlns. */
static void inline_svg(struct vt_buf *b, const char *svg)
{
	const char *start = strstr(svg, "<svg");
	const char *p;

	if (!start)
		return;
	for (p = start; *p; ) {
		static const char *const drop[] = {
			" xmlns=\"http://www.w3.org/2000/svg\"",
			" xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
		};
		size_t i;
		for (i = 0; i < 2; i++) {
			size_t n = strlen(drop[i]);
			if (!strncmp(p, drop[i], n)) {
				p += n;
				break;
			}
		}
		if (i < 2)
			continue;
		if (!strncmp(p, "<!--", 4)) {      /* comments name the Graphviz site */
			const char *e = strstr(p, "-->");
			if (!e)
				break;
			p = e + 3;
			continue;
		}
		vt_buf_put(b, p, 1);
		p++;
	}
}

static int lineage(struct vt_buf *b, struct vt_graph *g, const char *id)
{
	struct vt_lineage_opts lo = { VT_LINEAGE_BOTH, BRIEF_DEPTH, NULL, 0 };
	cJSON *view = NULL;
	char *svg = NULL;
	size_t len;
	int err;

	if ((err = vt_graph_lineage(&view, g, id, &lo)) < 0)
		return err;
	vt_buf_puts(b, "<section id=\"lineage\"><h2>Quan hệ văn bản (trên và dưới)</h2>");
	vt_buf_printf(b, "<p class=\"muted\">%d văn bản, %d quan hệ, trong phạm vi %d bước.</p>",
	     cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(view, "nodes")),
	     cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(view, "edges")),
	     BRIEF_DEPTH);
	err = vt_render_buffer(&svg, &len, view, "svg");
	cJSON_Delete(view);
	if (err < 0)
		return err;
	vt_buf_puts(b, "<div class=\"diagram\">");
	inline_svg(b, svg);
	vt_buf_puts(b, "</div></section>\n");
	free(svg);
	return 0;
}

static void task_row(struct vt_buf *b, const cJSON *t, const char *role)
{
	const char *st = jstr(t, "status");

	vt_buf_puts(b, "<tr><td>");
	html_text(b, jstr(t, "label"));
	vt_buf_puts(b, "</td><td>");
	html_text(b, jstr(t, "text"));
	vt_buf_puts(b, "</td><td>");
	vt_buf_puts(b, !strcmp(role, "lead") ? "chủ trì" : !strcmp(role, "support") ? "phối hợp" : "—");
	vt_buf_puts(b, "</td><td>");
	list_text(b, cJSON_GetObjectItemCaseSensitive(t, !strcmp(role, "lead") ? "support" : "lead"));
	vt_buf_puts(b, "</td><td>");
	list_text(b, cJSON_GetObjectItemCaseSensitive(t, "deadlines"));
	vt_buf_puts(b, "</td><td><span class=\"st st-");
	vt_buf_puts(b, st && strspn(st, "abcdefghijklmnopqrstuvwxyz") == strlen(st) ? st : "open");
	vt_buf_puts(b, "\">");
	html_text(b, st);
	vt_buf_puts(b, "</span></td></tr>");
}

static int tasks(struct vt_buf *b, struct vt_graph *g, const char *id,
                 const char *today, const cJSON *done)
{
	struct vt_task_opts to = { 0 };
	cJSON *res = NULL, *agencies;
	const cJSON *t, *a;
	int err, n;

	to.document = id;
	to.today = today;
	to.done = done;
	if ((err = vt_graph_tasks(&res, g, &to)) < 0)
		return err;
	vt_buf_puts(b, "<section id=\"tasks\"><h2>Nhiệm vụ theo cơ quan</h2>");
	n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(res, "tasks"));
	if (!n) {
		vt_buf_puts(b, "<p>Văn bản không giao nhiệm vụ nào.</p></section>\n");
		cJSON_Delete(res);
		return 0;
	}
	/* The agencies in order of first mention, normalised. */
	if (!(agencies = cJSON_CreateObject())) {
		cJSON_Delete(res);
		return vt_error_oom();
	}
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(res, "tasks")) {
		static const char *const roles[] = { "lead", "support" };
		for (int r = 0; r < 2; r++) {
			const cJSON *nm;
			cJSON_ArrayForEach(nm, cJSON_GetObjectItemCaseSensitive(t, roles[r])) {
				char *name;
				cJSON *rows;
				if (!cJSON_IsString(nm))
					continue;
				name = vt_agency_normalise(nm->valuestring, strlen(nm->valuestring),
				                           NULL);
				if (!name)
					continue;
				rows = cJSON_GetObjectItemCaseSensitive(agencies, name);
				if (!rows)
					rows = cJSON_AddArrayToObject(agencies, name);
				if (rows) {
					cJSON *pair = cJSON_CreateArray();
					cJSON_AddItemToArray(pair, cJSON_CreateString(roles[r]));
					cJSON_AddItemReferenceToArray(pair, (cJSON *)t);
					cJSON_AddItemToArray(rows, pair);
				}
				free(name);
			}
		}
	}
	vt_buf_puts(b, "<table><thead><tr><th>Mục</th><th>Nhiệm vụ</th><th>Vai trò</th>"
	       "<th>Cùng thực hiện</th><th>Thời hạn</th><th>Tình trạng</th></tr></thead>");
	cJSON_ArrayForEach(a, agencies) {
		const cJSON *pair;
		vt_buf_puts(b, "<tbody><tr class=\"agency\"><th colspan=\"6\">");
		html_text(b, a->string);
		vt_buf_puts(b, "</th></tr>");
		cJSON_ArrayForEach(pair, a)
			task_row(b, cJSON_GetArrayItem(pair, 1),
			         cJSON_GetArrayItem(pair, 0)->valuestring);
		vt_buf_puts(b, "</tbody>");
	}
	/* Tasks given to nobody in particular still belong on the page. */
	int unassigned = 0;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(res, "tasks")) {
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "lead")) ||
		    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "support")))
			continue;
		if (!unassigned++)
			vt_buf_puts(b, "<tbody><tr class=\"agency\"><th colspan=\"6\">"
			       "(chưa giao cơ quan cụ thể)</th></tr>");
		task_row(b, t, "none");
	}
	if (unassigned)
		vt_buf_puts(b, "</tbody>");
	vt_buf_puts(b, "</table></section>\n");
	cJSON_Delete(agencies);
	cJSON_Delete(res);
	return 0;
}

/* The text of span [a, b) of the source, if the record has both. */
static void quote(struct vt_buf *b, const cJSON *span, const char *src, size_t len)
{
	const cJSON *a0 = cJSON_GetArrayItem(span, 0), *a1 = cJSON_GetArrayItem(span, 1);
	double s, e;

	if (!src || !cJSON_IsNumber(a0) || !cJSON_IsNumber(a1))
		return;
	s = a0->valuedouble;
	e = a1->valuedouble;
	if (!(s >= 0 && e > s && e <= (double)len))
		return;
	size_t from = (size_t)s, to = (size_t)e;
	int cut = 0;
	if (to - from > QUOTE_MAX) {
		to = from + QUOTE_MAX;
		while (to > from && ((unsigned char)src[to] & 0xC0) == 0x80)
			to--;
		cut = 1;
	}
	vt_buf_puts(b, "<blockquote>");
	html_textn(b, src + from, to - from);
	if (cut)
		vt_buf_puts(b, "…");
	vt_buf_puts(b, "</blockquote>");
}

static void references(struct vt_buf *b, struct vt_store *s, const cJSON *rec)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source");
	const cJSON *refs = cJSON_GetObjectItemCaseSensitive(rec, "references"), *r;
	char *text = NULL;
	size_t len = 0;

	if (s && jstr(src, "sha256") &&
	    vt_store_source(&text, &len, s, jstr(src, "sha256"), NULL) < 0) {
		vt_error_clear();
		text = NULL;
	}
	vt_buf_puts(b, "<section id=\"references\"><h2>Văn bản được dẫn chiếu</h2>");
	if (!cJSON_GetArraySize(refs))
		vt_buf_puts(b, "<p>Không dẫn chiếu văn bản nào.</p>");
	else
		vt_buf_puts(b, "<table><thead><tr><th>Số, ký hiệu</th><th>Loại</th><th>Ngày</th>"
		       "<th>Cơ quan</th><th>Quan hệ</th><th>Trích dẫn</th></tr></thead><tbody>");
	cJSON_ArrayForEach(r, refs) {
		vt_buf_puts(b, "<tr><td>");
		html_text(b, jstr(r, "number") ? jstr(r, "number") : "—");
		vt_buf_puts(b, "</td><td>");
		html_text(b, jstr(r, "type"));
		vt_buf_puts(b, "</td><td>");
		html_text(b, jstr(r, "date"));
		vt_buf_puts(b, "</td><td>");
		html_text(b, jstr(r, "issuer"));
		vt_buf_puts(b, "</td><td>");
		html_text(b, jstr(r, "relation"));
		if (jstr(r, "verb")) {
			vt_buf_puts(b, " (");
			html_text(b, jstr(r, "verb"));
			vt_buf_puts(b, ")");
		}
		vt_buf_puts(b, "</td><td>");
		quote(b, cJSON_GetObjectItemCaseSensitive(r, "span"), text, len);
		vt_buf_puts(b, "</td></tr>");
	}
	if (cJSON_GetArraySize(refs))
		vt_buf_puts(b, "</tbody></table>");
	vt_buf_puts(b, "</section>\n");
	free(text);
}

static void warnings(struct vt_buf *b, const cJSON *rec)
{
	const cJSON *w, *ws = cJSON_GetObjectItemCaseSensitive(rec, "warnings");

	vt_buf_puts(b, "<section id=\"warnings\"><h2>Cảnh báo</h2>");
	if (!cJSON_GetArraySize(ws))
		vt_buf_puts(b, "<p>Không có cảnh báo.</p>");
	else
		vt_buf_puts(b, "<ul>");
	cJSON_ArrayForEach(w, ws) {
		vt_buf_puts(b, "<li class=\"warn\"><b>");
		html_text(b, jstr(w, "code"));
		vt_buf_puts(b, "</b>: ");
		html_text(b, jstr(w, "message"));
		vt_buf_puts(b, "</li>");
	}
	if (cJSON_GetArraySize(ws))
		vt_buf_puts(b, "</ul>");
	vt_buf_puts(b, "</section>\n");
}

int vt_brief_html(char **out, size_t *len, struct vt_graph *g, struct vt_store *s,
                  const char *id, const char *today, const cJSON *done)
{
	const cJSON *rec = vt_graph_record_of(g, id);
	struct vt_buf b = { 0 };
	int err;

	*out = NULL;
	*len = 0;
	if (!rec)
		return vt_error_set(VT_ENOTFOUND, "document '%s' is not held", id ? id : "");
	vt_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
	        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	        "style-src 'unsafe-inline'; img-src data:\">"
	        "<title>");
	html_text(&b, jstr(rec, "number") ? jstr(rec, "number") : jstr(rec, "id"));
	vt_buf_puts(&b, " — bản tóm tắt</title><style>");
	vt_buf_puts(&b, css);
	vt_buf_puts(&b, "</style></head><body><header><h1>");
	html_text(&b, jstr(rec, "number") ? jstr(rec, "number") : "Văn bản chưa có số");
	vt_buf_puts(&b, "</h1><p>");
	html_text(&b, jstr(rec, "subject"));
	vt_buf_puts(&b, "</p></header>\n");
	facts(&b, rec, today);
	if ((err = lineage(&b, g, id)) < 0) {
		free(b.p);
		return err;
	}
	if ((err = tasks(&b, g, id, today, done)) < 0) {
		free(b.p);
		return err;
	}
	references(&b, s, rec);
	warnings(&b, rec);
	vt_buf_puts(&b, "<footer class=\"muted\">vanthu " VT_VERSION "</footer></body></html>\n");
	*len = b.n;
	return (*out = vt_buf_take(&b)) ? 0 : vt_error_oom();
}
