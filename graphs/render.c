/*
 * Diagrams of a lineage view through Graphviz, in-process (cgraph builds
 * the graph, gvc lays it out and renders it); we never shell out to `dot`
 * and never write DOT text by hand: every string goes through agsafeset,
 * so cgraph quotes it for DOT and the SVG renderer escapes it for XML.
 *
 * Layout: rankdir=TB, the implemented document above the one implementing
 * it.  Edges point from the implementing document to the implemented one
 * (DESIGN.md §4); each is laid out from the node of the higher level
 * (lower level number: Party centre 0 … commune 6) to the other, with
 * dir=back where that reverses it, so 59-NQ/TW sits on top and the
 * dispatches at the bottom without rank=same groups (which clusters
 * forbid).  Large views (over VT_RENDER_BIG nodes) use sfdp, without
 * issuer clusters, and say so in the graph label.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gvc.h>
#include <cgraph.h>
#include <utf8proc.h>

#include "vanthu/buf.h"
#include "vanthu/error.h"
#include "vanthu/file.h"
#include "graphs/render.h"

#define VT_RENDER_BIG 1500
#define SUBJECT_MAX 40

/*
 * Graphviz 2.43 and the font stack under it (fontconfig, pango, glib) keep
 * caches for the life of the process and leak a few layout structures;
 * none of it is ours.  Under LeakSanitizer (make SANITIZE=address), leaks
 * whose stacks go through them are not reported, so that ours still are.
 * Exported: the sanitizer runtime looks the hook up past -fvisibility.
 */
#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define VT_ASAN 1
# endif
#endif
#if defined(__SANITIZE_ADDRESS__)
# define VT_ASAN 1
#endif
#ifdef VT_ASAN
__attribute__((visibility("default"), used))
const char *__lsan_default_suppressions(void);
__attribute__((visibility("default"), used))
const char *__lsan_default_suppressions(void)
{
	/* dot's cluster layout in 2.43 leaks a cgraph subgraph record (seen with
	 * or without our level anchors; no frame of ours on its stack). */
	return "leak:libgvc.so\n"
	       "leak:libcgraph.so\n"
	       "leak:libcdt.so\n"
	       "leak:libgvplugin_\n"
	       "leak:libfontconfig.so\n"
	       "leak:libpango\n"
	       "leak:libcairo.so\n"
	       "leak:libglib-2.0.so\n"
	       "leak:libgobject-2.0.so\n"
	       "leak:libharfbuzz.so\n";
}
#endif

static const char *const formats[] = { "dot", "svg", "png", "pdf", NULL };

int vt_render_format_valid(const char *format)
{
	for (const char *const *f = formats; format && *f; f++)
		if (!strcmp(*f, format))
			return 1;
	return 0;
}

/* --- text ----------------------------------------------------------- */


/*
 * Append untrusted text as a Graphviz escString: valid UTF-8 (bad bytes
 * become U+FFFD), control characters as spaces, and backslashes doubled
 * so that "\N" or "\G" in a subject stays text.  At most `max` code points
 * (0: no limit); longer text is cut at a word boundary and ends in "…".
 */
static void buf_text(struct vt_buf *b, const char *s, size_t max)
{
	size_t len = s ? strlen(s) : 0, i = 0, ncp = 0, cut = 0, cutcp = 0;
	int cutting = 0;

	if (max) {
		/* Find where to cut: the last space before the limit. */
		size_t j = 0;
		while (j < len) {
			utf8proc_int32_t c;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + j,
			                                      (utf8proc_ssize_t)(len - j), &c);
			if (n <= 0)
				n = 1;
			if (ncp == max) {
				cutting = 1;
				break;
			}
			if (c == ' ' && ncp > max / 2) {
				cut = j;
				cutcp = ncp;
			}
			ncp++;
			j += (size_t)n;
		}
		if (cutting && !cutcp)
			cut = j;
		if (cutting)
			len = cut;
	}
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			c = 0xFFFD;
			n = 1;
		}
		i += (size_t)n;
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
			c = ' ';
		if (c == '\\') {
			vt_buf_puts(b, "\\\\");
			continue;
		}
		vt_buf_put(b, (const char *)enc, (size_t)utf8proc_encode_char(c, enc));
	}
	if (cutting)
		vt_buf_puts(b, "…");
}

