/*
 * The queries beyond lineage: held documents (ls, search), what a document
 * sets in motion (impact), chains between two documents (path), what is
 * cited but not held (missing), and the tasks with their status.
 *
 * Everything works on the built graph and the records it holds; nothing
 * here reads the store.  Visits use the generation stamps of lineage.c's
 * style where a query walks the graph.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vanthu/agency.h"
#include "vanthu/error.h"
#include "vanthu/text.h"
#include "graphs/graph.h"
#include "graphs/graph_int.h"

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) && v->valuestring && v->valuestring[0]
	       ? v->valuestring : NULL;
}

static int push(cJSON *arr, cJSON *item)
{
	if (!item)
		return vt_error_oom();
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return vt_error_oom();
	}
	return 0;
}

static int add(cJSON *obj, const char *name, cJSON *item)
{
	if (!item)
		return vt_error_oom();
	if (!cJSON_AddItemToObject(obj, name, item)) {
		cJSON_Delete(item);
		return vt_error_oom();
	}
	return 0;
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static char *fold(const char *s)
{
	return s ? vt_text_fold(s, strlen(s)) : NULL;
}

/* An object {"<name>": []} as the answer of a listing query. */
static cJSON *answer(const char *name, cJSON **list)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || add(o, name, *list = cJSON_CreateArray()) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* --- ls ------------------------------------------------------------- */

struct hit {
	size_t node;
	int score;
	const char *date;
};

/* Best score first, then newest, then id: a stable, readable order. */
static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	int c;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->date && y->date && (c = strcmp(y->date, x->date)) != 0)
		return c;
	if (!x->date != !y->date)
		return x->date ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int emit_hits(cJSON *list, struct vt_graph *g, struct hit *h, size_t n,
                     int with_score)
{
	qsort(h, n, sizeof(*h), cmp_hit);
	for (size_t i = 0; i < n; i++) {
		cJSON *nj = vt_graph__node_json(g, h[i].node);
		if (nj && with_score && !cJSON_AddNumberToObject(nj, "score", h[i].score)) {
			cJSON_Delete(nj);
			nj = NULL;
		}
		if (push(list, nj) < 0)
			return VT_ENOMEM;
	}
	return 0;
}

int vt_graph_ls(cJSON **out, struct vt_graph *g, const struct vt_ls_opts *o)
{
	struct vt_ls_opts none = { 0 };
	struct hit *h = NULL;
	char *fi = NULL;
	size_t n = 0;
	cJSON *res, *list;
	int err;

	*out = NULL;
	if (!o)
		o = &none;
	if ((err = vt_graph__build(g)) < 0)
		return err;
	if (o->issuer && !(fi = fold(o->issuer)))
		return vt_error_oom();
	if (!(h = calloc(g->nnodes + 1, sizeof(*h)))) {
		free(fi);
		return vt_error_oom();
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct vt_node *nd = &g->nodes[i];

		if (!nd->held)
			continue;
		if (o->type && (!nd->type || strcmp(o->type, nd->type)))
			continue;
		if (o->since && (!nd->date || strcmp(nd->date, o->since) < 0))
			continue;
		if (fi) {
			char *f = fold(nd->issuer);
			int ok = f && strstr(f, fi);
			free(f);
			if (!ok)
				continue;
		}
		h[n].node = i;
		h[n++].date = nd->date;
	}
	free(fi);
	res = answer("documents", &list);
	if (!res || emit_hits(list, g, h, n, 0) < 0) {
		free(h);
		cJSON_Delete(res);
		return vt_error_oom();
	}
	free(h);
	*out = res;
	return 0;
}

/* --- search --------------------------------------------------------- */

/* Does folded `hay` hold `word` starting at a word boundary? */
static int has_word_start(const char *hay, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = hay; (p = strstr(p, word)) != NULL; p++)
		if (p == hay || !isalnum((unsigned char)p[-1]))
			return 1;
	(void)n;
	return 0;
}

