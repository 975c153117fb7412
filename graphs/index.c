/*
 * The graph index cache (see index.h).  Records are kept whole, as compact
 * JSON, because the queries beyond lineage (tasks, brief, export) need
 * their tasks, references and warnings; what the cache saves is the walk
 * of the git trees and the blob reads, which dominate at scale.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "graphs/graph_int.h"
#include "graphs/index.h"

#define MAGIC "VTGIDX03"
#define MAGIC_LEN 8
#define HEADER_LEN (MAGIC_LEN + VT_OID_HEXSZ + 2 * 8)   /* 64: keeps 8-alignment */
#define NOSTR VT_NOSTR
#define ORDER 0x0102030405060708ull   /* byte order and word size of the writer */
#define NCOUNT 16

/*
 * The payload, every section 8-aligned so that the file is used in place
 * (mmap): counts[NCOUNT] (ORDER, nodes, edges, records, string bytes, ids
 * slots, keys slots, out, in, cites, record bytes); nodes; out/in/cites
 * offsets (CSR, nodes + 1 each); out and in edge lists; the nodes at their
 * other ends (u32; with the first two, vt_graph.adj); cites (by, ref);
 * edges; the ids and keys hash tables as they are in memory; the strings;
 * then the records (offset, length, sum each, and their compact JSON),
 * which only some commands read and which are checked one by one then.
 */
struct dnode {
	uint32_t id, number, key, type, date, subject, issuer, province;
	int32_t level;
	uint32_t held;
	uint64_t next_key;
};

_Static_assert(sizeof(size_t) == 8, "the index file holds size_t words");
_Static_assert(sizeof(struct vt_cite) == 16, "cites are two words");

/*
 * A checksum against torn or damaged files (not against an attacker: the
 * file lives in the user's own git directory).  Four lanes, so that the
 * multiplications overlap: it runs at memory speed.
 */
unsigned long long vt_index__sum(const unsigned char *p, size_t n)
{
	/*
	 * Four lanes in scalar registers: as an array the loop was vectorised
	 * into SSE2, which has no 64-bit multiply, and ran at under half this
	 * speed; the load of a 1M-document index was mostly this sum.
	 */
	uint64_t h0 = 0x9e3779b97f4a7c15ull ^ n, h1 = 0xc2b2ae3d27d4eb4full,
	         h2 = 0x165667b19e3779f9ull, h3 = 0x27d4eb2f165667c5ull;
	size_t i = 0;

#define LANE(h, k) do { uint64_t w_; memcpy(&w_, p + i + 8 * (k), 8); \
	h ^= w_; h *= 0xff51afd7ed558ccdull; h ^= h >> 29; } while (0)
	for (; i + 32 <= n; i += 32) {
		LANE(h0, 0);
		LANE(h1, 1);
		LANE(h2, 2);
		LANE(h3, 3);
	}
#undef LANE
	for (; i < n; i++) {
		h0 ^= p[i];
		h0 *= 0xc4ceb9fe1a85ec53ull;
	}
	uint64_t r = h0 ^ (h1 * 3) ^ (h2 * 5) ^ (h3 * 7);
	r ^= r >> 33;
	r *= 0xff51afd7ed558ccdull;
	r ^= r >> 33;
	return r;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

int vt_index_path(char **out, struct vt_store *s)
{
	const char *dir = vt_store_datadir(s);

	*out = NULL;
	if (!dir)
		return vt_error_last_code() ? vt_error_last_code() : VT_EIO;
	if (asprintf(out, "%s/graph-index", dir) < 0) {
		*out = NULL;
		return vt_error_oom();
	}
	return 0;
}

struct wbuf {
	unsigned char *p;
	size_t len, cap;
};

static int wreserve(struct wbuf *b, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 1 << 16;
		unsigned char *p;
		while (cap < b->len + n)
			cap *= 2;
		if (!(p = realloc(b->p, cap)))
			return vt_error_oom();
		b->p = p;
		b->cap = cap;
	}
	return 0;
}

static int wput(struct wbuf *b, const void *data, size_t n)
{
	if (!n)                 /* a node without edges has no array at all */
		return 0;
	if (wreserve(b, n) < 0)
		return VT_ENOMEM;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return 0;
}

static int walign(struct wbuf *b)
{
	static const unsigned char zero[8];

	return wput(b, zero, (8 - b->len % 8) % 8);
}

static int wu64(struct wbuf *b, uint64_t v)
{
	return wput(b, &v, 8);
}

/*
 * The records of an index being written, in order: printed here (`own`,
 * p NULL) or borrowed as they are from the file being replaced.  Written
 * after the graph, never copied beside it: at a few kilobytes a record
 * they are most of the file.
 */
struct rseg {
	const unsigned char *p;   /* NULL: at `off` in own, or in fd */
	size_t off, len;
	int fd;                   /* -1, or the file the bytes are in */
};

struct rout {
	struct wbuf own;
	struct rseg *seg;
	size_t nseg, cseg, total;
};

static int rout_add(struct rout *ro, const unsigned char *p, size_t off, size_t len,
                    int fd)
{
	if (vt_graph__grow(&ro->seg, &ro->cseg, ro->nseg + 1, sizeof(*ro->seg)) < 0)
		return VT_ENOMEM;
	ro->seg[ro->nseg++] = (struct rseg){ p, off, len, fd };
	ro->total += len;
	return 0;
}

static void rout_free(struct rout *ro)
{
	free(ro->own.p);
	free(ro->seg);
}