/* A clean copy of untrusted text (for names and attributes). */
static char *clean(const char *s, size_t max)
{
	struct vt_buf b = { 0 };

	buf_text(&b, s, max);
	return vt_buf_take(&b);
}

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) && v->valuestring && v->valuestring[0]
	       ? v->valuestring : NULL;
}

/* --- styles --------------------------------------------------------- */

struct type_style {
	const char *type, *shape, *fill, *line, *name;
};

static const struct type_style type_styles[] = {
	{ "resolution", "box", "#f4cccc", "#990000", "nghị quyết" },
	{ "directive", "box", "#fce5cd", "#990000", "chỉ thị" },
	{ "conclusion", "box", "#fff2cc", "#990000", "kết luận" },
	{ "notice", "note", "#d9ead3", "#38761d", "thông báo" },
	{ "dispatch", "box", "#ffffff", "#434343", "công văn" },
	{ "plan", "folder", "#cfe2f3", "#0b5394", "kế hoạch" },
	{ "decision", "box3d", "#d9d2e9", "#351c75", "quyết định" },
	{ "task", "note", "#fff9e6", "#b45f06", "nhiệm vụ" },
	{ "agency", "house", "#e6f4ea", "#274e13", "cơ quan" },
	{ NULL, "ellipse", "#eeeeee", "#666666", "khác" },
};

/* Party centre documents keep the red frame; state ones a softer one. */
static const struct type_style *type_style(const char *type)
{
	const struct type_style *t = type_styles;

	for (; t->type; t++)
		if (type && !strcmp(t->type, type))
			return t;
	return t;
}

struct rel_style {
	const char *rel, *style, *color, *arrow;
};

static const struct rel_style rel_styles[] = {
	{ "implements", "bold", "#1a1a1a", "normal" },
	{ "based_on", "dashed", "#0b5394", "normal" },
	{ "cites", "dotted", "#777777", "open" },
	{ "proposed_by", "solid", "#38761d", "empty" },
	{ "amends", "solid", "#cc0000", "diamond" },
	{ "replaces", "solid", "#cc0000", "box" },
	{ "repeals", "solid", "#cc0000", "tee" },
	{ "guides", "solid", "#8e44ad", "vee" },
	{ "task_of", "dashed", "#b45f06", "none" },
	{ "lead", "solid", "#274e13", "normal" },
	{ "support", "dotted", "#274e13", "empty" },
	{ NULL, "solid", "#999999", "normal" },
};

static const struct rel_style *rel_style(const char *rel)
{
	const struct rel_style *r = rel_styles;

	for (; r->rel; r++)
		if (rel && !strcmp(r->rel, rel))
			return r;
	return r;
}

/* --- building the graph --------------------------------------------- */

struct render {
	Agraph_t *g;
	int big;
	int err;
	unsigned nclusters;
	unsigned char levels_seen[7];
	unsigned char rels_seen[sizeof(rel_styles) / sizeof(rel_styles[0])];
};

static void set(struct render *r, void *obj, const char *name, const char *value)
{
	if (!r->err && agsafeset(obj, (char *)name, (char *)value, "") != 0)
		r->err = vt_error_oom();
}

static void set_text(struct render *r, void *obj, const char *name,
                     const char *value, size_t max)
{
	char *c = clean(value, max);

	if (!c) {
		r->err = vt_error_oom();
		return;
	}
	set(r, obj, name, c);
	free(c);
}

static int level_of(const cJSON *n)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(n, "level");

	if (!cJSON_IsNumber(l) || l->valuedouble < 0 || l->valuedouble > 6)
		return 4;
	return l->valueint;
}