static int search_score(const struct vt_node *nd, const char *qkey,
                        char **words, size_t nwords)
{
	char *hay = NULL, *f;
	int score = 0;
	size_t i;

	if (qkey[0] && nd->key) {
		if (!strcmp(nd->key, qkey))
			return 1000;
		if (!strncmp(nd->key, qkey, strlen(qkey)))
			score = 500;
	}
	if (asprintf(&hay, "%s %s %s %s", nd->number ? nd->number : "",
	             nd->issuer ? nd->issuer : "", nd->type ? nd->type : "",
	             nd->subject ? nd->subject : "") < 0)
		return -1;
	f = fold(hay);
	free(hay);
	if (!f)
		return -1;
	for (i = 0; i < nwords; i++)
		if (!has_word_start(f, words[i]))
			break;
	if (nwords && i == nwords)
		score += 10 * (int)nwords;
	free(f);
	return score;
}

int vt_graph_search(cJSON **out, struct vt_graph *g, const char *text)
{
	char *q, *qkey, *save = NULL, *w, *words[32];
	size_t nwords = 0, n = 0;
	struct hit *h;
	cJSON *res, *list;
	int err = 0;

	*out = NULL;
	if (!text || !text[0])
		return vt_error_set(VT_EUSAGE, "nothing to search for");
	if ((err = vt_graph__build(g)) < 0)
		return err;
	q = fold(text);
	qkey = vt_graph__numkey(text);
	h = calloc(g->nnodes + 1, sizeof(*h));
	if (!q || !qkey || !h) {
		err = vt_error_oom();
		goto out;
	}
	for (w = strtok_r(q, " ", &save); w && nwords < 32; w = strtok_r(NULL, " ", &save))
		words[nwords++] = w;
	for (size_t i = 0; i < g->nnodes; i++) {
		int sc;

		if (!g->nodes[i].held)
			continue;
		if ((sc = search_score(&g->nodes[i], qkey, words, nwords)) < 0) {
			err = vt_error_oom();
			goto out;
		}
		if (sc > 0) {
			h[n].node = i;
			h[n].score = sc;
			h[n++].date = g->nodes[i].date;
		}
	}
	res = answer("documents", &list);
	if (!res || add(res, "query", cJSON_CreateString(text)) < 0 ||
	    emit_hits(list, g, h, n, 1) < 0) {
		cJSON_Delete(res);
		err = vt_error_oom();
		goto out;
	}
	*out = res;
out:
	free(h);
	free(q);
	free(qkey);
	return err;
}

/* --- tasks ---------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * The last day a deadline allows, as "YYYY-MM-DD" compared as a string
 * ("2026-06" -> "2026-06-31": after every June day, before July).  0 when
 * the deadline is not a date we can place.
 */
static int deadline_end(char out[11], const char *d, const char *asof)
{
	size_t n = d ? strlen(d) : 0;

	if (n == 10 && digits(d, 4) && d[4] == '-' && d[7] == '-') {
		memcpy(out, d, 11);
		return 1;
	}
	if (n == 7 && digits(d, 4) && d[4] == '-' && digits(d + 5, 2)) {
		snprintf(out, 11, "%.7s-31", d);
		return 1;
	}
	if (n == 7 && digits(d, 4) && d[4] == '-' && d[5] == 'Q' &&
	    d[6] >= '1' && d[6] <= '4') {
		static const char *const qend[] = { "03", "06", "09", "12" };
		snprintf(out, 11, "%.4s-%.2s-31", d, qend[d[6] - '1']);
		return 1;
	}
	if (n == 4 && digits(d, 4)) {
		snprintf(out, 11, "%.4s-12-31", d);
		return 1;
	}
	if (n == 7 && d[0] == '-' && d[1] == '-' && asof && strlen(asof) >= 4) {
		snprintf(out, 11, "%.4s%.6s", asof, d + 1);   /* yearly: this year's */
		return 1;
	}
	return 0;
}

