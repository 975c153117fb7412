/*
 * History of records: field diffs, blame, identity across versions and
 * corrections.  Everything here works on records (cJSON) and on the
 * store's public API; no git object is touched directly, so the store
 * stays the only user of libgit2.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/record.h"
#include "vanthu/store.h"
#include "vanthu/text.h"

#define KEY_MAX 160
#define PATH_MAX_LEN 512
#define MAX_DEPTH 4
#define DRAFTS_PATH "index/drafts.json"

/* ---- keyed arrays -------------------------------------------------------- */

static const char *str_of(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(it) && it->valuestring && it->valuestring[0] ?
	       it->valuestring : NULL;
}

/* The member that keys elements of the array `name`; NULL: not keyed. */
static const char *key_member(const char *name)
{
	static const char *const table[][2] = {
		{ "references", "number" }, { "standards", "number" },
		{ "tasks", "label" }, { "distribution", "name" },
		{ "warnings", "code" }, { "attachments", "id" },
		{ "relations", "" }, { "recipients", "" },
	};
	size_t i;

	for (i = 0; name && i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i][0], name))
			return table[i][1];
	return NULL;
}

/* Characters that would make a key ambiguous in a path are replaced. */
static void put_key(char out[KEY_MAX], const char *a, const char *sep,
                    const char *b)
{
	size_t i;

	if (snprintf(out, KEY_MAX, "%s%s%s", a, sep ? sep : "", b ? b : "") >= KEY_MAX)
		out[vt_text_utf8_floor(out, KEY_MAX - 1)] = '\0';
	for (i = 0; out[i]; i++)
		if (out[i] == '[' || out[i] == ']' || (unsigned char)out[i] < 0x20)
			out[i] = '_';
}

/* The key of element `el` (index i) of the keyed array `name`. */
static void element_key(char out[KEY_MAX], const char *name, const cJSON *el,
                        int i)
{
	const char *m = key_member(name), *k = NULL;
	char idx[24];

	if (cJSON_IsString(el)) {
		k = el->valuestring;
	} else if (m && !*m && !strcmp(name, "relations")) {
		const char *f = str_of(el, "from"), *t = str_of(el, "to");

		if (f && t) {
			put_key(out, f, ">", t);
			return;
		}
	} else if (m && *m) {
		k = str_of(el, m);
	}
	if (!k) {
		snprintf(idx, sizeof(idx), "#%d", i);
		k = idx;
	}
	put_key(out, k, NULL, NULL);
}

/*
 * The keys of every element of a keyed array, made unique among their
 * equals by "#n" in array order, with an index sorted by key.  Computed
 * once per array: a record read from a store may hold thousands of
 * references, and pairing them key by key must not cost n^3.
 */
struct keyed_el {
	char key[KEY_MAX];
	const cJSON *item;
	int index;
};

struct keys {
	struct keyed_el *el;
	struct keyed_el **sorted;
	int n;
};

static int cmp_keyed_el(const void *pa, const void *pb)
{
	const struct keyed_el *a = *(struct keyed_el *const *)pa;
	const struct keyed_el *b = *(struct keyed_el *const *)pb;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->index > b->index) - (a->index < b->index);
}

static void keys_free(struct keys *k)
{
	free(k->el);
	free(k->sorted);
}

static int keys_of(struct keys *k, const char *name, const cJSON *arr)
{
	const cJSON *it;
	int i = 0, j, n = cJSON_GetArraySize(arr);

	k->n = n;
	k->el = calloc((size_t)n + 1, sizeof(*k->el));
	k->sorted = calloc((size_t)n + 1, sizeof(*k->sorted));
	if (!k->el || !k->sorted) {
		keys_free(k);
		return vt_error_oom();
	}
	cJSON_ArrayForEach(it, arr) {
		element_key(k->el[i].key, name, it, i);
		k->el[i].item = it;
		k->el[i].index = i;
		k->sorted[i] = &k->el[i];
		i++;
	}
	qsort(k->sorted, (size_t)n, sizeof(*k->sorted), cmp_keyed_el);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(k->sorted[j]->key, k->sorted[i]->key); j++) {
			size_t len = strlen(k->sorted[j]->key);

			snprintf(k->sorted[j]->key + len, KEY_MAX - len, "#%d", j - i + 1);
		}
	}
	/* The suffixes may have moved keys: sort again for the lookups. */
	qsort(k->sorted, (size_t)n, sizeof(*k->sorted), cmp_keyed_el);
	return 0;
}