/* len bytes at off of fd onto f: 0, or -1 (errno set). */
static int copy_from(FILE *f, int fd, size_t off, size_t len)
{
	unsigned char buf[1 << 16];

	while (len) {
		ssize_t r = pread(fd, buf, len < sizeof(buf) ? len : sizeof(buf), (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		if (fwrite(buf, 1, (size_t)r, f) != (size_t)r)
			return -1;
		off += (size_t)r;
		len -= (size_t)r;
	}
	return 0;
}

static int write_file(const char *path, const unsigned char *p, size_t n,
                      const struct rout *ro)
{
	char *tmp;
	FILE *f;
	int ok;

	if (asprintf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0)
		return vt_error_oom();
	if (!(f = fopen(tmp, "wb"))) {
		int err = vt_error_set(VT_EIO, "cannot write '%s': %s", tmp, strerror(errno));
		free(tmp);
		return err;
	}
	ok = fwrite(p, 1, n, f) == n;
	for (size_t i = 0; ok && ro && i < ro->nseg; i++) {
		const struct rseg *sg = &ro->seg[i];

		if (sg->fd >= 0)
			ok = copy_from(f, sg->fd, sg->off, sg->len) == 0;
		else
			ok = fwrite(sg->p ? sg->p : ro->own.p + sg->off, 1, sg->len, f) == sg->len;
	}
	ok = (fclose(f) == 0) && ok;
	/* rename() makes a reader see the old file or the new, never half. */
	if (!ok || rename(tmp, path) < 0) {
		int err = vt_error_set(VT_EIO, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return err;
	}
	free(tmp);
	return 0;
}

/* The string table: each distinct string once (types, dates, issuers repeat). */
struct strtab {
	struct wbuf b;
	struct vt_gmap seen;    /* string -> offset; keys point into the graph */
};

static int str_off(uint32_t *off, struct strtab *t, const char *s)
{
	size_t o, n;

	if (!s) {
		*off = NOSTR;
		return 0;
	}
	if ((o = vt_gmap_get(&t->seen, s)) != VT_NONE) {
		*off = (uint32_t)o;
		return 0;
	}
	n = strlen(s) + 1;
	if (t->b.len + n >= NOSTR)
		return vt_error_set(VT_ETOOBIG, "strings too large for the graph index");
	*off = (uint32_t)t->b.len;
	if (wput(&t->b, s, n) < 0 || vt_gmap_put(&t->seen, s, *off) < 0)
		return VT_ENOMEM;
	return 0;
}

static int put_map(struct wbuf *b, struct strtab *t, const struct vt_gmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		struct vt_dslot d = { NOSTR, 0, VT_NONE };
		/* A map read from an index is written as it was read. */
		const char *key = !m->slots ? m->keys[i]
		                  : m->slots[i].key == NOSTR ? NULL : m->strtab + m->slots[i].key;
		if (key) {
			if (str_off(&d.key, t, key) < 0)
				return vt_error_last_code();
			d.val = m->slots ? m->slots[i].val : m->vals[i];
		}
		if (wput(b, &d, sizeof(d)) < 0)
			return VT_ENOMEM;
	}
	return 0;
}

/*
 * Record i as it lies in the file a lazy (or skeleton) graph came from,
 * if it was never parsed: its table entry and bytes are taken as they
 * are, which spares a parse and a print.  0 done, 1 not such a record.
 */
static int put_raw_record(struct wbuf *b, struct rout *ro, const struct vt_graph *g,
                          size_t i)
{
	struct vt_rawrec r;
	int err;

	if (g->skeleton) {
		if (wu64(b, ro->total) < 0 || wu64(b, g->raw[i].len) < 0 ||
		    wu64(b, g->raw[i].sum) < 0)
			return VT_ENOMEM;
		return g->raw[i].p ? rout_add(ro, g->raw[i].p, 0, (size_t)g->raw[i].len, -1)
		                   : rout_add(ro, NULL, (size_t)g->raw[i].foff,
		                              (size_t)g->raw[i].len, g->rawfd);
	}
	if (!(g->lazy && !g->recs[i]))
		return 1;
	if ((err = vt_graph__raw_record(&r, g, i)) < 0)
		return err;
	if (wu64(b, ro->total) < 0 || wu64(b, r.len) < 0 || wu64(b, r.sum) < 0)
		return VT_ENOMEM;
	return rout_add(ro, r.p, 0, (size_t)r.len, -1);
}

static int put_graph(struct wbuf *b, struct strtab *t, struct vt_graph *g,
                     struct rout *ro)
{
	size_t nout = 0, nin = 0, ncites = 0, i, o;
	size_t counts_at = b->len;
	int err = 0;

	for (i = 0; i < NCOUNT; i++)
		if (wu64(b, 0) < 0)
			return VT_ENOMEM;
	for (i = 0; i < g->nnodes && !err; i++) {
		const struct vt_node *n = &g->nodes[i];
		struct dnode d = { 0 };
		d.level = n->level;
		d.held = (uint32_t)n->held;
		d.next_key = n->next_key;
		if ((err = str_off(&d.id, t, n->id)) < 0 ||
		    (err = str_off(&d.number, t, n->number)) < 0 ||
		    (err = str_off(&d.key, t, n->key)) < 0 ||
		    (err = str_off(&d.type, t, n->type)) < 0 ||
		    (err = str_off(&d.date, t, n->date)) < 0 ||
		    (err = str_off(&d.subject, t, n->subject)) < 0 ||
		    (err = str_off(&d.issuer, t, n->issuer)) < 0 ||
		    (err = str_off(&d.province, t, n->province)) < 0)
			break;
		err = wput(b, &d, sizeof(d));
	}
	for (int pass = 0; pass < 3 && !err; pass++) {
		for (i = 0, o = 0; i <= g->nnodes && !err; i++) {
			err = wu64(b, o);
			if (i < g->nnodes)
				o += pass == 0 ? g->nodes[i].nout : pass == 1 ? g->nodes[i].nin
				                                           : g->nodes[i].ncites;
		}
		*(pass == 0 ? &nout : pass == 1 ? &nin : &ncites) = o;
	}
	for (i = 0; i < g->nnodes && !err; i++)
		err = wput(b, g->nodes[i].out, g->nodes[i].nout * sizeof(size_t));
	for (i = 0; i < g->nnodes && !err; i++)
		err = wput(b, g->nodes[i].in, g->nodes[i].nin * sizeof(size_t));
	/* The adjacency's neighbours are in node order: the lists above. */
	if (!err && (err = wput(b, g->adj[0].nbr, nout * sizeof(uint32_t))) == 0 &&
	    (err = walign(b)) == 0 &&
	    (err = wput(b, g->adj[1].nbr, nin * sizeof(uint32_t))) == 0)
		err = walign(b);
	for (i = 0; i < g->nnodes && !err; i++)
		err = wput(b, g->nodes[i].cites, g->nodes[i].ncites * sizeof(struct vt_cite));
	for (i = 0; i < g->nedges && !err; i++) {
		struct vt_dedge d = { vt_edge_from(g, i), vt_edge_to(g, i), 0, 0 };
		if ((err = str_off(&d.relation, t, vt_edge_relation(g, i))) < 0 ||
		    (err = str_off(&d.asserted_by, t, vt_edge_asserted_by(g, i))) < 0)
			break;
		err = wput(b, &d, sizeof(d));
	}
	if (!err)
		err = put_map(b, t, &g->ids);
	if (!err)
		err = put_map(b, t, &g->keys);
	/* Records: their table now, their text after the strings (ro). */
	for (i = 0; i < g->nrecs && !err; i++) {
		const cJSON *rec;
		char *js;
		size_t l;

		if ((err = put_raw_record(b, ro, g, i)) <= 0)
			continue;
		rec = vt_graph_record(g, i);
		if (!(js = rec ? cJSON_PrintUnformatted(rec) : NULL)) {
			err = rec ? vt_error_oom() : vt_error_last_code();
			break;
		}
		l = strlen(js);
		if ((err = wu64(b, ro->total)) == 0 && (err = wu64(b, l)) == 0 &&
		    (err = wu64(b, vt_index__sum((unsigned char *)js, l))) == 0 &&
		    (err = rout_add(ro, NULL, ro->own.len, l, -1)) == 0)
			err = wput(&ro->own, js, l);
		free(js);
	}
	if (!err)
		err = walign(&t->b);
	if (!err)
		err = wput(b, t->b.p, t->b.len);
	if (!err) {
		uint64_t c[NCOUNT] = { ORDER, g->nnodes, g->nedges, g->nrecs, t->b.len,
		                       g->ids.cap, g->keys.cap, nout, nin, ncites, ro->total };
		memcpy(b->p + counts_at, c, sizeof(c));
	}
	return err < 0 ? (err == -1 ? VT_ENOMEM : err) : 0;
}

int vt_index_save(const struct vt_graph *cg, const char *commit, const char *path)
{
	/* Saving builds the graph (a cache filled on demand: logically const). */
	struct vt_graph *g = (struct vt_graph *)cg;
	struct wbuf b = { 0 };
	struct strtab t = { 0 };
	struct rout ro = { 0 };
	unsigned char hdr[HEADER_LEN] = { 0 };
	int err;

	if (!commit || strlen(commit) != VT_OID_HEXSZ)
		return vt_error_set(VT_EUSAGE, "index needs a commit id");
	if ((err = vt_graph__build(g)) < 0)
		return err;
	if ((err = wput(&b, hdr, sizeof(hdr))) == 0 &&
	    (err = put_graph(&b, &t, g, &ro)) == 0) {
		memcpy(b.p, MAGIC, MAGIC_LEN);
		memcpy(b.p + MAGIC_LEN, commit, VT_OID_HEXSZ);
		put_u64(b.p + MAGIC_LEN + VT_OID_HEXSZ, b.len - HEADER_LEN + ro.total);
		/* Only the graph is summed here; records carry their own sums. */
		put_u64(b.p + MAGIC_LEN + VT_OID_HEXSZ + 8,
		        vt_index__sum(b.p + HEADER_LEN, b.len - HEADER_LEN));
		err = write_file(path, b.p, b.len, &ro);
	}
	free(t.b.p);
	vt_gmap_free(&t.seen);
	rout_free(&ro);
	free(b.p);
	return err;
}

static int map_file(void **out, size_t *len, const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0)
		return errno == ENOENT ? vt_error_set(VT_ENOTFOUND, "no index '%s'", path)
		                       : vt_error_set(VT_EIO, "cannot read '%s': %s",
		                                      path, strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size < HEADER_LEN + NCOUNT * 8) {
		close(fd);
		return vt_error_set(VT_EINVALID, "index '%s' is truncated", path);
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return vt_error_set(VT_EIO, "cannot read '%s': %s", path, strerror(errno));
	*out = p;
	*len = (size_t)st.st_size;
	return 0;
}

static int is_hex40(const unsigned char *p)
{
	for (int i = 0; i < VT_OID_HEXSZ; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

/* Cut `n` items of `size` from the payload at *off into *at; 8-aligned. */
static int take(size_t *at, size_t *off, size_t len, uint64_t n, size_t size)
{
	if (*off > len || n > (len - *off) / size)
		return -1;
	*at = *off;
	*off += (size_t)n * size;
	*off += (8 - *off % 8) % 8;
	if (*off > len)
		*off = len;
	return 0;
}

struct sections {
	const unsigned char *base;
	uint64_t c[NCOUNT];
	const struct dnode *nodes;
	const uint64_t *off[3];
	size_t *out, *in;
	const uint32_t *outn, *inn;
	struct vt_cite *cites;
	const struct vt_dedge *edges;
	const struct vt_dslot *ids, *keys;
	const char *str;
	const unsigned char *rectab, *recblob;
};

#define SECTION(ptr, type, n, size)                                         \
	do {                                                                \
		size_t at_;                                                 \
		if (take(&at_, &off, len, (n), (size)) < 0)                 \
			return -1;                                          \
		(ptr) = (type)(void *)(p + at_);                            \
	} while (0)

/* Lay the sections over the payload `p` of `len` bytes. */
static int sections(struct sections *s, unsigned char *p, size_t len)
{
	size_t off = NCOUNT * 8;
	uint64_t nn;

	memcpy(s->c, p, sizeof(s->c));
	nn = s->c[1];
	if (s->c[0] != ORDER || nn >= VT_NONE - 1 || s->c[3] > nn ||
	    (s->c[5] & (s->c[5] - 1)) || (s->c[6] & (s->c[6] - 1)) ||
	    s->c[4] >= NOSTR || (nn && !s->c[5]))
		return -1;
	SECTION(s->nodes, const struct dnode *, nn, sizeof(struct dnode));
	for (int k = 0; k < 3; k++)
		SECTION(s->off[k], const uint64_t *, nn + 1, 8);
	SECTION(s->out, size_t *, s->c[7], 8);
	SECTION(s->in, size_t *, s->c[8], 8);
	SECTION(s->outn, const uint32_t *, s->c[7], 4);
	SECTION(s->inn, const uint32_t *, s->c[8], 4);
	SECTION(s->cites, struct vt_cite *, s->c[9], sizeof(struct vt_cite));
	SECTION(s->edges, const struct vt_dedge *, s->c[2], sizeof(struct vt_dedge));
	SECTION(s->ids, const struct vt_dslot *, s->c[5], sizeof(struct vt_dslot));
	SECTION(s->keys, const struct vt_dslot *, s->c[6], sizeof(struct vt_dslot));
	SECTION(s->rectab, const unsigned char *, s->c[3], VT_RECTAB_ENTRY);
	SECTION(s->str, const char *, s->c[4], 1);
	SECTION(s->recblob, const unsigned char *, s->c[10], 1);
	if (off != len || (s->c[4] && s->str[s->c[4] - 1] != '\0'))
		return -1;
	return 0;
}

static const char *str_at(const struct sections *s, uint32_t o, int *bad)
{
	if (o == NOSTR)
		return NULL;
	if (o >= s->c[4]) {
		*bad = 1;
		return NULL;
	}
	return s->str + o;
}

/*
 * The hash tables are used where they lie; lookups check each slot they
 * read (vt_map), so a table is not walked here.
 */
static void borrow_map(struct vt_gmap *m, const struct sections *s,
                       const struct vt_dslot *d, uint64_t cap)
{
	m->slots = cap ? d : NULL;
	m->cap = cap;
	m->strtab = s->str;
	m->strbytes = s->c[4];
	m->limit = s->c[1];
}

/* The graph laid over the sections, nodes and edges checked as they go. */
static int load_graph(struct vt_graph *g, const struct sections *s)
{
	size_t nn = s->c[1], ne = s->c[2];
	int bad = 0;

	if (!(g->nodes = calloc(nn ? nn : 1, sizeof(*g->nodes))) ||
	    !(g->recs = calloc(s->c[3] ? s->c[3] : 1, sizeof(*g->recs))))
		return vt_error_oom();
	g->borrowed = 1;
	g->nnodes = g->cnodes = nn;
	g->nedges = g->cedges = ne;
	for (int k = 0; k < 3; k++)
		if (s->off[k][0] != 0 || s->off[k][nn] != s->c[7 + k])
			return -1;
	for (size_t i = 0; i < nn && !bad; i++) {
		const struct dnode *d = &s->nodes[i];
		struct vt_node *n = &g->nodes[i];
		if (d->id == NOSTR || (d->next_key >= nn && d->next_key != VT_NONE) ||
		    !d->held != (i >= s->c[3]))
			return -1;
		n->id = (char *)str_at(s, d->id, &bad);
		n->number = (char *)str_at(s, d->number, &bad);
		n->key = (char *)str_at(s, d->key, &bad);
		n->type = str_at(s, d->type, &bad);
		n->date = str_at(s, d->date, &bad);
		n->subject = str_at(s, d->subject, &bad);
		n->issuer = str_at(s, d->issuer, &bad);
		n->province = str_at(s, d->province, &bad);
		n->level = d->level;
		n->held = (int)d->held;
		n->next_key = d->next_key;
		for (int k = 0; k < 3; k++)
			if (s->off[k][i] > s->off[k][i + 1])
				return -1;
		n->out = s->out + s->off[0][i];
		n->nout = n->cout = s->off[0][i + 1] - s->off[0][i];
		n->in = s->in + s->off[1][i];
		n->nin = n->cin = s->off[1][i + 1] - s->off[1][i];
		n->cites = s->cites + s->off[2][i];
		n->ncites = n->ccites = s->off[2][i + 1] - s->off[2][i];
	}
	for (size_t i = 0; i < s->c[7] && !bad; i++)
		bad = s->out[i] >= ne;
	for (size_t i = 0; i < s->c[8] && !bad; i++)
		bad = s->in[i] >= ne;
	/*
	 * In bounds is what safety needs; that each is its edge's other end
	 * the checksum vouches for (checking would cost a random read each).
	 */
	for (size_t i = 0; i < s->c[7] && !bad; i++)
		bad = s->outn[i] >= nn;
	for (size_t i = 0; i < s->c[8] && !bad; i++)
		bad = s->inn[i] >= nn;
	for (size_t i = 0; i < s->c[9] && !bad; i++)
		bad = s->cites[i].by >= s->c[3] ||
		      (s->cites[i].ref != VT_NONE && s->cites[i].ref > INT32_MAX);
	g->adj[0] = (struct vt_adj){ s->off[0], s->out, s->outn };
	g->adj[1] = (struct vt_adj){ s->off[1], s->in, s->inn };
	/* Edges too are used where they lie, once checked. */
	for (size_t i = 0; i < ne && !bad; i++) {
		const struct vt_dedge *d = &s->edges[i];
		bad = d->from >= nn || d->to >= nn || d->relation >= s->c[4] ||
		      (d->asserted_by != NOSTR && d->asserted_by >= s->c[4]);
	}
	if (bad)
		return -1;
	g->dedges = s->edges;
	g->strtab = s->str;
	borrow_map(&g->ids, s, s->ids, s->c[5]);
	borrow_map(&g->keys, s, s->keys, s->c[6]);
	g->nrecs = g->crecs = s->c[3];
	g->rectab = s->rectab;
	g->recblob = s->recblob;
	g->recbloblen = s->c[10];
	g->lazy = 1;
	return 0;
}

int vt_index_read(struct vt_graph **out, char commit[VT_OID_HEXSZ + 1],
                  const char *path)
{
	void *map;
	unsigned char *p;
	size_t len = 0;
	uint64_t plen, sum;
	struct sections sec;
	struct vt_graph *g = NULL;
	int err;

	*out = NULL;
	commit[0] = '\0';
	if ((err = map_file(&map, &len, path)) < 0)
		return err;
	p = map;
	plen = get_u64(p + MAGIC_LEN + VT_OID_HEXSZ);
	sum = get_u64(p + MAGIC_LEN + VT_OID_HEXSZ + 8);
	if (memcmp(p, MAGIC, MAGIC_LEN) || !is_hex40(p + MAGIC_LEN) ||
	    plen != len - HEADER_LEN ||
	    sections(&sec, p + HEADER_LEN, plen) < 0 ||
	    vt_index__sum(p + HEADER_LEN, plen - sec.c[10]) != sum) {
		munmap(map, len);
		return vt_error_set(VT_EINVALID, "index '%s' is damaged", path);
	}
	if ((err = vt_graph_new(&g)) < 0) {
		munmap(map, len);
		return err;
	}
	g->map = map;
	g->maplen = len;
	err = load_graph(g, &sec);
	if (err < 0) {
		vt_graph_free(g);
		return err == -1 ? vt_error_set(VT_EINVALID, "index '%s' is damaged", path)
		                 : err;
	}
	memcpy(commit, p + MAGIC_LEN, VT_OID_HEXSZ);
	commit[VT_OID_HEXSZ] = '\0';
	*out = g;
	return 0;
}

/* --- the delta file ------------------------------------------------- */

/*
 * Records changed in fields only (vt_graph__patch) since the index was
 * written live in a small file beside it, "graph-index-delta", so that a
 * commit of a few documents costs writing those, not the index:
 * "VTGDLT01", the index's commit, the commit the delta brings it to, u64
 * count, u64 payload length, u64 payload sum; then per record u64 index,
 * u64 length and its compact JSON.  A delta whose first commit is not the
 * index's (the index was rewritten since) is ignored.
 */
#define DMAGIC "VTGDLT01"
#define DHEADER_LEN (MAGIC_LEN + 2 * VT_OID_HEXSZ + 3 * 8)

static int delta_path(char **out, const char *path)
{
	if (asprintf(out, "%s-delta", path) < 0) {
		*out = NULL;
		return vt_error_oom();
	}
	return 0;
}

static int delta_save(const struct vt_graph *g, const char *base,
                      const char *commit, const char *path)
{
	struct wbuf b = { 0 };
	unsigned char hdr[DHEADER_LEN] = { 0 };
	int err = wput(&b, hdr, sizeof(hdr));

	for (size_t k = 0; k < g->npatched && !err; k++) {
		size_t i = g->patched[k];
		char *js = cJSON_PrintUnformatted(g->recs[i]);
		size_t l;
		if (!js) {
			err = vt_error_oom();
			break;
		}
		l = strlen(js);
		if ((err = wu64(&b, i)) == 0 && (err = wu64(&b, l)) == 0)
			err = wput(&b, js, l);
		free(js);
	}
	if (!err) {
		memcpy(b.p, DMAGIC, MAGIC_LEN);
		memcpy(b.p + MAGIC_LEN, base, VT_OID_HEXSZ);
		memcpy(b.p + MAGIC_LEN + VT_OID_HEXSZ, commit, VT_OID_HEXSZ);
		put_u64(b.p + MAGIC_LEN + 2 * VT_OID_HEXSZ, g->npatched);
		put_u64(b.p + MAGIC_LEN + 2 * VT_OID_HEXSZ + 8, b.len - DHEADER_LEN);
		put_u64(b.p + MAGIC_LEN + 2 * VT_OID_HEXSZ + 16,
		        vt_index__sum(b.p + DHEADER_LEN, b.len - DHEADER_LEN));
		err = write_file(path, b.p, b.len, NULL);
	}
	free(b.p);
	return err < 0 ? err : 0;
}

/* A small file whole, or NULL (absent or unreadable: no delta). */
static unsigned char *read_all(size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n))) {
		if (fread(p, 1, (size_t)n, f) == (size_t)n) {
			*len = (size_t)n;
		} else {
			free(p);
			p = NULL;
		}
	}
	fclose(f);
	return p;
}

/* The records of a delta payload, parsed and checked, before any is used. */
static int delta_parse(cJSON **recs, size_t *idx, size_t n, struct vt_graph *g,
                       const unsigned char *p, size_t len)
{
	size_t off = 0;

	for (size_t k = 0; k < n; k++) {
		uint64_t i, l;
		if (len - off < 16)
			return -1;
		i = get_u64(p + off);
		l = get_u64(p + off + 8);
		off += 16;
		if (l > len - off || i >= g->nrecs)
			return -1;
		recs[k] = cJSON_ParseWithLength((const char *)p + off, (size_t)l);
		idx[k] = (size_t)i;
		off += (size_t)l;
		if (!recs[k] || vt_graph__patch(g, idx[k], recs[k], 1) != 1)
			return -1;
	}
	return off == len ? 0 : -1;
}

static int delta_apply(struct vt_graph *g, cJSON **recs, const size_t *idx, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int r = vt_graph__patch(g, idx[k], recs[k], 0);
		if (r < 0)
			return r;
		recs[k] = NULL;         /* the graph has it now */
	}
	return 0;
}

