/*
 * Queries over the document graph: lineage (breadth-first, iterative, in
 * time linear in what it visits), the whole graph, one node, and what the
 * citing documents say of a node.
 *
 * Visits are marked with a generation stamp per node (and per edge, for
 * walks both ways) in arrays kept by the graph, rather than a visited set
 * cleared for each query; walks read the flat adjacency (vt_graph.adj)
 * only.  The price: one query at a time per graph.
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

/*
 * Node and edge strings of a view are references to the graph's own (see
 * graph.h): two allocations fewer per string, and a lineage of a few
 * hundred nodes is mostly allocation.
 */
static cJSON *ref_or_null(const char *s)
{
	return s ? cJSON_CreateStringReference(s) : cJSON_CreateNull();
}

/*
 * Keys are constants (the _CS variant): a large lineage builds millions of
 * members, and copying "id" or "held" for each was a third of the cost.
 */
static int add(cJSON *obj, const char *name, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToObjectCS(obj, name, item)) {
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
	if (add(o, "id", cJSON_CreateStringReference(n->id)) < 0 ||
	    add(o, "number", ref_or_null(n->number)) < 0 ||
	    add(o, "type", ref_or_null(n->type)) < 0 ||
	    add(o, "date", ref_or_null(n->date)) < 0 ||
	    add(o, "subject", ref_or_null(n->subject)) < 0 ||
	    add(o, "held", cJSON_CreateBool(n->held)) < 0 ||
	    add(o, "issuer", ref_or_null(n->issuer)) < 0 ||
	    add(o, "level", cJSON_CreateNumber(n->level)) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *vt_graph__edge_json(const struct vt_graph *g, size_t i)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (add(o, "from", cJSON_CreateStringReference(g->nodes[vt_edge_from(g, i)].id)) < 0 ||
	    add(o, "to", cJSON_CreateStringReference(g->nodes[vt_edge_to(g, i)].id)) < 0 ||
	    add(o, "relation", cJSON_CreateStringReference(vt_edge_relation(g, i))) < 0 ||
	    add(o, "asserted_by", ref_or_null(vt_edge_asserted_by(g, i))) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* A fresh generation for visit stamps; wraps by clearing every stamp. */
static unsigned next_gen(struct vt_graph *g)
{
	if (++g->gen == 0) {
		if (g->stamp)
			memset(g->stamp, 0, 3 * g->nnodes * sizeof(*g->stamp));
		if (g->estamp)
			memset(g->estamp, 0, g->nedges * sizeof(*g->estamp));
		g->gen = 1;
	}
	return g->gen;
}

/* The stamps of the graph as built now; edges' only if `edges`. */
static int stamps(struct vt_graph *g, int edges)
{
	if (!g->stamp && !(g->stamp = calloc(3 * g->nnodes + 1, sizeof(*g->stamp))))
		return vt_error_oom();
	if (edges && !g->estamp &&
	    !(g->estamp = calloc(g->nedges + 1, sizeof(*g->estamp))))
		return vt_error_oom();
	return 0;
}

/* One array each, so that a walk one way reads 4 bytes a node. */
#define UP_STAMP(g, v) ((g)->stamp[(v)])
#define DOWN_STAMP(g, v) ((g)->stamp[(g)->nnodes + (v)])
#define OUT_STAMP(g, v) ((g)->stamp[2 * (g)->nnodes + (v)])

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

static int relation_ok(const struct vt_lineage_opts *o, const char *rel)
{
	if (!o->relations || !o->nrelations)
		return 1;
	for (size_t i = 0; i < o->nrelations; i++)
		if (o->relations[i] && !strcmp(o->relations[i], rel))
			return 1;
	return 0;
}

/*
 * The walk keeps to indices: a closure can be most of the graph, and
 * building JSON as it went made a full closure of 1M documents take
 * seconds where the walk alone takes tens of milliseconds.
 */
struct walk {
	struct vt_graph *g;
	const struct vt_lineage_opts *o;
	unsigned gen;
	int all_relations;
	struct vt_walk *w;
};

static int push_idx(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap && vt_graph__grow(v, cap, *n + 1, sizeof(**v)) < 0)
		return VT_ENOMEM;
	(*v)[(*n)++] = x;
	return 0;
}

static int keep(const struct walk *b, size_t e)
{
	return b->all_relations || relation_ok(b->o, vt_edge_relation(b->g, e));
}

/*
 * One way, the walk is the baseline's breadth-first search: each node is
 * listed when first reached, so the list is the queue, and its levels are
 * the depths; each edge is crossed once.
 */
static int walk_one_way(struct walk *b, size_t root)
{
	struct vt_graph *g = b->g;
	struct vt_walk *w = b->w;
	const struct vt_adj *a = &g->adj[b->o->dir == VT_LINEAGE_UP ? 0 : 1];
	unsigned *seen = b->o->dir == VT_LINEAGE_UP ? &UP_STAMP(g, 0) : &DOWN_STAMP(g, 0);
	size_t level_end = 1;
	int depth = 0;

	seen[root] = b->gen;
	for (size_t head = 0; head < w->nnodes; head++) {
		size_t v = w->nodes[head];
		if (head == level_end) {
			depth++;
			level_end = w->nnodes;
		}
		if (b->o->depth > 0 && depth >= b->o->depth)
			break;
		for (uint64_t k = a->off[v]; k < a->off[v + 1]; k++) {
			uint32_t u = a->nbr[k];
			if (!keep(b, a->edge[k]))
				continue;
			if (!w->nodes_only &&
			    push_idx(&w->edges, &w->nedges, &w->cedges, a->edge[k]) < 0)
				return VT_ENOMEM;
			if (seen[u] == b->gen)
				continue;
			seen[u] = b->gen;
			if (push_idx(&w->nodes, &w->nnodes, &w->cnodes, u) < 0)
				return VT_ENOMEM;
		}
	}
	return 0;
}

/*
 * Both ways, a node reached going up is walked on up, one reached going
 * down on down: each has its stamp, and an edge can be crossed from both
 * ends, so edges are stamped too.
 */
static int visit(struct walk *b, size_t e, size_t v, int dir, int d)
{
	struct vt_graph *g = b->g;
	struct vt_walk *w = b->w;
	unsigned *seen = dir == VT_LINEAGE_UP ? &UP_STAMP(g, v) : &DOWN_STAMP(g, v);

	if (g->estamp[e] != b->gen) {
		g->estamp[e] = b->gen;
		if (!w->nodes_only && push_idx(&w->edges, &w->nedges, &w->cedges, e) < 0)
			return VT_ENOMEM;
	}
	if (*seen == b->gen)
		return 0;
	*seen = b->gen;
	if (OUT_STAMP(g, v) != b->gen) {
		OUT_STAMP(g, v) = b->gen;
		if (push_idx(&w->nodes, &w->nnodes, &w->cnodes, v) < 0)
			return VT_ENOMEM;
	}
	if (w->nq == w->cq && vt_graph__grow(&w->q, &w->cq, w->nq + 1, sizeof(*w->q)) < 0)
		return VT_ENOMEM;
	w->q[w->nq].node = v;
	w->q[w->nq].dir = dir;
	w->q[w->nq].depth = d + 1;
	w->nq++;
	return 0;
}

static int expand(struct walk *b, const struct vt_walk_ent *q)
{
	for (int k = 0; k < 2; k++) {
		int dir = k == 0 ? VT_LINEAGE_UP : VT_LINEAGE_DOWN;
		const struct vt_adj *a = &b->g->adj[k];
		int err;
		if (!(q->dir & dir))
			continue;
		for (uint64_t i = a->off[q->node]; i < a->off[q->node + 1]; i++)
			if (keep(b, a->edge[i]) &&
			    (err = visit(b, a->edge[i], a->nbr[i], dir, q->depth)) < 0)
				return err;
	}
	return 0;
}

static int walk_both_ways(struct walk *b, size_t root)
{
	struct vt_walk *w = b->w;
	int err;

	OUT_STAMP(b->g, root) = UP_STAMP(b->g, root) = DOWN_STAMP(b->g, root) = b->gen;
	if ((err = vt_graph__grow(&w->q, &w->cq, 1, sizeof(*w->q))) < 0)
		return err;
	w->q[0] = (struct vt_walk_ent){ root, VT_LINEAGE_BOTH, 0 };
	w->nq = 1;
	/* The queue only grows; `head` walks it, so no recursion anywhere. */
	for (size_t head = 0; head < w->nq; head++) {
		struct vt_walk_ent q = w->q[head];
		if (b->o->depth > 0 && q.depth >= b->o->depth)
			continue;
		if ((err = expand(b, &q)) < 0)
			return err;
	}
	return 0;
}

int vt_graph__walk(struct vt_walk *w, struct vt_graph *g, size_t root,
                   const struct vt_lineage_opts *o)
{
	struct walk b = { g, o, 0, !o->relations || !o->nrelations, w };
	int err;

	w->nnodes = w->nedges = w->nq = 0;
	if ((err = stamps(g, o->dir == VT_LINEAGE_BOTH)) < 0 ||
	    (err = push_idx(&w->nodes, &w->nnodes, &w->cnodes, root)) < 0)
		return err;
	b.gen = next_gen(g);
	if (o->dir == VT_LINEAGE_BOTH)
		return walk_both_ways(&b, root);
	return walk_one_way(&b, root);
}

void vt_graph__walk_free(struct vt_walk *w)
{
	free(w->nodes);
	free(w->edges);
	free(w->q);
	memset(w, 0, sizeof(*w));
}

/* The view of a walk, in the order it found things. */
static int walk_json(cJSON *nodes, cJSON *edges, const struct vt_graph *g,
                     const struct vt_walk *w)
{
	int err = 0;

	for (size_t i = 0; !err && i < w->nnodes; i++)
		err = push_json(nodes, vt_graph__node_json(g, w->nodes[i]));
	for (size_t i = 0; !err && i < w->nedges; i++)
		err = push_json(edges, vt_graph__edge_json(g, w->edges[i]));
	return err;
}

int vt_graph__lineage_of(struct vt_walk *w, struct vt_graph *g, const char *root,
                         const struct vt_lineage_opts *opts)
{
	char *id;
	size_t r;
	int err;

	if (opts->dir < VT_LINEAGE_UP || opts->dir > VT_LINEAGE_BOTH)
		return vt_error_set(VT_EUSAGE, "invalid lineage direction %d", opts->dir);
	if (opts->depth < 0)
		return vt_error_set(VT_EUSAGE, "invalid lineage depth %d", opts->depth);
	if ((err = vt_graph_resolve(&id, NULL, g, root)) < 0)
		return err;
	r = vt_gmap_get(&g->ids, id);
	free(id);
	return vt_graph__walk(w, g, r, opts);
}

int vt_graph_lineage(cJSON **out, struct vt_graph *g, const char *root,
                     const struct vt_lineage_opts *opts)
{
	struct vt_lineage_opts def = { VT_LINEAGE_BOTH, VT_LINEAGE_DEFAULT_DEPTH, NULL, 0 };
	cJSON *view, *nodes, *edges;
	int err;

	*out = NULL;
	if (!g)
		return vt_error_set(VT_EUSAGE, "no graph");
	if (!g->walk && !(g->walk = calloc(1, sizeof(*g->walk))))
		return vt_error_oom();
	if ((err = vt_graph__lineage_of(g->walk, g, root, opts ? opts : &def)) < 0)
		return err;
	view = view_new(g->nodes[g->walk->nodes[0]].id, &nodes, &edges);
	if (!view)
		return vt_error_oom();
	if ((err = walk_json(nodes, edges, g, g->walk)) < 0) {
		cJSON_Delete(view);
		return err;
	}
	/* A closure's arrays are not worth keeping for the next small one. */
	if (g->walk->cnodes > 4096 || g->walk->cedges > 4096 || g->walk->cq > 4096)
		vt_graph__walk_free(g->walk);
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
	*idx = vt_gmap_get(&g->ids, id);
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
	if (stamps(g, 0) < 0) {
		cJSON_Delete(o);
		return VT_ENOMEM;
	}
	gen = next_gen(g);
	for (size_t i = 0; i < g->nodes[n].ncites; i++) {
		size_t c = g->nodes[n].cites[i].by;
		if (OUT_STAMP(g, c) == gen)
			continue;
		OUT_STAMP(g, c) = gen;
		if (push_json(by, cJSON_CreateStringReference(g->nodes[c].id)) < 0) {
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