/* The first element (in array order) whose key is `key`; NULL: none. */
static const struct keyed_el *keys_find(const struct keys *k, const char *key)
{
	int lo = 0, hi = k->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (strcmp(k->sorted[mid]->key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k->n && !strcmp(k->sorted[lo]->key, key) ? k->sorted[lo] : NULL;
}

static int find_keyed(const char *name, const cJSON *arr, const char *key)
{
	const struct keyed_el *e;
	struct keys k;
	int i;

	if (keys_of(&k, name, arr) < 0)
		return -1;
	e = keys_find(&k, key);
	i = e ? e->index : -1;
	keys_free(&k);
	return i;
}

static void join(char out[PATH_MAX_LEN], const char *prefix, const char *name,
                 const char *key)
{
	int n;

	/* A path too long to print is cut; it is only ever a label. */
	if (key)
		n = snprintf(out, PATH_MAX_LEN, "%s[%s]", prefix, key);
	else if (*prefix)
		n = snprintf(out, PATH_MAX_LEN, "%s.%s", prefix, name);
	else
		n = snprintf(out, PATH_MAX_LEN, "%s", name);
	if (n < 0 || n >= PATH_MAX_LEN)
		out[vt_text_utf8_floor(out, PATH_MAX_LEN - 1)] = '\0';
}

/* Spans say where a fact was read, not what it is. */
static int is_evidence(const char *name)
{
	return !strcmp(name, "span") || !strcmp(name, "spans");
}

/* ---- diff ---------------------------------------------------------------- */

static int add_change(cJSON *changes, const char *path, const char *op,
                      const cJSON *old, const cJSON *new)
{
	cJSON *c = cJSON_CreateObject();

	if (!c || !cJSON_AddStringToObject(c, "path", path) ||
	    !cJSON_AddStringToObject(c, "op", op) ||
	    !cJSON_AddItemToObject(c, "old", old ? cJSON_Duplicate(old, 1)
	                                         : cJSON_CreateNull()) ||
	    !cJSON_AddItemToObject(c, "new", new ? cJSON_Duplicate(new, 1)
	                                         : cJSON_CreateNull()) ||
	    !cJSON_AddItemToArray(changes, c)) {
		cJSON_Delete(c);
		return vt_error_oom();
	}
	return 0;
}

static int diff_value(cJSON *changes, const char *path, const char *name,
                      const cJSON *old, const cJSON *new, int depth);

static int diff_object(cJSON *changes, const char *prefix, const cJSON *old,
                       const cJSON *new, int depth)
{
	char path[PATH_MAX_LEN];
	const cJSON *it;
	int err;

	cJSON_ArrayForEach(it, new) {
		if (!it->string || is_evidence(it->string))
			continue;
		join(path, prefix, it->string, NULL);
		if ((err = diff_value(changes, path, it->string,
		                      cJSON_GetObjectItemCaseSensitive(old, it->string),
		                      it, depth)) < 0)
			return err;
	}
	cJSON_ArrayForEach(it, old) {
		if (!it->string || is_evidence(it->string) ||
		    cJSON_GetObjectItemCaseSensitive(new, it->string))
			continue;
		join(path, prefix, it->string, NULL);
		if ((err = add_change(changes, path, "removed", it, NULL)) < 0)
			return err;
	}
	return 0;
}

static int diff_keyed(cJSON *changes, const char *prefix, const char *name,
                      const cJSON *old, const cJSON *new, int depth)
{
	char path[PATH_MAX_LEN];
	struct keys ko, kn;
	int i, err = 0;

	if ((err = keys_of(&kn, name, new)) < 0)
		return err;
	if ((err = keys_of(&ko, name, old)) < 0) {
		keys_free(&kn);
		return err;
	}
	for (i = 0; i < kn.n && err >= 0; i++) {
		const cJSON *el = kn.el[i].item;
		const struct keyed_el *o = keys_find(&ko, kn.el[i].key);

		join(path, prefix, name, kn.el[i].key);
		if (!o)
			err = add_change(changes, path, "added", NULL, el);
		else if (cJSON_IsObject(el) && cJSON_IsObject(o->item))
			err = diff_object(changes, path, o->item, el, depth + 1);
		else if (!cJSON_Compare(o->item, el, 1))
			err = add_change(changes, path, "changed", o->item, el);
	}
	for (i = 0; i < ko.n && err >= 0; i++) {
		if (keys_find(&kn, ko.el[i].key))
			continue;
		join(path, prefix, name, ko.el[i].key);
		err = add_change(changes, path, "removed", ko.el[i].item, NULL);
	}
	keys_free(&kn);
	keys_free(&ko);
	return err;
}

static int diff_value(cJSON *changes, const char *path, const char *name,
                      const cJSON *old, const cJSON *new, int depth)
{
	if (!old)
		return add_change(changes, path, "added", NULL, new);
	if (cJSON_Compare(old, new, 1))
		return 0;
	if (depth < MAX_DEPTH && cJSON_IsArray(old) && cJSON_IsArray(new) &&
	    key_member(name))
		return diff_keyed(changes, path, name, old, new, depth);
	if (depth < MAX_DEPTH && cJSON_IsObject(old) && cJSON_IsObject(new))
		return diff_object(changes, path, old, new, depth + 1);
	return add_change(changes, path, "changed", old, new);
}

int vt_history_diff(cJSON **changes, const cJSON *from, const cJSON *to)
{
	static const cJSON empty = { .type = cJSON_Object };
	int err;

	if (!(*changes = cJSON_CreateArray()))
		return vt_error_oom();
	/* Keys of "to" first: it is canonical, so the order is the contract's. */
	err = diff_object(*changes, "", from ? from : &empty, to ? to : &empty, 0);
	if (err < 0) {
		cJSON_Delete(*changes);
		*changes = NULL;
	}
	return err;
}

/* ---- flattening and blame -------------------------------------------------- */

/* Every leaf of `v` under `prefix` into `flat` (path -> borrowed item). */
static int flatten(cJSON *flat, const char *prefix, const char *name,
                   const cJSON *v, int depth)
{
	char path[PATH_MAX_LEN];
	const cJSON *it;
	int i, err;

	if (depth < MAX_DEPTH && cJSON_IsObject(v) && v->child) {
		cJSON_ArrayForEach(it, v) {
			if (!it->string || is_evidence(it->string))
				continue;
			join(path, prefix, it->string, NULL);
			if ((err = flatten(flat, path, it->string, it, depth + 1)) < 0)
				return err;
		}
		return 0;
	}
	if (depth < MAX_DEPTH && cJSON_IsArray(v) && v->child && key_member(name)) {
		struct keys k;

		if ((err = keys_of(&k, name, v)) < 0)
			return err;
		for (i = 0; i < k.n && err >= 0; i++) {
			join(path, prefix, name, k.el[i].key);
			err = flatten(flat, path, NULL, k.el[i].item, depth + 1);
		}
		keys_free(&k);
		return err;
	}
	if (!*prefix)
		return 0;
	if (!cJSON_AddItemReferenceToObject(flat, prefix, (cJSON *)v))
		return vt_error_oom();
	return 0;
}

struct version {
	char commit[VT_OID_HEXSZ + 1];
	long long time;
	int offset;
	char *by;
};

struct versions {
	struct version *v;
	size_t n, cap;
	struct vt_store *s;
	const char *id;
};

static int is_correction(const char *message)
{
	return message && !strncmp(message, "correct:", 8);
}

static int collect_version(const struct vt_store_version *v, void *payload)
{
	struct versions *vs = payload;
	struct version *e;

	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 16;
		void *p = realloc(vs->v, cap * sizeof(*vs->v));

		if (!p)
			return vt_error_oom();
		vs->v = p;
		vs->cap = cap;
	}
	e = &vs->v[vs->n];
	memcpy(e->commit, v->commit, sizeof(e->commit));
	e->time = v->time;
	e->offset = v->offset;
	e->by = NULL;
	if (is_correction(v->message) &&
	    asprintf(&e->by, "%s <%s>", v->author, v->email) < 0)
		return vt_error_oom();
	vs->n++;
	return 0;
}

static void iso_time(char out[96], long long t, int offset)
{
	time_t local = (time_t)(t + (long long)offset * 60);
	struct tm tm;
	int off = (offset < 0 ? -offset : offset) % (24 * 60);

	gmtime_r(&local, &tm);
	snprintf(out, 96, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', off / 60, off % 60);
}

static char *plugin_of(const cJSON *rec)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source");
	const char *name = str_of(src, "plugin"), *ver = str_of(src, "plugin_version");
	char *out = NULL;

	if (asprintf(&out, "%s %s", name ? name : "?", ver ? ver : "?") < 0)
		return NULL;
	return out;
}

/* Who set the fields of version `v`: the person, or the plugin. */
static int blame_version(cJSON *owner, const struct version *v,
                         const cJSON *flat, const cJSON *prev)
{
	char when[96];
	const cJSON *it;
	char *by = NULL;
	int err = 0;

	iso_time(when, v->time, v->offset);
	cJSON_ArrayForEach(it, flat) {
		const cJSON *before = cJSON_GetObjectItemCaseSensitive(prev, it->string);
		cJSON *f;

		if (before && cJSON_Compare(before, it, 1))
			continue;
		if (!by && !(by = v->by ? strdup(v->by) : NULL))
			by = strdup("?");
		cJSON_DeleteItemFromObjectCaseSensitive(owner, it->string);
		if (!(f = cJSON_CreateObject()) ||
		    !cJSON_AddStringToObject(f, "path", it->string) ||
		    !cJSON_AddStringToObject(f, "commit", v->commit) ||
		    !cJSON_AddStringToObject(f, "time", when) ||
		    !cJSON_AddStringToObject(f, "by", by ? by : "?") ||
		    !cJSON_AddItemToObject(owner, it->string, f)) {
			cJSON_Delete(f);
			err = vt_error_oom();
			break;
		}
	}
	free(by);
	return err;
}

int vt_history_blame(cJSON **out, struct vt_store *s, const char *id,
                     const char *rev)
{
	struct versions vs = { .s = s, .id = id };
	cJSON *owner = cJSON_CreateObject(), *prev = NULL, *prev_rec = NULL;
	cJSON *fields = NULL, *last_flat = NULL;
	size_t i;
	int err;

	*out = NULL;
	if (!owner)
		return vt_error_oom();
	if ((err = vt_store_log(s, id, rev, collect_version, &vs)) < 0)
		goto done;
	if (vs.n == 0) {
		err = vt_error_set(VT_ENOTFOUND, "no record '%s'", id);
		goto done;
	}
	for (i = vs.n; i-- > 0;) {
		struct version *v = &vs.v[i];
		cJSON *rec = NULL, *flat = cJSON_CreateObject();

		if (!flat) {
			err = vt_error_oom();
			goto done;
		}
		if (vt_store_get(&rec, s, id, v->commit) < 0) {
			/* removed at this version: what comes back is new again */
			vt_error_clear();
			cJSON_Delete(flat);
			cJSON_Delete(prev);
			cJSON_Delete(prev_rec);
			prev = prev_rec = NULL;
			continue;
		}
		if (!v->by && !(v->by = plugin_of(rec)))
			err = vt_error_oom();
		if (err == 0)
			err = flatten(flat, "", NULL, rec, 0);
		if (err == 0)
			err = blame_version(owner, v, flat, prev);
		cJSON_Delete(prev);
		cJSON_Delete(prev_rec);
		prev = flat;
		prev_rec = rec;
		if (err < 0)
			goto done;
	}
	last_flat = prev;
	if (!(*out = cJSON_CreateObject()) ||
	    !cJSON_AddStringToObject(*out, "id", id) ||
	    !(fields = cJSON_AddArrayToObject(*out, "fields"))) {
		err = vt_error_oom();
		goto done;
	}
	if (last_flat) {
		const cJSON *it;

		/* In the order of the record as it is now. */
		cJSON_ArrayForEach(it, last_flat) {
			cJSON *f = cJSON_GetObjectItemCaseSensitive(owner, it->string);

			if (f && !cJSON_AddItemToArray(fields, cJSON_Duplicate(f, 1))) {
				err = vt_error_oom();
				goto done;
			}
		}
	}
done:
	if (err < 0) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	for (i = 0; i < vs.n; i++)
		free(vs.v[i].by);
	free(vs.v);
	cJSON_Delete(prev);
	cJSON_Delete(prev_rec);
	cJSON_Delete(owner);
	return err;
}

/* ---- paths ------------------------------------------------------------------ */

struct seg {
	char name[KEY_MAX];
	char key[KEY_MAX];
	int has_key;
};

/* Next segment of `*p` ("name", "name[key]"); 0 at the end, -1 malformed. */
static int next_seg(struct seg *sg, const char **p)
{
	const char *s = *p, *e;
	size_t n;

	if (!*s)
		return 0;
	for (e = s; *e && *e != '.' && *e != '['; e++)
		;
	n = (size_t)(e - s);
	if (n == 0 || n >= KEY_MAX)
		return -1;
	memcpy(sg->name, s, n);
	sg->name[n] = '\0';
	sg->has_key = 0;
	if (*e == '[') {
		const char *k = e + 1, *close = strchr(k, ']');

		if (!close || (size_t)(close - k) >= KEY_MAX || close == k)
			return -1;
		memcpy(sg->key, k, (size_t)(close - k));
		sg->key[close - k] = '\0';
		sg->has_key = 1;
		e = close + 1;
	}
	if (*e == '.')
		e++;
	else if (*e)
		return -1;
	*p = e;
	return 1;
}

/* The item the segment names in `cur`; *parent and *index say where. */
static cJSON *seg_item(cJSON *cur, const struct seg *sg, cJSON **parent,
                       int *index)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(cur, sg->name);

	*parent = cur;
	*index = -1;
	if (!it || !sg->has_key)
		return it;
	if (!cJSON_IsArray(it) || !key_member(sg->name))
		return NULL;
	*parent = it;
	*index = find_keyed(sg->name, it, sg->key);
	return *index < 0 ? NULL : cJSON_GetArrayItem(it, *index);
}