static void add_days(char out[11], const char *iso, int days)
{
	struct tm tm = { 0 };

	if (sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
		snprintf(out, 11, "%.10s", iso);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	timegm(&tm);        /* normalises the fields */
	strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *vt_task_status(const cJSON *deadlines, const char *date, int done)
{
	const cJSON *d;
	char end[11], soon[11];
	int any = 0, passed = 0, near = 0;

	if (done)
		return "done";
	if (!date)
		return "open";
	add_days(soon, date, 7);
	cJSON_ArrayForEach(d, deadlines) {
		if (!cJSON_IsString(d) || !deadline_end(end, d->valuestring, date))
			continue;
		any = 1;
		if (strcmp(end, date) < 0)
			passed = 1;
		else if (strcmp(end, soon) <= 0)
			near = 1;
	}
	if (!any)
		return "open";
	return passed ? "overdue" : near ? "due" : "open";
}

static int is_done(const cJSON *done, const char *doc, const char *label)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(done, "done")) {
		const char *d = jstr(e, "document"), *l = jstr(e, "label");
		if (d && l && label && !strcmp(d, doc) && !strcmp(l, label))
			return 1;
	}
	return 0;
}

static cJSON *copy_list(const cJSON *task, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(task, name);

	return cJSON_IsArray(v) ? cJSON_Duplicate(v, 1) : cJSON_CreateArray();
}

static cJSON *task_json(const cJSON *rec, const cJSON *t, const char *status)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || add(o, "document", cJSON_CreateString(jstr(rec, "id"))) < 0 ||
	    add(o, "number", str_or_null(jstr(rec, "number"))) < 0 ||
	    add(o, "label", str_or_null(jstr(t, "label"))) < 0 ||
	    add(o, "text", str_or_null(jstr(t, "text"))) < 0 ||
	    add(o, "lead", copy_list(t, "lead")) < 0 ||
	    add(o, "support", copy_list(t, "support")) < 0 ||
	    add(o, "deadlines", copy_list(t, "deadlines")) < 0 ||
	    add(o, "status", cJSON_CreateString(status)) < 0 ||
	    add(o, "province", str_or_null(jstr(rec, "province"))) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int same_province(const char *query, const char *prov)
{
	const char *a, *b;
	char *fa, *fb;
	int same;

	if (!prov)
		return 0;
	a = vt_agency_province_successor(query, NULL);
	b = vt_agency_province_successor(prov, NULL);
	if (a && b)
		return !strcmp(a, b);
	fa = fold(query);
	fb = fold(prov);
	same = fa && fb && !strcmp(fa, fb);
	free(fa);
	free(fb);
	return same;
}

static int agency_in(const cJSON *names, const char *q, const char *prov)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, names)
		if (cJSON_IsString(n) && vt_agency_match(q, NULL, n->valuestring, prov) == 1)
			return 1;
	return 0;
}

static int task_wanted(const struct vt_task_opts *o, const cJSON *rec,
                       const cJSON *t)
{
	const char *prov = jstr(rec, "province");
	const cJSON *dl = cJSON_GetObjectItemCaseSensitive(t, "deadlines");

	if (o->province && !same_province(o->province, prov))
		return 0;
	if (o->agency &&
	    !agency_in(cJSON_GetObjectItemCaseSensitive(t, "lead"), o->agency, prov) &&
	    !agency_in(cJSON_GetObjectItemCaseSensitive(t, "support"), o->agency, prov))
		return 0;
	if (o->due_before) {
		const cJSON *d;
		char end[11];
		int ok = 0;
		cJSON_ArrayForEach(d, dl)
			if (cJSON_IsString(d) && deadline_end(end, d->valuestring, o->due_before) &&
			    strcmp(end, o->due_before) <= 0)
				ok = 1;
		if (!ok)
			return 0;
	}
	return 1;
}

static int tasks_of(cJSON *list, const cJSON *rec, const struct vt_task_opts *o)
{
	const cJSON *t;
	const char *id = jstr(rec, "id");

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rec, "tasks")) {
		const char *label = jstr(t, "label");
		int done = is_done(o->done, id, label);
		const char *status;

		if (!task_wanted(o, rec, t))
			continue;
		if (o->overdue_at &&
		    strcmp(vt_task_status(cJSON_GetObjectItemCaseSensitive(t, "deadlines"),
		                          o->overdue_at, done), "overdue"))
			continue;
		status = vt_task_status(cJSON_GetObjectItemCaseSensitive(t, "deadlines"),
		                        o->overdue_at ? o->overdue_at : o->today, done);
		if (push(list, task_json(rec, t, status)) < 0)
			return VT_ENOMEM;
	}
	return 0;
}

