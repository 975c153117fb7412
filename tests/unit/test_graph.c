/*
 * The document graph: construction from records, citation resolution,
 * lineage in both directions, depth and relation filters, ambiguity and
 * attestations.  Records are hand-made (our own data, shaped like DESIGN.md
 * §2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "vanthu/error.h"
#include "vanthu/store.h"
#include "graphs/graph.h"

static const char *const plan_json =
	"{\"schema\":1,\"id\":\"plan-dn-2025-39\",\"type\":\"plan\","
	"\"number\":\"39/KH-UBND\",\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\","
	"\"province\":\"Đồng Nai\",\"date\":\"2025-08-06\","
	"\"subject\":\"thực hiện chương trình hội nhập quốc tế\","
	"\"references\":["
	" {\"type\":\"resolution\",\"number\":\"59-NQ/TW\",\"date\":\"2025-01-24\","
	"  \"issuer\":\"Bộ Chính trị\",\"relation\":\"based_on\",\"span\":[10,30]},"
	" {\"type\":\"resolution\",\"number\":\"153/NQ-CP\",\"date\":\"2025-05-31\","
	"  \"issuer\":\"Chính phủ\",\"relation\":\"implements\",\"span\":[40,70],"
	"  \"subject\":\"chương trình hành động của Chính phủ\"},"
	" {\"type\":\"plan\",\"number\":null,\"relation\":\"cites\"},"
	" {\"type\":\"plan\",\"number\":\"39/KH-UBND\",\"relation\":\"cites\"},"
	" {\"type\":\"plan\",\"number\":\"111-KH/TU\",\"date\":\"2025-06-18\","
	"  \"relation\":\"based_on\"}"
	"],"
	"\"relations\":[{\"from\":\"153/NQ-CP\",\"to\":\"59-NQ/TW\","
	"  \"relation\":\"implements\",\"span\":[80,120]}]}";

static const char *const dispatch_json =
	"{\"schema\":1,\"id\":\"cv-dn-2025-1200\",\"type\":\"dispatch\","
	"\"number\":\"1200/UBND-KTN\",\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\","
	"\"province\":\"Đồng Nai\",\"date\":\"2025-09-10\","
	"\"subject\":\"triển khai kế hoạch 39\","
	"\"references\":["
	" {\"type\":\"plan\",\"number\":\"39 / kh-ubnd\",\"date\":\"2025-08-06\","
	"  \"relation\":\"implements\",\"span\":[5,25]},"
	" {\"type\":\"resolution\",\"number\":\"153/NQ-CP\",\"date\":\"2025-05-30\","
	"  \"issuer\":\"Văn phòng Chính phủ\",\"relation\":\"cites\",\"span\":[30,50]},"
	" {\"type\":\"plan\",\"number\":\"111-KH/TU\",\"relation\":\"cites\"},"
	" {\"type\":\"dispatch\",\"number\":\"891/SNgV-HTQT\",\"date\":\"2025-09-01\","
	"  \"issuer\":\"Sở Ngoại vụ\",\"relation\":\"proposed_by\"}"
	"]}";

static const char *const tu_dn_json =
	"{\"schema\":1,\"id\":\"kh-tu-dn-2025-111\",\"type\":\"plan\","
	"\"number\":\"111-KH/TU\",\"issuer\":\"Ban Thường vụ Tỉnh ủy Đồng Nai\","
	"\"province\":\"Đồng Nai\",\"date\":\"2025-06-18\",\"references\":[]}";

static const char *const tu_bp_json =
	"{\"schema\":1,\"id\":\"kh-tu-bp-2023-111\",\"type\":\"plan\","
	"\"number\":\"111-KH/TU\",\"issuer\":\"Ban Thường vụ Tỉnh ủy Bình Phước\","
	"\"province\":\"Bình Phước\",\"date\":\"2023-03-01\",\"references\":[]}";

static void add_json(struct vt_graph *g, const char *text)
{
	cJSON *rec = cJSON_Parse(text);

	assert_non_null(rec);
	assert_int_equal(vt_graph_add_record(g, rec), 0);
	cJSON_Delete(rec);
}

static int setup(void **state)
{
	struct vt_graph *g;

	if (vt_graph_new(&g) < 0)
		return -1;
	add_json(g, plan_json);
	add_json(g, dispatch_json);
	*state = g;
	return 0;
}

static int setup_both_tu(void **state)
{
	struct vt_graph *g;

	if (setup(state) < 0)
		return -1;
	g = *state;
	add_json(g, tu_dn_json);
	add_json(g, tu_bp_json);
	return 0;
}

static int teardown(void **state)
{
	vt_graph_free(*state);
	return 0;
}

/* The node object of `id` in a view, or NULL. */
static const cJSON *view_node(const cJSON *view, const char *id)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, cJSON_GetObjectItem(view, "nodes"))
		if (!strcmp(cJSON_GetObjectItem(n, "id")->valuestring, id))
			return n;
	return NULL;
}