cJSON *vt_history_get_path(const cJSON *rec, const char *path)
{
	struct seg sg;
	cJSON *cur = (cJSON *)rec, *parent;
	const char *p = path;
	int rc, index;

	if (!rec || !path)
		return NULL;
	while (cur && (rc = next_seg(&sg, &p)) == 1)
		cur = seg_item(cur, &sg, &parent, &index);
	return cur && rc == 0 ? cur : NULL;
}

int vt_history_set_path(cJSON *rec, const char *path, cJSON *value)
{
	struct seg sg, last;
	cJSON *cur = rec, *parent = NULL, *it = NULL;
	const char *p = path;
	int rc, index = -1, depth = 0;

	if (!rec || !path || !value) {
		cJSON_Delete(value);
		return vt_error_set(VT_EUSAGE, "no record, path or value");
	}
	while ((rc = next_seg(&sg, &p)) == 1) {
		if (!cur || ++depth > MAX_DEPTH + 2)
			break;
		last = sg;
		it = seg_item(cur, &sg, &parent, &index);
		if (!*p)
			break;
		cur = it;
	}
	if (rc < 0 || depth == 0 || (*p && !cur)) {
		cJSON_Delete(value);
		return vt_error_set(rc < 0 ? VT_EUSAGE : VT_ENOTFOUND,
		                    rc < 0 ? "malformed field '%.200s'"
		                           : "no field '%.200s'", path);
	}
	if (!cur || !cJSON_IsObject(cur) || (last.has_key && !it)) {
		cJSON_Delete(value);
		return vt_error_set(VT_ENOTFOUND, "no field '%.200s'", path);
	}
	if (last.has_key) {
		cJSON_ReplaceItemInArray(parent, index, value);
		return 0;
	}
	if (it) {
		cJSON_ReplaceItemInObjectCaseSensitive(parent, last.name, value);
		return 0;
	}
	/* A record carries every field of the contract: a new top-level name
	 * is a typing slip, not a correction. */
	if (depth == 1) {
		cJSON_Delete(value);
		return vt_error_set(VT_ENOTFOUND, "no field '%.200s'", path);
	}
	if (!cJSON_AddItemToObject(parent, last.name, value)) {
		cJSON_Delete(value);
		return vt_error_oom();
	}
	return 0;
}

/* ---- identity ----------------------------------------------------------------- */

/*
 * sha256 -> id of the record it gave: entries in arrival order, and an
 * open-addressing table of their indices.  With the git id of the
 * record's file as it was stored and its number ("" for a draft), a
 * re-ingest tells the record unchanged from the tree alone: reading and
 * parsing every held record was most of re-ingesting an unchanged corpus.
 * An entry from an older file has no oid: it is checked by reading.
 * Hashes are kept as bytes: at a million sources the table is ~75 MB
 * in hex, ~30 MB so.
 */
struct seen_entry {
	unsigned char sha[32];
	unsigned char oid[VT_OID_HEXSZ / 2];
	int has_oid;            /* oid and number are known */
	char *id;
	char *number;
};

struct seen {
	struct seen_entry *v;
	size_t n, vcap;
	uint32_t *slot;         /* entry index + 1; 0: empty */
	size_t cap;             /* a power of two, over twice n */
	size_t added;           /* entries since the file was read */
};

struct vt_ident {
	struct vt_txn *tx;
	struct seen seen;
	cJSON *aliases;   /* {"scope|year|NUMBER": id} */
	cJSON *drafts;    /* {id: {"scope","year","month","type","symbol","subject","refs"}} */
	int dirty;
};

static cJSON *load_json_meta(struct vt_txn *tx, const char *path)
{
	char *buf = NULL;
	size_t n = 0;
	cJSON *j = NULL;

	if (vt_txn_get_meta(&buf, &n, tx, path) == 0)
		j = cJSON_ParseWithLength(buf, n);
	free(buf);
	vt_error_clear();
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = cJSON_CreateObject();
	}
	return j;
}

/* ---- sources already ingested (derived, untracked) ---------------------- */

