/*
 * The store: records and their sources in a bare git repository.
 *
 * This is the only file that includes <git2.h>.  A run of writes (a txn)
 * holds an flock() on <gitdir>/vanthu/lock, writes blobs to the object
 * database as records are put, keeps the tree updates in memory and at
 * commit builds one new tree from HEAD's with git_tree_create_updated(),
 * so that a commit costs the shards it touches, not the whole store.  The
 * branch moves by compare-and-swap against the HEAD read under the lock:
 * history is never rewritten, and a crash before the ref moves leaves only
 * unreferenced objects, which git ignores.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "vanthu/buf.h"
#include "vanthu/error.h"
#include "vanthu/pipeline.h"
#include "vanthu/record.h"
#include "vanthu/store.h"
#include "vanthu/text.h"
#include "arena.h"
#include "pack.h"

#define ID_MAX 100
/* "records/xx/<id>.json" and "sources/yy/<sha256>.txt" */
#define RECORD_PATH_MAX (sizeof("records/xx/.json") + ID_MAX)
#define SOURCE_PATH_MAX (sizeof("sources/yy/.txt") + 64)
/* Longest number, type or plugin name echoed into a commit message. */
#define FIELD_MAX 120
#define DEFAULT_NAME "vanthu"
#define DEFAULT_EMAIL "vanthu@localhost"
#define DEFAULT_REF "refs/heads/main"
#define LOCK_POLL_MS 10

struct vt_store {
	git_repository *repo;
	char *path;       /* as given, for messages */
	char *datadir;    /* <gitdir>/vanthu, once made */
	struct vt_pack *pack;  /* owned by the odb; NULL until a txn */
	/*
	 * The tree of the commit HEAD was last seen at.  A large ingest's
	 * commit is megabytes of message, past libgit2's cache limit, so
	 * peeling HEAD once per lookup re-read and re-hashed it every time.
	 */
	git_oid head_commit, head_tree;
	int head_known;
};

/*
 * A record staged in a txn.  Its strings are offsets in the txn's pool
 * (NOSTR: none): an ingest of 100,000 held 600,000 small mallocs and a
 * path buffer per record until the commit, a third of its peak memory.
 */
#define NOSTR UINT32_MAX

struct staged_rec {
	git_oid oid;
	git_oid base;          /* the blob at HEAD, when has_base */
	uint32_t path;         /* "records/<xx>/<id>.json" */
	/* For the commit message, cut to a line (message_field). */
	uint32_t number, type, plugin, sha;
	unsigned char has_base;
	unsigned char removed; /* staged for removal (oid unused) */
};

struct staged_src {
	uint32_t path;         /* "sources/<yy>/<sha>.txt" */
	git_oid oid;
};

#define META_PATH_MAX 200

/* A meta file (index/, corrections/) staged in a txn. */
struct staged_meta {
	char path[META_PATH_MAX];
	git_oid oid;
	git_oid base;
	int has_base;
	int removed;
};

/*
 * Staged paths by hash, so that a run of a million puts is not quadratic.
 * Slots hold index + 1 into the array of staged entries (a pindex_key
 * gives an entry's path); 0 is an empty slot.
 */
struct pindex {
	size_t *slot;
	size_t cap;            /* a power of two, over twice the count */
};

struct vt_txn {
	struct vt_store *s;
	int lockfd;
	int done;
	int packing;           /* this txn's objects go to s->pack */
	char *refname;         /* the branch HEAD points to */
	git_commit *head;      /* NULL on an empty store */
	git_tree *tree;        /* HEAD's tree, NULL on an empty store */
	char verb[32];
	struct staged_rec *recs;
	size_t nrecs, recs_cap;
	struct staged_src *srcs;
	size_t nsrcs, srcs_cap;
	struct staged_meta *metas;
	size_t nmetas, metas_cap;
	struct pindex recs_ix, srcs_ix, metas_ix;
	struct vt_buf pool;    /* strings of recs and srcs, NUL after each */
};

/* A libgit2 failure becomes VT_EIO carrying libgit2's own words. */
__attribute__((format(printf, 1, 2)))
static int git_fail(const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return vt_error_set(VT_EIO, "%s: %s", what,
	                    e && e->message ? e->message : "unknown git error");
}

/* The library is refcounted; every init is paired with one shutdown. */
static int lib_init(void)
{
	if (git_libgit2_init() < 0)
		return git_fail("cannot initialise libgit2");
	vt_arena_hook();   /* before any thread of ours uses cJSON */
	/*
	 * A crash must leave the previous commit, not a torn object or ref.
	 * Objects are not fsynced one by one (4 ms each: an ingest of 10,000
	 * documents would spend a minute waiting on the disk); the commit
	 * makes them durable together before the ref moves: one pack, synced
	 * (pack.c), or for a handful of loose objects one syncfs() (durable()).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	/*
	 * Every record lookup walks records/ and its shard.  Past 4 KB
	 * (libgit2's default limit, some 150 entries) a tree is not cached,
	 * so a re-ingest re-read, re-hashed and re-parsed both for each
	 * document.  A shard of a million records is some 300 KB.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, (int)GIT_OBJECT_TREE,
	                 (size_t)1 << 20);
	/*
	 * Re-hashing every object read is a fifth of reading a store back.
	 * git itself does not do it outside fsck: zlib's checksum already
	 * catches damaged bytes.  vt_store_check() turns it on for its walk.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	return 0;
}

/* Ids name files: [a-z0-9-]{1,100}, so no path can escape its shard. */
static int id_valid(const char *id)
{
	size_t n;

	if (!id)
		return 0;
	for (n = 0; id[n]; n++) {
		char c = id[n];

		if (n >= ID_MAX)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return n > 0;
}

/* 256 shards by hash, so a million records stay at ~4k per tree. */
static void record_path(char out[RECORD_PATH_MAX], const char *id)
{
	char hex[65];

	vt_sha256_hex(hex, id, strlen(id));
	snprintf(out, RECORD_PATH_MAX, "records/%.2s/%s.json", hex, id);
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Room for one more than `n` elements of `*v`, doubling from `first`. */
static int grow(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t ncap = *cap ? 2 * *cap : first;
	void *p;

	if (n < *cap)
		return 0;
	if (ncap > SIZE_MAX / elem || !(p = realloc(*(void **)v, ncap * elem)))
		return vt_error_oom();
	*(void **)v = p;
	*cap = ncap;
	return 0;
}

/* `n` bytes of `s` and a NUL at the end of the txn's pool: the offset,
 * or NOSTR when memory ran out (pool.oom is set then). */
static uint32_t pool_put(struct vt_txn *tx, const char *s, size_t n)
{
	size_t off = tx->pool.n;

	if (n >= NOSTR - 1 - off)
		tx->pool.oom = 1;   /* offsets must fit */
	vt_buf_put(&tx->pool, s, n);
	vt_buf_put(&tx->pool, "", 1);
	return tx->pool.oom ? NOSTR : (uint32_t)off;
}

static const char *pool_str(const struct vt_txn *tx, uint32_t off)
{
	return off == NOSTR ? NULL : tx->pool.p + off;
}

/*
 * A value from a document, made safe on one line of a commit message, into
 * the pool: control characters become spaces, and it is cut (on a UTF-8
 * boundary) at FIELD_MAX bytes.  NOSTR for NULL, or when out of memory.
 */
static uint32_t message_field(struct vt_txn *tx, const char *s)
{
	size_t n = 0, i;
	uint32_t off;

	if (!s)
		return NOSTR;
	while (s[n] && n < FIELD_MAX)
		n++;
	while (n > 0 && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	if ((off = pool_put(tx, s, n)) == NOSTR)
		return NOSTR;
	for (i = 0; i < n; i++) {
		char *c = tx->pool.p + off + i;

		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	}
	return off;
}

static const char *json_str(const cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* ---- opening ---------------------------------------------------------- */

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

static int init_new(const char *path)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;

	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&repo, path, &opts) < 0)
		return git_fail("cannot create store '%s'", path);
	git_repository_free(repo);
	return 0;
}

int vt_store_init(const char *path)
{
	git_repository *repo = NULL;
	struct stat st;
	int err;

	if (!path || !*path)
		return vt_error_set(VT_EUSAGE, "no store path given");
	if ((err = lib_init()) < 0)
		return err;
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			err = vt_error_set(VT_EEXISTS,
			                   "'%s' exists and is not a store", path);
		} else if (git_repository_open_bare(&repo, path) == 0) {
			git_repository_free(repo);
			err = 0;
		} else if (!dir_is_empty(path)) {
			err = vt_error_set(VT_EEXISTS,
			                   "'%s' is not empty and is not a store", path);
		} else {
			err = init_new(path);
		}
	} else if (errno == ENOENT) {
		err = init_new(path);
	} else {
		err = vt_error_set(VT_EIO, "cannot read '%s': %s", path,
		                   strerror(errno));
	}
	git_libgit2_shutdown();
	return err;
}

int vt_store_open(struct vt_store **out, const char *path)
{
	struct vt_store *s;
	int err;

	*out = NULL;
	if (!path || !*path)
		return vt_error_set(VT_EUSAGE, "no store path given");
	if ((err = lib_init()) < 0)
		return err;
	if (!(s = calloc(1, sizeof(*s))) || !(s->path = strdup(path))) {
		free(s);
		git_libgit2_shutdown();
		return vt_error_oom();
	}
	err = git_repository_open_bare(&s->repo, path);
	if (err == GIT_ENOTFOUND) {
		err = vt_error_set(VT_ENOTFOUND,
		                   "no store at '%s' (run 'vanthu init')", path);
	} else if (err < 0) {
		err = git_fail("cannot open store '%s'", path);
	}
	if (err < 0) {
		vt_store_free(s);
		return err;
	}
	*out = s;
	return 0;
}

void vt_store_free(struct vt_store *s)
{
	if (!s)
		return;
	git_repository_free(s->repo);
	free(s->path);
	free(s->datadir);
	free(s);
	git_libgit2_shutdown();
}

const char *vt_store_datadir(struct vt_store *s)
{
	const char *gitdir;
	size_t n;

	if (!s)
		return NULL;
	if (!s->datadir) {
		gitdir = git_repository_path(s->repo);
		n = strlen(gitdir) + sizeof("/vanthu");
		if (!(s->datadir = malloc(n))) {
			vt_error_oom();
			return NULL;
		}
		/* git_repository_path() ends in '/'. */
		snprintf(s->datadir, n, "%s%svanthu", gitdir,
		         n > 0 && gitdir[0] && gitdir[strlen(gitdir) - 1] == '/' ? "" : "/");
	}
	if (mkdir(s->datadir, 0777) < 0 && errno != EEXIST) {
		vt_error_set(VT_EIO, "cannot create '%s': %s", s->datadir,
		             strerror(errno));
		return NULL;
	}
	return s->datadir;
}

