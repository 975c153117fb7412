/*
 * The document graph: held documents (one node per record) and documents
 * known only from citations, with the typed edges the records state.
 *
 * Records are copied in as they are added; nodes and edges are built from
 * all of them at once, on the first query after a change, because where a
 * citation points depends on every held record (a held 153/NQ-CP must win
 * over a cited-only node made before it was added).
 *
 * Duplicate edges (same from, to and relation) are kept once, with the
 * asserted_by of the first record (in the order added) that states it.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include <utf8proc.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/store.h"
#include "vanthu/text.h"
#include "graphs/graph.h"
#include "graphs/graph_int.h"
#include "graphs/index.h"

/* --- hash map ------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static size_t slot_of(const struct vt_gmap *m, const char *key)
{
	size_t mask = m->cap - 1, i = (size_t)hash_str(key) & mask;

	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

static int map_grow(struct vt_gmap *m)
{
	struct vt_gmap n = { 0 };
	size_t i;

	n.cap = m->cap ? m->cap * 2 : 64;
	n.count = m->count;
	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return vt_error_oom();
	}
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = slot_of(&n, m->keys[i]);
			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
		}
	}
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

/* A lookup in the slots of an index file (see vt_map); never spins. */
static size_t borrowed_get(const struct vt_gmap *m, const char *key)
{
	size_t mask = m->cap - 1, i = (size_t)hash_str(key) & mask;

	for (size_t n = 0; n < m->cap; n++, i = (i + 1) & mask) {
		const struct vt_dslot *d = &m->slots[i];
		if (d->key == VT_NOSTR)
			break;
		if (d->key < m->strbytes && !strcmp(m->strtab + d->key, key))
			return d->val < m->limit ? (size_t)d->val : VT_NONE;
	}
	return VT_NONE;
}

/* A map of our own with the entries of a borrowed one. */
static int unborrow(struct vt_gmap *m)
{
	struct vt_gmap own = { 0 };

	for (size_t i = 0; i < m->cap; i++) {
		const struct vt_dslot *d = &m->slots[i];
		if (d->key != VT_NOSTR && d->key < m->strbytes && d->val < m->limit &&
		    vt_gmap_put(&own, m->strtab + d->key, (size_t)d->val) < 0) {
			vt_gmap_free(&own);
			return VT_ENOMEM;
		}
	}
	*m = own;
	return 0;
}

int vt_gmap_put(struct vt_gmap *m, const char *key, size_t val)
{
	size_t i;

	if (m->slots && unborrow(m) < 0)
		return VT_ENOMEM;

	/* Keep the load under 1/2 so that probes stay short. */
	if ((m->count + 1) * 2 > m->cap && map_grow(m) < 0)
		return VT_ENOMEM;
	i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->count++;
	}
	m->vals[i] = val;
	return 0;
}

size_t vt_gmap_get(const struct vt_gmap *m, const char *key)
{
	size_t i;

	if (!m->cap || !key)
		return VT_NONE;
	if (m->slots)
		return borrowed_get(m, key);
	i = slot_of(m, key);
	return m->keys[i] ? m->vals[i] : VT_NONE;
}

void vt_gmap_free(struct vt_gmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* --- helpers -------------------------------------------------------- */

int vt_graph__grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t ncap;
	void *np;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			return vt_error_oom();
		ncap *= 2;
	}
	np = realloc(*p, ncap * size);
	if (!np)
		return vt_error_oom();
	*p = np;
	*cap = ncap;
	return 0;
}

static const char *str_of(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0])
		return NULL;
	return v->valuestring;
}

/* The year of an ISO date ("2025-05-31", "2025-09"), or "" */
static void year_of(char out[5], const char *date)
{
	out[0] = '\0';
	if (!date || strlen(date) < 4)
		return;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)date[i]))
			return;
	memcpy(out, date, 4);
	out[4] = '\0';
}

static int is_dash(utf8proc_int32_t c)
{
	return c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 ||
	       c == 0x2014 || c == 0x2015 || c == 0x2212;
}

char *vt_graph__numkey(const char *number)
{
	size_t len, i = 0, o = 0;
	char *out, *p;

	if (!number)
		return NULL;
	len = strlen(number);
	out = malloc(len * 4 + 1);
	if (!out)
		return NULL;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)number + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {           /* not UTF-8: drop the byte */
			i++;
			continue;
		}
		i += (size_t)n;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
		    utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)
			continue;
		if (is_dash(c))
			c = '-';
		c = utf8proc_toupper(c);
		o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
	}
	out[o] = '\0';
	/* "05-NQ/TW" and "5-NQ/TW" are one number. */
	p = out;
	while (p[0] == '0' && isdigit((unsigned char)p[1]))
		p++;
	if (p != out)
		memmove(out, p, strlen(p) + 1);
	return out;
}

/* --- levels --------------------------------------------------------- */

static int has_word(const char *f, const char *w)
{
	size_t n = strlen(w);
	const char *p = f;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == f || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p++;
	}
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static const char *const type_codes[] = {
	"NQ", "QĐ", "CT", "QC", "QYĐ", "QY", "HD", "KH", "PA", "ĐA", "DA",
	"TB", "TTR", "BC", "BB", "HĐ", "CĐ", "GUQ", "GGT", "GNP", "GM", "GTT",
	"PC", "PL", "CV", "NĐ", "TT", "TTLT", "L", "KL", "QĐI", "CTR", "BGN",
	"BTT", "GCN", "GGT", "GM", "HD", NULL,
};