static int hex_val(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Lower-case hex of 2 * n digits into n bytes: 0, or -1 when not hex. */
static int unhex(unsigned char *out, const char *hex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hex_val(hex[2 * i]), lo = hi < 0 ? -1 : hex_val(hex[2 * i + 1]);

		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static size_t sha_slot(size_t cap, const unsigned char *sha)
{
	size_t h = 0;

	for (int i = 0; i < 8; i++)
		h = h << 8 | sha[i];
	return h & (cap - 1);
}

/* The entry for a sha256 in hex, or -1. */
static long seen_find(const struct seen *t, const char *sha_hex)
{
	unsigned char sha[32];
	size_t h;

	if (!t->cap || unhex(sha, sha_hex, 32) < 0)
		return -1;
	for (h = sha_slot(t->cap, sha); t->slot[h]; h = (h + 1) & (t->cap - 1))
		if (!memcmp(t->v[t->slot[h] - 1].sha, sha, 32))
			return (long)t->slot[h] - 1;
	return -1;
}

/* Set an entry's oid and number; a NULL or unusable one: not known. */
static int seen_set(struct seen_entry *e, const char *oid, const char *number)
{
	char *nb = NULL;

	/* a number that would break its line is not kept: reading checks */
	if (number && (strpbrk(number, "\r\n") || strlen(number) > 200))
		number = NULL;
	e->has_oid = 0;
	if (oid && number && strlen(oid) == VT_OID_HEXSZ &&
	    unhex(e->oid, oid, sizeof(e->oid)) == 0) {
		if (!(nb = strdup(number)))
			return vt_error_oom();
		e->has_oid = 1;
	}
	free(e->number);
	e->number = nb;
	return 0;
}

static int seen_grow(struct seen *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, h;
	uint32_t *slot;

	if (t->n >= UINT32_MAX - 1)
		return vt_error_oom();
	if (!(slot = calloc(cap, sizeof(*slot))))
		return vt_error_oom();
	for (size_t i = 0; i < t->n; i++) {
		for (h = sha_slot(cap, t->v[i].sha); slot[h];
		     h = (h + 1) & (cap - 1))
			;
		slot[h] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	return 0;
}

/* sha gave the record id, stored as oid with number (NULL: not known). */
static int seen_put(struct seen *t, const char *sha_hex, const char *id, const char *oid,
                    const char *number)
{
	struct seen_entry *e;
	long at;
	size_t h;
	int err;

	if ((at = seen_find(t, sha_hex)) >= 0) {
		char hex[VT_OID_HEXSZ + 1] = "";

		e = &t->v[at];
		if (e->has_oid)
			vt_hex(hex, e->oid, sizeof(e->oid));
		if (!strcmp(e->id, id) && !!e->has_oid == !!(oid && number) &&
		    (!e->has_oid || (!strcmp(hex, oid) && !strcmp(e->number, number))))
			return 0;
		if (strcmp(e->id, id)) {
			char *copy = strdup(id);

			if (!copy)
				return vt_error_oom();
			free(e->id);
			e->id = copy;
		}
		t->added++;
		return seen_set(e, oid, number);
	}
	if ((t->n + 1) * 2 > t->cap && (err = seen_grow(t)) < 0)
		return err;
	if (t->n == t->vcap) {
		size_t vcap = t->vcap ? t->vcap * 2 : 512;
		struct seen_entry *v = realloc(t->v, vcap * sizeof(*v));

		if (!v)
			return vt_error_oom();
		t->v = v;
		t->vcap = vcap;
	}
	e = &t->v[t->n];
	memset(e, 0, sizeof(*e));
	if (unhex(e->sha, sha_hex, 32) < 0)
		return vt_error_set(VT_EINVALID, "not a sha256 '%.64s'", sha_hex);
	if (!(e->id = strdup(id)))
		return vt_error_oom();
	if ((err = seen_set(e, oid, number)) < 0) {
		free(e->id);
		return err;
	}
	for (h = sha_slot(t->cap, e->sha); t->slot[h]; h = (h + 1) & (t->cap - 1))
		;
	t->slot[h] = (uint32_t)++t->n;
	t->added++;
	return 0;
}

static void seen_free(struct seen *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].id);
		free(t->v[i].number);
	}
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

static int seen_file(char *out, size_t sz, struct vt_txn *tx)
{
	const char *dir = vt_store_datadir(vt_txn_store(tx));

	if (!dir)
		return -1;
	snprintf(out, sz, "%s/sources.idx", dir);
	return 0;
}

static void seen_load(struct vt_ident *ix)
{
	char path[4096], line[512];
	FILE *f;

	if (seen_file(path, sizeof(path), ix->tx) < 0 || !(f = fopen(path, "re"))) {
		vt_error_clear();
		return;
	}
	/* "sha id" (older files), or "sha id oid number" */
	while (fgets(line, sizeof(line), f)) {
		char *nl = strchr(line, '\n'), *id = line + 65, *oid, *number = NULL;

		if (!nl || nl - line < 66 || line[64] != ' ')
			continue;   /* a torn last line of a killed run */
		*nl = '\0';
		line[64] = '\0';
		if ((oid = strchr(id, ' '))) {
			*oid++ = '\0';
			if (strlen(oid) > VT_OID_HEXSZ && oid[VT_OID_HEXSZ] == ' ') {
				oid[VT_OID_HEXSZ] = '\0';
				number = oid + VT_OID_HEXSZ + 1;
			}
		}
		if (seen_put(&ix->seen, line, id, oid, number) < 0)
			break;
	}
	fclose(f);
	ix->seen.added = 0;
}

/* Rewritten whole through a rename: a crash leaves the old or the new one. */
static void seen_save(struct vt_ident *ix)
{
	char path[4096], tmp[4200];
	FILE *f;
	size_t i;
	int ok = 1;

	if (!ix->seen.added || seen_file(path, sizeof(path), ix->tx) < 0) {
		vt_error_clear();
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if (!(f = fopen(tmp, "we")))
		return;
	for (i = 0; i < ix->seen.n; i++) {
		const struct seen_entry *e = &ix->seen.v[i];
		char sha[65], oid[VT_OID_HEXSZ + 1];

		vt_hex(sha, e->sha, sizeof(e->sha));
		if (e->has_oid)
			vt_hex(oid, e->oid, sizeof(e->oid));
		if ((e->has_oid ? fprintf(f, "%s %s %s %s\n", sha, e->id, oid, e->number)
		                : fprintf(f, "%s %s\n", sha, e->id)) < 0)
			ok = 0;
	}
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) < 0)
		unlink(tmp);
	ix->seen.added = 0;
}

int vt_ident_known(const struct vt_ident *ix, const char *sha256)
{
	return ix && sha256 && strlen(sha256) == 64 && seen_find(&ix->seen, sha256) >= 0;
}

int vt_ident_seen(struct vt_ident *ix, const char *sha256, const char **id,
                  const char **number)
{
	char oid[VT_OID_HEXSZ + 1], held[VT_OID_HEXSZ + 1];
	const struct seen_entry *e;
	const char *got;
	cJSON *rec = NULL;
	long at;
	int same;

	*id = *number = NULL;
	if (!ix || !sha256 || strlen(sha256) != 64 || (at = seen_find(&ix->seen, sha256)) < 0)
		return 0;
	e = &ix->seen.v[at];
	if (vt_txn_record_oid(oid, ix->tx, e->id) < 0) {
		vt_error_clear();
		return 0;
	}
	/* Stored from this text and not changed since. */
	if (e->has_oid) {
		vt_hex(held, e->oid, sizeof(e->oid));
		if (!strcmp(oid, held))
			goto seen;
	}
	if (vt_txn_get(&rec, ix->tx, e->id) < 0) {
		vt_error_clear();
		return 0;
	}
	got = str_of(cJSON_GetObjectItemCaseSensitive(rec, "source"), "sha256");
	same = got && !strcmp(got, sha256);
	/* Learnt now, for the next run: the entry was from an older file. */
	if (same && seen_put(&ix->seen, sha256, e->id, oid,
	                     str_of(rec, "number") ? str_of(rec, "number") : "") < 0)
		same = 0;
	cJSON_Delete(rec);
	if (!same)
		return 0;
seen:
	*id = e->id;
	*number = e->has_oid && *e->number ? e->number : NULL;
	return 1;
}