int vt_store_head(char oid[VT_OID_HEXSZ + 1], struct vt_store *s)
{
	git_oid id;
	int err;

	oid[0] = '\0';
	err = git_reference_name_to_id(&id, s->repo, "HEAD");
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH)
		return vt_error_set(VT_ENOTFOUND, "store '%s' is empty", s->path);
	if (err < 0)
		return git_fail("cannot read HEAD of store '%s'", s->path);
	git_oid_tostr(oid, VT_OID_HEXSZ + 1, &id);
	return 0;
}

/* ---- identity --------------------------------------------------------- */

/*
 * "Name <email>": a name without '<' '>' or control characters, one space
 * or more, an email without spaces, and nothing after the '>'.  Anything
 * else is refused (-1, and the caller falls back), so that a typo never
 * ends up in history as a half-parsed name; -2 when it does not fit.
 */
static int parse_author(char *name, size_t name_sz, char *email,
                        size_t email_sz, const char *s)
{
	const char *lt, *gt, *end;
	size_t nlen, elen, i;

	if (!s || !(lt = strchr(s, '<')) || !(gt = strchr(lt, '>')))
		return -1;
	end = gt + 1;
	if (*end || strchr(lt + 1, '<') || gt == lt + 1)
		return -1;
	nlen = (size_t)(lt - s);
	while (nlen > 0 && s[nlen - 1] == ' ')
		nlen--;
	if (nlen == 0 || nlen == (size_t)(lt - s) || s[0] == ' ')
		return -1;
	for (i = 0; i < nlen; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '>' || s[i] == 0x7f)
			return -1;
	elen = (size_t)(gt - lt - 1);
	for (i = 0; i < elen; i++)
		if ((unsigned char)lt[1 + i] <= 0x20 || lt[1 + i] == 0x7f)
			return -1;
	if (nlen >= name_sz || elen >= email_sz)
		return -2;
	memcpy(name, s, nlen);
	name[nlen] = '\0';
	memcpy(email, lt + 1, elen);
	email[elen] = '\0';
	return 0;
}

static int copy_ident(char *name, size_t name_sz, char *email,
                      size_t email_sz, const char *n, const char *e)
{
	if (strlen(n) >= name_sz || strlen(e) >= email_sz)
		return vt_error_set(VT_EINVALID, "author '%s <%s>' is too long", n, e);
	memcpy(name, n, strlen(n) + 1);
	memcpy(email, e, strlen(e) + 1);
	return 0;
}

int vt_store_author(char *name, size_t name_sz, char *email, size_t email_sz,
                    struct vt_store *s)
{
	git_signature *sig = NULL;
	int err;

	if (!name || !email || name_sz == 0 || email_sz == 0)
		return vt_error_set(VT_EUSAGE, "no buffer for the author");
	err = parse_author(name, name_sz, email, email_sz, getenv("VANTHU_AUTHOR"));
	if (err == 0)
		return 0;
	if (err == -2)
		return vt_error_set(VT_EINVALID, "author '%.200s' is too long",
		                    getenv("VANTHU_AUTHOR"));
	/* user.name and user.email from the repo, global or system config */
	if (s && git_signature_default(&sig, s->repo) == 0) {
		err = copy_ident(name, name_sz, email, email_sz, sig->name,
		                 sig->email);
		git_signature_free(sig);
		if (err == 0)
			return 0;
	}
	git_error_clear();
	return copy_ident(name, name_sz, email, email_sz, DEFAULT_NAME,
	                  DEFAULT_EMAIL);
}

static int make_signature(git_signature **out, struct vt_store *s)
{
	char name[256], email[256];
	int err;

	if ((err = vt_store_author(name, sizeof(name), email, sizeof(email), s)) < 0)
		return err;
	if (git_signature_now(out, name, email) == 0)
		return 0;
	/* libgit2 refused what we accepted: still never fail an ingest. */
	if (git_signature_now(out, DEFAULT_NAME, DEFAULT_EMAIL) == 0)
		return 0;
	return git_fail("cannot make a signature");
}

/* ---- reading ---------------------------------------------------------- */

/* The root tree at HEAD, through head_commit/head_tree (struct vt_store). */
static int resolve_head_tree(git_tree **out, struct vt_store *s)
{
	git_commit *c = NULL;
	git_oid head;
	int err = git_reference_name_to_id(&head, s->repo, "HEAD");

	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;   /* unborn: nothing committed yet */
	}
	if (err < 0)
		return git_fail("cannot read HEAD of store '%s'", s->path);
	if (!s->head_known || !git_oid_equal(&head, &s->head_commit)) {
		if (git_commit_lookup(&c, s->repo, &head) < 0)
			return git_fail("cannot read HEAD of store '%s'", s->path);
		git_oid_cpy(&s->head_tree, git_commit_tree_id(c));
		git_oid_cpy(&s->head_commit, &head);
		s->head_known = 1;
		git_commit_free(c);
	}
	if (git_tree_lookup(out, s->repo, &s->head_tree) < 0) {
		*out = NULL;
		return git_fail("cannot read the tree of HEAD in store '%s'", s->path);
	}
	return 0;
}

/*
 * The root tree at `rev` (NULL: HEAD).  *out is NULL (and 0 returned)
 * when rev is NULL and the store has no commit yet.
 */
static int resolve_tree(git_tree **out, struct vt_store *s, const char *rev)
{
	git_object *obj = NULL;
	int err;

	*out = NULL;
	if (!rev)
		return resolve_head_tree(out, s);
	err = git_revparse_single(&obj, s->repo, rev);
	if (err == GIT_EAMBIGUOUS)
		return vt_error_set(VT_EAMBIGUOUS, "revision '%s' is ambiguous", rev);
	if (err < 0)
		return vt_error_set(VT_ENOTFOUND, "no revision '%s'", rev);
	err = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	if (err < 0) {
		*out = NULL;
		return vt_error_set(VT_ENOTFOUND, "no revision '%s'", rev);
	}
	return 0;
}

static cJSON *parse_json(const void *data, size_t len)
{
	cJSON *rec = cJSON_ParseWithLength(data, len);

	if (rec && !cJSON_IsObject(rec)) {
		cJSON_Delete(rec);
		rec = NULL;
	}
	return rec;
}

static cJSON *parse_blob(const git_blob *blob)
{
	return parse_json(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
}

int vt_store_get(cJSON **out, struct vt_store *s, const char *id,
                 const char *rev)
{
	char path[RECORD_PATH_MAX];
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	int err;

	*out = NULL;
	/* Nothing can be stored under a malformed id, so it is not there. */
	if (!id_valid(id))
		return vt_error_set(VT_ENOTFOUND, "no record '%.100s'", id ? id : "");
	if ((err = resolve_tree(&tree, s, rev)) < 0)
		return err;
	record_path(path, id);
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0) {
		err = rev ? vt_error_set(VT_ENOTFOUND, "no record '%s' at '%s'", id, rev)
		          : vt_error_set(VT_ENOTFOUND, "no record '%s'", id);
		goto done;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		err = vt_error_set(VT_EINVALID, "'%s' in store '%s' is not a file",
		                   path, s->path);
		goto done;
	}
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(e)) < 0) {
		err = git_fail("cannot read '%s' in store '%s'", path, s->path);
		goto done;
	}
	if (!(*out = parse_blob(blob)))
		err = vt_error_set(VT_EINVALID,
		                   "'%s' in store '%s' is not a JSON object",
		                   path, s->path);
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	return err;
}

/* A file of records/<xx>/, borrowed from its shard tree. */
struct walk_entry {
	const git_tree_entry *e;
	const char *shard;
};

/* The id a record file is named for: "<id>.json" without its suffix. */
static size_t id_len(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".json") ? n - 5 : n;
}

/* Id order, whatever shard the hash put each id in. */
static int cmp_walk(const void *a, const void *b)
{
	const char *x = git_tree_entry_name(((const struct walk_entry *)a)->e);
	const char *y = git_tree_entry_name(((const struct walk_entry *)b)->e);
	size_t nx = id_len(x), ny = id_len(y);
	int c = memcmp(x, y, nx < ny ? nx : ny);

	return c ? c : (nx > ny) - (nx < ny);
}

/*
 * Reading a store back is inflating and parsing every record, each on its
 * own, so a pipeline (vanthu/pipeline.h) does it on one thread per core,
 * each with its own odb (libgit2 objects are not shared between threads),
 * while the caller's thread hands the records to `cb` in id order.
 */
#define WALK_WINDOW 64
#define WALK_THREADS_MAX 8
#define WALK_PARALLEL_MIN 256   /* below this, starting threads costs more */

struct walk_slot {
	git_odb_object *obj;
	struct vt_arena *arena;   /* the record is parsed into it (arena.h) */
	const cJSON *rec;
	char *error;   /* a read failed: its message, for the caller's thread */
};

struct walk {
	struct vt_store *s;
	const struct walk_entry *v;
	vt_store_record_cb cb;
	void *payload;
	char objects[4096];
	git_odb *odb[WALK_THREADS_MAX];
	struct walk_slot slot[WALK_WINDOW];
};

static void walk_path(char *out, size_t sz, const struct walk_entry *we)
{
	snprintf(out, sz, "records/%s/%s", we->shard, git_tree_entry_name(we->e));
}

/* The slot's arena stays, to be parsed into again. */
static void slot_clear(struct walk_slot *sl)
{
	git_odb_object_free(sl->obj);
	sl->obj = NULL;
	sl->rec = NULL;
	free(sl->error);
	sl->error = NULL;
}

/*
 * Read and parse one record into its slot.  The slot's last object is
 * freed here, on the thread that will allocate the next: malloc's arenas
 * are per thread, and frees from the caller's thread fought the readers
 * for their arena's lock.
 */
static void walk_prepare(void *ctx, size_t i, int thread)
{
	struct walk *w = ctx;
	struct walk_slot *sl = &w->slot[i % WALK_WINDOW];
	git_odb **odb = &w->odb[thread];
	char path[512];

	slot_clear(sl);
	if (!*odb && git_odb_open(odb, w->objects) < 0) {
		*odb = NULL;
		git_fail("cannot open the objects of store '%s'", w->s->path);
		goto fail;
	}
	if (git_odb_read(&sl->obj, *odb, git_tree_entry_id(w->v[i].e)) < 0 ||
	    git_odb_object_type(sl->obj) != GIT_OBJECT_BLOB) {
		walk_path(path, sizeof(path), &w->v[i]);
		git_fail("cannot read '%s' in store '%s'", path, w->s->path);
		goto fail;
	}
	if (!sl->arena && vt_arena_new(&sl->arena) < 0)
		goto fail;
	sl->rec = vt_arena_parse(sl->arena, git_odb_object_data(sl->obj),
	                         git_odb_object_size(sl->obj));
	if (sl->rec && !cJSON_IsObject(sl->rec))
		sl->rec = NULL;
	return;
fail:
	sl->error = strdup(vt_error_last());   /* NULL: finish says out of memory */
	git_odb_object_free(sl->obj);
	sl->obj = NULL;
}