/* The asserted_by of edge from -> to (relation rel), or NULL. */
static const char *view_edge(const cJSON *view, const char *from,
                             const char *to, const char *rel)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItem(view, "edges")) {
		if (!strcmp(cJSON_GetObjectItem(e, "from")->valuestring, from) &&
		    !strcmp(cJSON_GetObjectItem(e, "to")->valuestring, to) &&
		    !strcmp(cJSON_GetObjectItem(e, "relation")->valuestring, rel))
			return cJSON_GetObjectItem(e, "asserted_by")->valuestring;
	}
	return NULL;
}

static int count(const cJSON *view, const char *what)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(view, what));
}

static void test_lineage_down_from_party(void **state)
{
	struct vt_graph *g = *state;
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 0, NULL, 0 };
	const cJSON *n;
	cJSON *v;

	assert_int_equal(vt_graph_lineage(&v, g, "59-NQ/TW", &o), 0);
	assert_string_equal(cJSON_GetObjectItem(v, "root")->valuestring,
	                    "cited-59-nq-tw");
	/* Root first, then breadth-first. */
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "nodes"), 0);
	assert_string_equal(cJSON_GetObjectItem(n, "id")->valuestring, "cited-59-nq-tw");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(n, "held")));
	assert_string_equal(cJSON_GetObjectItem(n, "issuer")->valuestring, "Bộ Chính trị");
	assert_string_equal(cJSON_GetObjectItem(n, "date")->valuestring, "2025-01-24");
	assert_int_equal(cJSON_GetObjectItem(n, "level")->valueint, 0);

	assert_non_null(n = view_node(v, "cited-153-nq-cp"));
	assert_int_equal(cJSON_GetObjectItem(n, "level")->valueint, 1);
	assert_string_equal(cJSON_GetObjectItem(n, "subject")->valuestring,
	                    "chương trình hành động của Chính phủ");
	assert_non_null(n = view_node(v, "plan-dn-2025-39"));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(n, "held")));
	assert_int_equal(cJSON_GetObjectItem(n, "level")->valueint, 4);
	assert_non_null(view_node(v, "cv-dn-2025-1200"));
	assert_int_equal(count(v, "nodes"), 4);

	/* The plan states 153/NQ-CP -> 59-NQ/TW; the dispatch cites both. */
	assert_string_equal(view_edge(v, "cited-153-nq-cp", "cited-59-nq-tw",
	                              "implements"), "plan-dn-2025-39");
	assert_string_equal(view_edge(v, "plan-dn-2025-39", "cited-59-nq-tw",
	                              "based_on"), "plan-dn-2025-39");
	assert_string_equal(view_edge(v, "cv-dn-2025-1200", "plan-dn-2025-39",
	                              "implements"), "cv-dn-2025-1200");
	assert_string_equal(view_edge(v, "cv-dn-2025-1200", "cited-153-nq-cp",
	                              "cites"), "cv-dn-2025-1200");
	/* No self-edge for the plan citing its own number. */
	assert_null(view_edge(v, "plan-dn-2025-39", "plan-dn-2025-39", "cites"));
	assert_int_equal(count(v, "edges"), 5);
	cJSON_Delete(v);
}

