/*
 * Rendering lineage views through Graphviz: DOT that parses back, SVG that
 * keeps hostile text as text, PNG and PDF signatures, the level ordering,
 * atomic files and the scalable path for large views.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>
#include <cgraph.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "graphs/render.h"

static const char *const view_json =
	"{\"root\":\"cited-59-nq-tw\",\"nodes\":["
	"{\"id\":\"cited-59-nq-tw\",\"number\":\"59-NQ/TW\",\"type\":\"resolution\","
	" \"date\":\"2025-01-24\",\"subject\":\"về hội nhập quốc tế trong tình hình mới\","
	" \"held\":false,\"issuer\":\"Bộ Chính trị\",\"level\":0},"
	"{\"id\":\"cited-153-nq-cp\",\"number\":\"153/NQ-CP\",\"type\":\"resolution\","
	" \"date\":\"2025-05-31\",\"subject\":\"chương trình hành động của Chính phủ thực hiện "
	"Nghị quyết số 59-NQ/TW về hội nhập quốc tế\",\"held\":false,\"issuer\":\"Chính phủ\","
	" \"level\":1},"
	"{\"id\":\"plan-dn-2025-39\",\"number\":\"39/KH-UBND\",\"type\":\"plan\","
	" \"date\":\"2025-08-06\",\"subject\":\"thực hiện chương trình\",\"held\":true,"
	" \"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\",\"level\":4},"
	"{\"id\":\"cv-dn-2025-1200\",\"number\":null,\"type\":\"dispatch\","
	" \"date\":\"2025-09\",\"subject\":\"triển khai\",\"held\":true,"
	" \"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\",\"level\":4},"
	"{\"id\":\"cited-891-sngv-htqt\",\"number\":\"891/SNgV-HTQT\",\"type\":\"dispatch\","
	" \"date\":null,\"subject\":null,\"held\":false,\"issuer\":null,\"level\":5}"
	"],\"edges\":["
	"{\"from\":\"cited-153-nq-cp\",\"to\":\"cited-59-nq-tw\",\"relation\":\"implements\","
	" \"asserted_by\":\"plan-dn-2025-39\"},"
	"{\"from\":\"plan-dn-2025-39\",\"to\":\"cited-59-nq-tw\",\"relation\":\"based_on\","
	" \"asserted_by\":\"plan-dn-2025-39\"},"
	"{\"from\":\"plan-dn-2025-39\",\"to\":\"cited-153-nq-cp\",\"relation\":\"implements\","
	" \"asserted_by\":\"plan-dn-2025-39\"},"
	"{\"from\":\"cv-dn-2025-1200\",\"to\":\"plan-dn-2025-39\",\"relation\":\"implements\","
	" \"asserted_by\":\"cv-dn-2025-1200\"},"
	"{\"from\":\"cv-dn-2025-1200\",\"to\":\"cited-891-sngv-htqt\",\"relation\":\"proposed_by\","
	" \"asserted_by\":\"cv-dn-2025-1200\"},"
	"{\"from\":\"cv-dn-2025-1200\",\"to\":\"nowhere\",\"relation\":\"cites\","
	" \"asserted_by\":\"cv-dn-2025-1200\"}"
	"]}";

static int setup(void **state)
{
	*state = cJSON_Parse(view_json);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	cJSON_Delete(*state);
	return 0;
}

/* Nodes of a parsed graph that are not legend examples. */
static int count_doc_nodes(Agraph_t *g)
{
	int n = 0;

	for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
		if (strncmp(agnameof(v), "_legend", 7) != 0 &&
		    strncmp(agnameof(v), "_level", 6) != 0)
			n++;
	return n;
}

static double node_y(Agraph_t *g, const char *name)
{
	Agnode_t *n = agnode(g, (char *)name, 0);
	double x, y;

	assert_non_null(n);
	assert_int_equal(sscanf(agget(n, "pos"), "%lf,%lf", &x, &y), 2);
	return y;
}

static void test_format_valid(void **state)
{
	(void)state;
	assert_true(vt_render_format_valid("svg"));
	assert_true(vt_render_format_valid("dot"));
	assert_true(vt_render_format_valid("png"));
	assert_true(vt_render_format_valid("pdf"));
	assert_false(vt_render_format_valid("jpeg"));
	assert_false(vt_render_format_valid(""));
	assert_false(vt_render_format_valid(NULL));
}