int vt_index__load_delta(struct vt_graph *g, const char *base,
                         char commit[VT_OID_HEXSZ + 1], const char *path)
{
	size_t len = 0, n = 0, *idx = NULL;
	unsigned char *p;
	cJSON **recs = NULL;
	int err = 0, ok = 0;

	if (!(p = read_all(&len, path)))
		return 0;
	if (len >= DHEADER_LEN && !memcmp(p, DMAGIC, MAGIC_LEN) &&
	    !memcmp(p + MAGIC_LEN, base, VT_OID_HEXSZ) &&
	    is_hex40(p + MAGIC_LEN + VT_OID_HEXSZ) &&
	    get_u64(p + MAGIC_LEN + 2 * VT_OID_HEXSZ + 8) == len - DHEADER_LEN &&
	    get_u64(p + MAGIC_LEN + 2 * VT_OID_HEXSZ + 16) ==
	            vt_index__sum(p + DHEADER_LEN, len - DHEADER_LEN)) {
		n = get_u64(p + MAGIC_LEN + 2 * VT_OID_HEXSZ);
		ok = n <= g->nrecs && (len - DHEADER_LEN) / 16 >= n;
	}
	if (ok && n) {
		recs = calloc(n, sizeof(*recs));
		idx = calloc(n, sizeof(*idx));
		if (!recs || !idx)
			err = vt_error_oom();
		else if (delta_parse(recs, idx, n, g, p + DHEADER_LEN, len - DHEADER_LEN) < 0)
			ok = 0;
		else
			err = delta_apply(g, recs, idx, n);
	}
	if (ok && err == 0) {
		memcpy(commit, p + MAGIC_LEN + VT_OID_HEXSZ, VT_OID_HEXSZ);
		commit[VT_OID_HEXSZ] = '\0';
	}
	for (size_t k = 0; recs && k < n; k++)
		cJSON_Delete(recs[k]);
	free(recs);
	free(idx);
	free(p);
	if (err < 0)
		return err;
	vt_error_clear();
	return 0;
}

