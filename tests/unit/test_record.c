/*
 * The record contract: identity, ids, finish, validation, canonical form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vanthu/error.h"
#include "vanthu/record.h"
#include "vanthu/text.h"

static const struct vt_plugin plan_plugin = {
	.abi = VT_PLUGIN_ABI,
	.size = sizeof(struct vt_plugin),
	.name = "plan",
	.version = "2.0.1",
	.doc_type = "plan",
};

static const char sample[] = "UBND TỈNH TÂY NINH\nKẾ HOẠCH\nvề việc thử nghiệm\n";

static cJSON *json(const char *s)
{
	cJSON *j = cJSON_Parse(s);

	if (!j)
		fail_msg("test JSON does not parse: %s", s);
	return j;
}

static char *identity_of(const char *s)
{
	cJSON *j = json(s);
	char *id = vt_record_identity(j);

	cJSON_Delete(j);
	return id;
}

static char *id_of(const char *s)
{
	cJSON *j = json(s);
	char *id = vt_record_mint_id(j);

	cJSON_Delete(j);
	if (!id)
		fail_msg("no id for %s: %s", s, vt_error_last());
	return id;
}

static void assert_identity(const char *rec, const char *expect)
{
	char *got = identity_of(rec);

	assert_non_null(got);
	assert_string_equal(got, expect);
	free(got);
}

static void assert_id(const char *rec, const char *expect)
{
	char *got = id_of(rec);

	assert_string_equal(got, expect);
	free(got);
}

/* What a store may use as a file name: [a-z0-9-]{1,100}, no dot, no slash. */
static void assert_safe_id(const char *id)
{
	size_t n = strlen(id);

	assert_true(n >= 1 && n <= 100);
	assert_int_equal(strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-"), n);
	assert_true(id[0] != '-' && id[n - 1] != '-');
	assert_null(strstr(id, "--"));
}

static void test_identity(void **state)
{
	(void)state;
	assert_identity("{\"number\":\"1345/UBND-NC\",\"province\":\"Tây Ninh\","
	                "\"date\":\"2024-05-05\"}", "tay-ninh|2024|1345/UBND-NC");
	assert_identity("{\"number\":\"05/bnv-vp\",\"province\":null,"
	                "\"date\":\"2025-01-02\"}", "central|2025|5/BNV-VP");
	assert_identity("{\"number\":\"153/NQ-CP\"}", "central|0000|153/NQ-CP");
	assert_identity("{\"number\":\"15/qđ-ubnd\",\"date\":\"2020-07\"}",
	                "central|2020|15/QĐ-UBND");
	assert_identity("{\"number\":\"000/TB\",\"date\":\"2021\"}", "central|2021|0/TB");
	assert_identity("{\"number\":\"59-NQ/TW\",\"date\":\"2024-01-24\","
	                "\"province\":\"\"}", "central|2024|59-NQ/TW");
	/* The same identity whatever the case and padding of the number. */
	{
		char *a = identity_of("{\"number\":\"0111-kh/tu\",\"province\":\"Bình Phước\","
		                      "\"date\":\"2024-03-01\"}");
		char *b = identity_of("{\"number\":\"111-KH/TU\",\"province\":\"Bình Phước\","
		                      "\"date\":\"2024-11-30\"}");
		char *c = identity_of("{\"number\":\"111-KH/TU\",\"province\":\"Đồng Nai\","
		                      "\"date\":\"2024-11-30\"}");

		assert_string_equal(a, b);
		assert_string_equal(a, "binh-phuoc|2024|111-KH/TU");
		assert_string_not_equal(a, c);
		free(a);
		free(b);
		free(c);
	}
	/* Drafts have no identity yet. */
	assert_null(identity_of("{\"number\":null,\"symbol\":\"UBND-TH\"}"));
	assert_null(identity_of("{\"number\":\"\"}"));
	assert_null(identity_of("{}"));
	assert_null(vt_record_identity(NULL));
}

static void test_mint_id(void **state)
{
	char *a, *b;

	(void)state;
	assert_id("{\"number\":\"1345/UBND-NC\",\"province\":\"Tây Ninh\","
	          "\"date\":\"2024-05-05\"}", "tay-ninh-2024-1345-ubnd-nc");
	assert_id("{\"number\":\"153/NQ-CP\",\"date\":\"2025-05-31\"}",
	          "central-2025-153-nq-cp");
	assert_id("{\"number\":\"05/BNV-VP\",\"date\":\"2025-05-31\"}",
	          "central-2025-5-bnv-vp");
	assert_id("{\"number\":\"15/QĐ-UBND\",\"province\":\"Gia Lai\",\"date\":\"2025\"}",
	          "gia-lai-2025-15-qd-ubnd");
	assert_id("{\"number\":null,\"symbol\":\"UBND-TH\",\"province\":\"Đồng Nai\","
	          "\"date\":\"2026-04\",\"source\":{\"sha256\":"
	          "\"3dac13bc06b1a10f0000000000000000000000000000000000000000000000ff\"}}",
	          "dong-nai-2026-draft-ubnd-th-3dac13bc06");
	assert_id("{\"number\":null,\"symbol\":null,\"type\":\"plan\",\"source\":{\"sha256\":"
	          "\"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"}}",
	          "central-0000-draft-plan-abcdef0123");

	/* Equal identities, equal ids. */
	a = id_of("{\"number\":\"05/bnv-vp\",\"date\":\"2025-01-01\"}");
	b = id_of("{\"number\":\"5/BNV-VP\",\"date\":\"2025-12-31\"}");
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void test_mint_id_hostile(void **state)
{
	char longnum[600], *a, *b, rec[800];

	(void)state;
	assert_id("{\"number\":\"1/../../../pwned/UBND-NC\",\"date\":\"2024-01-01\"}",
	          "central-2024-1-pwned-ubnd-nc");
	a = id_of("{\"number\":\"../..\",\"province\":\"../..\",\"date\":\"../..\"}");
	assert_safe_id(a);
	assert_true(strncmp(a, "x-0000", 6) == 0 || strncmp(a, "central-0000", 12) == 0);
	free(a);
	a = id_of("{\"number\":\"..\",\"symbol\":\"..\"}");
	assert_safe_id(a);
	free(a);
	a = id_of("{\"number\":null,\"symbol\":\"/../\",\"type\":\"../\"}");
	assert_safe_id(a);
	assert_non_null(strstr(a, "-draft"));
	free(a);
	a = id_of("{\"number\":\"1\\u0000/x\",\"province\":\"\\n\\t\"}");
	assert_safe_id(a);
	free(a);
	a = id_of("{\"number\":\"\xc3\x28\xff/\\u202e\",\"date\":\"\xff\xfe\"}");
	assert_safe_id(a);
	free(a);

	/* Long numbers are cut to 100 bytes but stay apart. */
	memset(longnum, 'a', sizeof(longnum));
	longnum[sizeof(longnum) - 1] = '\0';
	snprintf(rec, sizeof(rec), "{\"number\":\"1/%s\"}", longnum);
	a = id_of(rec);
	longnum[sizeof(longnum) - 2] = 'b';
	snprintf(rec, sizeof(rec), "{\"number\":\"1/%s\"}", longnum);
	b = id_of(rec);
	assert_safe_id(a);
	assert_safe_id(b);
	assert_int_equal(strlen(a), 100);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
	assert_null(vt_record_mint_id(NULL));
}