static void test_dot_parses_back(void **state)
{
	char *out;
	size_t len;
	Agraph_t *g;

	assert_int_equal(vt_render_buffer(&out, &len, *state, "dot"), 0);
	assert_int_equal(strlen(out), len);
	g = agmemread(out);
	assert_non_null(g);
	assert_int_equal(count_doc_nodes(g), 5);
	assert_non_null(agnode(g, "cited-153-nq-cp", 0));
	assert_non_null(agnode(g, "cited-891-sngv-htqt", 0));
	/* A level anchor per level shown, on the rank of its documents. */
	assert_non_null(agnode(g, "_level_0", 0));
	assert_non_null(agnode(g, "_level_1", 0));
	assert_null(agnode(g, "_level_6", 0));
	assert_true(node_y(g, "_level_0") == node_y(g, "cited-59-nq-tw"));
	assert_true(node_y(g, "_level_1") == node_y(g, "cited-153-nq-cp"));
	/* One cluster per issuer, and the legend. */
	assert_non_null(agsubg(g, "cluster_issuer Ủy ban nhân dân tỉnh Đồng Nai", 0));
	assert_non_null(agsubg(g, "cluster_legend", 0));
	/* The unnumbered dispatch says so; cited-only documents are dashed. */
	assert_non_null(strstr(agget(agnode(g, "cv-dn-2025-1200", 0), "label"), "(chưa số)"));
	assert_non_null(strstr(agget(agnode(g, "cited-59-nq-tw", 0), "style"), "dashed"));
	assert_null(strstr(agget(agnode(g, "plan-dn-2025-39", 0), "style"), "dashed"));
	/* The long subject is cut on a word boundary. */
	assert_non_null(strstr(agget(agnode(g, "cited-153-nq-cp", 0), "label"), "…"));
	/* Party centre on top, then the Government, the plan, the dispatch. */
	assert_true(node_y(g, "cited-59-nq-tw") > node_y(g, "cited-153-nq-cp"));
	assert_true(node_y(g, "cited-153-nq-cp") > node_y(g, "plan-dn-2025-39"));
	assert_true(node_y(g, "plan-dn-2025-39") > node_y(g, "cv-dn-2025-1200"));
	assert_true(node_y(g, "cv-dn-2025-1200") > node_y(g, "cited-891-sngv-htqt"));
	agclose(g);
	free(out);
}

static void test_svg(void **state)
{
	char *out;
	size_t len;

	assert_int_equal(vt_render_buffer(&out, &len, *state, "svg"), 0);
	assert_true(len > 100);
	assert_memory_equal(out, "<?xml", 5);
	assert_non_null(strstr(out, "<svg"));
	/* Graphviz writes '-' in text as "&#45;". */
	assert_true(strstr(out, "153/NQ-CP") || strstr(out, "153/NQ&#45;CP"));
	assert_non_null(strstr(out, "Bộ Chính trị"));
	free(out);
}

static void test_hostile_subject(void **state)
{
	cJSON *view = cJSON_Duplicate(*state, 1);
	cJSON *n = cJSON_GetArrayItem(cJSON_GetObjectItem(view, "nodes"), 2);
	const char *evil = "\"];} <script>alert(1)</script> \\N \\G\n\x01 &amp; \xff\xfe";
	char *out, path[] = "/tmp/vt-render-svg-XXXXXX", cmd[128];
	size_t len;
	Agraph_t *g;
	FILE *f;
	int fd;

	(void)state;
	cJSON_ReplaceItemInObject(n, "subject", cJSON_CreateString(evil));
	cJSON_ReplaceItemInObject(n, "issuer", cJSON_CreateString("<b>\"x\"</b>"));
	cJSON_ReplaceItemInObject(n, "number", cJSON_CreateString("1\"]; a -> b; //"));

	assert_int_equal(vt_render_buffer(&out, &len, view, "svg"), 0);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<b>"));
	assert_non_null(strstr(out, "&lt;script&gt;"));
	/* The SVG is well-formed XML when xmllint is there to say so. */
	if (access("/usr/bin/xmllint", X_OK) == 0) {
		fd = mkstemp(path);
		assert_true(fd >= 0);
		f = fdopen(fd, "w");
		assert_int_equal(fwrite(out, 1, len, f), len);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "xmllint --noout --nonet %s 2>/dev/null", path);
		assert_int_equal(system(cmd), 0);
		unlink(path);
	}
	free(out);

	assert_int_equal(vt_render_buffer(&out, &len, view, "dot"), 0);
	g = agmemread(out);
	assert_non_null(g);
	assert_int_equal(count_doc_nodes(g), 5);
	assert_null(agnode(g, "a", 0));   /* nothing injected */
	assert_non_null(strstr(agget(agnode(g, "plan-dn-2025-39", 0), "label"),
	                       "<script>alert(1)"));
	agclose(g);
	free(out);
	cJSON_Delete(view);
}

static void test_png_pdf(void **state)
{
	char *out;
	size_t len;

	assert_int_equal(vt_render_buffer(&out, &len, *state, "png"), 0);
	assert_true(len > 8);
	assert_memory_equal(out, "\x89PNG\r\n\x1a\n", 8);
	free(out);
	assert_int_equal(vt_render_buffer(&out, &len, *state, "pdf"), 0);
	assert_true(len > 4);
	assert_memory_equal(out, "%PDF", 4);
	free(out);
}

