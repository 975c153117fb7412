/*
 * The graph index file and the queries of graphs/query.c on hand-made
 * records: a saved index reads back to the same graph; a damaged,
 * truncated or foreign file is refused (never trusted); task status as of
 * a date; tasks by agency (accents optional); missing, path, ls, search;
 * and an index kept up to date with a store answers as a full rebuild.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "graphs/graph.h"
#include "graphs/graph_int.h"
#include "graphs/index.h"

static const char *const recs[] = {
	"{\"schema\":1,\"id\":\"kh-dn-2025-39\",\"type\":\"plan\",\"number\":\"39/KH-UBND\","
	"\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\",\"province\":\"Đồng Nai\","
	"\"date\":\"2025-08-06\",\"subject\":\"thực hiện chương trình hội nhập quốc tế\","
	"\"references\":[{\"type\":\"resolution\",\"number\":\"153/NQ-CP\",\"date\":\"2025-05-31\","
	"\"relation\":\"implements\"},{\"type\":\"resolution\",\"number\":\"59-NQ/TW\","
	"\"relation\":\"based_on\"}],"
	"\"tasks\":[{\"label\":\"1\",\"text\":\"Sở Ngoại vụ tham mưu kế hoạch\","
	"\"lead\":[\"Sở Ngoại vụ\"],\"support\":[\"Sở Tài chính\"],\"deadlines\":[\"2025-09-15\"]},"
	"{\"label\":\"2\",\"text\":\"Báo cáo hằng quý\",\"lead\":[\"Sở Công Thương\"],"
	"\"support\":[],\"deadlines\":[\"2025-Q4\"]}]}",
	"{\"schema\":1,\"id\":\"cv-dn-2025-1200\",\"type\":\"dispatch\",\"number\":\"1200/UBND-KTN\","
	"\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\",\"province\":\"Đồng Nai\","
	"\"date\":\"2025-09-10\",\"subject\":\"triển khai kế hoạch 39\","
	"\"references\":[{\"type\":\"plan\",\"number\":\"39/KH-UBND\",\"date\":\"2025-08-06\","
	"\"relation\":\"implements\"},{\"type\":\"resolution\",\"number\":\"153/NQ-CP\","
	"\"relation\":\"cites\"}]}",
	"{\"schema\":1,\"id\":\"cv-tn-2024-1345\",\"type\":\"dispatch\",\"number\":\"1345/UBND-NC\","
	"\"issuer\":\"Ủy ban nhân dân tỉnh Tây Ninh\",\"province\":\"Tây Ninh\","
	"\"date\":\"2024-05-05\",\"subject\":\"đẩy mạnh ngoại giao kinh tế\","
	"\"references\":[{\"type\":\"directive\",\"number\":\"15-CT/TW\",\"relation\":\"implements\"}],"
	"\"tasks\":[{\"label\":\"6\",\"text\":\"Giao Sở Ngoại vụ\",\"lead\":[\"Sở Ngoại vụ\"],"
	"\"support\":[],\"deadlines\":[\"2024-05-22\"]}]}",
};

#define NRECS (sizeof(recs) / sizeof(recs[0]))

static struct vt_graph *make_graph(void)
{
	struct vt_graph *g;

	assert_int_equal(vt_graph_new(&g), 0);
	for (size_t i = 0; i < NRECS; i++) {
		cJSON *r = cJSON_Parse(recs[i]);
		assert_non_null(r);
		assert_int_equal(vt_graph_add_record(g, r), 0);
		cJSON_Delete(r);
	}
	return g;
}

static char *lineage_text(struct vt_graph *g, const char *doc)
{
	struct vt_lineage_opts o = { VT_LINEAGE_BOTH, 0, NULL, 0 };
	cJSON *v;
	char *s;

	assert_int_equal(vt_graph_lineage(&v, g, doc, &o), 0);
	s = cJSON_PrintUnformatted(v);
	cJSON_Delete(v);
	return s;
}

static const char commit[] = "0123456789abcdef0123456789abcdef01234567";

static char *tmp_path(void)
{
	char *p;

	assert_true(asprintf(&p, "/tmp/vt-test-index-%ld", (long)getpid()) > 0);
	return p;
}

static void test_roundtrip(void **state)
{
	struct vt_graph *g = make_graph(), *h;
	char *path = tmp_path(), got[VT_OID_HEXSZ + 1], *a, *b;

	(void)state;
	assert_int_equal(vt_index_save(g, commit, path), 0);
	assert_int_equal(vt_index_read(&h, got, path), 0);
	assert_string_equal(got, commit);
	assert_int_equal(vt_graph_nrecords(h), NRECS);
	a = lineage_text(g, "153/NQ-CP");
	b = lineage_text(h, "153/NQ-CP");
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "cv-dn-2025-1200"));
	free(a);
	free(b);
	vt_graph_free(h);
	vt_graph_free(g);
	unlink(path);
	free(path);
}

static void flip(const char *path, long off)
{
	FILE *f = fopen(path, "r+b");
	int c;

	assert_non_null(f);
	fseek(f, off, SEEK_SET);
	c = fgetc(f);
	fseek(f, off, SEEK_SET);
	fputc(c ^ 0x20, f);
	fclose(f);
}

static void test_damaged(void **state)
{
	struct vt_graph *g = make_graph(), *h = NULL;
	char *path = tmp_path(), got[VT_OID_HEXSZ + 1];
	long offs[] = { 0, 10, 70, 100, 300 };

	(void)state;
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		assert_int_equal(vt_index_save(g, commit, path), 0);
		flip(path, offs[i]);
		assert_int_equal(vt_index_read(&h, got, path), VT_EINVALID);
		assert_null(h);
	}
	/* truncated */
	assert_int_equal(vt_index_save(g, commit, path), 0);
	assert_int_equal(truncate(path, 200), 0);
	assert_int_equal(vt_index_read(&h, got, path), VT_EINVALID);
	assert_int_equal(truncate(path, 10), 0);
	assert_int_equal(vt_index_read(&h, got, path), VT_EINVALID);
	unlink(path);
	assert_int_equal(vt_index_read(&h, got, path), VT_ENOTFOUND);
	/* not a commit id */
	assert_true(vt_index_save(g, "HEAD", path) < 0);
	vt_graph_free(g);
	free(path);
}