static struct vt_text *sample_text(void)
{
	struct vt_text *t;

	assert_int_equal(vt_text_load(&t, sample, strlen(sample), "sample.txt"), 0);
	return t;
}

static void test_finish_fills(void **state)
{
	static const char *const nulls[] = {
		"number", "symbol", "family", "issuer", "province", "place", "date",
		"subject", "signer", NULL
	};
	static const char *const arrays[] = {
		"recipients", "references", "relations", "standards", "tasks",
		"distribution", "attachments", "warnings", NULL
	};
	struct vt_text *t = sample_text();
	cJSON *rec = json("{\"subject\":\"thử nghiệm\",\"schema\":7,"
	                  "\"source\":{\"sha256\":\"lie\"},"
	                  "\"references\":[{\"number\":\"1/KH\",\"relation\":\"cites\","
	                  "\"span\":[0,4]}],"
	                  "\"tasks\":[{\"label\":\"1\",\"text\":\"x\",\"span\":[0,1]}],"
	                  "\"signer\":{\"name\":\"Trần Văn A\"},"
	                  "\"distribution\":[{\"name\":\"Như trên\"}]}");
	const cJSON *src, *ref, *task, *signer, *id;
	char expect[64];
	size_t i;

	(void)state;
	assert_int_equal(vt_record_finish(rec, t, &plan_plugin), 0);
	assert_int_equal(vt_record_validate(rec, t->orig_len), 0);

	assert_int_equal(cJSON_GetObjectItem(rec, "schema")->valuedouble, 1);
	assert_string_equal(cJSON_GetObjectItem(rec, "type")->valuestring, "plan");
	assert_string_equal(cJSON_GetObjectItem(rec, "subject")->valuestring, "thử nghiệm");
	for (i = 0; nulls[i]; i++)
		if (strcmp(nulls[i], "signer") && strcmp(nulls[i], "subject"))
			assert_true(cJSON_IsNull(cJSON_GetObjectItem(rec, nulls[i])));
	for (i = 0; arrays[i]; i++)
		assert_true(cJSON_IsArray(cJSON_GetObjectItem(rec, arrays[i])));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rec, "warnings")), 0);

	/* The plugin does not get to say where the record came from. */
	src = cJSON_GetObjectItem(rec, "source");
	assert_string_equal(cJSON_GetObjectItem(src, "sha256")->valuestring, t->sha256);
	assert_int_equal(cJSON_GetObjectItem(src, "bytes")->valuedouble, strlen(sample));
	assert_string_equal(cJSON_GetObjectItem(src, "plugin")->valuestring, "plan");
	assert_string_equal(cJSON_GetObjectItem(src, "plugin_version")->valuestring, "2.0.1");

	/* Nullable members of nested objects are filled too. */
	ref = cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "references"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ref, "verb")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ref, "date")));
	assert_string_equal(cJSON_GetObjectItem(ref, "relation")->valuestring, "cites");
	task = cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "tasks"), 0);
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(task, "deadlines")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(task, "lead")));
	signer = cJSON_GetObjectItem(rec, "signer");
	assert_string_equal(cJSON_GetObjectItem(signer, "name")->valuestring, "Trần Văn A");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(signer, "authority")));

	/* Left in canonical order in place: printed as it is, it is canonical. */
	assert_string_equal(rec->child->string, "schema");
	assert_string_equal(rec->child->next->string, "id");
	assert_string_equal(rec->child->prev->string, "source");
	assert_string_equal(ref->child->string, "type");
	assert_string_equal(ref->child->prev->string, "span");
	{
		char *plain = cJSON_Print(rec), *canon = vt_record_canonical(rec);

		assert_non_null(plain);
		assert_non_null(canon);
		assert_memory_equal(plain, canon, strlen(plain));
		free(plain);
		free(canon);
	}

	/* A draft: its id carries the source hash. */
	id = cJSON_GetObjectItem(rec, "id");
	snprintf(expect, sizeof(expect), "central-0000-draft-plan-%.10s", t->sha256);
	assert_string_equal(id->valuestring, expect);

	/* Finishing again keeps the id it was given, even when the number changed. */
	cJSON_ReplaceItemInObject(rec, "number", cJSON_CreateString("39/KH-UBND"));
	assert_int_equal(vt_record_finish(rec, t, &plan_plugin), 0);
	assert_string_equal(cJSON_GetObjectItem(rec, "id")->valuestring, expect);
	assert_int_equal(cJSON_GetArraySize(rec), 21);
	cJSON_Delete(rec);

	/* A type the plugin set is kept; a null one is replaced. */
	rec = json("{\"type\":\"decision\",\"number\":\"15/QĐ-UBND\"}");
	assert_int_equal(vt_record_finish(rec, t, &plan_plugin), 0);
	assert_string_equal(cJSON_GetObjectItem(rec, "type")->valuestring, "decision");
	assert_string_equal(cJSON_GetObjectItem(rec, "id")->valuestring,
	                    "central-0000-15-qd-ubnd");
	cJSON_Delete(rec);
	rec = json("{\"type\":null}");
	assert_int_equal(vt_record_finish(rec, t, &plan_plugin), 0);
	assert_string_equal(cJSON_GetObjectItem(rec, "type")->valuestring, "plan");
	cJSON_Delete(rec);

	rec = json("[]");
	assert_int_equal(vt_record_finish(rec, t, &plan_plugin), VT_EUSAGE);
	cJSON_Delete(rec);
	vt_text_free(t);
}

