/*
 * The graph of documents: held documents (records of the store) and the
 * documents known only from citations, with the typed edges the records
 * state.  An edge points from the citing (implementing) document to the
 * cited one; `asserted_by` names the document whose text states it.
 */
#ifndef VANTHU_GRAPH_H
#define VANTHU_GRAPH_H

#include <cjson/cJSON.h>
#include "vanthu/common.h"

struct vt_graph;
struct vt_store;

enum vt_lineage_dir {
	VT_LINEAGE_UP = 1,     /* what the root implements, cites, is based on */
	VT_LINEAGE_DOWN = 2,   /* what implements, cites the root */
	VT_LINEAGE_BOTH = 3,
};

struct vt_lineage_opts {
	int dir;                      /* enum vt_lineage_dir */
	int depth;                    /* hops; 0: the whole closure */
	const char *const *relations; /* only these relation names; NULL: all */
	size_t nrelations;
};

#define VT_LINEAGE_DEFAULT_DEPTH 6

int vt_graph_new(struct vt_graph **out);
void vt_graph_free(struct vt_graph *g);

/* Add a held document (a finished record). */
int vt_graph_add_record(struct vt_graph *g, const cJSON *rec);

/* Every record of the store at `rev` (NULL: HEAD). */
int vt_graph_load_store(struct vt_graph **out, struct vt_store *s, const char *rev);

/* Records of the store that vt_graph_load_store could not use. */
size_t vt_graph_skipped(const struct vt_graph *g);

/* Number of nodes (and of held ones, if `held` is not NULL). */
size_t vt_graph_count(struct vt_graph *g, size_t *held);

/*
 * Resolve a DOC as typed by a person (an id or a number such as
 * "59-NQ/TW", case and spacing forgiven) to a node id.  VT_ENOTFOUND when
 * nothing matches; VT_EAMBIGUOUS when several do, with *candidates (if not
 * NULL) set to a JSON array of the matching node ids.  Caller frees *id.
 */
int vt_graph_resolve(char **id, cJSON **candidates, struct vt_graph *g,
                     const char *doc);

/*
 * The lineage of DESIGN.md §4: {"root", "nodes": [{"id", "number", "type",
 * "date", "subject", "held", "issuer", "level"}], "edges": [{"from", "to",
 * "relation", "asserted_by"}]}.
 */
int vt_graph_lineage(cJSON **out, struct vt_graph *g, const char *root,
                     const struct vt_lineage_opts *opts);

/*
 * Views (of vt_graph_lineage, vt_graph_all, vt_graph_node and the queries
 * below) point to the graph's strings rather than copy them: use a view
 * before the graph is freed or changed, or keep a cJSON_Duplicate of it.
 */

/* The whole graph in the same shape, with "root": null. */
int vt_graph_all(cJSON **out, struct vt_graph *g);

/* One node as a lineage node object (plus "cited_by": [ids]). */
int vt_graph_node(cJSON **out, struct vt_graph *g, const char *id);

/*
 * What the citing documents say of a node, in the shape `show` prints for a
 * document known only from citations: {"id", "number", "held": false,
 * "attestations": [{"by", "date", "issuer", "subject", "span"}], "warnings"}
 * (a warning where attestations disagree on date or issuer).
 */
int vt_graph_attestations(cJSON **out, struct vt_graph *g, const char *id);

/* The held records, in id order once loaded from a store. */
size_t vt_graph_nrecords(const struct vt_graph *g);
const cJSON *vt_graph_record(const struct vt_graph *g, size_t i);
/* The record of held document `id` (exact id), or NULL. */
const cJSON *vt_graph_record_of(const struct vt_graph *g, const char *id);

/* --- queries (graphs/query.c) --------------------------------------- */

/* Held documents: {"documents": [node]}, newest first. */
struct vt_ls_opts {
	const char *type;     /* exact type, or NULL */
	const char *issuer;   /* words of the issuer, accents optional, or NULL */
	const char *since;    /* ISO date: documents dated on or after it */
};
int vt_graph_ls(cJSON **out, struct vt_graph *g, const struct vt_ls_opts *o);

/*
 * Held documents matching TEXT: its number, or every word of it found in
 * the number, issuer, type or subject (accents and case optional):
 * {"query", "documents": [node + "score"]}, best first.
 */
int vt_graph_search(cJSON **out, struct vt_graph *g, const char *text);

/*
 * Everything below DOC (the whole downward closure) and the tasks of those
 * documents and of DOC itself, grouped by agency: {"root", "documents":
 * [node], "agencies": [{"agency", "tasks": [task]}]} (task as in
 * vt_graph_tasks, plus "role": "lead"|"support").
 */
int vt_graph_impact(cJSON **out, struct vt_graph *g, const char *doc,
                    const char *today, const cJSON *done);

/*
 * A shortest chain from A to B: along the edges (A implements … B), else
 * against them, else ignoring direction.  {"from", "to", "direction":
 * "up"|"down"|"mixed"|null, "nodes": [node], "edges": [edge]}; no chain:
 * empty lists and "direction": null.
 */
int vt_graph_path(cJSON **out, struct vt_graph *g, const char *a, const char *b);

/*
 * Documents cited but not held, most cited first: {"missing": [{"id",
 * "number", "type", "date", "issuer", "subject", "cited_by": [ids],
 * "count"}]}.
 */
int vt_graph_missing(cJSON **out, struct vt_graph *g);

/*
 * Tasks of held documents: {"as_of", "tasks": [{"document", "number",
 * "label", "text", "lead", "support", "deadlines", "status", "province"}]}.
 * Status as of `today`: done (a completion is recorded in `done`, the
 * store's index/done.json), overdue (a deadline has passed), due (the next
 * deadline is within 7 days), else open.
 */
struct vt_task_opts {
	const char *agency;       /* lead or support agency, accents optional */
	const char *province;     /* the document's province (through mergers) */
	const char *due_before;   /* a deadline on or before this date */
	const char *overdue_at;   /* overdue as of this date */
	const char *document;     /* only this node id */
	const char *today;        /* "YYYY-MM-DD" */
	const cJSON *done;        /* {"done": [{"document", "label", ...}]} or NULL */
};
int vt_graph_tasks(cJSON **out, struct vt_graph *g, const struct vt_task_opts *o);

/* Status of one task (its deadlines array) as of `date`. */
const char *vt_task_status(const cJSON *deadlines, const char *date, int done);

/*
 * Add to a lineage view the tasks of its held documents (nodes "<doc
 * id>#<label>", "type": "task", edges task -> document "task_of") and,
 * with `agencies`, their agencies (nodes "agency:<slug>", "type":
 * "agency", scoped by province; edges task -> agency "lead"/"support").
 */
int vt_graph_view_tasks(cJSON *view, struct vt_graph *g, int agencies);

#endif