static int is_type_code(const char *s, size_t n)
{
	for (const char *const *t = type_codes; *t; t++)
		if (strlen(*t) == n && memcmp(*t, s, n) == 0)
			return 1;
	return 0;
}

/* Level from the issuer code of a number key, or -1. */
static int level_of_key(const char *key)
{
	const char *p, *parts[8];
	size_t lens[8], np = 0;

	if (ends_with(key, "/TW"))
		return 0;
	if (ends_with(key, "/TU") || ends_with(key, "/ĐU") ||
	    ends_with(key, "/HU") || ends_with(key, "/TƯ"))
		return 3;
	p = strchr(key, '/');
	if (!p)
		return -1;
	p++;
	if (isdigit((unsigned char)p[0]) && strchr(p, '/'))  /* 30/2020/NĐ-CP */
		p = strchr(p, '/') + 1;
	while (*p && np < 8) {
		const char *e = strchr(p, '-');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		parts[np] = p;
		lens[np++] = n;
		p += n + (e ? 1 : 0);
		if (!e)
			break;
	}
	for (size_t i = 0; i < np; i++) {
		if ((lens[i] == 2 && !memcmp(parts[i], "CP", 2)) ||
		    (lens[i] == 3 && !memcmp(parts[i], "TTG", 3)) ||
		    (lens[i] == 4 && !memcmp(parts[i], "VPCP", 4)))
			return 1;
	}
	if (np == 0)
		return -1;
	p = parts[0];
	size_t n = lens[0];
	if (np >= 2 && is_type_code(parts[0], lens[0])) {
		p = parts[1];
		n = lens[1];
	}
	if (n == 0)
		return -1;
	if ((n == 4 && !memcmp(p, "UBND", 4)) || (n >= 4 && !strncmp(p, "HĐND", 4)))
		return 4;
	if (n >= 2 && !memcmp(p, "QH", 2))
		return 1;
	if (n >= 6 && !memcmp(p, "UBTVQH", 6))
		return 1;
	if (p[0] == 'B' && n >= 2)
		return 2;
	if (p[0] == 'S' && n >= 2)
		return 5;
	return -1;
}

static int level_of_issuer(const char *f)
{
	if (strstr(f, "bo chinh tri") || strstr(f, "ban bi thu") ||
	    strstr(f, "ban chap hanh trung uong") || strstr(f, "trung uong dang"))
		return 0;
	if (strstr(f, "chinh phu") || strstr(f, "thu tuong") ||
	    strstr(f, "quoc hoi"))
		return 1;
	if (!strncmp(f, "bo ", 3))
		return 2;
	if (strstr(f, "tinh uy") || strstr(f, "thanh uy") ||
	    !strncmp(f, "dang uy", 7) || !strncmp(f, "ban thuong vu", 13))
		return 3;
	if (strstr(f, "uy ban nhan dan") || strstr(f, "hoi dong nhan dan"))
		return 4;
	if (!strncmp(f, "so ", 3))
		return 5;
	return -1;
}

int vt_graph__level(const char *number, const char *issuer, const char *type)
{
	char *f = issuer ? vt_text_fold(issuer, strlen(issuer)) : NULL;
	int level = -1;

	(void)type;
	/* A commune's UBND writes "…/UBND-…" like a province's: ask the name. */
	if (f && (has_word(f, "xa") || has_word(f, "phuong") ||
	          strstr(f, "dac khu")))
		level = 6;
	if (level < 0 && number) {
		char *key = vt_graph__numkey(number);
		if (key)
			level = level_of_key(key);
		free(key);
	}
	if (level < 0 && f)
		level = level_of_issuer(f);
	free(f);
	return level < 0 ? 4 : level;
}

/* --- construction --------------------------------------------------- */

int vt_graph_new(struct vt_graph **out)
{
	struct vt_graph *g = calloc(1, sizeof(*g));

	*out = NULL;
	if (!g)
		return vt_error_oom();
	*out = g;
	return 0;
}

static void clear_built(struct vt_graph *g)
{
	/* Borrowed nodes point into the index file: nothing of theirs to free. */
	for (size_t i = 0; !g->borrowed && i < g->nnodes; i++) {
		struct vt_node *n = &g->nodes[i];
		free(n->id);
		free(n->number);
		free(n->key);
		free(n->out);
		free(n->in);
		free(n->cites);
	}
	for (size_t i = 0; g->edges && i < g->nedges; i++)
		free(g->edges[i].key);
	g->dedges = NULL;
	g->strtab = NULL;
	free(g->adjmem);
	free(g->stamp);
	free(g->estamp);
	g->adjmem = NULL;
	memset(g->adj, 0, sizeof(g->adj));
	g->stamp = g->estamp = NULL;
	free(g->nodes);
	free(g->edges);
	g->nodes = NULL;
	g->edges = NULL;
	g->nnodes = g->cnodes = g->nedges = g->cedges = 0;
	vt_gmap_free(&g->ids);
	vt_gmap_free(&g->keys);
	vt_gmap_free(&g->edgeset);
	g->borrowed = 0;
}

void vt_graph_free(struct vt_graph *g)
{
	if (!g)
		return;
	clear_built(g);
	for (size_t i = 0; i < g->nrecs; i++)
		cJSON_Delete(g->recs[i]);
	free(g->recs);
	vt_gmap_free(&g->recids);
	cJSON_Delete(g->aliases);
	if (g->walk)
		vt_graph__walk_free(g->walk);
	free(g->walk);
	free(g->patched);
	free(g->is_patched);
	if (g->map)
		munmap(g->map, g->maplen);
	free(g);
}

