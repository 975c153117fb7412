/*
 * The plugin registry and the parse pipeline, against the deliberately
 * broken plugins of tests/plugins (built into $VANTHU_BUILD/tests/plugins).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#include "vanthu/error.h"
#include "vanthu/parse.h"
#include "vanthu/record.h"
#include "vanthu/registry.h"
#include "vanthu/text.h"

static char plugin_dir[4096];

static const char *plugin_path(char *buf, size_t sz, const char *name)
{
	snprintf(buf, sz, "%s/vanthu-%s.so", plugin_dir, name);
	return buf;
}

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/vt-registry-XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return strdup(d);
}

static void rm_tmpdir(char *dir)
{
	char path[4200];
	struct dirent *de;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(unlink(path), 0);
	}
	closedir(d);
	chmod(dir, 0700);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static void write_file(const char *dir, const char *name, const void *data,
                       size_t len, mode_t mode)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* Copy a test plugin into `dir` under the same name. */
static void copy_plugin(const char *dir, const char *name)
{
	char src[4200], file[128];
	char *buf;
	size_t len;

	assert_int_equal(vt_text_read_file(&buf, &len, plugin_path(src, sizeof(src), name),
	                                   0), 0);
	snprintf(file, sizeof(file), "vanthu-%s.so", name);
	write_file(dir, file, buf, len, 0755);
	free(buf);
}

static const struct vt_plugin_failure *failure_for(const struct vt_registry *r,
                                                   const char *file)
{
	size_t i, n = vt_registry_failure_count(r);

	for (i = 0; i < n; i++) {
		const struct vt_plugin_failure *f = vt_registry_failure(r, i);
		const char *base = strrchr(f->path, '/');

		if (strcmp(base ? base + 1 : f->path, file) == 0)
			return f;
	}
	return NULL;
}

static const struct vt_plugin_info *plugin_named(const struct vt_registry *r,
                                                 const char *name)
{
	size_t i;

	for (i = 0; i < vt_registry_count(r); i++)
		if (!strcmp(vt_registry_get(r, i)->plugin->name, name))
			return vt_registry_get(r, i);
	return NULL;
}

static void assert_failure(const struct vt_registry *r, const char *file,
                           const char *reason)
{
	const struct vt_plugin_failure *f = failure_for(r, file);

	if (!f)
		fail_msg("no failure recorded for '%s'", file);
	if (!strstr(f->reason, reason))
		fail_msg("failure of '%s' is '%s', expected '%s'", file, f->reason, reason);
}

static struct vt_registry *load_test_plugins(void)
{
	struct vt_registry *r;

	assert_int_equal(vt_registry_new(&r), 0);
	assert_true(vt_registry_add_dir(r, plugin_dir) > 0);
	return r;
}

