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

#endif