static int walk_finish(void *ctx, size_t i)
{
	struct walk *w = ctx;
	struct walk_slot *sl = &w->slot[i % WALK_WINDOW];
	char path[512];
	struct vt_store_entry e = { path, sl->rec, NULL, 0 };

	if (!sl->obj)
		return sl->error ? vt_error_set(VT_EIO, "%s", sl->error) : vt_error_oom();
	e.json = git_odb_object_data(sl->obj);
	e.len = git_odb_object_size(sl->obj);
	walk_path(path, sizeof(path), &w->v[i]);
	return w->cb(&e, w->payload);
}

static int walk_deliver(struct vt_store *s, const struct walk_entry *v, size_t n,
                        vt_store_record_cb cb, void *payload)
{
	struct walk *w = calloc(1, sizeof(*w));
	int err, nthreads = n >= WALK_PARALLEL_MIN ? vt_pipeline_cores(WALK_THREADS_MAX) : 1;

	if (!w)
		return vt_error_oom();
	w->s = s;
	w->v = v;
	w->cb = cb;
	w->payload = payload;
	snprintf(w->objects, sizeof(w->objects), "%sobjects", git_repository_path(s->repo));
	err = vt_pipeline_run(n, nthreads, WALK_WINDOW, walk_prepare, walk_finish, w);
	for (size_t k = 0; k < WALK_WINDOW; k++) {
		slot_clear(&w->slot[k]);
		vt_arena_free(w->slot[k].arena);
	}
	for (int t = 0; t < WALK_THREADS_MAX; t++)
		git_odb_free(w->odb[t]);
	free(w);
	return err;
}

static int walk_records(struct vt_store *s, const git_tree *records,
                        vt_store_record_cb cb, void *payload)
{
	size_t nshards = git_tree_entrycount(records), nt = 0, n = 0, cap = 0, i;
	git_tree **shards = calloc(nshards ? nshards : 1, sizeof(*shards));
	struct walk_entry *v = NULL;
	int err = 0;

	if (!shards)
		return vt_error_oom();
	for (i = 0; i < nshards && !err; i++) {
		const git_tree_entry *se = git_tree_entry_byindex(records, i);
		git_tree *t;

		if (git_tree_entry_type(se) != GIT_OBJECT_TREE)
			continue;
		if (git_tree_lookup(&t, s->repo, git_tree_entry_id(se)) < 0) {
			err = git_fail("cannot read 'records/%s' in store '%s'",
			               git_tree_entry_name(se), s->path);
			break;
		}
		shards[nt++] = t;
		for (size_t j = 0; j < git_tree_entrycount(t); j++) {
			const git_tree_entry *e = git_tree_entry_byindex(t, j);

			if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
				continue;
			if ((err = grow(&v, &cap, n, sizeof(*v), 1024)) < 0)
				break;
			v[n].e = e;
			v[n++].shard = git_tree_entry_name(se);
		}
	}
	if (!err && n) {
		qsort(v, n, sizeof(*v), cmp_walk);
		err = walk_deliver(s, v, n, cb, payload);
	}
	free(v);
	while (nt)
		git_tree_free(shards[--nt]);
	free(shards);
	return err;
}

int vt_store_foreach(struct vt_store *s, const char *rev, vt_store_record_cb cb,
                     void *payload)
{
	git_tree *root = NULL, *records = NULL;
	git_tree_entry *e = NULL;
	int err;

	if (!s || !cb)
		return vt_error_set(VT_EUSAGE, "no store or callback");
	if ((err = resolve_tree(&root, s, rev)) < 0)
		return err;
	if (!root || git_tree_entry_bypath(&e, root, "records") < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto done;   /* no records yet */
	if (git_tree_lookup(&records, s->repo, git_tree_entry_id(e)) < 0) {
		err = git_fail("cannot read 'records' in store '%s'", s->path);
		goto done;
	}
	err = walk_records(s, records, cb, payload);
done:
	git_tree_free(records);
	git_tree_entry_free(e);
	git_tree_free(root);
	git_error_clear();
	return err;
}

/* ---- writing ---------------------------------------------------------- */

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/*
 * flock() rather than a lock file: the kernel drops it when the process
 * dies, however it dies, so a kill -9 never leaves a stuck store.
 */
static int take_lock(int *fd_out, struct vt_store *s, int wait_ms)
{
	const char *dir = vt_store_datadir(s);
	struct timespec t0, pause = { 0, LOCK_POLL_MS * 1000000L };
	char path[4096];
	int fd;

	if (!dir)
		return vt_error_last_code();
	snprintf(path, sizeof(path), "%s/lock", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
		return vt_error_set(VT_EIO, "cannot open '%s': %s", path,
		                    strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;

			close(fd);
			return vt_error_set(VT_EIO, "cannot lock '%s': %s", path,
			                    strerror(e));
		}
		if (wait_ms >= 0 && elapsed_ms(&t0) >= wait_ms) {
			close(fd);
			return vt_error_set(VT_ELOCKED,
			                    "store '%s' is locked by another writer",
			                    s->path);
		}
		nanosleep(&pause, NULL);
	}
	*fd_out = fd;
	return 0;
}

/* HEAD as it is now, under the lock: another writer may have committed. */
static int load_head(struct vt_txn *tx)
{
	git_repository *repo = tx->s->repo;
	git_reference *head = NULL;
	git_oid id;
	int err;

	if (git_reference_lookup(&head, repo, "HEAD") < 0)
		return git_fail("cannot read HEAD of store '%s'", tx->s->path);
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		git_reference_free(head);
		return vt_error_set(VT_EINVALID,
		                    "store '%s' has a detached HEAD", tx->s->path);
	}
	tx->refname = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	if (!tx->refname)
		return vt_error_oom();
	err = git_reference_name_to_id(&id, repo, tx->refname);
	if (err == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;   /* first commit */
	}
	if (err < 0 || git_commit_lookup(&tx->head, repo, &id) < 0 ||
	    git_commit_tree(&tx->tree, tx->head) < 0)
		return git_fail("cannot read '%s' in store '%s'", tx->refname,
		                tx->s->path);
	return 0;
}

int vt_store_begin(struct vt_txn **out, struct vt_store *s, int wait_ms)
{
	struct vt_txn *tx;
	int err;

	*out = NULL;
	if (!s)
		return vt_error_set(VT_EUSAGE, "no store");
	if (!(tx = calloc(1, sizeof(*tx))))
		return vt_error_oom();
	tx->s = s;
	tx->lockfd = -1;
	snprintf(tx->verb, sizeof(tx->verb), "ingest");
	if ((err = take_lock(&tx->lockfd, s, wait_ms)) < 0 ||
	    (err = load_head(tx)) < 0 ||
	    (!s->pack && (err = vt_pack_attach(&s->pack, s->repo)) < 0) ||
	    (err = vt_pack_begin(s->pack)) < 0) {
		vt_txn_free(tx);
		return err;
	}
	tx->packing = 1;
	*out = tx;
	return 0;
}

int vt_txn_set_verb(struct vt_txn *tx, const char *verb)
{
	size_t i, n;

	if (!tx || !verb || !*verb || (n = strlen(verb)) >= sizeof(tx->verb))
		return vt_error_set(VT_EUSAGE, "invalid commit verb '%.40s'",
		                    verb ? verb : "");
	for (i = 0; i < n; i++)
		if (!((verb[i] >= 'a' && verb[i] <= 'z') || verb[i] == '-'))
			return vt_error_set(VT_EUSAGE, "invalid commit verb '%s'", verb);
	memcpy(tx->verb, verb, n + 1);
	return 0;
}

static void release_lock(struct vt_txn *tx)
{
	if (tx->lockfd >= 0) {
		close(tx->lockfd);   /* drops the flock */
		tx->lockfd = -1;
	}
}

/* What only the commit needs, dropped once the commit has it. */
static void drop_staged(struct vt_txn *tx)
{
	free(tx->recs);
	free(tx->srcs);
	free(tx->recs_ix.slot);
	free(tx->srcs_ix.slot);
	free(tx->pool.p);
	tx->recs = NULL;
	tx->srcs = NULL;
	tx->nrecs = tx->recs_cap = tx->nsrcs = tx->srcs_cap = 0;
	memset(&tx->recs_ix, 0, sizeof(tx->recs_ix));
	memset(&tx->srcs_ix, 0, sizeof(tx->srcs_ix));
	memset(&tx->pool, 0, sizeof(tx->pool));
}

void vt_txn_free(struct vt_txn *tx)
{
	if (!tx)
		return;
	if (tx->packing)
		vt_pack_abort(tx->s->pack);
	release_lock(tx);
	drop_staged(tx);
	free(tx->metas);
	free(tx->metas_ix.slot);
	free(tx->refname);
	git_tree_free(tx->tree);
	git_commit_free(tx->head);
	free(tx);
}

static size_t path_hash(const char *p)
{
	size_t h = 14695981039346656037u;   /* FNV-1a */

	while (*p)
		h = (h ^ (unsigned char)*p++) * 1099511628211u;
	return h;
}

/* The path of staged entry i of one of a txn's arrays. */
typedef const char *(*pindex_key)(const struct vt_txn *tx, size_t i);

static const char *rec_key(const struct vt_txn *tx, size_t i)
{
	return tx->pool.p + tx->recs[i].path;
}

static const char *src_key(const struct vt_txn *tx, size_t i)
{
	return tx->pool.p + tx->srcs[i].path;
}

static const char *meta_key(const struct vt_txn *tx, size_t i)
{
	return tx->metas[i].path;
}

/* Index of the entry with `path`, or -1. */
static long pindex_get(const struct pindex *ix, const struct vt_txn *tx,
                       pindex_key key, const char *path)
{
	size_t h;

	if (!ix->cap)
		return -1;
	for (h = path_hash(path) & (ix->cap - 1);; h = (h + 1) & (ix->cap - 1)) {
		if (!ix->slot[h])
			return -1;
		if (!strcmp(key(tx, ix->slot[h] - 1), path))
			return (long)(ix->slot[h] - 1);
	}
}

static void pindex_put(struct pindex *ix, const struct vt_txn *tx, pindex_key key,
                       size_t i)
{
	size_t h = path_hash(key(tx, i)) & (ix->cap - 1);

	while (ix->slot[h])
		h = (h + 1) & (ix->cap - 1);
	ix->slot[h] = i + 1;
}