/* --- catching up ---------------------------------------------------- */

struct changes {
	struct vt_index_change *v;
	size_t n, cap;
};

static int change_cb(const char *id, enum vt_change kind, cJSON *rec, void *payload)
{
	struct changes *c = payload;

	if (vt_graph__grow(&c->v, &c->cap, c->n + 1, sizeof(*c->v)) < 0 ||
	    !(c->v[c->n].id = strdup(id))) {
		cJSON_Delete(rec);
		return vt_error_oom();
	}
	/* Unusable (rec NULL), as a full walk would find it: it goes. */
	c->v[c->n].rec = rec;
	c->v[c->n++].kind = kind;
	return 0;
}

static void changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		cJSON_Delete(c->v[i].rec);
	}
	free(c->v);
}

/* What the store says changed from `from` to `to`, with the new records. */
static int read_changes(struct changes *c, struct vt_store *s, const char *from,
                        const char *to)
{
	return vt_store_changes_read(s, from, to, change_cb, c);
}

static void will_need(const void *p, size_t len, uintptr_t page)
{
	uintptr_t a = (uintptr_t)p & ~(page - 1);

	if (len)
		madvise((void *)a, (uintptr_t)p + len - a, MADV_WILLNEED);
}

/*
 * The old versions of the changed records are read back from the index
 * file, each from its own page.  On a cold page cache each was a disk
 * read waited for in turn (0.1-4 ms each, 100 in a row): ask for the
 * pages of their table entries together, then for the records together,
 * so that the reads overlap.
 */
