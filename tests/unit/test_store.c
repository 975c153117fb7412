/*
 * The store against real git: every test makes stores in a fresh mkdtemp
 * folder, writes through the API and checks the result both through the
 * API and with the git command line (fsck, log, ls-tree), since "readable
 * with plain git" is part of the contract.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "vanthu/error.h"
#include "vanthu/record.h"
#include "vanthu/store.h"
#include "vanthu/text.h"

static char tmpdir[256];
static int counter;

static const char SRC_A[] =
	"ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\nSố: 1345/UBND-NC\n"
	"V/v đẩy mạnh công tác đối ngoại\n";
static const char SRC_B[] =
	"ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\nKẾ HOẠCH\nDự thảo\n";

/* ---- helpers ---------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vt-store-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	unsetenv("VANTHU_AUTHOR");
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	unsetenv("VANTHU_AUTHOR");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh store path under tmpdir. */
static const char *store_path(char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/store%d", tmpdir, counter++);
	return buf;
}

/* First line of a shell command's output, newline stripped. */
__attribute__((format(printf, 1, 2)))
static char *run(const char *fmt, ...)
{
	char cmd[2048], *out = NULL;
	size_t cap = 0, len = 0;
	va_list ap;
	FILE *p;
	int c;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_non_null(p = popen(cmd, "r"));
	while ((c = fgetc(p)) != EOF) {
		if (len + 1 >= cap) {
			cap = cap ? cap * 2 : 256;
			assert_non_null(out = realloc(out, cap));
		}
		out[len++] = (char)c;
	}
	pclose(p);
	if (!out)
		out = strdup("");
	else
		out[len] = '\0';
	while (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	return out;
}

/* Exit status of a shell command. */
__attribute__((format(printf, 1, 2)))
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* A complete schema-1 record, the way vt_record_finish() leaves one. */
static cJSON *make_record(const char *id, const char *number, const char *type,
                          const char *subject, const char *src)
{
	cJSON *r = cJSON_CreateObject(), *source, *signer;
	char sha[65];

	vt_sha256_hex(sha, src, strlen(src));
	cJSON_AddNumberToObject(r, "schema", 1);
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "type", type);
	if (number)
		cJSON_AddStringToObject(r, "number", number);
	else
		cJSON_AddNullToObject(r, "number");
	cJSON_AddStringToObject(r, "symbol", "UBND-NC");
	cJSON_AddStringToObject(r, "family", "state");
	cJSON_AddStringToObject(r, "issuer", "Ủy ban nhân dân tỉnh Tây Ninh");
	cJSON_AddStringToObject(r, "province", "Tây Ninh");
	cJSON_AddStringToObject(r, "place", "Tây Ninh");
	cJSON_AddStringToObject(r, "date", "2024-05-05");
	cJSON_AddStringToObject(r, "subject", subject);
	cJSON_AddArrayToObject(r, "recipients");
	cJSON_AddArrayToObject(r, "references");
	cJSON_AddArrayToObject(r, "relations");
	cJSON_AddArrayToObject(r, "standards");
	cJSON_AddArrayToObject(r, "tasks");
	signer = cJSON_AddObjectToObject(r, "signer");
	cJSON_AddStringToObject(signer, "name", "Trần Văn Chiến");
	cJSON_AddStringToObject(signer, "title", "Phó Chủ tịch");
	cJSON_AddStringToObject(signer, "authority", "KT. Chủ tịch");
	cJSON_AddArrayToObject(r, "distribution");
	cJSON_AddArrayToObject(r, "attachments");
	cJSON_AddArrayToObject(r, "warnings");
	source = cJSON_AddObjectToObject(r, "source");
	cJSON_AddStringToObject(source, "sha256", sha);
	cJSON_AddNumberToObject(source, "bytes", (double)strlen(src));
	cJSON_AddStringToObject(source, "plugin", type);
	cJSON_AddStringToObject(source, "plugin_version", "1.0.0");
	return r;
}

#define ID_A "tay-ninh-2024-1345-ubnd-nc"
#define ID_B "dong-nai-2025-draft-kh-ubnd-0a1b2c3d4e"

static cJSON *record_a(const char *subject)
{
	return make_record(ID_A, "1345/UBND-NC", "dispatch", subject, SRC_A);
}

static cJSON *record_b(void)
{
	return make_record(ID_B, NULL, "plan", "kế hoạch thực hiện", SRC_B);
}

/* Put one record in its own run; returns what put said, commit id in oid. */
static enum vt_change put_one(struct vt_store *s, const cJSON *rec,
                              const char *src, char oid[VT_OID_HEXSZ + 1])
{
	struct vt_txn *tx = NULL;
	enum vt_change ch = (enum vt_change)-1;

	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, rec, src, strlen(src), &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	return ch;
}

static struct vt_store *new_store(char *path, size_t sz)
{
	struct vt_store *s = NULL;

	store_path(path, sz);
	assert_int_equal(vt_store_init(path), 0);
	assert_int_equal(vt_store_open(&s, path), 0);
	return s;
}

static void assert_fsck(const char *path)
{
	assert_int_equal(sh("git --git-dir='%s' fsck --strict --no-progress >/dev/null 2>&1",
	                    path), 0);
}

/* ---- init and open ---------------------------------------------------- */

static void test_init_twice_is_noop(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s = NULL;
	char *head;

	(void)state;
	store_path(path, sizeof(path));
	assert_int_equal(vt_store_init(path), 0);
	assert_int_equal(vt_store_init(path), 0);
	assert_int_equal(vt_store_open(&s, path), 0);
	assert_int_equal(vt_store_head(oid, s), VT_ENOTFOUND);
	assert_string_equal(oid, "");
	head = run("git --git-dir='%s' symbolic-ref HEAD", path);
	assert_string_equal(head, "refs/heads/main");
	free(head);
	head = run("git --git-dir='%s' rev-parse --is-bare-repository", path);
	assert_string_equal(head, "true");
	free(head);

	/* After a commit, init still does nothing. */
	cJSON *rec = record_a("đối ngoại");
	assert_int_equal(put_one(s, rec, SRC_A, oid), VT_ADDED);
	assert_int_equal(vt_store_init(path), 0);
	char again[VT_OID_HEXSZ + 1];
	assert_int_equal(vt_store_head(again, s), 0);
	assert_string_equal(again, oid);
	cJSON_Delete(rec);
	vt_store_free(s);
}

