/*
 * arena: JSON trees parsed into blocks of memory that are dropped whole.
 *
 * Reading a store back parses every record only to hand it to a callback
 * and drop it: half of that time went to malloc and free for the
 * thousand-odd cJSON nodes of each record.  Parsed into an arena, a
 * record costs a few block reuses instead.  cJSON allocates through
 * global hooks, so the arena hooks them once for the whole process; they
 * pass through to malloc and free except on a thread that is parsing
 * into an arena (vt_arena_parse), and only for the length of that call.
 *
 * Private to the library.
 */
#ifndef VT_ARENA_H
#define VT_ARENA_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct vt_arena;

/*
 * Route cJSON's allocations through the arena's hooks.  Call before any
 * other thread uses cJSON (vt_store_open does); later calls do nothing.
 */
void vt_arena_hook(void);

int vt_arena_new(struct vt_arena **out);
void vt_arena_free(struct vt_arena *a);

/*
 * Parse `len` bytes of JSON into `a`, dropping the tree it held before.
 * NULL when the bytes are not JSON or memory ran out.  The tree lives
 * until the next parse into `a` or vt_arena_free; it must not be
 * changed, detached from or given to cJSON_Delete.
 */
const cJSON *vt_arena_parse(struct vt_arena *a, const char *json, size_t len);

#endif