int vt_ident_load(struct vt_ident **out, struct vt_txn *tx)
{
	struct vt_ident *ix = calloc(1, sizeof(*ix));

	*out = NULL;
	if (!ix)
		return vt_error_oom();
	ix->tx = tx;
	ix->aliases = load_json_meta(tx, VT_ALIASES_PATH);
	ix->drafts = load_json_meta(tx, DRAFTS_PATH);
	seen_load(ix);
	if (!ix->aliases || !ix->drafts) {
		vt_ident_free(ix);
		return vt_error_oom();
	}
	*out = ix;
	return 0;
}

void vt_ident_free(struct vt_ident *ix)
{
	if (!ix)
		return;
	cJSON_Delete(ix->aliases);
	cJSON_Delete(ix->drafts);
	seen_free(&ix->seen);
	free(ix);
}

/* A comparison form of free text: slug (no accents, lower case). */
static char *fold(const char *s)
{
	return s ? vt_text_slug(s, strlen(s)) : NULL;
}

static char *scope_of(const cJSON *rec)
{
	const char *prov = str_of(rec, "province");
	char *s = prov ? fold(prov) : NULL;

	if (s && *s)
		return s;
	free(s);
	return strdup("central");
}

static int set_str(cJSON *obj, const char *key, const char *v)
{
	cJSON *it = v ? cJSON_CreateString(v) : cJSON_CreateNull();

	if (!it)
		return -1;
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddItemToObject(obj, key, it);
	return 0;
}

/* What a draft is matched on later, in comparison form. */
static cJSON *draft_summary(const cJSON *rec)
{
	const char *date = str_of(rec, "date");
	cJSON *d = cJSON_CreateObject(), *refs;
	const cJSON *r;
	char year[5] = "", month[8] = "";
	char *scope = scope_of(rec), *subject = fold(str_of(rec, "subject"));
	char *symbol = fold(str_of(rec, "symbol"));

	if (date && strlen(date) >= 4)
		snprintf(year, sizeof(year), "%.4s", date);
	if (date && strlen(date) >= 7)
		snprintf(month, sizeof(month), "%.7s", date);
	if (!d || set_str(d, "scope", scope) < 0 ||
	    set_str(d, "year", *year ? year : NULL) < 0 ||
	    set_str(d, "month", *month ? month : NULL) < 0 ||
	    set_str(d, "date", date) < 0 ||
	    set_str(d, "type", str_of(rec, "type")) < 0 ||
	    set_str(d, "symbol", symbol) < 0 ||
	    set_str(d, "subject", subject) < 0 ||
	    !(refs = cJSON_AddArrayToObject(d, "refs"))) {
		cJSON_Delete(d);
		d = NULL;
	} else {
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(rec, "references")) {
			const char *num = str_of(r, "number");

			if (num)
				cJSON_AddItemToArray(refs, cJSON_CreateString(num));
		}
	}
	free(scope);
	free(subject);
	free(symbol);
	return d;
}

static int count_common(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;
	int n = 0;

	cJSON_ArrayForEach(x, a)
		cJSON_ArrayForEach(y, b)
			if (cJSON_IsString(x) && cJSON_IsString(y) &&
			    !strcmp(x->valuestring, y->valuestring)) {
				n++;
				break;
			}
	return n;
}

static int same_str(const cJSON *a, const cJSON *b, const char *key)
{
	const char *x = str_of(a, key), *y = str_of(b, key);

	return x && y && !strcmp(x, y);
}

/*
 * How well the record summarised as `r` matches the held draft `d`:
 * 0 no match; else a score (2: same subject, 1: references shared).
 * Same scope, type and symbol are required, and the dates must agree to
 * the month (a draft's day is blank; a day given must be the same).
 */
static int draft_match(const cJSON *r, const cJSON *d)
{
	const cJSON *ra = cJSON_GetObjectItemCaseSensitive(r, "refs");
	const cJSON *da = cJSON_GetObjectItemCaseSensitive(d, "refs");
	const char *rd = str_of(r, "date"), *dd = str_of(d, "date");
	int common, nr, nd;

	if (!same_str(r, d, "scope") || !same_str(r, d, "type") ||
	    !same_str(r, d, "symbol"))
		return 0;
	if (str_of(r, "month") && str_of(d, "month")) {
		if (!same_str(r, d, "month"))
			return 0;
	} else if (!same_str(r, d, "year")) {
		return 0;
	}
	if (rd && dd && strlen(rd) == 10 && strlen(dd) == 10 && strcmp(rd, dd))
		return 0;
	if (same_str(r, d, "subject"))
		return 2;
	common = count_common(ra, da);
	nr = cJSON_GetArraySize(ra);
	nd = cJSON_GetArraySize(da);
	if (common > 0 && common * 2 >= (nr < nd ? nr : nd))
		return 1;
	return 0;
}

/* The held draft this record is a version of; NULL when none or several. */
static const char *find_draft(struct vt_ident *ix, const cJSON *rec, const char *self)
{
	cJSON *sum = draft_summary(rec);
	const cJSON *d;
	const char *best = NULL;
	int best_score = 0, tie = 0;

	if (!sum)
		return NULL;
	cJSON_ArrayForEach(d, ix->drafts) {
		int score;

		if (self && !strcmp(d->string, self))
			continue;
		score = draft_match(sum, d);
		if (score > best_score) {
			best = d->string;
			best_score = score;
			tie = 0;
		} else if (score && score == best_score) {
			tie = 1;
		}
	}
	cJSON_Delete(sum);
	return tie ? NULL : best;
}

static int set_id(cJSON *rec, const char *id)
{
	return set_str(rec, "id", id) < 0 ? vt_error_oom() : 0;
}

int vt_ident_assign(struct vt_ident *ix, cJSON *rec, const char **how)
{
	const char *minted = str_of(rec, "id"), *alias, *draft;
	char *key;
	int err = 0;

	if (how)
		*how = "new";
	if (!ix || !minted)
		return vt_error_set(VT_EUSAGE, "no identity index or record id");
	key = vt_record_identity(rec);
	if (key && (alias = cJSON_GetStringValue(
	                cJSON_GetObjectItemCaseSensitive(ix->aliases, key)))) {
		if (how)
			*how = strcmp(alias, minted) ? "alias" : "same";
		err = set_id(rec, alias);
		free(key);
		return err;
	}
	free(key);
	if (vt_txn_has(ix->tx, minted)) {
		if (how)
			*how = "same";
		return 0;
	}
	if ((draft = find_draft(ix, rec, minted))) {
		char *id = strdup(draft);

		if (!id)
			return vt_error_oom();
		if (how)
			*how = "draft";
		err = set_id(rec, id);
		free(id);
	}
	return err;
}

static int put_alias(struct vt_ident *ix, const char *key, const char *id)
{
	const char *old = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(ix->aliases, key));

	if (old && !strcmp(old, id))
		return 0;
	if (set_str(ix->aliases, key, id) < 0)
		return vt_error_oom();
	ix->dirty = 1;
	return 0;
}