static void prefetch_old(const struct vt_graph *g, const struct vt_index_change *c,
                         size_t n)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	struct vt_rawrec raw;
	size_t *at, k;

	if (!g->lazy || !g->rectab || !(at = malloc(n * sizeof(*at))))
		return;
	for (k = 0; k < n; k++) {
		at[k] = vt_gmap_get(&g->ids, c[k].id);
		if (at[k] < g->nrecs && !g->recs[at[k]])
			will_need(g->rectab + at[k] * VT_RECTAB_ENTRY, VT_RECTAB_ENTRY, page);
	}
	for (k = 0; k < n; k++)
		if (at[k] < g->nrecs && !g->recs[at[k]] && vt_graph__raw_record(&raw, g, at[k]) == 0)
			will_need(raw.p, raw.len, page);
	free(at);
	vt_error_clear();
}

/* Fields only, every one of them: patched in place (1), else 0. */
static int apply_in_place(struct vt_graph *g, struct vt_index_change *c, size_t n)
{
	size_t i, k;
	int r;

	prefetch_old(g, c, n);
	for (k = 0; k < n; k++) {
		if (c[k].kind != VT_CHANGED || !c[k].rec ||
		    (i = vt_gmap_get(&g->ids, c[k].id)) >= g->nrecs)
			return 0;
		if ((r = vt_graph__patch(g, i, c[k].rec, 1)) != 1)
			return r;
	}
	for (k = 0; k < n; k++) {
		if ((r = vt_graph__patch(g, vt_gmap_get(&g->ids, c[k].id), c[k].rec, 0)) < 0)
			return r;
		c[k].rec = NULL;        /* the graph has it now */
	}
	return 1;
}