static char *json_of(cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);

	cJSON_Delete(v);
	assert_non_null(s);
	return s;
}

/*
 * Records are read from the file only when asked for, each checked by its
 * own sum: the same records, attestations and tasks as the graph saved; a
 * damaged record is refused, the graph around it still answers.
 */
static void test_lazy_records(void **state)
{
	struct vt_graph *g = make_graph(), *h;
	struct vt_task_opts to = { .today = "2025-01-01" };
	char *path = tmp_path(), got[VT_OID_HEXSZ + 1], *a, *b;
	cJSON *v;
	FILE *f;
	long end;

	(void)state;
	assert_int_equal(vt_index_save(g, commit, path), 0);
	assert_int_equal(vt_index_read(&h, got, path), 0);
	for (size_t i = 0; i < NRECS; i++) {
		a = cJSON_PrintUnformatted(vt_graph_record(g, i));
		b = cJSON_PrintUnformatted(vt_graph_record(h, i));
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	assert_non_null(vt_graph_record_of(h, "cv-tn-2024-1345"));
	assert_null(vt_graph_record_of(h, "cited-59-nq-tw"));
	assert_int_equal(vt_graph_attestations(&v, g, "153/NQ-CP"), 0);
	a = json_of(v);
	assert_int_equal(vt_graph_attestations(&v, h, "153/NQ-CP"), 0);
	b = json_of(v);
	assert_string_equal(a, b);
	assert_non_null(strstr(b, "\"by\":\"kh-dn-2025-39\""));
	free(a);
	free(b);
	assert_int_equal(vt_graph_tasks(&v, g, &to), 0);
	a = json_of(v);
	assert_int_equal(vt_graph_tasks(&v, h, &to), 0);
	b = json_of(v);
	assert_string_equal(a, b);
	assert_non_null(strstr(b, "2024-05-22"));
	free(a);
	free(b);
	/* A loaded graph can still be changed (its records are parsed then). */
	assert_int_equal(vt_graph__materialize(h), 0);
	vt_graph_free(h);

	/* The last record's text is the end of the file: damage it. */
	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	end = ftell(f);
	fclose(f);
	flip(path, end - 5);
	assert_int_equal(vt_index_read(&h, got, path), 0);
	assert_non_null(vt_graph_record(h, 0));
	assert_null(vt_graph_record(h, NRECS - 1));
	a = lineage_text(g, "153/NQ-CP");
	b = lineage_text(h, "153/NQ-CP");
	assert_string_equal(a, b);
	free(a);
	free(b);
	vt_graph_free(h);
	vt_graph_free(g);
	unlink(path);
	free(path);
}

static void test_status(void **state)
{
	cJSON *d = cJSON_Parse("[\"2024-05-22\"]");
	cJSON *m = cJSON_Parse("[\"2026-06\"]");
	cJSON *q = cJSON_Parse("[\"2026-Q3\"]");
	cJSON *none = cJSON_Parse("[\"trong 10 ngày\"]");

	(void)state;
	assert_string_equal(vt_task_status(d, "2024-05-01", 0), "open");
	assert_string_equal(vt_task_status(d, "2024-05-16", 0), "due");
	assert_string_equal(vt_task_status(d, "2024-05-22", 0), "due");
	assert_string_equal(vt_task_status(d, "2024-05-23", 0), "overdue");
	assert_string_equal(vt_task_status(d, "2024-05-23", 1), "done");
	assert_string_equal(vt_task_status(m, "2026-06-30", 0), "due");
	assert_string_equal(vt_task_status(m, "2026-07-01", 0), "overdue");
	assert_string_equal(vt_task_status(q, "2026-08-01", 0), "open");
	assert_string_equal(vt_task_status(q, "2026-10-01", 0), "overdue");
	assert_string_equal(vt_task_status(none, "2030-01-01", 0), "open");
	/* month end across a year */
	cJSON *y = cJSON_Parse("[\"2025-01-03\"]");
	assert_string_equal(vt_task_status(y, "2024-12-28", 0), "due");
	cJSON_Delete(y);
	cJSON_Delete(d);
	cJSON_Delete(m);
	cJSON_Delete(q);
	cJSON_Delete(none);
}

static void test_tasks(void **state)
{
	struct vt_graph *g = make_graph();
	struct vt_task_opts o = { 0 };
	cJSON *res, *done = cJSON_Parse("{\"done\":[{\"document\":\"kh-dn-2025-39\",\"label\":\"1\"}]}");
	const cJSON *t;
	int n = 0;

	(void)state;
	o.agency = "so ngoai vu";
	o.today = "2025-09-10";
	assert_int_equal(vt_graph_tasks(&res, g, &o), 0);
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(res, "tasks")) {
		const char *label = cJSON_GetObjectItem(t, "label")->valuestring;
		const char *st = cJSON_GetObjectItem(t, "status")->valuestring;
		n++;
		if (!strcmp(label, "1"))
			assert_string_equal(st, "due");
		else
			assert_string_equal(st, "overdue");
	}
	assert_int_equal(n, 2);
	cJSON_Delete(res);
	o.done = done;
	o.province = "Đồng Nai";
	assert_int_equal(vt_graph_tasks(&res, g, &o), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "tasks")), 1);
	t = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "tasks"), 0);
	assert_string_equal(cJSON_GetObjectItem(t, "status")->valuestring, "done");
	cJSON_Delete(res);
	memset(&o, 0, sizeof(o));
	o.today = "2025-01-01";
	o.due_before = "2025-10-01";
	assert_int_equal(vt_graph_tasks(&res, g, &o), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "tasks")), 2);
	cJSON_Delete(res);
	cJSON_Delete(done);
	vt_graph_free(g);
}

