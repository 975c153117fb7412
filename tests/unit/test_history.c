/*
 * History: field diffs, paths, corrections and the identity of a draft and
 * its issued version, against real records and a real store.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/record.h"
#include "vanthu/store.h"

static const char REC_A[] =
	"{\"schema\":1,\"id\":\"tay-ninh-2024-1345-ubnd-nc\",\"type\":\"dispatch\","
	"\"number\":\"1345/UBND-NC\",\"date\":\"2024-05-05\",\"subject\":\"đối ngoại\","
	"\"references\":[{\"number\":\"170/TB-VPCP\",\"date\":\"2024-04-18\",\"span\":[1,2]},"
	"{\"number\":\"21/NQ-CP\",\"date\":null,\"span\":[3,4]}],"
	"\"tasks\":[{\"label\":\"5\",\"deadlines\":[]},{\"label\":\"6\",\"deadlines\":[\"2024-05-22\"],\"span\":[10,20]}],"
	"\"signer\":{\"name\":\"Trần Văn Chiến\"}}";

static cJSON *change(const cJSON *changes, const char *path)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, changes)
		if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "path")), path))
			return (cJSON *)c;
	return NULL;
}

static void test_diff_fields(void **state)
{
	cJSON *a = cJSON_Parse(REC_A), *b = cJSON_Parse(REC_A), *changes = NULL, *c;
	cJSON *task6;

	(void)state;
	/* deadline moved, a reference removed, one added, the signer changed,
	 * and a span shifted (which is no change) */
	task6 = cJSON_GetArrayItem(cJSON_GetObjectItem(b, "tasks"), 1);
	cJSON_ReplaceItemInObject(task6, "deadlines", cJSON_Parse("[\"2024-05-31\"]"));
	cJSON_ReplaceItemInObject(task6, "span", cJSON_Parse("[11,21]"));
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(b, "references"), 1);
	cJSON_AddItemToArray(cJSON_GetObjectItem(b, "references"),
	                     cJSON_Parse("{\"number\":\"153/NQ-CP\",\"span\":[5,6]}"));
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(b, "signer"), "name",
	                          cJSON_CreateString("Nguyễn Văn A"));
	assert_int_equal(vt_history_diff(&changes, a, b), 0);
	assert_int_equal(cJSON_GetArraySize(changes), 4);
	c = change(changes, "tasks[6].deadlines");
	assert_non_null(c);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "op")), "changed");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "new"), 0)),
	                    "2024-05-31");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "old"), 0)),
	                    "2024-05-22");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(change(changes, "references[21/NQ-CP]"), "op")),
	                    "removed");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(change(changes, "references[153/NQ-CP]"), "op")),
	                    "added");
	assert_non_null(change(changes, "signer.name"));
	assert_null(change(changes, "tasks[6].span"));
	cJSON_Delete(changes);
	/* from nothing: every field added */
	assert_int_equal(vt_history_diff(&changes, NULL, a), 0);
	assert_non_null(change(changes, "number"));
	cJSON_Delete(changes);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void test_paths(void **state)
{
	cJSON *a = cJSON_Parse(REC_A);
	const cJSON *it;

	(void)state;
	it = vt_history_get_path(a, "tasks[6].deadlines");
	assert_non_null(it);
	assert_string_equal(cJSON_GetArrayItem(it, 0)->valuestring, "2024-05-22");
	assert_string_equal(vt_history_get_path(a, "signer.name")->valuestring, "Trần Văn Chiến");
	assert_null(vt_history_get_path(a, "tasks[9].deadlines"));
	assert_null(vt_history_get_path(a, "tasks[6"));
	assert_int_equal(vt_history_set_path(a, "references[170/TB-VPCP].date",
	                                     cJSON_CreateString("2024-04-19")), 0);
	assert_string_equal(vt_history_get_path(a, "references[170/TB-VPCP].date")->valuestring,
	                    "2024-04-19");
	assert_int_equal(vt_history_set_path(a, "tasks[9].deadlines", cJSON_CreateArray()),
	                 VT_ENOTFOUND);
	assert_int_equal(vt_history_set_path(a, "a]b[", cJSON_CreateNull()), VT_EUSAGE);
	cJSON_Delete(a);
}

