/*
 * The visual briefing of one held document: a self-contained HTML page
 * (inline CSS and SVG, no external URL) with its facts, its lineage
 * diagram up and down, its tasks by agency with deadlines and status as
 * of `today`, its references with their evidence quotes from the kept
 * source, and its warnings.  Sections carry the ids facts, lineage,
 * tasks, references and warnings.
 */
#ifndef VANTHU_BRIEF_H
#define VANTHU_BRIEF_H

#include <cjson/cJSON.h>

struct vt_graph;
struct vt_store;

/* `s` may be NULL (no quotes); `done` as for vt_graph_tasks. Caller frees. */
int vt_brief_html(char **out, size_t *len, struct vt_graph *g, struct vt_store *s,
                  const char *id, const char *today, const cJSON *done);

#endif
