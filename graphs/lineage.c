/*
 * Queries over the document graph: lineage (breadth-first, iterative, in
 * time linear in what it visits), the whole graph, one node, and what the
 * citing documents say of a node.
 *
 * Visits are marked with a generation stamp in each node and edge rather
 * than a visited set, so a query allocates only its queue and its answer.
 * The price: one query at a time per graph.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/text.h"
#include "graphs/graph.h"
#include "graphs/graph_int.h"

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static int add(cJSON *obj, const char *name, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToObject(obj, name, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

cJSON *vt_graph__node_json(const struct vt_graph *g, size_t i)
{
	const struct vt_node *n = &g->nodes[i];
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (add(o, "id", cJSON_CreateString(n->id)) < 0 ||
	    add(o, "number", str_or_null(n->number)) < 0 ||
	    add(o, "type", str_or_null(n->type)) < 0 ||
	    add(o, "date", str_or_null(n->date)) < 0 ||
	    add(o, "subject", str_or_null(n->subject)) < 0 ||
	    add(o, "held", cJSON_CreateBool(n->held)) < 0 ||
	    add(o, "issuer", str_or_null(n->issuer)) < 0 ||
	    add(o, "level", cJSON_CreateNumber(n->level)) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *vt_graph__edge_json(const struct vt_graph *g, size_t i)
{
	const struct vt_edge *e = &g->edges[i];
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (add(o, "from", cJSON_CreateString(g->nodes[e->from].id)) < 0 ||
	    add(o, "to", cJSON_CreateString(g->nodes[e->to].id)) < 0 ||
	    add(o, "relation", cJSON_CreateString(e->relation)) < 0 ||
	    add(o, "asserted_by", cJSON_CreateString(e->asserted_by)) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* A fresh generation for visit stamps; wraps by clearing every stamp. */
static unsigned next_gen(struct vt_graph *g)
{
	if (++g->gen == 0) {
		for (size_t i = 0; i < g->nnodes; i++)
			g->nodes[i].seen_up = g->nodes[i].seen_down =
				g->nodes[i].seen_out = 0;
		for (size_t i = 0; i < g->nedges; i++)
			g->edges[i].seen = 0;
		g->gen = 1;
	}
	return g->gen;
}

/* The answer shape: {"root", "nodes": [], "edges": []}. */
static cJSON *view_new(const char *root, cJSON **nodes, cJSON **edges)
{
	cJSON *v = cJSON_CreateObject();

	if (!v)
		return NULL;
	if (add(v, "root", str_or_null(root)) < 0 ||
	    add(v, "nodes", *nodes = cJSON_CreateArray()) < 0 ||
	    add(v, "edges", *edges = cJSON_CreateArray()) < 0) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

static int push_json(cJSON *arr, cJSON *item)
{
	if (!item)
		return vt_error_oom();
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return vt_error_oom();
	}
	return 0;
}

struct qent {
	size_t node;
	int dir;
	int depth;
};

struct bfs {
	struct vt_graph *g;
	const struct vt_lineage_opts *o;
	unsigned gen;
	struct qent *q;
	size_t nq, cq;
	size_t *edges;          /* traversed edges, in order */
	size_t ne, ce;
	cJSON *nodes;
};

static int grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, ncap * size);
	if (!np)
		return vt_error_oom();
	*p = np;
	*cap = ncap;
	return 0;
}

static int relation_ok(const struct vt_lineage_opts *o, const char *rel)
{
	if (!o->relations || !o->nrelations)
		return 1;
	for (size_t i = 0; i < o->nrelations; i++)
		if (o->relations[i] && !strcmp(o->relations[i], rel))
			return 1;
	return 0;
}

/* Cross edge `e` towards node `v` in direction `dir` from depth `d`. */
static int visit(struct bfs *b, size_t e, size_t v, int dir, int d)
{
	struct vt_graph *g = b->g;
	struct vt_node *n = &g->nodes[v];
	unsigned *seen = dir == VT_LINEAGE_UP ? &n->seen_up : &n->seen_down;

	if (g->edges[e].seen != b->gen) {
		g->edges[e].seen = b->gen;
		if (grow(&b->edges, &b->ce, b->ne + 1, sizeof(*b->edges)) < 0)
			return VT_ENOMEM;
		b->edges[b->ne++] = e;
	}
	if (*seen == b->gen)
		return 0;
	*seen = b->gen;
	if (n->seen_out != b->gen) {
		n->seen_out = b->gen;
		if (push_json(b->nodes, vt_graph__node_json(g, v)) < 0)
			return VT_ENOMEM;
	}
	if (grow(&b->q, &b->cq, b->nq + 1, sizeof(*b->q)) < 0)
		return VT_ENOMEM;
	b->q[b->nq].node = v;
	b->q[b->nq].dir = dir;
	b->q[b->nq].depth = d + 1;
	b->nq++;
	return 0;
}

