/*
 * vanthu ingest: parse documents and commit their records, one commit for
 * the whole run.  A file that fails is reported and left out; the others
 * are still committed and the status is 1.
 */
#include <errno.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/parse.h"
#include "vanthu/text.h"
#include "cli.h"

const char cli_usage_ingest[] =
	"usage: vanthu ingest FILE|DIR...\n"
	"\n"
	"Parse each FILE (\"-\" for standard input), and every *.txt file under each\n"
	"DIR (recursively, in sorted order), and commit the records to the store in\n"
	"one commit.  Unchanged documents make no commit.  For each file one line:\n"
	"\n"
	"  added|changed|unchanged ID NUMBER <- PATH\n"
	"\n"
	"  -h, --help  print this help\n"
	"\n"
	"A file that cannot be parsed is reported on stderr and nothing of it is\n"
	"stored; the others are committed and the exit status is 1.\n";

#define PROGRESS_EVERY 1000

/* The identity index of the run: which document a text is a version of. */
static struct vt_ident *ident;

struct paths {
	char **v;
	size_t n, alloc;
};

static int paths_push(struct paths *p, const char *s)
{
	char *dup;

	if (p->n == p->alloc) {
		size_t alloc = p->alloc ? p->alloc * 2 : 64;
		char **v = realloc(p->v, alloc * sizeof(*v));

		if (!v)
			return vt_error_oom();
		p->v = v;
		p->alloc = alloc;
	}
	if (!(dup = strdup(s)))
		return vt_error_oom();
	p->v[p->n++] = dup;
	return 0;
}

static void paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_txt_suffix(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".txt");
}

#define MAX_DEPTH 64

static int join(char **out, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (asprintf(out, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name) < 0)
		return vt_error_oom();
	return 0;
}

/*
 * Every *.txt file under `dir`.  The folder named on the command line is
 * followed even when it is a symbolic link; links to folders below it are
 * not, so a link loop cannot trap the walk.  Links to files count.
 */
static int walk(struct paths *out, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > MAX_DEPTH)
		return vt_error_set(VT_EINVALID, "folders nested too deep under '%s'", dir);
	if (!(d = opendir(dir)))
		return vt_error_set(VT_EIO, "cannot read folder '%s': %s", dir,
		                    strerror(errno));
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if ((rc = join(&path, dir, e->d_name)) < 0)
			break;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(out, path, depth + 1);
		else if (has_txt_suffix(path) && stat(path, &st) == 0 &&
		         S_ISREG(st.st_mode))
			rc = paths_push(out, path);
		free(path);
	}
	closedir(d);
	return rc;
}

static int collect_dir(struct paths *out, const char *dir)
{
	size_t first = out->n;
	int rc = walk(out, dir, 0);

	if (rc < 0)
		return rc;
	qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_path);
	return 0;
}

static int collect(struct paths *out, int argc, char **argv)
{
	struct stat st;
	int rc;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") && stat(argv[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			rc = collect_dir(out, argv[i]);
		else
			rc = paths_push(out, argv[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

struct counts {
	size_t added, changed, unchanged, failed;
};

static const char *change_name(enum vt_change c)
{
	switch (c) {
	case VT_ADDED: return "added";
	case VT_CHANGED: return "changed";
	default: return "unchanged";
	}
}

static int ingest_one(struct vt_txn *tx, const struct vt_registry *r,
                      const char *path, struct counts *n)
{
	char *bytes = NULL;
	size_t len = 0;
	cJSON *rec = NULL;
	struct vt_text *text = NULL;
	enum vt_change change = VT_UNCHANGED;
	const char *id, *number;
	char sha[65];
	int rc;

	if ((rc = vt_text_read_file(&bytes, &len, path, 0)) < 0)
		goto out;
	/* The same text as the record held: no need to parse it again. */
	vt_sha256_hex(sha, bytes, len);
	if (vt_ident_seen(ident, sha, &rec) == 1)
		goto report;
	if ((rc = vt_parse(&rec, &text, r, bytes, len, path)) < 0)
		goto out;
	/* The store keeps the text as kept (its UTF-8 form), which spans
	 * point into; the input bytes when they were UTF-8 already. */
	if ((rc = vt_ident_assign(ident, rec, NULL)) < 0 ||
	    (rc = vt_store_put(tx, rec, text->orig, text->orig_len, &change)) < 0 ||
	    (rc = vt_ident_note(ident, rec)) < 0)
		goto out;
report:
	id = cli_json_str(rec, "id");
	number = cli_json_str(rec, "number");
	printf("%s %s %s <- %s\n", change_name(change), id ? id : "?",
	       number ? number : "(draft)", path);
	if (change == VT_ADDED)
		n->added++;
	else if (change == VT_CHANGED)
		n->changed++;
	else
		n->unchanged++;
out:
	if (rc < 0) {
		cli_fail(rc, "cannot ingest '%s'", path);
		n->failed++;
	}
	vt_text_free(text);
	cJSON_Delete(rec);
	free(bytes);
	return rc;
}

static void progress(size_t done, size_t total, int last)
{
	if (!last && done % PROGRESS_EVERY)
		return;
	fflush(stdout);
	fprintf(stderr, "vanthu: %zu of %zu files%s", done, total, last ? "\n" : "\r");
}

int cmd_ingest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct paths files = { 0 };
	struct vt_store *s = NULL;
	struct vt_registry *r = NULL;
	struct vt_txn *tx = NULL;
	struct counts n = { 0 };
	char oid[VT_OID_HEXSZ + 1] = "";
	int c, rc, status = CLI_OK, nstdin = 0, tty;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		if (c == 'h')
			return cli_help(cli);
		return CLI_USAGE;
	}
	if (optind >= argc)
		return cli_usage_error(cli, "'ingest' needs at least one FILE or DIR");
	for (int i = optind; i < argc; i++)
		nstdin += !strcmp(argv[i], "-");
	if (nstdin > 1)
		return cli_usage_error(cli, "standard input ('-') can be read only once");

	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((rc = collect(&files, argc - optind, argv + optind)) < 0) {
		status = cli_fail(rc, NULL);
		goto done;
	}
	if ((status = cli_load_registry(cli, &r, 0)) != CLI_OK)
		goto done;
	if ((rc = vt_store_begin(&tx, s, -1)) < 0) {
		status = cli_fail(rc, "cannot write to store '%s'", cli->store_path);
		goto done;
	}
	if ((rc = vt_ident_load(&ident, tx)) < 0) {
		status = cli_fail(rc, "cannot read the identity index");
		goto done;
	}

	tty = isatty(2) && files.n >= PROGRESS_EVERY;
	for (size_t i = 0; i < files.n; i++) {
		ingest_one(tx, r, files.v[i], &n);
		if (tty)
			progress(i + 1, files.n, i + 1 == files.n);
	}

	/* The commit releases the lock; vt_txn_free() below frees the run. */
	rc = vt_ident_save(ident, tx);
	if (rc == 0)
		rc = vt_store_commit(tx, oid);
	if (rc < 0) {
		status = cli_fail(rc, "cannot commit to store '%s'", cli->store_path);
		goto done;
	}
	if (oid[0])
		printf("committed %.7s: %zu added, %zu changed\n", oid, n.added, n.changed);
	else
		printf("nothing to commit\n");
	status = n.failed ? CLI_FAIL : CLI_OK;
done:
	vt_ident_free(ident);
	ident = NULL;
	vt_txn_free(tx);
	vt_registry_free(r);
	vt_store_free(s);
	paths_free(&files);
	return cli_finish_output(status);
}