int vt_graph_add_record(struct vt_graph *g, const cJSON *rec)
{
	const char *id;
	cJSON *copy;

	if (!g || !cJSON_IsObject(rec))
		return vt_error_set(VT_EINVALID, "record is not a JSON object");
	if (vt_graph__materialize(g) < 0)
		return vt_error_last_code();
	id = str_of(rec, "id");
	if (!id)
		return vt_error_set(VT_EINVALID, "record has no 'id'");
	if (vt_gmap_get(&g->recids, id) != VT_NONE)
		return vt_error_set(VT_EEXISTS, "document '%s' added twice", id);
	if (vt_graph__grow(&g->recs, &g->crecs, g->nrecs + 1, sizeof(*g->recs)) < 0)
		return VT_ENOMEM;
	copy = cJSON_Duplicate(rec, 1);
	if (!copy)
		return vt_error_oom();
	/* The key lives in the copy, which lives as long as the graph. */
	if (vt_gmap_put(&g->recids, str_of(copy, "id"), g->nrecs) < 0) {
		cJSON_Delete(copy);
		return VT_ENOMEM;
	}
	g->recs[g->nrecs++] = copy;
	g->dirty = 1;
	return 0;
}

/* Like vt_graph_add_record, but `rec` is taken over (freed on failure). */
int vt_graph__adopt(struct vt_graph *g, cJSON *rec)
{
	const char *id = cJSON_IsObject(rec) ? str_of(rec, "id") : NULL;

	if (!id) {
		cJSON_Delete(rec);
		return vt_error_set(VT_EINVALID, "record has no 'id'");
	}
	if (vt_graph__materialize(g) < 0) {
		cJSON_Delete(rec);
		return vt_error_last_code();
	}
	if (vt_gmap_get(&g->recids, id) != VT_NONE) {
		cJSON_Delete(rec);
		return vt_error_set(VT_EEXISTS, "document '%s' added twice", id);
	}
	if (vt_graph__grow(&g->recs, &g->crecs, g->nrecs + 1, sizeof(*g->recs)) < 0 ||
	    vt_gmap_put(&g->recids, id, g->nrecs) < 0) {
		cJSON_Delete(rec);
		return VT_ENOMEM;
	}
	g->recs[g->nrecs++] = rec;
	g->dirty = 1;
	return 0;
}

static int rebuild_recids(struct vt_graph *g)
{
	vt_gmap_free(&g->recids);
	for (size_t i = 0; i < g->nrecs; i++)
		if (vt_gmap_put(&g->recids, str_of(g->recs[i], "id"), i) < 0)
			return VT_ENOMEM;
	return 0;
}

int vt_graph__remove(struct vt_graph *g, const char *id)
{
	size_t i;

	if (vt_graph__materialize(g) < 0)
		return vt_error_last_code();
	i = vt_gmap_get(&g->recids, id);
	if (i == VT_NONE)
		return 0;
	/* The map points into the record: clear it before freeing. */
	vt_gmap_free(&g->recids);
	cJSON_Delete(g->recs[i]);
	memmove(&g->recs[i], &g->recs[i + 1], (g->nrecs - i - 1) * sizeof(*g->recs));
	g->nrecs--;
	g->dirty = 1;
	return rebuild_recids(g) < 0 ? VT_ENOMEM : 1;
}

int vt_graph__replace(struct vt_graph *g, cJSON *rec)
{
	const char *id = cJSON_IsObject(rec) ? str_of(rec, "id") : NULL;
	size_t i;

	if (!id) {
		cJSON_Delete(rec);
		return vt_error_set(VT_EINVALID, "record has no 'id'");
	}
	if (vt_graph__materialize(g) < 0) {
		cJSON_Delete(rec);
		return vt_error_last_code();
	}
	i = vt_gmap_get(&g->recids, id);
	if (i == VT_NONE)
		return vt_graph__adopt(g, rec);
	vt_gmap_free(&g->recids);
	cJSON_Delete(g->recs[i]);
	g->recs[i] = rec;
	g->dirty = 1;
	return rebuild_recids(g);
}

static int cmp_rec(const void *a, const void *b)
{
	const char *x = str_of(*(cJSON *const *)a, "id");
	const char *y = str_of(*(cJSON *const *)b, "id");

	return strcmp(x, y);
}

/*
 * Records of a store go in id order, whether they came from a full walk or
 * from a cache brought up to date, so both build the very same graph (the
 * first record stating an edge is its asserted_by).
 */
int vt_graph__sort(struct vt_graph *g)
{
	if (vt_graph__materialize(g) < 0)
		return vt_error_last_code();
	qsort(g->recs, g->nrecs, sizeof(*g->recs), cmp_rec);
	g->dirty = 1;
	return rebuild_recids(g);
}

