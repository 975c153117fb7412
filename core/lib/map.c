/*
 * A string-keyed hash table (vanthu/map.h): open addressing with linear
 * probes, FNV-1a, kept at most half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/map.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static size_t slot_of(const struct vt_map *m, const char *key)
{
	size_t mask = m->cap - 1, i = (size_t)hash_str(key) & mask;

	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

static int map_grow(struct vt_map *m)
{
	struct vt_map n;
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

int vt_map_put(struct vt_map *m, const char *key, size_t val)
{
	size_t i;

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

size_t vt_map_get(const struct vt_map *m, const char *key)
{
	size_t i;

	if (!m->cap || !key)
		return VT_MAP_NONE;
	i = slot_of(m, key);
	return m->keys[i] ? m->vals[i] : VT_MAP_NONE;
}

void vt_map_free(struct vt_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