static void test_init_refuses_non_store(void **state)
{
	char dir[512], file[600], cmd[1300];
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/notastore", tmpdir);
	snprintf(file, sizeof(file), "%s/keep.txt", dir);
	assert_int_equal(mkdir(dir, 0777), 0);
	assert_non_null(f = fopen(file, "w"));
	fputs("mine\n", f);
	fclose(f);
	assert_int_equal(vt_store_init(dir), VT_EEXISTS);
	assert_non_null(strstr(vt_error_last(), "is not a store"));
	assert_non_null(strstr(vt_error_last(), dir));
	/* untouched */
	snprintf(cmd, sizeof(cmd), "test ! -e '%s/HEAD' && test -f '%s'", dir, file);
	assert_int_equal(system(cmd), 0);

	/* a plain file */
	assert_int_equal(vt_store_init(file), VT_EEXISTS);
	assert_non_null(strstr(vt_error_last(), "not a store"));

	/* an empty folder is fine */
	snprintf(dir, sizeof(dir), "%s/empty", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	assert_int_equal(vt_store_init(dir), 0);
	snprintf(cmd, sizeof(cmd), "test -f '%s/HEAD'", dir);
	assert_int_equal(system(cmd), 0);

	/* missing parents are made */
	snprintf(dir, sizeof(dir), "%s/a/b/c", tmpdir);
	assert_int_equal(vt_store_init(dir), 0);
	snprintf(cmd, sizeof(cmd), "test -f '%s/HEAD'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_open_missing(void **state)
{
	struct vt_store *s = (struct vt_store *)1;
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/nothing-here", tmpdir);
	assert_int_equal(vt_store_open(&s, path), VT_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(vt_error_last(), "no store at '"));
	assert_non_null(strstr(vt_error_last(), "(run 'vanthu init')"));
	/* an existing folder that is not a store */
	assert_int_equal(vt_store_open(&s, tmpdir), VT_ENOTFOUND);
	vt_store_free(NULL);
	vt_txn_free(NULL);
}

/* ---- round trip ------------------------------------------------------- */

static void test_put_commit_get(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], head[VT_OID_HEXSZ + 1], sha[65];
	struct vt_store *s;
	cJSON *rec = record_a("đẩy mạnh công tác đối ngoại"), *got = NULL;
	char *canon, *blob, *out;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(put_one(s, rec, SRC_A, oid), VT_ADDED);
	assert_int_equal(strlen(oid), VT_OID_HEXSZ);
	assert_int_equal(vt_store_head(head, s), 0);
	assert_string_equal(head, oid);

	assert_int_equal(vt_store_get(&got, s, ID_A, NULL), 0);
	assert_non_null(got);
	assert_true(cJSON_Compare(got, rec, 1));
	cJSON_Delete(got);
	assert_int_equal(vt_store_get(&got, s, ID_A, oid), 0);
	assert_true(cJSON_Compare(got, rec, 1));
	cJSON_Delete(got);

	/* the file is the canonical form, at records/<xx>/<id>.json */
	vt_sha256_hex(sha, ID_A, strlen(ID_A));
	canon = vt_record_canonical(rec);
	blob = run("git --git-dir='%s' show HEAD:records/%.2s/%s.json", path,
	           sha, ID_A);
	/* run() strips the trailing newline the canonical form has */
	assert_int_equal(strncmp(canon, blob, strlen(blob)), 0);
	assert_int_equal(strlen(canon), strlen(blob) + 1);
	free(blob);
	free(canon);

	/* the source bytes, at sources/<yy>/<sha256>.txt */
	vt_sha256_hex(sha, SRC_A, strlen(SRC_A));
	out = run("git --git-dir='%s' cat-file -p HEAD:sources/%.2s/%s.txt | sha256sum",
	          path, sha, sha);
	assert_int_equal(strncmp(out, sha, 64), 0);
	free(out);

	assert_fsck(path);
	out = run("git --git-dir='%s' log --format=%%s", path);
	assert_string_equal(out, "ingest: 1 added");
	free(out);
	out = run("git --git-dir='%s' rev-list --count HEAD", path);
	assert_string_equal(out, "1");
	free(out);
	cJSON_Delete(rec);
	vt_store_free(s);
}

static void test_unchanged_makes_no_commit(void **state)
{
	char path[512], first[VT_OID_HEXSZ + 1], oid[VT_OID_HEXSZ + 1];
	char head[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	cJSON *rec = record_a("đối ngoại"), *same = record_a("đối ngoại");

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(put_one(s, rec, SRC_A, first), VT_ADDED);
	strcpy(oid, "x");
	assert_int_equal(put_one(s, same, SRC_A, oid), VT_UNCHANGED);
	assert_string_equal(oid, "");
	assert_int_equal(vt_store_head(head, s), 0);
	assert_string_equal(head, first);
	char *n = run("git --git-dir='%s' rev-list --count HEAD", path);
	assert_string_equal(n, "1");
	free(n);

	/* an empty run commits nothing either */
	struct vt_txn *tx = NULL;
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	assert_string_equal(oid, "");
	/* committed once: a second commit or put is a usage error */
	assert_int_equal(vt_store_commit(tx, oid), VT_EUSAGE);
	assert_int_equal(vt_store_put(tx, rec, NULL, 0, NULL), VT_EUSAGE);
	vt_txn_free(tx);
	cJSON_Delete(rec);
	cJSON_Delete(same);
	vt_store_free(s);
}

static void test_changed_keeps_history(void **state)
{
	char path[512], c1[VT_OID_HEXSZ + 1], c2[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	cJSON *v1 = record_a("bản đầu"), *v2 = record_a("bản sửa"), *got = NULL;
	char *parent, *subjects;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(put_one(s, v1, SRC_A, c1), VT_ADDED);
	assert_int_equal(put_one(s, v2, SRC_A, c2), VT_CHANGED);
	assert_string_not_equal(c1, c2);
	parent = run("git --git-dir='%s' rev-parse %s^", path, c2);
	assert_string_equal(parent, c1);
	free(parent);

	assert_int_equal(vt_store_get(&got, s, ID_A, c1), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "subject")),
	                    "bản đầu");
	cJSON_Delete(got);
	assert_int_equal(vt_store_get(&got, s, ID_A, "HEAD~1"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "subject")),
	                    "bản đầu");
	cJSON_Delete(got);
	assert_int_equal(vt_store_get(&got, s, ID_A, "main"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "subject")),
	                    "bản sửa");
	cJSON_Delete(got);
	assert_int_equal(vt_store_get(&got, s, ID_A, NULL), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "subject")),
	                    "bản sửa");
	cJSON_Delete(got);

	subjects = run("git --git-dir='%s' log --format=%%s | tr '\\n' '|'", path);
	assert_string_equal(subjects, "ingest: 1 changed|ingest: 1 added|");
	free(subjects);
	assert_fsck(path);
	cJSON_Delete(v1);
	cJSON_Delete(v2);
	vt_store_free(s);
}

static void test_put_twice_in_one_run(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *v1 = record_a("một"), *v2 = record_a("hai"), *got = NULL;
	enum vt_change ch;
	char *n;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, v1, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_ADDED);
	assert_int_equal(vt_store_put(tx, v1, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_UNCHANGED);
	assert_int_equal(vt_store_put(tx, v2, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_CHANGED);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	/* one commit, one record, the last version, counted as added */
	n = run("git --git-dir='%s' log --format=%%s", path);
	assert_string_equal(n, "ingest: 1 added");
	free(n);
	assert_int_equal(vt_store_get(&got, s, ID_A, NULL), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "subject")),
	                    "hai");
	cJSON_Delete(got);
	cJSON_Delete(v1);
	cJSON_Delete(v2);
	vt_store_free(s);
}