static int expand(struct bfs *b, const struct qent *q)
{
	const struct vt_node *n = &b->g->nodes[q->node];
	int err;

	if (q->dir & VT_LINEAGE_UP) {
		for (size_t i = 0; i < n->nout; i++) {
			const struct vt_edge *e = &b->g->edges[n->out[i]];
			if (relation_ok(b->o, e->relation) &&
			    (err = visit(b, n->out[i], e->to, VT_LINEAGE_UP, q->depth)) < 0)
				return err;
		}
	}
	if (q->dir & VT_LINEAGE_DOWN) {
		for (size_t i = 0; i < n->nin; i++) {
			const struct vt_edge *e = &b->g->edges[n->in[i]];
			if (relation_ok(b->o, e->relation) &&
			    (err = visit(b, n->in[i], e->from, VT_LINEAGE_DOWN, q->depth)) < 0)
				return err;
		}
	}
	return 0;
}

static int bfs_run(struct bfs *b, size_t root)
{
	struct vt_node *r = &b->g->nodes[root];
	int err;

	r->seen_up = r->seen_down = r->seen_out = b->gen;
	if ((err = push_json(b->nodes, vt_graph__node_json(b->g, root))) < 0)
		return err;
	if ((err = grow(&b->q, &b->cq, 1, sizeof(*b->q))) < 0)
		return err;
	b->q[0].node = root;
	b->q[0].dir = b->o->dir;
	b->q[0].depth = 0;
	b->nq = 1;
	/* The queue only grows; `head` walks it, so no recursion anywhere. */
	for (size_t head = 0; head < b->nq; head++) {
		struct qent q = b->q[head];
		if (b->o->depth > 0 && q.depth >= b->o->depth)
			continue;
		if ((err = expand(b, &q)) < 0)
			return err;
	}
	return 0;
}

int vt_graph_lineage(cJSON **out, struct vt_graph *g, const char *root,
                     const struct vt_lineage_opts *opts)
{
	struct vt_lineage_opts def = { VT_LINEAGE_BOTH, VT_LINEAGE_DEFAULT_DEPTH, NULL, 0 };
	struct bfs b;
	cJSON *view, *edges;
	char *id;
	size_t r;
	int err;

	*out = NULL;
	if (!opts)
		opts = &def;
	if (opts->dir < VT_LINEAGE_UP || opts->dir > VT_LINEAGE_BOTH)
		return vt_error_set(VT_EUSAGE, "invalid lineage direction %d", opts->dir);
	if (opts->depth < 0)
		return vt_error_set(VT_EUSAGE, "invalid lineage depth %d", opts->depth);
	if ((err = vt_graph_resolve(&id, NULL, g, root)) < 0)
		return err;
	r = vt_map_get(&g->ids, id);
	free(id);
	memset(&b, 0, sizeof(b));
	b.g = g;
	b.o = opts;
	b.gen = next_gen(g);
	view = view_new(g->nodes[r].id, &b.nodes, &edges);
	if (!view)
		return vt_error_oom();
	err = bfs_run(&b, r);
	for (size_t i = 0; !err && i < b.ne; i++)
		err = push_json(edges, vt_graph__edge_json(g, b.edges[i]));
	free(b.q);
	free(b.edges);
	if (err < 0) {
		cJSON_Delete(view);
		return err;
	}
	*out = view;
	return 0;
}

int vt_graph_all(cJSON **out, struct vt_graph *g)
{
	cJSON *view, *nodes, *edges;
	int err;

	*out = NULL;
	if (!g)
		return vt_error_set(VT_EUSAGE, "no graph");
	if ((err = vt_graph__build(g)) < 0)
		return err;
	view = view_new(NULL, &nodes, &edges);
	if (!view)
		return vt_error_oom();
	for (size_t i = 0; !err && i < g->nnodes; i++)
		err = push_json(nodes, vt_graph__node_json(g, i));
	for (size_t i = 0; !err && i < g->nedges; i++)
		err = push_json(edges, vt_graph__edge_json(g, i));
	if (err < 0) {
		cJSON_Delete(view);
		return err;
	}
	*out = view;
	return 0;
}

/* Index of the node a DOC names (exact id first, then as vt_graph_resolve). */
static int find_node(size_t *idx, struct vt_graph *g, const char *doc)
{
	char *id;
	int err;

	if ((err = vt_graph_resolve(&id, NULL, g, doc)) < 0)
		return err;
	*idx = vt_map_get(&g->ids, id);
	free(id);
	return 0;
}