int vt_graph_tasks(cJSON **out, struct vt_graph *g, const struct vt_task_opts *o)
{
	cJSON *res, *list;

	*out = NULL;
	if (!g || !o)
		return vt_error_set(VT_EUSAGE, "no graph or options");
	res = answer("tasks", &list);
	if (!res || add(res, "as_of", str_or_null(o->overdue_at ? o->overdue_at
	                                                         : o->today)) < 0) {
		cJSON_Delete(res);
		return vt_error_oom();
	}
	/*
	 * One document's tasks by its id: impact asks for every document of a
	 * closure, and going through every record (each parsed from the index
	 * on first use) for each made it quadratic.
	 */
	if (o->document) {
		const cJSON *rec = vt_graph_record_of(g, o->document);
		if (rec && tasks_of(list, rec, o) < 0)
			goto oom;
	}
	for (size_t i = 0; !o->document && i < g->nrecs; i++) {
		cJSON *tmp;
		const cJSON *rec = vt_graph__record_scan(g, i, &tmp);
		int err = rec ? tasks_of(list, rec, o) : 0;

		cJSON_Delete(tmp);
		if (err < 0)
			goto oom;
	}
	*out = res;
	return 0;
oom:
	cJSON_Delete(res);
	return VT_ENOMEM;
}

/* --- impact --------------------------------------------------------- */

/* The group of `agency` in `groups` (created on first use). */
static cJSON *group_for(cJSON *groups, const char *agency)
{
	cJSON *gr, *tasks;

	cJSON_ArrayForEach(gr, groups) {
		const char *a = jstr(gr, "agency");
		if (a && !strcmp(a, agency))
			return cJSON_GetObjectItemCaseSensitive(gr, "tasks");
	}
	gr = cJSON_CreateObject();
	if (!gr || add(gr, "agency", cJSON_CreateString(agency)) < 0 ||
	    add(gr, "tasks", tasks = cJSON_CreateArray()) < 0 || push(groups, gr) < 0) {
		if (gr && !cJSON_GetArraySize(groups))
			cJSON_Delete(gr);
		return NULL;
	}
	return tasks;
}

/*
 * An agency as people name it, scoped by the province of the document
 * that tasks it: "Sở Ngoại vụ (Tây Ninh)", so that two provinces' Sở
 * Ngoại vụ stay apart.
 */
static char *scoped_name(const char *name, const char *prov)
{
	char *n = vt_agency_normalise(name, strlen(name), NULL), *out = NULL;

	if (!n || !prov)
		return n;
	if (asprintf(&out, "%s (%s)", n, prov) < 0)
		out = NULL;
	free(n);
	return out;
}

static int group_task(cJSON *groups, const cJSON *task, const char *role,
                      const char *prov)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(task, role)) {
		char *name;
		cJSON *arr, *copy;

		if (!cJSON_IsString(n))
			continue;
		name = scoped_name(n->valuestring, prov);
		if (!name)
			return vt_error_oom();
		arr = group_for(groups, name);
		free(name);
		copy = cJSON_Duplicate(task, 1);
		if (!arr || !copy || !cJSON_AddStringToObject(copy, "role", role) ||
		    push(arr, copy) < 0)
			return vt_error_oom();
	}
	return 0;
}

int vt_graph_impact(cJSON **out, struct vt_graph *g, const char *doc,
                    const char *today, const cJSON *done)
{
	struct vt_lineage_opts lo = { VT_LINEAGE_DOWN, 0, NULL, 0 };
	struct vt_task_opts to = { 0 };
	cJSON *view = NULL, *res = NULL, *groups, *docs, *tl = NULL, *t;
	const cJSON *n;
	int err;

	*out = NULL;
	if ((err = vt_graph_lineage(&view, g, doc, &lo)) < 0)
		return err;
	to.today = today;
	to.done = done;
	res = cJSON_CreateObject();
	if (!res || add(res, "root", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(view, "root"), 1)) < 0 ||
	    add(res, "documents", docs = cJSON_CreateArray()) < 0 ||
	    add(res, "agencies", groups = cJSON_CreateArray()) < 0)
		goto oom;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(view, "nodes")) {
		const char *id = jstr(n, "id");
		const cJSON *rec = vt_graph_record_of(g, id);

		if (push(docs, cJSON_Duplicate(n, 1)) < 0)
			goto oom;
		if (!rec)
			continue;
		to.document = id;
		if (vt_graph_tasks(&tl, g, &to) < 0)
			goto oom;
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(tl, "tasks")) {
			const char *prov = jstr(rec, "province");
			int nagencies = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "lead")) +
			                cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "support"));

			if (group_task(groups, t, "lead", prov) < 0 ||
			    group_task(groups, t, "support", prov) < 0)
				goto oom;
			if (!nagencies) {
				cJSON *arr = group_for(groups, "(chưa giao)");
				if (!arr || push(arr, cJSON_Duplicate(t, 1)) < 0)
					goto oom;
			}
		}
		cJSON_Delete(tl);
		tl = NULL;
	}
	cJSON_Delete(view);
	*out = res;
	return 0;