static void test_lineage_up_from_dispatch(void **state)
{
	struct vt_graph *g = *state;
	struct vt_lineage_opts o = { VT_LINEAGE_UP, 0, NULL, 0 };
	cJSON *v;

	assert_int_equal(vt_graph_lineage(&v, g, "cv-dn-2025-1200", &o), 0);
	assert_non_null(view_node(v, "plan-dn-2025-39"));
	assert_non_null(view_node(v, "cited-153-nq-cp"));
	assert_non_null(view_node(v, "cited-59-nq-tw"));
	assert_non_null(view_node(v, "cited-111-kh-tu"));
	assert_non_null(view_node(v, "cited-891-sngv-htqt"));
	assert_int_equal(cJSON_GetObjectItem(view_node(v, "cited-891-sngv-htqt"),
	                                     "level")->valueint, 5);
	assert_int_equal(cJSON_GetObjectItem(view_node(v, "cited-111-kh-tu"),
	                                     "level")->valueint, 3);
	assert_int_equal(count(v, "nodes"), 6);
	assert_string_equal(view_edge(v, "cited-153-nq-cp", "cited-59-nq-tw",
	                              "implements"), "plan-dn-2025-39");
	cJSON_Delete(v);

	/* Nothing implements the dispatch: down is the root alone. */
	o.dir = VT_LINEAGE_DOWN;
	assert_int_equal(vt_graph_lineage(&v, g, "cv-dn-2025-1200", &o), 0);
	assert_int_equal(count(v, "nodes"), 1);
	assert_int_equal(count(v, "edges"), 0);
	cJSON_Delete(v);
}

static void test_lineage_both_no_zigzag(void **state)
{
	struct vt_graph *g = *state;
	struct vt_lineage_opts o = { VT_LINEAGE_BOTH, 0, NULL, 0 };
	cJSON *v;

	/* Up from the plan: 59, 153, 111; down: the dispatch.  The dispatch's
	 * other citations (891/SNgV) are a zig-zag and stay out. */
	assert_int_equal(vt_graph_lineage(&v, g, "39/KH-UBND", &o), 0);
	assert_string_equal(cJSON_GetObjectItem(v, "root")->valuestring,
	                    "plan-dn-2025-39");
	assert_non_null(view_node(v, "cv-dn-2025-1200"));
	assert_non_null(view_node(v, "cited-59-nq-tw"));
	assert_null(view_node(v, "cited-891-sngv-htqt"));
	assert_int_equal(count(v, "nodes"), 5);
	cJSON_Delete(v);
}

static void test_lineage_depth(void **state)
{
	struct vt_graph *g = *state;
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 1, NULL, 0 };
	cJSON *v;

	assert_int_equal(vt_graph_lineage(&v, g, "59-NQ/TW", &o), 0);
	assert_non_null(view_node(v, "cited-153-nq-cp"));
	assert_non_null(view_node(v, "plan-dn-2025-39"));
	assert_null(view_node(v, "cv-dn-2025-1200"));
	assert_int_equal(count(v, "nodes"), 3);
	cJSON_Delete(v);

	o.depth = -1;
	assert_int_equal(vt_graph_lineage(&v, g, "59-NQ/TW", &o), VT_EUSAGE);
	assert_null(v);
}

static void test_lineage_relation_filter(void **state)
{
	struct vt_graph *g = *state;
	const char *const rels[] = { "based_on" };
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 0, rels, 1 };
	cJSON *v;

	assert_int_equal(vt_graph_lineage(&v, g, "59-NQ/TW", &o), 0);
	assert_non_null(view_node(v, "plan-dn-2025-39"));
	assert_null(view_node(v, "cited-153-nq-cp"));
	assert_null(view_node(v, "cv-dn-2025-1200"));
	assert_int_equal(count(v, "edges"), 1);
	cJSON_Delete(v);
}