int vt_ident_note(struct vt_ident *ix, const cJSON *rec)
{
	const char *id = str_of(rec, "id");
	char *key, *minted;
	cJSON *sum;
	int err = 0;

	if (!ix || !id)
		return vt_error_set(VT_EUSAGE, "no identity index or record id");
	sum = NULL;
	{
		const char *sha = str_of(cJSON_GetObjectItemCaseSensitive(rec, "source"), "sha256");

		const char *number = str_of(rec, "number");
		char oid[VT_OID_HEXSZ + 1];

		/* No oid (not stored in this run): the next run checks by reading. */
		if (vt_txn_record_oid(oid, ix->tx, id) < 0)
			vt_error_clear();
		if (sha && strlen(sha) == 64 &&
		    (err = seen_put(&ix->seen, sha, id, *oid ? oid : NULL,
		                    number ? number : "")) < 0)
			return err;
	}
	if (!str_of(rec, "number")) {
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(ix->drafts, id);

		if (!(sum = draft_summary(rec)))
			return vt_error_oom();
		if (old && cJSON_Compare(old, sum, 1)) {
			cJSON_Delete(sum);
			return 0;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(ix->drafts, id);
		cJSON_AddItemToObject(ix->drafts, id, sum);
		ix->dirty = 1;
		return 0;
	}
	/* Issued now: no longer waiting for a number. */
	if (cJSON_GetObjectItemCaseSensitive(ix->drafts, id)) {
		cJSON_DeleteItemFromObjectCaseSensitive(ix->drafts, id);
		ix->dirty = 1;
	}
	key = vt_record_identity(rec);
	minted = vt_record_mint_id(rec);
	if (!key || !minted)
		err = vt_error_oom();
	else if (strcmp(minted, id))
		err = put_alias(ix, key, id);
	free(key);
	free(minted);
	return err;
}

int vt_ident_forget(struct vt_ident *ix, const char *id)
{
	cJSON *it, *next;

	if (!ix || !id)
		return vt_error_set(VT_EUSAGE, "no identity index or id");
	if (cJSON_GetObjectItemCaseSensitive(ix->drafts, id)) {
		cJSON_DeleteItemFromObjectCaseSensitive(ix->drafts, id);
		ix->dirty = 1;
	}
	for (it = ix->aliases->child; it; it = next) {
		next = it->next;
		if (cJSON_IsString(it) && !strcmp(it->valuestring, id)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(ix->aliases, it));
			ix->dirty = 1;
		}
	}
	return 0;
}

int vt_ident_alias(struct vt_ident *ix, const char *scope, const char *year,
                   const char *number, const char *id)
{
	cJSON *fake = cJSON_CreateObject();
	char date[16];
	char *key;
	int err;

	if (!ix || !number || !id) {
		cJSON_Delete(fake);
		return vt_error_set(VT_EUSAGE, "no index, number or id for an alias");
	}
	snprintf(date, sizeof(date), "%.4s", year ? year : "0000");
	/* The key is vt_record_identity()'s, so an ingest finds it. */
	if (!fake || set_str(fake, "number", number) < 0 ||
	    set_str(fake, "date", date) < 0 || set_str(fake, "province", NULL) < 0) {
		cJSON_Delete(fake);
		return vt_error_oom();
	}
	key = vt_record_identity(fake);
	cJSON_Delete(fake);
	if (!key)
		return vt_error_oom();
	/* vt_record_identity() took "central": put the real scope in front. */
	{
		const char *rest = strchr(key, '|');
		char *full = NULL;

		if (rest && asprintf(&full, "%s%s", scope ? scope : "central", rest) < 0)
			full = NULL;
		free(key);
		if (!full)
			return vt_error_oom();
		err = put_alias(ix, full, id);
		free(full);
	}
	return err;
}

/* An object with its members sorted by name: the file stays canonical. */
static char *print_sorted(cJSON *obj)
{
	cJSON **v;
	cJSON *it;
	int n = cJSON_GetArraySize(obj), i, j;
	char *out;

	if (n > 1 && (v = malloc((size_t)n * sizeof(*v)))) {
		for (i = 0, it = obj->child; it; it = it->next)
			v[i++] = it;
		for (i = 1; i < n; i++)   /* insertion sort: the files are small */
			for (j = i; j > 0 && strcmp(v[j - 1]->string, v[j]->string) > 0; j--) {
				cJSON *t = v[j];

				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		for (i = 0; i < n; i++) {
			v[i]->prev = i ? v[i - 1] : v[n - 1];
			v[i]->next = i + 1 < n ? v[i + 1] : NULL;
		}
		obj->child = v[0];
		free(v);
	}
	out = cJSON_Print(obj);
	if (out) {
		size_t len = strlen(out);
		char *nl = realloc(out, len + 2);

		if (!nl) {
			free(out);
			return NULL;
		}
		nl[len] = '\n';
		nl[len + 1] = '\0';
		out = nl;
	}
	return out;
}

static int save_one(struct vt_txn *tx, const char *path, cJSON *obj)
{
	char *text;
	int err;

	if (!(text = print_sorted(obj)))
		return vt_error_oom();
	err = vt_store_put_meta(tx, path, text, strlen(text));
	free(text);
	return err;
}

int vt_ident_save(struct vt_ident *ix, struct vt_txn *tx)
{
	int err;

	if (!ix)
		return 0;
	seen_save(ix);
	if (!ix->dirty)
		return 0;
	if ((err = save_one(tx, VT_ALIASES_PATH, ix->aliases)) < 0 ||
	    (err = save_one(tx, DRAFTS_PATH, ix->drafts)) < 0)
		return err;
	ix->dirty = 0;
	return 0;
}

/* A number as identity keys end with it: upper case, no spaces, no leading 0. */
static char *number_fold(const char *s)
{
	utf8proc_uint8_t *up = NULL;
	char *out, *o;
	const char *p;

	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &up,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                 UTF8PROC_CASEFOLD) < 0)
		return NULL;
	out = malloc(strlen((char *)up) * 2 + 1);
	if (!out) {
		free(up);
		return NULL;
	}
	for (p = (const char *)up; *p == '0' && p[1] >= '0' && p[1] <= '9'; p++)
		;
	for (o = out; *p; p++)
		if (*p != ' ')
			*o++ = *p;
	*o = '\0';
	free(up);
	return out;
}

int vt_ident_lookup(char **id, struct vt_store *s, const char *rev, const char *doc)
{
	char *buf = NULL, *want, *found = NULL;
	cJSON *aliases, *it;
	size_t n = 0;
	int err = 0;

	*id = NULL;
	if (!s || !doc)
		return vt_error_set(VT_EUSAGE, "no store or document");
	if (vt_store_get_meta(&buf, &n, s, VT_ALIASES_PATH, rev) < 0) {
		vt_error_clear();
		return 0;
	}
	aliases = cJSON_ParseWithLength(buf, n);
	free(buf);
	if (!(want = number_fold(doc))) {
		cJSON_Delete(aliases);
		return vt_error_oom();
	}
	cJSON_ArrayForEach(it, aliases) {
		const char *num = it->string ? strrchr(it->string, '|') : NULL;
		char *have;

		if (!num || !cJSON_IsString(it))
			continue;
		if (!(have = number_fold(num + 1)))
			continue;
		if (!strcmp(have, want)) {
			if (found && strcmp(found, it->valuestring))
				err = vt_error_set(VT_EAMBIGUOUS,
				                   "'%s' names several documents", doc);
			found = it->valuestring;
		}
		free(have);
	}
	if (err == 0 && found && !(*id = strdup(found)))
		err = vt_error_oom();
	cJSON_Delete(aliases);
	free(want);
	return err < 0 ? err : *id ? 1 : 0;
}