oom:
	cJSON_Delete(tl);
	cJSON_Delete(view);
	cJSON_Delete(res);
	return vt_error_oom();
}

/* --- path ----------------------------------------------------------- */

/* Breadth-first from a to b; parent edge per node; 1 found, 0 not. */
static int bfs_path(struct vt_graph *g, size_t a, size_t b, int dir,
                    size_t *parent, size_t *queue)
{
	size_t head = 0, tail = 0;

	for (size_t i = 0; i < g->nnodes; i++)
		parent[i] = VT_NONE;
	parent[a] = VT_NONE - 1;
	queue[tail++] = a;
	while (head < tail) {
		const struct vt_node *n = &g->nodes[queue[head++]];
		size_t here = queue[head - 1];

		for (int pass = 0; pass < 2; pass++) {
			size_t cnt = pass ? n->nin : n->nout;
			const size_t *es = pass ? n->in : n->out;

			if ((pass == 0 && !(dir & VT_LINEAGE_UP)) ||
			    (pass == 1 && !(dir & VT_LINEAGE_DOWN)))
				continue;
			for (size_t i = 0; i < cnt; i++) {
				size_t v = pass ? vt_edge_from(g, es[i]) : vt_edge_to(g, es[i]);

				if (parent[v] != VT_NONE)
					continue;
				parent[v] = es[i];
				if (v == b)
					return 1;
				queue[tail++] = v;
			}
		}
		(void)here;
	}
	return 0;
}

int vt_graph_path(cJSON **out, struct vt_graph *g, const char *a, const char *b)
{
	static const int dirs[] = { VT_LINEAGE_UP, VT_LINEAGE_DOWN, VT_LINEAGE_BOTH };
	static const char *const names[] = { "up", "down", "mixed" };
	size_t ia, ib, *parent = NULL, *queue = NULL, *chain = NULL, nchain = 0;
	cJSON *res = NULL, *nodes, *edges;
	int err, found = -1;

	*out = NULL;
	if ((err = vt_graph__find(&ia, g, a)) < 0 || (err = vt_graph__find(&ib, g, b)) < 0)
		return err;
	parent = malloc((g->nnodes + 1) * sizeof(*parent));
	queue = malloc((g->nnodes + 1) * sizeof(*queue));
	chain = malloc((g->nnodes + 1) * sizeof(*chain));
	if (!parent || !queue || !chain)
		goto oom;
	for (int d = 0; ia != ib && d < 3 && found < 0; d++)
		if (bfs_path(g, ia, ib, dirs[d], parent, queue))
			found = d;
	res = cJSON_CreateObject();
	if (!res || add(res, "from", cJSON_CreateString(g->nodes[ia].id)) < 0 ||
	    add(res, "to", cJSON_CreateString(g->nodes[ib].id)) < 0 ||
	    add(res, "direction", found >= 0 ? cJSON_CreateString(names[found])
	                                    : ia == ib ? cJSON_CreateString("up")
	                                               : cJSON_CreateNull()) < 0 ||
	    add(res, "nodes", nodes = cJSON_CreateArray()) < 0 ||
	    add(res, "edges", edges = cJSON_CreateArray()) < 0)
		goto oom;
	if (found >= 0) {
		/* Walk back from b, then emit from a. */
		for (size_t v = ib; v != ia; ) {
			size_t e = parent[v];
			chain[nchain++] = e;
			v = vt_edge_to(g, e) == v ? vt_edge_from(g, e) : vt_edge_to(g, e);
		}
		size_t v = ia;
		if (push(nodes, vt_graph__node_json(g, v)) < 0)
			goto oom;
		for (size_t i = nchain; i-- > 0; ) {
			size_t e = chain[i];
			v = vt_edge_from(g, e) == v ? vt_edge_to(g, e) : vt_edge_from(g, e);
			if (push(edges, vt_graph__edge_json(g, chain[i])) < 0 ||
			    push(nodes, vt_graph__node_json(g, v)) < 0)
				goto oom;
		}
	} else if (ia == ib && push(nodes, vt_graph__node_json(g, ia)) < 0) {
		goto oom;
	}
	free(parent);
	free(queue);
	free(chain);
	*out = res;
	return 0;
oom:
	free(parent);
	free(queue);
	free(chain);
	cJSON_Delete(res);
	return vt_error_oom();
}