size_t vt_graph_nrecords(const struct vt_graph *g)
{
	return g ? g->nrecs : 0;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

int vt_graph__raw_record(struct vt_rawrec *out, const struct vt_graph *g, size_t i)
{
	const unsigned char *t = g->rectab + i * VT_RECTAB_ENTRY;
	uint64_t off = get64(t), len = get64(t + 8);

	if (off > g->recbloblen || len > g->recbloblen - off)
		return vt_error_set(VT_EINVALID, "record %zu of the graph index is damaged", i);
	*out = (struct vt_rawrec){ g->recblob + off, len, get64(t + 16), 0 };
	return 0;
}

/* Record i of a lazy graph, parsed now from the index file, or NULL. */
static cJSON *parse_lazy(const struct vt_graph *g, size_t i)
{
	struct vt_rawrec r;
	cJSON *rec = NULL;

	/* Each record has its own sum: only the records read are checked. */
	if (vt_graph__raw_record(&r, g, i) < 0)
		return NULL;
	if (vt_index__sum(r.p, r.len) != r.sum ||
	    !(rec = cJSON_ParseWithLength((const char *)r.p, r.len)))
		vt_error_set(VT_EINVALID, "record %zu of the graph index is damaged", i);
	return rec;
}

const cJSON *vt_graph_record(const struct vt_graph *g, size_t i)
{
	if (!g || i >= g->nrecs || g->skeleton)
		return NULL;
	if (!g->recs[i] && g->lazy)
		/* A cache filled on demand: logically const. */
		((struct vt_graph *)g)->recs[i] = parse_lazy(g, i);
	return g->recs[i];
}

const cJSON *vt_graph__record_scan(const struct vt_graph *g, size_t i, cJSON **tmp)
{
	*tmp = NULL;
	if (!g || i >= g->nrecs || g->skeleton)
		return NULL;
	if (g->recs[i] || !g->lazy)
		return g->recs[i];
	return *tmp = parse_lazy(g, i);
}

const cJSON *vt_graph_record_of(const struct vt_graph *g, const char *id)
{
	size_t i;

	if (!g || !id)
		return NULL;
	if (g->lazy) {
		i = vt_gmap_get(&g->ids, id);
		return i < g->nrecs ? vt_graph_record(g, i) : NULL;
	}
	i = vt_gmap_get(&g->recids, id);
	return i == VT_NONE ? NULL : g->recs[i];
}

int vt_graph__materialize(struct vt_graph *g)
{
	if (!g->lazy)
		return 0;
	for (size_t i = 0; i < g->nrecs; i++)
		if (!vt_graph_record(g, i))
			return vt_error_last_code() ? vt_error_last_code() : VT_EINVALID;
	g->lazy = 0;
	return rebuild_recids(g);
}

const cJSON *vt_graph__cite_ref(const struct vt_graph *g, const struct vt_cite *c)
{
	const cJSON *rec;

	if (c->ref == VT_NONE || c->ref > INT32_MAX ||
	    !(rec = vt_graph_record(g, c->by)))
		return NULL;
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rec, "references"),
	                          (int)c->ref);
}

/* Put node idx, whose key is set, at the end of its key's chain. */
static int chain_key(struct vt_graph *g, size_t idx)
{
	size_t k;

	if (!g->nodes[idx].key[0])
		return 0;
	k = vt_gmap_get(&g->keys, g->nodes[idx].key);
	if (k == VT_NONE)
		return vt_gmap_put(&g->keys, g->nodes[idx].key, idx) < 0 ? VT_ENOMEM : 0;
	while (g->nodes[k].next_key != VT_NONE)
		k = g->nodes[k].next_key;
	g->nodes[k].next_key = idx;
	return 0;
}

static size_t new_node(struct vt_graph *g, const char *id, const char *number)
{
	struct vt_node *n;
	size_t idx = g->nnodes;

	if (vt_graph__grow(&g->nodes, &g->cnodes, g->nnodes + 1, sizeof(*g->nodes)) < 0)
		return VT_NONE;
	n = &g->nodes[idx];
	memset(n, 0, sizeof(*n));
	n->next_key = VT_NONE;
	n->id = strdup(id);
	n->number = number ? strdup(number) : NULL;
	n->key = number ? vt_graph__numkey(number) : NULL;
	if (!n->id || (number && (!n->number || !n->key))) {
		free(n->id);
		free(n->number);
		free(n->key);
		vt_error_oom();
		return VT_NONE;
	}
	g->nnodes++;
	if (vt_gmap_put(&g->ids, n->id, idx) < 0 || (n->key && chain_key(g, idx) < 0))
		return VT_NONE;
	return idx;
}

static int add_edge(struct vt_graph *g, size_t from, size_t to,
                    const char *relation, const char *by)
{
	struct vt_edge *e;
	struct vt_node *f, *t;
	char *key;
	size_t idx = g->nedges;

	if (from == to)
		return 0;
	if (asprintf(&key, "%zu %zu %s", from, to, relation) < 0)
		return vt_error_oom();
	if (vt_gmap_get(&g->edgeset, key) != VT_NONE) {
		free(key);
		return 0;
	}
	f = &g->nodes[from];
	t = &g->nodes[to];
	if (vt_graph__grow(&g->edges, &g->cedges, idx + 1, sizeof(*g->edges)) < 0 ||
	    vt_graph__grow(&f->out, &f->cout, f->nout + 1, sizeof(*f->out)) < 0 ||
	    vt_graph__grow(&t->in, &t->cin, t->nin + 1, sizeof(*t->in)) < 0) {
		free(key);
		return VT_ENOMEM;
	}
	e = &g->edges[idx];
	memset(e, 0, sizeof(*e));
	e->from = from;
	e->to = to;
	e->relation = relation;
	e->asserted_by = by;
	e->key = key;
	g->nedges++;
	f->out[f->nout++] = idx;
	t->in[t->nin++] = idx;
	return vt_gmap_put(&g->edgeset, key, idx);
}

