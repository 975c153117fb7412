/*
 * Internals of the document graph, shared by graph.c (the model) and
 * lineage.c (the queries).  Not a public header.
 */
#ifndef VANTHU_GRAPH_INT_H
#define VANTHU_GRAPH_INT_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#define VT_NONE ((size_t)-1)

/*
 * The graph's hash table from strings to indices.  Keys are owned by
 * whoever filled the table (the nodes); the table only points.  Unlike the
 * library's vt_map (vanthu/map.h) it can also lie over the slots of an
 * index file as they were written, so its hash and probing are part of
 * the index format (VTGIDX03) and stay here with it.
 */
struct vt_gmap {
	const char **keys;
	size_t *vals;
	size_t cap;     /* a power of two, or 0 */
	size_t count;
	/*
	 * Or, read from an index file, its slots as they lie there: keys are
	 * offsets in strtab, values below `limit` (others read as absent).
	 * Putting into such a map copies it first.
	 */
	const struct vt_dslot *slots;
	const char *strtab;
	size_t strbytes, limit;
};

#define VT_NOSTR 0xffffffffu
/* An entry of an index file's record table: u64 offset, length and sum. */
#define VT_RECTAB_ENTRY 24

/* A hash slot and an edge as an index file holds them (index.c). */
struct vt_dslot {
	uint32_t key, pad;
	uint64_t val;
};

struct vt_dedge {
	uint64_t from, to;
	uint32_t relation, asserted_by;   /* offsets in the string table */
};

/*
 * Two words, no pointer, so that an index file holds them as they are
 * used: the reference object is looked up in the citing record only when
 * a query needs it (vt_graph__cite_ref).
 */
struct vt_cite {
	size_t by;            /* citing (held) node */
	size_t ref;           /* index in its "references", VT_NONE (relations) */
};

struct vt_node {
	char *id;
	char *number;         /* NULL when the document has none */
	char *key;            /* number key, NULL when no number */
	const char *type, *date, *subject, *issuer, *province;
	int held;
	int level;
	size_t next_key;      /* next node with the same number key */

	size_t *out, nout, cout;   /* edges from this node */
	size_t *in, nin, cin;      /* edges to this node */
	struct vt_cite *cites;     /* who cites it, each citation */
	size_t ncites, ccites;
};

/* Node i's entries are off[i] .. off[i + 1] of edge and nbr. */
struct vt_adj {
	const uint64_t *off;
	const size_t *edge;
	const uint32_t *nbr;
};

struct vt_edge {
	size_t from, to;
	const char *relation;
	const char *asserted_by;  /* id of the held node whose text states it */
	char *key;                /* "from to relation", key of edgeset */
};

struct vt_graph {
	cJSON **recs;             /* copies of the records added */
	size_t nrecs, crecs;
	struct vt_gmap recids;     /* record id -> index in recs */
	size_t skipped;           /* records of the store that were not usable */

	int dirty;                /* records added since the last build */
	struct vt_node *nodes;
	size_t nnodes, cnodes;
	struct vt_edge *edges;    /* NULL in a graph read from an index: */
	const struct vt_dedge *dedges;   /* its edges, in the file */
	const char *strtab;       /* and the strings they point to */
	size_t nedges, cedges;

	struct vt_gmap ids;        /* node id -> node */
	struct vt_gmap keys;       /* number key -> first node with that key */
	struct vt_gmap edgeset;    /* edge key -> edge */
	unsigned gen;             /* query generation */
	/*
	 * Visit stamps of the walks, apart from the nodes so that a walk
	 * touches a few bytes per node: up, down and listed for each node,
	 * one per edge (walks both ways only).  Allocated by the first walk.
	 */
	unsigned *stamp, *estamp;
	/*
	 * The edges out of (adj[0]) and into (adj[1]) every node as flat
	 * arrays, with the node at the other end of each, so that a walk reads
	 * neither the nodes nor the edges it passes.  Made by vt_graph__build
	 * (in adjmem) or laid over the index file.
	 */
	struct vt_adj adj[2];
	void *adjmem;
	struct vt_walk *walk;     /* kept between lineages: no large mallocs */
	/*
	 * The store's index/aliases.json ({"scope|year|number": id}), or
	 * NULL: a held draft identified as a number is found by that number
	 * (vt_graph__build), so citations of it point at the draft.
	 */
	cJSON *aliases;
	/*
	 * Records put in place by vt_graph__patch since the index file was
	 * written: what its delta file must hold (index.c).
	 */
	size_t *patched, npatched, cpatched;
	unsigned char *is_patched;

	/*
	 * A graph read from an index file (index.c): node strings and the
	 * out/in/cites arrays point into the mapped file (`borrowed`), and
	 * records are parsed from it only when asked for (`lazy`; recs[i]
	 * NULL until then, recids empty: held node i is record i).
	 */
	void *map;
	size_t maplen;
	int borrowed, lazy;
	const unsigned char *rectab;   /* per record: u64 offset, length, sum */
	const unsigned char *recblob;
	size_t recbloblen;
	/*
	 * A graph built only to be saved as an index (index.c): recs[] are
	 * skeletons (vt_graph__skeleton), and the records themselves, whole,
	 * are raw[], which this graph does not own.  Its records cannot be
	 * asked for (vt_graph_record says NULL).
	 */
	int skeleton;
	const struct vt_rawrec *raw;
	int rawfd;                /* where raw[i] with no p lie */
};

/*
 * A record as compact JSON bytes, with its checksum (vt_index__sum): at
 * p, or when p is NULL at `foff` in the graph's rawfd.
 */
struct vt_rawrec {
	const unsigned char *p;
	uint64_t len, sum, foff;
};

