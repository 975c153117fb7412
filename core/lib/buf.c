/*
 * The growing string of buf.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/buf.h"

/* Room for n more bytes and the NUL; 0, or -1 with oom set. */
static int reserve(struct vt_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (b->n + n + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < b->n + n + 1) {
		if (cap > SIZE_MAX / 2) {
			b->oom = 1;
			return -1;
		}
		cap *= 2;
	}
	if (!(p = realloc(b->p, cap))) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void vt_buf_put(struct vt_buf *b, const char *s, size_t n)
{
	if (reserve(b, n) < 0)
		return;
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void vt_buf_puts(struct vt_buf *b, const char *s)
{
	vt_buf_put(b, s, strlen(s));
}

void vt_buf_printf(struct vt_buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	if (b->oom)
		return;
	/* Print in place; only what did not fit is printed a second time. */
	room = b->p ? b->cap - b->n : 0;
	va_start(ap, fmt);
	n = vsnprintf(b->p ? b->p + b->n : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n >= room) {
		if (reserve(b, (size_t)n) < 0)
			return;
		va_start(ap, fmt);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)n;
}

char *vt_buf_take(struct vt_buf *b)
{
	char *p;

	if (b->oom) {
		free(b->p);
		b->p = NULL;
		b->n = b->cap = 0;
		return NULL;
	}
	if (!b->p)
		vt_buf_put(b, "", 0);
	p = b->p;
	b->p = NULL;
	b->n = b->cap = 0;
	return p;
}
