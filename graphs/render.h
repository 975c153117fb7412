/*
 * Diagrams of a lineage view (the JSON of vt_graph_lineage) through
 * Graphviz cgraph and gvc, in-process.  This and render.c are the only
 * places that know Graphviz.
 */
#ifndef VANTHU_RENDER_H
#define VANTHU_RENDER_H

#include <cjson/cJSON.h>
#include "vanthu/common.h"

/* Is `format` one we render: "dot", "svg", "png", "pdf"? */
int vt_render_format_valid(const char *format);

/* Render into a new buffer (*out, *len; caller frees). */
int vt_render_buffer(char **out, size_t *len, const cJSON *view,
                     const char *format);

/* Render to a file, written atomically (temporary file, then rename). */
int vt_render_file(const cJSON *view, const char *format, const char *path);

#endif