/* A valid record to break one field at a time. */
static cJSON *valid_record(void)
{
	return json("{\"schema\":1,\"id\":\"tay-ninh-2024-1345-ubnd-nc\",\"type\":\"dispatch\","
	            "\"number\":\"1345/UBND-NC\",\"symbol\":\"UBND-NC\",\"family\":\"state\","
	            "\"issuer\":\"Ủy ban nhân dân tỉnh Tây Ninh\",\"province\":\"Tây Ninh\","
	            "\"place\":\"Tây Ninh\",\"date\":\"2024-05-05\",\"subject\":\"x\","
	            "\"recipients\":[\"Các sở\"],"
	            "\"references\":[{\"type\":\"notice\",\"number\":\"170/TB-VPCP\","
	            "\"date\":\"2024-04-18\",\"issuer\":\"Văn phòng Chính phủ\","
	            "\"relation\":\"implements\",\"verb\":\"Thực hiện\",\"alias\":null,"
	            "\"span\":[3,9]}],"
	            "\"relations\":[{\"from\":\"21/NQ-CP\",\"to\":\"15-CT/TW\","
	            "\"relation\":\"implements\"}],"
	            "\"standards\":[{\"number\":\"QCVN 01:2019/BCT\",\"span\":[0,0]}],"
	            "\"tasks\":[{\"label\":\"6\",\"text\":\"t\",\"lead\":[\"Sở Ngoại vụ\"],"
	            "\"support\":[],\"deadlines\":[\"2024-05-22\",\"2026-06\",\"2026-Q3\","
	            "\"--05-31\",\"--02-29\",\"2027\"],\"deadlines_text\":[\"trong 10 ngày\"],"
	            "\"outputs\":[{\"type\":\"plan\",\"text\":\"Kế hoạch\"}],\"span\":[10,20]}],"
	            "\"signer\":{\"name\":\"Trần Văn Chiến\",\"title\":\"Phó Chủ tịch\","
	            "\"authority\":\"KT. Chủ tịch\"},"
	            "\"distribution\":[{\"name\":\"VPCP\",\"role\":\"report\"},"
	            "{\"name\":\"Sở X\",\"role\":null}],"
	            "\"attachments\":[],\"warnings\":[{\"code\":\"c\",\"message\":\"m\"}],"
	            "\"source\":{\"sha256\":"
	            "\"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\","
	            "\"bytes\":4691,\"plugin\":\"dispatch\",\"plugin_version\":\"1.0.0\"},"
	            "\"more\":{\"anything\":true}}");
}

