/*
 * pack: one pack per store transaction (see pack.h).
 *
 * The pack file has no name while it is written, so a crash leaves
 * nothing of it behind; it becomes part of the store when it is complete,
 * fsynced and named and its .idx renamed beside it, and it is referenced
 * only once the branch moves after it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "vanthu/error.h"
#include "vanthu/text.h"
#include "delta.h"
#include "pack.h"

/* Fewer objects than this go loose, like git's transfer.unpackLimit. */
#define UNPACK_LIMIT 100
/* Above libgit2's loose (1) and packed (2) backends: we see writes first. */
#define PACK_PRIORITY 3
#define CHUNK (1 << 20)
/*
 * Blobs between these sizes are stored as a delta against the last whole
 * blob of their kind when the delta takes under half their size.  Records
 * follow records and texts follow texts, as in a fast-import stream, so
 * the base is usually a document of the same shape.
 */
#define DELTA_MIN 64
#define DELTA_BASE_MAX (1 << 20)
enum { KIND_RECORD, KIND_TEXT, KINDS };

enum pack_state {
	PACK_IDLE,      /* writes pass through; nothing held */
	PACK_ACTIVE,    /* writes land here */
	PACK_DRAINING,  /* held objects are being written loose */
};

struct entry {
	git_oid oid;
	uint64_t off;          /* of the pack entry in the scratch file */
	uint64_t size;         /* of the object */
	uint32_t len;          /* of the entry: header and deflated data */
	uint32_t base;         /* index + 1 of the delta's base; 0 when whole */
	uint32_t zsize;        /* of the deflated data once inflated */
	uint32_t crc;          /* of the entry's bytes, for the .idx */
	uint8_t hlen;          /* of the header (with the base offset) */
	git_object_t type;
};

/* A whole blob that later blobs of its kind are deltas against. */
struct base {
	size_t entry;
	unsigned char *data;
	size_t len;
	struct vt_delta_index *ix;
};

struct vt_pack {
	git_odb_backend parent;  /* first: libgit2 hands this pointer back */
	git_odb *odb;            /* borrowed: the odb owns us */
	char packdir[PATH_MAX];
	char tmpname[PATH_MAX];  /* of the pack being written; "" when O_TMPFILE */
	enum pack_state state;
	int fd;
	uint64_t off;
	int broken;              /* a write failed: the run cannot commit */
	struct entry *v;
	size_t n, cap;
	size_t *slot;            /* index + 1 into v; 0 is free */
	size_t nslots;           /* a power of two, over twice n */
	z_stream z;              /* whole blobs: texts and records */
	z_stream zd;             /* deltas, trees, commits: level 1 */
	int z_ready;
	unsigned char *buf;      /* the entry being written */
	size_t buf_cap;
	unsigned char *wbuf;     /* entries not yet written to fd */
	size_t wlen;
	struct base base[KINDS];
	unsigned char *dbuf;     /* the delta being made */
};

static int odb_error(const char *what)
{
	git_error_set_str(GIT_ERROR_ODB, what);
	return -1;
}

static size_t oid_hash(const git_oid *oid)
{
	size_t h;

	memcpy(&h, oid->id, sizeof(h));
	return h;
}

static long find(const struct vt_pack *p, const git_oid *oid)
{
	size_t mask, i;

	if (!p->nslots)
		return -1;
	mask = p->nslots - 1;
	for (i = oid_hash(oid) & mask; p->slot[i]; i = (i + 1) & mask)
		if (git_oid_equal(&p->v[p->slot[i] - 1].oid, oid))
			return (long)(p->slot[i] - 1);
	return -1;
}

static void slot_put(size_t *slot, size_t nslots, const git_oid *oid, size_t idx)
{
	size_t mask = nslots - 1, i;

	for (i = oid_hash(oid) & mask; slot[i]; i = (i + 1) & mask)
		;
	slot[i] = idx + 1;
}

static int add_entry(struct vt_pack *p, const struct entry *e)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct entry *v = realloc(p->v, cap * sizeof(*v));

		if (!v)
			return odb_error("out of memory");
		p->v = v;
		p->cap = cap;
	}
	if (2 * (p->n + 1) > p->nslots) {
		size_t nslots = p->nslots ? p->nslots * 2 : 4096;
		size_t *slot = calloc(nslots, sizeof(*slot));

		if (!slot)
			return odb_error("out of memory");
		for (size_t i = 0; i < p->n; i++)
			slot_put(slot, nslots, &p->v[i].oid, i);
		free(p->slot);
		p->slot = slot;
		p->nslots = nslots;
	}
	p->v[p->n] = *e;
	slot_put(p->slot, p->nslots, &e->oid, p->n);
	p->n++;
	return 0;
}