static void test_commit_message(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], sha_a[65], sha_b[65], want[2048];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *a1 = record_a("một"), *a2 = record_a("hai"), *b = record_b();
	enum vt_change ch;
	char *msg;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(put_one(s, a1, SRC_A, oid), VT_ADDED);
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, a2, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_CHANGED);
	assert_int_equal(vt_store_put(tx, b, SRC_B, strlen(SRC_B), &ch), 0);
	assert_int_equal(ch, VT_ADDED);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);

	vt_sha256_hex(sha_a, SRC_A, strlen(SRC_A));
	vt_sha256_hex(sha_b, SRC_B, strlen(SRC_B));
	snprintf(want, sizeof(want),
	         "ingest: 1 added, 1 changed\n"
	         "\n"
	         "changed " ID_A "  1345/UBND-NC  dispatch\n"
	         "added   " ID_B "  (draft)  plan\n"
	         "\n"
	         "Plugin: dispatch 1.0.0\n"
	         "Plugin: plan 1.0.0\n"
	         "Source: %s " ID_A "\n"
	         "Source: %s " ID_B, sha_a, sha_b);
	msg = run("git --git-dir='%s' log -1 --format=%%B", path);
	assert_string_equal(msg, want);
	free(msg);
	/* git itself reads the trailers */
	msg = run("git --git-dir='%s' log -1 --format='%%(trailers:key=Plugin,valueonly,separator=%%x2C)'",
	          path);
	assert_string_equal(msg, "dispatch 1.0.0,plan 1.0.0");
	free(msg);

	/* a verb of one's own */
	cJSON *a3 = record_a("ba");
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_txn_set_verb(tx, "correct"), 0);
	assert_int_equal(vt_txn_set_verb(tx, "Bad Verb"), VT_EUSAGE);
	assert_int_equal(vt_store_put(tx, a3, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	msg = run("git --git-dir='%s' log -1 --format=%%s", path);
	assert_string_equal(msg, "correct: 1 changed");
	free(msg);
	assert_fsck(path);
	cJSON_Delete(a1);
	cJSON_Delete(a2);
	cJSON_Delete(a3);
	cJSON_Delete(b);
	vt_store_free(s);
}

static void test_source_deduplicated(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], sha[65];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *a = record_a("một");
	cJSON *b = make_record("tay-ninh-2024-1346-ubnd-nc", "1346/UBND-NC",
	                       "dispatch", "một", SRC_A);
	cJSON *c = make_record("tay-ninh-2024-1347-ubnd-nc", "1347/UBND-NC",
	                       "dispatch", "một", SRC_A);
	enum vt_change ch;
	char *out;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, a, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(vt_store_put(tx, b, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_ADDED);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	/* a later run with the same source does not touch it */
	assert_int_equal(put_one(s, c, SRC_A, oid), VT_ADDED);

	vt_sha256_hex(sha, SRC_A, strlen(SRC_A));
	out = run("git --git-dir='%s' ls-tree -r --name-only HEAD sources | tr '\\n' '|'",
	          path);
	char want[256];
	snprintf(want, sizeof(want), "sources/%.2s/%s.txt|", sha, sha);
	assert_string_equal(out, want);
	free(out);
	out = run("git --git-dir='%s' ls-tree -r --name-only HEAD records | wc -l", path);
	assert_string_equal(out, "3");
	free(out);
	/* the source tree is the same object in both commits */
	out = run("test \"$(git --git-dir='%s' rev-parse HEAD:sources)\" = "
	          "\"$(git --git-dir='%s' rev-parse HEAD~1:sources)\" && echo same",
	          path, path);
	assert_string_equal(out, "same");
	free(out);
	assert_fsck(path);
	cJSON_Delete(a);
	cJSON_Delete(b);
	cJSON_Delete(c);
	vt_store_free(s);
}

static void test_hostile_ids_refused(void **state)
{
	static const char *bad[] = {
		"../x", "A B", "", "x/y", "..", "a.json", "ĐỒNG", "a\nb",
	};
	char path[512], oid[VT_OID_HEXSZ + 1], longid[201];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	enum vt_change ch;
	cJSON *rec, *got = (cJSON *)1;
	size_t i;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		rec = make_record(bad[i], "1/X", "dispatch", "x", SRC_A);
		assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch),
		                 VT_EINVALID);
		assert_int_equal(ch, VT_UNCHANGED);
		assert_non_null(strstr(vt_error_last(), "invalid record id"));
		cJSON_Delete(rec);
	}
	memset(longid, 'a', 200);
	longid[200] = '\0';
	rec = make_record(longid, "1/X", "dispatch", "x", SRC_A);
	assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch), VT_EINVALID);
	cJSON_Delete(rec);
	longid[100] = '\0';   /* 100 is the limit, and allowed */
	rec = make_record(longid, "1/X", "dispatch", "x", SRC_A);
	assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_ADDED);
	cJSON_Delete(rec);
	/* no id at all, or not a string */
	rec = record_a("x");
	cJSON_ReplaceItemInObject(rec, "id", cJSON_CreateNumber(7));
	assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch), VT_EINVALID);
	cJSON_Delete(rec);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);

	char *n = run("git --git-dir='%s' ls-tree -r --name-only HEAD records | wc -l", path);
	assert_string_equal(n, "1");
	free(n);
	assert_int_equal(vt_store_get(&got, s, "../x", NULL), VT_ENOTFOUND);
	assert_null(got);
	vt_store_free(s);
}

/* ---- reading ---------------------------------------------------------- */

static void test_get_errors(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	cJSON *rec = record_a("x"), *got = NULL;

	(void)state;
	s = new_store(path, sizeof(path));
	/* empty store */
	assert_int_equal(vt_store_get(&got, s, ID_A, NULL), VT_ENOTFOUND);
	assert_string_equal(vt_error_last(), "no record '" ID_A "'");
	assert_int_equal(put_one(s, rec, SRC_A, oid), VT_ADDED);
	assert_int_equal(vt_store_get(&got, s, "no-such-id", NULL), VT_ENOTFOUND);
	assert_string_equal(vt_error_last(), "no record 'no-such-id'");
	assert_int_equal(vt_store_get(&got, s, ID_A, "no-such-rev"), VT_ENOTFOUND);
	assert_string_equal(vt_error_last(), "no revision 'no-such-rev'");
	assert_int_equal(vt_store_get(&got, s, ID_A, "HEAD~5"), VT_ENOTFOUND);
	assert_int_equal(vt_store_get(&got, s, ID_A, "0000000000000000000000000000000000000000"),
	                 VT_ENOTFOUND);
	assert_null(got);
	cJSON_Delete(rec);
	vt_store_free(s);
}