/* Replace top-level `key` by `value` (JSON; NULL: remove it) and expect `msg`. */
static void expect_invalid(const char *key, const char *value, size_t src_len,
                           const char *msg)
{
	cJSON *rec = valid_record();

	if (value)
		cJSON_ReplaceItemInObject(rec, key, json(value));
	else
		cJSON_DeleteItemFromObject(rec, key);
	if (vt_record_validate(rec, src_len) != VT_EINVALID)
		fail_msg("'%s': %s was accepted", key, value ? value : "(removed)");
	if (strcmp(vt_error_last(), msg) != 0)
		fail_msg("'%s': got \"%s\", expected \"%s\"", key, vt_error_last(), msg);
	cJSON_Delete(rec);
}

static void expect_valid(const char *key, const char *value, size_t src_len)
{
	cJSON *rec = valid_record();

	cJSON_ReplaceItemInObject(rec, key, json(value));
	if (vt_record_validate(rec, src_len) != 0)
		fail_msg("'%s': %s refused: %s", key, value, vt_error_last());
	cJSON_Delete(rec);
}

#define TASK(fields) "{\"label\":\"1\",\"text\":\"t\",\"lead\":[],\"support\":[]," \
	"\"deadlines\":[],\"deadlines_text\":[],\"outputs\":[],\"span\":[0,1]" fields "}"