/* The pack entry header: type and size, 4 then 7 bits at a time. */
static size_t entry_header(unsigned char *out, git_object_t type, uint64_t size)
{
	unsigned char c = (unsigned char)(((unsigned)type << 4) | (size & 15));
	size_t n = 0;

	for (size >>= 4; size; size >>= 7) {
		out[n++] = c | 0x80;
		c = size & 0x7f;
	}
	out[n++] = c;
	return n;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *s = data;

	while (len) {
		ssize_t w = write(fd, s, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

static int flush(struct vt_pack *p)
{
	if (p->wlen && write_all(p->fd, p->wbuf, p->wlen) < 0) {
		p->broken = 1;
		return odb_error(strerror(errno));
	}
	p->wlen = 0;
	return 0;
}

/* A few bytes (len <= CHUNK) into the write buffer. */
static int buffer(struct vt_pack *p, const void *data, size_t len)
{
	if (p->wlen + len > CHUNK && flush(p) < 0)
		return -1;
	memcpy(p->wbuf + p->wlen, data, len);
	p->wlen += len;
	return 0;
}

static int grow(struct vt_pack *p, size_t need)
{
	unsigned char *b;

	if (need <= p->buf_cap)
		return 0;
	if (!(b = realloc(p->buf, need)))
		return odb_error("out of memory");
	p->buf = b;
	p->buf_cap = need;
	return 0;
}

/*
 * Deflated data goes straight into the write buffer, a chunk at a time:
 * an object of 20 MB (the commit of a large ingest, with a line per
 * record) needs no buffer of its size beside it.
 */
static int put_deflated(struct vt_pack *p, z_stream *z, const void *data, size_t len,
                        uint64_t *out, uint32_t *crc)
{
	int zr;

	deflateReset(z);
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	do {
		size_t at;

		if (p->wlen == CHUNK && flush(p) < 0)
			return -1;
		at = p->wlen;
		z->next_out = p->wbuf + p->wlen;
		z->avail_out = (uInt)(CHUNK - p->wlen);
		zr = deflate(z, Z_FINISH);
		p->wlen = CHUNK - z->avail_out;
		*crc = (uint32_t)crc32(*crc, p->wbuf + at, (uInt)(p->wlen - at));
	} while (zr == Z_OK);
	if (zr != Z_STREAM_END)
		return odb_error("cannot deflate object");
	*out = z->total_out;
	return 0;
}

static void base_clear(struct base *bs)
{
	vt_delta_index_free(bs->ix);
	free(bs->data);
	memset(bs, 0, sizeof(*bs));
}

/* Entry `i`, just written whole, becomes the base of its kind. */
static void base_set(struct base *bs, size_t i, const void *data, size_t len)
{
	base_clear(bs);
	if (!(bs->data = malloc(len)))
		return;
	memcpy(bs->data, data, len);
	bs->len = len;
	bs->entry = i;
	if (vt_delta_index_new(&bs->ix, bs->data, len) < 0)
		base_clear(bs);
}

/* The header of an OBJ_OFS_DELTA entry ends with the distance back to its base. */
static size_t ofs_header(unsigned char *out, uint64_t ofs)
{
	unsigned char tmp[10];
	size_t at = sizeof(tmp) - 1, n;

	tmp[at] = ofs & 127;
	while (ofs >>= 7)
		tmp[--at] = (unsigned char)(128 | (--ofs & 127));
	n = sizeof(tmp) - at;
	memcpy(out, tmp + at, n);
	return n;
}

static int pack_write(git_odb_backend *b, const git_oid *oid, const void *data,
                      size_t len, git_object_t type)
{
	struct vt_pack *p = (struct vt_pack *)b;
	struct base *bs = NULL;
	unsigned char hdr[32];
	struct entry e = { 0 };
	size_t dlen = 0;
	uint64_t z;

	if (p->state != PACK_ACTIVE)
		return GIT_PASSTHROUGH;
	if (find(p, oid) >= 0)
		return 0;
	if (len > UINT32_MAX / 2) {
		p->broken = 1;
		return odb_error("object too large for the pack");
	}
	if (type == GIT_OBJECT_BLOB && len >= DELTA_MIN && len <= DELTA_BASE_MAX) {
		bs = &p->base[*(const char *)data == '{' ? KIND_RECORD : KIND_TEXT];
		if (bs->ix)
			dlen = vt_delta_create(p->dbuf, len / 2, bs->ix, data, len);
	}
	e.oid = *oid;
	e.off = p->off;
	e.size = len;
	e.type = type;
	if (dlen) {
		e.base = (uint32_t)bs->entry + 1;
		e.zsize = (uint32_t)dlen;
		e.hlen = (uint8_t)entry_header(hdr, GIT_OBJECT_OFS_DELTA, dlen);
		e.hlen += (uint8_t)ofs_header(hdr + e.hlen, e.off - p->v[bs->entry].off);
	} else {
		e.zsize = (uint32_t)len;
		e.hlen = (uint8_t)entry_header(hdr, type, len);
	}
	e.crc = (uint32_t)crc32(0, hdr, e.hlen);
	if (buffer(p, hdr, e.hlen) < 0 ||
	    put_deflated(p, type == GIT_OBJECT_BLOB && !dlen ? &p->z : &p->zd,
	                 dlen ? p->dbuf : data, dlen ? dlen : len,
	                 &z, &e.crc) < 0 ||
	    add_entry(p, &e) < 0) {
		p->broken = 1;
		return -1;
	}
	p->v[p->n - 1].len = (uint32_t)(e.hlen + z);
	p->off += e.hlen + z;
	if (bs && !dlen)
		base_set(bs, p->n - 1, data, len);
	return 0;
}

int vt_pack_put(struct vt_pack *p, const git_oid *oid, const void *data, size_t len,
                git_object_t type)
{
	if (!p || p->state != PACK_ACTIVE)
		return GIT_PASSTHROUGH;
	return pack_write(&p->parent, oid, data, len, type);
}

static int read_at(struct vt_pack *p, void *out, size_t len, uint64_t off)
{
	char *d = out;

	if (flush(p) < 0)
		return -1;
	while (len) {
		ssize_t r = pread(p->fd, d, len, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return odb_error("cannot read the pack scratch file");
		d += r;
		off += (uint64_t)r;
		len -= (size_t)r;
	}
	return 0;
}

/* The data of entry `e` inflated into `out`, which holds e->zsize bytes. */
static int inflate_raw(struct vt_pack *p, const struct entry *e, unsigned char *out)
{
	z_stream z = { 0 };
	int zrc;

	if (grow(p, e->len) < 0 || read_at(p, p->buf, e->len, e->off) < 0)
		return -1;
	if (inflateInit(&z) != Z_OK)
		return odb_error("cannot inflate object");
	z.next_in = p->buf + e->hlen;
	z.avail_in = e->len - e->hlen;
	z.next_out = out;
	z.avail_out = e->zsize + 1;
	zrc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (zrc != Z_STREAM_END || z.total_out != e->zsize)
		return odb_error("corrupt object in the pack scratch file");
	return 0;
}

/* The object of entry `e`, whole, into a buffer libgit2 may free. */
static int inflate_entry(void **out, struct vt_pack *p, const struct entry *e)
{
	unsigned char *data, *delta = NULL, *base = NULL;
	const struct entry *be;
	int rc = -1;

	if (!(data = git_odb_backend_data_alloc(&p->parent, e->size + 1)))
		return odb_error("out of memory");
	if (!e->base) {
		if (inflate_raw(p, e, data) < 0)
			goto done;
		*out = data;
		return 0;
	}
	be = &p->v[e->base - 1];
	if (!(delta = malloc(e->zsize + 1)) || !(base = malloc(be->size + 1))) {
		odb_error("out of memory");
		goto done;
	}
	if (inflate_raw(p, e, delta) < 0 || inflate_raw(p, be, base) < 0)
		goto done;
	if (vt_delta_apply(data, e->size, base, be->size, delta, e->zsize) < 0) {
		odb_error("corrupt delta in the pack scratch file");
		goto done;
	}
	*out = data;
	data = NULL;
	rc = 0;
done:
	free(delta);
	free(base);
	if (data)
		git_odb_backend_data_free(&p->parent, data);
	return rc;
}

static int pack_read(void **data, size_t *len, git_object_t *type,
                     git_odb_backend *b, const git_oid *oid)
{
	struct vt_pack *p = (struct vt_pack *)b;
	long i = p->state == PACK_IDLE ? -1 : find(p, oid);

	if (i < 0)
		return GIT_ENOTFOUND;
	if (inflate_entry(data, p, &p->v[i]) < 0)
		return -1;
	*len = p->v[i].size;
	*type = p->v[i].type;
	return 0;
}

static int pack_read_header(size_t *len, git_object_t *type, git_odb_backend *b,
                            const git_oid *oid)
{
	struct vt_pack *p = (struct vt_pack *)b;
	long i = p->state == PACK_IDLE ? -1 : find(p, oid);

	if (i < 0)
		return GIT_ENOTFOUND;
	*len = p->v[i].size;
	*type = p->v[i].type;
	return 0;
}

/* While draining, say no: the objects must reach the loose backend. */
static int pack_exists(git_odb_backend *b, const git_oid *oid)
{
	struct vt_pack *p = (struct vt_pack *)b;

	return p->state == PACK_ACTIVE && find(p, oid) >= 0;
}

static int pack_foreach(git_odb_backend *b, git_odb_foreach_cb cb, void *payload)
{
	struct vt_pack *p = (struct vt_pack *)b;
	int rc;

	if (p->state != PACK_ACTIVE)
		return 0;
	for (size_t i = 0; i < p->n; i++)
		if ((rc = cb(&p->v[i].oid, payload)) != 0)
			return rc;
	return 0;
}

static void reset(struct vt_pack *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	if (*p->tmpname)
		unlink(p->tmpname);
	*p->tmpname = '\0';
	p->off = 0;
	p->wlen = 0;
	p->n = 0;
	p->broken = 0;
	if (p->slot)
		memset(p->slot, 0, p->nslots * sizeof(*p->slot));
	for (int k = 0; k < KINDS; k++)
		base_clear(&p->base[k]);
	p->state = PACK_IDLE;
}

static void pack_free(git_odb_backend *b)
{
	struct vt_pack *p = (struct vt_pack *)b;

	reset(p);
	if (p->z_ready) {
		deflateEnd(&p->z);
		deflateEnd(&p->zd);
	}
	free(p->v);
	free(p->slot);
	free(p->buf);
	free(p->wbuf);
	free(p->dbuf);
	free(p);
}

int vt_pack_attach(struct vt_pack **out, git_repository *repo)
{
	struct vt_pack *p;
	git_odb *odb = NULL;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return vt_error_oom();
	p->fd = -1;
	if (git_odb_init_backend(&p->parent, GIT_ODB_BACKEND_VERSION) < 0 ||
	    !(p->wbuf = malloc(CHUNK)) || !(p->dbuf = malloc(DELTA_BASE_MAX / 2))) {
		free(p->wbuf);
		free(p);
		return vt_error_oom();
	}
	p->parent.read = pack_read;
	p->parent.read_header = pack_read_header;
	p->parent.write = pack_write;
	p->parent.exists = pack_exists;
	p->parent.foreach = pack_foreach;
	p->parent.free = pack_free;
	snprintf(p->packdir, sizeof(p->packdir), "%sobjects/pack",
	         git_repository_path(repo));
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_add_backend(odb, &p->parent, PACK_PRIORITY) < 0) {
		const git_error *e = git_error_last();
		int rc = vt_error_set(VT_EIO, "cannot set up the pack writer: %s",
		                      e && e->message ? e->message : "libgit2 error");

		git_odb_free(odb);
		pack_free(&p->parent);
		return rc;
	}
	/* The repository keeps the odb, and the odb keeps us. */
	p->odb = odb;
	git_odb_free(odb);
	*out = p;
	return 0;
}

/*
 * The pack is written in place, in objects/pack, as a file with no name
 * (O_TMPFILE) that gets one only when complete: a crash leaves nothing.
 * Where the file system has no O_TMPFILE it is a tmp_pack_ file, the name
 * git gives its own and cleans up after.
 */
int vt_pack_begin(struct vt_pack *p)
{
	static const unsigned char head[12] = "PACK";

	if (p->state != PACK_IDLE)
		return vt_error_set(VT_EUSAGE, "pack writer already in use");
	if (!p->z_ready) {
		if (deflateInit(&p->z, Z_DEFAULT_COMPRESSION) != Z_OK)
			return vt_error_oom();
		/*
		 * Trees are mostly object ids, which do not compress, and a
		 * delta is mostly literals: level 6 spent its time searching
		 * them for nothing (at 100,000 documents, 0.7 s of the commit).
		 */
		if (deflateInit(&p->zd, Z_BEST_SPEED) != Z_OK) {
			deflateEnd(&p->z);
			return vt_error_oom();
		}
		p->z_ready = 1;
	}
	p->fd = open(p->packdir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0444);
	if (p->fd < 0) {
		if ((size_t)snprintf(p->tmpname, sizeof(p->tmpname), "%s/tmp_pack_XXXXXX",
		                     p->packdir) >= sizeof(p->tmpname)) {
			*p->tmpname = '\0';
			return vt_error_set(VT_EINVALID, "path too long: '%s'", p->packdir);
		}
		if ((p->fd = mkostemp(p->tmpname, O_CLOEXEC)) < 0 || fchmod(p->fd, 0444) < 0) {
			int rc = vt_error_set(VT_EIO, "cannot create '%s': %s", p->tmpname,
			                      strerror(errno));

			reset(p);
			return rc;
		}
	}
	/* The header, whose object count is known only at the end. */
	memcpy(p->wbuf, head, sizeof(head));
	p->wlen = p->off = sizeof(head);
	p->state = PACK_ACTIVE;
	return 0;
}

static int sync_file(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int git_error_to_vt(const char *what)
{
	const git_error *e = git_error_last();

	return vt_error_set(VT_EIO, "%s: %s", what,
	                    e && e->message ? e->message : "libgit2 error");
}

/* Held objects, written loose through the odb (the loose backend). */
static int drain(struct vt_pack *p)
{
	p->state = PACK_DRAINING;
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = &p->v[i];
		void *data;
		git_oid oid;
		int rc;

		if (inflate_entry(&data, p, e) < 0)
			return git_error_to_vt("cannot write objects");
		rc = git_odb_write(&oid, p->odb, data, e->size, e->type);
		git_odb_backend_data_free(&p->parent, data);
		if (rc < 0)
			return git_error_to_vt("cannot write objects");
	}
	return 0;
}

static void put32(unsigned char *out, uint32_t v)
{
	v = htonl(v);
	memcpy(out, &v, 4);
}

static int oid_order(const void *a, const void *b)
{
	return git_oid_cmp(&(*(const struct entry *const *)a)->oid,
	                   &(*(const struct entry *const *)b)->oid);
}

static int sha1(unsigned char out[20], const void *data, size_t len)
{
	unsigned int n = 0;

	if (!EVP_Digest(data, len, out, &n, EVP_sha1(), NULL) || n != 20)
		return vt_error_set(VT_EIO, "cannot hash the pack index");
	return 0;
}

/*
 * The version 2 .idx of the pack: objects by id, the CRC and offset of
 * each entry, the pack's checksum and its own.  The pack writer knows all
 * of it already; libgit2's indexer would inflate and hash every object
 * again to learn the same.
 */
static int write_index(struct vt_pack *p, const unsigned char sum[20], const char *name)
{
	const struct entry **by = NULL;
	unsigned char *idx = NULL, *q;
	uint32_t fanout[256] = { 0 };
	size_t big = 0, len;
	char tmp[PATH_MAX + 32], path[PATH_MAX + 64];
	int fd = -1, rc = 0;

	if (!(by = malloc(p->n * sizeof(*by))))
		return vt_error_oom();
	for (size_t i = 0; i < p->n; i++) {
		by[i] = &p->v[i];
		fanout[p->v[i].oid.id[0]]++;
		big += p->v[i].off >= 0x80000000u;
	}
	qsort(by, p->n, sizeof(*by), oid_order);
	len = 8 + sizeof(fanout) + p->n * (GIT_OID_RAWSZ + 8) + big * 8 + 2 * 20;
	if (!(q = idx = malloc(len))) {
		rc = vt_error_oom();
		goto done;
	}
	memcpy(q, "\377tOc", 4);
	put32(q + 4, 2);
	q += 8;
	for (size_t i = 0, total = 0; i < 256; i++, q += 4)
		put32(q, (uint32_t)(total += fanout[i]));
	for (size_t i = 0; i < p->n; i++, q += GIT_OID_RAWSZ)
		memcpy(q, by[i]->oid.id, GIT_OID_RAWSZ);
	for (size_t i = 0; i < p->n; i++, q += 4)
		put32(q, by[i]->crc);
	big = 0;
	for (size_t i = 0; i < p->n; i++, q += 4)
		put32(q, by[i]->off < 0x80000000u ? (uint32_t)by[i]->off
		                                  : 0x80000000u | (uint32_t)big++);
	for (size_t i = 0; i < p->n; i++)
		if (by[i]->off >= 0x80000000u) {
			put32(q, (uint32_t)(by[i]->off >> 32));
			put32(q + 4, (uint32_t)by[i]->off);
			q += 8;
		}
	memcpy(q, sum, 20);
	if ((rc = sha1(q + 20, idx, len - 20)) < 0)
		goto done;
	snprintf(tmp, sizeof(tmp), "%s/tmp_idx_XXXXXX", p->packdir);
	snprintf(path, sizeof(path), "%s/pack-%s.idx", p->packdir, name);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0 || write_all(fd, idx, len) < 0 ||
	    fchmod(fd, 0444) < 0 || fsync(fd) < 0 || rename(tmp, path) < 0) {
		rc = vt_error_set(VT_EIO, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
done:
	if (fd >= 0)
		close(fd);
	free(idx);
	free(by);
	return rc;
}

/*
 * The pack file gets its name: a file with no name is linked through
 * /proc, or, without /proc, by its descriptor (which needs
 * CAP_DAC_READ_SEARCH).
 */
static int name_pack(struct vt_pack *p, const char *path)
{
	char proc[64];

	if (*p->tmpname)
		return rename(p->tmpname, path);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", p->fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;   /* errno says: the same pack is there already */
	return linkat(p->fd, "", AT_FDCWD, path, AT_EMPTY_PATH);
}

/* Count, checksum, name: the scratch file becomes a pack, then gets its .idx. */
static int index_pack(struct vt_pack *p)
{
	unsigned char head[12], sum[EVP_MAX_MD_SIZE];
	char name[GIT_OID_HEXSZ + 1], path[PATH_MAX + 64];
	EVP_MD_CTX *md = NULL;
	unsigned int slen = 0;
	int rc = 0;

	memcpy(head, "PACK", 4);
	put32(head + 4, 2);
	put32(head + 8, (uint32_t)p->n);
	if (flush(p) < 0 || pwrite(p->fd, head, sizeof(head), 0) != (ssize_t)sizeof(head))
		return vt_error_set(VT_EIO, "cannot write the pack: %s", strerror(errno));
	if (!(md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(md, EVP_sha1(), NULL)) {
		rc = vt_error_oom();
		goto done;
	}
	for (uint64_t off = 0; off < p->off;) {
		size_t n = p->off - off < CHUNK ? (size_t)(p->off - off) : CHUNK;

		if (read_at(p, p->wbuf, n, off) < 0) {
			rc = git_error_to_vt("cannot read the pack");
			goto done;
		}
		if (!EVP_DigestUpdate(md, p->wbuf, n)) {
			rc = vt_error_set(VT_EIO, "cannot hash the pack");
			goto done;
		}
		off += n;
	}
	if (!EVP_DigestFinal_ex(md, sum, &slen) || slen != 20) {
		rc = vt_error_set(VT_EIO, "cannot hash the pack");
		goto done;
	}
	vt_hex(name, sum, 20);
	snprintf(path, sizeof(path), "%s/pack-%s.pack", p->packdir, name);
	/* Durable before it has a name, and named before its .idx shows it. */
	if (pwrite(p->fd, sum, 20, (off_t)p->off) != 20 || fsync(p->fd) < 0 ||
	    name_pack(p, path) < 0) {
		/* The same objects in the same order: the pack is already there. */
		if (errno != EEXIST) {
			rc = vt_error_set(VT_EIO, "cannot write '%s': %s", path, strerror(errno));
			goto done;
		}
	}
	*p->tmpname = '\0';
	if ((rc = write_index(p, sum, name)) < 0)
		goto done;
	if (sync_file(p->packdir, O_RDONLY | O_DIRECTORY) < 0)
		rc = vt_error_set(VT_EIO, "cannot sync '%s': %s", p->packdir, strerror(errno));
	else if (git_odb_refresh(p->odb) < 0)
		rc = git_error_to_vt("cannot read the new pack");
done:
	EVP_MD_CTX_free(md);
	return rc;
}

int vt_pack_finish(struct vt_pack *p, int *loose)
{
	int rc = 0;

	*loose = 0;
	if (p->state != PACK_ACTIVE)
		return 0;
	if (p->broken)
		rc = vt_error_set(VT_EIO, "an object could not be written; nothing committed");
	else if (p->n && p->n < UNPACK_LIMIT)
		*loose = 1, rc = drain(p);
	else if (p->n)
		rc = index_pack(p);
	reset(p);
	return rc;
}

void vt_pack_abort(struct vt_pack *p)
{
	if (p)
		reset(p);
}