static void test_missing_path_search(void **state)
{
	struct vt_graph *g = make_graph();
	struct vt_ls_opts lo = { "dispatch", NULL, "2025-01-01" };
	cJSON *res;
	const cJSON *first;

	(void)state;
	assert_int_equal(vt_graph_missing(&res, g), 0);
	first = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "missing"), 0);
	assert_string_equal(cJSON_GetObjectItem(first, "number")->valuestring, "153/NQ-CP");
	assert_int_equal(cJSON_GetObjectItem(first, "count")->valueint, 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "missing")), 3);
	cJSON_Delete(res);

	assert_int_equal(vt_graph_path(&res, g, "1200/UBND-KTN", "59-NQ/TW"), 0);
	assert_string_equal(cJSON_GetObjectItem(res, "direction")->valuestring, "up");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "nodes")), 3);
	cJSON_Delete(res);
	assert_int_equal(vt_graph_path(&res, g, "59-NQ/TW", "1200/UBND-KTN"), 0);
	assert_string_equal(cJSON_GetObjectItem(res, "direction")->valuestring, "down");
	cJSON_Delete(res);
	assert_int_equal(vt_graph_path(&res, g, "1345/UBND-NC", "59-NQ/TW"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(res, "direction")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "nodes")), 0);
	cJSON_Delete(res);

	assert_int_equal(vt_graph_search(&res, g, "ngoai giao"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "documents")), 1);
	cJSON_Delete(res);
	assert_int_equal(vt_graph_search(&res, g, "39/kh-ubnd"), 0);
	first = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "documents"), 0);
	assert_string_equal(cJSON_GetObjectItem(first, "id")->valuestring, "kh-dn-2025-39");
	cJSON_Delete(res);

	assert_int_equal(vt_graph_ls(&res, g, &lo), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "documents")), 1);
	cJSON_Delete(res);
	vt_graph_free(g);
}