/*
 * Commit a blob that is not JSON at records/<xx>/<id>.json behind the
 * store's back, with git plumbing, the way a bad merge or a hand edit would.
 */
static void commit_garbage(const char *path, const char *id)
{
	char cmd[2048], sha[65];

	vt_sha256_hex(sha, id, strlen(id));
	snprintf(cmd, sizeof(cmd),
	         "set -e; export GIT_DIR='%s' GIT_INDEX_FILE='%s/idx';"
	         "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t;"
	         "export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL;"
	         "git read-tree HEAD;"
	         "b=$(printf '{\"id\": \"%s\", broken' | git hash-object -w --stdin);"
	         "git update-index --add --cacheinfo 100644,$b,records/%.2s/%s.json;"
	         "t=$(git write-tree); c=$(git commit-tree $t -p HEAD -m garbage);"
	         "git update-ref refs/heads/main $c; rm -f '%s/idx'",
	         path, tmpdir, id, sha, id, tmpdir);
	assert_int_equal(system(cmd), 0);
}

struct seen {
	char paths[8][256];
	int ok[8];
	int n;
	int stop_at;
};

static int collect(const struct vt_store_entry *e, void *payload)
{
	struct seen *seen = payload;

	if (seen->n >= 8)
		return -99;
	snprintf(seen->paths[seen->n], sizeof(seen->paths[0]), "%s", e->path);
	seen->ok[seen->n] = e->rec != NULL;
	if (e->rec)
		assert_non_null(cJSON_GetObjectItem(e->rec, "id"));
	seen->n++;
	return seen->n == seen->stop_at ? 42 : 0;
}

static void test_foreach_and_bad_blob(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], sha[65];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *a = record_a("x"), *b = record_b(), *got = (cJSON *)1;
	struct seen seen = { .stop_at = -1 };
	enum vt_change ch;
	int i;

	(void)state;
	s = new_store(path, sizeof(path));
	/* empty store: no calls */
	assert_int_equal(vt_store_foreach(s, NULL, collect, &seen), 0);
	assert_int_equal(seen.n, 0);

	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, a, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(vt_store_put(tx, b, SRC_B, strlen(SRC_B), &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	commit_garbage(path, "broken-one");
	/* "broken" sorts before "broken-one", though "broken.json" sorts after */
	commit_garbage(path, "broken");

	assert_int_equal(vt_store_foreach(s, NULL, collect, &seen), 0);
	assert_int_equal(seen.n, 4);
	for (i = 1; i < seen.n; i++) {   /* id order, across shards */
		char x[256], y[256];

		snprintf(x, sizeof(x), "%s", strrchr(seen.paths[i - 1], '/') + 1);
		snprintf(y, sizeof(y), "%s", strrchr(seen.paths[i], '/') + 1);
		*strstr(x, ".json") = *strstr(y, ".json") = '\0';
		assert_true(strcmp(x, y) < 0);
	}
	assert_non_null(strstr(seen.paths[0], "/broken.json"));
	assert_non_null(strstr(seen.paths[1], "/broken-one.json"));
	vt_sha256_hex(sha, "broken-one", strlen("broken-one"));
	for (i = 0; i < seen.n; i++) {
		int bad = strstr(seen.paths[i], "broken") != NULL;

		assert_int_equal(seen.ok[i], !bad);
		if (strstr(seen.paths[i], "broken-one"))
			assert_int_equal(strncmp(seen.paths[i] + 8, sha, 2), 0);
	}
	/* at the first commit, before the garbage: two good ones */
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = -1;
	assert_int_equal(vt_store_foreach(s, oid, collect, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_true(seen.ok[0] && seen.ok[1]);
	/* the callback stops the walk */
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = 1;
	assert_int_equal(vt_store_foreach(s, NULL, collect, &seen), 42);
	assert_int_equal(seen.n, 1);
	assert_int_equal(vt_store_foreach(s, "nope", collect, &seen), VT_ENOTFOUND);

	/* get of the bad one: an error naming the path, not a crash */
	assert_int_equal(vt_store_get(&got, s, "broken-one", NULL), VT_EINVALID);
	assert_null(got);
	assert_non_null(strstr(vt_error_last(), "records/"));
	assert_non_null(strstr(vt_error_last(), "broken-one.json"));
	/* and the store goes on working on top of it */
	cJSON *a2 = record_a("y");
	assert_int_equal(put_one(s, a2, SRC_A, oid), VT_CHANGED);
	cJSON_Delete(a2);
	cJSON_Delete(a);
	cJSON_Delete(b);
	vt_store_free(s);
}

/* ---- writers ---------------------------------------------------------- */

static void test_lock_dies_with_its_process(void **state)
{
	char path[512];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	int fds[2], status;
	pid_t pid;
	char c;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct vt_store *cs = NULL;
		struct vt_txn *ctx = NULL;

		close(fds[0]);
		if (vt_store_open(&cs, path) < 0 || vt_store_begin(&ctx, cs, 0) < 0)
			_exit(1);
		if (write(fds[1], "L", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);   /* the child holds it */
	close(fds[0]);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(vt_store_begin(&tx, s, 100), VT_ELOCKED);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_null(tx);
	assert_non_null(strstr(vt_error_last(), "is locked by another writer"));
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 100);
	assert_int_equal(vt_store_begin(&tx, s, 0), VT_ELOCKED);

	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_non_null(tx);
	/* held by us now: a second writer in this process waits too */
	struct vt_txn *tx2 = NULL;
	assert_int_equal(vt_store_begin(&tx2, s, 0), VT_ELOCKED);
	vt_txn_free(tx);
	assert_int_equal(vt_store_begin(&tx2, s, 0), 0);
	vt_txn_free(tx2);
	vt_store_free(s);
}

static void test_concurrent_writer_not_overwritten(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], head[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *a = record_a("một"), *a2 = record_a("hai"), *got = NULL;
	enum vt_change ch;
	char *theirs;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(put_one(s, a, SRC_A, oid), VT_ADDED);
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, a2, SRC_A, strlen(SRC_A), &ch), 0);
	/* someone ignoring the lock (plain git) moves the branch meanwhile */
	commit_garbage(path, "other-writer");
	theirs = run("git --git-dir='%s' rev-parse HEAD", path);
	assert_int_equal(vt_store_commit(tx, oid), VT_ELOCKED);
	assert_string_equal(oid, "");
	vt_txn_free(tx);
	assert_int_equal(vt_store_head(head, s), 0);
	assert_string_equal(head, theirs);
	free(theirs);
	/* the next run starts from their commit */
	assert_int_equal(put_one(s, a2, SRC_A, oid), VT_CHANGED);
	char *parent = run("git --git-dir='%s' rev-parse HEAD^", path);
	assert_string_equal(parent, head);
	free(parent);
	assert_int_equal(vt_store_get(&got, s, ID_A, NULL), 0);
	cJSON_Delete(got);
	cJSON_Delete(a);
	cJSON_Delete(a2);
	vt_store_free(s);
}

static void test_author(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], name[128], email[128];
	struct vt_store *s;
	cJSON *a = record_a("một"), *a2 = record_a("hai"), *a3 = record_a("ba");
	char *who;

	(void)state;
	s = new_store(path, sizeof(path));
	setenv("VANTHU_AUTHOR", "Nguyễn Văn An <an@sngv.tayninh.gov.vn>", 1);
	assert_int_equal(vt_store_author(name, sizeof(name), email, sizeof(email), s), 0);
	assert_string_equal(name, "Nguyễn Văn An");
	assert_string_equal(email, "an@sngv.tayninh.gov.vn");
	assert_int_equal(put_one(s, a, SRC_A, oid), VT_ADDED);
	who = run("git --git-dir='%s' log -1 --format='%%an|%%ae|%%cn|%%ce'", path);
	assert_string_equal(who, "Nguyễn Văn An|an@sngv.tayninh.gov.vn|"
	                         "Nguyễn Văn An|an@sngv.tayninh.gov.vn");
	free(who);

	/* malformed: falls back to the git identity (here the store's config) */
	assert_int_equal(sh("git --git-dir='%s' config user.name 'Trần Thị Bình'", path), 0);
	assert_int_equal(sh("git --git-dir='%s' config user.email binh@example.vn", path), 0);
	static const char *bad[] = {
		"no email", "Name <>", "<a@b>", "Name <a@b> trailing", "Name <a b@c>",
		"Name <<a@b>", "Na>me <a@b>", "Name<a@b>",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		setenv("VANTHU_AUTHOR", bad[i], 1);
		assert_int_equal(vt_store_author(name, sizeof(name), email, sizeof(email), s), 0);
		assert_string_equal(name, "Trần Thị Bình");
		assert_string_equal(email, "binh@example.vn");
	}
	assert_int_equal(put_one(s, a2, SRC_A, oid), VT_CHANGED);
	who = run("git --git-dir='%s' log -1 --format=%%an", path);
	assert_string_equal(who, "Trần Thị Bình");
	free(who);

	/* unset: the git identity too */
	unsetenv("VANTHU_AUTHOR");
	assert_int_equal(put_one(s, a3, SRC_A, oid), VT_CHANGED);
	who = run("git --git-dir='%s' log -1 --format=%%ae", path);
	assert_string_equal(who, "binh@example.vn");
	free(who);

	/* a buffer too small is refused, never truncated silently */
	setenv("VANTHU_AUTHOR", "Abc <a@b>", 1);
	assert_int_equal(vt_store_author(name, 3, email, sizeof(email), s), VT_EINVALID);
	assert_int_equal(vt_store_author(name, 4, email, sizeof(email), s), 0);
	assert_string_equal(name, "Abc");
	/* with no store the fallback still gives someone */
	setenv("VANTHU_AUTHOR", "broken", 1);
	assert_int_equal(vt_store_author(name, sizeof(name), email, sizeof(email), NULL), 0);
	assert_string_equal(name, "vanthu");
	assert_string_equal(email, "vanthu@localhost");
	assert_fsck(path);
	cJSON_Delete(a);
	cJSON_Delete(a2);
	cJSON_Delete(a3);
	vt_store_free(s);
}