int vt_graph_node(cJSON **out, struct vt_graph *g, const char *id)
{
	cJSON *o, *by;
	unsigned gen;
	size_t n;
	int err;

	*out = NULL;
	if ((err = find_node(&n, g, id)) < 0)
		return err;
	o = vt_graph__node_json(g, n);
	if (!o || add(o, "cited_by", by = cJSON_CreateArray()) < 0) {
		cJSON_Delete(o);
		return vt_error_oom();
	}
	gen = next_gen(g);
	for (size_t i = 0; i < g->nodes[n].ncites; i++) {
		struct vt_node *c = &g->nodes[g->nodes[n].cites[i].by];
		if (c->seen_out == gen)
			continue;
		c->seen_out = gen;
		if (push_json(by, cJSON_CreateString(c->id)) < 0) {
			cJSON_Delete(o);
			return VT_ENOMEM;
		}
	}
	*out = o;
	return 0;
}

static const char *ref_str(const cJSON *ref, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(ref, name);

	return cJSON_IsString(v) && v->valuestring && v->valuestring[0]
	       ? v->valuestring : NULL;
}

static cJSON *attestation(const struct vt_graph *g, const struct vt_cite *c)
{
	const cJSON *ref = vt_graph__cite_ref(g, c);
	const cJSON *span = cJSON_GetObjectItemCaseSensitive(ref, "span");
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (add(o, "by", cJSON_CreateString(g->nodes[c->by].id)) < 0 ||
	    add(o, "date", str_or_null(ref_str(ref, "date"))) < 0 ||
	    add(o, "issuer", str_or_null(ref_str(ref, "issuer"))) < 0 ||
	    add(o, "subject", str_or_null(ref_str(ref, "subject"))) < 0 ||
	    add(o, "span", cJSON_IsArray(span) ? cJSON_Duplicate(span, 1)
	                                      : cJSON_CreateNull()) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int same_text(const char *a, const char *b, int fold)
{
	char *fa, *fb;
	int same;

	if (!fold)
		return !strcmp(a, b);
	fa = vt_text_fold(a, strlen(a));
	fb = vt_text_fold(b, strlen(b));
	same = fa && fb && !strcmp(fa, fb);
	free(fa);
	free(fb);
	return same;
}

/* A warning when two citations give different values of `field`. */
static int disagreement(cJSON *warnings, const struct vt_graph *g,
                        const struct vt_node *n, const char *field, int fold)
{
	const char *first = NULL, *by = NULL;
	char msg[768];
	cJSON *w;

	for (size_t i = 0; i < n->ncites; i++) {
		const cJSON *ref = vt_graph__cite_ref(g, &n->cites[i]);
		const char *v;
		if (!ref || !(v = ref_str(ref, field)))
			continue;
		if (!first) {
			first = v;
			by = g->nodes[n->cites[i].by].id;
			continue;
		}
		if (same_text(first, v, fold))
			continue;
		snprintf(msg, sizeof(msg),
		         "citations of '%s' disagree on its %s: '%.200s' in '%.100s', '%.200s' in '%.100s'",
		         n->number ? n->number : n->id, field, first, by, v,
		         g->nodes[n->cites[i].by].id);
		w = cJSON_CreateObject();
		if (!w || add(w, "code", cJSON_CreateString("attestations-disagree")) < 0 ||
		    add(w, "message", cJSON_CreateString(msg)) < 0) {
			cJSON_Delete(w);
			return vt_error_oom();
		}
		return push_json(warnings, w);
	}
	return 0;
}

int vt_graph_attestations(cJSON **out, struct vt_graph *g, const char *id)
{
	const struct vt_node *n;
	cJSON *o, *att, *warn;
	size_t idx;
	int err;

	*out = NULL;
	if ((err = find_node(&idx, g, id)) < 0)
		return err;
	n = &g->nodes[idx];
	o = cJSON_CreateObject();
	if (!o || add(o, "id", cJSON_CreateString(n->id)) < 0 ||
	    add(o, "number", str_or_null(n->number)) < 0 ||
	    add(o, "held", cJSON_CreateBool(n->held)) < 0 ||
	    add(o, "attestations", att = cJSON_CreateArray()) < 0 ||
	    add(o, "warnings", warn = cJSON_CreateArray()) < 0)
		goto oom;
	for (size_t i = 0; i < n->ncites; i++)
		if (n->cites[i].ref != VT_NONE &&
		    push_json(att, attestation(g, &n->cites[i])) < 0)
			goto oom;
	if (disagreement(warn, g, n, "date", 0) < 0 ||
	    disagreement(warn, g, n, "issuer", 1) < 0)
		goto oom;
	*out = o;
	return 0;
oom:
	cJSON_Delete(o);
	return vt_error_oom();
}

int vt_graph__find(size_t *idx, struct vt_graph *g, const char *doc)
{
	return find_node(idx, g, doc);
}