/* Equal keys are told apart by their order among equals, not by position. */
static void test_diff_equal_keys(void **state)
{
	cJSON *a = cJSON_Parse("{\"tasks\":[{\"label\":\"1\",\"text\":\"a\"},"
	                       "{\"label\":\"1\",\"text\":\"b\"}],"
	                       "\"recipients\":[\"X\",\"Y\"]}");
	cJSON *b = cJSON_Parse("{\"tasks\":[{\"label\":\"0\",\"text\":\"z\"},"
	                       "{\"label\":\"1\",\"text\":\"a\"},"
	                       "{\"label\":\"1\",\"text\":\"c\"}],"
	                       "\"recipients\":[\"Y\",\"X\",\"X\"]}");
	cJSON *changes = NULL, *c;

	(void)state;
	assert_int_equal(vt_history_diff(&changes, a, b), 0);
	assert_int_equal(cJSON_GetArraySize(changes), 3);
	c = change(changes, "tasks[1#2].text");
	assert_non_null(c);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "old")), "b");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "new")), "c");
	assert_non_null(change(changes, "tasks[0]"));
	assert_non_null(change(changes, "recipients[X#2]"));
	assert_string_equal(cJSON_GetStringValue(vt_history_get_path(b, "tasks[1#2].text")), "c");
	assert_string_equal(cJSON_GetStringValue(vt_history_get_path(b, "tasks[1].text")), "a");
	cJSON_Delete(changes);
	/* A key too long for a path is cut between characters: "ờ" is three
	 * bytes, and the 159 a key keeps are "x", 52 of them and 2 bytes. */
	{
		char longer[256] = "x", want[256] = "recipients[x";
		int i;

		for (i = 0; i < 60; i++)
			strcat(longer, "ờ");
		for (i = 0; i < 52; i++)
			strcat(want, "ờ");
		strcat(want, "]");
		cJSON_AddItemToArray(cJSON_GetObjectItem(b, "recipients"), cJSON_CreateString(longer));
		assert_int_equal(vt_history_diff(&changes, a, b), 0);
		assert_non_null(change(changes, want));
		cJSON_Delete(changes);
	}
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void test_corrections_unfit_reported(void **state)
{
	cJSON *a = cJSON_Parse(REC_A), *unfit = NULL;
	cJSON *corr = cJSON_Parse(
		"{\"id\":\"x\",\"corrections\":["
		"{\"path\":\"subject\",\"value\":\"sửa\",\"author\":\"Lan\"},"
		"{\"path\":\"tasks[8].deadlines\",\"value\":[\"2024-06-01\"],\"author\":\"Lan\"}]}");

	(void)state;
	assert_int_equal(vt_corrections_apply(a, corr, &unfit), 1);
	assert_string_equal(cJSON_GetObjectItem(a, "subject")->valuestring, "sửa");
	assert_non_null(unfit);
	assert_int_equal(cJSON_GetArraySize(unfit), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(unfit, 0), "path")),
	                    "tasks[8].deadlines");
	cJSON_Delete(unfit);
	cJSON_Delete(corr);
	cJSON_Delete(a);
}

/* A minimal valid record through vt_record_validate's contract. */
static cJSON *record(const char *number, const char *date, const char *sha)
{
	char buf[2048];
	cJSON *r;
	char *id;

	snprintf(buf, sizeof(buf),
	         "{\"schema\":1,\"type\":\"plan\",\"number\":%s%s%s,\"symbol\":\"KH-UBND\","
	         "\"family\":\"state\",\"issuer\":\"Ủy ban nhân dân tỉnh Đồng Nai\","
	         "\"province\":\"Đồng Nai\",\"place\":\"Đồng Nai\",\"date\":\"%s\","
	         "\"subject\":\"Thực hiện Nghị quyết số 153/NQ-CP\",\"recipients\":[],"
	         "\"references\":[],\"relations\":[],\"standards\":[],\"tasks\":[],"
	         "\"signer\":null,\"distribution\":[],\"attachments\":[],\"warnings\":[],"
	         "\"source\":{\"sha256\":\"%s\",\"bytes\":10,\"plugin\":\"plan\",\"plugin_version\":\"1.0.0\"}}",
	         number ? "\"" : "", number ? number : "null", number ? "\"" : "", date, sha);
	r = cJSON_Parse(buf);
	assert_non_null(r);
	id = vt_record_mint_id(r);
	assert_non_null(id);
	cJSON_AddStringToObject(r, "id", id);
	free(id);
	return r;
}

