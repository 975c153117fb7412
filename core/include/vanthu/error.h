/*
 * Error codes and the last-error message, in the style of libgit2: every
 * library function returns 0 (or a count) on success and a negative code on
 * failure, and leaves a message for the caller in a thread-local slot.  Only
 * the command line prints; the library never exits.
 */
#ifndef VANTHU_ERROR_H
#define VANTHU_ERROR_H

#include "common.h"

enum vt_error_code {
	VT_OK = 0,
	VT_ERROR = -1,        /* generic failure */
	VT_ENOTFOUND = -3,    /* no such document, file, plugin, revision */
	VT_EEXISTS = -4,      /* already there */
	VT_EAMBIGUOUS = -5,   /* several documents match a DOC */
	VT_EINVALID = -6,     /* input refused: bad UTF-8, empty, invalid record */
	VT_ENOMEM = -7,
	VT_ELOCKED = -8,      /* store lock held by another process */
	VT_EPLUGIN = -9,      /* plugin failed to load or to parse */
	VT_EIO = -10,         /* file system or git failure */
	VT_ETOOBIG = -11,     /* input beyond the configured size limit */
	VT_EUNRECOGNISED = -12, /* no plugin recognises the text */
	VT_EUSAGE = -13,      /* bad argument from the caller */
};

/* Message of the last failure on this thread ("" when none). */
VT_EXTERN(const char *) vt_error_last(void);

/* Code of the last failure on this thread (VT_OK when none). */
VT_EXTERN(int) vt_error_last_code(void);

/*
 * Record a failure and return its code, so that a caller can write
 * `return vt_error_set(VT_EINVALID, "file '%s' is empty", path);`.
 */
VT_EXTERN(int) vt_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record an allocation failure; returns VT_ENOMEM. */
VT_EXTERN(int) vt_error_oom(void);

VT_EXTERN(void) vt_error_clear(void);

#endif
