/*
 * Writing the files a person asks for (-o FILE): through a temporary file
 * beside the target and rename(), so a reader sees the old file or the new
 * one, never half of it.  A target that is not a regular file (/dev/stdout,
 * /dev/null, a FIFO) is written in place: renaming over it would replace
 * the device node itself.
 */
#ifndef VANTHU_FILE_H
#define VANTHU_FILE_H

#include <stdio.h>
#include "common.h"

struct vt_afile;

/* Start writing `path`; VT_EIO with a message when it cannot be created. */
VT_EXTERN(int) vt_afile_open(struct vt_afile **out, const char *path);

/* The stream to write to. */
VT_EXTERN(FILE *) vt_afile_stream(struct vt_afile *f);

/* Flush, sync and move into place; frees `f` whatever happens. */
VT_EXTERN(int) vt_afile_commit(struct vt_afile *f);

/* Give up: the target is left as it was; frees `f`.  NULL is a no-op. */
VT_EXTERN(void) vt_afile_abort(struct vt_afile *f);

/* The whole of `data` into `path`, as above. */
VT_EXTERN(int) vt_file_write(const char *path, const void *data, size_t len);

#endif