static void test_datadir(void **state)
{
	char path[512], want[600];
	struct vt_store *s;
	const char *d;
	struct stat st;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_non_null(d = vt_store_datadir(s));
	snprintf(want, sizeof(want), "%s/vanthu", path);
	/* the gitdir libgit2 reports may be canonical; compare by inode */
	struct stat a, b;
	assert_int_equal(stat(d, &a), 0);
	assert_int_equal(stat(want, &b), 0);
	assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	assert_int_equal(stat(d, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_null(vt_store_datadir(NULL));
	/* untracked: fsck and status know nothing of it */
	assert_fsck(path);
	vt_store_free(s);
}

/* ---- removal and history ---------------------------------------------- */

static void test_remove(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], c1[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *a = record_a("một"), *b = record_b(), *got = NULL;
	enum vt_change ch;
	char *msg;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, a, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(vt_store_put(tx, b, SRC_B, strlen(SRC_B), &ch), 0);
	assert_int_equal(vt_store_commit(tx, c1), 0);
	vt_txn_free(tx);

	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_txn_set_verb(tx, "rm"), 0);
	assert_int_equal(vt_store_remove(tx, "not-held", &ch), VT_ENOTFOUND);
	assert_int_equal(vt_store_remove(tx, "../etc", &ch), VT_ENOTFOUND);
	assert_int_equal(vt_store_remove(tx, ID_A, &ch), 0);
	assert_int_equal(ch, VT_REMOVED);
	assert_int_equal(vt_store_remove(tx, ID_A, &ch), VT_ENOTFOUND);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	assert_true(oid[0]);

	msg = run("git --git-dir='%s' log -1 --format=%%B", path);
	assert_string_equal(msg, "rm: 1 removed\n\nremoved " ID_A "  1345/UBND-NC  dispatch");
	free(msg);
	assert_int_equal(vt_store_get(&got, s, ID_A, NULL), VT_ENOTFOUND);
	assert_int_equal(vt_store_get(&got, s, ID_A, c1), 0);   /* history kept */
	cJSON_Delete(got);
	assert_int_equal(vt_store_get(&got, s, ID_B, NULL), 0);
	cJSON_Delete(got);

	/* added and removed in one run: nothing to commit */
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put(tx, a, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_ADDED);
	assert_int_equal(vt_store_remove(tx, ID_A, &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	assert_string_equal(oid, "");
	vt_txn_free(tx);

	/* removing the last record of a shard leaves a tree git accepts */
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_remove(tx, ID_B, &ch), 0);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	msg = run("git --git-dir='%s' ls-tree -r --name-only HEAD records | wc -l", path);
	assert_string_equal(msg, "0");
	free(msg);
	assert_fsck(path);
	/* and it can come back */
	assert_int_equal(put_one(s, a, SRC_A, oid), VT_ADDED);
	cJSON_Delete(a);
	cJSON_Delete(b);
	vt_store_free(s);
}

struct versions {
	char commit[8][VT_OID_HEXSZ + 1];
	enum vt_change kind[8];
	char author[8][64];
	long long time[8];
	int n;
};

static int collect_version(const struct vt_store_version *v, void *payload)
{
	struct versions *vs = payload;

	if (vs->n >= 8)
		return -99;
	strcpy(vs->commit[vs->n], v->commit);
	vs->kind[vs->n] = v->kind;
	snprintf(vs->author[vs->n], sizeof(vs->author[0]), "%s", v->author);
	vs->time[vs->n] = v->time;
	assert_non_null(strstr(v->message, ":"));
	vs->n++;
	return 0;
}

static int collect_change(const char *id, enum vt_change kind, void *payload)
{
	char *buf = payload;
	size_t n = strlen(buf);

	snprintf(buf + n, 1024 - n, "%c %s|",
	         kind == VT_ADDED ? 'A' : kind == VT_CHANGED ? 'M' : kind == VT_REMOVED ? 'D' : '?',
	         id);
	return 0;
}

/* The changes as the store gives them, and with its journal out of the way. */
static void changes_both(struct vt_store *s, const char *path, const char *from,
                         const char *to, char *got, char *diffed)
{
	got[0] = diffed[0] = '\0';
	assert_int_equal(vt_store_changes(s, from, to, collect_change, got), 0);
	assert_int_equal(sh("mv '%s/vanthu/changes' '%s/vanthu/changes.off'", path, path), 0);
	assert_int_equal(vt_store_changes(s, from, to, collect_change, diffed), 0);
	assert_int_equal(sh("mv '%s/vanthu/changes.off' '%s/vanthu/changes'", path, path), 0);
}

static int count_record(const char *id, enum vt_change kind, cJSON *rec, void *payload)
{
	int *n = payload;

	(void)id;
	if ((kind == VT_REMOVED) != (rec == NULL))
		*n = -1000;
	else
		(*n)++;
	cJSON_Delete(rec);
	return 0;
}

static void test_log_changes_source(void **state)
{
	char path[512], c1[VT_OID_HEXSZ + 1], c2[VT_OID_HEXSZ + 1];
	char c3[VT_OID_HEXSZ + 1], c4[VT_OID_HEXSZ + 1], at[VT_OID_HEXSZ + 1];
	char changes[1024] = "", sha[65], want[1024];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	struct versions vs = { 0 };
	cJSON *a1 = record_a("một"), *a2 = record_a("hai"), *b = record_b();
	enum vt_change ch;
	char *src = NULL;
	size_t len;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_log(s, ID_A, NULL, collect_version, &vs), 0);
	assert_int_equal(vs.n, 0);
	assert_int_equal(vt_store_rev_at(at, s, 4102444800LL), VT_ENOTFOUND);

	setenv("VANTHU_AUTHOR", "Một <mot@x.vn>", 1);
	assert_int_equal(put_one(s, a1, SRC_A, c1), VT_ADDED);
	setenv("VANTHU_AUTHOR", "Hai <hai@x.vn>", 1);
	assert_int_equal(put_one(s, b, SRC_B, c2), VT_ADDED);       /* not A */
	assert_int_equal(put_one(s, a2, SRC_A, c3), VT_CHANGED);
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_remove(tx, ID_A, &ch), 0);
	assert_int_equal(vt_store_commit(tx, c4), 0);
	vt_txn_free(tx);

	assert_int_equal(vt_store_log(s, ID_A, NULL, collect_version, &vs), 0);
	assert_int_equal(vs.n, 3);
	assert_string_equal(vs.commit[0], c4);
	assert_int_equal(vs.kind[0], VT_REMOVED);
	assert_string_equal(vs.commit[1], c3);
	assert_int_equal(vs.kind[1], VT_CHANGED);
	assert_string_equal(vs.commit[2], c1);
	assert_int_equal(vs.kind[2], VT_ADDED);
	assert_string_equal(vs.author[2], "Một");
	assert_string_equal(vs.author[1], "Hai");
	assert_true(vs.time[0] >= vs.time[2] && vs.time[2] > 1600000000LL);
	memset(&vs, 0, sizeof(vs));
	assert_int_equal(vt_store_log(s, ID_A, c2, collect_version, &vs), 0);
	assert_int_equal(vs.n, 1);
	assert_int_equal(vt_store_log(s, ID_A, "nope", collect_version, &vs),
	                 VT_ENOTFOUND);

	/* --at: now is HEAD, long ago is nothing */
	assert_int_equal(vt_store_rev_at(at, s, 4102444800LL), 0);
	assert_string_equal(at, c4);
	assert_int_equal(vt_store_rev_at(at, s, 1000000000LL), VT_ENOTFOUND);
	assert_string_equal(at, "");

	/* changes between revisions, by id */
	assert_int_equal(vt_store_changes(s, NULL, c2, collect_change, changes), 0);
	/* path order: shards sorted by the hash of the id */
	char ha[65], hb[65];
	vt_sha256_hex(ha, ID_A, strlen(ID_A));
	vt_sha256_hex(hb, ID_B, strlen(ID_B));
	if (strncmp(ha, hb, 2) < 0)
		snprintf(want, sizeof(want), "A " ID_A "|A " ID_B "|");
	else
		snprintf(want, sizeof(want), "A " ID_B "|A " ID_A "|");
	assert_string_equal(changes, want);
	changes[0] = '\0';
	assert_int_equal(vt_store_changes(s, c1, c3, collect_change, changes), 0);
	if (strncmp(ha, hb, 2) < 0)
		snprintf(want, sizeof(want), "M " ID_A "|A " ID_B "|");
	else
		snprintf(want, sizeof(want), "A " ID_B "|M " ID_A "|");
	assert_string_equal(changes, want);
	changes[0] = '\0';
	assert_int_equal(vt_store_changes(s, c3, NULL, collect_change, changes), 0);
	assert_string_equal(changes, "D " ID_A "|");
	changes[0] = '\0';
	assert_int_equal(vt_store_changes(s, c4, c4, collect_change, changes), 0);
	assert_string_equal(changes, "");
	assert_int_equal(vt_store_changes(s, "nope", NULL, collect_change, changes),
	                 VT_ENOTFOUND);

	/*
	 * Each commit left a journal of its changes, and the store answers
	 * from them as the tree diff would: over one commit, over three (a
	 * change then a removal is a removal), and from a torn journal,
	 * which it ignores.
	 */
	{
		char got[1024], diffed[1024];
		int n = 0;

		assert_int_equal(sh("test -s '%s/vanthu/changes/%s'", path, c4), 0);
		assert_int_equal(sh("grep -q '^D - records/../" ID_A ".json$' "
		                    "'%s/vanthu/changes/%s'", path, c4), 0);
		changes_both(s, path, c3, c4, got, diffed);
		assert_string_equal(got, "D " ID_A "|");
		assert_string_equal(got, diffed);
		changes_both(s, path, c1, NULL, got, diffed);
		assert_string_equal(got, diffed);
		assert_non_null(strstr(got, "D " ID_A "|"));
		assert_non_null(strstr(got, "A " ID_B "|"));
		changes_both(s, path, c1, c3, got, diffed);
		assert_string_equal(got, diffed);
		/* answered from the journal: one that says otherwise is believed */
		assert_int_equal(sh("cd '%s/vanthu/changes' && cp %s keep && "
		                    "sed -i 's|^D - .*|D - records/%.2s/" ID_B ".json|' %s",
		                    path, c4, hb, c4), 0);
		changes_both(s, path, c3, c4, got, diffed);
		assert_string_equal(got, "D " ID_B "|");
		assert_string_equal(diffed, "D " ID_A "|");
		assert_int_equal(sh("cd '%s/vanthu/changes' && mv keep %s", path, c4), 0);
		/* torn: its last entry and its end cut off */
		assert_int_equal(sh("sed -i '$d' '%s/vanthu/changes/%s' && "
		                    "sed -i '$d' '%s/vanthu/changes/%s'", path, c3, path, c3), 0);
		changes_both(s, path, c1, c3, got, diffed);
		assert_string_equal(got, diffed);
		assert_non_null(strstr(got, "M " ID_A "|"));
		assert_int_equal(vt_store_changes_read(s, c1, NULL, count_record, &n), 0);
		assert_int_equal(n, 2);
	}

	/* the source, byte for byte, even after its record went */
	vt_sha256_hex(sha, SRC_A, strlen(SRC_A));
	assert_int_equal(vt_store_source(&src, &len, s, sha, NULL), 0);
	assert_int_equal(len, strlen(SRC_A));
	assert_memory_equal(src, SRC_A, len);
	free(src);
	assert_int_equal(vt_store_source(&src, &len, s, sha, c1), 0);
	free(src);
	vt_sha256_hex(sha, SRC_B, strlen(SRC_B));
	assert_int_equal(vt_store_source(&src, &len, s, sha, c1), VT_ENOTFOUND);
	assert_null(src);
	assert_int_equal(vt_store_source(&src, &len, s, "../../etc/passwd", NULL),
	                 VT_ENOTFOUND);
	cJSON_Delete(a1);
	cJSON_Delete(a2);
	cJSON_Delete(b);
	vt_store_free(s);
}

