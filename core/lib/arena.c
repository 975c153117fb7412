/*
 * arena: JSON trees parsed into blocks of memory that are dropped whole.
 * See arena.h for why.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "vanthu/error.h"

/* A record of 8 KB parses to some 50 KB of nodes: one block holds it. */
#define BLOCK_MIN ((size_t)64 * 1024)
/* What an arena keeps between parses; an odd huge record is not kept. */
#define KEEP_MAX ((size_t)1024 * 1024)
#define ALIGN alignof(max_align_t)

struct block {
	struct block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct vt_arena {
	struct block *first;   /* blocks in order of use */
	struct block *cur;     /* the one being filled */
};

/* The arena this thread is parsing into, if any. */
static _Thread_local struct vt_arena *parsing __attribute__((tls_model("initial-exec")));

static void *arena_alloc(struct vt_arena *a, size_t n)
{
	struct block *b = a->cur, **tail;
	size_t size;

	if (n > SIZE_MAX - ALIGN - sizeof(*b))
		return NULL;
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	while (b && b->size - b->used < n) {
		b = b->next;
		if (b)
			b->used = 0;
	}
	if (!b) {
		size = n > BLOCK_MIN ? n : BLOCK_MIN;
		if (!(b = malloc(sizeof(*b) + size)))
			return NULL;
		b->next = NULL;
		b->size = size;
		b->used = 0;
		for (tail = &a->first; *tail; tail = &(*tail)->next)
			;
		*tail = b;
	}
	a->cur = b;
	b->used += n;
	return b->data + b->used - n;
}

static void *hook_malloc(size_t n)
{
	return parsing ? arena_alloc(parsing, n) : malloc(n);
}

/* While parsing, cJSON frees only what it has just allocated here. */
static void hook_free(void *p)
{
	if (!parsing)
		free(p);
}

static pthread_once_t hook_once = PTHREAD_ONCE_INIT;

static void install(void)
{
	cJSON_Hooks h = { hook_malloc, hook_free };

	cJSON_InitHooks(&h);
}

void vt_arena_hook(void)
{
	pthread_once(&hook_once, install);
}

int vt_arena_new(struct vt_arena **out)
{
	vt_arena_hook();
	if (!(*out = calloc(1, sizeof(**out))))
		return vt_error_oom();
	return 0;
}

static void free_blocks(struct block *b)
{
	while (b) {
		struct block *next = b->next;

		free(b);
		b = next;
	}
}

void vt_arena_free(struct vt_arena *a)
{
	if (!a)
		return;
	free_blocks(a->first);
	free(a);
}

/* Empty the arena, keeping up to KEEP_MAX of its blocks (the first always). */
static void reset(struct vt_arena *a)
{
	struct block *b = a->first;
	size_t kept;

	if (!b)
		return;
	for (kept = b->size; b->next && kept + b->next->size <= KEEP_MAX; b = b->next)
		kept += b->next->size;
	free_blocks(b->next);
	b->next = NULL;
	a->first->used = 0;
	a->cur = a->first;
}

const cJSON *vt_arena_parse(struct vt_arena *a, const char *json, size_t len)
{
	cJSON *tree;

	reset(a);
	parsing = a;
	tree = cJSON_ParseWithLength(json, len);
	parsing = NULL;
	return tree;
}