/* Index entry `i` of `n` (the array already holds it). */
static int pindex_add(struct pindex *ix, const struct vt_txn *tx, pindex_key key,
                      size_t i, size_t n)
{
	if (n * 2 > ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64, j;
		size_t *slot = calloc(cap, sizeof(*slot));

		if (!slot)
			return vt_error_oom();
		free(ix->slot);
		ix->slot = slot;
		ix->cap = cap;
		for (j = 0; j < n; j++)
			pindex_put(ix, tx, key, j);
		return 0;
	}
	pindex_put(ix, tx, key, i);
	return 0;
}

/* The blob at `path` in HEAD's tree: 1 found, 0 absent. */
static int head_blob(git_oid *out, const struct vt_txn *tx, const char *path)
{
	git_tree_entry *e = NULL;
	int found = 0;

	if (tx->tree && git_tree_entry_bypath(&e, tx->tree, path) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(out, git_tree_entry_id(e));
			found = 1;
		}
		git_tree_entry_free(e);
	}
	git_error_clear();
	return found;
}

struct vt_store_item {
	const cJSON *rec;        /* borrowed */
	char *canon;
	size_t canon_len;
	git_oid oid;
	const char *src;         /* borrowed; NULL: no text kept */
	size_t src_len;
	git_oid src_oid;
	char sha[65];
	char id[ID_MAX + 1];
};

/* Objects of a run go to its pack as they are, hashed already. */
static int write_blob(struct vt_txn *tx, const git_oid *oid, const void *data, size_t len)
{
	git_oid got;
	int rc = vt_pack_put(tx->s->pack, oid, data, len, GIT_OBJECT_BLOB);

	if (rc != GIT_PASSTHROUGH)
		return rc;
	return git_blob_create_from_buffer(&got, tx->s->repo, data, len);
}

static int stage_source(struct vt_txn *tx, const struct vt_store_item *it)
{
	struct staged_src *ss;
	char path[SOURCE_PATH_MAX];
	git_oid oid;

	snprintf(path, sizeof(path), "sources/%.2s/%s.txt", it->sha, it->sha);
	if (pindex_get(&tx->srcs_ix, tx, src_key, path) >= 0)
		return 0;
	/* Same name, same bytes: already kept, never rewritten. */
	if (head_blob(&oid, tx, path))
		return 0;
	if (grow(&tx->srcs, &tx->srcs_cap, tx->nsrcs, sizeof(*tx->srcs), 16) < 0)
		return VT_ENOMEM;
	if (write_blob(tx, &it->src_oid, it->src, it->src_len) < 0)
		return git_fail("cannot write source '%s' in store '%s'", path,
		                tx->s->path);
	ss = &tx->srcs[tx->nsrcs];
	if ((ss->path = pool_put(tx, path, strlen(path))) == NOSTR)
		return vt_error_oom();
	git_oid_cpy(&ss->oid, &it->src_oid);
	tx->nsrcs++;
	return pindex_add(&tx->srcs_ix, tx, src_key, tx->nsrcs - 1, tx->nsrcs);
}

static struct staged_rec *find_staged(struct vt_txn *tx, const char *path)
{
	long i = pindex_get(&tx->recs_ix, tx, rec_key, path);

	return i < 0 ? NULL : &tx->recs[i];
}

/* A new staged record for `path`, indexed; NULL when out of memory. */
static struct staged_rec *new_staged(struct vt_txn *tx, const char *path)
{
	struct staged_rec *r;

	if (grow(&tx->recs, &tx->recs_cap, tx->nrecs, sizeof(*tx->recs), 16) < 0)
		return NULL;
	r = &tx->recs[tx->nrecs];
	memset(r, 0, sizeof(*r));
	r->number = r->type = r->plugin = r->sha = NOSTR;
	if ((r->path = pool_put(tx, path, strlen(path))) == NOSTR)
		return NULL;
	tx->nrecs++;
	if (pindex_add(&tx->recs_ix, tx, rec_key, tx->nrecs - 1, tx->nrecs) < 0) {
		tx->nrecs--;
		return NULL;
	}
	return r;
}

/* What the commit message says about a record, taken from the record. */
static int describe(struct vt_txn *tx, struct staged_rec *r, const cJSON *rec,
                    const char *sha)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source");
	const char *name = json_str(src, "plugin");
	const char *version = json_str(src, "plugin_version");
	char plugin[2 * FIELD_MAX + 2];

	r->number = message_field(tx, json_str(rec, "number"));
	r->type = message_field(tx, json_str(rec, "type"));
	r->sha = message_field(tx, sha ? sha : json_str(src, "sha256"));
	r->plugin = NOSTR;
	if (name) {
		snprintf(plugin, sizeof(plugin), "%.*s %.*s", FIELD_MAX, name,
		         FIELD_MAX, version ? version : "?");
		r->plugin = message_field(tx, plugin);
	}
	return tx->pool.oom ? vt_error_oom() : 0;
}

int vt_store_item_new(struct vt_store_item **out, const cJSON *rec, const char *src,
                      size_t src_len, unsigned flags)
{
	struct vt_store_item *it;
	const char *id;
	int err;

	*out = NULL;
	if (!rec)
		return vt_error_set(VT_EUSAGE, "no record");
	id = json_str(rec, "id");
	if (!id)
		return vt_error_set(VT_EINVALID, "record has no \"id\"");
	if (!id_valid(id))
		return vt_error_set(VT_EINVALID,
		                    "invalid record id '%.100s' (want 1 to 100 of a-z, 0-9, '-')",
		                    id);
	if (!(flags & VT_ITEM_VALIDATED) && (err = vt_record_validate(rec, src ? src_len : 0)) < 0)
		return err;
	if (!(it = calloc(1, sizeof(*it))))
		return vt_error_oom();
	it->rec = rec;
	strcpy(it->id, id);
	if (!(it->canon = vt_record_canonical(rec))) {
		free(it);
		return vt_error_last_code() < 0 ? vt_error_last_code() : vt_error_oom();
	}
	it->canon_len = strlen(it->canon);
	if (git_odb_hash(&it->oid, it->canon, it->canon_len, GIT_OBJECT_BLOB) < 0)
		goto fail;
	if (src) {
		it->src = src;
		it->src_len = src_len;
		vt_sha256_hex(it->sha, src, src_len);
		if (git_odb_hash(&it->src_oid, src, src_len, GIT_OBJECT_BLOB) < 0)
			goto fail;
	}
	*out = it;
	return 0;
fail:
	vt_store_item_free(it);
	return git_fail("cannot hash record '%s'", id);
}

void vt_store_item_free(struct vt_store_item *it)
{
	if (!it)
		return;
	free(it->canon);
	free(it);
}

const char *vt_store_item_id(const struct vt_store_item *it)
{
	return it ? it->id : NULL;
}

int vt_store_put_item(struct vt_txn *tx, const struct vt_store_item *it,
                      enum vt_change *change)
{
	enum vt_change kind;
	struct staged_rec *r;
	char path[RECORD_PATH_MAX];
	git_oid base;
	int has_base, err;

	if (change)
		*change = VT_UNCHANGED;
	if (!tx || !it)
		return vt_error_set(VT_EUSAGE, "no transaction or record");
	if (tx->done)
		return vt_error_set(VT_EUSAGE, "transaction already committed");
	record_path(path, it->id);
	if ((r = find_staged(tx, path))) {
		/* Compared with what this run already staged. */
		if (!r->removed && git_oid_equal(&r->oid, &it->oid))
			return 0;
		kind = r->removed ? VT_ADDED : VT_CHANGED;
	} else {
		has_base = head_blob(&base, tx, path);
		if (has_base && git_oid_equal(&base, &it->oid))
			return 0;
		kind = has_base ? VT_CHANGED : VT_ADDED;
		if (!(r = new_staged(tx, path)))
			return vt_error_oom();
		r->has_base = has_base;
		if (has_base)
			git_oid_cpy(&r->base, &base);
	}
	if (write_blob(tx, &it->oid, it->canon, it->canon_len) < 0)
		return git_fail("cannot write record '%s' in store '%s'", it->id,
		                tx->s->path);
	r->removed = 0;
	git_oid_cpy(&r->oid, &it->oid);
	if (it->src && (err = stage_source(tx, it)) < 0)
		return err;
	if ((err = describe(tx, r, it->rec, it->src ? it->sha : NULL)) < 0)
		return err;
	if (change)
		*change = kind;
	return 0;
}

int vt_store_put(struct vt_txn *tx, const cJSON *rec, const char *src,
                 size_t src_len, enum vt_change *change)
{
	struct vt_store_item *it;
	int err;

	if (change)
		*change = VT_UNCHANGED;
	if (!tx)
		return vt_error_set(VT_EUSAGE, "no transaction or record");
	if ((err = vt_store_item_new(&it, rec, src, src_len, 0)) < 0)
		return err;
	err = vt_store_put_item(tx, it, change);
	vt_store_item_free(it);
	return err;
}

/* The record at HEAD, parsed, for the message of a removal; may be NULL. */
static cJSON *head_record(const struct vt_txn *tx, const git_oid *blob_id)
{
	git_blob *blob = NULL;
	cJSON *rec = NULL;

	if (git_blob_lookup(&blob, tx->s->repo, blob_id) == 0)
		rec = parse_blob(blob);
	git_blob_free(blob);
	git_error_clear();
	return rec;
}

int vt_store_remove(struct vt_txn *tx, const char *id, enum vt_change *change)
{
	char path[RECORD_PATH_MAX];
	struct staged_rec *r;
	git_oid base;
	cJSON *old;
	int err;

	if (change)
		*change = VT_UNCHANGED;
	if (!tx || !id)
		return vt_error_set(VT_EUSAGE, "no transaction or id");
	if (tx->done)
		return vt_error_set(VT_EUSAGE, "transaction already committed");
	if (!id_valid(id))
		return vt_error_set(VT_ENOTFOUND, "no record '%.100s'", id);
	record_path(path, id);
	if ((r = find_staged(tx, path))) {
		if (r->removed)
			return vt_error_set(VT_ENOTFOUND, "no record '%s'", id);
		r->removed = 1;
	} else {
		if (!head_blob(&base, tx, path))
			return vt_error_set(VT_ENOTFOUND, "no record '%s'", id);
		if (!(r = new_staged(tx, path)))
			return vt_error_oom();
		r->has_base = 1;
		git_oid_cpy(&r->base, &base);
		r->removed = 1;
		/* Its number and type, if the file at HEAD is the record. */
		old = head_record(tx, &base);
		err = 0;
		if (old && json_str(old, "id") && !strcmp(json_str(old, "id"), id))
			err = describe(tx, r, old, NULL);
		cJSON_Delete(old);
		if (err < 0)
			return err;
	}
	/* A removal names no plugin or source. */
	r->plugin = r->sha = NOSTR;
	if (change)
		*change = VT_REMOVED;
	return 0;
}