static int add_cite(struct vt_graph *g, size_t n, size_t by, const cJSON *ref,
                    size_t refidx)
{
	struct vt_node *node = &g->nodes[n];

	if (vt_graph__grow(&node->cites, &node->ccites, node->ncites + 1,
	         sizeof(*node->cites)) < 0)
		return VT_ENOMEM;
	node->cites[node->ncites].by = by;
	node->cites[node->ncites].ref = ref ? refidx : VT_NONE;
	node->ncites++;
	if (!node->held && ref) {
		/* A cited-only document is what its first informative citations say. */
		if (!node->type)
			node->type = str_of(ref, "type");
		if (!node->date)
			node->date = str_of(ref, "date");
		if (!node->issuer)
			node->issuer = str_of(ref, "issuer");
		if (!node->subject)
			node->subject = str_of(ref, "subject");
	}
	return 0;
}

static int same_province(const char *a, const char *b)
{
	char *fa, *fb;
	int same;

	if (!a || !b)
		return 0;
	fa = vt_text_fold(a, strlen(a));
	fb = vt_text_fold(b, strlen(b));
	same = fa && fb && !strcmp(fa, fb);
	free(fa);
	free(fb);
	return same;
}

/*
 * The cited-only node for a number: "cited-<slug>" (with "-<year>" when it
 * must stay apart from held documents of the same number).  Two numbers
 * whose slugs collide get "-2", "-3"…
 */
static size_t cited_node(struct vt_graph *g, const char *number,
                         const char *key, const char *year)
{
	char *slug = vt_text_slug(number, strlen(number));
	char *base = NULL, *id = NULL;
	size_t n = VT_NONE;

	if (!slug) {
		vt_error_oom();
		return VT_NONE;
	}
	if ((year[0] ? asprintf(&base, "cited-%s-%s", slug, year)
	             : asprintf(&base, "cited-%s", slug)) < 0) {
		free(slug);
		vt_error_oom();
		return VT_NONE;
	}
	free(slug);
	for (unsigned i = 1; i < 1000; i++) {
		if (i == 1)
			id = strdup(base);
		else if (asprintf(&id, "%s-%u", base, i) < 0)
			id = NULL;
		if (!id) {
			vt_error_oom();
			break;
		}
		n = vt_gmap_get(&g->ids, id);
		if (n == VT_NONE) {
			n = new_node(g, id, number);
			break;
		}
		if (!g->nodes[n].held && g->nodes[n].key &&
		    !strcmp(g->nodes[n].key, key))
			break;
		free(id);
		id = NULL;
		n = VT_NONE;
	}
	free(id);
	free(base);
	return n;
}

/* Where a citation of `number` (dated `date`) by `citer` points. */
static size_t resolve_cite(struct vt_graph *g, const char *number,
                           const char *date, const struct vt_node *citer)
{
	char year[5], y2[5];
	char *key = vt_graph__numkey(number);
	size_t k, nheld = 0, nyear = 0, one = VT_NONE, oneyear = VT_NONE;
	size_t nprov = 0, oneprov = VT_NONE, r;

	if (!key) {
		vt_error_oom();
		return VT_NONE;
	}
	if (!key[0]) {
		free(key);
		return VT_NONE - 1;     /* nothing to point at; not an error */
	}
	year_of(year, date);
	for (k = vt_gmap_get(&g->keys, key); k != VT_NONE; k = g->nodes[k].next_key) {
		if (!g->nodes[k].held)
			continue;
		nheld++;
		one = k;
		year_of(y2, g->nodes[k].date);
		if (year[0] && y2[0] && !strcmp(year, y2)) {
			nyear++;
			oneyear = k;
		}
	}
	r = VT_NONE;
	if (nheld == 1) {
		year_of(y2, g->nodes[one].date);
		/* Numbers restart every year (every term for the Party). */
		if (!(year[0] && y2[0] && strcmp(year, y2)))
			r = one;
	} else if (nheld > 1) {
		if (nyear == 1) {
			r = oneyear;
		} else if (nyear > 1 || !year[0]) {
			for (k = vt_gmap_get(&g->keys, key); k != VT_NONE;
			     k = g->nodes[k].next_key) {
				const struct vt_node *c = &g->nodes[k];
				if (!c->held)
					continue;
				year_of(y2, c->date);
				if (nyear > 1 && strcmp(year, y2))
					continue;
				if (same_province(c->province, citer->province)) {
					nprov++;
					oneprov = k;
				}
			}
			if (nprov == 1)
				r = oneprov;
		}
	}
	if (r == VT_NONE)
		r = cited_node(g, number, key, nheld ? year : "");
	free(key);
	return r;
}

/* The reference of `rec` that names the same number as `key`, if any. */
static const cJSON *ref_for(const cJSON *rec, const char *number)
{
	const cJSON *refs = cJSON_GetObjectItemCaseSensitive(rec, "references");
	const cJSON *ref;
	char *key = vt_graph__numkey(number), *k2;
	const cJSON *found = NULL;

	if (!key)
		return NULL;
	cJSON_ArrayForEach(ref, refs) {
		const char *num = str_of(ref, "number");
		if (!num)
			continue;
		k2 = vt_graph__numkey(num);
		if (k2 && !strcmp(k2, key))
			found = ref;
		free(k2);
		if (found)
			break;
	}
	free(key);
	return found;
}

static int add_references(struct vt_graph *g, size_t r, const cJSON *rec)
{
	const cJSON *ref;
	size_t idx = (size_t)-1;

	cJSON_ArrayForEach(ref, cJSON_GetObjectItemCaseSensitive(rec, "references")) {
		const char *num = str_of(ref, "number");
		const char *rel = str_of(ref, "relation");
		size_t t;

		idx++;
		if (!num)
			continue;
		t = resolve_cite(g, num, str_of(ref, "date"), &g->nodes[r]);
		if (t == VT_NONE)
			return VT_ENOMEM;
		if (t == VT_NONE - 1 || t == r)
			continue;
		if (add_cite(g, t, r, ref, idx) < 0 ||
		    add_edge(g, r, t, rel ? rel : "cites", g->nodes[r].id) < 0)
			return VT_ENOMEM;
	}
	return 0;
}