static void test_bad_input(void **state)
{
	cJSON *v = cJSON_Parse("{\"nodes\":{}}");
	char *out;
	size_t len;

	assert_int_equal(vt_render_buffer(&out, &len, *state, "gif"), VT_EUSAGE);
	assert_null(out);
	assert_int_equal(vt_render_buffer(&out, &len, v, "svg"), VT_EINVALID);
	cJSON_Delete(v);
	/* An empty view renders (an empty picture), it does not fail. */
	v = cJSON_Parse("{\"root\":null,\"nodes\":[],\"edges\":[]}");
	assert_int_equal(vt_render_buffer(&out, &len, v, "svg"), 0);
	assert_non_null(strstr(out, "<svg"));
	free(out);
	cJSON_Delete(v);
}

static void test_render_file(void **state)
{
	char dir[] = "/tmp/vt-render-XXXXXX", path[64], bad[96];
	struct dirent *de;
	struct stat st;
	int entries = 0;
	DIR *d;
	FILE *f;
	char head[5] = { 0 };

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.pdf", dir);
	assert_int_equal(vt_render_file(*state, "pdf", path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 100);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");
	/* Written again in place; no temporary file left behind. */
	assert_int_equal(vt_render_file(*state, "svg", path), 0);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' || strncmp(de->d_name, ".vanthu", 7) == 0)
			entries++;
	closedir(d);
	assert_int_equal(entries, 1);
	snprintf(bad, sizeof(bad), "%s/no/such/dir/out.svg", dir);
	assert_int_equal(vt_render_file(*state, "svg", bad), VT_EIO);
	unlink(path);
	rmdir(dir);
}

static void test_from_graph(void **state)
{
	struct vt_lineage_opts o = { VT_LINEAGE_DOWN, 0, NULL, 0 };
	struct vt_graph *g;
	cJSON *rec, *view;
	char *out;
	size_t len;
	Agraph_t *ag;

	(void)state;
	assert_int_equal(vt_graph_new(&g), 0);
	rec = cJSON_Parse("{\"id\":\"plan-1\",\"type\":\"plan\",\"number\":\"39/KH-UBND\","
	                  "\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\",\"date\":\"2025-08-06\","
	                  "\"references\":[{\"number\":\"59-NQ/TW\",\"relation\":\"based_on\","
	                  "\"issuer\":\"Bộ Chính trị\",\"type\":\"resolution\"},"
	                  "{\"number\":\"153/NQ-CP\",\"relation\":\"implements\"}],"
	                  "\"relations\":[{\"from\":\"153/NQ-CP\",\"to\":\"59-NQ/TW\","
	                  "\"relation\":\"implements\"}]}");
	assert_int_equal(vt_graph_add_record(g, rec), 0);
	cJSON_Delete(rec);
	assert_int_equal(vt_graph_lineage(&view, g, "59-NQ/TW", &o), 0);
	assert_int_equal(vt_render_buffer(&out, &len, view, "dot"), 0);
	ag = agmemread(out);
	assert_non_null(ag);
	assert_int_equal(count_doc_nodes(ag), 3);
	assert_true(node_y(ag, "cited-59-nq-tw") > node_y(ag, "plan-1"));
	agclose(ag);
	free(out);
	cJSON_Delete(view);
	vt_graph_free(g);
}

static void test_large_view_scalable(void **state)
{
	cJSON *view = cJSON_CreateObject(), *nodes, *edges, *n, *e;
	char id[32], to[32];
	char *out;
	size_t len;
	Agraph_t *g;

	(void)state;
	nodes = cJSON_AddArrayToObject(view, "nodes");
	edges = cJSON_AddArrayToObject(view, "edges");
	for (int i = 0; i < 2000; i++) {
		snprintf(id, sizeof(id), "d%d", i);
		n = cJSON_CreateObject();
		cJSON_AddStringToObject(n, "id", id);
		cJSON_AddStringToObject(n, "number", id);
		cJSON_AddStringToObject(n, "type", i % 3 ? "dispatch" : "plan");
		cJSON_AddBoolToObject(n, "held", i % 2);
		cJSON_AddStringToObject(n, "issuer", i % 5 ? "Sở Ngoại vụ" : "Ủy ban nhân dân tỉnh");
		cJSON_AddNumberToObject(n, "level", i % 7);
		cJSON_AddItemToArray(nodes, n);
		if (i) {
			snprintf(to, sizeof(to), "d%d", (i - 1) / 3);
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "from", id);
			cJSON_AddStringToObject(e, "to", to);
			cJSON_AddStringToObject(e, "relation", i % 2 ? "implements" : "cites");
			cJSON_AddStringToObject(e, "asserted_by", id);
			cJSON_AddItemToArray(edges, e);
		}
	}
	assert_int_equal(vt_render_buffer(&out, &len, view, "dot"), 0);
	g = agmemread(out);
	assert_non_null(g);
	assert_int_equal(agnnodes(g), 2000);
	assert_int_equal(agnedges(g), 1999);
	assert_non_null(strstr(agget(g, "label"), "sfdp"));
	assert_non_null(agget(agnode(g, "d1999", 0), "pos"));
	agclose(g);
	free(out);
	cJSON_Delete(view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_valid),
		cmocka_unit_test_setup_teardown(test_dot_parses_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_png_pdf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_render_file, setup, teardown),
		cmocka_unit_test(test_from_graph),
		cmocka_unit_test(test_large_view_scalable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