static void test_view_tasks(void **state)
{
	struct vt_graph *g = make_graph();
	struct vt_lineage_opts o = { VT_LINEAGE_BOTH, 0, NULL, 0 };
	cJSON *v;
	char *s;

	(void)state;
	assert_int_equal(vt_graph_lineage(&v, g, "39/KH-UBND", &o), 0);
	assert_int_equal(vt_graph_view_tasks(v, g, 1), 0);
	s = cJSON_PrintUnformatted(v);
	assert_non_null(strstr(s, "\"kh-dn-2025-39#1\""));
	assert_non_null(strstr(s, "\"task_of\""));
	assert_non_null(strstr(s, "\"lead\""));
	assert_non_null(strstr(s, "\"support\""));
	assert_non_null(strstr(s, "Sở Tài chính"));
	free(s);
	cJSON_Delete(v);
	vt_graph_free(g);
}

/* --- keeping the index up to date with a store --------------------- */

/* A record complete enough for the store's validator (DESIGN.md §2). */
static cJSON *store_record(const char *id, const char *number, const char *province,
                           const char *subject, const char *refs, const char *tasks)
{
	char buf[4096];

	snprintf(buf, sizeof(buf),
	         "{\"schema\":1,\"id\":\"%s\",\"type\":\"plan\",\"number\":\"%s\","
	         "\"symbol\":\"KH-UBND\",\"family\":\"state\","
	         "\"issuer\":\"Ủy ban nhân dân tỉnh %s\",\"province\":\"%s\","
	         "\"place\":\"%s\",\"date\":\"2025-08-06\",\"subject\":\"%s\","
	         "\"recipients\":[],\"references\":[%s],\"relations\":[],\"standards\":[],"
	         "\"tasks\":[%s],\"signer\":null,\"distribution\":[],\"attachments\":[],"
	         "\"warnings\":[],\"source\":{\"sha256\":"
	         "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
	         "\"bytes\":3,\"plugin\":\"plan\",\"plugin_version\":\"1.0.0\"}}",
	         id, number, province, province, province, subject, refs, tasks);
	return cJSON_Parse(buf);
}

#define REF(num, rel) \
	"{\"type\":\"resolution\",\"number\":\"" num "\",\"date\":\"2025-05-31\"," \
	"\"issuer\":null,\"subject\":\"về " num "\",\"relation\":\"" rel "\"," \
	"\"verb\":\"Căn cứ\",\"alias\":null," \
	"\"span\":[0,2]}"
#define TASK(label, lead) \
	"{\"label\":\"" label "\",\"text\":\"giao " lead "\",\"lead\":[\"" lead "\"]," \
	"\"support\":[],\"deadlines\":[\"2025-09-15\"],\"deadlines_text\":[]," \
	"\"outputs\":[],\"span\":[0,2]}"