/* The issuer cluster a node goes in (created on first use). */
static Agraph_t *cluster_for(struct render *r, const char *issuer)
{
	char *name, *label = clean(issuer, 0);
	Agraph_t *sub;

	if (!label)
		return NULL;
	if (asprintf(&name, "cluster_issuer %s", label) < 0) {
		free(label);
		return NULL;
	}
	sub = agsubg(r->g, name, 0);
	if (!sub && (sub = agsubg(r->g, name, 1)) != NULL) {
		r->nclusters++;
		set(r, sub, "label", label);
		set(r, sub, "style", "rounded");
		set(r, sub, "color", "#b7b7b7");
		set(r, sub, "fontcolor", "#666666");
	}
	free(name);
	free(label);
	return sub;
}

static void add_node(struct render *r, const cJSON *n)
{
	const char *id = jstr(n, "id"), *issuer = jstr(n, "issuer");
	const struct type_style *ts = type_style(jstr(n, "type"));
	const cJSON *held = cJSON_GetObjectItemCaseSensitive(n, "held");
	struct vt_buf label = { 0 };
	Agraph_t *where = r->g;
	Agnode_t *node;
	char *name;

	if (!id || r->err)
		return;
	if (!(name = clean(id, 0))) {
		r->err = vt_error_oom();
		return;
	}
	if (issuer && !r->big && !(where = cluster_for(r, issuer))) {
		free(name);
		r->err = vt_error_oom();
		return;
	}
	node = agnode(where, name, 1);
	free(name);
	if (!node) {
		r->err = vt_error_oom();
		return;
	}
	if (jstr(n, "type") && !strcmp(jstr(n, "type"), "agency")) {
		buf_text(&label, jstr(n, "subject"), SUBJECT_MAX);
		if (jstr(n, "issuer")) {
			vt_buf_puts(&label, "\\n(");
			buf_text(&label, jstr(n, "issuer"), SUBJECT_MAX);
			vt_buf_puts(&label, ")");
		}
		goto labelled;
	}
	if (jstr(n, "type") && !strcmp(jstr(n, "type"), "task")) {
		vt_buf_puts(&label, "Nhiệm vụ ");
		buf_text(&label, jstr(n, "label"), 12);
	} else {
		vt_buf_puts(&label, jstr(n, "number") ? "" : "(chưa số)");
		buf_text(&label, jstr(n, "number"), 0);
	}
	if (jstr(n, "date")) {
		vt_buf_puts(&label, "\\n");
		buf_text(&label, jstr(n, "date"), 0);
	}
	if (jstr(n, "subject")) {
		vt_buf_puts(&label, "\\n");
		buf_text(&label, jstr(n, "subject"), SUBJECT_MAX);
	}
labelled:
	if (label.oom) {
		free(label.p);
		r->err = vt_error_oom();
		return;
	}
	r->levels_seen[level_of(n)] = 1;
	set(r, node, "label", label.p);
	free(label.p);
	set(r, node, "shape", ts->shape);
	set(r, node, "fillcolor", ts->fill);
	set(r, node, "color", level_of(n) == 0 ? "#990000" : ts->line);
	set(r, node, "style", cJSON_IsTrue(held) ? "filled" : "filled,dashed");
	set(r, node, "penwidth", level_of(n) == 0 ? "2" : "1");
	if (jstr(n, "subject"))
		set_text(r, node, "tooltip", jstr(n, "subject"), 0);
}

static Agnode_t *find_node(struct render *r, const char *id)
{
	char *name = clean(id, 0);
	Agnode_t *n;

	if (!name) {
		r->err = vt_error_oom();
		return NULL;
	}
	n = agnode(r->g, name, 0);
	free(name);
	return n;
}

