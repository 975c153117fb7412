/*
 * fsck: is a store whole?  The git objects (vt_store_check), every record
 * (parses, validates against the contract, sits at the path of its id,
 * keeps its source text, which matches the hash it is filed under) and the
 * identity indexes (no alias or draft naming a record not held).
 */
#ifndef VT_FSCK_H
#define VT_FSCK_H

#include "common.h"
#include "store.h"

struct vt_fsck_report {
	size_t commits, objects, records, sources;
	size_t problems;
};

/*
 * Check store `s`, each problem reported through `cb` with the path of the
 * file it is in.  0 when the check ran (whatever it found), a negative
 * error when it could not run.
 */
VT_EXTERN(int) vt_fsck(struct vt_fsck_report *out, struct vt_store *s,
                       vt_store_problem_cb cb, void *payload);

#endif
