/*
 * A small open-addressing hash table from strings to indices, for the
 * look-ups that a scan of a list would make quadratic (graph nodes by id,
 * references by number).  Keys are owned by whoever filled the table; the
 * table only points to them.  A zeroed struct is an empty table.
 */
#ifndef VANTHU_MAP_H
#define VANTHU_MAP_H

#include "common.h"

/* vt_map_get() of a key that is not there. */
#define VT_MAP_NONE ((size_t)-1)

struct vt_map {
	const char **keys;
	size_t *vals;
	size_t cap;     /* a power of two, or 0 */
	size_t count;
};

/* Set key to val (the key pointer is kept); 0 or VT_ENOMEM. */
VT_EXTERN(int) vt_map_put(struct vt_map *m, const char *key, size_t val);
VT_EXTERN(size_t) vt_map_get(const struct vt_map *m, const char *key);
VT_EXTERN(void) vt_map_free(struct vt_map *m);

#endif
