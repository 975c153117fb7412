/*
 * The history of records: field-level diffs, blame, the identity of a
 * document across versions (a draft and its issued text are one document;
 * a number learnt later is an alias kept in the store), and human
 * corrections that survive a reparse.
 *
 * Field paths name what a person sees in a record, never a line of JSON:
 * "date", "signer.name", "references[153/NQ-CP]",
 * "references[153/NQ-CP].date", "tasks[6].deadlines".  Arrays of documents
 * are keyed: references and standards by number, tasks by label,
 * relations by "from>to", distribution by name, warnings by code,
 * recipients by their text.  Spans are evidence, not content: a diff
 * ignores them.
 */
#ifndef VANTHU_HISTORY_H
#define VANTHU_HISTORY_H

#include <cjson/cJSON.h>
#include "common.h"
#include "store.h"

/*
 * The changes from `from` to `to` (either may be NULL: nothing), as a JSON
 * array of {"path", "op": "added|removed|changed", "old", "new"} in the
 * canonical field order.
 */
VT_EXTERN(int) vt_history_diff(cJSON **changes, const cJSON *from,
                               const cJSON *to);

/*
 * Every field of the record `id` (as of `rev`, NULL: HEAD) with the
 * version that last set it: {"id", "fields": [{"path", "commit", "time",
 * "by"}]}; "by" is the plugin and version of that version's source, or the
 * person for a correction.  `time` is ISO 8601.  VT_ENOTFOUND when the
 * record has never been held.
 */
VT_EXTERN(int) vt_history_blame(cJSON **out, struct vt_store *s, const char *id,
                                const char *rev);

/*
 * The item at `path` in `rec` (borrowed; NULL when absent).  Set replaces
 * it with `value` (taken over, also on failure); VT_ENOTFOUND when the
 * keyed element or the parent does not exist.
 */
VT_EXTERN(cJSON *) vt_history_get_path(const cJSON *rec, const char *path);
VT_EXTERN(int) vt_history_set_path(cJSON *rec, const char *path, cJSON *value);

/* ---- identity ----------------------------------------------------------- */

/*
 * The identity index of a run: the aliases (identity key -> id) and the
 * held drafts awaiting a number, kept in the store as index/aliases.json
 * and index/drafts.json and staged back by vt_ident_save().
 */
struct vt_ident;

/* Where the aliases live: {"<scope>|<year>|<number>": id} (graphs read it). */
#define VT_ALIASES_PATH "index/aliases.json"

VT_EXTERN(int) vt_ident_load(struct vt_ident **out, struct vt_txn *tx);
VT_EXTERN(void) vt_ident_free(struct vt_ident *ix);

/*
 * Give a finished record the id of the document it is a version of:
 * the id an alias names for its identity, else a held draft it is the
 * issued (or a revised) text of, else the id it was minted.  *how (if not
 * NULL) is "new", "same", "alias" or "draft" (a static string).
 */
VT_EXTERN(int) vt_ident_assign(struct vt_ident *ix, cJSON *rec, const char **how);

/* After vt_store_put() of `rec`: remember it (a draft, or a new number). */
VT_EXTERN(int) vt_ident_note(struct vt_ident *ix, const cJSON *rec);

/* After vt_store_remove(): forget its drafts entry and aliases. */
VT_EXTERN(int) vt_ident_forget(struct vt_ident *ix, const char *id);

/*
 * Record that `number` (as cited: "39/KH-UBND", with `scope` and `year`
 * of the record it belongs to) names `id`.
 */
VT_EXTERN(int) vt_ident_alias(struct vt_ident *ix, const char *scope,
                              const char *year, const char *number,
                              const char *id);

/*
 * Was this exact text (sha256 of the input bytes) ingested already, and is
 * the record it gave still the one held?  1 when so, with its id and
 * number (NULL for a draft), valid until the next vt_ident_note(): the
 * text need not be parsed again.  0 otherwise.  The map of sources to
 * ids is derived data in the store's data folder (sources.idx), rebuilt
 * by use; a stale entry is only a miss.
 */
VT_EXTERN(int) vt_ident_seen(struct vt_ident *ix, const char *sha256, const char **id,
                             const char **number);

/*
 * Cheap half of vt_ident_seen(): is a record known to come from this text?
 * Touches no store, so a parsing thread may ask (under the caller's lock:
 * vt_ident_note() changes what it reads).
 */
VT_EXTERN(int) vt_ident_known(const struct vt_ident *ix, const char *sha256);

/* Stage the index files if they changed (and write sources.idx). */
VT_EXTERN(int) vt_ident_save(struct vt_ident *ix, struct vt_txn *tx);

/*
 * A DOC typed by a person looked up in the aliases at `rev`: *id set (caller
 * frees) and 1 when one alias matches the number, 0 when none does,
 * VT_EAMBIGUOUS when several ids do.
 */
VT_EXTERN(int) vt_ident_lookup(char **id, struct vt_store *s, const char *rev,
                               const char *doc);

/*
 * Proposed draft <-> number identifications from the citations of the held
 * records, best first: [{"draft", "number", "scope", "year", "confidence",
 * "cited_by", "evidence": [".."], "span"}].  `doc` (an id or a number;
 * NULL: all) keeps the proposals that name it.
 */
VT_EXTERN(int) vt_identify_propose(cJSON **out, struct vt_store *s,
                                   const char *doc);

/*
 * The identity indexes (index/aliases.json, index/drafts.json) checked
 * against the held records (`held` says whether an id is held): each id
 * that names nothing held goes to `cb`.  Returns how many did.
 */
VT_EXTERN(size_t) vt_ident_check(struct vt_store *s,
                                 int (*held)(const char *id, void *p), void *p,
                                 vt_store_problem_cb cb, void *cbp);

/* ---- corrections ---------------------------------------------------------- */

/* "corrections/<xx>/<id>.json" into out (at least 128 bytes). */
VT_EXTERN(void) vt_corrections_path(char *out, size_t sz, const char *id);

/*
 * Apply the corrections kept for a record (the JSON of its corrections file:
 * {"id", "corrections": [{"path", "value", "author", "time"}]}) to `rec`.
 * Those that no longer fit (a task or reference gone) are appended to
 * *unfit (a JSON array, created; may stay NULL) and left in the file.
 * Returns the number applied.
 */
VT_EXTERN(int) vt_corrections_apply(cJSON *rec, const cJSON *corrections,
                                    cJSON **unfit);

/*
 * The same with the corrections the run holds for the record's id (none:
 * 0).  What ingest and reparse do to a record freshly parsed, so a person's
 * correction outlives a new version of the text or of the plugin.
 */
VT_EXTERN(int) vt_corrections_reapply(cJSON *rec, struct vt_txn *tx, cJSON **unfit);

#endif