static void test_validate(void **state)
{
	cJSON *rec = valid_record();

	(void)state;
	assert_int_equal(vt_record_validate(rec, 4691), 0);
	assert_int_equal(vt_record_validate(rec, 0), 0);
	cJSON_Delete(rec);

	expect_valid("date", "null", 100);
	expect_valid("date", "\"2025-09\"", 100);
	expect_valid("date", "\"2025\"", 100);
	expect_valid("date", "\"2024-02-29\"", 100);
	expect_valid("family", "null", 100);
	expect_valid("family", "\"party\"", 100);
	expect_valid("signer", "null", 100);
	expect_valid("number", "null", 100);
	expect_valid("references", "[{\"type\":null,\"number\":null,\"date\":\"2025\","
	             "\"issuer\":null,\"relation\":\"based_on\",\"verb\":null,"
	             "\"span\":[0,100]}]", 100);
	expect_valid("warnings", "[{\"code\":\"c\",\"message\":\"m\",\"span\":[1,1]}]", 100);

	expect_invalid("schema", "2", 0, "record field 'schema' is not 1");
	expect_invalid("schema", "\"1\"", 0, "record field 'schema' is not 1");
	expect_invalid("id", "\"Tay-Ninh/../x\"", 0,
	               "record field 'id' is not an id ([a-z0-9-], 1 to 100 bytes): "
	               "'Tay-Ninh/../x'");
	expect_invalid("id", "\"\"", 0,
	               "record field 'id' is not an id ([a-z0-9-], 1 to 100 bytes): ''");
	expect_invalid("type", "\"memo\"", 0,
	               "record field 'type' is not a document type: 'memo'");
	expect_invalid("type", "null", 0, "record field 'type' is not a string");
	expect_invalid("number", "153", 0, "record field 'number' is not a string or null");
	expect_invalid("family", "\"gov\"", 0, "record field 'family' is not a family: 'gov'");
	expect_invalid("date", "\"2023-02-29\"", 0,
	               "record field 'date' is not a date: '2023-02-29'");
	expect_invalid("date", "\"05/05/2024\"", 0,
	               "record field 'date' is not a date: '05/05/2024'");
	expect_invalid("date", "\"2026-Q3\"", 0, "record field 'date' is not a date: '2026-Q3'");
	expect_invalid("recipients", "[\"a\",1]", 0,
	               "record field 'recipients[1]' is not a string");
	expect_invalid("recipients", "null", 0, "record field 'recipients' is not an array");
	expect_invalid("references", "[{\"type\":\"notice\",\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"relation\":\"likes\",\"verb\":null,\"span\":[0,0]}]", 0,
	               "record field 'references[0].relation' is not a relation: 'likes'");
	expect_invalid("references", "[{\"type\":\"notice\",\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"verb\":null,\"span\":[0,0]}]", 0,
	               "record field 'references[0].relation' is missing");
	expect_invalid("references", "[{\"type\":\"memo\",\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"relation\":\"cites\",\"verb\":null,\"span\":[0,0]}]",
	               0, "record field 'references[0].type' is not a document type: 'memo'");
	expect_invalid("references", "[{\"type\":null,\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"relation\":\"cites\",\"verb\":null,\"span\":[5,11]}]",
	               10, "record field 'references[0].span' is not a span within the "
	               "source: end 11 past 10 bytes");
	expect_invalid("references", "[{\"type\":null,\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"relation\":\"cites\",\"verb\":null,\"span\":[5,3]}]",
	               0, "record field 'references[0].span' is not a span: start 5 after end 3");
	expect_invalid("references", "[{\"type\":null,\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"relation\":\"cites\",\"verb\":null,\"span\":[1.5,3]}]",
	               0, "record field 'references[0].span' is not a span [start, end] of "
	               "byte offsets");
	expect_invalid("references", "[{\"type\":null,\"number\":null,\"date\":null,"
	               "\"issuer\":null,\"relation\":\"cites\",\"verb\":null,\"span\":[-1,3]}]",
	               0, "record field 'references[0].span' is not a span [start, end] of "
	               "byte offsets");
	expect_invalid("references", "[1]", 0, "record field 'references[0]' is not an object");
	expect_invalid("relations", "[{\"from\":\"a\",\"to\":null,\"relation\":\"cites\"}]", 0,
	               "record field 'relations[0].to' is not a string");
	expect_invalid("standards", "[{\"number\":\"QCVN\"}]", 0,
	               "record field 'standards[0].span' is missing");
	expect_invalid("tasks", "[" TASK("") "," TASK("") "," TASK("") ","
	               "{\"label\":\"4\",\"text\":\"t\",\"lead\":[],\"support\":[],"
	               "\"deadlines\":[\"2024-13-40\"],\"deadlines_text\":[],\"outputs\":[],"
	               "\"span\":[0,1]}]", 0,
	               "record field 'tasks[3].deadlines[0]' is not a date: '2024-13-40'");
	expect_invalid("tasks", "[{\"label\":\"1\",\"text\":\"t\",\"lead\":[],\"support\":[],"
	               "\"deadlines\":[\"2026-Q5\"],\"deadlines_text\":[],\"outputs\":[],"
	               "\"span\":[0,1]}]", 0,
	               "record field 'tasks[0].deadlines[0]' is not a date: '2026-Q5'");
	expect_invalid("tasks", "[{\"label\":\"1\",\"text\":\"t\",\"lead\":[],\"support\":[],"
	               "\"deadlines\":[\"--02-30\"],\"deadlines_text\":[],\"outputs\":[],"
	               "\"span\":[0,1]}]", 0,
	               "record field 'tasks[0].deadlines[0]' is not a date: '--02-30'");
	expect_invalid("tasks", "[{\"label\":1,\"text\":\"t\"}]", 0,
	               "record field 'tasks[0].label' is not a string");
	expect_invalid("tasks", "[" TASK(",\"x\":0") ",{\"label\":\"2\",\"text\":\"t\","
	               "\"lead\":[\"A\",null]}]", 0,
	               "record field 'tasks[1].lead[1]' is not a string");
	expect_invalid("tasks", "[{\"label\":\"1\",\"text\":\"t\",\"lead\":[],\"support\":[],"
	               "\"deadlines\":[],\"deadlines_text\":[],\"outputs\":[{\"type\":\"memo\","
	               "\"text\":\"x\"}],\"span\":[0,1]}]", 0,
	               "record field 'tasks[0].outputs[0].type' is not a document type: 'memo'");
	expect_invalid("signer", "{\"name\":5,\"title\":null,\"authority\":null}", 0,
	               "record field 'signer.name' is not a string or null");
	expect_invalid("signer", "{\"name\":null,\"title\":null}", 0,
	               "record field 'signer.authority' is missing");
	expect_invalid("signer", "\"Trần Văn Chiến\"", 0,
	               "record field 'signer' is not an object");
	expect_invalid("distribution", "[{\"name\":\"x\",\"role\":\"cc\"}]", 0,
	               "record field 'distribution[0].role' is not a distribution role: 'cc'");
	expect_invalid("attachments", "{}", 0, "record field 'attachments' is not an array");
	expect_invalid("warnings", "[{\"code\":\"c\"}]", 0,
	               "record field 'warnings[0].message' is missing");
	expect_invalid("warnings", NULL, 0, "record field 'warnings' is missing");
	expect_invalid("source", "{\"sha256\":\"ABC\",\"bytes\":1,\"plugin\":\"p\","
	               "\"plugin_version\":\"1\"}", 0,
	               "record field 'source.sha256' is not a SHA-256 in lower-case hex: 'ABC'");
	expect_invalid("source", "{\"sha256\":\"abcdef0123456789abcdef0123456789abcdef0123456789"
	               "abcdef0123456789\",\"bytes\":-1,\"plugin\":\"p\",\"plugin_version\":\"1\"}",
	               0, "record field 'source.bytes' is not a byte count");

	/* Long hostile values are quoted, cut, never copied whole. */
	{
		char big[2100];

		memset(big, 'z', sizeof(big));
		big[0] = '"';
		memcpy(big + sizeof(big) - 2, "\"", 2);
		rec = valid_record();
		cJSON_ReplaceItemInObject(rec, "type", json(big));
		assert_int_equal(vt_record_validate(rec, 0), VT_EINVALID);
		assert_true(strlen(vt_error_last()) < 150);
		cJSON_Delete(rec);
	}
	assert_int_equal(vt_record_validate(NULL, 0), VT_EINVALID);
	rec = json("[1]");
	assert_int_equal(vt_record_validate(rec, 0), VT_EINVALID);
	assert_string_equal(vt_error_last(), "record is not a JSON object");
	cJSON_Delete(rec);
}

