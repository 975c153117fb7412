/*
 * The store: a bare git repository holding one canonical JSON file per
 * document (records/<xx>/<id>.json, xx = first two hex digits of the
 * SHA-256 of the id, so no tree grows past a few thousand entries) and the
 * source text of every version (sources/<yy>/<sha256>.txt, yy = first two
 * hex digits of the source's SHA-256, deduplicated by content).  Ids are
 * [a-z0-9-]{1,100}; anything else is refused.  Each run of writes is one
 * commit on the branch HEAD names (refs/heads/main); a run that changes
 * nothing makes no commit.  libgit2 is used only behind this API.
 *
 * Writers hold an flock() on <gitdir>/vanthu/lock, which dies with its
 * process.  Objects are written before the ref moves, and the ref moves
 * through git's own lock-file rename, so a crash leaves the last commit.
 */
#ifndef VANTHU_STORE_H
#define VANTHU_STORE_H

#include <cjson/cJSON.h>
#include "common.h"

struct vt_store;
struct vt_txn;

#define VT_OID_HEXSZ 40

enum vt_change {
	VT_UNCHANGED = 0,
	VT_ADDED = 1,
	VT_CHANGED = 2,
	VT_REMOVED = 3,      /* vt_store_remove() only */
};

/* Create a store at `path` (a bare repository). An existing store: 0. */
VT_EXTERN(int) vt_store_init(const char *path);

/* Open an existing store; VT_ENOTFOUND with a message when there is none. */
VT_EXTERN(int) vt_store_open(struct vt_store **out, const char *path);
VT_EXTERN(void) vt_store_free(struct vt_store *s);

/* The folder for derived data (<gitdir>/vanthu), created on demand. */
VT_EXTERN(const char *) vt_store_datadir(struct vt_store *s);

/* HEAD commit id into oid[41]; VT_ENOTFOUND on an empty store. */
VT_EXTERN(int) vt_store_head(char oid[VT_OID_HEXSZ + 1], struct vt_store *s);

/*
 * Start a run of writes: takes the store lock, waiting up to `wait_ms`
 * (-1: forever) for another writer; VT_ELOCKED past that.
 */
VT_EXTERN(int) vt_store_begin(struct vt_txn **out, struct vt_store *s, int wait_ms);

/*
 * Stage a record (with "id" set) and the source bytes it came from (src
 * NULL: none kept).  The record is checked with vt_record_validate() and
 * stored as vt_record_canonical().  *change says whether it is new,
 * changed or the same as at HEAD (or as staged earlier in this run).  The
 * commit message uses "id", "number", "type" and "source" {"plugin",
 * "plugin_version", "sha256"}.
 */
VT_EXTERN(int) vt_store_put(struct vt_txn *tx, const cJSON *rec,
                            const char *src, size_t src_len,
                            enum vt_change *change);

/*
 * The work of vt_store_put() that needs no transaction, for another
 * thread to do first: the record checked, in canonical form and hashed,
 * and the source (borrowed, as is `rec`: both must outlive the item)
 * hashed.  The item stands for the record as it is now; staging it after
 * the record has changed stores the old form.
 */
struct vt_store_item;
/* The caller vouches that vt_record_validate(rec, src_len) passed on `rec`
 * as it is (vt_parse() checks what it returns): not checked again. */
#define VT_ITEM_VALIDATED 1
VT_EXTERN(int) vt_store_item_new(struct vt_store_item **out, const cJSON *rec,
                                 const char *src, size_t src_len, unsigned flags);
VT_EXTERN(void) vt_store_item_free(struct vt_store_item *it);
/* Its id, as the item was made. */
VT_EXTERN(const char *) vt_store_item_id(const struct vt_store_item *it);

/* vt_store_put() of a prepared item. */
VT_EXTERN(int) vt_store_put_item(struct vt_txn *tx, const struct vt_store_item *it,
                                 enum vt_change *change);

/*
 * Stage the removal of a record (the file goes from the tree; its history
 * stays).  VT_ENOTFOUND when it is neither at HEAD nor staged; *change is
 * VT_REMOVED otherwise.  The message says "removed <id>  <number>  <type>".
 */
