/*
 * vanthu ingest: parse documents and commit their records, one commit for
 * the whole run.  A file that fails is reported and left out; the others
 * are still committed and the status is 1.
 */
#include <errno.h>
#include <pthread.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "vanthu/parse.h"
#include "vanthu/pipeline.h"
#include "vanthu/text.h"
#include "cli.h"

const char cli_usage_ingest[] =
	"usage: vanthu ingest [-j N] FILE|DIR...\n"
	"\n"
	"Parse each FILE (\"-\" for standard input), and every *.txt file under each\n"
	"DIR (recursively, in sorted order), and commit the records to the store in\n"
	"one commit.  Unchanged documents make no commit.  For each file one line:\n"
	"\n"
	"  added|changed|unchanged ID NUMBER <- PATH\n"
	"\n"
	"  -j, --jobs N  parse on N threads (default: one per core)\n"
	"  -h, --help    print this help\n"
	"\n"
	"A file that cannot be parsed is reported on stderr and nothing of it is\n"
	"stored; the others are committed and the exit status is 1.\n";

#define PROGRESS_EVERY 1000
#define MAX_JOBS 64

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

/*
 * One file of the run.  Parsing threads fill it in (read, hash, parse);
 * the main thread stores it, in the order of the files, so the output and
 * the commit are those of a run on one thread (vanthu/pipeline.h).
 */
struct job {
	const char *path;
	char *bytes;
	size_t len;
	char sha[65];
	int known;               /* the text was held: parse left to the store step */
	cJSON *rec;
	struct vt_text *text;
	struct vt_store_item *item; /* rec made ready to store, as parsed */
	int rc;
	char *msg;               /* the error message of a failed step */
};

struct pool {
	pthread_mutex_t mu;      /* guards `ident` */
	struct job *jobs;        /* a ring of `window` */
	size_t window;
	const struct paths *files;
	const struct vt_registry *r;
	struct vt_txn *tx;
	struct counts *n;
	int tty;
};

static void job_clear(struct job *j)
{
	vt_store_item_free(j->item);
	vt_text_free(j->text);
	cJSON_Delete(j->rec);
	free(j->bytes);
	free(j->msg);
	memset(j, 0, sizeof(*j));
}

/*
 * On a parsing thread.  The slot's last file is freed here, on the thread
 * that allocates the next one: frees from the main thread fought the
 * parsers for their malloc arena's lock.
 */
static void prepare(void *ctx, size_t i, int thread)
{
	struct pool *p = ctx;
	struct job *j = &p->jobs[i % p->window];

	(void)thread;
	job_clear(j);
	j->path = p->files->v[i];
	if ((j->rc = vt_text_read_file(&j->bytes, &j->len, j->path, 0)) < 0)
		goto fail;
	vt_sha256_hex(j->sha, j->bytes, j->len);
	pthread_mutex_lock(&p->mu);
	j->known = vt_ident_known(ident, j->sha);
	pthread_mutex_unlock(&p->mu);
	if (!j->known && (j->rc = vt_parse(&j->rec, &j->text, p->r, j->bytes, j->len,
	                                   j->path)) < 0)
		goto fail;
	/* Canonical JSON and hashing here, off the store's thread (vt_parse()
	 * has checked the record); should it fail, vt_store_put() says why. */
	if (j->rec && vt_store_item_new(&j->item, j->rec, j->text->orig,
	                                j->text->orig_len, VT_ITEM_VALIDATED) < 0)
		vt_error_clear();
	return;
fail:
	j->msg = strdup(vt_error_last());
}