/*
 * Every field replaced by every kind of wrong value: refused (or, for the
 * nullable ones, accepted), always with a message naming that field.
 */
static void test_validate_every_field(void **state)
{
	static const char *const values[] = {
		"null", "0", "-1", "1e300", "true", "\"\"", "\"x\"", "[]", "{}", "[null]",
		"[1]", "[{}]", "[[]]", "[{\"span\":[1,0]}]", "{\"name\":[]}", NULL
	};
	cJSON *base = valid_record();
	const cJSON *field;
	char prefix[64];
	size_t v;

	(void)state;
	cJSON_ArrayForEach(field, base) {
		for (v = 0; values[v]; v++) {
			cJSON *rec = cJSON_Duplicate(base, 1);
			int rc;

			cJSON_ReplaceItemInObject(rec, field->string, json(values[v]));
			rc = vt_record_validate(rec, 50);
			if (rc != 0 && rc != VT_EINVALID)
				fail_msg("'%s' = %s: code %d", field->string, values[v], rc);
			snprintf(prefix, sizeof(prefix), "record field '%s", field->string);
			if (rc && strncmp(vt_error_last(), prefix, strlen(prefix)) != 0)
				fail_msg("'%s' = %s: \"%s\"", field->string, values[v],
				         vt_error_last());
			/* No contract field is a boolean or an empty object. */
			if (rc == 0 && strcmp(field->string, "more") != 0 &&
			    (!strcmp(values[v], "true") || !strcmp(values[v], "{}")))
				fail_msg("'%s' = %s accepted", field->string, values[v]);
			free(vt_record_canonical(rec));
			cJSON_Delete(rec);
		}
	}
	cJSON_Delete(base);
}