/* Many records in one run: the staging index grows, each id stays once. */
static void test_many_in_one_run(void **state)
{
	enum { N = 1000 };
	char path[512], oid[VT_OID_HEXSZ + 1], id[64], num[32];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	enum vt_change ch;
	cJSON *rec, *got = NULL;
	int i;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	for (i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "tay-ninh-2024-%d-ubnd-nc", i);
		snprintf(num, sizeof(num), "%d/UBND-NC", i);
		rec = make_record(id, num, "dispatch", "một", SRC_A);
		assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch), 0);
		assert_int_equal(ch, VT_ADDED);
		cJSON_Delete(rec);
	}
	/* again, in the same run: all already staged */
	for (i = 0; i < N; i += 7) {
		snprintf(id, sizeof(id), "tay-ninh-2024-%d-ubnd-nc", i);
		snprintf(num, sizeof(num), "%d/UBND-NC", i);
		rec = make_record(id, num, "dispatch", "một", SRC_A);
		assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch), 0);
		assert_int_equal(ch, VT_UNCHANGED);
		cJSON_Delete(rec);
	}
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	char *out = run("git --git-dir='%s' ls-tree -r --name-only HEAD records | wc -l", path);
	assert_int_equal(atoi(out), N);
	free(out);
	out = run("git --git-dir='%s' ls-tree --name-only HEAD records/ | wc -l", path);
	/* 256 shards at most, nearly all used by 1000 ids */
	assert_true(atoi(out) <= 256 && atoi(out) >= 240);
	free(out);
	out = run("git --git-dir='%s' log -1 --format=%%s", path);
	assert_string_equal(out, "ingest: 1000 added");
	free(out);
	assert_int_equal(vt_store_get(&got, s, "tay-ninh-2024-777-ubnd-nc", NULL), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "number")),
	                    "777/UBND-NC");
	cJSON_Delete(got);
	assert_fsck(path);
	vt_store_free(s);
}