static int apply_rebuild(struct vt_graph *g, struct vt_index_change *c, size_t n,
                         struct vt_index_stats *st)
{
	int err = 0;

	for (size_t k = 0; k < n && err >= 0; k++) {
		if (!c[k].rec) {
			err = vt_graph__remove(g, c[k].id);
			st->removed += c[k].kind == VT_REMOVED;
			continue;
		}
		err = vt_graph__replace(g, c[k].rec);
		c[k].rec = NULL;
		st->changed++;
	}
	if (err >= 0)
		err = vt_graph__sort(g);
	/* The file will be written whole: no delta is owed. */
	free(g->patched);
	free(g->is_patched);
	g->patched = NULL;
	g->is_patched = NULL;
	g->npatched = g->cpatched = 0;
	return err < 0 ? err : 0;
}

/* --- an index written from records fed one by one ------------------ */

/*
 * A graph of 10,000 records of some 50 KB of cJSON each took 500 MB to
 * build: every record was held parsed.  An index is now written from a
 * feed instead: each record gives the build its skeleton (a twentieth of
 * it) and the file its compact JSON, borrowed from the index being
 * replaced where it is unchanged; the graph is then read back from the
 * file, its records parsed only when a query asks for them.
 */
struct feed_ent {
	cJSON *skel;
	struct vt_rawrec raw;     /* summed; p NULL: at `off` in own, or spilled */
	size_t off;
	int spilled;              /* at raw.foff in feed.spill */
};

struct feed {
	struct feed_ent *v;
	size_t n, cap;
	struct wbuf own;          /* bytes of the records printed or minified here */
	size_t skipped;           /* records that are no use (as load_cb counts) */
	/*
	 * Or, for a walk of the whole store, an unlinked scratch file beside
	 * the index that they go to (-1: none): at 100,000 records they are
	 * 700 MB that need not stay in memory until the index is written.
	 */
	int spill;
	uint64_t spilled;
};

static void feed_free(struct feed *f)
{
	for (size_t i = 0; i < f->n; i++)
		cJSON_Delete(f->v[i].skel);
	free(f->v);
	free(f->own.p);
	if (f->spill >= 0)
		close(f->spill);
}

/* The entry's bytes, just put in own, to the spill file instead. */
static int spill(struct feed *f, struct feed_ent *e)
{
	const unsigned char *p = f->own.p + e->off;
	size_t left = e->raw.len, at = 0;

	while (left) {
		ssize_t w = pwrite(f->spill, p + at, left, (off_t)(f->spilled + at));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return vt_error_set(VT_EIO, "cannot write the graph index's scratch file: %s",
			                    w < 0 ? strerror(errno) : "disk full");
		at += (size_t)w;
		left -= (size_t)w;
	}
	e->raw.foff = f->spilled;
	e->spilled = 1;
	f->spilled += e->raw.len;
	f->own.len = e->off;   /* own is only the scratch of one record now */
	return 0;
}

/*
 * One record: `rec` for its skeleton, and its bytes: borrowed (`raw`,
 * compact and summed already), else `json` (len bytes) minified into own,
 * else `rec` printed.  A record without an id is counted and left out.
 */
static int feed_add(struct feed *f, const cJSON *rec, const struct vt_rawrec *raw,
                    const char *json, size_t len)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
	struct feed_ent *e;
	char *js = NULL;

	if (!cJSON_IsObject(rec) || !cJSON_IsString(id) || !id->valuestring[0]) {
		f->skipped++;
		return 0;
	}
	if (vt_graph__grow(&f->v, &f->cap, f->n + 1, sizeof(*f->v)) < 0)
		return VT_ENOMEM;
	e = &f->v[f->n];
	memset(e, 0, sizeof(*e));
	if (!(e->skel = vt_graph__skeleton(rec)))
		return VT_ENOMEM;
	if (raw) {
		e->raw = *raw;
	} else {
		if (!json) {
			if (!(js = cJSON_PrintUnformatted(rec))) {
				cJSON_Delete(e->skel);
				return vt_error_oom();
			}
			json = js;
			len = strlen(js);
		}
		e->off = f->own.len;
		if (wput(&f->own, json, len) < 0 || wput(&f->own, "", 1) < 0) {
			free(js);
			cJSON_Delete(e->skel);
			return VT_ENOMEM;
		}
		free(js);
		/* The stored file is canonical (indented): the index keeps it compact. */
		cJSON_Minify((char *)f->own.p + e->off);
		e->raw.len = strlen((char *)f->own.p + e->off);
		e->raw.sum = vt_index__sum(f->own.p + e->off, e->raw.len);
		f->own.len = e->off + e->raw.len;
		if (f->spill >= 0 && spill(f, e) < 0) {
			cJSON_Delete(e->skel);
			return VT_EIO;
		}
	}
	f->n++;
	return 0;
}

