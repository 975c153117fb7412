/*
 * delta: git's pack delta (the "copy from base, insert literal" opcodes
 * of OBJ_OFS_DELTA entries), made and applied.
 *
 * libgit2 makes deltas only inside its packbuilder, which holds every
 * object of a pack in memory and searches a window of candidates for
 * each: minutes and gigabytes at the sizes an ingest reaches.  The pack
 * writer (pack.c) instead deltas each blob against one recent base of its
 * kind, as git fast-import does, and this module is the encoding.  Reads
 * after the pack is indexed go through libgit2, which applies the deltas
 * itself; vt_delta_apply serves only objects still in the scratch file.
 *
 * Private to the store.
 */
#ifndef VT_DELTA_H
#define VT_DELTA_H

#include <stddef.h>

struct vt_delta_index;

/* An index of `base` (borrowed: it must outlive the index). */
int vt_delta_index_new(struct vt_delta_index **out, const void *base, size_t len);
void vt_delta_index_free(struct vt_delta_index *ix);

/*
 * A delta from the indexed base to `target`, written to `out`: its length,
 * or 0 when it would take more than `max` bytes (then the target is better
 * stored whole).
 */
size_t vt_delta_create(unsigned char *out, size_t max, const struct vt_delta_index *ix,
                       const void *target, size_t len);

/*
 * `delta` applied to `base` into `out`, which holds exactly `out_len`
 * bytes: 0, or -1 when the delta does not describe such an object.
 */
int vt_delta_apply(unsigned char *out, size_t out_len, const void *base, size_t base_len,
                   const void *delta, size_t delta_len);

/* The size of the object a delta makes: 0 when its header is corrupt. */
size_t vt_delta_target_size(const void *delta, size_t delta_len);

#endif