static void test_draft_then_issued(void **state)
{
	char dir[] = "/tmp/vt-hist-XXXXXX", path[300], cmd[400], oid[VT_OID_HEXSZ + 1];
	const char *sha1 = "1111111111111111111111111111111111111111111111111111111111111111";
	const char *sha2 = "2222222222222222222222222222222222222222222222222222222222222222";
	struct vt_store *s = NULL;
	struct vt_txn *tx = NULL;
	struct vt_ident *ix = NULL;
	cJSON *draft, *issued, *got = NULL;
	char *draft_id, *alias = NULL;
	const char *how;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/store", dir);
	assert_int_equal(vt_store_init(path), 0);
	assert_int_equal(vt_store_open(&s, path), 0);

	draft = record(NULL, "2025-08", sha1);
	draft_id = strdup(cJSON_GetObjectItem(draft, "id")->valuestring);
	assert_int_equal(vt_store_begin(&tx, s, -1), 0);
	assert_int_equal(vt_ident_load(&ix, tx), 0);
	assert_int_equal(vt_ident_assign(ix, draft, &how), 0);
	assert_string_equal(how, "new");
	assert_int_equal(vt_store_put(tx, draft, NULL, 0, NULL), 0);
	assert_int_equal(vt_ident_note(ix, draft), 0);
	assert_int_equal(vt_ident_save(ix, tx), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_ident_free(ix);
	vt_txn_free(tx);

	/* The issued text: same scope, type, symbol, month and subject. */
	issued = record("39/KH-UBND", "2025-08-06", sha2);
	assert_int_equal(vt_store_begin(&tx, s, -1), 0);
	assert_int_equal(vt_ident_load(&ix, tx), 0);
	assert_int_equal(vt_ident_assign(ix, issued, &how), 0);
	assert_string_equal(how, "draft");
	assert_string_equal(cJSON_GetObjectItem(issued, "id")->valuestring, draft_id);
	assert_int_equal(vt_store_put(tx, issued, NULL, 0, NULL), 0);
	assert_int_equal(vt_ident_note(ix, issued), 0);
	assert_int_equal(vt_ident_save(ix, tx), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_ident_free(ix);
	vt_txn_free(tx);

	/* The number finds the draft's id; the record carries the number. */
	assert_int_equal(vt_ident_lookup(&alias, s, NULL, "39/kh-ubnd"), 1);
	assert_string_equal(alias, draft_id);
	assert_int_equal(vt_store_get(&got, s, draft_id, NULL), 0);
	assert_string_equal(cJSON_GetObjectItem(got, "number")->valuestring, "39/KH-UBND");
	cJSON_Delete(got);
	/* and the draft's version is still there, one commit back */
	assert_int_equal(vt_store_get(&got, s, draft_id, "HEAD~1"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(got, "number")));
	snprintf(cmd, sizeof(cmd), "git --git-dir='%s' fsck --strict >/dev/null 2>&1", path);
	assert_int_equal(system(cmd), 0);

	cJSON_Delete(got);
	free(alias);
	free(draft_id);
	cJSON_Delete(draft);
	cJSON_Delete(issued);
	vt_store_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 4096);

	assert_non_null(f);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 4095, f) > 0);
	fclose(f);
	return buf;
}

