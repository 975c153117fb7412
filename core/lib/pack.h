/*
 * pack: the objects of one store transaction streamed into a single pack.
 *
 * Written one loose file each, the objects of an ingest of 10,000
 * documents cost 30,000 file creations, most of the run in the kernel,
 * and four times the disk of a pack.  While a transaction is open this
 * odb backend takes every object libgit2 writes (blobs, trees, the
 * commit) and appends it, deflated or as a delta (delta.h), to a pack
 * file with no name yet; at commit the pack is named and gets its index,
 * durable before the branch moves.  A run of a few objects goes loose instead, as git
 * does below transfer.unpackLimit, so that a thousand small ingests do not
 * leave a thousand packs.
 *
 * Private to the store (core/lib/store.c): libgit2 stays behind its API.
 */
#ifndef VT_PACK_H
#define VT_PACK_H

#include <git2.h>

struct vt_pack;

/* Add the backend to `repo`'s odb, idle: writes pass through to loose. */
int vt_pack_attach(struct vt_pack **out, git_repository *repo);

/* From now on, objects written to the odb go to a pack being written. */
int vt_pack_begin(struct vt_pack *p);

/*
 * An object whose id the caller hashed already (git_odb_hash), straight
 * into the pack: libgit2 would hash it again.  GIT_PASSTHROUGH when no
 * pack is being written.
 */
int vt_pack_put(struct vt_pack *p, const git_oid *oid, const void *data, size_t len,
                git_object_t type);

/*
 * Make what was written durable in the odb: a pack (fsynced, with its
 * index) when there are many objects, loose objects otherwise (*loose set,
 * and the caller makes them durable).  The backend is idle afterwards.
 */
int vt_pack_finish(struct vt_pack *p, int *loose);

/* Drop what was written; the backend is idle afterwards. */
void vt_pack_abort(struct vt_pack *p);

#endif