/* --- missing -------------------------------------------------------- */

struct miss {
	size_t node, count;
};

static int cmp_miss(const void *a, const void *b)
{
	const struct miss *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int vt_graph_missing(cJSON **out, struct vt_graph *g)
{
	struct miss *m = NULL;
	size_t nm = 0, *by = NULL, cby = 0;
	cJSON *res, *list;
	int err;

	*out = NULL;
	if ((err = vt_graph__build(g)) < 0)
		return err;
	if (!(m = calloc(g->nnodes + 1, sizeof(*m))))
		return vt_error_oom();
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct vt_node *n = &g->nodes[i];
		size_t k = 0;

		if (n->held || !n->ncites)
			continue;
		if (n->ncites > cby) {
			free(by);
			cby = n->ncites;
			if (!(by = malloc(cby * sizeof(*by)))) {
				free(m);
				return vt_error_oom();
			}
		}
		for (size_t j = 0; j < n->ncites; j++)
			by[j] = n->cites[j].by;
		qsort(by, n->ncites, sizeof(*by), cmp_size);
		for (size_t j = 0; j < n->ncites; j++)
			if (!j || by[j] != by[j - 1])
				k++;
		m[nm].node = i;
		m[nm++].count = k;
	}
	qsort(m, nm, sizeof(*m), cmp_miss);
	res = answer("missing", &list);
	for (size_t i = 0; res && i < nm; i++) {
		const struct vt_node *n = &g->nodes[m[i].node];
		cJSON *o = vt_graph__node_json(g, m[i].node), *citers;
		size_t k = 0;

		if (!o || add(o, "count", cJSON_CreateNumber((double)m[i].count)) < 0 ||
		    add(o, "cited_by", citers = cJSON_CreateArray()) < 0) {
			cJSON_Delete(o);
			goto oom;
		}
		for (size_t j = 0; j < n->ncites; j++)
			by[j] = n->cites[j].by;
		qsort(by, n->ncites, sizeof(*by), cmp_size);
		for (size_t j = 0; j < n->ncites; j++, k++)
			if ((!j || by[j] != by[j - 1]) &&
			    push(citers, cJSON_CreateString(g->nodes[by[j]].id)) < 0) {
				cJSON_Delete(o);
				goto oom;
			}
		if (push(list, o) < 0)
			goto oom;
	}
	if (!res)
		goto oom;
	free(by);
	free(m);
	*out = res;
	return 0;
oom:
	free(by);
	free(m);
	cJSON_Delete(res);
	return vt_error_oom();
}

/* --- tasks and agencies in a view ----------------------------------- */

static cJSON *node_obj(const char *id, const char *number, const char *type,
                       const char *date, const char *subject, const char *issuer,
                       int level)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || add(o, "id", cJSON_CreateString(id)) < 0 ||
	    add(o, "number", str_or_null(number)) < 0 ||
	    add(o, "type", cJSON_CreateString(type)) < 0 ||
	    add(o, "date", str_or_null(date)) < 0 ||
	    add(o, "subject", str_or_null(subject)) < 0 ||
	    add(o, "held", cJSON_CreateTrue()) < 0 ||
	    add(o, "issuer", str_or_null(issuer)) < 0 ||
	    add(o, "level", cJSON_CreateNumber(level)) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *edge_obj(const char *from, const char *to, const char *rel,
                       const char *by)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || add(o, "from", cJSON_CreateString(from)) < 0 ||
	    add(o, "to", cJSON_CreateString(to)) < 0 ||
	    add(o, "relation", cJSON_CreateString(rel)) < 0 ||
	    add(o, "asserted_by", cJSON_CreateString(by)) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int has_node(const cJSON *nodes, const char *id)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, nodes) {
		const char *x = jstr(n, "id");
		if (x && !strcmp(x, id))
			return 1;
	}
	return 0;
}