/* ---- meta files ------------------------------------------------------- */

/* "index/..." or "corrections/...", components of [a-z0-9._-], no dots only. */
static int meta_path_valid(const char *path)
{
	const char *c, *seg;
	size_t n;

	if (!path || (n = strlen(path)) == 0 || n >= META_PATH_MAX)
		return 0;
	if (strncmp(path, "index/", 6) && strncmp(path, "corrections/", 12))
		return 0;
	for (seg = c = path;; c++) {
		if (*c == '/' || *c == '\0') {
			size_t len = (size_t)(c - seg);

			if (len == 0 || (len <= 2 && !strncmp(seg, "..", len)))
				return 0;
			if (!*c)
				return 1;
			seg = c + 1;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '.' || *c == '_' || *c == '-'))
			return 0;
	}
}

static struct staged_meta *find_meta(struct vt_txn *tx, const char *path)
{
	long i = pindex_get(&tx->metas_ix, tx, meta_key, path);

	return i < 0 ? NULL : &tx->metas[i];
}

int vt_store_put_meta(struct vt_txn *tx, const char *path, const char *data,
                      size_t len)
{
	struct staged_meta *m;
	git_oid oid, base;
	int has_base;

	if (!tx)
		return vt_error_set(VT_EUSAGE, "no transaction");
	if (tx->done)
		return vt_error_set(VT_EUSAGE, "transaction already committed");
	if (!meta_path_valid(path))
		return vt_error_set(VT_EINVALID, "invalid meta path '%.200s'",
		                    path ? path : "");
	if (data && git_blob_create_from_buffer(&oid, tx->s->repo, data, len) < 0)
		return git_fail("cannot write '%s' in store '%s'", path, tx->s->path);
	if (!(m = find_meta(tx, path))) {
		has_base = head_blob(&base, tx, path);
		if (!data && !has_base)
			return 0;
		if (grow(&tx->metas, &tx->metas_cap, tx->nmetas, sizeof(*tx->metas), 8) < 0)
			return VT_ENOMEM;
		m = &tx->metas[tx->nmetas++];
		memset(m, 0, sizeof(*m));
		snprintf(m->path, sizeof(m->path), "%s", path);
		m->has_base = has_base;
		if (has_base)
			git_oid_cpy(&m->base, &base);
		if (pindex_add(&tx->metas_ix, tx, meta_key, tx->nmetas - 1,
		               tx->nmetas) < 0) {
			tx->nmetas--;
			return vt_error_oom();
		}
	}
	m->removed = data == NULL;
	if (data)
		git_oid_cpy(&m->oid, &oid);
	return 0;
}

/* A blob's bytes, NUL-terminated, into a fresh buffer. */
static int read_blob(char **out, size_t *len, git_repository *repo,
                     const git_oid *id, const char *what)
{
	git_blob *blob = NULL;
	size_t n;

	if (git_blob_lookup(&blob, repo, id) < 0)
		return git_fail("cannot read '%s'", what);
	n = (size_t)git_blob_rawsize(blob);
	if (!(*out = malloc(n + 1))) {
		git_blob_free(blob);
		return vt_error_oom();
	}
	memcpy(*out, git_blob_rawcontent(blob), n);
	(*out)[n] = '\0';
	if (len)
		*len = n;
	git_blob_free(blob);
	return 0;
}

int vt_store_get_meta(char **out, size_t *len, struct vt_store *s,
                      const char *path, const char *rev)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int err;

	*out = NULL;
	if (len)
		*len = 0;
	if (!s || !meta_path_valid(path))
		return vt_error_set(VT_ENOTFOUND, "no '%.200s' in the store",
		                    path ? path : "");
	if ((err = resolve_tree(&tree, s, rev)) < 0)
		return err;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		err = vt_error_set(VT_ENOTFOUND, "no '%s' in store '%s'", path, s->path);
	else
		err = read_blob(out, len, s->repo, git_tree_entry_id(e), path);
	git_tree_entry_free(e);
	git_tree_free(tree);
	return err;
}

int vt_txn_get_meta(char **out, size_t *len, struct vt_txn *tx, const char *path)
{
	struct staged_meta *m;
	git_oid id;

	*out = NULL;
	if (len)
		*len = 0;
	if (!tx || !meta_path_valid(path))
		return vt_error_set(VT_ENOTFOUND, "no '%.200s' in the store",
		                    path ? path : "");
	if ((m = find_meta(tx, path))) {
		if (m->removed)
			return vt_error_set(VT_ENOTFOUND, "no '%s' in the store", path);
		return read_blob(out, len, tx->s->repo, &m->oid, path);
	}
	if (!head_blob(&id, tx, path))
		return vt_error_set(VT_ENOTFOUND, "no '%s' in the store", path);
	return read_blob(out, len, tx->s->repo, &id, path);
}

int vt_txn_get(cJSON **out, struct vt_txn *tx, const char *id)
{
	char path[RECORD_PATH_MAX];
	struct staged_rec *r;
	git_oid oid;
	char *buf = NULL;
	size_t n;
	int err;

	*out = NULL;
	if (!tx || !id_valid(id))
		return vt_error_set(VT_ENOTFOUND, "no record '%.100s'", id ? id : "");
	record_path(path, id);
	if ((r = find_staged(tx, path))) {
		if (r->removed)
			return vt_error_set(VT_ENOTFOUND, "no record '%s'", id);
		git_oid_cpy(&oid, &r->oid);
	} else if (!head_blob(&oid, tx, path)) {
		return vt_error_set(VT_ENOTFOUND, "no record '%s'", id);
	}
	if ((err = read_blob(&buf, &n, tx->s->repo, &oid, path)) < 0)
		return err;
	*out = cJSON_ParseWithLength(buf, n);
	free(buf);
	if (!cJSON_IsObject(*out)) {
		cJSON_Delete(*out);
		*out = NULL;
		return vt_error_set(VT_EINVALID, "'%s' is not a JSON object", path);
	}
	return 0;
}

/* The oid of `id`'s file as the run sees it: 1, or 0 when there is none. */
static int txn_record(git_oid *out, struct vt_txn *tx, const char *id)
{
	char path[RECORD_PATH_MAX];
	struct staged_rec *r;

	if (!tx || tx->done || !id_valid(id))
		return 0;
	record_path(path, id);
	if ((r = find_staged(tx, path))) {
		git_oid_cpy(out, &r->oid);
		return !r->removed;
	}
	return head_blob(out, tx, path);
}

int vt_txn_has(struct vt_txn *tx, const char *id)
{
	git_oid oid;

	return txn_record(&oid, tx, id);
}

int vt_txn_record_oid(char oid[VT_OID_HEXSZ + 1], struct vt_txn *tx, const char *id)
{
	git_oid o;

	*oid = '\0';
	if (!txn_record(&o, tx, id))
		return vt_error_set(VT_ENOTFOUND, "no record '%.100s'", id ? id : "");
	git_oid_tostr(oid, VT_OID_HEXSZ + 1, &o);
	return 0;
}

struct vt_store *vt_txn_store(struct vt_txn *tx)
{
	return tx ? tx->s : NULL;
}

/* ---- the commit ------------------------------------------------------- */

/*
 * A record that changed and came back to its HEAD version is not news,
 * nor is one added and removed in the same run.
 */
static int rec_changed(const struct staged_rec *r)
{
	if (r->removed)
		return r->has_base;
	return !r->has_base || !git_oid_equal(&r->base, &r->oid);
}

static int meta_changed(const struct staged_meta *m)
{
	if (m->removed)
		return m->has_base;
	return !m->has_base || !git_oid_equal(&m->base, &m->oid);
}

static const char *rec_kind(const struct staged_rec *r)
{
	return r->removed ? "removed" : r->has_base ? "changed" : "added";
}