/* One index file of identities: its ids must name held records. */
static void check_index(struct vt_store *s, const char *path, int by_value,
                        int (*held)(const char *id, void *p), void *p,
                        vt_store_problem_cb cb, void *cbp, size_t *problems)
{
	char *buf = NULL, what[400];
	size_t n = 0;
	cJSON *root, *it;

	if (vt_store_get_meta(&buf, &n, s, path, NULL) < 0) {
		vt_error_clear();
		return;
	}
	root = cJSON_ParseWithLength(buf, n);
	free(buf);
	if (!cJSON_IsObject(root)) {
		cb(path, "not a JSON object", cbp);
		(*problems)++;
		cJSON_Delete(root);
		return;
	}
	cJSON_ArrayForEach(it, root) {
		const char *id = by_value ? cJSON_GetStringValue(it) : it->string;

		if (id && held(id, p))
			continue;
		snprintf(what, sizeof(what), "'%.150s' names %s%.150s%s, which is not held",
		         it->string ? it->string : "?", id ? "'" : "no id", id ? id : "",
		         id ? "'" : "");
		cb(path, what, cbp);
		(*problems)++;
	}
	cJSON_Delete(root);
}

size_t vt_ident_check(struct vt_store *s, int (*held)(const char *id, void *p), void *p,
                      vt_store_problem_cb cb, void *cbp)
{
	size_t problems = 0;

	check_index(s, VT_ALIASES_PATH, 1, held, p, cb, cbp, &problems);
	check_index(s, DRAFTS_PATH, 0, held, p, cb, cbp, &problems);
	return problems;
}

/* ---- identify ------------------------------------------------------------------ */

struct held {
	cJSON *drafts;     /* [{"id", "sum", "province"}] */
	cJSON *numbers;    /* {folded number: 1} held with a number */
	cJSON *cites;      /* [{"by", "province", "ref", "targets"}] */
};

static int collect_held(const struct vt_store_entry *e, void *payload)
{
	const cJSON *rec = e->rec;
	struct held *h = payload;
	const char *id = str_of(rec, "id"), *number = str_of(rec, "number");
	const cJSON *r;

	if (!rec || !id)
		return 0;
	if (number) {
		char *k = number_fold(number);

		if (k && !cJSON_GetObjectItemCaseSensitive(h->numbers, k))
			cJSON_AddTrueToObject(h->numbers, k);
		free(k);
	} else {
		cJSON *d = cJSON_CreateObject();

		if (!d)
			return vt_error_oom();
		cJSON_AddStringToObject(d, "id", id);
		cJSON_AddItemToObject(d, "sum", draft_summary(rec));
		cJSON_AddItemToObject(d, "issuer", cJSON_CreateString(
			str_of(rec, "issuer") ? str_of(rec, "issuer") : ""));
		cJSON_AddItemToArray(h->drafts, d);
	}
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(rec, "references")) {
		const char *num = str_of(r, "number");
		cJSON *c, *targets;
		const cJSON *rel;

		if (!num || !strchr(num, '/'))
			continue;
		if (!(c = cJSON_CreateObject()))
			return vt_error_oom();
		cJSON_AddStringToObject(c, "by", id);
		cJSON_AddItemToObject(c, "province", cJSON_CreateString(
			str_of(rec, "province") ? str_of(rec, "province") : ""));
		cJSON_AddItemToObject(c, "ref", cJSON_Duplicate(r, 1));
		targets = cJSON_AddArrayToObject(c, "targets");
		/* What the citing text says the cited document implements. */
		cJSON_ArrayForEach(rel, cJSON_GetObjectItemCaseSensitive(rec, "relations"))
			if (same_str(rel, r, "number") || (str_of(rel, "from") &&
			    !strcmp(str_of(rel, "from"), num)))
				if (str_of(rel, "to"))
					cJSON_AddItemToArray(targets,
						cJSON_CreateString(str_of(rel, "to")));
		cJSON_AddItemToArray(h->cites, c);
	}
	return 0;
}

/* "39/KH-UBND" -> "kh-ubnd"; "111-KH/TU" -> "kh-tu". */
static char *symbol_of_number(const char *num)
{
	const char *p = num;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == num || (*p != '/' && *p != '-'))
		return NULL;
	return fold(p + 1);
}

static int local_issuer(const char *issuer)
{
	char *f = fold(issuer);
	int local = f && (strstr(f, "ubnd-tinh") || strstr(f, "uy-ban-nhan-dan-tinh"));

	free(f);
	return local;
}

/* Score one citation against one held draft; 0 when it cannot be it. */
static double score(const cJSON *cite, const cJSON *draft, cJSON *evidence)
{
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(cite, "ref");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(draft, "sum");
	const char *num = str_of(ref, "number"), *rdate = str_of(ref, "date");
	const char *dmonth = str_of(sum, "month"), *ddate = str_of(sum, "date");
	const char *rtype = str_of(ref, "type"), *t;
	char *sym = symbol_of_number(num), *rprov, *issuer, *dissuer;
	char buf[512];
	double s = 0;
	const cJSON *x;
	int elsewhere = 0;

	if (!sym || !str_of(sum, "symbol") || strcmp(sym, str_of(sum, "symbol"))) {
		free(sym);
		return 0;
	}
	snprintf(buf, sizeof(buf), "same symbol %s", str_of(sum, "symbol"));
	cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
	s += 0.2;
	free(sym);
	if (rtype && str_of(sum, "type")) {
		if (strcmp(rtype, str_of(sum, "type")))
			return 0;
		snprintf(buf, sizeof(buf), "same type %s", rtype);
		cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
		s += 0.1;
	}
	if (rdate && ddate) {
		if (strlen(ddate) == 10 && strcmp(rdate, ddate))
			return 0;
		if (strncmp(rdate, ddate, 4))
			return 0;
		if (dmonth && !strncmp(rdate, dmonth, 7)) {
			snprintf(buf, sizeof(buf), "cited date %s in the draft's month %s",
			         rdate, dmonth);
			cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
			s += 0.2;
		} else if (dmonth) {
			return 0;
		}
	}
	rprov = fold(str_of(cite, "province"));
	issuer = fold(str_of(ref, "issuer"));
	dissuer = fold(str_of(draft, "issuer"));
	if (issuer && dissuer && *issuer && !strcmp(issuer, dissuer)) {
		snprintf(buf, sizeof(buf), "same issuer %s", str_of(draft, "issuer"));
		cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
		s += 0.2;
	} else if (local_issuer(str_of(ref, "issuer")) && rprov && *rprov &&
	           str_of(sum, "scope")) {
		/* "UBND tỉnh" in a text of another province is that province's */
		elsewhere = strcmp(rprov, str_of(sum, "scope")) != 0;
		if (!elsewhere) {
			snprintf(buf, sizeof(buf),
			         "cited as \"%s\" by a document of the same province",
			         str_of(ref, "issuer"));
			cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
			s += 0.2;
		}
	}
	free(rprov);
	free(issuer);
	free(dissuer);
	if (elsewhere)
		return 0;
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(cite, "targets")) {
		const cJSON *y;

		cJSON_ArrayForEach(y, cJSON_GetObjectItemCaseSensitive(sum, "refs"))
			if (cJSON_IsString(x) && cJSON_IsString(y) &&
			    !strcmp(x->valuestring, y->valuestring)) {
				snprintf(buf, sizeof(buf),
				         "cited as implementing %s, which the draft implements",
				         x->valuestring);
				cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
				s += 0.3;
				goto subject_done;
			}
	}
	if ((t = str_of(ref, "subject"))) {
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(sum, "refs"))
			if (cJSON_IsString(x) && strstr(t, x->valuestring)) {
				snprintf(buf, sizeof(buf),
				         "cited subject names %s, which the draft cites",
				         x->valuestring);
				cJSON_AddItemToArray(evidence, cJSON_CreateString(buf));
				s += 0.3;
				break;
			}
	}