static void add_edge(struct render *r, const cJSON *e, const cJSON *levels)
{
	const char *from = jstr(e, "from"), *to = jstr(e, "to");
	const char *rel = jstr(e, "relation");
	const struct rel_style *rs = rel_style(rel);
	Agnode_t *f, *t;
	Agedge_t *edge;
	int back;

	if (!from || !to || r->err)
		return;
	f = find_node(r, from);
	t = find_node(r, to);
	if (!f || !t)
		return;          /* an edge to nothing shown: drop it */
	/* Lay out from the higher-level (smaller number) document down. */
	back = level_of(cJSON_GetObjectItemCaseSensitive(levels, to)) <=
	       level_of(cJSON_GetObjectItemCaseSensitive(levels, from));
	edge = back ? agedge(r->g, t, f, NULL, 1) : agedge(r->g, f, t, NULL, 1);
	if (!edge) {
		r->err = vt_error_oom();
		return;
	}
	if (back)
		set(r, edge, "dir", "back");
	set(r, edge, back ? "arrowtail" : "arrowhead", rs->arrow);
	set(r, edge, "style", rs->style);
	set(r, edge, "color", rs->color);
	if (rel)
		set_text(r, edge, "tooltip", rel, 0);
	r->rels_seen[rs - rel_styles] = 1;
}

/* Example nodes and edges for the styles in use. */
static void add_legend(struct render *r)
{
	Agraph_t *lg = agsubg(r->g, "cluster_legend", 1);
	Agnode_t *a, *b;
	Agedge_t *e;
	char name[64];

	if (!lg) {
		r->err = vt_error_oom();
		return;
	}
	set(r, lg, "label", "chú giải");
	set(r, lg, "style", "dashed");
	set(r, lg, "color", "#999999");
	a = agnode(lg, "_legend_held", 1);
	b = agnode(lg, "_legend_cited", 1);
	if (!a || !b) {
		r->err = vt_error_oom();
		return;
	}
	set(r, a, "label", "văn bản có trong kho");
	set(r, a, "shape", "box");
	set(r, a, "style", "filled");
	set(r, a, "fillcolor", "#ffffff");
	set(r, b, "label", "chỉ biết qua trích dẫn");
	set(r, b, "shape", "box");
	set(r, b, "style", "filled,dashed");
	set(r, b, "fillcolor", "#ffffff");
	if ((e = agedge(lg, a, b, NULL, 1)) != NULL)
		set(r, e, "style", "invis");
	for (size_t i = 0; rel_styles[i].rel; i++) {
		if (!r->rels_seen[i])
			continue;
		snprintf(name, sizeof(name), "_legend_rel_%zu_a", i);
		a = agnode(lg, name, 1);
		snprintf(name, sizeof(name), "_legend_rel_%zu_b", i);
		b = agnode(lg, name, 1);
		if (!a || !b || !(e = agedge(lg, a, b, NULL, 1))) {
			r->err = vt_error_oom();
			return;
		}
		set(r, a, "shape", "point");
		set(r, a, "style", "invis");
		set(r, b, "shape", "plaintext");
		set(r, b, "style", "");
		set(r, b, "fillcolor", "none");
		set(r, b, "label", rel_styles[i].rel);
		/* Drawn like the real edges: arrow up, at the implemented end. */
		set(r, e, "dir", "back");
		set(r, e, "style", rel_styles[i].style);
		set(r, e, "color", rel_styles[i].color);
		set(r, e, "arrowtail", rel_styles[i].arrow);
	}
}

static const char *const level_names[7] = {
	"Trung ương Đảng", "Chính phủ, Thủ tướng", "Bộ, ngành",
	"Tỉnh ủy, Thành ủy", "UBND tỉnh, thành phố", "Sở, ban, ngành", "Cấp xã",
};

/*
 * One anchor per administrative level in use, chained top to bottom, and
 * an invisible edge (minlen 0) from its level's anchor to every document
 * without edges, so an isolated document still sits on its level.  The
 * others are placed by their edges (laid out from the higher level down);
 * anchoring them too makes Graphviz 2.43 lose edges in spline routing
 * between clusters.  The anchors name the levels at the side.
 */