static int store_one(struct vt_txn *tx, struct pool *p, struct job *j, struct counts *n)
{
	enum vt_change change = VT_UNCHANGED;
	const char *id, *number;
	cJSON *unfit = NULL;
	int rc = j->rc, seen;

	if (rc < 0) {
		vt_error_set(rc, "%s", j->msg ? j->msg : "out of memory");
		goto out;
	}
	/* The same text as the record held: no need to parse it again.  The
	 * lock: the parsers read what this may update. */
	pthread_mutex_lock(&p->mu);
	seen = vt_ident_seen(ident, j->sha, &id, &number);
	pthread_mutex_unlock(&p->mu);
	if (seen == 1)
		goto report;
	if (!j->rec && (rc = vt_parse(&j->rec, &j->text, p->r, j->bytes, j->len,
	                              j->path)) < 0)
		goto out;
	/* The store keeps the text as kept (its UTF-8 form), which spans
	 * point into; the input bytes when they were UTF-8 already. */
	if ((rc = vt_ident_assign(ident, j->rec, NULL)) < 0 ||
	    (rc = vt_corrections_reapply(j->rec, tx, &unfit)) < 0)
		goto out;
	cli_warn_unfit(unfit, cli_json_str(j->rec, "id"));
	/* The prepared item holds, unless a correction or the identity of an
	 * earlier version changed the record since. */
	if (j->item && rc == 0 && !strcmp(vt_store_item_id(j->item), cli_json_str(j->rec, "id")))
		rc = vt_store_put_item(tx, j->item, &change);
	else
		rc = vt_store_put(tx, j->rec, j->text->orig, j->text->orig_len, &change);
	if (rc < 0)
		goto out;
	pthread_mutex_lock(&p->mu);
	rc = vt_ident_note(ident, j->rec);
	pthread_mutex_unlock(&p->mu);
	if (rc < 0)
		goto out;
	id = cli_json_str(j->rec, "id");
	number = cli_json_str(j->rec, "number");
report:
	printf("%s %s %s <- %s\n", change_name(change), id ? id : "?",
	       number ? number : "(draft)", j->path);
	if (change == VT_ADDED)
		n->added++;
	else if (change == VT_CHANGED)
		n->changed++;
	else
		n->unchanged++;
out:
	if (rc < 0) {
		cli_fail(rc, "cannot ingest '%s'", j->path);
		n->failed++;
	}
	cJSON_Delete(unfit);
	return rc;
}

static void progress(size_t done, size_t total, int last)
{
	if (!last && done % PROGRESS_EVERY)
		return;
	fflush(stdout);
	fprintf(stderr, "vanthu: %zu of %zu files%s", done, total, last ? "\n" : "\r");
}

static int finish(void *ctx, size_t i)
{
	struct pool *p = ctx;

	store_one(p->tx, p, &p->jobs[i % p->window], p->n);
	if (p->tty)
		progress(i + 1, p->files->n, i + 1 == p->files->n);
	return 0;   /* a file that fails is reported; the run goes on */
}

/* Every file, parsed on `jobs` threads and stored here in order. */
static int run(struct vt_txn *tx, const struct vt_registry *r, struct paths *files,
               int jobs, struct counts *n)
{
	struct pool p = { .window = 4 * (size_t)jobs, .files = files, .r = r, .tx = tx,
	                  .n = n, .tty = isatty(2) && files->n >= PROGRESS_EVERY };
	int rc;

	if (!(p.jobs = calloc(p.window, sizeof(*p.jobs))))
		return vt_error_oom();
	pthread_mutex_init(&p.mu, NULL);
	rc = vt_pipeline_run(files->n, jobs, p.window, prepare, finish, &p);
	for (size_t i = 0; i < p.window; i++)
		job_clear(&p.jobs[i]);
	pthread_mutex_destroy(&p.mu);
	free(p.jobs);
	return rc;
}

int cmd_ingest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct paths files = { 0 };
	struct vt_store *s = NULL;
	struct vt_registry *r = NULL;
	struct vt_txn *tx = NULL;
	struct counts n = { 0 };
	char oid[VT_OID_HEXSZ + 1] = "";
	int c, rc, status = CLI_OK, nstdin = 0, jobs = vt_pipeline_cores(MAX_JOBS);

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "j:h", opts)) != -1) {
		if (c == 'h')
			return cli_help(cli);
		if (c == 'j' && (cli_parse_uint(&jobs, optarg, MAX_JOBS) < 0 || !jobs))
			return cli_usage_error(cli, "'--jobs' needs a number from 1 to %d, "
			                       "not '%s'", MAX_JOBS, optarg);
		if (c != 'j')
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

	if ((rc = run(tx, r, &files, jobs, &n)) < 0) {
		status = cli_fail(rc, NULL);
		goto done;
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