VT_EXTERN(int) vt_store_remove(struct vt_txn *tx, const char *id,
                               enum vt_change *change);

/*
 * The verb of the commit subject ("<verb>: 2 added, 1 changed"):
 * "ingest" unless set; [a-z-], shorter than 32 ("correct", "reparse", "done").
 */
VT_EXTERN(int) vt_txn_set_verb(struct vt_txn *tx, const char *verb);

/*
 * Commit what was staged.  The message lists what was added and changed
 * and carries trailers (Plugin:, Source:).  When nothing changed no commit
 * is made and oid is set to "".  The lock is released either way, and
 * the txn is spent: what it staged is dropped, only vt_txn_free is left.
 */
VT_EXTERN(int) vt_store_commit(struct vt_txn *tx, char oid[VT_OID_HEXSZ + 1]);

/* Abandon a run (if not committed) and release the lock. */
VT_EXTERN(void) vt_txn_free(struct vt_txn *tx);

/*
 * Read one record by id at `rev` (NULL: HEAD; anything git rev-parse
 * takes: a commit id, "HEAD~1", a branch).  VT_ENOTFOUND when it is not
 * there (also for a malformed id) or when there is no such revision;
 * VT_EINVALID when the stored blob is not a JSON object.  Caller frees
 * with cJSON_Delete().
 */
VT_EXTERN(int) vt_store_get(cJSON **out, struct vt_store *s, const char *id,
                            const char *rev);

/* A record file, as vt_store_foreach() hands it over. */
struct vt_store_entry {
	const char *path;   /* "records/<xx>/<id>.json" */
	const cJSON *rec;   /* NULL when the file is not a JSON object */
	const char *json;   /* the file as stored: `len` bytes, no NUL */
	size_t len;
};

/*
 * Call `cb` for every record at `rev` (NULL: HEAD), in id order; the
 * entry is valid during the call.  A non-zero return from `cb` stops the
 * walk and is returned.  Records are read and parsed on one thread per
 * core, `cb` is called on the caller's thread.
 */
typedef int (*vt_store_record_cb)(const struct vt_store_entry *e, void *payload);
VT_EXTERN(int) vt_store_foreach(struct vt_store *s, const char *rev,
                                vt_store_record_cb cb, void *payload);

/*
 * The versions of one record, newest first, from `rev` (NULL: HEAD) back:
 * every commit whose file for `id` differs from its first parent's.
 * `cb` gets each; non-zero from it stops the walk and is returned.  An
 * empty store or a record never held: no call, 0.
 */
struct vt_store_version {
	char commit[VT_OID_HEXSZ + 1];
	long long time;          /* commit time, seconds since the epoch */
	int offset;              /* its time zone, minutes east of UTC */
	const char *author;      /* author name */
	const char *email;       /* author email */
	const char *message;     /* the whole commit message */
	enum vt_change kind;     /* VT_ADDED, VT_CHANGED or VT_REMOVED */
};
typedef int (*vt_store_version_cb)(const struct vt_store_version *v,
                                   void *payload);
VT_EXTERN(int) vt_store_log(struct vt_store *s, const char *id,
                            const char *rev, vt_store_version_cb cb,
                            void *payload);

/*
 * The last commit (following first parents from HEAD) made at or before
 * `when` (seconds since the epoch), for "--at DATE".  VT_ENOTFOUND when
 * the store is empty or younger than that.
 */
VT_EXTERN(int) vt_store_rev_at(char oid[VT_OID_HEXSZ + 1], struct vt_store *s,
                               long long when);

/*
 * The records that differ between `from` (NULL: the empty store) and `to`
 * (NULL: HEAD), in path order: cb(id, VT_ADDED|VT_CHANGED|VT_REMOVED).
 * What an index cached at one commit needs to catch up with another.
 */
typedef int (*vt_store_change_cb)(const char *id, enum vt_change kind,
                                  void *payload);
VT_EXTERN(int) vt_store_changes(struct vt_store *s, const char *from,
                                const char *to, vt_store_change_cb cb,
                                void *payload);