/* One commit: records put (NULL ends), then ids removed (NULL ends). */
static void commit_run(struct vt_store *s, cJSON **put, const char **rm)
{
	char oid[VT_OID_HEXSZ + 1];
	struct vt_txn *tx;
	enum vt_change ch;

	assert_int_equal(vt_store_begin(&tx, s, 1000), 0);
	for (; put && *put; put++) {
		if (vt_store_put(tx, *put, "abc", 3, &ch) < 0)
			fail_msg("%s", vt_error_last());
		cJSON_Delete(*put);
	}
	for (; rm && *rm; rm++)
		assert_int_equal(vt_store_remove(tx, *rm, &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	assert_int_equal(strlen(oid), VT_OID_HEXSZ);
	vt_txn_free(tx);
}

static void append(char **acc, cJSON *v)
{
	char *js = json_of(v), *n;

	assert_true(asprintf(&n, "%s%s\n", *acc ? *acc : "", js) > 0);
	free(js);
	free(*acc);
	*acc = n;
}

/* Every query's answer on a graph, as one text to compare. */
static char *answers(struct vt_graph *g)
{
	struct vt_lineage_opts both = { VT_LINEAGE_BOTH, 0, NULL, 0 };
	struct vt_task_opts to = { .today = "2025-09-01" };
	struct vt_ls_opts lo = { 0 };
	char *acc = NULL;
	cJSON *all, *v;
	const cJSON *n;

	assert_int_equal(vt_graph_all(&all, g), 0);
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(all, "nodes")) {
		const char *id = cJSON_GetObjectItemCaseSensitive(n, "id")->valuestring;
		assert_int_equal(vt_graph_lineage(&v, g, id, &both), 0);
		append(&acc, v);
		assert_int_equal(vt_graph_node(&v, g, id), 0);
		append(&acc, v);
		assert_int_equal(vt_graph_attestations(&v, g, id), 0);
		append(&acc, v);
		assert_int_equal(vt_graph_impact(&v, g, id, "2025-09-01", NULL), 0);
		append(&acc, v);
	}
	append(&acc, all);
	assert_int_equal(vt_graph_tasks(&v, g, &to), 0);
	append(&acc, v);
	assert_int_equal(vt_graph_ls(&v, g, &lo), 0);
	append(&acc, v);
	assert_int_equal(vt_graph_missing(&v, g), 0);
	append(&acc, v);
	assert_int_equal(vt_graph_search(&v, g, "ke hoach"), 0);
	append(&acc, v);
	return acc;
}

/*
 * Load through the index and compare every answer with a graph built from
 * every record of the store, as if there were no index.
 */
static void check_load(struct vt_store *s, struct vt_index_stats *st)
{
	struct vt_graph *g, *full;
	char *a, *b;

	assert_int_equal(vt_index_load(&g, s, NULL, st), 0);
	/*
	 * An index written whole (built from record skeletons) is read back:
	 * no record is held parsed, only what a query asks for will be.
	 */
	if (st->saved && !st->in_place) {
		assert_true(g->lazy);
		for (size_t i = 0; i < g->nrecs; i++)
			assert_null(g->recs[i]);
	}
	assert_int_equal(vt_graph__build(g), 0);
	assert_int_equal(vt_graph__load_full(&full, s, NULL), 0);
	a = answers(g);
	b = answers(full);
	assert_string_equal(a, b);
	free(a);
	free(b);
	vt_graph_free(g);
	vt_graph_free(full);
}

/* check_load, and how it went: -1 for what is not to be checked. */
static void check_step(struct vt_store *s, struct vt_index_stats *st, int cache,
                       int in_place, int saved)
{
	check_load(s, st);
	if (cache >= 0)
		assert_int_equal(st->cache, cache);
	if (in_place >= 0)
		assert_int_equal(st->in_place, in_place);
	if (saved >= 0)
		assert_int_equal(st->saved, saved);
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Files in the folder of `path` whose names hold `part`. */
static int count_like(const char *path, const char *part)
{
	char *dir = strdup(path), *slash = strrchr(dir, '/');
	struct dirent *de;
	DIR *d;
	int n = 0;

	assert_non_null(slash);
	*slash = '\0';
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)))
		n += strstr(de->d_name, part) != NULL;
	closedir(d);
	free(dir);
	return n;
}

/*
 * A small store through commits of every kind: fields only (patched in
 * place, a delta file written beside the index), new, changed and removed
 * records (a rebuild), a damaged delta, a damaged or foreign index and
 * none at all.  After each, the answers are those of a full rebuild.
 */