static size_t relation_end(struct vt_graph *g, size_t r, const cJSON *rec,
                           const char *num)
{
	const cJSON *ref = ref_for(rec, num);
	size_t t = resolve_cite(g, num, ref ? str_of(ref, "date") : NULL,
	                        &g->nodes[r]);

	if (t != VT_NONE && t != VT_NONE - 1 && t != r && !ref &&
	    add_cite(g, t, r, NULL, VT_NONE) < 0)
		return VT_NONE;
	return t;
}

static int add_relations(struct vt_graph *g, size_t r, const cJSON *rec)
{
	const cJSON *rl;

	cJSON_ArrayForEach(rl, cJSON_GetObjectItemCaseSensitive(rec, "relations")) {
		const char *from = str_of(rl, "from"), *to = str_of(rl, "to");
		const char *rel = str_of(rl, "relation");
		size_t f, t;

		if (!from || !to)
			continue;
		f = relation_end(g, r, rec, from);
		t = relation_end(g, r, rec, to);
		if (f == VT_NONE || t == VT_NONE)
			return VT_ENOMEM;
		if (f == VT_NONE - 1 || t == VT_NONE - 1)
			continue;
		if (add_edge(g, f, t, rel ? rel : "cites", g->nodes[r].id) < 0)
			return VT_ENOMEM;
	}
	return 0;
}

/* The flat adjacency of the graph as built (see vt_graph.adj). */
static int link_adjacency(struct vt_graph *g)
{
	size_t nn = g->nnodes, total[2] = { 0, 0 };
	unsigned char *p;

	if (nn >= UINT32_MAX)
		return vt_error_set(VT_ETOOBIG, "too many documents for the graph");
	for (size_t i = 0; i < nn; i++) {
		total[0] += g->nodes[i].nout;
		total[1] += g->nodes[i].nin;
	}
	/* Each direction's arrays start 8-aligned: 8 bytes of slack each. */
	p = malloc(2 * (nn + 1) * sizeof(uint64_t) +
	           (total[0] + total[1]) * (sizeof(size_t) + sizeof(uint32_t)) + 16);
	if (!(g->adjmem = p))
		return vt_error_oom();
	for (int d = 0; d < 2; d++) {
		uint64_t *off = (uint64_t *)(void *)p;
		size_t *edge = (size_t *)(void *)(p + (nn + 1) * sizeof(uint64_t));
		uint32_t *nbr = (uint32_t *)(void *)((unsigned char *)edge +
		                                     total[d] * sizeof(size_t));
		size_t o = 0;
		for (size_t i = 0; i < nn; i++) {
			const struct vt_node *n = &g->nodes[i];
			size_t cnt = d ? n->nin : n->nout;
			off[i] = o;
			for (size_t k = 0; k < cnt; k++, o++) {
				edge[o] = d ? n->in[k] : n->out[k];
				nbr[o] = (uint32_t)(d ? g->edges[edge[o]].from : g->edges[edge[o]].to);
			}
		}
		off[nn] = o;
		g->adj[d] = (struct vt_adj){ off, edge, nbr };
		p = (unsigned char *)(nbr + total[d] + (total[d] & 1));
	}
	return 0;
}

/* Copies of the members `names` of `from` that it has, into a new object. */
static cJSON *pick(const cJSON *from, const char *const *names)
{
	cJSON *o = cJSON_CreateObject();

	for (; o && *names; names++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, *names);
		cJSON *c;

		if (!v)
			continue;
		if (!(c = cJSON_Duplicate(v, 1)) || !cJSON_AddItemToObject(o, *names, c)) {
			cJSON_Delete(c);
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

/* The list `name` of `rec`, each item cut to `fields`, into `sk`. */
static int pick_list(cJSON *sk, const cJSON *rec, const char *name,
                     const char *const *fields)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(rec, name), *it;
	cJSON *a;

	if (!cJSON_IsArray(list))
		return 0;
	if (!(a = cJSON_AddArrayToObject(sk, name)))
		return -1;
	cJSON_ArrayForEach(it, list) {
		cJSON *c = pick(it, fields);

		if (!c || !cJSON_AddItemToArray(a, c)) {
			cJSON_Delete(c);
			return -1;
		}
	}
	return 0;
}

cJSON *vt_graph__skeleton(const cJSON *rec)
{
	static const char *const head[] = {
		"id", "number", "type", "date", "subject", "issuer", "province", NULL
	};
	/* add_references, resolve_cite and add_cite; relations: add_relations */
	static const char *const ref[] = {
		"number", "date", "relation", "type", "issuer", "subject", NULL
	};
	static const char *const rel[] = { "from", "to", "relation", NULL };
	cJSON *sk = cJSON_IsObject(rec) ? pick(rec, head) : NULL;

	if (sk && (pick_list(sk, rec, "references", ref) < 0 ||
	           pick_list(sk, rec, "relations", rel) < 0)) {
		cJSON_Delete(sk);
		sk = NULL;
	}
	if (!sk && cJSON_IsObject(rec))
		vt_error_oom();
	return sk;
}

/*
 * A held draft that a person identified as a number (vanthu identify
 * --accept) takes that number's key, so that citations of the number
 * resolve to it as to a numbered document.  A draft named by several
 * aliases takes the first; a record with a number of its own keeps it.
 */
static int alias_keys(struct vt_graph *g)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, g->aliases) {
		const char *num = a->string ? strrchr(a->string, '|') : NULL;
		size_t n = cJSON_IsString(a) ? vt_gmap_get(&g->ids, a->valuestring) : VT_NONE;

		if (!num || n == VT_NONE || n >= g->nrecs || g->nodes[n].key)
			continue;
		if (!(g->nodes[n].key = vt_graph__numkey(num + 1)))
			return vt_error_oom();
		if (chain_key(g, n) < 0)
			return VT_ENOMEM;
	}
	return 0;
}

