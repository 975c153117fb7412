/*
 * The graph index file and the queries of graphs/query.c on hand-made
 * records: a saved index reads back to the same graph; a damaged,
 * truncated or foreign file is refused (never trusted); task status as of
 * a date; tasks by agency (accents optional); missing, path, ls, search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "vanthu/error.h"
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