static int agency_edges(cJSON *nodes, cJSON *edges, const char *task_id,
                        const cJSON *names, const char *role, const cJSON *rec)
{
	const char *prov = jstr(rec, "province");
	const cJSON *n;

	cJSON_ArrayForEach(n, names) {
		char *name, *slug, *id = NULL;
		int err = 0;

		if (!cJSON_IsString(n) || !n->valuestring[0])
			continue;
		name = vt_agency_normalise(n->valuestring, strlen(n->valuestring), NULL);
		slug = name ? vt_text_slug(name, strlen(name)) : NULL;
		if (!slug || asprintf(&id, "agency:%s%s%s", slug, prov ? "@" : "",
		                      prov ? prov : "") < 0) {
			free(name);
			free(slug);
			return vt_error_oom();
		}
		if (!has_node(nodes, id))
			err = push(nodes, node_obj(id, NULL, "agency", NULL, name, prov,
			                           vt_graph__level(NULL, name, NULL)));
		if (!err)
			err = push(edges, edge_obj(task_id, id, role, jstr(rec, "id")));
		free(id);
		free(name);
		free(slug);
		if (err < 0)
			return err;
	}
	return 0;
}

int vt_graph_view_tasks(cJSON *view, struct vt_graph *g, int agencies)
{
	cJSON *nodes = cJSON_GetObjectItemCaseSensitive(view, "nodes");
	cJSON *edges = cJSON_GetObjectItemCaseSensitive(view, "edges");
	int count = cJSON_GetArraySize(nodes);

	if (!cJSON_IsArray(nodes) || !cJSON_IsArray(edges))
		return vt_error_set(VT_EINVALID, "not a lineage view");
	/* Only the documents of the view, not the nodes added here. */
	for (int i = 0; i < count; i++) {
		const cJSON *n = cJSON_GetArrayItem(nodes, i), *t;
		const char *id = jstr(n, "id");
		const cJSON *rec = id ? vt_graph_record_of(g, id) : NULL;
		const cJSON *lv = cJSON_GetObjectItemCaseSensitive(n, "level");
		int level = cJSON_IsNumber(lv) ? lv->valueint : 4;

		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(rec, "tasks")) {
			const char *label = jstr(t, "label");
			const cJSON *dl = cJSON_GetObjectItemCaseSensitive(t, "deadlines");
			const cJSON *d0 = cJSON_GetArrayItem(dl, 0);
			char *tid;
			int err;

			if (!label)
				continue;
			if (asprintf(&tid, "%s#%s", id, label) < 0)
				return vt_error_oom();
			err = has_node(nodes, tid) ? 1 : 0;
			if (!err) {
				cJSON *tn = node_obj(tid, NULL, "task",
				                     cJSON_IsString(d0) ? d0->valuestring : NULL,
				                     jstr(t, "text"), NULL, level < 6 ? level + 1 : 6);
				if (tn && (!cJSON_AddStringToObject(tn, "label", label) ||
				           !cJSON_AddStringToObject(tn, "document", id))) {
					cJSON_Delete(tn);
					tn = NULL;
				}
				err = push(nodes, tn);
				if (!err)
					err = push(edges, edge_obj(tid, id, "task_of", id));
				if (!err && agencies)
					err = agency_edges(nodes, edges, tid,
					                   cJSON_GetObjectItemCaseSensitive(t, "lead"),
					                   "lead", rec);
				if (!err && agencies)
					err = agency_edges(nodes, edges, tid,
					                   cJSON_GetObjectItemCaseSensitive(t, "support"),
					                   "support", rec);
			}
			free(tid);
			if (err < 0)
				return err;
		}
	}
	return 0;
}