static int cmp_feed(const void *a, const void *b)
{
	const struct feed_ent *x = a, *y = b;

	return strcmp(cJSON_GetObjectItemCaseSensitive(x->skel, "id")->valuestring,
	              cJSON_GetObjectItemCaseSensitive(y->skel, "id")->valuestring);
}

/*
 * Write the index of `commit` at `path` from the feed (emptied), with
 * `aliases` (borrowed), and read it back into *out.
 */
static int feed_write(struct vt_graph **out, struct feed *f, const cJSON *aliases,
                      const char *commit, const char *path)
{
	char got[VT_OID_HEXSZ + 1];
	struct vt_rawrec *raw = NULL;
	struct vt_graph *g = NULL;
	size_t i, k, skipped = f->skipped;
	int err;

	*out = NULL;
	/* Records go in id order, as a full walk gives them (vt_graph__sort). */
	qsort(f->v, f->n, sizeof(*f->v), cmp_feed);
	if ((err = vt_graph_new(&g)) < 0)
		goto done;
	g->skeleton = 1;
	if (!(raw = calloc(f->n ? f->n : 1, sizeof(*raw)))) {
		err = vt_error_oom();
		goto done;
	}
	for (i = k = 0; i < f->n; i++) {
		struct feed_ent *e = &f->v[i];

		err = vt_graph__adopt(g, e->skel);
		e->skel = NULL;                 /* the graph's, or freed */
		if (err == VT_ENOMEM)
			goto done;
		if (err < 0) {                  /* the same id twice: the first holds */
			skipped++;
			vt_error_clear();
			continue;
		}
		raw[k] = e->raw;
		if (!raw[k].p && !e->spilled)
			raw[k].p = f->own.p + e->off;   /* own no longer moves */
		k++;
	}
	g->raw = raw;
	g->rawfd = f->spill;
	if (aliases)
		vt_graph__set_aliases(g, cJSON_Duplicate(aliases, 1));
	if ((err = vt_index_save(g, commit, path)) < 0)
		goto done;
	vt_graph_free(g);
	g = NULL;
	if ((err = vt_index_read(&g, got, path)) < 0)
		goto done;
	if (strcmp(got, commit)) {
		err = vt_error_set(VT_EIO, "index '%s' was replaced while written", path);
		goto done;
	}
	g->skipped = skipped;
	if (aliases)
		vt_graph__set_aliases(g, cJSON_Duplicate(aliases, 1));
	*out = g;
	g = NULL;
done:
	vt_graph_free(g);
	free(raw);
	return err;
}

static int feed_cb(const struct vt_store_entry *e, void *payload)
{
	return feed_add(payload, e->rec, NULL, e->json, e->len);
}

/* An unlinked scratch file beside `path`, or -1 (the records stay in memory). */
static int scratch_file(const char *path)
{
	char *tmp;
	int fd;

	if (asprintf(&tmp, "%s.feedXXXXXX", path) < 0)
		return -1;
	if ((fd = mkstemp(tmp)) >= 0)
		unlink(tmp);
	free(tmp);
	return fd;
}

/* The index of the store at `commit` (HEAD), written from a walk of it. */
static int index_from_store(struct vt_graph **out, struct vt_store *s,
                            const char *commit, const char *path)
{
	struct feed f = { .spill = scratch_file(path) };
	cJSON *aliases = NULL;
	int err;

	if ((err = vt_store_foreach(s, commit, feed_cb, &f)) == 0 &&
	    (err = vt_graph__read_aliases(&aliases, s, commit)) == 0)
		err = feed_write(out, &f, aliases, commit, path);
	cJSON_Delete(aliases);
	feed_free(&f);
	return err;
}

/* The id of record i of a graph read from an index. */
static const char *record_id(const struct vt_graph *g, size_t i)
{
	const cJSON *id;

	if (!g->recs[i])                /* lazy: held node i is record i */
		return g->nodes[i].id;
	id = cJSON_GetObjectItemCaseSensitive(g->recs[i], "id");
	return cJSON_IsString(id) ? id->valuestring : NULL;
}

/*
 * The index of `commit` from the graph `*gp` read from the index of an
 * older commit and the changes since: the records that did not change
 * are borrowed from its file.  *gp becomes the new graph; on failure it
 * is left as it was (the changes too) for a rebuild in memory.
 */
static int index_from_graph(struct vt_graph **gp, const struct vt_index_change *c,
                            size_t n, const char *commit, const char *path,
                            struct vt_index_stats *st)
{
	struct vt_graph *g = *gp, *ng = NULL;
	struct vt_gmap gone = { 0 };
	struct feed f = { .spill = -1 };
	size_t i, k, changed = 0, removed = 0;
	int err = 0;

	for (k = 0; k < n && !err; k++)
		if (vt_gmap_put(&gone, c[k].id, k) < 0)
			err = VT_ENOMEM;
	for (i = 0; i < g->nrecs && !err; i++) {
		const char *id = record_id(g, i);
		const cJSON *rec;
		struct vt_rawrec raw;
		cJSON *tmp;

		if (id && vt_gmap_get(&gone, id) != VT_NONE)
			continue;
		/* Parsed from the file (tmp) for its skeleton, its bytes kept as they are. */
		if (!(rec = vt_graph__record_scan(g, i, &tmp)))
			err = vt_error_last_code() < 0 ? vt_error_last_code() : VT_EINVALID;
		else if (!tmp)
			err = feed_add(&f, rec, NULL, NULL, 0);
		else if ((err = vt_graph__raw_record(&raw, g, i)) == 0)
			err = feed_add(&f, rec, &raw, NULL, 0);
		cJSON_Delete(tmp);
	}
	for (k = 0; k < n && !err; k++) {
		removed += c[k].kind == VT_REMOVED;
		if (!c[k].rec)
			continue;
		changed++;
		err = feed_add(&f, c[k].rec, NULL, NULL, 0);
	}
	vt_gmap_free(&gone);
	/* Written while the old file is still mapped: its records are borrowed. */
	if (!err && (err = feed_write(&ng, &f, g->aliases, commit, path)) == 0) {
		vt_graph_free(g);
		*gp = ng;
		st->changed += changed;
		st->removed += removed;
	}
	feed_free(&f);
	return err;
}

/* Past this many patched records, writing the index whole is cheaper. */
static int delta_worth_it(const struct vt_graph *g)
{
	return g->npatched <= 1024 || g->npatched <= g->nrecs / 8;
}

int vt_index__update(struct vt_graph **gp, struct vt_index_change *c, size_t n,
                     const char *base, const char *commit, const char *path,
                     struct vt_index_stats *st)
{
	struct vt_graph *g = *gp;
	char *dpath = NULL;
	int r, err = 0;