/*
 * The same, each with the record at `to`: cb(id, kind, rec) where rec
 * (the callee's to free) is NULL when the record was removed or the file
 * is not a JSON object.  For commits made by vanthu the store answers from
 * a journal of what each commit changed, without comparing trees.
 */
typedef int (*vt_store_changed_cb)(const char *id, enum vt_change kind, cJSON *rec,
                                   void *payload);
VT_EXTERN(int) vt_store_changes_read(struct vt_store *s, const char *from,
                                     const char *to, vt_store_changed_cb cb,
                                     void *payload);

/*
 * The source bytes kept for `sha256` (lower-case hex, as in a record's
 * source.sha256) at `rev` (NULL: HEAD), NUL-terminated (len excludes the
 * NUL); caller frees.  VT_ENOTFOUND when not kept.
 */
VT_EXTERN(int) vt_store_source(char **out, size_t *len, struct vt_store *s,
                               const char *sha256, const char *rev);

/* The author of writes: $VANTHU_AUTHOR, git identity, else vanthu. */
VT_EXTERN(int) vt_store_author(char *name, size_t name_sz, char *email,
                               size_t email_sz, struct vt_store *s);

/*
 * Files beside the records that the store's users keep in the same
 * history: "index/<name>.json" (identity aliases, the drafts awaiting a
 * number) and "corrections/<xx>/<id>.json" (human corrections).  Paths are
 * checked: one of those top folders, then [a-z0-9._-] components, no "..".
 * data NULL stages the removal.  A meta file that changed counts as a
 * change of the run ("updated <path>" in the message).
 */
VT_EXTERN(int) vt_store_put_meta(struct vt_txn *tx, const char *path,
                                 const char *data, size_t len);

/*
 * A meta file at `rev` (NULL: HEAD), NUL-terminated; VT_ENOTFOUND when
 * absent.  vt_txn_get_meta() reads what the run staged, else its HEAD.
 */
VT_EXTERN(int) vt_store_get_meta(char **out, size_t *len, struct vt_store *s,
                                 const char *path, const char *rev);
VT_EXTERN(int) vt_txn_get_meta(char **out, size_t *len, struct vt_txn *tx,
                               const char *path);

/* The record `id` as the run sees it (staged, else its HEAD); VT_ENOTFOUND. */
VT_EXTERN(int) vt_txn_get(cJSON **out, struct vt_txn *tx, const char *id);

/* The full commit id of `rev` (a commit id, HEAD~1, a branch). */
VT_EXTERN(int) vt_store_resolve(char oid[VT_OID_HEXSZ + 1], struct vt_store *s,
                                const char *rev);

/* Is the record `id` there as the run sees it?  1 yes, 0 no. */
VT_EXTERN(int) vt_txn_has(struct vt_txn *tx, const char *id);

/*
 * The git object id of the record `id`'s file as the run sees it: equal
 * ids, equal bytes, so a caller can tell a record unchanged without
 * reading it.  0, or VT_ENOTFOUND.
 */
VT_EXTERN(int) vt_txn_record_oid(char oid[VT_OID_HEXSZ + 1], struct vt_txn *tx,
                                 const char *id);

/* The store a run writes to. */
VT_EXTERN(struct vt_store *) vt_txn_store(struct vt_txn *tx);

/* ---- checking ------------------------------------------------------- */

/* The path of record `id` in the tree ("" for an id that is not valid). */
VT_EXTERN(void) vt_store_record_path(char *out, size_t sz, const char *id);

struct vt_store_check_stats {
	size_t commits;          /* commits of HEAD's history read */
	size_t objects;          /* files of HEAD's tree read */
	size_t problems;
};
typedef void (*vt_store_problem_cb)(const char *path, const char *what,
                                    void *payload);

/*
 * git-level check: every commit of HEAD's history and its tree can be
 * read, every file of HEAD's tree reads back to its id and sits where the
 * layout puts files.  Each problem goes to `cb`; 0 unless the store could
 * not be checked at all.
 */
VT_EXTERN(int) vt_store_check(struct vt_store *s, struct vt_store_check_stats *st,
                              vt_store_problem_cb cb, void *payload);

#endif