/* The id in a staged record's path, "records/<xx>/<id>.json". */
static const char *rec_id(const struct vt_txn *tx, const struct staged_rec *r,
                          int *len)
{
	const char *id = pool_str(tx, r->path) + sizeof("records/xx/") - 1;

	*len = (int)(strlen(id) - (sizeof(".json") - 1));
	return id;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int build_message(struct vt_buf *sb, const struct vt_txn *tx)
{
	size_t i, added = 0, changed = 0, removed = 0, nplug = 0;
	const char **plugins;

	for (i = 0; i < tx->nrecs; i++) {
		if (!rec_changed(&tx->recs[i]))
			continue;
		if (tx->recs[i].removed)
			removed++;
		else if (tx->recs[i].has_base)
			changed++;
		else
			added++;
	}
	vt_buf_printf(sb, "%s:", tx->verb);
	if (added)
		vt_buf_printf(sb, " %zu added%s", added, changed || removed ? "," : "");
	if (changed)
		vt_buf_printf(sb, " %zu changed%s", changed, removed ? "," : "");
	if (removed)
		vt_buf_printf(sb, " %zu removed", removed);
	if (!added && !changed && !removed)
		vt_buf_printf(sb, " %s", "index updated");
	vt_buf_printf(sb, "\n\n");
	for (i = 0; i < tx->nrecs; i++) {
		const struct staged_rec *r = &tx->recs[i];
		int idlen;
		const char *id = rec_id(tx, r, &idlen);

		if (!rec_changed(r))
			continue;
		vt_buf_printf(sb, "%-7s %.*s  %s", rec_kind(r), idlen, id,
		              r->number != NOSTR ? pool_str(tx, r->number) : "(draft)");
		if (r->type != NOSTR)
			vt_buf_printf(sb, "  %s", pool_str(tx, r->type));
		vt_buf_printf(sb, "\n");
	}
	for (i = 0; i < tx->nmetas; i++)
		if (meta_changed(&tx->metas[i]))
			vt_buf_printf(sb, "%-7s %s\n", tx->metas[i].removed ? "removed" : "updated",
			       tx->metas[i].path);

	/* Trailers: each plugin version once, sorted; a source per record. */
	if (!(plugins = calloc(tx->nrecs + 1, sizeof(*plugins))))
		return vt_error_oom();
	for (i = 0; i < tx->nrecs; i++)
		if (rec_changed(&tx->recs[i]) && tx->recs[i].plugin != NOSTR)
			plugins[nplug++] = pool_str(tx, tx->recs[i].plugin);
	qsort(plugins, nplug, sizeof(*plugins), cmp_str);
	vt_buf_printf(sb, "\n");
	for (i = 0; i < nplug; i++)
		if (i == 0 || strcmp(plugins[i], plugins[i - 1]))
			vt_buf_printf(sb, "Plugin: %s\n", plugins[i]);
	free(plugins);
	for (i = 0; i < tx->nrecs; i++) {
		const struct staged_rec *r = &tx->recs[i];
		int idlen;
		const char *id = rec_id(tx, r, &idlen);

		if (rec_changed(r) && r->sha != NOSTR)
			vt_buf_printf(sb, "Source: %s %.*s\n", pool_str(tx, r->sha), idlen, id);
	}
	return sb->oom ? vt_error_oom() : 0;
}

static size_t count_updates(const struct vt_txn *tx)
{
	size_t i, n = 0;

	for (i = 0; i < tx->nrecs; i++)
		n += rec_changed(&tx->recs[i]) ? 1 : 0;
	for (i = 0; i < tx->nmetas; i++)
		n += meta_changed(&tx->metas[i]) ? 1 : 0;
	return n;
}

/*
 * Everything written so far reaches the disk: one syncfs() of the file
 * system that holds the store, instead of an fsync per object.
 */
static int durable(struct vt_store *s)
{
	int fd = open(git_repository_path(s->repo), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return vt_error_set(VT_EIO, "cannot open store '%s': %s", s->path,
		                    strerror(errno));
	if (syncfs(fd) < 0)
		err = vt_error_set(VT_EIO, "cannot sync store '%s': %s", s->path,
		                   strerror(errno));
	close(fd);
	return err;
}

/* The moved ref on disk: its file and folder, else the whole file system. */
static int ref_durable(struct vt_txn *tx)
{
	char path[4096], *slash;
	int fd, ok;

	snprintf(path, sizeof(path), "%s%s", git_repository_path(tx->s->repo),
	         tx->refname);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return durable(tx->s);
	ok = fsync(fd) == 0;
	close(fd);
	if ((slash = strrchr(path, '/')))
		*slash = '\0';
	if (ok && (fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		ok = fsync(fd) == 0;
		close(fd);
	}
	return ok ? 0 : durable(tx->s);
}

/*
 * A lock file of the branch left by a writer killed while it moved the
 * ref: we hold the store lock, so no live vanthu owns it.
 */
static void clear_stale_ref_lock(struct vt_txn *tx)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s%s.lock", git_repository_path(tx->s->repo),
	         tx->refname);
	unlink(path);
}

/* Move the branch only if it is still where we found it under the lock. */
static int move_ref(struct vt_txn *tx, const git_oid *id, const char *subject)
{
	git_reference *ref = NULL;
	int err;

	if (tx->head)
		err = git_reference_create_matching(&ref, tx->s->repo, tx->refname,
		                                    id, 1, git_commit_id(tx->head),
		                                    subject);
	else
		err = git_reference_create(&ref, tx->s->repo, tx->refname, id, 0,
		                           subject);
	git_reference_free(ref);
	if (err == GIT_EMODIFIED || err == GIT_EEXISTS)
		return vt_error_set(VT_ELOCKED,
		                    "store '%s' was changed by another writer; nothing committed",
		                    tx->s->path);
	if (err < 0)
		return git_fail("cannot update '%s' in store '%s'", tx->refname,
		                tx->s->path);
	return 0;
}

/*
 * The journal: for each commit made here, the records it changed against
 * its parent, with their blobs, in <gitdir>/vanthu/changes/<commit>.  An
 * index cached at an older commit catches up from it without comparing
 * trees: at a million records a shard tree is 3,900 entries, and the tree
 * diff of a 100-document commit took a third of a second.  A cache only:
 * written after the branch moved, not synced, checked when read, and a
 * commit without one (made by git itself, fetched, or one of more than
 * JOURNAL_MAX records) is compared as before.
 */
#define JOURNAL_MAX 10000
#define JOURNAL_KEEP 256
#define JOURNAL_MAGIC "vanthu-changes 1"

static void journal_line(struct vt_buf *b, const struct staged_rec *r, const char *path)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &r->oid);
	vt_buf_printf(b, "%c %s %s\n", r->removed ? 'D' : r->has_base ? 'M' : 'A',
	              r->removed ? "-" : hex, path);
}

struct journal_file {
	char name[GIT_OID_HEXSZ + 1];
	struct timespec mtime;
};

static int cmp_journal_age(const void *a, const void *b)
{
	const struct timespec *x = &((const struct journal_file *)a)->mtime;
	const struct timespec *y = &((const struct journal_file *)b)->mtime;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return (x->tv_nsec > y->tv_nsec) - (x->tv_nsec < y->tv_nsec);
}

/*
 * The newest JOURNAL_KEEP journals are kept, the rest go: an index is
 * rarely that many commits behind, and one that is compares trees, as
 * without a journal.  Listing the folder is all it costs while under.
 */
static void journal_prune(const char *dir, const char *keep)
{
	struct journal_file *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	char path[PATH_MAX + 64];
	struct stat st;
	DIR *d;

	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d)))
		n += strlen(de->d_name) == GIT_OID_HEXSZ;
	if (n <= JOURNAL_KEEP) {
		closedir(d);
		return;
	}
	rewinddir(d);
	n = 0;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != GIT_OID_HEXSZ || !strcmp(de->d_name, keep))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (grow(&v, &cap, n, sizeof(*v), 512) < 0)
			break;
		strcpy(v[n].name, de->d_name);
		v[n++].mtime = st.st_mtim;
	}
	closedir(d);
	/* n counts all but the one just written, which stays. */
	if (n >= JOURNAL_KEEP) {
		qsort(v, n, sizeof(*v), cmp_journal_age);
		for (size_t i = 0; i <= n - JOURNAL_KEEP; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, v[i].name);
			unlink(path);
		}
	}
	free(v);
}

static void journal_write(struct vt_txn *tx, const git_oid *commit, const struct vt_buf *b)
{
	char dir[PATH_MAX], tmp[PATH_MAX + 32], path[PATH_MAX + 64], hex[GIT_OID_HEXSZ + 1];
	char parent[GIT_OID_HEXSZ + 1] = "none";
	const char *data = vt_store_datadir(tx->s);
	FILE *f;
	int fd;

	if (!data || b->oom) {
		vt_error_clear();
		return;
	}
	if (tx->head)
		git_oid_tostr(parent, sizeof(parent), git_commit_id(tx->head));
	git_oid_tostr(hex, sizeof(hex), commit);
	snprintf(dir, sizeof(dir), "%s/changes", data);
	snprintf(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", dir);
	snprintf(path, sizeof(path), "%s/%s", dir, hex);
	if ((mkdir(dir, 0777) < 0 && errno != EEXIST) || (fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		return;
	}
	fprintf(f, "%s %s %s\n", JOURNAL_MAGIC, hex, parent);
	if (b->n)
		fwrite(b->p, 1, b->n, f);
	fputs("end\n", f);
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		unlink(tmp);
	journal_prune(dir, hex);
}

static int cmp_update(const void *a, const void *b)
{
	return strcmp(((const git_tree_update *)a)->path, ((const git_tree_update *)b)->path);
}

static int write_commit(struct vt_txn *tx, git_oid *out)
{
	struct vt_buf msg = { 0 }, jr = { 0 };
	git_tree_update *ups = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	const git_commit *parents[1];
	git_oid tree_id;
	size_t i, n = 0;
	char subject[256];
	int err, loose = 0;

	if (!(ups = calloc(tx->nrecs + tx->nsrcs + tx->nmetas + 1, sizeof(*ups))))
		return vt_error_oom();
	for (i = 0; i < tx->nrecs; i++) {
		if (!rec_changed(&tx->recs[i]))
			continue;
		if (n < JOURNAL_MAX)
			journal_line(&jr, &tx->recs[i], pool_str(tx, tx->recs[i].path));
		else
			jr.oom = 1;   /* too large to be worth it: no journal */
		ups[n].action = tx->recs[i].removed ? GIT_TREE_UPDATE_REMOVE
		                                    : GIT_TREE_UPDATE_UPSERT;
		ups[n].filemode = GIT_FILEMODE_BLOB;
		ups[n].path = pool_str(tx, tx->recs[i].path);
		git_oid_cpy(&ups[n++].id, &tx->recs[i].oid);
	}
	for (i = 0; i < tx->nmetas; i++) {
		if (!meta_changed(&tx->metas[i]))
			continue;
		ups[n].action = tx->metas[i].removed ? GIT_TREE_UPDATE_REMOVE
		                                     : GIT_TREE_UPDATE_UPSERT;
		ups[n].filemode = GIT_FILEMODE_BLOB;
		ups[n].path = tx->metas[i].path;
		git_oid_cpy(&ups[n++].id, &tx->metas[i].oid);
	}
	for (i = 0; i < tx->nsrcs; i++) {
		ups[n].action = GIT_TREE_UPDATE_UPSERT;
		ups[n].filemode = GIT_FILEMODE_BLOB;
		ups[n].path = pool_str(tx, tx->srcs[i].path);
		git_oid_cpy(&ups[n++].id, &tx->srcs[i].oid);
	}
	/*
	 * In path order: libgit2 writes a subtree out whenever the next
	 * update leaves it, and reads it back when a later one returns, so
	 * updates in the order documents came touched each shard tree once
	 * per record (at 100,000 records, 0.8 s of copying).
	 */
	qsort(ups, n, sizeof(*ups), cmp_update);
	if (git_tree_create_updated(&tree_id, tx->s->repo, tx->tree, n, ups) < 0 ||
	    git_tree_lookup(&tree, tx->s->repo, &tree_id) < 0) {
		err = git_fail("cannot write tree in store '%s'", tx->s->path);
		goto done;
	}
	/*
	 * The message of a large run is tens of megabytes, and libgit2 copies
	 * it into the commit: what it was made from goes first.
	 */
	free(ups);
	ups = NULL;
	if ((err = build_message(&msg, tx)) < 0 ||
	    (err = make_signature(&sig, tx->s)) < 0)
		goto done;
	drop_staged(tx);
	snprintf(subject, sizeof(subject), "%.*s", (int)strcspn(msg.p, "\n"), msg.p);
	parents[0] = tx->head;
	err = git_commit_create(out, tx->s->repo, NULL, sig, sig, NULL, msg.p,
	                        tree, tx->head ? 1 : 0, parents);
	free(msg.p);
	msg.p = NULL;
	if (err < 0) {
		err = git_fail("cannot write commit in store '%s'", tx->s->path);
		goto done;
	}
	/* Objects first, durable; then the ref, durable too. */
	tx->packing = 0;
	if ((err = vt_pack_finish(tx->s->pack, &loose)) < 0 ||
	    (loose && (err = durable(tx->s)) < 0))
		goto done;
	clear_stale_ref_lock(tx);
	if ((err = move_ref(tx, out, subject)) == 0 && (err = ref_durable(tx)) == 0)
		journal_write(tx, out, &jr);
done:
	free(jr.p);
	free(msg.p);
	git_signature_free(sig);
	git_tree_free(tree);
	free(ups);
	return err;
}

int vt_store_commit(struct vt_txn *tx, char oid[VT_OID_HEXSZ + 1])
{
	git_oid id;
	int err = 0;

	if (oid)
		oid[0] = '\0';
	if (!tx)
		return vt_error_set(VT_EUSAGE, "no transaction");
	if (tx->done)
		return vt_error_set(VT_EUSAGE, "transaction already committed");
	tx->done = 1;
	if (count_updates(tx) > 0 && (err = write_commit(tx, &id)) == 0 && oid)
		git_oid_tostr(oid, VT_OID_HEXSZ + 1, &id);
	/* Nothing to commit, or a failure before the pack was finished. */
	if (tx->packing) {
		vt_pack_abort(tx->s->pack);
		tx->packing = 0;
	}
	release_lock(tx);
	return err;
}

/* ---- history ---------------------------------------------------------- */

/* The commit at `rev` (NULL: HEAD).  *out NULL on an empty store. */
static int resolve_commit(git_commit **out, struct vt_store *s, const char *rev)
{
	git_object *obj = NULL;
	int err;

	*out = NULL;
	if (!rev && git_repository_head_unborn(s->repo) == 1)
		return 0;
	err = git_revparse_single(&obj, s->repo, rev ? rev : "HEAD");
	if (err == GIT_EAMBIGUOUS)
		return vt_error_set(VT_EAMBIGUOUS, "revision '%s' is ambiguous", rev);
	if (err == 0) {
		err = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
	}
	if (err < 0) {
		*out = NULL;
		return rev ? vt_error_set(VT_ENOTFOUND, "no revision '%s'", rev)
		           : git_fail("cannot read HEAD of store '%s'", s->path);
	}
	return 0;
}

/* The blob at `path` in commit `c`: 1 found, 0 absent, < 0 error. */
static int commit_blob(git_oid *out, const git_commit *c, const char *path)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int found = 0;

	if (git_commit_tree(&tree, c) < 0)
		return git_fail("cannot read the tree of a commit");
	if (git_tree_entry_bypath(&e, tree, path) == 0) {
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			git_oid_cpy(out, git_tree_entry_id(e));
			found = 1;
		}
		git_tree_entry_free(e);
	}
	git_tree_free(tree);
	git_error_clear();
	return found;
}

