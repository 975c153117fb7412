/*
 * The graph index: every record of the store at one commit, kept in one
 * file inside the git directory (vt_store_datadir()/graph-index, never
 * tracked), like git's commit-graph.  It is brought up to date from what
 * the store says changed since the commit it was built from
 * (vt_store_changes), so a query reads one file and the few records that
 * changed instead of every record of the store.  A missing, foreign or
 * damaged file (its checksum is checked) is rebuilt; it only costs time.
 *
 * File: "VTGIDX01", the 40-hex commit, u64 record count, u64 payload
 * length, u64 payload checksum (little endian), then per record a u32
 * length and its compact JSON.
 */
#ifndef VANTHU_INDEX_H
#define VANTHU_INDEX_H

#include "vanthu/store.h"

struct vt_graph;

struct vt_index_stats {
	int cache;          /* 1: read from the cache, 0: built from the store */
	int saved;          /* 1: the cache file was (re)written */
	size_t changed;     /* records re-read from the store (added, changed) */
	size_t removed;
	char commit[VT_OID_HEXSZ + 1];  /* the commit the graph is of, "" if empty */
};

/*
 * The records of the store at `rev` (NULL: HEAD) in a new graph, through
 * the cache; the cache is rewritten when `rev` is HEAD (or NULL) and it
 * was stale.  `st` may be NULL.
 */
int vt_index_load(struct vt_graph **out, struct vt_store *s, const char *rev,
                  struct vt_index_stats *st);

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
