/*
 * The graph index: every record of the store at one commit, kept in one
 * file inside the git directory (vt_store_datadir()/graph-index, never
 * tracked), like git's commit-graph.  It is brought up to date from what
 * the store says changed since the commit it was built from
 * (vt_store_changes), so a query reads one file and the few records that
 * changed instead of every record of the store.  A missing, foreign or
 * damaged file (its checksum is checked) is rebuilt; it only costs time.
 *
 * File: "VTGIDX03", the 40-hex commit, u64 payload length, u64 checksum,
 * then the graph laid out to be used in place (mmap) and the records as
 * compact JSON, each with its own checksum (index.c).  Beside it,
 * "graph-index-delta" holds the records changed since in fields only, so
 * that a small commit costs writing those records, not the index.
 */
#ifndef VANTHU_INDEX_H
#define VANTHU_INDEX_H

#include <cjson/cJSON.h>
#include "vanthu/store.h"

struct vt_graph;

struct vt_index_stats {
	int cache;          /* 1: read from the cache, 0: built from the store */
	int saved;          /* 1: the cache file was (re)written */
	size_t changed;     /* records re-read from the store (added, changed) */
	size_t removed;
	int in_place;       /* 1: changes patched in place (no rebuild) */
	char commit[VT_OID_HEXSZ + 1];  /* the commit the graph is of, "" if empty */
};

/*
 * The records of the store at `rev` (NULL: HEAD) in a new graph, through
 * the cache; the cache is rewritten when `rev` is HEAD (or NULL) and it
 * was stale.  `st` may be NULL.
 */
int vt_index_load(struct vt_graph **out, struct vt_store *s, const char *rev,
                  struct vt_index_stats *st);

/*
 * Internals, shared with the benchmark.  One record that changed since the
 * cached commit: rec is its new version (taken over), NULL when it went
 * or cannot be used.  vt_index__update applies changes to a graph read
 * from the index of `base`: in place when they change fields only
 * (st->in_place), else by rebuilding; then, if `path` is set, records the
 * graph as of `commit` there (a delta file, or the whole index).  A
 * rebuild with a `path` writes the index from the records as they lie and
 * replaces *g with the graph read back from it, which holds no record
 * parsed; without one (or when it cannot be written) it is done in memory.
 */
struct vt_index_change {
	char *id;
	enum vt_change kind;
	cJSON *rec;
};
int vt_index__update(struct vt_graph **g, struct vt_index_change *c, size_t n,
                     const char *base, const char *commit, const char *path,
                     struct vt_index_stats *st);

/*
 * Bring a graph just read from the index of `base` to the commit of the
 * delta file `path`, if that delta is of `base`: commit[] is then set to
 * it, else left alone.  A damaged or foreign delta is ignored.
 */
int vt_index__load_delta(struct vt_graph *g, const char *base,
                         char commit[VT_OID_HEXSZ + 1], const char *path);

/* The cache file of a store (caller frees). */
int vt_index_path(char **out, struct vt_store *s);

/* Write the records of `g` as the index of `commit` (atomically). */
int vt_index_save(const struct vt_graph *g, const char *commit, const char *path);

/*
 * Read an index file.  VT_ENOTFOUND when absent; VT_EINVALID when it is
 * damaged or not ours (it must then be rebuilt).  commit[41] is set.
 */
int vt_index_read(struct vt_graph **out, char commit[VT_OID_HEXSZ + 1],
                  const char *path);

/*
 * Completions of tasks (vanthu done) live in the store's history as the
 * meta file index/done.json: {"done": [{"document", "label", "date",
 * "note", "by"}]}.  Read at `rev` (NULL: HEAD); none yet: an empty list.
 */
#define VT_DONE_PATH "index/done.json"
#include <cjson/cJSON.h>
int vt_index_done(cJSON **out, struct vt_store *s, const char *rev);

/* Today as "YYYY-MM-DD" ($VANTHU_TODAY when set, for reproducible runs). */
void vt_index_today(char out[11]);

#endif
