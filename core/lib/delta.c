/*
 * delta: git's pack delta format (see delta.h).
 *
 * A delta is two sizes (base, result) as little-endian base-128 numbers,
 * then opcodes: a byte with the high bit set copies a range of the base,
 * its low seven bits saying which offset and size bytes follow; a byte
 * 1..127 inserts that many literal bytes.  The encoder indexes the
 * BLOCK bytes at every position of the base (built once, a base serves
 * many targets) and looks each target position up, so any run shared with
 * the base of at least BLOCK bytes is found; each hit is extended both
 * ways.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "delta.h"

#define BLOCK 16
/* git's own encoder never copies more at once; every reader accepts it. */
#define COPY_MAX 0x10000
#define INSERT_MAX 127

struct vt_delta_index {
	const unsigned char *base;
	size_t len;
	unsigned bits;
	uint32_t *slot;          /* offset + 1 of a block with this hash; 0 free */
};

static uint64_t load64(const unsigned char *s)
{
	uint64_t v;

	memcpy(&v, s, sizeof(v));
	return v;
}

static size_t block_hash(const unsigned char *s, unsigned bits)
{
	uint64_t h = load64(s) * 0x9e3779b97f4a7c15u ^ load64(s + 8) * 0xc2b2ae3d27d4eb4fu;

	return (size_t)((h ^ (h >> 29)) >> (64 - bits));
}

int vt_delta_index_new(struct vt_delta_index **out, const void *base, size_t len)
{
	struct vt_delta_index *ix;
	size_t blocks = len >= BLOCK ? len - BLOCK + 1 : 0;

	*out = NULL;
	if (len > UINT32_MAX - 1)
		return vt_error_set(VT_EINVALID, "delta base too large");
	if (!(ix = calloc(1, sizeof(*ix))))
		return vt_error_oom();
	ix->base = base;
	ix->len = len;
	for (ix->bits = 4; ((size_t)1 << ix->bits) < 2 * blocks; ix->bits++)
		;
	if (!(ix->slot = calloc((size_t)1 << ix->bits, sizeof(*ix->slot)))) {
		free(ix);
		return vt_error_oom();
	}
	/* Earlier blocks win a shared slot: a run of one byte stays one copy. */
	for (size_t i = blocks; i-- > 0;)
		ix->slot[block_hash(ix->base + i, ix->bits)] = (uint32_t)(i + 1);
	*out = ix;
	return 0;
}

void vt_delta_index_free(struct vt_delta_index *ix)
{
	if (!ix)
		return;
	free(ix->slot);
	free(ix);
}

/* How many bytes `a` and `b` share from their start, a word at a time. */
static size_t match_len(const unsigned char *a, size_t alen, const unsigned char *b,
                        size_t blen)
{
	size_t max = alen < blen ? alen : blen, n = 0;

	for (; n + 8 <= max; n += 8) {
		uint64_t x = load64(a + n) ^ load64(b + n);

		if (x)
			return n + (size_t)__builtin_ctzll(x) / 8;
	}
	while (n < max && a[n] == b[n])
		n++;
	return n;
}

static size_t put_size(unsigned char *out, size_t n)
{
	size_t i = 0;

	for (; n >= 0x80; n >>= 7)
		out[i++] = (unsigned char)(n | 0x80);
	out[i++] = (unsigned char)n;
	return i;
}

struct out {
	unsigned char *p;
	size_t n, max;
};

static int emit_insert(struct out *o, const unsigned char *s, size_t len)
{
	while (len) {
		size_t k = len < INSERT_MAX ? len : INSERT_MAX;

		if (o->n + 1 + k > o->max)
			return -1;
		o->p[o->n++] = (unsigned char)k;
		memcpy(o->p + o->n, s, k);
		o->n += k;
		s += k;
		len -= k;
	}
	return 0;
}