/* Compare a commit with its first parent at `path`; VT_UNCHANGED if equal. */
static int version_kind(enum vt_change *kind, git_commit *c, const char *path)
{
	git_commit *parent = NULL;
	git_oid now, before;
	int has_now, has_before = 0;

	if ((has_now = commit_blob(&now, c, path)) < 0)
		return has_now;
	if (git_commit_parentcount(c) > 0) {
		if (git_commit_parent(&parent, c, 0) < 0)
			return git_fail("cannot read the parent of a commit");
		has_before = commit_blob(&before, parent, path);
		git_commit_free(parent);
		if (has_before < 0)
			return has_before;
	}
	if (has_now && !has_before)
		*kind = VT_ADDED;
	else if (!has_now && has_before)
		*kind = VT_REMOVED;
	else if (has_now && !git_oid_equal(&now, &before))
		*kind = VT_CHANGED;
	else
		*kind = VT_UNCHANGED;
	return 0;
}

static int start_walk(git_revwalk **out, struct vt_store *s, const char *rev)
{
	git_commit *tip = NULL;
	int err;

	*out = NULL;
	if ((err = resolve_commit(&tip, s, rev)) < 0 || !tip)
		return err;
	if (git_revwalk_new(out, s->repo) < 0 ||
	    git_revwalk_sorting(*out, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(*out, git_commit_id(tip)) < 0)
		err = git_fail("cannot walk the history of store '%s'", s->path);
	git_commit_free(tip);
	if (err < 0) {
		git_revwalk_free(*out);
		*out = NULL;
	}
	return err;
}

int vt_store_log(struct vt_store *s, const char *id, const char *rev,
                 vt_store_version_cb cb, void *payload)
{
	char path[RECORD_PATH_MAX];
	git_revwalk *walk = NULL;
	git_oid oid;
	int err;

	if (!s || !cb)
		return vt_error_set(VT_EUSAGE, "no store or callback");
	if (!id_valid(id))
		return vt_error_set(VT_ENOTFOUND, "no record '%.100s'", id ? id : "");
	record_path(path, id);
	if ((err = start_walk(&walk, s, rev)) < 0 || !walk)
		return err;
	while (err == 0 && git_revwalk_next(&oid, walk) == 0) {
		struct vt_store_version v;
		const git_signature *a;
		git_commit *c = NULL;
		enum vt_change kind = VT_UNCHANGED;

		if (git_commit_lookup(&c, s->repo, &oid) < 0) {
			err = git_fail("cannot read a commit of store '%s'", s->path);
			break;
		}
		if ((err = version_kind(&kind, c, path)) == 0 && kind != VT_UNCHANGED) {
			a = git_commit_author(c);
			git_oid_tostr(v.commit, sizeof(v.commit), &oid);
			v.time = (long long)git_commit_time(c);
			v.offset = git_commit_time_offset(c);
			v.author = a && a->name ? a->name : "";
			v.email = a && a->email ? a->email : "";
			v.message = git_commit_message(c) ? git_commit_message(c) : "";
			v.kind = kind;
			err = cb(&v, payload);
		}
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	git_error_clear();
	return err;
}

int vt_store_resolve(char oid[VT_OID_HEXSZ + 1], struct vt_store *s,
                     const char *rev)
{
	git_commit *c = NULL;
	int err;

	oid[0] = '\0';
	if (!s || !rev)
		return vt_error_set(VT_EUSAGE, "no store or revision");
	if ((err = resolve_commit(&c, s, rev)) < 0)
		return err;
	if (!c)
		return vt_error_set(VT_ENOTFOUND, "store '%s' is empty", s->path);
	git_oid_tostr(oid, VT_OID_HEXSZ + 1, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int vt_store_rev_at(char oid[VT_OID_HEXSZ + 1], struct vt_store *s,
                    long long when)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err;

	oid[0] = '\0';
	if ((err = start_walk(&walk, s, NULL)) < 0)
		return err;
	if (!walk)
		return vt_error_set(VT_ENOTFOUND, "store '%s' is empty", s->path);
	/* "As it was then" follows the branch itself, not merged side lines. */
	git_revwalk_simplify_first_parent(walk);
	while (git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		long long t;

		if (git_commit_lookup(&c, s->repo, &id) < 0) {
			err = git_fail("cannot read a commit of store '%s'", s->path);
			break;
		}
		t = (long long)git_commit_time(c);
		git_commit_free(c);
		if (t <= when) {
			git_oid_tostr(oid, VT_OID_HEXSZ + 1, &id);
			break;
		}
	}
	git_revwalk_free(walk);
	git_error_clear();
	if (err == 0 && !oid[0])
		err = vt_error_set(VT_ENOTFOUND,
		                   "no commit in store '%s' that old", s->path);
	return err;
}

/* "records/xx/<id>.json" -> id into out; 0 if the path is not a record's. */
static int path_id(char out[ID_MAX + 1], const char *path)
{
	size_t n;

	if (strncmp(path, "records/", 8) || strlen(path) < 8 + 3 + 6 ||
	    path[10] != '/')
		return 0;
	path += 11;
	n = strlen(path);
	if (n <= 5 || n - 5 > ID_MAX || strcmp(path + n - 5, ".json") ||
	    memchr(path, '/', n))
		return 0;
	memcpy(out, path, n - 5);
	out[n - 5] = '\0';
	return id_valid(out);
}

struct change {
	char path[RECORD_PATH_MAX];
	git_oid blob;            /* of the new version; unset when removed */
	int hop;                 /* commits back from `to`, in a journal walk */
	enum vt_change kind;
};

struct changes {
	struct change *v;
	size_t n, cap;
};

static int change_add(struct changes *c, enum vt_change kind, const char *path,
                      const git_oid *blob, int hop)
{
	struct change *e;

	if (strlen(path) >= RECORD_PATH_MAX)
		return 0;     /* no record's path: path_id() would refuse it */
	if (grow(&c->v, &c->cap, c->n, sizeof(*c->v), 64) < 0)
		return VT_ENOMEM;
	e = &c->v[c->n++];
	strcpy(e->path, path);
	if (blob)
		git_oid_cpy(&e->blob, blob);
	e->hop = hop;
	e->kind = kind;
	return 0;
}

/* A record's own path, in its own shard: the id into `id`. */
static int journal_path(char id[ID_MAX + 1], const char *path)
{
	char want[RECORD_PATH_MAX];

	if (!path_id(id, path))
		return 0;
	record_path(want, id);
	return !strcmp(want, path);
}

/* The changes of `commit` from its journal: 1, or 0 when it has none usable. */
static int journal_read(struct changes *c, struct vt_store *s, const git_commit *commit,
                        int hop)
{
	char path[PATH_MAX + 64], hex[GIT_OID_HEXSZ + 1], parent[GIT_OID_HEXSZ + 1];
	char want[sizeof(JOURNAL_MAGIC) + 2 * GIT_OID_HEXSZ + 3], *line = NULL;
	const char *data = vt_store_datadir(s);
	size_t cap = 0, n0 = c->n;
	ssize_t len;
	FILE *f;
	int ok = 0, first = 1;

	if (!data)
		return 0;
	git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
	git_oid_tostr(parent, sizeof(parent), git_commit_parent_id(commit, 0));
	snprintf(path, sizeof(path), "%s/changes/%s", data, hex);
	snprintf(want, sizeof(want), "%s %s %s\n", JOURNAL_MAGIC, hex, parent);
	if (!(f = fopen(path, "re")))
		return 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		git_oid oid;
		char id[ID_MAX + 1];
		enum vt_change kind;

		if (first) {
			if (strcmp(line, want))
				break;
			first = 0;
			continue;
		}
		if (!strcmp(line, "end\n")) {
			ok = fgetc(f) == EOF;
			break;
		}
		/* "<A|M|D> <blob|-> records/xx/<id>.json" */
		if (len < 3 + GIT_OID_HEXSZ || line[1] != ' ' || line[len - 1] != '\n')
			break;
		line[len - 1] = '\0';
		kind = line[0] == 'A' ? VT_ADDED : line[0] == 'M' ? VT_CHANGED :
		       line[0] == 'D' ? VT_REMOVED : VT_UNCHANGED;
		if (kind == VT_UNCHANGED)
			break;
		if (kind == VT_REMOVED) {
			if (strncmp(line + 2, "- ", 2) || !journal_path(id, line + 4) ||
			    change_add(c, kind, line + 4, NULL, hop) < 0)
				break;
		} else if (line[2 + GIT_OID_HEXSZ] != ' ' ||
		           git_oid_fromstrn(&oid, line + 2, GIT_OID_HEXSZ) < 0 ||
		           !journal_path(id, line + 3 + GIT_OID_HEXSZ) ||
		           change_add(c, kind, line + 3 + GIT_OID_HEXSZ, &oid, hop) < 0) {
			break;
		}
	}
	free(line);
	fclose(f);
	if (!ok)
		c->n = n0;
	git_error_clear();
	vt_error_clear();
	return ok;
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int r = strcmp(x->path, y->path);

	return r ? r : x->hop - y->hop;
}

/*
 * From `to` back along first parents to `from`, each commit's journal:
 * 1 when every one had one, and c holds their sum (what `from` to `to`
 * changed, in path order); 0 to compare the trees instead.
 */
static int journal_changes(struct changes *c, struct vt_store *s, const char *from,
                           const char *to)
{
	git_commit *stop = NULL, *cur = NULL, *parent;
	size_t i, k, n;
	int hop, ok = 0;

	if (!from || resolve_commit(&stop, s, from) < 0 || !stop ||
	    resolve_commit(&cur, s, to) < 0 || !cur)
		goto done;
	for (hop = 0; !git_oid_equal(git_commit_id(cur), git_commit_id(stop)); hop++) {
		if (hop == 64 || git_commit_parentcount(cur) < 1 ||
		    journal_read(c, s, cur, hop) <= 0 || git_commit_parent(&parent, cur, 0) < 0)
			goto done;
		git_commit_free(cur);
		cur = parent;
	}
	/* Per path: there before if its oldest change is not an addition, and
	 * there after if its newest is not a removal. */
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_change);
	for (i = n = 0; i < c->n; i = k) {
		int before, after;

		for (k = i + 1; k < c->n && !strcmp(c->v[k].path, c->v[i].path); k++)
			;
		before = c->v[k - 1].kind != VT_ADDED;
		after = c->v[i].kind != VT_REMOVED;
		if (!before && !after)
			continue;
		c->v[n] = c->v[i];
		c->v[n++].kind = before && after ? VT_CHANGED : after ? VT_ADDED : VT_REMOVED;
	}
	c->n = n;
	ok = 1;
done:
	if (!ok)
		c->n = 0;
	git_commit_free(stop);
	git_commit_free(cur);
	git_error_clear();
	vt_error_clear();
	return ok;
}

static int diff_changes(struct changes *c, struct vt_store *s, const char *from,
                        const char *to)
{
	git_diff_options opts;
	git_tree *old = NULL, *new = NULL;
	git_diff *diff = NULL;
	char *spec[] = { "records" };
	size_t i, n;
	int err;

	if ((from && (err = resolve_tree(&old, s, from)) < 0) ||
	    (err = resolve_tree(&new, s, to)) < 0)
		goto done;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.pathspec.strings = spec;
	opts.pathspec.count = 1;
	if (git_diff_tree_to_tree(&diff, s->repo, old, new, &opts) < 0) {
		err = git_fail("cannot compare revisions of store '%s'", s->path);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && err == 0; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		switch (d->status) {
		case GIT_DELTA_ADDED:
			err = change_add(c, VT_ADDED, d->new_file.path, &d->new_file.id, 0);
			break;
		case GIT_DELTA_DELETED:
			err = change_add(c, VT_REMOVED, d->old_file.path, NULL, 0);
			break;
		case GIT_DELTA_MODIFIED:
			err = change_add(c, VT_CHANGED, d->new_file.path, &d->new_file.id, 0);
			break;
		default:
			break;
		}
	}
done:
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(new);
	return err;
}

/* Each change from `from` to `to`, with the record at `to` if `read`. */
static int each_change(struct vt_store *s, const char *from, const char *to, int read,
                       vt_store_changed_cb cb, void *payload)
{
	struct changes c = { 0 };
	char id[ID_MAX + 1];
	int err;

	if (!s || !cb)
		return vt_error_set(VT_EUSAGE, "no store or callback");
	err = journal_changes(&c, s, from, to) ? 0 : diff_changes(&c, s, from, to);
	for (size_t i = 0; i < c.n && err == 0; i++) {
		git_blob *blob = NULL;
		cJSON *rec = NULL;

		if (!path_id(id, c.v[i].path))
			continue;
		if (read && c.v[i].kind != VT_REMOVED) {
			if (git_blob_lookup(&blob, s->repo, &c.v[i].blob) < 0) {
				err = git_fail("cannot read '%s' in store '%s'", c.v[i].path, s->path);
				break;
			}
			rec = parse_blob(blob);
			git_blob_free(blob);
		}
		err = cb(id, c.v[i].kind, rec, payload);
	}
	free(c.v);
	return err;
}

struct change_fn {
	vt_store_change_cb cb;
	void *payload;
};

static int without_record(const char *id, enum vt_change kind, cJSON *rec, void *payload)
{
	const struct change_fn *f = payload;

	(void)rec;   /* never read */
	return f->cb(id, kind, f->payload);
}

int vt_store_changes(struct vt_store *s, const char *from, const char *to,
                     vt_store_change_cb cb, void *payload)
{
	struct change_fn f = { cb, payload };

	if (!cb)
		return vt_error_set(VT_EUSAGE, "no store or callback");
	return each_change(s, from, to, 0, without_record, &f);
}

int vt_store_changes_read(struct vt_store *s, const char *from, const char *to,
                          vt_store_changed_cb cb, void *payload)
{
	return each_change(s, from, to, 1, cb, payload);
}

static int sha_valid(const char *sha)
{
	size_t i;

	for (i = 0; sha && i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return sha && sha[64] == '\0';
}

int vt_store_source(char **out, size_t *len, struct vt_store *s,
                    const char *sha256, const char *rev)
{
	char path[SOURCE_PATH_MAX];
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	size_t n;
	int err;

	*out = NULL;
	*len = 0;
	if (!sha_valid(sha256))
		return vt_error_set(VT_ENOTFOUND, "no source '%.64s'",
		                    sha256 ? sha256 : "");
	snprintf(path, sizeof(path), "sources/%.2s/%s.txt", sha256, sha256);
	if ((err = resolve_tree(&tree, s, rev)) < 0)
		return err;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		err = vt_error_set(VT_ENOTFOUND, "no source '%s'", sha256);
		goto done;
	}
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(e)) < 0) {
		err = git_fail("cannot read '%s' in store '%s'", path, s->path);
		goto done;
	}
	n = (size_t)git_blob_rawsize(blob);
	if (!(*out = malloc(n + 1))) {
		err = vt_error_oom();
		goto done;
	}
	memcpy(*out, git_blob_rawcontent(blob), n);
	(*out)[n] = '\0';
	*len = n;
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_error_clear();
	return err;
}