void vt_graph__set_aliases(struct vt_graph *g, cJSON *aliases)
{
	cJSON_Delete(g->aliases);
	g->aliases = cJSON_IsObject(aliases) ? aliases : NULL;
	if (!g->aliases)
		cJSON_Delete(aliases);
}

int vt_graph__read_meta(cJSON **out, struct vt_store *s, const char *path,
                        const char *rev)
{
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	if ((err = vt_store_get_meta(&data, &len, s, path, rev)) < 0)
		return err;
	*out = cJSON_ParseWithLength(data, len);
	free(data);
	return 0;
}

int vt_graph__read_aliases(cJSON **out, struct vt_store *s, const char *rev)
{
	int err = vt_graph__read_meta(out, s, VT_ALIASES_PATH, rev);

	/* None is none; a damaged file is fsck's to report, not the graph's. */
	if (err == VT_ENOTFOUND) {
		vt_error_clear();
		return 0;
	}
	return err;
}

int vt_graph__build(struct vt_graph *g)
{
	size_t i;
	int err;

	if (!g->dirty && (g->nnodes || !g->nrecs))
		return 0;
	clear_built(g);
	for (i = 0; i < g->nrecs; i++) {
		const cJSON *rec = g->recs[i];
		size_t n = new_node(g, str_of(rec, "id"), str_of(rec, "number"));
		struct vt_node *node;

		if (n == VT_NONE)
			goto fail;
		node = &g->nodes[n];
		node->held = 1;
		node->type = str_of(rec, "type");
		node->date = str_of(rec, "date");
		node->subject = str_of(rec, "subject");
		node->issuer = str_of(rec, "issuer");
		node->province = str_of(rec, "province");
	}
	if (alias_keys(g) < 0)
		goto fail;
	/* Held nodes are 0..nrecs-1, in the order the records came. */
	for (i = 0; i < g->nrecs; i++) {
		if ((err = add_references(g, i, g->recs[i])) < 0 ||
		    (err = add_relations(g, i, g->recs[i])) < 0)
			goto fail;
	}
	for (i = 0; i < g->nnodes; i++) {
		struct vt_node *n = &g->nodes[i];
		n->level = vt_graph__level(n->number, n->issuer, n->type);
	}
	if (link_adjacency(g) < 0)
		goto fail;
	g->dirty = 0;
	return 0;
fail:
	clear_built(g);
	g->dirty = 1;
	return vt_error_last_code() ? vt_error_last_code() : vt_error_oom();
}

/* --- changes in place ----------------------------------------------- */

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_fields(const cJSON *a, const cJSON *b, const char *const *names)
{
	for (; *names; names++)
		if (!same_str(str_of(a, *names), str_of(b, *names)))
			return 0;
	return 1;
}

/* The same list of statements, as far as the fields the build reads go. */
static int same_list(const cJSON *a, const cJSON *b, const char *name,
                     const char *const *fields)
{
	const cJSON *la = cJSON_GetObjectItemCaseSensitive(a, name);
	const cJSON *lb = cJSON_GetObjectItemCaseSensitive(b, name);
	const cJSON *x, *y;

	if (cJSON_GetArraySize(la) != cJSON_GetArraySize(lb))
		return 0;
	for (x = cJSON_IsArray(la) ? la->child : NULL,
	     y = cJSON_IsArray(lb) ? lb->child : NULL; x && y; x = x->next, y = y->next)
		if (!same_fields(x, y, fields))
			return 0;
	return 1;
}

/*
 * Can `rec` replace record i without touching the nodes and edges?  Only
 * when nothing the build resolves with changed: the number, the date and
 * province (they pick between held documents of one number), and every
 * reference and relation (what they name, and what a cited-only document
 * takes from them).  Type, subject, issuer, tasks and the rest may differ.
 */
static int fields_only(const cJSON *old, const cJSON *rec)
{
	static const char *const own[] = { "id", "number", "date", "province", NULL };
	static const char *const ref[] = { "number", "date", "relation", "type",
	                                    "issuer", "subject", NULL };
	static const char *const rel[] = { "from", "to", "relation", NULL };

	return same_fields(old, rec, own) && same_list(old, rec, "references", ref) &&
	       same_list(old, rec, "relations", rel);
}