static void test_resolve_forgiving(void **state)
{
	struct vt_graph *g = *state;
	cJSON *cand = NULL;
	char *id;

	assert_int_equal(vt_graph_resolve(&id, &cand, g, "153 / nq-cp"), 0);
	assert_string_equal(id, "cited-153-nq-cp");
	free(id);
	assert_int_equal(vt_graph_resolve(&id, &cand, g, "059-nq/tw"), 0);
	assert_string_equal(id, "cited-59-nq-tw");
	free(id);
	assert_int_equal(vt_graph_resolve(&id, &cand, g, "PLAN-DN-2025-39"), 0);
	assert_string_equal(id, "plan-dn-2025-39");
	free(id);
	assert_int_equal(vt_graph_resolve(&id, &cand, g, "999/NQ-CP"), VT_ENOTFOUND);
	assert_null(id);
	assert_null(cand);
	assert_string_equal(vt_error_last(), "no document '999/NQ-CP'");
}

static void test_resolve_ambiguous(void **state)
{
	struct vt_graph *g = *state;
	cJSON *cand = NULL;
	char *id;

	assert_int_equal(vt_graph_resolve(&id, &cand, g, "111-KH/TU"), VT_EAMBIGUOUS);
	assert_null(id);
	assert_non_null(cand);
	assert_int_equal(cJSON_GetArraySize(cand), 2);
	assert_string_equal(cJSON_GetArrayItem(cand, 0)->valuestring, "kh-tu-dn-2025-111");
	assert_string_equal(cJSON_GetArrayItem(cand, 1)->valuestring, "kh-tu-bp-2023-111");
	cJSON_Delete(cand);
}

static void test_citation_by_year_and_province(void **state)
{
	struct vt_graph *g = *state;
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 1, NULL, 0 };
	cJSON *v;

	/* The plan cites 111-KH/TU of 2025: Đồng Nai's, by year.  The
	 * dispatch cites it without a date: Đồng Nai's again, by province. */
	assert_int_equal(vt_graph_lineage(&v, g, "kh-tu-dn-2025-111", &o), 0);
	assert_string_equal(view_edge(v, "plan-dn-2025-39", "kh-tu-dn-2025-111",
	                              "based_on"), "plan-dn-2025-39");
	assert_string_equal(view_edge(v, "cv-dn-2025-1200", "kh-tu-dn-2025-111",
	                              "cites"), "cv-dn-2025-1200");
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(v, "nodes"), 0), "level")->valueint, 3);
	cJSON_Delete(v);
	assert_int_equal(vt_graph_lineage(&v, g, "kh-tu-bp-2023-111", &o), 0);
	assert_int_equal(count(v, "nodes"), 1);
	cJSON_Delete(v);
}

static void test_held_wins_over_cited(void **state)
{
	struct vt_graph *g = *state;
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 1, NULL, 0 };
	cJSON *v;
	char *id;

	add_json(g, "{\"id\":\"nq-cp-2025-153\",\"type\":\"resolution\","
	            "\"number\":\"153/NQ-CP\",\"issuer\":\"Chính phủ\","
	            "\"date\":\"2025-05-31\",\"subject\":\"chương trình hành động\"}");
	assert_int_equal(vt_graph_resolve(&id, NULL, g, "153/NQ-CP"), 0);
	assert_string_equal(id, "nq-cp-2025-153");
	free(id);
	assert_int_equal(vt_graph_lineage(&v, g, "153/NQ-CP", &o), 0);
	assert_string_equal(view_edge(v, "plan-dn-2025-39", "nq-cp-2025-153",
	                              "implements"), "plan-dn-2025-39");
	assert_string_equal(view_edge(v, "cv-dn-2025-1200", "nq-cp-2025-153",
	                              "cites"), "cv-dn-2025-1200");
	assert_null(view_node(v, "cited-153-nq-cp"));
	cJSON_Delete(v);
	/* Adding the same id twice is refused. */
	cJSON *dup = cJSON_Parse("{\"id\":\"nq-cp-2025-153\"}");
	assert_int_equal(vt_graph_add_record(g, dup), VT_EEXISTS);
	cJSON_Delete(dup);
	dup = cJSON_Parse("{\"number\":\"1/NQ-CP\"}");
	assert_int_equal(vt_graph_add_record(g, dup), VT_EINVALID);
	cJSON_Delete(dup);
}

