/*
 * From bytes to a finished, validated record: load and normalise the text,
 * pick the plugin, parse, finish, validate.
 */
#ifndef VANTHU_PARSE_H
#define VANTHU_PARSE_H

#include <cjson/cJSON.h>
#include "common.h"
#include "registry.h"
#include "text.h"

/*
 * Parse a document.  On success *out is the record and, when `text_out`
 * is not NULL, *text_out the loaded text (for the store, which keeps the
 * original bytes).  Errors: VT_EINVALID (bad input), VT_EUNRECOGNISED,
 * VT_EPLUGIN (the plugin failed or produced an invalid record).
 */
VT_EXTERN(int) vt_parse(cJSON **out, struct vt_text **text_out,
                        const struct vt_registry *r,
                        const char *bytes, size_t len, const char *name);

#endif