/* ---- checking --------------------------------------------------------- */

void vt_store_record_path(char *out, size_t sz, const char *id)
{
	char path[RECORD_PATH_MAX];

	if (!id_valid(id)) {
		snprintf(out, sz, "%s", "");
		return;
	}
	record_path(path, id);
	snprintf(out, sz, "%s", path);
}

struct check {
	struct vt_store *s;
	struct vt_store_check_stats *st;
	vt_store_problem_cb cb;
	void *payload;
};

static void problem(struct check *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct check *c, const char *path, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char what[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (e && e->message && n >= 0 && (size_t)n < sizeof(what))
		snprintf(what + n, sizeof(what) - (size_t)n, ": %s", e->message);
	git_error_clear();
	c->st->problems++;
	c->cb(path, what, c->payload);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

/* Where a file of the store may be: index/, else a shard of two digits. */
static int layout_ok(const char *root, const char *name)
{
	const char *slash = strchr(root, '/');

	if (!strcmp(root, "index/"))
		return has_suffix(name, ".json");
	if (!slash || strlen(slash + 1) != 3 || slash[3] != '/')
		return 0;
	if (!strncmp(root, "records/", 8) || !strncmp(root, "corrections/", 12))
		return has_suffix(name, ".json");
	if (!strncmp(root, "sources/", 8))
		return strlen(name) == 68 && has_suffix(name, ".txt");
	return 0;
}

static int check_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct check *c = payload;
	const char *name = git_tree_entry_name(e);
	char path[1024];
	git_odb_object *obj = NULL;
	git_odb *odb = NULL;
	int depth = 0;

	snprintf(path, sizeof(path), "%s%s", root, name);
	for (const char *p = root; *p; p++)
		depth += *p == '/';
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		static const char *const tops[] = { "records", "sources", "index",
		                                    "corrections" };
		int known = depth > 0;

		for (size_t i = 0; !known && i < sizeof(tops) / sizeof(*tops); i++)
			known = !strcmp(name, tops[i]);
		if (!known || depth > 1 || (depth == 1 && !strcmp(root, "index/")))
			problem(c, path, "unexpected folder in the store");
		return 0;
	}
	c->st->objects++;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		problem(c, path, "not a file");
		return 0;
	}
	if (depth == 0 || !layout_ok(root, name))
		problem(c, path, "unexpected file in the store");
	/* Reading verifies the object against its id. */
	if (git_repository_odb(&odb, c->s->repo) < 0 ||
	    git_odb_read(&obj, odb, git_tree_entry_id(e)) < 0)
		problem(c, path, "object %.12s missing or damaged",
		        git_oid_tostr_s(git_tree_entry_id(e)));
	git_odb_object_free(obj);
	git_odb_free(odb);
	return 0;
}

int vt_store_check(struct vt_store *s, struct vt_store_check_stats *st,
                   vt_store_problem_cb cb, void *payload)
{
	struct check c = { s, st, cb, payload };
	git_revwalk *walk = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int err;

	memset(st, 0, sizeof(*st));
	if (!s || !cb)
		return vt_error_set(VT_EUSAGE, "no store or callback");
	if ((err = start_walk(&walk, s, NULL)) < 0 || !walk)
		return err;
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	while (git_revwalk_next(&id, walk) == 0) {
		git_commit *commit = NULL;
		git_tree *t = NULL;

		st->commits++;
		if (git_commit_lookup(&commit, s->repo, &id) < 0)
			problem(&c, git_oid_tostr_s(&id), "commit missing or damaged");
		else if (git_commit_tree(&t, commit) < 0)
			problem(&c, git_oid_tostr_s(&id), "tree of the commit missing or damaged");
		else if (!tree && st->commits == 1)
			tree = t, t = NULL;
		git_tree_free(t);
		git_commit_free(commit);
	}
	git_error_clear();
	if (tree && git_tree_walk(tree, GIT_TREEWALK_PRE, check_entry, &c) < 0)
		problem(&c, "HEAD", "cannot walk the tree");
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_tree_free(tree);
	git_revwalk_free(walk);
	return 0;
}