	/* A graph marked for a rebuild (its aliases changed) is not patched. */
	if ((r = g->dirty ? 0 : apply_in_place(g, c, n)) < 0)
		return r;
	st->in_place = r;
	if (r)
		st->changed += n;
	if (path && (err = delta_path(&dpath, path)) < 0)
		return err;
	if (!r && path) {
		err = index_from_graph(gp, c, n, commit, path, st);
		if (err == 0) {
			st->saved = 1;
			unlink(dpath);   /* of the old index: ignored anyway */
			free(dpath);
			return 0;
		}
		if (err == VT_ENOMEM) {
			free(dpath);
			return err;
		}
		vt_error_clear();    /* cannot write it: rebuilt in memory, as before */
	}
	if (!r && (err = apply_rebuild(g, c, n, st)) < 0) {
		free(dpath);
		return err;
	}
	if (!path)
		return 0;
	if (r && delta_worth_it(g)) {
		err = delta_save(g, base, commit, dpath);
	} else if ((err = vt_index_save(g, commit, path)) == 0) {
		/* A delta of the old index is ignored anyway; this saves the read. */
		unlink(dpath);
	}
	free(dpath);
	/* A cache we cannot write is only a slower next run. */
	if (err == VT_ENOMEM)
		return err;
	st->saved = err == 0;
	vt_error_clear();
	return 0;
}

/*
 * The aliases at `to` go with the graph, so that a rebuild keeps them.
 * When they differ from those at `from`, the nodes built with the old
 * ones are stale and the graph is marked for a rebuild.
 */
static int catch_up_aliases(struct vt_graph *g, struct vt_store *s, const char *from,
                            const char *to)
{
	cJSON *old = NULL, *now = NULL;
	int err, changed;

	if ((err = vt_graph__read_aliases(&old, s, from)) < 0 ||
	    (err = vt_graph__read_aliases(&now, s, to)) < 0) {
		cJSON_Delete(old);
		return err;
	}
	changed = (old || now) && !(old && now && cJSON_Compare(old, now, 1));
	cJSON_Delete(old);
	vt_graph__set_aliases(g, now);
	if (changed)
		g->dirty = 1;   /* rebuilt, from its records as they lie (lazy) */
	return 0;
}

/* Catch the graph of the index of `base` (at `from`) up with `to`. */
static int catch_up(struct vt_graph **g, struct vt_store *s, const char *base,
                    const char *from, const char *to, const char *path,
                    struct vt_index_stats *st)
{
	struct changes c = { 0 };
	int err;

	if ((err = catch_up_aliases(*g, s, from, to)) == 0 &&
	    (err = read_changes(&c, s, from, to)) == 0)
		err = vt_index__update(g, c.v, c.n, base, to, path, st);
	changes_free(&c);
	return err;
}

int vt_index_load(struct vt_graph **out, struct vt_store *s, const char *rev,
                  struct vt_index_stats *stats)
{
	struct vt_index_stats dummy;
	struct vt_index_stats *st = stats ? stats : &dummy;
	char head[VT_OID_HEXSZ + 1], cached[VT_OID_HEXSZ + 1], base[VT_OID_HEXSZ + 1];
	struct vt_graph *g = NULL;
	char *path = NULL, *dpath = NULL;
	int err, at_head;

	*out = NULL;
	memset(st, 0, sizeof(*st));
	err = vt_store_head(head, s);
	if (err == VT_ENOTFOUND) {          /* an empty store */
		vt_error_clear();
		return vt_graph_new(out);
	}
	if (err < 0)
		return err;
	at_head = !rev || !strcmp(rev, "HEAD") || !strcmp(rev, head);
	if ((err = vt_index_path(&path, s)) < 0) {
		/* No place for derived data (a read-only store): walk it. */
		vt_error_clear();
		return vt_graph__load_full(out, s, rev);
	}
	if ((err = delta_path(&dpath, path)) < 0)
		goto fail;
	err = vt_index_read(&g, cached, path);
	if (err == 0) {
		st->cache = 1;
		memcpy(base, cached, sizeof(base));
		if ((err = vt_index__load_delta(g, base, cached, dpath)) < 0)
			goto fail;
		if (at_head && !strcmp(cached, head))
			goto done;
		err = catch_up(&g, s, base, cached, at_head ? head : rev,
		               at_head ? path : NULL, st);
		if (err == 0)
			goto done;
		if (err == VT_ENOMEM)
			goto fail;
		/* The cached commit is gone (history rewritten): start over. */
		vt_graph_free(g);
		g = NULL;
		memset(st, 0, sizeof(*st));
	} else if (err == VT_ENOMEM) {
		goto fail;
	}
	vt_error_clear();
	if (at_head) {
		err = index_from_store(&g, s, head, path);
		if (err == 0) {
			st->saved = 1;
			unlink(dpath);
			goto done;
		}
		if (err == VT_ENOMEM)
			goto fail;
		/* A cache we cannot write is only a slower run: in memory. */
		vt_error_clear();
	}
	if ((err = vt_graph__load_full(&g, s, at_head ? head : rev)) < 0)
		goto fail;
done:
	/* Saving is a favour to the next run: its failure is not this one's. */
	vt_error_clear();
	snprintf(st->commit, sizeof(st->commit), "%s",
	         at_head ? head : (rev && strlen(rev) == VT_OID_HEXSZ ? rev : ""));
	free(path);
	free(dpath);
	*out = g;
	return 0;
fail:
	vt_graph_free(g);
	free(path);
	free(dpath);
	return err;
}

/* --- completions ---------------------------------------------------- */

int vt_index_done(cJSON **out, struct vt_store *s, const char *rev)
{
	int err = vt_graph__read_meta(out, s, VT_DONE_PATH, rev);

	if (err == VT_ENOTFOUND) {
		vt_error_clear();
		*out = cJSON_Parse("{\"done\": []}");
		return *out ? 0 : vt_error_oom();
	}
	if (err < 0)
		return err;
	if (!*out || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(*out, "done"))) {
		cJSON_Delete(*out);
		*out = NULL;
		return vt_error_set(VT_EINVALID, "'%s' in the store is not a list of completions",
		                    VT_DONE_PATH);
	}
	return 0;
}

void vt_index_today(char out[11])
{
	const char *env = getenv("VANTHU_TODAY");
	time_t now = time(NULL);
	struct tm tm;

	/* For tests and for "as of" reports: a fixed today. */
	if (env && strlen(env) == 10) {
		memcpy(out, env, 11);
		return;
	}
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