subject_done:
	return s > 1 ? 1 : s;
}

static int cmp_conf(const void *a, const void *b)
{
	double x = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(*(cJSON *const *)a, "confidence"));
	double y = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(*(cJSON *const *)b, "confidence"));

	return x < y ? 1 : x > y ? -1 : 0;
}

static int wanted(const cJSON *p, const char *doc, const char *doc_fold)
{
	const char *d = str_of(p, "draft"), *n = str_of(p, "number");
	char *nf;
	int ok;

	if (!doc)
		return 1;
	if (d && !strcmp(d, doc))
		return 1;
	nf = n ? number_fold(n) : NULL;
	ok = nf && doc_fold && !strcmp(nf, doc_fold);
	free(nf);
	return ok;
}

int vt_identify_propose(cJSON **out, struct vt_store *s, const char *doc)
{
	struct held h = { cJSON_CreateArray(), cJSON_CreateObject(), cJSON_CreateArray() };
	cJSON *list = cJSON_CreateArray(), **v = NULL, *c, *d;
	char *doc_fold = doc ? number_fold(doc) : NULL;
	char *aliases_buf = NULL;
	cJSON *aliases = NULL;
	size_t alen = 0;
	int err, i, n;

	*out = NULL;
	if (!h.drafts || !h.numbers || !h.cites || !list) {
		err = vt_error_oom();
		goto done;
	}
	if ((err = vt_store_foreach(s, NULL, collect_held, &h)) < 0)
		goto done;
	if (vt_store_get_meta(&aliases_buf, &alen, s, VT_ALIASES_PATH, NULL) == 0)
		aliases = cJSON_ParseWithLength(aliases_buf, alen);
	vt_error_clear();
	cJSON_ArrayForEach(c, h.cites) {
		const cJSON *ref = cJSON_GetObjectItemCaseSensitive(c, "ref");
		const char *num = str_of(ref, "number");
		char *nf = number_fold(num);
		int known = !nf || cJSON_GetObjectItemCaseSensitive(h.numbers, nf);

		if (!known && aliases) {
			const cJSON *a;

			cJSON_ArrayForEach(a, aliases) {
				const char *an = strrchr(a->string, '|');
				char *af = an ? number_fold(an + 1) : NULL;

				known |= af && !strcmp(af, nf);
				free(af);
			}
		}
		free(nf);
		if (known)
			continue;   /* held, or already identified */
		cJSON_ArrayForEach(d, h.drafts) {
			cJSON *ev = cJSON_CreateArray(), *p, *dup = NULL;
			const cJSON *sum = cJSON_GetObjectItemCaseSensitive(d, "sum");
			double conf;

			if (!ev) {
				err = vt_error_oom();
				goto done;
			}
			conf = score(c, d, ev);
			if (conf < 0.5) {
				cJSON_Delete(ev);
				continue;
			}
			cJSON_ArrayForEach(p, list)
				if (!strcmp(str_of(p, "draft"), str_of(d, "id")) &&
				    !strcmp(str_of(p, "number"), num))
					dup = p;
			if (dup) {
				if (conf > cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(dup, "confidence")))
					cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(dup, "confidence"), conf);
				cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(dup, "cited_by"),
				                     cJSON_CreateString(str_of(c, "by")));
				cJSON_Delete(ev);
				continue;
			}
			p = cJSON_CreateObject();
			cJSON_AddStringToObject(p, "draft", str_of(d, "id"));
			cJSON_AddStringToObject(p, "number", num);
			cJSON_AddItemToObject(p, "scope", cJSON_CreateString(
				str_of(sum, "scope") ? str_of(sum, "scope") : "central"));
			cJSON_AddItemToObject(p, "date", str_of(ref, "date") ?
				cJSON_CreateString(str_of(ref, "date")) : cJSON_CreateNull());
			cJSON_AddNumberToObject(p, "confidence", (double)(int)(conf * 100 + 0.5) / 100);
			cJSON_AddItemToObject(p, "cited_by", cJSON_CreateArray());
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(p, "cited_by"),
			                     cJSON_CreateString(str_of(c, "by")));
			cJSON_AddItemToObject(p, "evidence", ev);
			cJSON_AddItemToObject(p, "span", cJSON_Duplicate(
				cJSON_GetObjectItemCaseSensitive(ref, "span"), 1));
			if (!wanted(p, doc, doc_fold)) {
				cJSON_Delete(p);
				continue;
			}
			cJSON_AddItemToArray(list, p);
		}
	}
	/* Best first. */
	n = cJSON_GetArraySize(list);
	if (n > 1 && (v = malloc((size_t)n * sizeof(*v)))) {
		for (i = 0; i < n; i++)
			v[i] = cJSON_DetachItemFromArray(list, 0);
		qsort(v, (size_t)n, sizeof(*v), cmp_conf);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(list, v[i]);
		free(v);
	}
	*out = list;
	list = NULL;
done:
	cJSON_Delete(list);
	cJSON_Delete(h.drafts);
	cJSON_Delete(h.numbers);
	cJSON_Delete(h.cites);
	cJSON_Delete(aliases);
	free(aliases_buf);
	free(doc_fold);
	return err;
}

/* ---- corrections ----------------------------------------------------------------- */

void vt_corrections_path(char *out, size_t sz, const char *id)
{
	char hex[65];

	vt_sha256_hex(hex, id, strlen(id));
	snprintf(out, sz, "corrections/%.2s/%s.json", hex, id);
}

int vt_corrections_apply(cJSON *rec, const cJSON *corrections, cJSON **unfit)
{
	const cJSON *c;
	int applied = 0, err;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(corrections, "corrections")) {
		const char *path = str_of(c, "path");
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(c, "value");
		cJSON *copy;

		if (!path || !value)
			continue;
		if (!(copy = cJSON_Duplicate(value, 1)))
			return vt_error_oom();
		err = vt_history_set_path(rec, path, copy);
		if (err == VT_ENOTFOUND || err == VT_EUSAGE) {
			vt_error_clear();
			if (unfit && (*unfit || (*unfit = cJSON_CreateArray())))
				cJSON_AddItemToArray(*unfit, cJSON_Duplicate(c, 1));
			continue;
		}
		if (err < 0)
			return err;
		applied++;
	}
	return applied;
}

int vt_corrections_reapply(cJSON *rec, struct vt_txn *tx, cJSON **unfit)
{
	const char *id = str_of(rec, "id");
	char path[256], *buf = NULL;
	size_t len = 0;
	cJSON *corr;
	int rc;

	if (!id)
		return 0;
	vt_corrections_path(path, sizeof(path), id);
	rc = vt_txn_get_meta(&buf, &len, tx, path);
	if (rc == VT_ENOTFOUND) {
		vt_error_clear();
		return 0;
	}
	if (rc < 0)
		return rc;
	corr = cJSON_ParseWithLength(buf, len);
	free(buf);
	if (!corr)
		return vt_error_set(VT_EINVALID, "corrections file '%s' is not JSON", path);
	rc = vt_corrections_apply(rec, corr, unfit);
	cJSON_Delete(corr);
	return rc;
}