static void add_levels(struct render *r, const cJSON *nodes)
{
	Agnode_t *anchor[7] = { 0 }, *prev = NULL;
	Agraph_t *ranks;
	const cJSON *n;
	char name[32];

	if (!(ranks = agsubg(r->g, "_levels", 1))) {
		r->err = vt_error_oom();
		return;
	}
	for (int l = 0; l < 7 && !r->err; l++) {
		if (!r->levels_seen[l])
			continue;
		snprintf(name, sizeof(name), "_level_%d", l);
		if (!(anchor[l] = agnode(ranks, name, 1))) {
			r->err = vt_error_oom();
			return;
		}
		set(r, anchor[l], "label", level_names[l]);
		set(r, anchor[l], "shape", "plaintext");
		set(r, anchor[l], "style", "");
		set(r, anchor[l], "fontcolor", "#999999");
		if (prev) {
			Agedge_t *e = agedge(r->g, prev, anchor[l], NULL, 1);
			if (!e) {
				r->err = vt_error_oom();
				return;
			}
			set(r, e, "style", "invis");
		}
		prev = anchor[l];
	}
	cJSON_ArrayForEach(n, nodes) {
		const char *id = jstr(n, "id");
		int l = level_of(n);
		Agnode_t *node;
		Agedge_t *e;

		if (!id || !anchor[l] || r->err || !(node = find_node(r, id)))
			continue;
		/* Edges place the others; anchoring them all confuses routing. */
		if (agfstout(r->g, node) || agfstin(r->g, node))
			continue;
		if (!(e = agedge(r->g, anchor[l], node, NULL, 1))) {
			r->err = vt_error_oom();
			return;
		}
		set(r, e, "style", "invis");
		set(r, e, "minlen", "0");
		set(r, e, "weight", "2");
	}
}

static void graph_defaults(struct render *r, int nnodes)
{
	char note[160];

	set(r, r->g, "charset", "UTF-8");
	set(r, r->g, "rankdir", "TB");
	set(r, r->g, "fontname", "DejaVu Sans");
	set(r, r->g, "fontsize", "12");
	set(r, r->g, "labelloc", "t");
	if (r->big) {
		snprintf(note, sizeof(note),
		         "%d văn bản: vẽ bằng sfdp, không nhóm theo cơ quan", nnodes);
		set(r, r->g, "label", note);
		set(r, r->g, "layout", "sfdp");
		/* prism overlap removal costs 6x the layout (14 s for 5,000 nodes) */
		set(r, r->g, "overlap", "true");
		/*
		 * The coarse Barnes-Hut quadtree halves sfdp's time at 5,000
		 * nodes (3.3 s -> 1.7 s); the drawing is as readable.
		 */
		set(r, r->g, "quadtree", "fast");
		set(r, r->g, "outputorder", "edgesfirst");
	} else {
		set(r, r->g, "nodesep", "0.3");
		set(r, r->g, "ranksep", "0.6");
		set(r, r->g, "newrank", "true");
	}
	if (!r->err && (!agattr(r->g, AGNODE, "fontname", "DejaVu Sans") ||
	                !agattr(r->g, AGNODE, "fontsize", "10") ||
	                !agattr(r->g, AGNODE, "margin", "0.08,0.04") ||
	                !agattr(r->g, AGEDGE, "arrowsize", "0.7")))
		r->err = vt_error_oom();
}

/* id -> {"level"} lookup of the view's nodes, for edge orientation. */
static cJSON *level_index(const cJSON *nodes)
{
	cJSON *idx = cJSON_CreateObject();
	const cJSON *n;

	if (!idx)
		return NULL;
	cJSON_ArrayForEach(n, nodes) {
		const char *id = jstr(n, "id");
		if (id && !cJSON_GetObjectItemCaseSensitive(idx, id))
			cJSON_AddItemReferenceToObject(idx, id, (cJSON *)n);
	}
	return idx;
}