static void store_run(struct vt_store *s, cJSON *rec, int note)
{
	char oid[VT_OID_HEXSZ + 1];
	struct vt_txn *tx = NULL;
	struct vt_ident *ix = NULL;

	assert_int_equal(vt_store_begin(&tx, s, -1), 0);
	assert_int_equal(vt_ident_load(&ix, tx), 0);
	assert_int_equal(vt_store_put(tx, rec, NULL, 0, NULL), 0);
	if (note)
		assert_int_equal(vt_ident_note(ix, rec), 0);
	assert_int_equal(vt_ident_save(ix, tx), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_ident_free(ix);
	vt_txn_free(tx);
}

/* vt_ident_seen(sha) in a new run: its answer, and the id and number. */
static int seen_in_run(struct vt_store *s, const char *sha, char *id, char *number)
{
	struct vt_txn *tx = NULL;
	struct vt_ident *ix = NULL;
	const char *i, *n;
	int r;

	assert_int_equal(vt_store_begin(&tx, s, -1), 0);
	assert_int_equal(vt_ident_load(&ix, tx), 0);
	r = vt_ident_seen(ix, sha, &i, &n);
	snprintf(id, 128, "%s", r == 1 ? i : "");
	snprintf(number, 128, "%s", r == 1 && n ? n : "(draft)");
	assert_int_equal(vt_ident_save(ix, tx), 0);
	vt_ident_free(ix);
	vt_txn_free(tx);   /* nothing to commit */
	return r;
}

/*
 * A held text is told unchanged by the git id of its record's file; a
 * record changed since is read, and an entry from an older sources.idx
 * (no git id) is checked by reading and then learnt.
 */
static void test_seen_by_oid(void **state)
{
	char dir[] = "/tmp/vt-seen-XXXXXX", path[300], idx[400], cmd[600];
	char id[128], number[128], *text, *want_id;
	const char *sha1 = "1111111111111111111111111111111111111111111111111111111111111111";
	const char *sha3 = "3333333333333333333333333333333333333333333333333333333333333333";
	struct vt_store *s = NULL;
	cJSON *a = record("7/KH-UBND", "2025-08-06", sha1);
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/store", dir);
	assert_int_equal(vt_store_init(path), 0);
	assert_int_equal(vt_store_open(&s, path), 0);
	want_id = strdup(cJSON_GetObjectItem(a, "id")->valuestring);
	store_run(s, a, 1);
	snprintf(idx, sizeof(idx), "%s/sources.idx", vt_store_datadir(s));

	/* the line holds the git id of the record's file and its number */
	text = slurp(idx);
	assert_non_null(strstr(text, want_id));
	assert_non_null(strstr(text, " 7/KH-UBND\n"));
	assert_int_equal(strlen(text), 64 + 1 + strlen(want_id) + 1 + 40 + 1 + 9 + 1);
	free(text);
	assert_int_equal(seen_in_run(s, sha1, id, number), 1);
	assert_string_equal(id, want_id);
	assert_string_equal(number, "7/KH-UBND");
	assert_int_equal(seen_in_run(s, sha3, id, number), 0);

	/* changed by hand since (same text): read, still the one held */
	cJSON_ReplaceItemInObject(a, "subject", cJSON_CreateString("Sửa tay"));
	store_run(s, a, 0);
	assert_int_equal(seen_in_run(s, sha1, id, number), 1);
	assert_string_equal(number, "7/KH-UBND");

	/* an older file, without git ids: checked by reading, then learnt */
	assert_non_null(f = fopen(idx, "w"));
	fprintf(f, "%s %s\n", sha1, want_id);
	fclose(f);
	assert_int_equal(seen_in_run(s, sha1, id, number), 1);
	assert_string_equal(id, want_id);
	text = slurp(idx);
	assert_non_null(strstr(text, " 7/KH-UBND\n"));
	free(text);

	/* now from another text: the entry for sha1 no longer holds */
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(a, "source"), "sha256",
	                          cJSON_CreateString(sha3));
	store_run(s, a, 0);
	assert_int_equal(seen_in_run(s, sha1, id, number), 0);

	free(want_id);
	cJSON_Delete(a);
	vt_store_free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_fields),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_diff_equal_keys),
		cmocka_unit_test(test_corrections_unfit_reported),
		cmocka_unit_test(test_draft_then_issued),
		cmocka_unit_test(test_seen_by_oid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