static void test_attestations_disagree(void **state)
{
	struct vt_graph *g = *state;
	const cJSON *a, *w;
	cJSON *o;

	assert_int_equal(vt_graph_attestations(&o, g, "cited-153-nq-cp"), 0);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "held")));
	assert_string_equal(cJSON_GetObjectItem(o, "number")->valuestring, "153/NQ-CP");
	a = cJSON_GetObjectItem(o, "attestations");
	assert_int_equal(cJSON_GetArraySize(a), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "by")->valuestring,
	                    "plan-dn-2025-39");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 1), "date")->valuestring,
	                    "2025-05-30");
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(a, 0), "span"), 1)->valueint, 70);
	w = cJSON_GetObjectItem(o, "warnings");
	assert_int_equal(cJSON_GetArraySize(w), 2);   /* date and issuer */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(w, 0), "code")->valuestring,
	                    "attestations-disagree");
	assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(w, 0),
	                                           "message")->valuestring, "2025-05-30"));
	cJSON_Delete(o);

	/* 59-NQ/TW is cited once: no warning. */
	assert_int_equal(vt_graph_attestations(&o, g, "59-NQ/TW"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "attestations")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "warnings")), 0);
	cJSON_Delete(o);
}

static void test_node_and_all(void **state)
{
	struct vt_graph *g = *state;
	const cJSON *by;
	cJSON *o;
	size_t held;

	assert_int_equal(vt_graph_node(&o, g, "cited-153-nq-cp"), 0);
	by = cJSON_GetObjectItem(o, "cited_by");
	assert_int_equal(cJSON_GetArraySize(by), 2);
	assert_string_equal(cJSON_GetArrayItem(by, 0)->valuestring, "plan-dn-2025-39");
	cJSON_Delete(o);

	assert_int_equal(vt_graph_all(&o, g), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "root")));
	/* 2 held, cited: 59, 153, 111, 891. */
	assert_int_equal(count(o, "nodes"), 6);
	assert_int_equal(count(o, "edges"), 8);
	assert_int_equal(vt_graph_count(g, &held), 6);
	assert_int_equal(held, 2);
	cJSON_Delete(o);
}

static void test_hostile_records(void **state)
{
	struct vt_graph *g;
	cJSON *v;

	(void)state;
	assert_int_equal(vt_graph_new(&g), 0);
	/* Wrong types everywhere must be skipped, not crash. */
	add_json(g, "{\"id\":\"x\",\"number\":5,\"references\":{\"a\":1},"
	            "\"relations\":[1,{\"from\":null},{\"from\":\"1/A\",\"to\":[]}]}");
	add_json(g, "{\"id\":\"y\",\"references\":[{\"number\":\"  \"},"
	            "{\"number\":\"x\\u0000y\"},{\"number\":{}},{\"number\":\"/\"}]}");
	assert_int_equal(vt_graph_lineage(&v, g, "y", NULL), 0);
	assert_int_equal(count(v, "nodes"), 3);
	cJSON_Delete(v);
	assert_int_equal(vt_graph_lineage(&v, g, "nothing", NULL), VT_ENOTFOUND);
	vt_graph_free(g);
	vt_graph_free(NULL);
}

static void test_long_chain_iterative(void **state)
{
	struct vt_graph *g;
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 0, NULL, 0 };
	char buf[256];
	cJSON *v;

	(void)state;
	assert_int_equal(vt_graph_new(&g), 0);
	/* A chain of 20,000 dispatches each citing the previous one: a
	 * recursive walk would blow the stack. */
	for (int i = 1; i <= 20000; i++) {
		snprintf(buf, sizeof(buf),
		         "{\"id\":\"d%d\",\"number\":\"%d/UBND-VP\",\"date\":\"2025-01-01\","
		         "\"references\":[{\"number\":\"%d/UBND-VP\",\"relation\":\"implements\","
		         "\"date\":\"2025-01-01\"}]}", i, i, i - 1);
		add_json(g, buf);
	}
	assert_int_equal(vt_graph_lineage(&v, g, "d1", &o), 0);
	assert_int_equal(count(v, "nodes"), 20000);
	assert_int_equal(count(v, "edges"), 19999);
	cJSON_Delete(v);
	vt_graph_free(g);
}