static int emit_copy(struct out *o, size_t off, size_t len)
{
	while (len) {
		size_t k = len < COPY_MAX ? len : COPY_MAX;
		unsigned char op[8];
		size_t n = 1;

		op[0] = 0x80;
		for (unsigned b = 0; b < 4; b++)
			if ((off >> (8 * b)) & 0xff) {
				op[n++] = (unsigned char)(off >> (8 * b));
				op[0] |= (unsigned char)(1u << b);
			}
		/* A size of 0x10000 is written as no size bytes at all. */
		for (unsigned b = 0; b < 3 && k != COPY_MAX; b++)
			if ((k >> (8 * b)) & 0xff) {
				op[n++] = (unsigned char)(k >> (8 * b));
				op[0] |= (unsigned char)(0x10u << b);
			}
		if (o->n + n > o->max)
			return -1;
		memcpy(o->p + o->n, op, n);
		o->n += n;
		off += k;
		len -= k;
	}
	return 0;
}

size_t vt_delta_create(unsigned char *out, size_t max, const struct vt_delta_index *ix,
                       const void *target, size_t len)
{
	const unsigned char *t = target, *b = ix->base;
	struct out o = { out, 0, max };
	size_t pos = 0, lit = 0;

	if (max < 20 || ix->len < BLOCK || len < BLOCK)
		return 0;
	o.n = put_size(out, ix->len);
	o.n += put_size(out + o.n, len);
	while (pos + BLOCK <= len) {
		uint32_t s = ix->slot[block_hash(t + pos, ix->bits)];
		size_t c, n;

		if (!s || memcmp(b + s - 1, t + pos, BLOCK)) {
			pos++;
			continue;
		}
		c = s - 1;
		while (pos > lit && c > 0 && b[c - 1] == t[pos - 1])
			pos--, c--;
		n = match_len(b + c, ix->len - c, t + pos, len - pos);
		if (emit_insert(&o, t + lit, pos - lit) < 0 || emit_copy(&o, c, n) < 0)
			return 0;
		pos += n;
		lit = pos;
	}
	if (emit_insert(&o, t + lit, len - lit) < 0)
		return 0;
	return o.n;
}

static int get_size(size_t *out, const unsigned char **s, const unsigned char *end)
{
	size_t n = 0;
	unsigned shift = 0;

	do {
		if (*s == end || shift > 56)
			return -1;
		n |= (size_t)(**s & 0x7f) << shift;
		shift += 7;
	} while (*(*s)++ & 0x80);
	*out = n;
	return 0;
}

size_t vt_delta_target_size(const void *delta, size_t delta_len)
{
	const unsigned char *s = delta, *end = s + delta_len;
	size_t base, target;

	if (get_size(&base, &s, end) < 0 || get_size(&target, &s, end) < 0)
		return 0;
	return target;
}

int vt_delta_apply(unsigned char *out, size_t out_len, const void *base, size_t base_len,
                   const void *delta, size_t delta_len)
{
	const unsigned char *s = delta, *end = s + delta_len, *b = base;
	size_t want_base, want_out, n = 0;

	if (get_size(&want_base, &s, end) < 0 || get_size(&want_out, &s, end) < 0 ||
	    want_base != base_len || want_out != out_len)
		return -1;
	while (s < end) {
		unsigned op = *s++;

		if (op & 0x80) {
			size_t off = 0, k = 0;

			for (unsigned i = 0; i < 4; i++)
				if (op & (1u << i)) {
					if (s == end)
						return -1;
					off |= (size_t)*s++ << (8 * i);
				}
			for (unsigned i = 0; i < 3; i++)
				if (op & (0x10u << i)) {
					if (s == end)
						return -1;
					k |= (size_t)*s++ << (8 * i);
				}
			if (!k)
				k = COPY_MAX;
			if (off > base_len || k > base_len - off || k > out_len - n)
				return -1;
			memcpy(out + n, b + off, k);
			n += k;
		} else if (op) {
			if (op > (size_t)(end - s) || op > out_len - n)
				return -1;
			memcpy(out + n, s, op);
			s += op;
			n += op;
		} else {
			return -1;
		}
	}
	return n == out_len ? 0 : -1;
}