static int build(Agraph_t **out, int *big, const cJSON *view)
{
	const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(view, "nodes");
	const cJSON *edges = cJSON_GetObjectItemCaseSensitive(view, "edges");
	struct render r;
	const cJSON *it;
	cJSON *levels;
	int nnodes;

	*out = NULL;
	if (!cJSON_IsArray(nodes))
		return vt_error_set(VT_EINVALID, "view has no 'nodes' array");
	memset(&r, 0, sizeof(r));
	nnodes = cJSON_GetArraySize(nodes);
	r.big = nnodes > VT_RENDER_BIG;
	r.g = agopen("lineage", Agdirected, NULL);
	if (!r.g)
		return vt_error_oom();
	if (!(levels = level_index(nodes))) {
		agclose(r.g);
		return vt_error_oom();
	}
	graph_defaults(&r, nnodes);
	cJSON_ArrayForEach(it, nodes)
		add_node(&r, it);
	if (cJSON_IsArray(edges))
		cJSON_ArrayForEach(it, edges)
			add_edge(&r, it, levels);
	if (!r.big) {
		add_levels(&r, nodes);
		add_legend(&r);
	}
	cJSON_Delete(levels);
	if (r.err) {
		agclose(r.g);
		return r.err;
	}
	*big = r.big;
	*out = r.g;
	return 0;
}

/* --- rendering ------------------------------------------------------ */

static _Thread_local char gv_message[256];

/* Graphviz reports through agerr; keep its words for our message. */
static int gv_errf(char *msg)
{
	if (msg && !gv_message[0]) {
		snprintf(gv_message, sizeof(gv_message), "%s", msg);
		gv_message[strcspn(gv_message, "\n")] = '\0';
	}
	return 0;
}

/*
 * One Graphviz context for the process.  Graphviz 2.43's pango plugin
 * caches a pointer to the last font name, which lives in the context's
 * font table: after gvFreeContext the next layout in the process reads
 * freed memory (ASan sees it).  So the context is made once and freed at
 * exit; layouts and render data are still freed after every call.
 */
static GVC_t *shared_gvc;

static void free_gvc(void)
{
	if (shared_gvc)
		gvFreeContext(shared_gvc);
	shared_gvc = NULL;
}

static GVC_t *gvc_get(void)
{
	if (!shared_gvc && (shared_gvc = gvContext()) != NULL)
		atexit(free_gvc);
	return shared_gvc;
}

int vt_render_buffer(char **out, size_t *len, const cJSON *view,
                     const char *format)
{
	agusererrf old_errf;
	agerrlevel_t old_level;
	GVC_t *gvc = NULL;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int n = 0;
	int big = 0, laid = 0, err;

	*out = NULL;
	*len = 0;
	if (!vt_render_format_valid(format))
		return vt_error_set(VT_EUSAGE, "unknown format '%s' (dot, svg, png, pdf)",
		                    format ? format : "");
	gv_message[0] = '\0';
	old_errf = agseterrf(gv_errf);
	old_level = agseterr(AGERR);
	if ((err = build(&g, &big, view)) < 0)
		goto done;
	if (!(gvc = gvc_get())) {
		err = vt_error_oom();
		goto done;
	}
	/* sfdp may be missing from a Graphviz build: dot still works. */
	if (big && gvLayout(gvc, g, "sfdp") == 0)
		laid = 1;
	if (!laid && gvLayout(gvc, g, "dot") != 0) {
		err = vt_error_set(VT_ERROR, "graph layout failed: %s",
		                   gv_message[0] ? gv_message : "unknown error");
		goto done;
	}
	laid = 1;
	if (gvRenderData(gvc, g, format, &data, &n) != 0 || !data) {
		err = vt_error_set(VT_ERROR, "cannot render '%s': %s", format,
		                   gv_message[0] ? gv_message : "no renderer");
		goto done;
	}
	if (!(*out = malloc((size_t)n + 1))) {
		err = vt_error_oom();
		goto done;
	}
	memcpy(*out, data, n);
	(*out)[n] = '\0';
	*len = n;
	err = 0;
done:
	if (data)
		gvFreeRenderData(data);
	if (laid)
		gvFreeLayout(gvc, g);
	if (g)
		agclose(g);
	agseterr(old_level);
	agseterrf(old_errf);
	return err;
}

int vt_render_file(const cJSON *view, const char *format, const char *path)
{
	char *data;
	size_t len;
	int err;

	if (!path || !path[0])
		return vt_error_set(VT_EUSAGE, "no output file given");
	if ((err = vt_render_buffer(&data, &len, view, format)) < 0)
		return err;
	err = vt_file_write(path, data, len);
	free(data);
	return err;
}