/* A record complete enough for the store's validator (DESIGN.md §2). */
static cJSON *full_record(const char *id, const char *number, const char *refs)
{
	char buf[2048];

	snprintf(buf, sizeof(buf),
	         "{\"schema\":1,\"id\":\"%s\",\"type\":\"plan\",\"number\":\"%s\","
	         "\"symbol\":\"KH-UBND\",\"family\":\"state\","
	         "\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\",\"province\":\"Đồng Nai\","
	         "\"place\":\"Đồng Nai\",\"date\":\"2025-08-06\",\"subject\":\"kế hoạch\","
	         "\"recipients\":[],\"references\":[%s],\"relations\":[],\"standards\":[],"
	         "\"tasks\":[],\"signer\":null,\"distribution\":[],\"attachments\":[],"
	         "\"warnings\":[],\"source\":{\"sha256\":"
	         "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
	         "\"bytes\":3,\"plugin\":\"plan\",\"plugin_version\":\"1.0.0\"}}",
	         id, number, refs);
	return cJSON_Parse(buf);
}

static void put_one(struct vt_store *s, cJSON *rec, char oid[VT_OID_HEXSZ + 1])
{
	struct vt_txn *tx;
	enum vt_change ch;

	assert_non_null(rec);
	assert_int_equal(vt_store_begin(&tx, s, 1000), 0);
	assert_int_equal(vt_store_put(tx, rec, "abc", 3, &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	cJSON_Delete(rec);
}

static void test_load_store(void **state)
{
	char cmd[64];
	char dir[] = "/tmp/vt-graph-store-XXXXXX", first[VT_OID_HEXSZ + 1], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_graph *g;
	size_t held;
	cJSON *v;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(vt_store_init(dir), 0);
	assert_int_equal(vt_store_open(&s, dir), 0);
	put_one(s, full_record("kh-ubnd-dn-2025-39", "39/KH-UBND",
	                       "{\"type\":\"resolution\",\"number\":\"59-NQ/TW\",\"date\":null,"
	                       "\"issuer\":null,\"relation\":\"based_on\",\"verb\":\"Căn cứ\","
	                       "\"alias\":null,\"span\":[0,2]}"), first);
	put_one(s, full_record("kh-ubnd-dn-2025-40", "40/KH-UBND",
	                       "{\"type\":\"plan\",\"number\":\"39/KH-UBND\",\"date\":\"2025-08-06\","
	                       "\"issuer\":null,\"relation\":\"implements\",\"verb\":\"Thực hiện\","
	                       "\"alias\":null,\"span\":[0,2]}"), oid);

	assert_int_equal(vt_graph_load_store(&g, s, NULL), 0);
	assert_int_equal(vt_graph_count(g, &held), 3);
	assert_int_equal(held, 2);
	assert_int_equal(vt_graph_skipped(g), 0);
	assert_int_equal(vt_graph_lineage(&v, g, "59-NQ/TW", NULL), 0);
	assert_int_equal(count(v, "nodes"), 3);
	assert_string_equal(view_edge(v, "kh-ubnd-dn-2025-40", "kh-ubnd-dn-2025-39",
	                              "implements"), "kh-ubnd-dn-2025-40");
	cJSON_Delete(v);
	vt_graph_free(g);

	/* The store as it was at the first commit. */
	assert_int_equal(vt_graph_load_store(&g, s, first), 0);
	assert_int_equal(vt_graph_count(g, &held), 2);
	assert_int_equal(held, 1);
	vt_graph_free(g);
	vt_store_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lineage_down_from_party, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lineage_up_from_dispatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lineage_both_no_zigzag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lineage_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lineage_relation_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_forgiving, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_ambiguous, setup_both_tu, teardown),
		cmocka_unit_test_setup_teardown(test_citation_by_year_and_province,
		                                setup_both_tu, teardown),
		cmocka_unit_test_setup_teardown(test_held_wins_over_cited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attestations_disagree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_and_all, setup, teardown),
		cmocka_unit_test(test_hostile_records),
		cmocka_unit_test(test_long_chain_iterative),
		cmocka_unit_test(test_load_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