/* The same record, keys added in the opposite order at every level. */
static cJSON *reversed(const cJSON *it)
{
	const cJSON *ch;
	cJSON *out;

	if (cJSON_IsObject(it)) {
		int i;

		out = cJSON_CreateObject();
		for (i = cJSON_GetArraySize(it) - 1; i >= 0; i--) {
			ch = cJSON_GetArrayItem(it, i);
			cJSON_AddItemToObject(out, ch->string, reversed(ch));
		}
		return out;
	}
	if (cJSON_IsArray(it)) {
		out = cJSON_CreateArray();
		cJSON_ArrayForEach(ch, it)
			cJSON_AddItemToArray(out, reversed(ch));
		return out;
	}
	return cJSON_Duplicate(it, 1);
}

static void test_canonical(void **state)
{
	cJSON *a = valid_record(), *b, *again;
	char *ca, *cb, *cc;
	const char *p, *q;

	(void)state;
	cJSON_AddStringToObject(a, "zeta", "last");
	cJSON_AddStringToObject(a, "alpha", "first of the others");
	b = reversed(a);
	assert_string_equal(b->child->string, "alpha");   /* really reversed */
	ca = vt_record_canonical(a);
	cb = vt_record_canonical(b);
	assert_non_null(ca);
	assert_non_null(cb);
	assert_string_equal(ca, cb);

	/* Contract order, one field per line, trailing newline. */
	assert_true(strncmp(ca, "{\n\t\"schema\":\t1,\n\t\"id\":\t\"tay-ninh-2024-1345-ubnd-nc\",\n"
	                    "\t\"type\":\t\"dispatch\",\n\t\"number\":", 72) == 0);
	assert_int_equal(ca[strlen(ca) - 1], '\n');
	assert_int_equal(ca[strlen(ca) - 2], '}');
	p = strstr(ca, "\n\t\"source\":");
	q = strstr(ca, "\n\t\"alpha\":");
	assert_non_null(p);
	assert_non_null(q);
	assert_true(p < q);
	assert_true(q < strstr(ca, "\n\t\"more\":"));
	assert_true(strstr(ca, "\n\t\"more\":") < strstr(ca, "\n\t\"zeta\":"));
	assert_true(strstr(ca, "\n\t\"warnings\":") < p);
	/* Nested keys: type, number, date, issuer, relation, verb, alias, span. */
	p = strstr(ca, "\"references\":");
	assert_true(strstr(p, "\"type\":\t\"notice\"") < strstr(p, "\"number\":\t\"170/"));
	assert_true(strstr(p, "\"verb\":") < strstr(p, "\"alias\":"));
	assert_true(strstr(p, "\"alias\":") < strstr(p, "\"span\":"));
	p = strstr(ca, "\"source\":");
	assert_true(strstr(p, "\"sha256\":") < strstr(p, "\"bytes\":\t4691,"));
	assert_true(strstr(p, "\"plugin\":") < strstr(p, "\"plugin_version\":"));
	/* Arrays keep their order. */
	assert_true(strstr(ca, "\"2024-05-22\"") < strstr(ca, "\"--05-31\""));

	/* Round trip: what the store reads back prints the same. */
	again = cJSON_Parse(ca);
	assert_non_null(again);
	cc = vt_record_canonical(again);
	assert_string_equal(ca, cc);
	assert_int_equal(vt_record_validate(again, 0), 0);

	free(ca);
	free(cb);
	free(cc);
	cJSON_Delete(a);
	cJSON_Delete(b);
	cJSON_Delete(again);
	assert_null(vt_record_canonical(NULL));
}

static void test_canonical_deep(void **state)
{
	cJSON *rec = valid_record(), *at = rec;
	char *s;
	int i;

	(void)state;
	/* Nesting the store could be handed: refused, not a stack overflow. */
	for (i = 0; i < 10000; i++) {
		cJSON *next = cJSON_CreateArray();

		cJSON_AddItemToObject(at, "x", next);
		at = cJSON_CreateObject();
		cJSON_AddItemToArray(next, at);
	}
	s = vt_record_canonical(rec);
	assert_null(s);
	assert_int_equal(vt_error_last_code(), VT_EINVALID);
	assert_non_null(strstr(vt_error_last(), "nested deeper"));
	assert_int_equal(vt_record_validate(rec, 0), VT_EINVALID);
	assert_non_null(strstr(vt_error_last(), "nested deeper"));
	cJSON_Delete(rec);
}