static void test_broken_plugins_skipped(void **state)
{
	struct vt_registry *r = load_test_plugins();
	static const char *const good[] = {
		"badrec", "dash-name", "failparse", "good", "nonsense", "tie", "weak"
	};
	size_t i;

	(void)state;
	/* Loaded in file name order, whatever readdir() says. */
	assert_int_equal(vt_registry_count(r), 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(vt_registry_get(r, i)->plugin->name, good[i]);
	assert_non_null(strstr(plugin_named(r, "good")->path, "/vanthu-good.so"));
	assert_null(vt_registry_get(r, 7));

	assert_int_equal(vt_registry_failure_count(r), 6);
	assert_failure(r, "vanthu-badabi.so", "wrong ABI 99 (expected 1)");
	assert_failure(r, "vanthu-badsize.so",
	               "struct vt_plugin too small: 8 bytes (expected 48)");
	assert_failure(r, "vanthu-nosym.so", "missing entry point 'vanthu_plugin_nosym'");
	assert_failure(r, "vanthu-nullcb.so", "NULL callback 'parse'");
	assert_failure(r, "vanthu-nullentry.so", "returned NULL");
	assert_failure(r, "vanthu-misname.so", "plugin name 'notice' does not match");
	assert_null(plugin_named(r, "notice"));
	assert_null(vt_registry_failure(r, 6));
	vt_registry_free(r);
}

static void test_add_file_reports(void **state)
{
	struct vt_registry *r;
	char path[4200];

	(void)state;
	assert_int_equal(vt_registry_new(&r), 0);
	plugin_path(path, sizeof(path), "badabi");
	assert_int_equal(vt_registry_add_file(r, path), VT_EPLUGIN);
	assert_non_null(strstr(vt_error_last(), path));
	assert_non_null(strstr(vt_error_last(), "wrong ABI 99 (expected 1)"));
	assert_int_equal(vt_registry_count(r), 0);
	assert_int_equal(vt_registry_failure_count(r), 1);

	/* A name that cannot be a plugin is refused before dlopen(). */
	assert_int_equal(vt_registry_add_file(r, "/tmp/libfoo.so"), VT_EPLUGIN);
	assert_failure(r, "libfoo.so", "not vanthu-<name>.so");

	/* A bare file name is a file here, not a library to search for. */
	assert_int_equal(vt_registry_add_file(r, "vanthu-nowhere.so"), VT_EPLUGIN);
	assert_non_null(strstr(failure_for(r, "vanthu-nowhere.so")->reason,
	                       "./vanthu-nowhere.so"));

	assert_int_equal(vt_registry_add_file(r, plugin_path(path, sizeof(path), "good")), 0);
	assert_int_equal(vt_registry_count(r), 1);
	assert_string_equal(vt_registry_get(r, 0)->plugin->version, "1.0.0");
	assert_string_equal(vt_registry_get(r, 0)->path, path);
	vt_registry_free(r);
	vt_registry_free(NULL);
}

static void test_garbage_file(void **state)
{
	char *dir = make_tmpdir();
	unsigned char junk[4096];
	struct vt_registry *r;
	uint32_t x = 2463534242u;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	junk[0] = 'J';   /* whatever it is, it is not ELF */
	write_file(dir, "vanthu-garbage.so", junk, sizeof(junk), 0644);
	write_file(dir, "vanthu-empty.so", "", 0, 0644);
	/* Not plugin names: never opened, never reported. */
	write_file(dir, "libjunk.so", junk, sizeof(junk), 0644);
	write_file(dir, "vanthu-junk.so.txt", junk, sizeof(junk), 0644);
	write_file(dir, ".vanthu-hidden.so", junk, sizeof(junk), 0644);
	copy_plugin(dir, "good");

	assert_int_equal(vt_registry_new(&r), 0);
	assert_int_equal(vt_registry_add_dir(r, dir), 1);
	assert_int_equal(vt_registry_count(r), 1);
	assert_string_equal(vt_registry_get(r, 0)->plugin->name, "good");
	assert_int_equal(vt_registry_failure_count(r), 2);
	/* dlerror() names the file and says what is wrong with it. */
	assert_failure(r, "vanthu-garbage.so", "vanthu-garbage.so");
	assert_failure(r, "vanthu-empty.so", "vanthu-empty.so");
	assert_true(strlen(failure_for(r, "vanthu-garbage.so")->reason) >
	            strlen(dir) + strlen("/vanthu-garbage.so"));
	vt_registry_free(r);
	rm_tmpdir(dir);
}

static void test_world_writable_refused(void **state)
{
	char *dir = make_tmpdir(), expect[4200];
	struct vt_registry *r;

	(void)state;
	copy_plugin(dir, "good");
	assert_int_equal(chmod(dir, 0777), 0);

	assert_int_equal(vt_registry_new(&r), 0);
	assert_int_equal(vt_registry_add_dir(r, dir), VT_EPLUGIN);
	assert_int_equal(vt_registry_count(r), 0);
	assert_int_equal(vt_registry_failure_count(r), 1);
	snprintf(expect, sizeof(expect), "plugin folder '%s' is writable by anyone", dir);
	assert_string_equal(vt_registry_failure(r, 0)->reason, expect);
	assert_string_equal(vt_registry_failure(r, 0)->path, dir);
	assert_non_null(strstr(vt_error_last(), expect));

	/* Group-writable is the owner's choice; only "anyone" is refused. */
	assert_int_equal(chmod(dir, 0775), 0);
	assert_int_equal(vt_registry_add_dir(r, dir), 1);
	assert_int_equal(vt_registry_count(r), 1);
	vt_registry_free(r);
	rm_tmpdir(dir);
}

static void test_missing_dir(void **state)
{
	struct vt_registry *r;

	(void)state;
	assert_int_equal(vt_registry_new(&r), 0);
	assert_int_equal(vt_registry_add_dir(r, "/nonexistent/vanthu/plugins"), 0);
	assert_int_equal(vt_registry_count(r), 0);
	assert_int_equal(vt_registry_failure_count(r), 0);
	/* A file where a folder should be is worth a message. */
	assert_true(vt_registry_add_dir(r, "/etc/passwd") < 0);
	assert_int_equal(vt_registry_failure_count(r), 1);
	vt_registry_free(r);
}

static void test_search_path_order(void **state)
{
	char *a = make_tmpdir(), *b = make_tmpdir(), *c = make_tmpdir();
	char env[16384], expect[4200];
	struct vt_registry *r;
	const struct vt_plugin_info *good, *tie;

	(void)state;
	copy_plugin(a, "good");
	copy_plugin(b, "good");
	copy_plugin(c, "good");
	copy_plugin(b, "tie");

	/* Empty items are skipped; a comes before b. */
	snprintf(env, sizeof(env), "::%s:/nonexistent::%s:", a, b);
	assert_int_equal(setenv("VANTHU_PLUGIN_PATH", env, 1), 0);
	assert_int_equal(vt_registry_new(&r), 0);
	assert_true(vt_registry_load_default(r, NULL) >= 2);
	good = plugin_named(r, "good");
	tie = plugin_named(r, "tie");
	assert_non_null(good);
	assert_non_null(tie);
	snprintf(expect, sizeof(expect), "%s/vanthu-good.so", a);
	assert_string_equal(good->path, expect);
	snprintf(expect, sizeof(expect), "%s/vanthu-tie.so", b);
	assert_string_equal(tie->path, expect);
	/* The one of a is first in the registry too. */
	assert_string_equal(vt_registry_get(r, 0)->path, good->path);
	vt_registry_free(r);

	/* --plugin-dir comes before the environment. */
	assert_int_equal(vt_registry_new(&r), 0);
	assert_true(vt_registry_load_default(r, c) >= 2);
	snprintf(expect, sizeof(expect), "%s/vanthu-good.so", c);
	assert_string_equal(plugin_named(r, "good")->path, expect);
	assert_string_equal(vt_registry_get(r, 0)->path, expect);
	/* Duplicates of a name are skipped quietly, not failures. */
	assert_null(failure_for(r, "vanthu-good.so"));
	vt_registry_free(r);

	unsetenv("VANTHU_PLUGIN_PATH");
	rm_tmpdir(a);
	rm_tmpdir(b);
	rm_tmpdir(c);
}

static struct vt_doc doc_of(const char *text, const char *path)
{
	struct vt_doc d = { text, strlen(text), path, NULL };

	return d;
}

static void test_pick(void **state)
{
	struct vt_registry *r = load_test_plugins();
	const struct vt_plugin *p;
	struct vt_doc d;
	int score;

	(void)state;
	/* nonsense says 1000 here, which counts as 0; tie loses the tie. */
	d = doc_of("this is a GOOD text", "good.txt");
	assert_int_equal(vt_registry_pick(&p, &score, r, &d), 0);
	assert_string_equal(p->name, "good");
	assert_int_equal(score, 60);

	/* Exactly the threshold is enough. */
	d = doc_of("on the EDGE", "edge.txt");
	assert_int_equal(vt_registry_pick(&p, &score, r, &d), 0);
	assert_string_equal(p->name, "weak");
	assert_int_equal(score, 50);

	/* Below it everywhere: nobody; nonsense's -7 is 0, not a winner. */
	d = doc_of("a WEAK text", "weak.txt");
	assert_int_equal(vt_registry_pick(&p, &score, r, &d), VT_EUNRECOGNISED);
	assert_null(p);
	assert_int_equal(score, 40);
	assert_string_equal(vt_error_last(), "no plugin recognises 'weak.txt'");

	d = doc_of("nothing at all", "none.txt");
	assert_int_equal(vt_registry_pick(&p, NULL, r, &d), VT_EUNRECOGNISED);
	assert_null(p);
	vt_registry_free(r);
}

static void test_pick_ties_and_empty(void **state)
{
	struct vt_registry *r;
	const struct vt_plugin *p;
	struct vt_doc d = doc_of("GOOD", "t.txt");
	char path[4200];

	(void)state;
	assert_int_equal(vt_registry_new(&r), 0);
	assert_int_equal(vt_registry_pick(&p, NULL, r, &d), VT_EUNRECOGNISED);
	assert_non_null(strstr(vt_error_last(), "no plugin recognises 't.txt'"));

	/* Loaded first, so it wins the tie although "good" sorts before it. */
	assert_int_equal(vt_registry_add_file(r, plugin_path(path, sizeof(path), "tie")), 0);
	assert_int_equal(vt_registry_add_file(r, plugin_path(path, sizeof(path), "good")), 0);
	assert_int_equal(vt_registry_pick(&p, NULL, r, &d), 0);
	assert_string_equal(p->name, "tie");
	vt_registry_free(r);
}

static void test_parse_good(void **state)
{
	static const char input[] = "Header\nthis is a GOOD document\n";
	struct vt_registry *r = load_test_plugins();
	struct vt_text *t = NULL;
	const cJSON *ref, *src;
	char hex[65];
	cJSON *rec = NULL;

	(void)state;
	assert_int_equal(vt_parse(&rec, &t, r, input, strlen(input), "in.txt"), 0);
	assert_non_null(rec);
	assert_non_null(t);
	assert_int_equal(t->orig_len, strlen(input));
	assert_int_equal(vt_record_validate(rec, t->orig_len), 0);

	assert_string_equal(cJSON_GetObjectItem(rec, "id")->valuestring,
	                    "tay-ninh-2024-5-ubnd-nc");
	assert_string_equal(cJSON_GetObjectItem(rec, "type")->valuestring, "dispatch");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(rec, "issuer")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rec, "tasks")), 0);
	src = cJSON_GetObjectItem(rec, "source");
	vt_sha256_hex(hex, input, strlen(input));
	assert_string_equal(cJSON_GetObjectItem(src, "sha256")->valuestring, hex);
	assert_int_equal(cJSON_GetObjectItem(src, "bytes")->valuedouble, strlen(input));
	assert_string_equal(cJSON_GetObjectItem(src, "plugin")->valuestring, "good");
	assert_string_equal(cJSON_GetObjectItem(src, "plugin_version")->valuestring, "1.0.0");
	ref = cJSON_GetArrayItem(cJSON_GetObjectItem(rec, "references"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ref, "verb")));
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(ref, "span"), 0)->valueint,
	                 strstr(input, "GOOD") - input);
	cJSON_Delete(rec);
	vt_text_free(t);

	/* Without text_out the text is freed for us. */
	assert_int_equal(vt_parse(&rec, NULL, r, input, strlen(input), NULL), 0);
	cJSON_Delete(rec);
	vt_registry_free(r);
}