static void test_update_equals_rebuild(void **state)
{
	char dir[] = "/tmp/vt-index-store-XXXXXX", *path, *dpath, cmd[64];
	struct vt_index_stats st;
	struct vt_store *s;
	struct vt_graph *g;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vt_store_init(dir), 0);
	assert_int_equal(vt_store_open(&s, dir), 0);
	assert_int_equal(vt_index_path(&path, s), 0);
	assert_true(asprintf(&dpath, "%s-delta", path) > 0);
	commit_run(s, (cJSON *[]){
		store_record("kh-dn-39", "39/KH-UBND", "Đồng Nai", "kế hoạch hội nhập",
		             REF("59-NQ/TW", "based_on") "," REF("153/NQ-CP", "implements"),
		             TASK("1", "Sở Ngoại vụ")),
		store_record("cv-dn-1200", "1200/UBND-KTN", "Đồng Nai", "triển khai",
		             REF("39/KH-UBND", "implements") "," REF("153/NQ-CP", "cites"), ""),
		store_record("cv-tn-1345", "1345/UBND-NC", "Tây Ninh", "ngoại giao kinh tế",
		             REF("15-CT/TW", "implements"), TASK("6", "Sở Ngoại vụ")),
		NULL }, NULL);
	check_step(s, &st, 0, 0, 1);
	assert_true(exists(path));
	/* its records went through a scratch file, gone with the run */
	assert_int_equal(count_like(path, ".feed"), 0);

	/* Fields only: subjects, tasks. */
	commit_run(s, (cJSON *[]){
		store_record("cv-dn-1200", "1200/UBND-KTN", "Đồng Nai", "kế hoạch triển khai",
		             REF("39/KH-UBND", "implements") "," REF("153/NQ-CP", "cites"),
		             TASK("2", "Sở Tài chính")),
		store_record("cv-tn-1345", "1345/UBND-NC", "Tây Ninh", "ngoại giao",
		             REF("15-CT/TW", "implements"), ""),
		NULL }, NULL);
	check_step(s, &st, 1, 1, 1);
	assert_int_equal(st.changed, 2);
	assert_true(exists(dpath));
	/* The next load reads the index and its delta, and writes nothing. */
	check_step(s, &st, 1, 0, 0);
	assert_int_equal(st.changed, 0);

	/* A change of what one record cites is no change of fields only. */
	commit_run(s, (cJSON *[]){
		store_record("cv-dn-1200", "1200/UBND-KTN", "Đồng Nai", "kế hoạch triển khai",
		             REF("39/KH-UBND", "implements") "," REF("59-NQ/TW", "cites"),
		             TASK("2", "Sở Tài chính")),
		NULL }, NULL);
	check_step(s, &st, 1, 0, 1);
	assert_int_equal(st.changed, 1);
	assert_false(exists(dpath));

	/* Structure: 153/NQ-CP comes to be held, a reference goes, one record goes. */
	commit_run(s, (cJSON *[]){
		store_record("nq-cp-153", "153/NQ-CP", "Hà Nội", "chương trình hành động",
		             REF("59-NQ/TW", "implements"), ""),
		store_record("kh-dn-39", "39/KH-UBND", "Đồng Nai", "kế hoạch hội nhập",
		             REF("153/NQ-CP", "implements"), TASK("1", "Sở Ngoại vụ")),
		NULL }, (const char *[]){ "cv-tn-1345", NULL });
	check_step(s, &st, 1, 0, 1);
	assert_int_equal(st.removed, 1);
	assert_false(exists(dpath));

	/* Fields only again, then the delta damaged: it is not trusted. */
	commit_run(s, (cJSON *[]){
		store_record("nq-cp-153", "153/NQ-CP", "Hà Nội", "chương trình hành động mới",
		             REF("59-NQ/TW", "implements"), TASK("3", "Bộ Ngoại giao")),
		NULL }, NULL);
	check_step(s, &st, 1, 1, 1);
	assert_true(exists(dpath));
	flip(dpath, 130);
	check_step(s, &st, 1, 1, 1);
	assert_int_equal(st.changed, 1);

	/* A damaged index, a foreign commit, no index: rebuilt, same answers. */
	flip(path, 300);
	check_step(s, &st, 0, 0, 1);
	assert_int_equal(vt_index_read(&g, (char[VT_OID_HEXSZ + 1]){ 0 }, path), 0);
	assert_int_equal(vt_index_save(g, commit, path), 0);
	vt_graph_free(g);
	check_step(s, &st, 0, 0, 1);
	unlink(path);
	unlink(dpath);
	check_step(s, &st, 0, 0, 1);
	assert_true(exists(path));

	free(path);
	free(dpath);
	vt_store_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A commit of the aliases file alone (vanthu identify --accept). */