int vt_graph__patch(struct vt_graph *g, size_t i, cJSON *rec, int dry_run)
{
	const cJSON *old;
	struct vt_node *n;

	/* Record i is node i only in a graph read from an index, unchanged. */
	if (!g->lazy || g->dirty || i >= g->nrecs || !cJSON_IsObject(rec))
		return 0;
	if (!(old = vt_graph_record(g, i)))
		return vt_error_last_code() == VT_ENOMEM ? VT_ENOMEM : 0;
	if (!fields_only(old, rec))
		return 0;
	if (dry_run)
		return 1;
	if (!g->is_patched && !(g->is_patched = calloc(g->nrecs, 1)))
		return vt_error_oom();
	if (!g->is_patched[i]) {
		if (vt_graph__grow(&g->patched, &g->cpatched, g->npatched + 1, sizeof(*g->patched)) < 0)
			return VT_ENOMEM;
		g->patched[g->npatched++] = i;
		g->is_patched[i] = 1;
	}
	cJSON_Delete(g->recs[i]);
	g->recs[i] = rec;
	n = &g->nodes[i];
	n->type = str_of(rec, "type");
	n->subject = str_of(rec, "subject");
	n->issuer = str_of(rec, "issuer");
	n->date = str_of(rec, "date");
	n->province = str_of(rec, "province");
	n->level = vt_graph__level(n->number, n->issuer, n->type);
	return 1;
}

/* --- the store ------------------------------------------------------ */

static int load_cb(const struct vt_store_entry *e, void *payload)
{
	struct vt_graph *g = payload;
	int err;

	/* A broken or foreign file must not hide the rest of the store. */
	if (!e->rec) {
		g->skipped++;
		return 0;
	}
	err = vt_graph_add_record(g, e->rec);
	if (err == VT_ENOMEM)
		return err;
	if (err < 0)
		g->skipped++;
	return 0;
}

/* Walk every record of the store at `rev` into a new graph (no cache). */
int vt_graph__load_full(struct vt_graph **out, struct vt_store *s,
                        const char *rev)
{
	struct vt_graph *g;
	cJSON *aliases = NULL;
	int err;

	*out = NULL;
	if ((err = vt_graph_new(&g)) < 0)
		return err;
	if ((err = vt_store_foreach(s, rev, load_cb, g)) < 0 ||
	    (err = vt_graph__sort(g)) < 0 ||
	    (err = vt_graph__read_aliases(&aliases, s, rev)) < 0) {
		vt_graph_free(g);
		return err;
	}
	vt_graph__set_aliases(g, aliases);
	*out = g;
	return 0;
}

/* Through the index cache (graphs/index.c): the store is walked only once. */
int vt_graph_load_store(struct vt_graph **out, struct vt_store *s,
                        const char *rev)
{
	int err;

	if ((err = vt_index_load(out, s, rev, NULL)) < 0)
		return err;
	if ((err = vt_graph__build(*out)) < 0) {
		vt_graph_free(*out);
		*out = NULL;
	}
	return err;
}

size_t vt_graph_skipped(const struct vt_graph *g)
{
	return g ? g->skipped : 0;
}

size_t vt_graph_count(struct vt_graph *g, size_t *held)
{
	size_t h = 0;

	if (held)
		*held = 0;
	if (!g || vt_graph__build(g) < 0)
		return 0;
	for (size_t i = 0; i < g->nnodes; i++)
		h += g->nodes[i].held ? 1 : 0;
	if (held)
		*held = h;
	return g->nnodes;
}

/* --- resolution ----------------------------------------------------- */

static int candidates_out(cJSON **candidates, const struct vt_graph *g,
                          const size_t *idx, size_t n)
{
	cJSON *arr;

	if (!candidates)
		return 0;
	arr = cJSON_CreateArray();
	if (!arr)
		return vt_error_oom();
	for (size_t i = 0; i < n; i++)
		if (!cJSON_AddItemToArray(arr, cJSON_CreateString(g->nodes[idx[i]].id))) {
			cJSON_Delete(arr);
			return vt_error_oom();
		}
	*candidates = arr;
	return 0;
}

static int resolve_key(char **id, cJSON **candidates, struct vt_graph *g,
                       const char *doc, const char *key)
{
	size_t *idx = NULL, n = 0, cap = 0, k;
	int err = 0;

	for (k = vt_gmap_get(&g->keys, key); k != VT_NONE; k = g->nodes[k].next_key) {
		if (vt_graph__grow(&idx, &cap, n + 1, sizeof(*idx)) < 0) {
			free(idx);
			return VT_ENOMEM;
		}
		idx[n++] = k;
	}
	if (n == 1) {
		*id = strdup(g->nodes[idx[0]].id);
		err = *id ? 0 : vt_error_oom();
	} else if (n > 1) {
		err = candidates_out(candidates, g, idx, n);
		if (!err)
			err = vt_error_set(VT_EAMBIGUOUS,
			                   "'%s' matches %zu documents", doc, n);
	} else {
		err = 1;
	}
	free(idx);
	return err;
}

int vt_graph_resolve(char **id, cJSON **candidates, struct vt_graph *g,
                     const char *doc)
{
	size_t n;
	char *key;
	int err;

	*id = NULL;
	if (candidates)
		*candidates = NULL;
	if (!g || !doc || !doc[0])
		return vt_error_set(VT_EUSAGE, "no document given");
	if ((err = vt_graph__build(g)) < 0)
		return err;
	n = vt_gmap_get(&g->ids, doc);
	if (n != VT_NONE)
		goto found;
	key = vt_graph__numkey(doc);
	if (!key)
		return vt_error_oom();
	err = key[0] ? resolve_key(id, candidates, g, doc, key) : 1;
	free(key);
	if (err <= 0)
		return err;
	for (n = 0; n < g->nnodes; n++)
		if (!strcasecmp(g->nodes[n].id, doc))
			goto found;
	return vt_error_set(VT_ENOTFOUND, "no document '%s'", doc);
found:
	*id = strdup(g->nodes[n].id);
	return *id ? 0 : vt_error_oom();
}
