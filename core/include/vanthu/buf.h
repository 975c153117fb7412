/*
 * A growing string.
 *
 * Zeroed is empty.  An append that runs out of memory sets `oom` and every
 * later append is dropped, so a writer of many small pieces checks once,
 * at the end (vt_buf_take returns NULL then).  While not oom, p is NUL-
 * terminated after the first append.
 */
#ifndef VANTHU_BUF_H
#define VANTHU_BUF_H

#include <stddef.h>
#include "common.h"

struct vt_buf {
	char *p;
	size_t n, cap;
	int oom;
};

VT_EXTERN(void) vt_buf_put(struct vt_buf *b, const char *s, size_t n);
VT_EXTERN(void) vt_buf_puts(struct vt_buf *b, const char *s);
VT_EXTERN(void) vt_buf_printf(struct vt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The NUL-terminated string (caller frees), leaving b empty; NULL when an
 * append ran out of memory. */
VT_EXTERN(char *) vt_buf_take(struct vt_buf *b);

#endif