/*
 * A record prepared on another thread is stored as vt_store_put() would
 * store it; one that vt_store_put() refuses cannot be prepared either.
 */
static void test_prepared_item(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_store_item *it;
	struct vt_txn *tx = NULL;
	enum vt_change ch;
	cJSON *rec, *got = NULL;
	char *a, *b;

	(void)state;
	s = new_store(path, sizeof(path));
	rec = make_record("dong-nai-2024-1345-ubnd-nc", "1345/UBND-NC", "dispatch",
	                  "về việc triển khai", SRC_A);
	assert_int_equal(vt_store_item_new(&it, rec, SRC_A, strlen(SRC_A), 0), 0);
	assert_string_equal(vt_store_item_id(it), "dong-nai-2024-1345-ubnd-nc");
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	assert_int_equal(vt_store_put_item(tx, it, &ch), 0);
	assert_int_equal(ch, VT_ADDED);
	/* the same record through vt_store_put: the same blob */
	assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), &ch), 0);
	assert_int_equal(ch, VT_UNCHANGED);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	vt_store_item_free(it);
	assert_int_equal(vt_store_get(&got, s, "dong-nai-2024-1345-ubnd-nc", NULL), 0);
	a = vt_record_canonical(got);
	b = vt_record_canonical(rec);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cJSON_Delete(got);
	assert_fsck(path);
	a = run("git --git-dir='%s' ls-tree -r --name-only HEAD | grep -c '^sources/'", path);
	assert_int_equal(atoi(a), 1);
	free(a);

	/* checked once: a record the caller vouches for is not checked again */
	cJSON_DeleteItemFromObject(rec, "schema");
	assert_int_equal(vt_store_item_new(&it, rec, NULL, 0, 0), VT_EINVALID);
	assert_null(it);
	assert_int_equal(vt_store_item_new(&it, rec, NULL, 0, VT_ITEM_VALIDATED), 0);
	vt_store_item_free(it);

	cJSON_ReplaceItemInObject(rec, "id", cJSON_CreateString("Bad Id/.."));
	assert_int_equal(vt_store_item_new(&it, rec, NULL, 0, VT_ITEM_VALIDATED), VT_EINVALID);
	assert_null(it);
	vt_store_item_free(NULL);
	cJSON_Delete(rec);
	vt_store_free(s);
}

/* Loose object files and packs under the store's objects/. */
static int count_loose(const char *path)
{
	char *out = run("find '%s/objects' -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l",
	                path);
	int n = atoi(out);

	free(out);
	return n;
}