static void test_parse_failures(void **state)
{
	static const char bad_utf8[] = "GOOD \xc3\x28 text";
	struct vt_registry *r = load_test_plugins();
	struct vt_text *t = (struct vt_text *)&t;
	const char *msg;
	cJSON *rec = (cJSON *)&rec;

	(void)state;
	assert_int_equal(vt_parse(&rec, &t, r, "FAILPARSE me", 12, "f.txt"), VT_EPLUGIN);
	assert_null(rec);
	assert_null(t);
	msg = vt_error_last();
	assert_true(strncmp(msg, "plugin 'failparse' failed on 'f.txt': boomxxx", 45) == 0);
	/* The unterminated buffer was cut at its size, not read past. */
	assert_true(strlen(msg) < 45 + 256);

	assert_int_equal(vt_parse(&rec, &t, r, "BADREC here", 11, "b.txt"), VT_EPLUGIN);
	assert_null(rec);
	assert_string_equal(vt_error_last(),
	                    "plugin 'badrec' made an invalid record from 'b.txt': record "
	                    "field 'tasks[0].deadlines[0]' is not a date: '2024-13-40'");

	assert_int_equal(vt_parse(&rec, &t, r, "nothing", 7, "n.txt"), VT_EUNRECOGNISED);
	assert_null(rec);
	assert_string_equal(vt_error_last(), "no plugin recognises 'n.txt'");

	assert_int_equal(vt_parse(&rec, &t, r, bad_utf8, strlen(bad_utf8), "u.txt"),
	                 VT_EINVALID);
	assert_null(rec);
	assert_null(t);
	assert_int_equal(vt_parse(&rec, &t, r, "", 0, "e.txt"), VT_EINVALID);
	assert_int_equal(vt_parse(NULL, NULL, r, "GOOD", 4, "x"), VT_EUSAGE);
	vt_registry_free(r);
}

/* build/tests/test_registry finds build/tests/plugins from any folder. */
static int beside_exe(void)
{
	char exe[4000];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	char *slash;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	snprintf(plugin_dir, sizeof(plugin_dir), "%s/plugins", exe);
	return stat(plugin_dir, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(void)
{
	const char *b = getenv("VANTHU_BUILD");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_plugins_skipped),
		cmocka_unit_test(test_add_file_reports),
		cmocka_unit_test(test_garbage_file),
		cmocka_unit_test(test_world_writable_refused),
		cmocka_unit_test(test_missing_dir),
		cmocka_unit_test(test_search_path_order),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_pick_ties_and_empty),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_failures),
	};

	if (b && *b)
		snprintf(plugin_dir, sizeof(plugin_dir), "%s/tests/plugins", b);
	else if (!beside_exe())
		snprintf(plugin_dir, sizeof(plugin_dir), "build/tests/plugins");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