/* Edge e's ends and strings, whether the graph was built or read. */
static inline size_t vt_edge_from(const struct vt_graph *g, size_t e)
{
	return g->dedges ? (size_t)g->dedges[e].from : g->edges[e].from;
}

static inline size_t vt_edge_to(const struct vt_graph *g, size_t e)
{
	return g->dedges ? (size_t)g->dedges[e].to : g->edges[e].to;
}

static inline const char *vt_edge_relation(const struct vt_graph *g, size_t e)
{
	return g->dedges ? g->strtab + g->dedges[e].relation : g->edges[e].relation;
}

static inline const char *vt_edge_asserted_by(const struct vt_graph *g, size_t e)
{
	if (!g->dedges)
		return g->edges[e].asserted_by;
	return g->dedges[e].asserted_by == VT_NOSTR ? NULL
	                                            : g->strtab + g->dedges[e].asserted_by;
}

int vt_gmap_put(struct vt_gmap *m, const char *key, size_t val);
size_t vt_gmap_get(const struct vt_gmap *m, const char *key);
void vt_gmap_free(struct vt_gmap *m);

/* Build the nodes and edges from the records if records were added. */
int vt_graph__build(struct vt_graph *g);

/* Make room in *pp (an array of `size`-byte items, *cap of them) for
 * `need` items, doubling; 0 or VT_ENOMEM with *pp untouched. */
int vt_graph__grow(void *pp, size_t *cap, size_t need, size_t size);

/* Number key of a document number: no spaces, upper case, no leading 0s. */
char *vt_graph__numkey(const char *number);

/* A node as the JSON of a lineage node. */
cJSON *vt_graph__node_json(const struct vt_graph *g, size_t n);

/* An edge as the JSON of a lineage edge. */
cJSON *vt_graph__edge_json(const struct vt_graph *g, size_t e);

/* The lineage level of a node from its number, issuer and type. */
int vt_graph__level(const char *number, const char *issuer, const char *type);

/*
 * The aliases of the store at the graph's commit (taken over; NULL:
 * none), used by the next build.  A graph built without them must be
 * rebuilt to see them: the caller marks it so.
 */
void vt_graph__set_aliases(struct vt_graph *g, cJSON *aliases);

struct vt_store;
/*
 * A meta file of the store at `rev` parsed: *out NULL when it is not
 * JSON; VT_ENOTFOUND when there is none.
 */
int vt_graph__read_meta(cJSON **out, struct vt_store *s, const char *path,
                        const char *rev);

/* index/aliases.json of the store at `rev`, parsed; *out NULL when none. */
int vt_graph__read_aliases(cJSON **out, struct vt_store *s, const char *rev);

/*
 * What the build reads of a record, copied: its id, number, type, date,
 * subject, issuer and province, and of each reference and relation the
 * fields the edges and cited nodes are made of (a twentieth of a record
 * with tasks).  NULL when out of memory or `rec` is not an object.
 */
cJSON *vt_graph__skeleton(const cJSON *rec);

/* Records in and out (graph.c); the index owns the loading policy. */
int vt_graph__adopt(struct vt_graph *g, cJSON *rec);
int vt_graph__replace(struct vt_graph *g, cJSON *rec);
int vt_graph__remove(struct vt_graph *g, const char *id);
int vt_graph__sort(struct vt_graph *g);
int vt_graph__load_full(struct vt_graph **out, struct vt_store *s,
                        const char *rev);

/*
 * Put `rec` (taken over only when 1 is returned) in place of record i of a
 * graph read from an index, if that changes no node but i's fields and no
 * edge (see graph.c): 1 done, 0 not possible (a rebuild is needed), < 0
 * error.  `dry_run`: only say whether it is possible.
 */
int vt_graph__patch(struct vt_graph *g, size_t i, cJSON *rec, int dry_run);

/*
 * Record i for a pass over every record: parsed from the index into *tmp
 * (the caller frees it) rather than kept, so that the pass holds one at a
 * time.  NULL when unreadable.
 */
const cJSON *vt_graph__record_scan(const struct vt_graph *g, size_t i, cJSON **tmp);

/* Record i of a lazy graph as it lies in the index file (not checked). */
int vt_graph__raw_record(struct vt_rawrec *out, const struct vt_graph *g, size_t i);

/* Parse every record of a lazy graph, so that it can be changed. */
int vt_graph__materialize(struct vt_graph *g);

/* The reference object of a citation, or NULL (a relation, or unreadable). */
const cJSON *vt_graph__cite_ref(const struct vt_graph *g, const struct vt_cite *c);

/* Checksum of the index file (index.c). */
unsigned long long vt_index__sum(const unsigned char *p, size_t n);

/*
 * A lineage as node and edge indices, in the order found (breadth first);
 * vt_graph_lineage is this and its JSON.  Reusable: the arrays are kept.
 */
struct vt_walk_ent {
	size_t node;
	int dir;
	int depth;
};

struct vt_walk {
	int nodes_only;                  /* set by the caller: no edge list */
	size_t *nodes, nnodes, cnodes;   /* the root first */
	size_t *edges, nedges, cedges;
	struct vt_walk_ent *q;
	size_t nq, cq;
};

struct vt_lineage_opts;
int vt_graph__walk(struct vt_walk *w, struct vt_graph *g, size_t root,
                   const struct vt_lineage_opts *o);
/* The same from a DOC as typed (resolved as by vt_graph_resolve). */
int vt_graph__lineage_of(struct vt_walk *w, struct vt_graph *g, const char *root,
                         const struct vt_lineage_opts *o);
void vt_graph__walk_free(struct vt_walk *w);

/* Index of the node a DOC names, through vt_graph_resolve (lineage.c). */
int vt_graph__find(size_t *idx, struct vt_graph *g, const char *doc);

#endif