/* Put `bytes` as a string at `key` of `obj` and expect `msg`. */
static void expect_not_utf8(cJSON *rec, cJSON *obj, const char *key,
                            const char *bytes, const char *msg)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddItemToObject(obj, key, cJSON_CreateString(bytes));
	assert_int_equal(vt_record_validate(rec, 0), VT_EINVALID);
	assert_string_equal(vt_error_last(), msg);
	cJSON_Delete(rec);
}

/* A hand-edited store file: bad bytes anywhere, known field or not. */
static void test_validate_utf8(void **state)
{
	cJSON *rec, *task;

	(void)state;
	rec = valid_record();
	expect_not_utf8(rec, rec, "subject", "K\xff ho\xe1\xba\xa1" "ch",
	                "record field 'subject' is not valid UTF-8");
	/* Half a character, as a byte cap would leave it. */
	rec = valid_record();
	task = cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "tasks"), 0);
	cJSON_ReplaceItemInArray(cJSON_GetObjectItem(task, "lead"), 0,
	                         cJSON_CreateString("S\xe1\xbb"));
	assert_int_equal(vt_record_validate(rec, 0), VT_EINVALID);
	assert_string_equal(vt_error_last(),
	                    "record field 'tasks[0].lead[0]' is not valid UTF-8");
	cJSON_Delete(rec);
	/* A surrogate and an overlong '/' in members the contract does not name. */
	rec = valid_record();
	expect_not_utf8(rec, cJSON_GetObjectItem(rec, "more"), "anything",
	                "\xed\xa0\x80", "record field 'more.anything' is not valid UTF-8");
	rec = valid_record();
	expect_not_utf8(rec, cJSON_GetObjectItem(rec, "more"), "x", "a\xc0\xaf",
	                "record field 'more.x' is not valid UTF-8");
	rec = valid_record();
	expect_not_utf8(rec, rec, "\xfe", "ok",
	                "record has a member name that is not valid UTF-8");
	rec = valid_record();
	expect_not_utf8(rec, cJSON_GetObjectItem(rec, "source"), "pl\x80", "ok",
	                "record field 'source' has a member name that is not valid UTF-8");
	/* A path too long for the message is cut between characters. */
	{
		char name[300] = "", msg[400];
		int i;

		for (i = 0; i < 90; i++)
			strcat(name, "ờ");
		rec = valid_record();
		cJSON_AddItemToObject(cJSON_GetObjectItem(rec, "more"), name,
		                      cJSON_CreateString("\xff"));
		assert_int_equal(vt_record_validate(rec, 0), VT_EINVALID);
		/* "more." is 5 bytes; 83 whole "ờ" fit in the 250 left of 255. */
		name[83 * 3] = '\0';
		snprintf(msg, sizeof(msg), "record field 'more.%s' is not valid UTF-8", name);
		assert_string_equal(vt_error_last(), msg);
		cJSON_Delete(rec);
	}
	/* Valid text of every length of sequence is not touched. */
	rec = valid_record();
	cJSON_AddItemToObject(cJSON_GetObjectItem(rec, "more"), "y",
	                      cJSON_CreateString("a\xc3\xa9\xe1\xbb\x9d\xf0\x9f\x93\x84"));
	assert_int_equal(vt_record_validate(rec, 0), 0);
	cJSON_Delete(rec);
}

static void test_enumerations(void **state)
{
	static const char *const types[] = {
		"notice", "dispatch", "plan", "resolution", "decision", "directive",
		"conclusion", "report", "program", "decree", "circular", "law", "other"
	};
	static const char *const rels[] = {
		"implements", "based_on", "proposed_by", "amends", "replaces", "repeals",
		"guides", "cites"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		assert_true(vt_record_type_valid(types[i]));
	for (i = 0; i < sizeof(rels) / sizeof(rels[0]); i++)
		assert_true(vt_record_relation_valid(rels[i]));
	assert_false(vt_record_type_valid("Notice"));
	assert_false(vt_record_type_valid(""));
	assert_false(vt_record_type_valid(NULL));
	assert_false(vt_record_type_valid("implements"));
	assert_false(vt_record_relation_valid("based on"));
	assert_false(vt_record_relation_valid("notice"));
	assert_false(vt_record_relation_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_mint_id),
		cmocka_unit_test(test_mint_id_hostile),
		cmocka_unit_test(test_finish_fills),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_validate_every_field),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_canonical_deep),
		cmocka_unit_test(test_validate_utf8),
		cmocka_unit_test(test_enumerations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
