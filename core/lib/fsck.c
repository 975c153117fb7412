/*
 * fsck: the checks above git's own, on what only vanthu knows: records,
 * their sources and the identity indexes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vanthu/error.h"
#include "vanthu/fsck.h"
#include "vanthu/history.h"
#include "vanthu/record.h"
#include "vanthu/text.h"

struct ids {
	char **v;
	size_t n, cap;
};

struct run {
	struct vt_store *s;
	struct vt_fsck_report *r;
	vt_store_problem_cb cb;
	void *payload;
	struct ids held;
	int oom;
};

static void report(struct run *run, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct run *run, const char *path, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	run->r->problems++;
	run->cb(path, what, run->payload);
}

static void pass_on(const char *path, const char *what, void *payload)
{
	struct run *run = payload;

	run->cb(path, what, run->payload);
}

static int ids_add(struct ids *ids, const char *id)
{
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 256;
		char **v = realloc(ids->v, cap * sizeof(*v));

		if (!v)
			return -1;
		ids->v = v;
		ids->cap = cap;
	}
	if (!(ids->v[ids->n] = strdup(id)))
		return -1;
	ids->n++;
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_held(const char *id, void *p)
{
	const struct ids *ids = p;

	return ids->n && bsearch(&id, ids->v, ids->n, sizeof(*ids->v), cmp_id) != NULL;
}

/* The kept text: present, and the bytes its name promises. */
static size_t check_source(struct run *run, const char *path, const char *sha)
{
	char *src = NULL, hex[65];
	size_t len = 0;

	if (!sha) {
		report(run, path, "no source.sha256");
		return 0;
	}
	if (vt_store_source(&src, &len, run->s, sha, NULL) < 0) {
		report(run, path, "its source text %.64s is not kept", sha);
		vt_error_clear();
		return 0;
	}
	run->r->sources++;
	vt_sha256_hex(hex, src, len);
	if (strcmp(hex, sha))
		report(run, path, "its source text does not match its hash %.64s", sha);
	free(src);
	return len;
}

static int check_record(const struct vt_store_entry *e, void *payload)
{
	const cJSON *rec = e->rec;
	const char *path = e->path;
	struct run *run = payload;
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "id"));
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source");
	char want[256];
	size_t len;

	run->r->records++;
	if (!rec) {
		report(run, path, "not JSON");
		return 0;
	}
	if (!id) {
		report(run, path, "no \"id\"");
		return 0;
	}
	vt_store_record_path(want, sizeof(want), id);
	if (strcmp(want, path))
		report(run, path, "id '%.100s' belongs at '%s'", id, *want ? want : "(invalid id)");
	else if (ids_add(&run->held, id) < 0)
		run->oom = 1;
	len = check_source(run, path, cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(src, "sha256")));
	if (vt_record_validate(rec, len) < 0) {
		report(run, path, "%s", vt_error_last());
		vt_error_clear();
	}
	return run->oom ? vt_error_oom() : 0;
}

int vt_fsck(struct vt_fsck_report *out, struct vt_store *s, vt_store_problem_cb cb,
            void *payload)
{
	struct vt_store_check_stats st;
	struct run run = { s, out, cb, payload, { 0 }, 0 };
	int err;

	memset(out, 0, sizeof(*out));
	if (!s || !cb)
		return vt_error_set(VT_EUSAGE, "no store or callback");
	if ((err = vt_store_check(s, &st, pass_on, &run)) < 0)
		goto done;
	out->commits = st.commits;
	out->objects = st.objects;
	out->problems = st.problems;
	/* A record git cannot read stops the walk; that is reported already. */
	if ((err = vt_store_foreach(s, NULL, check_record, &run)) < 0 && !run.oom) {
		report(&run, "records", "not every record could be read: %s", vt_error_last());
		vt_error_clear();
		err = 0;
	}
	if (err < 0)
		goto done;
	if (run.held.n)
		qsort(run.held.v, run.held.n, sizeof(*run.held.v), cmp_id);
	out->problems += vt_ident_check(s, is_held, &run.held, cb, payload);
done:
	for (size_t i = 0; i < run.held.n; i++)
		free(run.held.v[i]);
	free(run.held.v);
	return err;
}
