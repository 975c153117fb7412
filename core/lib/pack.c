/*
 * pack: one pack per store transaction (see pack.h).
 *
 * The scratch file is unlinked as soon as it is made, so a crash leaves
 * nothing of it behind; the pack becomes part of the store only when
 * libgit2's indexer has written and renamed the .pack and .idx, and it is
 * referenced only once the branch moves after it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "vanthu/error.h"
#include "pack.h"

/* Fewer objects than this go loose, like git's transfer.unpackLimit. */
#define UNPACK_LIMIT 100
/* Above libgit2's loose (1) and packed (2) backends: we see writes first. */
#define PACK_PRIORITY 3
#define CHUNK (1 << 20)

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
	git_object_t type;
};

struct vt_pack {
	git_odb_backend parent;  /* first: libgit2 hands this pointer back */
	git_odb *odb;            /* borrowed: the odb owns us */
	char packdir[PATH_MAX];
	enum pack_state state;
	int fd;
	uint64_t off;
	int broken;              /* a write failed: the run cannot commit */
	struct entry *v;
	size_t n, cap;
	size_t *slot;            /* index + 1 into v; 0 is free */
	size_t nslots;           /* a power of two, over twice n */
	z_stream z;
	int z_ready;
	unsigned char *buf;      /* the entry being written */
	size_t buf_cap;
	unsigned char *wbuf;     /* entries not yet written to fd */
	size_t wlen;
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
 * The entry goes straight into the write buffer, deflated a chunk at a
 * time: an object of 20 MB (the commit of a large ingest, with a line per
 * record) no longer needs a buffer of its size beside it.
 */
static int pack_write(git_odb_backend *b, const git_oid *oid, const void *data,
                      size_t len, git_object_t type)
{
	struct vt_pack *p = (struct vt_pack *)b;
	unsigned char hdr[16];
	struct entry e;
	size_t h;
	int zr;

	if (p->state != PACK_ACTIVE)
		return GIT_PASSTHROUGH;
	if (find(p, oid) >= 0)
		return 0;
	if (len > UINT32_MAX / 2) {
		p->broken = 1;
		return odb_error("object too large for the pack");
	}
	h = entry_header(hdr, type, len);
	if (buffer(p, hdr, h) < 0)
		goto broken;
	deflateReset(&p->z);
	p->z.next_in = (Bytef *)data;
	p->z.avail_in = (uInt)len;
	do {
		if (p->wlen == CHUNK && flush(p) < 0)
			goto broken;
		p->z.next_out = p->wbuf + p->wlen;
		p->z.avail_out = (uInt)(CHUNK - p->wlen);
		zr = deflate(&p->z, Z_FINISH);
		p->wlen = CHUNK - p->z.avail_out;
	} while (zr == Z_OK);
	if (zr != Z_STREAM_END) {
		p->broken = 1;
		return odb_error("cannot deflate object");
	}
	e.oid = *oid;
	e.off = p->off;
	e.size = len;
	e.len = (uint32_t)(h + p->z.total_out);
	e.type = type;
	if (add_entry(p, &e) < 0)
		goto broken;
	p->off += e.len;
	return 0;
broken:
	p->broken = 1;
	return -1;
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

/* The object of entry `e`, inflated into a buffer libgit2 may free. */
static int inflate_entry(void **out, struct vt_pack *p, const struct entry *e)
{
	unsigned char hdr[16];
	size_t h = entry_header(hdr, e->type, e->size);
	z_stream z = { 0 };
	unsigned char *data;
	int zrc;

	if (grow(p, e->len) < 0 || read_at(p, p->buf, e->len, e->off) < 0)
		return -1;
	if (!(data = git_odb_backend_data_alloc(&p->parent, e->size + 1)))
		return odb_error("out of memory");
	if (inflateInit(&z) != Z_OK) {
		git_odb_backend_data_free(&p->parent, data);
		return odb_error("cannot inflate object");
	}
	z.next_in = p->buf + h;
	z.avail_in = e->len - (uInt)h;
	z.next_out = data;
	z.avail_out = (uInt)e->size + 1;
	zrc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (zrc != Z_STREAM_END || z.total_out != e->size) {
		git_odb_backend_data_free(&p->parent, data);
		return odb_error("corrupt object in the pack scratch file");
	}
	*out = data;
	return 0;
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
	p->off = 0;
	p->wlen = 0;
	p->n = 0;
	p->broken = 0;
	if (p->slot)
		memset(p->slot, 0, p->nslots * sizeof(*p->slot));
	p->state = PACK_IDLE;
}

static void pack_free(git_odb_backend *b)
{
	struct vt_pack *p = (struct vt_pack *)b;

	reset(p);
	if (p->z_ready)
		deflateEnd(&p->z);
	free(p->v);
	free(p->slot);
	free(p->buf);
	free(p->wbuf);
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
	    !(p->wbuf = malloc(CHUNK))) {
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

int vt_pack_begin(struct vt_pack *p, const char *dir)
{
	char path[PATH_MAX];

	if (p->state != PACK_IDLE)
		return vt_error_set(VT_EUSAGE, "pack writer already in use");
	if (!p->z_ready) {
		if (deflateInit(&p->z, Z_DEFAULT_COMPRESSION) != Z_OK)
			return vt_error_oom();
		p->z_ready = 1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/pack-scratch-XXXXXX", dir) >=
	    sizeof(path))
		return vt_error_set(VT_EINVALID, "path too long: '%s'", dir);
	if ((p->fd = mkostemp(path, O_CLOEXEC)) < 0)
		return vt_error_set(VT_EIO, "cannot create '%s': %s", path, strerror(errno));
	unlink(path);
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

static int feed(git_indexer *ix, EVP_MD_CTX *md, const void *data, size_t len,
                git_indexer_progress *st)
{
	if (!EVP_DigestUpdate(md, data, len))
		return vt_error_set(VT_EIO, "cannot hash the pack");
	if (git_indexer_append(ix, data, len, st) < 0)
		return git_error_to_vt("cannot index the pack");
	return 0;
}

/* The scratch file, framed as a pack, through libgit2's indexer. */
static int index_pack(struct vt_pack *p)
{
	git_indexer_progress st = { 0 };
	git_indexer *ix = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char trailer[EVP_MAX_MD_SIZE];
	uint32_t head[3];
	unsigned int tlen = 0;
	char path[PATH_MAX + 64];
	int rc = 0;

	if (flush(p) < 0)
		return git_error_to_vt("cannot write the pack");
	if (git_indexer_new(&ix, p->packdir, 0, p->odb, NULL) < 0)
		return git_error_to_vt("cannot index the pack");
	if (!(md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(md, EVP_sha1(), NULL)) {
		rc = vt_error_oom();
		goto done;
	}
	memcpy(head, "PACK", 4);
	head[1] = htonl(2);
	head[2] = htonl((uint32_t)p->n);
	if ((rc = feed(ix, md, head, sizeof(head), &st)) < 0)
		goto done;
	for (uint64_t off = 0; off < p->off;) {
		size_t n = p->off - off < CHUNK ? (size_t)(p->off - off) : CHUNK;

		if (read_at(p, p->wbuf, n, off) < 0) {
			rc = git_error_to_vt("cannot read the pack");
			goto done;
		}
		if ((rc = feed(ix, md, p->wbuf, n, &st)) < 0)
			goto done;
		off += n;
	}
	if (!EVP_DigestFinal_ex(md, trailer, &tlen)) {
		rc = vt_error_set(VT_EIO, "cannot hash the pack");
		goto done;
	}
	if (git_indexer_append(ix, trailer, tlen, &st) < 0 ||
	    git_indexer_commit(ix, &st) < 0) {
		rc = git_error_to_vt("cannot index the pack");
		goto done;
	}
	/* Durable before anything refers to it. */
	snprintf(path, sizeof(path), "%s/pack-%s.pack", p->packdir, git_indexer_name(ix));
	if (sync_file(path, O_RDONLY) < 0)
		rc = vt_error_set(VT_EIO, "cannot sync '%s': %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/pack-%s.idx", p->packdir, git_indexer_name(ix));
	if (!rc && sync_file(path, O_RDONLY) < 0)
		rc = vt_error_set(VT_EIO, "cannot sync '%s': %s", path, strerror(errno));
	if (!rc && sync_file(p->packdir, O_RDONLY | O_DIRECTORY) < 0)
		rc = vt_error_set(VT_EIO, "cannot sync '%s': %s", p->packdir,
		                  strerror(errno));
	if (!rc && git_odb_refresh(p->odb) < 0)
		rc = git_error_to_vt("cannot read the new pack");
done:
	EVP_MD_CTX_free(md);
	git_indexer_free(ix);
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
