/*
 * An ordered pipeline: items 0..n-1 are prepared on threads, any order,
 * and finished on the caller's thread in order, at most `window` items
 * ahead of the one being finished.  Ingest parses this way while it
 * stores, and the store reads records back this way while the caller
 * uses them: the output is the one a single thread would give.
 */
#ifndef VANTHU_PIPELINE_H
#define VANTHU_PIPELINE_H

#include <stddef.h>
#include "common.h"

/*
 * Called on pool thread `thread` (0 .. nthreads - 1, for state kept per
 * thread).  Item i may reuse the slot of item i - window: that one is
 * finished by then.
 */
typedef void (*vt_pipeline_prepare_fn)(void *ctx, size_t i, int thread);
/* Called on the caller's thread, i in order; non-zero stops the run. */
typedef int (*vt_pipeline_finish_fn)(void *ctx, size_t i);

/*
 * Run the pipeline on `nthreads` threads (1 or less: prepare and finish
 * each item in turn on the caller's thread).  Returns 0, the first
 * non-zero return of `finish`, or VT_EIO when no thread can be started.
 * Items prepared but not finished when it stops are the caller's to free.
 */
VT_EXTERN(int) vt_pipeline_run(size_t n, int nthreads, size_t window,
                               vt_pipeline_prepare_fn prepare,
                               vt_pipeline_finish_fn finish, void *ctx);

/* One thread per online core, at most `max`. */
VT_EXTERN(int) vt_pipeline_cores(int max);

#endif