static int count_packs(const char *path)
{
	char *out = run("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	int n = atoi(out);

	free(out);
	return n;
}

static void put_many(struct vt_txn *tx, int from, int n)
{
	char id[64], num[32], src[128];
	enum vt_change ch;
	cJSON *rec;

	for (int i = from; i < from + n; i++) {
		snprintf(id, sizeof(id), "dong-nai-2025-%d-ubnd-kt", i);
		snprintf(num, sizeof(num), "%d/UBND-KT", i);
		snprintf(src, sizeof(src), "%sSố: %d/UBND-KT\n", SRC_A, i);
		rec = make_record(id, num, "dispatch", "về việc số liệu", src);
		assert_int_equal(vt_store_put(tx, rec, src, strlen(src), &ch), 0);
		cJSON_Delete(rec);
	}
}

/* The journal keeps its newest 256 files, the one just written among them. */
static void test_journal_pruned(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	char *out;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 0, 2);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	assert_int_equal(sh("cd '%s/vanthu/changes' && for i in $(seq 300); do "
	                    "f=$(printf '%%040x' $i); echo x > $f; "
	                    "touch -d @$((1577836800 + i)) $f; done", path), 0);
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 2, 2);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	out = run("ls '%s/vanthu/changes' | grep -c '^[0-9a-f]\\{40\\}$'", path);
	assert_int_equal(atoi(out), 256);
	free(out);
	assert_int_equal(sh("test -s '%s/vanthu/changes/%s'", path, oid), 0);
	/* the oldest went, the newest stayed */
	assert_int_not_equal(sh("test -e '%s/vanthu/changes/%040x'", path, 1u), 0);
	assert_int_equal(sh("test -e '%s/vanthu/changes/%040x'", path, 300u), 0);
	vt_store_free(s);
}

/*
 * A large run lands as one pack that git reads, and what it staged can be
 * read back before the commit; a small run stays loose, as with git's
 * unpack limit, so many small ingests do not pile up packs.
 */
static void test_large_run_is_one_pack(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1];
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	cJSON *got = NULL;
	char *out;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 0, 300);
	assert_int_equal(vt_txn_get(&got, tx, "dong-nai-2025-17-ubnd-kt"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(got, "number")),
	                    "17/UBND-KT");
	cJSON_Delete(got);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	assert_int_equal(count_packs(path), 1);
	assert_int_equal(count_loose(path), 0);
	assert_fsck(path);
	/* git checks the .idx we wrote, and the texts went in as deltas */
	out = run("git --git-dir='%s' verify-pack -v '%s'/objects/pack/*.idx >/dev/null && "
	          "echo ok", path, path);
	assert_string_equal(out, "ok");
	free(out);
	out = run("git --git-dir='%s' verify-pack -s '%s'/objects/pack/*.idx | "
	          "sed -n 's/^chain length = 1: \\([0-9]*\\) objects*$/\\1/p'", path, path);
	assert_true(atoi(out) >= 500);
	free(out);
	out = run("git --git-dir='%s' ls-tree -r --name-only HEAD | grep -c '^sources/'", path);
	assert_int_equal(atoi(out), 300);
	free(out);
	out = run("git --git-dir='%s' show HEAD:records/$(git --git-dir='%s' ls-tree -r "
	          "--name-only HEAD records | head -1 | cut -d/ -f2-) | grep -c '\"number\"'",
	          path, path);
	assert_int_equal(atoi(out), 1);
	free(out);

	/* a small run: loose objects, no second pack */
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 300, 2);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	assert_int_equal(count_packs(path), 1);
	assert_true(count_loose(path) > 0);
	assert_fsck(path);
	assert_int_equal(vt_store_get(&got, s, "dong-nai-2025-301-ubnd-kt", NULL), 0);
	cJSON_Delete(got);
	assert_int_equal(vt_store_get(&got, s, "dong-nai-2025-42-ubnd-kt", NULL), 0);
	cJSON_Delete(got);
	vt_store_free(s);
}

struct walked {
	char last[128];
	int n, stop_at;
};

static int walk_check(const struct vt_store_entry *e, void *payload)
{
	struct walked *w = payload;
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(e->rec, "id"));
	cJSON *again = cJSON_ParseWithLength(e->json, e->len);

	assert_non_null(id);
	assert_true(strcmp(w->last, id) < 0);   /* id order */
	snprintf(w->last, sizeof(w->last), "%s", id);
	assert_non_null(strstr(e->path, id));
	assert_true(cJSON_Compare(again, e->rec, 1));   /* the bytes it was read from */
	cJSON_Delete(again);
	return ++w->n == w->stop_at ? 42 : 0;
}

/*
 * Enough records for the walk to read on threads: order and stops hold.
 * Each record is compared with its bytes parsed apart (walk_check), and
 * a few are far larger than the rest: records are parsed into blocks
 * that are reused, and these outgrow what a block keeps.
 */
static void test_foreach_many(void **state)
{
	char path[512], oid[VT_OID_HEXSZ + 1], id[64];
	struct walked w = { "", 0, -1 };
	struct vt_store *s;
	struct vt_txn *tx = NULL;
	size_t big = 3 << 20;
	char *subject = malloc(big + 1);
	cJSON *rec;

	(void)state;
	assert_non_null(subject);
	for (size_t i = 0; i < big; i++)
		subject[i] = "abcdefgh "[i % 9];
	subject[big] = '\0';
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 0, 700);
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof(id), "dong-nai-2025-%d-ubnd-kt", 100 + 200 * i);
		subject[i] = 'x';   /* each its own */
		rec = make_record(id, NULL, "dispatch", subject, SRC_A);
		assert_int_equal(vt_store_put(tx, rec, SRC_A, strlen(SRC_A), NULL), 0);
		cJSON_Delete(rec);
	}
	free(subject);
	assert_int_equal(vt_store_commit(tx, oid), 0);
	vt_txn_free(tx);
	assert_int_equal(vt_store_foreach(s, NULL, walk_check, &w), 0);
	assert_int_equal(w.n, 700);   /* the large ones took three ids' places */
	/* stopped early, with records read ahead and never handed over */
	memset(&w, 0, sizeof(w));
	w.stop_at = 333;
	assert_int_equal(vt_store_foreach(s, NULL, walk_check, &w), 42);
	assert_int_equal(w.n, 333);
	memset(&w, 0, sizeof(w));
	w.stop_at = 1;
	assert_int_equal(vt_store_foreach(s, oid, walk_check, &w), 42);
	assert_int_equal(w.n, 1);
	vt_store_free(s);
}

/* A run given up before its commit leaves no object behind. */
static void test_abandoned_run_leaves_nothing(void **state)
{
	char path[512];
	struct vt_store *s;
	struct vt_txn *tx = NULL;

	(void)state;
	s = new_store(path, sizeof(path));
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 0, 150);
	vt_txn_free(tx);
	assert_int_equal(count_packs(path), 0);
	assert_int_equal(count_loose(path), 0);
	/* the store still takes a run afterwards */
	assert_int_equal(vt_store_begin(&tx, s, 0), 0);
	put_many(tx, 0, 150);
	assert_int_equal(vt_store_commit(tx, NULL), 0);
	vt_txn_free(tx);
	assert_int_equal(count_packs(path), 1);
	assert_fsck(path);
	vt_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_twice_is_noop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_refuses_non_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_commit_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_makes_no_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_keeps_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_twice_in_one_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_deduplicated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_ids_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreach_and_bad_blob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreach_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_dies_with_its_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writer_not_overwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_author, setup, teardown),
		cmocka_unit_test_setup_teardown(test_datadir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_changes_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_in_one_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepared_item, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_pruned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_run_is_one_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abandoned_run_leaves_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