static void commit_aliases(struct vt_store *s, const char *json)
{
	char oid[VT_OID_HEXSZ + 1];
	struct vt_txn *tx;

	assert_int_equal(vt_store_begin(&tx, s, 1000), 0);
	assert_int_equal(vt_store_put_meta(tx, VT_ALIASES_PATH, json, strlen(json)), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
}

/* The id that DOC resolves to in the graph of the store at HEAD. */
static char *resolved(struct vt_store *s, const char *doc)
{
	struct vt_graph *g;
	char *id = NULL;

	assert_int_equal(vt_index_load(&g, s, NULL, NULL), 0);
	assert_int_equal(vt_graph__build(g), 0);
	assert_int_equal(vt_graph_resolve(&id, NULL, g, doc), 0);
	vt_graph_free(g);
	return id;
}

/*
 * A draft identified as the number its citations give (an alias) is that
 * number in the graph: citations of it point at the draft, through the
 * index kept up to date as through a full rebuild, and a later rebuild
 * from the index (a record added) keeps it.
 */
static void test_alias_is_the_draft(void **state)
{
	char dir[] = "/tmp/vt-index-alias-XXXXXX", cmd[64], *id;
	struct vt_index_stats st;
	struct vt_store *s;
	cJSON *draft;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vt_store_init(dir), 0);
	assert_int_equal(vt_store_open(&s, dir), 0);
	draft = store_record("kh-dn-draft", "-", "Đồng Nai", "thực hiện 153/NQ-CP",
	                     REF("153/NQ-CP", "implements"), TASK("1", "Sở Ngoại vụ"));
	cJSON_ReplaceItemInObject(draft, "number", cJSON_CreateNull());
	cJSON_ReplaceItemInObject(draft, "date", cJSON_CreateString("2025-08"));
	commit_run(s, (cJSON *[]){
		draft,
		store_record("bc-dn-356", "356/BC-SNgV", "Đồng Nai", "kết quả đối ngoại",
		             "{\"type\":\"plan\",\"number\":\"39/KH-UBND\","
		             "\"date\":\"2025-08-06\",\"issuer\":\"Ủy ban nhân dân tỉnh\","
		             "\"relation\":\"implements\",\"verb\":\"Thực hiện\","
		             "\"alias\":null,\"span\":[0,2]}", ""),
		NULL }, NULL);
	check_step(s, &st, 0, 0, 1);
	id = resolved(s, "39/KH-UBND");
	assert_string_not_equal(id, "kh-dn-draft");   /* cited only, so far */
	free(id);

	commit_aliases(s, "{\"dong-nai|2025|39/KH-UBND\": \"kh-dn-draft\"}");
	check_step(s, &st, 1, 0, 1);                   /* rebuilt, not patched */
	id = resolved(s, "39/KH-UBND");
	assert_string_equal(id, "kh-dn-draft");
	free(id);

	/* A record added: the graph read from the index is rebuilt with them. */
	commit_run(s, (cJSON *[]){
		store_record("nq-cp-153", "153/NQ-CP", "Hà Nội", "chương trình hành động",
		             REF("59-NQ/TW", "implements"), ""),
		NULL }, NULL);
	check_step(s, &st, 1, 0, 1);
	id = resolved(s, "39/KH-UBND");
	assert_string_equal(id, "kh-dn-draft");
	free(id);

	/* The alias withdrawn: cited only again. */
	commit_aliases(s, "{}");
	check_step(s, &st, 1, 0, 1);
	id = resolved(s, "39/KH-UBND");
	assert_string_not_equal(id, "kh-dn-draft");
	free(id);

	vt_store_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_lazy_records),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_tasks),
		cmocka_unit_test(test_missing_path_search),
		cmocka_unit_test(test_view_tasks),
		cmocka_unit_test(test_update_equals_rebuild),
		cmocka_unit_test(test_alias_is_the_draft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
